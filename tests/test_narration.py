"""Narration beats with the joe voice: speech, word times, cues, bookmarks and the cache.

Synthesis runs with every socket blocked (no network), into a cache folder of this
module; the beats are synthesised once and shared. Word times are checked against
the audio itself (speech where a word is said, silence in the pauses), which is
independent of the phoneme durations they were computed from.
"""

from __future__ import annotations

import itertools
import json
import re
import socket
import subprocess
import sys
import wave
from dataclasses import replace
from pathlib import Path

import numpy as np
import pytest
from voicetools import NetworkBlocked, offline

from whyl1 import narration, voice
from whyl1.captions import MIN_SILENT_CUE, caption_problems
from whyl1.speech import UnspeakableText, verbalise

pytestmark = pytest.mark.skipif(
    not voice.voice_available(), reason="the voice extra is not installed"
)

BEATS = [
    "Why? Look at the gradients. sign(w) keeps its full size all the way down to 0, so "
    "L1's steps never shrink. The gradient w fades with the weight, so L2's steps shrink "
    "with it, and zero stays out of reach.",
    "The disk is touched first, at a point off both axes. The diamond is touched at a "
    "corner: a corner lies on an axis, so one weight is exactly 0.",
    "Now shrink one coordinate by δ. The L1 norm falls by δ whichever coordinate you "
    "shrink. The squared L2 norm falls by 2δ − δ² for the large one, but only 2εδ − δ² "
    "for the small one.",
]


@pytest.fixture(scope="module")
def joe() -> voice.VoiceSpec:
    spec = voice.resolve_voice("joe")
    assert spec is not None
    return spec


@pytest.fixture(scope="module")
def cache(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("whyl1-cache")


@pytest.fixture(scope="module")
def beats(joe, cache) -> list[narration.PreparedBeat]:
    with offline():
        return [narration.prepare_beat(text, joe, cache_dir=cache) for text in BEATS]


def test_the_network_is_really_blocked_while_synthesising():
    with offline(), pytest.raises(NetworkBlocked):
        socket.create_connection(("127.0.0.1", 9), timeout=1)


def clip_samples(beat: narration.PreparedBeat) -> tuple[np.ndarray, int]:
    assert beat.clip is not None
    with wave.open(str(beat.clip), "rb") as clip:
        assert (clip.getnchannels(), clip.getsampwidth()) == (1, 2)
        frames = clip.readframes(clip.getnframes())
        return np.frombuffer(frames, dtype="<i2") / 32768.0, clip.getframerate()


def test_each_beat_is_said_word_by_word(beats):
    for beat in beats:
        samples, rate = clip_samples(beat)
        assert rate == 22050  # joe's own rate; the soundtrack resamples to 48 kHz
        assert beat.duration >= len(samples) / rate
        assert [w.text for w in beat.words] == list(verbalise(beat.caption).spoken_words)
        for word in beat.words:
            assert 0 <= word.start < word.end <= len(samples) / rate
        starts = [w.start for w in beat.words]
        assert starts == sorted(starts)
        assert all(a.end <= b.start + 1e-9 for a, b in itertools.pairwise(beat.words))


def levels(samples: np.ndarray, rate: int, start: float, end: float) -> np.ndarray:
    """RMS level (dB below the clip's loudest 10 ms) of each 10 ms window in [start, end)."""
    window = rate // 100
    count = len(samples) // window
    rms = np.sqrt(np.mean(samples[: count * window].reshape(count, window) ** 2, axis=1))
    decibels = 20 * np.log10(np.maximum(rms, 1e-9) / rms.max())
    return decibels[int(start * 100) : max(int(end * 100), int(start * 100) + 1)]


def test_word_times_agree_with_the_sound(beats):
    """Each word's span holds speech; the pause at a full stop, and the time before the
    first word and after the last, hold (near) silence: the times are not shifted."""
    for beat in beats:
        samples, rate = clip_samples(beat)
        for word in beat.words:
            assert levels(samples, rate, word.start, word.end).max() > -25, word
        for before, after in itertools.pairwise(beat.words):
            if before.text.endswith((".", "?")):
                pause = levels(samples, rate, before.end + 0.03, after.start - 0.03)
                assert pause.min() < -40, (before, after)
        assert levels(samples, rate, 0, beat.words[0].start - 0.02).max() < -30
        assert levels(samples, rate, beat.words[-1].end + 0.05, len(samples) / rate).max() < -30


def test_joe_speaks_at_a_lecture_pace(beats):
    words = sum(len(b.words) for b in beats)
    seconds = sum(b.duration for b in beats)
    assert 140 <= words / seconds * 60 <= 185  # about 150–170 words a minute over many beats


def test_cues_keep_the_rules_and_start_at_their_first_word(beats):
    for beat in beats:
        assert caption_problems(beat.cues) == []
        assert beat.cues[-1].end <= beat.duration
        said, shown = beat.verbalised, 0
        for cue in beat.cues:
            first_caption_word = shown
            shown += len(" ".join(cue.lines).split(" "))
            first_spoken = said.spoken_range(first_caption_word).start
            assert abs(cue.start - beat.words[first_spoken].start) <= 0.15
        assert shown == len(said.caption_words)


def test_bookmarks_find_a_phrase_as_written_or_as_said(beats):
    diamond = beats[1]
    exactly = next(w for w in diamond.words if w.text == "exactly")
    assert diamond.time_of("exactly 0") == diamond.time_of("exactly zero") == exactly.start
    assert diamond.span_of("exactly 0")[1] == diamond.words[-1].end  # "zero." is the last word
    assert diamond.time_of("is touched", occurrence=2) > diamond.time_of("is touched")
    assert beats[2].time_of("2δ − δ²") == beats[2].time_of("two delta minus delta squared")
    with pytest.raises(LookupError, match="does not say 'a square'"):
        diamond.time_of("a square")
    with pytest.raises(LookupError, match="3 times"):
        diamond.time_of("is touched", occurrence=3)


def test_a_silent_beat_is_timed_by_reading_speed():
    beat = narration.prepare_beat(BEATS[1], None)
    assert beat.clip is None
    assert caption_problems(beat.cues, min_duration=MIN_SILENT_CUE) == []
    reading = [(len(" ".join(c.lines)) + 1) / 15.0 for c in beat.cues]  # 15 characters/s
    assert beat.duration == pytest.approx(sum(max(r, MIN_SILENT_CUE) for r in reading))
    assert 0 < beat.time_of("exactly 0") < beat.duration


# --- the cache -----------------------------------------------------------------------


class CountingSynthesis:
    """``voice.synthesize`` wrapped to count its calls."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.real = voice.synthesize

    def __call__(self, words, spec, **kwargs):
        self.calls.append(" ".join(words))
        return self.real(words, spec, **kwargs)


def test_editing_one_beat_synthesises_that_beat_alone(joe, tmp_path, monkeypatch):
    counting = CountingSynthesis()
    monkeypatch.setattr(voice, "synthesize", counting)
    script = ["Zoom in.", "L1 lands on 0.", "L2 does not."]
    with offline():
        first = [narration.prepare_beat(text, joe, cache_dir=tmp_path) for text in script]
        assert len(counting.calls) == 3
        again = [narration.prepare_beat(text, joe, cache_dir=tmp_path) for text in script]
        assert len(counting.calls) == 3  # all from the cache
        assert [b.words for b in again] == [b.words for b in first]
        script[1] = "L1 lands on exactly 0."
        [narration.prepare_beat(text, joe, cache_dir=tmp_path) for text in script]
    assert counting.calls[3:] == ["L one lands on exactly zero."]
    assert len(list((tmp_path / "speech").iterdir())) == 4  # and no temporary folder left


def test_another_voice_or_setting_gives_other_keys(joe, tmp_path):
    words = verbalise("L1 lands on exactly 0.").spoken_words
    key = narration.speech_key(words, joe)
    assert narration.speech_key(words, joe) == key
    assert narration.speech_key(words, replace(joe, length_scale=1.0)) != key
    assert narration.speech_key(verbalise("L1 lands on 0.").spoken_words, joe) != key
    # the same voice with one byte of its model changed is another voice
    changed = tmp_path / "changed.onnx"
    changed.write_bytes(joe.model.read_bytes() + b"\0")
    assert narration.speech_key(words, replace(joe, model=changed)) != key
    assert replace(joe, model=changed).identity() != joe.identity()


def test_synthesis_is_reproducible_with_its_seed(joe, cache):
    words = ("Zoom", "in,", "and", "look.")
    with offline():
        first = voice.synthesize(words, joe, seed=7, cache_dir=cache)
        voice.synthesize(("something", "else."), joe, seed=9, cache_dir=cache)
        again = voice.synthesize(words, joe, seed=7, cache_dir=cache)
        other = voice.synthesize(words, joe, seed=8, cache_dir=cache)
    assert np.array_equal(first.samples, again.samples) and first.word_times == again.word_times
    assert not np.array_equal(
        first.samples[: len(other.samples)], other.samples[: len(first.samples)]
    )


def test_two_processes_saying_one_beat_leave_one_whole_entry(joe, tmp_path):
    program = (
        "import sys; from pathlib import Path; from whyl1 import narration, voice; "
        "beat = narration.prepare_beat('Two at once.', voice.resolve_voice('joe'), "
        "cache_dir=Path(sys.argv[1])); print(beat.clip)"
    )
    runs = [
        subprocess.Popen([sys.executable, "-c", program, str(tmp_path)], stdout=subprocess.PIPE)
        for _ in range(2)
    ]
    clips = {run.communicate()[0].decode().strip() for run in runs}
    assert all(run.returncode == 0 for run in runs)
    assert len(clips) == 1
    (entry,) = (tmp_path / "speech").iterdir()
    record = json.loads((entry / "words.json").read_text())
    assert record["words"] == ["Two", "at", "once."]
    with wave.open(str(entry / "speech.wav")) as clip:
        assert clip.getnframes() / clip.getframerate() >= record["times"][-1][1]


def test_the_voice_is_patched_for_phoneme_durations_once(joe, cache, beats):
    patched = cache / "voices" / f"{joe.model_hash()}.onnx"
    assert patched.is_file()
    before = patched.stat().st_mtime_ns
    assert voice.aligned_model(joe, cache) == patched
    assert patched.stat().st_mtime_ns == before


def test_another_cache_gets_its_own_patched_voice(joe, cache, beats, tmp_path):
    """The engine loaded for one cache folder (the module's, by ``beats``) does not serve
    another: its patched model is a file of that folder."""
    with offline():
        voice.synthesize(("Again.",), joe, seed=3, cache_dir=tmp_path)
    assert (tmp_path / "voices" / f"{joe.model_hash()}.onnx").is_file()


# --- choosing a voice ----------------------------------------------------------------


def test_voice_names_and_paths(tmp_path, joe):
    assert voice.resolve_voice("none") is None
    assert joe.name == "joe" and joe.length_scale == voice.JOE_LENGTH_SCALE
    model = tmp_path / "mine.onnx"
    model.write_bytes(b"not a model")
    with pytest.raises(voice.VoiceError, match=re.escape("config mine.onnx.json is not beside it")):
        voice.resolve_voice(str(model))
    (tmp_path / "mine.onnx.json").write_text("{}")
    assert voice.resolve_voice(str(model)) == voice.VoiceSpec(
        "mine", model, tmp_path / "mine.onnx.json"
    )
    with pytest.raises(voice.VoiceError, match="no such file"):
        voice.resolve_voice(str(tmp_path / "missing.onnx"))
    with pytest.raises(voice.VoiceError, match="use joe, none, or the path"):
        voice.resolve_voice("bob")


def test_unverbalised_text_never_reaches_the_engine(joe, cache):
    with pytest.raises(UnspeakableText, match="cannot say 'η'"):
        voice.synthesize(("η", "=", "0.5"), joe, seed=1, cache_dir=cache)


def test_only_the_voice_module_imports_piper():
    root = Path(__file__).resolve().parent.parent
    importers = {
        str(path.relative_to(root))
        for folder in ("whyl1", "scenes", "figures", "scripts")
        for path in (root / folder).rglob("*.py")
        if any(
            line.strip().startswith(("import piper", "from piper"))
            for line in path.read_text().splitlines()
        )
    }
    assert importers == {"whyl1/voice.py"}
    # and the narration core does not load it until a beat is said
    program = (
        "import sys; import whyl1.narration, whyl1.captions, whyl1.soundtrack, whyl1.voice; "
        "print(any(m == 'piper' or m.startswith('piper.') for m in sys.modules))"
    )
    assert subprocess.run([sys.executable, "-c", program], capture_output=True, text=True,
                          check=True).stdout.strip() == "False"  # fmt: skip


# --- phoneme durations to word times, on made-up alignments --------------------------


def alignment(*groups: str, samples: int = 100) -> list[tuple[str, int]]:
    """Piper-like alignment: sentence start, groups of phonemes split by spaces, end."""
    phonemes = ["^", "_"]
    for index, group in enumerate(groups):
        phonemes += ([" "] if index else []) + list(group)
    return [(p, samples) for p in [*phonemes, "$"]]


def test_words_run_together_by_espeak_are_shared_out_by_their_sizes():
    # "of the corner": espeak says "ʌvðə kɔːɹnɚ", two groups for three words
    times = voice.word_times([2, 2, 6], alignment("ʌvðə", "kˈɔːɹnɚ"), sample_rate=100)
    (of_start, of_end), (the_start, the_end), (corner_start, corner_end) = times
    assert of_start == 2.0  # after "^" and "_"
    assert of_end == the_start == 4.0  # ʌ v | ð ə: four sounds split 2 + 2
    assert the_end == 6.0
    assert corner_start == 7.0  # after the space
    assert corner_end == 14.0  # k ɔ ɹ n ɚ: the stress and length marks are not sounds


def test_a_word_said_as_two_groups_spans_both():
    times = voice.word_times([5, 3], alignment("ʃɹ", "ɪŋk", "ðə"), sample_rate=100)
    assert times == [(2.0, 8.0), (9.0, 11.0)]


def test_no_phonemes_is_an_error():
    with pytest.raises(voice.VoiceError):
        voice.word_times([2], [("^", 10), ("$", 10)], sample_rate=100)

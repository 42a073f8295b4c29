"""The narration soundtrack: placing clips, loudness and peaks, muxing into MP4 and WebM.

Measurements are made on what a viewer gets: the muxed file is decoded back and
its audio measured (duration, BS.1770 loudness, peak, speech present). Loudness
is first checked against the standard's own reference, a sine tone.
"""

from __future__ import annotations

import wave
from pathlib import Path

import av
import numpy as np
import pytest
from voicetools import offline, silent_video

from whyl1 import narration, voice
from whyl1.soundtrack import (
    PEAK_LIMIT,
    SAMPLE_RATE,
    TARGET_LOUDNESS,
    Placement,
    audio_stats,
    decode_audio,
    loudness,
    mux_narration,
    narration_track,
    normalise,
    peak_dbfs,
    resample,
    voiced_fraction,
)

GAP = 0.2  # seconds between beats in the test track


def write_wav(path: Path, samples: np.ndarray, rate: int = 22050) -> Path:
    with wave.open(str(path), "wb") as out:
        out.setnchannels(1)
        out.setsampwidth(2)
        out.setframerate(rate)
        out.writeframes((np.clip(samples, -1, 1) * 32767).astype("<i2").tobytes())
    return path


def sine(frequency: float, seconds: float, amplitude: float, rate: int) -> np.ndarray:
    return amplitude * np.sin(2 * np.pi * frequency * np.arange(round(seconds * rate)) / rate)


# --- loudness, peaks and resampling on known signals ---------------------------------


def test_loudness_of_a_sine_matches_bs1770():
    # BS.1770: a 997 Hz sine of peak amplitude A in one channel measures 20·log10(A) − 3.01.
    for amplitude in (1.0, 0.1):
        measured = loudness(sine(997, 5.0, amplitude, SAMPLE_RATE))
        assert measured == pytest.approx(20 * np.log10(amplitude) - 3.01, abs=0.05)


def test_normalise_reaches_the_target_with_peaks_under_the_limit():
    rng = np.random.default_rng(5)
    # speech-like: bursts of noise with sharp clicks, quiet gaps between them
    signal = np.zeros(10 * SAMPLE_RATE)
    for start in range(0, len(signal) - SAMPLE_RATE, SAMPLE_RATE):
        signal[start : start + SAMPLE_RATE // 2] = 0.05 * rng.standard_normal(SAMPLE_RATE // 2)
        signal[start + 100] = 0.9  # a peak 25 dB above the burst's level
    out = normalise(signal)
    assert loudness(out) == pytest.approx(TARGET_LOUDNESS, abs=0.2)
    assert peak_dbfs(out) <= -2.0 + 1e-9
    # the limiter only lowers: where the gain applies to the burst alone, it is a plain gain
    quiet = slice(SAMPLE_RATE // 4, SAMPLE_RATE // 2)
    gain = out[quiet] / signal[quiet]
    assert np.allclose(gain, gain[0])


def test_resampling_keeps_pitch_and_length():
    tone = sine(440, 1.0, 0.5, 22050)
    up = resample(tone, 22050)
    assert len(up) == SAMPLE_RATE
    spectrum = np.abs(np.fft.rfft(up))
    assert np.argmax(spectrum) * SAMPLE_RATE / len(up) == pytest.approx(440, abs=1)


def test_clips_land_at_their_start_sample(tmp_path):
    click = np.zeros(2205)
    click[0] = 0.5
    clip = write_wav(tmp_path / "click.wav", click)
    track = narration_track([Placement(clip, 1.0), Placement(clip, 2.5)], duration=3.0)
    assert len(track) == 3 * SAMPLE_RATE
    middle = round(1.75 * SAMPLE_RATE)  # each click's peak, before and after this
    peaks = np.argmax(np.abs(track[:middle])), middle + np.argmax(np.abs(track[middle:]))
    assert peaks == (SAMPLE_RATE, round(2.5 * SAMPLE_RATE))


def test_a_clip_past_the_end_of_the_video_is_an_error(tmp_path):
    clip = write_wav(tmp_path / "long.wav", sine(200, 2.0, 0.3, 22050))
    with pytest.raises(ValueError, match=r"does not fit in a 2\.50 s video"):
        narration_track([Placement(clip, 1.0)], duration=2.5)


# --- a narrated video, decoded back --------------------------------------------------

SCRIPT = [
    "L1 lands on exactly 0 after 10 steps.",
    "L2 keeps 0.5 of what it has, and never reaches zero.",
    "A fraction of something non-zero is never zero.",
]


@pytest.fixture(scope="module")
def speech(tmp_path_factory) -> tuple[list[Placement], float, Path]:
    """The script said by joe (sockets blocked) and placed back to back: a track that
    is speech from end to end, and the length of video it needs."""
    if not voice.voice_available():
        pytest.skip("the voice extra is not installed")
    folder = tmp_path_factory.mktemp("soundtrack")
    joe = voice.resolve_voice("joe")
    with offline():
        beats = [narration.prepare_beat(text, joe, cache_dir=folder / "cache") for text in SCRIPT]
    placements, clock = [], 0.3
    for beat in beats:
        assert beat.clip is not None
        placements.append(Placement(beat.clip, clock))
        clock += beat.duration + GAP
    return placements, clock, folder


@pytest.fixture(scope="module", params=[".mp4", ".webm"])
def narrated(request, speech) -> tuple[Path, Path]:
    placements, seconds, folder = speech
    video = silent_video(folder / f"silent{request.param}", seconds)
    out = folder / f"narrated{request.param}"
    mux_narration(video, placements, out)
    return video, out


def test_the_audio_lasts_as_long_as_the_video(narrated):
    out = narrated[1]
    with av.open(str(out)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        video_seconds = frames / float(stream.average_rate)
    assert abs(audio_stats(out).duration - video_seconds) <= 0.25


def test_the_audio_is_48khz_mono_aac_or_opus(narrated):
    _, out = narrated
    with av.open(str(out)) as container:
        (audio,) = container.streams.audio
        assert audio.rate == SAMPLE_RATE
        assert len(audio.layout.channels) == 1
        assert audio.codec_context.name == {".mp4": "aac", ".webm": "opus"}[out.suffix]


def test_loudness_and_peak_are_in_range_after_decoding(narrated):
    stats = audio_stats(narrated[1])
    assert abs(stats.loudness - TARGET_LOUDNESS) <= 1.0
    assert stats.peak <= PEAK_LIMIT


def test_speech_fills_a_speech_filled_video(narrated, speech):
    placements, _, _ = speech
    samples, rate = decode_audio(narrated[1])
    assert voiced_fraction(samples, rate) >= 0.7
    before = samples[: int(placements[0].start * rate) - rate // 20]
    assert voiced_fraction(before, rate) == 0.0  # nothing before the first beat


def test_the_video_frames_are_copied_not_reencoded(narrated):
    video, out = narrated

    def packets(path: Path) -> list[bytes]:
        with av.open(str(path)) as container:
            return [bytes(p) for p in container.demux(container.streams.video[0]) if p.size]

    assert packets(out) == packets(video)


def test_the_mp4_keeps_its_index_at_the_front(narrated):
    _, out = narrated
    if out.suffix == ".mp4":
        data = out.read_bytes()
        assert 0 < data.find(b"moov") < data.find(b"mdat")


def test_a_video_can_be_narrated_in_place(speech):
    placements, seconds, folder = speech
    video = silent_video(folder / "in-place.mp4", seconds)
    mux_narration(video, placements, video)
    assert audio_stats(video).voiced >= 0.7
    assert sorted(p.name for p in folder.iterdir() if "in-place" in p.name) == ["in-place.mp4"]


def test_only_mp4_and_webm_take_narration(tmp_path):
    video = silent_video(tmp_path / "v.mp4", 1.0)
    with pytest.raises(ValueError, match=r"\.mp4 or \.webm"):
        mux_narration(video, [], tmp_path / "v.gif")

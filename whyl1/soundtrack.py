"""The narration soundtrack: beat clips placed on one track and muxed into a video.

The track is as long as the video, each clip at its beat's start, resampled to
48 kHz, brought to an integrated loudness of −16 LUFS (ITU-R BS.1770, measured
with pyloudnorm; the level podcast and lecture platforms use) with its peaks
kept below −1 dBFS by a look-ahead limiter, then encoded (AAC for MP4, Opus for
WebM) and muxed beside the video stream, whose packets are copied, not
re-encoded. MP4s keep their index at the front (``faststart``). PyAV does the
encoding and muxing: no system ffmpeg.
"""

from __future__ import annotations

import os
import wave
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from math import gcd
from pathlib import Path

import numpy as np

from whyl1.outputs import TEMP_PREFIX

SAMPLE_RATE = 48_000
TARGET_LOUDNESS = -16.0  # LUFS
PEAK_LIMIT = -1.0  # dBFS, the rule
# The limiter aims lower: decoding AAC or Opus rebuilds peaks higher, by up to 0.85 dB on
# the seven narrated scenes (AAC at 128 kb/s); at −2 the loudest came out at −1.17 dBFS.
PEAK_TARGET = -2.5
_LIMITER_WINDOW = 0.005  # seconds of look-ahead and release
# Codec, bit rate and muxer options per container.
CODECS = {
    ".mp4": ("mp4", "aac", 128_000, {"movflags": "faststart"}),
    ".webm": ("webm", "libopus", 96_000, {}),
}


@dataclass(frozen=True)
class Placement:
    """A beat's speech clip (WAV) and where its beat starts in the video (seconds)."""

    clip: Path
    start: float


def read_clip(path: Path) -> tuple[np.ndarray, int]:
    """A 16-bit mono WAV as floats in [-1, 1] and its sample rate."""
    with wave.open(str(path), "rb") as clip:
        if clip.getsampwidth() != 2 or clip.getnchannels() != 1:
            raise ValueError(f"{path}: expected a 16-bit mono WAV")
        samples = np.frombuffer(clip.readframes(clip.getnframes()), dtype="<i2")
        return samples.astype(np.float64) / 32768.0, clip.getframerate()


def resample(samples: np.ndarray, rate: int, target: int = SAMPLE_RATE) -> np.ndarray:
    """Polyphase resampling (22.05 kHz → 48 kHz is ×320/147), band-limited."""
    if rate == target:
        return samples
    from scipy.signal import resample_poly

    common = gcd(rate, target)
    return resample_poly(samples, target // common, rate // common)


def narration_track(
    placements: Sequence[Placement], duration: float, rate: int = SAMPLE_RATE
) -> np.ndarray:
    """One mono track ``duration`` seconds long with each clip at its start. A clip
    that would run past the end is an error: the video must cover its speech."""
    track = np.zeros(round(duration * rate))
    for placement in placements:
        samples, clip_rate = read_clip(placement.clip)
        samples = resample(samples, clip_rate, rate)
        first = round(placement.start * rate)
        if first < 0 or first + len(samples) > len(track) + round(0.05 * rate):
            raise ValueError(
                f"{placement.clip.name} ({len(samples) / rate:.2f} s at {placement.start:.2f} s) "
                f"does not fit in a {duration:.2f} s video"
            )
        piece = samples[: len(track) - first]
        track[first : first + len(piece)] += piece
    return track


def loudness(samples: np.ndarray, rate: int = SAMPLE_RATE) -> float:
    """Integrated loudness (LUFS, ITU-R BS.1770-4 with its gating) of a mono track."""
    import pyloudnorm

    return float(pyloudnorm.Meter(rate).integrated_loudness(samples))


def peak_dbfs(samples: np.ndarray) -> float:
    peak = float(np.max(np.abs(samples))) if len(samples) else 0.0
    return 20 * np.log10(peak) if peak > 0 else float("-inf")


def normalise(
    samples: np.ndarray,
    rate: int = SAMPLE_RATE,
    *,
    target: float = TARGET_LOUDNESS,
    peak: float = PEAK_TARGET,
) -> np.ndarray:
    """Gain to ``target`` LUFS, then limit peaks to ``peak`` dBFS; limiting lowers the
    loudness a little, so gain and limit again until both hold (two or three rounds)."""
    if not np.any(samples):
        return samples
    ceiling = 10 ** (peak / 20)
    out = samples
    for _ in range(6):
        gain_db = target - loudness(out, rate)
        out = _limit(out * 10 ** (gain_db / 20), ceiling, rate)
        if abs(loudness(out, rate) - target) < 0.2:
            break
    return out


def _limit(samples: np.ndarray, ceiling: float, rate: int) -> np.ndarray:
    """A look-ahead peak limiter: the gain each sample needs to stay under ``ceiling``,
    spread by a minimum filter over ±window and smoothed by a moving average over a
    window half as wide, so the gain never exceeds what any sample in reach needs."""
    from scipy.ndimage import minimum_filter1d, uniform_filter1d

    needed = np.minimum(1.0, ceiling / np.maximum(np.abs(samples), 1e-12))
    if needed.min() >= 1.0:
        return samples
    reach = max(1, round(_LIMITER_WINDOW * rate))
    spread = minimum_filter1d(needed, size=2 * reach + 1, mode="nearest")
    gain = uniform_filter1d(spread, size=reach | 1, mode="nearest")
    return np.clip(samples * gain, -ceiling, ceiling)


def video_duration(video: Path) -> float:
    """The video stream's length in seconds: where its last frame ends."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        end = 0
        for packet in container.demux(stream):
            if packet.pts is not None:
                end = max(end, packet.pts + (packet.duration or 0))
        return float(end * stream.time_base)


def mux_narration(video: Path, placements: Sequence[Placement], out: Path) -> None:
    """Write ``out``: ``video``'s frames (copied) with the narration track of
    ``placements``. ``out`` may be ``video`` itself; it is written to a temporary
    name and renamed into place. MP4 gets AAC, WebM Opus, both 48 kHz mono."""
    import av

    if out.suffix not in CODECS:
        raise ValueError(f"{out.name}: narration goes into .mp4 or .webm, not {out.suffix}")
    container_format, codec, bit_rate, options = CODECS[out.suffix]
    track = normalise(narration_track(placements, video_duration(video)))
    temporary = out.with_name(f"{TEMP_PREFIX}{out.name}")
    with (
        av.open(str(video)) as source,
        av.open(str(temporary), "w", format=container_format, options=options) as target,
    ):
        video_in = source.streams.video[0]
        video_out = target.add_stream_from_template(video_in)
        audio_out = target.add_stream(codec, rate=SAMPLE_RATE, layout="mono")
        audio_out.bit_rate = bit_rate
        audio = list(_encode(audio_out, track))
        waiting = 0
        for packet in source.demux(video_in):
            if packet.dts is None:  # the demuxer's end-of-stream flush packet
                continue
            moment = packet.dts * video_in.time_base
            while waiting < len(audio) and _packet_time(audio[waiting]) <= moment:
                target.mux(audio[waiting])
                waiting += 1
            packet.stream = video_out
            target.mux(packet)
        for packet in audio[waiting:]:
            target.mux(packet)
    os.replace(temporary, out)


def _encode(stream: object, track: np.ndarray) -> Iterator[object]:
    """Encode the track in 0.1 s frames (PyAV regroups them into the codec's size)."""
    import av

    chunk = SAMPLE_RATE // 10
    for first in range(0, len(track), chunk):
        piece = track[first : first + chunk].astype(np.float32)[np.newaxis, :]
        frame = av.AudioFrame.from_ndarray(np.ascontiguousarray(piece), format="flt", layout="mono")
        frame.sample_rate = SAMPLE_RATE
        frame.pts = first
        frame.time_base = Fraction(1, SAMPLE_RATE)
        yield from stream.encode(frame)  # type: ignore[attr-defined]
    yield from stream.encode(None)  # type: ignore[attr-defined]


def _packet_time(packet: object) -> Fraction:
    return packet.dts * packet.time_base  # type: ignore[attr-defined]


# --- measuring what was written ------------------------------------------------------


@dataclass(frozen=True)
class AudioStats:
    """What a video's audio stream measures: length (s), loudness (LUFS), peak (dBFS)
    and the share of 100 ms windows holding speech."""

    duration: float
    loudness: float
    peak: float
    voiced: float


def decode_audio(path: Path) -> tuple[np.ndarray, int]:
    """The first audio stream of a media file, decoded to mono floats, and its rate."""
    import av

    with av.open(str(path)) as container:
        stream = container.streams.audio[0]
        pieces = []
        for frame in container.decode(stream):
            channels = len(frame.layout.channels)
            array = frame.to_ndarray()
            if not frame.format.is_planar:  # interleaved: (1, samples × channels)
                array = array.reshape(-1, channels).T
            pieces.append(array.mean(axis=0))
        return np.concatenate(pieces).astype(np.float64), stream.rate


def voiced_fraction(samples: np.ndarray, rate: int, threshold: float = -45.0) -> float:
    """Share of 100 ms windows whose RMS level is above ``threshold`` dBFS: speech at
    −16 LUFS sits near −20 dBFS, silence far below −60."""
    window = rate // 10
    count = len(samples) // window
    if count == 0:
        return 0.0
    blocks = samples[: count * window].reshape(count, window)
    rms = np.sqrt(np.mean(blocks**2, axis=1))
    return float(np.mean(20 * np.log10(np.maximum(rms, 1e-12)) > threshold))


def audio_stats(path: Path) -> AudioStats:
    """Decode ``path``'s audio back and measure it."""
    samples, rate = decode_audio(path)
    return AudioStats(
        len(samples) / rate,
        loudness(samples, rate),
        peak_dbfs(samples),
        voiced_fraction(samples, rate),
    )

"""Videos joined and cut by copying their packets, never encoding them again.

The lecture (``whyl1.lecture``) puts the stories' packets one after another; the decks
(``whyl1.slides``) cut a story's packets at its sections; a split render
(``whyl1.split``) joins the ranges of one scene (``concatenate``). Both depend on what is here:
``StreamShape``, what two videos must share for their packets to go into one track (the
codec, size, rate, pixel format, parameter sets and time base, and the same of their
audio), and the placing of packets on the new file's grid of frames.

Video packets keep their pictures and only move in time, onto exact frame times. Audio
is AAC, which comes in frames of 1024 samples: a piece that starts on a video frame
rarely starts on a multiple of 1024 samples, so its frames land on the nearest frame
boundary, at most half an AAC frame (10.7 ms at 48 kHz) from its picture, and the track
stays one unbroken run of frames, nothing dropped or doubled except at the joins.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

AAC_FRAME = 1024  # samples in one AAC-LC frame


@dataclass(frozen=True)
class AudioShape:
    """What an audio stream must share with the others to be joined by copying packets."""

    codec: str
    rate: int
    layout: str
    extradata: bytes


@dataclass(frozen=True)
class StreamShape:
    """What a video must share with the others to be joined by copying packets: the
    codec, picture size, frame rate, pixel format, profile and parameter sets (the
    ``extradata``: one track has one, so every piece must have the same), the time base,
    and its audio's (or None for a silent video)."""

    codec: str
    width: int
    height: int
    fps: Fraction
    pix_fmt: str
    profile: str
    extradata: bytes
    time_base: Fraction
    audio: AudioShape | None

    def differences(self, other: StreamShape) -> list[str]:
        """What differs from ``other``, as ``name a != b`` texts (empty when they match)."""
        return [
            f"{name} {getattr(self, name)} != {getattr(other, name)}"
            for name in self.__dataclass_fields__
            if getattr(self, name) != getattr(other, name)
        ]


def stream_shape(video: Path) -> StreamShape:
    """Read ``video``'s ``StreamShape``."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        context = stream.codec_context
        audio = None
        if container.streams.audio:
            sound = container.streams.audio[0].codec_context
            audio = AudioShape(
                sound.name, sound.sample_rate, sound.layout.name, bytes(sound.extradata or b"")
            )
        return StreamShape(
            context.name,
            context.width,
            context.height,
            Fraction(stream.guessed_rate),  # the nominal rate (average_rate is measured)
            context.pix_fmt,
            str(context.profile),
            bytes(context.extradata or b""),
            Fraction(stream.time_base),
            audio,
        )


def frame_count(video: Path) -> int:
    """The number of video frames (packets: one H.264 frame each) in ``video``."""
    import av

    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        return sum(1 for packet in container.demux(stream) if packet.dts is not None)


def nearest(value: Fraction) -> int:
    """The integer nearest ``value``, halves rounded up: the same way for every frame (a
    story starting half an AAC frame off the grid rounds each of its frames alike, where
    ``round``'s halves-to-even would alternate and repeat every other one)."""
    return math.floor(value + Fraction(1, 2))


def demux(video: Path) -> tuple[list, list]:
    """A video's packets (the demuxer's end-of-stream packets left out): video, audio."""
    import av

    pictures, sound = [], []
    with av.open(str(video)) as container:
        for packet in container.demux():
            if packet.dts is None:
                continue
            if packet.stream.type == "video":
                pictures.append(packet)
            elif packet.stream.type == "audio":
                sound.append(packet)
    return pictures, sound


def placed_video(packets: Sequence[Any], first_frame: int, frame_ticks: int) -> Iterator[Any]:
    """A segment's video packets moved to start at frame ``first_frame`` of the lecture,
    their times put on the frame grid (``frame_ticks`` time-base ticks a frame): manim's
    own join leaves a story's timestamps a few ticks off it."""

    def moved(ticks: int) -> int:
        return (first_frame + nearest(Fraction(ticks, frame_ticks))) * frame_ticks

    for packet in packets:
        packet.pts, packet.dts = moved(packet.pts), moved(packet.dts)
        packet.duration = frame_ticks
        yield packet


def placed_audio(
    packets: Sequence[Any], offset: int, first: int, until: int, total: int
) -> Iterator[Any]:
    """A segment's AAC frames on the lecture's grid of frames, from frame ``first`` while
    a frame's middle is before sample ``until``.

    Frame ``j`` of the lecture plays samples ``1024 (j − 1)`` to ``1024 j`` (frame 0 is the
    encoder's priming frame, which the MP4's edit list skips). It is filled with the
    segment's frame nearest its place, counted from the segment's start ``offset``: within
    a segment consecutive frames, so the audio is the story's own, off its video by at
    most half a frame. The lecture's last frame is cut to its length ``total``."""
    import av

    position = first
    used = -1
    while AAC_FRAME * (position - 1) + AAC_FRAME // 2 < until:
        start = AAC_FRAME * (position - 1)
        if start >= total:
            return
        source = nearest(Fraction(start - offset, AAC_FRAME)) + 1  # +1: the segment's priming
        source = min(max(source, 0), len(packets) - 1)
        packet = packets[source]
        if source == used:  # past the segment's last frame: its copy, not itself moved
            packet = av.Packet(bytes(packets[source]))
            packet.time_base = packets[source].time_base
        used = source
        packet.pts = packet.dts = start
        packet.duration = min(AAC_FRAME, total - start)
        yield packet
        position += 1


def concatenate(pieces: Sequence[Path], target: Path) -> None:
    """Write ``target``: the silent videos ``pieces``, which must share one
    ``StreamShape``, one after another on the frame grid, the index at the front."""
    import av

    from whyl1 import outputs

    shape = stream_shape(pieces[0])
    for piece in pieces[1:]:
        if different := shape.differences(stream_shape(piece)):
            raise ValueError(f"{piece.name} cannot follow {pieces[0].name}: {different}")
    ticks = 1 / (shape.fps * shape.time_base)
    if ticks.denominator != 1:
        raise ValueError(f"a frame is not a whole number of ticks ({ticks}): cannot shift")
    with (
        av.open(str(pieces[0])) as template,
        outputs.atomic_path(target) as temporary,
        av.open(str(temporary), "w", format="mp4", options={"movflags": "faststart"}) as output,
    ):
        stream = output.add_stream_from_template(template.streams.video[0])
        first_frame = 0
        for piece in pieces:
            packets, _ = demux(piece)
            for packet in placed_video(packets, first_frame, int(ticks)):
                packet.stream = stream
                output.mux(packet)
            first_frame += len(packets)

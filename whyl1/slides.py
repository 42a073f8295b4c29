"""What every deck shows: a slide per section of each story's video, and one per figure.

``whyl1 slides`` renders the videos and figures that are missing through the pipeline (the
same items as ``whyl1 all``, so a folder it filled is found up to date), then
``prepare_decks`` reads each video's timeline (``<stem>.timeline.json``, see
``whyl1.render``) and cuts the video at its sections into clips, one per teaching step,
with a still of each clip's first and last frame. The three formats build on that:
``whyl1.slides_html`` (a reveal.js presenter deck), ``whyl1.slides_pptx`` (PowerPoint and
Impress) and ``whyl1.slides_pdf`` (a printed handout).

The cuts are exact and copy, never re-encode. manim encodes each animation as a movie of
its own, starting with a key frame, and a section starts on an animation, so a section's
first frame is a key frame (``cut_clip`` checks it) and its packets up to the next
section's key frame decode on their own. The audio is copied too, AAC frame by AAC frame
(``whyl1.streamcopy.placed_audio``): the frame before the cut goes first, as the priming
frame the clip's edit list skips, so the first frame decodes as it did in the story, and
the sound is off the picture by at most half a frame (10.7 ms). Narrated sections are cut
from the narrated video: manim's own section files are silent.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from fractions import Fraction
from pathlib import Path
from typing import Any

from whyl1 import outputs
from whyl1.lecture import story_video
from whyl1.pipeline import KINDS, AllOptions, Item
from whyl1.stories import Story
from whyl1.streamcopy import AAC_FRAME, placed_audio, placed_video

DECK = "slides"  # the HTML deck's folder in --out, and where the clips are kept
CLIPS = "clips"
FIGURES = KINDS["figure"].folder
PPTX = "slides.pptx"
PDF = "slides.pdf"
DECK_TITLE = "Why does L1 regularization give exact zeros, and L2 does not?"


class DeckError(RuntimeError):
    """A deck cannot be made from what is in the folder; the message is one line."""


@dataclass(frozen=True)
class SectionSlide:
    """One section of a story's video: its clip, stills and narration."""

    story: Story
    number: int  # 1-based, within the story
    count: int  # the story's sections
    name: str  # the scene's name for it (``next_section``)
    start: float  # seconds into the story's video
    end: float
    beats: tuple[str, ...]  # what the narration says over it, beat by beat, as written
    clip: Path
    first_still: Path  # PNG of the clip's first frame (the poster)
    last_still: Path  # PNG of its last frame (what the section ends on)

    @property
    def title(self) -> str:
        """``The kink, part 2 of 5``: how a slide and a handout page name the section."""
        return f"{self.story.title}, part {self.number} of {self.count}"

    @property
    def narration(self) -> str:
        """The speaker notes: the beats said over the section, a paragraph each."""
        return "\n".join(self.beats)


@dataclass(frozen=True)
class FigureSlide:
    """A story's slide figure (PNG) and its alt text."""

    story: Story
    image: Path
    alt: str


@dataclass(frozen=True)
class StoryDeck:
    """A story's slides: its sections, then its figure (None when it has none)."""

    story: Story
    sections: tuple[SectionSlide, ...]
    figure: FigureSlide | None


def deck_items(picked: Sequence[Story], quality: str, theme: str, voice: str) -> list[Item]:
    """The pipeline items a deck needs (each story's video, and its figure as a slide-size
    PNG), exactly as ``whyl1 all`` makes them, so a folder it filled is up to date."""
    options = AllOptions(quality, theme, "mp4", ("png",), voice)
    return [
        item
        for story in picked
        for kind in ("scene", "figure")
        if story.has_output(kind)
        for item in KINDS[kind].for_all(story.name, (), options)
    ]


def prepare_decks(out_dir: Path, picked: Sequence[Story], theme: str = "light") -> list[StoryDeck]:
    """Every picked story's slides, its clips cut into ``<out>/slides/clips`` (again only
    when the video is newer than the clip)."""
    clips = out_dir / DECK / CLIPS
    clips.mkdir(parents=True, exist_ok=True)
    decks = []
    for story in picked:
        video = story_video(out_dir, story, theme)
        timeline_file = video.with_name(video.stem + outputs.TIMELINE_SUFFIX)
        if not video.is_file() or not timeline_file.is_file():
            raise DeckError(f"{video} or its timeline is missing: render the stories first")
        timeline = json.loads(timeline_file.read_text(encoding="utf-8"))
        sections = timeline["sections"]
        slides = []
        for number, section in enumerate(sections, start=1):
            stem = f"{video.stem}-{number:02d}-{section['name']}"
            slide = SectionSlide(
                story,
                number,
                len(sections),
                section["name"],
                section["start"],
                section["end"],
                tuple(b["caption"] for b in timeline["beats"] if b["section"] == section["name"]),
                clips / f"{stem}.mp4",
                clips / f"{stem}.first.png",
                clips / f"{stem}.last.png",
            )
            if _stale(slide.last_still, video):
                fps = Fraction(timeline["fps"]).limit_denominator(1001)
                cut_clip(video, round(slide.start * fps), round(slide.end * fps), slide.clip)
                write_stills(slide.clip, slide.first_still, slide.last_still)
            slides.append(slide)
        decks.append(StoryDeck(story, tuple(slides), story_figure(out_dir, story, theme)))
    return decks


def _stale(made: Path, source: Path) -> bool:
    return not made.exists() or made.stat().st_mtime < source.stat().st_mtime


def story_figure(out_dir: Path, story: Story, theme: str) -> FigureSlide | None:
    """A story's slide-size PNG figure and alt text in a ``whyl1 all`` folder, if any."""
    stem = outputs.output_stem(story.name, theme)
    image, alt = out_dir / FIGURES / f"{stem}.png", out_dir / FIGURES / f"{stem}.alt.txt"
    if not image.is_file():
        return None
    text = alt.read_text(encoding="utf-8").strip() if alt.is_file() else ""
    return FigureSlide(story, image, text)


def cut_clip(video: Path, first: int, end: int, target: Path) -> None:
    """Write frames ``first`` to ``end`` (exclusive) of ``video``, with their sound, to
    ``target`` by copying packets (see the module docstring). Raises ``DeckError`` if
    the cut does not start on a key frame: copying would then lose pictures."""
    import av

    with av.open(str(video)) as source:
        stream = source.streams.video[0]
        fps = Fraction(stream.guessed_rate)
        frame_ticks = 1 / (fps * Fraction(stream.time_base))
        if frame_ticks.denominator != 1:
            raise DeckError(f"{video.name}: a frame is not a whole number of ticks; cannot cut")
        sound = source.streams.audio[0] if source.streams.audio else None
        pictures, audio = [], []
        for packet in source.demux():
            if packet.dts is None:
                continue
            if packet.stream.type == "video":
                frame = round(packet.pts / frame_ticks)
                if first <= frame < end:
                    pictures.append(packet)
            elif packet.stream.type == "audio":
                audio.append(packet)
        if (
            not pictures
            or not pictures[0].is_keyframe
            or round(pictures[0].pts / frame_ticks) != first
        ):
            raise DeckError(f"{video.name}: frame {first} is not a key frame; cannot cut there")
        with (
            outputs.atomic_path(target) as temporary,
            av.open(str(temporary), "w", format="mp4", options={"movflags": "faststart"}) as clip,
        ):
            video_out = clip.add_stream_from_template(stream)
            audio_out = clip.add_stream_from_template(sound) if sound is not None else None
            timed: list[tuple[Fraction, Any]] = []
            for packet in placed_video(pictures, -first, int(frame_ticks)):
                packet.stream = video_out
                timed.append((packet.dts * Fraction(stream.time_base), packet))
            if audio_out is not None and sound is not None:
                rate = sound.rate
                length = round(Fraction(end - first) / fps * rate)
                offset = -round(Fraction(first) / fps * rate)  # the story began before the clip
                for packet in placed_audio(audio, offset, 0, length + AAC_FRAME, length):
                    packet.stream = audio_out
                    timed.append((Fraction(packet.dts, rate), packet))
            for _, packet in sorted(timed, key=lambda pair: pair[0]):
                clip.mux(packet)


def write_stills(clip: Path, first: Path, last: Path) -> None:
    """The clip's first and last frames as PNG."""
    import av
    from PIL import Image

    frames = []
    with av.open(str(clip)) as container:
        for frame in container.decode(video=0):
            if not frames:
                frames.append(frame.to_ndarray(format="rgb24"))
            final = frame
    frames.append(final.to_ndarray(format="rgb24"))
    for image, target in zip(frames, (first, last), strict=True):
        with outputs.atomic_path(target) as temporary:
            Image.fromarray(image).save(temporary, format="PNG")


def downscaled_clip(clip: Path, target: Path, height: int = 720) -> Path:
    """``clip`` itself if it is at most ``height`` lines, else a copy re-encoded to that
    height (the width kept in proportion, even) in ``target``, its sound copied. PowerPoint
    stumbles on decks of many 1080p videos; 720p keeps it clear of that."""
    import av

    with av.open(str(clip)) as source:
        stream = source.streams.video[0]
        if stream.codec_context.height <= height:
            return clip
        width = round(stream.codec_context.width * height / stream.codec_context.height / 2) * 2
        with av.open(str(target), "w", format="mp4", options={"movflags": "faststart"}) as out:
            video_out = out.add_stream("libx264", rate=stream.guessed_rate, options={"crf": "23"})
            video_out.pix_fmt, video_out.width, video_out.height = "yuv420p", width, height
            audio_in = source.streams.audio[0] if source.streams.audio else None
            audio_out = out.add_stream_from_template(audio_in) if audio_in is not None else None
            for packet in source.demux():
                if packet.stream.type == "audio" and audio_out is not None:
                    if packet.dts is not None:
                        packet.stream = audio_out
                        out.mux(packet)
                elif packet.stream.type == "video":
                    # The end-of-stream packet (no dts) flushes the decoder's last frames.
                    for frame in packet.decode():
                        scaled = frame.reformat(width=width, height=height)
                        scaled.pts, scaled.time_base = frame.pts, frame.time_base
                        out.mux(video_out.encode(scaled))
            out.mux(video_out.encode())
    return target

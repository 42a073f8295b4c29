"""The lecture: every story's video joined in teaching order into one MP4 with chapters.

``whyl1 lecture`` renders what is missing through the pipeline (the same items, keys and
folder layout as ``whyl1 all``), then ``build_lecture`` joins the videos: a short title
card, each story as a chapter, and a closing card with the takeaway and the sources.

The stories are joined without re-encoding (``whyl1.streamcopy``): every story is
rendered with the same settings, so their streams have the same parameter sets, and
their packets follow each other in one track with shifted timestamps; the frames a viewer
sees are the frames manim encoded, bit for bit. Only the two cards (``whyl1.cards``) are
encoded here, like the stories, and every piece is checked to match before a byte is
written: a mismatch would decode as garbage, so it is an error instead. Each story's
sound lands within half an AAC frame (10.7 ms) of its picture; every story begins and
ends in silence, so the joins are silent too.

Besides ``lecture.mp4`` (with its chapters written into the file, which VLC, mpv and
QuickTime show), the folder gets ``lecture-chapters.vtt`` (a WebVTT chapters track),
``lecture.vtt`` and ``lecture.srt`` (every story's captions shifted by its start in the
lecture), ``lecture-chapters.txt`` ("0:00 Title" lines, as video platforms read them from
a description) and ``lecture.png`` (the title card, the video's poster). The course page
shows the lecture with a clickable chapter list (``lecture_block``).
"""

from __future__ import annotations

import html
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta
from fractions import Fraction
from pathlib import Path
from typing import Any

from whyl1 import outputs, sources, stories
from whyl1.captions import Cue, srt_text, webvtt_text
from whyl1.cards import counted, draw_card, encode_card, summary_card, title_card
from whyl1.pipeline import KINDS, AllOptions, Item
from whyl1.stories import Story
from whyl1.streamcopy import (
    AAC_FRAME,
    StreamShape,
    demux,
    frame_count,
    placed_audio,
    placed_video,
    stream_shape,
)
from whyl1.templates import fill
from whyl1.theme import palette

LECTURE = "lecture.mp4"
POSTER = "lecture.png"
CAPTIONS_VTT = "lecture.vtt"
CAPTIONS_SRT = "lecture.srt"
CHAPTERS_VTT = "lecture-chapters.vtt"
CHAPTERS_TXT = "lecture-chapters.txt"
VIDEOS = KINDS["scene"].folder  # where `whyl1 all` and `whyl1 lecture` put the stories

TITLE_SECONDS = 4
SUMMARY_SECONDS = 12  # long enough to read the takeaway; a reference list is paused on
SUMMARY_CHAPTER = "Summary and sources"


class LectureError(RuntimeError):
    """The lecture cannot be made from what is in the folder; the message is one line."""


@dataclass(frozen=True)
class Segment:
    """One piece of the lecture: a card or a story's video (with its captions, if any)."""

    video: Path
    frames: int
    story: Story | None = None
    captions: Path | None = None


@dataclass(frozen=True)
class Chapter:
    """A chapter of the lecture: its title and its start and end in seconds."""

    title: str
    start: Fraction
    end: Fraction


@dataclass(frozen=True)
class Lecture:
    """What ``build_lecture`` wrote, and the lecture's chapters and length."""

    files: tuple[Path, ...]
    chapters: tuple[Chapter, ...]
    duration: Fraction
    story_starts: tuple[Fraction, ...]  # where each story's video begins


def scene_items(picked: Sequence[Story], quality: str, theme: str, voice: str) -> list[Item]:
    """The pipeline items of the picked stories' videos, exactly as ``whyl1 all`` makes
    them (MP4 in ``videos/``), so a folder it filled is found up to date."""
    options = AllOptions(quality, theme, "mp4", (), voice)
    return [item for story in picked for item in KINDS["scene"].for_all(story.name, (), options)]


def story_video(out_dir: Path, story: Story, theme: str) -> Path:
    """Where a story's video is in a ``whyl1 all`` folder."""
    return out_dir / VIDEOS / f"{outputs.output_stem(story.name, theme)}.mp4"


def build_lecture(out_dir: Path, picked: Sequence[Story], theme: str = "light") -> Lecture:
    """Join the picked stories' videos in ``out_dir`` (rendered already, as ``whyl1 all``
    lays them out) into the lecture and its companion files, in ``out_dir``.

    Raises ``LectureError`` when a video is missing or the videos cannot be joined."""
    videos = [story_video(out_dir, story, theme) for story in picked]
    missing = [video for video in videos if not video.is_file()]
    if missing:
        raise LectureError(f"{missing[0]} is missing: render the stories first")
    shape = stream_shape(videos[0])
    for video in videos[1:]:
        different = shape.differences(stream_shape(video))
        if different:
            raise LectureError(
                f"{video.name} was rendered with other settings than {videos[0].name} "
                f"({different[0]}): render every story with the same quality and voice"
            )
    colors = palette(theme)
    with tempfile.TemporaryDirectory(prefix=outputs.TEMP_PREFIX, dir=out_dir) as scratch:
        title_image = draw_card(shape.width, shape.height, colors, title_card(len(picked)))
        summary_image = draw_card(
            shape.width, shape.height, colors, summary_card(cited_sources(picked))
        )
        cards = [
            Segment(card, encode_card(image, seconds, shape, card))
            for card, image, seconds in (
                (Path(scratch) / "title.mp4", title_image, TITLE_SECONDS),
                (Path(scratch) / "summary.mp4", summary_image, SUMMARY_SECONDS),
            )
        ]
        for card in cards:
            different = shape.differences(stream_shape(card.video))
            if different:
                raise LectureError(
                    f"the cards cannot be encoded like the stories ({different[0]}): "
                    "was manim's encoder changed?"
                )
        segments = [
            cards[0],
            *(
                Segment(video, frame_count(video), story, _existing(video.with_suffix(".srt")))
                for story, video in zip(picked, videos, strict=True)
            ),
            cards[1],
        ]
        starts = segment_starts(segments, shape.fps)
        chapters = lecture_chapters(segments, starts)
        target = out_dir / LECTURE
        join(segments, shape, chapters, target)
    poster = out_dir / POSTER
    with outputs.atomic_path(poster) as temporary:
        from PIL import Image

        Image.fromarray(title_image).save(temporary, format="PNG")
    cues = merged_cues(segments, starts)
    written = [target, poster]
    for name, text in (
        (CAPTIONS_SRT, srt_text(cues)),
        (CAPTIONS_VTT, webvtt_text([_vtt_escaped(cue) for cue in cues])),
        (CHAPTERS_VTT, chapters_webvtt(chapters)),
        (CHAPTERS_TXT, chapters_text(chapters)),
    ):
        outputs.write_atomic(out_dir / name, text.encode("utf-8"))
        written.append(out_dir / name)
    story_starts = tuple(start for start, s in zip(starts[:-1], segments, strict=True) if s.story)
    return Lecture(tuple(written), tuple(chapters), starts[-1], story_starts)


def _existing(path: Path) -> Path | None:
    return path if path.is_file() else None


def segment_starts(segments: Sequence[Segment], fps: Fraction) -> list[Fraction]:
    """Where each segment starts (seconds, exact), and at the end the lecture's length."""
    starts = [Fraction(0)]
    for segment in segments:
        starts.append(starts[-1] + segment.frames / fps)
    return starts


def lecture_chapters(segments: Sequence[Segment], starts: Sequence[Fraction]) -> list[Chapter]:
    """A chapter per story, and one for the closing card. The title card opens the first
    chapter rather than being one: players and video platforms expect the first chapter
    at 0:00, and platforms ignore chapters shorter than 10 s."""
    chapters = []
    for index, segment in enumerate(segments):
        if segment.story is not None:
            start = Fraction(0) if not chapters else starts[index]
            chapters.append(Chapter(segment.story.title, start, starts[index + 1]))
    chapters.append(Chapter(SUMMARY_CHAPTER, starts[-2], starts[-1]))
    return chapters


# --- joining ---------------------------------------------------------------------------


def join(
    segments: Sequence[Segment], shape: StreamShape, chapters: Sequence[Chapter], target: Path
) -> None:
    """Write ``target``: the segments' packets one after another, timestamps shifted,
    with the chapters; the index at the front (``faststart``). See the module docstring
    for how audio frames are placed."""
    import av

    ticks = 1 / (shape.fps * shape.time_base)  # time-base ticks per frame
    if ticks.denominator != 1:
        raise LectureError(f"a frame is not a whole number of ticks ({ticks}): cannot shift")
    frame_ticks = int(ticks)
    rate = shape.audio.rate if shape.audio else 0
    starts = segment_starts(segments, shape.fps)
    total_samples = int(starts[-1] * rate)
    with (
        av.open(str(segments[0].video)) as template,
        outputs.atomic_path(target) as temporary,
        av.open(str(temporary), "w", format="mp4", options={"movflags": "faststart"}) as output,
    ):
        video_out = output.add_stream_from_template(template.streams.video[0])
        audio_out = (
            output.add_stream_from_template(template.streams.audio[0]) if shape.audio else None
        )
        output.set_chapters(
            [
                {
                    "id": number,
                    "start": round(chapter.start * 1000),
                    "end": round(chapter.end * 1000),
                    "time_base": Fraction(1, 1000),
                    "metadata": {"title": chapter.title},
                }
                for number, chapter in enumerate(chapters, start=1)
            ]
        )
        next_audio = 0  # the index of the lecture's next AAC frame (0: the priming frame)
        for index, segment in enumerate(segments):
            video, audio = demux(segment.video)
            timed: list[tuple[Fraction, Any]] = []
            first_frame = round(starts[index] * shape.fps)
            for packet in placed_video(video, first_frame, frame_ticks):
                packet.stream = video_out
                timed.append((packet.dts * shape.time_base, packet))
            if audio_out is not None:
                last = index == len(segments) - 1
                until = total_samples + AAC_FRAME if last else int(starts[index + 1] * rate)
                offset = int(starts[index] * rate)
                for packet in placed_audio(audio, offset, next_audio, until, total_samples):
                    packet.stream = audio_out
                    timed.append((Fraction(packet.dts, rate), packet))
                    next_audio += 1
            for _, packet in sorted(timed, key=lambda pair: pair[0]):
                output.mux(packet)


# --- captions and chapters ---------------------------------------------------------------


def merged_cues(segments: Sequence[Segment], starts: Sequence[Fraction]) -> list[Cue]:
    """Every story's caption cues, each shifted by its story's start in the lecture and
    rounded once, to the millisecond both caption formats keep."""
    import srt

    cues = []
    for segment, start in zip(segments, starts[:-1], strict=True):
        if segment.captions is None:
            continue
        for cue in srt.parse(segment.captions.read_text(encoding="utf-8")):
            cues.append(
                Cue(
                    _shifted_millis(cue.start, start),
                    _shifted_millis(cue.end, start),
                    tuple(line.strip() for line in cue.content.strip().splitlines()),
                )
            )
    return cues


def _shifted_millis(moment: timedelta, offset: Fraction) -> float:
    """``moment + offset`` in seconds, rounded to the millisecond."""
    micros = moment // timedelta(microseconds=1)
    return float(round(Fraction(micros, 1_000_000) + offset, 3))


def _vtt_escaped(cue: Cue) -> Cue:
    """A cue whose text is safe in WebVTT, where ``<`` and ``&`` start markup."""
    return Cue(cue.start, cue.end, tuple(html.escape(line, quote=False) for line in cue.lines))


def clock(seconds: Fraction | float) -> str:
    """``m:ss`` (``h:mm:ss`` from an hour on), whole seconds rounded down: how video
    platforms read a chapter's start from a description."""
    whole = int(seconds)
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02d}:{secs:02d}" if hours else f"{minutes}:{secs:02d}"


def chapters_text(chapters: Sequence[Chapter]) -> str:
    """``0:00 Two penalties`` lines, one per chapter, to paste into a video description."""
    return "".join(f"{clock(chapter.start)} {chapter.title}\n" for chapter in chapters)


def chapters_webvtt(chapters: Sequence[Chapter]) -> str:
    """The chapters as a WebVTT chapters track (``<track kind="chapters">``)."""
    cues = [Cue(float(c.start), float(c.end), (html.escape(c.title),)) for c in chapters]
    return webvtt_text(cues)


def read_chapters(video: Path) -> list[Chapter]:
    """The chapters written into an MP4 (PyAV reads what its muxer wrote)."""
    import av

    with av.open(str(video)) as container:
        return [
            Chapter(
                entry["metadata"].get("title", ""),
                entry["start"] * entry["time_base"],
                entry["end"] * entry["time_base"],
            )
            for entry in container.chapters()
        ]


# --- the cards -----------------------------------------------------------------------------


def cited_sources(picked: Sequence[Story]) -> list[sources.Source]:
    """The sources the picked stories cite, each once, in the order of ``sources.SOURCES``."""
    keys = {key for story in picked for key in sources.STORY_SOURCES[story.name]}
    return [entry for entry in sources.SOURCES if entry.key in keys]


# --- the course page's block ---------------------------------------------------------------


def lecture_block(out_dir: Path) -> str:
    """The course page's lecture: the video with captions and a clickable chapter list
    (browsers' own controls show no chapters), or nothing when ``out_dir`` has no lecture.

    Captions and the chapters track are inlined as ``data:`` URLs: Chromium refuses a
    ``<track>`` file on a page opened from ``file://``."""
    video = out_dir / LECTURE
    if not video.is_file():
        return ""
    import base64

    def inline(name: str) -> str:
        path = out_dir / name
        if not path.is_file():
            return ""
        encoded = base64.b64encode(path.read_bytes()).decode("ascii")
        return f"data:text/vtt;charset=utf-8;base64,{encoded}"

    chapters = read_chapters(video)
    items = "\n".join(
        fill(
            "lecture-chapter.html",
            video=LECTURE,
            start=f"{float(chapter.start):.3f}",
            clock=clock(chapter.start),
            title=html.escape(chapter.title),
        )
        for chapter in chapters
    )
    return fill(
        "lecture-block.html",
        video=LECTURE,
        poster=POSTER,
        captions=inline(CAPTIONS_VTT),
        chapters_track=inline(CHAPTERS_VTT),
        chapters=items,
        chapter_count=counted(len(chapters), "chapter"),
        minutes=counted(max(1, round(chapters[-1].end / 60)), "minute"),
        chapters_txt=CHAPTERS_TXT,
        srt=CAPTIONS_SRT,
        vtt=CAPTIONS_VTT,
    )


def picked_stories(names: Sequence[str]) -> list[Story]:
    """The stories with a scene, all or the named ones, in teaching (catalogue) order."""
    having = [story for story in stories.STORIES if story.has_output("scene")]
    return [story for story in having if not names or story.name in names]

"""Test helpers for scenes: render at low quality, read frames back, inspect colours.

Used by every ``tests/test_scene_*.py`` (``conftest.py`` renders and builds each
module's scene once). Rendering goes through the product's own
``whyl1.render.render_scene`` (a manim subprocess), so the tests exercise the
path ``whyl1 render`` takes; ``construct_scene`` builds a scene in-process with
manim's dry run to read what it displays, and what each section ended on, without
encoding video.
"""

from __future__ import annotations

import atexit
import functools
import itertools
import json
import os
import shutil
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import av
import numpy as np
import pytest
import srt
from manim import (
    DL,
    UR,
    Axes,
    MathTex,
    Mobject,
    NumberLine,
    Scene,
    SingleStringMathTex,
    Text,
    tempconfig,
)

from whyl1 import stories
from whyl1.captions import MIN_SILENT_CUE, Cue, caption_problems
from whyl1.outputs import PARAMS_ENV, THEME_ENV, VOICE_ENV
from whyl1.render import SceneOutput, render_scene
from whyl1.soundtrack import PEAK_LIMIT, TARGET_LOUDNESS, audio_stats
from whyl1.speech import verbalise
from whyl1.theme import FONT_FAMILY, palette
from whyl1.voice import JOE, NONE, voice_available

COLORS = palette("light")  # the theme the tests render in
# The voice the scenes are rendered and built with: joe, or silent without the extra
VOICE = JOE if voice_available() else NONE
# The narration's rules, as the issue states them
SILENCE_BETWEEN_BEATS = 0.8  # seconds, at most, unless a beat asks for a pause
CUE_TO_WORD = 0.15  # seconds between a cue's start and its first word being said
AUDIO_TO_VIDEO = 0.25  # seconds between the audio stream's length and the video's
LOUDNESS_TOLERANCE = 1.0  # LU around the target
MOSTLY_SPEECH = 0.6  # of the video's 100 ms windows hold speech


def render(
    story: str,
    out_dir: Path,
    params: dict[str, str] | None = None,
    theme: str = "light",
    voice: str = VOICE,
) -> SceneOutput:
    """Render a story's scene at the lowest quality, narrated, with its section videos."""
    return render_scene(
        stories.get(story),
        params or {},
        out_dir=out_dir,
        theme=theme,
        voice=voice,
        save_sections=True,
    )


def read_frames(video: Path) -> list[np.ndarray]:
    """Every frame of a video as an RGB uint8 array (H, W, 3)."""
    with av.open(str(video)) as container:
        return [frame.to_ndarray(format="rgb24") for frame in container.decode(video=0)]


# Frames before the end at which the final picture is read: every scene ends holding its
# last picture (its last beat keeps a pause), and H.264 may start a new group of pictures
# on the very last frame, a key frame coded coarser than the frames that refine it, which
# pales thin coloured strokes.
HOLD_FRAMES = 8


def last_frame(video: Path) -> np.ndarray:
    """The picture the video ends on, read while it is held (see ``HOLD_FRAMES``)."""
    frames = read_frames(video)
    held = frames[-HOLD_FRAMES]
    assert np.abs(held.astype(int) - frames[-1].astype(int)).mean() < 3  # the same picture
    return held


def first_frame(video: Path) -> np.ndarray:
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            return frame.to_ndarray(format="rgb24")
    raise ValueError(f"{video} has no frames")


def section(output: SceneOutput, name: str) -> np.ndarray:
    """First frame of the section (``next_section``) whose file name ends with ``name``:
    what the scene shows as that teaching step begins."""
    (path,) = [p for p in output.sections if p.stem.endswith(name)]
    return first_frame(path)


def has_audio(video: Path) -> bool:
    with av.open(str(video)) as container:
        return bool(container.streams.audio)


def srt_cues(path: Path) -> list[Cue]:
    """The cues of an .srt file (lines as written)."""
    return [
        Cue(cue.start.total_seconds(), cue.end.total_seconds(), tuple(cue.content.split("\n")))
        for cue in srt.parse(path.read_text(encoding="utf-8"))
    ]


def cue_word_starts(timeline: dict) -> list[tuple[float, str]]:
    """When each cue's first word is said, from the timeline's words: each cue's first
    caption word, mapped by the verbaliser to the first word said for it."""
    starts = []
    for beat in timeline["beats"]:
        said, shown = verbalise(beat["caption"]), 0
        for cue in beat["cues"]:
            first_said = said.spoken_range(shown).start
            starts.append((beat["words"][first_said]["start"], " ".join(cue["lines"])))
            shown += len(" ".join(cue["lines"]).split(" "))
        assert shown == len(said.caption_words), beat["caption"]
    return starts


def speech_gaps(timeline: dict) -> list[tuple[float, float, str]]:
    """Between each beat's last word and the next beat's first: the silence, the pause the
    first beat asked for, and which beat it follows."""
    beats = timeline["beats"]
    return [
        (after["words"][0]["start"] - before["words"][-1]["end"], before["pause"],
         before["caption"][:40])
        for before, after in itertools.pairwise(beats)
    ]  # fmt: skip


def video_duration(video: Path) -> float:
    """Duration in seconds, from the stream's frame count and rate."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0]
        frames = stream.frames or sum(1 for _ in container.decode(video=0))
        return float(frames / stream.average_rate)


@dataclass(frozen=True)
class Rendered:
    """A story rendered once for a test module: its files, and the frames tests read."""

    output: SceneOutput

    def section(self, name: str) -> np.ndarray:
        """First frame of the section whose file name ends with ``name``: what the scene
        shows as that teaching step begins, so the end of the one before."""
        return section(self.output, name)

    def last_frame(self) -> np.ndarray:
        return last_frame(self.output.video)

    def assert_video(self, scene: Scene, sections: list[str]) -> None:
        """The video lasts 45 s to 2 min, has ``sections`` in order, and its .srt holds
        the captions of the scene's beats (``scene``, built in-process) at the times the
        dry run gives them, to the millisecond the file keeps: the clock does not depend
        on what manim skips."""
        output = self.output
        assert 45 <= video_duration(output.video) <= 120
        assert [p.stem.split("_", 2)[2] for p in output.sections] == sections
        assert output.captions is not None
        expected = srt.compose(scene.renderer.file_writer.subcaptions)
        assert output.captions.read_text(encoding="utf-8") == expected
        assert len(scene.beats) >= len(sections)

    def timeline(self) -> dict:
        assert self.output.timeline is not None
        return json.loads(self.output.timeline.read_text(encoding="utf-8"))

    def assert_narration(self, scene: Scene) -> None:
        """The narration as a viewer gets it, read back from the files: an audio stream
        as long as the video, at −16 LUFS (±1) with peaks ≤ −1 dBFS and speech in most of
        it (no audio at all when silent); captions keeping the caption rules, each cue
        appearing within 0.15 s of its first word; at most 0.8 s of silence between two
        beats unless the first asked for a pause; every bookmark on its word (within a
        frame); and the timeline matching the video, its sections and the dry run."""
        video, timeline = self.output.video, self.timeline()
        duration = video_duration(video)
        fps = timeline["fps"]
        assert timeline["duration"] == pytest.approx(duration, abs=1.01 / fps)
        assert timeline == scene.timeline()  # the dry run times the scene identically
        names = [p.stem.split("_", 2)[2] for p in self.output.sections]
        assert [s["name"] for s in timeline["sections"]] == names
        for part, path in zip(timeline["sections"], self.output.sections, strict=True):
            assert part["end"] - part["start"] == pytest.approx(
                video_duration(path), abs=1.01 / fps
            ), part["name"]
        silent = timeline["voice"] is None
        if silent:
            assert not has_audio(video)
        else:
            stats = audio_stats(video)
            assert stats.duration == pytest.approx(duration, abs=AUDIO_TO_VIDEO)
            assert stats.loudness == pytest.approx(TARGET_LOUDNESS, abs=LOUDNESS_TOLERANCE)
            assert stats.peak <= PEAK_LIMIT
            assert stats.voiced >= MOSTLY_SPEECH
        cues = srt_cues(self.output.captions)
        assert caption_problems(cues, min_duration=MIN_SILENT_CUE if silent else 1.0) == []
        assert [c.lines for c in cues] == [
            tuple(c["lines"]) for b in timeline["beats"] for c in b["cues"]
        ]
        for cue, (said, text) in zip(cues, cue_word_starts(timeline), strict=True):
            assert abs(cue.start - said) <= CUE_TO_WORD, text
        for silence, pause, after in speech_gaps(timeline):
            assert silence <= SILENCE_BETWEEN_BEATS + pause, f"{silence:.2f} s after {after!r}"
        for beat in timeline["beats"]:
            for mark in beat["bookmarks"]:
                assert mark["at"] - 1e-6 <= mark["fired"] <= mark["at"] + 1.01 / fps, mark


def point_box(point: np.ndarray, half_width: float, half_height: float | None = None) -> Box:
    """A ``color_fraction`` box around a scene point (such as ``axes.c2p(x, y)``)."""
    return scene_box(float(point[0]), float(point[1]), half_width, half_height)


def hex_to_rgb(color: str) -> np.ndarray:
    color = color.lstrip("#")
    return np.array([int(color[i : i + 2], 16) for i in (0, 2, 4)], dtype=float)


def color_fraction(
    frame: np.ndarray,
    color: str,
    box: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0),
    tolerance: float = 40.0,
) -> float:
    """Fraction of pixels in ``box`` (relative x0, y0, x1, y1; y down) within
    ``tolerance`` (Euclidean RGB distance) of ``color``. The tolerance absorbs
    anti-aliasing and video compression; pure palette colours are far apart."""
    h, w = frame.shape[:2]
    x0, y0, x1, y1 = box
    region = frame[int(y0 * h) : int(y1 * h), int(x0 * w) : int(x1 * w)].astype(float)
    distance = np.linalg.norm(region - hex_to_rgb(color), axis=-1)
    return float(np.mean(distance <= tolerance))


Box = tuple[float, float, float, float]  # relative x0, y0, x1, y1 of a frame, y down


def scene_box(x: float, y: float, half_width: float, half_height: float | None = None) -> Box:
    """A ``color_fraction`` box around the scene point ``(x, y)`` (Manim units, y up),
    so tests can name regions in the coordinates the scene was laid out in."""
    from manim import config

    half_height = half_width if half_height is None else half_height
    width, height = config.frame_width, config.frame_height

    def rel_x(value: float) -> float:
        return min(max(value / width + 0.5, 0.0), 1.0)

    def rel_y(value: float) -> float:
        return min(max(0.5 - value / height, 0.0), 1.0)

    return (
        rel_x(x - half_width),
        rel_y(y + half_height),
        rel_x(x + half_width),
        rel_y(y - half_height),
    )


def blend(color: str, opacity: float, background: str) -> str:
    """The colour a fill of ``color`` at ``opacity`` shows over ``background`` (hex), to look
    for translucent regions with ``color_fraction``."""
    mixed = opacity * hex_to_rgb(color) + (1.0 - opacity) * hex_to_rgb(background)
    return "#" + "".join(f"{round(c):02X}" for c in mixed)


def save_png(frame: np.ndarray, path: Path) -> Path:
    """Write a frame as PNG, to look at it with an image viewer."""
    from PIL import Image

    Image.fromarray(frame).save(path)
    return path


@functools.cache
def _private_media_dir() -> Path:
    """A media folder for this process alone. A dry run still compiles every formula under
    ``<media_dir>/Tex``; in the shared ``./media`` two processes (the test workers, a render
    in the same checkout) compiling the same formula at once truncate each other's .dvi, and
    manim then reports that dvisvgm "does not support" the conversion."""
    folder = Path(tempfile.mkdtemp(prefix="whyl1-scenetools-"))
    atexit.register(shutil.rmtree, folder, ignore_errors=True)
    return folder


@dataclass(frozen=True)
class Lettering:
    """One piece of text on screen: what it says, its capital height and its box."""

    words: str
    cap_height: float  # Manim units
    box: tuple[float, float, float, float]  # left, bottom, right, top


@dataclass
class SectionEnd:
    """What the screen holds as a section ends (or the scene does): its lettering and
    its plots (copies of every ``Axes`` and ``NumberLine`` on screen, left to right and
    then top to bottom, so a test can map data to where that section showed it with
    their ``c2p``)."""

    name: str
    lettering: list[Lettering] = field(default_factory=list)
    plots: list[Mobject] = field(default_factory=list)

    @property
    def plot(self) -> tuple[float, float] | None:
        """Width and height of the box around every plot, by the extent of their axes
        (drawn or hidden); None without a plot."""
        if not self.plots:
            return None
        points = np.vstack([plot.get_all_points() for plot in self.plots])
        return float(np.ptp(points[:, 0])), float(np.ptp(points[:, 1]))

    @property
    def plot_is_line(self) -> bool:
        """Only number lines: a plot with no height of its own."""
        return all(isinstance(plot, NumberLine) for plot in self.plots)


@functools.cache
def _cap_height_per_point(kind: type) -> float:
    """Height of a capital H per point of font size, for the project font or LaTeX."""
    if kind is Text:
        return Text("H", font=FONT_FAMILY, font_size=100).height / 100
    return MathTex(r"\mathrm{H}", font_size=100).height / 100


def _drawn(mobject: Mobject) -> list[Mobject]:
    """The parts of ``mobject`` that show: points, and some fill or stroke opacity."""
    return [
        part
        for part in mobject.family_members_with_points()
        if part.get_fill_opacity() > 0 or part.get_stroke_opacity() > 0
    ]


def screen(scene: Scene, name: str) -> SectionEnd:
    """The lettering and plots ``scene`` shows now. Text and formulas are measured by
    their font size (which follows any scaling), so a word without capitals counts too."""
    end = SectionEnd(name)
    plots = []
    inside_plots: set[int] = set()
    for part in (p for m in scene.mobjects for p in m.get_family()):
        if isinstance(part, Text | SingleStringMathTex) and _drawn(part):
            kind = Text if isinstance(part, Text) else MathTex
            words = part.text if isinstance(part, Text) else part.tex_string
            left, bottom = part.get_corner(DL)[:2]
            right, top = part.get_corner(UR)[:2]
            height = part.font_size * _cap_height_per_point(kind)
            end.lettering.append(Lettering(words, height, (left, bottom, right, top)))
        elif isinstance(part, Axes | NumberLine) and id(part) not in inside_plots:
            inside_plots.update(id(member) for member in part.get_family())
            plots.append(part.copy())
    end.plots = sorted(plots, key=lambda plot: (round(plot.get_x(), 3), -plot.get_y()))
    return end


def section_end(scene: Scene, name: str) -> SectionEnd:
    """What ``scene`` showed as its section ``name`` ended."""
    (end,) = [end for end in scene.section_ends if end.name == name]
    return end


def _watched(scene_class: type[Scene], ends: list[SectionEnd]) -> type[Scene]:
    """``scene_class`` recording what the screen holds as each section ends."""

    class Watched(scene_class):  # type: ignore[misc, valid-type]
        _section = ""

        def next_section(self, name: str = "unnamed", *args: Any, **kwargs: Any) -> None:
            if self.renderer.num_plays:
                ends.append(screen(self, self._section))
            self._section = name
            super().next_section(name, *args, **kwargs)

        def construct(self) -> None:
            super().construct()
            ends.append(screen(self, self._section))

    Watched.__name__ = scene_class.__name__
    return Watched


def construct_scene(
    scene_class: type[Scene],
    params: dict[str, str] | None = None,
    theme: str = "light",
    *,
    from_animation_number: int = 10**9,
    voice: str = VOICE,
) -> Scene:
    """Run a scene's ``construct`` in-process with manim's dry run (no video written)
    and return it, so a test can read ``scene.displayed``, ``scene.mobjects``, its
    captions (``captions(scene)``) and, in ``scene.section_ends``, what the screen
    held as each section ended.

    By default every animation is skipped to its end, as ``manim -s`` does: what a
    scene displays is built in ``construct``, not frame by frame, and stepping through
    every frame's updaters would cost as much as a render (a minute and more for
    updater-heavy scenes). ``from_animation_number=0`` renders every frame (unwritten).
    """
    saved = {key: os.environ.get(key) for key in (PARAMS_ENV, THEME_ENV, VOICE_ENV)}
    os.environ[PARAMS_ENV] = json.dumps(params or {})
    os.environ[THEME_ENV] = theme
    os.environ[VOICE_ENV] = voice
    settings = {
        "dry_run": True,
        "quality": "low_quality",
        "disable_caching": True,
        "from_animation_number": from_animation_number,
        "progress_bar": "none",
        "media_dir": str(_private_media_dir()),
    }
    ends: list[SectionEnd] = []
    try:
        with tempconfig(settings):
            scene = _watched(scene_class, ends)()
            scene.render()
        scene.section_ends = ends
        return scene
    finally:
        for key, value in saved.items():
            if value is None:
                os.environ.pop(key, None)
            else:
                os.environ[key] = value


@functools.cache
def default_scene(scene_class: type[Scene]) -> Scene:
    """``construct_scene(scene_class)`` with the story's defaults, built once per test
    session and shared (read it, do not change it)."""
    return construct_scene(scene_class)


def numbers_on_screen(
    scene_class: type[Scene], params: dict[str, str]
) -> tuple[Scene, dict[str, float]]:
    """The scene built with ``params`` (the shared one for the defaults), and every
    number it put on screen by key, checking that each key names one number. Other
    parameters are built silent: their numbers on screen do not depend on the voice, and
    saying their narration would only fill the speech cache."""
    if params:
        scene = construct_scene(scene_class, params, voice=NONE)
    else:
        scene = default_scene(scene_class)
    shown = dict(scene.displayed)
    assert len(shown) == len(scene.displayed)  # one key, one number
    return scene, shown


def captions(scene: Scene) -> list[tuple[float, float, str]]:
    """The subcaptions a constructed scene wrote: (start, end, text), seconds."""
    return [
        (cue.start.total_seconds(), cue.end.total_seconds(), cue.content)
        for cue in scene.renderer.file_writer.subcaptions
    ]

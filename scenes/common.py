"""Shared building blocks of every whyl1 scene: parameters, theme, formulas, numbers, captions.

A scene subclasses ``StoryScene``, names its story, and draws ``self.data``
(the story's numbers from ``whyl1.maths``) in ``self.colors``. Parameters and
theme arrive through environment variables set by ``whyl1 render``, so the
same file also renders with plain ``manim -ql scenes/steps.py StepsScene``
(defaults, light theme).
"""

from __future__ import annotations

import json
import os
import shutil
import sys
import time
from typing import Any

import numpy as np
from manim import (
    DOWN,
    ORIGIN,
    UP,
    MathTex,
    Scene,
    Text,
    VMobject,
    config,
)

from whyl1 import stories
from whyl1.outputs import PARAMS_ENV, PROGRESS_ENV, THEME_ENV
from whyl1.results import StoryResult
from whyl1.theme import FONT_FAMILY, MANIM_BODY_SIZE, TYPE, Palette, number_text, palette

_PROGRESS_INTERVAL = 0.25  # seconds between frame-count reports to `whyl1 render`
_FOOTNOTE_MARGIN = 0.3  # Manim units kept free at each side of the source line
NO_LATEX_ENV = "WHYL1_NO_LATEX"  # set to 1 to force the LaTeX-free formula fallback

# Width in Manim units of one point of 12 pt mathtext, matched to MathTex at font_size
# 48 (measured on three formulas: 0.0407 to 0.0423), so fallback formulas come out
# the size LaTeX ones would.
_MATHTEXT_POINTS = 12.0
_MATHTEXT_UNITS_PER_POINT_AT_48 = 0.0415


def story_values(name: str) -> dict[str, Any]:
    """The story's parameters: catalogue defaults overridden by ``$WHYL1_PARAMS``.

    Validation is the catalogue's (the CLI has normally done it already); a bad
    value given straight to manim still fails with the catalogue's message.
    """
    overrides = json.loads(os.environ.get(PARAMS_ENV) or "{}")
    return stories.get(name).resolve(overrides)


def current_palette() -> Palette:
    """The palette of ``$WHYL1_THEME`` (light by default)."""
    return palette(os.environ.get(THEME_ENV, "light"))


def latex_available() -> bool:
    """True when ``latex`` and ``dvisvgm`` are installed and not switched off."""
    if os.environ.get(NO_LATEX_ENV) == "1":
        return False
    return shutil.which("latex") is not None and shutil.which("dvisvgm") is not None


_warned_no_latex = False


def formula(tex: str, color: str, font_size: float = MANIM_BODY_SIZE) -> VMobject:
    """A typeset formula: ``MathTex`` with LaTeX, else matplotlib's mathtext as SVG.

    Write ``tex`` in the subset both understand (``\\frac``, ``\\lambda``,
    ``\\mathrm``, ``\\leftarrow``, sub/superscripts; not ``\\operatorname`` or
    ``\\tfrac``) so a machine without LaTeX renders the same scene, after a
    one-line warning, instead of crashing.
    """
    global _warned_no_latex
    if latex_available():
        return MathTex(tex, color=color, font_size=font_size)
    if not _warned_no_latex:
        # One plain line on stderr (a Python warning would add its file, line and source)
        print(
            "whyl1: warning: no LaTeX (latex + dvisvgm) found; formulas use matplotlib mathtext",
            file=sys.stderr,
        )
        _warned_no_latex = True
    return _mathtext_formula(tex, color, font_size)


def _mathtext_formula(tex: str, color: str, font_size: float) -> VMobject:
    """The formula's glyph outlines from matplotlib's mathtext, as one filled VMobject."""
    from matplotlib.font_manager import FontProperties  # only needed without LaTeX
    from matplotlib.path import Path as GlyphPath
    from matplotlib.textpath import TextPath

    prop = FontProperties(size=_MATHTEXT_POINTS, math_fontfamily="cm")
    glyphs = TextPath((0, 0), f"${tex}$", prop=prop)
    mobject = VMobject(fill_color=color, fill_opacity=1.0, stroke_width=0)
    for points, code in glyphs.iter_segments(curves=True, simplify=False):
        anchors = [np.array([x, y, 0.0]) for x, y in points.reshape(-1, 2)]
        if code == GlyphPath.MOVETO:
            mobject.start_new_path(anchors[0])
        elif code == GlyphPath.LINETO:
            mobject.add_line_to(anchors[0])
        elif code == GlyphPath.CURVE3:
            mobject.add_quadratic_bezier_curve_to(anchors[0], anchors[1])
        elif code == GlyphPath.CURVE4:
            mobject.add_cubic_bezier_curve_to(*anchors)
        elif code == GlyphPath.CLOSEPOLY:
            mobject.close_path()
    width_points = glyphs.get_extents().width
    return mobject.scale_to_fit_width(
        width_points * _MATHTEXT_UNITS_PER_POINT_AT_48 * font_size / 48.0
    ).move_to(ORIGIN)


def text(content: str, color: str, scale: float = TYPE.body, weight: str = "NORMAL") -> Text:
    """Plain text in the project font at a type-scale step (``TYPE.title``, ``TYPE.label``…)."""
    return Text(
        content,
        font=FONT_FAMILY,
        color=color,
        font_size=MANIM_BODY_SIZE * scale,
        weight=weight,
    )


class StoryScene(Scene):
    """Base of every whyl1 scene: loads its story's values and numbers and the theme.

    Subclasses set ``story`` (the catalogue name) and draw from ``self.values``
    (checked parameters), ``self.data`` (the story's result from ``whyl1.maths``, a
    ``whyl1.results`` dataclass: subclasses annotate ``data`` with theirs) and
    ``self.colors`` (the theme palette). No number is computed in a scene.
    """

    story: str = ""
    data: StoryResult

    def setup(self) -> None:
        self.values = story_values(self.story)
        self.data = stories.get(self.story).compute(self.values)
        self.colors = current_palette()
        self.camera.background_color = self.colors.background
        self.displayed: list[tuple[str, float]] = []
        if os.environ.get(PROGRESS_ENV):
            self._report_frames(int(os.environ[PROGRESS_ENV]))

    def _report_frames(self, fd: int) -> None:
        """Write the number of frames rendered so far to ``fd`` (a pipe from ``whyl1
        render``) a few times a second and once at the end, for its progress display.
        Counting at the renderer counts every frame, static waits included."""
        add_frame = self.renderer.add_frame
        counts = os.fdopen(fd, "w", buffering=1)
        written, last_report = 0, 0.0

        def counting_add_frame(frame: np.ndarray, num_frames: int = 1) -> None:
            nonlocal written, last_report
            add_frame(frame, num_frames)
            if not self.renderer.skip_animations:
                written += num_frames
                now = time.monotonic()
                if now - last_report > _PROGRESS_INTERVAL:
                    counts.write(f"{written}\n")
                    last_report = now

        def final_report() -> None:
            counts.write(f"{written}\n")
            counts.close()

        self.renderer.add_frame = counting_add_frame
        self._final_frame_report = final_report

    def tear_down(self) -> None:
        """After construct: the exact final frame count, if ``whyl1 render`` asked."""
        report = getattr(self, "_final_frame_report", None)
        if report:
            report()

    def number(
        self, value: float, color: str, *, key: str, scale: float = TYPE.body, digits: int = 6
    ) -> Text:
        """A number on screen, recorded under ``key`` in ``self.displayed`` so tests can
        check every displayed value against the maths module."""
        self.displayed.append((key, float(value)))
        return text(number_text(value, digits), color, scale)

    def title(self, content: str) -> Text:
        """The scene's title, top edge, in the foreground colour."""
        heading = text(content, self.colors.foreground, TYPE.title, weight="BOLD")
        return heading.to_edge(UP, buff=0.35)

    def say(self, narration: str, duration: float) -> None:
        """Add narration as a subcaption (the .srt that becomes WebVTT captions)."""
        self.add_subcaption(narration, duration=duration)

    def footnote(self, content: str) -> Text:
        """A muted source line at the bottom edge (``whyl1.sources.credit_line``), narrowed
        to the frame when it is longer than one line at the small type size."""
        note = text(content, self.colors.muted, TYPE.small)
        room = frame_size()[0] - 2 * _FOOTNOTE_MARGIN
        if note.width > room:
            note.scale_to_fit_width(room)
        return note.to_edge(DOWN, buff=0.25)


def frame_size() -> tuple[float, float]:
    """The visible frame in Manim units (width, height), for layouts that must fit."""
    return float(config.frame_width), float(config.frame_height)

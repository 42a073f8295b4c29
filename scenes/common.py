"""Shared building blocks of every whyl1 scene: parameters, theme, type, plots, numbers.

A scene subclasses ``StoryScene``, names its story, and draws ``self.data``
(the story's numbers from ``whyl1.maths``) in ``self.colors``, narrating in timed
beats (``with self.beat(script):``, from ``whyl1.scenes.beat``). Parameters and
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
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
from manim import (
    DOWN,
    DR,
    LEFT,
    ORIGIN,
    RIGHT,
    UL,
    Axes,
    Dot,
    MathTex,
    Mobject,
    NumberPlane,
    Text,
    VGroup,
    VMobject,
    config,
)
from whyl1.scenes.beat import BeatScene

from whyl1 import maths, stories
from whyl1.outputs import NO_LATEX_ENV, PARAMS_ENV, PROGRESS_ENV, THEME_ENV
from whyl1.results import StoryResult
from whyl1.texcache import CachedTexTemplate
from whyl1.theme import FONT_FAMILY, MANIM_BODY_SIZE, TYPE, Palette, number_text, palette

_PROGRESS_INTERVAL = 0.25  # seconds between frame-count reports to `whyl1 render`
_FOOTNOTE_MARGIN = 0.3  # Manim units kept free at each side of the source line
_EDGE_BUFF = 0.25  # between the frame's edge and the title or the source line

# Width in Manim units of one point of 12 pt mathtext, matched to MathTex at font_size
# 48 (measured on three formulas: 0.0407 to 0.0423), so fallback formulas come out
# the size LaTeX ones would.
_MATHTEXT_POINTS = 12.0
_MATHTEXT_UNITS_PER_POINT_AT_48 = 0.0415


# Formula sizes: MathTex runs smaller than Text at the same font size, so formulas are
# set 1.3 times larger to match the words around them.
FORMULA_SIZE = 1.3 * TYPE.label * MANIM_BODY_SIZE  # formulas in rows and readouts
LABEL_SIZE = 1.3 * TYPE.small * MANIM_BODY_SIZE  # axis names and small marks
ROW_BUFF = 0.12  # between the pieces of a row of words, formulas and numbers

Point = np.ndarray  # a scene point (x, y, 0)
Range = tuple[float, float]  # low, high


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


def formula(tex: str, color: str, font_size: float = FORMULA_SIZE) -> VMobject:
    """A typeset formula (at the size of formulas in rows and readouts unless told, e.g.
    ``LABEL_SIZE`` for an axis name): ``MathTex`` with LaTeX, else matplotlib's mathtext.

    Write ``tex`` in the subset both understand (``\\frac``, ``\\lambda``,
    ``\\mathrm``, ``\\leftarrow``, sub/superscripts; not ``\\operatorname`` or
    ``\\tfrac``) so a machine without LaTeX renders the same scene, after a
    one-line warning, instead of crashing. A LaTeX formula is compiled once per
    user, into whyl1's cache (``whyl1.texcache``), not once per render.
    """
    global _warned_no_latex
    if latex_available():
        template = CachedTexTemplate.like(config.tex_template)
        return MathTex(tex, color=color, font_size=font_size, tex_template=template)
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


def row(*parts: Mobject, buff: float = ROW_BUFF) -> VGroup:
    """Pieces set left to right, as one line of a label or readout."""
    return VGroup(*parts).arrange(RIGHT, buff=buff)


def swept_curve(
    axes: Axes,
    x: np.ndarray,
    y: np.ndarray,
    swept: Callable[[], np.ndarray],
    color: str,
    width: float,
) -> VMobject:
    """The curve through the precomputed points (x, y), drawn each frame only where
    ``swept()`` (a boolean array over the points) says a sweep has already passed."""
    curve = VMobject(stroke_color=color, stroke_width=width)

    def redraw(m: VMobject) -> None:
        shown = swept()
        if np.count_nonzero(shown) >= 2:
            m.set_points_as_corners(axes.c2p(x[shown], y[shown]).T)
        else:
            m.clear_points()

    return curve.add_updater(redraw, call_updater=True)


def clip_to_box(points: np.ndarray, low: np.ndarray, high: np.ndarray) -> list[np.ndarray]:
    """The parts of a polyline inside the box ``[low, high]``, as runs of points.

    Liang–Barsky clipping of every segment at once: an ellipse that has grown past
    the panel is drawn up to the panel's edge, like ESL's figure, not beyond it.
    """
    start, end = points[:-1], points[1:]
    delta = end - start
    enter, leave = np.zeros(len(start)), np.ones(len(start))
    keep = np.ones(len(start), dtype=bool)
    for p, q in ((-delta, start - low), (delta, high - start)):
        for axis in range(2):
            pa, qa = p[:, axis], q[:, axis]
            parallel = pa == 0
            keep &= ~(parallel & (qa < 0))
            with np.errstate(divide="ignore", invalid="ignore"):
                ratio = np.where(parallel, 0.0, qa / np.where(parallel, 1.0, pa))
            enter = np.where(~parallel & (pa < 0), np.maximum(enter, ratio), enter)
            leave = np.where(~parallel & (pa > 0), np.minimum(leave, ratio), leave)
    keep &= enter <= leave
    runs: list[list[np.ndarray]] = []
    for i in np.flatnonzero(keep):
        a, b = start[i] + enter[i] * delta[i], start[i] + leave[i] * delta[i]
        continues = bool(runs) and i > 0 and keep[i - 1] and leave[i - 1] >= 1 and enter[i] <= 0
        if continues:
            runs[-1].append(b)
        else:
            runs.append([a, b])
    return [np.array(run) for run in runs]


CONTOUR_WIDTH = 3.5  # the touching loss contour's stroke
CONTOUR_POINTS = 240  # points on a loss contour's ellipse
INNER_WIDTH = 0.6  # inner contours: stroke width and opacity relative to the touching one
INNER_OPACITY = 0.55


def loss_contour(
    plane: Axes,
    centre: Callable[[], np.ndarray],
    hessian: np.ndarray,
    level: Callable[[], float],
    box: tuple[np.ndarray, np.ndarray],
    color: str,
    touching: bool,
) -> VMobject:
    """The quadratic loss's contour at ``level()`` around ``centre()`` (its Hessian
    ``hessian``), clipped to ``box`` (low, high corners) and redrawn every frame, so a
    growing level tracker makes it grow; nothing is drawn while the level is not positive.
    The ``touching`` contour is drawn full; the inner ones, left behind, thin and faint."""
    curve = VMobject(
        stroke_color=color,
        stroke_width=CONTOUR_WIDTH * (1.0 if touching else INNER_WIDTH),
        stroke_opacity=1.0 if touching else INNER_OPACITY,
    )
    low, high = box

    def redraw(m: VMobject) -> None:
        now = level()
        m.clear_points()
        if now <= 0.0:
            return
        ring = maths.ellipse_contour(centre(), hessian, now, CONTOUR_POINTS)
        for run in clip_to_box(ring, low, high):
            # One c2p call per run, not per point: eight contours redraw every
            # frame, and point-by-point mapping was 40% of a 1080p60 render.
            mapped = plane.c2p(run[:, 0], run[:, 1]).T
            m.start_new_path(mapped[0])
            m.add_points_as_corners(mapped[1:])

    return curve.add_updater(redraw, call_updater=True)


def beta_plane(
    box: tuple[np.ndarray, np.ndarray],
    step: float,
    size: tuple[float, float],
    colors: Palette,
    place: Callable[[NumberPlane], object],
) -> NumberPlane:
    """A β₁β₂ plane over ``box`` (low, high corners) with grid lines every ``step``, at
    equal scale on both axes (a disk must look round) and as large as ``size`` (width,
    height) allows: a faint grid, muted axes without ticks. ``place`` positions the bare
    plane; then β₁ and β₂ are named at the far ends of their axes."""
    low, high = box
    span = high - low
    unit = min(size[0] / span[0], size[1] / span[1])
    plane = NumberPlane(
        x_range=[low[0], high[0], step],
        y_range=[low[1], high[1], step],
        x_length=span[0] * unit,
        y_length=span[1] * unit,
        background_line_style={"stroke_color": colors.faint, "stroke_width": 1},
        axis_config={"color": colors.muted, "include_ticks": False},
        faded_line_ratio=1,
    )
    plane.faded_lines.set_opacity(0)
    place(plane)
    for name, at, side in (
        (r"\beta_1", (high[0], 0), UL),
        (r"\beta_2", (0, high[1]), DR),
    ):
        label = formula(name, colors.muted, LABEL_SIZE)
        plane.add(label.next_to(plane.c2p(*at), side, buff=0.08))
    return plane


def point_readout(
    scene: StoryScene, tex: str, point: np.ndarray, color: str, *, key: str, digits: int
) -> VGroup:
    """``label (x, y)`` in ``color``, both coordinates from the maths (recorded under
    ``key``_x and ``key``_y) and an exact 0 in the zero colour; the comma hugs x, the
    punctuation sits on the numbers' baseline."""
    scale = TYPE.label
    x, y = (
        scene.number(
            value, scene.tint(value, color), key=f"{key}_{axis}", scale=scale, digits=digits
        )
        for value, axis in zip(point, "xy", strict=True)
    )
    label = formula(tex, color)
    parts = [label, text("(", color, scale), x, text(",", color, scale), y, text(")", color, scale)]
    line = VGroup(*parts).arrange(RIGHT, buff=0.08)
    parts[3].shift(0.05 * LEFT)  # the comma hugs the first coordinate, space after it
    parts[4].shift(0.08 * RIGHT)
    parts[5].shift(0.08 * RIGHT)
    for punctuation in parts[1::2]:
        punctuation.align_to(parts[2], DOWN)
    return line


class StoryScene(BeatScene):
    """Base of every whyl1 scene: loads its story's values and numbers and the theme.

    Subclasses set ``story`` (the catalogue name) and draw from ``self.values``
    (checked parameters), ``self.data`` (the story's result from ``whyl1.maths``, a
    ``whyl1.results`` dataclass: subclasses annotate ``data`` with theirs) and
    ``self.colors`` (the theme palette). No number is computed in a scene. Narration
    goes in timed beats (``with self.beat(script):``, see ``whyl1.scenes.beat``).
    """

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
        """After construct: the timeline (see ``BeatScene``), then the exact final frame
        count, if ``whyl1 render`` asked."""
        super().tear_down()
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

    def numeral(self, value: float, *, key: str, digits: int = 6) -> str:
        """``value`` as ``number`` writes it, recorded under ``key`` the same way, for a
        number set inside a line of ``words``."""
        self.displayed.append((key, float(value)))
        return number_text(value, digits)

    def words(
        self, parts: Sequence[tuple[str, str]], scale: float = TYPE.body, weight: str = "NORMAL"
    ) -> Text:
        """``(words, colour)`` pieces set as one line of text, spaced and coloured piece by
        piece: one Text, so words and numbers share a baseline."""
        content = " ".join(piece for piece, _ in parts)
        colors, start = {}, 0
        for piece, color in parts:
            colors[f"[{start}:{start + len(piece)}]"] = color
            start += len(piece) + 1
        return Text(
            content,
            font=FONT_FAMILY,
            color=parts[0][1],
            font_size=MANIM_BODY_SIZE * scale,
            weight=weight,
            t2c=colors,
        )

    def title(self, content: str) -> Text:
        """The scene's title in the top left corner, in the foreground colour; the rest
        of the top line is free for the story's parameters."""
        heading = text(content, self.colors.foreground, TYPE.title, weight="BOLD")
        return heading.to_corner(UL, buff=_EDGE_BUFF)

    def footnote(self, content: str) -> Text:
        """A muted source line at the bottom edge (``whyl1.sources.credit_line``), broken
        between words onto a second line when it is wider than the frame: never shrunk,
        so it stays as legible as the smallest type on screen."""
        room = config.frame_width - 2 * _FOOTNOTE_MARGIN
        lines = [""]
        for word in content.split():
            wider = f"{lines[-1]} {word}".strip()
            if lines[-1] and text(wider, self.colors.muted, TYPE.small).width > room:
                lines.append(word)
            else:
                lines[-1] = wider
        note = text("\n".join(lines), self.colors.muted, TYPE.small)
        return note.to_edge(DOWN, buff=_EDGE_BUFF)

    def tint(self, value: float, color: str) -> str:
        """The zero colour for an exact 0.0 (no tolerance), else ``color``."""
        return self.colors.zero if value == 0.0 else color

    def plot_axes(
        self,
        x_range: tuple[float, float],
        y_range: tuple[float, float],
        width: float,
        height: float,
    ) -> Axes:
        """Axes in the house style (muted, no ticks, no tips) over ``x_range`` × ``y_range``
        (low, high), ``width`` × ``height`` Manim units; labels are added by the scene.
        Manim's axes cross at their own origin, so a range that excludes 0 moves them."""
        (x_low, x_high), (y_low, y_high) = x_range, y_range
        return Axes(
            x_range=[x_low, x_high, x_high - x_low],
            y_range=[y_low, y_high, y_high - y_low],
            x_length=width,
            y_length=height,
            tips=False,
            axis_config={"color": self.colors.muted, "include_ticks": False},
        )

    def zero_dot(self, follow: Callable[[], tuple[Point, bool]], color: str, radius: float) -> Dot:
        """A dot that moves to ``follow()``'s point every frame, in the zero colour exactly
        while ``follow()`` says it sits on an exact zero, else in ``color``."""

        def update(dot: Dot) -> None:
            point, at_zero = follow()
            dot.move_to(point).set_color(self.colors.zero if at_zero else color)

        return Dot(radius=radius).add_updater(update, call_updater=True)

"""Shared machinery of every slide figure: sizes, theme, byte-reproducible saving, alt text.

A figure module ``figures/<story>.py`` defines one function,
``draw(fig, data, values, colors, size) -> str``: it lays out the panels of the story's
numbers (``data``, its ``whyl1.results`` dataclass from ``whyl1.maths`` via the
catalogue, read by attribute) on an empty ``Figure`` of ``size``, calls one
``plot_<what>(ax, data, colors, …)`` function per panel, in the theme's ``colors``, and
returns the alt text, a short description of what the figure shows with its key numbers.
The figure is *told* its size: every choice that depends on the page (panels side by
side or stacked, short labels for print) reads a property of the ``FigureSize``, decided
here once. Everything else (fonts, colours of text and axes, saving, naming) lives here
too, so all figures match each other and the scenes.

Figures are built with ``matplotlib.figure.Figure`` directly, never pyplot: no
global figure registry, no GUI backend, safe in worker processes.
"""

from __future__ import annotations

import importlib
import io
import logging
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

import matplotlib
import matplotlib.style
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from whyl1 import stories
from whyl1.outputs import output_stem, write_atomic
from whyl1.theme import TYPE, Palette, number_parts, number_text, palette

STYLE_PATH = Path(__file__).resolve().parent.parent / "assets" / "whyl1.mplstyle"
if not STYLE_PATH.exists():  # installed as a wheel: assets sit inside the package
    STYLE_PATH = Path(__file__).resolve().parent.parent / "whyl1" / "assets" / "whyl1.mplstyle"

FORMATS = ("png", "svg", "pdf")

# For reproducible PDFs matplotlib zeroes the embedded fonts' timestamps; fontTools then
# warns, once per glyph subset, that they "seem very low". Expected, so not shown.
logging.getLogger("fontTools.ttLib.tables._h_e_a_d").setLevel(logging.ERROR)


T = TypeVar("T")

# What makes a page compact, wide or stacked, for every figure module at once.
COMPACT_WIDTH = 5.0  # inches: narrower is a print column
WIDE_ASPECT = 1.4  # width / height above which a page is wide
STACKED_ASPECT = 0.8  # height / width above which a page that is not compact stacks panels


@dataclass(frozen=True)
class FigureSize:
    """A target medium: page size in inches, body font in points, default PNG dpi, and the
    layout that follows from them.

    The font is set per size rather than fixed in the figure modules, so text is
    as readable on a single print column as on a 1080p slide. The layout properties
    (``compact``, ``wide``, ``stacked``) are the only way a figure module learns what
    page it draws on; on the three ``SIZES`` exactly one of them is true.
    """

    width: float
    height: float
    font: float
    dpi: int

    @property
    def pixels(self) -> tuple[int, int]:
        return round(self.width * self.dpi), round(self.height * self.dpi)

    @property
    def compact(self) -> bool:
        """The single print column: a figure drops secondary labels and shrinks dense
        markers (``detail``, ``pick``) rather than shrink text below print size."""
        return self.width < COMPACT_WIDTH

    @property
    def wide(self) -> bool:
        """A page clearly wider than tall (the 16:9 slide): three panels fit in one row,
        and a legend fits beside what it explains."""
        return self.width > WIDE_ASPECT * self.height

    @property
    def stacked(self) -> bool:
        """A page about as tall as wide and large enough (the square): two panels go one
        above the other, where side by side each title would get half the width it needs."""
        return not self.compact and self.height > STACKED_ASPECT * self.width

    def detail(self, text: str) -> str:
        """``text`` where there is room for it, ``""`` on the compact size: the secondary
        words (a formula after a name, a count in brackets) that a print column drops."""
        return "" if self.compact else text

    def pick(self, full: T, compact: T) -> T:
        """``compact`` on the compact size, ``full`` elsewhere: a shorter title, fewer
        legend columns or a smaller marker for the print column."""
        return compact if self.compact else full


SIZES: dict[str, FigureSize] = {
    "slide": FigureSize(10.0, 5.625, 13.0, 192),  # 16:9, 1920×1080 PNG
    "square": FigureSize(7.0, 7.0, 13.0, 160),  # 1120×1120 PNG
    "column": FigureSize(3.4, 3.0, 7.0, 300),  # one column of a two-column print page
}

GUIDE_DASHES = (0, (3, 2))  # reference lines: dashes short enough to read as "not data"

# What would make a saved file differ between two runs with the same inputs.
_NO_DATES = {"svg": {"Date": None}, "pdf": {"CreationDate": None, "ModDate": None}, "png": {}}


def theme_rc(colors: Palette, size: FigureSize) -> dict[str, Any]:
    """rcParams for one theme at one size: colours of text, axes and ticks, and the
    type scale (``whyl1.theme.TYPE``) applied to the size's body font."""
    body = size.font
    return {
        "figure.facecolor": colors.background,
        "figure.edgecolor": colors.background,
        "savefig.facecolor": colors.background,
        "savefig.edgecolor": colors.background,
        "axes.facecolor": colors.background,
        "axes.edgecolor": colors.muted,
        "axes.labelcolor": colors.foreground,
        "axes.titlecolor": colors.foreground,
        "text.color": colors.foreground,
        "xtick.color": colors.muted,
        "ytick.color": colors.muted,
        "xtick.labelcolor": colors.foreground,
        "ytick.labelcolor": colors.foreground,
        "grid.color": colors.faint,
        "legend.labelcolor": colors.foreground,
        "font.size": body,
        "axes.titlesize": body * TYPE.heading,
        "figure.titlesize": body * TYPE.title,
        "axes.labelsize": body,
        "xtick.labelsize": body * TYPE.label,
        "ytick.labelsize": body * TYPE.label,
        "legend.fontsize": body * TYPE.label,
        "lines.linewidth": 2.2 * body / 13.0 if body < 13.0 else 2.2,
        "lines.markersize": 7.0 * max(body / 13.0, 0.6),
    }


@contextmanager
def figure_style(theme: str, size: str) -> Iterator[tuple[Palette, FigureSize]]:
    """The whyl1 style, theme and size as matplotlib's rcParams, for drawing *and* saving
    (some settings, like the SVG id salt, are read when the file is written)."""
    colors, figure_size = palette(theme), SIZES[size]
    with matplotlib.rc_context():
        matplotlib.style.use(STYLE_PATH)
        matplotlib.rcParams.update(theme_rc(colors, figure_size))
        yield colors, figure_size


def module_for(story: str) -> Any:
    """The figure module of a story (``lp-balls`` → ``whyl1.figures.lp_balls``)."""
    return importlib.import_module(f"whyl1.figures.{stories.get(story).module_name}")


def draw_story(
    story: str, values: Mapping[str, Any], colors: Palette, size: FigureSize
) -> tuple[Figure, str]:
    """An empty figure of ``size`` drawn by the story's module; returns it and its alt text.
    Must run inside ``figure_style``."""
    catalogue = stories.get(story)
    data = catalogue.compute(dict(values))
    fig = Figure(figsize=(size.width, size.height))
    alt = module_for(story).draw(fig, data, dict(values), colors, size)
    return fig, " ".join(alt.split())


def render_figure(
    story: str,
    values: Mapping[str, Any],
    *,
    theme: str = "light",
    size: str = "slide",
    fmt: str = "png",
    dpi: int | None = None,
    out_dir: Path,
) -> list[Path]:
    """Draw one story's figure and write ``<stem>.<fmt>`` and ``<stem>.alt.txt``.

    Both are written to a temporary file and renamed into place, so an
    interrupted run never leaves half a figure; the bytes depend only on the
    inputs (no dates, fixed SVG ids), so a rerun gives the identical file.
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    out_dir.mkdir(parents=True, exist_ok=True)
    stem = output_stem(story, theme)
    with figure_style(theme, size) as (colors, figure_size):
        fig, alt = draw_story(story, values, colors, figure_size)
        buffer = io.BytesIO()
        fig.savefig(buffer, format=fmt, dpi=dpi or figure_size.dpi, metadata=_NO_DATES[fmt])
    image, alt_file = out_dir / f"{stem}.{fmt}", out_dir / f"{stem}.alt.txt"
    write_atomic(image, buffer.getvalue())
    write_atomic(alt_file, (alt + "\n").encode())
    return [image, alt_file]


# ---------------------------------------------------------------------------
# Drawing helpers shared by the figure modules
# ---------------------------------------------------------------------------


def thin_line() -> float:
    """Line width for secondary lines (guides, reference curves): a fraction of the
    current size's main line width, so they stay thinner on every size."""
    return 0.6 * float(matplotlib.rcParams["lines.linewidth"])


def axis_lines(ax: Axes, colors: Palette, x: bool = True, y: bool = True) -> None:
    """Thin lines through the origin, behind the data, so 0 is easy to find."""
    if x:
        ax.axhline(0.0, color=colors.faint, linewidth=0.9, zorder=0)
    if y:
        ax.axvline(0.0, color=colors.faint, linewidth=0.9, zorder=0)


def shade_interval(
    ax: Axes,
    low: float,
    high: float,
    color: str,
    opacity: float,
    label: str | None = None,
    gid: str | None = None,
) -> None:
    """The x interval ``[low, high]`` shaded over the panel's full height, behind the data:
    where a minimiser or an estimate is exactly 0, or where one penalty exceeds another."""
    ax.axvspan(low, high, color=color, alpha=opacity, linewidth=0, zorder=0, label=label, gid=gid)


def guide_line(ax: Axes, x: Any, y: Any, colors: Palette, **line: Any) -> None:
    """A thin dashed line in the muted colour: the reference the data is read against (no
    penalty, the true weights, a line through the origin). ``line`` adds a label, gid or
    zorder."""
    ax.plot(x, y, color=colors.muted, linewidth=thin_line(), linestyle=GUIDE_DASHES, **line)


def mark_zero(ax: Axes, x: float, y: float, colors: Palette, label: str | None = None) -> None:
    """An exact zero landed on: a filled dot in the ``zero`` colour, ringed so it shows
    on top of an L1 curve, with an optional label (from ``number_text``)."""
    ax.plot(
        [x],
        [y],
        marker="o",
        linestyle="none",
        color=colors.zero,
        markeredgecolor=colors.background,
        markeredgewidth=1.2,
        markersize=matplotlib.rcParams["lines.markersize"] * 1.25,
        zorder=5,
        label=label,
    )


def math_number(value: float, digits: int = 6) -> str:
    """``number_text`` for use *inside* mathtext (``f"$w = {math_number(x)}$"``): the
    power of ten as ``\\times 10^{…}`` (the math fonts lack the superscript characters)
    and an ASCII ``-``, which mathtext sets as a proper minus."""
    mantissa, power = number_parts(value, digits)
    return mantissa if power is None else rf"{mantissa} \times 10^{{{power}}}"


__all__ = [
    "FORMATS",
    "SIZES",
    "FigureSize",
    "axis_lines",
    "figure_style",
    "guide_line",
    "mark_zero",
    "math_number",
    "number_text",
    "render_figure",
    "shade_interval",
    "thin_line",
]

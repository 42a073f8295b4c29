"""Slide figure ``lp-balls``: unit balls of |·|_p and of the elastic net; those with corners on
the axes (p ≤ 1, the elastic net) give exact zeros, the smooth ones do not."""

from __future__ import annotations

import math
from typing import Any

from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from whyl1.figures.common import FigureSize, axis_lines, math_number, number_text

from whyl1.results import LpBallsResult
from whyl1.theme import Palette

AXIS_POINTS = ((1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0))  # where every unit ball meets
# the axes; a ball with a corner there is the one whose solutions land on an axis


def plot_balls(ax: Axes, data: LpBallsResult, colors: Palette, size: FigureSize) -> None:
    """All balls on one pair of axes, to scale, each in its role's colour (L1 blue, L2
    vermillion, others by rank), the elastic net between the diamond and the disk, and the
    four points where every unit ball meets the axes: the sparse solutions."""
    for p, boundary, corners, convex in zip(
        data.ps, data.boundaries, data.corners_on_axes, data.convex, strict=True
    ):
        color, style = _style(p, colors)
        note = "corners on the axes" if corners else "smooth"
        if math.isinf(p):
            note = "corners off the axes"
        if not convex:
            note += ", non-convex"
        name = {1.0: "L1: ", 2.0: "L2: "}.get(p, "")
        ax.plot(
            boundary[:, 0],
            boundary[:, 1],
            color=color,
            linestyle=style,
            label=f"{name}$p = {_p_math(p)}$" + size.detail(f" ({note})"),
            gid=f"ball-p{_p_id(p)}",
        )

    net = data.elastic_net
    alpha = math_number(net.l1_ratio)
    net_note = "corners on the axes" if net.corners_on_axes else "smooth"
    ax.plot(
        net.boundary[:, 0],
        net.boundary[:, 1],
        color=colors.accent,
        label=rf"elastic net $\alpha = {alpha}$" + size.detail(f" ({net_note})"),
        gid="elastic-net",
    )

    xs, ys = zip(*AXIS_POINTS, strict=True)
    ax.plot(
        xs,
        ys,
        linestyle="none",
        marker="o",
        color=colors.zero,
        markeredgecolor=colors.background,
        markersize=1.1 * rcParams["lines.markersize"],
        zorder=5,
        label="on an axis: one weight is 0",
        gid="axis-points",
    )
    axis_lines(ax, colors)
    ax.set_aspect("equal")
    limit = 1.2
    ax.set_xlim(-limit, limit)
    ax.set_ylim(-limit, limit)
    ax.set_xticks([-1, 0, 1])
    ax.set_yticks([-1, 0, 1])
    ax.set_xlabel(r"$\beta_1$")
    ax.set_ylabel(r"$\beta_2$", rotation=0, labelpad=8)
    ax.set_title(r"Unit balls $|\beta_1|^p + |\beta_2|^p \leq 1$")


def draw(
    fig: Figure, data: LpBallsResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """The balls all meet the axes at (±1, 0) and (0, ±1), so what differs is only the shape
    there, a corner (p ≤ 1, the elastic net) or a smooth curve (p = 2); the square of
    p = ∞ has its corners off the axes."""
    ax = fig.subplots()
    plot_balls(ax, data, colors, size)
    # Beside the ball where the page is wider than tall (the equal aspect leaves the sides
    # free) or the labels are short; under it on the square page, one entry per row. On
    # the slide a figure legend "outside", which the layout keeps inside the padding (an
    # axes legend anchored beside the ball ended 7 px from the right edge)
    if size.wide:
        fig.legend(loc="outside right center")
        ax.set_anchor("E")  # the ball next to its legend, the spare width on the far left
    elif size.compact:
        ax.legend(loc="center left", bbox_to_anchor=(1.04, 0.5))
    else:
        fig.legend(loc="outside lower center")

    net = data.elastic_net
    sharp = [p for p, c in zip(data.ps, data.corners_on_axes, strict=True) if c]
    smooth = [p for p, c in zip(data.ps, data.corners_on_axes, strict=True) if not c]
    return (
        "Unit balls |β₁|^p + |β₂|^p ≤ 1 drawn together for p = "
        + ", ".join(_p_text(p) for p in data.ps)
        + f", and the elastic-net ball α‖β‖₁ + (1 − α)‖β‖₂² ≤ 1 with α = "
        f"{number_text(net.l1_ratio)}. All meet the axes at (±1, 0) and (0, ±1). The balls "
        f"for p = "
        + ", ".join(_p_text(p) for p in sharp)
        + " have corners there"
        + (" (p < 1 is not convex)" if not all(data.convex) else "")
        + (", and so does the elastic net" if net.corners_on_axes else "")
        + ": solutions land on an axis, with a weight exactly 0. The balls for p = "
        + ", ".join(_p_text(p) for p in smooth)
        + " are smooth there (p = ∞ has its corners at (±1, ±1), off the axes)"
        + ("" if net.corners_on_axes else ", and so is the elastic net")
        + ": no exact zeros."
    )


def _style(p: float, colors: Palette) -> tuple[str, str | tuple]:
    """Colour and dash of the ball of ``p``: the L1 and L2 roles where they apply."""
    if p == 1.0:
        return colors.l1, "-"
    if p == 2.0:
        return colors.l2, "-"
    if math.isinf(p):
        return colors.extra, (0, (4, 2))
    return colors.muted, (0, (1.5, 1.5))


def _p_math(p: float) -> str:
    """``p`` as mathtext: ½ as a fraction, ∞ as the symbol."""
    if math.isinf(p):
        return r"\infty"
    if p == 0.5:
        return r"\frac{1}{2}"
    return math_number(p)


def _p_text(p: float) -> str:
    """``p`` for the alt text."""
    return "∞" if math.isinf(p) else number_text(p)


def _p_id(p: float) -> str:
    """``p`` as an artist id (``0.5``, ``1``, ``inf``), for tests to find each ball."""
    return "inf" if math.isinf(p) else number_text(p)

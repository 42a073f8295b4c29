"""Slide figure ``penalties``: |w| against ½w², and their pulls sign(w) against w."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from whyl1.figures.common import FigureSize, axis_lines, number_text, shade_interval, thin_line

from whyl1.results import PenaltiesResult
from whyl1.theme import Palette

REGION_OPACITY = 0.12


def plot_penalties(ax: Axes, data: PenaltiesResult, colors: Palette) -> None:
    """The two penalties, and the small-weight region where L1 charges a weight more than
    the square does (|w| > w²) shaded."""
    w = data.w
    low, high = data.small_weight_region
    shade_interval(
        ax, low, high, colors.l1, REGION_OPACITY, label="$|w| > w^2$", gid="small-weight-region"
    )
    ax.plot(w, data.l1, color=colors.l1, label="L1: $|w|$", gid="l1")
    ax.plot(w, data.l2, color=colors.l2, label=r"L2: $\frac{1}{2}w^2$", gid="l2")
    ax.plot(
        w, w * w, color=colors.l2, linestyle=":", linewidth=thin_line(), label="$w^2$", gid="square"
    )
    top = float(max(data.l1.max(), data.l2.max()))
    ax.set_ylim(-0.05 * top, 1.45 * top)  # w² may leave the top: only its start matters
    ax.set_xlabel("$w$")
    ax.set_title("Penalty")
    ax.legend(loc="upper center", ncols=2)


def plot_pulls(ax: Axes, data: PenaltiesResult, colors: Palette, size: FigureSize) -> None:
    """The pulls toward 0: sign(w) keeps its size all the way to 0 (its subdifferential at
    0 is the whole segment [−1, 1]), w fades with the weight."""
    w = data.w
    left, right = w < 0, w > 0
    for side in (left, right):
        ax.plot(w[side], data.l1_gradient[side], color=colors.l1, gid="l1-gradient")
    ax.plot(
        [0, 0],
        [-1, 1],
        color=colors.l1,
        linewidth=thin_line(),
        linestyle=(0, (2, 2)),
        gid="l1-subdifferential",
    )
    ax.plot(w, data.l2_gradient, color=colors.l2, gid="l2-gradient")
    at_zero = size.detail(r", any value in $[-1, 1]$ at 0")
    ax.lines[0].set_label(r"L1: $\mathrm{sign}(w)$" + at_zero)
    ax.lines[-1].set_label("L2: $w$")
    axis_lines(ax, colors)
    ax.set_xlabel("$w$")
    ax.set_title(size.pick("Gradient (pull toward 0)", compact="Gradient"))
    ax.legend(loc="upper left")
    ax.set_ylim(top=1.45 * max(1.0, float(np.max(data.l2_gradient))))


def draw(
    fig: Figure, data: PenaltiesResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Left: the two penalties. Right: their (sub)gradients."""
    penalties, pulls = fig.subplots(1, 2)
    plot_penalties(penalties, data, colors)
    plot_pulls(pulls, data, colors, size)

    low, high = data.small_weight_region
    w_max = float(np.max(np.abs(data.w)))
    return (
        f"Two panels over w from {number_text(-w_max)} to {number_text(w_max)}. Left: the L1 "
        f"penalty |w| (blue, a V with a corner at 0) and the L2 penalty ½w² (vermillion, a "
        f"smooth parabola); the band |w| > w² for {number_text(low)} < w < {number_text(high)} "
        f"is shaded. Right: their gradients: sign(w) is −1 or +1 for every non-zero weight, "
        f"however small, while w shrinks to 0 with the weight, so L2's pull fades near 0 and "
        f"L1's does not."
    )

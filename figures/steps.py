"""Slide figure ``steps``: L1's constant steps land on exactly 0, L2's halvings never do."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from whyl1.figures.common import (
    FigureSize,
    axis_lines,
    mark_zero,
    math_number,
    number_text,
    thin_line,
)

from whyl1.results import StepsResult
from whyl1.theme import Palette

# Markers show the individual iterates while they can be told apart; beyond that the
# lines alone read better.
MAX_MARKED_STEPS = 40
STEP_TICK_STEPS = [1, 2, 5, 10]  # step numbers ticked at 0, 5, 10, … (or 1s, 2s, 10s)


def iterate_dots(data: StepsResult, size: FigureSize) -> dict[str, Any]:
    """Markers for the iterates: one dot per step while they can be told apart, smaller on
    the print column, where twenty dots side by side in a narrow panel would merge."""
    marker = "o" if data.l1.size <= MAX_MARKED_STEPS + 1 else None
    return {
        "marker": marker,
        "markersize": rcParams["lines.markersize"] * size.pick(1, compact=0.6),
    }


def plot_iterates(ax: Axes, data: StepsResult, colors: Palette, size: FigureSize) -> None:
    """Both iterate sequences on a linear axis, constant steps of ηλ against a factor
    1 − ηλ per step, L1's exact landing on 0 marked."""
    l1, l2 = data.l1, data.l2
    steps = np.arange(l1.size)
    zero_step = data.l1_zero_step
    dots = iterate_dots(data, size)
    l1_rule = r"$w \leftarrow w - \eta\lambda\,\mathrm{sign}(w)$"
    l2_rule = r"$w \leftarrow (1 - \eta\lambda)\,w$"
    # L1 on top: after its landing its line at exactly 0 covers L2's tiny values, which
    # the log panel separates
    ax.plot(steps, l2, color=colors.l2, **dots, label=f"L2: {l2_rule}", gid="l2")
    ax.plot(steps, l1, color=colors.l1, **dots, label=f"L1: {l1_rule}", gid="l1")
    mark_zero(ax, zero_step, 0.0, colors, label=size.detail(f"exactly 0 at step {zero_step}"))
    ax.lines[-1].set_gid("l1-zero")
    axis_lines(ax, colors, y=False)
    ax.set_xlabel("step $k$")
    ax.set_ylabel("$w_k$")
    ax.set_title(size.pick("The iterates $w_k$", compact="Iterates"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=STEP_TICK_STEPS))
    w0 = float(l1[0])
    # The late iterates sit near 0, leaving the far corner (top right, or bottom right
    # for a negative start) free for the legend
    ax.set_ylim(*sorted((-0.08 * w0, 1.15 * w0)))
    handles, labels = ax.get_legend_handles_labels()
    order = [1, 0, *range(2, len(labels))]  # L1, L2, then the zero marker
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper right" if w0 > 0 else "lower right",
    )


def plot_sizes(ax: Axes, data: StepsResult, colors: Palette, size: FigureSize) -> None:
    """The sizes |w| on a log axis, where L2's geometric decay is a straight line that
    never reaches the bottom, while L1 drops off the axis at its zero step: log 0 = −∞."""
    l1, l2 = data.l1, data.l2
    steps = np.arange(l1.size)
    zero_step = data.l1_zero_step
    dots = iterate_dots(data, size)
    nonzero_l1, nonzero_l2 = l1 != 0, l2 != 0
    ax.plot(steps[nonzero_l2], np.abs(l2[nonzero_l2]), color=colors.l2, **dots, gid="l2-log")
    ax.plot(steps[nonzero_l1], np.abs(l1[nonzero_l1]), color=colors.l1, **dots, gid="l1-log")
    ax.set_yscale("log")
    # Room below L2's last value for its label
    sizes = np.abs(np.concatenate([l1[nonzero_l1], l2[nonzero_l2]]))
    ax.set_ylim(sizes.min() / 30.0, sizes.max() * 3.0)
    # L1's last step, to log 0 = −∞: a dashed drop through the bottom of the axis
    last_l1 = float(np.abs(l1[zero_step - 1]))
    drop = {
        "arrowstyle": "-|>",
        "color": colors.l1,
        "linestyle": (0, (3, 2)),
        "linewidth": thin_line(),
        "shrinkA": 0,
        "shrinkB": 0,
    }
    ax.annotate(
        "",
        xy=(zero_step, 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(zero_step - 1, last_l1),
        textcoords="data",
        arrowprops=drop,
        gid="l1-drop",
    )
    late = zero_step > steps[-1] / 2  # label on the side of the drop with more room
    ax.annotate(
        size.pick(f"L1: exactly 0\nat step {zero_step}", compact="L1 = 0"),
        xy=(zero_step, 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(-5 if late else 5, 4),
        textcoords="offset points",
        ha="right" if late else "left",
        va="bottom",
        color=colors.l1,
    )
    last = math_number(data.l2_last, 3)
    ax.annotate(
        size.pick(f"$w_{{{steps[-1]}}} = {last}$", compact=f"${last}$"),
        xy=(steps[-1], abs(data.l2_last)),
        xytext=(0, -8),
        textcoords="offset points",
        ha="right",
        va="top",
        color=colors.l2,
    )
    ax.set_xlabel("step $k$")
    ax.set_ylabel(size.pick("$|w_k|$ (log scale)", compact="$|w_k|$"))
    ax.set_title(size.pick("Log scale: L2 never reaches 0", compact="Log scale"))
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=STEP_TICK_STEPS))


def draw(
    fig: Figure, data: StepsResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Left: the iterates. Right: their sizes on a log axis. Side by side on wide pages and
    the small column; stacked on the square page."""
    linear, log = fig.subplots(2, 1) if size.stacked else fig.subplots(1, 2)
    plot_iterates(linear, data, colors, size)
    plot_sizes(log, data, colors, size)
    log.set_xlim(linear.get_xlim())

    steps, zero_step, last = data.l1.size - 1, data.l1_zero_step, data.l2_last
    return (
        f"Two panels of gradient descent on the penalty alone from w = "
        f"{number_text(float(data.l1[0]))} with ηλ = {number_text(data.l1_step_size)}. Left: "
        f"the L1 update (blue) moves by {number_text(data.l1_step_size)} each step and reaches "
        f"exactly 0 at step {zero_step}, then stays there; the L2 update (vermillion) "
        f"multiplies w by {number_text(data.l2_factor)} each step. Right, on a log scale: L2 "
        f"is a straight line still at {number_text(last)} after {steps} steps and never "
        f"reaches 0, while L1 drops off the scale at step {zero_step}."
    )

"""Slide figure ``steps``: L1's constant steps land on exactly 0, L2's halvings never do."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from whyl1.figures.common import (
    axis_lines,
    is_compact,
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


def draw(fig: Figure, data: StepsResult, values: dict[str, Any], colors: Palette) -> str:
    """Left: both iterate sequences on a linear axis, L1's exact landing on 0 marked.
    Right: their sizes |w| on a log axis, where L2's geometric decay is a straight line
    that never reaches the bottom, while L1 drops off the axis: log 0 = −∞."""
    l1, l2 = data.l1, data.l2
    steps = np.arange(l1.size)
    zero_step = data.l1_zero_step
    compact = is_compact(fig)
    marker = "o" if steps.size <= MAX_MARKED_STEPS + 1 else None
    # Twenty dots side by side in a narrow print panel would merge: smaller there
    dots = {"marker": marker, "markersize": rcParams["lines.markersize"] * (0.6 if compact else 1)}
    # Side by side on wide pages and the small column; stacked on the square page, where
    # side by side would leave each title half the width it needs
    stacked = not compact and fig.get_figheight() > 0.8 * fig.get_figwidth()
    linear, log = fig.subplots(2, 1) if stacked else fig.subplots(1, 2)

    # The iterates: constant steps of ηλ against a factor 1 − ηλ per step
    l1_rule = r"$w \leftarrow w - \eta\lambda\,\mathrm{sign}(w)$"
    l2_rule = r"$w \leftarrow (1 - \eta\lambda)\,w$"
    # L1 on top: after its landing its line at exactly 0 covers L2's tiny values, which
    # the log panel separates
    linear.plot(steps, l2, color=colors.l2, **dots, label=f"L2: {l2_rule}", gid="l2")
    linear.plot(steps, l1, color=colors.l1, **dots, label=f"L1: {l1_rule}", gid="l1")
    zero_label = f"exactly 0 at step {zero_step}"
    mark_zero(linear, zero_step, 0.0, colors, label=None if compact else zero_label)
    linear.lines[-1].set_gid("l1-zero")
    axis_lines(linear, colors, y=False)
    linear.set_xlabel("step $k$")
    linear.set_ylabel("$w_k$")
    linear.set_title("Iterates" if compact else "The iterates $w_k$")
    linear.xaxis.set_major_locator(MaxNLocator(integer=True, steps=STEP_TICK_STEPS))
    w0 = float(l1[0])
    # The late iterates sit near 0, leaving the far corner (top right, or bottom right
    # for a negative start) free for the legend
    linear.set_ylim(*sorted((-0.08 * w0, 1.15 * w0)))
    handles, labels = linear.get_legend_handles_labels()
    order = [1, 0, *range(2, len(labels))]  # L1, L2, then the zero marker
    linear.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper right" if w0 > 0 else "lower right",
    )

    # Sizes on a log axis: L2 a straight line forever, L1 gone at its zero step
    nonzero_l1, nonzero_l2 = l1 != 0, l2 != 0
    log.plot(steps[nonzero_l2], np.abs(l2[nonzero_l2]), color=colors.l2, **dots,
             gid="l2-log")  # fmt: skip
    log.plot(steps[nonzero_l1], np.abs(l1[nonzero_l1]), color=colors.l1, **dots,
             gid="l1-log")  # fmt: skip
    log.set_yscale("log")
    # Room below L2's last value for its label
    sizes = np.abs(np.concatenate([l1[nonzero_l1], l2[nonzero_l2]]))
    log.set_ylim(sizes.min() / 30.0, sizes.max() * 3.0)
    # L1's last step, to log 0 = −∞: a dashed drop through the bottom of the axis
    last_l1 = float(np.abs(l1[zero_step - 1]))
    log.annotate(
        "",
        xy=(zero_step, 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(zero_step - 1, last_l1),
        textcoords="data",
        arrowprops={"arrowstyle": "-|>", "color": colors.l1, "linestyle": (0, (3, 2)),
                    "linewidth": thin_line(), "shrinkA": 0, "shrinkB": 0},
        gid="l1-drop",
    )  # fmt: skip
    late = zero_step > steps[-1] / 2  # label on the side of the drop with more room
    log.annotate(
        "L1 = 0" if compact else f"L1: exactly 0\nat step {zero_step}",
        xy=(zero_step, 0.0),
        xycoords=("data", "axes fraction"),
        xytext=(-5 if late else 5, 4),
        textcoords="offset points",
        ha="right" if late else "left",
        va="bottom",
        color=colors.l1,
    )
    last = data.l2_last
    log.annotate(
        f"${math_number(last, 3)}$" if compact else f"$w_{{{steps[-1]}}} = {math_number(last, 3)}$",
        xy=(steps[-1], abs(last)),
        xytext=(0, -8),
        textcoords="offset points",
        ha="right",
        va="top",
        color=colors.l2,
    )
    log.set_xlabel("step $k$")
    log.set_ylabel("$|w_k|$" if compact else "$|w_k|$ (log scale)")
    log.set_title("Log scale" if compact else "Log scale: L2 never reaches 0")
    log.set_xlim(linear.get_xlim())
    log.xaxis.set_major_locator(MaxNLocator(integer=True, steps=STEP_TICK_STEPS))

    return (
        f"Two panels of gradient descent on the penalty alone from w = {number_text(w0)} with "
        f"ηλ = {number_text(data.l1_step_size)}. Left: the L1 update (blue) moves by "
        f"{number_text(data.l1_step_size)} each step and reaches exactly 0 at step "
        f"{zero_step}, then stays there; the L2 update (vermillion) multiplies w by "
        f"{number_text(data.l2_factor)} each step. Right, on a log scale: L2 is a straight "
        f"line still at {number_text(last)} after {steps[-1]} steps and never reaches 0, "
        f"while L1 drops off the scale at step {zero_step}."
    )

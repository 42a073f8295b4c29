"""Slide figure ``penalties``: |w| against ½w², and their pulls sign(w) against w."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from whyl1.figures.common import axis_lines, is_compact, number_text, thin_line

from whyl1.results import PenaltiesResult
from whyl1.theme import Palette

REGION_OPACITY = 0.12


def draw(fig: Figure, data: PenaltiesResult, values: dict[str, Any], colors: Palette) -> str:
    """Left: the two penalties with the small-weight region where |w| > w² shaded.
    Right: their (sub)gradients; L1's pull keeps size 1 all the way to 0 (its
    subdifferential at 0 is the whole segment [−1, 1]), L2's fades with w."""
    w = data.w
    low, high = data.small_weight_region
    penalties, pulls = fig.subplots(1, 2)

    # The penalties, and where L1 charges a small weight more than the square does
    region = f"|w| > w² for {number_text(low)} < w < {number_text(high)}"
    penalties.axvspan(
        low, high, color=colors.l1, alpha=REGION_OPACITY, linewidth=0, zorder=0,
        label="$|w| > w^2$", gid="small-weight-region",
    )  # fmt: skip
    penalties.plot(w, data.l1, color=colors.l1, label="L1: $|w|$", gid="l1")
    penalties.plot(w, data.l2, color=colors.l2, label=r"L2: $\frac{1}{2}w^2$", gid="l2")
    penalties.plot(w, w * w, color=colors.l2, linestyle=":", linewidth=thin_line(), label="$w^2$",
                   gid="square")  # fmt: skip
    top = float(max(data.l1.max(), data.l2.max()))
    penalties.set_ylim(-0.05 * top, 1.45 * top)  # w² may leave the top: only its start matters
    penalties.set_xlabel("$w$")
    penalties.set_title("Penalty")
    penalties.legend(loc="upper center", ncols=2)

    # The pulls toward 0: sign(w) keeps its size, w fades
    left, right = w < 0, w > 0
    for side in (left, right):
        pulls.plot(w[side], data.l1_gradient[side], color=colors.l1, gid="l1-gradient")
    pulls.plot([0, 0], [-1, 1], color=colors.l1, linewidth=thin_line(), linestyle=(0, (2, 2)),
               gid="l1-subdifferential")  # fmt: skip
    pulls.plot(w, data.l2_gradient, color=colors.l2, gid="l2-gradient")
    at_zero = "" if is_compact(fig) else r", any value in $[-1, 1]$ at 0"
    pulls.lines[0].set_label(r"L1: $\mathrm{sign}(w)$" + at_zero)
    pulls.lines[-1].set_label("L2: $w$")
    axis_lines(pulls, colors)
    pulls.set_xlabel("$w$")
    pulls.set_title("Gradient" if is_compact(fig) else "Gradient (pull toward 0)")
    pulls.legend(loc="upper left")
    pulls.set_ylim(top=1.45 * max(1.0, float(np.max(data.l2_gradient))))

    w_max = float(np.max(np.abs(w)))
    return (
        f"Two panels over w from {number_text(-w_max)} to {number_text(w_max)}. Left: the L1 "
        f"penalty |w| (blue, a V with a corner at 0) and the L2 penalty ½w² (vermillion, a "
        f"smooth parabola); the band {region} is shaded. Right: their gradients: sign(w) is "
        f"−1 or +1 for every non-zero weight, however small, while w shrinks to 0 with the "
        f"weight, so L2's pull fades near 0 and L1's does not."
    )

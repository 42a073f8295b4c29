"""Slide figure ``kink``: w = 0 minimises L(w) + β|w| for a whole interval of slopes L'(0),
but L(w) + βw² only for the single slope 0."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from whyl1.figures.common import axis_lines, is_compact, mark_zero, math_number, number_text

from whyl1.results import KinkObjectives, KinkResult
from whyl1.theme import Palette

INTERVAL_OPACITY = 0.16  # the shaded zero interval [−β, β]
FAINTEST = 0.5  # opacity of the first of several curves; the last is opaque


def draw(fig: Figure, data: KinkResult, values: dict[str, Any], colors: Palette) -> str:
    """Two panels of objectives for the same few losses ½(w − c)², one with the L1 and one
    with the squared penalty, each minimiser dotted (in the zero colour where it is exactly
    0); a third panel of both minimisers against the slope L'(0) = −c, the zero interval
    [−β, β] shaded: L1's minimiser is flat at 0 across it, L2's crosses 0 at one point."""
    beta = data.beta
    low, high = data.zero_interval
    compact = is_compact(fig)
    wide = fig.get_figwidth() > 1.4 * fig.get_figheight()
    axes = fig.subplot_mosaic("ABC" if wide else "AB;CC")
    l1_ax, l2_ax, minimizers = axes["A"], axes["B"], axes["C"]

    # Objectives for a few slopes: L1's minimiser stays at 0 while |L'(0)| ≤ β
    objectives = data.objectives
    _draw_objectives(l1_ax, objectives, "l1", colors.l1, colors, compact)
    _draw_objectives(l2_ax, objectives, "l2", colors.l2, colors, compact)
    if compact:
        # One key for both panels (the shading runs the same way in each), above them: on
        # a small page no corner of the panels stays free once c < 0 moves a curve left
        for ax in (l1_ax, l2_ax):
            ax.get_legend().remove()
        fig.legend(*l1_ax.get_legend_handles_labels(), loc="outside upper center",
                   ncols=objectives.c.size, handlelength=1.2, columnspacing=1.0)  # fmt: skip
    l1_ax.set_title(r"L1: $L(w) + \beta|w|$")
    l2_ax.set_title(r"L2: $L(w) + \beta w^2$")
    # One height for both, a few times the highest minimum: the minima are the story
    top = 2.5 * max(float(objectives.l1_minimum.max()), float(objectives.l2_minimum.max()))
    for ax in (l1_ax, l2_ax):
        ax.set_ylim(-0.06 * top, top)

    # Minimisers against the slope at 0: a flat stretch for L1, a single crossing for L2
    sweep = data.sweep
    slope = sweep.slope_at_zero
    interval = rf"$|L'(0)| \leq \beta = {math_number(beta)}$"
    top = float(np.max(np.abs(sweep.l1_minimizer)))
    top = max(top, float(np.max(np.abs(sweep.l2_minimizer))))
    minimizers.axvspan(low, high, color=colors.zero, alpha=INTERVAL_OPACITY, linewidth=0,
                       zorder=0, gid="zero-interval")  # fmt: skip
    # Named inside the band, at its foot: both minimisers are above −β/(1 + 2β) there
    minimizers.text(0.5 * (low + high), -1.1 * top, interval, ha="center", va="bottom",
                    color=colors.zero)  # fmt: skip
    minimizers.plot(slope, sweep.l1_minimizer, color=colors.l1, gid="l1-minimizer",
                    label=r"L1: $S_\beta(c)$")  # fmt: skip
    minimizers.plot(slope, sweep.l2_minimizer, color=colors.l2, gid="l2-minimizer",
                    label=r"L2: $c/(1 + 2\beta)$")  # fmt: skip
    minimizers.plot(
        [data.slope_at_zero] * 2,
        [data.l1_minimizer, data.l2_minimizer],
        linestyle="none",
        marker="o",
        color=colors.foreground,
        # Smaller on a small page, where w* = 0 and c/(1 + 2β) are only a dot apart
        markersize=(0.5 if compact else 0.7) * rcParams["lines.markersize"],
        zorder=4,
        gid="story-c",
        label=rf"$c = {math_number(data.c)}$",
    )
    axis_lines(minimizers, colors)
    minimizers.set_xlabel("slope $L'(0) = -c$")
    minimizers.set_ylabel(r"$w^\ast$")
    minimizers.set_title("Minimiser $w^\\ast$")
    minimizers.set_ylim(-top * 1.15, top * 1.15)
    # Both minimisers fall as the slope grows, so the upper right quadrant is always free
    minimizers.legend(loc="upper right")

    inside = objectives.c[np.abs(objectives.c) <= beta]
    return (
        f"Three panels for the loss L(w) = ½(w − c)² and β = {number_text(beta)}. Left and "
        f"middle: L(w) + β|w| and L(w) + βw² for c = "
        + ", ".join(number_text(c) for c in objectives.c)
        + ". With the L1 penalty the minimiser is exactly 0 for c = "
        + ", ".join(number_text(c) for c in inside)
        + " (the kink at 0), with the squared penalty it is "
        + ", ".join(number_text(w, 4) for w in objectives.l2_minimizer)
        + f". Right: the minimisers against the slope L'(0) = −c. For every slope in "
        f"[{number_text(low)}, {number_text(high)}] (shaded) the L1 minimiser is exactly 0; "
        f"the L2 minimiser c/(1 + 2β) is 0 only at slope 0. The story's c = "
        f"{number_text(data.c)} gives {number_text(data.l1_minimizer)} with L1 and "
        f"{number_text(data.l2_minimizer, 4)} with L2."
    )


def _draw_objectives(
    ax: Axes, objectives: KinkObjectives, key: str, color: str, colors: Palette, compact: bool
) -> None:
    """One penalty's objectives, faint to strong as c grows, minimisers dotted; an exact 0
    gets the zero marker."""
    w, centers = objectives.w, objectives.c
    opacities = np.linspace(FAINTEST, 1.0, centers.size)
    for i, c in enumerate(centers):
        label = rf"$c = {math_number(c)}$"
        ax.plot(w, getattr(objectives, key)[i], color=color, alpha=opacities[i], label=label,
                gid=f"{key}-objective-{i}")  # fmt: skip
        x = getattr(objectives, f"{key}_minimizer")[i]
        y = getattr(objectives, f"{key}_minimum")[i]
        if x == 0.0:
            mark_zero(ax, x, y, colors)
        else:
            ax.plot([x], [y], marker="o", linestyle="none", color=color,
                    markeredgecolor=colors.background, zorder=5)  # fmt: skip
        if compact:
            ax.lines[-1].set_markersize(0.7 * ax.lines[-1].get_markersize())
        ax.lines[-1].set_gid(f"{key}-minimum-{i}")
    axis_lines(ax, colors, x=False)
    ax.set_xlabel("$w$")
    # "best" finds the freest corner; on a small page the caller moves the key above
    ax.legend(loc="best", handlelength=1.2)

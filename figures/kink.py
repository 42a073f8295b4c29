"""Slide figure ``kink``: w = 0 minimises L(w) + β|w| for a whole interval of slopes L'(0),
but L(w) + βw² only for the single slope 0."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from whyl1.figures.common import (
    FigureSize,
    axis_lines,
    mark_zero,
    math_number,
    number_text,
    shade_interval,
)

from whyl1.results import KinkObjectives, KinkResult
from whyl1.theme import Palette

INTERVAL_OPACITY = 0.16  # the shaded zero interval [−β, β]
FAINTEST = 0.5  # opacity of the first of several curves; the last is opaque


def plot_objectives(
    ax: Axes, objectives: KinkObjectives, key: str, colors: Palette, size: FigureSize
) -> None:
    """One penalty's objectives (``key`` l1 or l2, in its colour) for a few slopes, faint to
    strong as c grows, minimisers dotted; an exact 0 gets the zero marker. L1's minimiser
    stays at 0 while |L'(0)| ≤ β."""
    w, centers, color = objectives.w, objectives.c, getattr(colors, key)
    opacities = np.linspace(FAINTEST, 1.0, centers.size)
    for i, c in enumerate(centers):
        ax.plot(
            w,
            getattr(objectives, key)[i],
            color=color,
            alpha=opacities[i],
            label=rf"$c = {math_number(c)}$",
            gid=f"{key}-objective-{i}",
        )
        x = getattr(objectives, f"{key}_minimizer")[i]
        y = getattr(objectives, f"{key}_minimum")[i]
        if x == 0.0:
            mark_zero(ax, x, y, colors)
        else:
            ax.plot(
                [x],
                [y],
                marker="o",
                linestyle="none",
                color=color,
                markeredgecolor=colors.background,
                zorder=5,
            )
        dot = ax.lines[-1]  # smaller on the print column, where neighbouring minima merge
        dot.set_markersize(size.pick(1.0, compact=0.7) * dot.get_markersize())
        dot.set_gid(f"{key}-minimum-{i}")
    axis_lines(ax, colors, x=False)
    ax.set_xlabel("$w$")
    # "best" finds the freest corner; on a small page the caller moves the key above
    ax.legend(loc="best", handlelength=1.2)


def plot_minimizers(ax: Axes, data: KinkResult, colors: Palette, size: FigureSize) -> None:
    """Both minimisers against the slope L'(0) = −c, the zero interval [−β, β] shaded: L1's
    minimiser is flat at 0 across it, L2's crosses 0 at one point."""
    low, high = data.zero_interval
    sweep = data.sweep
    slope = sweep.slope_at_zero
    top = float(np.max(np.abs(sweep.l1_minimizer)))
    top = max(top, float(np.max(np.abs(sweep.l2_minimizer))))
    shade_interval(ax, low, high, colors.zero, INTERVAL_OPACITY, gid="zero-interval")
    # Named inside the band, at its foot: both minimisers are above −β/(1 + 2β) there
    interval = rf"$|L'(0)| \leq \beta = {math_number(data.beta)}$"
    ax.text(0.5 * (low + high), -1.1 * top, interval, ha="center", va="bottom", color=colors.zero)
    ax.plot(
        slope, sweep.l1_minimizer, color=colors.l1, gid="l1-minimizer", label=r"L1: $S_\beta(c)$"
    )
    ax.plot(
        slope,
        sweep.l2_minimizer,
        color=colors.l2,
        gid="l2-minimizer",
        label=r"L2: $c/(1 + 2\beta)$",
    )
    ax.plot(
        [data.slope_at_zero] * 2,
        [data.l1_minimizer, data.l2_minimizer],
        linestyle="none",
        marker="o",
        color=colors.foreground,
        # Smaller on a small page, where w* = 0 and c/(1 + 2β) are only a dot apart
        markersize=size.pick(0.7, compact=0.5) * rcParams["lines.markersize"],
        zorder=4,
        gid="story-c",
        label=rf"$c = {math_number(data.c)}$",
    )
    axis_lines(ax, colors)
    ax.set_xlabel("slope $L'(0) = -c$")
    ax.set_ylabel(r"$w^\ast$")
    ax.set_title("Minimiser $w^\\ast$")
    ax.set_ylim(-top * 1.15, top * 1.15)
    # Both minimisers fall as the slope grows, so the upper right quadrant is always free
    ax.legend(loc="upper right")


def draw(
    fig: Figure, data: KinkResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Two panels of objectives for the same few losses ½(w − c)², one with the L1 and one
    with the squared penalty; a third panel of both minimisers against the slope L'(0).
    In one row on a wide page; the minimisers under the objectives otherwise."""
    axes = fig.subplot_mosaic("ABC" if size.wide else "AB;CC")
    l1_ax, l2_ax, minimizers = axes["A"], axes["B"], axes["C"]
    objectives = data.objectives
    plot_objectives(l1_ax, objectives, "l1", colors, size)
    plot_objectives(l2_ax, objectives, "l2", colors, size)
    if size.compact:
        # One key for both panels (the shading runs the same way in each), above them: on
        # a small page no corner of the panels stays free once c < 0 moves a curve left
        for ax in (l1_ax, l2_ax):
            ax.get_legend().remove()
        fig.legend(
            *l1_ax.get_legend_handles_labels(),
            loc="outside upper center",
            ncols=objectives.c.size,
            handlelength=1.2,
            columnspacing=1.0,
        )
    l1_ax.set_title(r"L1: $L(w) + \beta|w|$")
    l2_ax.set_title(r"L2: $L(w) + \beta w^2$")
    # One height for both, a few times the highest minimum: the minima are the story
    top = 2.5 * max(float(objectives.l1_minimum.max()), float(objectives.l2_minimum.max()))
    for ax in (l1_ax, l2_ax):
        ax.set_ylim(-0.06 * top, top)
    plot_minimizers(minimizers, data, colors, size)

    beta = data.beta
    low, high = data.zero_interval
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

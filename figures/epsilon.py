"""Slide figure ``epsilon``: shrinking (1, ε) by δ lowers ‖·‖₁ by δ whichever coordinate
shrinks, but ‖·‖₂² by 2δ − δ² against only 2εδ − δ²: L2's returns vanish near 0."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, LogLocator, NullFormatter
from whyl1.figures.common import FigureSize, math_number, number_text, thin_line

from whyl1.results import EpsilonResult
from whyl1.theme import Palette

SMALL_OPACITY = 0.35  # bars for shrinking ε: the same hue, lighter, outlined
DASHED = (0, (3, 2))  # curves for shrinking ε, drawn over the solid "shrink 1" ones


def plot_bars(ax: Axes, data: EpsilonResult, colors: Palette) -> None:
    """The four reductions at the story's ε, grouped by norm, each with its value: L1's two
    equal, squared L2's far apart."""
    bars = (
        (0.0, "l1_shrink_large", colors.l1, 1.0),
        (1.0, "l1_shrink_small", colors.l1, SMALL_OPACITY),
        (2.6, "l2sq_shrink_large", colors.l2, 1.0),
        (3.6, "l2sq_shrink_small", colors.l2, SMALL_OPACITY),
    )
    for x, key, color, opacity in bars:
        value = getattr(data, key)
        ax.bar(
            x,
            value,
            width=0.8,
            color=to_rgba(color, opacity),
            edgecolor=color,
            linewidth=1.2,
            gid=f"bar-{key}",
        )
        ax.annotate(
            number_text(value, 4),
            xy=(x, value),
            xytext=(0, 3),
            textcoords="offset points",
            ha="center",
            va="bottom",
        )
    top = max(float(getattr(data, key)) for _, key, *_ in bars)
    ax.set_ylim(0.0, 1.35 * top)
    ax.set_xticks([x for x, *_ in bars], ["1", r"$\varepsilon$"] * 2)
    ax.set_xlim(-0.7, 4.3)
    ax.set_xlabel(r"coordinate shrunk by $\delta$")
    ax.set_ylabel("reduction of the norm")
    norms = ((0.5, colors.l1, r"L1: $\|x\|_1$"), (3.1, colors.l2, r"L2: $\|x\|_2^2$"))
    for center, color, name in norms:
        ax.text(center, 1.22 * top, name, ha="center", va="center", color=color)
    eps, delta = math_number(data.eps), math_number(data.delta)
    ax.set_title(rf"Shrinking $x = (1,\ {eps})$ by $\delta = {delta}$")


def plot_sweep(ax: Axes, data: EpsilonResult, colors: Palette, size: FigureSize) -> None:
    """The same four reductions as ε varies (δ fixed), the story's ε marked; solid for
    shrinking the 1, dashed for shrinking ε: only squared L2's "shrink ε" curve falls
    toward δ²."""
    eps, sweep = data.eps, data.sweep
    curves = (
        ("l1_shrink_large", colors.l1, "-", r"L1, shrink 1 or $\varepsilon$: $\delta$"),
        ("l1_shrink_small", colors.l1, DASHED, None),  # the same line: one legend entry
        ("l2sq_shrink_large", colors.l2, "-", r"L2, shrink 1: $2\delta - \delta^2$"),
        (
            "l2sq_shrink_small",
            colors.l2,
            DASHED,
            r"L2, shrink $\varepsilon$: $2\varepsilon\delta - \delta^2$",
        ),
    )
    for key, color, style, label in curves:
        ax.plot(sweep.eps, getattr(sweep, key), color=color, linestyle=style, label=label, gid=key)
    # The story's ε, up to just above the curves so it stays clear of the legend
    top = max(float(getattr(sweep, key).max()) for key, *_ in curves)
    ax.plot(
        [eps, eps],
        [0.0, 1.08 * top],
        color=colors.muted,
        linewidth=thin_line(),
        linestyle=":",
        zorder=0,
        label=rf"$\varepsilon = {math_number(eps)}$",
    )
    ax.plot(
        [eps] * 4,
        [getattr(data, key) for key, *_ in curves],
        linestyle="none",
        marker="o",
        color=colors.foreground,
        markersize=0.6 * rcParams["lines.markersize"],
        zorder=4,
        gid="story-eps",
    )
    ax.set_xscale("log")
    # 1-2-5 ticks while they fit (up to about two decades), powers of ten beyond
    decades = np.log10(sweep.eps[-1] / sweep.eps[0])
    subs = (1.0, 2.0, 5.0) if decades <= 2.0 else (1.0,)
    ax.xaxis.set_major_locator(LogLocator(subs=subs))
    ax.xaxis.set_major_formatter(FuncFormatter(lambda value, _: number_text(value)))
    ax.xaxis.set_minor_formatter(NullFormatter())
    ax.set_ylim(0.0, 1.55 * top)  # the legend sits above the curves
    ax.set_xlabel(r"small coordinate $\varepsilon$ (log scale)")
    ax.set_ylabel("reduction of the norm")
    # Without the bars beside it, the panel names δ itself
    shrinking = rf"Shrinking by $\delta = {math_number(data.delta)}$"
    ax.set_title(size.pick(r"As $\varepsilon$ varies", compact=shrinking))
    ax.legend(loc="upper left", ncols=size.pick(2, compact=1))


def draw(
    fig: Figure, data: EpsilonResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Left (top on the square page; not on the small column, which has room for one
    panel): the four reductions at the story's ε as bars. Right: the same four as ε varies."""
    if size.compact:
        sweep_ax = fig.subplots()
    else:
        bars_ax, sweep_ax = fig.subplots(2, 1) if size.stacked else fig.subplots(1, 2)
        plot_bars(bars_ax, data, colors)
    plot_sweep(sweep_ax, data, colors, size)

    eps, delta, sweep = data.eps, data.delta, data.sweep
    return (
        f"Shrinking one coordinate of the vector (1, ε) by δ = {number_text(delta)}. At ε = "
        f"{number_text(eps)} the L1 norm falls by {number_text(data.l1_shrink_large)} "
        f"whichever coordinate shrinks, while the squared L2 norm falls by "
        f"{number_text(data.l2sq_shrink_large)} (2δ − δ²) when the 1 shrinks but only "
        f"{number_text(data.l2sq_shrink_small)} (2εδ − δ²) when ε shrinks. As ε goes from "
        f"{number_text(sweep.eps[-1])} down to {number_text(sweep.eps[0])} the L1 "
        f"reductions stay at {number_text(delta)} and the squared L2 reduction for shrinking "
        f"ε falls to {number_text(sweep.l2sq_shrink_small[0])}: L2 gives diminishing "
        f"returns near zero, L1 does not."
    )

"""Slide figure ``priors``: Gaussian and Laplace priors, their −log (penalties), MAP estimates."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from whyl1.figures.common import FigureSize, axis_lines, guide_line, number_text, shade_interval

from whyl1.results import PriorsResult
from whyl1.theme import Palette

REGION_OPACITY = 0.14
DIGITS = 4
NARROW_DASHES = (0, (4, 1.5))  # the narrow Gaussian is the odd one out, dashed in every panel


PRIORS = ("laplace", "gaussian", "narrow_gaussian")  # the field names of each curve


def zero_interval_text(data: PriorsResult) -> str:
    """The interval of data means where the Laplace MAP is exactly 0, as printed."""
    low, high = data.map.laplace_zero_interval
    return f"[{number_text(low, DIGITS)}, {number_text(high, DIGITS)}]"


def prior_styles(colors: Palette) -> dict[str, dict[str, Any]]:
    """Line style of each prior, the same in every panel: L1 blue, L2 vermillion, and the
    narrow Gaussian in the accent colour, dashed."""
    return {
        "laplace": {"color": colors.l1},
        "gaussian": {"color": colors.l2},
        "narrow_gaussian": {"color": colors.accent, "linestyle": NARROW_DASHES},
    }


def plot_densities(
    ax: Axes, data: PriorsResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> None:
    """The prior densities, labelled with their value at 0: the narrow Gaussian is the
    tallest there."""
    at_zero = data.density_at_zero
    names = {
        "laplace": "L1: Laplace" + size.detail(f", b = {number_text(data.laplace_scale, DIGITS)}"),
        "gaussian": "L2: Gaussian" + size.detail(", σ = 1"),
        "narrow_gaussian": f"narrow Gaussian, σ = {number_text(values['narrow_sigma'])}",
    }
    for name, style in prior_styles(colors).items():
        height = number_text(getattr(at_zero, name), DIGITS)
        label = names[name] + size.detail(f"\n$p(0)$ = {height}")
        ax.plot(data.x, getattr(data, name), label=label, gid=f"density-{name}", **style)
    ax.set_ylim(0, 1.12 * max(getattr(at_zero, name) for name in PRIORS))
    ax.set_xlabel("$w$")
    ax.set_title(size.pick("Prior density $p(w)$", compact="Prior $p(w)$"))


def plot_penalties(ax: Axes, data: PriorsResult, colors: Palette) -> None:
    """The densities' negative logs, the penalties: only the Laplace one has a kink at 0."""
    x, neg_log = data.x, data.neg_log
    for name, style in prior_styles(colors).items():
        ax.plot(x, getattr(neg_log, name), gid=f"penalty-{name}", **style)
    low = min(float(np.min(getattr(neg_log, name))) for name in PRIORS)
    high = max(float(np.max(neg_log.laplace)), float(np.max(neg_log.gaussian)))
    ax.set_ylim(low - 0.08 * (high - low), high + 0.08 * (high - low))
    kink = float(neg_log.laplace[np.argmin(np.abs(x))])
    ax.annotate(
        "kink",
        (0.0, kink),
        xytext=(2.5, 0),
        textcoords="offset fontsize",
        ha="left",
        va="center",
        color=colors.l1,
        arrowprops={"arrowstyle": "->", "color": colors.l1, "shrinkB": 4},
    )
    ax.set_xlabel("$w$")
    ax.set_title(r"Penalty $-\log\,p(w)$")


def plot_map(
    ax: Axes, data: PriorsResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> None:
    """The MAP estimate as the data mean x̄ varies: the Laplace one sticks at exactly 0 on a
    whole interval, the Gaussian ones cross 0 at x̄ = 0 only."""
    fit = data.map
    zero_low, zero_high = fit.laplace_zero_interval
    flat = "Laplace MAP = 0" + size.detail(f"\non {zero_interval_text(data)}")
    shade_interval(ax, zero_low, zero_high, colors.l1, REGION_OPACITY, label=flat)
    guide_line(ax, fit.data_mean, fit.data_mean, colors, label=r"no prior: $\bar x$")
    for name, style in prior_styles(colors).items():
        ax.plot(fit.data_mean, getattr(fit, name), gid=f"map-{name}", **style)
    axis_lines(ax, colors)
    noise = size.detail(f", noise $s$ = {number_text(values['noise_sd'])}")
    ax.set_xlabel(r"data mean $\bar x$" + noise)
    ax.set_title("MAP estimate of $w$")
    ax.legend(loc="lower right")


def draw(
    fig: Figure, data: PriorsResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Densities, their negative logs and the MAP estimate against the data mean x̄: the
    narrow Gaussian is taller at 0 than the Laplace yet its MAP is 0 only at x̄ = 0; the
    Laplace's −log has a kink at 0, and its MAP is exactly 0 on a whole interval. In one
    row on a wide page, the MAP estimate under the other two otherwise."""
    layout = (
        [["density", "penalty", "map"]] if size.wide else [["density", "penalty"], ["map", "map"]]
    )
    axes = fig.subplot_mosaic(layout)
    plot_densities(axes["density"], data, values, colors, size)
    plot_penalties(axes["penalty"], data, colors)
    plot_map(axes["map"], data, values, colors, size)
    # One legend for the three priors, under the panels
    fig.legend(
        handles=axes["density"].get_legend_handles_labels()[0],
        loc="outside lower center",
        ncols=3 if size.wide else 2,
    )

    b, sigma, at_zero = data.laplace_scale, values["narrow_sigma"], data.density_at_zero
    return (
        f"Three panels. Left: the prior densities: Laplace with b = {number_text(b, DIGITS)} "
        f"(unit variance, L1), Gaussian with σ = 1 (L2) and a narrow Gaussian with σ = "
        f"{number_text(sigma)}; at 0 they are {number_text(at_zero.laplace, DIGITS)}, "
        f"{number_text(at_zero.gaussian, DIGITS)} and "
        f"{number_text(at_zero.narrow_gaussian, DIGITS)}, so the narrow Gaussian is the "
        f"tallest. Middle: their negative logs, the penalties: only the Laplace one, |w|/b, "
        f"has a kink at 0. Right: the MAP estimate against the data mean x̄ (noise s = "
        f"{number_text(values['noise_sd'])}): the Laplace MAP is exactly 0 for every x̄ in "
        f"{zero_interval_text(data)}, both Gaussian MAPs are 0 only at x̄ = 0."
    )

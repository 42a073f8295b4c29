"""Slide figure ``priors``: Gaussian and Laplace priors, their −log (penalties), MAP estimates."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib.figure import Figure
from whyl1.figures.common import axis_lines, is_compact, number_text, thin_line

from whyl1.results import PriorsResult
from whyl1.theme import Palette

REGION_OPACITY = 0.14
DIGITS = 4
NARROW_DASHES = (0, (4, 1.5))  # the narrow Gaussian is the odd one out, dashed in every panel


def draw(fig: Figure, data: PriorsResult, values: dict[str, Any], colors: Palette) -> str:
    """Densities, their negative logs and the MAP estimate against the data mean x̄: the
    narrow Gaussian is taller at 0 than the Laplace yet its MAP is 0 only at x̄ = 0; the
    Laplace's −log has a kink at 0, and its MAP is exactly 0 on a whole interval."""
    compact = is_compact(fig)
    wide = fig.get_figwidth() > 1.3 * fig.get_figheight()
    layout = [["density", "penalty", "map"]] if wide else [["density", "penalty"], ["map", "map"]]
    axes = fig.subplot_mosaic(layout)
    density, penalty, estimate = axes["density"], axes["penalty"], axes["map"]
    x, b, sigma = data.x, data.laplace_scale, values["narrow_sigma"]
    at_zero = data.density_at_zero
    styles = {
        "laplace": {"color": colors.l1},
        "gaussian": {"color": colors.l2},
        "narrow_gaussian": {"color": colors.accent, "linestyle": NARROW_DASHES},
    }

    # The densities: the narrow Gaussian is the tallest at 0
    names = {
        "laplace": "L1: Laplace" + ("" if compact else f", b = {number_text(b, DIGITS)}"),
        "gaussian": "L2: Gaussian" + ("" if compact else ", σ = 1"),
        "narrow_gaussian": f"narrow Gaussian, σ = {number_text(sigma)}",
    }
    for name, style in styles.items():
        label = (
            names[name]
            if compact
            else f"{names[name]}\n$p(0)$ = {number_text(getattr(at_zero, name), DIGITS)}"
        )
        density.plot(x, getattr(data, name), label=label, gid=f"density-{name}", **style)
    density.set_ylim(0, 1.12 * max(getattr(at_zero, name) for name in styles))
    density.set_xlabel("$w$")
    density.set_title("Prior $p(w)$" if compact else "Prior density $p(w)$")

    # Their negative logs, the penalties: only the Laplace one has a kink at 0
    neg_log = data.neg_log
    for name, style in styles.items():
        penalty.plot(x, getattr(neg_log, name), gid=f"penalty-{name}", **style)
    low = min(float(np.min(curve)) for curve in (getattr(neg_log, name) for name in styles))
    high = max(float(np.max(neg_log.laplace)), float(np.max(neg_log.gaussian)))
    penalty.set_ylim(low - 0.08 * (high - low), high + 0.08 * (high - low))
    kink = float(neg_log.laplace[np.argmin(np.abs(x))])
    penalty.annotate("kink", (0.0, kink), xytext=(2.5, 0), textcoords="offset fontsize",
                     ha="left", va="center", color=colors.l1,
                     arrowprops={"arrowstyle": "->", "color": colors.l1, "shrinkB": 4})  # fmt: skip
    penalty.set_xlabel("$w$")
    penalty.set_title(r"Penalty $-\log\,p(w)$")

    # The MAP estimate as the data mean x̄ varies: Laplace's sticks at exactly 0 on an interval
    fit = data.map
    zero_low, zero_high = fit.laplace_zero_interval
    interval = f"[{number_text(zero_low, DIGITS)}, {number_text(zero_high, DIGITS)}]"
    flat = "Laplace MAP = 0" + ("" if compact else f"\non {interval}")
    estimate.axvspan(zero_low, zero_high, color=colors.l1, alpha=REGION_OPACITY, linewidth=0,
                     zorder=0, label=flat)  # fmt: skip
    estimate.plot(fit.data_mean, fit.data_mean, color=colors.muted, linewidth=thin_line(),
                  linestyle=(0, (3, 2)), label=r"no prior: $\bar x$")  # fmt: skip
    for name, style in styles.items():
        estimate.plot(fit.data_mean, getattr(fit, name), gid=f"map-{name}", **style)
    axis_lines(estimate, colors)
    estimate.set_xlabel(
        r"data mean $\bar x$"
        + ("" if compact else f", noise $s$ = {number_text(values['noise_sd'])}")
    )
    estimate.set_title("MAP estimate of $w$")
    estimate.legend(loc="lower right")

    # One legend for the three priors, under the panels
    fig.legend(handles=density.get_legend_handles_labels()[0], loc="outside lower center",
               ncols=3 if wide else 2)  # fmt: skip

    return (
        f"Three panels. Left: the prior densities: Laplace with b = {number_text(b, DIGITS)} "
        f"(unit variance, L1), Gaussian with σ = 1 (L2) and a narrow Gaussian with σ = "
        f"{number_text(sigma)}; at 0 they are {number_text(at_zero.laplace, DIGITS)}, "
        f"{number_text(at_zero.gaussian, DIGITS)} and "
        f"{number_text(at_zero.narrow_gaussian, DIGITS)}, so the narrow Gaussian is the "
        f"tallest. Middle: their negative logs, the penalties: only the Laplace one, |w|/b, "
        f"has a kink at 0. Right: the MAP estimate against the data mean x̄ (noise s = "
        f"{number_text(values['noise_sd'])}): the Laplace MAP is exactly 0 for every x̄ in "
        f"{interval}, both Gaussian MAPs are 0 only at x̄ = 0."
    )

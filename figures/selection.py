"""Slide figure ``selection``: lasso against ridge weights for 1,000 candidate features."""

from __future__ import annotations

import math
from typing import Any

import matplotlib
import numpy as np
from matplotlib.figure import Figure
from whyl1.figures.common import axis_lines, is_compact, mark_zero, number_text, thin_line

from whyl1.results import SelectionResult
from whyl1.theme import Palette


def draw(fig: Figure, data: SelectionResult, values: dict[str, Any], colors: Palette) -> str:
    """Left: weight magnitudes sorted from largest, on a log rank axis: the lasso's drop to
    exactly 0 just after the features that matter, ridge's long tail of small non-zero
    weights. Right: each fitted weight against the true one, so the lasso's exact zeros
    and its few false positives are visible as points."""
    compact = is_compact(fig)
    lasso, ridge, truth = data.lasso_coefs, data.ridge_coefs, data.true_coefs
    total = lasso.size
    sorted_panel, versus = fig.subplots(1, 2)

    # Sorted magnitudes: symlog so exact zeros sit on the axis and small weights stay visible
    rank = np.arange(1, total + 1)
    magnitudes = {
        name: np.sort(np.abs(w))[::-1]
        for name, w in (("lasso", lasso), ("ridge", ridge), ("truth", truth))
    }
    kept, relevant = data.lasso_nonzero, data.relevant
    lasso_label = f"L1: lasso, {kept:,} non-zero"
    if not compact:
        lasso_label += (
            f"\n({data.true_positives:,} true, {data.false_positives:,} false positive"
            f"{'' if data.false_positives == 1 else 's'})"
        )
    sorted_panel.plot(
        rank,
        magnitudes["truth"],
        color=colors.muted,
        linestyle=(0, (3, 2)),
        linewidth=thin_line(),
        label=f"true weights, {relevant:,} non-zero",
        gid="sorted-truth",
    )
    sorted_panel.plot(
        rank,
        magnitudes["ridge"],
        color=colors.l2,
        gid="sorted-ridge",
        label=f"L2: ridge, {data.ridge_nonzero:,} non-zero",
    )
    sorted_panel.plot(
        rank, magnitudes["lasso"], color=colors.l1, gid="sorted-lasso", label=lasso_label
    )
    if kept < total:  # the first exact zero of the lasso
        mark_zero(sorted_panel, kept + 1, 0.0, colors)
    # The linear part of symlog ends at the decade of the smallest non-zero weight, so
    # every non-zero weight, however small, shows above the exact zeros
    nonzero = np.concatenate([w[w > 0] for w in magnitudes.values()] + [np.ones(1)])
    smallest = float(np.min(nonzero))
    sorted_panel.set_yscale("symlog", linthresh=10.0 ** math.floor(math.log10(smallest)))
    sorted_panel.set_xscale("log")
    sorted_panel.set_xlim(1, total)
    sorted_panel.set_ylim(bottom=0)
    sorted_panel.set_xlabel("rank (largest first)")
    sorted_panel.set_ylabel(r"$|w|$")
    sorted_panel.set_title("Sorted weights")

    # Fitted against true: 950 true zeros stack on the vertical axis
    size = (0.55 * matplotlib.rcParams["lines.markersize"]) ** 2
    versus.plot(
        [truth.min(), truth.max()],
        [truth.min(), truth.max()],
        color=colors.muted,
        linewidth=thin_line(),
        linestyle=(0, (3, 2)),
        zorder=1,
    )
    versus.scatter(
        truth,
        ridge,
        s=size,
        color=colors.l2,
        alpha=0.7,
        linewidths=0,
        zorder=2,
        gid="ridge-vs-true",
    )
    versus.scatter(
        truth, lasso, s=size, color=colors.l1, linewidths=0, zorder=3, gid="lasso-vs-true"
    )
    zeros = total - kept
    at_zero = f"{zeros:,} at 0" if compact else f"{zeros:,} lasso weights exactly 0"
    mark_zero(versus, 0.0, 0.0, colors, label=at_zero)
    axis_lines(versus, colors)
    versus.set_xlabel("true weight")
    versus.set_ylabel("fitted weight")
    # Wider than its panel on the print column, where it would run off the page
    versus.set_title("Fitted vs true" if compact else "Fitted against true")
    versus.legend(loc="upper left", handletextpad=0.3)

    fig.legend(
        handles=sorted_panel.get_legend_handles_labels()[0][::-1],
        loc="outside lower center",
        ncols=1 if compact else (3 if fig.get_figwidth() > 1.3 * fig.get_figheight() else 2),
    )

    n_samples, lam = values["n_samples"], values["lam"]
    return (
        f"Two panels for a synthetic regression with {n_samples:,} samples and {total:,} "
        f"candidate features, of which {relevant:,} have a true non-zero weight, fitted with "
        f"λ = {number_text(lam)}. Left: weight magnitudes sorted from largest on a log rank "
        f"axis: the lasso "
        f"keeps {kept:,} non-zero weights ({data.true_positives:,} true positives, "
        f"{data.false_positives:,} false positives, {data.false_negatives:,} missed) and "
        f"sets the other {zeros:,} to exactly 0; ridge keeps all {data.ridge_nonzero:,} "
        f"non-zero. Right: each fitted weight against its true weight; the lasso's zeros sit "
        f"on one point at the origin, ridge's weights for irrelevant features spread along the "
        f"vertical axis."
    )

"""Slide figure ``selection``: lasso against ridge weights for 1,000 candidate features."""

from __future__ import annotations

import math
from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from whyl1.figures.common import FigureSize, axis_lines, guide_line, mark_zero, number_text

from whyl1.results import SelectionResult
from whyl1.theme import Palette


def plot_sorted(ax: Axes, data: SelectionResult, colors: Palette, size: FigureSize) -> None:
    """Weight magnitudes sorted from largest, on a log rank axis: the lasso's drop to exactly
    0 just after the features that matter, ridge's long tail of small non-zero weights."""
    lasso, ridge, truth = data.lasso_coefs, data.ridge_coefs, data.true_coefs
    total = lasso.size
    rank = np.arange(1, total + 1)
    magnitudes = {
        name: np.sort(np.abs(w))[::-1]
        for name, w in (("lasso", lasso), ("ridge", ridge), ("truth", truth))
    }
    kept = data.lasso_nonzero
    plural = "" if data.false_positives == 1 else "s"
    counts = f"({data.true_positives:,} true, {data.false_positives:,} false positive{plural})"
    truth_label = f"true weights, {data.relevant:,} non-zero"
    guide_line(ax, rank, magnitudes["truth"], colors, label=truth_label, gid="sorted-truth")
    ax.plot(
        rank,
        magnitudes["ridge"],
        color=colors.l2,
        gid="sorted-ridge",
        label=f"L2: ridge, {data.ridge_nonzero:,} non-zero",
    )
    ax.plot(
        rank,
        magnitudes["lasso"],
        color=colors.l1,
        gid="sorted-lasso",
        label=f"L1: lasso, {kept:,} non-zero" + size.detail(f"\n{counts}"),
    )
    if kept < total:  # the first exact zero of the lasso
        mark_zero(ax, kept + 1, 0.0, colors)
    # Symlog, so exact zeros sit on the axis and small weights stay visible: its linear part
    # ends at the decade of the smallest non-zero weight, so every non-zero weight, however
    # small, shows above the exact zeros
    nonzero = np.concatenate([w[w > 0] for w in magnitudes.values()] + [np.ones(1)])
    smallest = float(np.min(nonzero))
    ax.set_yscale("symlog", linthresh=10.0 ** math.floor(math.log10(smallest)))
    ax.set_xscale("log")
    ax.set_xlim(1, total)
    ax.set_ylim(bottom=0)
    ax.set_xlabel("rank (largest first)")
    ax.set_ylabel(r"$|w|$")
    ax.set_title("Sorted weights")


def plot_fitted(ax: Axes, data: SelectionResult, colors: Palette, size: FigureSize) -> None:
    """Each fitted weight against the true one, so the lasso's exact zeros (the true zeros
    stack on the vertical axis) and its few false positives are visible as points."""
    lasso, ridge, truth = data.lasso_coefs, data.ridge_coefs, data.true_coefs
    dot = (0.55 * matplotlib.rcParams["lines.markersize"]) ** 2  # scatter sizes are areas
    diagonal = [truth.min(), truth.max()]  # fitted = true
    guide_line(ax, diagonal, diagonal, colors, zorder=1)
    ax.scatter(
        truth, ridge, s=dot, color=colors.l2, alpha=0.7, linewidths=0, zorder=2, gid="ridge-vs-true"
    )
    ax.scatter(truth, lasso, s=dot, color=colors.l1, linewidths=0, zorder=3, gid="lasso-vs-true")
    zeros = lasso.size - data.lasso_nonzero
    at_zero = size.pick(f"{zeros:,} lasso weights exactly 0", compact=f"{zeros:,} at 0")
    mark_zero(ax, 0.0, 0.0, colors, label=at_zero)
    axis_lines(ax, colors)
    ax.set_xlabel("true weight")
    ax.set_ylabel("fitted weight")
    # Wider than its panel on the print column, where it would run off the page
    ax.set_title(size.pick("Fitted against true", compact="Fitted vs true"))
    ax.legend(loc="upper left", handletextpad=0.3)


def draw(
    fig: Figure, data: SelectionResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Left: the sorted weight magnitudes. Right: fitted against true weights. The key of the
    left panel under both, in as many columns as the page has room for."""
    sorted_panel, versus = fig.subplots(1, 2)
    plot_sorted(sorted_panel, data, colors, size)
    plot_fitted(versus, data, colors, size)
    fig.legend(
        handles=sorted_panel.get_legend_handles_labels()[0][::-1],
        loc="outside lower center",
        ncols=1 if size.compact else (3 if size.wide else 2),
    )

    total, kept, relevant = data.lasso_coefs.size, data.lasso_nonzero, data.relevant
    zeros = total - kept
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

"""Slide figure ``thresholding``: the lasso's sparse region A_L has area, ridge's A_R has none."""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.patches import Polygon
from whyl1.figures.common import (
    FigureSize,
    axis_lines,
    guide_line,
    number_text,
    shade_interval,
    thin_line,
)

from whyl1.results import ThresholdingResult
from whyl1.theme import Palette

REGION_OPACITY = 0.16
MARGIN = 0.08  # of the window, around the draws shown
DIGITS = 4  # probabilities as the scene prints them


def cross(gamma: float, reach: float) -> np.ndarray:
    """Outline of ``{|x| ≤ γ or |y| ≤ γ}`` cut at ``±reach``: the region A_L, 12 corners."""
    g, r = gamma, reach
    quarter = [(g, g), (r, g), (r, -g), (g, -g)]  # the right arm, turned four times
    turns = [np.array([[1, 0], [0, 1]]), np.array([[0, 1], [-1, 0]])]
    turns += [turns[1] @ turns[1], turns[1] @ turns[1] @ turns[1]]
    return np.concatenate([np.array(quarter) @ turn for turn in turns])


def plot_regions(
    ax: Axes, data: ThresholdingResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> None:
    """The β̂ plane: A_L shaded, A_R drawn on the axes, the sampled β̂ and the true β."""
    gamma, points = data.gamma, data.points
    beta_hat, sparse = points.beta_hat, points.lasso_sparse
    # The window: the draws shown and the cross's centre square, with a margin
    corners = np.vstack([beta_hat, [[-2 * gamma, -2 * gamma], [2 * gamma, 2 * gamma]]])
    low, high = corners.min(axis=0), corners.max(axis=0)
    low, high = low - MARGIN * (high - low), high + MARGIN * (high - low)
    reach = 2.0 * float(np.max(np.abs([low, high])))  # the regions run past the window
    exact, mc = data.p_sparse_lasso, data.p_sparse_lasso_mc
    stderr = number_text(data.p_sparse_lasso_mc_stderr, 2)
    monte_carlo = f"\nMonte Carlo {number_text(mc, DIGITS)} ± {stderr}"
    region = Polygon(
        cross(gamma, reach),
        closed=True,
        facecolor=to_rgba(colors.l1, REGION_OPACITY),
        edgecolor="none",
        zorder=0,
        label=rf"$A_L$ (lasso): $P$ = {number_text(exact, DIGITS)}" + size.detail(monte_carlo),
        gid="A_L",
    )
    ax.add_patch(region)
    label_r = rf"$A_R$ (ridge): $P$ = {number_text(data.p_sparse_ridge)}"
    ax.plot(
        [-reach, reach],
        [0, 0],
        color=colors.l2,
        linewidth=thin_line(),
        zorder=1,
        label=label_r,
        gid="A_R",
    )
    ax.plot([0, 0], [-reach, reach], color=colors.l2, linewidth=thin_line(), zorder=1)

    # The sampled β̂: filled where the lasso zeroes a coordinate, hollow where it keeps both
    dot = (0.7 * matplotlib.rcParams["lines.markersize"]) ** 2  # scatter sizes are areas
    filled = {"color": colors.l1, "linewidths": 0}
    hollow = {"facecolor": "none", "edgecolor": colors.muted, "linewidths": 0.8}
    samples = (
        (sparse, filled, r"$\hat\beta$ in $A_L$", "samples-sparse"),
        (~sparse, hollow, r"$\hat\beta$ elsewhere", "samples-dense"),
    )
    for shown, style, label, gid in samples:
        ax.scatter(*beta_hat[shown].T, s=dot, **style, zorder=3, label=label, gid=gid)
    ax.plot(
        *values["beta"],
        marker="X",
        linestyle="none",
        color=colors.foreground,
        markeredgecolor=colors.background,
        zorder=4,
        label=r"$\beta$",
        gid="beta",
        markersize=1.3 * matplotlib.rcParams["lines.markersize"],
    )
    ax.set_xlim(low[0], high[0])
    ax.set_ylim(low[1], high[1])
    ax.set_aspect("equal")
    ax.set_xlabel(r"$\hat\beta_1$")
    ax.set_ylabel(r"$\hat\beta_2$")
    ax.set_title("Where a weight is 0")


def plot_estimates(ax: Axes, data: ThresholdingResult, colors: Palette, size: FigureSize) -> None:
    """One coordinate's estimate against β̂ⱼ: soft-thresholding is flat at 0 on [−γ, γ],
    ridge a line through 0."""
    curve, gamma = data.curves, data.gamma
    band = rf"$|\hat\beta_j| \leq \gamma$ = {number_text(gamma)}"
    shade_interval(ax, -gamma, gamma, colors.l1, REGION_OPACITY, label=band)
    no_penalty = "no penalty" + size.detail(r": $\hat\beta_j$")
    guide_line(ax, curve.beta_hat, curve.beta_hat, colors, label=no_penalty)
    soft = r"$\mathrm{sign}(\hat\beta_j)(|\hat\beta_j| - \gamma)^+$"
    estimates = (
        ("lasso", colors.l1, size.pick(f"L1: {soft}", compact="L1: soft-threshold")),
        ("ridge", colors.l2, size.pick(r"L2: $\hat\beta_j/(1 + \gamma)$", compact="L2: shrink")),
    )
    for key, color, label in estimates:
        ax.plot(curve.beta_hat, getattr(curve, key), color=color, gid=key, label=label)
    axis_lines(ax, colors)
    ax.set_xlabel(r"$\hat\beta_j$")
    ax.set_aspect("equal")  # slopes 1, 1/(1 + γ) and 0 as they are
    ax.set_title(size.pick("Lasso and ridge estimate", compact="Estimates"))
    ax.legend(loc="upper left")


def draw(
    fig: Figure, data: ThresholdingResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Left: the β̂ plane with the lasso's sparse region A_L (a cross of half-width γ, positive
    area) and ridge's A_R (the axes, area 0), the sampled β̂ and both probabilities.
    Right: the two estimates of one coordinate as functions of β̂ⱼ."""
    plane, shrink = fig.subplots(1, 2, width_ratios=(1.0, 1.25))
    plot_regions(plane, data, values, colors, size)
    count = len(data.points.beta_hat)
    shown = f"{count:,} of {data.samples:,} draws of " + r"$\hat\beta$ shown"
    fig.legend(
        handles=plane.get_legend_handles_labels()[0],
        loc="outside lower center",
        ncols=size.pick(3, compact=2),
        title=size.pick(shown, compact=None),
    )
    plot_estimates(shrink, data, colors, size)

    gamma, beta = data.gamma, values["beta"]
    return (
        f"Two panels for an orthogonal design with β = ({number_text(beta[0])}, "
        f"{number_text(beta[1])}), σ = {number_text(values['sigma'])}, γ = {number_text(gamma)}. "
        f"Left: the plane of β̂ with the lasso's sparse region A_L, a shaded cross of "
        f"half-width {number_text(gamma)} around the axes, and ridge's region A_R, the axes "
        f"themselves; {number_text(len(data.points.beta_hat))} sampled β̂. "
        f"P(lasso sparse) = {number_text(data.p_sparse_lasso, DIGITS)} exactly and "
        f"{number_text(data.p_sparse_lasso_mc, DIGITS)} by Monte Carlo over "
        f"{data.samples:,} draws; P(ridge sparse) = 0. Right: soft-thresholding "
        f"is exactly 0 for |β̂ⱼ| ≤ {number_text(gamma)}, ridge β̂ⱼ/(1 + γ) is 0 only at 0."
    )

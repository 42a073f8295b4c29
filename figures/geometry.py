"""Slide figure ``geometry``: ESL Figure 3.11, the loss contour touching the diamond and disk."""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.colors import to_rgba
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties
from matplotlib.patches import Circle, Polygon
from matplotlib.transforms import offset_copy
from whyl1.figures.common import FigureSize, axis_lines, mark_zero, number_text, thin_line

from whyl1 import maths
from whyl1.results import GeometryCase, GeometryResult
from whyl1.theme import Palette

BALL_OPACITY = 0.14
DIGITS = 4  # coordinates as the scene's readouts show them
MARGIN = 0.12  # of the data's span, around the balls and β̂


def point_text(point: np.ndarray) -> str:
    """``(x, y)`` with ``number_text`` coordinates, so an exact 0 prints as ``0``."""
    return f"({number_text(float(point[0]), DIGITS)}, {number_text(float(point[1]), DIGITS)})"


def plot_ball(
    ax: Axes, data: GeometryResult, case: GeometryCase, kind: str, colors: Palette
) -> None:
    """One ball (``kind`` lasso: the diamond, ridge: the disk) with the loss contour of
    ``case`` through its touching point, β̂ and the constrained solution."""
    t, hessian = data.t, data.hessian
    color = colors.l1 if kind == "lasso" else colors.l2
    if kind == "lasso":
        ball = Polygon(maths.diamond_vertices(t), closed=True)
    else:
        ball = Circle((0.0, 0.0), t)
    ball.set(facecolor=to_rgba(color, BALL_OPACITY), edgecolor=color, linewidth=thin_line())
    ball.set_gid(f"{kind}-ball")
    ax.add_patch(ball)

    # Contours of the loss: fainter inner ones, then the one that first touches the ball
    level = case.lasso_level if kind == "lasso" else case.ridge_level
    for fraction in (0.15, 0.45):
        inner = maths.ellipse_contour(case.center, hessian, fraction * level)
        ax.plot(*inner.T, color=colors.loss, linewidth=0.5 * thin_line(), alpha=0.7, zorder=2)
    touching = maths.ellipse_contour(case.center, hessian, level)
    ax.plot(*touching.T, color=colors.loss, linewidth=thin_line(), zorder=3, gid=f"{kind}-contour")

    # β̂ and the constrained solution, with their coordinates in the legend
    center = case.center
    solution = case.lasso if kind == "lasso" else case.ridge
    ax.plot(
        *center,
        "o",
        color=colors.loss,
        markeredgecolor=colors.background,
        zorder=4,
        gid="center",
        label=rf"$\hat\beta$ {point_text(center)}",
    )
    name = r"$\beta^*_{\mathrm{L1}}$" if kind == "lasso" else r"$\beta^*_{\mathrm{L2}}$"
    label = f"{name} {point_text(solution)}"
    if kind == "lasso" and case.lasso_on_corner:
        mark_zero(ax, *solution, colors, label=label)
        ax.lines[-1].set_gid("lasso-solution")
    else:
        ax.plot(
            *solution,
            "o",
            color=color,
            markeredgecolor=colors.background,
            zorder=5,
            gid=f"{kind}-solution",
            label=label,
        )
    axis_lines(ax, colors)
    ax.set_aspect("equal")


def place_readouts(ax: Axes, size: FigureSize, below_labels: bool) -> None:
    """β̂ and β* with coordinates beside the panel on a wide page, under it otherwise
    (below the tick labels and axis label if the panel has them): never over the data."""
    if size.wide:
        place = {"loc": "center left", "bbox_to_anchor": (1.0, 0.5)}
    else:
        rc = matplotlib.rcParams
        drop = rc["xtick.major.size"] + rc["xtick.major.pad"]  # clear of the ticks
        if below_labels:  # and of a line of tick labels, the axis label and its pad
            drop += 1.2 * font_points(rc["xtick.labelsize"])
            drop += rc["axes.labelpad"] + 1.2 * font_points(rc["axes.labelsize"])
        below = offset_copy(ax.transAxes, fig=ax.get_figure(), y=-drop, units="points")
        place = {"loc": "upper center", "bbox_to_anchor": (0.5, 0.0), "bbox_transform": below}
    ax.legend(**place, handletextpad=0.2, handlelength=0.8, borderaxespad=0.0)


def font_points(size: float | str) -> float:
    """A font size from rcParams in points (they may be named, like ``"small"``)."""
    return FontProperties(size=size).get_size_in_points()


def draw(
    fig: Figure, data: GeometryResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Top row: a β̂ whose growing contours first touch the diamond at a corner (one weight
    exactly 0) and the disk off the axes. Bottom row: a β̂ touched on the diamond's edge,
    the honest case where the lasso keeps both weights."""
    t = data.t
    cases = (data, data.edge_case)
    axes = fig.subplots(2, 2, sharex=True, sharey=True)

    # One square window for all four panels: the balls and both β̂, with a margin
    points = np.array([[-t, -t], [t, t], data.center, data.edge_case.center])
    low, high = points.min(axis=0), points.max(axis=0)
    half = (0.5 + MARGIN) * float(np.max(high - low))  # square, so the layout knows its shape
    middle = 0.5 * (low + high)
    for row, case in zip(axes, cases, strict=True):
        for ax, kind in zip(row, ("lasso", "ridge"), strict=True):
            plot_ball(ax, data, case, kind, colors)
            place_readouts(ax, size, below_labels=ax in axes[1])
    axes[0, 0].set_xlim(middle[0] - half, middle[0] + half)
    axes[0, 0].set_ylim(middle[1] - half, middle[1] + half)

    # Titles name the balls; row labels say where the diamond is touched
    axes[0, 0].set_title(r"L1: $\|\beta\|_1 \leq t$", color=colors.l1)
    axes[0, 1].set_title(r"L2: $\|\beta\|_2 \leq t$", color=colors.l2)
    zero_names = " and ".join(f"$\\beta_{i + 1}$" for i in data.lasso_zero_coordinates)
    # The catalogue checks which case is which
    rows = ("corner" + size.detail(f": {zero_names} = 0"), "edge: no zero")
    for ax, text in zip(axes[:, 0], rows, strict=True):
        # The row label over β₂ where there is height for two lines, before it on print
        ax.set_ylabel(text + size.pick("\n", compact=", ") + "$\\beta_2$")
    for ax in axes[1]:
        ax.set_xlabel(r"$\beta_1$")

    edge = data.edge_case
    return (
        f"ESL Figure 3.11 in two rows of two panels: left the L1 diamond, right the L2 disk, "
        f"both of budget t = {number_text(t)}, with the elliptical loss contour that first "
        f"touches each. Top: for β̂ = {point_text(data.center)} the diamond is touched at "
        f"the corner {point_text(data.lasso)}, so a weight is exactly 0; the disk at "
        f"{point_text(data.ridge)}, no zero. Bottom: for β̂ = {point_text(edge.center)} "
        f"the diamond is touched on an edge at {point_text(edge.lasso)} (no zero) and the "
        f"disk at {point_text(edge.ridge)}."
    )

"""Slide figure ``path``: lasso and ridge paths on the diabetes data, the lasso's exits to 0 marked.

Colour: every lasso line is L1 blue and every ridge line L2 vermillion, the meaning
colour has in every whyl1 figure; ten extra hues would each be read as a method (a
blue feature "is L1"). Features are told apart by their names at the line ends.
"""

from __future__ import annotations

from typing import Any

import matplotlib
import numpy as np
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from whyl1.figures.common import FigureSize, axis_lines, mark_zero, number_text

from whyl1.results import PathResult
from whyl1.theme import Palette

DIGITS = 4
LABEL_GAP = 1.15  # line heights between two feature labels


def spread(positions: np.ndarray, gap: float) -> np.ndarray:
    """Label heights as close to ``positions`` as they can be while at least ``gap`` apart
    (same order), so ten names at the line ends do not print over each other."""
    order = np.argsort(positions)
    placed = np.array(positions, dtype=float)[order]
    for i in range(1, placed.size):  # push up what overlaps from below
        placed[i] = max(placed[i], placed[i - 1] + gap)
    shift = (placed - np.sort(positions)).mean()  # then centre the block on the lines
    placed -= shift
    for i in range(placed.size - 2, -1, -1):  # keep the gaps after centring
        placed[i] = min(placed[i], placed[i + 1] - gap)
    result = np.empty_like(placed)
    result[order] = placed
    return result


def plot_paths(ax: Axes, data: PathResult, kind: str, colors: Palette, size: FigureSize) -> None:
    """The ``kind`` path (``lasso`` or ``ridge``), one line per feature against λ (largest λ
    on the left), all in the method's colour."""
    if kind == "lasso":
        lambdas, coefs, color = data.lambdas, data.lasso_coefs, colors.l1
    else:
        lambdas, coefs, color = data.ridge_lambdas, data.ridge_coefs, colors.l2
    ax.set_gid(kind)
    for name, coef in zip(data.feature_names, coefs, strict=True):
        ax.plot(
            lambdas,
            coef,
            color=color,
            linewidth=0.8 * matplotlib.rcParams["lines.linewidth"],
            gid=f"{kind}-{name}",
        )
    ax.set_xscale("log")
    ax.set_xlim(lambdas.max(), lambdas.min())
    axis_lines(ax, colors, y=False)
    ax.set_xlabel(size.pick(r"$\lambda$ (log scale)", compact=r"$\lambda$"))


def mark_exits(ax: Axes, data: PathResult, colors: Palette) -> None:
    """Where each lasso coefficient becomes 0 for good: the exact knot of the path."""
    exits = data.lasso_exit_lambdas
    for k, lam in enumerate(exits[np.isfinite(exits)]):
        mark_zero(ax, float(lam), 0.0, colors, label=None if k else "becomes exactly 0")
        ax.lines[-1].set_gid("exit")
    ax.legend(loc="upper left", handletextpad=0.3)


def end_labels(ax: Axes, ends: np.ndarray, names: tuple[str, ...], colors: Palette) -> None:
    """Feature names right of the smallest λ, at their coefficients, spread apart; call it
    once the y range is final."""
    fig = ax.get_figure()
    low, high = ax.get_ylim()
    height_points = ax.get_position().height * fig.get_figheight() * 72.0
    size = matplotlib.rcParams["xtick.labelsize"]
    points = matplotlib.font_manager.FontProperties(size=size).get_size_in_points()
    gap = LABEL_GAP * points * (high - low) / height_points
    for name, y in zip(names, spread(ends, gap), strict=True):
        ax.annotate(
            name,
            (1.0, y),
            xycoords=("axes fraction", "data"),
            xytext=(3, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            fontsize=size,
            color=colors.foreground,
            annotation_clip=False,
        )


def draw(
    fig: Figure, data: PathResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Left: the lasso path; as λ grows each coefficient reaches exactly 0 and stays there
    (marked at the exact knot). Right: the ridge path; every coefficient only shrinks."""
    names = data.feature_names
    lasso, ridge = fig.subplots(1, 2, sharey=True)
    plot_paths(lasso, data, "lasso", colors, size)
    plot_paths(ridge, data, "ridge", colors, size)
    lasso.set_ylabel("coefficient")
    lasso.set_title("L1: lasso", color=colors.l1)
    ridge.set_title("L2: ridge", color=colors.l2)
    mark_exits(lasso, data, colors)

    # Names at the line ends (smallest λ), after the y range is final
    top = float(np.max(np.abs(np.concatenate([data.lasso_coefs, data.ridge_coefs]))))
    lasso.set_ylim(-1.08 * top, 1.08 * top)
    end_labels(lasso, data.lasso_coefs[:, np.argmin(data.lambdas)], names, colors)
    end_labels(ridge, data.ridge_coefs[:, np.argmin(data.ridge_lambdas)], names, colors)

    exits = data.lasso_exit_lambdas
    shown = np.isfinite(exits)
    order = np.argsort(exits[shown])
    leaving = ", ".join(
        f"{np.array(names)[shown][i]} at λ = {number_text(exits[shown][i], DIGITS)}" for i in order
    )
    ridge_lambdas = data.ridge_lambdas
    return (
        f"Two panels of regularization paths on the diabetes data ({len(names)} features, "
        f"coefficient against λ on a log scale, largest λ on the left). Left, the lasso: as λ "
        f"grows the coefficients become exactly 0 one by one, marked: {leaving}; above "
        f"λ = {number_text(float(np.max(data.lambdas)), DIGITS)} all are 0. Right, ridge "
        f"from λ = {number_text(float(np.min(ridge_lambdas)), DIGITS)} to "
        f"{number_text(float(np.max(ridge_lambdas)), DIGITS)}: every coefficient shrinks "
        f"toward 0 and none reaches it ({int(np.min(data.ridge_nonzero))} of {len(names)} "
        f"non-zero at every λ)."
    )

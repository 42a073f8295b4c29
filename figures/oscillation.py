"""Slide figure ``oscillation``: the plain subgradient step bounces around 0 for ever; the clamp
and the proximal step land on it, and with a data loss a smaller η shrinks the bounce."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.axes import Axes
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from whyl1.figures.common import FigureSize, axis_lines, guide_line, mark_zero, number_text

from whyl1.results import OscillationResult
from whyl1.theme import Palette

MAX_MARKED_STEPS = 40  # beyond this many iterates, dots would merge into the line
STEP_TICK_STEPS = [1, 2, 5, 10]  # step numbers ticked at 0, 5, 10, … (or 1s, 2s, 10s)


def dot_size(size: FigureSize) -> float:
    """Marker size of the iterates and amplitudes: smaller on the print column, where
    neighbouring dots would merge."""
    return rcParams["lines.markersize"] * size.pick(1.0, compact=0.6)


def plot_iterates(ax: Axes, data: OscillationResult, colors: Palette, size: FigureSize) -> None:
    """The three L1 iterations from the same start. The plain subgradient step overshoots 0
    and bounces between two values for ever; the clamp and the proximal (soft-threshold)
    step stop at exactly 0 (identical without a data loss)."""
    plain, clamp, prox = data.subgradient, data.clamp, data.prox
    steps = np.arange(plain.size)
    zero_step = data.clamp_zero_step
    marker = "o" if steps.size <= MAX_MARKED_STEPS + 1 else None
    bounce = plain[-2:]  # the last two iterates: the two values it bounces between
    rule, prox_rule = r": $w - \eta\lambda\,\mathrm{sign}(w)$", r": $S_{\eta\lambda}(w)$"
    # The cures as plain lines underneath, so the bouncing dots stay visible on top
    ax.plot(
        steps,
        clamp,
        color=colors.accent,
        linewidth=2.2 * rcParams["lines.linewidth"],
        gid="clamp",
        label=size.pick("clamp at 0", compact="clamp"),
        zorder=2,
    )
    ax.plot(
        steps,
        prox,
        color=colors.extra,
        linestyle=(0, (2, 1.5)),
        gid="prox",
        label="prox" + size.detail(prox_rule),
        zorder=2.1,
    )
    ax.plot(
        steps,
        plain,
        color=colors.l1,
        marker=marker,
        markersize=dot_size(size),
        gid="subgradient",
        label="subgradient" + size.detail(rule),
        zorder=3,
    )
    mark_zero(ax, zero_step, 0.0, colors, size.detail(f"exactly 0 at step {zero_step}"))
    ax.lines[-1].set_gid("zero")
    axis_lines(ax, colors, y=False)
    for value in bounce:
        ax.annotate(
            number_text(value),
            xy=(steps[-1], value),
            xytext=(6, 0),
            textcoords="offset points",
            va="center",
            ha="left",
            color=colors.l1,
        )
    w0 = float(plain[0])
    low, high = sorted((w0, 0.0))
    span = high - low
    ax.set_ylim(min(low, bounce.min()) - 0.08 * span, max(high, bounce.max()) + 0.1 * span)
    ax.set_xlim(-0.5, steps[-1] * 1.12)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True, steps=STEP_TICK_STEPS))
    ax.set_xlabel("step $k$")
    ax.set_ylabel("$w_k$")
    ax.set_title(size.pick("Bouncing, or landing on 0", compact="The bounce"))
    handles, labels = ax.get_legend_handles_labels()
    order = [2, 0, 1, *range(3, len(labels))]  # subgradient, clamp, prox, then the zero
    ax.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper right" if w0 > 0 else "lower right",
    )


def plot_bounce(ax: Axes, data: OscillationResult, colors: Palette, size: FigureSize) -> None:
    """With the data loss ½a(w − c)², the late bounce of the plain step against η: a line
    through the origin, so halving η halves the bounce but never removes it."""
    etas, amplitudes = data.with_data.etas, data.with_data.amplitudes
    largest = int(np.argmax(etas))
    # A guide through the origin and the largest η's point: the others lie on it
    guide_line(ax, [0.0, etas[largest]], [0.0, amplitudes[largest]], colors, gid="proportional")
    ax.plot(
        etas,
        amplitudes,
        linestyle="none",
        marker="o",
        markersize=dot_size(size),
        color=colors.l1,
        gid="amplitudes",
    )
    ax.set_xlim(0.0, etas.max() * 1.1)
    ax.set_ylim(0.0, amplitudes.max() * 1.15)
    ax.set_xlabel(r"learning rate $\eta$")
    ax.set_ylabel(size.pick("late bounce (peak to peak)", compact="late bounce"))
    ax.set_title(size.pick(r"With data: bounce $\propto \eta$", compact="With data"))


def draw(
    fig: Figure, data: OscillationResult, values: dict[str, Any], colors: Palette, size: FigureSize
) -> str:
    """Left (top on the square page): the bounce and its cures. Right: the bounce with a
    data loss, against η."""
    iterates, sweep = (
        fig.subplots(2, 1, height_ratios=[1.4, 1])
        if size.stacked
        else fig.subplots(1, 2, width_ratios=[1.6, 1])
    )
    plot_iterates(iterates, data, colors, size)
    plot_bounce(sweep, data, colors, size)

    plain, zero_step, with_data = data.subgradient, data.clamp_zero_step, data.with_data
    etas, amplitudes = with_data.etas, with_data.amplitudes
    by_eta = np.argsort(etas)
    a, c = values["data_curvature"], values["data_center"]
    return (
        f"Two panels. Left: L1 descent from w = {number_text(float(plain[0]))} with ηλ = "
        f"{number_text(data.step_size)}. The plain subgradient step (blue) reaches "
        f"{number_text(plain[zero_step - 1])} and then bounces between {number_text(plain[-2])} "
        f"and {number_text(plain[-1])} for ever; the clamp (orange) and the proximal "
        f"soft-threshold step (light blue, dashed) land on exactly 0 at step {zero_step} and "
        f"stay. Right: with the data loss ½·{number_text(a)}·(w − {number_text(c)})², whose "
        f"optimum is {number_text(with_data.optimum)}, the late bounce of the plain step is "
        + ", ".join(
            f"{number_text(amplitudes[i], 3)} at η = {number_text(etas[i])}" for i in by_eta[::-1]
        )
        + ": roughly proportional to η, smaller but never 0."
    )

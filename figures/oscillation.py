"""Slide figure ``oscillation``: the plain subgradient step bounces around 0 for ever; the clamp
and the proximal step land on it, and with a data loss a smaller η shrinks the bounce."""

from __future__ import annotations

from typing import Any

import numpy as np
from matplotlib import rcParams
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator
from whyl1.figures.common import axis_lines, is_compact, mark_zero, number_text, thin_line

from whyl1.results import OscillationResult
from whyl1.theme import Palette

MAX_MARKED_STEPS = 40  # beyond this many iterates, dots would merge into the line
STEP_TICK_STEPS = [1, 2, 5, 10]  # step numbers ticked at 0, 5, 10, … (or 1s, 2s, 10s)


def draw(fig: Figure, data: OscillationResult, values: dict[str, Any], colors: Palette) -> str:
    """Left: the three L1 iterations from the same start. The plain subgradient step
    overshoots 0 and bounces between two values for ever; the clamp and the proximal
    (soft-threshold) step stop at exactly 0. Right: with the data loss ½a(w − c)², the
    late bounce of the plain step against η: a line through the origin, so halving η
    halves the bounce but never removes it."""
    plain, clamp, prox = data.subgradient, data.clamp, data.prox
    steps = np.arange(plain.size)
    zero_step = data.clamp_zero_step
    sweep = data.with_data
    compact = is_compact(fig)
    stacked = not compact and fig.get_figheight() > 0.8 * fig.get_figwidth()
    iterates, sweep_ax = (
        fig.subplots(2, 1, height_ratios=[1.4, 1])
        if stacked
        else fig.subplots(1, 2, width_ratios=[1.6, 1])
    )
    marker = "o" if steps.size <= MAX_MARKED_STEPS + 1 else None
    size = rcParams["lines.markersize"] * (0.6 if compact else 1.0)

    # The bounce, and the two cures that land on 0 (identical without a data loss)
    bounce = plain[-2:]  # the last two iterates: the two values it bounces between
    rule, prox_rule = r": $w - \eta\lambda\,\mathrm{sign}(w)$", r": $S_{\eta\lambda}(w)$"
    # The cures as plain lines underneath, so the bouncing dots stay visible on top
    iterates.plot(steps, clamp, color=colors.accent, linewidth=2.2 * rcParams["lines.linewidth"],
                  gid="clamp", label="clamp" if compact else "clamp at 0", zorder=2)  # fmt: skip
    iterates.plot(steps, prox, color=colors.extra, linestyle=(0, (2, 1.5)), gid="prox",
                  label="prox" + ("" if compact else prox_rule), zorder=2.1)  # fmt: skip
    iterates.plot(steps, plain, color=colors.l1, marker=marker, markersize=size, gid="subgradient",
                  label="subgradient" + ("" if compact else rule), zorder=3)  # fmt: skip
    landed = None if compact else f"exactly 0 at step {zero_step}"
    mark_zero(iterates, zero_step, 0.0, colors, landed)
    iterates.lines[-1].set_gid("zero")
    axis_lines(iterates, colors, y=False)
    for value in bounce:
        iterates.annotate(
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
    iterates.set_ylim(min(low, bounce.min()) - 0.08 * span, max(high, bounce.max()) + 0.1 * span)
    iterates.set_xlim(-0.5, steps[-1] * 1.12)
    iterates.xaxis.set_major_locator(MaxNLocator(integer=True, steps=STEP_TICK_STEPS))
    iterates.set_xlabel("step $k$")
    iterates.set_ylabel("$w_k$")
    iterates.set_title("The bounce" if compact else "Bouncing, or landing on 0")
    handles, labels = iterates.get_legend_handles_labels()
    order = [2, 0, 1, *range(3, len(labels))]  # subgradient, clamp, prox, then the zero
    iterates.legend(
        [handles[i] for i in order],
        [labels[i] for i in order],
        loc="upper right" if w0 > 0 else "lower right",
    )

    # With a data loss: the late bounce shrinks in proportion to η
    etas, amplitudes = sweep.etas, sweep.amplitudes
    largest = int(np.argmax(etas))
    # A guide through the origin and the largest η's point: the others lie on it
    sweep_ax.plot([0.0, etas[largest]], [0.0, amplitudes[largest]], color=colors.muted,
                  linewidth=thin_line(), linestyle=(0, (3, 2)), gid="proportional")  # fmt: skip
    sweep_ax.plot(etas, amplitudes, linestyle="none", marker="o", markersize=size, color=colors.l1,
                  gid="amplitudes")  # fmt: skip
    sweep_ax.set_xlim(0.0, etas.max() * 1.1)
    sweep_ax.set_ylim(0.0, amplitudes.max() * 1.15)
    sweep_ax.set_xlabel(r"learning rate $\eta$")
    sweep_ax.set_ylabel("late bounce" if compact else "late bounce (peak to peak)")
    title = "With data" if compact else r"With data: bounce $\propto \eta$"
    sweep_ax.set_title(title)

    by_eta = np.argsort(etas)
    a, c = values["data_curvature"], values["data_center"]
    return (
        f"Two panels. Left: L1 descent from w = {number_text(w0)} with ηλ = "
        f"{number_text(data.step_size)}. The plain subgradient step (blue) reaches "
        f"{number_text(plain[zero_step - 1])} and then bounces between {number_text(bounce[0])} "
        f"and {number_text(bounce[1])} for ever; the clamp (orange) and the proximal "
        f"soft-threshold step (light blue, dashed) land on exactly 0 at step {zero_step} and "
        f"stay. Right: with the data loss ½·{number_text(a)}·(w − {number_text(c)})², whose "
        f"optimum is {number_text(sweep.optimum)}, the late bounce of the plain step is "
        + ", ".join(
            f"{number_text(amplitudes[i], 3)} at η = {number_text(etas[i])}" for i in by_eta[::-1]
        )
        + ": roughly proportional to η, smaller but never 0."
    )

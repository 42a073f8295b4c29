"""Questions on gradient steps and norms: the steps, oscillation and epsilon stories."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from whyl1.quiz.build import (
    DIGITS,
    choice_question,
    factor,
    n,
    number_choice,
    numeric_question,
    wrong,
)
from whyl1.quiz.model import Moment, Option, Question, numeric_option
from whyl1.results import EpsilonResult, OscillationResult, StepsResult

# ---------------------------------------------------------------------------
# steps
# ---------------------------------------------------------------------------


def steps_questions(v: Mapping[str, Any], r: StepsResult) -> list[Question]:
    """When L1's constant step lands on 0, and where L2's halving is by then."""
    w0, s, f, z = v["w0"], r.l1_step_size, r.l2_factor, r.l1_zero_step
    assert z is not None  # the catalogue refuses a start that never lands
    distance = abs(w0)
    landing = numeric_question(
        numeric_option(
            z,
            True,
            f"Right: every step removes the same ηλ = {n(s)}, so |w| = {n(distance)} "
            f"is used up after {n(distance)}/{n(s)} = {z} steps, and sign(0) = 0 keeps w there.",
            whole=True,
        ),
        [
            numeric_option(
                z + 1,
                False,
                f"Off by one: the start w = {n(w0)} is step 0, not step 1. After k "
                f"steps |w| = {n(distance)} − k·{n(s)}, which is 0 at k = {z}.",
                "counting the start as a step",
                whole=True,
            ),
            numeric_option(
                z - 1,
                False,
                f"One step short: after {z - 1} steps w is still {n(r.l1[z - 1])}, "
                f"exactly one step of {n(s)} away from 0.",
                "stopping one step early",
                whole=True,
            ),
            numeric_option(
                distance * s,
                False,
                f"That multiplies the distance {n(distance)} by the step "
                f"{n(s)}; the number of steps is the distance divided by the step: "
                f"{n(distance)}/{n(s)} = {z}.",
                "multiplying instead of dividing",
                whole=float(distance * s).is_integer(),
            ),
        ],
        id="steps-l1-landing",
        story="steps",
        title="Step by step: when does L1 land on 0?",
        prompt=f"Gradient descent on the L1 penalty λ|w| alone moves the weight by ηλ·sign(w) "
        f"each step. From w = {n(w0)} with η = {n(v['eta'])} and λ = {n(v['lam'])} (a step "
        f"of ηλ = {n(s)}), after how many steps is w exactly 0? (A whole number.)",
        explanation=f"L1's gradient sign(w) keeps its full size all the way down to 0, so "
        f"every step is the same ηλ = {n(s)} and w lands on exactly 0 after {z} steps; there "
        "sign(0) = 0 and it stays. L2's gradient λw fades with w, so its steps shrink and "
        "it never arrives.",
        other_feedback=f"Not quite. L1's step keeps its size ηλ = {n(s)} all the way down, so "
        f"w reaches 0 after |w₀|/ηλ = {z} steps. If you expected it never to get there, "
        "that is L2, whose steps shrink with w.",
        moment=Moment("steps", "landing"),
        computed=True,
    )

    # Where L2 is when L1 lands, at step z (the catalogue keeps every iterate up to n, and
    # so z, a normal double, so it is held exactly)
    k, at_k = z, float(r.l2[z])
    slips = [
        number_choice(
            0.0,
            False,
            f"L2 never gets to exactly 0: each step keeps the fraction {n(f)} "
            "of w, and a fraction of a non-zero number is non-zero. Only L1's constant step "
            "lands on 0.",
            "L2 lands on 0 too",
        ),
        number_choice(
            at_k * f,
            False,
            f"That is (1 − ηλ)^{k + 1}·w₀, one factor too many: step 0 is the start w₀ itself.",
            "one factor too many",
        ),
        number_choice(
            -at_k,
            False,
            f"L2's factor 1 − ηλ = {n(f)} is positive, so w keeps its sign "
            "and approaches 0 from one side; it does not overshoot.",
            "L2 overshoots 0",
        ),
    ]
    if k > 0:
        one_short = number_choice(
            r.l2[k - 1],
            False,
            f"That is (1 − ηλ)^{k - 1}·w₀, one factor short: {k} "
            f"steps multiply w₀ by (1 − ηλ) {k} times.",
            "one factor too few",
        )
        slips.insert(1, one_short)
    l2_where = choice_question(
        number_choice(
            at_k,
            True,
            f"Right: w = (1 − ηλ)^{k}·w₀ = {n(f)}^{k}·{factor(w0)} = {n(at_k)}. Small, "
            f"but not 0: a fraction {n(f)} of something non-zero is never zero.",
        ),
        slips,
        id="steps-l2-at-landing",
        story="steps",
        title="Step by step: where is L2 by then?",
        prompt=f"Same start w₀ = {n(w0)}, now with the L2 penalty ½λw²: each step multiplies w "
        f"by 1 − ηλ = {n(f)}. What is w after {k} steps, when L1 has just landed on 0?",
        explanation=f"L2's step is ηλ·w, a fixed fraction of w, so it shrinks with the weight: "
        f"after {k} steps w = {n(f)}^{k}·{factor(w0)} = {n(at_k)}, and after {len(r.l2) - 1} still "
        f"{n(r.l2_last)}. It never reaches 0, while L1 sits on exactly 0 from step {z} on.",
        moment=Moment("steps", "zoom"),
        computed=True,
    )
    return [landing, l2_where]


# ---------------------------------------------------------------------------
# oscillation
# ---------------------------------------------------------------------------


def oscillation_questions(v: Mapping[str, Any], r: OscillationResult) -> list[Question]:
    """The bounce over 0 of the plain subgradient step, and what cures it."""
    plain, s = r.subgradient, r.step_size
    crossings = np.flatnonzero(plain[1:] * plain[:-1] < 0)  # the story guarantees one
    turn = int(crossings[0])
    near, over, back = (float(plain[turn + i]) for i in range(3))
    w0 = v["w0"]
    bounce = numeric_question(
        numeric_option(
            over,
            True,
            f"Right: the plain step always moves ηλ = {n(s)} against sign(w), so "
            f"from {n(near)} it jumps over 0 to {n(over)}, and from there back to {n(back)}.",
        ),
        [
            numeric_option(
                0.0,
                False,
                f"It would land on 0 only if {n(w0)} were a whole number of steps "
                f"ηλ = {n(s)} from 0. From {n(near)} a full step of {n(s)} jumps over 0.",
                "it lands on 0 as it does from w = 5",
            ),
            numeric_option(
                near,
                False,
                "The plain step does not look ahead or stop: it always moves "
                f"ηλ = {n(s)} against sign(w). Stopping at 0 is the clamp, another rule.",
                "the step stops when it would overshoot",
            ),
            numeric_option(
                -near,
                False,
                f"The step is ηλ = {n(s)}, not twice the distance to 0: from "
                f"{n(near)} it lands at {n(over)}, not at the mirror image {n(-near)}.",
                "the bounce mirrors the weight",
            ),
            numeric_option(
                near * (1 - s),
                False,
                f"That multiplies w by 1 − ηλ = {n(1 - s)}, which is L2's "
                "step. L1's step subtracts ηλ·sign(w).",
                "using L2's step",
            ),
        ],
        id="oscillation-bounce",
        story="oscillation",
        title="The bounce: the step after",
        prompt=f"Plain subgradient descent on λ|w| alone: w ← w − ηλ·sign(w), with ηλ = "
        f"{n(s)}. From w = {n(w0)} the weight walks toward 0 until w = {n(near)}, less than "
        f"one step from 0. What is the next iterate? {DIGITS}",
        explanation=f"The plain step is ±ηλ = ±{n(s)} whatever the size of w, so from "
        f"{n(near)} it overshoots 0 to {n(over)}, and from there it points back to {n(back)}. "
        "The weight loops around 0 for ever; only the clamp or the proximal step lands on 0.",
        other_feedback=f"Not quite: the plain step always moves ηλ = {n(s)} against sign(w), so "
        f"from {n(near)} it goes to {n(over)}, then back to {n(back)}: a loop around 0 that "
        "never ends.",
        moment=Moment("oscillation", "loop"),
        computed=True,
    )

    sweep = r.with_data
    last = len(plain) - 1
    cures = [
        wrong(
            "Running more steps",
            "the bounce dies out in time",
            f"More steps do not help: the bounce never shrinks, and step {last} is still "
            f"{n(plain[last])}.",
        ),
        wrong(
            "Stopping once |w| < ηλ",
            "stopping early gives the zero",
            f"Stopping leaves w where it is, at {n(near)}: small, but not 0. The step itself "
            "has to be cut short (the clamp) or thresholded (the proximal step).",
        ),
    ]
    if np.all(sweep.amplitudes > 0):  # a smaller η is no cure only while every bounce remains
        cures.insert(
            1,
            wrong(
                "A smaller learning rate η",
                "a small enough η reaches 0",
                "A smaller η only narrows the bounce: with a data loss it is "
                f"{n(sweep.amplitudes[0])} wide at η = {n(sweep.etas[0])} and still "
                f"{n(sweep.amplitudes[-1])} at "
                f"η = {n(sweep.etas[-1])}, roughly in proportion to η, but never 0.",
            ),
        )
    if s < 1:  # at ηλ = 1 the L2 step would jump to 0 at once, and above it overshoots
        cures.append(
            wrong(
                "The L2 penalty instead",
                "L2 reaches 0 too",
                f"L2's step multiplies w by 1 − ηλ = {n(1 - s)}: it shrinks w but never makes it "
                "exactly 0.",
            )
        )
    cure = choice_question(
        Option(
            "The proximal step w ← sign(w)·max(|w| − ηλ, 0)",
            True,
            f"Right: soft-thresholding maps every w within ηλ = {n(s)} of 0 to exactly 0, so "
            f"the iterates land on 0 at step {r.prox_zero_step} and stay (so does the clamp).",
        ),
        cures,
        id="oscillation-cure",
        story="oscillation",
        title="The bounce: the cure",
        prompt=f"From w = {n(w0)} with ηλ = {n(s)}, the plain subgradient step ends up bouncing "
        f"between {n(near)} and {n(over)} for ever. Which change makes the weight exactly 0?",
        explanation="The plain step cannot land on 0 unless the start is a whole number of "
        "steps away. The clamp (stop at 0 instead of crossing it) and the proximal step "
        f"(soft-threshold by ηλ) both land on exactly 0, here at step {r.prox_zero_step}; "
        "fewer, smaller or more steps only shrink or prolong the bounce.",
        moment=Moment("oscillation", "prox"),
        computed=True,
    )
    return [bounce, cure]


# ---------------------------------------------------------------------------
# epsilon
# ---------------------------------------------------------------------------


def epsilon_questions(v: Mapping[str, Any], r: EpsilonResult) -> list[Question]:
    """How much each norm of (1, ε) falls when ε shrinks by δ, and what happens near 0."""
    eps, delta = r.eps, r.delta
    small, large = r.l2sq_shrink_small, r.l2sq_shrink_large
    shrink = numeric_question(
        numeric_option(
            small,
            True,
            f"Right: ε² − (ε − δ)² = 2εδ − δ² = {n(small)}, against "
            f"2δ − δ² = {n(large)} for the large coordinate.",
        ),
        [
            numeric_option(
                r.l1_shrink_small,
                False,
                f"{n(r.l1_shrink_small)} = δ is how much the L1 norm "
                "falls, whichever coordinate shrinks. The squared L2 norm falls by "
                "ε² − (ε − δ)² = 2εδ − δ².",
                "the L1 answer",
            ),
            numeric_option(
                large,
                False,
                f"That is 2δ − δ², what shrinking the large coordinate 1 gives. "
                f"Shrinking ε gives only 2εδ − δ² = {n(small)}.",
                "shrinking the large one",
            ),
            numeric_option(
                2 * eps * delta,
                False,
                f"Almost: ε² − (ε − δ)² = 2εδ − δ²; the −δ² = −{n(delta**2)} is missing.",
                "forgetting the −δ²",
            ),
            numeric_option(
                delta**2,
                False,
                "δ² is the square of the shrink, not the change of the square: "
                "ε² − (ε − δ)² = 2εδ − δ².",
                "squaring the shrink",
            ),
            numeric_option(
                (eps - delta) ** 2,
                False,
                f"(ε − δ)² = {n((eps - delta) ** 2)} is what is left of ε², not how much it "
                f"fell: ε² − (ε − δ)² = {n(small)}.",
                "what is left for what fell",
            ),
        ],
        id="epsilon-shrink",
        story="epsilon",
        title="Diminishing returns: shrinking ε",
        prompt=f"Take x = (1, ε) with ε = {n(eps)} and shrink the small coordinate ε by "
        f"δ = {n(delta)}. By how much does the squared L2 norm ‖x‖₂² = 1 + ε² fall? {DIGITS}",
        explanation=f"Shrinking ε by δ lowers ‖x‖₁ by δ = {n(delta)}, exactly as much as "
        f"shrinking the 1 does. It lowers ‖x‖₂² by only 2εδ − δ² = {n(small)}, against "
        f"2δ − δ² = {n(large)} for the large coordinate: near 0, L2 gains almost nothing from "
        "pushing a small weight further, L1 gains the same δ.",
        other_feedback=f"Not quite: ‖x‖₂² falls by ε² − (ε − δ)² = 2εδ − δ² = {n(small)}.",
        moment=Moment("epsilon", "shrink"),
        computed=True,
    )

    sweep = r.sweep
    if len(np.unique(sweep.eps)) == 1:  # δ = 1 = ε: no smaller ε to go to, no question
        return [shrink]
    top, bottom = float(sweep.eps[-1]), float(sweep.eps[0])
    l2_top, l2_bottom = float(sweep.l2sq_shrink_small[-1]), float(sweep.l2sq_shrink_small[0])
    near_zero = choice_question(
        Option(
            "‖x‖₁ keeps falling by δ; ‖x‖₂² falls by less and less",
            True,
            f"Right: ‖x‖₁ falls by δ = {n(delta)} at every ε, while ‖x‖₂² falls by 2εδ − δ², "
            f"from {n(l2_top)} at ε = {n(top)} down to {n(l2_bottom)} at ε = {n(bottom)}.",
        ),
        [
            wrong(
                "Both fall by less and less",
                "L1 has diminishing returns too",
                f"‖x‖₁ falls by exactly δ = {n(delta)} at every ε, from ε = {n(top)} down to "
                f"{n(bottom)}: the L1 norm charges the last bit of a weight as much as the first.",
            ),
            wrong(
                "Both keep falling by δ",
                "every norm rewards shrinking alike",
                f"‖x‖₂² falls by 2εδ − δ²: {n(l2_top)} at ε = {n(top)} but only {n(l2_bottom)} "
                f"at ε = {n(bottom)}.",
            ),
            wrong(
                "‖x‖₂² keeps falling by δ; ‖x‖₁ falls by less and less",
                "L1 and L2 swapped",
                f"It is the other way round: ‖x‖₁ falls by δ = {n(delta)} at every ε, ‖x‖₂² by "
                f"2εδ − δ², which shrinks with ε (to {n(l2_bottom)} at ε = {n(bottom)}).",
            ),
        ],
        id="epsilon-near-zero",
        story="epsilon",
        title="Diminishing returns: near zero",
        prompt=f"Keep the shrink δ = {n(delta)} fixed and let the small coordinate ε of "
        f"x = (1, ε) go from {n(top)} down toward 0 (never below δ). How do the reductions of "
        "‖x‖₁ and ‖x‖₂² from shrinking ε change?",
        explanation="L1 gives the same reward δ for shrinking a coordinate however small it "
        "already is, so driving a small weight all the way to 0 still pays. Squared L2's "
        "reward 2εδ − δ² fades with ε: diminishing returns near zero, so L2 stops short of it.",
        moment=Moment("epsilon", "near-zero"),
        computed=True,
    )
    return [shrink, near_zero]

"""Questions on where a penalised optimum sits: the kink, geometry, thresholding and priors
stories."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np

from whyl1 import maths
from whyl1.quiz.build import (
    DIGITS,
    choice_question,
    n,
    number_choice,
    numeric_question,
    point,
    wrong,
)
from whyl1.quiz.model import Moment, Option, Question, numeric_option
from whyl1.results import GeometryResult, KinkResult, PriorsResult, ThresholdingResult

# ---------------------------------------------------------------------------
# kink
# ---------------------------------------------------------------------------


def kink_questions(v: Mapping[str, Any], r: KinkResult) -> list[Question]:
    """What L(w) + β|w| chooses for the story's loss, and which slopes give an exact zero."""
    c, beta = r.c, r.beta
    l1_min, l2_min = float(r.l1_minimizer) + 0.0, float(r.l2_minimizer)
    low, high = r.zero_interval
    sign_c = float(np.sign(c))
    right = (
        f"Right: |L'(0)| = {n(abs(c))} ≤ β = {n(beta)}, so the kink of β|w| at 0 absorbs the "
        "slope and the minimiser is exactly 0."
        if l1_min == 0
        else f"Right: |L'(0)| = {n(abs(c))} > β = {n(beta)}, so the minimiser leaves 0: "
        f"w = c − β·sign(c) = {n(l1_min)}. Were |c| ≤ β it would be exactly 0."
    )
    choose = choice_question(
        number_choice(l1_min, True, right),
        [
            number_choice(
                l2_min,
                False,
                f"That is the minimiser of L(w) + βw², c/(1 + 2β) = {n(l2_min)}: "
                "the smooth penalty only scales c down. The kink of β|w| sets w to exactly 0 "
                "whenever |c| ≤ β.",
                "the smooth penalty's answer",
            ),
            number_choice(
                c,
                False,
                f"{n(c)} minimises L alone; adding β|w| pulls the minimiser toward 0 by up to β.",
                "the penalty does not move the minimum",
            ),
            number_choice(
                c - beta * sign_c,
                False,
                f"c − β·sign(c) = {n(c - beta * sign_c)} treats β|w| "
                "as one straight line; past 0 the slope of |w| flips, so the minimiser stops at "
                "exactly 0.",
                "ignoring the kink",
            ),
            number_choice(
                0.0,
                False,
                f"0 wins only while |L'(0)| = |c| ≤ β; here |c| = {n(abs(c))} > "
                f"β = {n(beta)}, so the minimiser moves off 0 to {n(l1_min)}.",
                "the kink always wins",
            ),
            number_choice(
                beta,
                False,
                f"β = {n(beta)} is the largest slope |L'(0)| for which w = 0 is "
                "optimal, not the minimiser itself.",
                "the interval's edge for the minimiser",
            ),
            number_choice(
                -beta,
                False,
                f"−β = {n(-beta)} is an end of the interval of slopes that give "
                "w = 0, not a minimiser.",
                "the interval's edge for the minimiser",
            ),
        ],
        id="kink-choose",
        story="kink",
        title="The kink: what does L(w) + β|w| choose?",
        prompt=f"Take the loss L(w) = ½(w − c)² with c = {n(c)}, whose slope at 0 is "
        f"L'(0) = −c = {n(r.slope_at_zero)}, and β = {n(beta)}. Which w minimises "
        "L(w) + β|w|?",
        explanation=f"w = 0 minimises L(w) + β|w| whenever |L'(0)| ≤ β: at its kink β|w| offers "
        "every slope in [−β, β], an inequality a whole interval of losses satisfies. The "
        "smooth βw² has slope 0 at 0, so L(w) + βw² has its minimiser at 0 only when "
        f"L'(0) = 0 exactly; here it is c/(1 + 2β) = {n(l2_min)}.",
        moment=Moment("kink", "objectives"),
        computed=True,
    )

    interval = f"[{n(low)}, {n(high)}]"
    conditions = choice_question(
        Option(
            f"β|w|: every L'(0) in {interval}; βw²: only L'(0) = 0",
            True,
            "Right: the subgradients of β|w| at its kink fill [−β, β], so 0 is optimal whenever "
            "−L'(0) lies there; the smooth βw² has the single slope 0 at 0.",
        ),
        [
            wrong(
                "Both: only L'(0) = 0",
                "a minimum needs a zero derivative",
                "That rule is for smooth functions. At its kink β|w| has no single derivative; "
                f"its subgradients fill {interval}, and 0 is optimal whenever −L'(0) lies there.",
            ),
            wrong(
                f"Both: every L'(0) in {interval}",
                "a squared penalty has a dead zone too",
                "βw² is smooth with slope 0 at 0: its minimiser c/(1 + 2β) is 0 only for "
                "L'(0) = 0. There is no interval.",
            ),
            wrong(
                f"β|w|: only L'(0) = 0; βw²: every L'(0) in {interval}",
                "L1 and L2 swapped",
                "The other way round: the kink of β|w| is what gives a whole interval of slopes; "
                "the smooth βw² needs L'(0) = 0 exactly.",
            ),
        ],
        id="kink-conditions",
        story="kink",
        title="The kink: which slopes give an exact zero?",
        prompt=f"With β = {n(beta)}: for which slopes L'(0) of a smooth loss L is w = 0 a "
        "minimiser of L(w) + β|w|, and of L(w) + βw²?",
        explanation="An inequality against an equality: w = 0 minimises L(w) + β|w| whenever "
        "|L'(0)| ≤ β, which a whole interval of losses satisfies, but L(w) + βw² only when "
        "L'(0) = 0, which a real loss almost never meets exactly.",
        moment=Moment("kink", "conditions"),
        computed=True,
    )
    return [choose, conditions]


# ---------------------------------------------------------------------------
# geometry
# ---------------------------------------------------------------------------


def geometry_questions(v: Mapping[str, Any], r: GeometryResult) -> list[Question]:
    """Which β̂ of the story meets the diamond at a corner (ESL Fig. 3.11)."""
    corner, edge = r, r.edge_case
    a, b, c = v["hessian"]
    zero = " and ".join(f"β{'₁₂'[j]}" for j in corner.lasso_zero_coordinates)
    touch = choice_question(
        Option(
            f"β̂ = {point(corner.center)}",
            True,
            f"Right: for β̂ = {point(corner.center)} the growing contour first touches the "
            f"diamond at its corner {point(corner.lasso)}, where {zero} = 0 exactly. The L2 "
            f"disk is touched at {point(corner.ridge)}, off both axes.",
        ),
        [
            wrong(
                f"β̂ = {point(edge.center)}",
                "every β̂ gives a corner",
                f"For β̂ = {point(edge.center)} the contour first touches an edge, at "
                f"{point(edge.lasso)}: both weights are non-zero. Corners win often, not always.",
            ),
            wrong(
                "Both",
                "the diamond always gives a corner",
                f"Only β̂ = {point(corner.center)} does. For {point(edge.center)} the contact "
                f"point {point(edge.lasso)} lies on an edge, with no zero weight.",
            ),
            wrong(
                "Neither: like the disk, the diamond is touched off the axes",
                "the diamond behaves like the disk",
                f"For β̂ = {point(corner.center)} the contact point is the corner "
                f"{point(corner.lasso)}: the corners stick out toward the ellipses, so they are "
                "often touched first.",
            ),
        ],
        id="geometry-corner",
        story="geometry",
        title="Diamond and disk: which β̂ hits a corner?",
        prompt=f"Minimise the loss ½(β − β̂)ᵀH(β − β̂), H = [[{n(a)}, {n(b)}], [{n(b)}, {n(c)}]], "
        f"inside the L1 diamond |β₁| + |β₂| ≤ {n(r.t)}: the loss contours grow around β̂ until "
        "one first touches the diamond. For which β̂ does it touch at a corner, making a "
        f"weight exactly 0: β̂ = {point(corner.center)} or β̂ = {point(edge.center)}?",
        explanation="Growing ellipses meet the diamond first where it sticks out toward them, "
        "and its corners lie on the axes, so touching one makes a weight exactly 0. "
        f"β̂ = {point(corner.center)} touches the corner {point(corner.lasso)}; "
        f"β̂ = {point(edge.center)} touches an edge at {point(edge.lasso)}. The disk has no "
        f"corners and is touched off the axes in both cases: at {point(corner.ridge)} and "
        f"{point(edge.ridge)}.",
        moment=Moment("geometry", "touch"),
        computed=True,
    )
    return [touch]


# ---------------------------------------------------------------------------
# thresholding
# ---------------------------------------------------------------------------


def thresholding_questions(v: Mapping[str, Any], r: ThresholdingResult) -> list[Question]:
    """P(lasso sparse) for the orthogonal design, against the usual slips."""
    beta, sigma, gamma = np.asarray(v["beta"], float), v["sigma"], r.gamma
    p1, p2 = (
        float(p)
        for p in maths.normal_interval_probability((-gamma - beta) / sigma, (gamma - beta) / sigma)
    )
    p = r.p_sparse_lasso
    one = 0 if p1 >= p2 else 1
    formula = "1 − (1 − p₁)(1 − p₂)"
    sparse = numeric_question(
        numeric_option(
            p,
            True,
            f"Right: each coordinate is zeroed when |β̂ⱼ| ≤ γ, with probability "
            f"p₁ = {n(p1)} and p₂ = {n(p2)}, and the solution is sparse unless neither is: "
            f"{formula} = {n(p)}.",
        ),
        [
            numeric_option(
                0.0,
                False,
                "That is ridge's answer: β̂ⱼ/(1 + γ) is 0 only where β̂ⱼ = 0 exactly, "
                "which has probability 0. Soft-thresholding sends the whole band |β̂ⱼ| ≤ γ to "
                f"0, and β̂ lands in one of the bands with probability {n(p)}.",
                "a continuous estimate is never exactly 0",
            ),
            numeric_option(
                (p1, p2)[one],
                False,
                f"{n((p1, p2)[one])} is P(|β̂{'₁₂'[one]}| ≤ γ), one "
                "coordinate alone; the solution is also sparse when the other coordinate is "
                f"zeroed: {formula} = {n(p)}.",
                "counting one coordinate",
            ),
            numeric_option(
                p1 * p2,
                False,
                f"p₁p₂ = {n(p1 * p2)} is the probability that both coordinates "
                "are 0; one zero is enough for a sparse solution.",
                "needing both zeros",
            ),
            numeric_option(
                p1 + p2,
                False,
                f"p₁ + p₂ = {n(p1 + p2)} counts the draws where both are 0 "
                f"twice; subtract p₁p₂ = {n(p1 * p2)}.",
                "adding the two probabilities",
            ),
            numeric_option(
                1 - p,
                False,
                f"(1 − p₁)(1 − p₂) = {n(1 - p)} is the probability that both "
                f"coordinates survive: the lasso is dense then. Sparse is the rest, {n(p)}.",
                "the complement: both weights kept",
            ),
            numeric_option(
                0.5,
                False,
                "Two outcomes, sparse or not, need not be equally likely: the "
                f"chance is the probability mass of the bands |β̂ⱼ| ≤ γ, here {n(p)}.",
                "equiprobability: sparse or not, even odds",
            ),
        ],
        id="thresholding-p-sparse",
        story="thresholding",
        title="Soft-thresholding: how often is the lasso sparse?",
        prompt="Orthogonal design (XᵀX = I): the least-squares estimate is β̂ ~ N(β, σ²I) with "
        f"β = {point(beta)} and σ = {n(sigma)}, and the lasso with threshold γ = {n(gamma)} "
        "soft-thresholds each coordinate, β̂ⱼ ↦ sign(β̂ⱼ)·max(|β̂ⱼ| − γ, 0). What is the "
        f"probability that its solution has a coordinate exactly 0? {DIGITS}",
        explanation="Coordinate j is zeroed when |β̂ⱼ| ≤ γ, with probability "
        f"pⱼ = Φ((γ − βⱼ)/σ) − Φ((−γ − βⱼ)/σ): p₁ = {n(p1)}, p₂ = {n(p2)}. The lasso is "
        f"sparse unless neither is zeroed: {formula} = {n(p)} (a Monte Carlo run of "
        f"{r.samples:,} draws gives {n(r.p_sparse_lasso_mc)}). Ridge, β̂/(1 + γ), is sparse "
        "with probability 0.",
        other_feedback=f"Not quite: P(lasso sparse) = {formula} with "
        f"pⱼ = P(|β̂ⱼ| ≤ γ) = Φ((γ − βⱼ)/σ) − Φ((−γ − βⱼ)/σ), which gives {n(p)}.",
        moment=Moment("thresholding", "probability"),
        computed=True,
    )
    return [sparse]


# ---------------------------------------------------------------------------
# priors
# ---------------------------------------------------------------------------


def priors_questions(v: Mapping[str, Any], r: PriorsResult) -> list[Question]:
    """Density at 0 against the kink, and the interval where the Laplace MAP is 0."""
    heights, b, s = r.density_at_zero, r.laplace_scale, v["noise_sd"]
    edge = float(r.map.laplace_zero_interval[1])
    narrow = v["narrow_sigma"]
    scale_wide, scale_narrow = 1 / (1 + s**2), narrow**2 / (narrow**2 + s**2)
    which = choice_question(
        Option(
            "The Laplace prior's",
            True,
            "Right: −log of the Laplace density is |w|/b plus a constant, with a kink at 0, so "
            f"its MAP is exactly 0 for every |x̄| ≤ s²/b = {n(edge)}.",
        ),
        [
            wrong(
                "The narrow Gaussian's: it is the tallest at 0",
                "the density at 0 is higher",
                f"Height at 0 is not the reason: the narrow Gaussian is tallest "
                f"({n(heights.narrow_gaussian)} against {n(heights.laplace)}), yet its MAP "
                f"{n(scale_narrow)}·x̄ is 0 only at x̄ = 0. Its −log is a smooth parabola: no "
                "kink, no exact zeros.",
            ),
            wrong(
                "All three: each prior pulls the estimate toward 0",
                "shrinkage means zeros",
                "All three shrink toward 0, but the Gaussians only scale x̄ (by "
                f"{n(scale_wide)} and {n(scale_narrow)}); a scaled non-zero number is not 0.",
            ),
            wrong(
                "None: a MAP estimate is never exactly 0",
                "estimates are never exactly 0",
                "The Laplace MAP is the soft-threshold of x̄ at s²/b, exactly 0 on the whole "
                f"interval |x̄| ≤ {n(edge)}.",
            ),
        ],
        id="priors-which-zero",
        story="priors",
        title="Priors: height or kink?",
        prompt="Three priors on a weight w: a Laplace prior with unit variance (the L1 "
        f"penalty), density {n(heights.laplace)} at 0; a Gaussian with σ = 1 (L2), density "
        f"{n(heights.gaussian)}; and a narrow Gaussian with σ = {n(narrow)}, density "
        f"{n(heights.narrow_gaussian)} at 0, the tallest. A data mean x̄ ~ N(w, s²) is "
        f"observed, s = {n(s)}. Which prior's MAP estimate of w is exactly 0 for a whole "
        "interval of x̄?",
        explanation="The kink, not the height at 0, makes zeros. −log of the Laplace prior is "
        "|w|/b plus a constant, kinked at 0, so its MAP soft-thresholds x̄: exactly 0 for "
        f"|x̄| ≤ {n(edge)}. Both Gaussians give smooth penalties w²/(2σ²); their MAPs are "
        "scaled copies of x̄, 0 only at x̄ = 0, however tall the prior is at 0.",
        moment=Moment("priors", "map"),
        computed=True,
    )

    interval = numeric_question(
        numeric_option(
            edge,
            True,
            f"Right: the MAP soft-thresholds x̄ at s²/b = {n(s)}²/{n(b)} = "
            f"{n(edge)}, so it is exactly 0 for every |x̄| ≤ {n(edge)}.",
        ),
        [
            numeric_option(
                0.0,
                False,
                "That is the Gaussian picture, where the MAP is 0 only at x̄ = 0. "
                f"The Laplace prior's kink gives a whole interval: |x̄| ≤ s²/b = {n(edge)}.",
                "only x̄ = 0, as with a Gaussian prior",
            ),
            numeric_option(
                2 * edge,
                False,
                f"{n(2 * edge)} is the width of the interval "
                f"[−{n(edge)}, {n(edge)}]; the question asks for its edge, s²/b.",
                "the interval's width for its edge",
            ),
            numeric_option(
                s**2 * b,
                False,
                f"−log Laplace is |w|/b: the penalty weight is 1/b, so the edge "
                f"is s²/b = {n(edge)}, not s²·b = {n(s**2 * b)}.",
                "the scale the wrong way up",
            ),
            numeric_option(
                s / b,
                False,
                f"The data term is (x̄ − w)²/(2s²), so the edge is s²/b = {n(edge)}; "
                f"s/b = {n(s / b)} leaves the noise unsquared.",
                "the noise unsquared",
            ),
        ],
        id="priors-zero-interval",
        story="priors",
        title="Priors: the interval of zeros",
        prompt=f"A data mean x̄ ~ N(w, s²) with s = {n(s)}, and a Laplace prior on w with "
        f"scale b = {n(b)} (variance 2b² = 1). Up to what |x̄| is the MAP estimate of w "
        f"exactly 0? {DIGITS}",
        explanation="The MAP minimises (x̄ − w)²/(2s²) + |w|/b: a squared loss plus an L1 "
        f"penalty of weight s²/b after scaling, so the MAP is the soft-threshold of x̄ at "
        f"s²/b = {n(edge)}, exactly 0 on the whole interval |x̄| ≤ {n(edge)}.",
        other_feedback=f"Not quite: minimising (x̄ − w)²/(2s²) + |w|/b gives w = 0 for "
        f"|x̄| ≤ s²/b = {n(edge)}.",
        moment=Moment("priors", "map"),
        computed=True,
    )
    return [which, interval]

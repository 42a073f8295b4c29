"""The lesson's words: a refresher, a few paragraphs per story and the closing advice,
with every number read from the stories' results.

Each story's explanation is written once, here, as a function of the story's checked
parameter values and its computed result (``whyl1.results``), so ``--set steps.w0=3``
changes the page's prose as it changes the video, the figure and the quiz. The text is
plain Unicode with one mark, ``*emphasis*``; it knows nothing of HTML, which the course
page's templates add (``whyl1/page.py``, ``whyl1/templates/page-*.html``).

The closing "When to use L1, L2 or the elastic net" follows the list in siua.io's lesson
"L1 regularization (Lasso)" and ESL's equation (3.54), credited through
``whyl1.sources`` (``WHEN_TO_USE_SOURCES``), with the stories' own numbers as evidence.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from whyl1 import stories
from whyl1.results import (
    EpsilonResult,
    GeometryCase,
    GeometryResult,
    KinkResult,
    LpBallsResult,
    OscillationResult,
    PathResult,
    PenaltiesResult,
    PriorsResult,
    SelectionResult,
    StepsResult,
    StoryResult,
    ThresholdingResult,
)
from whyl1.theme import number_text

# ---------------------------------------------------------------------------
# What a lesson is made of: plain data the page's templates turn into markup
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Paragraph:
    """A paragraph of prose; ``*…*`` marks emphasis."""

    text: str


@dataclass(frozen=True)
class Formula:
    """A formula shown on a line of its own, in plain Unicode."""

    text: str


@dataclass(frozen=True)
class Table:
    """A small table of worked examples: a caption, a header row and rows of text."""

    caption: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]


@dataclass(frozen=True)
class Bullets:
    """A headed list: one of the closing section's three choices."""

    heading: str
    items: tuple[str, ...]


Block = Paragraph | Formula | Table | Bullets


@dataclass(frozen=True)
class StoryLesson:
    """One story as the lesson tells it: the values it was computed with, its result
    (which the page checks against the folder's data export), its point in one line
    (``lead``) and its explanation."""

    story: str
    values: Mapping[str, Any]
    result: StoryResult
    lead: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Lesson:
    """The whole lesson in teaching order: the refresher, every story of the catalogue,
    and when to use which penalty."""

    refresher: tuple[Block, ...]
    stories: tuple[StoryLesson, ...]
    when_to_use: tuple[Block, ...]


# The sources the closing section follows (keys of ``whyl1.sources``), and which part.
WHEN_TO_USE_SOURCES: dict[str, str] = {
    "siua-l1-lasso": "its list 'When to use L1 vs L2'",
    "esl": "eq. 3.54, the elastic net",
}

# The refresher's worked examples: a large weight, its mirror image and a tiny one, which
# get the same size of L1 slope.
REFRESHER_WEIGHTS: tuple[float, ...] = (5.0, -5.0, -0.001)


# ---------------------------------------------------------------------------
# Numbers in sentences
# ---------------------------------------------------------------------------


def n(value: float) -> str:
    """A number in a sentence: four significant digits, a true minus sign."""
    return number_text(float(value) + 0.0, 4)


def count(value: int) -> str:
    """A count, with thousands separated: ``1,000``."""
    return f"{int(value):,}"


def point(xy: Sequence[float]) -> str:
    """A 2-D point, ``(0, 1)``."""
    return f"({n(xy[0])}, {n(xy[1])})"


def sequence(values: Sequence[float], head: int = 3, tail: int = 2) -> str:
    """A run of iterates as a lecturer writes it: the first few, an ellipsis, the last
    few (all of them when there are few)."""
    shown = [n(v) for v in values]
    if len(shown) <= head + tail + 1:
        return ", ".join(shown)
    return ", ".join(shown[:head]) + ", …, " + ", ".join(shown[-tail:])


def listing(items: Sequence[str]) -> str:
    """``a``, ``a and b``, ``a, b and c``."""
    if len(items) <= 2:
        return " and ".join(items)
    return ", ".join(items[:-1]) + f" and {items[-1]}"


def p_text(p: float) -> str:
    """An Lp exponent: ``∞`` for infinity."""
    return "∞" if p == float("inf") else n(p)


COORDINATES = ("β₁", "β₂")


# ---------------------------------------------------------------------------
# The refresher
# ---------------------------------------------------------------------------


def refresher() -> tuple[Block, ...]:
    """|w| and its derivative sign(w), with worked examples whose values come from the
    maths module's penalties and gradients."""
    from whyl1 import maths  # numpy: only when a lesson is built

    rows = tuple(
        (n(w), n(maths.l1_penalty(w)), n(maths.l1_subgradient(w)), n(maths.l2_gradient(w)))
        for w in REFRESHER_WEIGHTS
    )
    small = REFRESHER_WEIGHTS[-1]
    return (
        Paragraph(
            "The absolute value |w| is a weight's size without its sign. Away from 0 its "
            "derivative is the sign of w: +1 for every positive weight and −1 for every "
            "negative one, however large or small the weight is."
        ),
        Formula("d|w|/dw = sign(w) = +1 if w > 0,  −1 if w < 0"),
        Table(
            "Worked examples: the L1 slope has the same size for every non-zero weight; the "
            "slope of ½w² is w itself.",
            ("w", "|w|", "sign(w), the slope of |w|", "w, the slope of ½w²"),
            rows,
        ),
        Paragraph(
            f"So a weight of {n(small)} feels a pull of size {n(abs(maths.l1_subgradient(small)))} "
            f"from L1, as strong as a weight of {n(REFRESHER_WEIGHTS[0])} does, while the "
            f"squared penalty's pull on it is only {n(abs(maths.l2_gradient(small)))}. At "
            "w = 0 itself |w| has a corner and no single slope: every number in [−1, 1] is a "
            "*subgradient* there, and gradient descent uses sign(0) = 0. The stories below "
            "are what follows from this one fact."
        ),
    )


# ---------------------------------------------------------------------------
# One explanation per story, in teaching order
# ---------------------------------------------------------------------------

Explainer = Callable[[Mapping[str, Any], Any], tuple[Block, ...]]


def penalties(v: Mapping[str, Any], r: PenaltiesResult) -> tuple[Block, ...]:
    stops = [n(w) for w in r.tangent_at]
    low, high = r.small_weight_region
    drawn_low, drawn_high = r.l1_above_l2
    return (
        Paragraph(
            "Both penalties charge a weight for its size: L1 charges |w|, L2 charges ½w². "
            "What decides whether a weight can reach 0 is not how high each penalty is but "
            "how steep: the slope is the pull the penalty puts on the weight at each step "
            "of gradient descent."
        ),
        Paragraph(
            f"At w = {listing(stops)} the slope of |w| is "
            f"{listing([n(s) for s in r.l1_slope_at])}: a pull of the same size however "
            f"small the weight. The slope of ½w² is w itself, "
            f"{listing([n(s) for s in r.l2_slope_at])}: it fades with the weight, and near 0 "
            "there is almost nothing left to push with."
        ),
        Paragraph(
            f"Small weights also cost relatively more under L1: for every non-zero w between "
            f"{n(drawn_low)} and {n(drawn_high)}, |w| > ½w² (the band the video shades), and "
            f"between {n(low)} and {n(high)} |w| is even above the whole square w² (the "
            "figure's band), so for a weight that barely helps the fit the L1 penalty is the "
            "larger share of what it costs."
        ),
    )


def steps(v: Mapping[str, Any], r: StepsResult) -> tuple[Block, ...]:
    zero = r.l1_zero_step
    assert zero is not None  # the catalogue refuses a start that never lands
    n_steps = len(r.l2) - 1
    return (
        Paragraph(
            f"Take the penalty alone, with no data, and run gradient descent from "
            f"w = {n(v['w0'])} with learning rate η = {n(v['eta'])} and λ = {n(v['lam'])}. "
            f"The L1 step subtracts the same ηλ = {n(r.l1_step_size)} every time: "
            f"{sequence(r.l1[: zero + 1])}. After {zero} steps the weight is *exactly 0*, "
            "and since sign(0) = 0 it stays there."
        ),
        Formula("L1: w ← w − ηλ·sign(w)        L2: w ← w − ηλ·w = (1 − ηλ)·w"),
        Paragraph(
            f"The L2 step multiplies the weight by 1 − ηλ = {n(r.l2_factor)}: "
            f"{', '.join(n(w) for w in r.l2[:4])}, … After {n_steps} steps it is "
            f"{n(r.l2_last)}, and it never reaches 0: a non-zero number times "
            f"{n(r.l2_factor)} is not zero. The smaller the weight, the smaller L2's step."
        ),
    )


def bounce(plain: Sequence[float]) -> tuple[float, float]:
    """The plain subgradient step's last value before it first crosses 0, and the first
    after: the two values it bounces between from then on."""
    crossing = next(k for k in range(1, len(plain)) if plain[k] * plain[k - 1] < 0)
    return float(plain[crossing - 1]), float(plain[crossing])


def oscillation(v: Mapping[str, Any], r: OscillationResult) -> tuple[Block, ...]:
    before, after = bounce(r.subgradient)
    sweep = r.with_data
    bounces = [
        f"{n(amplitude)} at η = {n(eta)}"
        for eta, amplitude in zip(sweep.etas, sweep.amplitudes, strict=True)
    ]
    return (
        Paragraph(
            f"Start at w = {n(v['w0'])} instead, which is not a whole number of steps of "
            f"ηλ = {n(r.step_size)} from 0. The plain subgradient step reaches {n(before)}, "
            f"overshoots to {n(after)}, comes back to {n(before)}, and from then on bounces "
            f"between the two for ever: "
            "sign(w) never gets to be 0, so the weight never lands."
        ),
        Paragraph(
            "Two fixes land exactly on 0. The *clamp* stops a step that would cross 0 at 0 "
            f"(here after step {r.clamp_zero_step}). The *proximal step*, soft-thresholding, "
            f"does the same in one formula: every |w| ≤ ηλ = {n(r.step_size)} becomes 0, "
            f"after step {r.prox_zero_step}. It is the step ISTA takes for the lasso."
        ),
        Formula("S(w) = sign(w)·max(|w| − ηλ, 0)"),
        Paragraph(
            f"With a data loss ½a(w − c)², a = {n(v['data_curvature'])} and "
            f"c = {n(v['data_center'])}, whose penalised optimum is {n(sweep.optimum)}, the "
            "plain step still bounces, but less with a smaller learning rate: over the last "
            f"{sweep.window} steps its range is {listing(bounces)}, roughly in proportion to "
            "η. Small, never zero: the exact zero needs the clamp or the proximal step."
        ),
    )


def epsilon(v: Mapping[str, Any], r: EpsilonResult) -> tuple[Block, ...]:
    return (
        Paragraph(
            f"Take the vector (1, ε) with ε = {n(r.eps)} and shrink one of its coordinates by "
            f"δ = {n(r.delta)}. The L1 norm 1 + ε falls by {n(r.l1_shrink_large)} when the 1 "
            f"shrinks and by {n(r.l1_shrink_small)} when ε does: for L1, taking δ off a "
            "small coordinate is worth exactly as much as taking it off a large one."
        ),
        Formula("‖(1, ε)‖₂² = 1 + ε²:  shrink the 1 → falls by 2δ − δ²;  shrink ε → by 2εδ − δ²"),
        Paragraph(
            f"The squared L2 norm 1 + ε² falls by {n(r.l2sq_shrink_large)} when the 1 "
            f"shrinks, but by only {n(r.l2sq_shrink_small)} when ε does. Near 0 L2 gains "
            "almost nothing from shrinking a coordinate further, so it stops pushing it; "
            "L1 gains the same δ all the way down, so a small coordinate is pushed to "
            "*exactly 0*."
        ),
    )


def kink(v: Mapping[str, Any], r: KinkResult) -> tuple[Block, ...]:
    low, high = r.zero_interval
    if r.l1_minimizer == 0:
        l1_case = f"the L1 minimiser is *exactly 0*, since |L′(0)| = {n(abs(r.slope_at_zero))} ≤ β"
    else:
        l1_case = (
            f"the L1 minimiser is {n(r.l1_minimizer)}: |L′(0)| = {n(abs(r.slope_at_zero))} "
            "is larger than β, so even the kink cannot hold the weight at 0"
        )
    l2_case = "0, as L′(0) = 0" if r.l2_minimizer == 0 else f"{n(r.l2_minimizer)}, not 0"
    return (
        Paragraph(
            f"Add a penalty to a smooth loss L(w) = ½(w − c)², whose slope at 0 is "
            f"L′(0) = −c = {n(r.slope_at_zero)}. The sum is smallest at w = 0 when its slopes "
            "there can balance out. |w| has a corner at 0, where every slope from −1 to 1 "
            f"is a subgradient, so β|w| can cancel any slope of L between {n(low)} and "
            f"{n(high)}: w = 0 is the minimiser for a *whole interval* of losses."
        ),
        Formula("0 ∈ L′(0) + β·[−1, 1]   ⟺   |L′(0)| ≤ β"),
        Paragraph(
            "The smooth penalty βw² has slope exactly 0 at 0, so w = 0 minimises L(w) + βw² "
            "only when L′(0) = 0: one slope out of all of them. An inequality holds for "
            "many losses, an equality for almost none."
        ),
        Paragraph(
            f"With c = {n(r.c)} and β = {n(r.beta)}: {l1_case}; the L2 minimiser, "
            f"c/(1 + 2β), is {l2_case}."
        ),
    )


def _zero_coordinates(case: GeometryCase) -> str:
    return listing([COORDINATES[i] for i in case.lasso_zero_coordinates])


def geometry(v: Mapping[str, Any], r: GeometryResult) -> tuple[Block, ...]:
    edge = r.edge_case
    corner = (
        f"at its corner {point(r.lasso)}, where {_zero_coordinates(r)} is *exactly 0*"
        if r.lasso_on_corner
        else f"on an edge at {point(r.lasso)}"
    )
    return (
        Paragraph(
            "Written as a constraint, the lasso minimises the loss inside the diamond "
            f"‖β‖₁ ≤ t and ridge inside the disk ‖β‖₂ ≤ t (here t = {n(r.t)}). Around the "
            f"unconstrained optimum β̂ = {point(r.center)} the loss's contours are ellipses; "
            "the constrained solution is where the growing ellipses first touch the region "
            "(Figure 3.11 of The Elements of Statistical Learning)."
        ),
        Paragraph(
            f"For β̂ = {point(r.center)} the ellipse touches the diamond {corner}, and the "
            f"disk at {point(r.ridge)}, where no weight is 0. The diamond's corners lie on "
            "the axes and stick out towards the ellipses, so many β̂ meet one first; the "
            "disk has no corners, and an ellipse meets it on an axis only for β̂ lined up "
            "just so."
        ),
        Paragraph(
            f"A corner is likely, not certain: for β̂ = {point(edge.center)} the ellipse "
            f"touches an edge of the diamond at {point(edge.lasso)}, and no weight is 0. Drag "
            "β̂ in the explorer below to find where the corners win."
        ),
    )


def thresholding(v: Mapping[str, Any], r: ThresholdingResult) -> tuple[Block, ...]:
    return (
        Paragraph(
            "When the features are orthogonal (XᵀX = I) both solutions have a closed form. "
            "The lasso soft-thresholds each least-squares coefficient β̂ⱼ, so every "
            f"|β̂ⱼ| ≤ γ = {n(r.gamma)} becomes *exactly 0*; ridge divides every coefficient "
            "by the same 1 + γ, which is 0 only if β̂ⱼ already was."
        ),
        Formula("lasso: sign(β̂ⱼ)·max(|β̂ⱼ| − γ, 0)        ridge: β̂ⱼ/(1 + γ)"),
        Paragraph(
            "So the estimates that give the lasso a zero fill a cross of half-width γ around "
            "the axes, a region with area; those that give ridge a zero are the axes "
            f"themselves, with none. With noisy estimates β̂ ~ N(β, σ²I), β = {point(v['beta'])} "
            f"and σ = {n(v['sigma'])}, the lasso solution has a zero with probability "
            f"{n(r.p_sparse_lasso)} (exact, from the normal distribution; "
            f"{n(r.p_sparse_lasso_mc)} ± {n(r.p_sparse_lasso_mc_stderr)} over "
            f"{count(r.samples)} random draws), ridge's with probability {n(r.p_sparse_ridge)}."
        ),
    )


def priors(v: Mapping[str, Any], r: PriorsResult) -> tuple[Block, ...]:
    height = r.density_at_zero
    low, high = r.map.laplace_zero_interval
    return (
        Paragraph(
            "A penalised fit is a maximum a posteriori (MAP) estimate: the penalty is the "
            "negative logarithm of a prior on the weights. The squared penalty comes from a "
            "Gaussian prior, the absolute value from a Laplace prior. Take both with unit "
            f"variance: a Gaussian with σ = 1 and a Laplace with scale b = 1/√2 = "
            f"{n(r.laplace_scale)}."
        ),
        Paragraph(
            f"A tempting reason for L1's zeros is that the Laplace density is higher at 0: "
            f"{n(height.laplace)} against the Gaussian's {n(height.gaussian)}. But a narrow "
            f"Gaussian with σ = {n(v['narrow_sigma'])} is higher still, "
            f"{n(height.narrow_gaussian)}, and yet its MAP estimate, like the wide "
            "Gaussian's, is 0 only when the data mean is exactly 0. The height at 0 is not "
            "the reason."
        ),
        Paragraph(
            "The kink is. The Laplace prior's negative log is |w|/b plus a constant, with a "
            f"corner at 0, and with noise s = {n(v['noise_sd'])} its MAP estimate is *exactly "
            f"0* for every data mean x̄ from {n(low)} to {n(high)}. A Gaussian's negative log "
            "is smooth, and its MAP estimate x̄·σ²/(σ² + s²) is 0 only when x̄ is."
        ),
    )


def lp_balls(v: Mapping[str, Any], r: LpBallsResult) -> tuple[Block, ...]:
    cornered = [p_text(p) for p, c in zip(r.ps, r.corners_on_axes, strict=True) if c]
    smooth = [p_text(p) for p, c in zip(r.ps, r.corners_on_axes, strict=True) if not c]
    touches = zip(
        r.touches.ps, r.touches.points, r.touches.on_axis, r.touches.axis_distance, strict=True
    )
    on_axis, off_axis = [], []
    for p, xy, hit, gap in touches:
        (on_axis if hit else off_axis).append((p_text(p), point(xy), n(gap)))
    nearest = off_axis[0]  # the smallest p above 1: its touch point is closest to an axis
    net = r.elastic_net
    net_touch = (
        f"is touched at {point(net.touch_point)}, on an axis: a weight is *exactly 0*"
        if net.touch_on_axis
        else f"is touched at {point(net.touch_point)}, off the axes"
    )
    return (
        Paragraph(
            "The diamond and the disk belong to one family, the unit balls "
            f"|β₁|ᵖ + |β₂|ᵖ ≤ 1. For p = {listing(cornered)} the ball has corners on the axes; "
            f"for p = {listing(smooth)} it is smooth where it meets them (the square of "
            "p = ∞ has its corners at (±1, ±1), off the axes). Below p = 1 the ball is not "
            "convex, which makes the fit hard to compute."
        ),
        Paragraph(
            f"The loss ellipses around β̂ = {point(r.center)} first touch the balls of "
            f"{listing([f'p = {p} at {xy}' for p, xy, _ in on_axis])}, on an axis. The "
            f"ball of p = {nearest[0]} they touch at {nearest[1]}, close to the axis but not "
            f"on it: the smaller weight is {nearest[2]}, not 0; and those of "
            f"{listing([f'p = {p} at {xy}' for p, xy, _ in off_axis[1:]])}. Any p ≤ 1 "
            "gives exact zeros and any p > 1 does not, however close to 1: p = 1 is the one "
            "penalty that is both sparse and convex, which is why the lasso uses it."
        ),
        Paragraph(
            f"The elastic net α‖β‖₁ + (1 − α)‖β‖₂² ≤ 1 with α = {n(net.l1_ratio)} rounds the "
            f"diamond's edges but keeps its corners on the axes, and here it {net_touch}."
        ),
    )


def path(v: Mapping[str, Any], r: PathResult) -> tuple[Block, ...]:
    from whyl1 import maths  # the data set's size, read where the story reads it

    patients = maths.load_diabetes().x.shape[0]
    features = len(r.feature_names)
    by_lambda = sorted(zip(r.lasso_exit_lambdas, r.feature_names, strict=True))
    order = [f"{name} at λ = {n(lam)}" for lam, name in by_lambda]
    entering = [name for _, name in reversed(by_lambda)][:3]
    ridge_low, ridge_high = min(r.ridge_lambdas), max(r.ridge_lambdas)
    fewest = min(int(k) for k in r.ridge_nonzero)
    kept = f"all {features}" if fewest == features else f"at least {fewest} of {features}"
    return (
        Paragraph(
            f"On real data: the diabetes data of the LARS paper, {count(patients)} patients "
            f"and {features} baseline variables ({listing(list(r.feature_names))}), "
            "predicting disease progression a year later. The lasso is solved for each λ by "
            "ISTA: a gradient step on the least-squares loss, then soft-thresholding, so "
            "small coefficients become exactly 0 rather than small."
        ),
        Paragraph(
            f"As λ grows the coefficients become *exactly 0* one by one: {listing(order)}. "
            f"Above λ = {n(by_lambda[-1][0])} every coefficient is 0. Read from the largest λ "
            f"down, that is the order the features enter the model, {listing(entering)} "
            "first: the lasso ranks them."
        ),
        Paragraph(
            f"Ridge on the same data, from λ = {n(ridge_low)} to {n(ridge_high)}, shrinks "
            f"every coefficient towards 0, and at every λ {kept} stay non-zero."
        ),
    )


def selection(v: Mapping[str, Any], r: SelectionResult) -> tuple[Block, ...]:
    candidates = len(r.true_coefs)
    found = (
        f"every one of the {count(r.relevant)} features that matter"
        if r.false_negatives == 0
        else f"{count(r.true_positives)} of the {count(r.relevant)} features that matter "
        f"(missing {count(r.false_negatives)})"
    )
    return (
        Paragraph(
            f"Feature selection at scale: {count(v['n_samples'])} samples of "
            f"{count(candidates)} candidate features, of which only {count(r.relevant)} have a "
            "true non-zero weight; the rest are noise, like the day of the week a house was "
            f"put on sale in a model of its price. The lasso and ridge are fitted with the "
            f"same λ = {n(v['lam'])}."
        ),
        Paragraph(
            f"The lasso keeps {count(r.lasso_nonzero)} non-zero weights: {found} and "
            f"{count(r.false_positives)} that do not. The other "
            f"{count(candidates - r.lasso_nonzero)} weights are *exactly 0*, so the model "
            "says which features it uses."
        ),
        Paragraph(
            f"Ridge keeps all {count(r.ridge_nonzero)}: its weights for the irrelevant "
            "features are small but not 0, so every feature must still be measured, and "
            "explained."
        ),
    )


# Teaching order is the catalogue's; every story has its explanation.
EXPLAINERS: dict[str, Explainer] = {
    "penalties": penalties,
    "steps": steps,
    "oscillation": oscillation,
    "epsilon": epsilon,
    "kink": kink,
    "geometry": geometry,
    "thresholding": thresholding,
    "priors": priors,
    "lp-balls": lp_balls,
    "path": path,
    "selection": selection,
}


# ---------------------------------------------------------------------------
# Each story's point in one line: the catalogue's summary, unless it quotes numbers that
# the story's parameters change, in which case it is told from the result.
# ---------------------------------------------------------------------------


def steps_lead(v: Mapping[str, Any], r: StepsResult) -> str:
    l2 = "halves" if r.l2_factor == 0.5 else f"shrinks ×{n(r.l2_factor)} a step"
    return (
        f"from w={n(v['w0'])}, ηλ={n(r.l1_step_size)}: L1 lands on exactly 0 after "
        f"{r.l1_zero_step} steps, L2 {l2} forever"
    )


def oscillation_lead(v: Mapping[str, Any], r: OscillationResult) -> str:
    before, after = bounce(r.subgradient)
    return (
        f"from w={n(v['w0'])} the subgradient step bounces {n(before)}, {n(after)} forever; "
        "clamp and prox land on 0"
    )


def selection_lead(v: Mapping[str, Any], r: SelectionResult) -> str:
    return (
        f"{count(len(r.true_coefs))} candidate features, {count(r.relevant)} matter: the "
        f"lasso keeps {count(r.lasso_nonzero)}, ridge keeps all {count(r.ridge_nonzero)}"
    )


LEADS: dict[str, Callable[[Mapping[str, Any], Any], str]] = {
    "steps": steps_lead,
    "oscillation": oscillation_lead,
    "selection": selection_lead,
}


# ---------------------------------------------------------------------------
# The closing advice
# ---------------------------------------------------------------------------


def when_to_use(results: Mapping[str, StoryResult]) -> tuple[Block, ...]:
    """Which penalty for which problem, each point backed by a story's numbers."""
    chosen: Any = results["selection"]
    net: Any = results["lp-balls"]
    candidates = len(chosen.true_coefs)
    return (
        Bullets(
            "Choose L1, the lasso, when",
            (
                "you expect most features to be irrelevant (a sparse truth): its exact zeros "
                f"drop them, as the lasso kept {count(chosen.lasso_nonzero)} of "
                f"{count(candidates)} candidates in the feature-selection story;",
                "you must explain a prediction: a weight of exactly 0 is a feature the model "
                "does not use, and the rest can be named;",
                "its name in statistics: the lasso, the Least Absolute Shrinkage and "
                "Selection Operator.",
            ),
        ),
        Bullets(
            "Choose L2, ridge, when",
            (
                "most features carry some signal, so a dense solution loses nothing; ridge "
                f"kept all {count(chosen.ridge_nonzero)} weights in the same story;",
                "you want a smooth problem: ½λw² is differentiable everywhere, so plain "
                "gradient descent needs no clamp or proximal step;",
                "you train a deep network, where it is called weight decay and is far more "
                "common than L1;",
                "its name in statistics: ridge regression.",
            ),
        ),
        Bullets(
            "Choose the elastic net when",
            (
                "you want some sparsity with L2's stability: its ball keeps corners on the "
                f"axes for any mix α > 0 (α = {n(net.elastic_net.l1_ratio)} in the unit-balls "
                "story);",
                "features come in groups of correlated ones: the lasso tends to keep one of "
                "a group and drop the others, the elastic net can keep the group together.",
            ),
        ),
        Formula("L_elastic = L_data + λ₁‖w‖₁ + λ₂‖w‖₂²"),
        Paragraph(
            "λ₁ sets how sparse the weights are and λ₂ how small; L1 earns its keep most in "
            "classical models of tabular data, where a feature is something a person chose "
            "to measure."
        ),
    )


# ---------------------------------------------------------------------------
# The whole lesson
# ---------------------------------------------------------------------------


@cache
def _computed(name: str, overrides: tuple[tuple[str, str], ...]) -> tuple[dict, StoryResult]:
    """A story's checked values and result, once per process: the selection story's lasso
    fit takes seconds, and a test run builds many pages."""
    story = stories.get(name)
    values = story.resolve(dict(overrides))
    return values, story.compute(values)


def build_lesson(overrides: Mapping[str, Mapping[str, str]] | None = None) -> Lesson:
    """The lesson for the stories' defaults overridden by ``overrides`` (story → parameter
    → text, as after ``--set story.key=``); a bad value raises the catalogue's
    ``ParamError``."""
    overrides = overrides or {}
    told = []
    for story in stories.STORIES:
        given = tuple(sorted(overrides.get(story.name, {}).items()))
        values, result = _computed(story.name, given)
        lead = LEADS[story.name](values, result) if story.name in LEADS else story.summary
        told.append(
            StoryLesson(story.name, values, result, lead, EXPLAINERS[story.name](values, result))
        )
    results = {item.story: item.result for item in told}
    return Lesson(refresher(), tuple(told), when_to_use(results))

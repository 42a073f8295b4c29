"""Every number whyl1 shows, computed once: pure numpy, one function family per story.

Scenes and figures draw what this module returns and never compute a number of
their own, so a video, a slide figure and a ``whyl1 data`` export always agree.
Conventions: the L1 penalty is ``λ|w|``, the L2 penalty ``½λw²``
(gradient ``λw``); the lasso objective is ``(1/2n)‖y − Xβ‖² + λ‖β‖₁``, the
scikit-learn convention, so its ``alpha`` is our ``λ``. The public sources named
briefly in the docstrings below are cited in full in ``whyl1.sources``.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass, fields
from importlib import resources

import numpy as np
from numpy.typing import ArrayLike, NDArray

from whyl1.results import (
    BounceSweep,
    DensityAtZero,
    ElasticNetBall,
    EpsilonResult,
    EpsilonSweep,
    GeometryCase,
    GeometryResult,
    KinkObjectives,
    KinkResult,
    KinkSweep,
    LpBallsResult,
    MapEstimates,
    NegLogDensities,
    OscillationResult,
    PathResult,
    PenaltiesResult,
    PriorsResult,
    SampledEstimates,
    SelectionResult,
    ShrinkageCurves,
    StepsResult,
    ThresholdingResult,
)

FloatArray = NDArray[np.float64]

# ---------------------------------------------------------------------------
# penalties: |w| against ½w², and their (sub)gradients
# ---------------------------------------------------------------------------


def l1_penalty(w: ArrayLike) -> FloatArray:
    """``|w|`` elementwise: the L1 penalty per weight (Munthe Caspersen's answer)."""
    return np.abs(np.asarray(w, dtype=float))


def l1_subgradient(w: ArrayLike) -> FloatArray:
    """``sign(w)``: the subgradient of ``|w|`` that the plain subgradient step uses.

    At ``w = 0`` the subdifferential is the whole interval ``[−1, 1]``; ``sign``
    picks its minimum-norm element 0, which is why a weight that lands on 0
    exactly stays there under the penalty alone.
    """
    return np.sign(np.asarray(w, dtype=float))


def l2_penalty(w: ArrayLike) -> FloatArray:
    """``½w²`` elementwise: the L2 penalty per weight, halved so its gradient is ``w``."""
    w = np.asarray(w, dtype=float)
    return 0.5 * w * w


def l2_gradient(w: ArrayLike) -> FloatArray:
    """``w``: the gradient of ``½w²``; its pull fades as the weight shrinks."""
    return np.asarray(w, dtype=float).copy()


def penalties_story(w_max: float, points: int) -> PenaltiesResult:
    """The ``penalties`` story: both penalties and their (sub)gradients on a grid.

    ``small_weight_region`` is where ``|w| > w²`` (``0 < |w| < 1``): there L1
    charges a small weight relatively more than the squared penalty does (AI Stack Exchange).
    """
    w = np.linspace(-w_max, w_max, points)
    abs_w, squared = l1_penalty(w), w * w
    return PenaltiesResult(
        w=w,
        l1=abs_w,
        l2=l2_penalty(w),
        l1_gradient=l1_subgradient(w),
        l2_gradient=l2_gradient(w),
        l1_exceeds_square=(abs_w > squared),
        small_weight_region=np.array([-1.0, 1.0]),
    )


# ---------------------------------------------------------------------------
# steps and oscillation: penalty (plus optional quadratic data loss) descent
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class QuadraticDataLoss:
    """``½·curvature·(w − center)²``, the simplest data loss; gradient ``curvature·(w − center)``.

    ``curvature = 0`` switches the data loss off, leaving the penalty alone
    (the setting of the ``steps`` story).
    """

    curvature: float = 0.0
    center: float = 0.0

    def gradient(self, w: FloatArray) -> FloatArray:
        return self.curvature * (w - self.center)


NO_DATA_LOSS = QuadraticDataLoss()


def _iterate(update: Callable[[FloatArray], FloatArray], w0: ArrayLike, n: int) -> FloatArray:
    """Apply ``update`` ``n`` times; row ``k`` of the result is the ``k``-th iterate."""
    w = np.asarray(w0, dtype=float)
    out = np.empty((n + 1, *w.shape))
    out[0] = w
    for k in range(n):
        w = update(w)
        out[k + 1] = w
    return out


def _l1_descent_direction(w: FloatArray, lam: float, loss: QuadraticDataLoss) -> FloatArray:
    """A subgradient of ``loss(w) + λ|w|``: ``loss'(w) + λ·sign(w)`` away from 0.

    At ``w = 0`` it is the minimum-norm element of ``loss'(0) + λ[−1, 1]``: exactly 0
    when ``|loss'(0)| ≤ λ``, so a weight at 0 stays there exactly when 0 is optimal,
    and ``loss'(0) − λ·sign(loss'(0))`` otherwise. A case split, not
    ``g + λ·clip(−g/λ, −1, 1)``: ``λ·(−g/λ)`` is ``−g`` only up to rounding, and that
    ulp-sized leftover would nudge the weight off 0, one full step away the next time.
    """
    data_gradient = loss.gradient(w)
    at_zero = np.where(
        np.abs(data_gradient) <= lam, 0.0, data_gradient - lam * np.sign(data_gradient)
    )
    return np.where(w == 0, at_zero, data_gradient + lam * np.sign(w))


def l1_subgradient_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Plain subgradient descent ``w ← w − η(L'(w) + λ·sign(w))``, ``n`` steps.

    From ``w = 5`` with ``η = ½``, ``λ = 1`` this lands on exactly 0 after 10
    steps; from 5.1 it reaches 0.1 and then bounces 0.1, −0.4 forever (Cross Validated).
    """
    return _iterate(lambda w: w - eta * _l1_descent_direction(w, lam, loss), w0, n)


def l1_clamped_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Subgradient steps, but a step that would cross zero stops at exactly 0 (siua.io)."""

    def update(w: FloatArray) -> FloatArray:
        stepped = w - eta * _l1_descent_direction(w, lam, loss)
        # Compare signs, not the product: stepped·w underflows to −0.0 for tiny weights.
        return np.where(np.sign(stepped) * np.sign(w) < 0, 0.0, stepped)

    return _iterate(update, w0, n)


def soft_threshold(x: ArrayLike, tau: ArrayLike) -> FloatArray:
    """``S_τ(x) = sign(x)·max(|x| − τ, 0)``: the proximal map of ``τ|·|``.

    Every ``x`` with ``|x| ≤ τ`` maps to exactly 0: a whole interval, not a point,
    which is where the lasso's zeros come from (the Cross Validated ISTA answer).
    """
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.maximum(np.abs(x) - np.asarray(tau, dtype=float), 0.0)


def l1_proximal_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Proximal gradient (ISTA) steps ``w ← S_{ηλ}(w − η·L'(w))``."""
    return _iterate(lambda w: soft_threshold(w - eta * loss.gradient(w), eta * lam), w0, n)


def l2_steps(
    w0: ArrayLike, eta: float, lam: float, n: int, loss: QuadraticDataLoss = NO_DATA_LOSS
) -> FloatArray:
    """Gradient descent on ``L(w) + ½λw²``: ``w ← w − η(L'(w) + λw)``.

    With no data loss each step multiplies ``w`` by ``1 − ηλ``: halving for
    ``η = ½``, ``λ = 1``, so it never reaches 0 unless ``ηλ = 1`` exactly.
    """
    return _iterate(lambda w: w - eta * (loss.gradient(w) + lam * w), w0, n)


def first_exact_zero(iterates: ArrayLike) -> int | None:
    """Index of the first iterate that is exactly 0.0 (no tolerance), or None."""
    hits = np.flatnonzero(np.asarray(iterates) == 0.0)
    return int(hits[0]) if hits.size else None


def steps_story(w0: float, eta: float, lam: float, n: int) -> StepsResult:
    """The ``steps`` story: penalty-only descent for L1 and L2 from ``w0``."""
    l1 = l1_subgradient_steps(w0, eta, lam, n)
    l2 = l2_steps(w0, eta, lam, n)
    return StepsResult(
        l1=l1,
        l2=l2,
        l1_step_size=eta * lam,
        l2_factor=1.0 - eta * lam,
        l1_zero_step=first_exact_zero(l1),
        l2_zero_step=first_exact_zero(l2),
        l2_last=float(l2[-1]),
    )


# Iterates the late bounce is measured over. At small η the bounce's cycle can be longer
# than 10 steps, so a 10-iterate window misses a peak (width/η fell from 1.9 to 1.66
# from w0 = −3.3); 20 covers every cycle of the η sweep.
BOUNCE_WINDOW = 20

# The learning rates of the bounce-with-data sweep and its length: part of the story's
# claim (the late bounce shrinks in proportion to η, measured at these four η), not a knob
# the catalogue offers. 400 steps reach the late bounce at the smallest η.
ETA_SWEEP = (0.4, 0.2, 0.1, 0.05)
SWEEP_STEPS = 400


def bounce_amplitude(iterates: ArrayLike, tail: int = BOUNCE_WINDOW) -> float:
    """Peak-to-peak range of the last ``tail`` iterates: how wide the late bounce is."""
    last = np.asarray(iterates, dtype=float)[-tail:]
    return float(last.max() - last.min())


def oscillation_story(
    w0: float,
    eta: float,
    lam: float,
    n: int,
    data_curvature: float,
    data_center: float,
    *,
    eta_sweep: tuple[float, ...] = ETA_SWEEP,
    sweep_steps: int = SWEEP_STEPS,
) -> OscillationResult:
    """The ``oscillation`` story: the 0.1 ↔ −0.4 bounce and its three cures.

    The cures are the clamp, the proximal step, and (with the data loss
    ``½a(w − c)²``, ``|ac| ≤ λ`` so the optimum is 0) a smaller ``η``: the
    late bounce of the plain subgradient method shrinks in proportion to ``η``.
    """
    loss = QuadraticDataLoss(data_curvature, data_center)
    sweep = np.asarray(eta_sweep, dtype=float)
    with_data = [l1_subgradient_steps(w0, e, lam, sweep_steps, loss) for e in sweep]
    amplitudes = np.array([bounce_amplitude(it) for it in with_data])
    clamp, prox = l1_clamped_steps(w0, eta, lam, n), l1_proximal_steps(w0, eta, lam, n)
    return OscillationResult(
        subgradient=l1_subgradient_steps(w0, eta, lam, n),
        clamp=clamp,
        prox=prox,
        clamp_zero_step=first_exact_zero(clamp),
        prox_zero_step=first_exact_zero(prox),
        step_size=eta * lam,
        with_data=BounceSweep(
            etas=sweep,
            iterates=np.vstack(with_data),
            amplitudes=amplitudes,
            amplitude_per_eta=amplitudes / sweep,
            window=BOUNCE_WINDOW,
            optimum=float(soft_threshold(data_center, lam / data_curvature)),
        ),
    )


# ---------------------------------------------------------------------------
# epsilon: shrinking (1, ε) by δ in either coordinate
# ---------------------------------------------------------------------------


def l1_reduction(x: ArrayLike, shrink: ArrayLike) -> FloatArray:
    """``‖x‖₁ − ‖x − d‖₁`` over the last axis, summed coordinate by coordinate.

    Where ``x`` and ``x − d`` lie on the same side of 0 the coordinate's
    reduction is ``sign(x)·d`` exactly (so shrinking 1 by 0.05 gives 0.05, not
    the rounded ``1 − 0.95``); only a coordinate that crosses 0 is subtracted.
    """
    x, d = np.asarray(x, dtype=float), np.asarray(shrink, dtype=float)
    moved = x - d
    same_side = np.where(x != 0, np.sign(x) * d, -np.abs(d))
    crosses = np.sign(x) * np.sign(moved) < 0  # signs, not x·moved, which can underflow to 0
    per_coordinate = np.where(crosses, np.abs(x) - np.abs(moved), same_side)
    return np.sum(per_coordinate, axis=-1)


def squared_l2_reduction(x: ArrayLike, shrink: ArrayLike) -> FloatArray:
    """``‖x‖₂² − ‖x − d‖₂²`` as ``Σ d(2x − d)``: the same number without cancellation."""
    x, d = np.asarray(x, dtype=float), np.asarray(shrink, dtype=float)
    return np.sum(d * (2.0 * x - d), axis=-1)


# The ε sweep of the epsilon story: from max(δ, EPS_SWEEP_MIN) to 1, geometrically, in
# EPS_SWEEP_POINTS steps; how the story is drawn, not a claim, so not in the catalogue.
EPS_SWEEP_MIN = 1e-3
EPS_SWEEP_POINTS = 61


def epsilon_story(
    eps: float,
    delta: float,
    *,
    eps_min: float = EPS_SWEEP_MIN,
    points: int = EPS_SWEEP_POINTS,
) -> EpsilonResult:
    """The ``epsilon`` story (bnaul's answer): the vector ``(1, ε)`` shrunk by ``δ``.

    Shrinking the large coordinate or the small one lowers ``‖·‖₁`` by ``δ``
    either way, but ``‖·‖₂²`` by ``2δ − δ²`` against only ``2εδ − δ²``.
    The sweep keeps ``δ`` fixed and lets ``ε`` run from ``max(δ, eps_min)`` to 1.
    """

    def reductions(e: FloatArray) -> tuple[FloatArray, FloatArray, FloatArray, FloatArray]:
        """L1 large, L1 small, squared L2 large, squared L2 small: the fields' order."""
        x = np.stack([np.ones_like(e), e], axis=-1)
        shrink_large = np.stack([np.full_like(e, delta), np.zeros_like(e)], axis=-1)
        shrink_small = shrink_large[..., ::-1]
        return (
            l1_reduction(x, shrink_large),
            l1_reduction(x, shrink_small),
            squared_l2_reduction(x, shrink_large),
            squared_l2_reduction(x, shrink_small),
        )

    at = (float(value) for value in reductions(np.array(eps)))
    sweep_eps = np.geomspace(max(delta, eps_min), 1.0, points)
    return EpsilonResult(eps, delta, *at, sweep=EpsilonSweep(sweep_eps, *reductions(sweep_eps)))


# ---------------------------------------------------------------------------
# kink: 1-D minimisers and the interval of slopes that gives an exact zero
# ---------------------------------------------------------------------------


def l1_regularized_minimizer(c: ArrayLike, beta: float) -> FloatArray:
    """``argmin_w ½(w − c)² + β|w|`` = ``S_β(c)``: exactly 0 for every ``|c| ≤ β``."""
    return soft_threshold(c, beta)


def l2_regularized_minimizer(c: ArrayLike, beta: float) -> FloatArray:
    """``argmin_w ½(w − c)² + βw²`` = ``c/(1 + 2β)``: 0 only when ``c = 0`` exactly."""
    return np.asarray(c, dtype=float) / (1.0 + 2.0 * beta)


def zero_slope_interval(beta: float) -> tuple[float, float]:
    """Slopes ``L'(0)`` for which ``w = 0`` minimises ``L(w) + β|w|``: ``[−β, β]`` (Jenner).

    It is also the subdifferential of ``β|w|`` at 0: every line through the
    kink with a slope in it stays below the penalty.
    """
    return (-float(beta), float(beta))


# Centres in the kink story's minimiser sweep: enough for smooth curves, odd so c = 0 is on it.
KINK_SWEEP_POINTS = 241


def kink_story(
    c: float, beta: float, *, c_max: float | None = None, points: int = KINK_SWEEP_POINTS
) -> KinkResult:
    """The ``kink`` story for the loss ``L(w) = ½(w − c)²``, whose slope at 0 is ``−c``.

    The sweep runs ``c`` over ``[−c_max, c_max]``; by default ``c_max = max(3β, |c|)``
    (3 for the catalogue's β = 1), so the slope ``−c`` always passes through ``[−β, β]`` and
    well beyond it on both sides, and the sweep contains the story's own ``c``.
    """
    if c_max is None:
        c_max = max(3.0 * beta, abs(c))
    sweep_c = np.linspace(-c_max, c_max, points)
    return KinkResult(
        c=c,
        beta=beta,
        slope_at_zero=-c,
        l1_minimizer=float(l1_regularized_minimizer(c, beta)),
        l2_minimizer=float(l2_regularized_minimizer(c, beta)),
        zero_interval=zero_slope_interval(beta),
        sweep=KinkSweep(
            c=sweep_c,
            slope_at_zero=-sweep_c,
            l1_minimizer=l1_regularized_minimizer(sweep_c, beta),
            l2_minimizer=l2_regularized_minimizer(sweep_c, beta),
        ),
        objectives=kink_objectives(c, beta),
    )


def kink_objectives(c: float, beta: float, points: int = 401) -> KinkObjectives:
    """``½(w − c')² + β|w|`` and ``½(w − c')² + βw²`` over a ``w`` grid for a few centres
    ``c'``: 0 (slope 0), the story's ``c``, ``β`` (slope ``−β``, the interval's edge) and
    ``2β`` (outside it), so the L1 minimiser sits at 0 for all but the last while the L2
    minimiser ``c'/(1 + 2β)`` moves with every one. The grid spans ``±1.25·max(|c'|)``
    and, ``points`` being odd, holds ``w = 0`` exactly (the kink); minimisers and minimum
    values come along.
    """
    centers = np.unique(np.array([0.0, c, beta, 2.0 * beta]))
    half_width = 1.25 * float(np.max(np.abs(centers)))
    w = np.linspace(-half_width, half_width, points)
    w[points // 2] = 0.0  # the middle of an odd grid: exactly 0, not a rounding of it

    def l1_objective(w: FloatArray, c: FloatArray) -> FloatArray:
        return 0.5 * (w - c) ** 2 + beta * np.abs(w)

    def l2_objective(w: FloatArray, c: FloatArray) -> FloatArray:
        return 0.5 * (w - c) ** 2 + beta * w * w

    l1_min = l1_regularized_minimizer(centers, beta)
    l2_min = l2_regularized_minimizer(centers, beta)
    grid, rows = w[None, :], centers[:, None]
    return KinkObjectives(
        w=w,
        c=centers,
        slope_at_zero=-centers,
        l1=l1_objective(grid, rows),
        l2=l2_objective(grid, rows),
        l1_minimizer=l1_min,
        l2_minimizer=l2_min,
        l1_minimum=l1_objective(l1_min, centers),
        l2_minimum=l2_objective(l2_min, centers),
    )


# ---------------------------------------------------------------------------
# geometry: quadratic loss on the L1 diamond and the L2 disk (ESL Figure 3.11)
# ---------------------------------------------------------------------------


def quadratic_loss(beta: ArrayLike, center: ArrayLike, hessian: ArrayLike) -> FloatArray:
    """``½(β − β̂)ᵀH(β − β̂)`` over the last axis (β may be a stack of points)."""
    diff = np.asarray(beta, dtype=float) - np.asarray(center, dtype=float)
    return 0.5 * np.einsum("...i,ij,...j->...", diff, np.asarray(hessian, dtype=float), diff)


def _as_points(center: ArrayLike) -> FloatArray:
    points = np.asarray(center, dtype=float)
    if points.shape[-1] != 2:
        raise ValueError(f"center needs 2 coordinates in its last axis, got shape {points.shape}")
    return points


@dataclass(frozen=True)
class ConstrainedSolution:
    """Solutions of ``min ½(β − β̂)ᵀH(β − β̂)`` on a ball, one per ``β̂`` (stackable).

    ``point`` has shape ``(..., 2)``; ``level`` is the loss there (the contour
    that first touches the ball); ``on_corner`` says the L1 solution is a
    vertex of the diamond, so one weight is exactly 0 (always False for L2
    unless ``β̂`` itself is on an axis); ``multiplier`` is the KKT multiplier μ.
    """

    point: FloatArray
    level: FloatArray
    on_corner: NDArray[np.bool_]
    multiplier: FloatArray


def l1_constrained_solution(center: ArrayLike, hessian: ArrayLike, t: float) -> ConstrainedSolution:
    """Exact minimiser of the quadratic loss on the diamond ``‖β‖₁ ≤ t``.

    If ``β̂`` is inside, it is the answer. Otherwise the loss is convex and its
    free minimum is outside, so the answer is on the boundary: the four edges
    of the diamond. On each edge the loss is a 1-D quadratic whose minimiser
    has a closed form, clipped to the edge; the best of the four wins. When the
    clip is active the answer is a corner, with one coordinate exactly 0.
    Vectorised over any stack of ``β̂``.
    """
    center = _as_points(center)
    h = np.asarray(hessian, dtype=float)
    corners = t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])
    starts, directions = corners, np.roll(corners, -1, axis=0) - corners  # edge k: start + s·dir
    curvature = np.einsum("ki,ij,kj->k", directions, h, directions)
    # d/ds of ½(p0 + s·d − β̂)ᵀH(…) = 0  ⇒  s* = dᵀH(β̂ − p0) / dᵀHd
    offsets = center[..., None, :] - starts
    s_free = np.einsum("ki,ij,...kj->...k", directions, h, offsets) / curvature
    s = np.clip(s_free, 0.0, 1.0)
    candidates = starts + s[..., None] * directions
    # Corners are taken from the exact table, so the zero coordinate is 0.0 exactly.
    at_start, at_end = s_free <= 0.0, s_free >= 1.0
    candidates = np.where(at_start[..., None], starts, candidates)
    candidates = np.where(at_end[..., None], np.roll(corners, -1, axis=0), candidates)
    losses = quadratic_loss(candidates, center[..., None, :], h)
    best = np.argmin(losses, axis=-1)
    pick = np.take_along_axis
    point = pick(candidates, best[..., None, None], axis=-2)[..., 0, :]
    on_corner = pick(at_start | at_end, best[..., None], axis=-1)[..., 0]
    inside = np.sum(np.abs(center), axis=-1) <= t
    point = np.where(inside[..., None], center, point)
    on_corner = np.where(inside, False, on_corner)
    level = quadratic_loss(point, center, h)
    # μ from the KKT condition H(β̂ − β) = μ·g, g ∈ ∂‖β‖₁ (|g|∞ = 1 on the boundary).
    multiplier = np.where(inside, 0.0, np.max(np.abs((center - point) @ h), axis=-1))
    return ConstrainedSolution(point, level, on_corner, multiplier)


def l2_constrained_solution(
    center: ArrayLike, hessian: ArrayLike, t: float, max_iter: int = 100
) -> ConstrainedSolution:
    """Exact minimiser of the quadratic loss on the disk ``‖β‖₂ ≤ t``.

    Outside the disk, KKT gives ``β(μ) = (H + μI)⁻¹Hβ̂`` with ``‖β(μ)‖ = t``,
    ``μ > 0``. In the eigenbasis ``H = QΛQᵀ`` this is the secular equation
    ``Σᵢ (λᵢbᵢ/(λᵢ + μ))² = t²``, ``b = Qᵀβ̂``, solved by Newton's method on
    ``1/‖β(μ)‖ − 1/t`` (Moré–Sorensen): that function is concave and
    increasing, so Newton from ``μ = 0`` climbs monotonically to the root and
    converges quadratically, to machine precision, not to a grid's resolution.
    """
    center = _as_points(center)
    h = np.asarray(hessian, dtype=float)
    eigenvalues, q = np.linalg.eigh(h)
    flat = center.reshape(-1, 2)  # Newton runs on a flat batch; shapes restored below
    weighted = (flat @ q) * eigenvalues  # λᵢbᵢ
    outside = np.hypot(flat[:, 0], flat[:, 1]) > t
    mu = np.zeros(len(flat))
    active = outside.copy()
    for _ in range(max_iter):
        if not active.any():
            break
        m, w = mu[active], weighted[active]
        scaled = w / (eigenvalues + m[:, None])
        norm = np.sqrt(np.sum(scaled**2, axis=-1))
        # φ(μ) = 1/‖β(μ)‖ − 1/t and φ'(μ) = Σ λᵢ²bᵢ²/(λᵢ+μ)³ / ‖β‖³; Newton: μ − φ/φ'.
        slope = np.sum(scaled**2 / (eigenvalues + m[:, None]), axis=-1) / norm**3
        step = -(1.0 / norm - 1.0 / t) / slope
        mu[active] = m + np.maximum(step, 0.0)
        # From the left the iterates only climb; a step of a few ulps means converged.
        still = step > 4.0 * np.finfo(float).eps * np.maximum(m, np.finfo(float).tiny)
        active[active] = still
    point = np.where(outside[:, None], (weighted / (eigenvalues + mu[:, None])) @ q.T, flat)
    point = point.reshape(center.shape)
    on_axis = (np.any(point.reshape(-1, 2) == 0.0, axis=-1) & outside).reshape(mu.shape)
    shape = center.shape[:-1]
    return ConstrainedSolution(
        point, quadratic_loss(point, center, h), on_axis.reshape(shape), mu.reshape(shape)
    )


def ellipse_contour(
    center: ArrayLike, hessian: ArrayLike, level: float, points: int = 200
) -> FloatArray:
    """Points of the level set ``½(β − β̂)ᵀH(β − β̂) = level``, shape ``(points, 2)``.

    With ``H = LLᵀ`` (Cholesky) the level set is ``β̂ + √(2·level)·L⁻ᵀu``
    for unit vectors ``u``: the contour the scenes grow and the figures draw.
    """
    theta = np.linspace(0.0, 2.0 * np.pi, points)
    unit = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    chol = np.linalg.cholesky(np.asarray(hessian, dtype=float))
    radius = math.sqrt(2.0 * max(level, 0.0))
    return np.asarray(center, dtype=float) + radius * np.linalg.solve(chol.T, unit.T).T


def diamond_vertices(t: float) -> FloatArray:
    """The corners of ``‖β‖₁ ≤ t``, counter-clockwise from ``(t, 0)``, closed."""
    return t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])


def hessian_matrix(a: float, b: float, c: float) -> FloatArray:
    """``[[a, b], [b, c]]`` from the three numbers the CLI takes."""
    return np.array([[a, b], [b, c]], dtype=float)


def geometry_case(center: ArrayLike, hessian: ArrayLike, t: float) -> GeometryCase:
    """One ESL-3.11 panel pair: both constrained solutions and their loss levels."""
    lasso = l1_constrained_solution(center, hessian, t)
    ridge = l2_constrained_solution(center, hessian, t)
    return GeometryCase(
        center=np.asarray(center, dtype=float),
        lasso=lasso.point,
        ridge=ridge.point,
        lasso_level=float(lasso.level),
        ridge_level=float(ridge.level),
        lasso_on_corner=bool(lasso.on_corner),
        lasso_zero_coordinates=tuple(i for i in range(2) if lasso.point[i] == 0.0),
        ridge_on_axis=bool(ridge.on_corner),
    )


def geometry_story(
    center: tuple[float, float],
    hessian: tuple[float, float, float],
    t: float,
    edge_center: tuple[float, float],
) -> GeometryResult:
    """The ``geometry`` story: a ``β̂`` touched at a corner, and one touched on an edge."""
    h = hessian_matrix(*hessian)
    corner = geometry_case(center, h, t)
    return GeometryResult(
        **{item.name: getattr(corner, item.name) for item in fields(corner)},
        t=t,
        edge_case=geometry_case(edge_center, h, t),
        hessian=h,
    )


# ---------------------------------------------------------------------------
# thresholding: orthogonal design, soft-thresholding against ridge shrinkage
# ---------------------------------------------------------------------------


def ridge_shrink(x: ArrayLike, gamma: float) -> FloatArray:
    """Ridge for ``XᵀX = I``: ``β̂/(1 + γ)``, a uniform shrink that never reaches 0."""
    return np.asarray(x, dtype=float) / (1.0 + gamma)


_erfc = np.frompyfunc(math.erfc, 1, 1)


def normal_cdf(x: ArrayLike) -> FloatArray:
    """Standard normal CDF ``Φ(x) = ½·erfc(−x/√2)``, accurate in both tails."""
    # frompyfunc returns a bare Python float for a scalar x, so convert, don't .astype.
    return 0.5 * np.asarray(_erfc(-np.asarray(x, dtype=float) / math.sqrt(2.0)), dtype=float)


def normal_interval_probability(lower: ArrayLike, upper: ArrayLike) -> FloatArray:
    """``Φ(upper) − Φ(lower)`` without cancellation when both are in the upper tail."""
    lower, upper = np.broadcast_arrays(np.asarray(lower, float), np.asarray(upper, float))
    upper_tail = lower > 0  # use Φ(b) − Φ(a) = Φ(−a) − Φ(−b), both small
    return np.where(
        upper_tail,
        normal_cdf(-lower) - normal_cdf(-upper),
        normal_cdf(upper) - normal_cdf(lower),
    )


def p_sparse_lasso(beta: ArrayLike, sigma: float, gamma: float) -> float:
    """Exact ``P(lasso solution has a zero)`` for ``β̂ ~ N(β, σ²I)``, orthogonal design.

    Coordinate ``j`` is zeroed iff ``|β̂ⱼ| ≤ γ``, so
    ``P = 1 − Πⱼ[1 − (Φ((γ − βⱼ)/σ) − Φ((−γ − βⱼ)/σ))]`` (the orthogonal-design answer).
    """
    beta = np.asarray(beta, dtype=float)
    p_zero = normal_interval_probability((-gamma - beta) / sigma, (gamma - beta) / sigma)
    with np.errstate(divide="ignore"):  # p_zero = 1 (a sure zero): log1p(−1) = −inf, P = 1
        return float(-np.expm1(np.sum(np.log1p(-p_zero))))


def sample_estimates(beta: ArrayLike, sigma: float, samples: int, seed: int) -> FloatArray:
    """``samples`` draws of ``β̂ ~ N(β, σ²I)`` from a seeded generator, shape ``(samples, p)``."""
    beta = np.asarray(beta, dtype=float)
    rng = np.random.default_rng(seed)
    return beta + sigma * rng.standard_normal((samples, beta.size))


def p_sparse_lasso_monte_carlo(
    beta: ArrayLike, sigma: float, gamma: float, samples: int, seed: int
) -> tuple[float, float]:
    """Monte Carlo estimate of ``P(lasso sparse)`` and its standard error."""
    draws = sample_estimates(beta, sigma, samples, seed)
    sparse = np.any(np.abs(draws) <= gamma, axis=1)
    p = float(np.mean(sparse))
    return p, math.sqrt(p * (1.0 - p) / samples)


def shrinkage_curves(gamma: float, half_width: float, points: int = 401) -> ShrinkageCurves:
    """Both orthogonal-design estimates as functions of ``β̂ⱼ`` on ``[−half_width, half_width]``:
    soft-thresholding, flat at exactly 0 on ``[−γ, γ]``, and ridge's line ``β̂ⱼ/(1 + γ)``,
    0 only at ``β̂ⱼ = 0``. The grid holds ``±γ`` exactly, so the flat part ends where it should."""
    grid = np.union1d(np.linspace(-half_width, half_width, points), [-gamma, 0.0, gamma])
    lasso, ridge = soft_threshold(grid, gamma), ridge_shrink(grid, gamma)
    return ShrinkageCurves(beta_hat=grid, lasso=lasso, ridge=ridge)


def thresholding_story(
    gamma: float,
    sigma: float,
    beta: tuple[float, float],
    samples: int,
    seed: int,
    shown: int,
) -> ThresholdingResult:
    """The ``thresholding`` story: ``P(lasso sparse) > 0 = P(ridge sparse)``, exact and sampled.

    The first ``shown`` Monte Carlo draws, with their lasso and ridge images,
    are what the scene and the figure scatter.
    """
    draws = sample_estimates(beta, sigma, samples, seed)
    lasso, ridge = soft_threshold(draws, gamma), ridge_shrink(draws, gamma)
    lasso_sparse, ridge_sparse = np.any(lasso == 0.0, axis=1), np.any(ridge == 0.0, axis=1)
    p_mc = float(np.mean(lasso_sparse))
    return ThresholdingResult(
        gamma=gamma,
        p_sparse_lasso=p_sparse_lasso(beta, sigma, gamma),
        p_sparse_lasso_mc=p_mc,
        p_sparse_lasso_mc_stderr=math.sqrt(p_mc * (1.0 - p_mc) / samples),
        # A_R is the two axes, a set of area 0: no continuous β̂ lands on it.
        p_sparse_ridge=0.0,
        p_sparse_ridge_mc=float(np.mean(ridge_sparse)),
        samples=samples,
        # The shrinkage curves over a range holding ±2γ and β ± 3σ.
        curves=shrinkage_curves(gamma, max(2 * gamma, float(np.max(np.abs(beta))) + 3 * sigma)),
        points=SampledEstimates(
            beta_hat=draws[:shown],
            lasso=lasso[:shown],
            ridge=ridge[:shown],
            lasso_sparse=lasso_sparse[:shown],
        ),
    )


# ---------------------------------------------------------------------------
# priors: Gaussian (L2) against Laplace (L1), densities and MAP estimates
# ---------------------------------------------------------------------------


def gaussian_pdf(x: ArrayLike, sigma: float) -> FloatArray:
    """``N(0, σ²)`` density."""
    x = np.asarray(x, dtype=float)
    return np.exp(-0.5 * (x / sigma) ** 2) / (sigma * math.sqrt(2.0 * math.pi))


def laplace_pdf(x: ArrayLike, b: float) -> FloatArray:
    """``Laplace(0, b)`` density ``exp(−|x|/b)/(2b)``; variance ``2b²``."""
    return np.exp(-np.abs(np.asarray(x, dtype=float)) / b) / (2.0 * b)


def gaussian_neg_log_pdf(x: ArrayLike, sigma: float) -> FloatArray:
    """``−log N(x; 0, σ²) = x²/(2σ²) + log(σ√(2π))``: the L2 penalty plus a constant."""
    x = np.asarray(x, dtype=float)
    return 0.5 * (x / sigma) ** 2 + math.log(sigma * math.sqrt(2.0 * math.pi))


def laplace_neg_log_pdf(x: ArrayLike, b: float) -> FloatArray:
    """``−log Laplace(x; 0, b) = |x|/b + log(2b)``: the L1 penalty plus a constant, kinked at 0."""
    return np.abs(np.asarray(x, dtype=float)) / b + math.log(2.0 * b)


def map_gaussian_prior(data_mean: ArrayLike, noise_sd: float, sigma: float) -> FloatArray:
    """MAP of ``w`` for ``x̄ ~ N(w, s²)`` and prior ``N(0, σ²)``: ``x̄·σ²/(σ² + s²)``."""
    return np.asarray(data_mean, dtype=float) * sigma**2 / (sigma**2 + noise_sd**2)


def map_laplace_prior(data_mean: ArrayLike, noise_sd: float, b: float) -> FloatArray:
    """MAP of ``w`` for ``x̄ ~ N(w, s²)`` and prior ``Laplace(0, b)``: ``S_{s²/b}(x̄)``."""
    return soft_threshold(data_mean, noise_sd**2 / b)


UNIT_VARIANCE_LAPLACE_SCALE = 1.0 / math.sqrt(2.0)  # variance 2b² = 1


def priors_story(
    narrow_sigma: float,
    x_max: float,
    points: int,
    noise_sd: float,
    mean_max: float,
) -> PriorsResult:
    """The ``priors`` story (after Jenner): density at 0 is not the reason, the kink is."""
    b = UNIT_VARIANCE_LAPLACE_SCALE
    x = np.linspace(-x_max, x_max, points)
    means = np.linspace(-mean_max, mean_max, points)
    return PriorsResult(
        laplace_scale=b,
        density_at_zero=DensityAtZero(
            gaussian=float(gaussian_pdf(0.0, 1.0)),
            laplace=float(laplace_pdf(0.0, b)),
            narrow_gaussian=float(gaussian_pdf(0.0, narrow_sigma)),
        ),
        x=x,
        gaussian=gaussian_pdf(x, 1.0),
        laplace=laplace_pdf(x, b),
        narrow_gaussian=gaussian_pdf(x, narrow_sigma),
        neg_log=NegLogDensities(
            gaussian=gaussian_neg_log_pdf(x, 1.0),
            laplace=laplace_neg_log_pdf(x, b),
            narrow_gaussian=gaussian_neg_log_pdf(x, narrow_sigma),
        ),
        map=MapEstimates(
            data_mean=means,
            gaussian=map_gaussian_prior(means, noise_sd, 1.0),
            laplace=map_laplace_prior(means, noise_sd, b),
            narrow_gaussian=map_gaussian_prior(means, noise_sd, narrow_sigma),
            laplace_zero_interval=(-(noise_sd**2) / b, noise_sd**2 / b),
        ),
    )


# ---------------------------------------------------------------------------
# lp-balls: unit balls of |·|_p and of the elastic net
# ---------------------------------------------------------------------------


def l0_count(x: ArrayLike) -> NDArray[np.int64]:
    """Number of non-zero entries over the last axis: what sparsity really counts."""
    return np.count_nonzero(np.asarray(x), axis=-1)


def lp_ball_boundary(p: float, points: int = 401) -> FloatArray:
    """Closed boundary of ``{|x|^p + |y|^p ≤ 1}``, shape ``(points, 2)``.

    Parametrised as ``(sgn(cos θ)|cos θ|^(2/p), sgn(sin θ)|sin θ|^(2/p))`` so
    ``|x|^p + |y|^p = cos²θ + sin²θ = 1`` exactly and the sharp corners of
    ``p < 1`` are resolved; ``p = ∞`` is the square.
    """
    if math.isinf(p):
        return np.array([[1, 0], [1, 1], [-1, 1], [-1, -1], [1, -1], [1, 0]], dtype=float)
    _require_positive(p, "p")
    theta = np.linspace(0.0, 2.0 * np.pi, points)
    # cos(π/2) is 6e-17, not 0, and |·|^(2/p) inflates it (to 0.002 for p = 12): snap the
    # axis crossings to exact zeros so the curve passes through (±1, 0), (0, ±1) and closes.
    c, s = (np.where(np.abs(v) < 1e-15, 0.0, v) for v in (np.cos(theta), np.sin(theta)))
    return np.stack([np.sign(c) * np.abs(c) ** (2 / p), np.sign(s) * np.abs(s) ** (2 / p)], -1)


def elastic_net_ball_boundary(l1_ratio: float, points: int = 401) -> FloatArray:
    """Boundary of ``{α‖β‖₁ + (1−α)‖β‖₂² ≤ 1}``: along each unit direction ``u`` the radius
    ``r`` solves ``(1−α)r² + α‖u‖₁r − 1 = 0`` (the positive root, computed stably).

    The ball takes ESL's form (eq. 3.54, no ½ on the square), so that for every ``α`` it
    meets the axes at ±1 like the Lp balls beside it; with scikit-learn's ½ on the square
    it would cross the axes beyond ±1 for every ``α < 1``."""
    theta = np.linspace(0.0, 2.0 * np.pi, points)
    u = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    a, b = 1.0 - l1_ratio, l1_ratio * np.sum(np.abs(u), axis=-1)
    radius = 2.0 / (b + np.sqrt(b * b + 4.0 * a))  # = (−b + √(b²+4a))/(2a), no cancellation
    return radius[:, None] * u


# The p of the lp-balls story: one below 1 (corners, not convex), L1 (corners), L2 and
# the max norm (smooth or flat-sided, no corner on an axis): the story's claim, not a knob.
LP_BALL_PS = (0.5, 1.0, 2.0, math.inf)


def lp_balls_story(
    l1_ratio: float, points: int, *, ps: tuple[float, ...] = LP_BALL_PS
) -> LpBallsResult:
    """The ``lp-balls`` story: which unit balls have corners on the axes (``p ≤ 1``)."""
    return LpBallsResult(
        ps=tuple(float(p) for p in ps),
        boundaries=tuple(lp_ball_boundary(p, points) for p in ps),
        corners_on_axes=tuple(bool(p <= 1.0) for p in ps),
        convex=tuple(bool(p >= 1.0) for p in ps),
        elastic_net=ElasticNetBall(
            l1_ratio=l1_ratio,
            boundary=elastic_net_ball_boundary(l1_ratio, points),
            corners_on_axes=bool(l1_ratio > 0.0),
        ),
    )


# ---------------------------------------------------------------------------
# ISTA, lasso and ridge paths (diabetes), feature selection
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LinearData:
    """A centred design ``X`` (columns scaled to unit norm) and centred response ``y``."""

    x: FloatArray
    y: FloatArray
    feature_names: tuple[str, ...]


DIABETES_FEATURES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


def standardize(x: ArrayLike, y: ArrayLike, names: tuple[str, ...]) -> LinearData:
    """Centre every column and ``y``; scale columns to unit Euclidean norm (the LARS paper's
    convention, and scikit-learn's ``load_diabetes(scaled=True)``)."""
    x = np.asarray(x, dtype=float)
    x = x - x.mean(axis=0)
    x = x / np.sqrt(np.sum(x * x, axis=0))
    y = np.asarray(y, dtype=float)
    return LinearData(x, y - y.mean(), names)


def load_diabetes() -> LinearData:
    """The diabetes data of Efron et al. (2004), 442 patients × 10 features, from ``assets/``."""
    with resources.files("whyl1.assets").joinpath("diabetes.csv").open() as handle:
        table = np.loadtxt(handle, delimiter=",", comments="#", skiprows=6)
    return standardize(table[:, :-1], table[:, -1], DIABETES_FEATURES)


def lipschitz_constant(x: FloatArray) -> float:
    """``L = σ_max(X)²/n``: the gradient of ``(1/2n)‖y − Xβ‖²`` is ``L``-Lipschitz,
    so ``1/L`` is the largest fixed step with guaranteed descent."""
    return float(np.linalg.norm(x, 2) ** 2 / x.shape[0])


def lasso_kkt_violation(
    x: FloatArray, y: FloatArray, coef: FloatArray, lam: ArrayLike
) -> FloatArray:
    """Largest violation of the lasso optimality conditions, per column of ``coef``.

    With ``g = Xᵀ(Xβ − y)/n``: ``g_j = −λ·sign(β_j)`` where ``β_j ≠ 0``, and
    ``|g_j| ≤ λ`` where ``β_j = 0``.
    """
    coef2 = coef.reshape(coef.shape[0], -1)
    lam = np.broadcast_to(np.asarray(lam, dtype=float), coef2.shape[1])
    grad = x.T @ (x @ coef2 - y[:, None]) / x.shape[0]
    active = coef2 != 0
    violation = np.where(
        active, np.abs(grad + lam * np.sign(coef2)), np.maximum(np.abs(grad) - lam, 0.0)
    )
    return violation.max(axis=0).reshape(coef.shape[1:])


def _polish_on_support(
    x: FloatArray, y: FloatArray, coef: FloatArray, lam: float
) -> FloatArray | None:
    """Solve the lasso's KKT equations exactly on the support and signs ISTA found.

    On support ``A`` with signs ``s``: ``X_Aᵀ X_A β_A = X_Aᵀy − nλs``. The result
    is returned only if it keeps those signs and satisfies KKT to rounding,
    i.e. it *is* the lasso solution, not an approximation of it.
    """
    support = np.flatnonzero(coef)
    polished = np.zeros_like(coef)
    if support.size:
        xa, signs = x[:, support], np.sign(coef[support])
        solution = np.linalg.solve(xa.T @ xa, xa.T @ y - x.shape[0] * lam * signs)
        if np.any(np.sign(solution) != signs):
            return None
        polished[support] = solution
    scale = max(lam, float(np.max(np.abs(x.T @ y))) / x.shape[0])
    if lasso_kkt_violation(x, y, polished, lam) > 1e-12 * scale:
        return None
    return polished


@dataclass(frozen=True)
class IstaResult:
    """ISTA's answer: ``coef`` (p × k for k penalties), iterations used, exactness."""

    coef: FloatArray
    iterations: int
    exact: NDArray[np.bool_]


def ista(
    x: FloatArray,
    y: FloatArray,
    lams: ArrayLike,
    *,
    start: FloatArray | None = None,
    step: float | None = None,
    max_iter: int = 200_000,
    check_every: int = 50,
) -> IstaResult:
    """ISTA for the lasso at several ``λ`` at once: ``β ← S_{λ/L}(β − ∇/L)`` (the ISTA answer).

    The fixed step ``1/L`` comes from the Lipschitz constant. Every so often
    (at most every ``check_every`` iterations) each column's support and signs are tested by
    solving the KKT equations exactly on them (``_polish_on_support``); a column
    stops once that succeeds, so the returned coefficients are exact to
    rounding and the zeros are the algorithm's own exact zeros. ``step`` defaults
    to ``1/L``; pass it when calling repeatedly on the same ``X``.
    """
    lams = np.atleast_1d(np.asarray(lams, dtype=float))
    n, p = x.shape
    step = 1.0 / lipschitz_constant(x) if step is None else step
    gram = x.T @ x / n if n >= p else None
    xty = x.T @ y / n
    coef = np.zeros((p, lams.size)) if start is None else np.array(start, dtype=float)
    exact = np.zeros(lams.size, dtype=bool)
    iterations, burst = 0, 1
    while iterations < max_iter and not exact.all():
        todo = ~exact
        b = coef[:, todo]
        # Check after 1, 2, 4, … iterations (at most check_every): a warm start down a
        # path often has the right support at once, a cold start needs more steps.
        for _ in range(burst):
            grad = (gram @ b if gram is not None else x.T @ (x @ b) / n) - xty[:, None]
            b = soft_threshold(b - step * grad, step * lams[todo])
        coef[:, todo] = b
        iterations += burst
        burst = min(2 * burst, check_every)
        for k in np.flatnonzero(todo):
            polished = _polish_on_support(x, y, coef[:, k], lams[k])
            if polished is not None:
                coef[:, k], exact[k] = polished, True
    return IstaResult(coef, iterations, exact)


def lambda_max(x: FloatArray, y: FloatArray) -> float:
    """Smallest ``λ`` with an all-zero lasso solution: ``max|Xᵀy|/n``."""
    return float(np.max(np.abs(x.T @ y)) / x.shape[0])


def lasso_path(x: FloatArray, y: FloatArray, lams: ArrayLike) -> IstaResult:
    """Lasso coefficients along decreasing ``λ``, by ISTA with warm starts down the grid."""
    lams = np.asarray(lams, dtype=float)
    order = np.argsort(-lams)
    coef = np.zeros((x.shape[1], lams.size))
    exact = np.zeros(lams.size, dtype=bool)
    total, current = 0, np.zeros((x.shape[1], 1))
    step = 1.0 / lipschitz_constant(x)  # one SVD for the whole path
    for k in order:
        result = ista(x, y, lams[k : k + 1], start=current, step=step)
        current = result.coef
        coef[:, k], exact[k] = current[:, 0], result.exact[0]
        total += result.iterations
    return IstaResult(coef, total, exact)


def lasso_exit_lambdas(
    x: FloatArray, y: FloatArray, lams: ArrayLike, coef: FloatArray
) -> FloatArray:
    """For each feature, the ``λ`` above which its lasso coefficient is 0 for good.

    Between knots the lasso path is linear: on support ``A`` with signs ``s``,
    ``β_A(λ) = G⁻¹(c − λs)`` (``G = X_AᵀX_A/n``, ``c = X_Aᵀy/n``). Starting from
    the largest grid ``λ`` where feature ``j`` is non-zero, the path is followed
    up knot by knot (``_exit_by_homotopy``) to the last knot where ``β_j`` reaches 0:
    other features may enter or leave between two grid points, so the line at the
    grid point alone is not enough. NaN for a feature never non-zero on the grid.
    """
    lams = np.asarray(lams, dtype=float)
    exits = np.full(x.shape[1], np.nan)
    for j in range(x.shape[1]):
        nonzero = np.flatnonzero(coef[j] != 0)
        if not nonzero.size:
            continue
        k = nonzero[np.argmax(lams[nonzero])]
        exits[j] = _exit_by_homotopy(x, y, j, float(lams[k]), coef[:, k])
    return exits


def _exit_by_homotopy(x: FloatArray, y: FloatArray, j: int, lam: float, coef: FloatArray) -> float:
    """Follow the exact lasso path upward from ``(λ, coef)`` to the last knot where ``β_j``
    becomes 0 (it may leave and join again before ``λ_max``, where every coefficient is 0).

    Going up, an active coefficient reaching 0 leaves the support and an inactive
    feature whose correlation ``g_i = x_iᵀ(y − Xβ)/n`` reaches ``±λ`` joins it with
    that sign (the LARS-lasso events, in reverse).
    """
    n, p = x.shape
    gram_all, corr_all = x.T @ x / n, x.T @ y / n
    support = np.flatnonzero(coef)
    signs = np.sign(coef[support])
    exit_lambda = math.nan
    while support.size:  # each pass crosses one knot; the path has finitely many
        gram = gram_all[np.ix_(support, support)]
        intercept = np.linalg.solve(gram, corr_all[support])
        slope = np.linalg.solve(gram, signs)
        with np.errstate(divide="ignore", invalid="ignore"):
            leave = intercept / slope  # β_A(μ) = intercept − μ·slope is 0 here
            rest = np.setdiff1d(np.arange(p), support)
            u = corr_all[rest] - gram_all[np.ix_(rest, support)] @ intercept
            v = gram_all[np.ix_(rest, support)] @ slope  # g_rest(μ) = u + μv
            join = np.stack([u / (1.0 - v), -u / (1.0 + v)])  # g = +μ, g = −μ
        ahead = lam * (1.0 + 1e-9)  # skip the knot just crossed (it recurs to rounding)
        leave = np.where(np.isfinite(leave) & (leave > ahead), leave, np.inf)
        join = np.where(np.isfinite(join) & (join > ahead), join, np.inf)
        if leave.min() <= np.min(join, initial=math.inf):
            lam = float(leave.min())
            out = int(np.argmin(leave))
            if support[out] == j:
                exit_lambda = lam
            support, signs = np.delete(support, out), np.delete(signs, out)
        else:
            lam = float(join.min())
            side, position = np.unravel_index(np.argmin(join), join.shape)
            at = np.searchsorted(support, rest[position])
            support = np.insert(support, at, rest[position])
            signs = np.insert(signs, at, 1.0 if side == 0 else -1.0)
    return exit_lambda


def ridge_path(x: FloatArray, y: FloatArray, lams: ArrayLike) -> FloatArray:
    """Ridge coefficients for ``(1/2n)‖y − Xβ‖² + (λ/2)‖β‖²`` at each ``λ``: ``(G + λI)⁻¹c``,
    through one eigendecomposition of ``G = XᵀX/n``. Shape ``(p, len(lams))``."""
    lams = np.asarray(lams, dtype=float)
    n = x.shape[0]
    eigenvalues, q = np.linalg.eigh(x.T @ x / n)
    rotated = q.T @ (x.T @ y / n)
    return q @ (rotated[:, None] / (eigenvalues[:, None] + lams[None, :]))


def path_story(points: int, lambda_ratio: float) -> PathResult:
    """The ``path`` story: lasso and ridge paths on the diabetes data, ``λ`` decreasing."""
    data = load_diabetes()
    top = lambda_max(data.x, data.y)
    lams = np.geomspace(top, top * lambda_ratio, points)
    lasso = lasso_path(data.x, data.y, lams)
    # Ridge shrinks the direction of each eigenvalue e of XᵀX/n by e/(e + λ), so its grid
    # runs from 100·e_max (every direction under 1% of least squares) to e_min/100
    # (every direction above 99%): the whole way from near 0 to least squares.
    eigenvalues = np.linalg.eigvalsh(data.x.T @ data.x / data.x.shape[0])
    ridge_lams = np.geomspace(1e2 * eigenvalues[-1], 1e-2 * eigenvalues[0], points)
    return PathResult(
        lambdas=lams,
        lasso_coefs=lasso.coef,
        lasso_exact=bool(lasso.exact.all()),
        lasso_exit_lambdas=lasso_exit_lambdas(data.x, data.y, lams, lasso.coef),
        lasso_nonzero=l0_count(lasso.coef.T),
        ridge_lambdas=ridge_lams,
        ridge_coefs=ridge_path(data.x, data.y, ridge_lams),
        ridge_nonzero=l0_count(ridge_path(data.x, data.y, ridge_lams).T),
        feature_names=tuple(data.feature_names),
        least_squares=np.linalg.lstsq(data.x, data.y, rcond=None)[0],
    )


def selection_data(
    n_samples: int, n_features: int, n_relevant: int, noise: float, seed: int
) -> tuple[FloatArray, FloatArray, FloatArray]:
    """Seeded synthetic regression: Gaussian design, ``n_relevant`` true weights of size
    1 to 3 with random signs, the rest exactly 0. Returns ``(X, y, true_coef)``."""
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((n_samples, n_features))
    coef = np.zeros(n_features)
    relevant = rng.choice(n_features, n_relevant, replace=False)
    coef[relevant] = rng.uniform(1.0, 3.0, n_relevant) * rng.choice([-1.0, 1.0], n_relevant)
    y = x @ coef + noise * rng.standard_normal(n_samples)
    return x, y, coef


def selection_story(
    n_samples: int,
    n_features: int,
    n_relevant: int,
    noise: float,
    lam: float,
    seed: int,
) -> SelectionResult:
    """The ``selection`` story (siua.io): 1,000 candidates, 50 that matter; the lasso
    keeps about 50 non-zero weights, ridge (same ``λ``) keeps all of them."""
    x, y, truth = selection_data(n_samples, n_features, n_relevant, noise, seed)
    lasso = ista(x, y, [lam]).coef[:, 0]
    ridge = ridge_path(x, y, [lam])[:, 0]
    relevant, kept = truth != 0, lasso != 0
    return SelectionResult(
        true_coefs=truth,
        lasso_coefs=lasso,
        ridge_coefs=ridge,
        lasso_nonzero=int(l0_count(lasso)),
        ridge_nonzero=int(l0_count(ridge)),
        relevant=int(relevant.sum()),
        true_positives=int(np.sum(kept & relevant)),
        false_positives=int(np.sum(kept & ~relevant)),
        false_negatives=int(np.sum(~kept & relevant)),
    )


def _require_positive(value: float, name: str) -> None:
    if not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")

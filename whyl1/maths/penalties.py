"""L1 against L2 one weight at a time: the penalties, their (sub)gradients, the
soft-threshold, the 1-D minimisers, the (1, ε) reductions and the unit balls."""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


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


def soft_threshold(x: ArrayLike, tau: ArrayLike) -> FloatArray:
    """``S_τ(x) = sign(x)·max(|x| − τ, 0)``: the proximal map of ``τ|·|``.

    Every ``x`` with ``|x| ≤ τ`` maps to exactly 0: a whole interval, not a point,
    which is where the lasso's zeros come from (the Cross Validated ISTA answer).
    """
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.maximum(np.abs(x) - np.asarray(tau, dtype=float), 0.0)


def l0_count(x: ArrayLike) -> NDArray[np.int64]:
    """Number of non-zero entries over the last axis: what sparsity really counts."""
    return np.count_nonzero(np.asarray(x), axis=-1)


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


def _require_positive(value: float, name: str) -> None:
    if not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")

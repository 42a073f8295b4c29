"""L1 against L2 one weight at a time: the penalties, their (sub)gradients, the
soft-threshold, the 1-D minimisers, the (1, ε) reductions and the unit balls.

Weights, centres and thresholds share one unit (whatever ``w`` is measured in);
``|w|`` is in that unit, ``½w²`` in its square.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def l1_penalty(w: ArrayLike) -> FloatArray:
    """The L1 penalty per weight, ``|w|``, elementwise.

    Parameters
    ----------
    w : array_like
        Weights, any shape.

    Returns
    -------
    ndarray
        ``|w|``, same shape as ``w``.

    References
    ----------
    Kent Munthe Caspersen's answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-steps-answer``).
    """
    return np.abs(np.asarray(w, dtype=float))


def l1_subgradient(w: ArrayLike) -> FloatArray:
    """The subgradient of ``|w|`` that the plain subgradient step uses, ``sign(w)``.

    At ``w = 0`` the subdifferential is the whole interval ``[−1, 1]``; ``sign``
    picks its minimum-norm element 0, which is why a weight that lands on 0
    exactly stays there under the penalty alone. Takes weights of any shape; returns −1, 0
    or 1 per weight (dimensionless), same shape.

    Examples
    --------
    >>> l1_subgradient([-0.3, 0.0, 2.0]).tolist()
    [-1.0, 0.0, 1.0]
    """
    return np.sign(np.asarray(w, dtype=float))


def l2_penalty(w: ArrayLike) -> FloatArray:
    """The L2 penalty per weight, ``½w²``, elementwise: halved so its gradient is ``w``.

    Takes weights of any shape, like ``l1_penalty``; returns ``½w²`` in the units of ``w``
    squared, same shape.
    """
    w = np.asarray(w, dtype=float)
    return 0.5 * w * w


def l2_gradient(w: ArrayLike) -> FloatArray:
    """The gradient of ``½w²``, which is ``w`` itself: its pull fades as the weight shrinks.

    Takes weights of any shape; returns a copy of them as floats.
    """
    return np.asarray(w, dtype=float).copy()


def l1_above_l2_interval() -> tuple[float, float]:
    """The weights ``w`` at which L1 charges more than L2: ``|w| > ½w²`` on ``(−2, 2)``
    (except at 0, where both are 0).

    ``|w| − ½w² = |w|(1 − |w|/2)`` is positive exactly for ``0 < |w| < 2``, whatever the
    penalty strength ``λ`` both share. Inside, L1 charges relatively ever more as the
    weight shrinks (``|w|/(½w²) = 2/|w|``): a small weight costs far more under L1.

    Returns
    -------
    tuple of float
        ``(−2, 2)``, in the units of ``w``.

    References
    ----------
    "Why does L1 regularization yield sparse features?", Artificial Intelligence Stack
    Exchange (``whyl1.sources``: ``aise-sparse-features``).
    """
    # |w| = ½w² at the non-zero root of 1 − |w|/2
    crossing = 2.0
    return (-crossing, crossing)


def soft_threshold(x: ArrayLike, tau: ArrayLike) -> FloatArray:
    """The soft-threshold ``S_τ(x) = sign(x)·max(|x| − τ, 0)``: the proximal map of ``τ|·|``.

    Every ``x`` with ``|x| ≤ τ`` maps to exactly 0: a whole interval, not a point,
    which is where the lasso's zeros come from (the Cross Validated ISTA answer).

    Parameters
    ----------
    x : array_like
        Values to shrink, any shape.
    tau : array_like
        Threshold ``τ ≥ 0``, in the units of ``x``; broadcast against ``x``.

    Returns
    -------
    ndarray
        ``S_τ(x)``, the broadcast shape of ``x`` and ``tau``.

    References
    ----------
    The proximal-gradient (ISTA) answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-ista-answer``).

    Examples
    --------
    >>> soft_threshold([-2.0, -0.5, 0.3, 1.5], 1.0).tolist()
    [-1.0, -0.0, 0.0, 0.5]
    """
    x = np.asarray(x, dtype=float)
    return np.sign(x) * np.maximum(np.abs(x) - np.asarray(tau, dtype=float), 0.0)


def l0_count(x: ArrayLike) -> NDArray[np.int64]:
    """The number of non-zero entries over the last axis: what sparsity really counts.

    Parameters
    ----------
    x : array_like
        Coefficients, shape ``(..., p)``; only exact zeros count as zero.

    Returns
    -------
    ndarray of int
        Shape ``x.shape[:-1]``.
    """
    return np.count_nonzero(np.asarray(x), axis=-1)


def l1_reduction(x: ArrayLike, shrink: ArrayLike) -> FloatArray:
    """How much shrinking ``x`` by ``d`` lowers its L1 norm, ``‖x‖₁ − ‖x − d‖₁``.

    Summed coordinate by coordinate over the last axis. Where ``x`` and ``x − d``
    lie on the same side of 0 the coordinate's reduction is ``sign(x)·d`` exactly
    (so shrinking 1 by 0.05 gives 0.05, not the rounded ``1 − 0.95``); only a
    coordinate that crosses 0 is subtracted.

    Parameters
    ----------
    x : array_like
        Vectors, shape ``(..., p)``.
    shrink : array_like
        The shift ``d``, broadcast against ``x``, same units.

    Returns
    -------
    ndarray
        Shape of the broadcast ``x`` and ``shrink`` without the last axis.

    References
    ----------
    bnaul's answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-epsilon-answer``).

    Examples
    --------
    Shrinking either coordinate of ``(1, ε)`` by ``δ`` lowers ``‖·‖₁`` by ``δ``:

    >>> l1_reduction([[1.0, 0.1], [1.0, 0.1]], [[0.05, 0.0], [0.0, 0.05]]).tolist()
    [0.05, 0.05]
    """
    x, d = np.asarray(x, dtype=float), np.asarray(shrink, dtype=float)
    moved = x - d
    same_side = np.where(x != 0, np.sign(x) * d, -np.abs(d))
    crosses = np.sign(x) * np.sign(moved) < 0  # signs, not x·moved, which can underflow to 0
    per_coordinate = np.where(crosses, np.abs(x) - np.abs(moved), same_side)
    return np.sum(per_coordinate, axis=-1)


def squared_l2_reduction(x: ArrayLike, shrink: ArrayLike) -> FloatArray:
    """How much shrinking ``x`` by ``d`` lowers ``‖x‖₂²``, computed as ``Σ d(2x − d)``.

    The same number as ``‖x‖₂² − ‖x − d‖₂²`` without its cancellation. Parameters, shape
    and source as for ``l1_reduction``; the result is in the units of ``x`` squared.

    Examples
    --------
    Shrinking the large coordinate of ``(1, ε)`` by ``δ`` gains ``2δ − δ²``, the small one
    only ``2εδ − δ²``:

    >>> squared_l2_reduction([[1.0, 0.25], [1.0, 0.25]], [[0.5, 0.0], [0.0, 0.5]]).tolist()
    [0.75, 0.0]
    """
    x, d = np.asarray(x, dtype=float), np.asarray(shrink, dtype=float)
    return np.sum(d * (2.0 * x - d), axis=-1)


def l1_regularized_minimizer(c: ArrayLike, beta: float) -> FloatArray:
    """The minimiser of ``½(w − c)² + β|w|``, which is ``S_β(c)``: 0 for every ``|c| ≤ β``.

    Parameters
    ----------
    c : array_like
        Centres of the quadratic loss (its slope at 0 is ``−c``), any shape.
    beta : float
        Penalty strength ``β ≥ 0``, in the units of ``c``.

    Returns
    -------
    ndarray
        The minimising ``w``, same shape as ``c``.

    References
    ----------
    Erik Jenner, "L1 regularization: sparsity through singularities" (2021)
    (``whyl1.sources``: ``jenner-singularities``).
    """
    return soft_threshold(c, beta)


def l2_regularized_minimizer(c: ArrayLike, beta: float) -> FloatArray:
    """The minimiser of ``½(w − c)² + βw²``, which is ``c/(1 + 2β)``: 0 only when ``c = 0``.

    As ``l1_regularized_minimizer``, except that ``β ≥ 0`` is dimensionless here (``βw²``
    is in the units of ``½c²``).
    """
    return np.asarray(c, dtype=float) / (1.0 + 2.0 * beta)


def zero_slope_interval(beta: float) -> tuple[float, float]:
    """The slopes ``L'(0)`` for which ``w = 0`` minimises ``L(w) + β|w|``: ``[−β, β]``.

    It is also the subdifferential of ``β|w|`` at 0: every line through the
    kink with a slope in it stays below the penalty.

    Parameters
    ----------
    beta : float
        Penalty strength ``β ≥ 0``, in units of loss per unit of ``w``.

    Returns
    -------
    tuple of float
        ``(−β, β)``.

    References
    ----------
    Erik Jenner, "L1 regularization: sparsity through singularities" (2021)
    (``whyl1.sources``: ``jenner-singularities``).
    """
    return (-float(beta), float(beta))


def lp_ball_boundary(p: float, points: int = 401) -> FloatArray:
    """The closed boundary of the unit ball ``{|x|^p + |y|^p ≤ 1}``.

    Parametrised as ``(sgn(cos θ)|cos θ|^(2/p), sgn(sin θ)|sin θ|^(2/p))`` so
    ``|x|^p + |y|^p = cos²θ + sin²θ = 1`` exactly and the sharp corners of
    ``p < 1`` are resolved; ``p = ∞`` is the square.

    Parameters
    ----------
    p : float
        The exponent, ``p > 0`` or ``math.inf``.
    points : int
        Points along the curve (ignored for ``p = ∞``, whose six points trace the square).

    Returns
    -------
    ndarray
        Shape ``(points, 2)``, from ``(1, 0)`` counter-clockwise back to ``(1, 0)``.

    Raises
    ------
    ValueError
        If ``p ≤ 0``.

    References
    ----------
    Comments on bnaul's answer to "Why L1 norm for sparse models", Cross Validated
    (``whyl1.sources``: ``cv-epsilon-answer``): every ``p ≤ 1`` ball has corners on the axes.
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
    """The boundary of the elastic-net ball ``{α‖β‖₁ + (1−α)‖β‖₂² ≤ 1}``.

    Along each unit direction ``u`` the radius ``r`` solves
    ``(1−α)r² + α‖u‖₁r − 1 = 0``: the positive root, computed stably. The ball takes
    ESL's form (eq. 3.54, no ½ on the square), so that for every ``α`` it meets the axes
    at ±1 like the Lp balls beside it; with scikit-learn's ½ on the square it would cross
    the axes beyond ±1 for every ``α < 1``.

    Parameters
    ----------
    l1_ratio : float
        The mixing ``α`` in ``[0, 1]``: 1 is the L1 diamond, 0 the L2 disk.
    points : int
        Points along the curve.

    Returns
    -------
    ndarray
        Shape ``(points, 2)``, counter-clockwise from ``(1, 0)``, closed.

    References
    ----------
    Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed.
    (2009), eq. (3.54) (``whyl1.sources``: ``esl``).
    """
    theta = np.linspace(0.0, 2.0 * np.pi, points)
    u = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    a, b = 1.0 - l1_ratio, l1_ratio * np.sum(np.abs(u), axis=-1)
    radius = 2.0 / (b + np.sqrt(b * b + 4.0 * a))  # = (−b + √(b²+4a))/(2a), no cancellation
    return radius[:, None] * u


def _require_positive(value: float, name: str) -> None:
    if not value > 0:
        raise ValueError(f"{name} must be > 0, got {value}")

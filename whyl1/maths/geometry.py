"""The 2-D picture of ESL Figure 3.11: a quadratic loss minimised exactly on the L1
diamond and on the L2 disk, and the loss contours drawn around them.

Points are coefficient pairs ``β = (β₁, β₂)`` in the last axis of an array; the loss is
``½(β − β̂)ᵀH(β − β̂)`` around the unconstrained optimum ``β̂``.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

import numpy as np
from numpy.typing import ArrayLike, NDArray

FloatArray = NDArray[np.float64]


def quadratic_loss(beta: ArrayLike, center: ArrayLike, hessian: ArrayLike) -> FloatArray:
    """The quadratic loss ``½(β − β̂)ᵀH(β − β̂)`` over the last axis.

    Parameters
    ----------
    beta : array_like
        Points ``β``, shape ``(..., 2)``.
    center : array_like
        The optimum ``β̂``, broadcast against ``beta``.
    hessian : array_like
        ``H``, shape ``(2, 2)``.

    Returns
    -------
    ndarray
        The loss at each point, shape ``beta.shape[:-1]`` (broadcast with ``center``).
    """
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

    Attributes
    ----------
    point : ndarray
        The constrained minimiser, shape ``(..., 2)``.
    level : ndarray
        The loss there, shape ``(...)``: the contour that first touches the ball.
    on_corner : ndarray of bool
        Shape ``(...)``. For L1, the solution is a vertex of the diamond, so one weight
        is exactly 0; for L2, it lies on an axis, which happens only when ``β̂`` does.
    multiplier : ndarray
        The KKT multiplier ``μ ≥ 0``, shape ``(...)``; 0 when ``β̂`` is inside the ball.
    """

    point: FloatArray
    level: FloatArray
    on_corner: NDArray[np.bool_]
    multiplier: FloatArray


def l1_constrained_solution(center: ArrayLike, hessian: ArrayLike, t: float) -> ConstrainedSolution:
    """The exact minimiser of the quadratic loss on the diamond ``‖β‖₁ ≤ t``.

    If ``β̂`` is inside, it is the answer. Otherwise the loss is convex and its
    free minimum is outside, so the answer is on the boundary: the four edges
    of the diamond. On each edge the loss is a 1-D quadratic whose minimiser
    has a closed form, clipped to the edge; the best of the four wins. When the
    clip is active the answer is a corner, with one coordinate exactly 0.
    Vectorised over any stack of ``β̂``.

    Parameters
    ----------
    center : array_like
        The unconstrained optimum ``β̂``, shape ``(2,)`` or a stack ``(..., 2)``.
    hessian : array_like
        ``H``, shape ``(2, 2)``, symmetric positive definite.
    t : float
        The budget ``t > 0``, in the units of ``β``.

    Returns
    -------
    ConstrainedSolution
        With ``on_corner`` true where the solution is a vertex of the diamond.

    References
    ----------
    Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed.
    (2009), Figure 3.11 (``whyl1.sources``: ``esl``).

    Examples
    --------
    ESL's picture: the contours around ``β̂ = (1.9, 3)`` first touch the corner ``(0, 1)``.

    >>> h = hessian_matrix(1.0, 0.7, 1.2)
    >>> solution = l1_constrained_solution([1.9, 3.0], h, 1.0)
    >>> solution.point.tolist(), bool(solution.on_corner)
    ([0.0, 1.0], True)
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
    """The exact minimiser of the quadratic loss on the disk ``‖β‖₂ ≤ t``.

    Outside the disk, KKT gives ``β(μ) = (H + μI)⁻¹Hβ̂`` with ``‖β(μ)‖ = t``,
    ``μ > 0``. In the eigenbasis ``H = QΛQᵀ`` this is the secular equation
    ``Σᵢ (λᵢbᵢ/(λᵢ + μ))² = t²``, ``b = Qᵀβ̂``, solved by Newton's method on
    ``1/‖β(μ)‖ − 1/t`` (Moré–Sorensen): that function is concave and
    increasing, so Newton from ``μ = 0`` climbs monotonically to the root and
    converges quadratically, to machine precision, not to a grid's resolution.

    Parameters
    ----------
    center, hessian, t
        As for ``l1_constrained_solution``.
    max_iter : int
        Cap on Newton steps (it converges in far fewer).

    Returns
    -------
    ConstrainedSolution
        With ``on_corner`` true where the solution lies on an axis.

    References
    ----------
    Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed.
    (2009), Figure 3.11 (``whyl1.sources``: ``esl``).
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
    """Points of the loss contour ``½(β − β̂)ᵀH(β − β̂) = level``.

    With ``H = LLᵀ`` (Cholesky) the level set is ``β̂ + √(2·level)·L⁻ᵀu``
    for unit vectors ``u``: the contour the scenes grow and the figures draw.

    Parameters
    ----------
    center : array_like
        ``β̂``, shape ``(2,)``.
    hessian : array_like
        ``H``, shape ``(2, 2)``, positive definite.
    level : float
        The loss value of the contour (a negative level is taken as 0, the point ``β̂``).
    points : int
        Points along the ellipse.

    Returns
    -------
    ndarray
        Shape ``(points, 2)``, closed (the last point repeats the first).
    """
    theta = np.linspace(0.0, 2.0 * np.pi, points)
    unit = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    chol = np.linalg.cholesky(np.asarray(hessian, dtype=float))
    radius = math.sqrt(2.0 * max(level, 0.0))
    return np.asarray(center, dtype=float) + radius * np.linalg.solve(chol.T, unit.T).T


def diamond_vertices(t: float) -> FloatArray:
    """The corners of the diamond ``‖β‖₁ ≤ t``, counter-clockwise from ``(t, 0)``, closed.

    Parameters
    ----------
    t : float
        The budget, in the units of ``β``.

    Returns
    -------
    ndarray
        Shape ``(5, 2)``; the last row repeats the first.
    """
    return t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])


def hessian_matrix(a: float, b: float, c: float) -> FloatArray:
    """The symmetric matrix ``[[a, b], [b, c]]`` from the three numbers the CLI takes.

    Parameters
    ----------
    a, b, c : float
        The loss curvatures ``H₁₁``, ``H₁₂ = H₂₁`` and ``H₂₂``.

    Returns
    -------
    ndarray
        Shape ``(2, 2)``.
    """
    return np.array([[a, b], [b, c]], dtype=float)

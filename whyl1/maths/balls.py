"""Where a growing loss ellipse first touches an Lp or elastic-net unit ball: the exact
global minimiser of a quadratic loss on the ball, convex (``p ≥ 1``) or not (``p < 1``).

The touch point is what the lp-balls story reads out: a coordinate exactly 0 when the
ellipse meets a corner on an axis, non-zero when the ball is smooth there. So the
corners are compared as exact points, never as the limit of a search, and a smooth ball
is never credited with an axis point that only rounding makes look optimal.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import dataclass
from typing import NamedTuple

import numpy as np
from numpy.typing import ArrayLike, NDArray

from whyl1.maths.geometry import quadratic_loss

FloatArray = NDArray[np.float64]

# The 1-D search along each half-arc: a geometric grid from 1e-300 (so a touch point a
# hair off the axis, as for p just above 1, is bracketed too) up to 1e-3 of the arc,
# then an even grid; every bracket of a local minimum is then bisected to the last bit.
_TINY = 1e-300
_GEOMETRIC_POINTS = 300
_EVEN_POINTS = 2000
_BISECTIONS = 200  # more than enough: a bracket shrinks to adjacent doubles in ~60


@dataclass(frozen=True)
class BallSolution:
    """The minimiser of ``½(β − β̂)ᵀH(β − β̂)`` on a unit ball.

    Attributes
    ----------
    point : ndarray
        The minimiser, shape ``(2,)``: ``β̂`` itself when it lies in the ball.
    level : float
        The loss there: the level of the contour that first touches the ball.
    on_axis : bool
        ``β̂`` lies outside the ball and a coordinate of ``point`` is exactly 0.0.
    """

    point: FloatArray
    level: float
    on_axis: bool


@dataclass(frozen=True)
class _Arc:
    """One eighth of a unit ball's boundary, which the ball's symmetries (sign flips and
    swapping the coordinates) map onto all the others: the big coordinate ``x(y)`` as a
    function of the small one ``y`` in ``[0, y_end]``, from the axis point ``(1, 0)`` to
    the diagonal, with its slope ``dx/dy``. ``corner`` says whether the ball has a
    corner at ``(1, 0)`` (there the two arcs that meet do not share a tangent)."""

    x: Callable[[FloatArray], FloatArray]
    slope: Callable[[FloatArray, FloatArray], FloatArray]  # of (y, x)
    y_end: float
    corner: bool


def _lp_arc(p: float) -> _Arc:
    """``|x|^p + |y|^p = 1``: ``x = (1 − y^p)^(1/p)``, ``dx/dy = −(y/x)^(p−1)``."""
    if math.isinf(p):  # the square: x = 1 up to its corner (1, 1)
        return _Arc(np.ones_like, lambda y, x: np.zeros_like(y), 1.0, corner=False)
    return _Arc(
        lambda y: (1.0 - y**p) ** (1.0 / p),
        lambda y, x: -((y / x) ** (p - 1.0)),
        2.0 ** (-1.0 / p),
        corner=p <= 1.0,
    )


def _elastic_net_arc(alpha: float) -> _Arc:
    """``α(x + y) + (1 − α)(x² + y²) = 1`` for ``x, y ≥ 0``: a circular arc, whose ``x``
    is the positive root of ``(1 − α)x² + αx − r = 0``, ``r = 1 − αy − (1 − α)y²``,
    computed as ``2r/(α + √(α² + 4(1 − α)r))`` (no cancellation)."""
    a = 1.0 - alpha

    def x_of(y: FloatArray) -> FloatArray:
        rest = 1.0 - alpha * y - a * y * y
        return 2.0 * rest / (alpha + np.sqrt(alpha * alpha + 4.0 * a * rest))

    # The diagonal x = y: 2(1 − α)y² + 2αy − 1 = 0, stable root as above.
    y_end = 1.0 / (alpha + math.sqrt(alpha * alpha + 2.0 * a))
    return _Arc(
        x_of, lambda y, x: -(2.0 * a * y + alpha) / (2.0 * a * x + alpha), y_end, alpha > 0.0
    )


def lp_ball_solution(center: ArrayLike, hessian: ArrayLike, p: float) -> BallSolution:
    """The exact global minimiser of the quadratic loss on ``|β₁|^p + |β₂|^p ≤ 1``.

    Inside the ball ``β̂`` is the answer. Outside it the minimum lies on the boundary
    (an interior point with a non-zero gradient can always move downhill), for convex
    and non-convex balls alike, and the boundary is searched whole:

    - the four axis points ``(±1, 0)``, ``(0, ±1)``, exactly, as candidates whenever
      the ball has corners there (``p ≤ 1``); a smooth ball's axis point only when the
      loss is exactly stationary along the boundary there, since otherwise a point a
      little off the axis is strictly better, however little rounding shows it;
    - on each of the eight arcs between an axis and a diagonal, parametrised by the
      small coordinate ``y`` (so a touch point 10⁻²⁰ off the axis keeps its digits):
      every local minimum of the loss along the arc, bracketed by the sign of its
      derivative on a grid (geometric near the axis, even beyond) and bisected to
      adjacent doubles, and the arc's end on the diagonal (a corner of the square);

    and the candidate of least loss wins (axis points first, on a tie). A grid can
    miss only two minima closer together than its spacing (1/2000 of an arc), whose
    losses then differ by far less than anything drawn.

    Parameters
    ----------
    center : array_like
        The unconstrained optimum ``β̂``, shape ``(2,)``.
    hessian : array_like
        ``H``, shape ``(2, 2)``, symmetric positive definite.
    p : float
        The exponent, ``p > 0``; ``math.inf`` is the square ``max|βᵢ| ≤ 1``.

    Returns
    -------
    BallSolution

    Raises
    ------
    ValueError
        If ``p ≤ 0`` or ``center`` is not a pair.

    References
    ----------
    Comments on bnaul's answer to "Why L1 norm for sparse models", Cross Validated: every
    ``p ≤ 1`` ball has corners on the axes, every ``p > 1`` ball is smooth there.

    Examples
    --------
    The ellipses around ``β̂ = (1.9, 3)`` meet the ``p = ½`` ball at its corner ``(0, 1)``:

    >>> h = np.array([[1.0, 0.7], [0.7, 1.2]])
    >>> lp_ball_solution([1.9, 3.0], h, 0.5).point.tolist()
    [0.0, 1.0]
    """
    if not p > 0:
        raise ValueError(f"p must be > 0, got {p}")
    center = _as_pair(center)
    if math.isinf(p):
        inside = bool(np.max(np.abs(center)) <= 1.0)
    else:
        inside = bool(np.sum(np.abs(center) ** p) <= 1.0)
    return _touch(center, np.asarray(hessian, dtype=float), _lp_arc(p), inside)


def elastic_net_ball_solution(
    center: ArrayLike, hessian: ArrayLike, l1_ratio: float
) -> BallSolution:
    """The exact minimiser of the quadratic loss on ``α‖β‖₁ + (1 − α)‖β‖₂² ≤ 1``.

    The ball is ESL's (eq. 3.54, no ½ on the square), meeting the axes at ±1; it is
    convex, with corners on the axes for every ``α > 0``. Searched as in
    ``lp_ball_solution``, its arcs being circular.

    Parameters
    ----------
    center, hessian
        As for ``lp_ball_solution``.
    l1_ratio : float
        The mix ``α`` in ``[0, 1]``: 1 is the L1 diamond, 0 the L2 disk.

    Returns
    -------
    BallSolution

    References
    ----------
    Hastie, Tibshirani and Friedman, *The Elements of Statistical Learning*, 2nd ed.
    (2009), eq. (3.54).
    """
    if not 0.0 <= l1_ratio <= 1.0:
        raise ValueError(f"l1_ratio must be in [0, 1], got {l1_ratio}")
    center = _as_pair(center)
    size = np.abs(center)
    inside = bool(l1_ratio * np.sum(size) + (1.0 - l1_ratio) * np.sum(size * size) <= 1.0)
    return _touch(center, np.asarray(hessian, dtype=float), _elastic_net_arc(l1_ratio), inside)


def _as_pair(center: ArrayLike) -> FloatArray:
    point = np.asarray(center, dtype=float)
    if point.shape != (2,):
        raise ValueError(f"center must be a pair (β₁, β₂), got shape {point.shape}")
    return point


class _Orientation(NamedTuple):
    """Which eighth of the boundary an arc is: the index of its small coordinate and the
    signs of the small and the big coordinate."""

    small: int
    small_sign: float
    big_sign: float

    def place(self, y: FloatArray, x: FloatArray) -> FloatArray:
        """The boundary points with small coordinate ``y`` and big coordinate ``x``."""
        points = np.empty((*np.shape(y), 2))
        points[..., self.small] = self.small_sign * y
        points[..., 1 - self.small] = self.big_sign * x
        return points


_EIGHTHS = [_Orientation(small, a, b) for small in (1, 0) for a in (1.0, -1.0) for b in (1.0, -1.0)]


def _slope_along(
    arc: _Arc, eighth: _Orientation, y: FloatArray, center: FloatArray, hessian: FloatArray
) -> FloatArray:
    """d(loss)/dy along one eighth of the boundary: the gradient ``H(β − β̂)`` against the
    tangent ``(1, dx/dy)`` (in the eighth's small and big coordinates, with their signs)."""
    x = arc.x(y)
    gradient = (eighth.place(y, x) - center) @ hessian
    with np.errstate(over="ignore", invalid="ignore", divide="ignore"):
        along_big = eighth.big_sign * gradient[..., 1 - eighth.small] * arc.slope(y, x)
    return eighth.small_sign * gradient[..., eighth.small] + along_big


def _touch(center: FloatArray, hessian: FloatArray, arc: _Arc, inside: bool) -> BallSolution:
    """The best boundary point of the ball described by ``arc`` (see ``lp_ball_solution``)."""
    if inside:
        return BallSolution(center.copy(), 0.0, False)
    y_grid = arc.y_end * np.concatenate(
        [
            np.geomspace(_TINY, 1e-3, _GEOMETRIC_POINTS),
            np.linspace(1e-3, 1.0, _EVEN_POINTS)[1:],
        ]
    )
    corners: list[FloatArray] = []
    others: list[FloatArray] = []
    for eighth in _EIGHTHS:
        zero = np.array(0.0)
        if arc.corner or _slope_along(arc, eighth, zero, center, hessian) == 0.0:
            corners.append(eighth.place(zero, np.array(1.0)))
        slopes = _slope_along(arc, eighth, y_grid, center, hessian)
        bracket = (slopes[:-1] < 0) & (slopes[1:] >= 0)  # a local minimum between
        low, high = y_grid[:-1][bracket], y_grid[1:][bracket]
        for _ in range(_BISECTIONS):
            middle = low + 0.5 * (high - low)
            moved = (middle != low) & (middle != high)
            if not moved.any():
                break
            down = _slope_along(arc, eighth, middle, center, hessian) < 0
            low = np.where(down & moved, middle, low)
            high = np.where(~down & moved, middle, high)
        ends = np.concatenate([low, high, y_grid[[0, -1]]])
        others.append(eighth.place(ends, arc.x(ends)))
    points = np.vstack([*corners, *others])  # exact axis points first: they win a tie
    best = points[int(np.argmin(quadratic_loss(points, center, hessian)))]
    return BallSolution(best, float(quadratic_loss(best, center, hessian)), bool(np.any(best == 0)))

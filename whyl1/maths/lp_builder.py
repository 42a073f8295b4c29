"""The ``lp-balls`` story's builder: the unit balls, and where the ellipses of a quadratic
loss first touch each of them, at the scene's stops and along the morph from p = ½ to ∞.

Kept beside ``builders`` (which holds every other story's) so that neither grows long;
the same contract: catalogue parameters without defaults, a ``whyl1.results`` result.
"""

from __future__ import annotations

import math

import numpy as np
from numpy.typing import ArrayLike

from whyl1 import results
from whyl1.maths.balls import elastic_net_ball_solution, lp_ball_solution
from whyl1.maths.geometry import hessian_matrix
from whyl1.maths.penalties import elastic_net_ball_boundary, lp_ball_boundary

# The p of the lp-balls story: one below 1 (corners, not convex), L1 (corners), L2 and
# the max norm (smooth or flat-sided, no corner on an axis): the story's claim, not a knob.
LP_BALL_PS = (0.5, 1.0, 2.0, math.inf)
# Where the scene stops to read the touch point out: the balls above, and p = 1.2, just
# past 1, where the zero is already gone.
LP_TOUCH_PS = (0.5, 1.0, 1.2, 2.0, math.inf)
# The morph from p = ½ to ∞ runs evenly in 1/p, from 2 down to 0 in steps of
# 1/LP_SWEEP_STEPS; 30 puts every stop above on it exactly (1/p = k/30).
LP_SWEEP_STEPS = 30


def lp_touches(
    center: ArrayLike, hessian: ArrayLike, ps: ArrayLike | tuple[float, ...]
) -> results.LpTouches:
    """Where the loss ellipses around ``β̂ = center`` first touch each unit ball of ``ps``.

    Parameters
    ----------
    center : array_like
        ``β̂``, shape ``(2,)``.
    hessian : array_like
        ``H``, shape ``(2, 2)``, positive definite.
    ps : array_like
        Exponents ``p > 0`` (``math.inf`` for the square).

    Returns
    -------
    LpTouches
    """
    ps = np.asarray(ps, dtype=float)
    solutions = [lp_ball_solution(center, hessian, float(p)) for p in ps]
    points = np.array([s.point for s in solutions]).reshape(-1, 2)
    return results.LpTouches(
        ps=ps,
        points=points,
        levels=np.array([s.level for s in solutions]),
        axis_distance=np.min(np.abs(points), axis=1),
        on_axis=np.array([s.on_axis for s in solutions], dtype=bool),
    )


def lp_balls_story(
    l1_ratio: float,
    points: int,
    center: tuple[float, float],
    hessian: tuple[float, float, float],
    *,
    ps: tuple[float, ...] = LP_BALL_PS,
    touch_ps: tuple[float, ...] = LP_TOUCH_PS,
    sweep_steps: int = LP_SWEEP_STEPS,
) -> results.LpBallsResult:
    """The ``lp-balls`` story: which unit balls have corners on the axes (``p ≤ 1``), and
    where the ellipses of a quadratic loss first touch each: on an axis, a weight exactly
    0, while the ball has corners there; off the axes once it is smooth.

    Parameters
    ----------
    l1_ratio : float
        The elastic net's mixing ``α``.
    points : int
        Points along each boundary.
    center : tuple of float
        The loss's unconstrained optimum ``β̂``.
    hessian : tuple of float
        ``(a, b, c)`` of ``H = [[a, b], [b, c]]``, positive definite.
    ps : tuple of float
        The exponents drawn.
    touch_ps : tuple of float
        The exponents whose touch points are read out.
    sweep_steps : int
        The sweep runs ``1/p`` from 2 to 0 in steps of ``1/sweep_steps``.

    Returns
    -------
    LpBallsResult

    References
    ----------
    comments on bnaul's answer, Cross Validated; ESL eq. (3.54).
    """
    h = hessian_matrix(*hessian)
    net = elastic_net_ball_solution(center, h, l1_ratio)
    # 1/p = k/steps for k = 2·steps … 0, so p = steps/k exactly (∞ at k = 0)
    with np.errstate(divide="ignore"):
        sweep_ps = sweep_steps / np.arange(2 * sweep_steps, -1, -1, dtype=float)
    return results.LpBallsResult(
        ps=tuple(float(p) for p in ps),
        boundaries=tuple(lp_ball_boundary(p, points) for p in ps),
        corners_on_axes=tuple(bool(p <= 1.0) for p in ps),
        convex=tuple(bool(p >= 1.0) for p in ps),
        elastic_net=results.ElasticNetBall(
            l1_ratio=l1_ratio,
            boundary=elastic_net_ball_boundary(l1_ratio, points),
            corners_on_axes=bool(l1_ratio > 0.0),
            touch_point=net.point,
            touch_level=net.level,
            touch_on_axis=net.on_axis,
        ),
        center=np.asarray(center, dtype=float),
        hessian=h,
        touches=lp_touches(center, h, touch_ps),
        sweep=lp_touches(center, h, sweep_ps),
    )

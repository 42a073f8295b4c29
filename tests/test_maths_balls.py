"""maths' touch points on the Lp and elastic-net balls against independent oracles: closed
forms at p = 1, 2 and ∞ (written here, not the module's diamond and disk solvers), SLSQP from
many starts for convex balls, a dense boundary grid for the non-convex ones, the Lagrange
condition solved by brentq, KKT at the corners, and hypothesis properties (nesting,
symmetry, exact zeros only where a ball has a corner)."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, given, settings
from hypothesis import strategies as st
from scipy.optimize import brentq, minimize

from whyl1 import maths, stories

PROPERTY = settings(max_examples=40, deadline=None, derandomize=True)
AXIS_POINTS = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])


def loss(beta, center, h):
    d = np.asarray(beta, dtype=float) - center
    return 0.5 * np.einsum("...i,ij,...j->...", d, h, d)


def random_case(rng):
    """A β̂ outside the square max|βᵢ| ≤ 1 (so outside every ball) and a random SPD H."""
    angle = rng.uniform(0, np.pi)
    q = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    h = q @ np.diag(rng.uniform(0.3, 4.0, 2)) @ q.T
    while True:
        center = rng.uniform(-3.5, 3.5, 2)
        if np.max(np.abs(center)) > 1.05:
            return center, h


CASES = [random_case(np.random.default_rng(seed)) for seed in range(40)]
IDS = [f"seed{k}" for k in range(len(CASES))]


def radial_boundary(norm_of_direction, count):
    """A dense boundary grid, independent of the module's parametrisation: along each unit
    direction u the ball's radius is 1/N(u) for its (positively homogeneous) gauge N; the
    four axis points are in the grid exactly."""
    theta = np.linspace(0.0, 2 * np.pi, count, endpoint=False)
    u = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    return np.vstack([u / norm_of_direction(u)[:, None], AXIS_POINTS])


def lp_gauge(p):
    return lambda u: np.sum(np.abs(u) ** p, axis=-1) ** (1 / p)


def elastic_net_radius_gauge(alpha):
    """1/r for the elastic net: α‖u‖₁r + (1 − α)r² = 1 along the unit vector u."""

    def gauge(u):
        b = alpha * np.sum(np.abs(u), axis=-1)
        a = 1 - alpha
        r = 1 / b if a == 0 else (-b + np.sqrt(b * b + 4 * a)) / (2 * a)
        return 1 / r

    return gauge


# --- closed forms at p = 1, 2, ∞ ----------------------------------------------------------


def segment_minimum(center, h, start, end):
    """The exact minimiser of the loss on the segment [start, end]: a 1-D quadratic, clipped."""
    d = end - start
    s = np.clip(d @ h @ (center - start) / (d @ h @ d), 0.0, 1.0)
    return end if s == 1.0 else start if s == 0.0 else start + s * d


def polygon_minimum(center, h, corners):
    """Best of the exact per-edge minimisers of a convex polygon's boundary."""
    candidates = [
        segment_minimum(center, h, a, b)
        for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True)
    ]
    return min(candidates, key=lambda b: loss(b, center, h))


def disk_minimum(center, h):
    """β(μ) = (H + μI)⁻¹Hβ̂ with ‖β(μ)‖ = 1, μ > 0, the root found by brentq."""

    def excess(mu):
        return np.linalg.norm(np.linalg.solve(h + mu * np.eye(2), h @ center)) - 1

    high = 1.0
    while excess(high) > 0:
        high *= 2
    mu = brentq(excess, 0.0, high, xtol=1e-15, rtol=1e-15)
    return np.linalg.solve(h + mu * np.eye(2), h @ center)


DIAMOND = AXIS_POINTS
SQUARE = np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_p1_and_the_square_are_the_exact_polygon_minima(case):
    center, h = case
    for p, corners in ((1.0, DIAMOND), (math.inf, SQUARE)):
        got = maths.lp_ball_solution(center, h, p)
        expected = polygon_minimum(center, h, corners)
        if any(np.array_equal(expected, c) for c in corners):
            np.testing.assert_array_equal(got.point, expected)  # a corner, exactly
        else:
            np.testing.assert_allclose(got.point, expected, rtol=0, atol=1e-12)
        assert got.level == pytest.approx(loss(expected, center, h), rel=1e-12)
        # Only the diamond's corners lie on an axis
        on_axis = p == 1.0 and any(np.array_equal(expected, c) for c in corners)
        assert got.on_axis == on_axis


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_p2_is_the_secular_equation_root(case):
    center, h = case
    got = maths.lp_ball_solution(center, h, 2.0)
    np.testing.assert_allclose(got.point, disk_minimum(center, h), rtol=0, atol=1e-12)
    assert not got.on_axis and np.all(got.point != 0.0)


# --- convex balls against SLSQP, non-convex ones against a dense grid ----------------------


def slsqp_on_lp_ball(center, h, p):
    """Best feasible SLSQP answer from twelve starts on |b1|^p + |b2|^p ≤ 1 (p > 1)."""
    constraint = {
        "type": "ineq",
        "fun": lambda b: 1 - np.sum(np.abs(b) ** p),
        "jac": lambda b: -p * np.sign(b) * np.abs(b) ** (p - 1),
    }
    best = None
    for angle in np.linspace(0, 2 * np.pi, 12, endpoint=False):
        start = 0.9 * np.array([np.cos(angle), np.sin(angle)])
        result = minimize(
            loss, start, args=(center, h), jac=lambda b, c, hh: hh @ (b - c), method="SLSQP",
            constraints=[constraint], options={"ftol": 1e-15, "maxiter": 1000},
        )  # fmt: skip
        if np.sum(np.abs(result.x) ** p) <= 1 + 1e-9 and (best is None or result.fun < best.fun):
            best = result
    return best


@pytest.mark.parametrize("p", [1.3, 1.5, 3.0, 6.0])
@pytest.mark.parametrize("case", CASES[:12], ids=IDS[:12])
def test_convex_balls_match_slsqp_and_kkt(case, p):
    center, h = case
    got = maths.lp_ball_solution(center, h, p)
    reference = slsqp_on_lp_ball(center, h, p)
    # SLSQP may end up to 1e-9 outside the ball (and so a little lower): pulled radially
    # onto the ball, its answer is feasible, and never better than the exact one
    feasible = reference.x / max(1.0, np.sum(np.abs(reference.x) ** p) ** (1 / p))
    assert got.level <= loss(feasible, center, h) + 1e-13
    np.testing.assert_allclose(got.point, reference.x, rtol=0, atol=1e-5)
    # KKT, far tighter than SLSQP: on the boundary, H(β̂ − β) = μ·p·sign(β)|β|^(p−1), μ > 0
    assert np.sum(np.abs(got.point) ** p) == pytest.approx(1.0, abs=1e-13)
    pull = h @ (center - got.point)
    normal = np.sign(got.point) * np.abs(got.point) ** (p - 1)
    assert pull @ normal > 0
    cross = pull[0] * normal[1] - pull[1] * normal[0]
    assert abs(cross) <= 1e-10 * np.linalg.norm(pull) * np.linalg.norm(normal)
    assert not got.on_axis


def solved_against_a_dense_grid(solve, case, shape, gauge):
    """``solve(center, h, shape)`` for the ``case``, checked to be no worse than any of 400,000
    points on the ball's boundary (from its radial ``gauge``) and to come close to the best of
    them: the check both non-convex families share. Returns the solution, the grid and its
    losses, for each family's own checks."""
    center, h = case
    got = solve(center, h, shape)
    grid = radial_boundary(gauge, 400_000)
    levels = loss(grid, center, h)
    best = int(np.argmin(levels))
    assert got.level <= levels[best] + 1e-12
    assert got.level >= levels[best] - 1e-4  # and the grid comes close to it
    return got, grid, levels


@pytest.mark.parametrize("p", [0.3, 0.5, 0.75])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_non_convex_balls_beat_every_point_of_a_dense_boundary_grid(case, p):
    got, grid, levels = solved_against_a_dense_grid(maths.lp_ball_solution, case, p, lp_gauge(p))
    best = int(np.argmin(levels))
    assert np.sum(np.abs(got.point) ** p) == pytest.approx(1.0, abs=1e-12)
    if best >= len(grid) - 4:  # the grid's best point is an axis point: a corner won
        np.testing.assert_array_equal(got.point, grid[best])
        assert got.on_axis


def corner_is_a_local_minimum(center, h, corner, gauge_slope):
    """KKT at an axis corner v of a ball whose two arcs leave v with |slope| ``gauge_slope``
    (dx_small/dx_big; ∞ for p < 1, 1 for L1, α/(2 − α) for the elastic net): the pull
    g = H(β̂ − v) lies in the normal cone, g·v > 0 and |g_other| ≤ slope·|g_axis|."""
    g = h @ (center - corner)
    axis = int(np.flatnonzero(corner)[0])
    return g @ corner > 0 and abs(g[1 - axis]) <= gauge_slope * abs(g[axis])


@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_a_corner_touched_at_p_below_1_is_exact_and_satisfies_kkt(case):
    center, h = case
    for p in (0.5, 0.8, 1.0):
        got = maths.lp_ball_solution(center, h, p)
        if got.on_axis:
            assert any(np.array_equal(got.point, c) for c in AXIS_POINTS)
            slope = 1.0 if p == 1.0 else math.inf
            assert corner_is_a_local_minimum(center, h, got.point, slope)


# --- the elastic net ------------------------------------------------------------------------


@pytest.mark.parametrize("alpha", [0.2, 0.5, 0.8])
@pytest.mark.parametrize("case", CASES, ids=IDS)
def test_elastic_net_against_a_dense_grid_and_corner_kkt(case, alpha):
    got, _, levels = solved_against_a_dense_grid(
        maths.elastic_net_ball_solution, case, alpha, elastic_net_radius_gauge(alpha)
    )
    center, h = case
    size = np.abs(got.point)
    assert alpha * size.sum() + (1 - alpha) * size @ size == pytest.approx(1.0, abs=1e-13)
    corner_wins = [
        corner_is_a_local_minimum(center, h, c, alpha / (2 - alpha))
        and loss(c, center, h) <= levels.min() + 1e-12
        for c in AXIS_POINTS
    ]
    assert got.on_axis == any(corner_wins)
    if got.on_axis:
        assert any(np.array_equal(got.point, c) for c in AXIS_POINTS)


@pytest.mark.parametrize("case", CASES[:15], ids=IDS[:15])
def test_elastic_net_ends_are_the_diamond_and_the_disk(case):
    center, h = case
    diamond = maths.elastic_net_ball_solution(center, h, 1.0)
    np.testing.assert_allclose(diamond.point, polygon_minimum(center, h, DIAMOND), atol=1e-12)
    disk = maths.elastic_net_ball_solution(center, h, 0.0)
    np.testing.assert_allclose(disk.point, disk_minimum(center, h), atol=1e-12)
    assert not disk.on_axis


# --- just past p = 1: a tiny coordinate, kept to its digits ------------------------------------


@pytest.mark.parametrize("p", [1.02, 1.05, 1.2])
def test_just_past_1_the_small_coordinate_solves_the_lagrange_condition(p):
    """Near the corner (0, 1) the touch point's β₁ is tiny (3×10⁻³¹ at p = 1.02) but not 0:
    H(β̂ − β) ∥ ∇‖β‖ₚᵖ = p(β₁^(p−1), β₂^(p−1)) on β₂ = (1 − β₁ᵖ)^(1/p), solved in log β₁."""
    center, h = np.array([0.8, 2.5]), maths.hessian_matrix(0.5, 0.4, 2.5)

    def mismatch(log_b1):
        b1 = math.exp(log_b1)
        b2 = (1 - b1**p) ** (1 / p)
        g = h @ (center - [b1, b2])
        # g₁/g₂ = (β₁/β₂)^(p−1), in logs
        return math.log(g[0] / g[1]) - (p - 1) * (log_b1 - math.log(b2))

    expected = math.exp(brentq(mismatch, math.log(1e-300), math.log(0.5), xtol=1e-14))
    got = maths.lp_ball_solution(center, h, p)
    assert got.point[0] != 0.0 and not got.on_axis
    assert got.point[0] == pytest.approx(expected, rel=1e-9)


def test_the_smallest_representable_coordinate_is_not_rounded_to_an_exact_zero():
    """At p = 1.001 the true β₁ is below 10⁻³⁰⁰; the ball is smooth, so no exact 0."""
    got = maths.lp_ball_solution([0.8, 2.5], maths.hessian_matrix(0.5, 0.4, 2.5), 1.001)
    assert 0.0 < got.point[0] < 1e-299 and not got.on_axis


def test_a_smooth_ball_touched_exactly_on_an_axis_says_so():
    """β̂ on an axis with a diagonal H: the touch point is the axis point itself."""
    got = maths.lp_ball_solution([0.0, 3.0], np.diag([1.0, 2.0]), 2.0)
    assert got.point.tolist() == [0.0, 1.0] and got.on_axis


def test_inside_the_ball_the_optimum_is_its_own_answer():
    h = np.eye(2)
    for p in (0.5, 1.0, 2.0, math.inf):
        got = maths.lp_ball_solution([0.1, -0.2], h, p)
        assert got.point.tolist() == [0.1, -0.2] and got.level == 0.0 and not got.on_axis
    assert maths.elastic_net_ball_solution([0.1, -0.2], h, 0.5).level == 0.0


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError, match="p must be > 0"):
        maths.lp_ball_solution([2.0, 2.0], np.eye(2), 0.0)
    with pytest.raises(ValueError, match="l1_ratio"):
        maths.elastic_net_ball_solution([2.0, 2.0], np.eye(2), 1.5)
    with pytest.raises(ValueError, match="pair"):
        maths.lp_ball_solution([2.0, 2.0, 1.0], np.eye(2), 1.0)


# --- properties -----------------------------------------------------------------------------

coordinate = st.floats(-4.0, 4.0)
hessians = st.tuples(st.floats(0.2, 4.0), st.floats(-0.9, 0.9), st.floats(0.2, 4.0)).map(
    lambda abc: maths.hessian_matrix(abc[0], abc[1] * np.sqrt(abc[0] * abc[2]), abc[2])
)
exponents = st.floats(0.3, 8.0)


@PROPERTY
@given(coordinate, coordinate, hessians, exponents, exponents)
def test_bigger_balls_are_touched_at_lower_levels(b1, b2, h, p, q):
    """p < q ⇒ the p ball lies inside the q ball, so its touching contour is no lower."""
    center = np.array([b1, b2])
    low, high = sorted((p, q))
    assert (
        maths.lp_ball_solution(center, h, low).level
        >= maths.lp_ball_solution(center, h, high).level - 1e-12
    )


@PROPERTY
@given(coordinate, coordinate, hessians, st.floats(0.0, 1.0))
def test_the_elastic_net_lies_between_the_diamond_and_the_disk(b1, b2, h, alpha):
    center = np.array([b1, b2])
    net = maths.elastic_net_ball_solution(center, h, alpha).level
    assert maths.lp_ball_solution(center, h, 1.0).level >= net - 1e-12
    assert net >= maths.lp_ball_solution(center, h, 2.0).level - 1e-12


@PROPERTY
@given(coordinate, coordinate, hessians, exponents)
def test_mirroring_the_loss_mirrors_the_touch_point(b1, b2, h, p):
    center = np.array([b1, b2])
    mirrored_h = h * np.array([[1, -1], [-1, 1]])
    got = maths.lp_ball_solution(center, h, p)
    mirrored = maths.lp_ball_solution(center * [-1, 1], mirrored_h, p)
    np.testing.assert_allclose(mirrored.point, got.point * [-1, 1], rtol=0, atol=1e-9)
    assert mirrored.level == pytest.approx(got.level, rel=1e-9, abs=1e-15)


@PROPERTY
@given(coordinate, coordinate, hessians, exponents)
def test_exact_zeros_only_where_the_ball_has_corners(b1, b2, h, p):
    """Off the axes β̂ never makes a smooth ball's touch point exactly stationary on an
    axis, so an exact zero means p ≤ 1; and no point of a boundary grid is better."""
    center = np.array([b1, b2])
    assume(np.max(np.abs(center)) > 1.0 and np.all(center != 0.0))
    got = maths.lp_ball_solution(center, h, p)
    if got.on_axis:
        assert p <= 1.0
        assert any(np.array_equal(got.point, c) for c in AXIS_POINTS)
    grid = radial_boundary(lp_gauge(p), 20_000)
    assert got.level <= loss(grid, center, h).min() + 1e-12


# --- the story ------------------------------------------------------------------------------


def test_story_defaults_corners_for_p_up_to_1_and_the_elastic_net_none_past_1():
    story = stories.get("lp-balls").compute()
    touches = story.touches
    assert touches.ps.tolist() == [0.5, 1.0, 1.2, 2.0, math.inf]
    assert touches.points[:2].tolist() == [[0.0, 1.0], [0.0, 1.0]]  # exactly
    assert touches.on_axis.tolist() == [True, True, False, False, False]
    assert np.all(touches.points[2:] != 0.0)
    np.testing.assert_allclose(touches.points[3], disk_minimum(story.center, story.hessian))
    np.testing.assert_array_equal(touches.points[4], [1.0, 1.0])  # the square's corner
    assert story.elastic_net.touch_point.tolist() == [0.0, 1.0]
    assert story.elastic_net.touch_on_axis
    # The sweep: evenly in 1/p from 2 to 0, on an axis exactly while p ≤ 1
    sweep = story.sweep
    np.testing.assert_allclose(1 / sweep.ps, np.linspace(2, 0, len(sweep.ps)), atol=1e-15)
    assert sweep.on_axis.tolist() == (sweep.ps <= 1).tolist()
    np.testing.assert_array_equal(sweep.axis_distance, np.min(np.abs(sweep.points), axis=1))
    assert np.all(np.diff(sweep.levels) <= 1e-12)  # growing balls, lower contours
    assert np.all(np.diff(sweep.axis_distance[sweep.ps > 1]) > 0)  # leaving the axis
    for p, point in zip(sweep.ps, sweep.points, strict=True):
        ball = np.max(np.abs(point)) if math.isinf(p) else np.sum(np.abs(point) ** p) ** (1 / p)
        assert ball == pytest.approx(1.0, abs=1e-12)


@pytest.mark.parametrize(
    "given, param",
    [
        ({"l1_ratio": "0.2"}, "l1_ratio"),  # the ellipse misses the elastic net's corners
        ({"center": "0.5,0.9"}, "center"),  # inside the square
        ({"center": "2.5,0.8"}, "center"),  # the diamond touched on an edge
        ({"hessian": "1,2,1"}, "hessian"),
    ],
)
def test_story_refuses_values_that_would_break_its_claim(given, param):
    with pytest.raises(stories.ParamError) as error:
        stories.get("lp-balls").resolve(given)
    assert error.value.param == param

"""maths' 2-D constrained solutions (L1 diamond, L2 disk) against scipy.optimize and KKT algebra."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize

from whyl1 import maths, stories

PROPERTY = settings(max_examples=60, deadline=None, derandomize=True)
ESL_HESSIAN = np.array([[1.0, 0.7], [0.7, 1.2]])


def loss(beta, center, h):
    d = np.asarray(beta) - center
    return 0.5 * d @ h @ d


def reference_minimum(center, h, t, ball):
    """Best of several SLSQP runs of the quadratic loss on the ball, tight tolerance."""
    if ball == "l1":  # |b1| + |b2| ≤ t as four linear inequalities
        constraints = [
            {"type": "ineq", "fun": lambda b, s=s: t - s @ b, "jac": lambda b, s=s: -s}
            for s in np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]], dtype=float)
        ]
    else:
        constraints = [{"type": "ineq", "fun": lambda b: t * t - b @ b, "jac": lambda b: -2 * b}]
    starts = [
        np.zeros(2),
        t * center / (np.abs(center).sum() + 1e-300),
        *(t * np.eye(2)),
        *(-t * np.eye(2)),
    ]
    best = None
    for x0 in starts:
        result = minimize(
            loss, x0, args=(center, h), jac=lambda b, c, hh: hh @ (b - c), method="SLSQP",
            constraints=constraints, options={"ftol": 1e-16, "maxiter": 500},
        )  # fmt: skip
        feasible = (np.abs(result.x).sum() if ball == "l1" else np.linalg.norm(result.x)) <= t * (
            1 + 1e-10
        )
        if feasible and (best is None or result.fun < best.fun):
            best = result
    return best


def random_case(rng):
    angle = rng.uniform(0, np.pi)
    q = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    h = q @ np.diag(rng.uniform(0.3, 4.0, 2)) @ q.T
    return rng.uniform(-4, 4, 2), h, rng.uniform(0.3, 2.0)


CASES = [random_case(np.random.default_rng(seed)) for seed in range(60)]


# --- the story's ESL defaults ----------------------------------------------------------------


def test_esl_default_center_is_touched_at_the_corner_0_1_by_kkt():
    center, t = np.array([1.9, 3.0]), 1.0
    # At the corner (0, 1): −∇loss = H(β̂ − β) must be μ·(s, 1) with |s| ≤ 1 and μ ≥ 0.
    pull = ESL_HESSIAN @ (center - np.array([0.0, 1.0]))  # (3.3, 3.73)
    mu, s = pull[1], pull[0] / pull[1]
    assert mu > 0 and abs(s) < 1  # strictly inside [−1, 1]: a robust corner
    got = maths.l1_constrained_solution(center, ESL_HESSIAN, t)
    assert got.point.tolist() == [0.0, 1.0]  # exactly, not approximately
    assert bool(got.on_corner)
    assert got.level == pytest.approx(loss([0.0, 1.0], center, ESL_HESSIAN), rel=1e-15)
    assert got.multiplier == pytest.approx(mu, rel=1e-14)


def test_esl_edge_center_is_touched_inside_the_edge_at_0_4125_0_5875_by_kkt():
    center = np.array([2.6, 1.9])
    # On the edge b1 + b2 = 1 (first quadrant): Lagrange system H(β − β̂) + μ(1, 1) = 0, 1ᵀβ = 1.
    system = np.zeros((3, 3))
    system[:2, :2], system[:2, 2], system[2, :2] = ESL_HESSIAN, 1.0, 1.0
    beta1, beta2, mu = np.linalg.solve(system, [*(ESL_HESSIAN @ center), 1.0])
    assert (beta1, beta2) == pytest.approx((0.4125, 0.5875), abs=1e-14)  # 0.8·b1 = 0.33
    assert mu == pytest.approx(3.10625, abs=1e-13) and mu > 0
    got = maths.l1_constrained_solution(center, ESL_HESSIAN, 1.0)
    np.testing.assert_allclose(got.point, [0.4125, 0.5875], rtol=0, atol=1e-14)
    assert not bool(got.on_corner)
    assert got.multiplier == pytest.approx(mu, rel=1e-13)


def test_geometry_story_defaults_corner_case_then_edge_case():
    story = stories.get("geometry").compute()
    assert story.lasso.tolist() == [0.0, 1.0] and story.lasso_on_corner
    assert story.lasso_zero_coordinates == (0,)
    np.testing.assert_allclose(story.edge_case.lasso, [0.4125, 0.5875], atol=1e-14)
    assert not story.edge_case.lasso_on_corner
    # The disk is touched off the axes, on its circle.
    for case in (story, story.edge_case):
        assert np.linalg.norm(case.ridge) == pytest.approx(1.0, rel=1e-14)
        assert np.all(case.ridge != 0) and not case.ridge_on_axis


# --- random cases against SLSQP --------------------------------------------------------------


@pytest.mark.parametrize("case", CASES, ids=[f"seed{k}" for k in range(len(CASES))])
def test_l1_solution_matches_slsqp_point_level_and_corner_decision(case):
    center, h, t = case
    got = maths.l1_constrained_solution(center, h, t)
    if np.abs(center).sum() <= t:
        assert got.point.tolist() == center.tolist() and got.level == 0.0
        return
    ref = reference_minimum(center, h, t, "l1")
    assert np.abs(got.point).sum() == pytest.approx(t, rel=1e-14)
    # The exact answer is never worse than the reference, and agrees with it.
    assert got.level <= ref.fun * (1 + 1e-8) + 1e-15
    assert got.level == pytest.approx(ref.fun, rel=1e-8)
    np.testing.assert_allclose(got.point, ref.x, rtol=0, atol=1e-6)
    smallest = np.min(np.abs(ref.x))
    if smallest < 1e-9 or smallest > 1e-4:  # the reference is not borderline
        assert bool(got.on_corner) == (smallest < 1e-9)
    if got.on_corner:
        assert np.count_nonzero(got.point) == 1  # one weight exactly 0


@pytest.mark.parametrize("case", CASES, ids=[f"seed{k}" for k in range(len(CASES))])
def test_l2_solution_matches_slsqp_point_and_level(case):
    center, h, t = case
    got = maths.l2_constrained_solution(center, h, t)
    if np.linalg.norm(center) <= t:
        assert got.point.tolist() == center.tolist() and got.level == 0.0
        return
    ref = reference_minimum(center, h, t, "l2")
    assert np.linalg.norm(got.point) == pytest.approx(t, rel=1e-14)
    assert got.level <= ref.fun * (1 + 1e-8) + 1e-15
    assert got.level == pytest.approx(ref.fun, rel=1e-8)
    np.testing.assert_allclose(got.point, ref.x, rtol=0, atol=1e-6)
    assert not bool(got.on_corner)


def test_solutions_are_vectorised_over_a_stack_of_centers():
    centers = np.array([case[0] for case in CASES[:10]])
    stacked = maths.l1_constrained_solution(centers, ESL_HESSIAN, 1.0)
    disk = maths.l2_constrained_solution(centers.reshape(2, 5, 2), ESL_HESSIAN, 1.0)
    assert disk.point.shape == (2, 5, 2) and disk.level.shape == (2, 5)
    for k, center in enumerate(centers):
        one = maths.l1_constrained_solution(center, ESL_HESSIAN, 1.0)
        np.testing.assert_array_equal(stacked.point[k], one.point)
        assert stacked.on_corner[k] == one.on_corner
        np.testing.assert_allclose(
            disk.point.reshape(-1, 2)[k],
            maths.l2_constrained_solution(center, ESL_HESSIAN, 1.0).point,
            rtol=1e-14,
            atol=1e-15,
        )


# --- KKT properties --------------------------------------------------------------------------

coordinate = st.floats(-5.0, 5.0)
hessians = st.tuples(st.floats(0.2, 4.0), st.floats(-0.9, 0.9), st.floats(0.2, 4.0)).map(
    lambda abc: maths.hessian_matrix(abc[0], abc[1] * np.sqrt(abc[0] * abc[2]), abc[2])
)


@PROPERTY
@given(coordinate, coordinate, hessians, st.floats(0.2, 3.0))
def test_l1_solution_satisfies_kkt(b1, b2, h, t):
    center = np.array([b1, b2])
    got = maths.l1_constrained_solution(center, h, t)
    if np.abs(center).sum() <= t:
        assert got.point.tolist() == center.tolist() and got.multiplier == 0.0
        return
    pull = h @ (center - got.point)  # = μ·g with g ∈ ∂‖β‖₁ at the point, μ ≥ 0
    mu = got.multiplier
    assert mu > 0
    tol = 1e-9 * (1 + np.abs(pull).max())
    for i in range(2):
        if got.point[i] != 0:
            assert pull[i] == pytest.approx(mu * np.sign(got.point[i]), abs=tol)
        else:
            assert abs(pull[i]) <= mu + tol
    assert np.abs(got.point).sum() == pytest.approx(t, rel=1e-13)


@PROPERTY
@given(coordinate, coordinate, hessians, st.floats(0.2, 3.0))
def test_l2_solution_satisfies_kkt(b1, b2, h, t):
    center = np.array([b1, b2])
    got = maths.l2_constrained_solution(center, h, t)
    if np.linalg.norm(center) <= t:
        assert got.point.tolist() == center.tolist() and got.multiplier == 0.0
        return
    # Stationarity of ½(β − β̂)ᵀH(β − β̂) + (μ/2)(‖β‖² − t²): H(β̂ − β) = μβ, μ ≥ 0, ‖β‖ = t.
    assert got.multiplier >= 0
    np.testing.assert_allclose(
        h @ (center - got.point),
        got.multiplier * got.point,
        rtol=0,
        atol=1e-9 * (1 + got.multiplier),
    )
    assert np.linalg.norm(got.point) == pytest.approx(t, rel=1e-13)


@PROPERTY
@given(coordinate, coordinate, hessians, st.floats(0.2, 3.0))
def test_level_is_the_loss_at_the_point_and_the_contour_passes_through_it(b1, b2, h, t):
    center = np.array([b1, b2])
    for got in (
        maths.l1_constrained_solution(center, h, t),
        maths.l2_constrained_solution(center, h, t),
    ):
        assert got.level == pytest.approx(loss(got.point, center, h), rel=1e-12, abs=1e-300)
    contour = maths.ellipse_contour(center, h, float(got.level), points=64)
    levels = [loss(p, center, h) for p in contour]
    np.testing.assert_allclose(levels, float(got.level), rtol=1e-10, atol=1e-14)


def test_diamond_vertices_are_the_corners_of_the_l1_ball():
    v = maths.diamond_vertices(1.5)
    assert v.tolist() == [[1.5, 0], [0, 1.5], [-1.5, 0], [0, -1.5], [1.5, 0]]

"""maths' penalties, (1, ε) reductions, 1-D minimisers and Lp balls against closed forms,
numerical derivatives, exact fractions, numpy.linalg.norm and scipy.optimize."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from whyl1 import maths, stories

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)
EPS = np.finfo(float).eps
TINIEST = Fraction(5e-324)  # the smallest subnormal

away_from_zero = st.floats(0.05, 20.0).flatmap(lambda a: st.sampled_from([a, -a]))


def central_difference(f, w, h=1e-6):
    return (f(w + h) - f(w - h)) / (2 * h)


# --- penalties and (sub)gradients ------------------------------------------------------------


def test_penalty_values_match_closed_forms_on_a_grid():
    w = np.linspace(-3.0, 3.0, 121)
    np.testing.assert_array_equal(maths.l1_penalty(w), [abs(v) for v in w])
    np.testing.assert_allclose(maths.l2_penalty(w), [v * v / 2 for v in w], rtol=1e-15)


@PROPERTY
@given(away_from_zero)
def test_gradients_match_numerical_differentiation_away_from_zero(w):
    checks = [(maths.l1_penalty, maths.l1_subgradient), (maths.l2_penalty, maths.l2_gradient)]
    for f, gradient in checks:
        numerical = central_difference(lambda v, f=f: float(f(v)), w)
        assert float(gradient(np.array([w]))[0]) == pytest.approx(numerical, rel=1e-6, abs=1e-8)


def test_l1_subgradient_at_zero_is_the_minimum_norm_element_of_minus_1_to_1():
    assert maths.l1_subgradient(0.0) == 0.0


def test_l1_pull_has_constant_size_and_l2_pull_fades():
    w = np.array([-4.0, -0.01, 0.01, 4.0])
    np.testing.assert_array_equal(np.abs(maths.l1_subgradient(w)), 1.0)
    np.testing.assert_array_equal(maths.l2_gradient(w), w)


def test_penalties_story_small_weight_region_is_where_abs_exceeds_square():
    story = stories.get("penalties").compute()
    w = story.w
    np.testing.assert_array_equal(story.l1_exceeds_square, (np.abs(w) > 0) & (np.abs(w) < 1))
    assert story.small_weight_region.tolist() == [-1.0, 1.0]


@PROPERTY
@given(st.floats(-10.0, 10.0))
def test_l1_is_above_l2_exactly_inside_the_interval(w):
    """|w| > ½w² ⇔ 0 < |w| < 2, checked in exact rational arithmetic."""
    low, high = maths.l1_above_l2_interval()
    exact = abs(Fraction(w)) > Fraction(w) ** 2 / 2
    assert exact == (low < w < high and w != 0)


def test_penalties_story_tangent_stops_are_the_closed_forms():
    story = stories.get("penalties").compute(stories.get("penalties").resolve({"w_max": "3"}))
    stops = [3.0, 1.5, 0.75, 3.0 * 0.05]  # w_max times 1, ½, ¼ and 1/20
    assert story.tangent_at.tolist() == stops
    assert story.l1_at.tolist() == stops and story.l1_slope_at.tolist() == [1.0] * 4
    assert story.l2_at.tolist() == [w * w / 2 for w in stops]
    assert story.l2_slope_at.tolist() == stops  # the slope of ½w² is w: it fades
    assert story.l1_above_l2.tolist() == [-2.0, 2.0]


def test_l0_counts_non_zeros_exactly():
    x = np.array([[0.0, 1e-300, -0.0, 2.0], [0.0, 0.0, 0.0, 0.0]])
    assert maths.l0_count(x).tolist() == [2, 0]


def test_lp_ball_boundary_rejects_a_non_positive_p():
    with pytest.raises(ValueError, match="p must be > 0"):
        maths.lp_ball_boundary(0.0)
    with pytest.raises(ValueError, match="p must be > 0"):
        maths.lp_ball_boundary(-1.0)


# --- epsilon: exact rational arithmetic -------------------------------------------------------


def exact_l1_reduction(x, d):
    return sum(abs(Fraction(a)) - abs(Fraction(a) - Fraction(b)) for a, b in zip(x, d, strict=True))


def exact_l2sq_reduction(x, d):
    return sum(
        Fraction(a) ** 2 - (Fraction(a) - Fraction(b)) ** 2 for a, b in zip(x, d, strict=True)
    )


def test_epsilon_story_defaults_are_delta_and_two_delta_minus_delta_squared():
    story = stories.get("epsilon").compute()  # ε = 0.1, δ = 0.05, as floats
    e, d = Fraction(0.1), Fraction(0.05)
    assert story.l1_shrink_large == 0.05 and story.l1_shrink_small == 0.05
    # Correctly rounded (to within one rounding of d(2x − d)) versions of 2δ − δ² and 2εδ − δ².
    assert story.l2sq_shrink_large == pytest.approx(float(2 * d - d * d), rel=2 * EPS)
    assert story.l2sq_shrink_small == pytest.approx(float(2 * e * d - d * d), rel=2 * EPS)
    assert story.l2sq_shrink_small < story.l2sq_shrink_large / 10


def reductions_of_1_eps(reduction, exact_reduction, eps, delta):
    """The story's two shrinks of x = (1, ε) by δ, first of the large coordinate, then of ε:
    each shrink ``d`` with the reduction maths computes and the exact one, so each test
    states only its tolerance."""
    x = [1.0, eps]
    for d in ([delta, 0.0], [0.0, delta]):
        yield d, float(reduction(x, d)), exact_reduction(x, d)


@PROPERTY
@given(st.floats(1e-12, 1.0), st.floats(1e-12, 1.0))
def test_shrinking_either_coordinate_of_1_eps_lowers_l1_by_delta_exactly(eps, delta):
    for d, got, exact in reductions_of_1_eps(maths.l1_reduction, exact_l1_reduction, eps, delta):
        if d[1] <= eps:  # no coordinate crosses 0: the reduction is δ, exactly
            assert got == delta and exact == Fraction(delta)
        else:  # crossing: |x| − |x − d|, one subtraction after one rounding
            assert abs(Fraction(got) - exact) <= 2 * EPS * (abs(Fraction(eps)) + Fraction(delta))


@PROPERTY
@given(st.floats(1e-12, 1.0), st.floats(1e-12, 0.5))
def test_squared_l2_reduction_is_cancellation_free_to_a_few_ulps(eps, delta):
    reductions = reductions_of_1_eps(maths.squared_l2_reduction, exact_l2sq_reduction, eps, delta)
    for _, got, exact in reductions:
        # d(2x − d): two roundings, so within 2 ulps relative even when ε and δ are tiny and
        # ‖x‖² − ‖x − d‖² would lose every digit to cancellation.
        assert abs(Fraction(got) - exact) <= 2 * EPS * abs(exact)


@PROPERTY
@given(
    st.lists(st.floats(-10.0, 10.0), min_size=1, max_size=5).flatmap(
        lambda x: st.tuples(
            st.just(x), st.lists(st.floats(-10.0, 10.0), min_size=len(x), max_size=len(x))
        )
    )
)
def test_reductions_match_exact_fractions_for_any_vectors(pair):
    x, d = pair
    scale = sum(abs(Fraction(a)) + abs(Fraction(b)) for a, b in zip(x, d, strict=True))
    got_l1 = Fraction(float(maths.l1_reduction(x, d)))
    assert abs(got_l1 - exact_l1_reduction(x, d)) <= 4 * EPS * scale
    got_l2 = Fraction(float(maths.squared_l2_reduction(x, d)))
    # Plus a few of the smallest subnormals: d² below 5e-324 cannot be represented at all.
    assert abs(got_l2 - exact_l2sq_reduction(x, d)) <= 8 * EPS * scale * scale + 4 * TINIEST


def test_l1_reduction_sees_a_crossing_even_when_x_times_moved_underflows():
    # x = 1e-200 shrunk by 2e-200 moves to −1e-200: |x| − |x − d| = 0, not +d = 2e-200.
    assert float(maths.l1_reduction([1e-200], [2e-200])) == 0.0
    x, d = [0.0, 2.061792970351996e-276], [0.0, 5.301955566707215e-76]
    assert float(maths.l1_reduction(x, d)) == float(exact_l1_reduction(x, d))


# --- kink: 1-D minimisers --------------------------------------------------------------------


@PROPERTY
@given(st.floats(-10.0, 10.0), st.floats(0.0, 5.0))
def test_1d_minimisers_match_minimize_scalar_and_closed_forms(c, beta):
    l1 = float(maths.l1_regularized_minimizer(c, beta))
    l2 = float(maths.l2_regularized_minimizer(c, beta))
    for got, objective in (
        (l1, lambda w: 0.5 * (w - c) ** 2 + beta * abs(w)),
        (l2, lambda w: 0.5 * (w - c) ** 2 + beta * w * w),
    ):
        ref = minimize_scalar(
            objective, bounds=(-12.0, 12.0), method="bounded", options={"xatol": 1e-11}
        )
        assert objective(got) <= objective(ref.x) + 1e-13
        assert got == pytest.approx(ref.x, abs=1e-6)
    assert l2 == pytest.approx(c / (1 + 2 * beta), rel=1e-15)
    assert (l1 == 0.0) == (abs(c) <= beta)  # an interval of exact zeros …
    assert (l2 == 0.0) == (c == 0.0)  # … against a single point


@PROPERTY
@given(st.floats(0.0, 5.0), st.floats(-1.0, 1.0))
def test_l1_minimiser_is_exactly_zero_on_the_whole_zero_slope_interval(beta, fraction):
    low, high = maths.zero_slope_interval(beta)
    assert (low, high) == (-beta, beta)
    slope = fraction * beta  # L(w) = ½(w − c)² has L'(0) = −c
    assert float(maths.l1_regularized_minimizer(-slope, beta)) == 0.0


def test_kink_story_defaults():
    story = stories.get("kink").compute()
    assert story.l1_minimizer == 0.0  # |c| = 0.6 ≤ β = 1
    assert story.l2_minimizer == pytest.approx(0.2, rel=1e-15)
    assert story.zero_interval == (-1.0, 1.0)
    sweep = story.sweep
    assert sweep.c[0] == -3.0 and sweep.c[-1] == 3.0
    np.testing.assert_array_equal(sweep.l1_minimizer == 0, np.abs(sweep.c) <= 1.0)


# --- Lp and elastic-net balls ----------------------------------------------------------------


@pytest.mark.parametrize("p", [0.5, 1.0, 1.5, 2.0, 3.0, math.inf])
def test_every_lp_ball_boundary_point_has_norm_one(p):
    boundary = maths.lp_ball_boundary(p)
    np.testing.assert_allclose(np.linalg.norm(boundary, ord=p, axis=-1), 1.0, rtol=0, atol=1e-12)
    assert boundary[0].tolist() == boundary[-1].tolist() == [1.0, 0.0]  # closed, on the axis


@PROPERTY
@given(st.floats(0.1, 12.0))
def test_lp_ball_boundary_has_norm_one_for_any_p(p):
    boundary = maths.lp_ball_boundary(p, points=101)
    np.testing.assert_allclose(np.linalg.norm(boundary, ord=p, axis=-1), 1.0, rtol=0, atol=1e-12)
    # The curve passes through (±1, 0) and (0, ±1): the corners when p ≤ 1.
    for corner in ([1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]):
        assert np.min(np.linalg.norm(boundary - corner, axis=1)) < 1e-12


def test_lp_balls_story_corners_and_convexity():
    story = stories.get("lp-balls").compute()
    assert story.corners_on_axes == (True, True, False, False)
    assert story.convex == (False, True, True, True)


@PROPERTY
@given(st.floats(0.0, 1.0))
def test_elastic_net_boundary_satisfies_its_defining_equation(ratio):
    boundary = maths.elastic_net_ball_boundary(ratio, points=201)
    l1 = np.abs(boundary).sum(axis=1)
    l2sq = (boundary**2).sum(axis=1)
    np.testing.assert_allclose(ratio * l1 + (1 - ratio) * l2sq, 1.0, rtol=0, atol=1e-12)
    # Direction preserved: each point is a positive multiple of its angle's unit vector.
    theta = np.linspace(0.0, 2.0 * np.pi, 201)
    unit = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    np.testing.assert_allclose(
        boundary / np.linalg.norm(boundary, axis=1)[:, None], unit, atol=1e-14
    )

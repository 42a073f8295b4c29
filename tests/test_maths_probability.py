"""maths' normal CDF, P(lasso sparse), Monte Carlo, priors and MAP estimates against scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy import integrate, stats
from scipy.optimize import minimize_scalar
from sklearn.linear_model import Lasso, Ridge

from whyl1 import maths, stories

PROPERTY = settings(max_examples=80, deadline=None, derandomize=True)


# --- the normal CDF --------------------------------------------------------------------------


def test_normal_cdf_matches_scipy_into_both_tails():
    x = np.linspace(-37.0, 8.5, 4001)
    got, ref = maths.normal_cdf(x), stats.norm.cdf(x)
    # Φ's relative condition number in the lower tail grows like x², so an argument rounded
    # by one ulp moves Φ by ~x²·eps relative: 1e-15·(1 + x²) is the honest bound.
    assert np.all(np.abs(got - ref) <= 1e-15 * (1.0 + x * x) * ref)
    near = np.abs(x) <= 1.0
    np.testing.assert_allclose(got[near], ref[near], rtol=2e-15)
    upper = np.linspace(0.0, 37.0, 1001)  # 1 − Φ(x) as Φ(−x): no cancellation
    assert np.all(
        np.abs(maths.normal_cdf(-upper) - stats.norm.sf(upper))
        <= 1e-15 * (1.0 + upper**2) * stats.norm.sf(upper)
    )


def test_normal_cdf_takes_scalars_and_keeps_shapes():
    assert float(maths.normal_cdf(0.0)) == 0.5
    assert float(maths.normal_cdf(1.0)) == pytest.approx(stats.norm.cdf(1.0), rel=2e-15)
    assert maths.normal_cdf(np.zeros((2, 3))).shape == (2, 3)


@PROPERTY
@given(st.floats(-30.0, 30.0), st.floats(1e-3, 10.0))
def test_normal_interval_probability_matches_scipy_without_cancellation(a, width):
    b = a + width
    got = float(maths.normal_interval_probability(a, b))
    # scipy reference computed in whichever tail keeps the two terms small
    ref = stats.norm.sf(a) - stats.norm.sf(b) if a > 0 else stats.norm.cdf(b) - stats.norm.cdf(a)
    assert got == pytest.approx(ref, rel=1e-12 * (1 + min(a * a, b * b)), abs=1e-300)


# --- P(lasso sparse): exact formula, integration, Monte Carlo --------------------------------


def p_sparse_reference(beta, sigma, gamma):
    """The story's formula: 1 − Πⱼ[1 − (Φ((γ−βⱼ)/σ) − Φ((−γ−βⱼ)/σ))] = 1 − Πⱼ P(|β̂ⱼ| > γ)."""
    beta = np.asarray(beta, dtype=float)
    outside = stats.norm.sf(gamma, loc=beta, scale=sigma) + stats.norm.cdf(
        -gamma, loc=beta, scale=sigma
    )
    return 1.0 - np.prod(outside)


def p_sparse_by_integration(beta, sigma, gamma):
    """1 − ∫∫ of the N(β, σ²I) density over the four quadrants outside the cross |β̂ⱼ| ≤ γ."""

    def density(b2, b1):  # written out: scipy.stats' per-call overhead is too slow here
        z1, z2 = (b1 - beta[0]) / sigma, (b2 - beta[1]) / sigma
        return math.exp(-0.5 * (z1 * z1 + z2 * z2)) / (2.0 * math.pi * sigma * sigma)

    pieces = [(-np.inf, -gamma), (gamma, np.inf)]
    outside = sum(
        integrate.dblquad(density, *r1, *r2, epsabs=1e-13, epsrel=1e-11)[0]
        for r1 in pieces
        for r2 in pieces
    )
    return 1.0 - outside


CASES = [
    ((2.0, 1.0), 1.0, 1.0),  # the story's defaults
    ((0.0, 0.0), 1.0, 0.5),
    ((-3.0, 2.5), 0.7, 0.3),
    ((5.0, -4.0), 1.5, 2.0),
]


@pytest.mark.parametrize(("beta", "sigma", "gamma"), CASES)
def test_p_sparse_lasso_matches_the_scipy_formula_and_a_double_integral(beta, sigma, gamma):
    got = maths.p_sparse_lasso(beta, sigma, gamma)
    assert got == pytest.approx(p_sparse_reference(beta, sigma, gamma), rel=1e-13)
    assert got == pytest.approx(p_sparse_by_integration(beta, sigma, gamma), abs=1e-9)
    assert 0 < got < 1


@PROPERTY
@given(
    st.lists(st.floats(-6.0, 6.0), min_size=1, max_size=6),
    st.floats(0.1, 3.0),
    st.floats(0.01, 3.0),
)
def test_p_sparse_lasso_matches_the_formula_in_any_dimension(beta, sigma, gamma):
    got = maths.p_sparse_lasso(beta, sigma, gamma)
    ref = p_sparse_reference(beta, sigma, gamma)
    assert got == pytest.approx(ref, rel=1e-10, abs=1e-15)


def test_p_sparse_lasso_keeps_relative_accuracy_when_it_is_tiny():
    # One coordinate far from 0: P = P(|β̂| ≤ γ) = Φ(−9) − Φ(−11), computed in the upper tail.
    got = maths.p_sparse_lasso([10.0], 1.0, 1.0)
    ref = stats.norm.sf(9.0) - stats.norm.sf(11.0)
    assert got == pytest.approx(ref, rel=1e-12)


def test_monte_carlo_is_within_five_standard_errors_and_deterministic():
    for beta, sigma, gamma in CASES:
        exact = maths.p_sparse_lasso(beta, sigma, gamma)
        p, se = maths.p_sparse_lasso_monte_carlo(beta, sigma, gamma, 100_000, seed=7)
        assert abs(p - exact) <= 5 * math.sqrt(exact * (1 - exact) / 100_000)
        assert se == pytest.approx(math.sqrt(p * (1 - p) / 100_000))
        assert maths.p_sparse_lasso_monte_carlo(beta, sigma, gamma, 100_000, seed=7) == (p, se)


def test_monte_carlo_counts_draws_inside_the_cross():
    draws = maths.sample_estimates((2.0, 1.0), 1.0, 5000, seed=3)
    assert draws.shape == (5000, 2)
    # Moments of N(β, σ²I): mean within 5 standard errors, variance near 1.
    np.testing.assert_allclose(draws.mean(axis=0), [2.0, 1.0], atol=5 / math.sqrt(5000))
    np.testing.assert_allclose(draws.var(axis=0), 1.0, atol=0.1)
    p, _ = maths.p_sparse_lasso_monte_carlo((2.0, 1.0), 1.0, 1.0, 5000, seed=3)
    assert p == np.mean([abs(a) <= 1.0 or abs(b) <= 1.0 for a, b in draws])


def test_thresholding_story_exact_and_sampled_agree_and_ridge_is_never_sparse():
    story = stories.get("thresholding").compute()
    exact = p_sparse_reference((2.0, 1.0), 1.0, 1.0)
    assert story.p_sparse_lasso == pytest.approx(exact, rel=1e-13)
    assert abs(story.p_sparse_lasso_mc - exact) <= 5 * math.sqrt(exact * (1 - exact) / 100_000)
    assert story.p_sparse_ridge == 0.0 and story.p_sparse_ridge_mc == 0.0
    points = story.points
    np.testing.assert_array_equal(points.lasso_sparse, np.any(points.lasso == 0, axis=1))
    np.testing.assert_array_equal(
        points.lasso_sparse, np.any(np.abs(points.beta_hat) <= 1.0, axis=1)
    )


def test_orthogonal_design_lasso_is_soft_thresholding_and_ridge_a_uniform_shrink():
    rng = np.random.default_rng(0)
    x, _ = np.linalg.qr(rng.standard_normal((50, 4)))  # XᵀX = I
    y = x @ np.array([3.0, -0.4, 0.0, 1.2]) + 0.3 * rng.standard_normal(50)
    beta_hat, gamma, n = x.T @ y, 0.5, 50
    # ½‖y − Xβ‖² + γ‖β‖₁ is sklearn's objective times n with alpha = γ/n.
    lasso = Lasso(alpha=gamma / n, fit_intercept=False, tol=1e-14, max_iter=10**6).fit(x, y)
    np.testing.assert_allclose(maths.soft_threshold(beta_hat, gamma), lasso.coef_, atol=1e-9)
    # ½‖y − Xβ‖² + (γ/2)‖β‖² is half sklearn Ridge's ‖y − Xw‖² + α‖w‖² with alpha = γ.
    ridge = Ridge(alpha=gamma, fit_intercept=False, solver="svd").fit(x, y)
    np.testing.assert_allclose(maths.ridge_shrink(beta_hat, gamma), ridge.coef_, rtol=1e-12)


# --- priors: densities, negative log densities, MAP ------------------------------------------

B = 1.0 / math.sqrt(2.0)


def test_unit_variance_laplace_scale_gives_variance_one():
    assert maths.UNIT_VARIANCE_LAPLACE_SCALE == B
    assert stats.laplace(scale=B).var() == pytest.approx(1.0, rel=1e-15)


@pytest.mark.parametrize("sigma", [0.25, 1.0, 3.0])
def test_gaussian_density_and_neg_log_density_match_scipy(sigma):
    x = np.linspace(-6.0, 6.0, 241)
    np.testing.assert_allclose(
        maths.gaussian_pdf(x, sigma), stats.norm.pdf(x, scale=sigma), rtol=1e-14
    )
    np.testing.assert_allclose(
        maths.gaussian_neg_log_pdf(x, sigma),
        -stats.norm.logpdf(x, scale=sigma),
        rtol=1e-14,
        atol=1e-14,
    )


@pytest.mark.parametrize("b", [B, 0.3, 2.0])
def test_laplace_density_and_neg_log_density_match_scipy(b):
    x = np.linspace(-6.0, 6.0, 241)
    np.testing.assert_allclose(maths.laplace_pdf(x, b), stats.laplace.pdf(x, scale=b), rtol=1e-14)
    np.testing.assert_allclose(
        maths.laplace_neg_log_pdf(x, b), -stats.laplace.logpdf(x, scale=b), rtol=1e-14, atol=1e-14
    )


def test_priors_story_narrow_gaussian_is_taller_at_zero_than_the_laplace():
    story = stories.get("priors").compute()
    at_zero = story.density_at_zero
    assert at_zero.gaussian == pytest.approx(stats.norm.pdf(0.0), rel=1e-15)
    assert at_zero.laplace == pytest.approx(stats.laplace.pdf(0.0, scale=B), rel=1e-15)
    assert at_zero.narrow_gaussian == pytest.approx(stats.norm.pdf(0.0, scale=0.25), rel=1e-15)
    assert at_zero.narrow_gaussian > at_zero.laplace > at_zero.gaussian
    # … and still no sparsity: its MAP is 0 only at x̄ = 0; the Laplace MAP on a whole interval.
    means, narrow = story.map.data_mean, story.map.narrow_gaussian
    np.testing.assert_array_equal(narrow == 0, means == 0)
    low, high = story.map.laplace_zero_interval
    assert (low, high) == pytest.approx((-math.sqrt(2.0), math.sqrt(2.0)), rel=1e-15)
    inside = (means >= low) & (means <= high)
    np.testing.assert_array_equal(story.map.laplace == 0, inside)


def neg_log_posterior(w, mean, noise_sd, prior):
    return -stats.norm.logpdf(mean, loc=w, scale=noise_sd) - prior.logpdf(w)


@PROPERTY
@given(st.floats(-6.0, 6.0), st.floats(0.2, 2.0), st.floats(0.2, 3.0))
def test_map_estimates_minimise_the_negative_log_posterior(mean, noise_sd, scale):
    for prior, got in (
        (stats.norm(scale=scale), maths.map_gaussian_prior(mean, noise_sd, scale)),
        (stats.laplace(scale=scale), maths.map_laplace_prior(mean, noise_sd, scale)),
    ):
        ref = minimize_scalar(
            neg_log_posterior,
            bounds=(-10.0, 10.0),
            method="bounded",
            args=(mean, noise_sd, prior),
            options={"xatol": 1e-11},
        )
        got = float(got)
        assert neg_log_posterior(got, mean, noise_sd, prior) <= ref.fun + 1e-12
        assert got == pytest.approx(ref.x, abs=1e-5 * noise_sd)
    if abs(mean) <= noise_sd**2 / scale:  # inside the Laplace zero interval
        assert float(maths.map_laplace_prior(mean, noise_sd, scale)) == 0.0


@pytest.mark.parametrize(("gamma", "half_width"), [(1.0, 3.0), (0.37, 2.0), (1.3, 1.0)])
def test_shrinkage_curves_are_exactly_zero_on_minus_gamma_gamma_and_ridge_only_at_zero(
    gamma, half_width
):
    curves = maths.shrinkage_curves(gamma, half_width)
    grid = curves.beta_hat
    assert {-gamma, 0.0, gamma} <= set(grid.tolist()) and np.all(np.diff(grid) > 0)
    np.testing.assert_array_equal(curves.lasso == 0, np.abs(grid) <= gamma)
    expected = np.sign(grid) * np.maximum(np.abs(grid) - gamma, 0.0)
    np.testing.assert_allclose(curves.lasso, expected, rtol=1e-15, atol=0)
    np.testing.assert_allclose(curves.ridge, grid / (1 + gamma), rtol=1e-15)
    np.testing.assert_array_equal(curves.ridge == 0, grid == 0)

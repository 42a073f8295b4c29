"""maths' ISTA, lasso/ridge paths, diabetes data and selection experiment against scikit-learn."""

from __future__ import annotations

from importlib import resources

import numpy as np
import pytest
from sklearn import datasets
from sklearn.linear_model import Lasso, Ridge, lars_path
from sklearn.linear_model import lasso_path as sklearn_lasso_path

from whyl1 import maths, stories

# Convention (maths' module docstring): the lasso minimises (1/2n)‖y − Xβ‖² + λ‖β‖₁, exactly
# scikit-learn's Lasso objective, so sklearn's alpha is our λ; no intercept (data are centred).


@pytest.fixture(scope="module")
def diabetes():
    return maths.load_diabetes()


@pytest.fixture(scope="module")
def grid(diabetes):
    top = np.max(np.abs(diabetes.x.T @ diabetes.y)) / diabetes.x.shape[0]
    return np.geomspace(top, top * 1e-3, 60)


@pytest.fixture(scope="module")
def lars(diabetes):
    """The exact lasso path (LARS with the lasso modification): knots and coefficients."""
    alphas, _, coefs = lars_path(diabetes.x, diabetes.y, method="lasso")
    return alphas, coefs


def lars_coef_at(lars, lams):
    """The lasso path is linear between LARS knots: interpolate it at each λ."""
    alphas, coefs = lars
    order = np.argsort(alphas)
    return np.array([np.interp(lams, alphas[order], row[order]) for row in coefs])


# --- data ------------------------------------------------------------------------------------


def test_load_diabetes_is_sklearns_raw_table_centred_and_scaled_to_unit_norm(diabetes):
    raw = datasets.load_diabetes(scaled=False)
    assert raw.data.shape == (442, 10) and diabetes.x.shape == (442, 10)
    centred = raw.data - raw.data.mean(axis=0)
    np.testing.assert_allclose(
        diabetes.x, centred / np.linalg.norm(centred, axis=0), rtol=0, atol=1e-15
    )
    np.testing.assert_allclose(diabetes.y, raw.target - raw.target.mean(), rtol=0, atol=1e-12)
    assert list(diabetes.feature_names) == list(raw.feature_names)
    # sklearn's own scaled version is the same standardisation (unit-norm columns).
    scaled = datasets.load_diabetes(scaled=True).data
    np.testing.assert_allclose(diabetes.x, scaled, rtol=0, atol=1e-15)


def test_diabetes_asset_holds_sklearns_raw_values_exactly():
    with resources.files("whyl1.assets").joinpath("diabetes.csv").open() as handle:
        table = np.loadtxt(handle, delimiter=",", comments="#", skiprows=6)
    raw = datasets.load_diabetes(scaled=False)
    np.testing.assert_array_equal(table[:, :-1], raw.data)
    np.testing.assert_array_equal(table[:, -1], raw.target)


# --- λ_max, ISTA, the lasso path -------------------------------------------------------------


def test_lambda_max_is_max_abs_xty_over_n_where_sklearn_gives_all_zeros(diabetes):
    x, y = diabetes.x, diabetes.y
    top = maths.lambda_max(x, y)
    assert top == pytest.approx(np.max(np.abs(x.T @ y)) / 442, rel=1e-15)
    # sklearn's own path starts at the same λ_max, with all coefficients 0 there …
    alphas, coefs, _ = sklearn_lasso_path(x, y, alphas=5)
    assert alphas[0] == pytest.approx(top, rel=1e-12)
    assert np.all(coefs[:, 0] == 0)
    fit = Lasso(alpha=top, fit_intercept=False, tol=1e-12).fit(x, y)
    assert np.all(fit.coef_ == 0)
    # … and just below it one coefficient (bmi, the first to enter) is non-zero.
    below = Lasso(alpha=0.99 * top, fit_intercept=False, tol=1e-12).fit(x, y)
    assert np.flatnonzero(below.coef_).tolist() == [2]
    assert np.all(maths.ista(x, y, [top]).coef == 0)
    assert np.flatnonzero(maths.ista(x, y, [0.99 * top]).coef[:, 0]).tolist() == [2]


def test_lasso_path_matches_the_exact_lars_path_and_sklearn_lasso_path(diabetes, grid, lars):
    result = maths.lasso_path(diabetes.x, diabetes.y, grid)
    assert result.exact.all()
    exact = lars_coef_at(lars, grid)
    scale = np.max(np.abs(exact))  # coefficients up to ~700 on unit-norm columns
    np.testing.assert_allclose(result.coef, exact, rtol=0, atol=1e-9 * scale)
    # Coordinate descent to a tight duality gap: agrees to ~1e-8 relative (sklearn's accuracy).
    _, cd, _ = sklearn_lasso_path(diabetes.x, diabetes.y, alphas=grid, tol=1e-14, max_iter=10**6)
    np.testing.assert_allclose(result.coef, cd, rtol=0, atol=1e-7 * scale)
    # Zeros are exact zeros, and the same ones as sklearn's.
    np.testing.assert_array_equal(result.coef == 0, cd == 0)


@pytest.mark.parametrize("fraction", [0.9, 0.3, 0.05, 0.004])
def test_ista_matches_sklearn_lasso_at_single_lambdas(diabetes, lars, fraction):
    x, y = diabetes.x, diabetes.y
    lam = fraction * maths.lambda_max(x, y)
    got = maths.ista(x, y, [lam])
    assert got.exact.all()
    exact = lars_coef_at(lars, [lam])[:, 0]
    np.testing.assert_allclose(got.coef[:, 0], exact, rtol=0, atol=1e-9 * np.max(np.abs(exact)))
    fit = Lasso(alpha=lam, fit_intercept=False, tol=1e-14, max_iter=10**6).fit(x, y)
    np.testing.assert_allclose(got.coef[:, 0], fit.coef_, rtol=0, atol=1e-7 * np.max(np.abs(exact)))


def test_lasso_kkt_violation_is_zero_at_sklearns_solution_and_positive_elsewhere(diabetes):
    x, y = diabetes.x, diabetes.y
    top = maths.lambda_max(x, y)
    lams = top * np.array([0.5, 0.1, 0.01])
    coef = np.column_stack(
        [
            Lasso(alpha=a, fit_intercept=False, tol=1e-14, max_iter=10**6).fit(x, y).coef_
            for a in lams
        ]
    )
    assert np.all(maths.lasso_kkt_violation(x, y, coef, lams) < 1e-6 * top)
    # All zeros below λ_max violate |g_j| ≤ λ by exactly λ_max − λ.
    zeros = np.zeros((10, 3))
    np.testing.assert_allclose(maths.lasso_kkt_violation(x, y, zeros, lams), top - lams, rtol=1e-12)


def test_lasso_exit_lambdas_are_the_lars_knots_where_each_feature_enters(diabetes, grid, lars):
    """Exit as λ grows is entry as λ falls: the largest λ with a non-zero coefficient."""
    alphas, coefs = lars
    coef = maths.lasso_path(diabetes.x, diabetes.y, grid).coef
    exits = maths.lasso_exit_lambdas(diabetes.x, diabetes.y, grid, coef)
    expected = np.array([alphas[np.flatnonzero(row)[0] - 1] for row in coefs])
    np.testing.assert_allclose(exits, expected, rtol=1e-10)
    assert np.all(exits <= maths.lambda_max(diabetes.x, diabetes.y) * (1 + 1e-12))


def test_lasso_exit_lambdas_do_not_depend_on_the_grid(diabetes, lars):
    alphas, coefs = lars
    expected = np.array([alphas[np.flatnonzero(row)[0] - 1] for row in coefs])
    top = maths.lambda_max(diabetes.x, diabetes.y)
    for points in (8, 25, 200):
        lams = np.geomspace(top, top * 1e-3, points)
        coef = maths.lasso_path(diabetes.x, diabetes.y, lams).coef
        exits = maths.lasso_exit_lambdas(diabetes.x, diabetes.y, lams, coef)
        seen = np.any(coef != 0, axis=1)  # features never non-zero on the grid give NaN
        np.testing.assert_allclose(exits[seen], expected[seen], rtol=1e-10)
        assert np.all(np.isnan(exits[~seen]))


# --- ridge -----------------------------------------------------------------------------------


def test_ridge_path_matches_the_normal_equations_and_sklearn_ridge_with_alpha_n_lambda(diabetes):
    x, y = diabetes.x, diabetes.y
    n = x.shape[0]
    lams = np.geomspace(1e2, 1e-3, 12)
    got = maths.ridge_path(x, y, lams)
    gram = x.T @ x / n
    for k, lam in enumerate(lams):
        solved = np.linalg.solve(gram + lam * np.eye(10), x.T @ y / n)
        np.testing.assert_allclose(got[:, k], solved, rtol=1e-10, atol=1e-12)
        # sklearn Ridge minimises ‖y − Xw‖² + α‖w‖²: 2n times ours when α = nλ.
        fit = Ridge(alpha=n * lam, fit_intercept=False, solver="cholesky").fit(x, y)
        np.testing.assert_allclose(got[:, k], fit.coef_, rtol=1e-10, atol=1e-12)
    assert np.all(got != 0)


def test_path_story_lasso_zeros_all_at_the_top_and_ridge_keeps_every_coefficient():
    story = stories.get("path").compute()
    assert story.lasso_exact
    assert story.lasso_nonzero[0] == 0 and story.lasso_nonzero[-1] == 10
    assert np.all(story.ridge_nonzero == 10)
    data = maths.load_diabetes()
    np.testing.assert_allclose(
        story.least_squares, np.linalg.solve(data.x.T @ data.x, data.x.T @ data.y), rtol=1e-10
    )


# --- selection -------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def selection():
    return stories.get("selection").compute()


def test_selection_counts_recomputed_from_the_coefficients_and_the_known_support(selection):
    truth, lasso = selection.true_coefs, selection.lasso_coefs
    relevant, kept = set(np.flatnonzero(truth)), set(np.flatnonzero(lasso))
    assert len(relevant) == selection.relevant == 50
    assert selection.lasso_nonzero == len(kept)
    assert selection.true_positives == len(kept & relevant)
    assert selection.false_positives == len(kept - relevant)
    assert selection.false_negatives == len(relevant - kept)
    assert selection.ridge_nonzero == np.count_nonzero(selection.ridge_coefs) == 1000
    # The story's claim: about 50 kept out of 1,000.
    assert 40 <= len(kept) <= 70


def test_selection_data_and_fits_match_sklearn_on_the_same_seeded_data(selection):
    x, y, truth = maths.selection_data(500, 1000, 50, 1.0, 0)
    np.testing.assert_array_equal(truth, selection.true_coefs)
    nonzero = truth[truth != 0]
    assert np.all((np.abs(nonzero) >= 1) & (np.abs(nonzero) <= 3))
    fit = Lasso(alpha=0.25, fit_intercept=False, tol=1e-14, max_iter=10**6).fit(x, y)
    np.testing.assert_allclose(selection.lasso_coefs, fit.coef_, rtol=0, atol=1e-6)
    np.testing.assert_array_equal(selection.lasso_coefs == 0, fit.coef_ == 0)
    ridge = Ridge(alpha=500 * 0.25, fit_intercept=False, solver="svd").fit(x, y)
    np.testing.assert_allclose(selection.ridge_coefs, ridge.coef_, rtol=1e-8, atol=1e-10)


def correlated_problem(seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((40, 6)) + 1.5 * rng.standard_normal((40, 1))
    y = x @ rng.standard_normal(6) + 2.0 * rng.standard_normal(40)
    return maths.standardize(x, y, tuple("abcdef"))


# Seeds 164, 188 and 381 have a coefficient that leaves the LARS-lasso path and joins again.
@pytest.mark.parametrize("seed", [164, 188, 381, *range(20)])
def test_lasso_exit_lambdas_match_lars_on_correlated_designs_with_coarse_grids(seed):
    data = correlated_problem(seed)
    alphas, _, coefs = lars_path(data.x, data.y, method="lasso")
    # The largest λ with a non-zero coefficient, also for a feature that leaves and joins.
    expected = np.array([alphas[np.flatnonzero(row)[0] - 1] for row in coefs])
    top = maths.lambda_max(data.x, data.y)
    grids = [
        np.geomspace(top, top * 1e-3, 5),
        np.geomspace(top, top * 1e-3, 15),
        np.array([top, 0.5 * alphas[-2]]),  # below the last knot: every feature is active
    ]
    for lams in grids:
        coef = maths.lasso_path(data.x, data.y, lams).coef
        exits = maths.lasso_exit_lambdas(data.x, data.y, lams, coef)
        seen = np.any(coef != 0, axis=1)
        np.testing.assert_allclose(exits[seen], expected[seen], rtol=1e-9)
        assert np.all(np.isnan(exits[~seen]))

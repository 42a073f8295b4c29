"""maths' exact lasso knots (what the path scene moves along) against scikit-learn's LARS with
the lasso modification and its coordinate-descent Lasso, on the diabetes data and on
correlated designs where a coefficient leaves the path and joins it again."""

from __future__ import annotations

import numpy as np
import pytest
from sklearn.linear_model import Lasso, lars_path

from whyl1 import maths, stories


def lars(data):
    """sklearn's exact path: knots (λ decreasing, down to 0) and the coefficients at each."""
    alphas, _, coefs = lars_path(data.x, data.y, method="lasso")
    return alphas, coefs


def lars_coef_at(alphas, coefs, lams):
    """The lasso path is linear between LARS knots: interpolate it at each λ."""
    order = np.argsort(alphas)
    return np.array([np.interp(lams, alphas[order], row[order]) for row in coefs])


def knots_from(data, lam):
    """maths' knots from the exact solution at ``lam`` up to λ_max."""
    start = maths.ista(data.x, data.y, [lam])
    assert start.exact.all()
    return maths.lasso_knots(data.x, data.y, lam, start.coef[:, 0])


def correlated_problem(seed):
    rng = np.random.default_rng(seed)
    x = rng.standard_normal((40, 6)) + 1.5 * rng.standard_normal((40, 1))
    y = x @ rng.standard_normal(6) + 2.0 * rng.standard_normal(40)
    return maths.standardize(x, y, tuple("abcdef"))


# Seeds 164, 188 and 381 have a coefficient that leaves the LARS-lasso path and joins again;
# the diabetes data has one too (s3, near the least-squares end).
CASES = [("diabetes", None), *(("correlated", seed) for seed in (164, 188, 381, 0, 1, 2))]


@pytest.fixture(scope="module", params=CASES, ids=lambda case: f"{case[0]}-{case[1]}")
def case(request):
    name, seed = request.param
    data = maths.load_diabetes() if name == "diabetes" else correlated_problem(seed)
    alphas, coefs = lars(data)
    # Start below the last knot above 0: every knot of the path is then crossed
    knots = knots_from(data, 0.5 * alphas[-2])
    return data, alphas, coefs, knots


def test_knots_are_the_lars_knots_with_their_coefficients_and_zeros(case):
    data, alphas, coefs, knots = case
    expected = alphas[:-1][::-1]  # LARS ends at λ = 0, below the start; increasing
    np.testing.assert_allclose(knots.lambdas[1:], expected, rtol=1e-10)
    assert knots.lambdas[-1] == pytest.approx(maths.lambda_max(data.x, data.y), rel=1e-12)
    at_knots = coefs[:, :-1][:, ::-1]
    scale = np.max(np.abs(coefs))
    np.testing.assert_allclose(knots.coefs[:, 1:], at_knots, rtol=0, atol=1e-9 * scale)
    np.testing.assert_array_equal(knots.coefs[:, 1:] == 0, at_knots == 0)


def test_each_knot_names_the_coefficient_that_reaches_or_leaves_zero(case):
    data, alphas, coefs, knots = case
    lams = knots.lambdas
    below = lars_coef_at(alphas, coefs, (lams[:-1] + lams[1:]) / 2)  # stretch under knot k
    above = np.column_stack([below[:, 1:], np.zeros(data.x.shape[1])])  # over it; 0 at top
    for k, (feature, lands) in enumerate(zip(knots.features, knots.lands, strict=True)):
        changed = np.flatnonzero((below[:, k] == 0) != (above[:, k] == 0))
        assert changed.tolist() == [feature]
        assert lands == (above[feature, k] == 0)
        assert knots.coefs[feature, k + 1] == 0.0


def test_interpolation_is_the_lasso_solution_between_knots(case):
    data, alphas, coefs, knots = case
    lams = np.geomspace(knots.lambdas[0], knots.lambdas[-1], 23)
    got = maths.interpolate_lasso_path(knots.lambdas, knots.coefs, lams)
    scale = np.max(np.abs(coefs))
    np.testing.assert_allclose(got, lars_coef_at(alphas, coefs, lams), rtol=0, atol=1e-9 * scale)
    for k in (3, 11, 19):  # coordinate descent (sklearn's Lasso), its zeros exact too
        fit = Lasso(alpha=lams[k], fit_intercept=False, tol=1e-14, max_iter=10**6)
        fit.fit(data.x, data.y)
        np.testing.assert_allclose(got[:, k], fit.coef_, rtol=0, atol=1e-7 * scale)
        np.testing.assert_array_equal(got[:, k] == 0, fit.coef_ == 0)


def test_interpolation_returns_the_knots_unchanged_and_refuses_to_extrapolate(case):
    _, _, _, knots = case
    at = maths.interpolate_lasso_path(knots.lambdas, knots.coefs, knots.lambdas)
    np.testing.assert_array_equal(at, knots.coefs)
    with pytest.raises(ValueError, match="knots' range"):
        maths.interpolate_lasso_path(knots.lambdas, knots.coefs, [0.5 * knots.lambdas[0]])


def test_path_story_knots_count_and_exit_where_sklearn_says():
    story = stories.get("path").compute()
    knots, data = story.knots, maths.load_diabetes()
    lams = knots.lambdas
    assert lams[0] == story.lambdas.min()
    assert lams[-1] == pytest.approx(story.lambdas.max(), rel=1e-12)
    # Non-zero counts: at each λ a plain count of its coefficients (checked against LARS
    # above), inside each stretch a plain count of sklearn's coordinate-descent fit
    assert list(knots.nonzero) == [sum(1 for w in column if w != 0) for column in knots.coefs.T]
    counted = []
    for lam in (lams[:-1] + lams[1:]) / 2:
        fit = Lasso(alpha=lam, fit_intercept=False, tol=1e-14, max_iter=10**6)
        counted.append(sum(1 for w in fit.fit(data.x, data.y).coef_ if w != 0))
    assert list(knots.stretch_nonzero) == counted
    assert knots.nonzero[0] == 10 and knots.nonzero[-1] == 0
    # Each feature's exit λ (the figure's) is, to the bit, the knot where it lands for good
    for j, exit_lambda in enumerate(story.lasso_exit_lambdas):
        assert exit_lambda == lams[1:][(knots.features == j) & knots.lands].max()
    # The diabetes path: s3 touches 0 near least squares, leaves it, and lands for good later
    s3 = story.feature_names.index("s3")
    assert knots.lands[knots.features == s3].tolist() == [True, False, True]

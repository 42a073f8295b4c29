"""The data plotted in the lasso figures (path, selection), read back from the matplotlib
artists and checked against scikit-learn's lasso_path, Lasso and Ridge on the same data,
independently of whyl1.maths' solvers. No pixels involved.
"""

from __future__ import annotations

import numpy as np
import pytest
from figuretools import by_gid, fixture_for, legend_texts, one, xy
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, Ridge, lasso_path

from whyl1 import maths
from whyl1.theme import number_text

# ---------------------------------------------------------------------------
# path: scikit-learn's lasso_path and Ridge on the same standardised diabetes data
# ---------------------------------------------------------------------------

PATH_CASES = [{}, {"points": "20", "lambda_ratio": "0.01"}]
NAMES = ("age", "sex", "bmi", "bp", "s1", "s2", "s3", "s4", "s5", "s6")


@pytest.fixture(scope="module")
def diabetes():
    """Centred columns of unit norm and a centred response (the LARS paper's convention)."""
    x, y = load_diabetes(return_X_y=True, scaled=False)
    x = x - x.mean(axis=0)
    return x / np.linalg.norm(x, axis=0), y - y.mean()


path_figure = fixture_for("path", PATH_CASES)


def test_path_lasso_matches_sklearn(path_figure, diabetes):
    fig, _, _ = path_figure
    x, y = diabetes
    lines = [one(fig, f"lasso-{name}") for name in NAMES]
    lambdas = np.asarray(lines[0].get_xdata(), float)
    # sklearn's alpha is our λ: both minimise (1/2n)‖y − Xβ‖² + λ‖β‖₁
    assert lambdas[0] == pytest.approx(np.max(np.abs(x.T @ y)) / len(y), rel=1e-12)
    _, coefs, _ = lasso_path(x, y, alphas=lambdas, tol=1e-12, max_iter=100_000)
    scale = np.max(np.abs(coefs))
    for line, expected in zip(lines, coefs, strict=True):
        got = np.asarray(line.get_ydata(), float)
        np.testing.assert_allclose(got, expected, atol=1e-6 * scale)
        # Same exact zeros (sklearn's tiny non-zeros near a knot excepted)
        assert np.all((got == 0) == (expected == 0) | (np.abs(expected) < 1e-6 * scale))


def test_path_exits_are_where_coefficients_become_zero_for_good(path_figure, diabetes):
    fig, alt, _ = path_figure
    x, y = diabetes
    exits = np.array([xy(line)[0] for line in by_gid(fig, "exit")])
    assert np.all(exits[:, 1] == 0.0)
    top = np.max(np.abs(x.T @ y)) / len(y)
    assert np.all(exits[:, 0] <= top * (1 + 1e-12))
    for lam in exits[:, 0]:
        above = Lasso(alpha=lam * (1 + 1e-4), fit_intercept=False, tol=1e-14, max_iter=10**6)
        below = Lasso(alpha=lam * (1 - 1e-3), fit_intercept=False, tol=1e-14, max_iter=10**6)
        gone = np.abs(above.fit(x, y).coef_) < 1e-6
        kept = np.abs(below.fit(x, y).coef_) > 1e-6
        # exactly one feature leaves there (it is kept just below and gone just above)
        assert np.sum(gone & kept) == 1, lam
        assert f"{NAMES[int(np.flatnonzero(gone & kept)[0])]} at λ = {number_text(lam, 4)}" in alt


def test_path_ridge_matches_sklearn_and_never_zero(path_figure, diabetes):
    fig, _, _ = path_figure
    x, y = diabetes
    for j, name in enumerate(NAMES):
        lambdas, coef = xy(one(fig, f"ridge-{name}")).T
        assert np.all(coef != 0.0)
        for lam, got in list(zip(lambdas, coef, strict=True))[::7]:
            # (1/2n)‖y − Xβ‖² + (λ/2)‖β‖² is sklearn's ‖y − Xβ‖² + α‖β‖² with α = nλ
            fit = Ridge(alpha=len(y) * lam, fit_intercept=False, solver="svd").fit(x, y)
            assert got == pytest.approx(fit.coef_[j], rel=1e-7, abs=1e-9)
    for ax in fig.axes:
        assert sorted(t.get_text() for t in ax.texts) == sorted(NAMES)


# ---------------------------------------------------------------------------
# selection: scikit-learn's Lasso and Ridge on the seeded design
# ---------------------------------------------------------------------------

SELECTION_CASES = [{}, {"n_features": "200", "n_relevant": "10", "lam": "0.5", "n_samples": "100"}]


selection = fixture_for("selection", SELECTION_CASES)


def test_selection_weights_and_counts(selection):
    fig, alt, v = selection
    # The design is the story's input; the fits are scikit-learn's
    x, y, _ = maths.selection_data(
        v["n_samples"], v["n_features"], v["n_relevant"], v["noise"], v["seed"]
    )
    truth, lasso = one(fig, "lasso-vs-true").get_offsets().T
    truth_r, ridge = one(fig, "ridge-vs-true").get_offsets().T
    np.testing.assert_array_equal(truth, truth_r)
    expected = Lasso(alpha=v["lam"], fit_intercept=False, tol=1e-10, max_iter=10**6).fit(x, y)
    np.testing.assert_allclose(lasso, expected.coef_, atol=1e-6)
    expected_ridge = Ridge(alpha=len(y) * v["lam"], fit_intercept=False, solver="svd").fit(x, y)
    np.testing.assert_allclose(ridge, expected_ridge.coef_, rtol=1e-7, atol=1e-10)

    # Counts recomputed from the plotted weights and the known support
    relevant, kept = truth != 0, lasso != 0
    assert relevant.sum() == v["n_relevant"]
    nonzero, true_pos, false_pos = kept.sum(), (kept & relevant).sum(), (kept & ~relevant).sum()
    assert np.count_nonzero(ridge) == v["n_features"]
    labels = legend_texts(fig)
    assert f"L1: lasso, {nonzero:,} non-zero" in labels
    assert f"({true_pos:,} true, {false_pos:,} false positive" in labels
    assert f"L2: ridge, {v['n_features']:,} non-zero" in labels
    assert f"{v['n_features'] - nonzero:,} lasso weights exactly 0" in labels
    assert f"keeps {nonzero:,} non-zero weights ({true_pos:,} true positives, " in alt
    assert f"{false_pos:,} false positives" in alt and f"ridge keeps all {v['n_features']:,}" in alt

    # The sorted panel shows the same weights, largest first
    for name, weights in (("lasso", lasso), ("ridge", ridge), ("truth", truth)):
        rank, magnitude = xy(one(fig, f"sorted-{name}")).T
        np.testing.assert_array_equal(rank, np.arange(1, len(weights) + 1))
        np.testing.assert_array_equal(magnitude, np.sort(np.abs(weights))[::-1])

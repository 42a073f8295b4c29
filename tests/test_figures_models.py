"""Content of the figures geometry, thresholding, priors, path and selection, read back from
the matplotlib artists and checked against oracles computed here, independently of
whyl1.maths: scipy.optimize for the constrained solutions and MAP estimates, scipy.stats for
probabilities and densities, scikit-learn for the lasso and ridge fits. No pixels involved.

Artists are found by the gid each figure module sets, not by their drawing order.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from matplotlib.path import Path
from scipy import optimize, stats
from sklearn.datasets import load_diabetes
from sklearn.linear_model import Lasso, Ridge, lasso_path
from whyl1.figures.common import figure_for_test

from whyl1 import maths, stories
from whyl1.theme import number_text


def draw(story: str, overrides: dict[str, str] | None = None):
    """Figure and alt text for the story with command-line style overrides."""
    values = stories.get(story).resolve(overrides or {})
    fig, alt = figure_for_test(story, values)
    return fig, alt, values


def by_gid(fig, gid: str) -> list:
    return fig.findobj(match=lambda artist: artist.get_gid() == gid)


def one(fig, gid: str):
    (artist,) = by_gid(fig, gid)
    return artist


def xy(line) -> np.ndarray:
    return np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)


def legend_texts(fig) -> str:
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return "\n".join(t.get_text() for legend in legends for t in legend.get_texts())


# ---------------------------------------------------------------------------
# geometry: constrained minima by SLSQP, not by the closed forms of whyl1.maths
# ---------------------------------------------------------------------------

GEOMETRY_CASES = [{}, {"center": "-2.5,-0.3", "edge_center": "2.2,2.4", "t": "1.3"}]


def constrained_minimum(center, hessian, t, kind):
    """Minimum of the quadratic loss on the ball's boundary, by bounded 1-D searches: along
    each of the diamond's four edges, or over the disk's angle near a coarse grid's best."""
    center, h = np.asarray(center, float), np.asarray(hessian, float)

    def loss(b):
        return 0.5 * (b - center) @ h @ (b - center)

    def search(point, low, high):
        result = optimize.minimize_scalar(
            lambda s: loss(point(s)), bounds=(low, high), method="bounded", options={"xatol": 1e-12}
        )
        return point(result.x)

    if kind == "lasso":
        corners = t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])
        candidates = [
            search(lambda s, a=a, b=b: a + s * (b - a), 0.0, 1.0)
            for a, b in itertools.pairwise(corners)
        ]
        candidates += list(corners[:-1])
    else:

        def on_circle(theta):
            return t * np.array([math.cos(theta), math.sin(theta)])

        grid = np.linspace(0, 2 * math.pi, 721)
        best = grid[np.argmin([loss(on_circle(a)) for a in grid])]
        candidates = [search(on_circle, best - 0.01, best + 0.01)]
    point = min(candidates, key=loss)
    return point, loss(point)


@pytest.fixture(scope="module", params=range(len(GEOMETRY_CASES)), ids=["default", "moved"])
def geometry(request):
    return draw("geometry", GEOMETRY_CASES[request.param])


def test_geometry_defaults_are_the_stories_numbers():
    """The two cases of the brief: the corner (0, 1) and the edge point (0.4125, 0.5875)."""
    fig, alt, _ = draw("geometry")
    top, bottom = (xy(line)[0] for line in by_gid(fig, "lasso-solution"))
    assert top[0] == 0.0 and top[1] == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(bottom, [0.4125, 0.5875], atol=1e-12)
    assert "(0, 1)" in alt and "(0.4125, 0.5875)" in alt


def test_geometry_solutions_match_slsqp(geometry):
    fig, alt, values = geometry
    h, t = (
        np.array(
            [
                [values["hessian"][0], values["hessian"][1]],
                [values["hessian"][1], values["hessian"][2]],
            ]
        ),
        values["t"],
    )
    centers = [values["center"], values["edge_center"]]
    for kind in ("lasso", "ridge"):
        solutions = [xy(line)[0] for line in by_gid(fig, f"{kind}-solution")]
        contours = by_gid(fig, f"{kind}-contour")
        assert len(solutions) == len(contours) == 2
        for center, plotted, contour in zip(centers, solutions, contours, strict=True):
            expected, level = constrained_minimum(center, h, t, kind)
            np.testing.assert_allclose(plotted, expected, atol=1e-6)
            # The drawn contour is the level set through the touching point
            diff = xy(contour) - np.asarray(center)
            np.testing.assert_allclose(
                0.5 * np.einsum("ki,ij,kj->k", diff, h, diff), level, rtol=1e-6
            )
            assert f"({number_text(plotted[0], 4)}, {number_text(plotted[1], 4)})" in alt
    # The corner case has an exact zero, the edge case none; β̂ is drawn where it is
    corner, edge = (xy(line)[0] for line in by_gid(fig, "lasso-solution"))
    assert 0.0 in corner and 0.0 not in edge
    plotted_centers = [tuple(xy(line)[0]) for line in by_gid(fig, "center")]
    assert plotted_centers == [tuple(values["center"])] * 2 + [tuple(values["edge_center"])] * 2


def test_geometry_balls(geometry):
    fig, _, values = geometry
    t = values["t"]
    for diamond in by_gid(fig, "lasso-ball"):
        corners = {tuple(np.round(p, 12)) for p in diamond.get_xy()}
        assert corners == {(t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t)}
    for disk in by_gid(fig, "ridge-ball"):
        assert disk.get_radius() == t and tuple(disk.get_center()) == (0.0, 0.0)


# ---------------------------------------------------------------------------
# thresholding: scipy.stats.norm for the exact probability
# ---------------------------------------------------------------------------

THRESHOLDING_CASES = [{}, {"gamma": "0.5", "beta": "-1,3", "sigma": "0.7", "shown": "200"}]


@pytest.fixture(scope="module", params=range(2), ids=["default", "moved"])
def thresholding(request):
    return draw("thresholding", THRESHOLDING_CASES[request.param])


def test_thresholding_probabilities(thresholding):
    fig, alt, v = thresholding
    beta, sigma, gamma = np.array(v["beta"]), v["sigma"], v["gamma"]
    zero = stats.norm.cdf((gamma - beta) / sigma) - stats.norm.cdf((-gamma - beta) / sigma)
    exact = 1.0 - np.prod(1.0 - zero)
    labels = legend_texts(fig)
    assert f"$P$ = {number_text(exact, 4)}" in labels and f"= {number_text(exact, 4)}" in alt
    assert "$A_R$ (ridge): $P$ = 0" in labels
    # The Monte Carlo estimate printed agrees with the exact value within 4 standard errors
    mc = float(labels.split("Monte Carlo ")[1].split(" ")[0])
    assert abs(mc - exact) < 4 * math.sqrt(exact * (1 - exact) / v["samples"]) + 1e-4


def test_thresholding_samples_and_regions(thresholding):
    fig, _, v = thresholding
    gamma = v["gamma"]
    sparse = one(fig, "samples-sparse").get_offsets()
    dense = one(fig, "samples-dense").get_offsets()
    assert len(sparse) + len(dense) == v["shown"]
    assert np.all(np.min(np.abs(sparse), axis=1) <= gamma)
    assert np.all(np.min(np.abs(dense), axis=1) > gamma)
    # The seeded draws, regenerated here: β̂ = β + σ·z
    z = np.random.default_rng(v["seed"]).standard_normal((v["samples"], 2))[: v["shown"]]
    drawn = np.array(v["beta"]) + v["sigma"] * z
    got = np.vstack([sparse, dense])
    np.testing.assert_allclose(got[np.lexsort(got.T)], drawn[np.lexsort(drawn.T)], rtol=1e-12)
    # A_L is the cross of half-width γ: in the arms, not in the corners between them
    cross = Path(one(fig, "A_L").get_xy())
    assert cross.contains_point((0.5 * gamma, 3 * gamma))
    assert cross.contains_point((-3 * gamma, -0.5 * gamma))
    assert not cross.contains_point((1.5 * gamma, 1.5 * gamma))
    assert not cross.contains_point((-1.5 * gamma, 2 * gamma))


def test_thresholding_curves(thresholding):
    fig, _, v = thresholding
    gamma = v["gamma"]
    x, soft = xy(one(fig, "lasso")).T
    np.testing.assert_allclose(soft, np.sign(x) * np.clip(np.abs(x) - gamma, 0, None), atol=1e-15)
    assert np.all(soft[np.abs(x) <= gamma] == 0.0) and np.any(x == gamma)
    x, ridge = xy(one(fig, "ridge")).T
    np.testing.assert_allclose(ridge, x / (1 + gamma), rtol=1e-15)
    assert set(x[ridge == 0.0]) == {0.0}


# ---------------------------------------------------------------------------
# priors: scipy.stats densities, MAP by minimize_scalar
# ---------------------------------------------------------------------------

PRIORS_CASES = [{}, {"narrow_sigma": "0.4", "noise_sd": "0.5", "x_max": "5", "mean_max": "2"}]


@pytest.fixture(scope="module", params=range(2), ids=["default", "moved"])
def priors(request):
    return draw("priors", PRIORS_CASES[request.param])


def prior_distributions(v):
    b = 1 / math.sqrt(2)  # unit variance: 2b² = 1
    assert stats.laplace(scale=b).var() == pytest.approx(1.0)
    return {
        "laplace": stats.laplace(scale=b),
        "gaussian": stats.norm(scale=1.0),
        "narrow_gaussian": stats.norm(scale=v["narrow_sigma"]),
    }


def test_priors_densities_and_penalties(priors):
    fig, alt, v = priors
    for name, dist in prior_distributions(v).items():
        x, density = xy(one(fig, f"density-{name}")).T
        np.testing.assert_allclose(density, dist.pdf(x), rtol=1e-12)
        x, penalty = xy(one(fig, f"penalty-{name}")).T
        np.testing.assert_allclose(penalty, -dist.logpdf(x), rtol=1e-12, atol=1e-12)
        assert number_text(float(dist.pdf(0.0)), 4) in alt
    # The narrow Gaussian is the tallest at 0, yet only the Laplace penalty has a kink there
    tops = {
        name: float(np.max(one(fig, f"density-{name}").get_ydata()))
        for name in ("laplace", "narrow_gaussian")
    }
    assert tops["narrow_gaussian"] > tops["laplace"]


def test_priors_map_estimates(priors):
    fig, alt, v = priors
    s = v["noise_sd"]
    dists = prior_distributions(v)
    for name, dist in dists.items():
        means, estimate = xy(one(fig, f"map-{name}")).T
        for mean, got in list(zip(means, estimate, strict=True))[::40]:
            result = optimize.minimize_scalar(
                lambda w, m=mean, d=dist: 0.5 * ((w - m) / s) ** 2 - d.logpdf(w),
                bounds=(-abs(mean) - 1, abs(mean) + 1),
                method="bounded",
                options={"xatol": 1e-10},
            )
            assert got == pytest.approx(result.x, abs=1e-6)
    # Laplace: exactly 0 on a whole interval |x̄| ≤ s²/b; the Gaussians: 0 only at x̄ = 0
    means, laplace = xy(one(fig, "map-laplace")).T
    edge = s**2 * math.sqrt(2)
    assert np.all(laplace[np.abs(means) <= edge * (1 - 1e-12)] == 0.0)
    assert np.all(laplace[np.abs(means) > edge * (1 + 1e-12)] != 0.0)
    for name in ("gaussian", "narrow_gaussian"):
        means, gaussian = xy(one(fig, f"map-{name}")).T
        assert set(means[gaussian == 0.0]) <= {0.0}
    assert f"[{number_text(-edge, 4)}, {number_text(edge, 4)}]" in alt


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


@pytest.fixture(scope="module", params=range(2), ids=["default", "moved"])
def path_figure(request):
    return draw("path", PATH_CASES[request.param])


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


@pytest.fixture(scope="module", params=range(2), ids=["default", "moved"])
def selection(request):
    return draw("selection", SELECTION_CASES[request.param])


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

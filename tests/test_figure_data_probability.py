"""The data plotted in the probability figures (thresholding, priors), read back from the
matplotlib artists and checked against scipy: scipy.stats for the probabilities, densities and
penalties, the seeded draws regenerated here, MAP estimates by minimize_scalar,
independently of whyl1.maths. No pixels involved.
"""

from __future__ import annotations

import math

import numpy as np
import pytest
from figuretools import fixture_for, legend_texts, one, xy
from matplotlib.path import Path
from scipy import optimize, stats

from whyl1.theme import number_text

# ---------------------------------------------------------------------------
# thresholding: scipy.stats.norm for the exact probability
# ---------------------------------------------------------------------------

THRESHOLDING_CASES = [{}, {"gamma": "0.5", "beta": "-1,3", "sigma": "0.7", "shown": "200"}]


thresholding = fixture_for("thresholding", THRESHOLDING_CASES)


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


priors = fixture_for("priors", PRIORS_CASES)


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

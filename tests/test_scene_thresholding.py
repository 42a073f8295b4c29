"""The thresholding scene: one low-quality render checked frame by frame, and its
probabilities checked against scipy's normal CDF and an independent Monte Carlo count."""

from __future__ import annotations

import numpy as np
import pytest
from scenetools import (
    blend,
    color_fraction,
    construct_scene,
    last_frame,
    render,
    scene_box,
    section,
    video_duration,
)
from scipy.stats import norm
from whyl1.scenes.thresholding import ThresholdingScene

from whyl1.theme import palette

pytestmark = pytest.mark.render

COLORS = palette("light")
S = ThresholdingScene  # layout constants, so the boxes follow the scene's own coordinates
HALF = S.PLANE_SIZE / 2


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return render("thresholding", tmp_path_factory.mktemp("thresholding"))


def test_video_and_captions(output):
    assert 45 <= video_duration(output.video) <= 120
    cues = output.captions.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(cues) >= 5
    names = [p.stem.split("_", 2)[2] for p in output.sections]
    assert names == ["samples", "cross", "lasso", "ridge", "probability"]


def test_cross_is_shaded(output):
    frame = section(output, "lasso")  # the end of the "cross" section
    # Inside the vertical band, just right of the β̂₂ axis, low in the plane (no samples there)
    band = scene_box(-S.PLANE_X + 0.15, S.PLANE_Y - 0.75 * HALF, 0.06, 0.2)
    shade = blend(COLORS.l1, S.CROSS_OPACITY, COLORS.background)
    assert color_fraction(frame, shade, band, tolerance=20) > 0.5


def test_last_frame_lasso_on_axes_ridge_off(output):
    frame = last_frame(output.video)
    # Lasso images in the cross sit on the positive β̂₁ axis, in the zero colour
    lasso_axis = scene_box(-S.PLANE_X + 0.6, S.PLANE_Y, 0.5, 0.06)
    assert color_fraction(frame, COLORS.zero, lasso_axis) > 0.05
    # Ridge images: vermillion dots around β/(1+γ) = (1, 0.5), and no exact zero anywhere
    ridge_plane = scene_box(S.PLANE_X, S.PLANE_Y, HALF)
    assert color_fraction(frame, COLORS.l2, ridge_plane) > 0.01
    assert color_fraction(frame, COLORS.zero, ridge_plane) < 0.0005
    # The probability rows: lasso in blue (row 1), ridge in vermillion (row 3)
    assert color_fraction(frame, COLORS.l1, scene_box(0, S.STRIP_Y + 0.55, 6.5, 0.2)) > 0.01
    assert color_fraction(frame, COLORS.l2, scene_box(0, S.STRIP_Y - 0.55, 3.5, 0.2)) > 0.003


def exact_probability(beta, sigma, gamma):
    """P(some |β̂ⱼ| ≤ γ) for independent β̂ⱼ ~ N(βⱼ, σ²), via scipy's normal CDF."""
    beta = np.asarray(beta)
    inside = norm.cdf((gamma - beta) / sigma) - norm.cdf((-gamma - beta) / sigma)
    return 1 - np.prod(1 - inside)


def monte_carlo(beta, sigma, gamma, samples, seed):
    draws = np.random.default_rng(seed).normal(beta, sigma, size=(samples, len(beta)))
    return np.mean((np.abs(draws) <= gamma).any(axis=1))


@pytest.mark.parametrize(
    "params, beta, sigma, gamma, samples, seed, shown",
    [
        ({}, (2.0, 1.0), 1.0, 1.0, 100_000, 0, 80),
        (
            {"gamma": "0.5", "sigma": "2", "beta": "1,-3", "samples": "20000", "seed": "7",
             "shown": "40"},
            (1.0, -3.0), 2.0, 0.5, 20_000, 7, 40,
        ),
    ],
)  # fmt: skip
def test_displayed_numbers(params, beta, sigma, gamma, samples, seed, shown):
    scene = construct_scene(ThresholdingScene, params)
    values = dict(scene.displayed)
    assert len(values) == len(scene.displayed)  # one key, one number
    assert (values["beta_1"], values["beta_2"]) == beta
    assert (values["sigma"], values["gamma"], values["shown"]) == (sigma, gamma, shown)
    assert values["samples"] == samples
    assert values["p_sparse_lasso"] == pytest.approx(
        exact_probability(beta, sigma, gamma), rel=1e-12
    )
    p_mc = values["p_sparse_lasso_mc"]
    assert p_mc == pytest.approx(monte_carlo(beta, sigma, gamma, samples, seed), abs=1e-12)
    assert values["p_sparse_lasso_mc_stderr"] == pytest.approx(
        np.sqrt(p_mc * (1 - p_mc) / samples), rel=1e-12
    )
    assert abs(p_mc - values["p_sparse_lasso"]) < 5 * values["p_sparse_lasso_mc_stderr"]
    assert values["p_sparse_ridge"] == 0.0

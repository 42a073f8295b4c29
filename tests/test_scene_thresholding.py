"""The thresholding scene: one low-quality render checked frame by frame, and its
probabilities checked against scipy's normal CDF and an independent Monte Carlo count."""

from __future__ import annotations

import numpy as np
import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from manim import DOWN, RIGHT
from scenetools import COLORS, blend, color_fraction, numbers_on_screen, point_box, section_end
from scipy.stats import norm
from whyl1.scenes.thresholding import ThresholdingScene

pytestmark = pytest.mark.render

SCENE = ThresholdingScene


def planes(scene):
    """The lasso (left) and ridge (right) planes, which stay where they first are."""
    return section_end(scene, "samples").plots


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["samples", "cross", "lasso", "ridge", "probability"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_cross_is_shaded(output, scene):
    frame = output.section("lasso")  # the end of the "cross" section
    lasso, _ = planes(scene)
    # Inside the vertical band, just right of the β̂₂ axis, low in the plane (no samples there)
    low = lasso.get_center() + 0.15 * RIGHT + 0.375 * lasso.height * DOWN
    shade = blend(COLORS.l1, ThresholdingScene.CROSS_OPACITY, COLORS.background)
    assert color_fraction(frame, shade, point_box(low, 0.06, 0.2), tolerance=20) > 0.5


def test_last_frame_lasso_on_axes_ridge_off(output, scene):
    frame = output.last_frame()
    lasso, ridge = planes(scene)
    # Lasso images in the cross sit on the positive β̂₁ axis, in the zero colour
    on_axis = point_box(lasso.get_center() + 0.6 * RIGHT, 0.5, 0.06)
    assert color_fraction(frame, COLORS.zero, on_axis) > 0.05
    # Ridge images: vermillion dots around β/(1+γ) = (1, 0.5), and no exact zero anywhere
    ridge_plane = point_box(ridge.get_center(), ridge.width / 2)
    assert color_fraction(frame, COLORS.l2, ridge_plane) > 0.01
    assert color_fraction(frame, COLORS.zero, ridge_plane) < 0.0005
    # The probability rows under the planes: lasso in blue (first), ridge in vermillion (last)
    first_row = point_box([0, lasso.get_bottom()[1] - 0.45, 0], 6.5, 0.25)
    last_row = point_box([0, -3.5, 0], 3.5, 0.25)
    assert color_fraction(frame, COLORS.l1, first_row) > 0.01
    assert color_fraction(frame, COLORS.l2, last_row) > 0.003


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
            {
                "gamma": "0.5",
                "sigma": "2",
                "beta": "1,-3",
                "samples": "20000",
                "seed": "7",
                "shown": "40",
            },
            (1.0, -3.0),
            2.0,
            0.5,
            20_000,
            7,
            40,
        ),
    ],
)
def test_displayed_numbers(params, beta, sigma, gamma, samples, seed, shown):
    _, values = numbers_on_screen(ThresholdingScene, params)
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

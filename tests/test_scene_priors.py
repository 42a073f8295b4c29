"""The priors scene: one low-quality render checked frame by frame, and its densities,
penalties and MAP estimates checked against scipy.stats and a numerical posterior optimum."""

from __future__ import annotations

import math

import numpy as np
import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from manim import UP
from scenetools import COLORS, blend, color_fraction, numbers_on_screen, point_box, section_end
from scipy.optimize import minimize_scalar
from scipy.stats import laplace, norm
from whyl1.scenes.priors import PriorsScene

pytestmark = pytest.mark.render

SCENE = PriorsScene
SHADE = blend(COLORS.zero, PriorsScene.SHADE_OPACITY, COLORS.background)
B = 1 / math.sqrt(2)  # the unit-variance Laplace scale: variance 2b² = 1
# Defaults: σ = 0.25, s = 1, x and x̄ on [−3, 3]


def plot(scene, name):
    """The axes the plot showed as section ``name`` ended (one plot per section)."""
    (axes,) = section_end(scene, name).plots
    return axes


def column(scene):
    """The right-hand column, below its top row (the MAP plot's data model)."""
    left = scene.column_left
    return point_box([(left + 7.0) / 2, 0.15, 0], (7.0 - left) / 2, 2.95)


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["densities", "height", "narrow", "penalties", "map", "takeaway"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_densities_gaussian_and_laplace(output, scene):
    frame = output.section("height")  # the end of "densities": two curves, no narrow one
    axes = plot(scene, "densities")
    whole = point_box(axes.get_center(), axes.width / 2, axes.height / 2)
    assert color_fraction(frame, COLORS.l1, whole) > 0.001
    assert color_fraction(frame, COLORS.l2, whole) > 0.001
    assert color_fraction(frame, COLORS.accent, whole) < 0.0001


def test_narrow_gaussian_peaks_above_the_laplace(output, scene):
    frame = output.section("penalties")  # the end of "narrow"
    axes = plot(scene, "narrow")
    narrow = 1 / (0.25 * math.sqrt(2 * math.pi))
    for height, color in (
        (narrow, COLORS.accent),
        (1 / (2 * B), COLORS.l1),
        (norm.pdf(0), COLORS.l2),
    ):
        assert color_fraction(frame, color, point_box(axes.c2p(0, height), 0.08)) > 0.5
    # The axis top is 1.08 times the narrow peak
    assert axes.y_range[1] == pytest.approx(1.08 * narrow)


def test_penalties_kink_marked(output, scene):
    frame = output.section("map")  # the end of "penalties"
    axes = plot(scene, "penalties")
    # −log p: the Laplace vertex log(2b) at w = 0 is ringed in blue
    ring_top = axes.c2p(0, math.log(2 * B)) + PriorsScene.KINK_RADIUS * UP
    assert color_fraction(frame, COLORS.l1, point_box(ring_top, 0.06, 0.04), tolerance=80) > 0.05
    # The three penalty formulas down the right column, in their priors' colours (thin
    # formula strokes blend with the background at 480p, hence the wider tolerance)
    left = scene.column_left
    formulas = point_box([left + 2.2, 1.8, 0], 2.2, 1.9)
    for color in (COLORS.l1, COLORS.l2, COLORS.accent):
        assert color_fraction(frame, color, formulas, tolerance=80) > 0.001


def test_map_sweep_rests_on_zero_over_the_interval(output, scene):
    frame = output.section("takeaway")  # the end of "map": all three MAP curves traced
    axes = plot(scene, "map")  # x̄ across [−3, 3], the MAP up ±(3 − √2), the largest
    # The shaded zero interval [−√2, √2] (s = 1), away from the curves; none outside it
    reach = 3 - math.sqrt(2)
    inside, outside = axes.c2p(-0.7, -0.8 * reach), axes.c2p(-2.2, 0.8 * reach)
    assert color_fraction(frame, SHADE, point_box(inside, 0.1), 20) > 0.5
    assert color_fraction(frame, SHADE, point_box(outside, 0.1), 20) < 0.01
    # The Laplace MAP lies on 0 across the interval, in the zero colour
    for x in (-1.0, -0.5, 0.5, 1.0):
        flat = point_box(axes.c2p(x, 0), 0.1, 0.05)
        assert color_fraction(frame, COLORS.zero, flat, tolerance=60) > 0.1
    # Past it the Laplace MAP is x̄ − √2 (blue), the Gaussian x̄/2 (vermillion)
    for x, value, color in ((2.5, 2.5 - math.sqrt(2), COLORS.l1), (-2.5, -1.25, COLORS.l2)):
        point = point_box(axes.c2p(x, value), 0.08)
        assert color_fraction(frame, color, point, tolerance=60) > 0.05
    # The readouts have gone; only the data model stays in the column
    assert color_fraction(frame, COLORS.l1, column(scene)) < 0.0005


def test_last_frame_single_crossing_and_contrast(output, scene):
    before = output.section("takeaway")
    frame = output.last_frame()
    # A vermillion ring round the Gaussians' single zero crossing, x̄ = 0: around it twice as
    # much vermillion as the Gaussian MAP line alone gave before
    around = point_box(plot(scene, "takeaway").c2p(0, 0), 0.3)
    alone = color_fraction(before, COLORS.l2, around, tolerance=80)
    assert color_fraction(frame, COLORS.l2, around, tolerance=80) > 1.8 * alone > 0
    # The contrast rows in the column: Laplace in blue, Gaussians in vermillion, and the moral
    assert color_fraction(frame, COLORS.l1, column(scene)) > 0.003
    assert color_fraction(frame, COLORS.l2, column(scene)) > 0.003
    assert color_fraction(frame, COLORS.foreground, column(scene)) > 0.01


# ---------------------------------------------------------------------------- the numbers


def map_numerically(mean, noise_sd, log_prior):
    """argmax of log N(x̄; w, s²) + log p(w) by a bounded scalar search (no closed form)."""
    result = minimize_scalar(
        lambda w: -norm.logpdf(mean, loc=w, scale=noise_sd) - log_prior(w),
        bounds=(-abs(mean) - 1, abs(mean) + 1),
        method="bounded",
        options={"xatol": 1e-10},
    )
    return result.x


@pytest.mark.parametrize(
    "params, sigma, s, x_max, points, mean_max",
    [
        ({}, 0.25, 1.0, 3.0, 601, 3.0),
        (
            {
                "narrow_sigma": "0.5",
                "noise_sd": "0.8",
                "x_max": "4",
                "points": "401",
                "mean_max": "2.5",
            },
            0.5,
            0.8,
            4.0,
            401,
            2.5,
        ),
    ],
)
def test_displayed_numbers(params, sigma, s, x_max, points, mean_max):
    scene, shown = numbers_on_screen(PriorsScene, params)
    assert (shown["narrow_sigma"], shown["noise_sd"]) == (sigma, s)

    # The unit-variance Laplace, and the three heights at 0 against scipy.stats
    assert shown["laplace_scale"] == pytest.approx(B, rel=1e-15)
    assert laplace.var(scale=shown["laplace_scale"]) == pytest.approx(1.0, rel=1e-12)
    heights = {
        "gaussian": norm.pdf(0),
        "laplace": laplace.pdf(0, scale=B),
        "narrow_gaussian": norm.pdf(0, scale=sigma),
    }
    for name, value in heights.items():
        assert shown[f"density_at_zero_{name}"] == pytest.approx(value, rel=1e-12)
    # The story's point: the narrow Gaussian is taller at 0 than the Laplace
    assert shown["density_at_zero_narrow_gaussian"] > shown["density_at_zero_laplace"]
    if not params:
        assert shown["density_at_zero_narrow_gaussian"] == pytest.approx(1.5957691216, rel=1e-10)
        assert shown["density_at_zero_laplace"] == pytest.approx(0.7071067812, rel=1e-10)

    # The curves drawn: densities and −log densities on the grid
    x = np.linspace(-x_max, x_max, points)
    data = scene.data
    np.testing.assert_allclose(data.x, x, rtol=0, atol=1e-15)
    for name, dist in (
        ("gaussian", norm(scale=1)),
        ("laplace", laplace(scale=B)),
        ("narrow_gaussian", norm(scale=sigma)),
    ):
        np.testing.assert_allclose(getattr(data, name), dist.pdf(x), rtol=1e-12, atol=1e-300)
        np.testing.assert_allclose(
            getattr(data.neg_log, name), -dist.logpdf(x), rtol=1e-12, atol=1e-12
        )

    # The Laplace MAP is 0 exactly on |x̄| ≤ s²/b
    edge = s**2 / B
    assert shown["zero_interval_low"] == pytest.approx(-edge, rel=1e-12)
    assert shown["zero_interval_high"] == pytest.approx(edge, rel=1e-12)

    # The two pauses of the sweep: x̄ on the grid, inside then outside the zero interval
    means = np.linspace(-mean_max, mean_max, points)
    inside, outside = shown["map_mean_inside"], shown["map_mean_outside"]
    assert np.min(np.abs(means - inside)) < 1e-12 and np.min(np.abs(means - outside)) < 1e-12
    assert 0 < inside <= edge < outside
    assert shown["map_laplace_inside"] == 0.0  # exactly, not nearly
    assert shown["map_laplace_outside"] > 0.0
    priors = {
        "laplace": lambda w: laplace.logpdf(w, scale=B),
        "gaussian": lambda w: norm.logpdf(w, scale=1),
        "narrow_gaussian": lambda w: norm.logpdf(w, scale=sigma),
    }
    for where, mean in (("inside", inside), ("outside", outside)):
        # closed forms: soft-thresholding by s²/b, and shrinking by σ²/(σ² + s²)
        soft = math.copysign(max(abs(mean) - edge, 0.0), mean)
        assert shown[f"map_laplace_{where}"] == pytest.approx(soft, rel=1e-12, abs=0)
        for name, prior_sd in (("gaussian", 1.0), ("narrow_gaussian", sigma)):
            shrunk = mean * prior_sd**2 / (prior_sd**2 + s**2)
            assert shown[f"map_{name}_{where}"] == pytest.approx(shrunk, rel=1e-12)
            assert shown[f"map_{name}_{where}"] != 0.0
        # and the posterior's optimum found numerically, independent of both
        for name, log_prior in priors.items():
            numeric = map_numerically(mean, s, log_prior)
            assert shown[f"map_{name}_{where}"] == pytest.approx(numeric, abs=1e-6)

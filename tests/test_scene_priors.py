"""The priors scene: one low-quality render checked frame by frame, and its densities,
penalties and MAP estimates checked against scipy.stats and a numerical posterior optimum."""

from __future__ import annotations

import math

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
from scipy.optimize import minimize_scalar
from scipy.stats import laplace, norm
from whyl1.scenes.priors import PriorsScene

from whyl1.theme import palette

pytestmark = pytest.mark.render

COLORS = palette("light")
S = PriorsScene  # layout constants, so the boxes follow the scene's own coordinates
X0, Y0 = S.PLOT_CENTER
BOTTOM, TOP = Y0 - S.PLOT_HEIGHT / 2, Y0 + S.PLOT_HEIGHT / 2
SHADE = blend(COLORS.zero, S.SHADE_OPACITY, COLORS.background)
B = 1 / math.sqrt(2)  # the unit-variance Laplace scale: variance 2b² = 1
# Defaults: σ = 0.25, s = 1, x and x̄ on [−3, 3], so 1 data unit is PLOT_WIDTH / 6 across
UNIT = S.PLOT_WIDTH / 6
# The right-hand column, below its top row (the MAP plot's data model)
COLUMN = scene_box(S.COLUMN_LEFT + 3.5, -0.6, 3.5, 1.8)


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return render("priors", tmp_path_factory.mktemp("priors"))


def height(value, low, high):
    """Scene y of ``value`` on a plot whose vertical axis spans [low, high]."""
    return BOTTOM + (value - low) / (high - low) * S.PLOT_HEIGHT


def test_video_and_captions(output):
    assert 45 <= video_duration(output.video) <= 120
    cues = output.captions.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(cues) >= 6
    names = [p.stem.split("_", 2)[2] for p in output.sections]
    assert names == ["densities", "height", "narrow", "penalties", "map", "takeaway"]


def test_densities_gaussian_and_laplace(output):
    frame = section(output, "height")  # the end of "densities": two curves, no narrow one
    plot = scene_box(X0, Y0, S.PLOT_WIDTH / 2, S.PLOT_HEIGHT / 2)
    assert color_fraction(frame, COLORS.l1, plot) > 0.001
    assert color_fraction(frame, COLORS.l2, plot) > 0.001
    assert color_fraction(frame, COLORS.accent, plot) < 0.0001


def test_narrow_gaussian_peaks_above_the_laplace(output):
    frame = section(output, "penalties")  # the end of "narrow"
    # The axis top is 1.08 times the narrow peak, so its dot is at 1/1.08 of the height;
    # the Laplace dot at 0.7071 / (1.08 · 1.5958) of it
    narrow = 1 / (0.25 * math.sqrt(2 * math.pi))
    top = 1.08 * narrow
    assert color_fraction(frame, COLORS.accent, scene_box(X0, height(narrow, 0, top), 0.08)) > 0.5
    assert color_fraction(frame, COLORS.l1, scene_box(X0, height(1 / (2 * B), 0, top), 0.08)) > 0.5
    assert color_fraction(frame, COLORS.l2, scene_box(X0, height(norm.pdf(0), 0, top), 0.08)) > 0.5


def test_penalties_kink_marked(output):
    frame = section(output, "map")  # the end of "penalties"
    # −log p: the axis runs from the narrow Gaussian's minimum log(σ√(2π)) to 1.15 times the
    # Laplace penalty at w = 3; the Laplace vertex log(2b) is ringed in blue
    low = math.log(0.25 * math.sqrt(2 * math.pi))
    high = S.PENALTY_TOP * (3 / B + math.log(2 * B))
    vertex = height(math.log(2 * B), low, high)
    ring_top = scene_box(X0, vertex + S.KINK_RADIUS, 0.06, 0.04)
    assert color_fraction(frame, COLORS.l1, ring_top, tolerance=80) > 0.05
    # The three penalty formulas down the right column, in their priors' colours (thin
    # formula strokes blend with the background at 480p, hence the wider tolerance)
    formulas = scene_box(S.COLUMN_LEFT + 2.2, 0.6, 2.2, 2.1)
    for color in (COLORS.l1, COLORS.l2, COLORS.accent):
        assert color_fraction(frame, color, formulas, tolerance=80) > 0.001


def test_map_sweep_rests_on_zero_over_the_interval(output):
    frame = section(output, "takeaway")  # the end of "map": all three MAP curves traced
    # The shaded zero interval [−√2, √2] (s = 1), away from the curves; none outside it
    assert color_fraction(frame, SHADE, scene_box(X0 - 0.7 * UNIT, Y0 - 1.6, 0.1), 20) > 0.5
    assert color_fraction(frame, SHADE, scene_box(X0 - 2.2 * UNIT, Y0 + 1.6, 0.1), 20) < 0.01
    # The Laplace MAP lies on 0 across the interval, in the zero colour
    for x in (-1.0, -0.5, 0.5, 1.0):
        flat = scene_box(X0 + x * UNIT, Y0, 0.1, 0.05)
        assert color_fraction(frame, COLORS.zero, flat, tolerance=60) > 0.1
    # Past it the Laplace MAP is x̄ − √2 (blue), the Gaussian x̄/2 (vermillion); the vertical
    # axis spans ±(3 − √2), the largest MAP
    reach = 3 - math.sqrt(2)
    for x, value, color in ((2.5, 2.5 - math.sqrt(2), COLORS.l1), (-2.5, -1.25, COLORS.l2)):
        point = scene_box(X0 + x * UNIT, height(value, -reach, reach), 0.08)
        assert color_fraction(frame, color, point, tolerance=60) > 0.05
    # The readouts have gone; only the data model stays in the column
    assert color_fraction(frame, COLORS.l1, COLUMN) < 0.0005


def test_last_frame_single_crossing_and_contrast(output):
    before = section(output, "takeaway")
    frame = last_frame(output.video)
    # A vermillion ring round the Gaussians' single zero crossing, x̄ = 0: around it twice as
    # much vermillion as the Gaussian MAP line alone gave before
    around = scene_box(X0, Y0, 0.3)
    alone = color_fraction(before, COLORS.l2, around, tolerance=80)
    assert color_fraction(frame, COLORS.l2, around, tolerance=80) > 1.8 * alone > 0
    # The contrast rows in the column: Laplace in blue, Gaussians in vermillion, and the moral
    assert color_fraction(frame, COLORS.l1, COLUMN) > 0.003
    assert color_fraction(frame, COLORS.l2, COLUMN) > 0.003
    assert color_fraction(frame, COLORS.foreground, COLUMN) > 0.01


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
            {"narrow_sigma": "0.5", "noise_sd": "0.8", "x_max": "4", "points": "401",
             "mean_max": "2.5"},
            0.5, 0.8, 4.0, 401, 2.5,
        ),
    ],
)  # fmt: skip
def test_displayed_numbers(params, sigma, s, x_max, points, mean_max):
    scene = construct_scene(PriorsScene, params)
    shown = dict(scene.displayed)
    assert len(shown) == len(scene.displayed)  # one key, one number
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

"""The kink scene: one low-quality render checked frame by frame, and its numbers checked
against the closed forms of seed 002 (soft-thresholding and c/(1+2β))."""

from __future__ import annotations

import math

import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from manim import DOWN
from scenetools import COLORS, color_fraction, numbers_on_screen, point_box, section_end
from whyl1.scenes.kink import KinkScene

pytestmark = pytest.mark.render

SCENE = KinkScene


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["objectives", "sweep", "interval", "fan", "conditions"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_objectives_l1_minimiser_is_zero_l2_is_not(output, scene):
    frame = output.section("sweep")  # the last picture of the "objectives" section
    l1, l2 = section_end(scene, "objectives").plots
    # Defaults c = 0.6, β = 1: the L1 dot sits on w = 0 at height ½c², green; the L2 dot
    # at w = c/(1 + 2β) = 0.2, at height ½(0.2 − 0.6)² + 0.2² = 0.12, vermillion
    l1_dot = point_box(l1.c2p(0.0, 0.18), 0.1)
    l2_dot = point_box(l2.c2p(0.2, 0.12), 0.1)
    assert color_fraction(frame, COLORS.zero, l1_dot) > 0.2
    assert color_fraction(frame, COLORS.l2, l2_dot) > 0.2
    assert color_fraction(frame, COLORS.zero, l2_dot) < 0.002


def test_trace_is_flat_at_zero_over_the_interval(output, scene):
    frame = output.section("interval")  # the sweep has been traced completely
    _, trace, _ = section_end(scene, "sweep").plots  # between the two objective panels
    flat = point_box(trace.c2p(0.0, 0.0), 0.9 * (trace.c2p(1, 0) - trace.c2p(0, 0))[0], 0.05)
    # (a 2 px line: video compression blurs its colour, hence the wider tolerance)
    assert color_fraction(frame, COLORS.zero, flat, tolerance=70) > 0.1
    # At slope −2 the L1 minimiser is 1 (half way up the w* axis, which spans [−2, 2])
    assert color_fraction(frame, COLORS.l1, point_box(trace.c2p(-2.0, 1.0), 0.12)) > 0.02


def test_last_frame_fan_and_conditions(output, scene):
    frame = output.last_frame()
    fan, parabola = section_end(scene, "conditions").plots  # w in [−1, 1], β = 1
    # Fan lines below the right branch of β|w| (slopes in [−β, β]) in the zero colour
    # (thin lines: at 480p their pixels blend with the background, hence the wider tolerance)
    lines = point_box(fan.c2p(0.8, -0.3), 0.3)
    assert color_fraction(frame, COLORS.zero, lines, tolerance=80) > 0.02
    # The penalty curves themselves: β|w| at w = −0.6, βw² at w = 0.8
    assert color_fraction(frame, COLORS.l1, point_box(fan.c2p(-0.6, 0.6), 0.12)) > 0.03
    assert color_fraction(frame, COLORS.l2, point_box(parabola.c2p(0.8, 0.64), 0.12)) > 0.03
    # The two conditions under the panels (under the slope notes), in their colours
    for axes, color in ((fan, COLORS.l1), (parabola, COLORS.l2)):
        conditions = point_box(axes.get_bottom() + 0.8 * DOWN, 2.0, 0.25)
        assert color_fraction(frame, color, conditions) > 0.005


def soft_threshold(c, beta):
    return math.copysign(max(abs(c) - beta, 0.0), c)


@pytest.mark.parametrize(
    "params, c, beta",
    [({}, 0.6, 1.0), ({"c": "2.5", "beta": "0.5"}, 2.5, 0.5)],
)
def test_displayed_numbers(params, c, beta):
    scene, shown = numbers_on_screen(KinkScene, params)
    assert shown["c"] == c
    assert shown["slope_at_zero"] == -c
    assert shown["l1_minimizer"] == soft_threshold(c, beta)  # exact: 0.0 for |c| <= β
    assert shown["l2_minimizer"] == pytest.approx(c / (1 + 2 * beta), rel=1e-12)
    assert shown["interval_low"] == shown["fan_low"] == -beta
    assert shown["interval_high"] == shown["fan_high"] == beta
    assert shown["tangent_slope"] == 0.0
    # The sweep reaches beyond the interval on both sides and contains the story's c
    assert scene.c_max > beta and scene.c_max >= abs(c)

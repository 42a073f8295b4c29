"""The kink scene: one low-quality render checked frame by frame, and its numbers checked
against the closed forms of seed 002 (soft-thresholding and c/(1+2β))."""

from __future__ import annotations

import math

import pytest
from scenetools import (
    color_fraction,
    construct_scene,
    last_frame,
    render,
    scene_box,
    section,
    video_duration,
)
from whyl1.scenes.kink import KinkScene

from whyl1.theme import palette

pytestmark = pytest.mark.render

COLORS = palette("light")
S = KinkScene  # layout constants, so the boxes follow the scene's own coordinates


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return render("kink", tmp_path_factory.mktemp("kink"))


def test_video_and_captions(output):
    assert 45 <= video_duration(output.video) <= 120
    cues = output.captions.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(cues) >= 5
    assert [p.stem.split("_", 2)[2] for p in output.sections] == [
        "objectives",
        "sweep",
        "interval",
        "fan",
        "conditions",
    ]


def test_objectives_l1_minimiser_is_zero_l2_is_not(output):
    frame = section(output, "sweep")  # the last picture of the "objectives" section
    panel_bottom = S.PANEL_Y - S.PANEL_HEIGHT / 2
    # Defaults c = 0.6, β = 1: the L1 dot sits on w = 0, green; the L2 dot at w = 0.2, vermillion
    l1_dot = scene_box(-S.PANEL_X, panel_bottom, 0.25, 0.3)
    l2_dot = scene_box(S.PANEL_X + 0.2 / 3.0 * S.PANEL_WIDTH / 2, panel_bottom, 0.2, 0.3)
    assert color_fraction(frame, COLORS.zero, l1_dot) > 0.01
    assert color_fraction(frame, COLORS.l2, l2_dot) > 0.01
    assert color_fraction(frame, COLORS.zero, l2_dot) < 0.002


def test_trace_is_flat_at_zero_over_the_interval(output):
    frame = section(output, "interval")  # the sweep has been traced completely
    x0, y0 = S.TRACE_CENTER
    unit = S.TRACE_WIDTH / 2 / 3.0  # the slope axis spans [−3, 3] for the defaults
    flat = scene_box(x0, y0, 0.9 * unit, 0.08)
    assert color_fraction(frame, COLORS.zero, flat) > 0.1
    # At slope −2 the L1 minimiser is 1 (top of the w* axis, which spans [−2, 2])
    l1_branch = scene_box(x0 - 2 * unit, y0 + S.TRACE_HEIGHT / 4, 0.12)
    assert color_fraction(frame, COLORS.l1, l1_branch) > 0.02


def test_last_frame_fan_and_conditions(output):
    frame = last_frame(output.video)
    w_unit, y_unit = S.FAN_WIDTH / 2, S.FAN_HEIGHT / 2
    # Fan lines below the right branch of β|w| (slopes in [−β, β]) in the zero colour
    # (thin lines: at 480p their pixels blend with the background, hence the wider tolerance)
    fan = scene_box(-S.PANEL_X + 0.8 * w_unit, S.FAN_Y - 0.3 * y_unit, 0.3)
    assert color_fraction(frame, COLORS.zero, fan, tolerance=80) > 0.02
    # The penalty curves themselves: β|w| at w = −0.6, βw² at w = 0.8 (β = 1)
    v_branch = scene_box(-S.PANEL_X - 0.6 * w_unit, S.FAN_Y + 0.6 * y_unit, 0.12)
    parabola = scene_box(S.PANEL_X + 0.8 * w_unit, S.FAN_Y + 0.64 * y_unit, 0.12)
    assert color_fraction(frame, COLORS.l1, v_branch) > 0.03
    assert color_fraction(frame, COLORS.l2, parabola) > 0.03
    # The two conditions under the panels, in their penalties' colours
    below = S.FAN_Y - y_unit - 1.0
    assert color_fraction(frame, COLORS.l1, scene_box(-S.PANEL_X, below, 2.0, 0.3)) > 0.005
    assert color_fraction(frame, COLORS.l2, scene_box(S.PANEL_X, below, 2.0, 0.3)) > 0.005


def soft_threshold(c, beta):
    return math.copysign(max(abs(c) - beta, 0.0), c)


@pytest.mark.parametrize(
    "params, c, beta",
    [({}, 0.6, 1.0), ({"c": "2.5", "beta": "0.5"}, 2.5, 0.5)],
)
def test_displayed_numbers(params, c, beta):
    scene = construct_scene(KinkScene, params)
    shown = dict(scene.displayed)
    assert len(shown) == len(scene.displayed)  # one key, one number
    assert shown["c"] == c
    assert shown["slope_at_zero"] == -c
    assert shown["l1_minimizer"] == soft_threshold(c, beta)  # exact: 0.0 for |c| <= β
    assert shown["l2_minimizer"] == pytest.approx(c / (1 + 2 * beta), rel=1e-12)
    assert shown["interval_low"] == shown["fan_low"] == -beta
    assert shown["interval_high"] == shown["fan_high"] == beta
    assert shown["tangent_slope"] == 0.0
    # The sweep reaches beyond the interval on both sides and contains the story's c
    assert scene.c_max > beta and scene.c_max >= abs(c)

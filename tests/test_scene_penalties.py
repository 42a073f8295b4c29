"""The penalties scene: one low-quality render checked at its section boundaries and last
frame, and its numbers against the closed forms: the slope of |w| is sign(w) = ±1 at every
non-zero weight, the slope of ½w² is w, and |w| = ½w² where |w| = 0 or 2."""

from __future__ import annotations

import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from scenetools import COLORS, blend, captions, color_fraction, numbers_on_screen, point_box
from scipy.optimize import brentq
from whyl1.scenes.penalties import PenaltiesScene

pytestmark = pytest.mark.render

SCENE = PenaltiesScene
BAND_FILL = blend(COLORS.l1, PenaltiesScene.BAND_OPACITY, COLORS.background)


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["penalties", "slide", "band", "question"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_penalties_drawn_with_tangents_at_the_far_end(output, scene):
    frame = output.section("slide")  # the end of "penalties"
    left, right = scene.penalty_axes, scene.slope_axes
    # |w| and ½w² at w = −1 (no tangent there): 1 and ½
    assert color_fraction(frame, COLORS.l1, point_box(left.c2p(-1, 1), 0.06)) > 0.1
    assert color_fraction(frame, COLORS.l2, point_box(left.c2p(-1, 0.5), 0.06)) > 0.1
    # The slope dots at w = 2: sign(2) = 1 and 2; no slope traced yet
    assert color_fraction(frame, COLORS.l1, point_box(right.c2p(2, 1), 0.08)) > 0.2
    assert color_fraction(frame, COLORS.l2, point_box(right.c2p(2, 2), 0.08)) > 0.2
    assert color_fraction(frame, COLORS.l1, point_box(right.c2p(1, 1), 0.08)) == 0.0


def test_slopes_traced_down_to_the_last_stop(output, scene):
    frame = output.section("band")  # the end of "slide": the tangents at w = 0.1
    left, right = scene.penalty_axes, scene.slope_axes
    # sign(w) stays at 1 all the way (a 5 px line through a box 4 px tall)
    for w in (1.5, 0.5, 0.2):
        assert color_fraction(frame, COLORS.l1, point_box(right.c2p(w, 1), 0.06, 0.03)) > 0.2
    # w fades with the weight: at 1.5 it is 1.5, at 0.5 it is 0.5
    for w in (1.5, 0.5):
        assert color_fraction(frame, COLORS.l2, point_box(right.c2p(w, w), 0.05)) > 0.15
    # Nothing traced below the last stop: no slope at w = −1
    assert color_fraction(frame, COLORS.l1, point_box(right.c2p(-1, -1), 0.1)) == 0.0
    # The touch dots sit on the penalties at w = 0.1
    assert color_fraction(frame, COLORS.l1, point_box(left.c2p(0.1, 0.1), 0.06)) > 0.2
    assert color_fraction(frame, COLORS.l2, point_box(left.c2p(0.1, 0.005), 0.06)) > 0.2


def test_band_between_the_curves(output, scene):
    frame = output.section("question")  # the end of "band"
    left = scene.penalty_axes
    # Between |w| and ½w² (inside |w| < 2) the band's fill; below the parabola, none
    for w in (-1.5, 1.0):
        between = point_box(left.c2p(w, (abs(w) + w * w / 2) / 2), 0.04)
        assert color_fraction(frame, BAND_FILL, between, tolerance=20) > 0.5
    below = point_box(left.c2p(-1.5, 0.4), 0.04)
    assert color_fraction(frame, COLORS.background, below, tolerance=10) > 0.9


def test_last_frame_asks_the_question(output, scene):
    frame = output.last_frame()
    right = scene.slope_axes
    # The question in bold under the panels, the tangents and their dots gone
    under = point_box([0, scene.penalty_axes.get_bottom()[1] - 1.0, 0], 5.0, 0.5)
    assert color_fraction(frame, COLORS.foreground, under) > 0.05
    assert color_fraction(frame, COLORS.l2, point_box(right.c2p(0.1, 0.1), 0.05)) < 0.2
    # The slopes traced stay: sign(w) = 1 at w = ½ (at w = 1 the line w crosses it)
    assert color_fraction(frame, COLORS.l1, point_box(right.c2p(0.5, 1), 0.06, 0.03)) > 0.2


def test_captions_name_the_closed_forms(scene):
    said = " ".join(text.replace("\n", " ") for _, _, text in captions(scene))
    # The stops w_max/2, w_max/4, w_max/20 with sign(w) = 1 and w there
    assert "At w = 1, the slopes are 1 and 1. At w = 0.5: 1 and 0.5." in said
    assert "At w = 0.1, sign(w) is still 1, but w is only 0.1." in said
    assert "wherever |w| < 2, L1 charges a small weight more than L2" in said
    assert "At w = 0.1, L1 charges 0.1, and L2 only 0.005." in said  # |w| and w²/2
    assert said.endswith("why does L1 regularization give exact zeros, and L2 does not?")


@pytest.mark.parametrize("params, w_max", [({}, 2.0), ({"w_max": "3", "points": "201"}, 3.0)])
def test_displayed_numbers(params, w_max):
    _, shown = numbers_on_screen(PenaltiesScene, params)
    stops = [w_max, w_max / 2, w_max / 4, w_max / 20]
    for k, w in enumerate(stops):
        assert shown[f"tangent_at_{k}"] == pytest.approx(w, rel=1e-15)
        assert shown[f"l1_slope_{k}"] == 1.0  # sign(w) for w > 0: its full size at every stop
        assert shown[f"l2_slope_{k}"] == pytest.approx(w, rel=1e-15)  # d(½w²)/dw = w
    small = stops[-1]
    assert shown["cost_at"] == pytest.approx(small, rel=1e-15)
    assert shown["l1_cost"] == pytest.approx(abs(small), rel=1e-15)
    assert shown["l2_cost"] == pytest.approx(small * small / 2, rel=1e-15)
    # The band's edge: the non-zero root of |w| − ½w², found numerically
    assert shown["band_edge"] == pytest.approx(brentq(lambda w: w - w * w / 2, 1, 10), rel=1e-12)
    for name in ("penalty", "slope"):
        assert (shown[f"{name}_w_low"], shown[f"{name}_w_high"]) == (-w_max, w_max)
    assert (shown["slope_level_high"], shown["slope_level_low"]) == (1.0, -1.0)

"""The epsilon scene: one low-quality render checked frame by frame (bar heights), and its
numbers checked against seed 000's closed forms δ, 2δ − δ² and 2εδ − δ²."""

from __future__ import annotations

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
from whyl1.scenes.epsilon import EpsilonScene

from whyl1.theme import palette

pytestmark = pytest.mark.render

COLORS = palette("light")
S = EpsilonScene  # layout constants, so the boxes follow the scene's own coordinates
L1_BAR = blend(COLORS.l1, S.BAR_OPACITY, COLORS.background)
L2_BAR = blend(COLORS.l2, S.BAR_OPACITY, COLORS.background)


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return render("epsilon", tmp_path_factory.mktemp("epsilon"))


def bar_box(group, which, height):
    """A box inside bar ``which`` (0 large, 1 small coordinate) of ``group`` (−1 L1, 1 L2)
    at ``height`` above the baseline (Manim units)."""
    x = group * S.GROUP_X + (which - 0.5) * S.BAR_GAP
    return scene_box(x, S.BASELINE_Y + height, 0.3, 0.05)


def test_video_and_captions(output):
    assert 45 <= video_duration(output.video) <= 120
    cues = output.captions.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(cues) >= 4
    names = [p.stem.split("_", 2)[2] for p in output.sections]
    assert names == ["vector", "shrink", "sweep", "near-zero"]


def test_bars_at_the_story_eps(output):
    frame = section(output, "sweep")  # the end of "shrink": ε = 0.1, δ = 0.05
    # Both L1 bars reach δ / (2δ − δ²) ≈ 51% of full height; the L2 bars 100% and ≈ 7.7%
    half_l1 = 0.25 * S.BAR_MAX_HEIGHT
    assert color_fraction(frame, L1_BAR, bar_box(-1, 0, half_l1)) > 0.8
    assert color_fraction(frame, L1_BAR, bar_box(-1, 1, half_l1)) > 0.8
    assert color_fraction(frame, L2_BAR, bar_box(1, 0, 0.9 * S.BAR_MAX_HEIGHT)) > 0.8
    assert color_fraction(frame, L2_BAR, bar_box(1, 1, 0.03 * S.BAR_MAX_HEIGHT)) > 0.5
    assert color_fraction(frame, L2_BAR, bar_box(1, 1, 0.5 * S.BAR_MAX_HEIGHT)) < 0.01


def test_bars_equal_at_eps_one(output):
    frame = section(output, "near-zero")  # the end of "sweep": ε = 1
    assert color_fraction(frame, L2_BAR, bar_box(1, 1, 0.9 * S.BAR_MAX_HEIGHT)) > 0.8


def test_last_frame_l2_gain_vanishes_l1_stays(output):
    frame = last_frame(output.video)  # ε = δ: the small bar is δ² / (2δ − δ²) ≈ 2.6% tall
    half_l1 = 0.25 * S.BAR_MAX_HEIGHT
    assert color_fraction(frame, L1_BAR, bar_box(-1, 1, half_l1)) > 0.8
    assert color_fraction(frame, L2_BAR, bar_box(1, 0, 0.9 * S.BAR_MAX_HEIGHT)) > 0.8
    assert color_fraction(frame, L2_BAR, bar_box(1, 1, 0.5 * S.BAR_MAX_HEIGHT)) < 0.01
    # The slider's marker sits at the bottom (the smallest ε of the sweep)
    marker = scene_box(-0.22, S.BASELINE_Y, 0.12)
    assert color_fraction(frame, COLORS.accent, marker) > 0.05


@pytest.mark.parametrize(
    "params, eps, delta",
    [({}, 0.1, 0.05), ({"eps": "0.5", "delta": "0.2"}, 0.5, 0.2)],
)
def test_displayed_numbers(params, eps, delta):
    scene = construct_scene(EpsilonScene, params)
    shown = dict(scene.displayed)
    assert len(shown) == len(scene.displayed)  # one key, one number
    assert (shown["eps"], shown["delta"]) == (eps, delta)
    # L1: δ either way, exactly (no 1 − (1 − δ) rounding)
    assert shown["l1_shrink_large"] == shown["l1_shrink_small"] == delta
    # Squared L2: 2δ − δ² for the large coordinate, 2εδ − δ² for the small one
    assert shown["l2sq_shrink_large"] == pytest.approx(2 * delta - delta**2, rel=1e-12)
    assert shown["l2sq_shrink_small"] == pytest.approx(2 * eps * delta - delta**2, rel=1e-12)
    # The sweep's ends: ε = 1 (equal gains) and the smallest ε, between δ and the story's ε
    assert shown["slider_eps_max"] == 1.0
    assert shown["slider_eps"] == eps
    eps_min = shown["slider_eps_min"]
    assert delta <= eps_min <= eps
    assert shown["l2sq_shrink_small_at_eps_max"] == pytest.approx(2 * delta - delta**2)
    assert shown["l2sq_shrink_small_at_eps_min"] == pytest.approx(
        2 * eps_min * delta - delta**2, rel=1e-12
    )

"""The steps scene: one low-quality render checked at its section boundaries and last frame,
and its numbers checked against the story's closed forms: L1 iterates w₀ − kηλ until
exactly 0, L2 iterates w₀(1 − ηλ)ᵏ, never 0."""

from __future__ import annotations

import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from scenetools import COLORS, color_fraction, numbers_on_screen, point_box
from whyl1.scenes.steps import StepsScene

pytestmark = pytest.mark.render

SCENE = StepsScene
W0, N = 5.0, 20  # the story's defaults (η = ½, λ = 1): L1 lands at step 10


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["rules", "steps", "landing", "zoom", "reason"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_l1_lands_on_zero_while_l2_is_still_above(output, scene):
    frame = output.section("landing")  # the markers have just reached step 10
    l1, l2 = scene.l1_panel, scene.l2_panel
    # L1's marker on w = 0 at step 10, in the zero colour; its trail in blue at step 5
    assert color_fraction(frame, COLORS.zero, point_box(l1.point(10, 0.0), 0.12)) > 0.1
    assert color_fraction(frame, COLORS.l1, point_box(l1.point(5, 2.5), 0.1)) > 0.05
    # L2's marker at 5/2¹⁰, vermillion and not the zero colour
    l2_marker = point_box(l2.point(10, W0 / 2**10), 0.12)
    assert color_fraction(frame, COLORS.l2, l2_marker) > 0.1
    assert color_fraction(frame, COLORS.zero, l2_marker) == 0.0


def test_l1_stays_at_zero_to_the_last_step(output, scene):
    frame = output.section("zoom")  # all N steps taken
    flat_run = point_box(scene.l1_panel.point(15, 0.0), 0.8, 0.05)  # steps 13..17 on w = 0
    assert color_fraction(frame, COLORS.zero, flat_run) > 0.3
    assert color_fraction(frame, COLORS.l2, point_box(scene.l2_panel.point(N, 0.0), 0.12)) > 0.1


def test_zoom_shows_l2_still_above_zero(output, scene):
    frame = output.section("reason")  # the zoom at its fullest
    l1, l2 = scene.zoom_panels
    first = N - StepsScene.ZOOM_STEPS
    edge = W0 * 0.5**first  # the zoomed w axis spans 0..w at its first step
    # L2's iterates halve across the zoom: the dot one step in sits at half height
    assert color_fraction(frame, COLORS.l2, point_box(l2.point(first + 1, edge / 2), 0.1)) > 0.2
    # ... while L1's iterates sit on w = 0 in the zero colour
    assert color_fraction(frame, COLORS.zero, point_box(l1.point(N - 1, 0.0), 0.1)) > 0.2


def test_last_frame_gradients(output, scene):
    frame = output.last_frame()
    l1, l2 = scene.gradient_axes  # both span [−w₀, w₀] on both axes
    # sign(w) = −1 at w = −2.5 (a branch no iterate dot covers), w itself at w = −2.5
    # (boxes a line's width tall: a 3 px line across them)
    assert color_fraction(frame, COLORS.l1, point_box(l1.c2p(-2.5, -1), 0.1, 0.05)) > 0.1
    assert color_fraction(frame, COLORS.l2, point_box(l2.c2p(-2.5, -2.5), 0.1, 0.05)) > 0.1
    # L1's last iterate: sign(0) = 0 at the origin, in the zero colour
    assert color_fraction(frame, COLORS.zero, point_box(l1.c2p(0, 0), 0.1)) > 0.1


@pytest.mark.parametrize(
    "params, w0, eta, lam, n, zero_step",
    [({}, 5.0, 0.5, 1.0, 20, 10), ({"w0": "3", "eta": "0.25"}, 3.0, 0.25, 1.0, 20, 12)],
)
def test_displayed_numbers(params, w0, eta, lam, n, zero_step):
    _, shown = numbers_on_screen(StepsScene, params)
    assert (shown["w0"], shown["eta"], shown["lam"]) == (w0, eta, lam)
    assert shown["l1_step_size"] == eta * lam
    assert shown["l2_factor"] == 1 - eta * lam
    for k in range(n + 1):  # every step has a readout (n is small)
        assert shown[f"step_{k}"] == k
        # w₀ − kηλ is exact in binary for these values, so equality is exact too
        assert shown[f"l1_{k}"] == max(w0 - k * eta * lam, 0.0)
        assert shown[f"l2_{k}"] == pytest.approx(w0 * (1 - eta * lam) ** k, rel=1e-12)
        assert shown[f"l2_{k}"] != 0.0
    assert shown[f"l1_{zero_step - 1}"] == eta * lam
    assert shown["l1_landed"] == shown["l1_last"] == 0.0
    assert shown["l1_zero_step"] == shown["l1_zero_since"] == zero_step
    assert shown["l2_last"] == pytest.approx(w0 * (1 - eta * lam) ** n, rel=1e-12)
    assert shown["l2_last_step"] == n
    # Axes: from w₀ to 0 over n steps; the zoom spans the last ZOOM_STEPS steps
    assert shown["l1_axis_edge"] == shown["l2_axis_edge"] == w0
    assert shown["l1_axis_zero"] == shown["l2_axis_zero"] == 0.0
    first = n - StepsScene.ZOOM_STEPS
    assert shown["l2_zoom_axis_first"] == shown["l1_zoom_axis_first"] == first
    assert shown["l2_zoom_axis_edge"] == pytest.approx(w0 * (1 - eta * lam) ** first, rel=1e-12)

"""The steps scene: one low-quality render checked at its section boundaries and last frame,
and its numbers checked against the closed forms of seed 000: L1 iterates w₀ − kηλ until
exactly 0, L2 iterates w₀(1 − ηλ)ᵏ, never 0."""

from __future__ import annotations

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
from whyl1.scenes.steps import StepsScene

from whyl1.theme import palette

pytestmark = pytest.mark.render

COLORS = palette("light")
S = StepsScene  # layout constants, so the boxes follow the scene's own coordinates
W0, ETA, N = 5.0, 0.5, 20  # the story's defaults (λ = 1): L1 lands at step 10
ZOOM_FIRST = N - S.ZOOM_STEPS


@pytest.fixture(scope="module")
def output(tmp_path_factory):
    return render("steps", tmp_path_factory.mktemp("steps"))


def run_point(side, step, w, first=0, w_edge=W0):
    """Scene coordinates of (step, w) on a panel whose axes span steps first..N and
    w 0..w_edge (the scene centres each panel's axes on (side·PANEL_X, PANEL_Y))."""
    x = side * S.PANEL_X + ((step - first) / (N - first) - 0.5) * S.PANEL_WIDTH
    y = S.PANEL_Y + (w / w_edge - 0.5) * S.PANEL_HEIGHT
    return x, y


def test_video_and_captions(output):
    assert 45 <= video_duration(output.video) <= 120
    cues = output.captions.read_text(encoding="utf-8").strip().split("\n\n")
    assert len(cues) >= 5
    assert [p.stem.split("_", 2)[2] for p in output.sections] == [
        "rules",
        "steps",
        "landing",
        "zoom",
        "reason",
    ]


def test_l1_lands_on_zero_while_l2_is_still_above(output):
    frame = section(output, "landing")  # the markers have just reached step 10
    # L1's marker on w = 0 at step 10, in the zero colour; its trail in blue at step 5
    assert color_fraction(frame, COLORS.zero, scene_box(*run_point(-1, 10, 0.0), 0.12)) > 0.1
    assert color_fraction(frame, COLORS.l1, scene_box(*run_point(-1, 5, 2.5), 0.1)) > 0.05
    # L2's marker at 5/2¹⁰, vermillion and not the zero colour
    l2_marker = scene_box(*run_point(1, 10, W0 / 2**10), 0.12)
    assert color_fraction(frame, COLORS.l2, l2_marker) > 0.1
    assert color_fraction(frame, COLORS.zero, l2_marker) == 0.0


def test_l1_stays_at_zero_to_the_last_step(output):
    frame = section(output, "zoom")  # all N steps taken
    flat_run = scene_box(*run_point(-1, 15, 0.0), 0.8, 0.05)  # steps 13..17 along w = 0
    assert color_fraction(frame, COLORS.zero, flat_run) > 0.3
    assert color_fraction(frame, COLORS.l2, scene_box(*run_point(1, N, 0.0), 0.12)) > 0.1


def test_zoom_shows_l2_still_above_zero(output):
    frame = section(output, "reason")  # the zoom at its fullest
    edge = W0 * 0.5**ZOOM_FIRST  # the zoomed w axis spans 0..w at its first step

    def zoom_point(side, step, w):
        return run_point(side, step, w, first=ZOOM_FIRST, w_edge=edge)

    # L2's iterates halve across the zoom: the dot one step in sits at half height
    half_way = scene_box(*zoom_point(1, ZOOM_FIRST + 1, edge / 2), 0.1)
    assert color_fraction(frame, COLORS.l2, half_way) > 0.2
    # ... while L1's iterates sit on w = 0 in the zero colour
    assert color_fraction(frame, COLORS.zero, scene_box(*zoom_point(-1, N - 1, 0.0), 0.1)) > 0.2


def test_last_frame_gradients(output):
    frame = last_frame(output.video)
    reach = W0  # the gradient panels span [−w₀, w₀] on both axes

    def gradient_point(side, w, g):
        return (
            side * S.PANEL_X + w / reach * S.PANEL_WIDTH / 2,
            S.PANEL_Y + g / reach * S.PANEL_HEIGHT / 2,
        )

    # sign(w) = −1 at w = −2.5 (a branch no iterate dot covers), w itself at w = −2.5
    assert color_fraction(frame, COLORS.l1, scene_box(*gradient_point(-1, -2.5, -1), 0.1)) > 0.1
    assert color_fraction(frame, COLORS.l2, scene_box(*gradient_point(1, -2.5, -2.5), 0.1)) > 0.1
    # L1's last iterate: sign(0) = 0 at the origin, in the zero colour
    assert color_fraction(frame, COLORS.zero, scene_box(*gradient_point(-1, 0, 0), 0.1)) > 0.1


@pytest.mark.parametrize(
    "params, w0, eta, lam, n, zero_step",
    [({}, 5.0, 0.5, 1.0, 20, 10), ({"w0": "3", "eta": "0.25"}, 3.0, 0.25, 1.0, 20, 12)],
)
def test_displayed_numbers(params, w0, eta, lam, n, zero_step):
    scene = construct_scene(StepsScene, params)
    shown = dict(scene.displayed)
    assert len(shown) == len(scene.displayed)  # one key, one number
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
    first = n - S.ZOOM_STEPS
    assert shown["l2_zoom_axis_first"] == shown["l1_zoom_axis_first"] == first
    assert shown["l2_zoom_axis_edge"] == pytest.approx(w0 * (1 - eta * lam) ** first, rel=1e-12)

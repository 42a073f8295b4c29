"""The oscillation scene: one low-quality render checked frame by frame (the loop, the landed
zero, the shrinking bounce), and its numbers checked against the updates iterated here in
plain Python floats, independently of whyl1.maths."""

from __future__ import annotations

import math

import numpy as np
import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from manim import UP
from scenetools import COLORS, color_fraction, numbers_on_screen, point_box, section_end
from whyl1.scenes.oscillation import OscillationScene

from whyl1.theme import number_text

pytestmark = pytest.mark.render

SCENE = OscillationScene
SWEEP_ETAS = (0.4, 0.2, 0.1, 0.05)  # oscillation_story's η sweep
SWEEP_STEPS = 400


def sign(w: float) -> float:
    return float((w > 0) - (w < 0))


def iterate(update, w0: float, n: int) -> list[float]:
    out = [w0]
    for _ in range(n):
        out.append(update(out[-1]))
    return out


def plain_steps(w0, eta, lam, n):
    """w ← w − ηλ·sign(w), the plain subgradient step (the story's rule)."""
    return iterate(lambda w: w - eta * (lam * sign(w)), w0, n)


def clamped_steps(w0, eta, lam, n):
    """The plain step, but one that would cross 0 stops on it (seed 003)."""

    def update(w):
        stepped = w - eta * (lam * sign(w))
        return 0.0 if stepped * w < 0 else stepped

    return iterate(update, w0, n)


def prox_steps(w0, eta, lam, n):
    """Soft-thresholding S(w) = sign(w)·max(|w| − ηλ, 0) (ISTA's answer)."""
    return iterate(lambda w: sign(w) * max(abs(w) - eta * lam, 0.0), w0, n)


def data_steps(w0, eta, lam, a, c, n):
    """w ← w − η(a(w − c) + λ·sign(w)); none of these runs ever hits 0 exactly."""

    def update(w):
        assert w != 0.0
        return w - eta * (a * (w - c) + lam * sign(w))

    return iterate(update, w0, n)


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["rule", "approach", "loop", "clamp", "prox", "data-loss"])


def test_narration(output, scene):
    output.assert_narration(scene)


def loop_boxes(line, high=0.1, low=-0.4):
    """Boxes on the two arcs of the loop, midway between its ends (the default story), on
    the zoomed number line ``line``."""
    a, b = line.n2p(high), line.n2p(low)
    chord = abs(a[0] - b[0])
    angle = OscillationScene.HOP_ANGLE
    sagitta = chord / (2 * math.sin(angle / 2)) * (1 - math.cos(angle / 2))
    return [point_box((a + b) / 2 + side * sagitta * UP, 0.3, 0.12) for side in (1, -1)]


def test_the_loop_is_drawn(output, scene):
    frame = output.section("clamp")  # the end of "loop": both arcs drawn in the L1 colour
    (line,) = section_end(scene, "loop").plots
    for box in loop_boxes(line):
        assert color_fraction(frame, COLORS.l1, box) > 0.01  # a 2–3 px arc across the box
    # and nothing but the line between the arcs, half way up in the loop's middle
    between = point_box((line.n2p(0.1) + line.n2p(-0.4)) / 2 + 0.45 * UP, 0.3, 0.1)
    assert color_fraction(frame, COLORS.l1, between) < 0.01


@pytest.mark.parametrize("name", ["prox", "data-loss"])
def test_landed_on_zero(output, scene, name):
    frame = output.section(name)  # the ends of "clamp" and "prox": a marker on 0
    (line,) = section_end(scene, "loop").plots
    assert color_fraction(frame, COLORS.zero, point_box(line.n2p(0.0), 0.08)) > 0.5


def test_last_frame_bounce_shrinks_with_eta(output, scene):
    frame = output.last_frame()
    rows = section_end(scene, "data-loss").plots  # one small plot per η, top to bottom

    def off_centre(plot):  # L1 pixels well away from the row's zero line, above and below it
        reach = plot.height / 2
        return sum(
            color_fraction(
                frame,
                COLORS.l1,
                point_box(
                    plot.get_center() + side * 0.55 * reach * UP, plot.width / 2, 0.25 * reach
                ),
            )
            for side in (1, -1)
        )

    assert off_centre(rows[0]) > 0.005  # η = 0.4: the zigzag reaches far from 0
    assert off_centre(rows[3]) < 0.0005  # η = 0.05: it hugs 0


@pytest.mark.parametrize(
    "params, w0, eta, loop",
    [({}, 5.1, 0.5, ("0.1", "−0.4")), ({"w0": "2.3", "eta": "0.4"}, 2.3, 0.4, ("0.3", "−0.1"))],
)
def test_displayed_numbers(params, w0, eta, loop):
    lam, n, a, c = 1.0, 20, 1.0, 0.3  # the catalogue's other defaults
    _, shown = numbers_on_screen(OscillationScene, params)
    assert (shown["w0"], shown["eta"], shown["lam"]) == (w0, eta, lam)
    assert shown["step_size"] == eta * lam

    # The plain walk: every shown step is the independently iterated one
    plain = plain_steps(w0, eta, lam, n)
    steps = [int(key.rsplit("_", 1)[1]) for key in shown if key.startswith("subgradient_w_")]
    for k in steps:
        assert shown[f"subgradient_step_{k}"] == k
        assert shown[f"subgradient_w_{k}"] == plain[k]
    assert shown["axis_w0"] == w0 and shown["axis_zero"] == shown["zoom_zero"] == 0.0

    # The loop: from the last iterate before 0, over it and back, still there at step n
    turn = next(k for k in range(n) if plain[k] * plain[k + 1] < 0)
    assert (shown["loop_0"], shown["loop_1"]) == (plain[turn], plain[turn + 1])
    assert plain[turn + 2] == plain[turn]  # a true loop in floating point
    assert (number_text(shown["loop_0"]), number_text(shown["loop_1"])) == loop
    assert steps[-1] == n and shown[f"subgradient_w_{n}"] == plain[n] != 0.0
    assert {turn + 1, turn + 2, turn + 3, turn + 4} <= set(steps)

    # The cures land on exactly 0 at the step the plain one overshoots, and stay
    for method, iterates in (
        ("clamp", clamped_steps(w0, eta, lam, n)),
        ("prox", prox_steps(w0, eta, lam, n)),
    ):
        assert iterates[turn + 1] == iterates[n] == 0.0
        assert shown[f"{method}_step_{turn + 1}"] == turn + 1
        assert shown[f"{method}_w_{turn + 1}"] == 0.0
        assert shown[f"{method}_w_{n}"] == 0.0
    assert (shown["threshold_low"], shown["threshold_high"]) == (-eta * lam, eta * lam)

    # With the data loss ½a(w − c)², |ac| ≤ λ: the optimum is 0, and the late bounce
    # (peak to peak over the last 20 of 400 steps) is proportional to η
    assert (shown["data_curvature"], shown["data_center"], shown["optimum"]) == (a, c, 0.0)
    assert shown["sweep_steps"] == SWEEP_STEPS
    ratios = []
    for index, sweep_eta in enumerate(SWEEP_ETAS):
        tail = data_steps(w0, sweep_eta, lam, a, c, SWEEP_STEPS)[-20:]
        width = max(tail) - min(tail)
        assert shown[f"sweep_eta_{index}"] == sweep_eta
        assert shown[f"sweep_amplitude_{index}"] == pytest.approx(width, rel=1e-12)
        assert shown[f"sweep_ratio_{index}"] == pytest.approx(width / sweep_eta, rel=1e-12)
        ratios.append(width / sweep_eta)
    assert np.ptp(ratios) < 0.05 * np.mean(ratios)  # shrinking in proportion to η

"""The data plotted in the update-rule figures (steps, oscillation), read back from the
matplotlib artists and checked against the stories' update rules iterated here in plain
Python, exactly (``fractions.Fraction``) where the iterates are dyadic, independently of
whyl1.maths. No pixels involved.

Each story is drawn with its defaults and with one moved parameter set, so a figure that
hard-coded a default number (step 10, 0.1 and −0.4 …) would fail the moved case.
"""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from figuretools import Drawn, fixture_for, legend_texts, one, xy

from whyl1.theme import number_text

# ---------------------------------------------------------------------------
# steps: the update rules the story states in plain Python, exactly (Fraction) for L1
# ---------------------------------------------------------------------------

steps = fixture_for("steps", [{}, {"w0": "3", "eta": "0.25"}])


def l1_penalty_steps(w0: float, eta: float, lam: float, n: int) -> list[Fraction]:
    """``w ← w − ηλ·sign(w)`` in exact arithmetic; sign(0) = 0, so a weight at 0 stays."""
    w, step, out = Fraction(w0), Fraction(eta) * Fraction(lam), []
    for _ in range(n + 1):
        out.append(w)
        w -= step * ((w > 0) - (w < 0))
    return out


def test_steps_l1_iterates_land_on_exactly_zero(steps: Drawn) -> None:
    fig, _, v = steps
    expected = l1_penalty_steps(v["w0"], v["eta"], v["lam"], v["n"])
    k, w = xy(one(fig, "l1")).T
    np.testing.assert_array_equal(k, np.arange(v["n"] + 1))
    # Dyadic w0 and ηλ: every iterate is exact in floating point, so equality, not approx
    assert [Fraction(x) for x in w] == expected
    zero_step = math.ceil(abs(v["w0"]) / (v["eta"] * v["lam"]))
    assert expected.index(0) == zero_step  # 10 for w = 5, η = ½
    assert np.all(w[zero_step:] == 0.0) and np.all(w[:zero_step] != 0.0)
    np.testing.assert_array_equal(xy(one(fig, "l1-zero")), [[zero_step, 0.0]])
    assert f"exactly 0 at step {zero_step}" in legend_texts(fig)
    drop = one(fig, "l1-drop")
    assert drop.xy == (zero_step, 0.0)  # the arrow ends at the zero step, at the axis bottom
    assert drop.xyann == (zero_step - 1, float(expected[zero_step - 1]))


def test_steps_l2_iterates_shrink_geometrically(steps: Drawn) -> None:
    """L2 penalty ½λw², gradient λw: ``w ← w − ηλw = (1 − ηλ)w``, never 0 for ηλ < 1."""
    fig, _, v = steps
    w, factor, expected = v["w0"], 1.0 - v["eta"] * v["lam"], []
    for _ in range(v["n"] + 1):
        expected.append(w)
        w *= factor
    k, got = xy(one(fig, "l2")).T
    np.testing.assert_array_equal(k, np.arange(v["n"] + 1))
    np.testing.assert_allclose(got, expected, rtol=1e-13)
    assert np.all(got != 0.0)


def test_steps_log_panel(steps: Drawn) -> None:
    """On the log axis every plotted value is > 0: all of L2, L1 only before its zero."""
    fig, _, v = steps
    zero_step = math.ceil(abs(v["w0"]) / (v["eta"] * v["lam"]))
    l2_k, l2 = xy(one(fig, "l2-log")).T
    l1_k, l1 = xy(one(fig, "l1-log")).T
    assert np.all(l2 > 0) and np.all(l1 > 0)
    np.testing.assert_array_equal(l2_k, np.arange(v["n"] + 1))
    np.testing.assert_array_equal(l1_k, np.arange(zero_step))
    np.testing.assert_array_equal(l1, np.abs(xy(one(fig, "l1"))[:zero_step, 1]))
    np.testing.assert_array_equal(l2, np.abs(xy(one(fig, "l2"))[:, 1]))
    assert fig.axes[1].get_yscale() == "log"


def test_steps_alt_text(steps: Drawn) -> None:
    _, alt, v = steps
    zero_step = math.ceil(abs(v["w0"]) / (v["eta"] * v["lam"]))
    step = number_text(v["eta"] * v["lam"])
    last = number_text(v["w0"] * (1 - v["eta"] * v["lam"]) ** v["n"])
    assert f"from w = {number_text(v['w0'])} with ηλ = {step}" in alt
    assert f"moves by {step} each step and reaches exactly 0 at step {zero_step}" in alt
    assert f"multiplies w by {number_text(1 - v['eta'] * v['lam'])} each step" in alt
    assert f"still at {last} after {v['n']} steps" in alt
    assert f"drops off the scale at step {zero_step}" in alt
    if v["w0"] == 5.0:  # the story's own numbers, as the README's stories state them
        assert "reaches exactly 0 at step 10" in alt and "still at 4.76837×10⁻⁶" in alt


# ---------------------------------------------------------------------------
# oscillation: plain, clamped and proximal iterates in plain Python
# ---------------------------------------------------------------------------

oscillation = fixture_for("oscillation", [{}, {"w0": "-2.3", "eta": "0.4", "n": "16"}])


def sign(x: float | Fraction) -> int:
    """−1, 0 or +1, as an int so it keeps a Fraction exact."""
    return int(x > 0) - int(x < 0)


def penalty_iterates(w0: float, eta: float, lam: float, n: int, rule: str) -> list[float]:
    """``n`` L1 penalty-only steps: ``plain`` w − ηλ·sign(w); ``clamp`` the same but a step
    that would cross 0 stops at 0 (seed 003); ``prox`` sign(w)·max(|w| − ηλ, 0) (ISTA)."""
    w, out = w0, [w0]
    for _ in range(n):
        if rule == "prox":
            w = sign(w) * max(abs(w) - eta * lam, 0.0)
        else:
            stepped = w - eta * lam * sign(w)
            w = 0.0 if rule == "clamp" and sign(stepped) * sign(w) < 0 else stepped
        out.append(w)
    return out


def test_oscillation_plain_step_bounces(oscillation: Drawn) -> None:
    """From 5.1 with ηλ = ½: 0.1 at step 10, then −0.4, 0.1, −0.4 … (exact decimals via
    Fraction; the floats agree to rounding)."""
    fig, alt, v = oscillation
    k, plain = xy(one(fig, "subgradient")).T
    np.testing.assert_array_equal(k, np.arange(v["n"] + 1))
    expected = penalty_iterates(v["w0"], v["eta"], v["lam"], v["n"], "plain")
    np.testing.assert_allclose(plain, expected, rtol=0, atol=1e-12)
    step = Fraction(str(v["eta"])) * Fraction(str(v["lam"]))
    w0 = Fraction(str(v["w0"]))
    reach = math.ceil(abs(w0) / step) - 1  # last step before crossing 0
    near = w0 - reach * step * sign(v["w0"])
    far = near - step * sign(v["w0"])
    for i in range(reach, v["n"] + 1):
        assert plain[i] == pytest.approx(float(near if (i - reach) % 2 == 0 else far), abs=1e-12)
    assert np.all(plain != 0.0)  # never lands on 0
    if v["w0"] == 5.1:
        assert reach == 10 and (near, far) == (Fraction(1, 10), Fraction(-2, 5))
    bounce = plain[-2:]  # in the order the module names them
    assert f"bounces between {number_text(bounce[0])} and {number_text(bounce[1])}" in alt
    labels = sorted(t.get_text() for t in fig.axes[0].texts)
    assert labels == sorted(number_text(x) for x in plain[-2:])
    assert f"reaches {number_text(float(near))} and then" in alt


def test_oscillation_clamp_and_prox_land_and_stay(oscillation: Drawn) -> None:
    fig, alt, v = oscillation
    step = Fraction(str(v["eta"])) * Fraction(str(v["lam"]))
    landing = math.ceil(abs(Fraction(str(v["w0"]))) / step)  # 11 from 5.1: 0.1, then 0
    for gid in ("clamp", "prox"):
        k, got = xy(one(fig, gid)).T
        np.testing.assert_array_equal(k, np.arange(v["n"] + 1))
        expected = penalty_iterates(v["w0"], v["eta"], v["lam"], v["n"], gid)
        np.testing.assert_allclose(got, expected, rtol=0, atol=1e-12)
        assert np.all(got[landing:] == 0.0) and np.all(got[:landing] != 0.0), gid
    np.testing.assert_array_equal(xy(one(fig, "zero")), [[landing, 0.0]])
    assert f"land on exactly 0 at step {landing}" in alt
    assert f"exactly 0 at step {landing}" in legend_texts(fig)


def test_oscillation_bounce_with_data_is_proportional_to_eta(oscillation: Drawn) -> None:
    """With the data loss ½a(w − c)² (|ac| ≤ λ, so the optimum is 0): 400 plain steps per η;
    the late bounce is the peak-to-peak range of the last 20 iterates. Smaller η, smaller
    bounce, in proportion, but never 0 (the story's claim)."""
    fig, alt, v = oscillation
    a, c, lam = v["data_curvature"], v["data_center"], v["lam"]
    etas, amplitudes = xy(one(fig, "amplitudes")).T
    for eta, got in zip(etas.tolist(), amplitudes, strict=True):
        w, iterates = v["w0"], [v["w0"]]
        for _ in range(400):
            g = a * (w - c)
            # at 0 the minimum-norm subgradient: 0 stays 0 when |L'(0)| ≤ λ
            w = w - eta * (0.0 if w == 0 and abs(g) <= lam else g + lam * sign(w))
            iterates.append(w)
        tail = iterates[-20:]
        assert got == pytest.approx(max(tail) - min(tail), rel=1e-9), eta
        assert got > 0
    # Proportional: amplitude/η varies little, and the guide runs from 0 through the largest
    ratios = amplitudes / etas
    assert ratios.max() / ratios.min() < 1.25
    largest = int(np.argmax(etas))
    np.testing.assert_array_equal(
        xy(one(fig, "proportional")), [[0, 0], [etas[largest], amplitudes[largest]]]
    )
    for eta, amp in zip(etas, amplitudes, strict=True):
        assert f"{number_text(amp, 3)} at η = {number_text(eta)}" in alt

"""maths' update rules (subgradient, clamp, prox, L2) against closed forms, loops and scipy."""

from __future__ import annotations

import math

import numpy as np
import pytest
from hypothesis import assume, example, given, settings
from hypothesis import strategies as st
from scipy.optimize import minimize_scalar

from whyl1 import maths, stories

PROPERTY = settings(max_examples=150, deadline=None, derandomize=True)

finite = st.floats(-50.0, 50.0, allow_nan=False, allow_infinity=False)
positive = st.floats(1e-3, 5.0)


# --- the `steps` story: w = 5, η = ½, λ = 1 -------------------------------------------------


def test_l1_steps_from_5_walk_down_by_eta_lambda_and_land_on_exact_zero_at_step_10():
    iterates = maths.l1_subgradient_steps(5.0, 0.5, 1.0, 20)
    expected = [max(5.0 - 0.5 * k, 0.0) for k in range(21)]  # 5, 4.5, …, 0.5, 0, 0, …
    assert iterates.tolist() == expected  # every value a multiple of ½: exact in binary
    assert iterates[10] == 0.0 and iterates[9] == 0.5
    assert maths.first_exact_zero(iterates) == 10


def test_l2_steps_from_5_halve_exactly_and_never_reach_zero():
    iterates = maths.l2_steps(5.0, 0.5, 1.0, 20)
    assert iterates.tolist() == [5.0 * 0.5**k for k in range(21)]  # powers of 2: exact
    assert maths.first_exact_zero(iterates) is None
    assert np.all(iterates > 0)


@pytest.mark.parametrize(
    ("w0", "eta", "lam", "n"), [(5.0, 0.5, 1.0, 9), (-3.0, 0.1, 2.0, 14), (7.25, 0.25, 0.5, 50)]
)
def test_l1_steps_follow_w0_minus_k_eta_lambda_until_zero(w0, eta, lam, n):
    iterates = maths.l1_subgradient_steps(w0, eta, lam, n)
    for k, value in enumerate(iterates):
        exact = math.copysign(max(abs(w0) - k * eta * lam, 0.0), w0)
        # Until |w| < ηλ the plain step equals the closed form up to k roundings.
        if abs(w0) - k * eta * lam > -1e-9:
            assert value == pytest.approx(exact, abs=1e-12 * (k + 1) * abs(w0))


@pytest.mark.parametrize(
    ("w0", "eta", "lam"), [(5.0, 0.5, 1.0), (-2.0, 0.3, 0.7), (1e-3, 0.9, 1.0)]
)
def test_l2_steps_follow_w0_times_one_minus_eta_lambda_to_the_k(w0, eta, lam):
    iterates = maths.l2_steps(w0, eta, lam, 40)
    expected = w0 * (1.0 - eta * lam) ** np.arange(41)
    np.testing.assert_allclose(iterates, expected, rtol=1e-13, atol=0)


def test_steps_story_reports_the_zero_step_and_the_halving_factor():
    story = stories.get("steps").compute()
    assert story.l1_zero_step == 10
    assert story.l2_zero_step is None
    assert story.l1_step_size == 0.5 and story.l2_factor == 0.5
    assert story.l2_last == 5.0 / 2**20


# --- the `oscillation` story: 5.1 ------------------------------------------------------------


def test_subgradient_from_5_1_reaches_0_1_then_bounces_between_0_1_and_minus_0_4():
    iterates = maths.l1_subgradient_steps(5.1, 0.5, 1.0, 30)
    np.testing.assert_allclose(iterates[:11], 5.1 - 0.5 * np.arange(11), atol=1e-13)
    tail = iterates[10:]
    np.testing.assert_allclose(tail[0::2], 0.1, atol=1e-13)
    np.testing.assert_allclose(tail[1::2], -0.4, atol=1e-13)
    assert maths.first_exact_zero(iterates) is None
    assert maths.bounce_amplitude(iterates) == pytest.approx(0.5, abs=1e-13)


@pytest.mark.parametrize("method", [maths.l1_clamped_steps, maths.l1_proximal_steps])
def test_clamp_and_prox_from_5_1_land_on_exact_zero_at_step_11_and_stay(method):
    iterates = method(5.1, 0.5, 1.0, 30)
    np.testing.assert_allclose(iterates[:11], 5.1 - 0.5 * np.arange(11), atol=1e-13)
    assert maths.first_exact_zero(iterates) == 11
    assert np.all(iterates[11:] == 0.0)


def test_oscillation_story_bounce_shrinks_in_proportion_to_eta():
    story = stories.get("oscillation").compute()
    data = story.with_data
    # Data loss ½(w − 0.3)² with λ = 1: |L'(0)| = 0.3 ≤ 1, so the optimum is exactly 0 …
    assert data.optimum == 0.0
    # … and the late bounce straddles 0 with a width of η·(λ − 0.3) + η·(λ + 0.3) = 2ηλ
    # up to O(η²): amplitude/η → 2λ = 2 as η shrinks.
    np.testing.assert_allclose(data.amplitude_per_eta, 2.0, rtol=0.25)
    assert np.all(np.diff(data.amplitudes) < 0)


# --- with a quadratic data loss: against plain-Python loops -----------------------------------


def loop_subgradient(w, eta, lam, n, a, c, clamp=False):
    """w ← w − η(a(w − c) + λ·sign(w)); at 0 the minimum-norm subgradient; optional clamp."""
    out = [w]
    for _ in range(n):
        g = a * (w - c)
        if w > 0:
            direction = g + lam
        elif w < 0:
            direction = g - lam
        else:  # 0 is kept iff |L'(0)| ≤ λ; otherwise step with the smallest subgradient
            direction = 0.0 if abs(g) <= lam else g - math.copysign(lam, g)
        stepped = w - eta * direction
        # Signs, not stepped·w < 0: the product of two tiny weights underflows to −0.0.
        crosses = stepped < 0 < w or w < 0 < stepped
        w = 0.0 if clamp and crosses else stepped
        out.append(w)
    return out


def loop_prox(w, eta, lam, n, a, c):
    out = [w]
    for _ in range(n):
        z = w - eta * a * (w - c)
        w = 0.0 if abs(z) <= eta * lam else z - math.copysign(eta * lam, z)
        out.append(w)
    return out


def loop_l2(w, eta, lam, n, a, c):
    out = [w]
    for _ in range(n):
        w = w - eta * (a * (w - c) + lam * w)
        out.append(w)
    return out


data_cases = st.tuples(
    st.floats(-5.0, 5.0),
    st.floats(0.01, 1.0),
    st.floats(0.01, 2.0),
    st.floats(0.0, 2.0),
    st.floats(-3.0, 3.0),
)


@PROPERTY
@given(data_cases)
# At w = 0 with |L'(0)| ≤ λ the weight must stay at 0. Writing the minimum-norm subgradient
# as g + λ·clip(−g/λ, −1, 1) left a rounding residue that pushed it off: 4.9e-324 for
# this subnormal curvature (found by hypothesis), −5.6e-17 for the ordinary second one.
@example((0.0, 1.0, 1.625, 2.2e-309, 2.0))
@example((0.0, 0.5, 1.49, 1.0, 0.43))
def test_updates_with_quadratic_data_loss_match_plain_python_loops(case):
    w0, eta, lam, a, c = case
    loss, n = maths.QuadraticDataLoss(a, c), 40
    pairs = [
        (
            maths.l1_subgradient_steps(w0, eta, lam, n, loss),
            loop_subgradient(w0, eta, lam, n, a, c),
        ),
        (
            maths.l1_clamped_steps(w0, eta, lam, n, loss),
            loop_subgradient(w0, eta, lam, n, a, c, clamp=True),
        ),
        (maths.l1_proximal_steps(w0, eta, lam, n, loss), loop_prox(w0, eta, lam, n, a, c)),
        (maths.l2_steps(w0, eta, lam, n, loss), loop_l2(w0, eta, lam, n, a, c)),
    ]
    for got, expected in pairs:
        # Same operations in a different order: a few ulps per step at most, and exact
        # zeros must be exact in both (the loops produce 0.0 only by the rules above).
        np.testing.assert_allclose(got, expected, rtol=1e-9, atol=1e-12)


def test_prox_with_data_loss_converges_to_soft_threshold_of_the_data_optimum():
    # ½a(w − c)² + λ|w| is minimised at S_{λ/a}(c); a = 1, c = 1.7, λ = 0.5 → 1.2.
    loss = maths.QuadraticDataLoss(1.0, 1.7)
    iterates = maths.l1_proximal_steps(-4.0, 0.5, 0.5, 200, loss)
    assert iterates[-1] == pytest.approx(1.2, abs=1e-12)
    iterates = maths.l1_proximal_steps(4.0, 0.5, 2.0, 200, loss)  # |c| ≤ λ/a: exact 0
    assert iterates[-1] == 0.0


# --- properties ------------------------------------------------------------------------------


@PROPERTY
@given(finite, positive, positive)
def test_prox_step_never_crosses_zero_and_zero_is_absorbing(w0, eta, lam):
    iterates = maths.l1_proximal_steps(w0, eta, lam, 30)
    signs = np.sign(iterates)
    assert np.all((signs[1:] == signs[:-1]) | (signs[1:] == 0))
    zero = maths.first_exact_zero(iterates)
    if zero is not None:
        assert np.all(iterates[zero:] == 0.0)
        assert zero == math.ceil(abs(w0) / (eta * lam) - 1e-9) or abs(w0) <= eta * lam * 1.001


@PROPERTY
@given(finite, positive, positive)
def test_clamp_equals_prox_for_the_penalty_alone(w0, eta, lam):
    clamped = maths.l1_clamped_steps(w0, eta, lam, 30)
    prox = maths.l1_proximal_steps(w0, eta, lam, 30)
    np.testing.assert_array_equal(clamped, prox)


@PROPERTY
@given(
    st.floats(1e-100, 1e100),
    st.booleans(),
    st.floats(1e-3, 2.0),
    st.floats(1e-3, 0.999),
)
def test_l2_iterates_are_never_exactly_zero_when_eta_lambda_is_below_one(size, negative, eta, r):
    w0, lam, n = -size if negative else size, r / eta, 50
    # Stay in the floats' normal range: |w0|·(1 − ηλ)^n above the smallest normal.
    assume(size * (1.0 - eta * lam) ** n > np.finfo(float).tiny * 1e3)
    iterates = maths.l2_steps(w0, eta, lam, n)
    assert maths.first_exact_zero(iterates) is None
    assert np.all(np.sign(iterates) == np.sign(w0))


def test_clamp_stops_a_crossing_step_even_when_w_times_step_underflows():
    # From 1e-200 a step of 2e-200 would land on −1e-200; the product of the two underflows.
    assert maths.l1_clamped_steps(1e-200, 1e-100, 2e-100, 2).tolist() == [1e-200, 0.0, 0.0]


def test_l2_step_with_eta_lambda_exactly_one_hits_zero_in_one_step():
    assert maths.l2_steps(3.0, 0.5, 2.0, 3).tolist() == [3.0, 0.0, 0.0, 0.0]


@PROPERTY
@given(st.floats(-10.0, 10.0), st.floats(0.0, 5.0))
def test_soft_threshold_minimises_half_square_plus_gamma_abs(x, gamma):
    def objective(w):
        return 0.5 * (w - x) ** 2 + gamma * abs(w)

    reference = minimize_scalar(
        objective, bounds=(-12.0, 12.0), method="bounded", options={"xatol": 1e-11}
    )
    got = float(maths.soft_threshold(x, gamma))
    assert objective(got) <= objective(reference.x) + 1e-13
    # 1-strongly convex: f(ref) − f(got) ≥ ½(ref − got)², so the points agree too.
    assert got == pytest.approx(reference.x, abs=1e-6)
    if abs(x) <= gamma:
        assert got == 0.0


def test_soft_threshold_closed_form_on_a_grid_with_exact_zeros_on_the_interval():
    x = np.linspace(-3.0, 3.0, 601)
    expected = np.where(x > 1.0, x - 1.0, np.where(x < -1.0, x + 1.0, 0.0))
    np.testing.assert_array_equal(maths.soft_threshold(x, 1.0), expected)
    assert np.all(maths.soft_threshold(x[np.abs(x) <= 1.0], 1.0) == 0.0)


def test_first_exact_zero_uses_no_tolerance():
    assert maths.first_exact_zero([1.0, 1e-300, 5e-324, 0.0, 0.0]) == 3
    assert maths.first_exact_zero([2.0, -0.0]) == 1
    assert maths.first_exact_zero([1.0, 1e-300]) is None
    assert maths.first_exact_zero([]) is None


def test_oscillation_story_reports_clamp_and_prox_landing_on_zero_at_step_11():
    story = stories.get("oscillation").compute()
    assert story.clamp_zero_step == story.prox_zero_step == 11
    assert maths.first_exact_zero(story.subgradient) is None
    assert story.step_size == 0.5

"""The data plotted in the penalty figures (penalties, epsilon, kink, lp-balls), read back from
the matplotlib artists and checked against oracles computed here, independently of
whyl1.maths: closed forms, exact ``fractions.Fraction`` arithmetic,
``scipy.optimize.minimize_scalar`` and the balls' defining equations. No pixels involved.

Each story is drawn with its defaults and with one moved parameter set, so a figure that
hard-coded a default number (0.0975 and 0.0075, β = 1 …) would fail the moved case.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable
from fractions import Fraction
from typing import Any

import numpy as np
import pytest
from figuretools import Drawn, by_gid, fixture_for, legend_texts, one, span_x, xy
from scipy import optimize

from whyl1.theme import number_text

# ---------------------------------------------------------------------------
# penalties: |w|, ½w² and their (sub)gradients as closed forms on the plotted grid
# ---------------------------------------------------------------------------

penalties = fixture_for("penalties", [{}, {"w_max": "3", "points": "61"}])


def test_penalties_curves_are_the_closed_forms(penalties: Drawn) -> None:
    """The stories' convention (README): L1 is |w|, L2 is ½w² (gradient w), on the grid ±w_max."""
    fig, alt, v = penalties
    w, l1 = xy(one(fig, "l1")).T
    np.testing.assert_allclose(w, np.linspace(-v["w_max"], v["w_max"], v["points"]), rtol=1e-15)
    assert np.all(l1 == np.abs(w))
    for gid, expected in (("l2", 0.5 * w * w), ("square", w * w), ("l2-gradient", w)):
        x, y = xy(one(fig, gid)).T
        np.testing.assert_array_equal(x, w)
        np.testing.assert_allclose(y, expected, rtol=1e-15, atol=0)
    # sign(w): −1 on every plotted w < 0, +1 on every w > 0, and the whole [−1, 1] at 0
    left, right = (xy(line) for line in by_gid(fig, "l1-gradient"))
    assert np.all(left[:, 0] < 0) and np.all(left[:, 1] == -1.0)
    assert np.all(right[:, 0] > 0) and np.all(right[:, 1] == 1.0)
    assert len(left) + len(right) == np.count_nonzero(w)
    np.testing.assert_array_equal(xy(one(fig, "l1-subdifferential")), [[0, -1], [0, 1]])
    w_max = number_text(v["w_max"])
    assert f"over w from −{w_max} to {w_max}" in alt


def test_penalties_small_weight_region(penalties: Drawn) -> None:
    """The shaded band is exactly where |w| > w²: 0 < |w| < 1 (seed 001), whatever w_max."""
    fig, alt, _ = penalties
    assert span_x(one(fig, "small-weight-region")) == (-1.0, 1.0)
    w = xy(one(fig, "l1"))[:, 0]
    inside = (np.abs(w) < 1) & (w != 0)
    assert np.all(np.abs(w[inside]) > w[inside] ** 2)
    assert not np.any(np.abs(w[~inside]) > w[~inside] ** 2)
    assert "|w| > w² for −1 < w < 1" in alt
    assert "$|w| > w^2$" in legend_texts(fig)


# ---------------------------------------------------------------------------
# epsilon: the four reductions of (1, ε) by δ in exact rational arithmetic
# ---------------------------------------------------------------------------

epsilon = fixture_for("epsilon", [{}, {"eps": "0.3", "delta": "0.02"}])


def reductions(eps: float, delta: float) -> dict[str, Fraction]:
    """‖x‖ − ‖x − d‖ for x = (1, ε) and d = (δ, 0) or (0, δ), from the definitions
    (Fractions of the exact float inputs, so nothing is rounded)."""
    e, d = Fraction(eps), Fraction(delta)

    def l1(x: tuple[Fraction, Fraction]) -> Fraction:
        return abs(x[0]) + abs(x[1])

    def l2sq(x: tuple[Fraction, Fraction]) -> Fraction:
        return x[0] ** 2 + x[1] ** 2

    x, large, small = (Fraction(1), e), (1 - d, e), (Fraction(1), e - d)
    return {
        "l1_shrink_large": l1(x) - l1(large),
        "l1_shrink_small": l1(x) - l1(small),
        "l2sq_shrink_large": l2sq(x) - l2sq(large),
        "l2sq_shrink_small": l2sq(x) - l2sq(small),
    }


def test_epsilon_bars(epsilon: Drawn) -> None:
    fig, alt, v = epsilon
    exact = reductions(v["eps"], v["delta"])
    d, e = Fraction(v["delta"]), Fraction(v["eps"])
    assert exact["l1_shrink_large"] == exact["l1_shrink_small"] == d
    assert exact["l2sq_shrink_large"] == 2 * d - d * d
    assert exact["l2sq_shrink_small"] == 2 * e * d - d * d
    bar_texts = {t.get_text() for t in fig.axes[0].texts}
    for key, value in exact.items():
        bar = one(fig, f"bar-{key}")
        assert bar.get_height() == pytest.approx(float(value), rel=1e-14)
        assert number_text(float(value), 4) in bar_texts
    assert f"falls by {number_text(float(d))} whichever coordinate shrinks" in alt
    assert f"falls by {number_text(float(exact['l2sq_shrink_large']))} (2δ − δ²)" in alt
    assert f"only {number_text(float(exact['l2sq_shrink_small']))} (2εδ − δ²)" in alt
    if v["eps"] == 0.1:  # the story's own example: 0.0975 against 0.0075
        assert "0.0975" in bar_texts and "0.0075" in bar_texts


def test_epsilon_curves_over_eps(epsilon: Drawn) -> None:
    """The sweep runs ε geometrically from max(δ, 10⁻³) to 1; every point is the exact
    reduction at that ε, and the story's ε is dotted on all four curves."""
    fig, alt, v = epsilon
    eps_grid = xy(one(fig, "l1_shrink_large"))[:, 0]
    assert eps_grid[0] == pytest.approx(max(v["delta"], 1e-3), rel=1e-14)
    assert eps_grid[-1] == pytest.approx(1.0, rel=1e-14)
    ratios = eps_grid[1:] / eps_grid[:-1]
    np.testing.assert_allclose(ratios, ratios[0], rtol=1e-12)
    exact = [reductions(float(e), v["delta"]) for e in eps_grid]
    for key in exact[0]:
        x, y = xy(one(fig, key)).T
        np.testing.assert_array_equal(x, eps_grid)
        np.testing.assert_allclose(y, [float(r[key]) for r in exact], rtol=1e-13)
    at_story = reductions(v["eps"], v["delta"])
    dots = xy(one(fig, "story-eps"))
    assert np.all(dots[:, 0] == v["eps"])
    np.testing.assert_allclose(sorted(dots[:, 1]), sorted(map(float, at_story.values())))
    low = float(reductions(float(eps_grid[0]), v["delta"])["l2sq_shrink_small"])
    assert f"falls to {number_text(low)}" in alt
    assert f"from 1 down to {number_text(float(eps_grid[0]))}" in alt


# ---------------------------------------------------------------------------
# kink: objectives on the plotted grid, minimisers by bounded scalar minimisation
# ---------------------------------------------------------------------------

kink = fixture_for("kink", [{}, {"c": "-1.7", "beta": "0.8"}])


def bounded_minimizer(objective: Callable[[float], float], c: float, beta: float) -> float:
    """argmin over an interval holding every candidate (|w*| ≤ |c|), to 1e-10."""
    half = abs(c) + beta + 1.0
    result = optimize.minimize_scalar(
        objective, bounds=(-half, half), method="bounded", options={"xatol": 1e-11}
    )
    return float(result.x)


def kink_objective(c: float, beta: float, kind: str) -> Callable[[Any], Any]:
    """L(w) + β|w| or L(w) + βw² with L(w) = ½(w − c)² (seed 002, the kink story)."""
    if kind == "l1":
        return lambda w: 0.5 * (w - c) ** 2 + beta * np.abs(w)
    return lambda w: 0.5 * (w - c) ** 2 + beta * w * w


def test_kink_objectives_and_minimizers(kink: Drawn) -> None:
    fig, alt, v = kink
    beta = v["beta"]
    # The four centres c': 0, the story's c, β (the interval's edge) and 2β (outside it)
    centers = sorted({0.0, v["c"], beta, 2 * beta})
    for kind in ("l1", "l2"):
        for i, c in enumerate(centers):
            w, value = xy(one(fig, f"{kind}-objective-{i}")).T
            assert 0.0 in w  # the kink itself is on the grid
            f = kink_objective(c, beta, kind)
            np.testing.assert_allclose(value, f(w), rtol=1e-14, atol=1e-15)
            (point,) = xy(one(fig, f"{kind}-minimum-{i}"))
            expected = bounded_minimizer(f, c, beta)
            assert point[0] == pytest.approx(expected, abs=1e-7)
            assert point[1] == pytest.approx(f(expected), abs=1e-12)
            assert point[1] <= value.min() + 1e-12  # no plotted point lies lower
            if kind == "l1" and abs(c) <= beta:
                assert point[0] == 0.0  # exactly, not approximately
            if kind == "l2":
                assert (point[0] == 0.0) == (c == 0.0)
    assert "c = " + ", ".join(number_text(c) for c in centers) in alt
    inside = [c for c in centers if abs(c) <= beta]
    assert "exactly 0 for c = " + ", ".join(number_text(c) for c in inside) + " (" in alt


def test_kink_minimizer_sweep_and_zero_interval(kink: Drawn) -> None:
    fig, alt, v = kink
    beta = v["beta"]
    slope, l1 = xy(one(fig, "l1-minimizer")).T
    _, l2 = xy(one(fig, "l2-minimizer")).T
    c = -slope
    # L1's minimiser is exactly 0 for every slope in [−β, β] and only there
    assert np.all(l1[np.abs(slope) <= beta] == 0.0)
    assert np.all(l1[np.abs(slope) > beta] != 0.0)
    assert np.any(np.abs(slope) < beta) and np.any(np.abs(slope) > beta)
    assert set(c[l2 == 0.0]) <= {0.0}
    for i in range(0, len(c), 12):
        for kind, got in (("l1", l1[i]), ("l2", l2[i])):
            expected = bounded_minimizer(kink_objective(c[i], beta, kind), c[i], beta)
            assert got == pytest.approx(expected, abs=1e-7), (kind, c[i])
    assert span_x(one(fig, "zero-interval")) == (-beta, beta)
    story = xy(one(fig, "story-c"))
    assert np.all(story[:, 0] == -v["c"])
    np.testing.assert_allclose(
        story[:, 1],
        [
            bounded_minimizer(kink_objective(v["c"], beta, kind), v["c"], beta)
            for kind in ("l1", "l2")
        ],
        atol=1e-7,
    )
    b = number_text(beta)
    assert f"For every slope in [−{b}, {b}] (shaded)" in alt
    assert [t.get_text() for t in fig.axes[2].texts] == [rf"$|L'(0)| \leq \beta = {b}$"]
    l2_story = v["c"] / (1 + 2 * beta)
    l1_story = math.copysign(max(abs(v["c"]) - beta, 0.0), v["c"])  # S_β(c)
    assert f"gives {number_text(l1_story)} with L1 and {number_text(l2_story, 4)} with L2" in alt


# ---------------------------------------------------------------------------
# lp-balls: every boundary on its defining equation, through (±1, 0) and (0, ±1)
# ---------------------------------------------------------------------------

lp_balls = fixture_for("lp-balls", [{}, {"l1_ratio": "0.7", "points": "201"}])

AXIS_POINTS = [(1.0, 0.0), (0.0, 1.0), (-1.0, 0.0), (0.0, -1.0)]


def passes_through(points: np.ndarray, target: tuple[float, float]) -> bool:
    """Whether a plotted boundary has a vertex at ``target`` (to 1e-12)."""
    return bool(np.any(np.all(np.abs(points - np.asarray(target)) < 1e-12, axis=1)))


def test_lp_balls_boundaries_satisfy_their_equations(lp_balls: Drawn) -> None:
    fig, _, v = lp_balls
    for p in (0.5, 1.0, 2.0):
        ball = xy(one(fig, f"ball-p{number_text(p)}"))
        assert len(ball) == v["points"]
        np.testing.assert_allclose(np.sum(np.abs(ball) ** p, axis=1), 1.0, atol=1e-9)
        np.testing.assert_array_equal(ball[0], ball[-1])  # closed
        assert all(passes_through(ball, t) for t in AXIS_POINTS), p
        # Every quadrant is visited: the curve goes all the way round
        assert {(bool(x > 0), bool(y > 0)) for x, y in ball if x and y} == {
            (True, True),
            (True, False),
            (False, True),
            (False, False),
        }
    # p = ∞: max(|x|, |y|) = 1 at every vertex and along every edge (one coordinate ±1)
    square = xy(one(fig, "ball-pinf"))
    np.testing.assert_allclose(np.max(np.abs(square), axis=1), 1.0, atol=1e-9)
    np.testing.assert_array_equal(square[0], square[-1])
    for a, b in itertools.pairwise(square):
        assert any(a[i] == b[i] and abs(a[i]) == 1.0 for i in (0, 1))
    assert {(1.0, 1.0), (-1.0, 1.0), (-1.0, -1.0), (1.0, -1.0)} <= {tuple(q) for q in square}
    assert passes_through(square, (1.0, 0.0))


def test_lp_balls_elastic_net(lp_balls: Drawn) -> None:
    """The module's (and the alt text's) convention: α‖β‖₁ + (1 − α)‖β‖₂² ≤ 1, no ½ on the
    square, so the ball meets the axes at ±1 like every other one."""
    fig, alt, v = lp_balls
    alpha = v["l1_ratio"]
    net = xy(one(fig, "elastic-net"))
    value = alpha * np.sum(np.abs(net), axis=1) + (1 - alpha) * np.sum(net * net, axis=1)
    np.testing.assert_allclose(value, 1.0, atol=1e-9)
    np.testing.assert_allclose(net[0], net[-1], atol=1e-15)
    assert len(net) == v["points"]
    for t in AXIS_POINTS:  # to rounding: the radius along an axis is 1 up to a few ulps
        assert np.min(np.linalg.norm(net - np.asarray(t), axis=1)) < 1e-12, t
    # Between the diamond and the disk: its radius along any direction is in [r₁, r₂]
    radius = np.linalg.norm(net, axis=1)
    l1_radius = radius / np.sum(np.abs(net), axis=1)
    assert np.all(radius >= l1_radius - 1e-12) and np.all(radius <= 1 + 1e-12)
    assert f"α‖β‖₁ + (1 − α)‖β‖₂² ≤ 1 with α = {number_text(alpha)}" in alt
    assert rf"elastic net $\alpha = {number_text(alpha)}$" in legend_texts(fig)


def test_lp_balls_axis_points_and_alt_text(lp_balls: Drawn) -> None:
    fig, alt, _ = lp_balls
    np.testing.assert_array_equal(xy(one(fig, "axis-points")), AXIS_POINTS)
    assert "p = 0.5, 1, 2, ∞" in alt
    assert "The balls for p = 0.5, 1 have corners there (p < 1 is not convex)" in alt
    assert "The balls for p = 2, ∞ are smooth there" in alt
    assert "All meet the axes at (±1, 0) and (0, ±1)" in alt
    labels = legend_texts(fig)
    assert "(corners on the axes, non-convex)" in labels and "L2: $p = 2$ (smooth)" in labels

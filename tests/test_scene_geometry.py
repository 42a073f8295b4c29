"""The geometry scene: one low-quality render checked frame by frame, and its contact points
checked against scipy's constrained minimiser and the KKT conditions at the diamond's corners."""

from __future__ import annotations

import math

import numpy as np
import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from scenetools import COLORS, blend, color_fraction, construct_scene, point_box, section_end
from scipy.optimize import minimize
from whyl1.scenes.geometry import GeometryScene

pytestmark = pytest.mark.render

SCENE = GeometryScene
L1_FILL = blend(COLORS.l1, GeometryScene.BALL_OPACITY, COLORS.background)
L2_FILL = blend(COLORS.l2, GeometryScene.BALL_OPACITY, COLORS.background)


def box(scene, side, b1, b2, half):
    """A box around the point (β₁, β₂) in the left (−1) or right (1) panel (the panels
    stay where the first section put them)."""
    left, right = section_end(scene, "budgets").plots
    return point_box((left if side < 0 else right).c2p(b1, b2), half)


def panel(scene, side):
    plane = section_end(scene, "budgets").plots[0 if side < 0 else 1]
    return point_box(plane.get_center(), plane.width / 2, plane.height / 2)


def under(scene, side, depth=0.35, half_width=2.5):
    """A box under a panel (or under both, side 0), where the readouts and moral go."""
    planes = section_end(scene, "budgets").plots
    plane = planes[0] if side < 0 else planes[1]
    x = 0.0 if side == 0 else plane.get_x()
    return point_box([x, plane.get_bottom()[1] - depth, 0], half_width, 0.25)


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["budgets", "contours", "touch", "edge", "takeaway"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_budgets_diamond_and_disk(output, scene):
    frame = output.section("contours")  # the end of "budgets": t = 1
    # (−0.65, −0.65) is inside the disk (radius 0.92) but outside the diamond (1.3 > 1)
    assert color_fraction(frame, L1_FILL, box(scene, -1, 0.25, -0.25, 0.06), tolerance=20) > 0.5
    assert color_fraction(frame, L2_FILL, box(scene, 1, 0.25, -0.25, 0.06), tolerance=20) > 0.5
    assert color_fraction(frame, L2_FILL, box(scene, 1, -0.65, -0.65, 0.03), tolerance=20) > 0.5
    assert color_fraction(frame, L1_FILL, box(scene, -1, -0.65, -0.65, 0.03), tolerance=20) < 0.1
    # No loss contour yet
    assert color_fraction(frame, COLORS.loss, panel(scene, -1)) < 0.001


def contour_height(b1, level, center=(1.9, 3.0), hessian=((1.0, 0.7), (0.7, 1.2))):
    """β₂ on the lower branch of ½(β − β̂)ᵀH(β − β̂) = level at β₁ (a quadratic in β₂)."""
    (a, b), (_, c) = hessian
    d1 = b1 - center[0]
    d2 = (-b * d1 - math.sqrt((b * d1) ** 2 - c * (a * d1**2 - 2 * level))) / c
    return center[1] + d2


def test_contours_grown_to_the_touching_levels(output, scene):
    frame = output.section("touch")  # the touching ellipses (the contact dots just added)
    # Each panel's outer contour is the level that touches its ball: ½·13.73 for the
    # diamond, the ridge level for the disk; both pass left of the balls at β₁ = −0.5
    for side, level in ((-1, 6.865), (1, scene.data.ridge_level)):
        point = box(scene, side, -0.5, contour_height(-0.5, level), 0.08)
        assert color_fraction(frame, COLORS.loss, point, tolerance=60) > 0.1
    # β̂ = (1.9, 3) is marked in both panels
    for side in (-1, 1):
        assert color_fraction(frame, COLORS.loss, box(scene, side, 1.9, 3.0, 0.06)) > 0.5


def test_touch_corner_is_a_zero(output, scene):
    frame = output.section("edge")  # the end of "touch": contact dots and readouts
    # The diamond's contact dot sits on the corner (0, 1) in the zero colour
    assert color_fraction(frame, COLORS.zero, box(scene, -1, 0.0, 1.0, 0.08)) > 0.5
    # The disk's contact dot is vermillion, and nothing in the right panel is an exact zero
    assert color_fraction(frame, COLORS.l2, box(scene, 1, *scene.data.ridge, 0.06)) > 0.6
    assert color_fraction(frame, COLORS.zero, panel(scene, 1)) < 0.0005
    # The readout under the diamond shows the 0 in the zero colour; the ridge one has none
    assert color_fraction(frame, COLORS.zero, under(scene, -1)) > 0.002
    assert color_fraction(frame, COLORS.zero, under(scene, 1)) < 0.0005


def test_edge_case_has_no_zero(output, scene):
    frame = output.section("takeaway")  # the end of "edge": β̂ = (2.6, 1.9)
    # The contact dot is on the edge at (0.4125, 0.5875), blue: no weight is 0
    assert color_fraction(frame, COLORS.l1, box(scene, -1, 0.4125, 0.5875, 0.06)) > 0.6
    assert color_fraction(frame, COLORS.zero, panel(scene, -1)) < 0.0005
    assert color_fraction(frame, COLORS.zero, under(scene, 0, 0.5, 7.0)) < 0.0005
    # β̂ has moved to the edge case in both panels
    for side in (-1, 1):
        assert color_fraction(frame, COLORS.loss, box(scene, side, 2.6, 1.9, 0.06)) > 0.5


def test_last_frame_corners_marked(output, scene):
    frame = output.last_frame()
    for corner in ((1, 0), (0, 1), (-1, 0), (0, -1)):
        assert color_fraction(frame, COLORS.zero, box(scene, -1, *corner, 0.06)) > 0.4
    assert color_fraction(frame, COLORS.zero, panel(scene, 1)) < 0.0005
    # The two-line moral under the panels
    assert color_fraction(frame, COLORS.foreground, under(scene, 0, 0.6, 6.0)) > 0.02


# ---------------------------------------------------------------------------- the numbers


def loss(beta, center, hessian):
    d = np.asarray(beta) - center
    return 0.5 * d @ hessian @ d


def solve(center, hessian, constraints, starts):
    """The best feasible SLSQP answer from several starts, converged far below the test
    tolerance. (At such tight tolerances SLSQP may end its line search with a
    "positive directional derivative" status at the solution, so feasibility is checked
    instead of its success flag.)"""
    best = None
    for start in starts:
        result = minimize(
            loss,
            start,
            args=(center, hessian),
            jac=lambda b, c, h: h @ (b - c),
            constraints=constraints,
            method="SLSQP",
            options={"ftol": 1e-14, "maxiter": 1000},
        )
        assert all(c["fun"](result.x) > -1e-9 for c in constraints), result.message
        if best is None or result.fun < best.fun:
            best = result
    return best.x


def lasso_reference(center, hessian, t):
    """argmin of the loss on |b1| + |b2| ≤ t, written as four linear inequalities."""
    constraints = [
        {"type": "ineq", "fun": lambda b, s=s: t - s @ b, "jac": lambda b, s=s: -s}
        for s in np.array([[1, 1], [1, -1], [-1, 1], [-1, -1]], dtype=float)
    ]
    starts = [np.zeros(2), *(0.9 * t * np.array(v) for v in ((1, 0), (0, 1), (-1, 0), (0, -1)))]
    return solve(center, hessian, constraints, starts)


def ridge_reference(center, hessian, t):
    """argmin of the loss on b1² + b2² ≤ t²."""
    constraint = {"type": "ineq", "fun": lambda b: t * t - b @ b, "jac": lambda b: -2 * b}
    return solve(center, hessian, [constraint], [np.zeros(2), t * center / np.linalg.norm(center)])


def optimal_corner(center, hessian, t):
    """The corner of the diamond satisfying KKT strictly, or None.

    At the corner v = s·t·eᵢ the subdifferential of ‖β‖₁ is {g : gᵢ = s, |gⱼ| ≤ 1}, so v is
    optimal iff g = H(β̂ − v) has s·gᵢ > 0 and |gⱼ| < |gᵢ| (strict: no tie with an edge).
    """
    for i in range(2):
        for s in (1.0, -1.0):
            v = np.zeros(2)
            v[i] = s * t
            g = hessian @ (center - v)
            if s * g[i] > 0 and abs(g[1 - i]) < abs(g[i]):
                return v
    return None


def check_case(shown, prefix, center, hessian, t):
    """The displayed contact points of one β̂ against the references."""
    lasso = np.array([shown[f"{prefix}lasso_x"], shown[f"{prefix}lasso_y"]])
    ridge = np.array([shown[f"{prefix}ridge_x"], shown[f"{prefix}ridge_y"]])
    np.testing.assert_allclose(lasso, lasso_reference(center, hessian, t), atol=1e-6)
    np.testing.assert_allclose(ridge, ridge_reference(center, hessian, t), atol=1e-6)
    # KKT on the circle, far tighter than SLSQP: ‖β‖ = t and H(β̂ − β) = 2μβ, μ ≥ 0
    assert np.linalg.norm(ridge) == pytest.approx(t, rel=1e-12)
    pull = hessian @ (center - ridge)
    assert abs(pull[0] * ridge[1] - pull[1] * ridge[0]) <= 1e-12 * np.linalg.norm(pull) * t
    assert pull @ ridge > 0
    corner = optimal_corner(center, hessian, t)
    if corner is not None:  # a corner: the zero is exactly 0.0 and the other weight ±t
        np.testing.assert_array_equal(lasso, corner)
    else:  # an edge: both weights non-zero, on the boundary to rounding
        assert np.all(lasso != 0.0)
        assert np.abs(lasso).sum() == pytest.approx(t, rel=1e-12)
    assert np.all(ridge != 0.0)  # β̂ off the axes: the disk is never touched on an axis
    return lasso, ridge


OTHER_CASE = {"center": "-2.5,0.8", "hessian": "2,-0.5,1", "t": "1.5", "edge_center": "-1.8,-1.9"}


@pytest.mark.parametrize(
    "params, center, hessian, t, edge_center",
    [
        ({}, (1.9, 3.0), (1.0, 0.7, 1.2), 1.0, (2.6, 1.9)),
        (OTHER_CASE, (-2.5, 0.8), (2.0, -0.5, 1.0), 1.5, (-1.8, -1.9)),
    ],
)
def test_displayed_numbers(params, center, hessian, t, edge_center):
    scene = construct_scene(GeometryScene, params)
    by_key: dict[str, set[float]] = {}
    for key, value in scene.displayed:
        by_key.setdefault(key, set()).add(value)
    assert all(len(values) == 1 for values in by_key.values())  # a key shown twice agrees
    shown = {key: values.pop() for key, values in by_key.items()}
    a, b, c = hessian
    h = np.array([[a, b], [b, c]])
    center, edge_center = np.array(center), np.array(edge_center)
    assert shown["t"] == t
    assert (shown["center_x"], shown["center_y"]) == tuple(center)
    assert (shown["edge_center_x"], shown["edge_center_y"]) == tuple(edge_center)
    lasso, ridge = check_case(shown, "", center, h, t)
    edge_lasso, _ = check_case(shown, "edge_", edge_center, h, t)
    # The loss levels of the touching contours (the scene grows the ellipses to them); the
    # disk holds the diamond, so it is touched at a lower or equal level
    assert scene.data.lasso_level == pytest.approx(loss(lasso, center, h), rel=1e-12)
    assert scene.data.ridge_level == pytest.approx(loss(ridge, center, h), rel=1e-12)
    assert scene.data.ridge_level <= scene.data.lasso_level
    if not params:  # the story's own cases: corner (0, 1), edge (0.4125, 0.5875)
        np.testing.assert_array_equal(lasso, [0.0, 1.0])
        np.testing.assert_allclose(edge_lasso, [0.4125, 0.5875], rtol=1e-12)
        assert scene.data.lasso_level == pytest.approx(6.865, rel=1e-12)
        assert optimal_corner(edge_center, h, t) is None

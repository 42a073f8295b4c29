"""The lp-balls scene: one low-quality render checked at its section boundaries and last frame,
and every touch point on screen against independent oracles: closed forms for the diamond
(edges and corners), the disk (the secular equation by brentq) and the square, the Lagrange
condition by brentq just past p = 1, a dense boundary grid for p = ½ and the elastic net,
and KKT at the corners it lands on."""

from __future__ import annotations

import math

import numpy as np
import pytest
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from scenetools import COLORS, blend, captions, color_fraction, numbers_on_screen, point_box
from scipy.optimize import brentq
from whyl1.scenes.lp_balls import LpBallsScene

from whyl1.theme import number_text

pytestmark = pytest.mark.render

SCENE = LpBallsScene
AXIS_POINTS = np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0]])


def fill(color):
    return blend(color, LpBallsScene.BALL_OPACITY, COLORS.background)


def at(scene, b1, b2, half=0.06):
    return point_box(scene.plane.c2p(b1, b2), half)


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["balls", "corners", "smooth", "elastic-net", "takeaway"])


def test_narration(output, scene):
    output.assert_narration(scene)


def test_the_first_ball_is_the_star(output, scene):
    frame = output.section("corners")  # the end of "balls"
    # (0.2, 0.2) is inside the p = ½ ball (0.89 ≤ 1), (0.6, 0.6) outside it (1.55)
    assert color_fraction(frame, fill(COLORS.l1), at(scene, 0.2, 0.2), tolerance=20) > 0.5
    assert color_fraction(frame, COLORS.background, at(scene, 0.6, 0.6), tolerance=10) > 0.9
    assert color_fraction(frame, COLORS.loss, at(scene, 0.5, 2.0)) > 0.3  # β̂
    assert color_fraction(frame, COLORS.loss, at(scene, -0.5, 1.3, 0.2)) == 0.0  # no contour


def test_the_diamond_is_touched_at_its_corner(output, scene):
    frame = output.section("smooth")  # the end of "corners": p = 1
    assert color_fraction(frame, fill(COLORS.l1), at(scene, 0.6, 0.3), tolerance=20) > 0.5
    assert color_fraction(frame, COLORS.zero, at(scene, 0.0, 1.0)) > 0.3  # the touch point
    graph = scene.graph
    assert color_fraction(frame, COLORS.zero, point_box(graph.c2p(1.0, 0.0), 0.08)) > 0.2


def test_the_square_is_touched_off_the_axes(output, scene):
    frame = output.section("elastic-net")  # the end of "smooth": p = ∞
    # Inside the square, outside the disk: the square's fill, in L2's colour
    assert color_fraction(frame, fill(COLORS.l2), at(scene, 0.85, -0.85), tolerance=20) > 0.5
    assert color_fraction(frame, COLORS.l2, at(scene, 1.0, 1.0)) > 0.3  # the corner (1, 1)
    plane = scene.plane
    whole_plane = point_box(plane.get_center(), plane.width / 2, plane.height / 2)
    assert color_fraction(frame, COLORS.zero, whole_plane) == 0.0  # no exact zero
    # The distance graph traced to p = ∞, where (1, 1) is 1 from either axis
    assert color_fraction(frame, COLORS.foreground, point_box(scene.graph.c2p(2, 1), 0.08)) > 0.2


def test_the_elastic_net_is_touched_at_its_corner(output, scene):
    frame = output.section("takeaway")  # the end of "elastic-net"
    assert color_fraction(frame, fill(COLORS.accent), at(scene, 0.3, 0.3), tolerance=20) > 0.5
    assert color_fraction(frame, COLORS.zero, at(scene, 0.0, 1.0)) > 0.3


def test_last_frame_marks_the_corners(output, scene):
    frame = output.last_frame()
    for corner in AXIS_POINTS:
        assert color_fraction(frame, COLORS.zero, at(scene, *corner)) > 0.3
    rows = scene.table_rows
    moral = point_box([rows.get_x(), rows.get_bottom()[1] - 0.5, 0], rows.width / 2, 0.3)
    assert color_fraction(frame, COLORS.foreground, moral) > 0.05


# ---------------------------------------------------------------------------- the numbers


def loss(beta, center, h):
    d = np.asarray(beta, dtype=float) - center
    return 0.5 * np.einsum("...i,ij,...j->...", d, h, d)


def polygon_minimum(center, h, corners):
    """Exact minimum over a convex polygon's boundary: each edge a clipped 1-D quadratic."""
    best = None
    for a, b in zip(corners, np.roll(corners, -1, axis=0), strict=True):
        d = b - a
        s = np.clip(d @ h @ (center - a) / (d @ h @ d), 0.0, 1.0)
        point = b if s == 1.0 else a if s == 0.0 else a + s * d
        if best is None or loss(point, center, h) < loss(best, center, h):
            best = point
    return best


def disk_minimum(center, h):
    """(H + μI)⁻¹Hβ̂ on the unit circle, μ by brentq."""

    def excess(mu):
        return np.linalg.norm(np.linalg.solve(h + mu * np.eye(2), h @ center)) - 1

    mu = brentq(excess, 0.0, 1e6, xtol=1e-15, rtol=1e-15)
    return np.linalg.solve(h + mu * np.eye(2), h @ center)


def grid_minimum(center, h, gauge):
    """The best of 400,000 boundary points along rays (the axis points exactly)."""
    theta = np.linspace(0.0, 2 * np.pi, 400_000, endpoint=False)
    u = np.stack([np.cos(theta), np.sin(theta)], axis=-1)
    grid = np.vstack([u / gauge(u)[:, None], AXIS_POINTS])
    return grid[np.argmin(loss(grid, center, h))]


def lagrange_point(center, h, p, axis):
    """Near the axis point e_axis: the boundary point where H(β̂ − β) ∥ ∇‖β‖ₚᵖ, in the log
    of the small coordinate (brentq), signs taken from β̂'s quadrant."""
    other = 1 - axis
    signs = np.sign(center)
    signs[signs == 0] = 1

    def point(log_small):
        small = math.exp(log_small)
        big = (1 - small**p) ** (1 / p)
        b = np.zeros(2)
        b[axis], b[other] = signs[axis] * big, signs[other] * small
        return b

    def mismatch(log_small):
        b = point(log_small)
        g = np.abs(h @ (center - b))
        return math.log(g[other] / g[axis]) - (p - 1) * (log_small - math.log(abs(b[axis])))

    return point(brentq(mismatch, math.log(1e-300), math.log(0.5), xtol=1e-14))


def corner_kkt(center, h, corner, slope):
    g = h @ (center - corner)
    axis = int(np.flatnonzero(corner)[0])
    return g @ corner > 0 and abs(g[1 - axis]) <= slope * abs(g[axis])


OTHER = {"center": "-2.2,0.6", "hessian": "2,-0.3,1", "l1_ratio": "0.7"}


@pytest.mark.parametrize(
    "params, center, abc, alpha",
    [({}, (0.5, 2.0), (0.5, 0.4, 2.5), 0.5), (OTHER, (-2.2, 0.6), (2.0, -0.3, 1.0), 0.7)],
)
def test_displayed_numbers(params, center, abc, alpha):
    scene, shown = numbers_on_screen(LpBallsScene, params)
    center = np.array(center)
    a, b, c = abc
    h = np.array([[a, b], [b, c]])
    assert (shown["center_x"], shown["center_y"]) == tuple(center)
    assert [shown[f"touch_p_{k}"] for k in range(5)] == [0.5, 1.0, 1.2, 2.0, math.inf]
    assert [shown[f"graph_p_{p}"] for p in ("0.5", "1", "2", "∞")] == [0.5, 1.0, 2.0, math.inf]
    assert shown["l1_ratio"] == alpha
    touch = {k: np.array([shown[f"touch_{k}_x"], shown[f"touch_{k}_y"]]) for k in range(5)}
    net = np.array([shown["net_x"], shown["net_y"]])

    # p = 1: the diamond's exact minimum is a corner, shown with an exact 0.0
    diamond = polygon_minimum(center, h, AXIS_POINTS)
    assert any(np.array_equal(diamond, corner) for corner in AXIS_POINTS)
    np.testing.assert_array_equal(touch[1], diamond)
    # p = ½: the same corner, and no point of the star's boundary is better
    np.testing.assert_array_equal(touch[0], diamond)
    star = grid_minimum(center, h, lambda u: np.sum(np.sqrt(np.abs(u)), axis=-1) ** 2)
    np.testing.assert_array_equal(star, diamond)  # the grid's best is that corner too
    assert corner_kkt(center, h, diamond, math.inf)
    # p = 1.2, just past 1: near that corner, off the axis, on the Lagrange condition
    axis = int(np.flatnonzero(diamond)[0])
    near = lagrange_point(center, h, 1.2, axis)
    np.testing.assert_allclose(touch[2], near, rtol=1e-9)
    assert np.all(touch[2] != 0.0) and abs(touch[2][1 - axis]) < 0.01
    # p = 2 and ∞: the disk's secular root and the square's exact minimum, no zero
    np.testing.assert_allclose(touch[3], disk_minimum(center, h), rtol=0, atol=1e-12)
    square = np.array([[1.0, 1.0], [-1.0, 1.0], [-1.0, -1.0], [1.0, -1.0]])
    np.testing.assert_allclose(touch[4], polygon_minimum(center, h, square), rtol=0, atol=1e-12)
    assert np.all(touch[3] != 0.0) and np.all(touch[4] != 0.0)
    # The elastic net: a corner, exactly, optimal by KKT and against a dense grid
    assert any(np.array_equal(net, corner) for corner in AXIS_POINTS)
    assert corner_kkt(center, h, net, alpha / (2 - alpha))

    def net_gauge(u):
        s = alpha * np.sum(np.abs(u), axis=-1)
        return 1 / ((-s + np.sqrt(s * s + 4 * (1 - alpha))) / (2 * (1 - alpha)))

    np.testing.assert_array_equal(grid_minimum(center, h, net_gauge), net)

    # The narration says the same numbers
    said = " ".join(text.replace("\n", " ") for _, _, text in captions(scene))
    small = "β₂" if axis == 0 else "β₁"  # the coordinate the corner sets to 0
    corner = ", ".join(number_text(v) for v in diamond)
    assert f"at the corner ({corner}), where {small} is exactly 0" in said
    assert f"{small} = {number_text(float(np.min(np.abs(near))), 3)}. Tiny, but not 0." in said
    assert f"As α rises to {number_text(alpha)}, corners grow on the axes" in said

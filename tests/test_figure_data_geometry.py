"""The data plotted in the geometry figure (ESL Figure 3.11), read back from the matplotlib
artists and checked against constrained minima found here by bounded 1-D searches with
scipy.optimize, not by the closed forms of whyl1.maths. No pixels involved.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from figuretools import by_gid, draw, fixture_for, xy
from scipy import optimize

from whyl1.theme import number_text

# ---------------------------------------------------------------------------
# geometry: constrained minima by SLSQP, not by the closed forms of whyl1.maths
# ---------------------------------------------------------------------------

GEOMETRY_CASES = [{}, {"center": "-2.5,-0.3", "edge_center": "2.2,2.4", "t": "1.3"}]


def constrained_minimum(center, hessian, t, kind):
    """Minimum of the quadratic loss on the ball's boundary, by bounded 1-D searches: along
    each of the diamond's four edges, or over the disk's angle near a coarse grid's best."""
    center, h = np.asarray(center, float), np.asarray(hessian, float)

    def loss(b):
        return 0.5 * (b - center) @ h @ (b - center)

    def search(point, low, high):
        result = optimize.minimize_scalar(
            lambda s: loss(point(s)), bounds=(low, high), method="bounded", options={"xatol": 1e-12}
        )
        return point(result.x)

    if kind == "lasso":
        corners = t * np.array([[1.0, 0.0], [0.0, 1.0], [-1.0, 0.0], [0.0, -1.0], [1.0, 0.0]])
        candidates = [
            search(lambda s, a=a, b=b: a + s * (b - a), 0.0, 1.0)
            for a, b in itertools.pairwise(corners)
        ]
        candidates += list(corners[:-1])
    else:

        def on_circle(theta):
            return t * np.array([math.cos(theta), math.sin(theta)])

        grid = np.linspace(0, 2 * math.pi, 721)
        best = grid[np.argmin([loss(on_circle(a)) for a in grid])]
        candidates = [search(on_circle, best - 0.01, best + 0.01)]
    point = min(candidates, key=loss)
    return point, loss(point)


geometry = fixture_for("geometry", GEOMETRY_CASES)


def test_geometry_defaults_are_the_stories_numbers():
    """The two cases of the brief: the corner (0, 1) and the edge point (0.4125, 0.5875)."""
    fig, alt, _ = draw("geometry")
    top, bottom = (xy(line)[0] for line in by_gid(fig, "lasso-solution"))
    assert top[0] == 0.0 and top[1] == pytest.approx(1.0, abs=1e-12)
    np.testing.assert_allclose(bottom, [0.4125, 0.5875], atol=1e-12)
    assert "(0, 1)" in alt and "(0.4125, 0.5875)" in alt


def test_geometry_solutions_match_slsqp(geometry):
    fig, alt, values = geometry
    h, t = (
        np.array(
            [
                [values["hessian"][0], values["hessian"][1]],
                [values["hessian"][1], values["hessian"][2]],
            ]
        ),
        values["t"],
    )
    centers = [values["center"], values["edge_center"]]
    for kind in ("lasso", "ridge"):
        solutions = [xy(line)[0] for line in by_gid(fig, f"{kind}-solution")]
        contours = by_gid(fig, f"{kind}-contour")
        assert len(solutions) == len(contours) == 2
        for center, plotted, contour in zip(centers, solutions, contours, strict=True):
            expected, level = constrained_minimum(center, h, t, kind)
            np.testing.assert_allclose(plotted, expected, atol=1e-6)
            # The drawn contour is the level set through the touching point
            diff = xy(contour) - np.asarray(center)
            np.testing.assert_allclose(
                0.5 * np.einsum("ki,ij,kj->k", diff, h, diff), level, rtol=1e-6
            )
            assert f"({number_text(plotted[0], 4)}, {number_text(plotted[1], 4)})" in alt
    # The corner case has an exact zero, the edge case none; β̂ is drawn where it is
    corner, edge = (xy(line)[0] for line in by_gid(fig, "lasso-solution"))
    assert 0.0 in corner and 0.0 not in edge
    plotted_centers = [tuple(xy(line)[0]) for line in by_gid(fig, "center")]
    assert plotted_centers == [tuple(values["center"])] * 2 + [tuple(values["edge_center"])] * 2


def test_geometry_balls(geometry):
    fig, _, values = geometry
    t = values["t"]
    for diamond in by_gid(fig, "lasso-ball"):
        corners = {tuple(np.round(p, 12)) for p in diamond.get_xy()}
        assert corners == {(t, 0.0), (0.0, t), (-t, 0.0), (0.0, -t)}
    for disk in by_gid(fig, "ridge-ball"):
        assert disk.get_radius() == t and tuple(disk.get_center()) == (0.0, 0.0)

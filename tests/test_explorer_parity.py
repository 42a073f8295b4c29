"""The explorer's JavaScript solvers agree with whyl1.maths to 1e-9 on 1,200+ cases,
including the corner/edge decision and which coordinate is exactly 0.

The JS runs where learners run it, in (headless) Chromium, loaded from the standalone
page that ``write_explorer`` writes; one ``evaluate`` call solves every case.
"""

from __future__ import annotations

import json

import numpy as np
import pytest
from browser import browser, chromium_path

from whyl1 import maths
from whyl1.explorer import write_explorer

TOLERANCE = 1e-9
RANDOM_CASES = 1200


def random_hessian(rng: np.random.Generator) -> list[float]:
    """A positive definite H with condition number up to 10⁴ and any orientation."""
    curvatures = 10.0 ** rng.uniform(-2.0, 2.0, 2)
    angle = rng.uniform(0.0, np.pi)
    rotation = np.array([[np.cos(angle), -np.sin(angle)], [np.sin(angle), np.cos(angle)]])
    h = rotation @ np.diag(curvatures) @ rotation.T
    return [float(h[0, 0]), float(0.5 * (h[0, 1] + h[1, 0])), float(h[1, 1])]


def deliberate_cases() -> list[dict]:
    """Edge cases chosen on purpose: the story's own two, inside, on an axis, near-circular,
    exactly circular, strongly elongated, diagonal H with β̂ on an axis (L2 on the axis too)."""
    story = (1.0, 0.7, 1.2)
    return [
        {"center": [1.9, 3.0], "hessian": story, "t": 1.0},  # corner (0, 1)
        {"center": [2.6, 1.9], "hessian": story, "t": 1.0},  # edge (0.4125, 0.5875)
        {"center": [0.3, -0.2], "hessian": story, "t": 1.0},  # inside: β̂ itself
        {"center": [0.5, 0.5], "hessian": story, "t": 1.0},  # on the diamond: inside
        {"center": [0.0, 0.4], "hessian": story, "t": 1.0},  # inside, on an axis
        {"center": [3.0, 0.0], "hessian": story, "t": 1.0},  # on an axis, outside
        {"center": [0.0, -2.5], "hessian": story, "t": 0.7},
        {"center": [-2.0, 0.0], "hessian": [2.0, 0.0, 0.5], "t": 1.0},  # diagonal H
        {"center": [0.0, 3.0], "hessian": [1.0, 0.0, 1.0], "t": 1.5},  # circular H
        {"center": [2.0, 1.0], "hessian": [1.0, 0.0, 1.0], "t": 1.0},
        {"center": [2.0, 1.0], "hessian": [1.0, 1e-9, 1.0 + 1e-9], "t": 1.0},  # near-circular
        {"center": [-1.5, 2.5], "hessian": [1.0, -1e-12, 1.0], "t": 0.8},
        {"center": [2.0, 2.0], "hessian": [1.0, 0.0, 1.0], "t": 1.0},  # tie of two edges
        {"center": [1.0, 3.0], "hessian": [100.0, 0.0, 0.01], "t": 1.0},  # elongated
        {"center": [3.0, -1.0], "hessian": [50.005, 49.995, 50.005], "t": 1.0},
        {"center": [-2.0, -4.0], "hessian": [0.01, 0.0, 100.0], "t": 2.0},
        {"center": [40.0, -25.0], "hessian": [3.0, -1.0, 2.0], "t": 0.5},  # far: large levels
    ]


def all_cases() -> list[dict]:
    rng = np.random.default_rng(20261123)
    cases = deliberate_cases()
    for k in range(RANDOM_CASES):
        center = rng.uniform(-5.0, 5.0, 2)
        if k % 10 == 0:  # every tenth β̂ exactly on an axis
            center[k % 20 // 10] = 0.0
        cases.append(
            {
                "center": [float(v) for v in center],
                "hessian": random_hessian(rng),
                "t": float(rng.uniform(0.1, 3.0)),
            }
        )
    return cases


def python_solution(case: dict, solver) -> dict:
    solution = solver(case["center"], maths.hessian_matrix(*case["hessian"]), case["t"])
    point = [float(v) for v in solution.point]
    return {
        "point": point,
        "level": float(solution.level),
        "onCorner": bool(solution.on_corner),
        "zeroCoordinates": [i for i in range(2) if point[i] == 0.0],
        "multiplier": float(solution.multiplier),
    }


SOLVE_ALL = """(() => {
  const cases = %s;
  const W = window.whyl1Explorer;
  return cases.map(c => ({
    l1: W.solveL1(c.center, c.hessian, c.t),
    l2: W.solveL2(c.center, c.hessian, c.t),
  }));
})()"""


@pytest.fixture(scope="module")
def results(tmp_path_factory):
    assert chromium_path(), "chromium is not installed: run scripts/setup.sh"
    folder = tmp_path_factory.mktemp("explorer")
    page = write_explorer(folder, "light")
    cases = all_cases()
    with browser(folder / "profile") as chrome:
        chrome.open(page.as_uri())
        from_js = chrome.evaluate(SOLVE_ALL % json.dumps(cases), timeout=60)
        errors = chrome.errors()
    assert not errors, errors
    return cases, from_js


def differences(py: dict, js: dict) -> tuple[float, float, float]:
    """Largest point difference, level difference relative to max(1, |level|), multiplier
    difference relative to max(1, |μ|): levels grow like |β̂|², so absolute 1e-9 would ask
    for more digits than a double has once they pass 10⁷."""
    point = max(abs(a - b) for a, b in zip(py["point"], js["point"], strict=True))
    level = abs(py["level"] - js["level"]) / max(1.0, abs(py["level"]))
    mu = abs(py["multiplier"] - js["multiplier"]) / max(1.0, abs(py["multiplier"]))
    return point, level, mu


@pytest.mark.parametrize(
    ("ball", "solver"),
    [("l1", maths.l1_constrained_solution), ("l2", maths.l2_constrained_solution)],
)
def test_js_solvers_match_python(results, ball, solver):
    cases, from_js = results
    assert len(cases) >= 1000
    worst = [0.0, 0.0, 0.0]
    mismatches = []
    for case, js in zip(cases, from_js, strict=True):
        py = python_solution(case, solver)
        diff = differences(py, js[ball])
        worst = [max(w, d) for w, d in zip(worst, diff, strict=True)]
        same_decision = (py["onCorner"], py["zeroCoordinates"]) == (
            js[ball]["onCorner"],
            js[ball]["zeroCoordinates"],
        )
        if max(diff) > TOLERANCE or not same_decision:
            mismatches.append((case, py, js[ball]))
    print(f"{ball}: {len(cases)} cases, max |Δpoint| {worst[0]:.3g}, "
          f"max rel Δlevel {worst[1]:.3g}, max rel Δμ {worst[2]:.3g}")  # fmt: skip
    assert not mismatches, mismatches[:3]


def test_story_cases_are_exact(results):
    """The story's corner case lands on (0, 1) with β₁ exactly 0; the edge case on
    (0.4125, 0.5875) with no zero, in JS as in Python."""
    _, from_js = results
    corner, edge = from_js[0]["l1"], from_js[1]["l1"]
    assert corner["point"] == [0.0, 1.0] and corner["onCorner"] and corner["zeroCoordinates"] == [0]
    assert not edge["onCorner"] and edge["zeroCoordinates"] == []
    assert edge["point"] == pytest.approx([0.4125, 0.5875], abs=1e-12)


def test_the_cases_cover_every_branch(results):
    """Corners, edges, insides and on-axis ridge answers all occur, so parity means something."""
    cases, from_js = results
    l1 = [r["l1"] for r in from_js]
    inside = [sum(abs(v) for v in c["center"]) <= c["t"] for c in cases]
    assert sum(r["onCorner"] for r in l1) > 100
    assert sum(not r["onCorner"] and not i for r, i in zip(l1, inside, strict=True)) > 100
    assert sum(inside) > 20
    assert any(r["l2"]["onCorner"] for r in from_js)

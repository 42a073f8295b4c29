"""The explorer in headless Chromium, standalone and on a course page: a real drag, key
presses and a touch drag move β̂, the readouts match whyl1.maths for the new β̂, the exact
zero is marked, sampling approaches the exact P(lasso sparse); no errors, no network.

Screenshots (light and dark, desktop and phone) go to build/screenshots/ to be looked at.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest
from browser import Browser, browser, chromium_path

from whyl1 import maths, stories
from whyl1.explorer import explorer_fragment, write_explorer
from whyl1.page import build_page
from whyl1.theme import LIGHT, number_text

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"
PHONE = (390, 844)

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed")

READ_STATE = """(() => {
  const W = window.whyl1Explorer, root = document.getElementById('wx');
  const text = id => document.getElementById(id).textContent;
  const ring = document.querySelector('#wx-plot-l1 .wx-zero-ring');
  return {
    instances: W.instances.length,
    center: W.instances[0].state.center, hessian: W.instances[0].state.hessian,
    t: W.instances[0].state.t,
    shown: Object.fromEntries(['l1', 'l2'].map(b => [b, {
      x: text(`wx-${b}-x`), y: text(`wx-${b}-y`), level: text(`wx-${b}-level`),
      status: text(`wx-${b}-status`),
      sparse: document.getElementById(`wx-${b}-status`).classList.contains('wx-sparse')}])),
    centerText: [text('wx-center-x'), text('wx-center-y')],
    ring: {shown: ring.classList.contains('wx-shown'), opacity: getComputedStyle(ring).opacity,
           stroke: getComputedStyle(ring).stroke},
    zeroLabel: document.querySelector('#wx-plot-l1 .wx-zero-label').textContent,
    focused: document.activeElement && document.activeElement.classList.contains('wx-handle'),
  };
})()"""

# Viewport coordinates of a data point on the lasso plot, through the SVG's own transform.
CLIENT_POINT = """((x, y) => {
  const svg = document.getElementById('wx-plot-l1');
  svg.scrollIntoView({block: 'center'});
  const p = new DOMPoint((x + 4) / 8 * 360, (4 - y) / 8 * 360).matrixTransform(svg.getScreenCTM());
  return [p.x, p.y];
})(%s, %s)"""

HANDLE_POINT = """(() => {
  document.getElementById('wx-plot-l1').scrollIntoView({block: 'center'});
  const r = document.querySelector('#wx-plot-l1 .wx-center').getBoundingClientRect();
  return [r.x + r.width / 2, r.y + r.height / 2];
})()"""

SAMPLE = """(async () => {
  const n = () => Number((document.getElementById('wx-sample-n') || {}).textContent);
  for (let i = 0; i < 200 && !(n() >= %d); i++) await new Promise(ok => setTimeout(ok, 50));
  const text = id => document.getElementById(id).textContent;
  return {n: n(), count: Number(text('wx-sample-count')),
          fraction: Number(text('wx-sample-fraction')), exact: text('wx-sample-exact'),
          dots: document.querySelectorAll('#wx-plot-l1 .wx-samples circle').length,
          cross: getComputedStyle(document.querySelector('#wx-plot-l1 .wx-cross')).display};
})()"""


def rgb(hex_colour: str) -> str:
    r, g, b = (int(hex_colour[i : i + 2], 16) for i in (1, 3, 5))
    return f"rgb({r}, {g}, {b})"


def read_state(chrome: Browser) -> dict:
    return chrome.evaluate(READ_STATE)


def assert_matches_python(state: dict) -> None:
    """Every displayed number is number_text of whyl1.maths' answer for the page's own β̂."""
    h = maths.hessian_matrix(*state["hessian"])
    for ball, solver in (
        ("l1", maths.l1_constrained_solution),
        ("l2", maths.l2_constrained_solution),
    ):
        solution = solver(state["center"], h, state["t"])
        shown = state["shown"][ball]
        expected = [number_text(float(v)) for v in (*solution.point, solution.level)]
        assert [shown["x"], shown["y"], shown["level"]] == expected, (ball, state)
        zeros = [i for i in range(2) if solution.point[i] == 0.0]
        assert shown["sparse"] == bool(zeros), (ball, state)
        for i in zeros:
            assert f"β{'₁₂'[i]} = 0" in shown["status"], (ball, state)
    assert state["centerText"] == [number_text(v) for v in state["center"]]


def press(chrome: Browser, key: str, code: int, shift: bool = False) -> None:
    """One key press; Shift as a modifier (the harness's ``key`` has none)."""
    for kind in ("rawKeyDown", "keyUp"):
        chrome.command(
            "Input.dispatchKeyEvent",
            {"type": kind, "key": key, "code": key, "windowsVirtualKeyCode": code,
             "modifiers": 8 if shift else 0},
        )  # fmt: skip


def assert_offline(chrome: Browser, folder: Path) -> None:
    outside = [u for u in chrome.requested_urls() if not u.startswith((folder.as_uri(), "data:"))]
    assert not outside, f"requests leave the page's folder: {outside}"
    assert not chrome.failed_requests(), chrome.failed_requests()
    assert not chrome.errors(), chrome.errors()


def shot(chrome: Browser, name: str, full_page: bool = True) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    return chrome.screenshot(SCREENSHOTS / f"explorer-{name}.png", full_page=full_page)


def emulate(chrome: Browser, *, dark: bool = False, reduced_motion: bool = False) -> None:
    features = [
        {"name": "prefers-color-scheme", "value": "dark" if dark else "light"},
        {"name": "prefers-reduced-motion", "value": "reduce" if reduced_motion else ""},
    ]
    chrome.command("Emulation.setEmulatedMedia", {"features": features})


def phone(chrome: Browser) -> None:
    width, height = PHONE
    chrome.command(
        "Emulation.setDeviceMetricsOverride",
        {"width": width, "height": height, "deviceScaleFactor": 1, "mobile": True},
    )
    chrome.command("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})


def test_standalone_drag_keys_mark_and_sampling(tmp_path):
    page = write_explorer(tmp_path / "site", "light")
    geometry = stories.get("geometry").resolve()
    with browser(tmp_path / "profile") as chrome:
        emulate(chrome)
        chrome.open(page.as_uri())
        start = read_state(chrome)
        assert start["instances"] == 1
        assert start["center"] == list(geometry["center"]) and start["t"] == geometry["t"]
        assert start["hessian"] == list(geometry["hessian"])
        # The story's corner case: lasso (0, 1), β₁ exactly 0 and marked in the zero colour.
        assert_matches_python(start)
        assert (start["shown"]["l1"]["x"], start["shown"]["l1"]["y"]) == ("0", "1")
        assert start["shown"]["l1"]["sparse"] and start["zeroLabel"] == "β₁ = 0"
        assert start["ring"] == {"shown": True, "opacity": "1", "stroke": rgb(LIGHT.zero)}
        assert not start["shown"]["l2"]["sparse"]
        shot(chrome, "light-desktop")

        # Drag β̂ from its dot to near the story's edge case: the lasso leaves the corner.
        handle = chrome.evaluate(HANDLE_POINT)
        target = chrome.evaluate(CLIENT_POINT % (2.6, 1.9))
        chrome.drag(tuple(handle), tuple(target))
        dragged = read_state(chrome)
        assert dragged["center"] != start["center"]
        assert dragged["center"] == pytest.approx([2.6, 1.9], abs=0.05)
        assert dragged["shown"]["l1"]["x"] != start["shown"]["l1"]["x"]
        assert_matches_python(dragged)
        assert not dragged["shown"]["l1"]["sparse"] and not dragged["ring"]["shown"]
        assert dragged["focused"], "a drag leaves the keyboard on β̂"

        # Arrow keys: three small steps left, one big step up (Shift).
        for _ in range(3):
            chrome.key("ArrowLeft", "ArrowLeft", 37)
        press(chrome, "ArrowUp", 38, shift=True)
        keyed = read_state(chrome)
        assert keyed["center"][0] == pytest.approx(dragged["center"][0] - 0.15, abs=1e-12)
        assert keyed["center"][1] == pytest.approx(dragged["center"][1] + 0.5, abs=1e-12)
        assert keyed["shown"] != dragged["shown"]
        assert_matches_python(keyed)
        chrome.evaluate("new Promise(ok => setTimeout(ok, 400))")  # the live region's pause
        live = chrome.evaluate("document.getElementById('wx-live').textContent")
        assert live.startswith(f"β̂ ({number_text(keyed['center'][0])}, ")

        # The budget slider, moved with the keyboard, changes t and the solutions.
        chrome.evaluate("document.getElementById('wx-t').focus()")
        chrome.key("ArrowRight", "ArrowRight", 39)
        budget = read_state(chrome)
        assert budget["t"] == pytest.approx(keyed["t"] + 0.05)
        assert_matches_python(budget)

        # Sampling: the running fraction approaches the exact P(lasso sparse).
        box = chrome.evaluate(
            "(() => { const r = document.getElementById('wx-sample').getBoundingClientRect();"
            " return [r.x + r.width / 2, r.y + r.height / 2]; })()"
        )
        chrome.mouse("mousePressed", *box)
        chrome.mouse("mouseReleased", *box, buttons=0)
        config = json.loads(chrome.evaluate("document.getElementById('wx').dataset.config"))
        sampling = config["sampling"]
        sampled = chrome.evaluate(SAMPLE % sampling["samples"], timeout=30)
        thresholding = stories.get("thresholding").resolve()
        exact = maths.p_sparse_lasso(
            thresholding["beta"], thresholding["sigma"], thresholding["gamma"]
        )
        assert sampled["n"] == sampling["samples"] == 2000
        assert sampled["exact"] == number_text(exact)
        assert abs(sampled["fraction"] - exact) < 0.05  # about 4.5 standard errors
        assert sampled["fraction"] == pytest.approx(sampled["count"] / sampled["n"], abs=1e-4)
        assert sampled["cross"] != "none" and sampled["dots"] > 1500
        shot(chrome, "light-desktop-sampling")
        # Seeded: switching off and on draws the same points again (at once this time: the
        # reader now prefers reduced motion, which must not change the numbers).
        emulate(chrome, reduced_motion=True)
        chrome.evaluate("document.getElementById('wx-sample').click()")
        chrome.evaluate("document.getElementById('wx-sample').click()")
        again = chrome.evaluate(SAMPLE % sampling["samples"], timeout=30)
        assert again["count"] == sampled["count"]
        assert_offline(chrome, page.parent)


def test_dark_theme_and_reduced_motion(tmp_path):
    page = write_explorer(tmp_path / "site", "dark")
    with browser(tmp_path / "profile") as chrome:
        emulate(chrome, reduced_motion=True)  # a light system: the CLI's dark theme still wins
        chrome.open(page.as_uri())
        colours = chrome.evaluate(
            "(() => { const s = getComputedStyle(document.getElementById('wx'));"
            " return [s.backgroundColor, s.color]; })()"
        )
        assert colours == ["rgb(21, 23, 28)", "rgb(237, 237, 237)"]
        transition = chrome.evaluate(
            "getComputedStyle(document.querySelector('.wx-zero-ring')).transitionDuration"
        )
        assert transition == "0s"
        # The eccentricity slider, one key step down: H = s·R(θ)·diag(1 − e², 1)·R(θ)ᵀ.
        chrome.evaluate("document.getElementById('wx-e').focus()")
        chrome.key("ArrowLeft", "ArrowLeft", 37)
        state = read_state(chrome)
        e, degrees = (float(chrome.evaluate(f"document.getElementById('wx-{n}').value"))
                      for n in ("e", "theta"))  # fmt: skip
        assert e == 0.87 and degrees == -41  # the story's H is e = 0.8846, θ = −40.9°
        scale = np.linalg.eigvalsh(
            maths.hessian_matrix(*stories.get("geometry").param("hessian").default)
        )[-1]
        cos, sin = np.cos(np.radians(degrees)), np.sin(np.radians(degrees))
        rotation = np.array([[cos, -sin], [sin, cos]])
        h = scale * rotation @ np.diag([1 - e * e, 1.0]) @ rotation.T
        assert state["hessian"] == pytest.approx([h[0, 0], h[0, 1], h[1, 1]], abs=1e-12)
        assert_matches_python(state)
        # The edge example restores the story's H and t and lands on the edge point.
        chrome.evaluate("document.getElementById('wx-edge').click()")
        edge = read_state(chrome)
        assert (edge["shown"]["l1"]["x"], edge["shown"]["l1"]["y"]) == ("0.4125", "0.5875")
        assert not edge["shown"]["l1"]["sparse"]
        assert edge["shown"]["l1"]["status"].startswith("edge")
        assert_matches_python(edge)
        # Reduced motion: every sample at once, no animation frames needed.
        counted = chrome.evaluate(
            "(() => { document.getElementById('wx-sample').click();"
            " return document.getElementById('wx-sample-n').textContent; })()"
        )
        assert counted == "2000"
        shot(chrome, "dark-desktop-sampling")
        assert_offline(chrome, page.parent)


@pytest.fixture(scope="module")
def course_page(tmp_path_factory) -> Path:
    """A minimal course page: one real figure, and the explorer."""
    from whyl1.figures.common import render_figure

    site = tmp_path_factory.mktemp("course")
    render_figure(
        "penalties", stories.get("penalties").resolve(), fmt="svg", out_dir=site / "figures"
    )
    return build_page(site, "light", explorer_fragment("light"))


def test_course_page_touch_drag_on_a_phone_and_dark(course_page, tmp_path):
    with browser(tmp_path / "profile") as chrome:
        emulate(chrome)
        chrome.open(course_page.as_uri())
        start = read_state(chrome)
        assert start["instances"] == 1
        assert_matches_python(start)
        chrome.evaluate("document.getElementById('explorer').scrollIntoView()")
        shot(chrome, "course-light-desktop", full_page=False)
        emulate(chrome, dark=True)  # the light page follows a dark system
        assert (
            chrome.evaluate("getComputedStyle(document.getElementById('wx')).backgroundColor")
            == "rgb(21, 23, 28)"
        )
        shot(chrome, "course-dark-desktop", full_page=False)

        phone(chrome)
        chrome.open(course_page.as_uri())
        handle = chrome.evaluate(HANDLE_POINT)
        target = chrome.evaluate(CLIENT_POINT % (-2.0, 0.6))
        touch = [{"x": handle[0], "y": handle[1]}]
        chrome.command("Input.dispatchTouchEvent", {"type": "touchStart", "touchPoints": touch})
        for i in range(1, 6):
            x = handle[0] + i / 5 * (target[0] - handle[0])
            y = handle[1] + i / 5 * (target[1] - handle[1])
            chrome.command(
                "Input.dispatchTouchEvent", {"type": "touchMove", "touchPoints": [{"x": x, "y": y}]}
            )
        chrome.command("Input.dispatchTouchEvent", {"type": "touchEnd", "touchPoints": []})
        touched = read_state(chrome)
        assert touched["center"] == pytest.approx([-2.0, 0.6], abs=0.05)
        assert_matches_python(touched)
        width = chrome.evaluate("document.documentElement.scrollWidth")
        assert width <= PHONE[0], "the page scrolls sideways on a phone"
        chrome.evaluate("document.getElementById('explorer').scrollIntoView()")
        shot(chrome, "course-dark-phone", full_page=False)
        emulate(chrome)
        shot(chrome, "course-light-phone", full_page=False)
        assert_offline(chrome, course_page.parent)

"""The explorer: an interactive, offline widget where a learner drags β̂ and sees the lasso
land on a corner (an exact zero) while ridge does not.

The widget is plain HTML (``whyl1/templates/explorer*.html``), CSS and JavaScript
(``whyl1/web/``) inlined into one fragment, so it works from ``file://`` with no network
request. Its solvers are a JavaScript port of ``whyl1.maths``' 2-D constrained solutions
(parity is tested); everything the browser cannot cheaply compute, such as the exact
``P(lasso sparse)``, comes from Python here.
"""

from __future__ import annotations

import html
import json
from pathlib import Path

from whyl1 import maths, stories
from whyl1.outputs import write_atomic
from whyl1.templates import fill, web_file
from whyl1.theme import DARK, LIGHT, THEMES, Palette

# How many β̂ the "sample many" mode draws: enough for the running fraction to settle
# within a few hundredths of the exact probability (standard error ≈ 0.011).
SAMPLES = 2000


def _palette_variables(p: Palette) -> str:
    """A palette as CSS custom properties (``--wx-l1:#0072B2;…``) for the widget's style,
    which applies light by default, dark when the reader's system asks for it, and dark
    always when the CLI chose ``--theme dark``."""
    roles = ("background", "foreground", "muted", "faint", "l1", "l2", "loss", "zero")
    return ";".join(f"--wx-{role}:{getattr(p, role)}" for role in roles)


def explorer_config() -> dict:
    """The widget's initial state: the ``geometry`` story's defaults (β̂, H, t, the edge
    case) and the ``thresholding`` story's (β, σ, γ, seed) with its exact ``P(lasso sparse)``,
    computed here so the browser needs no port of the normal CDF."""
    geometry = stories.get("geometry").resolve()
    thresholding = stories.get("thresholding").resolve()
    beta, sigma, gamma = thresholding["beta"], thresholding["sigma"], thresholding["gamma"]
    return {
        "center": list(geometry["center"]),
        "hessian": list(geometry["hessian"]),
        "t": geometry["t"],
        "edgeCenter": list(geometry["edge_center"]),
        "sampling": {
            "beta": list(beta),
            "sigma": sigma,
            "gamma": gamma,
            "seed": thresholding["seed"],
            "samples": SAMPLES,
            "pSparseLasso": maths.p_sparse_lasso(beta, sigma, gamma),
        },
    }


# The two sides of the comparison; explorer.js fills the ids ``wx-<ball>-…`` it finds in
# each (``templates/explorer-panel.html``).
PANELS = (
    {"ball": "l1", "name": "Lasso", "shape": "L1 diamond", "constraint": "diamond ‖β‖₁ ≤ t"},
    {"ball": "l2", "name": "Ridge", "shape": "L2 disk", "constraint": "disk ‖β‖₂ ≤ t"},
)


def explorer_fragment(theme: str) -> str:
    """The widget as one self-contained HTML fragment (markup, ``<style>``, ``<script>``),
    ready to drop into the course page or any other page (once per page: its element ids are
    fixed); ``theme`` is ``light`` or ``dark``."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
    script = web_file("explorer.js")
    if "</script" in script.lower():  # would end the inline <script> early
        raise ValueError("explorer.js must not contain '</script'")
    config = html.escape(json.dumps(explorer_config(), ensure_ascii=False), quote=True)
    return fill(
        "explorer.html",
        theme=theme,
        config=config,
        panels="".join(fill("explorer-panel.html", **panel) + "\n" for panel in PANELS),
        light=_palette_variables(LIGHT),
        dark=_palette_variables(DARK),
        css=web_file("explorer.css"),
        script=script,
    )


def write_explorer(out_dir: Path, theme: str) -> Path:
    """Write the standalone ``out_dir/explorer.html`` (atomically) and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "explorer.html"
    text = fill(
        "explorer-page.html",
        theme=theme,
        light=LIGHT.background,
        light_fg=LIGHT.foreground,
        dark=DARK.background,
        dark_fg=DARK.foreground,
        fragment=explorer_fragment(theme),
    )
    write_atomic(target, text.encode("utf-8"))
    return target

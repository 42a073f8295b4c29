"""The explorer: an interactive, offline widget where a learner drags β̂ and sees the lasso
land on a corner (an exact zero) while ridge does not.

The widget is plain HTML, CSS and JavaScript (``whyl1/web/``) inlined into one fragment,
so it works from ``file://`` with no network request. Its solvers are a JavaScript port
of ``whyl1.maths``' 2-D constrained solutions (parity is tested); everything the browser
cannot cheaply compute, such as the exact ``P(lasso sparse)``, comes from Python here.
"""

from __future__ import annotations

import html
import json
from importlib import resources
from pathlib import Path

from whyl1 import maths, stories
from whyl1.pipeline import write_atomic
from whyl1.theme import DARK, LIGHT, THEMES, Palette

# How many β̂ the "sample many" mode draws: enough for the running fraction to settle
# within a few hundredths of the exact probability (standard error ≈ 0.011).
SAMPLES = 2000


def _web_file(name: str) -> str:
    """A file of ``whyl1/web`` (shipped as package data), as text."""
    return resources.files("whyl1").joinpath("web", name).read_text(encoding="utf-8")


def _palette_css(light: Palette, dark: Palette) -> str:
    """The palettes as custom properties: light by default, dark when the reader's system
    asks for it, and dark always when the CLI chose ``--theme dark``."""

    def variables(p: Palette) -> str:
        roles = ("background", "foreground", "muted", "faint", "l1", "l2", "loss", "zero")
        return ";".join(f"--wx-{role}:{getattr(p, role)}" for role in roles)

    return (
        f".whyl1-explorer{{{variables(light)};color-scheme:light}}\n"
        "@media (prefers-color-scheme: dark){"
        f".whyl1-explorer{{{variables(dark)};color-scheme:dark}}}}\n"
        f'.whyl1-explorer[data-theme="dark"]{{{variables(dark)};color-scheme:dark}}\n'
    )


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


# One side of the comparison; explorer.js fills the ids ``wx-<ball>-…`` it finds here.
PANEL = """<figure class="wx-panel" data-ball="{ball}">
<svg class="wx-plot" id="wx-plot-{ball}" viewBox="0 0 360 360" role="img"
 aria-labelledby="wx-{ball}-title"><title id="wx-{ball}-title">{name}: loss contours around β̂ and
 the {shape}</title></svg>
<figcaption class="wx-readout" id="wx-{ball}-readout">
<span class="wx-name wx-{ball}">{name}</span>, {constraint}<br>
β = (<span id="wx-{ball}-x"></span>, <span id="wx-{ball}-y"></span>) · loss
<span id="wx-{ball}-level"></span><br><span id="wx-{ball}-status" class="wx-status"></span>
</figcaption>
</figure>
"""
PANELS = PANEL.format(ball="l1", name="Lasso", shape="L1 diamond", constraint="diamond ‖β‖₁ ≤ t")
PANELS += PANEL.format(ball="l2", name="Ridge", shape="L2 disk", constraint="disk ‖β‖₂ ≤ t")

MARKUP = """<div class="whyl1-explorer" id="wx" data-theme="{theme}" data-config="{config}">
<div class="wx-panels">
{panels}</div>
<p class="wx-state">β̂ = (<span id="wx-center-x"></span>, <span id="wx-center-y"></span>)
· H = <span id="wx-hessian"></span> · t = <span id="wx-t-text"></span></p>
<div class="wx-controls">
<div class="wx-control"><label for="wx-e">Ellipse eccentricity e</label>
<input type="range" id="wx-e" min="0" max="0.99" step="0.01">
<output for="wx-e" id="wx-e-out"></output></div>
<div class="wx-control"><label for="wx-theta">Long-axis rotation θ (degrees)</label>
<input type="range" id="wx-theta" min="-90" max="90" step="1">
<output for="wx-theta" id="wx-theta-out"></output></div>
<div class="wx-control"><label for="wx-t">Budget t</label>
<input type="range" id="wx-t" min="0.1" max="3" step="0.05">
<output for="wx-t" id="wx-t-out"></output></div>
<div class="wx-buttons">
<button type="button" id="wx-corner">Corner example</button>
<button type="button" id="wx-edge">Edge example</button>
<label class="wx-toggle" for="wx-sample"><input type="checkbox" id="wx-sample">
Sample many β̂</label>
</div>
</div>
<p class="wx-sample-readout" id="wx-sample-readout" hidden></p>
<p class="wx-help">Drag β̂ (the loss colour dot) in either panel, or focus it with Tab and
use the arrow keys (Shift for bigger steps). The sliders set
H = s·R(θ)·diag(1 − e², 1)·R(θ)ᵀ: eccentricity e of the loss ellipses, rotation θ of their
long axis, s the story's largest curvature. "Sample many β̂" draws β̂ ~ N(β, σ²I) for the
orthogonal design (H = I, penalty γ), where the lasso is soft-thresholding and is sparse
exactly when β̂ falls in the shaded cross.</p>
<p class="wx-live" id="wx-live" aria-live="polite"></p>
<noscript><p>The explorer needs JavaScript.</p></noscript>
</div>"""


def explorer_fragment(theme: str) -> str:
    """The widget as one self-contained HTML fragment (markup, ``<style>``, ``<script>``),
    ready to drop into the course page or any other page (once per page: its element ids are
    fixed); ``theme`` is ``light`` or ``dark``."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
    script = _web_file("explorer.js")
    if "</script" in script.lower():  # would end the inline <script> early
        raise ValueError("explorer.js must not contain '</script'")
    config = html.escape(json.dumps(explorer_config(), ensure_ascii=False), quote=True)
    return (
        MARKUP.format(theme=theme, config=config, panels=PANELS)
        + f"\n<style>\n{_palette_css(LIGHT, DARK)}{_web_file('explorer.css')}</style>\n"
        + f"<script>\n{script}</script>\n"
    )


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>whyl1 explorer: why L1 gives exact zeros and L2 does not</title>
<style>
body{{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
background:{light};color:{light_fg}}}
@media (prefers-color-scheme: dark){{body{{background:{dark};color:{dark_fg}}}}}
body[data-theme="dark"]{{background:{dark};color:{dark_fg}}}
main{{max-width:58rem;margin:0 auto;padding:1rem}} h1{{font-size:1.5rem;margin:.5rem 0}}
</style>
</head>
<body data-theme="{theme}">
<main>
<h1>Drag β̂: why the diamond gives exact zeros and the disk does not</h1>
{fragment}
</main>
</body>
</html>
"""


def write_explorer(out_dir: Path, theme: str) -> Path:
    """Write the standalone ``out_dir/explorer.html`` (atomically) and return its path."""
    out_dir.mkdir(parents=True, exist_ok=True)
    target = out_dir / "explorer.html"
    text = PAGE.format(
        theme=theme,
        light=LIGHT.background,
        light_fg=LIGHT.foreground,
        dark=DARK.background,
        dark_fg=DARK.foreground,
        fragment=explorer_fragment(theme),
    )
    write_atomic(target, text.encode("utf-8"))
    return target

"""Every slide figure, whichever exists: renders in each format, theme and size, byte for byte
the same on a second run, and matches its committed baseline image.

Figures are found from the catalogue (every story with a ``figures/<story>.py``), so a new
figure is tested here without editing this file; it only needs a baseline.

Baselines: ``tests/baseline/figures/<story>.png``, the light theme at the slide size and
50 dpi, written by ``scripts/update_baselines.py``. After an intended change to a figure,
regenerate them with ``make baselines``, look at them, and commit them with the change.
"""

from __future__ import annotations

import re
import runpy
from collections.abc import Callable, Iterator
from pathlib import Path
from types import SimpleNamespace

import pytest
from figuretools import draw_figure
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.testing.compare import compare_images
from PIL import Image
from whyl1.figures.common import FORMATS, SIZES, render_figure

from whyl1 import stories
from whyl1.results import StoryResult

ROOT = Path(__file__).resolve().parent.parent
# The baseline script's own names (scripts/ is not a package), so the tests render exactly
# as the baselines were rendered
baselines = SimpleNamespace(**runpy.run_path(str(ROOT / "scripts" / "update_baselines.py")))

FIGURES = baselines.figure_stories()
THEMES = ("light", "dark")
MAGIC = {"png": b"\x89PNG\r\n\x1a\n", "svg": b"<?xml", "pdf": b"%PDF-"}

# RMS difference (0-255 grey levels) that a render may have from its baseline. On the machine
# that wrote the baselines the difference is exactly 0 (the bytes are reproducible); 2 absorbs
# the anti-aliasing and hinting of another FreeType build, while any real change (a curve
# moved by a parameter, a label changed, a colour swapped) measures well above 5 at this size.
BASELINE_TOLERANCE = 2.0


@pytest.fixture(scope="module", autouse=True)
def compute_each_story_once() -> Iterator[None]:
    """The maths of a story runs once per parameter set in this module (selection's lasso
    takes seconds); every render still draws and saves from scratch. A figure that mutated
    its data would show up as a failed determinism test."""
    original = stories.Story.compute
    cache: dict[tuple[str, str], StoryResult] = {}

    def compute(self: stories.Story, values: dict | None = None) -> StoryResult:
        key = (self.name, repr(sorted((values or self.resolve()).items())))
        if key not in cache:
            cache[key] = original(self, values)
        return cache[key]

    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(stories.Story, "compute", compute)
        yield


@pytest.fixture(scope="module")
def render(tmp_path_factory: pytest.TempPathFactory) -> Callable[..., tuple[bytes, str]]:
    """``render(story, fmt, theme, run=0)`` -> (file bytes, alt text), through
    ``render_figure`` at the slide size; PNGs at the baselines' low dpi. Cached, so the
    baseline comparison reuses the light PNG of the format test."""
    done: dict[tuple, tuple[bytes, str]] = {}

    def rendered(story: str, fmt: str, theme: str, run: int = 0) -> tuple[bytes, str]:
        key = (story, fmt, theme, run)
        if key not in done:
            out = tmp_path_factory.mktemp(f"{story}-{fmt}-{theme}-{run}")
            dpi = baselines.BASELINE_DPI if fmt == "png" else None
            image, alt = render_figure(
                story, stories.get(story).resolve(), theme=theme, fmt=fmt, dpi=dpi, out_dir=out
            )
            done[key] = (image.read_bytes(), alt.read_text())
        return done[key]

    return rendered


def test_figures_are_found():
    assert {"penalties", "steps", "oscillation", "epsilon", "kink", "lp-balls"} <= set(FIGURES)


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("story", FIGURES)
def test_every_format_and_theme_renders_reproducibly(story, fmt, render):
    for theme in THEMES:
        image, alt = render(story, fmt, theme)
        assert image.startswith(MAGIC[fmt]) and len(image) > 1000, (story, fmt, theme)
        assert alt.strip() and re.search(r"\d", alt), f"{story}: alt text without a number"
        assert alt.endswith("\n") and "\n" not in alt.strip()
    if fmt == "svg":
        assert b"<svg" in render(story, fmt, "light")[0]
    # Determinism: a second render with the same inputs, the same bytes
    assert render(story, fmt, "light", run=1) == render(story, fmt, "light"), (
        f"{story}.{fmt} differs between two renders"
    )
    assert render(story, fmt, "dark")[0] != render(story, fmt, "light")[0]


def test_each_size_has_one_layout():
    """The figure modules are told their page by these properties alone: each size must be
    exactly one of compact (print column), wide (slide) and stacked (square)."""
    layouts = {name: (size.compact, size.wide, size.stacked) for name, size in SIZES.items()}
    assert layouts == {
        "slide": (False, True, False),
        "square": (False, False, True),
        "column": (True, False, False),
    }


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("story", FIGURES)
def test_each_size_has_its_pixel_size(story, size, tmp_path):
    image, _alt = render_figure(
        story, stories.get(story).resolve(), size=size, fmt="png", out_dir=tmp_path
    )
    with Image.open(image) as png:
        assert png.size == SIZES[size].pixels


@pytest.mark.parametrize("story", FIGURES)
def test_matches_its_baseline(story, render, tmp_path):
    expected = baselines.BASELINE_DIR / f"{story}.png"
    if not expected.exists():
        pytest.fail(
            f"no baseline image for {story!r} ({expected.relative_to(ROOT)}): run "
            "`make baselines`, look at the new PNG and commit it"
        )
    actual = tmp_path / f"{story}.png"
    actual.write_bytes(render(story, "png", "light")[0])
    difference = compare_images(str(expected), str(actual), tol=BASELINE_TOLERANCE)
    assert difference is None, (
        f"{difference}\nIf the change is intended, run `make baselines` and commit the PNGs."
    )


def test_baseline_comparison_sees_a_moved_parameter(tmp_path):
    """The tolerance is loose enough for another FreeType, not for a changed figure: the
    steps figure from w0 = 3 (L1 lands at step 6, not 10) fails against the default one."""
    values = stories.get("steps").resolve({"w0": "3"})
    image, _alt = render_figure(
        "steps", values, fmt="png", dpi=baselines.BASELINE_DPI, out_dir=tmp_path
    )
    expected = baselines.BASELINE_DIR / "steps.png"
    assert compare_images(str(expected), str(image), tol=BASELINE_TOLERANCE) is not None


@pytest.mark.parametrize("size", SIZES)
@pytest.mark.parametrize("story", FIGURES)
def test_nothing_drawn_runs_off_the_page(story, size):
    """Every title, label, tick label and legend lies inside the page at every size.
    Constrained layout keeps the axes inside, but not a title wider than its panel, which
    on the print column ran past the edge and was cut off. The figure's tight box holds
    exactly what is drawn (tick labels outside the view limits are not)."""
    fig, _alt = draw_figure(story, size=size)
    FigureCanvasAgg(fig)
    fig.canvas.draw()
    drawn = fig.get_tightbbox(fig.canvas.get_renderer())  # inches
    slack = 1 / SIZES[size].dpi  # one pixel
    width, height = fig.get_figwidth(), fig.get_figheight()
    assert drawn.x0 >= -slack and drawn.y0 >= -slack, f"{story} at {size}: {drawn}"
    assert drawn.x1 <= width + slack and drawn.y1 <= height + slack, f"{story} at {size}: {drawn}"

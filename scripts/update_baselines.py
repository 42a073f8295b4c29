"""Rewrites the baseline PNGs that tests/test_figures.py compares every slide figure against.

Run with ``make baselines`` (or ``.venv/bin/python scripts/update_baselines.py [STORY...]``)
after an intended change to a figure, look at the new PNGs, and commit them with the change.
The baselines are the light theme at the slide size and a low resolution
(``BASELINE_DPI``), which keeps the repository small and still shows any moved, missing or
recoloured line; the tests render with the same function, so the two cannot drift apart.
"""

from __future__ import annotations

import argparse
import shutil
import sys
import tempfile
from pathlib import Path

from whyl1.figures.common import render_figure

from whyl1 import stories

ROOT = Path(__file__).resolve().parent.parent
BASELINE_DIR = ROOT / "tests" / "baseline" / "figures"
BASELINE_DPI = 50  # 500×281 pixels at the slide size: a few kB per figure


def figure_stories() -> list[str]:
    """Every story that has a figure module, in catalogue order."""
    return [story.name for story in stories.STORIES if story.has_output("figure")]


def render_baseline(story: str, out_dir: Path) -> Path:
    """The story's figure with default parameters, rendered the way its baseline is."""
    values = stories.get(story).resolve()
    image, _alt = render_figure(
        story, values, theme="light", size="slide", fmt="png", dpi=BASELINE_DPI, out_dir=out_dir
    )
    return image


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stories", nargs="*", help="stories to update (default: every figure)")
    names = parser.parse_args(argv).stories or figure_stories()
    unknown = sorted(set(names) - set(figure_stories()))
    if unknown:
        parser.error(f"no figure for {', '.join(unknown)}; figures: {', '.join(figure_stories())}")
    BASELINE_DIR.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as scratch:
        for name in names:
            image = render_baseline(name, Path(scratch))
            target = BASELINE_DIR / f"{name}.png"
            shutil.copyfile(image, target)
            print(f"{target.relative_to(ROOT)}  {target.stat().st_size} bytes")
    return 0


if __name__ == "__main__":
    sys.exit(main())

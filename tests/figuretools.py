"""Test helpers for figures: draw a story's figure without saving it, and find what it drew.

Used by ``tests/test_figures.py`` and every ``tests/test_figure_data_*.py``. Drawing goes
through the product's own ``figure_style`` and ``draw_story``, the path ``whyl1 figure``
takes up to the saving, so the artists read back are the ones written to the file.
Artists are found by the gid each figure module sets, not by their drawing order.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

import numpy as np
import pytest
from matplotlib.artist import Artist
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import Rectangle
from whyl1.figures.common import draw_story, figure_style

from whyl1 import stories

Drawn = tuple[Figure, str, dict[str, Any]]


def draw_figure(
    story: str, values: Mapping[str, Any] | None = None, theme: str = "light", size: str = "slide"
) -> tuple[Figure, str]:
    """A drawn figure and its alt text without saving, so tests can read the artists' data
    back; ``values`` defaults to the catalogue's defaults."""
    resolved = stories.get(story).resolve() if values is None else dict(values)
    with figure_style(theme, size) as (colors, figure_size):
        return draw_story(story, resolved, colors, figure_size)


def draw(story: str, overrides: dict[str, str] | None = None) -> Drawn:
    """Figure, alt text and parameter values for ``story`` with command-line style
    overrides, validated by the catalogue exactly as ``whyl1 figure --set`` would be."""
    values = stories.get(story).resolve(overrides or {})
    fig, alt = draw_figure(story, values)
    return fig, alt, values


def fixture_for(story: str, cases: list[dict[str, str]]) -> Callable[..., Drawn]:
    """A module-scoped fixture drawing ``story`` once per case: its defaults and one moved
    parameter set (ids: default, moved), so a figure that hard-coded a default number
    fails the moved case."""

    @pytest.fixture(scope="module", params=range(len(cases)), ids=["default", "moved"])
    def drawn(request: pytest.FixtureRequest) -> Drawn:
        return draw(story, cases[request.param])

    return drawn


def by_gid(fig: Figure, gid: str) -> list[Artist]:
    """Every artist with this gid, in drawing order (a gid may mark several pieces)."""
    return fig.findobj(match=lambda artist: artist.get_gid() == gid)


def one(fig: Figure, gid: str) -> Any:
    """The single artist with this gid; fails if the figure drew none or several."""
    (artist,) = by_gid(fig, gid)
    return artist


def xy(line: Line2D) -> np.ndarray:
    """A line's plotted points as an ``(n, 2)`` float array."""
    return np.column_stack([line.get_xdata(), line.get_ydata()]).astype(float)


def legend_texts(fig: Figure) -> str:
    """All legend entries of the figure (axes and figure legends), one per line."""
    legends = list(fig.legends) + [ax.get_legend() for ax in fig.axes if ax.get_legend()]
    return "\n".join(t.get_text() for legend in legends for t in legend.get_texts())


def span_x(patch: Rectangle) -> tuple[float, float]:
    """The data-x extent of an ``axvspan`` (a Rectangle in x data, y axes coordinates)."""
    return patch.get_x(), patch.get_x() + patch.get_width()

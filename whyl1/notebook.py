"""Stories in a Jupyter notebook: ``whyl1.show(NAME, kind=…, **params)``.

The object ``show`` returns displays itself: Jupyter asks it for HTML (``_repr_html_``)
and, for a figure, SVG and PNG too (``_repr_svg_``, ``_repr_png_``, which exporters to
PDF and plain viewers use). Its outputs come through the same pipeline and cache as a
Sphinx or MkDocs site's (``whyl1.embed``), rendered once per machine. A notebook has no
folder a browser could load files from, so every file is inlined as a ``data:`` URL:
the video plays in the output with its captions, and the explorer (inline HTML, CSS and
script, no CDN) works in JupyterLab offline, as in an exported HTML file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from whyl1 import embed


def _text(value: Any) -> str:
    """A Python value as the catalogue's text: ``3`` -> ``"3"``, ``(1.9, 3)`` -> ``"1.9,3"``."""
    if isinstance(value, tuple | list):
        return ",".join(_text(part) for part in value)
    if isinstance(value, bool) or not isinstance(value, int | float | str):
        raise embed.EmbedError(f"expected a number or a tuple of numbers, got {value!r}")
    return str(value)


@dataclass(frozen=True)
class Video:
    """A story's video, poster, captions and transcript, displayed inline."""

    block: embed.Block

    def _repr_html_(self) -> str:
        return self.block.inline_html()


@dataclass(frozen=True)
class Figure:
    """A story's figure with its alt text; also SVG and PNG for exporters and viewers
    that show no HTML."""

    block: embed.Block

    def _repr_html_(self) -> str:
        return self.block.inline_html()

    def _file(self, fmt: str) -> Path:
        assets = self.block.assets
        assert assets is not None  # a figure block has its assets
        return self.block.folder / assets.figure_links[fmt]

    def _repr_svg_(self) -> str:
        return self._file("svg").read_text(encoding="utf-8")

    def _repr_png_(self) -> bytes:
        return self._file("png").read_bytes()

    @property
    def alt(self) -> str:
        """The figure's alt text: one sentence with its numbers."""
        assert self.block.assets is not None
        return self.block.assets.alt


@dataclass(frozen=True)
class Explorer:
    """The interactive explorer, inline (markup, style and script in one output)."""

    block: embed.Block

    def _repr_html_(self) -> str:
        return self.block.inline_html()


DISPLAYS = {"video": Video, "figure": Figure, "explorer": Explorer}


def show(
    name: str | None = None,
    kind: str = "video",
    *,
    theme: str = "light",
    size: str = "slide",
    quality: str = "medium",
    cache: str | Path | None = None,
    **params: Any,
) -> Video | Figure | Explorer:
    """Display a story in a notebook: ``whyl1.show("steps")`` (its video),
    ``whyl1.show("steps", kind="figure", w0=3)``, ``whyl1.show(kind="explorer")``.

    ``params`` are the story's parameters (``whyl1 list --params``), as numbers or tuples
    of numbers; ``theme`` is light or dark, ``size`` a figure's (slide, square, column),
    ``quality`` a video's. Outputs are rendered on first use into ``cache`` (default:
    whyl1's cache folder, ``$WHYL1_CACHE`` or ``~/.cache/whyl1``) and reused after.
    A bad name or value raises ``ValueError`` (``embed.EmbedError``) saying which."""
    overrides = tuple((key, _text(value)) for key, value in params.items())
    request = embed.Request(kind, name or "", overrides, theme=theme, size=size, quality=quality)
    block = embed.prepare(request, cache=Path(cache) if cache is not None else None)
    return DISPLAYS[kind](block)

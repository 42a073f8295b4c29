"""The MkDocs plugin: ``plugins: [whyl1]`` in ``mkdocs.yml`` expands a fenced block in a
Markdown page into a story's video, figure or the explorer, the same blocks as the Sphinx
directives (``whyl1.sphinx``) and in the same syntax as their MyST form::

    ```{whyl1-video} steps
    :theme: dark
    :set: w0=3 eta=0.25
    ```

    ```{whyl1-figure} geometry
    :size: square
    ```

    ```{whyl1-explorer}
    ```

A fenced block, as MkDocs sites already write diagrams (```` ```mermaid ````): in an
editor or on a forge it shows as a code block, and a page moves between MkDocs and Sphinx
or Jupyter Book unchanged. A fence inside another fence (an example of the syntax in a
longer ```` ```` ```` block) is left alone. Options: ``:theme:`` (light, dark), ``:size:``
for figures (slide, square, column), ``:set:`` with a story's parameters.

Plugin options in ``mkdocs.yml``: ``quality`` of rendered videos (default medium),
``theme`` (the default of ``:theme:``), ``cache`` (the render cache; default ``renders/``
in whyl1's cache folder) and ``outputs`` (a ``whyl1 all`` folder to take the outputs from
instead of rendering). The blocks' files are copied into ``site/whyl1/``.

A block that cannot be embedded stops the build with one line naming the page and line.
"""

from __future__ import annotations

import logging
import re
import shutil
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from mkdocs.config import base
from mkdocs.config import config_options as option
from mkdocs.config.defaults import MkDocsConfig
from mkdocs.exceptions import PluginError
from mkdocs.plugins import BasePlugin
from mkdocs.structure.files import Files
from mkdocs.structure.pages import Page
from mkdocs.utils import get_relative_url

from whyl1 import embed, outputs
from whyl1.render import QUALITIES
from whyl1.templates import web_file
from whyl1.theme import THEMES

log = logging.getLogger("mkdocs.plugins.whyl1")

PUBLISHED = "whyl1"  # where the blocks' files land in the site
OPTIONS = {
    "video": ("theme", "set"),
    "figure": ("theme", "size", "set"),
    "explorer": ("theme",),
}

_FENCE = re.compile(r"^(?P<indent>[ \t]*)(?P<fence>`{3,}|~{3,})(?P<info>.*)$")
_MARKER = re.compile(r"^\{whyl1-(?P<kind>[\w-]*)\}\s*(?P<argument>.*?)\s*$")
_OPTION = re.compile(r"^:(?P<name>[\w-]+):(?:\s+(?P<value>.*?))?\s*$")


class MarkerError(ValueError):
    """A whyl1 block in a page that cannot be read; ``line`` is 1-based in the page."""

    def __init__(self, line: int, message: str) -> None:
        super().__init__(message)
        self.line = line


@dataclass(frozen=True)
class Marker:
    """One ``{whyl1-…}`` fenced block: its first and last line (0-based), the indent to
    keep, and what it asks for."""

    first: int
    last: int
    indent: str
    kind: str
    argument: str
    options: dict[str, str]


def find_markers(markdown: str) -> list[Marker]:
    """Every whyl1 block of a page, in order; the content of other fenced blocks is
    skipped (CommonMark: a fence closes on a line of the same character, at least as
    long, and nothing else)."""
    lines = markdown.splitlines()
    markers = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening or (opening["fence"][0] == "`" and "`" in opening["info"]):
            index += 1
            continue
        fence = opening["fence"]
        close = next(
            (
                j
                for j in range(index + 1, len(lines))
                if lines[j].strip().startswith(fence) and not lines[j].strip().strip(fence[0])
            ),
            None,
        )
        marker = _MARKER.match(opening["info"].strip())
        if marker:
            if close is None:
                raise MarkerError(index + 1, f"{{whyl1-{marker['kind']}}}: no closing {fence}")
            markers.append(_read_marker(lines, index, close, opening["indent"], marker))
        index = len(lines) if close is None else close + 1
    return markers


def _read_marker(lines: list[str], first: int, last: int, indent: str, marker: re.Match) -> Marker:
    kind, argument = marker["kind"], marker["argument"]
    name = f"whyl1-{kind}"
    if kind not in OPTIONS:
        known = ", ".join(f"{{whyl1-{k}}}" for k in OPTIONS)
        raise MarkerError(first + 1, f"unknown block {{{name}}}; known: {known}")
    if kind == "explorer" and argument:
        raise MarkerError(first + 1, f"{name}: takes no story, got {argument!r}")
    if kind != "explorer" and not argument:
        raise MarkerError(first + 1, f"{name}: name the story, e.g. {{{name}}} steps")
    options: dict[str, str] = {}
    for number in range(first + 1, last):
        text = lines[number].strip()
        if not text:
            continue
        option_line = _OPTION.match(text)
        if not option_line:
            raise MarkerError(
                number + 1, f"{name}: expected an option (:name: value), got {text!r}"
            )
        key, value = option_line["name"], option_line["value"] or ""
        if key not in OPTIONS[kind]:
            allowed = ", ".join(f":{o}:" for o in OPTIONS[kind])
            raise MarkerError(number + 1, f"{name}: unknown option :{key}:; allowed: {allowed}")
        if key in options:
            raise MarkerError(number + 1, f"{name}: option :{key}: given twice")
        options[key] = value
    return Marker(first, last, indent, kind, argument, options)


class Whyl1Config(base.Config):
    quality = option.Choice(tuple(QUALITIES), default="medium")
    theme = option.Choice(THEMES, default="light")
    cache = option.Optional(option.Dir(exists=False))
    outputs = option.Optional(option.Dir(exists=True))


class Whyl1Plugin(BasePlugin[Whyl1Config]):
    """Expands the blocks page by page and publishes their files after the build.

    ``on_page_markdown`` prepares each block and leaves a placeholder where it was: an
    HTML comment, which Markdown keeps as it is at any depth (in a list, an admonition);
    ``on_page_content`` puts the markup there, its links relative to the page."""

    def on_config(self, config: MkDocsConfig) -> MkDocsConfig:
        self.published: dict[str, Path] = {}  # site path -> source file
        # page -> placeholder -> the block and its line in the page
        self.pending: dict[str, dict[str, tuple[embed.Block, str]]] = {}
        self.token = uuid.uuid4().hex  # no page can hold a placeholder by chance
        config.extra_css.append(f"{PUBLISHED}/{embed.STYLE_SHEET}")
        return config

    def on_page_markdown(
        self, markdown: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        where = page.file.abs_src_path or page.file.src_uri
        offset = _front_matter_lines(page, markdown)
        try:
            markers = find_markers(markdown)
        except MarkerError as error:
            raise PluginError(f"{where}:{error.line + offset}: {error}") from None
        blocks: dict[str, embed.Block] = {}
        explorer_line = None
        for marker in markers:
            line = marker.first + 1 + offset
            if marker.kind == "explorer":
                if explorer_line is not None:
                    raise PluginError(
                        f"{where}:{line}: whyl1-explorer: this page has an explorer already "
                        f"(line {explorer_line}); its element ids are fixed, so a page holds one"
                    )
                explorer_line = line
            try:
                block = self._prepare(marker)
            except embed.EmbedError as error:
                raise PluginError(f"{where}:{line}: whyl1-{marker.kind}: {error}") from None
            blocks[f"<!--whyl1 block {len(blocks)} {self.token}-->"] = (block, f"{where}:{line}")
            for relative in block.files:
                self.published[f"{block.request.name}/{relative}"] = block.folder / relative
        self.pending[page.file.src_uri] = blocks
        lines = markdown.splitlines()
        for marker, placeholder in reversed(list(zip(markers, blocks, strict=True))):
            lines[marker.first : marker.last + 1] = ["", marker.indent + placeholder, ""]
        return "\n".join(lines) + "\n"

    def _prepare(self, marker: Marker) -> embed.Block:
        theme = marker.options.get("theme", self.config.theme)
        if marker.kind == "explorer":
            request = embed.Request("explorer", theme=theme)
        else:
            request = embed.Request(
                marker.kind,
                marker.argument,
                embed.parse_assignments(marker.options.get("set", "")),
                theme=theme,
                size=marker.options.get("size", "slide"),
                quality=self.config.quality,
            )
        return embed.prepare(
            request,
            cache=Path(self.config.cache) if self.config.cache else None,
            found_in=Path(self.config.outputs) if self.config.outputs else None,
            log=lambda line: log.info(f"whyl1: {line}"),
        )

    def on_page_content(
        self, html: str, /, *, page: Page, config: MkDocsConfig, files: Files
    ) -> str:
        for placeholder, (block, where) in self.pending.pop(page.file.src_uri, {}).items():
            if placeholder not in html:  # escaped: Markdown made it part of a code block
                raise PluginError(
                    f"{where}: whyl1-{block.request.kind}: the block is inside a code block "
                    "(indented by four spaces outside a list or an admonition?)"
                )
            base = get_relative_url(f"{PUBLISHED}/{block.request.name}/", page.url)
            markup = block.html(base)
            html = html.replace(placeholder, markup)
        return html

    def on_post_build(self, *, config: MkDocsConfig) -> None:
        """Copy the blocks' files and the style sheet into ``site/whyl1/``."""
        target = Path(config.site_dir) / PUBLISHED
        for relative, source in self.published.items():
            destination = target / relative
            if destination.is_file() and outputs.fingerprint(destination) == outputs.fingerprint(
                source
            ):
                continue
            destination.parent.mkdir(parents=True, exist_ok=True)
            with outputs.atomic_path(destination) as temporary:
                shutil.copyfile(source, temporary)
        target.mkdir(parents=True, exist_ok=True)
        outputs.write_atomic(target / embed.STYLE_SHEET, web_file(embed.STYLE_SHEET).encode())


def _front_matter_lines(page: Page, markdown: str) -> int:
    """How many lines MkDocs took off the top of the page (its YAML front matter) before
    handing over ``markdown``, so errors name the line in the file."""
    try:
        source: Any = page.file.content_string
    except (OSError, UnicodeDecodeError):
        return 0
    if not markdown.strip() or not source.endswith(markdown.rstrip("\n") + "\n"):
        return 0
    return source[: len(source) - len(markdown.rstrip("\n") + "\n")].count("\n")

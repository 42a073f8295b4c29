"""The Sphinx extension: ``extensions = ["whyl1.sphinx"]`` in ``conf.py`` gives three
directives, in reStructuredText and in MyST Markdown (Jupyter Book):

- ``whyl1-video NAME``: the story's video with its poster, WebVTT captions and an
  expandable transcript (options ``:theme:`` and ``:set:``);
- ``whyl1-figure NAME``: the story's figure (SVG, with a link to the PNG) and its alt text
  (options ``:theme:``, ``:size:`` and ``:set:``);
- ``whyl1-explorer``: the interactive explorer, inline, once per page (option ``:theme:``).

``:set: w0=3 eta=0.25`` overrides the story's parameters as ``--set`` does. The outputs
come from ``whyl1.embed``: rendered on demand at ``whyl1_quality`` (default medium) into
the cache ``whyl1_cache`` (default ``renders/`` in whyl1's cache folder), or, when
``whyl1_outputs`` names a ``whyl1 all`` folder, taken from it and never rendered. Their
files are copied into the HTML output's ``_static/whyl1/`` with Sphinx's static files.

Parallel builds: each directive records the files it needs in the environment, which
Sphinx merges from its reading processes, and the HTML is written with links relative to
each page, so ``sphinx-build -j N`` is safe for reading and writing. Two processes that
render the same block take turns through its folder's lock (``whyl1.embed``).

A directive that cannot be embedded (an unknown story or parameter, a folder without it,
a failed render) is a Sphinx error naming the file and line, not a traceback.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from importlib import metadata
from pathlib import Path
from typing import Any, ClassVar

from docutils import nodes
from docutils.parsers.rst import directives
from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.environment import BuildEnvironment
from sphinx.util import logging
from sphinx.util.docutils import SphinxDirective, SphinxTranslator
from sphinx.util.osutil import relative_uri

from whyl1 import embed, outputs, pipeline
from whyl1.templates import web_file
from whyl1.theme import THEMES

__all__ = ["setup"]

logger = logging.getLogger(__name__)

PUBLISHED = "_static/whyl1"  # where the blocks' files land in the HTML output
# The builders that show the blocks. Every other builder leaves them out, as it does raw
# HTML; EPUB too, whose readers take no video and whose builder no .vtt or .mp4.
HTML_BUILDERS = ("html", "dirhtml", "singlehtml")
ENV_VERSION = 1  # bump when what a directive stores changes: Sphinx then re-reads every page


class whyl1_block(nodes.raw):  # lower case, as docutils names its node classes
    """A prepared ``embed.Block``. HTML builders write its markup with links relative to
    the page (``visit_block``); as a raw HTML node every other builder skips it."""


def _published(env: BuildEnvironment) -> dict[str, dict[str, str]]:
    """The files each page's blocks link to: published path -> source file."""
    if not hasattr(env, "whyl1_published"):
        env.whyl1_published = {}  # type: ignore[attr-defined]
    return env.whyl1_published  # type: ignore[attr-defined]


class _Whyl1Directive(SphinxDirective):
    """What the three directives share: checking the request, preparing the block,
    recording its files, and turning any failure into an error at the directive's line."""

    kind: ClassVar[str]
    option_spec: ClassVar[dict[str, Any]] = {
        "theme": lambda text: directives.choice(text, THEMES),
    }

    def request(self) -> embed.Request:
        raise NotImplementedError

    def run(self) -> list[nodes.Node]:
        if self.kind == "explorer":
            seen = self.env.temp_data.setdefault("whyl1-explorer-line", self.lineno)
            if seen != self.lineno:
                raise self.error(
                    f"{self.name}: this page has an explorer already (line {seen}); its "
                    "element ids are fixed, so a page holds one"
                )
        config = self.config
        try:
            block = embed.prepare(
                self.request(),
                cache=Path(config.whyl1_cache) if config.whyl1_cache else None,
                found_in=Path(config.whyl1_outputs) if config.whyl1_outputs else None,
                log=lambda line: logger.info(f"whyl1: {line}"),
            )
        except embed.EmbedError as error:
            raise self.error(f"{self.name}: {error}") from None
        published = _published(self.env).setdefault(self.env.docname, {})
        for relative in block.files:
            source = block.folder / relative
            published[f"{block.request.name}/{relative}"] = str(source)
        for relative in (*block.files, *block.made_from):
            self.env.note_dependency(str(block.folder / relative))
        node = whyl1_block("", "", format="html", block=block)
        self.set_source_info(node)
        return [node]


class _StoryDirective(_Whyl1Directive):
    required_arguments = 1
    option_spec: ClassVar[dict[str, Any]] = {
        **_Whyl1Directive.option_spec,
        "set": directives.unchanged_required,
    }

    def request(self) -> embed.Request:
        overrides = embed.parse_assignments(self.options.get("set", ""))
        return embed.Request(
            self.kind,
            self.arguments[0],
            overrides,
            theme=self.options.get("theme", self.config.whyl1_theme),
            size=self.options.get("size", "slide"),
            quality=self.config.whyl1_quality,
        )


class VideoDirective(_StoryDirective):
    """``.. whyl1-video:: NAME``: the story's video, captions and transcript."""

    kind = "video"


class FigureDirective(_StoryDirective):
    """``.. whyl1-figure:: NAME``: the story's figure with its alt text."""

    kind = "figure"
    option_spec: ClassVar[dict[str, Any]] = {
        **_StoryDirective.option_spec,
        "size": lambda text: directives.choice(text, embed.FIGURE_SIZES),
    }


class ExplorerDirective(_Whyl1Directive):
    """``.. whyl1-explorer::``: the interactive explorer."""

    kind = "explorer"

    def request(self) -> embed.Request:
        return embed.Request("explorer", theme=self.options.get("theme", self.config.whyl1_theme))


def visit_block(translator: SphinxTranslator, node: whyl1_block) -> None:
    """The block's markup, its links relative to the page being written: known only
    now (``dirhtml`` puts ``a/b.rst`` at ``a/b/index.html``, ``html`` at ``a/b.html``)."""
    block: embed.Block = node["block"]
    builder = translator.builder
    if builder.name not in HTML_BUILDERS:
        raise nodes.SkipNode
    page = builder.get_target_uri(builder.current_docname)  # type: ignore[attr-defined]
    base = relative_uri(page, f"{PUBLISHED}/{block.request.name}/")
    translator.body.append(block.html(base) + "\n")  # type: ignore[attr-defined]
    raise nodes.SkipNode


def depart_block(translator: SphinxTranslator, node: whyl1_block) -> None:
    """Never reached: ``visit_block`` skips the node's (empty) content."""


def publish(app: Sphinx, exception: Exception | None) -> None:
    """Copy every file the pages' blocks link to (and the style sheet) into
    ``_static/whyl1/``, skipping files already there unchanged and removing those no page
    links to any more. Runs once, in the main process, when the build has finished."""
    if exception is not None or app.builder.name not in HTML_BUILDERS:
        return
    target = Path(app.outdir) / PUBLISHED
    wanted = {
        relative: Path(source)
        for files in _published(app.env).values()
        for relative, source in files.items()
    }
    for relative, source in wanted.items():
        _copy(source, target / relative)
    target.mkdir(parents=True, exist_ok=True)
    style = target / embed.STYLE_SHEET
    content = web_file(embed.STYLE_SHEET).encode()
    if not style.is_file() or style.read_bytes() != content:
        outputs.write_atomic(style, content)
    for path in sorted(target.rglob("*"), reverse=True):
        relative = path.relative_to(target).as_posix()
        if path.is_file() and relative not in wanted and path != style:
            path.unlink()
        elif path.is_dir() and not any(path.iterdir()):
            path.rmdir()


def _copy(source: Path, target: Path) -> None:
    """Copy unless the target has the same bytes already (a video is megabytes)."""
    if target.is_file() and outputs.fingerprint(target) == outputs.fingerprint(source):
        return
    target.parent.mkdir(parents=True, exist_ok=True)
    with outputs.atomic_path(target) as temporary:
        shutil.copyfile(source, temporary)


def add_style_sheet(app: Sphinx) -> None:
    """The blocks' style sheet on the pages of the builders that show them."""
    if app.builder.name in HTML_BUILDERS:
        app.add_css_file(f"whyl1/{embed.STYLE_SHEET}")


def absolute_folders(app: Sphinx, config: Config) -> None:
    """``whyl1_cache`` and ``whyl1_outputs`` relative to ``conf.py``'s folder, as Sphinx
    reads its own paths (``html_static_path``), whatever the working folder."""
    for name in ("whyl1_cache", "whyl1_outputs"):
        if config[name]:
            config[name] = str((Path(app.confdir) / config[name]).resolve())


def package_changed(
    app: Sphinx, env: BuildEnvironment, added: set[str], changed: set[str], removed: set[str]
) -> list[str]:
    """The pages with blocks, when whyl1 or a library that makes its outputs changed since
    they were read: their outputs' cache keys changed, so reading them again renders the
    blocks anew, as ``whyl1 all`` would, instead of publishing what an older whyl1 made."""
    libraries = sorted({name for kind in pipeline.KINDS.values() for name in kind.libraries})
    identity = [
        sorted(pipeline.package_sources().items()),
        [metadata.version(n) for n in libraries],
    ]
    digest = hashlib.sha256(json.dumps(identity).encode()).hexdigest()
    previous = getattr(env, "whyl1_package", None)
    env.whyl1_package = digest  # type: ignore[attr-defined]
    return [] if previous in (None, digest) else sorted(_published(env))


def purge(app: Sphinx, env: BuildEnvironment, docname: str) -> None:
    _published(env).pop(docname, None)


def merge(app: Sphinx, env: BuildEnvironment, docnames: set[str], other: BuildEnvironment) -> None:
    """Take what a parallel reading process recorded for its pages."""
    theirs = _published(other)
    _published(env).update({name: theirs[name] for name in docnames if name in theirs})


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_config_value("whyl1_quality", "medium", "env", types=[str])
    app.add_config_value("whyl1_theme", "light", "env", types=[str])
    app.add_config_value("whyl1_cache", None, "env", types=[str, type(None)])
    app.add_config_value("whyl1_outputs", None, "env", types=[str, type(None)])
    app.add_node(whyl1_block, html=(visit_block, depart_block))
    app.add_directive("whyl1-video", VideoDirective)
    app.add_directive("whyl1-figure", FigureDirective)
    app.add_directive("whyl1-explorer", ExplorerDirective)
    app.connect("builder-inited", add_style_sheet)
    app.connect("config-inited", absolute_folders)
    app.connect("env-get-outdated", package_changed)
    app.connect("env-purge-doc", purge)
    app.connect("env-merge-info", merge)
    app.connect("build-finished", publish)
    return {
        "version": metadata.version("whyl1"),
        "env_version": ENV_VERSION,
        "parallel_read_safe": True,
        "parallel_write_safe": True,
    }

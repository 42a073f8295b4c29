"""One story's block inside someone else's page: a Sphinx or MkDocs site, a notebook.

A ``Request`` names what to embed (a story's video or figure, or the explorer) with its
theme, figure size, video quality and parameters, checked by the catalogue when it is
made. ``prepare`` turns it into a ``Block``: the files it shows and the course page's
markup for them (``whyl1.page``'s video, transcript and figure blocks; the explorer).

The files come from the pipeline, never from a second renderer: either found in an
existing ``whyl1 all`` folder, where its manifest must vouch that they were made with the
request's parameters and theme by this version of whyl1, or rendered on demand into a
cache folder of their own (one per story, kind and settings), whose manifest skips what
is up to date. The folder's lock (``outputs.lock_folder``) is held while the block is
rendered and its poster and captions written, so two builds (two Sphinx processes, or
the readers of one ``sphinx-build -j``) that want the same block take turns: the first
renders it, the second finds it up to date. Every file is written atomically, so a reader
never sees half of one.

A block's markup links its files under any prefix (``Block.html``: a site publishes them
and says where) or carries them inline as ``data:`` URLs (``Block.inline_html``: a
notebook, which has no folder to serve them from).
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from whyl1 import outputs, page, pipeline, stories
from whyl1.pipeline import Item
from whyl1.render import QUALITIES
from whyl1.stories import ParamError
from whyl1.templates import fill, web_file
from whyl1.theme import THEMES

KINDS = ("video", "figure", "explorer")
FIGURE_SIZES = ("slide", "square", "column")
# The pipeline kind behind each embeddable kind, and the formats an embed renders.
PIPELINE_KIND = {"video": "scene", "figure": "figure"}
RENDERED_FORMATS = {"video": ("mp4",), "figure": ("svg", "png")}
# Every format a `whyl1 all` or `whyl1 render/figure` folder may hold it in.
FOUND_FORMATS = {"video": ("mp4", "webm"), "figure": ("svg", "png")}
LAYOUT_FOLDER = {"video": "videos", "figure": "figures"}  # where `whyl1 all` puts them
STYLE_SHEET = "embed.css"  # whyl1/web/embed.css: sizes the blocks to the host's column

MIME_TYPES = {
    ".mp4": "video/mp4",
    ".webm": "video/webm",
    ".png": "image/png",
    ".svg": "image/svg+xml",
    ".pdf": "application/pdf",
    ".vtt": "text/vtt",
}

_ASSIGNMENT_START = re.compile(r"\s+(?=[A-Za-z_]\w*\s*=)")
_VALUE = re.compile(r"[^\s,=]+(?:\s*,\s*[^\s,=]+)*")  # a number, or numbers and commas


class EmbedError(ValueError):
    """What a page asked for cannot be embedded (an unknown story, parameter or option; a
    folder without it; a failed render). The message's first line says what and why."""


def parse_assignments(text: str) -> tuple[tuple[str, str], ...]:
    """``w0=3 eta=0.25`` (or ``center=1.9, 3 t=1``: a pair keeps its comma) as
    ``(("w0", "3"), ("eta", "0.25"))``, the form ``--set`` gives; spaces separate
    assignments, so a directive's option fits on one line."""
    pairs = []
    for part in _ASSIGNMENT_START.split(text.strip()):
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep or not name.strip() or not _VALUE.fullmatch(value.strip()):
            raise EmbedError(f"expected NAME=VALUE (e.g. w0=3), got {part!r}")
        pairs.append((name.strip(), value.strip()))
    return tuple(pairs)


def _choice(what: str, value: str, allowed: Iterable[str]) -> None:
    allowed = tuple(allowed)
    if value not in allowed:
        raise EmbedError(f"{what} must be one of {', '.join(allowed)}, got {value!r}")


@dataclass(frozen=True)
class Request:
    """What to embed, checked against the catalogue as it is made (``EmbedError``).

    ``story`` is empty for the explorer, which draws the geometry and thresholding
    stories with their defaults and has its own controls, so it takes no parameters."""

    kind: str
    story: str = ""
    overrides: tuple[tuple[str, str], ...] = ()
    theme: str = "light"
    size: str = "slide"  # figures
    quality: str = "medium"  # videos

    def __post_init__(self) -> None:
        _choice("kind", self.kind, KINDS)
        _choice("theme", self.theme, THEMES)
        _choice("size", self.size, FIGURE_SIZES)
        _choice("quality", self.quality, QUALITIES)
        if self.kind == "explorer":
            if self.story or self.overrides:
                raise EmbedError(
                    "the explorer takes no story and no parameters: it has its own controls"
                )
            return
        if self.story not in stories.BY_NAME:
            raise EmbedError(f"unknown story {self.story!r}; known: {', '.join(stories.NAMES)}")
        story = stories.BY_NAME[self.story]
        if not story.has_output(PIPELINE_KIND[self.kind]):
            having = [s.name for s in stories.STORIES if s.has_output(PIPELINE_KIND[self.kind])]
            raise EmbedError(
                f"story {self.story!r} has no {self.kind}; {self.kind}s: {', '.join(having)}"
            )
        self.values()  # parameters checked now, not when the block is rendered

    def values(self) -> dict[str, Any]:
        """The story's parameters with the overrides applied and checked."""
        try:
            return stories.BY_NAME[self.story].resolve(dict(self.overrides))
        except ParamError as error:
            raise EmbedError(f"{self.story}: {error}") from None

    @property
    def name(self) -> str:
        """The block's folder name, in the cache and where a site publishes it:
        ``steps-video-<hash>``, the hash of everything that changes its files. Resolved
        values, not the texts given, so ``w0=5`` and the default share one folder."""
        if self.kind == "explorer":
            return f"explorer-{self.theme}"
        setting = self.quality if self.kind == "video" else self.size
        values = {k: list(v) if isinstance(v, tuple) else v for k, v in self.values().items()}
        identity = [self.kind, self.story, self.theme, setting, values]
        digest = hashlib.sha256(json.dumps(identity, sort_keys=True).encode()).hexdigest()
        return f"{self.story}-{self.kind}-{digest[:12]}"

    def pipeline_item(self, folder: str, fmt: str, quality: str | None = None) -> Item:
        """The pipeline item that makes this block's ``fmt`` file in ``folder`` (a
        sub-folder of the output root) as ``whyl1 all`` would: a video at ``quality``
        (default: the request's), a figure at the request's size (and the default
        quality and dpi, which its key holds too)."""
        if self.kind == "video":
            setting: dict[str, Any] = {"quality": quality or self.quality}
        else:
            setting = {"size": self.size}
        return Item(
            PIPELINE_KIND[self.kind],
            self.story,
            self.overrides,
            fmt=fmt,
            theme=self.theme,
            folder=folder,
            **setting,
        )


def renders_cache() -> Path:
    """Where blocks are rendered on demand: ``renders/`` in whyl1's cache folder
    (``$WHYL1_CACHE``, else ``~/.cache/whyl1``), shared by every site and notebook of
    the user, so a block is rendered once per machine, not once per project."""
    from whyl1.narration import cache_root

    return cache_root() / "renders"


@dataclass(frozen=True)
class Block:
    """A prepared block: the request, the folder its files are in, what the page shows
    (paths relative to ``folder``; None for the explorer), and every file the markup links
    to or was made from."""

    request: Request
    folder: Path
    assets: page.StoryAssets | None
    files: tuple[str, ...]  # linked by the markup: a site publishes these
    made_from: tuple[str, ...]  # the pipeline's outputs read into the markup (captions, alt)

    def html(self, base: str = "") -> str:
        """The block's markup, every link under ``base`` (the published folder's URL
        relative to the page, ending in ``/``). Captions are also inlined on the video's
        track as a ``data:`` URL: browsers refuse a track file from a ``file://`` page, and
        built docs are often opened from disk."""
        if self.assets is None:
            return _explorer(self.request.theme)
        return _markup(self.request.kind, _relinked(self.assets, lambda path: base + path))

    def inline_html(self) -> str:
        """The block's markup with every file inlined as a ``data:`` URL, so it needs no
        folder or server (a notebook's output); figure format links are left out (a
        browser will not open a ``data:`` link), and the style sheet comes along."""
        if self.assets is None:
            body = _explorer(self.request.theme)
        else:
            inlined = _relinked(self.assets, lambda path: data_url(self.folder / path))
            body = _markup(self.request.kind, replace(inlined, figure_links={}))
        return fill("embed-inline.html", css=web_file(STYLE_SHEET), block=body)


def data_url(path: Path) -> str:
    """The file as a base64 ``data:`` URL of its media type."""
    encoded = base64.b64encode(path.read_bytes()).decode("ascii")
    return f"data:{MIME_TYPES[path.suffix]};base64,{encoded}"


def _explorer(theme: str) -> str:
    from whyl1.explorer import explorer_fragment  # the maths: numpy, only when shown

    return fill("embed-block.html", kind="explorer", blocks=explorer_fragment(theme))


def _markup(kind: str, assets: page.StoryAssets) -> str:
    if kind == "video":
        blocks = [page.video_block(assets, inline_captions=True)]
        if assets.transcript:
            blocks.append(page.transcript_block(assets))
    else:
        blocks = [page.figure_block(assets)]
    return fill("embed-block.html", kind=kind, blocks="\n".join(blocks))


def _relinked(assets: page.StoryAssets, link: Callable[[str], str]) -> page.StoryAssets:
    """The same assets with every file path passed through ``link``."""

    def relink(path: str | None) -> str | None:
        return link(path) if path else path

    return replace(
        assets,
        videos={fmt: link(path) for fmt, path in assets.videos.items()},
        poster=relink(assets.poster),
        captions=relink(assets.captions),
        figure=relink(assets.figure),
        figure_links={fmt: link(path) for fmt, path in assets.figure_links.items()},
    )


def _only(kind: str, assets: page.StoryAssets) -> page.StoryAssets:
    """The part of a story's assets one block shows (a ``whyl1 all`` folder has both)."""
    if kind == "video":
        return replace(assets, figure=None, figure_links={}, alt="")
    return replace(assets, videos={}, poster=None, captions=None, captions_inline=None,
                   transcript=[])  # fmt: skip


def _linked_files(kind: str, assets: page.StoryAssets) -> tuple[str, ...]:
    if kind == "video":
        return (*assets.videos.values(), *(p for p in (assets.poster, assets.captions) if p))
    return tuple(dict.fromkeys([*(p for p in [assets.figure] if p), *assets.figure_links.values()]))


def _made_from(kind: str, folder: Path, assets: page.StoryAssets) -> tuple[str, ...]:
    """The caption (.srt) or alt text (.alt.txt) file beside the block's video or figure."""
    first = next(iter(assets.videos.values())) if kind == "video" else assets.figure
    if first is None:
        return ()
    path = Path(first)
    companion = path.with_suffix(".srt") if kind == "video" else path.with_suffix(".alt.txt")
    return (companion.as_posix(),) if (folder / companion).is_file() else ()


def _found(request: Request, folder: Path) -> bool:
    """Whether ``folder``'s manifest vouches for the request's file: made with its
    parameters, theme and size, by this version of whyl1 and its libraries, and unchanged
    since. A video may be at any quality, in MP4 or WebM, and a file in the `whyl1 all`
    layout (``videos/``, ``figures/``) or at the top (``whyl1 render/figure --out``)."""
    manifest = pipeline.Manifest.load(folder)
    sources = pipeline.package_sources()
    qualities: tuple[str | None, ...] = tuple(QUALITIES) if request.kind == "video" else (None,)
    candidates = [
        request.pipeline_item(where, fmt, quality)
        for where in (LAYOUT_FOLDER[request.kind], "")
        for fmt in FOUND_FORMATS[request.kind]
        for quality in qualities
    ]
    return any(manifest.up_to_date(item, pipeline.item_key(item, sources)) for item in candidates)


def _not_found(request: Request, folder: Path) -> EmbedError:
    sets = "".join(f" --set {request.story}.{name}={value}" for name, value in request.overrides)
    theme = f" --theme {request.theme}" if request.theme != "light" else ""
    size = f", size {request.size}" if request.kind == "figure" else ""
    return EmbedError(
        f"{folder} has no {request.kind} of {request.story!r} made with these parameters"
        f" (theme {request.theme}{size}) by this version of whyl1: run `whyl1 all --out "
        f"{folder}{theme}{sets}`, or leave the outputs folder unset to render it on demand"
    )


def prepare(
    request: Request,
    *,
    cache: Path | None = None,
    found_in: Path | None = None,
    log: Callable[[str], None] | None = None,
) -> Block:
    """The block for ``request``: its files taken from the ``whyl1 all`` folder
    ``found_in`` if given (never rendered there), else rendered as needed into its own
    folder under ``cache`` (default ``renders_cache()``). ``log`` hears one line per
    item rendered or found up to date, and when another process holds the folder.

    Raises ``EmbedError`` (one line first) for a block that cannot be had."""
    if request.kind == "explorer":
        return Block(request, Path(), None, (), ())
    story = stories.BY_NAME[request.story]
    folder = found_in if found_in is not None else (cache or renders_cache()) / request.name

    def waiting(holder: str) -> None:
        if log:
            log(f"{folder} is in use by {holder}; waiting for it")

    try:
        if found_in is None:
            folder.mkdir(parents=True, exist_ok=True)
        elif not (folder / outputs.MANIFEST).is_file():
            raise EmbedError(f"{folder} holds no whyl1 outputs (no {outputs.MANIFEST} there)")
        with outputs.lock_folder(folder, on_wait=waiting):
            if found_in is None:
                _render(request, folder, log)
            elif not _found(request, folder):
                raise _not_found(request, folder)
            assets = page.story_assets(folder, story, request.theme)
    except OSError as error:  # a cache or outputs folder that cannot be written
        raise EmbedError(str(error)) from None
    if assets is None:
        raise _not_found(request, folder)
    shown = _only(request.kind, assets)
    return Block(
        request,
        folder,
        shown,
        _linked_files(request.kind, shown),
        _made_from(request.kind, folder, shown),
    )


def _render(request: Request, folder: Path, log: Callable[[str], None] | None) -> None:
    """Run the block's pipeline items in ``folder`` (its lock held by the caller)."""
    items = [
        request.pipeline_item(LAYOUT_FOLDER[request.kind], fmt)
        for fmt in RENDERED_FORMATS[request.kind]
    ]

    def report(outcome: pipeline.Outcome, finished: int, total: int) -> None:
        if log and outcome.status != "failed":
            how = "up to date" if outcome.status == "cached" else f"{outcome.seconds:.1f} s"
            log(f"{outcome.item.label}: {how}")

    failed = [o for o in pipeline.run(items, folder, jobs=1, report=report) if o.status == "failed"]
    if failed:
        raise EmbedError(f"cannot render {failed[0].item.label}: {failed[0].error}")

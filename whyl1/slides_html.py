"""The presenter deck: reveal.js, offline, one slide per step of each story.

``build_html_deck`` writes ``<out>/slides/index.html`` beside the clips that
``whyl1.slides.prepare_decks`` cut there, and copies in everything the page loads:
reveal.js, its style sheets, its white theme and its speaker-notes plugin (vendored in
``whyl1/web/reveal`` from reveal.js's npm package, see the README there), the deck's
own script and style (``whyl1/web/deck.js``, ``deck.css``) and each story's figure. The
folder is self-contained: it works from ``file://`` or any static host, makes no request
outside itself, and can be copied to a USB stick as it is.

The slides: a title slide (browsers refuse to play sound before the first key press, so
the deck does not open on a clip), then for each story a slide per section, whose clip
plays when the slide opens and stays on its last frame, with that section's narration as
the speaker notes (reveal's speaker view, key S); then the story's figure with its alt
text; and a closing slide with the sources. Clips are files beside the deck, loaded as
their slides come near, never inlined as base64.
"""

from __future__ import annotations

import html
import os
from collections.abc import Sequence
from importlib import resources
from pathlib import Path

from whyl1 import outputs
from whyl1.cards import counted
from whyl1.lecture import cited_sources
from whyl1.slides import DECK, DECK_TITLE, FIGURES, StoryDeck
from whyl1.sources import reference_text
from whyl1.templates import fill
from whyl1.theme import palette

# reveal.js's files the deck loads (whyl1/web/reveal), and the deck's own (whyl1/web).
REVEAL_FILES = ("reveal.js", "reveal.css", "reset.css", "white.css", "notes.js", "LICENSE")
DECK_FILES = ("deck.js", "deck.css")


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _copy_if_changed(content: bytes, target: Path) -> None:
    """Write ``target`` unless it already holds ``content`` (a rebuilt deck leaves its
    unchanged files alone, so a sync to a web host copies only what changed)."""
    if not target.is_file() or target.read_bytes() != content:
        outputs.write_atomic(target, content)


def build_html_deck(out_dir: Path, decks: Sequence[StoryDeck], theme: str = "light") -> Path:
    """Write the deck into ``<out>/slides`` (its clips are there already); returns its
    ``index.html``."""
    folder = out_dir / DECK
    (folder / "reveal").mkdir(parents=True, exist_ok=True)
    web = resources.files("whyl1").joinpath("web")
    for name in REVEAL_FILES:
        _copy_if_changed(web.joinpath("reveal", name).read_bytes(), folder / "reveal" / name)
    for name in DECK_FILES:
        _copy_if_changed(web.joinpath(name).read_bytes(), folder / name)
    slides = [
        fill(
            "deck-title.html",
            count=counted(len(decks), "story", "stories"),
            steps=counted(sum(len(deck.sections) for deck in decks), "step"),
        )
    ]
    for deck in decks:
        for section in deck.sections:
            notes = "\n".join(fill("deck-paragraph.html", text=_e(beat)) for beat in section.beats)
            slides.append(
                fill(
                    "deck-step.html",
                    title=_e(section.title),
                    clip=_e(_relative(section.clip, folder)),
                    poster=_e(_relative(section.first_still, folder)),
                    notes=notes,
                )
            )
        if deck.figure is not None:
            copy = folder / FIGURES / deck.figure.image.name
            copy.parent.mkdir(exist_ok=True)
            _copy_if_changed(deck.figure.image.read_bytes(), copy)
            slides.append(
                fill(
                    "deck-figure.html",
                    title=_e(deck.story.title),
                    image=_e(_relative(copy, folder)),
                    alt=_e(deck.figure.alt),
                )
            )
    items = "\n".join(
        fill("deck-source.html", text=_e(reference_text(entry)))
        for entry in cited_sources([deck.story for deck in decks])
    )
    slides.append(fill("deck-sources.html", items=items))
    colors = palette(theme)
    variables = {
        "bg": colors.background,
        "fg": colors.foreground,
        "muted": colors.muted,
        "l1": colors.l1,
        "l2": colors.l2,
    }
    page = fill(
        "deck.html",
        title=_e(DECK_TITLE),
        palette=";".join(f"--{name}:{value}" for name, value in variables.items()),
        slides="\n".join(slides),
    )
    target = folder / "index.html"
    outputs.write_atomic(target, page.encode("utf-8"))
    return target


def _relative(path: Path, folder: Path) -> str:
    """``path`` as a link from a page in ``folder`` (always forward slashes)."""
    return Path(os.path.relpath(path, folder)).as_posix()

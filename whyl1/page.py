"""The course page: the lesson, in one self-contained static folder.

``build_page(out_dir)`` reads what ``whyl1 all`` left in ``out_dir`` (videos with their
.srt captions and timelines, figures with alt text, data exports) and writes
``index.html`` plus WebVTT captions and poster frames beside them. In teaching order the
page holds a quick refresher, each story of the catalogue with its explanation
(``whyl1.lesson``: numbers from the maths, so ``--set`` changes them), its narrated
video, figure and sources, the explorer where the geometry is, when to use L1, L2 or the
elastic net, the quiz (``whyl1.quiz``, each explanation linking its moment in the video)
and the references (``whyl1.sources``). Every link to a file is relative and inside the
folder, so the page works from ``file://`` and any static host and makes no network
request: no CDN, no web fonts. Printed, it is a handout (``whyl1/web/page.css``): posters
in place of videos, the figures and explanations, the quiz without its answers.

The markup is in ``whyl1/templates/page*.html``; this module finds the files and fills it.
"""

from __future__ import annotations

import base64
import hashlib
import html
import json
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import srt

from whyl1 import sources, stories
from whyl1.outputs import TIMELINE_SUFFIX, atomic_path, output_stem, write_atomic
from whyl1.templates import fill, web_file
from whyl1.theme import DARK, LIGHT, Palette

if TYPE_CHECKING:  # the lesson and the quiz import numpy; embedding a block needs neither
    from whyl1.lesson import Block, Lesson, StoryLesson
    from whyl1.quiz import Quiz, StoryVideo

Overrides = Mapping[str, Mapping[str, str]]  # story -> parameter -> text, as after --set


def parse_srt(content: str) -> list[srt.Subtitle]:
    """Cues of an .srt file (manim writes its subcaptions with the same ``srt`` package),
    each cue's text without the blank space around it."""
    cues = list(srt.parse(content))
    for cue in cues:
        cue.content = cue.content.strip()
    return cues


def _vtt_time(offset: timedelta) -> str:
    millis = round(offset.total_seconds() * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def to_webvtt(cues: list[srt.Subtitle]) -> str:
    """WebVTT for a ``<track>``; cue text is escaped (``<`` and ``&`` are markup in VTT)."""
    blocks = ["WEBVTT", ""]
    for number, cue in enumerate(cues, 1):
        text = cue.content.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
        blocks += [str(number), f"{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}", text, ""]
    return "\n".join(blocks)


def write_poster(video: Path, poster: Path) -> None:
    """The video's last frame as PNG: the scene's conclusion, shown before playback."""
    import av
    from PIL import Image

    last = None
    with av.open(str(video)) as container:
        for frame in container.decode(video=0):
            last = frame
    if last is None:
        raise ValueError(f"{video} has no frames")
    with atomic_path(poster) as temporary:
        Image.fromarray(last.to_ndarray(format="rgb24")).save(temporary, format="PNG")


def _stale(target: Path, source: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


@dataclass(frozen=True)
class StoryAssets:
    """What the page shows for one story (paths relative to the page folder)."""

    story: stories.Story
    videos: dict[str, str]  # format -> path
    poster: str | None  # every story with a video has one (``collect`` writes it)
    captions: str | None
    captions_inline: str | None  # the same WebVTT as a data: URL, see video_block
    transcript: list[str]
    figure: str | None
    figure_links: dict[str, str]
    alt: str
    # each section of the video -> its start in seconds, from the render's timeline
    sections: dict[str, float] = field(default_factory=dict)


def _located(out_dir: Path, folder: str, name: str) -> str | None:
    """Where an output is, relative to ``out_dir``: in its folder (as ``whyl1 all`` writes
    it) or at the top (as ``whyl1 render/figure --out DIR`` do); None if absent."""
    for relative in (f"{folder}/{name}", name):
        if (out_dir / relative).is_file():
            return relative
    return None


def read_sections(timeline: Path) -> dict[str, float]:
    """Each section of a rendered video and its start in seconds, from the timeline the
    scene wrote beside it (its format: ``whyl1/render.py``)."""
    data = json.loads(timeline.read_text(encoding="utf-8"))
    return {section["name"]: float(section["start"]) for section in data["sections"]}


def story_assets(out_dir: Path, story: stories.Story, theme: str = "light") -> StoryAssets | None:
    """One story's outputs in ``out_dir`` (None when it has neither a video nor a figure
    there), writing its poster and WebVTT captions beside them when they are missing or
    stale. The course page calls it for every story; an embed (``whyl1.embed``) for one."""
    stem = output_stem(story.name, theme)
    videos = {
        fmt: path
        for fmt in ("mp4", "webm")
        if (path := _located(out_dir, "videos", f"{stem}.{fmt}"))
    }
    poster = captions = captions_inline = None
    transcript: list[str] = []
    sections: dict[str, float] = {}
    if videos:
        first_video = out_dir / next(iter(videos.values()))
        poster_path = out_dir / "posters" / f"{stem}.png"
        poster_path.parent.mkdir(exist_ok=True)
        if _stale(poster_path, first_video):
            write_poster(first_video, poster_path)
        poster = f"posters/{stem}.png"
        srt = _located(out_dir, "videos", f"{stem}.srt")
        if srt:
            cues = parse_srt((out_dir / srt).read_text(encoding="utf-8"))
            vtt = out_dir / "captions" / f"{stem}.vtt"
            vtt.parent.mkdir(exist_ok=True)
            vtt_bytes = to_webvtt(cues).encode()
            if not vtt.is_file() or vtt.read_bytes() != vtt_bytes:  # an unchanged file keeps
                write_atomic(vtt, vtt_bytes)  # its time, so a docs build sees nothing new
            captions = f"captions/{stem}.vtt"
            captions_inline = "data:text/vtt;charset=utf-8;base64," + base64.b64encode(
                vtt_bytes
            ).decode("ascii")
            transcript = [cue.content for cue in cues]
        timeline = _located(out_dir, "videos", f"{stem}{TIMELINE_SUFFIX}")
        if timeline:
            sections = read_sections(out_dir / timeline)
    figure_links = {
        fmt: path
        for fmt in ("svg", "png", "pdf")
        if (path := _located(out_dir, "figures", f"{stem}.{fmt}"))
    }
    figure = figure_links.get("svg") or figure_links.get("png")
    alt_file = _located(out_dir, "figures", f"{stem}.alt.txt")
    alt = (out_dir / alt_file).read_text(encoding="utf-8").strip() if alt_file else ""
    if not videos and not figure:
        return None
    return StoryAssets(
        story,
        videos,
        poster,
        captions,
        captions_inline,
        transcript,
        figure,
        figure_links,
        alt,
        sections,
    )


def collect(out_dir: Path, theme: str = "light") -> list[StoryAssets]:
    """Find each story's outputs in ``out_dir`` and write its captions and poster."""
    return [
        assets
        for story in stories.STORIES
        if (assets := story_assets(out_dir, story, theme)) is not None
    ]


def _e(text: str) -> str:
    return html.escape(text, quote=True)


# ---------------------------------------------------------------------------
# One story's blocks, shared with the embeds (whyl1.embed, whyl1.sphinx, whyl1.mkdocs)
# ---------------------------------------------------------------------------


def video_block(
    assets: StoryAssets, inline_captions: bool = False, description: str | None = None
) -> str:
    """The ``<figure>`` with the HTML5 video, sources, poster and caption track.

    ``description`` (the video's label and caption) defaults to the catalogue's summary;
    the lesson gives one computed from the story's parameters.

    Chromium treats every ``file://`` URL as its own origin and refuses to load a
    ``<track>`` file from one, so the course page inlines each caption file as a
    ``data:`` URL (``inline_captions``) and works opened straight from disk; the
    embed snippet points at the ``.vtt`` file, which any web server serves.
    """
    sources_markup = "".join(
        "\n    " + fill("page-video-source.html", src=_e(path), format=fmt)
        for fmt, path in assets.videos.items()
    )
    captions = assets.captions_inline if inline_captions else assets.captions
    track = (
        "\n    " + fill("page-video-track.html", src=_e(captions or "")) if assets.captions else ""
    )
    return fill(
        "page-video.html",
        poster=_e(assets.poster or ""),
        title=_e(assets.story.title),
        summary=_e(description or assets.story.summary),
        sources=sources_markup,
        track=track,
    )


def figure_block(assets: StoryAssets) -> str:
    """The ``<figure>`` with the image, its alt text and links to each format."""
    links = " · ".join(
        fill("page-figure-link.html", href=_e(path), format=fmt.upper())
        for fmt, path in assets.figure_links.items()
    )
    return fill("page-figure.html", src=_e(assets.figure or ""), alt=_e(assets.alt), links=links)


def transcript_block(assets: StoryAssets) -> str:
    """The expandable transcript: every caption cue as a line, and a link to the WebVTT."""
    lines = "\n".join(
        fill("page-transcript-line.html", line=_e(line)) for line in assets.transcript
    )
    return fill("page-transcript.html", lines=lines, captions=_e(assets.captions or ""))


# ---------------------------------------------------------------------------
# The lesson's prose as markup
# ---------------------------------------------------------------------------


def inline_text(text: str) -> str:
    """Plain lesson text as HTML: escaped, each ``*…*`` as emphasis."""
    pieces = text.split("*")
    if len(pieces) % 2 == 0:
        raise ValueError(f"unbalanced * in lesson text: {text!r}")
    return "".join(
        fill("page-emphasis.html", text=_e(piece)) if odd else _e(piece)
        for odd, piece in ((i % 2 == 1, p) for i, p in enumerate(pieces))
    )


def blocks_markup(blocks: tuple[Block, ...]) -> str:
    """The lesson's paragraphs, formulas, tables and lists as HTML."""
    from whyl1.lesson import Bullets, Formula, Paragraph, Table

    parts = []
    for block in blocks:
        if isinstance(block, Paragraph):
            parts.append(fill("page-paragraph.html", text=inline_text(block.text)))
        elif isinstance(block, Formula):
            parts.append(fill("page-formula.html", text=_e(block.text)))
        elif isinstance(block, Table):
            header = "".join(fill("page-table-head.html", text=_e(cell)) for cell in block.header)
            rows = "\n".join(
                fill(
                    "page-table-row.html",
                    cells="".join(fill("page-table-cell.html", text=_e(cell)) for cell in row),
                )
                for row in block.rows
            )
            parts.append(
                fill("page-table.html", caption=_e(block.caption), header=header, rows=rows)
            )
        elif isinstance(block, Bullets):
            items = "\n".join(
                fill("page-list-item.html", text=inline_text(item)) for item in block.items
            )
            parts.append(fill("page-list.html", heading=_e(block.heading), items=items))
        else:
            raise TypeError(f"unknown lesson block {block!r}")
    return "\n".join(parts)


# ---------------------------------------------------------------------------
# References: the registry's sources, numbered, and each story's
# ---------------------------------------------------------------------------


def reference_number(key: str) -> int:
    """A source's number in the page's reference list (the registry's order)."""
    return next(i for i, entry in enumerate(sources.SOURCES, 1) if entry.key == key)


def references_section() -> str:
    """Every source as a full citation, numbered, with its address as a link."""
    items = []
    for number, entry in enumerate(sources.SOURCES, 1):
        text = sources.reference_text(replace(entry, url=None))
        link = fill("page-reference-link.html", url=_e(entry.url)) if entry.url else ""
        items.append(
            fill(
                "page-reference.html",
                key=_e(entry.key),
                number=str(number),
                text=_e(text),
                link=link,
            )
        )
    return fill("page-references.html", items="\n".join(items))


def story_citations(story: str) -> dict[str, str]:
    """A story's sources, most important first, each with the part of it the story uses
    (or the answer's byline), as its scenes credit them."""
    return {
        key: sources.STORY_PARTS.get((story, key), sources.source(key).byline)
        for key in sources.STORY_SOURCES[story]
    }


def cited(parts: Mapping[str, str]) -> str:
    """``[2] Cross Validated, … (answer by …); [7] …``: the sources a part of the lesson
    follows (key → the part used, or empty), each linked to its entry in the reference
    list."""
    pieces = []
    for key, part in parts.items():
        entry = sources.source(key)
        pieces.append(
            fill(
                "page-citation.html",
                key=_e(key),
                number=str(reference_number(key)),
                short=_e(entry.short),
                part=_e(f" ({part})" if part else ""),
            )
        )
    return "; ".join(pieces)


# ---------------------------------------------------------------------------
# The page
# ---------------------------------------------------------------------------


def story_section(
    number: int, told: StoryLesson, assets: StoryAssets | None, explorer_html: str = ""
) -> str:
    """One story: its explanation, video (and, printed, its poster), transcript, figure,
    the explorer where it belongs, its sources, and copy-paste embed snippets."""
    story = stories.get(told.story)
    media, extras, snippets = [], [], []
    if assets is not None and assets.videos:
        media.append(video_block(assets, inline_captions=True, description=told.lead))
        if assets.poster:
            media.append(
                fill(
                    "page-print-poster.html",
                    src=_e(assets.poster),
                    title=_e(story.title),
                    lead=_e(told.lead),
                )
            )
        snippets.append(("video", video_block(assets, description=told.lead)))
        if assets.transcript:
            extras.append(transcript_block(assets))
    if assets is not None and assets.figure:
        block = figure_block(assets)
        media.append(block)
        snippets.append(("figure", block))
    if explorer_html:
        extras.append(fill("page-explorer.html", fragment=explorer_html))
    embeds = "\n".join(fill("page-embed.html", kind=kind, code=_e(code)) for kind, code in snippets)
    return fill(
        "page-section.html",
        id=_e(story.name),
        number=str(number),
        title=_e(story.title),
        lead=_e(told.lead),
        explanation=blocks_markup(told.blocks),
        media="\n".join(media),
        extras="\n".join(extras),
        sources=cited(story_citations(story.name)),
        embeds=embeds,
    )


# The story whose section holds the explorer: the diamond and the disk it lets you drag.
EXPLORER_STORY = "geometry"


def _palette_variables(p: Palette) -> str:
    """A palette as the page's CSS custom properties (``--bg:#FFFFFF;…``)."""
    roles = {"bg": "background", "fg": "foreground", "muted": "muted", "faint": "faint"}
    roles |= {"l1": "l1", "l2": "l2"}
    return ";".join(f"--{name}:{getattr(p, role)}" for name, role in roles.items())


def quiz_videos(found: list[StoryAssets]) -> dict[str, StoryVideo]:
    """Each rendered video the quiz can link into: its address and section starts."""
    from whyl1.quiz import StoryVideo

    return {
        assets.story.name: StoryVideo(next(iter(assets.videos.values())), assets.sections)
        for assets in found
        if assets.videos and assets.sections
    }


def render_page(
    found: list[StoryAssets],
    lesson: Lesson,
    quiz: Quiz,
    *,
    theme: str = "light",
    explorer_html: str = "",
    lecture_html: str = "",
    key: str = "",
) -> str:
    """The whole ``index.html`` text. ``lecture_html`` is a slot near the top for a block
    that presents the stories as one lecture."""
    from whyl1.quiz.html_quiz import quiz_fragment

    by_story = {assets.story.name: assets for assets in found}
    sections = []
    nav = [fill("page-nav-link.html", id="refresher", title="Quick refresher")]
    for number, told in enumerate(lesson.stories, 1):
        story = stories.get(told.story)
        explorer = explorer_html if story.name == EXPLORER_STORY else ""
        sections.append(story_section(number, told, by_story.get(story.name), explorer))
        nav.append(
            fill("page-nav-link.html", id=_e(story.name), title=f"{number}. {_e(story.title)}")
        )
    nav += [
        fill("page-nav-link.html", id="when-to-use", title="When to use L1, L2 or the elastic net"),
        fill("page-nav-link.html", id="quiz", title="Quiz"),
        fill("page-nav-link.html", id="references", title="References"),
    ]
    from whyl1.lesson import WHEN_TO_USE_SOURCES

    return fill(
        "page.html",
        key=_e(key),
        light=_palette_variables(LIGHT),
        dark=_palette_variables(DARK),
        css=web_file("page.css"),
        count=str(len(lesson.stories)),
        nav="\n".join(nav),
        lecture=lecture_html,
        refresher=fill("page-refresher.html", blocks=blocks_markup(lesson.refresher)),
        sections="\n".join(sections),
        when=fill(
            "page-when.html",
            blocks=blocks_markup(lesson.when_to_use),
            sources=cited(WHEN_TO_USE_SOURCES),
        ),
        quiz=fill("page-quiz.html", fragment=quiz_fragment(quiz, quiz_videos(found), theme)),
        references=references_section(),
    )


class NothingToShow(FileNotFoundError):
    """``out_dir`` holds no video and no figure, so there is no page to write."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(
            f"no videos or figures in {out_dir}; run `whyl1 all --out {out_dir}` first"
        )


class OtherParameters(ValueError):
    """A data export in ``out_dir`` holds other numbers than the lesson computes: the
    folder was made with other ``--set`` values (or another version of whyl1), so the
    page's prose would disagree with its videos and figures."""

    def __init__(self, out_dir: Path, story: str) -> None:
        super().__init__(
            f"{out_dir / 'data' / f'{story}.json'} holds other numbers than the '{story}' "
            f"story's parameters give: pass `whyl1 page` the --set values the folder was "
            f"made with, or run `whyl1 all --out {out_dir}` with these"
        )


def check_data(out_dir: Path, lesson: Lesson) -> None:
    """Each ``data/<story>.json`` in ``out_dir`` holds the numbers the lesson tells."""
    from whyl1.export import to_json

    for told in lesson.stories:
        exported = out_dir / "data" / f"{told.story}.json"
        if exported.is_file() and exported.read_text(encoding="utf-8") != to_json(told.result):
            raise OtherParameters(out_dir, told.story)


# What the page writes itself, left out of its key: the page, the posters and captions it
# makes from the videos, and the pipeline's hidden files (manifest, lock, temporaries).
_OWN_FILES = ("index.html",)
_OWN_FOLDERS = ("posters", "captions")


def page_key(out_dir: Path, theme: str, overrides: Overrides, explorer_html: str | None) -> str:
    """Hash of everything the page is made from: whyl1's sources, the theme, the
    parameters, the explorer given, and every file in ``out_dir`` (size and SHA-256, as
    the manifest keeps them). A page whose key matches is the page this run would
    write, byte for byte: ``whyl1 all`` with nothing changed leaves it alone, and does not
    compute the stories again (the selection story's lasso fit takes seconds)."""
    from whyl1.outputs import fingerprint
    from whyl1.pipeline import package_sources

    files = {}
    for path in sorted(out_dir.rglob("*")):
        relative = path.relative_to(out_dir)
        if (
            path.is_file()
            and relative.as_posix() not in _OWN_FILES
            and relative.parts[0] not in _OWN_FOLDERS
            and not any(part.startswith(".") for part in relative.parts)
        ):
            files[relative.as_posix()] = fingerprint(path)
    payload = {
        "sources": package_sources(),
        "theme": theme,
        "overrides": {story: dict(sorted(pairs.items())) for story, pairs in overrides.items()},
        "explorer": None
        if explorer_html is None
        else hashlib.sha256(explorer_html.encode()).hexdigest(),
        "files": files,
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


def _written_key(page: Path) -> str | None:
    """The key recorded in an existing page, if any."""
    try:
        head = page.read_text(encoding="utf-8")[:2000]
    except (FileNotFoundError, UnicodeDecodeError):
        return None
    marker = '<meta name="whyl1-page-key" content="'
    start = head.find(marker)
    return None if start < 0 else head[start + len(marker) :].split('"', 1)[0]


def build_page(
    out_dir: Path,
    theme: str = "light",
    explorer_html: str | None = None,
    overrides: Overrides | None = None,
) -> Path:
    """Write ``out_dir/index.html`` (plus captions and posters) from the outputs there.

    ``explorer_html`` is the explorer's fragment (None: made here for ``theme``; empty:
    no explorer); ``overrides`` the ``--set`` values the outputs were made with (story
    → parameter → text). Raises ``NothingToShow`` for a folder without videos and
    figures, ``OtherParameters`` when its data exports disagree with ``overrides``, and
    the catalogue's ``ParamError`` for a bad value.
    """
    overrides = overrides or {}
    found = collect(out_dir, theme)
    if not found:
        raise NothingToShow(out_dir)
    target = out_dir / "index.html"
    key = page_key(out_dir, theme, overrides, explorer_html)
    if _written_key(target) == key:
        return target

    from whyl1.lecture import lecture_block  # the lecture, when `whyl1 lecture` made one
    from whyl1.lesson import build_lesson
    from whyl1.quiz import build_quiz

    lesson = build_lesson(overrides)
    check_data(out_dir, lesson)
    if explorer_html is None:
        from whyl1.explorer import explorer_fragment

        explorer_html = explorer_fragment(theme)
    text = render_page(
        found,
        lesson,
        build_quiz(overrides),
        theme=theme,
        explorer_html=explorer_html,
        lecture_html=lecture_block(out_dir),
        key=key,
    )
    write_atomic(target, text.encode("utf-8"))
    return target

"""The course page: one self-contained static folder embedding every video and figure.

``build_page(out_dir)`` reads what ``whyl1 all`` left in ``out_dir`` (videos
with their .srt captions, figures with alt text) and writes ``index.html`` plus
WebVTT captions and poster frames beside them. Every link is relative and
inside the folder, so the page works from ``file://`` and any static host, and
makes no network request: no CDN, no web fonts. The markup is in
``whyl1/templates/page*.html``; this module finds the files and fills it.
"""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path

import srt

from whyl1 import stories
from whyl1.outputs import atomic_path, output_stem, write_atomic
from whyl1.templates import fill
from whyl1.theme import DARK, LIGHT, Palette


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


def _located(out_dir: Path, folder: str, name: str) -> str | None:
    """Where an output is, relative to ``out_dir``: in its folder (as ``whyl1 all`` writes
    it) or at the top (as ``whyl1 render/figure --out DIR`` do); None if absent."""
    for relative in (f"{folder}/{name}", name):
        if (out_dir / relative).is_file():
            return relative
    return None


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
        story, videos, poster, captions, captions_inline, transcript, figure, figure_links, alt
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


def video_block(assets: StoryAssets, inline_captions: bool = False) -> str:
    """The ``<figure>`` with the HTML5 video, sources, poster and caption track.

    Chromium treats every ``file://`` URL as its own origin and refuses to load a
    ``<track>`` file from one, so the course page inlines each caption file as a
    ``data:`` URL (``inline_captions``) and works opened straight from disk; the
    embed snippet points at the ``.vtt`` file, which any web server serves.
    """
    sources = "".join(
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
        summary=_e(assets.story.summary),
        sources=sources,
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


def story_section(assets: StoryAssets) -> str:
    """One story: title, video, transcript, figure, and copy-paste embed snippets."""
    blocks, snippets = [], []
    if assets.videos:
        blocks.append(video_block(assets, inline_captions=True))
        snippets.append(("video", video_block(assets)))
        if assets.transcript:
            blocks.append(transcript_block(assets))
    if assets.figure:
        block = figure_block(assets)
        blocks.append(block)
        snippets.append(("figure", block))
    blocks += [fill("page-embed.html", kind=kind, code=_e(code)) for kind, code in snippets]
    return fill(
        "page-section.html",
        id=_e(assets.story.name),
        title=_e(assets.story.title),
        summary=_e(assets.story.summary),
        blocks="\n".join(blocks),
    )


def _palette_variables(p: Palette) -> str:
    """A palette as the page's CSS custom properties (``--bg:#FFFFFF;…``)."""
    roles = {"bg": "background", "fg": "foreground", "muted": "muted", "faint": "faint"}
    roles |= {"l1": "l1", "l2": "l2"}
    return ";".join(f"--{name}:{getattr(p, role)}" for name, role in roles.items())


def render_page(found: list[StoryAssets], explorer_html: str = "", lecture_html: str = "") -> str:
    """The whole ``index.html`` text; ``lecture_html`` (the joined lecture) comes first."""
    nav = " ".join(
        fill("page-nav-link.html", id=_e(a.story.name), title=_e(a.story.title)) for a in found
    )
    return fill(
        "page.html",
        light=_palette_variables(LIGHT),
        dark=_palette_variables(DARK),
        nav=nav,
        sections=lecture_html + "\n".join(story_section(a) for a in found),
        explorer=fill("page-explorer.html", fragment=explorer_html) if explorer_html else "",
    )


class NothingToShow(FileNotFoundError):
    """``out_dir`` holds no video and no figure, so there is no page to write."""

    def __init__(self, out_dir: Path) -> None:
        super().__init__(
            f"no videos or figures in {out_dir}; run `whyl1 all --out {out_dir}` first"
        )


def build_page(out_dir: Path, theme: str = "light", explorer_html: str = "") -> Path:
    """Write ``out_dir/index.html`` (plus captions and posters) from the outputs there."""
    found = collect(out_dir, theme)
    if not found:
        raise NothingToShow(out_dir)
    target = out_dir / "index.html"
    from whyl1.lecture import lecture_block  # the lecture, when `whyl1 lecture` made one

    write_atomic(target, render_page(found, explorer_html, lecture_block(out_dir)).encode("utf-8"))
    return target

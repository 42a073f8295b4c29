"""The course page: one self-contained static folder embedding every video and figure.

``build_page(out_dir)`` reads what ``whyl1 all`` left in ``out_dir`` (videos
with their .srt captions, figures with alt text) and writes ``index.html`` plus
WebVTT captions and poster frames beside them. Every link is relative and
inside the folder, so the page works from ``file://`` and any static host, and
makes no network request: no CDN, no web fonts.
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass
from pathlib import Path

from whyl1 import stories
from whyl1.pipeline import output_stem, write_atomic
from whyl1.theme import DARK, LIGHT, Palette

_SRT_TIME = re.compile(r"(\d+):(\d\d):(\d\d),(\d\d\d)")


@dataclass(frozen=True)
class Cue:
    """One caption: start and end in seconds, and its text."""

    start: float
    end: float
    text: str


def parse_srt(content: str) -> list[Cue]:
    """Cues of an .srt file (manim's subcaptions)."""
    cues = []
    for block in re.split(r"\n\s*\n", content.replace("\r\n", "\n").strip()):
        lines = block.strip().splitlines()
        timing = next((i for i, line in enumerate(lines) if "-->" in line), None)
        if timing is None:
            continue
        start, end = (_seconds(part) for part in lines[timing].split("-->"))
        cues.append(Cue(start, end, "\n".join(lines[timing + 1 :]).strip()))
    return cues


def _seconds(stamp: str) -> float:
    match = _SRT_TIME.search(stamp)
    if not match:
        raise ValueError(f"not an SRT time stamp: {stamp!r}")
    hours, minutes, seconds, millis = (int(g) for g in match.groups())
    return hours * 3600 + minutes * 60 + seconds + millis / 1000


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, rest = divmod(millis, 3_600_000)
    minutes, rest = divmod(rest, 60_000)
    return f"{hours:02d}:{minutes:02d}:{rest // 1000:02d}.{rest % 1000:03d}"


def to_webvtt(cues: list[Cue]) -> str:
    """WebVTT for a ``<track>``; cue text is escaped (``<`` and ``&`` are markup in VTT)."""
    blocks = ["WEBVTT", ""]
    for number, cue in enumerate(cues, 1):
        text = cue.text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
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
    temporary = poster.with_name(f".whyl1-tmp-{poster.name}")
    Image.fromarray(last.to_ndarray(format="rgb24")).save(temporary, format="PNG")
    temporary.replace(poster)


def _stale(target: Path, source: Path) -> bool:
    return not target.exists() or target.stat().st_mtime < source.stat().st_mtime


@dataclass(frozen=True)
class StoryAssets:
    """What the page shows for one story (paths relative to the page folder)."""

    story: stories.Story
    videos: dict[str, str]  # format -> path
    poster: str | None
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


def collect(out_dir: Path, theme: str = "light") -> list[StoryAssets]:
    """Find each story's outputs in ``out_dir`` and write its captions and poster."""
    found = []
    for story in stories.STORIES:
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
                write_atomic(vtt, vtt_bytes)
                captions = f"captions/{stem}.vtt"
                captions_inline = "data:text/vtt;charset=utf-8;base64," + base64.b64encode(
                    vtt_bytes
                ).decode("ascii")
                transcript = [cue.text for cue in cues]
        figure_links = {
            fmt: path
            for fmt in ("svg", "png", "pdf")
            if (path := _located(out_dir, "figures", f"{stem}.{fmt}"))
        }
        figure = figure_links.get("svg") or figure_links.get("png")
        alt_file = _located(out_dir, "figures", f"{stem}.alt.txt")
        alt = (out_dir / alt_file).read_text(encoding="utf-8").strip() if alt_file else ""
        if videos or figure:
            found.append(
                StoryAssets(
                    story,
                    videos,
                    poster,
                    captions,
                    captions_inline,
                    transcript,
                    figure,
                    figure_links,
                    alt,
                )
            )
    return found


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
        f'\n    <source src="{_e(path)}" type="video/{fmt}">' for fmt, path in assets.videos.items()
    )
    captions = assets.captions_inline if inline_captions else assets.captions
    track = (
        f'\n    <track kind="captions" src="{_e(captions or "")}" srclang="en" '
        f'label="English" default>'
        if assets.captions
        else ""
    )
    poster = f' poster="{_e(assets.poster)}"' if assets.poster else ""
    return (
        f'<figure class="whyl1-video">\n  <video controls preload="metadata"{poster} '
        f'aria-label="{_e(assets.story.title)}: {_e(assets.story.summary)}">'
        f"{sources}{track}\n  </video>\n"
        f"  <figcaption>{_e(assets.story.summary)}</figcaption>\n</figure>"
    )


def figure_block(assets: StoryAssets) -> str:
    """The ``<figure>`` with the image, its alt text and links to each format."""
    links = " · ".join(
        f'<a href="{_e(path)}">{fmt.upper()}</a>' for fmt, path in assets.figure_links.items()
    )
    return (
        f'<figure class="whyl1-figure">\n  <img src="{_e(assets.figure or "")}" '
        f'alt="{_e(assets.alt)}" loading="lazy">\n'
        f"  <figcaption>{_e(assets.alt)} <span class=links>{links}</span></figcaption>\n</figure>"
    )


def story_section(assets: StoryAssets) -> str:
    """One story: title, video, transcript, figure, and copy-paste embed snippets."""
    parts = [
        f'<section id="{_e(assets.story.name)}">',
        f"<h2>{_e(assets.story.title)}</h2>",
        f'<p class="summary">{_e(assets.story.summary)}</p>',
    ]
    snippets = []
    if assets.videos:
        parts.append(video_block(assets, inline_captions=True))
        snippets.append(video_block(assets))
        if assets.transcript:
            paragraphs = "\n".join(f"<p>{_e(line)}</p>" for line in assets.transcript)
            paragraphs += f'\n<p><a href="{_e(assets.captions or "")}">Captions (WebVTT)</a></p>'
            parts.append(f"<details class=transcript><summary>Transcript</summary>\n{paragraphs}"
                         "\n</details>")  # fmt: skip
    if assets.figure:
        block = figure_block(assets)
        parts.append(block)
        snippets.append(block)
    for snippet in snippets:
        kind = "video" if "<video" in snippet else "figure"
        parts.append(
            f"<details class=embed><summary>Embed this {kind}</summary>"
            f"<pre><code>{_e(snippet)}</code></pre></details>"
        )
    parts.append("</section>")
    return "\n".join(parts)


def _css(light: Palette, dark: Palette) -> str:
    def variables(p: Palette) -> str:
        return (
            f"--bg:{p.background};--fg:{p.foreground};--muted:{p.muted};"
            f"--faint:{p.faint};--l1:{p.l1};--l2:{p.l2}"
        )

    return f"""
:root{{{variables(light)};color-scheme:light dark}}
@media (prefers-color-scheme: dark){{:root{{{variables(dark)}}}}}
body{{margin:0;background:var(--bg);color:var(--fg);
font:17px/1.55 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif}}
main{{max-width:58rem;margin:0 auto;padding:1.5rem 1rem 4rem}}
h1{{font-size:2rem;margin:.5rem 0}} h2{{border-top:1px solid var(--faint);padding-top:1.5rem}}
.l1{{color:var(--l1);font-weight:600}} .l2{{color:var(--l2);font-weight:600}}
.summary{{color:var(--muted)}} nav a{{margin-right:.8rem}} a{{color:var(--l1)}}
figure{{margin:1rem 0}} video,img{{width:100%;height:auto;border-radius:6px;
background:var(--bg);border:1px solid var(--faint)}}
figcaption{{font-size:.9rem;color:var(--muted)}}
details{{margin:.5rem 0}} summary{{cursor:pointer}}
pre{{overflow-x:auto;background:color-mix(in srgb,var(--fg) 6%,var(--bg));padding:.75rem;
border-radius:6px;font-size:.8rem}}
"""


def render_page(found: list[StoryAssets], explorer_html: str = "") -> str:
    """The whole ``index.html`` text."""
    nav = " ".join(f'<a href="#{_e(a.story.name)}">{_e(a.story.title)}</a>' for a in found)
    sections = "\n".join(story_section(a) for a in found)
    explorer = (
        f'<section id="explorer"><h2>Explorer: drag β̂</h2>\n{explorer_html}\n</section>'
        if explorer_html
        else ""
    )
    return f"""<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Why does L1 give exact zeros, and L2 does not?</title>
<style>{_css(LIGHT, DARK)}</style>
</head>
<body>
<main>
<h1>Why does <span class="l1">L1</span> give exact zeros, and <span class="l2">L2</span> does
not?</h1>
<p>Videos with captions and transcripts, slide figures with alt text, each with a snippet to
embed it in your own course page. Every number comes from one math module.</p>
<nav aria-label="Stories">{nav}</nav>
{sections}
{explorer}
</main>
</body>
</html>
"""


def build_page(out_dir: Path, theme: str = "light", explorer_html: str = "") -> Path:
    """Write ``out_dir/index.html`` (plus captions and posters) from the outputs there."""
    found = collect(out_dir, theme)
    if not found:
        raise FileNotFoundError(
            f"no videos or figures in {out_dir}; run `whyl1 all --out {out_dir}` first"
        )
    target = out_dir / "index.html"
    write_atomic(target, render_page(found, explorer_html).encode("utf-8"))
    return target

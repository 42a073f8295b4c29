"""What the embedding tests (Sphinx, MkDocs, notebooks) share: the blocks they embed, so
the run renders each once (``whyl1_cache`` in conftest.py), and the checks of a built page:
its references, and what a browser makes of its videos, images and explorer."""

from __future__ import annotations

import re
from pathlib import Path
from string import Template
from urllib.parse import unquote, urlsplit

from whyl1 import embed, page

# The blocks every embedding test shows: the shortest video, at low quality.
VIDEO = embed.Request("video", "epsilon", quality="low")
FIGURE = embed.Request("figure", "epsilon")
DARK_STEPS = embed.Request(
    "figure", "steps", (("w0", "3"), ("eta", "0.25")), theme="dark"
)  # 12 steps to 0


def renders(whyl1_cache: Path) -> Path:
    """The render cache inside a whyl1 cache folder (``embed.renders_cache``)."""
    return whyl1_cache / "renders"


def srt_cues(whyl1_cache: Path, request: embed.Request = VIDEO) -> list[str]:
    """The caption lines of a rendered video block, from its .srt."""
    srt = renders(whyl1_cache) / request.name / "videos" / f"{request.story}.srt"
    return [cue.content for cue in page.parse_srt(srt.read_text(encoding="utf-8"))]


def alt_text(whyl1_cache: Path, request: embed.Request) -> str:
    """A rendered figure block's alt text."""
    stem = request.story if request.theme == "light" else f"{request.story}-{request.theme}"
    folder = renders(whyl1_cache) / request.name / "figures"
    return (folder / f"{stem}.alt.txt").read_text(encoding="utf-8").strip()


_REFERENCE = re.compile(r"""\b(src|href|poster)=["']([^"']*)["']""")
_STYLESHEET = re.compile(r"""<link\b[^>]*rel=["']stylesheet["'][^>]*>""")


def loaded_references(html: str) -> list[str]:
    """What a page makes a browser load by itself: every ``src`` and ``poster``, and each
    style sheet's ``href`` (other links are only followed when clicked)."""
    found = [value for name, value in _REFERENCE.findall(html) if name != "href"]
    for link in _STYLESHEET.findall(html):
        found += [value for name, value in _REFERENCE.findall(link) if name == "href"]
    return found


def missing_files(page_file: Path, root: Path) -> list[str]:
    """Every link and source of a page that points to a file that is not there (outside
    links, data: URLs and fragments aside); ``/x`` is ``x`` in the site's ``root`` (a
    404 page, served at any address, links so)."""
    missing = []
    for _, value in _REFERENCE.findall(page_file.read_text(encoding="utf-8")):
        parts = urlsplit(value)
        if parts.scheme or value.startswith(("#", "//")) or not parts.path:
            continue
        path = unquote(parts.path)
        target = root / path.lstrip("/") if path.startswith("/") else page_file.parent / path
        target = target.resolve()
        if target.is_dir():
            target = target / "index.html"
        if not target.exists():
            missing.append(value)
    return missing


def check_pages(site: Path) -> None:
    """Every page of a built ``site`` finds each file it references, and loads nothing
    from another host."""
    for page_file in sorted(site.rglob("*.html")):
        assert not missing_files(page_file, site), page_file
        html = page_file.read_text(encoding="utf-8")
        outside = [ref for ref in loaded_references(html) if "//" in ref.split("?")[0]]
        assert not outside, (page_file, outside)


def media_check(scope: str = "") -> str:
    """A script for Chromium: what a browser makes of the page's media inside the CSS
    selector ``scope`` (the whole page when empty): each video's length, caption cues,
    poster and preload, each image's size and alt text, each transcript's lines, and each
    explorer's state."""
    return _MEDIA_CHECK.substitute(within=f"{scope} " if scope else "")


_MEDIA_CHECK = Template("""(async () => {
  const videos = await Promise.all([...document.querySelectorAll('${within}video')]
    .map(async v => {
      if (v.readyState < 1) {
        await new Promise((ok, fail) => {
          v.addEventListener('loadedmetadata', ok, {once: true});
          v.addEventListener('error', () => fail(new Error('video error ' + v.currentSrc)));
          v.load();
        });
      }
      const track = v.textTracks[0];
      if (track) track.mode = 'hidden';
      for (let i = 0; track && (!track.cues || track.cues.length === 0) && i < 50; i++)
        await new Promise(ok => setTimeout(ok, 100));
      return {src: v.currentSrc, duration: v.duration, tracks: v.textTracks.length,
              cues: track && track.cues ? track.cues.length : 0,
              firstCue: track && track.cues && track.cues.length ? track.cues[0].text : '',
              poster: v.poster, controls: v.controls, preload: v.preload,
              label: v.getAttribute('aria-label')};
    }));
  const images = await Promise.all([...document.querySelectorAll('${within}img')]
    .map(async img => {
      img.scrollIntoView();
      img.loading = 'eager';
      try { await img.decode(); } catch (e) { /* reported as naturalWidth 0 */ }
      return {src: img.src, width: img.naturalWidth, alt: img.alt};
    }));
  const transcripts = [...document.querySelectorAll('${within}details.transcript')]
    .map(details => [...details.querySelectorAll('p')].map(p => p.textContent));
  const explorers = [...document.querySelectorAll('.whyl1-explorer')].map(root => ({
    mounted: root.dataset.mounted === 'yes',
    lasso: root.querySelector('#wx-l1-status').textContent,
  }));
  return {videos, images, transcripts, explorers};
})()""")
# What a browser makes of the embedded blocks of a Sphinx, MkDocs or notebook page.
MEDIA_CHECK = media_check(".whyl1-embed")


def check_media(media: dict, cues: list[str]) -> None:
    """The page's videos play (a duration, the captions' cues, a poster) and its images
    load with their alt text; transcripts hold the captions; explorers came to life."""
    for video in media["videos"]:
        assert video["duration"] >= 45, video
        assert video["tracks"] == 1 and video["cues"] == len(cues) > 0, video
        assert video["firstCue"] == cues[0], video
        assert video["poster"] and video["controls"] and video["label"], video
    for image in media["images"]:
        assert image["width"] > 0, f"image did not load: {image['src'][:80]}"
        assert image["alt"].strip(), f"empty alt text: {image['src'][:80]}"
    for lines in media["transcripts"]:
        assert lines[: len(cues)] == cues
    for explorer in media["explorers"]:
        assert explorer["mounted"] and "corner" in explorer["lasso"], explorer

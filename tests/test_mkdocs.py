"""The MkDocs plugin on a small site: the fenced blocks found (and the ones inside other
fences left alone), the site built with ``--strict``, the blocks in the HTML with every
referenced file there and nothing loaded from outside, and the site served on the loopback
address (as ``mkdocs serve`` and any host serve it) in headless Chromium: the video's
length and caption cues, the images with their alt text, the explorer alive. A bad block
stops the build with one line naming the page and line."""

from __future__ import annotations

import functools
import http.server
import subprocess
import sys
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import embedtools
import pytest
from browser import browser, chromium_path

from whyl1.mkdocs import MarkerError, find_markers

pytestmark = pytest.mark.usefixtures("whyl1_cache_in_env")

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"

CONFIG = """\
site_name: A course
theme:
  name: mkdocs
  highlightjs: false  # it would load highlight.js from a CDN
markdown_extensions:
  - admonition
plugins:
  - search
  - whyl1:
      quality: low
      cache: {cache}
"""

PAGES = {
    "index.md": """\
---
title: Home
---
# A course

```{whyl1-figure} epsilon
```

How to embed a video (an example, not a block):

````markdown
```{whyl1-video} epsilon
```
````
""",
    "lesson/video.md": """\
# The video

```{whyl1-video} epsilon
```

!!! note "Steps from w = 3"

    ```{whyl1-figure} steps
    :set: w0=3 eta=0.25
    :theme: dark
    ```

~~~{whyl1-explorer}
~~~
""",
}


def write_site(folder: Path, pages: dict[str, str], cache: Path) -> Path:
    (folder / "mkdocs.yml").write_text(CONFIG.format(cache=cache), encoding="utf-8")
    for name, text in pages.items():
        (folder / "docs" / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / "docs" / name).write_text(text, encoding="utf-8")
    return folder


def mkdocs_build(site: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-f", str(site / "mkdocs.yml")],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory, whyl1_cache):
    folder = write_site(tmp_path_factory.mktemp("mkdocs"), PAGES, embedtools.renders(whyl1_cache))
    result = mkdocs_build(folder)
    assert result.returncode == 0, result.stderr
    return folder / "site"


def test_the_blocks_are_found_and_other_fences_left_alone():
    markers = find_markers(PAGES["lesson/video.md"])
    assert [(m.kind, m.argument, m.options, m.first, m.last, m.indent) for m in markers] == [
        ("video", "epsilon", {}, 2, 3, ""),
        ("figure", "steps", {"set": "w0=3 eta=0.25", "theme": "dark"}, 7, 10, "    "),
        ("explorer", "", {}, 12, 13, ""),
    ]
    (figure,) = find_markers(PAGES["index.md"])  # the example inside ```` is no block
    assert (figure.kind, figure.argument) == ("figure", "epsilon")
    unclosed = "```python\nx = 1\n\n```{whyl1-video} steps\n```\n"  # inside an open fence
    assert find_markers(unclosed) == []


@pytest.mark.parametrize(
    ("markdown", "line", "message"),
    [
        ("# T\n\n```{whyl1-movie} steps\n```\n", 3, "unknown block {whyl1-movie}"),
        ("```{whyl1-video}\n```\n", 1, "whyl1-video: name the story"),
        ("```{whyl1-explorer} steps\n```\n", 1, "whyl1-explorer: takes no story"),
        ("```{whyl1-figure} kink\n\n:size: square\n:sise: x\n```\n", 4, "unknown option :sise:"),
        ("```{whyl1-figure} kink\n:set: c=1\n:set: c=2\n```\n", 3, "option :set: given twice"),
        ("```{whyl1-figure} kink\nc=1\n```\n", 2, "expected an option (:name: value)"),
        ("text\n\n```{whyl1-video} steps\n:theme: dark\n", 3, "no closing ```"),
    ],
)
def test_a_malformed_block_names_its_line(markdown, line, message):
    with pytest.raises(MarkerError, match=message.replace("(", r"\(").replace(")", r"\)")) as err:
        find_markers(markdown)
    assert err.value.line == line


@pytest.mark.render
def test_the_pages_hold_the_accessible_blocks(site, whyl1_cache):
    cues = embedtools.srt_cues(whyl1_cache)
    home = (site / "index.html").read_text(encoding="utf-8")
    assert f'src="whyl1/{embedtools.FIGURE.name}/figures/epsilon.svg"' in home
    assert f'alt="{embedtools.alt_text(whyl1_cache, embedtools.FIGURE)}"' in home
    assert "```{whyl1-video} epsilon" in home  # the example stays an example
    lesson = (site / "lesson" / "video" / "index.html").read_text(encoding="utf-8")
    assert f'src="../../whyl1/{embedtools.VIDEO.name}/videos/epsilon.mp4"' in lesson
    assert f'poster="../../whyl1/{embedtools.VIDEO.name}/posters/epsilon.png"' in lesson
    assert 'kind="captions"' in lesson and cues[-1] in lesson
    assert '<div class="admonition note">' in lesson
    admonition = lesson[lesson.index('<div class="admonition note">') :]
    assert admonition.index(
        f"{embedtools.DARK_STEPS.name}/figures/steps-dark.svg"
    ) < admonition.index(
        'class="whyl1-explorer"'
    )  # the figure is inside the note, before the explorer
    assert lesson.count('class="whyl1-explorer"') == 1
    assert 'href="../../whyl1/embed.css"' in lesson


@pytest.mark.render
def test_every_referenced_file_is_there_and_nothing_comes_from_outside(site, whyl1_cache):
    embedtools.check_pages(site)
    published = site / "whyl1" / embedtools.DARK_STEPS.name / "figures" / "steps-dark.png"
    cached = (
        embedtools.renders(whyl1_cache) / embedtools.DARK_STEPS.name / "figures" / "steps-dark.png"
    )
    assert published.read_bytes() == cached.read_bytes()


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format: str, *args: object) -> None:
        """Requests are the browser's to report, not the server's."""


@contextmanager
def served(folder: Path) -> Iterator[str]:
    """``folder`` served over HTTP on the loopback address; yields its URL."""
    handler = functools.partial(_QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join()


@pytest.mark.render
def test_the_site_in_chromium(site, whyl1_cache, tmp_path):
    assert chromium_path(), "chromium is not installed: run scripts/setup.sh"
    cues = embedtools.srt_cues(whyl1_cache)
    with served(site) as root, browser(tmp_path / "profile") as chrome:
        chrome.open(root)
        home = chrome.evaluate(embedtools.MEDIA_CHECK, timeout=60)
        chrome.open(root + "lesson/video/")
        lesson = chrome.evaluate(embedtools.MEDIA_CHECK, timeout=60)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        chrome.evaluate("window.scrollTo(0, 0)")  # the theme's fixed navigation bar on top
        chrome.screenshot(SCREENSHOTS / "mkdocs-lesson.png")
        requested, failed, errors = (
            chrome.requested_urls(), chrome.failed_requests(), chrome.errors()
        )  # fmt: skip
    assert (len(home["videos"]), len(home["images"]), len(home["explorers"])) == (0, 1, 0)
    assert (len(lesson["videos"]), len(lesson["images"]), len(lesson["explorers"])) == (1, 1, 1)
    embedtools.check_media(home, cues)
    embedtools.check_media(lesson, cues)
    assert not [url for url in requested if not url.startswith((root, "data:"))], requested
    assert not failed, failed
    assert not errors, errors


def test_a_bad_block_stops_the_build_naming_page_and_line(tmp_path, whyl1_cache):
    bad = "---\ntitle: Bad\n---\n# Bad\n\n```{whyl1-figure} kink\n:set: slope=1\n```\n"
    folder = write_site(tmp_path, {"index.md": bad}, embedtools.renders(whyl1_cache))
    result = mkdocs_build(folder)
    assert result.returncode == 1
    page = folder / "docs" / "index.md"
    assert (
        f"{page}:6: whyl1-figure: kink: slope: unknown parameter for story 'kink'; known: c, beta"
        in result.stderr
    ), result.stderr
    assert "Traceback" not in result.stderr

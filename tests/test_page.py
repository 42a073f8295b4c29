"""The course page: captions converted and escaped, files located, the MP4 index at the front,
and the generated page checked in headless Chromium (videos, tracks, images, no network)."""

from __future__ import annotations

import ast
import re
import subprocess
import sys
from fractions import Fraction
from pathlib import Path

import av
import embedtools
import numpy as np
import pytest
from browser import browser, chromium_path

from whyl1 import page
from whyl1.render import move_index_to_front

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"


def tiny_video(path: Path, seconds: int = 2, faststart: bool = False) -> Path:
    """A small real video (16 fps, 64×48; H.264 for .mp4, VP9 for .webm), so poster and
    index code run on a real file."""
    path.parent.mkdir(parents=True, exist_ok=True)
    codec = "libvpx-vp9" if path.suffix == ".webm" else "libx264"
    with av.open(str(path), "w") as container:
        stream = container.add_stream(codec, rate=16)
        stream.width, stream.height, stream.pix_fmt = 64, 48, "yuv420p"
        for i in range(16 * seconds):
            image = np.full((48, 64, 3), (i * 7) % 255, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.time_base = Fraction(1, 16)
            frame.pts = i
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    if faststart:
        move_index_to_front(path)
    return path


def box_order(path: Path) -> list[bytes]:
    """The top-level MP4 box types, in file order."""
    data, order, offset = path.read_bytes(), [], 0
    while offset + 8 <= len(data):
        size = int.from_bytes(data[offset : offset + 4], "big")
        order.append(data[offset + 4 : offset + 8])
        if size == 1:
            size = int.from_bytes(data[offset + 8 : offset + 16], "big")
        offset += size if size else len(data)
    return order


SRT = """1
00:00:00,000 --> 00:00:01,500
L1 lands on <exactly> 0 & stays

2
00:01:02,250 --> 00:01:04,000
second line
"""


def test_srt_becomes_webvtt_with_escaped_cues():
    cues = page.parse_srt(SRT)
    assert [(c.start.total_seconds(), c.end.total_seconds()) for c in cues] == [
        (0.0, 1.5),
        (62.25, 64.0),
    ]
    vtt = page.to_webvtt(cues)
    assert vtt.startswith("WEBVTT\n")
    assert "00:01:02.250 --> 00:01:04.000" in vtt
    assert "L1 lands on &lt;exactly&gt; 0 &amp; stays" in vtt


HTML_TAG = re.compile(
    r"<(html|head|body|main|nav|section|div|figure|figcaption|video|source|track|img|a|p"
    r"|details|summary|pre|code|span|style|script|svg|h[1-6])[\s>]",
)


def test_no_python_file_writes_html():
    """The page's and the explorer's markup lives in ``whyl1/templates``: no string in the
    package's Python (docstrings aside) holds an HTML tag."""
    found = []
    for path in sorted((REPO / "whyl1").rglob("*.py")):
        tree = ast.parse(path.read_text(encoding="utf-8"))
        docstrings = {
            id(node.body[0].value)
            for node in ast.walk(tree)
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef)
            and node.body
            and isinstance(node.body[0], ast.Expr)
            and isinstance(node.body[0].value, ast.Constant)
        }
        found += [
            f"{path.name}:{node.lineno}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Constant)
            and isinstance(node.value, str)
            and id(node) not in docstrings
            and HTML_TAG.search(node.value)
        ]
    assert not found, found


def test_mp4_index_moves_to_the_front(tmp_path):
    plain = box_order(tiny_video(tmp_path / "plain.mp4"))
    assert plain.index(b"moov") > plain.index(b"mdat")  # libx264's default: index at the end
    moved = box_order(tiny_video(tmp_path / "fast.mp4", faststart=True))
    assert moved.index(b"moov") < moved.index(b"mdat")


def test_text_from_files_is_escaped_and_links_stay_relative(tmp_path):
    tiny_video(tmp_path / "videos" / "steps.mp4")
    (tmp_path / "videos" / "steps.srt").write_text(SRT.replace("second line", "<script>x</script>"))
    (tmp_path / "figures").mkdir()
    (tmp_path / "figures" / "steps.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (tmp_path / "figures" / "steps.alt.txt").write_text('L1 "zero" <img src=x onerror=alert(1)>')
    html = page.build_page(tmp_path).read_text(encoding="utf-8")
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'alt="L1 &quot;zero&quot; &lt;img src=x onerror=alert(1)&gt;"' in html
    assert (tmp_path / "posters" / "steps.png").exists()
    assert (tmp_path / "captions" / "steps.vtt").exists()
    # The page inlines the captions (file:// blocks track files); the embed snippet links them
    assert 'src="data:text/vtt;charset=utf-8;base64,' in html
    assert "src=&quot;captions/steps.vtt&quot;" in html
    for attribute in ("src", "href", "poster"):
        for value in html.split(f'{attribute}="')[1:]:
            link = value.split('"', 1)[0]
            assert link.startswith(("data:", "#")) or not link.startswith(("/", "http", "..")), link


def test_outputs_at_the_top_of_out_are_found(tmp_path):
    """`whyl1 render steps --out DIR` writes DIR/steps.mp4; `whyl1 page --out DIR` finds it."""
    tiny_video(tmp_path / "steps.mp4")
    (tmp_path / "steps.srt").write_text(SRT)
    (found,) = page.collect(tmp_path)
    assert found.videos == {"mp4": "steps.mp4"}
    assert found.captions == "captions/steps.vtt"


def test_a_set_rendered_in_webm_gets_a_webm_source_too(tmp_path):
    """`whyl1 all --video-format webm` after an MP4 run: the page offers both, MP4 first
    (the one every browser plays), each with its MIME type."""
    tiny_video(tmp_path / "videos" / "steps.mp4", faststart=True)
    tiny_video(tmp_path / "videos" / "steps.webm")
    (tmp_path / "videos" / "steps.srt").write_text(SRT)
    page.build_page(tmp_path)
    html = (tmp_path / "index.html").read_text()
    video = html[html.index("<video") : html.index("</video>")]
    mp4 = video.index('<source src="videos/steps.mp4" type="video/mp4">')
    webm = video.index('<source src="videos/steps.webm" type="video/webm">')
    assert mp4 < webm


def test_empty_folder_is_a_clear_error(tmp_path):
    with pytest.raises(FileNotFoundError, match="no videos or figures"):
        page.build_page(tmp_path)


# ---------------------------------------------------------------------------
# The real page in a real browser
# ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """A course page made the way a lecturer makes one: render a scene and the figures with
    the CLI, then `whyl1 page` (one scene, to keep the suite fast)."""
    out = tmp_path_factory.mktemp("site")
    whyl1 = [sys.executable, "-m", "whyl1"]
    for command in (
        ["render", "epsilon", "--quality", "low"],
        ["figure", "all", "--format", "svg"],
        ["page"],
    ):
        subprocess.run([*whyl1, *command, "--out", str(out)], check=True, capture_output=True)
    return out


@pytest.mark.render
def test_course_page_in_chromium(site, tmp_path):
    assert chromium_path(), "chromium is not installed: run scripts/setup.sh"
    srt_cues = len(page.parse_srt((site / "epsilon.srt").read_text(encoding="utf-8")))
    with browser(tmp_path / "profile") as chrome:
        chrome.open((site / "index.html").as_uri())
        media = chrome.evaluate(embedtools.media_check(), timeout=60)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        chrome.screenshot(SCREENSHOTS / "course-page.png")
        requests, failed, errors = (
            chrome.requested_urls(), chrome.failed_requests(), chrome.errors()
        )  # fmt: skip

    assert media["videos"], "no video on the page"
    for video in media["videos"]:
        assert video["duration"] >= 45, video
        assert video["tracks"] == 1 and video["cues"] == srt_cues > 0, video
        assert video["poster"] and video["controls"] and video["preload"] == "metadata"
    assert len(media["images"]) >= 1
    for image in media["images"]:
        assert image["width"] > 0, f"image did not load: {image['src']}"
        assert image["alt"].strip(), f"empty alt text: {image['src']}"
    folder = site.as_uri() + "/"
    outside = [u for u in requests if not u.startswith((folder, "data:"))]
    assert not outside, f"requests leave the page's folder: {outside}"
    assert not failed, failed
    assert not errors, errors

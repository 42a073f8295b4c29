"""The Sphinx extension on a small course: reStructuredText and MyST pages (one in a
sub-folder), built with warnings as errors, once serially and once with ``-j 2`` (seven
pages, so Sphinx really reads in parallel); the blocks in the HTML, every referenced file
there, nothing loaded from outside, and in headless Chromium the video's length and
caption cues, the images with their alt text, the explorer alive. Bad directives are
errors naming file and line, and two builds wanting one new block render it once."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import embedtools
import pytest
from browser import browser, chromium_path
from sphinx.cmd.build import build_main

from whyl1 import embed, pipeline

pytestmark = pytest.mark.usefixtures("whyl1_cache_in_env")


@pytest.fixture(scope="module", autouse=True)
def plain_sphinx_log():
    """``$NO_COLOR`` for the whole module. Sphinx decides on its own whether to rewrite its
    progress on one line (erase-line codes and carriage returns instead of newlines), and
    ``CI=true``, which CI machines set, says yes even with ``-N``; these tests read that
    log line by line, in process and in the sphinx-build they start."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("NO_COLOR", "1")
        yield


REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"

CONF = """\
project = "A course"
extensions = ["myst_parser", "whyl1.sphinx"]
whyl1_quality = "low"
whyl1_cache = {cache!r}
"""

PAGES = {
    "index.rst": """\
A course
========

.. toctree::

   video
   steps
   sub/square
   one
   two
   three

.. whyl1-figure:: epsilon
""",
    "video.rst": """\
The video
=========

.. whyl1-video:: epsilon

.. whyl1-explorer::
""",
    "steps.md": """\
# Steps, in MyST

```{whyl1-figure} steps
:set: w0=3 eta=0.25
:theme: dark
```

```{whyl1-video} epsilon
```
""",
    "sub/square.rst": """\
A square figure
===============

.. whyl1-figure:: kink
   :size: square
""",
    **{
        f"{name}.rst": f"{name.title()}\n{'=' * len(name)}\n\n.. whyl1-figure:: epsilon\n"
        for name in ("one", "two", "three")
    },
}
SQUARE_KINK = embed.Request("figure", "kink", size="square")


def write_project(folder: Path, pages: dict[str, str], cache: Path) -> Path:
    for name, text in {"conf.py": CONF.format(cache=str(cache)), **pages}.items():
        (folder / name).parent.mkdir(parents=True, exist_ok=True)
        (folder / name).write_text(text, encoding="utf-8")
    return folder


def sphinx_build(source: Path, out: Path, *options: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, "-m", "sphinx", "-b", "html", "-N", *options, str(source), str(out)],
        capture_output=True,
        text=True,
    )


@pytest.fixture(scope="module")
def builds(tmp_path_factory, whyl1_cache):
    """The course built serially and with two processes, both with -W."""
    source = write_project(
        tmp_path_factory.mktemp("course"), PAGES, embedtools.renders(whyl1_cache)
    )
    out = tmp_path_factory.mktemp("html")
    serial = sphinx_build(source, out / "serial", "-W")
    parallel = sphinx_build(source, out / "parallel", "-W", "-j", "2")
    return {"serial": (serial, out / "serial"), "parallel": (parallel, out / "parallel")}


@pytest.mark.render
def test_builds_with_warnings_as_errors_serially_and_in_parallel(builds):
    for result, _ in builds.values():
        assert result.returncode == 0, result.stdout + result.stderr
        assert "Traceback" not in result.stderr
    # Sphinx names each chunk of pages a process read ("index .. steps"), and each it wrote.
    chunks = re.findall(r"^(reading sources|writing output)\.\.\. \[.*\] \S+ \.\. \S+$",
                        builds["parallel"][0].stdout, re.MULTILINE)  # fmt: skip
    assert {"reading sources", "writing output"} <= set(chunks), builds["parallel"][0].stdout


@pytest.mark.render
def test_the_pages_hold_the_accessible_blocks(builds, whyl1_cache):
    cues = embedtools.srt_cues(whyl1_cache)
    for _, out in builds.values():
        video = (out / "video.html").read_text(encoding="utf-8")
        assert video.count("<video ") == 1 and 'kind="captions"' in video
        assert f'poster="_static/whyl1/{embedtools.VIDEO.name}/posters/epsilon.png"' in video
        assert f'src="_static/whyl1/{embedtools.VIDEO.name}/videos/epsilon.mp4"' in video
        assert "<summary>Transcript</summary>" in video and cues[-1] in video
        assert video.count('class="whyl1-explorer"') == 1
        steps = (out / "steps.html").read_text(encoding="utf-8")
        assert f'src="_static/whyl1/{embedtools.DARK_STEPS.name}/figures/steps-dark.svg"' in steps
        assert "at step 12" in embedtools.alt_text(whyl1_cache, embedtools.DARK_STEPS)
        assert f'alt="{embedtools.alt_text(whyl1_cache, embedtools.DARK_STEPS)}"' in steps
        square = (out / "sub" / "square.html").read_text(encoding="utf-8")
        assert f'src="../_static/whyl1/{SQUARE_KINK.name}/figures/kink.svg"' in square
        assert '<link rel="stylesheet" type="text/css" href="../_static/whyl1/embed.css' in square


@pytest.mark.render
def test_parallel_and_serial_builds_write_the_same_blocks(builds):
    for name in ("video.html", "steps.html", "sub/square.html", "index.html"):
        serial, parallel = (out / name for _, out in builds.values())
        assert serial.read_text(encoding="utf-8") == parallel.read_text(encoding="utf-8"), name


@pytest.mark.render
def test_every_referenced_file_is_there_and_nothing_comes_from_outside(builds, whyl1_cache):
    for _, out in builds.values():
        embedtools.check_pages(out)
        published = out / "_static" / "whyl1" / embedtools.VIDEO.name / "videos" / "epsilon.mp4"
        cached = embedtools.renders(whyl1_cache) / embedtools.VIDEO.name / "videos" / "epsilon.mp4"
        assert published.read_bytes() == cached.read_bytes()


@pytest.mark.render
def test_the_course_in_chromium(builds, whyl1_cache, tmp_path):
    assert chromium_path(), "chromium is not installed: run scripts/setup.sh"
    _, out = builds["parallel"]
    cues = embedtools.srt_cues(whyl1_cache)
    with browser(tmp_path / "profile") as chrome:
        for name, videos, images, explorers in (
            ("video.html", 1, 0, 1),
            ("steps.html", 1, 1, 0),
            ("sub/square.html", 0, 1, 0),
        ):
            chrome.open((out / name).as_uri())
            media = chrome.evaluate(embedtools.MEDIA_CHECK, timeout=60)
            assert (len(media["videos"]), len(media["images"])) == (videos, images), name
            assert len(media["explorers"]) == explorers, name
            embedtools.check_media(media, cues)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        chrome.screenshot(SCREENSHOTS / "sphinx-square.png")
        requested, failed, errors = (
            chrome.requested_urls(), chrome.failed_requests(), chrome.errors()
        )  # fmt: skip
    folder = out.as_uri() + "/"
    assert not [url for url in requested if not url.startswith((folder, "data:"))], requested
    assert not failed, failed
    assert not errors, errors


BAD_PAGES = {
    "index.rst": """\
Bad
===

.. toctree::

   more

.. whyl1-video:: stepz

.. whyl1-figure:: steps
   :set: w0=5.1

.. whyl1-figure:: penalties
   :set: w_max

.. whyl1-explorer::

.. whyl1-explorer::
""",
    "more.md": """\
# More

Text first.

```{whyl1-figure} kink
:set: slope=1
```
""",
}


def test_a_bad_directive_is_an_error_naming_file_and_line(tmp_path, whyl1_cache):
    source = write_project(tmp_path / "bad", BAD_PAGES, embedtools.renders(whyl1_cache))
    result = sphinx_build(source, tmp_path / "out", "-q")
    errors = [line for line in result.stderr.splitlines() if ": ERROR: " in line]
    index, more = source / "index.rst", source / "more.md"
    assert errors == [
        f"{index}:8: ERROR: whyl1-video: unknown story 'stepz'; known: penalties, steps, "
        "oscillation, epsilon, kink, geometry, thresholding, priors, lp-balls, path, "
        "selection [docutils]",
        f"{index}:10: ERROR: whyl1-figure: steps: w0: the L1 iterates from 5.1 never land "
        "exactly on 0 within n=20 steps of eta*lam=0.5: use a whole multiple of eta*lam (and "
        "a large enough n), or see the 'oscillation' story for what happens otherwise "
        "[docutils]",
        f"{index}:13: ERROR: whyl1-figure: expected NAME=VALUE (e.g. w0=3), got 'w_max' [docutils]",
        f"{index}:18: ERROR: whyl1-explorer: this page has an explorer already (line 16); its "
        "element ids are fixed, so a page holds one [docutils]",
        f"{more}:5: ERROR: whyl1-figure: kink: slope: unknown parameter for story 'kink'; "
        "known: c, beta [docutils]",
    ], result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    assert sphinx_build(source, tmp_path / "strict", "-q", "-W").returncode != 0


def test_two_builds_wanting_one_new_block_render_it_once(tmp_path):
    """Two sphinx-build processes at once, one cache, a block neither has rendered: the
    block folder's lock makes one wait, and it finds the block up to date."""
    cache = tmp_path / "cache"
    page = {"index.rst": "Figure\n======\n\n.. whyl1-figure:: penalties\n"}
    sources = [write_project(tmp_path / f"course{n}", page, cache) for n in (1, 2)]
    command = [sys.executable, "-m", "sphinx", "-b", "html", "-N", "-W"]
    runs = [
        subprocess.Popen(
            [*command, str(source), str(tmp_path / f"out{n}")],
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        for n, source in enumerate(sources)
    ]
    logs = [run.communicate(timeout=300) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], logs
    rendered = [
        line for out, _ in logs for line in out.splitlines() if "whyl1: figure penalties" in line
    ]
    assert len(rendered) == 4, rendered  # SVG and PNG, in each build
    assert sum("up to date" not in line for line in rendered) == 2, rendered  # by one build
    name = embed.Request("figure", "penalties").name
    for fmt in ("svg", "png"):
        first, second = (
            tmp_path / f"out{n}" / "_static" / "whyl1" / name / "figures" / f"penalties.{fmt}"
            for n in (0, 1)
        )
        assert first.read_bytes() == second.read_bytes()
    assert not list(cache.rglob(".whyl1-tmp-*")) and not list(cache.rglob(".whyl1-lock"))


def test_blocks_are_taken_from_a_whyl1_all_folder_named_in_conf(tmp_path, whyl1_cache):
    """``whyl1_outputs``, relative to conf.py: a block is taken from there and never
    rendered; one that is not there is an error saying how to make it."""
    page = {"index.rst": "Figures\n=======\n\n.. whyl1-figure:: epsilon\n"}
    source = write_project(tmp_path / "course", page, embedtools.renders(whyl1_cache))
    with open(source / "conf.py", "a", encoding="utf-8") as conf:
        conf.write('whyl1_outputs = "outputs"\n')
    subprocess.run(
        [sys.executable, "-m", "whyl1", "figure", "epsilon", "--format", "png", "--out",
         str(source / "outputs")],
        check=True, capture_output=True,
    )  # fmt: skip
    result = sphinx_build(source, tmp_path / "out", "-W")
    assert result.returncode == 0, result.stderr
    assert "whyl1: figure" not in result.stdout  # nothing rendered
    name = embed.Request("figure", "epsilon").name
    published = tmp_path / "out" / "_static" / "whyl1" / name / "epsilon.png"
    assert published.read_bytes() == (source / "outputs" / "epsilon.png").read_bytes()
    (source / "index.rst").write_text(page["index.rst"] + "   :set: eps=0.2\n")
    result = sphinx_build(source, tmp_path / "again", "-q")
    assert (
        f"{source / 'index.rst'}:4: ERROR: whyl1-figure: {source / 'outputs'} has no figure "
        "of 'epsilon' made with these parameters (theme light, size slide) by this version "
        f"of whyl1: run `whyl1 all --out {source / 'outputs'} --set epsilon.eps=0.2`"
    ) in result.stderr, result.stderr


def test_pages_with_blocks_are_read_again_when_whyl1_changes(
    tmp_path, whyl1_cache, monkeypatch, capsys
):
    """An incremental build reads no page again, unless whyl1 changed: then the pages with
    blocks (not the others) are read and their blocks rendered anew."""
    pages = {
        "index.rst": "Home\n====\n\n.. toctree::\n\n   text\n\n.. whyl1-figure:: epsilon\n",
        "text.rst": "Text\n====\n\nNo block here.\n",
    }
    source = write_project(tmp_path / "course", pages, embedtools.renders(whyl1_cache))

    def pages_read() -> list[str]:
        assert build_main(["-b", "html", "-N", "-W", str(source), str(tmp_path / "out")]) == 0
        log = capsys.readouterr().out
        return re.findall(r"^reading sources\.\.\. \[\s*\d+%\] (\S+)$", log, re.MULTILINE)

    assert pages_read() == ["index", "text"]
    assert pages_read() == []
    sources = pipeline.package_sources()
    monkeypatch.setattr(
        pipeline, "package_sources", lambda: {**sources, "whyl1/new_helper.py": "0" * 64}
    )
    assert pages_read() == ["index"]
    assert pages_read() == []

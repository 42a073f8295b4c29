"""Stories in a notebook: a notebook calling ``whyl1.show`` executed by nbclient in a real
kernel; its outputs (the figure as HTML with its alt text, SVG and PNG; the video with
its captions; the explorer) checked, then shown in headless Chromium the way JupyterLab
shows them (set as ``innerHTML``, scripts re-created so they run): the video plays with
its cues, the image loads with its alt text, the explorer comes alive, also when shown
twice, and nothing is loaded from anywhere. ``import whyl1`` stays cheap."""

from __future__ import annotations

import base64
import io
import json
import subprocess
import sys

import embedtools
import nbformat
import pytest
from browser import browser, chromium_path
from nbclient import NotebookClient
from PIL import Image

import whyl1

CELLS = [
    "import whyl1",
    'whyl1.show("epsilon", kind="figure")',
    'whyl1.show("epsilon", quality="low")',
    'whyl1.show(kind="explorer")',
]

# What JupyterLab's renderHTML does with a trusted text/html output (@jupyterlab/rendermime,
# renderers.ts): set it as the host's innerHTML, then replace each script by a new one,
# which the browser runs (a script set through innerHTML never runs).
SHOW_LIKE_JUPYTERLAB = """(outputs => {
  for (const html of outputs) {
    const host = document.createElement('div');
    host.className = 'jp-OutputArea-output';
    document.body.appendChild(host);
    host.innerHTML = html;
    for (const script of Array.from(host.getElementsByTagName('script'))) {
      const clone = document.createElement('script');
      for (const {name, value} of Array.from(script.attributes)) clone.setAttribute(name, value);
      clone.textContent = script.textContent;
      script.parentNode.replaceChild(clone, script);
    }
  }
  return document.querySelectorAll('.jp-OutputArea-output').length;
})(%s)"""


@pytest.fixture(scope="module")
def executed(whyl1_cache):
    """The notebook run by nbclient in a fresh kernel, which reads whyl1's cache folder
    from the environment it inherits."""
    notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(c) for c in CELLS])
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("WHYL1_CACHE", str(whyl1_cache))
        NotebookClient(notebook, timeout=600, kernel_name="python3").execute()
    return [cell.outputs for cell in notebook.cells]


def result(outputs: list) -> dict:
    (output,) = outputs
    assert output.output_type == "execute_result", output
    return output.data


@pytest.mark.render
def test_the_figure_comes_as_html_with_its_alt_text_svg_and_png(executed, whyl1_cache):
    data = result(executed[1])
    assert {"text/html", "image/svg+xml", "image/png"} <= data.keys()
    folder = embedtools.renders(whyl1_cache) / embedtools.FIGURE.name / "figures"
    assert data["image/svg+xml"] == (folder / "epsilon.svg").read_text(encoding="utf-8")
    png = base64.b64decode(data["image/png"])
    assert png == (folder / "epsilon.png").read_bytes()
    assert Image.open(io.BytesIO(png)).size == (1920, 1080)  # the slide size
    html = data["text/html"]
    assert f'alt="{embedtools.alt_text(whyl1_cache, embedtools.FIGURE)}"' in html
    assert 'src="data:image/svg+xml;base64,' in html


@pytest.mark.render
def test_the_video_comes_inline_with_its_captions(executed, whyl1_cache):
    html = result(executed[2])["text/html"]
    video = (
        embedtools.renders(whyl1_cache) / embedtools.VIDEO.name / "videos" / "epsilon.mp4"
    ).read_bytes()
    assert f'src="data:video/mp4;base64,{base64.b64encode(video).decode()}"' in html
    assert '<track kind="captions" src="data:text/vtt;charset=utf-8;base64,' in html
    assert 'poster="data:image/png;base64,' in html
    assert all(line in html for line in embedtools.srt_cues(whyl1_cache))  # the transcript


@pytest.mark.render
def test_the_explorer_is_all_inline(executed):
    html = result(executed[3])["text/html"]
    assert 'class="whyl1-explorer"' in html and "<script>" in html
    assert "src=" not in html and "href=" not in html  # nothing to fetch


@pytest.mark.render
def test_the_outputs_as_jupyterlab_shows_them(executed, whyl1_cache, tmp_path):
    assert chromium_path(), "chromium is not installed: run scripts/setup.sh"
    outputs = [result(cell)["text/html"] for cell in executed[1:]]
    outputs.append(outputs[-1])  # the explorer shown a second time (a re-run cell)
    notebook_page = tmp_path / "lab.html"
    notebook_page.write_text("<!doctype html><title>lab</title><body></body>", encoding="utf-8")
    with browser(tmp_path / "profile") as chrome:
        chrome.open(notebook_page.as_uri())
        assert chrome.evaluate(SHOW_LIKE_JUPYTERLAB % json.dumps(outputs)) == 4
        media = chrome.evaluate(embedtools.MEDIA_CHECK, timeout=60)
        requested, failed, errors = (
            chrome.requested_urls(), chrome.failed_requests(), chrome.errors()
        )  # fmt: skip
    assert (len(media["videos"]), len(media["images"]), len(media["explorers"])) == (1, 1, 2)
    embedtools.check_media(media, embedtools.srt_cues(whyl1_cache))
    assert [url for url in requested if not url.startswith("data:")] == [notebook_page.as_uri()]
    assert not failed, failed
    assert not errors, errors


def test_a_bad_name_or_value_says_which():
    with pytest.raises(ValueError, match="unknown story 'stepz'"):
        whyl1.show("stepz")
    with pytest.raises(ValueError, match="steps: w0: expected a number"):
        whyl1.show("steps", kind="figure", w0="three")
    with pytest.raises(ValueError, match="kind must be one of video, figure, explorer"):
        whyl1.show("steps", kind="poster")
    with pytest.raises(ValueError, match="the explorer takes no story"):
        whyl1.show("geometry", kind="explorer")


def test_import_whyl1_stays_cheap():
    """``import whyl1`` and looking up ``whyl1.show`` load no numpy, matplotlib or manim."""
    code = (
        "import sys, whyl1\n"
        "assert callable(whyl1.show)\n"
        "heavy = {'numpy', 'matplotlib', 'manim'} & set(sys.modules)\n"
        "assert not heavy, heavy\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True)

"""The course page: captions converted and escaped, files located, the MP4 index at the front;
the lesson in teaching order with its sources, the quiz's links into the video from the
render's timeline, --set in the prose, an unchanged folder's page kept; and the page made
from a small rendered set in headless Chromium (videos, tracks, images, no network, the
quiz by keyboard) and printed to PDF (every explanation and quiz prompt, no video, no
answer). Screenshots and the PDF land in build/screenshots/ to be looked at."""

from __future__ import annotations

import ast
import base64
import html as html_module
import json
import re
import shutil
import subprocess
import sys
from dataclasses import replace
from fractions import Fraction
from pathlib import Path

import av
import embedtools
import numpy as np
import pytest
from browser import browser, chromium_path
from click.testing import CliRunner
from test_quiz_browser import answer, press, tab_to, text_of
from test_sources import CONFIRMED_URLS, INTERNAL

from whyl1 import embed, page, pipeline, sources, stories
from whyl1.cli import main
from whyl1.lesson import Formula, Paragraph, Table, build_lesson
from whyl1.outputs import TIMELINE_SUFFIX
from whyl1.quiz import CHOICE, build_quiz
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
    r"|details|summary|pre|code|span|style|script|svg|h[1-6]|em|ul|ol|li|table|caption"
    r"|thead|tbody|tr|th|td|form|fieldset|legend|label|input|button|noscript)[\s>]",
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
    html = page.build_page(tmp_path, explorer_html="").read_text(encoding="utf-8")
    assert "<script>x</script>" not in html and "&lt;script&gt;x&lt;/script&gt;" in html
    assert "<img src=x" not in html and "&lt;img src=x onerror=alert(1)&gt;" in html
    assert 'alt="L1 &quot;zero&quot; &lt;img src=x onerror=alert(1)&gt;"' in html
    assert (tmp_path / "posters" / "steps.png").exists()
    assert (tmp_path / "captions" / "steps.vtt").exists()
    # The page inlines the captions (file:// blocks track files); the embed snippet links them
    assert 'src="data:text/vtt;charset=utf-8;base64,' in html
    assert "src=&quot;captions/steps.vtt&quot;" in html
    # Files are linked inside the folder; the only links out are the references' addresses
    references = html[html.index('<section id="references"') :]
    for attribute in ("src", "href", "poster"):
        for value in html.split(f'{attribute}="')[1:]:
            link = value.split('"', 1)[0]
            if link.startswith("https://"):
                assert attribute == "href" and link in CONFIRMED_URLS, link
                assert f'href="{link}"' in references, link
            else:
                assert link.startswith(("data:", "#")) or not link.startswith(("/", "..")), link


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


def tiny_set(folder: Path, *, timeline: bool = False) -> Path:
    """The steps story's video (a tiny real one), captions, figure and alt text, and with
    ``timeline`` the sections a render would record beside the video."""
    tiny_video(folder / "videos" / "steps.mp4", faststart=True)
    (folder / "videos" / "steps.srt").write_text(SRT)
    (folder / "figures").mkdir(parents=True, exist_ok=True)
    (folder / "figures" / "steps.svg").write_text("<svg xmlns='http://www.w3.org/2000/svg'/>")
    (folder / "figures" / "steps.alt.txt").write_text("L1 lands on 0, L2 halves")
    if timeline:
        sections = [
            ("rules", 0.0),
            ("steps", 6.0),
            ("landing", 21.5),
            ("zoom", 40.0),
            ("reason", 55.0),
        ]
        (folder / "videos" / "steps.timeline.json").write_text(
            json.dumps(
                {
                    "story": "steps",
                    "sections": [
                        {"name": name, "start": start, "end": start + 5} for name, start in sections
                    ],
                }
            )
        )
    return folder


def quiz_data(html: str) -> dict:
    """The quiz's answers and links as the page hands them to its script."""
    start = html.index('<script type="application/json" class="wq-data">')
    return json.loads(html[html.index(">", start) + 1 : html.index("</script>", start)])


def test_the_page_is_the_lesson_in_teaching_order(tmp_path):
    html = page.build_page(tiny_set(tmp_path), explorer_html="").read_text(encoding="utf-8")
    order = ["refresher", *(story.name for story in stories.STORIES), "when-to-use", "quiz",
             "references"]  # fmt: skip
    places = [html.index(f'id="{name}"') for name in order]
    assert places == sorted(places)
    for told in build_lesson().stories:  # every story's prose, with or without its outputs
        section = html[html.index(f'<section id="{told.story}"') :]
        section = section[: section.index("</section>")]
        for block in told.blocks:
            if isinstance(block, Paragraph):
                assert f"<p>{page.inline_text(block.text)}</p>" in section, told.story
        for key in sources.STORY_SOURCES[told.story]:  # its own sources, linked
            assert f'href="#ref-{key}"' in section and f'id="ref-{key}"' in html
    assert "<em>exactly 0</em>" in html
    assert html.count('<li id="ref-') == len(sources.SOURCES)
    for entry in sources.SOURCES:
        assert html_module.escape(sources.reference_text(replace(entry, url=None))) in html
    assert not INTERNAL.search(html)


def test_a_timeline_gives_each_quiz_explanation_its_moment_in_the_video(tmp_path):
    html = page.build_page(tiny_set(tmp_path, timeline=True), explorer_html="").read_text()
    (assets,) = page.collect(tmp_path)
    assert assets.sections == {
        "rules": 0.0,
        "steps": 6.0,
        "landing": 21.5,
        "zoom": 40.0,
        "reason": 55.0,
    }
    watch = {q["id"]: q["watch"] for q in quiz_data(html)["questions"]}
    quiz = build_quiz()
    for question in quiz.questions:
        if question.story == "steps":
            start = assets.sections[question.moment.section]
            assert watch[question.id]["href"] == f"videos/steps.mp4#t={start:g}", question.id
        else:  # no video of that story here: the explanation names it instead
            assert watch[question.id]["href"] is None, question.id


def test_set_changes_the_prose_and_a_folder_made_with_other_numbers_is_refused(tmp_path):
    runner = CliRunner()
    tiny_set(tmp_path)
    set_steps = ["--set", "steps.w0=3", "--set", "steps.eta=0.25"]
    result = runner.invoke(main, ["page", "--out", str(tmp_path), *set_steps])
    assert result.exit_code == 0, result.output
    html = (tmp_path / "index.html").read_text(encoding="utf-8")
    assert "After 12 steps the weight is <em>exactly 0</em>" in html
    assert "from w=3, ηλ=0.25: L1 lands on exactly 0 after 12 steps" in html  # the video's label
    # the folder's data export, made with the defaults, disagrees with --set: refused
    pipeline.run([pipeline.Item("data", "steps", folder="data")], tmp_path)
    result = runner.invoke(main, ["page", "--out", str(tmp_path), *set_steps])
    assert result.exit_code == 2, result.output
    (line,) = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert "steps.json holds other numbers than the 'steps' story's parameters give" in line
    result = runner.invoke(main, ["page", "--out", str(tmp_path)])
    assert result.exit_code == 0, result.output
    assert "After 10 steps the weight is" in (tmp_path / "index.html").read_text()


def test_an_unchanged_folder_keeps_its_page_and_a_changed_one_gets_a_new_one(tmp_path, monkeypatch):
    target = page.build_page(tiny_set(tmp_path), explorer_html="")
    written = target.stat().st_mtime_ns

    def must_not_run(*_args, **_kwargs):
        raise AssertionError("the lesson was computed again for an unchanged folder")

    monkeypatch.setattr("whyl1.lesson.build_lesson", must_not_run)
    page.build_page(tmp_path, explorer_html="")
    assert target.stat().st_mtime_ns == written
    monkeypatch.undo()
    (tmp_path / "figures" / "steps.alt.txt").write_text("a new alt text")
    page.build_page(tmp_path, explorer_html="")
    assert 'alt="a new alt text"' in target.read_text(encoding="utf-8")


# ---------------------------------------------------------------------------
# The real page in a real browser, and on paper
# ---------------------------------------------------------------------------

# What is shown on paper: every element's display under the print style sheet.
PRINTED = """(() => {
  const shown = el => el.getClientRects().length > 0;
  return {
    videos: [...document.querySelectorAll('video')].filter(shown).length,
    posters: [...document.querySelectorAll('.print-poster img')].filter(shown).length,
    figures: [...document.querySelectorAll('.whyl1-figure img')].filter(shown).length,
    buttons: [...document.querySelectorAll('button')].filter(shown).length,
    details: [...document.querySelectorAll('details')].filter(shown).length,
  };
})()"""


@pytest.fixture(scope="module")
def site(tmp_path_factory, whyl1_cache_in_env):
    """A course page made the way a lecturer makes one, from a small set: the shortest
    narrated video (the embedding tests' block, rendered once per run in the shared
    cache) and every figure (`whyl1 figure all`), then the page."""
    out = tmp_path_factory.mktemp("site")
    block = embed.prepare(embedtools.VIDEO)
    for suffix in (".mp4", ".srt", TIMELINE_SUFFIX):
        name = f"{embedtools.VIDEO.story}{suffix}"
        (out / "videos").mkdir(exist_ok=True)
        shutil.copyfile(block.folder / "videos" / name, out / "videos" / name)
    subprocess.run(
        [sys.executable, "-m", "whyl1", "figure", "all", "--format", "svg", "--out", str(out)],
        check=True,
        capture_output=True,
    )
    page.build_page(out)
    return out


def timeline_starts(site: Path) -> dict[str, float]:
    """The video's section starts, read straight from the timeline the render wrote."""
    data = json.loads((site / "videos" / f"{embedtools.VIDEO.story}{TIMELINE_SUFFIX}").read_text())
    return {section["name"]: section["start"] for section in data["sections"]}


@pytest.mark.render
def test_course_page_in_chromium(site, tmp_path):
    assert chromium_path(), "chromium is not installed: run scripts/setup.sh"
    srt_cues = len(page.parse_srt((site / "videos" / "epsilon.srt").read_text(encoding="utf-8")))
    with browser(tmp_path / "profile") as chrome:
        chrome.open((site / "index.html").as_uri())
        media = chrome.evaluate(embedtools.media_check(), timeout=60)
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        chrome.screenshot(SCREENSHOTS / "course-page.png")
        requests, failed, errors = (
            chrome.requested_urls(), chrome.failed_requests(), chrome.errors()
        )  # fmt: skip

    assert len(media["videos"]) == 1, "the one rendered video"
    for video in media["videos"]:
        assert video["duration"] >= 45, video
        assert video["tracks"] == 1 and video["cues"] == srt_cues > 0, video
        assert video["poster"] and video["controls"] and video["preload"] == "metadata"
    assert len(media["images"]) == len(stories.STORIES) + 1  # the figures, the print poster
    for image in media["images"]:
        assert image["width"] > 0, f"image did not load: {image['src']}"
        assert image["alt"].strip(), f"empty alt text: {image['src']}"
    folder = site.as_uri() + "/"
    outside = [u for u in requests if not u.startswith((folder, "data:"))]
    assert not outside, f"requests leave the page's folder: {outside}"
    assert not failed, failed
    assert not errors, errors


# What a screen reader announces in the quiz: every control's label, each question's legend,
# and the regions it reads out when they change (each feedback and the score).
LABELLED = """(() => {
  const quiz = document.getElementById('quiz');
  const name = el => el.labels && el.labels.length ? el.labels[0].innerText.trim() : '';
  return {
    unlabelled: [...quiz.querySelectorAll('input')].filter(el => !name(el)).map(el => el.id),
    legends: [...quiz.querySelectorAll('fieldset > legend')].filter(l => l.innerText.trim())
      .length,
    live: quiz.querySelectorAll('[aria-live=polite]').length,
  };
})()"""


@pytest.mark.render
def test_the_quiz_on_the_page_by_keyboard_with_links_into_the_video(site, tmp_path):
    """Every control labelled; every question answered wrong, then right, by keyboard
    alone; each explanation of the rendered story links the start of its section, which
    the video has; nothing leaves the folder."""
    quiz, starts = build_quiz(), timeline_starts(site)
    total = len(quiz.questions)
    with browser(tmp_path / "profile") as chrome:
        chrome.open((site / "index.html").as_uri() + "#quiz")  # as the contents link does
        duration = chrome.evaluate(
            "(async () => { const v = document.querySelector('#epsilon video');"
            " if (v.readyState < 1) await new Promise(ok => v.addEventListener("
            "'loadedmetadata', ok, {once: true})); return v.duration; })()"
        )
        assert chrome.evaluate(LABELLED) == {
            "unlabelled": [], "legends": total, "live": total + 1,
        }  # fmt: skip
        linked = 0
        for index, question in enumerate(quiz.questions, start=1):
            wrong = question.distractors[0]
            feedback = answer(chrome, question, wrong)
            assert feedback.startswith("Not quite.") and wrong.feedback in feedback
            assert f"The answer: {question.answer.text}." in feedback
            assert question.explanation in feedback
            if question.story == embedtools.VIDEO.story:
                href = chrome.evaluate(
                    f"document.querySelector('#wq-{question.id}-feedback a').getAttribute('href')"
                )
                start = starts[question.moment.section]
                moment = f"{start:.3f}".rstrip("0").rstrip(".")
                assert href == f"videos/{embedtools.VIDEO.story}.mp4#t={moment}"
                assert 0 <= start < duration
                linked += 1
            done = "You scored 0" if index == total else f"Score: 0 of {total} ({index} answered)"
            assert text_of(chrome, ".wq-score").startswith(done)
        assert linked >= 1
        tab_to(chrome, ".wq-reset")
        press(chrome, "Enter")
        for question in quiz.questions:
            feedback = answer(chrome, question, question.answer)
            assert feedback.startswith("Correct.") and question.answer.feedback in feedback
        assert text_of(chrome, ".wq-score") == f"You scored {total} of {total}."
        chrome.evaluate("document.getElementById('quiz').scrollIntoView()")
        chrome.screenshot(SCREENSHOTS / "course-page-quiz.png", full_page=False)
        assert chrome.errors() == []
        assert chrome.failed_requests() == []
        folder = site.as_uri() + "/"
        outside = [u for u in chrome.requested_urls() if not u.startswith((folder, "data:"))]
        assert not outside, f"the quiz sends something out of the folder: {outside}"


def pdf_pages_and_images(pdf: bytes) -> tuple[int, int]:
    """The pages and raster images of a PDF Chromium printed (Skia writes its page and
    image dictionaries uncompressed, one each)."""
    assert pdf.startswith(b"%PDF-"), pdf[:20]
    pages = len(re.findall(rb"/Type\s*/Page\b(?!s)", pdf))
    return pages, len(re.findall(rb"/Subtype\s*/Image\b", pdf))


def flat(text: str) -> str:
    """Text without white space, where lines wrap differently on screen and on paper."""
    return re.sub(r"\s+", "", text)


# Answer the first multiple-choice question with its first option, so the page has feedback
# to keep off the paper.
ANSWER_ONE = """(() => {
  const question = document.querySelector('.wq-question:has(input[type=radio])');
  question.querySelector('input[type=radio]').checked = true;
  question.querySelector('.wq-check').click();
  return question.querySelector('.wq-feedback').innerText;
})()"""


@pytest.mark.render
def test_the_page_prints_as_a_handout(site, tmp_path):
    """Chromium's print to PDF, and the page under the print style sheet: every
    explanation, formula, table and the quiz's prompts and options are on paper, no video
    (its last frame instead), no button, and no answer even after one was checked."""
    lesson, quiz = build_lesson(), build_quiz()
    with browser(tmp_path / "profile") as chrome:
        chrome.open((site / "index.html").as_uri())
        assert chrome.evaluate(ANSWER_ONE).strip()  # feedback on screen
        chrome.command("Emulation.setEmulatedMedia", {"media": "print"})
        printed = chrome.evaluate(PRINTED)
        text = flat(chrome.evaluate("document.body.innerText"))
        chrome.command("Emulation.setEmulatedMedia", {"media": ""})
        pdf = base64.b64decode(
            chrome.command("Page.printToPDF", {"preferCSSPageSize": True}, timeout=120)["data"]
        )
        assert chrome.errors() == []
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    (SCREENSHOTS / "course-page.pdf").write_bytes(pdf)
    assert printed == {
        "videos": 0, "posters": 1, "figures": len(stories.STORIES), "buttons": 0, "details": 0,
    }  # fmt: skip
    pages, rasters = pdf_pages_and_images(pdf)
    assert rasters == printed["posters"]  # the figures are vector; the one raster is the poster
    assert 6 <= pages <= 24, pages
    for told in lesson.stories:
        assert flat(told.lead) in text, told.story
    blocks = [
        *lesson.refresher,
        *(b for t in lesson.stories for b in t.blocks),
        *lesson.when_to_use,
    ]
    for block in blocks:
        if isinstance(block, Paragraph | Formula):
            assert flat(block.text.replace("*", "")) in text, block.text[:60]
        elif isinstance(block, Table):
            assert all(flat(cell) in text for row in block.rows for cell in row), block.caption
        else:
            assert all(flat(item.replace("*", "")) in text for item in block.items), block
    for question in quiz.questions:
        assert flat(question.prompt) in text, question.id
        for option in question.options:
            if question.kind == CHOICE:
                assert flat(option.text) in text, question.id
            assert flat(option.feedback) not in text, question.id
        assert flat(question.explanation) not in text, question.id
    for absent in ("Not quite.", "Correct.", "The answer:", "Try again", "Score:"):
        assert flat(absent) not in text, absent
    for entry in sources.SOURCES:
        assert flat(entry.url or entry.title) in text, entry.key

"""``whyl1 slides``: the presenter deck in Chromium, the PowerPoint deck read back with
python-pptx, the handout read back with pypdf, the clips against the stories' videos, and
bad input.

The test's story is rendered once per run (``decktools``, shared with the lecture's
tests); each format is built by the CLI into one folder, which finds it up to date.
"""

from __future__ import annotations

import itertools
import re
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
from browser import browser, chromium_path
from click.testing import CliRunner
from decktools import STORIES, assembled, common_args, packets, strip_audio, timeline
from PIL import Image
from pptx import Presentation
from pptx.enum.shapes import MSO_SHAPE_TYPE
from pypdf import PdfReader

from whyl1 import slides, stories
from whyl1.cli import main

pytestmark = pytest.mark.render

SCREENSHOTS = Path(__file__).resolve().parent.parent / "build" / "screenshots"


@pytest.fixture(scope="module")
def out(whyl1_cache, tmp_path_factory) -> Path:
    """The test's stories and every format of slides built from them by the CLI."""
    folder = assembled(whyl1_cache, tmp_path_factory.mktemp("slides"))
    for fmt in ("html", "pptx", "pdf"):
        args = ["slides", "--format", fmt, *common_args(folder)]
        result = CliRunner().invoke(main, args, catch_exceptions=False)
        assert result.exit_code == 0, result.output
        assert f"0 rendered, {2 * len(STORIES)} up to date" in result.output  # video, figure
    return folder


@pytest.fixture(scope="module")
def decks(out) -> list[slides.StoryDeck]:
    return slides.prepare_decks(out, [stories.get(name) for name in STORIES])


def test_every_section_is_a_slide_with_its_narration(out, decks):
    """The decks follow the timelines: a slide per section, in order, with the words said
    over it, and each story's figure."""
    for deck, name in zip(decks, STORIES, strict=True):
        line = timeline(out, name)
        assert [s.name for s in deck.sections] == [s["name"] for s in line["sections"]]
        for section in deck.sections:
            said = [b["caption"] for b in line["beats"] if b["section"] == section.name]
            assert said and list(section.beats) == said
        assert deck.figure is not None and deck.figure.alt
        alt = (out / "figures" / f"{name}.alt.txt").read_text(encoding="utf-8").strip()
        assert deck.figure.alt == alt


def test_the_clips_are_the_sections_cut_exactly(out, decks):
    """Each clip holds its section's frames, the story's own packets byte for byte (no
    encoding), starting on a key frame; its sound is the story's AAC frames, as long as
    the section within one frame."""
    for deck, name in zip(decks, STORIES, strict=True):
        story = out / "videos" / f"{name}.mp4"
        story_video = [bytes(p) for p in packets(story, "video")]
        story_audio = [bytes(p) for p in packets(story, "audio")]
        for section in deck.sections:
            first, end = round(section.start * 15), round(section.end * 15)
            clip_video = packets(section.clip, "video")
            assert clip_video[0].is_keyframe
            assert [bytes(p) for p in clip_video] == story_video[first:end]
            clip_audio = [bytes(p) for p in packets(section.clip, "audio")]
            assert abs(len(clip_audio) - 1 - (end - first) / 15 * 48_000 / 1024) <= 1.5
            inner = clip_audio[2:-2]  # away from the cut's edges
            assert any(story_audio[i : i + len(inner)] == inner for i in range(len(story_audio)))


def test_a_clip_shows_the_storys_own_pictures(out, decks):
    deck = decks[0]
    section = deck.sections[1]  # a clip that does not start the video
    first, end = round(section.start * 15), round(section.end * 15)
    with av.open(str(out / "videos" / f"{STORIES[0]}.mp4")) as container:
        frames = itertools.islice(container.decode(video=0), end)
        story = [f.to_ndarray(format="rgb24") for f in frames]
    with av.open(str(section.clip)) as container:
        clip = [f.to_ndarray(format="rgb24") for f in container.decode(video=0)]
    assert len(clip) == end - first
    assert all(np.array_equal(a, b) for a, b in zip(clip, story[first:], strict=True))
    first_still = np.asarray(Image.open(section.first_still))
    assert np.array_equal(first_still, clip[0])
    last_still = np.asarray(Image.open(section.last_still))
    assert np.array_equal(last_still, clip[-1])


def test_a_silent_video_is_cut_into_silent_clips(out, decks, tmp_path):
    """A ``--voice none`` deck: the story's pictures alone, cut at the same frames."""
    name = STORIES[0]
    (tmp_path / "videos").mkdir()
    strip_audio(out / "videos" / f"{name}.mp4", tmp_path / "videos" / f"{name}.mp4")
    timeline_name = f"{name}.timeline.json"
    (tmp_path / "videos" / timeline_name).write_bytes((out / "videos" / timeline_name).read_bytes())
    (silent_deck,) = slides.prepare_decks(tmp_path, [stories.get(name)])
    assert silent_deck.figure is None  # none in this folder: the deck goes without
    for section, narrated in zip(silent_deck.sections, decks[0].sections, strict=True):
        with av.open(str(section.clip)) as container:
            assert not container.streams.audio
        assert [bytes(p) for p in packets(section.clip, "video")] == [
            bytes(p) for p in packets(narrated.clip, "video")
        ]


def test_the_deck_is_self_contained(out):
    """Every file the page and its scripts name is in the deck's folder; nothing names a
    host (no CDN), nothing is inlined as base64 but reveal's theme fonts."""
    folder = out / slides.DECK
    page = (folder / "index.html").read_text(encoding="utf-8")
    for reference in re.findall(r'(?:src|href|data-src|poster)="([^"#]+)"', page):
        assert (folder / reference).is_file(), reference
    assert "base64" not in page
    for path in folder.rglob("*"):
        if path.suffix in (".html", ".js", ".css"):
            text = path.read_text(encoding="utf-8")
            assert not re.search(r"""(src|href|import|url)\s*\(?\s*["']?https?://""", text), path
    licence = (folder / "reveal" / "LICENSE").read_text(encoding="utf-8")
    assert "Hakim El Hattab" in licence  # reveal.js's MIT licence travels with its files


@pytest.mark.skipif(chromium_path() is None, reason="chromium not installed")
def test_the_deck_plays_each_step_as_its_slide_opens(out, decks, tmp_path):
    folder = out / slides.DECK
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    with browser(tmp_path / "profile", width=1280, height=720) as chrome:
        chrome.open((folder / "index.html").as_uri())
        chrome.evaluate("new Promise(ok => Reveal.isReady() ? ok() : Reveal.on('ready', ok))")
        title = chrome.evaluate("Reveal.getCurrentSlide().className")
        assert "whyl1-title" in title  # a title slide first: sound waits for a key press
        chrome.screenshot(SCREENSHOTS / "deck-title.png", full_page=False)
        chrome.key("ArrowRight", "ArrowRight", 39)
        chrome.evaluate(until("(v => v && v.currentTime > 2)(clip())"))  # it plays
        first = chrome.evaluate(CLIP_STATE)
        chrome.screenshot(SCREENSHOTS / "deck-step.png", full_page=False)
        chrome.key("ArrowRight", "ArrowRight", 39)
        chrome.evaluate(until("(v => v && v.currentTime > 0)(clip())"))
        left = chrome.evaluate(
            "(() => { const v = document.querySelectorAll('video.whyl1-clip')[0];"
            " return {paused: v.paused, time: v.currentTime}; })()"
        )
        second = chrome.evaluate(CLIP_STATE)
        notes = chrome.evaluate(
            "Reveal.getSlides().map(s => { const n = s.querySelector('aside.notes');"
            " return n ? [...n.querySelectorAll('p')].map(p => p.textContent) : []; })"
        )
        figures = chrome.evaluate(
            "[...document.querySelectorAll('.whyl1-figure img')].map(i => i.alt)"
        )
        chrome.evaluate(f"Reveal.slide({1 + len(decks[0].sections)})")  # the first figure
        chrome.evaluate(
            until("(i => i && i.complete && i.naturalWidth > 0)"
                  "(Reveal.getCurrentSlide().querySelector('img'))")
        )  # fmt: skip
        chrome.screenshot(SCREENSHOTS / "deck-figure.png", full_page=False)
        requested = chrome.requested_urls()
        failed = chrome.failed_requests()
        errors = chrome.errors()
    assert errors == [] and failed == []
    outside = [u for u in requested if not u.startswith(("data:", folder.as_uri() + "/"))]
    assert outside == []
    assert first["playing"] and first["time"] > 2 and first["src"].endswith(".mp4")
    assert second["playing"] and second["src"] != first["src"]
    assert left == {"paused": True, "time": 0}  # left: stopped and back at its first frame
    steps = [list(section.beats) for deck in decks for section in deck.sections]
    clip_notes = [n for n, s in zip(notes, chrome_slides(decks), strict=True) if s == "step"]
    assert clip_notes == steps
    assert figures == [deck.figure.alt for deck in decks]


def until(condition: str) -> str:
    """A promise that resolves once ``condition`` (JavaScript, where ``clip()`` is the
    current slide's clip) holds, checked every 50 ms: the page's own pace, not a sleep
    (``evaluate`` gives up after its timeout)."""
    return f"""new Promise(ok => {{
      const clip = () => Reveal.getCurrentSlide().querySelector('video.whyl1-clip');
      const check = () => ({condition}) ? ok(true) : setTimeout(check, 50);
      check();
    }})"""


# What the current slide's clip is doing.
CLIP_STATE = """(() => {
  const v = Reveal.getCurrentSlide().querySelector('video.whyl1-clip');
  return {playing: !v.paused && !v.ended, time: v.currentTime, src: v.currentSrc};
})()"""


def chrome_slides(decks: list[slides.StoryDeck]) -> list[str]:
    """The kinds of the deck's slides in order: title, steps and figures, sources."""
    kinds = ["title"]
    for deck in decks:
        kinds += ["step"] * len(deck.sections) + ["figure"] * (deck.figure is not None)
    return [*kinds, "sources"]


def test_the_powerpoint_deck_reads_back(out, decks):
    """A title slide, a movie per section (with a poster, at most 720p, the narration as
    notes), a picture per figure, the sources; alt text on every picture and movie."""
    presentation = Presentation(str(out / slides.PPTX))
    kinds = chrome_slides(decks)
    assert len(presentation.slides) == len(kinds)
    sections = iter(section for deck in decks for section in deck.sections)
    figures = iter(deck.figure for deck in decks)
    for slide, kind in zip(presentation.slides, kinds, strict=True):
        shapes = list(slide.shapes)
        for shape in shapes:
            if shape.shape_type in (MSO_SHAPE_TYPE.PICTURE, MSO_SHAPE_TYPE.MEDIA):
                assert shape._element.nvPicPr.cNvPr.get("descr"), kind
            # On the slide, with a size: a placeholder given only part of a position
            # gets the rest as 0 and is drawn off the slide's top by Impress.
            assert shape.height > 0 and 0 <= shape.top, (kind, shape.name)
            assert shape.top + shape.height <= presentation.slide_height, (kind, shape.name)
            assert 0 <= shape.left < shape.left + shape.width <= presentation.slide_width
        notes = slide.notes_slide.notes_text_frame.text if slide.has_notes_slide else ""
        if kind == "step":
            section = next(sections)
            (movie,) = shapes
            assert movie.shape_type == MSO_SHAPE_TYPE.MEDIA
            poster = slide.part.related_part(movie._element.blipFill.blip.rEmbed)
            assert poster.content_type == "image/png" and len(poster.blob) > 1000
            (link,) = movie._element.xpath("./p:nvPicPr/p:nvPr/a:videoFile/@r:link")
            media = slide.part.related_part(link).blob
            assert media == section.clip.read_bytes()  # 480p: embedded as cut
            assert notes == section.narration
        elif kind == "figure":
            figure = next(figures)
            (picture,) = shapes
            assert picture.shape_type == MSO_SHAPE_TYPE.PICTURE
            assert picture._element.nvPicPr.cNvPr.get("descr") == figure.alt
            assert (picture.width, picture.height) == (
                presentation.slide_width,
                presentation.slide_height,
            )
        elif kind == "title":
            assert "L1" in slide.shapes.title.text


def test_clips_above_720p_are_made_720p_for_powerpoint(tmp_path):
    """A 1080p clip (made here: 20 frames and a silent track) comes back 720p, every
    frame kept and its sound copied; a smaller one is used as it is."""
    from whyl1.soundtrack import mux_narration

    big = tmp_path / "big.mp4"
    with av.open(str(big), "w", format="mp4") as container:
        stream = container.add_stream("libx264", rate=15)
        stream.pix_fmt, stream.width, stream.height = "yuv420p", 1920, 1080
        for index in range(20):
            image = np.full((1080, 1920, 3), index * 10, dtype=np.uint8)
            frame = av.VideoFrame.from_ndarray(image, format="rgb24")
            frame.pts, frame.time_base = index, Fraction(1, 15)
            container.mux(stream.encode(frame))
        container.mux(stream.encode())
    mux_narration(big, [], big)
    small = slides.downscaled_clip(big, tmp_path / "small.mp4")
    with av.open(str(small)) as container:
        video = container.streams.video[0]
        assert (video.codec_context.width, video.codec_context.height) == (1280, 720)
        assert sum(1 for _ in container.decode(video=0)) == 20
    assert [bytes(p) for p in packets(small, "audio")] == [bytes(p) for p in packets(big, "audio")]
    assert slides.downscaled_clip(small, tmp_path / "again.mp4") == small


def test_the_handout_has_a_page_per_section_and_figure_with_its_text(out, decks):
    """Each story's sections, then its figure: a page each, titled, with the narration
    (or the alt text) as text a reader can search and select."""
    expected = []
    for deck in decks:
        expected += [(section.title, section.narration) for section in deck.sections]
        expected.append((f"{deck.story.title}: the figure", deck.figure.alt))
    pages = [page.extract_text() for page in PdfReader(str(out / slides.PDF)).pages]
    assert len(pages) == len(expected)

    def words(text: str) -> str:
        return " ".join(text.split())

    for text, (title, said) in zip(pages, expected, strict=True):
        assert words(text).startswith(words(title))
        assert words(said) in words(text)


def test_the_handout_is_the_same_every_time(out, decks):
    from whyl1.slides_pdf import build_handout

    before = (out / slides.PDF).read_bytes()
    assert build_handout(out, decks).read_bytes() == before


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["slides", "--format", "key"], "'key' is not one of"),
        (["slides", "--theme", "sepia"], "'sepia' is not one of"),
        (["slides", "--quality", "ultra"], "'ultra' is not one of"),
        (["lecture", "--theme", "sepia"], "'sepia' is not one of"),
        (["lecture", "--quality", "ultra"], "'ultra' is not one of"),
        (["lecture", "--story", "nope"], "'nope' is not one of"),
    ],
)
def test_bad_options_are_one_line_and_exit_2(args, message):
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 2
    assert message in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("verb", ["lecture", "slides"])
def test_an_out_that_cannot_be_written_is_one_line_and_exit_2(verb, tmp_path):
    taken = tmp_path / "a-file"
    taken.write_text("not a folder")
    result = CliRunner().invoke(main, [verb, "--voice", "none", "--out", str(taken / "deck")])
    assert result.exit_code == 2
    lines = [line for line in result.output.splitlines() if line.startswith("Error")]
    assert len(lines) == 1 and str(taken / "deck") in lines[0]

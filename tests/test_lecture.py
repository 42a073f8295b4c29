"""``whyl1 lecture``: the stories joined into one MP4 with chapters, cards and captions.

The shortest narrated story, rendered once at low quality (``decktools``), is made into
a lecture by the CLI;
the lecture is then read back with PyAV and checked against the stories' own files: its
length, its chapters (in the MP4, the WebVTT track and the text for video platforms),
every caption shifted by its story's start, the stories' packets copied unchanged, the
sound with each story, and the whole file decoded. The course page's lecture block is
clicked in Chromium.
"""

from __future__ import annotations

import itertools
import math
import re
from fractions import Fraction
from pathlib import Path

import av
import numpy as np
import pytest
import srt
from browser import browser, chromium_path
from click.testing import CliRunner
from decktools import STORIES, assembled, common_args, packets, strip_audio, timeline
from PIL import Image

from whyl1 import cards, lecture, sources, stories, streamcopy
from whyl1.cli import main
from whyl1.sources import reference_text

pytestmark = pytest.mark.render

TITLES = [stories.get(name).title for name in STORIES]


@pytest.fixture(scope="module")
def out(whyl1_cache, tmp_path_factory) -> Path:
    """A folder with the test's stories, and the lecture `whyl1 lecture` joined from them."""
    folder = assembled(whyl1_cache, tmp_path_factory.mktemp("lecture"))
    result = CliRunner().invoke(main, ["lecture", *common_args(folder)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert f"0 rendered, {len(STORIES)} up to date" in result.output  # none rendered again
    return folder


@pytest.fixture(scope="module")
def fps(out) -> Fraction:
    with av.open(str(out / lecture.LECTURE)) as container:
        return Fraction(container.streams.video[0].guessed_rate)


def story_seconds(out: Path) -> list[Fraction]:
    """Each story's length from its own timeline: frames over frame rate."""
    lengths = []
    for name in STORIES:
        line = timeline(out, name)
        lengths.append(Fraction(round(line["duration"] * line["fps"]), line["fps"]))
    return lengths


def expected_starts(out: Path) -> list[Fraction]:
    """Where each story starts in the lecture: after the title card and the stories
    before it; and at the end, where the closing card starts."""
    starts = [Fraction(lecture.TITLE_SECONDS)]
    for seconds in story_seconds(out):
        starts.append(starts[-1] + seconds)
    return starts


def test_the_lecture_lasts_as_long_as_its_stories_and_cards(out, fps):
    with av.open(str(out / lecture.LECTURE)) as container:
        stream = container.streams.video[0]
        end = max(p.pts + p.duration for p in container.demux(stream) if p.dts is not None)
        length = end * stream.time_base
    expected = lecture.TITLE_SECONDS + sum(story_seconds(out)) + lecture.SUMMARY_SECONDS
    assert abs(length - expected) <= (len(STORIES) + 2) / fps  # ±1 frame for each piece


def test_its_chapters_start_where_the_stories_start(out):
    """One chapter a story and one for the closing card; the first opens at 0:00 with the
    title card, the others at the cumulative length of what comes before them."""
    chapters = lecture.read_chapters(out / lecture.LECTURE)
    starts = expected_starts(out)
    assert [c.title for c in chapters] == [*TITLES, lecture.SUMMARY_CHAPTER]
    assert chapters[0].start == 0
    for chapter, start in zip(chapters[1:], starts[1:], strict=True):
        assert abs(chapter.start - start) <= Fraction(1, 1000)  # the MP4 keeps milliseconds
    for chapter, following in itertools.pairwise(chapters):
        assert chapter.end == following.start
    length = starts[-1] + lecture.SUMMARY_SECONDS
    assert abs(chapters[-1].end - length) <= Fraction(1, 1000)


def test_the_chapter_files_say_the_same(out):
    chapters = lecture.read_chapters(out / lecture.LECTURE)
    lines = (out / lecture.CHAPTERS_TXT).read_text(encoding="utf-8").splitlines()
    assert lines[0] == f"0:00 {TITLES[0]}"  # what video platforms require of the first
    for line, chapter in zip(lines, chapters, strict=True):
        seconds = int(chapter.start)
        assert line == f"{seconds // 60}:{seconds % 60:02d} {chapter.title}"
    vtt = (out / lecture.CHAPTERS_VTT).read_text(encoding="utf-8")
    assert vtt.startswith("WEBVTT\n")
    cues = re.findall(r"(\d\d):(\d\d):(\d\d\.\d{3}) --> [\d:.]+\n(.+)", vtt)
    assert [title for *_, title in cues] == [c.title for c in chapters]
    for (hours, minutes, seconds, _), chapter in zip(cues, chapters, strict=True):
        at = int(hours) * 3600 + int(minutes) * 60 + Fraction(seconds)
        assert abs(at - chapter.start) <= Fraction(1, 1000)


def test_every_caption_is_its_storys_shifted_by_the_storys_start(out):
    merged = list(srt.parse((out / lecture.CAPTIONS_SRT).read_text(encoding="utf-8")))
    expected = []
    for name, start in zip(STORIES, expected_starts(out), strict=False):
        for cue in srt.parse((out / "videos" / f"{name}.srt").read_text(encoding="utf-8")):
            shifted = (cue.start.total_seconds() + start, cue.end.total_seconds() + start)
            expected.append((*shifted, cue.content.strip()))
    assert len(merged) == len(expected) > 10
    for cue, (start, end, text) in zip(merged, expected, strict=True):
        assert abs(Fraction(cue.start.total_seconds()) - start) <= Fraction(1, 2000)
        assert abs(Fraction(cue.end.total_seconds()) - end) <= Fraction(1, 2000)
        assert cue.content.strip() == text
    vtt = (out / lecture.CAPTIONS_VTT).read_text(encoding="utf-8")
    times = re.findall(r"(\d\d):(\d\d):(\d\d\.\d{3}) --> (\d\d):(\d\d):(\d\d\.\d{3})", vtt)
    assert len(times) == len(merged)
    for (hours, minutes, seconds, *_), cue in zip(times, merged, strict=True):
        at = int(hours) * 3600 + int(minutes) * 60 + Fraction(seconds)
        assert abs(at - Fraction(cue.start.total_seconds())) < Fraction(1, 1000)


def test_the_stories_are_copied_not_encoded_again(out):
    """Each story's video packets appear in the lecture byte for byte, and so do its AAC
    frames, one after another, starting within half a frame (512 samples) of its picture."""
    joined_video = [bytes(p) for p in packets(out / lecture.LECTURE, "video")]
    joined_audio = [bytes(p) for p in packets(out / lecture.LECTURE, "audio")]
    for name, start in zip(STORIES, expected_starts(out), strict=False):
        story = out / "videos" / f"{name}.mp4"
        own_video = [bytes(p) for p in packets(story, "video")]
        first = round(start * 15)  # low quality: 15 frames a second
        assert joined_video[first : first + len(own_video)] == own_video
        # Its frames after the priming one, but for the last, which may fall past its end.
        own_audio = [bytes(p) for p in packets(story, "audio")][1:-1]
        found = [
            index
            for index in range(len(joined_audio))
            if joined_audio[index : index + len(own_audio)] == own_audio
        ]
        assert len(found) == 1
        lands = 1024 * (found[0] - 1)  # the lecture's frame 0 is its priming frame
        assert abs(lands - start * 48_000) <= 512


def test_the_whole_lecture_decodes_with_sound_and_the_stories_own_pictures(out, fps):
    """Every frame and all the audio decode; the lecture has sound because its stories do;
    each story's first picture in the lecture is its own, pixel for pixel."""
    starts = [round(start * fps) for start in expected_starts(out)[:-1]]
    seen: dict[int, np.ndarray] = {}
    with av.open(str(out / lecture.LECTURE)) as container:
        assert container.streams.audio, "the stories speak, so must the lecture"
        count = 0
        for frame in container.decode(video=0):
            if count in starts:
                seen[count] = frame.to_ndarray(format="rgb24")
            count += 1
    with av.open(str(out / lecture.LECTURE)) as container:
        samples = sum(frame.samples for frame in container.decode(audio=0))
    length = expected_starts(out)[-1] + lecture.SUMMARY_SECONDS
    assert count == round(length * fps)
    assert abs(samples - length * 48_000) <= 1024
    for name, frame_number in zip(STORIES, starts, strict=True):
        with av.open(str(out / "videos" / f"{name}.mp4")) as container:
            own = next(container.decode(video=0)).to_ndarray(format="rgb24")
        assert np.array_equal(seen[frame_number], own)


def test_the_cards_are_encoded_like_the_stories(out):
    """The cards are the only pictures encoded here: the lecture's one set of parameters
    (SPS, PPS, audio config) must be the stories' own, or the stories would not decode."""
    shape = streamcopy.stream_shape(out / lecture.LECTURE)
    for name in STORIES:
        assert shape == streamcopy.stream_shape(out / "videos" / f"{name}.mp4")
    assert shape.audio is not None
    assert (shape.audio.rate, shape.audio.layout, shape.audio.codec) == (48_000, "mono", "aac")
    with av.open(str(out / lecture.LECTURE)) as container:
        title = next(container.decode(video=0)).to_ndarray(format="rgb24").astype(int)
    poster = np.asarray(Image.open(out / lecture.POSTER).convert("RGB"))
    assert np.abs(title - poster.astype(int)).mean() < 2  # the poster is the title card
    assert (title < 128).any() and (title > 128).any()  # text on a background


def test_the_closing_card_lists_every_source_the_stories_cite():
    picked = [stories.get(name) for name in STORIES]
    texts = [block.text for block in cards.summary_card(lecture.cited_sources(picked))]
    cited = {key for name in STORIES for key in sources.STORY_SOURCES[name]}
    for key in cited:
        assert any(reference_text(key) in text for text in texts)
    assert cards.TAKEAWAY in texts


def test_a_silent_set_makes_a_silent_lecture(out, tmp_path):
    """Videos rendered with --voice none have no audio: neither has their lecture."""
    (tmp_path / "videos").mkdir()
    for name in STORIES:
        source = out / "videos" / f"{name}.mp4"
        strip_audio(source, tmp_path / "videos" / source.name)
    made = lecture.build_lecture(tmp_path, [stories.get(name) for name in STORIES])
    with av.open(str(tmp_path / lecture.LECTURE)) as container:
        assert not container.streams.audio
        assert sum(1 for _ in container.decode(video=0)) == round(made.duration * 15)


def test_videos_made_with_other_settings_are_not_joined(out, tmp_path):
    """A folder where one story was rendered silent and another narrated: their packets
    cannot share a track, so nothing is written and the message says why."""
    (tmp_path / "videos").mkdir()
    narrated = out / "videos" / f"{STORIES[0]}.mp4"
    (tmp_path / "videos" / narrated.name).write_bytes(narrated.read_bytes())
    strip_audio(narrated, tmp_path / "videos" / "thresholding.mp4")  # stands in for a story
    with pytest.raises(lecture.LectureError, match="other settings"):
        lecture.build_lecture(tmp_path, [stories.get(STORIES[0]), stories.get("thresholding")])
    assert not (tmp_path / lecture.LECTURE).exists()


def test_picked_stories_keep_the_teaching_order():
    names = ["selection", "epsilon", "penalties"]
    picked = [story.name for story in lecture.picked_stories(names)]
    assert picked == ["penalties", "epsilon", "selection"]
    assert [s.name for s in lecture.picked_stories([])] == [
        s.name for s in stories.STORIES if s.has_output("scene")
    ]


class FakePacket:
    """Stands in for an AAC packet: its number, and the times ``placed_audio`` sets."""

    def __init__(self, number: int) -> None:
        self.number, self.pts, self.dts, self.duration = number, None, None, None


@pytest.mark.parametrize("offset", [0, 13, 511, 512, 513, 700, 1024 * 187 + 512, 48_000 * 4])
def test_placed_audio_keeps_a_story_whole_and_within_half_a_frame(offset):
    """A story starting ``offset`` samples into the lecture, 48 AAC frames long: on the
    lecture's grid its frames follow each other from its first after the priming one,
    none left out or repeated, each at most half a frame from where its samples belong."""
    story = [FakePacket(n) for n in range(50)]  # frame 0 is the story's priming frame
    first = math.ceil((offset - 512) / 1024) + 1  # the lecture's first frame centred in it
    placed = list(streamcopy.placed_audio(story, offset, first, offset + 48 * 1024, 10**9))
    assert [p.number for p in placed] == list(range(1, 49))
    for packet in placed:
        assert packet.pts == packet.dts and packet.duration == 1024
        assert abs(packet.pts - (offset + 1024 * (packet.number - 1))) <= 512


@pytest.mark.parametrize(
    ("seconds", "text"),
    [(0, "0:00"), (59.99, "0:59"), (61, "1:01"), (3600, "1:00:00"), (3725.5, "1:02:05")],
)
def test_clock_is_what_video_platforms_read(seconds, text):
    assert lecture.clock(seconds) == text


@pytest.mark.skipif(chromium_path() is None, reason="chromium not installed")
def test_the_course_page_offers_the_lecture_with_clickable_chapters(out, tmp_path):
    result = CliRunner().invoke(main, ["page", "--out", str(out)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    chapters = lecture.read_chapters(out / lecture.LECTURE)
    page = (out / "index.html").read_text(encoding="utf-8")
    assert page.count('class="whyl1-lecture"') == 1
    starts = [float(s) for s in re.findall(r'data-start="([\d.]+)"', page)]
    assert starts == pytest.approx([float(c.start) for c in chapters], abs=1e-3)
    with browser(tmp_path / "profile") as chrome:
        chrome.open((out / "index.html").as_uri())
        state = chrome.evaluate(
            """(async () => {
              const video = document.getElementById('whyl1-lecture');
              if (video.readyState < 1) await new Promise(ok =>
                video.addEventListener('loadedmetadata', ok, {once: true}));
              const link = document.querySelectorAll('.whyl1-chapters a')[1];
              const seeked = new Promise(ok =>
                video.addEventListener('seeked', () => ok(video.currentTime), {once: true}));
              link.click();
              const time = await seeked;
              video.pause();
              const tracks = [...video.textTracks];
              tracks.forEach(track => { track.mode = 'hidden'; });
              await new Promise(ok => setTimeout(ok, 300));
              return {duration: video.duration, time,
                      current: link.getAttribute('aria-current'),
                      cues: tracks.map(t => t.cues ? t.cues.length : 0),
                      kinds: tracks.map(t => t.kind)};
            })()"""
        )
        errors = chrome.errors()
    assert errors == []
    assert state["time"] == pytest.approx(float(chapters[1].start), abs=0.05)
    assert state["current"] == "true"  # the chapter played is marked
    assert state["duration"] == pytest.approx(float(chapters[-1].end), abs=0.1)
    assert state["kinds"] == ["captions", "chapters"]
    captions = list(srt.parse((out / lecture.CAPTIONS_SRT).read_text(encoding="utf-8")))
    assert state["cues"] == [len(captions), len(chapters)]

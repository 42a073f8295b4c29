"""Timed beats (scenes/beat.py): each beat lasts as long as its speech, its animations are
fitted to the words (bookmarks), its captions are its word-timed cues, and all of it sits
on the same frame-exact clock whether manim renders, skips some or skips every animation.

Built with the tests' voice (joe, or silent without the voice extra) and silent."""

from __future__ import annotations

import math

import pytest
from manim import Circle, Create, FadeOut, Square
from scenetools import VOICE, captions, construct_scene
from whyl1.scenes.beat import Beat, BeatError, BeatScene

from whyl1.captions import caption_problems

FPS = 15  # the low quality the tests construct at
FRAME = 1 / FPS
# Run times that are no whole number of frames at 15 fps, so rounding would show
RUN, WAIT, SECOND_RUN = 0.73, 0.41, 1.1
PAUSE = 0.6
FIRST = "A square becomes a circle, and then it is exactly 0."
SECOND = "And it fades."


class TwoBeats(BeatScene):
    """A silent animation, a beat whose animations are shorter than its speech, with a
    bookmark, then a beat in a second section whose animation ends on a word, and a
    pause; records the renderer's clock around each beat."""

    story = "two-beats"
    skip_first_section = False

    def construct(self) -> None:
        self.next_section("first", skip_animations=self.skip_first_section)
        self.spans: list[tuple[float, float]] = []
        square = Square()
        self.play(Create(square), run_time=0.5)  # before any beat: no caption
        start = self.renderer.time
        with self.beat(FIRST) as first:
            self.play(square.animate.become(Circle()), run_time=RUN)
            first.until("exactly 0")
            self.wait(WAIT)
        self.spans.append((start, self.renderer.time))
        self.first = first
        self.next_section("second")
        start = self.renderer.time
        with self.beat(SECOND, pause=PAUSE) as second:
            second.play_until("fades", FadeOut(square))
        self.spans.append((start, self.renderer.time))
        self.second = second


@pytest.fixture(scope="module", params=[VOICE, "none"], ids=lambda voice: f"voice {voice}")
def rendered(request):
    """Every frame computed (a dry run writes no file)."""
    return construct_scene(TwoBeats, from_animation_number=0, voice=request.param)


def test_a_beat_lasts_its_speech_and_no_longer(rendered):
    first, second = rendered.first, rendered.second
    assert first.start == pytest.approx(math.ceil(0.5 * FPS) / FPS)
    assert first.duration >= first.speech.duration - 1e-9  # the speech is never cut
    assert first.duration < first.speech.duration + FRAME + 1e-9  # padded to it, no more
    assert second.start == first.end  # beats follow one another with no gap
    assert second.duration >= second.speech.duration + PAUSE - 1e-9  # the pause is kept
    assert second.duration < second.speech.duration + PAUSE + FRAME + 1e-9
    assert (first.start, first.end) == rendered.spans[0]
    assert (second.start, second.end) == rendered.spans[1]
    assert first.plays.start == 1  # after the silent animation
    assert second.plays.start == first.plays.stop


def test_bookmarks_fire_on_their_words(rendered):
    """``until`` starts the next animation on the word, ``play_until`` ends one on it: on
    the first frame at or after the word is said, never before."""
    (wait_for_zero,) = rendered.first.bookmarks
    assert wait_for_zero.at == rendered.first.time_of("exactly zero")
    assert wait_for_zero.at - 1e-9 <= wait_for_zero.fired < wait_for_zero.at + FRAME + 1e-9
    (fade,) = rendered.second.bookmarks
    assert fade.at == rendered.second.speech.words[-1].start  # "fades."
    assert fade.at - 1e-9 <= fade.fired < fade.at + FRAME + 1e-9


def test_captions_are_the_cues_of_each_beat_at_its_words(rendered):
    cues = captions(rendered)
    expected = [
        (beat.start + cue.start, beat.start + cue.end, cue.text)
        for beat in (rendered.first, rendered.second)
        for cue in beat.speech.cues
    ]
    assert [text for _, _, text in cues] == [text for _, _, text in expected]
    for (start, end, _), (want_start, want_end, _) in zip(cues, expected, strict=True):
        assert start == pytest.approx(want_start, abs=1e-6)  # srt keeps microseconds
        assert end == pytest.approx(want_end, abs=1e-6)
    joined = " ".join(text.replace("\n", " ") for _, _, text in cues)
    assert joined == f"{FIRST} {SECOND}"
    silent = rendered.voice is None
    assert caption_problems(rendered.first.speech.cues, min_duration=1.5 if silent else 1.0) == []
    # no cue runs into the next beat
    assert cues[len(rendered.first.speech.cues) - 1][1] <= rendered.second.start + 1e-6


def test_the_timeline_holds_sections_beats_and_words(rendered):
    timeline = rendered.timeline()
    assert timeline["story"] == "two-beats"
    assert timeline["fps"] == FPS
    assert timeline["duration"] == pytest.approx(rendered.renderer.time, abs=1e-6)
    first, second = rendered.first, rendered.second
    assert timeline["sections"] == [
        {"name": "first", "start": 0.0, "end": pytest.approx(first.end, abs=1e-6)},
        {"name": "second", "start": pytest.approx(second.start, abs=1e-6),
         "end": pytest.approx(second.end, abs=1e-6)},
    ]  # fmt: skip
    beats = timeline["beats"]
    assert [b["section"] for b in beats] == ["first", "second"]
    assert [b["caption"] for b in beats] == [FIRST, SECOND]
    assert beats[0]["spoken"] == "A square becomes a circle, and then it is exactly zero."
    assert beats[1]["pause"] == PAUSE
    assert beats[0]["plays"] == [first.plays.start, first.plays.stop]
    words = beats[0]["words"]
    assert [w["text"] for w in words] == list(first.speech.verbalised.spoken_words)
    assert words[0]["start"] == pytest.approx(first.start + first.speech.words[0].start, abs=1e-6)
    if rendered.voice is None:
        assert timeline["voice"] is None and all(b["clip"] is None for b in beats)
    else:
        assert timeline["voice"] == rendered.voice.identity()
        assert all(
            b["clip"] == str(beat.speech.clip)
            for b, beat in zip(beats, (first, second), strict=True)
        )


@pytest.mark.parametrize("skipped", [1, 2, 3, 10**9], ids=lambda n: f"skip {n}")
def test_skipping_keeps_the_clock(rendered, skipped):
    """Skipping animations (as -s, --from_animation_number and split renders do) leaves
    every beat, bookmark and caption where a full render puts it, to the last bit."""
    voice = "none" if rendered.voice is None else VOICE
    scene = construct_scene(TwoBeats, from_animation_number=skipped, voice=voice)
    assert scene.spans == rendered.spans
    assert captions(scene) == captions(rendered)
    assert scene.timeline() == rendered.timeline()


class FirstSectionSkipped(TwoBeats):
    skip_first_section = True


def test_skipped_section_keeps_the_clock(rendered):
    """A section marked ``skip_animations`` is skipped like a range: same clock after it."""
    voice = "none" if rendered.voice is None else VOICE
    scene = construct_scene(FirstSectionSkipped, from_animation_number=0, voice=voice)
    assert scene.spans == rendered.spans
    assert captions(scene) == captions(rendered)


class SaysAtOnce(BeatScene):
    def construct(self) -> None:
        with self.beat("At once."):
            self.play(Create(Square()), run_time=0.5)


def test_the_first_words_come_after_a_moment_of_quiet():
    """A scene that opens with a beat holds its first picture for ``LEAD_IN`` first: an
    AAC encoder overshoots a sound that starts with the stream, and a player may clip it."""
    scene = construct_scene(SaysAtOnce, voice="none")
    (beat,) = scene.beats
    assert beat.start == pytest.approx(math.ceil(BeatScene.LEAD_IN * FPS) / FPS)
    assert scene.timeline()["beats"][0]["words"][0]["start"] >= BeatScene.LEAD_IN


class Empty(BeatScene):
    def construct(self) -> None:
        self.play(Create(Square()), run_time=0.5)
        with self.beat("Nothing happens."):
            pass


class Nested(BeatScene):
    def construct(self) -> None:
        with self.beat("Outside."), self.beat("Inside."):
            self.wait(1)


class SectionInside(BeatScene):
    def construct(self) -> None:
        with self.beat("Across a section."):
            self.wait(1)
            self.next_section("cut")
            self.wait(1)


class UnsaidBookmark(BeatScene):
    def construct(self) -> None:
        with self.beat("A square.") as beat:
            beat.until("a circle")


@pytest.mark.parametrize(
    "scene_class, error, message",
    [
        (Empty, BeatError, "holds no animation or wait"),
        (Nested, BeatError, "beats do not nest"),
        (SectionInside, BeatError, "a section cannot start inside"),
        (UnsaidBookmark, LookupError, "does not say 'a circle'"),
    ],
)
def test_misuse_is_an_error(scene_class, error, message):
    with pytest.raises(error, match=message):
        construct_scene(scene_class, voice="none")


def test_a_beat_needs_words_and_a_real_pause():
    with pytest.raises(BeatError, match="needs a script"):
        Beat(None, "  ")
    with pytest.raises(BeatError, match="length of silence"):
        Beat(None, "Wait.", pause=-1.0)

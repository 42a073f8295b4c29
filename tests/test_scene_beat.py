"""Timed beats (scenes/beat.py): a caption spans exactly the animations its beat holds, on
the same frame-exact clock whether manim renders, skips some or skips every animation."""

from __future__ import annotations

import math

import pytest
from manim import Circle, Create, FadeOut, Square
from scenetools import captions, construct_scene
from whyl1.scenes.beat import Beat, BeatError, BeatScene

FPS = 15  # the low quality the tests construct at
# Run times that are no whole number of frames at 15 fps, so rounding would show
RUN, WAIT, SECOND_RUN = 0.73, 0.41, 1.1


class TwoBeats(BeatScene):
    """A silent animation, a beat over an animation and a static wait, another over one
    animation in a second section; records the renderer's clock around each beat."""

    skip_first_section = False

    def construct(self) -> None:
        self.next_section("first", skip_animations=self.skip_first_section)
        self.spans: list[tuple[float, float]] = []
        square = Square()
        self.play(Create(square), run_time=0.5)  # before any beat: no caption
        start = self.renderer.time
        with self.beat("A square becomes a circle.") as first:
            self.play(square.animate.become(Circle()), run_time=RUN)
            self.wait(WAIT)
        self.spans.append((start, self.renderer.time))
        self.first = first
        self.next_section("second")
        start = self.renderer.time
        with self.beat("And fades."):
            self.play(FadeOut(square), run_time=SECOND_RUN)
        self.spans.append((start, self.renderer.time))


def frames(run_time: float, static: bool = False) -> int:
    """Frames manim writes: one per 1/FPS step of an animation, whole ones for a wait."""
    return int(run_time * FPS) if static else math.ceil(run_time * FPS)


@pytest.fixture(scope="module")
def rendered():
    """Every frame computed (a dry run writes no file)."""
    return construct_scene(TwoBeats, from_animation_number=0)


def test_caption_spans_the_beat(rendered):
    cues = captions(rendered)
    assert [text for _, _, text in cues] == ["A square becomes a circle.", "And fades."]
    for (start, end, _), (measured_start, measured_end) in zip(cues, rendered.spans, strict=True):
        assert start == pytest.approx(measured_start, abs=1e-6)  # srt keeps microseconds
        assert end == pytest.approx(measured_end, abs=1e-6)
    # The spans are the animations' frames: 0.5 s before, then 0.73 s + a 0.41 s still
    first = (frames(0.5) / FPS, (frames(0.5) + frames(RUN) + frames(WAIT, static=True)) / FPS)
    assert rendered.spans[0] == pytest.approx(first, abs=1e-9)
    assert rendered.spans[1][1] - rendered.spans[1][0] == pytest.approx(frames(SECOND_RUN) / FPS)
    beat = rendered.first
    assert (beat.start, beat.end) == rendered.spans[0]
    assert beat.plays == range(1, 3)  # after the silent animation: the change and the wait
    assert beat.duration == pytest.approx(first[1] - first[0])


@pytest.mark.parametrize("skipped", [1, 2, 3, 10**9], ids=lambda n: f"skip {n}")
def test_skipping_keeps_the_clock(rendered, skipped):
    """Skipping animations (as -s, --from_animation_number and split renders do) leaves
    every beat where a full render puts it, to the last bit."""
    scene = construct_scene(TwoBeats, from_animation_number=skipped)
    assert scene.spans == rendered.spans
    assert captions(scene) == captions(rendered)


class FirstSectionSkipped(TwoBeats):
    skip_first_section = True


def test_skipped_section_keeps_the_clock(rendered):
    """A section marked ``skip_animations`` is skipped like a range: same clock after it."""
    scene = construct_scene(FirstSectionSkipped, from_animation_number=0)
    assert scene.spans == rendered.spans
    assert captions(scene) == captions(rendered)


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


@pytest.mark.parametrize(
    "scene_class, message",
    [
        (Empty, "holds no animation or wait"),
        (Nested, "beats do not nest"),
        (SectionInside, "a section cannot start inside"),
    ],
)
def test_misuse_is_an_error(scene_class, message):
    with pytest.raises(BeatError, match=message):
        construct_scene(scene_class)


def test_a_beat_needs_words():
    with pytest.raises(BeatError, match="needs a script"):
        Beat(None, "  ")

"""Every scene in a lecture hall, checked in its own scene test module (``from
layout_checks import TestLayout`` there, so the checks read the scene that module built
once, instead of building all eleven again): at the end of each section, no lettering is
smaller than 1/40 of the frame height (27 px at 1080p) or outside the frame, and the
section's plot spans at least half the frame's width and half its height; the captions
are the beats.

Measured on the scene built in-process (manim's dry run; the module's ``scene`` fixture):
text by its font size, plots by the bounding box of every ``Axes`` and ``NumberLine`` on
screen.
"""

from __future__ import annotations

from itertools import pairwise

from manim import config
from scenetools import captions

# Sections that end with words and formulas only: the rules before the first plot
WITHOUT_PLOT = {("steps", "rules"), ("epsilon", "vector"), ("oscillation", "rule")}
SMALLEST_CAPITAL = config.frame_height / 40
EDGE_TOLERANCE = 0.01  # Manim units: glyph outlines may touch the frame's edge


class TestLayout:
    """The layout and caption checks, run on the importing module's ``scene``."""

    def test_lettering_is_legible(self, scene):
        small = [
            f"{end.name}: {letters.words!r} ({letters.cap_height:.3f})"
            for end in scene.section_ends
            for letters in end.lettering
            if letters.cap_height < SMALLEST_CAPITAL
        ]
        assert not small, f"capitals under {SMALLEST_CAPITAL:.3f} units: {small}"

    def test_lettering_inside_the_frame(self, scene):
        half_width, half_height = config.frame_width / 2, config.frame_height / 2
        outside = [
            f"{end.name}: {letters.words!r} {tuple(round(v, 2) for v in letters.box)}"
            for end in scene.section_ends
            for letters in end.lettering
            if letters.box[0] < -half_width - EDGE_TOLERANCE
            or letters.box[2] > half_width + EDGE_TOLERANCE
            or letters.box[1] < -half_height - EDGE_TOLERANCE
            or letters.box[3] > half_height + EDGE_TOLERANCE
        ]
        assert not outside, f"lettering leaves the frame: {outside}"

    def test_each_section_has_a_big_plot(self, scene):
        for end in scene.section_ends:
            if (scene.story, end.name) in WITHOUT_PLOT:
                assert end.plot is None, f"{end.name} now has a plot: measure it"
                continue
            assert end.plot is not None, f"{end.name} ends without a plot"
            width, height = end.plot
            assert width >= config.frame_width / 2, f"{end.name}: plot {width:.2f} wide"
            if not end.plot_is_line:  # a number line has no height of its own
                assert height >= config.frame_height / 2, f"{end.name}: plot {height:.2f} tall"

    def test_captions_are_the_beats(self, scene):
        """The captions are the beats' words, cue after cue, in order, never overlapping,
        each inside its beat: nothing typed by hand."""
        cues = captions(scene)
        said = " ".join(text.replace("\n", " ") for _, _, text in cues)
        assert said == " ".join(beat.speech.caption for beat in scene.beats)
        assert all(start < end for start, end, _ in cues)
        assert all(end <= next_start for (_, end, _), (next_start, _, _) in pairwise(cues))
        spans = [(beat.start, beat.end) for beat in scene.beats for _ in beat.speech.cues]
        for (start, end, _), (beat_start, beat_end) in zip(cues, spans, strict=True):
            assert beat_start - 1e-6 <= start and end <= beat_end + 1e-6

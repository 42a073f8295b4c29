"""The epsilon scene: one low-quality render checked frame by frame (bar heights), and its
numbers checked against the story's closed forms δ, 2δ − δ² and 2εδ − δ²; and the same
render split across two processes (``whyl1.split``) against it."""

from __future__ import annotations

import json

import av
import numpy as np
import pytest
from click.testing import CliRunner
from layout_checks import TestLayout  # noqa: F401  (its checks run on this scene)
from scenetools import (
    COLORS,
    VOICE,
    blend,
    color_fraction,
    has_audio,
    numbers_on_screen,
    point_box,
    read_frames,
    srt_cues,
    video_duration,
)
from whyl1.scenes.epsilon import EpsilonScene

from whyl1 import split, stories
from whyl1.captions import MIN_SILENT_CUE, READING_SPEED, caption_problems
from whyl1.cli import main
from whyl1.render import render_scene

pytestmark = pytest.mark.render

SCENE = EpsilonScene
L1_BAR = blend(COLORS.l1, EpsilonScene.BAR_OPACITY, COLORS.background)
L2_BAR = blend(COLORS.l2, EpsilonScene.BAR_OPACITY, COLORS.background)


def bar_box(scene, index, fraction):
    """A box inside bar ``index`` (L1 large, L1 small, L2 large, L2 small) at ``fraction``
    of the largest reduction's height, 2δ − δ² (the top of the bars' axes)."""
    return point_box(scene.bar_point(index, fraction * scene.data.l2sq_shrink_large), 0.3, 0.05)


def test_video_and_captions(output, scene):
    output.assert_video(scene, ["vector", "shrink", "sweep", "near-zero"])


def test_narration(output, scene):
    output.assert_narration(scene)


@pytest.fixture(scope="module")
def silent(tmp_path_factory):
    """``whyl1 render epsilon --voice none``, as a lecturer who talks over it runs it."""
    out = tmp_path_factory.mktemp("silent")
    result = CliRunner().invoke(main, ["render", "epsilon", "--voice", "none", "--out", str(out)])
    assert result.exit_code == 0, result.output
    return out


def test_a_silent_render_has_the_same_beats_timed_by_reading_speed(silent, scene):
    """No audio; the voiced scene's beats, each cue on screen as long as reading it takes
    (15 characters a second, at least 1.5 s), cue after cue; the caption rules kept."""
    video = silent / "epsilon.mp4"
    assert not has_audio(video)
    timeline = json.loads((silent / "epsilon.timeline.json").read_text())
    assert timeline["voice"] is None
    assert timeline["duration"] == pytest.approx(video_duration(video), abs=0.07)
    assert [b["caption"] for b in timeline["beats"]] == [b.speech.caption for b in scene.beats]
    assert all(b["clip"] is None for b in timeline["beats"])
    cues = srt_cues(silent / "epsilon.srt")
    assert caption_problems(cues, min_duration=MIN_SILENT_CUE) == []
    assert len(cues) == sum(len(b["cues"]) for b in timeline["beats"])
    for beat in timeline["beats"]:
        clock = beat["start"]
        for cue in beat["cues"]:
            reading = (len(" ".join(cue["lines"])) + 1) / READING_SPEED
            assert cue["start"] == pytest.approx(clock, abs=1e-6)
            assert cue["end"] - cue["start"] == pytest.approx(max(reading, MIN_SILENT_CUE))
            clock = cue["end"]
        assert beat["end"] >= clock - 1e-6


def test_bars_at_the_story_eps(output, scene):
    frame = output.section("sweep")  # the end of "shrink": ε = 0.1, δ = 0.05
    # Both L1 bars reach δ / (2δ − δ²) ≈ 51% of full height; the L2 bars 100% and ≈ 7.7%
    assert color_fraction(frame, L1_BAR, bar_box(scene, 0, 0.25)) > 0.8
    assert color_fraction(frame, L1_BAR, bar_box(scene, 1, 0.25)) > 0.8
    assert color_fraction(frame, L2_BAR, bar_box(scene, 2, 0.9)) > 0.8
    assert color_fraction(frame, L2_BAR, bar_box(scene, 3, 0.03)) > 0.5
    assert color_fraction(frame, L2_BAR, bar_box(scene, 3, 0.5)) < 0.01


def test_bars_equal_at_eps_one(output, scene):
    frame = output.section("near-zero")  # the end of "sweep": ε = 1
    assert color_fraction(frame, L2_BAR, bar_box(scene, 3, 0.9)) > 0.8


def test_last_frame_l2_gain_vanishes_l1_stays(output, scene):
    frame = output.last_frame()  # ε = δ: the small bar is δ² / (2δ − δ²) ≈ 2.6% tall
    assert color_fraction(frame, L1_BAR, bar_box(scene, 1, 0.25)) > 0.8
    assert color_fraction(frame, L2_BAR, bar_box(scene, 2, 0.9)) > 0.8
    assert color_fraction(frame, L2_BAR, bar_box(scene, 3, 0.5)) < 0.01
    # The slider's marker sits at the bottom (the smallest ε of the sweep)
    marker = scene.slider_marker.get_center()
    assert marker[1] == pytest.approx(scene.bar_point(0, 0.0)[1])
    assert color_fraction(frame, COLORS.accent, point_box(marker, 0.12)) > 0.05


@pytest.mark.parametrize(
    "params, eps, delta",
    [({}, 0.1, 0.05), ({"eps": "0.5", "delta": "0.2"}, 0.5, 0.2)],
)
def test_displayed_numbers(params, eps, delta):
    _, shown = numbers_on_screen(EpsilonScene, params)
    assert (shown["eps"], shown["delta"]) == (eps, delta)
    # L1: δ either way, exactly (no 1 − (1 − δ) rounding)
    assert shown["l1_shrink_large"] == shown["l1_shrink_small"] == delta
    # Squared L2: 2δ − δ² for the large coordinate, 2εδ − δ² for the small one
    assert shown["l2sq_shrink_large"] == pytest.approx(2 * delta - delta**2, rel=1e-12)
    assert shown["l2sq_shrink_small"] == pytest.approx(2 * eps * delta - delta**2, rel=1e-12)
    # The sweep's ends: ε = 1 (equal gains) and the smallest ε, between δ and the story's ε
    assert shown["slider_eps_max"] == 1.0
    assert shown["slider_eps"] == eps
    eps_min = shown["slider_eps_min"]
    assert delta <= eps_min <= eps
    assert shown["l2sq_shrink_small_at_eps_max"] == pytest.approx(2 * delta - delta**2)
    assert shown["l2sq_shrink_small_at_eps_min"] == pytest.approx(
        2 * eps_min * delta - delta**2, rel=1e-12
    )


@pytest.fixture(scope="module")
def split_renders(output, tmp_path_factory):
    """The narrated scene rendered again in two ranges at once (``cores=2``): planned by
    the costs the module's serial render recorded, and by a stale record (forty beats,
    the cut past the scene's six), which the render finds out and plans again from a dry
    run. The record is put back after: it is the cache's, not the test's."""
    story = stories.get("epsilon")
    record = split.costs_file("epsilon", "low")
    kept = record.read_bytes()  # the serial render recorded it
    renders = {
        "recorded": render_scene(
            story, {}, out_dir=tmp_path_factory.mktemp("recorded"), voice=VOICE, cores=2
        )
    }
    try:
        record.write_text(json.dumps({"beats": [1.0] * 3 + [100.0] * 40}))
        renders["stale"] = render_scene(
            story, {}, out_dir=tmp_path_factory.mktemp("stale"), voice=VOICE, cores=2
        )
    finally:
        record.write_bytes(kept)
    return renders


@pytest.mark.parametrize("plan", ["recorded", "stale"])
def test_a_split_render_is_the_serial_render(output, split_renders, plan):
    """Same captions and timeline to the byte, the same number of frames, each frame the
    serial render's within encoder noise (each range starts a new group of pictures),
    and the narration laid once over the whole: the same audio packets."""
    serial, joined = output.output, split_renders[plan]
    assert joined.captions.read_bytes() == serial.captions.read_bytes()
    assert joined.timeline.read_bytes() == serial.timeline.read_bytes()
    serial_frames, joined_frames = read_frames(serial.video), read_frames(joined.video)
    assert len(joined_frames) == len(serial_frames)
    for a, b in zip(serial_frames, joined_frames, strict=True):
        assert np.abs(a.astype(int) - b.astype(int)).mean() < 0.5
    assert audio_packets(joined.video) == audio_packets(serial.video)


def audio_packets(video):
    with av.open(str(video)) as container:
        return [bytes(p) for p in container.demux(audio=0) if p.dts is not None]

"""The pipeline: cache keys, keep-going, atomic outputs, shards, and interruption."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from whyl1 import pipeline, stories
from whyl1.cli import main
from whyl1.pipeline import Item


def data_items(**overrides: tuple[tuple[str, str], ...]) -> list[Item]:
    return [
        Item("data", story.name, overrides.get(story.name, ()), folder="data")
        for story in stories.STORIES
        if story.name not in ("path", "selection")  # keep the test fast
    ]


def test_second_run_renders_nothing(tmp_path):
    first = pipeline.run(data_items(), tmp_path, jobs=2)
    assert {o.status for o in first} == {"done"}
    second = pipeline.run(data_items(), tmp_path, jobs=2)
    assert {o.status for o in second} == {"cached"}


def test_changing_one_parameter_rerenders_only_that_story(tmp_path):
    pipeline.run(data_items(), tmp_path)
    before = (tmp_path / "data" / "kink.json").read_text()
    outcomes = pipeline.run(data_items(steps=(("w0", "3"), ("eta", "0.25"))), tmp_path)
    done = [o.item.story for o in outcomes if o.status == "done"]
    assert done == ["steps"]
    assert json.loads((tmp_path / "data" / "steps.json").read_text())["l1"][0] == 3.0
    assert (tmp_path / "data" / "kink.json").read_text() == before


def test_a_missing_output_is_rendered_again(tmp_path):
    pipeline.run(data_items(), tmp_path)
    (tmp_path / "data" / "epsilon.json").unlink()
    outcomes = pipeline.run(data_items(), tmp_path)
    assert [o.item.story for o in outcomes if o.status == "done"] == ["epsilon"]


def test_force_ignores_the_cache(tmp_path):
    pipeline.run(data_items(), tmp_path)
    outcomes = pipeline.run(data_items(), tmp_path, force=True)
    assert {o.status for o in outcomes} == {"done"}


def test_key_depends_on_sources_and_values(monkeypatch):
    item = Item("data", "steps")
    base = pipeline.item_key(item)
    assert pipeline.item_key(Item("data", "steps", (("n", "21"),))) != base
    assert pipeline.item_key(Item("data", "steps", (("n", "20"),))) == base  # same values
    monkeypatch.setattr(pipeline, "_file_digest", lambda path: f"changed {path.name}")
    assert pipeline.item_key(item) != base


BROKEN_IN_WORKER = Item("scene", "kink", quality="ultra", folder="videos")  # no such quality
BROKEN_VALUES = Item("data", "path", (("points", "2"),), folder="data")  # below 5


@pytest.mark.parametrize("broken", [BROKEN_IN_WORKER, BROKEN_VALUES], ids=["worker", "values"])
def test_a_failing_item_fails_alone(tmp_path, broken):
    items = [*data_items(), broken]
    outcomes = pipeline.run(items, tmp_path, jobs=2)
    failed = [o for o in outcomes if o.status == "failed"]
    assert [o.item for o in failed] == [broken]
    assert failed[0].error
    assert {o.status for o in outcomes if o.item != broken} == {"done"}
    assert not any(path.exists() for path in broken.outputs(tmp_path))
    # The failure is not cached: the next run tries exactly that item again.
    again = pipeline.run(items, tmp_path, jobs=2)
    assert [o.item for o in again if o.status != "cached"] == [broken]


def test_cli_reports_failure_with_exit_status_1(tmp_path, monkeypatch):
    monkeypatch.setattr(pipeline, "default_items", lambda **_: [*data_items(), BROKEN_VALUES])
    result = CliRunner().invoke(main, ["all", "--out", str(tmp_path), "--jobs", "1"])
    assert result.exit_code == 1
    assert "failed: data path (json): points: 2 is out of range" in result.output
    assert (tmp_path / "data" / "steps.json").exists()


def test_shards_are_disjoint_and_cover_everything():
    items = pipeline.default_items(
        quality="low", theme="light", video_format="mp4", figure_formats=("png",)
    )
    shards = [pipeline.shard(items, k, 3) for k in (1, 2, 3)]
    assert sorted(repr(i) for shard in shards for i in shard) == sorted(map(repr, items))
    assert not set(map(repr, shards[0])) & set(map(repr, shards[1]))


def test_outputs_stay_inside_out_dir(tmp_path):
    for item in pipeline.default_items(
        quality="low", theme="dark", video_format="webm", figure_formats=("svg", "pdf")
    ):
        for path in item.outputs(tmp_path):
            assert path.resolve().is_relative_to(tmp_path.resolve())


def test_stale_temporaries_are_swept(tmp_path):
    leftover = tmp_path / "videos" / f"{pipeline.TEMP_PREFIX}steps-abc"
    leftover.mkdir(parents=True)
    (leftover / "partial.mp4").write_bytes(b"half a video")
    pipeline.run(data_items()[:1], tmp_path)
    assert not leftover.exists()


@pytest.mark.render
def test_a_killed_render_leaves_no_file_and_the_next_run_completes_with_progress(tmp_path):
    """Kill ``whyl1 render`` mid-video (SIGKILL to its whole process group: no cleanup
    runs), then run again: nothing was left at the final path, and the second run renders
    the video whole, reporting its frames as it goes, the last count exact. One scene
    render serves both checks (epsilon, the quickest), which keeps the suite short."""
    import av

    command = [
        sys.executable, "-m", "whyl1", "render", "epsilon", "--quality", "low",
        "--out", str(tmp_path),
    ]  # fmt: skip
    process = subprocess.Popen(command, start_new_session=True)
    deadline = time.monotonic() + 60
    while not any(tmp_path.glob(f"{pipeline.TEMP_PREFIX}*")) and time.monotonic() < deadline:
        time.sleep(0.1)
    time.sleep(2.0)  # manim is now writing partial movie files
    os.killpg(process.pid, signal.SIGKILL)
    process.wait()
    assert not (tmp_path / "epsilon.mp4").exists()
    assert not (tmp_path / "epsilon.srt").exists()

    reported: list[int] = []
    item = Item("scene", "epsilon", fmt="mp4", quality="low")
    (outcome,) = pipeline.run([item], tmp_path, on_frames=lambda _, n: reported.append(n))
    assert outcome.status == "done"
    assert (tmp_path / "epsilon.srt").exists()
    assert not any(tmp_path.glob(f"{pipeline.TEMP_PREFIX}*"))
    with av.open(str(tmp_path / "epsilon.mp4")) as video:
        frames = sum(1 for _ in video.decode(video=0))
    assert len(reported) >= 3, "a 45 s video should report progress several times"
    assert reported == sorted(reported)
    assert reported[-1] == frames


def test_items_start_longest_first_by_their_last_duration(tmp_path):
    """With one worker items finish in the order they start: the one that took longest
    last time (here kink, as the timings file says) must start first, then the rest by
    their static estimates (path's lasso fits before the plain data exports)."""
    items = [*data_items(), Item("data", "path", folder="data")]
    slow = Item("data", "kink", folder="data")
    (tmp_path / pipeline.TIMINGS).write_text(json.dumps({slow.manifest_key: 9.0}))
    outcomes = pipeline.run(items, tmp_path, jobs=1)
    assert [o.item.story for o in outcomes[:2]] == ["kink", "path"]
    recorded = json.loads((tmp_path / pipeline.TIMINGS).read_text())
    assert set(recorded) == {item.manifest_key for item in items}


def test_a_cold_cache_starts_the_longest_videos_first():
    """No timings yet: every video before any figure or data export, longest video
    first, so the last item to start on a worker is short and the workers end together."""
    items = pipeline.default_items(
        quality="low", theme="light", video_format="mp4", figure_formats=("png", "svg")
    )
    costs = [pipeline.expected_cost(item, {}) for item in items]
    order = [item for _, item in sorted(zip(costs, items, strict=True), key=lambda p: -p[0])]
    scenes = [item for item in order if item.kind == "scene"]
    assert order[: len(scenes)] == scenes
    lengths = [pipeline.SCENE_SECONDS[item.story] for item in scenes]
    assert lengths == sorted(lengths, reverse=True)
    assert {item.story for item in scenes} == set(pipeline.SCENE_SECONDS)

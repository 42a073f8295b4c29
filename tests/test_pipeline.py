"""The pipeline: cache keys, keep-going, atomic outputs, shards, and interruption."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pytest
from click.testing import CliRunner

from whyl1 import pipeline, stories
from whyl1.cli import main
from whyl1.outputs import TEMP_PREFIX
from whyl1.pipeline import Item
from whyl1.voice import resolve_voice, voice_available


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


@pytest.mark.parametrize("change", ["truncated", "same size"])
def test_an_output_changed_after_the_run_is_made_again(tmp_path, change):
    """A sync tool or a half copy changes a file after the run and keeps its time stamp:
    the manifest's size and SHA-256 notice, and the next run repairs exactly that file."""
    pipeline.run(data_items(), tmp_path)
    target = tmp_path / "data" / "kink.json"
    good, stat = target.read_bytes(), target.stat()
    if change == "truncated":
        bad = good[: len(good) // 2]
    else:
        at = next(i for i, byte in enumerate(good) if chr(byte).isdigit())
        bad = good[:at] + (b"7" if good[at : at + 1] != b"7" else b"8") + good[at + 1 :]
    target.write_bytes(bad)
    os.utime(target, ns=(stat.st_atime_ns, stat.st_mtime_ns))
    outcomes = pipeline.run(data_items(), tmp_path)
    assert [o.item.story for o in outcomes if o.status == "done"] == ["kink"]
    assert target.read_bytes() == good


def test_force_ignores_the_cache(tmp_path):
    pipeline.run(data_items(), tmp_path)
    outcomes = pipeline.run(data_items(), tmp_path, force=True)
    assert {o.status for o in outcomes} == {"done"}


def test_key_depends_on_values_not_on_how_they_are_spelled():
    base = pipeline.item_key(Item("data", "steps"))
    assert pipeline.item_key(Item("data", "steps", (("n", "21"),))) != base
    assert pipeline.item_key(Item("data", "steps", (("n", "20"),))) == base  # same values


@pytest.mark.skipif(not voice_available(), reason="the voice extra is not installed")
def test_another_voice_makes_other_videos(tmp_path):
    """A video's key holds its voice's identity: joe, silent and another voice (joe's own
    files given as a path, so spoken at the voice's own speed) are three videos; the data
    and figures do not depend on the voice."""
    joe = resolve_voice("joe")
    for part in (joe.model, joe.config):
        (tmp_path / part.name).symlink_to(part)
    other = str(tmp_path / joe.model.name)
    keys = {v: pipeline.item_key(Item("scene", "steps", voice=v)) for v in ("joe", "none", other)}
    assert len(set(keys.values())) == 3
    assert pipeline.item_key(Item("scene", "steps", voice="joe")) == keys["joe"]
    assert pipeline.voice_identity("joe") == joe.identity()
    assert pipeline.voice_identity("none") is None


def test_the_key_covers_the_whole_package():
    """Every kind of source file of each part of the installed package is hashed, not a
    hand-kept list: modules, templates, the explorer's JS and CSS, the style, the data."""
    sources = pipeline.package_sources()
    for name in (
        "whyl1/outputs.py",
        "whyl1/pipeline.py",
        "whyl1/templates/page.html",
        "whyl1/web/explorer.js",
        "whyl1/web/explorer.css",
        "whyl1.scenes/common.py",
        "whyl1.scenes/steps.py",
        "whyl1.figures/common.py",
        "whyl1.assets/whyl1.mplstyle",
        "whyl1.assets/diabetes.csv",
    ):
        assert name in sources, name


@pytest.fixture
def package_copy(tmp_path, monkeypatch):
    """A copy of the package's source folders, which ``source_roots`` then names, so a
    test can add and change modules."""
    roots = {}
    for name, root in pipeline.source_roots().items():
        roots[name] = tmp_path / name
        shutil.copytree(root, roots[name], ignore=shutil.ignore_patterns("__pycache__", "*.png"))
    monkeypatch.setattr(pipeline, "source_roots", lambda: roots)
    return roots


def test_a_new_or_changed_helper_changes_every_key(package_copy):
    items = [Item("data", "steps"), Item("figure", "steps", fmt="svg"), Item("scene", "steps")]
    before = [pipeline.item_key(item) for item in items]
    assert [pipeline.item_key(item) for item in items] == before  # nothing changed yet

    (package_copy["whyl1.figures"] / "shading.py").write_text("STEP = 0.5\n")
    added = [pipeline.item_key(item) for item in items]
    assert all(a != b for a, b in zip(added, before, strict=True))

    with (package_copy["whyl1"] / "theme.py").open("a") as handle:
        handle.write("# a changed helper\n")
    changed = [pipeline.item_key(item) for item in items]
    assert all(c != a for c, a in zip(changed, added, strict=True))


def test_another_storys_scene_or_figure_does_not_change_the_key(package_copy):
    """Per-story modules are leaves (tests/test_imports.py): editing kink's scene
    re-renders kink's video, not steps'."""
    steps, kink = Item("scene", "steps"), Item("scene", "kink")
    figure = Item("figure", "steps", fmt="png")
    before = [pipeline.item_key(item) for item in (steps, kink, figure)]
    with (package_copy["whyl1.scenes"] / "kink.py").open("a") as handle:
        handle.write("# an edit\n")
    after = [pipeline.item_key(item) for item in (steps, kink, figure)]
    assert after[0] == before[0]
    assert after[1] != before[1]
    assert after[2] == before[2]


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
    leftover = tmp_path / "videos" / f"{TEMP_PREFIX}steps-abc"
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
    while not any(tmp_path.glob(f"{TEMP_PREFIX}*")) and time.monotonic() < deadline:
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
    assert not any(tmp_path.glob(f"{TEMP_PREFIX}*"))
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

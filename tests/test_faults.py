"""Fault injection: ``whyl1 all --quality low`` killed at seeded random moments, with
SIGINT, Ctrl-C (SIGINT to the process group), SIGTERM or SIGKILL, then run again. After
each kill nothing of the run is alive 3 s later and the manifest vouches only for whole,
unchanged files; after a clean stop (not SIGKILL) no temporary file is left either.
After the rerun the folder equals a clean run's: data and figures byte for byte, the
video decodes to the same frames count and length, no temporary file.

The trials run a slice of ``whyl1 all`` (``--shard``) holding the shortest video, one
figure and one data export: the same code paths as the whole set (the worker pool, a
manim render, a figure, an export, the manifest) at about a tenth of the time, so six
trials stay within a couple of minutes. Marked ``faults``: ``make test`` runs them
(``-m "not faults"`` leaves them out while iterating)."""

from __future__ import annotations

import json
import os
import random
import signal
import time
from pathlib import Path

import av
import pytest
from runs import Run, assert_manifest_tells_the_truth, left_after, temporaries

from whyl1 import pipeline
from whyl1.outputs import LOCK, MANIFEST, TIMINGS

pytestmark = pytest.mark.faults

SEED = 20240514
TRIALS = 6
KILLS = ("SIGINT", "Ctrl-C", "SIGTERM", "SIGKILL", "SIGTERM", "SIGKILL")
STATUS = {"SIGINT": 130, "Ctrl-C": 130, "SIGTERM": 143, "SIGKILL": -signal.SIGKILL}


def small_shard() -> str:
    """``K/N`` of ``whyl1 all``'s items holding exactly one video, the shortest
    (epsilon), and at least one figure and one data export, four items at most."""
    items = pipeline.default_items(
        quality="low", theme="light", video_format="mp4", figure_formats=("svg", "png")
    )
    for count in range(8, 21):
        for index in range(1, count + 1):
            picked = pipeline.shard(items, index, count)
            videos = [item.story for item in picked if item.kind == "scene"]
            kinds = {item.kind for item in picked}
            if videos == ["epsilon"] and kinds == {"data", "figure", "scene"} and len(picked) <= 4:
                return f"{index}/{count}"
    raise AssertionError("no slice of `whyl1 all` with one short video")


def started(run: Run) -> None:
    """Until the run holds its folder's lock: from then on its signal handlers are in
    place (before, a signal meets Python's defaults and nothing is written yet)."""
    while not (run.out / LOCK).exists() and run.process.poll() is None:
        time.sleep(0.01)


def kill(run: Run, how: str) -> None:
    if how == "Ctrl-C":
        os.killpg(run.pid, signal.SIGINT)
    else:
        os.kill(run.pid, getattr(signal, how))


def video_shape(path: Path) -> tuple[int, float]:
    """Frames decoded and the stream's length in seconds (decoding checks it is whole)."""
    with av.open(str(path)) as container:
        stream = container.streams.video[0]
        frames = sum(1 for _ in container.decode(stream))
        return frames, float(stream.duration * stream.time_base)


def assert_same_folder(clean: Path, faulty: Path) -> None:
    names = sorted(p.relative_to(clean).as_posix() for p in clean.rglob("*") if p.is_file())
    assert names == sorted(
        p.relative_to(faulty).as_posix() for p in faulty.rglob("*") if p.is_file()
    )
    for name in names:
        if name == TIMINGS:  # seconds measured, not outputs
            continue
        if name.endswith(".mp4"):
            assert video_shape(faulty / name) == video_shape(clean / name), name
        elif name == MANIFEST:
            expected = json.loads((clean / name).read_text())
            got = json.loads((faulty / name).read_text())
            assert {slot: entry["key"] for slot, entry in got.items()} == {
                slot: entry["key"] for slot, entry in expected.items()
            }
        else:
            assert (faulty / name).read_bytes() == (clean / name).read_bytes(), name
    assert temporaries(faulty) == []


def test_killed_at_random_moments_then_run_again_equals_a_clean_run(tmp_path):
    args = ["all", "--quality", "low", "--jobs", "2", "--shard", small_shard()]
    clean = Run(args, tmp_path / "clean")
    started(clean)
    t0 = time.monotonic()
    code, _, err = clean.finish()
    length = time.monotonic() - t0
    assert code == 0, err
    assert any((tmp_path / "clean").rglob("*.mp4"))

    rng = random.Random(SEED)
    kills = list(KILLS[:TRIALS])
    rng.shuffle(kills)
    interrupted = 0
    for trial, how in enumerate(kills):
        out = tmp_path / f"trial{trial}"
        run = Run(args, out)
        started(run)
        time.sleep(rng.uniform(0.0, 0.8 * length))
        kill(run, how)
        code, _, err = run.finish()
        context = f"trial {trial}: {how}, exit {code}: {err}"
        assert code in (STATUS[how], 0), context  # 0: it finished before the signal
        interrupted += code != 0
        assert left_after(run.mark) == [], context
        if how != "SIGKILL":
            assert temporaries(out) == [], context
        if (out / MANIFEST).exists():
            assert_manifest_tells_the_truth(out)

        again = Run(args, out)
        code, _, err = again.finish()
        assert code == 0, f"trial {trial}, rerun: {err}"
        assert left_after(again.mark) == []
        assert_same_folder(tmp_path / "clean", out)
    assert interrupted >= 5, f"only {interrupted} of {TRIALS} runs were still running"

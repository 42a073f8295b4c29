"""One scene at a time, the slow way: a scene split across two cores against one, and
every whole scene at 1080p60. Writes BENCHMARKS-scene.md.

Run with ``make bench-scene`` (or ``.venv/bin/python scripts/bench_scene.py``). It
takes about half an hour on two cores, which is why it is not part of ``make bench``
(10 minutes): whole scenes at 1080p60 are minutes each. What the speed-up and the
costs depend on is said beside the tables, in BENCHMARKS-scene.md.
"""

from __future__ import annotations

import argparse
import os
import tempfile
import time
from pathlib import Path

from benchtools import ROOT, WHYL1, Timing, machine, scene_stories, video_seconds, wall_and_cpu

SPLIT_STORIES = ("epsilon", "steps")  # the shortest narrated scene, and the longest


def render(story: str, quality: str, jobs: int, out: Path, env: dict) -> tuple[float, float]:
    """Wall and CPU seconds of ``whyl1 render`` of one scene, narrated, forced."""
    command = [*WHYL1, "render", story, "--quality", quality, "--voice", "joe",
               "--jobs", str(jobs), "--force", "--out", str(out)]  # fmt: skip
    return wall_and_cpu(command, env=env)


def split_speedup(root: Path, env: dict, repeat: int) -> list[str]:
    """``--jobs 2`` against ``--jobs 1`` on one scene, alternating, after a warm-up of
    each (speech, formulas and the beats' cost record are then warm, as they are for a
    lecturer re-rendering a scene they are working on)."""
    rows = [
        "| scene | quality | `--jobs 1` wall | `--jobs 2` wall | **speed-up** (goal ≥ 1.6× at "
        "medium) | `--jobs 1` CPU / wall | `--jobs 2` CPU / wall |",
        "|---|---|---|---|---|---|---|",
    ]
    for quality, rounds in (("medium", repeat), ("high", 1)):
        for story in SPLIT_STORIES:
            out = root / f"split-{story}-{quality}"
            timings: dict[int, list[tuple[float, float]]] = {1: [], 2: []}
            for jobs in (1, 2):
                render(story, quality, jobs, out / f"warm-{jobs}", env)
            for round_ in range(rounds):
                for jobs in (1, 2):
                    timings[jobs].append(render(story, quality, jobs, out / f"{round_}", env))
            serial, split = (Timing([w for w, _ in timings[jobs]]) for jobs in (1, 2))
            busy = {
                jobs: sum(c for _, c in timings[jobs]) / sum(w for w, _ in timings[jobs])
                for jobs in (1, 2)
            }
            rows.append(
                f"| {story} | {quality} | {serial.text()} | {split.text()} | "
                f"**{serial.median / split.median:.2f}×** | {busy[1]:.2f} | {busy[2]:.2f} |"
            )
            print(f"bench-scene: {rows[-1]}", flush=True)
    return rows


def whole_scene_costs(root: Path, env: dict) -> list[str]:
    """Every scene rendered whole at 1080p60 (``--quality high``), narrated, once, with
    ``--jobs 2`` (a single scene's default on this machine: split in two), after a
    low-quality render that warms its speech and formulas and records its beats' costs."""
    rows = [
        "| scene | video s | wall s | **wall s per video s** (goal ≤ 2) | CPU s per video s |",
        "|---|---|---|---|---|",
    ]
    for story in scene_stories():
        out = root / f"high-{story.name}"
        render(story.name, "low", 2, root / f"low-{story.name}", env)
        seconds, cpu = render(story.name, "high", 2, out, env)
        length = video_seconds(out / f"{story.name}.mp4")
        rows.append(
            f"| {story.name} | {length:.1f} | {seconds:.0f} | **{seconds / length:.2f}** | "
            f"{cpu / length:.2f} |"
        )
        print(f"bench-scene: {rows[-1]}", flush=True)
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=2, help="rounds at medium quality")
    parser.add_argument("--only", nargs="*", choices=["split", "high"], default=["split", "high"])
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS-scene.md")
    args = parser.parse_args()
    began, load = time.perf_counter(), os.getloadavg()[0]
    sections: list[str] = []
    with tempfile.TemporaryDirectory(prefix="whyl1-bench-scene-") as tmp:
        root = Path(tmp)
        # The speech and the beats' cost records in a cache of the benchmark's own, warmed
        # by its first renders; the formula cache is the user's (see `make bench`, 1.).
        env = {**os.environ, "WHYL1_CACHE": str(root / "cache")}
        if "split" in args.only:
            rows = split_speedup(root, env, args.repeat)
            sections += ["## 11. One scene on two cores", "", *rows, ""]
        if "high" in args.only:
            sections += ["## 12. Whole scenes at 1080p60", "", *whole_scene_costs(root, env), ""]
    total = time.perf_counter() - began
    header = [
        "# whyl1 benchmarks: one scene at a time",
        "",
        "Regenerate with `make bench-scene` (about half an hour; `make bench` has the rest).",
        "",
        *machine(),
        f"- load average (1 min) at start {load:.2f}, at end {os.getloadavg()[0]:.2f}",
        f"- `make bench-scene` took {total:.0f} s",
        "",
    ]
    args.out.write_text("\n".join([*header, *sections]))
    print(f"bench-scene: wrote {args.out} in {total:.0f} s")


if __name__ == "__main__":
    main()

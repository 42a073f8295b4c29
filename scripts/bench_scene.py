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
from dataclasses import dataclass
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
    measured: list[SplitRun] = []
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
            run = SplitRun(
                serial.median,
                split.median,
                *(sum(c for _, c in timings[j]) / sum(w for w, _ in timings[j]) for j in (1, 2)),
            )
            measured.append(run)
            rows.append(
                f"| {story} | {quality} | {serial.text()} | {split.text()} | "
                f"**{run.speedup:.2f}×** | {run.serial_busy:.2f} | {run.split_busy:.2f} |"
            )
            print(f"bench-scene: {rows[-1]}", flush=True)
    return [*rows, "", *split_limits(measured)]


@dataclass(frozen=True)
class SplitRun:
    """One scene's paired renders: wall seconds, and the cores each kept busy."""

    serial_wall: float
    split_wall: float
    serial_busy: float
    split_busy: float

    @property
    def speedup(self) -> float:
        return self.serial_wall / self.split_wall

    @property
    def extra_cpu(self) -> float:
        """The split's CPU time over the serial render's."""
        return (self.split_busy * self.split_wall) / (self.serial_busy * self.serial_wall)


def split_limits(runs: list[SplitRun]) -> list[str]:
    """What limits the speed-up, from the measurements themselves."""
    busy = [run.serial_busy for run in runs]
    extra = [run.extra_cpu for run in runs]
    ceiling = [2 / (run.serial_busy * run.extra_cpu) for run in runs]
    return [
        f"What limits it: a serial render already keeps {min(busy):.2f}–{max(busy):.2f} "
        "cores busy (manim encodes frames on a second thread while it draws the next), so "
        f"two cores can give at most {2 / max(busy):.2f}–{2 / min(busy):.2f}× even with no "
        f"cost to splitting; and the split costs {min(extra) - 1:.0%}–{max(extra) - 1:.0%} "
        "more CPU, because every range starts its own manim and runs the whole "
        "`construct` (Pango's text, the formulas from the cache, the speech from the cache, "
        "the skipped animations moved to their ends). Together they put the ceiling at "
        f"{min(ceiling):.2f}–{max(ceiling):.2f}×; the rest is the serial tail (the "
        "narration mixed, normalised and muxed once the last range ends) and the ranges "
        "not ending together.",
    ]


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
    return [*rows, "", HIGH_NOTE]


HIGH_NOTE = (
    "Each scene split in two (a single scene's default here). A serial render "
    "(`--jobs 1`) would take about the CPU time divided by 1.4: it keeps about 1.3 cores "
    "busy and spends about a tenth less CPU (section 11). Where the time goes, function "
    "by function, is the profile of `make bench` (BENCHMARKS.md, 5b): manim drawing the "
    "shapes with cairo (paths, fills, strokes), copying pixel arrays, and the encoder on "
    "its own thread."
)


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

"""The measuring tools of ``scripts/bench.py``: wall and CPU time of a command, paired
runs that alternate two commands so drifting load hits both alike, medians with their
spread, the shared cold renders (``Session``), and the machine's description. Kept apart
so the benchmark file reads as its sections.
"""

from __future__ import annotations

import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
VENV_BIN = Path(sys.executable).parent
WHYL1 = [str(VENV_BIN / "whyl1")]
MANIM = [sys.executable, "-m", "manim"]


@dataclass
class Timing:
    """Repeated wall times of one measurement, in seconds."""

    samples: list[float]

    @property
    def median(self) -> float:
        return statistics.median(self.samples)

    def text(self, unit: str = "s") -> str:
        scale = 1000.0 if unit == "ms" else 1.0
        low, high = min(self.samples) * scale, max(self.samples) * scale
        return f"{self.median * scale:.3g} {unit} ({low:.3g}–{high:.3g})"


def wall(command: Sequence[str], cwd: Path = ROOT, env: dict | None = None) -> float:
    return wall_and_cpu(command, cwd, env)[0]


def wall_and_cpu(
    command: Sequence[str], cwd: Path = ROOT, env: dict | None = None
) -> tuple[float, float]:
    """Wall time and CPU time (user + system, the command and every process it waited
    for) of one run: CPU over wall says how many cores it kept busy."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    seconds = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return seconds, cpu


def alternate(
    first: Callable[[], float],
    second: Callable[[], float],
    repeat: int,
    warm_up: bool = True,
) -> tuple[Timing, Timing]:
    """Warm both up once (unless earlier sections already ran both), then alternate
    ``repeat`` times: noise hits both alike."""
    if warm_up:
        first(), second()
    a, b = [], []
    for _ in range(repeat):
        a.append(first())
        b.append(second())
    return Timing(a), Timing(b)


def alternate_all(
    measures: Sequence[Callable[[], tuple[float, float]]], repeat: int
) -> list[tuple[Timing, Timing]]:
    """One warm-up round, then ``repeat`` rounds running each measure in turn; each
    measure gives wall and CPU seconds, returned as a pair of timings per measure."""
    for measure in measures:
        measure()
    samples: list[list[tuple[float, float]]] = [[] for _ in measures]
    for _ in range(repeat):
        for sample, measure in zip(samples, measures, strict=True):
            sample.append(measure())
    return [(Timing([w for w, _ in sample]), Timing([c for _, c in sample])) for sample in samples]


def repeated(measure: Callable[[], float], repeat: int, warm_up: bool = True) -> Timing:
    """``repeat`` runs after one warm-up run (unless an earlier section ran it already)."""
    if warm_up:
        measure()
    return Timing([measure() for _ in range(repeat)])


def video_seconds(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        return float(container.duration / 1_000_000)


def scene_stories() -> list:
    from whyl1 import stories

    return [s for s in stories.STORIES if s.has_output("scene")]


@dataclass
class ColdRun:
    """One ``whyl1 all --quality low`` into an empty folder, kept for later sections:
    its videos and its per-item seconds (the pipeline's timings file)."""

    seconds: float
    cpu: float
    out: Path

    def item_seconds(self) -> dict[str, float]:
        from whyl1 import pipeline

        return json.loads((self.out / pipeline.TIMINGS).read_text())


@dataclass
class Session:
    """Renders several sections read, each made once per ``make bench``: rendering a
    scene costs tens of seconds, and rendering every scene twice more (once for the
    per-scene costs, once to find the slowest to profile) would break the 10-minute
    budget on two cores."""

    root: Path
    cold_runs: dict[int, ColdRun] = field(default_factory=dict)
    high_rates: dict[str, float] = field(default_factory=dict)
    high_videos: dict[str, Path] = field(default_factory=dict)  # section 5's 1080p60 samples
    low_videos: tuple[Path, Path] | None = None  # section 1's whyl1 and plain manim videos

    def cold(self, jobs: int) -> ColdRun:
        """``whyl1 all --quality low --jobs N`` on an empty folder, run once."""
        if jobs not in self.cold_runs:
            out = self.root / f"all-jobs-{jobs}"
            seconds, cpu = wall_and_cpu(
                [*WHYL1, "all", "--quality", "low", "--jobs", str(jobs), "--out", str(out)]
            )
            self.cold_runs[jobs] = ColdRun(seconds, cpu, out)
        return self.cold_runs[jobs]


def machine() -> list[str]:
    cpu = "unknown"
    if Path("/proc/cpuinfo").exists():
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    versions = ", ".join(f"{p} {metadata.version(p)}" for p in ("manim", "matplotlib", "numpy"))
    return [
        f"- cores: {os.cpu_count()}, CPU: {cpu}",
        f"- Python {platform.python_version()}, {versions}",
        f"- date: {time.strftime('%Y-%m-%d')}",
    ]

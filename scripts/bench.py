"""Benchmarks whyl1 against the tools a user would otherwise call; writes BENCHMARKS.md.

Run with ``make bench`` (or ``.venv/bin/python scripts/bench.py``). Every
measurement is repeated after a warm-up and reported as median and spread
(min–max); comparisons are ratios of medians from runs that alternate the two
commands within one session, so drifting machine load hits both alike. Speed
claims live here, never in a timed test.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import platform
import pstats
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import timeit
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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
    start = time.perf_counter()
    subprocess.run(command, cwd=cwd, env=env, check=True, capture_output=True)
    return time.perf_counter() - start


def alternate(
    first: Callable[[], float], second: Callable[[], float], repeat: int
) -> tuple[Timing, Timing]:
    """Warm both up once, then alternate ``repeat`` times: noise hits both alike."""
    first(), second()
    a, b = [], []
    for _ in range(repeat):
        a.append(first())
        b.append(second())
    return Timing(a), Timing(b)


def repeated(measure: Callable[[], float], repeat: int) -> Timing:
    measure()
    return Timing([measure() for _ in range(repeat)])


def video_seconds(path: Path) -> float:
    import av

    with av.open(str(path)) as container:
        return float(container.duration / 1_000_000)


def scene_stories() -> list:
    from whyl1 import stories

    return [s for s in stories.STORIES if s.has_output("scene")]


# --- 1. CLI overhead -------------------------------------------------------------


def cli_overhead(repeat: int) -> list[str]:
    with tempfile.TemporaryDirectory() as tmp:
        out, media = Path(tmp) / "out", Path(tmp) / "media"
        whyl1_run = lambda: wall([*WHYL1, "render", "steps", "--quality", "low", "--force",  # noqa: E731
                                  "--out", str(out), "--jobs", "1"])  # fmt: skip
        manim_run = lambda: wall([*MANIM, "-ql", "--media_dir", str(media),  # noqa: E731
                                  "scenes/steps.py", "StepsScene"])  # fmt: skip
        ours, theirs = alternate(whyl1_run, manim_run, repeat)
    return [
        "| command | wall time |",
        "|---|---|",
        f"| `whyl1 render steps --quality low` | {ours.text()} |",
        f"| `manim -ql scenes/steps.py StepsScene` | {theirs.text()} |",
        f"| **ratio** (goal ≤ 1.05) | **{ours.median / theirs.median:.3f}** |",
    ]


# --- 2. Start-up -----------------------------------------------------------------


def startup(repeat: int) -> list[str]:
    rows = ["| command | wall time |", "|---|---|"]
    for label, command in (
        ("`whyl1 list` (goal < 300 ms)", [*WHYL1, "list"]),
        ("`whyl1 data steps`", [*WHYL1, "data", "steps"]),
        ("`python -c pass`", [sys.executable, "-c", "pass"]),
        ("`manim --help`", [*MANIM, "--help"]),
    ):
        rows.append(f"| {label} | {repeated(lambda c=command: wall(c), repeat).text('ms')} |")
    return rows


# --- 3 and 4. Parallel speed-up and cache ------------------------------------------


def parallel_and_cache(repeat: int) -> list[str]:
    def cold(jobs: int) -> float:
        with tempfile.TemporaryDirectory() as tmp:
            return wall([*WHYL1, "all", "--quality", "low", "--jobs", str(jobs), "--out", tmp])

    # Cold runs are long (every scene): one warm-up-free pair per repetition.
    serial, parallel = [], []
    for _ in range(max(1, repeat // 3)):
        serial.append(cold(1))
        parallel.append(cold(2))
    s, p = Timing(serial), Timing(parallel)
    with tempfile.TemporaryDirectory() as tmp:
        subprocess.run([*WHYL1, "all", "--quality", "low", "--out", tmp], check=True,
                       capture_output=True)  # fmt: skip
        cached = repeated(lambda: wall([*WHYL1, "all", "--quality", "low", "--out", tmp]), repeat)
    return [
        "| run | wall time |",
        "|---|---|",
        f"| `whyl1 all --quality low --jobs 1`, cold | {s.text()} |",
        f"| `whyl1 all --quality low --jobs 2`, cold | {p.text()} |",
        f"| **speed-up** (goal ≥ 1.8×) | **{s.median / p.median:.2f}×** |",
        f"| `whyl1 all` again, nothing changed (goal ≤ 2 s) | {cached.text()} |",
        f"| cached / cold (jobs 2) | {cached.median / p.median:.4f} |",
    ]


# --- 5. Render cost per scene --------------------------------------------------------


def render_cost(high_animations: int) -> list[str]:
    """Seconds of rendering per second of video: every scene whole at low quality; at
    high quality (1080p60) the first ``high_animations`` animations, a fixed sample
    that keeps ``make bench`` inside its budget."""
    rows = [
        "| scene | video s | low (480p15) s/s | high (1080p60) s/s, first "
        f"{high_animations} animations |",
        "|---|---|---|---|",
    ]
    for story in scene_stories():
        with tempfile.TemporaryDirectory() as tmp:
            file = f"scenes/{story.module_name}.py"
            low = wall([*MANIM, "-ql", "--media_dir", tmp, "--progress_bar", "none",
                        "-o", "low", file, story.scene_class])  # fmt: skip
            low_video = next(Path(tmp).rglob("low.mp4"))
            high = wall([*MANIM, "-qh", "--media_dir", tmp, "--progress_bar", "none",
                         "-n", f"0,{high_animations}", "-o", "high", file,
                         story.scene_class])  # fmt: skip
            high_video = next(Path(tmp).rglob("high.mp4"))
            length = video_seconds(low_video)
            rows.append(
                f"| {story.name} | {length:.1f} | {low / length:.2f} | "
                f"{high / video_seconds(high_video):.2f} |"
            )
    return rows


def profile_slowest(top: int = 12) -> list[str]:
    """cProfile of the slowest scene at low quality: where the time goes."""
    slowest, worst = None, 0.0
    for story in scene_stories():
        with tempfile.TemporaryDirectory() as tmp:
            seconds = wall([*MANIM, "-ql", "--media_dir", tmp, "--progress_bar", "none",
                            f"scenes/{story.module_name}.py", story.scene_class])  # fmt: skip
            rate = seconds / video_seconds(next(Path(tmp).rglob("*.mp4")))
        if rate > worst:
            slowest, worst = story, rate
    assert slowest is not None
    from manim import tempconfig

    module = __import__(f"whyl1.scenes.{slowest.module_name}", fromlist=["_"])
    profiler = cProfile.Profile()
    with tempfile.TemporaryDirectory() as tmp:
        with tempconfig({"quality": "low_quality", "media_dir": tmp, "progress_bar": "none"}):
            profiler.enable()
            getattr(module, slowest.scene_class)().render()
            profiler.disable()
    stats = pstats.Stats(profiler).sort_stats("cumulative")
    total = stats.total_tt
    rows = [
        f"Slowest at low quality: `{slowest.name}` ({worst:.2f} s per video second). "
        "Top functions by cumulative time:",
        "",
        "| function | cumulative s | share |",
        "|---|---|---|",
    ]
    entries = sorted(stats.stats.items(), key=lambda kv: -kv[1][3])  # type: ignore[attr-defined]
    shown = 0
    for (filename, line, name), (_, _, _, cumulative, _) in entries:
        if name.startswith("<") or "bench.py" in filename:
            continue
        where = f"{Path(filename).parent.name}/{Path(filename).name}:{line}"
        rows.append(f"| `{name}` ({where}) | {cumulative:.2f} | {cumulative / total:.0%} |")
        shown += 1
        if shown == top:
            break
    return rows


# --- 6. Figures --------------------------------------------------------------------


def figures(repeat: int) -> list[str]:
    rows = ["| format | `whyl1 figure all` wall time (goal < 15 s) |", "|---|---|"]
    for fmt in ("png", "svg", "pdf"):

        def run(fmt: str = fmt) -> float:
            with tempfile.TemporaryDirectory() as tmp:
                return wall([*WHYL1, "figure", "all", "--format", fmt, "--out", tmp])

        rows.append(f"| {fmt} | {repeated(run, repeat).text()} |")
    return rows


# --- 7. Math -----------------------------------------------------------------------


def maths_benchmarks(repeat: int) -> list[str]:
    import numpy as np
    from sklearn.linear_model import lasso_path

    from whyl1 import maths

    def best(statement: Callable[[], object]) -> Timing:
        return Timing([timeit.timeit(statement, number=1) for _ in range(repeat)])

    beta, sigma, gamma = np.array([2.0, 1.0]), 1.0, 1.0
    exact = best(lambda: maths.p_sparse_lasso(beta, sigma, gamma))
    monte = best(lambda: maths.p_sparse_lasso_monte_carlo(beta, sigma, gamma, 10**6, 0))
    axis = np.linspace(-3, 3, 200)
    grid = np.stack(np.meshgrid(axis, axis), axis=-1)
    h = maths.hessian_matrix(1.0, 0.7, 1.2)
    l1_grid = best(lambda: maths.l1_constrained_solution(grid, h, 1.0))
    l2_grid = best(lambda: maths.l2_constrained_solution(grid, h, 1.0))
    data = maths.load_diabetes()
    top = maths.lambda_max(data.x, data.y)
    lams = np.geomspace(top, top * 1e-3, 60)
    ours, theirs = alternate(
        lambda: timeit.timeit(lambda: maths.lasso_path(data.x, data.y, lams), number=1),
        lambda: timeit.timeit(
            lambda: lasso_path(data.x, data.y, alphas=lams, tol=1e-10, max_iter=100_000),
            number=1,
        ),
        repeat,
    )
    return [
        "| computation | time |",
        "|---|---|",
        f"| exact P(lasso sparse) | {exact.text('ms')} |",
        f"| Monte Carlo, 10⁶ samples (goal < 0.3 s) | {monte.text('ms')} |",
        f"| L1 solutions, 200×200 grid of β̂ (goal < 0.5 s) | {l1_grid.text('ms')} |",
        f"| L2 solutions, 200×200 grid of β̂ (goal < 0.5 s) | {l2_grid.text('ms')} |",
        f"| diabetes lasso path, 60 λ, exact (ISTA + KKT solve) | {ours.text('ms')} |",
        f"| scikit-learn `lasso_path`, same λ, tol 1e-10 | {theirs.text('ms')} |",
        f"| **ratio** (goal ≤ 3) | **{ours.median / theirs.median:.2f}** |",
    ]


# --- 8. Output size ----------------------------------------------------------------


def output_sizes() -> list[str]:
    rows = ["| quality | format | whyl1 bytes/s | manim default bytes/s | ratio |",
            "|---|---|---|---|---|"]  # fmt: skip
    for quality, flag in (("low", "l"), ("medium", "m")):
        for fmt in ("mp4", "webm"):
            with tempfile.TemporaryDirectory() as tmp:
                subprocess.run([*WHYL1, "render", "steps", "--quality", quality, "--format", fmt,
                                "--out", tmp], check=True, capture_output=True)  # fmt: skip
                ours = Path(tmp) / f"steps.{fmt}"
                subprocess.run([*MANIM, f"-q{flag}", "--format", fmt, "--media_dir", tmp,
                                "-o", "plain", "scenes/steps.py", "StepsScene"], cwd=ROOT,
                               check=True, capture_output=True)  # fmt: skip
                theirs = next(Path(tmp).rglob(f"plain.{fmt}"))
                a = ours.stat().st_size / video_seconds(ours)
                b = theirs.stat().st_size / video_seconds(theirs)
                rows.append(f"| {quality} | {fmt} | {a:,.0f} | {b:,.0f} | {a / b:.3f} |")
    return rows


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


SECTIONS: dict[str, tuple[str, Callable[[argparse.Namespace], list[str]]]] = {
    "overhead": ("1. CLI overhead", lambda a: cli_overhead(a.repeat)),
    "startup": ("2. Start-up", lambda a: startup(a.repeat * 3)),
    "parallel": ("3–4. Parallel speed-up and cache", lambda a: parallel_and_cache(a.repeat)),
    "render": ("5. Render cost per scene", lambda a: render_cost(a.high_animations)),
    "profile": ("5b. Where the time goes", lambda a: profile_slowest()),
    "figures": ("6. Figures", lambda a: figures(a.repeat)),
    "maths": ("7. Math", lambda a: maths_benchmarks(a.repeat * 3)),
    "size": ("8. Output size", lambda a: output_sizes()),
}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3, help="repetitions per measurement")
    parser.add_argument("--high-animations", type=int, default=6)
    parser.add_argument("--only", nargs="*", choices=list(SECTIONS), default=list(SECTIONS))
    parser.add_argument("--out", type=Path, default=ROOT / "BENCHMARKS.md")
    args = parser.parse_args()
    if shutil.which("latex") is None:
        sys.exit("bench: LaTeX is missing; run `make setup` first")
    lines = ["# whyl1 benchmarks", "", "Regenerate with `make bench`.", "", *machine(), ""]
    for key in args.only:
        title, measure = SECTIONS[key]
        print(f"bench: {title} …", flush=True)
        started = time.perf_counter()
        lines += [f"## {title}", "", *measure(args), ""]
        print(f"bench: {title} took {time.perf_counter() - started:.0f} s", flush=True)
    args.out.write_text("\n".join(lines))
    print(f"bench: wrote {args.out}")


if __name__ == "__main__":
    main()

"""The render pipeline: items, their cache keys, and running them in parallel, safely.

An *item* is one output of one story: its data export, a figure in one format,
or its scene's video. Each item's key hashes everything its output depends on
(its source files, the maths, theme and catalogue modules, its checked
parameters, quality/theme/format/size, and the versions of manim, matplotlib
and numpy), so an unchanged item is skipped and a changed parameter re-renders
only that story. Every writer renames a finished file into place, and the
manifest records a key only after its item succeeded, so an interrupted run
leaves no half-written output and the next run redoes only what is missing.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.queues
import os
import queue
import shutil
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from dataclasses import dataclass, field
from importlib import metadata
from pathlib import Path
from typing import Any

from whyl1 import stories

MANIFEST = ".whyl1-manifest.json"
TIMINGS = ".whyl1-timings.json"
_FRAME_POLL = 0.25  # seconds between looks at workers' frame reports
TEMP_PREFIX = ".whyl1-tmp-"
PACKAGE_ROOT = Path(__file__).resolve().parent


def output_stem(story: str, theme: str) -> str:
    """The file name stem of a story's video or figure: ``steps`` for the light theme,
    ``steps-dark`` for the dark one. One rule for every writer and for the course page,
    which pairs a story's video with its figure by it."""
    return story if theme == "light" else f"{story}-{theme}"


@dataclass(frozen=True)
class Item:
    """One output to produce. ``overrides`` are ``--set`` texts (validated already)."""

    kind: str  # "data" | "figure" | "scene"
    story: str
    overrides: tuple[tuple[str, str], ...] = ()
    fmt: str = "json"
    theme: str = "light"
    quality: str = "low"
    size: str = "slide"
    dpi: int | None = None
    folder: str = ""  # sub-folder of the output root ("videos" … for `whyl1 all`)

    @property
    def label(self) -> str:
        extra = {"scene": self.quality, "figure": self.size, "data": ""}[self.kind]
        theme = "" if self.theme == "light" else f" {self.theme}"
        return f"{self.kind} {self.story} ({self.fmt}{' ' + extra if extra else ''}{theme})"

    @property
    def manifest_key(self) -> str:
        """The item's identity in the manifest: which output slot it fills."""
        return f"{self.folder}/{self.kind}:{self.story}:{self.fmt}:{self.theme}"

    def outputs(self, out_dir: Path) -> list[Path]:
        """The files this item must leave under ``out_dir``; names come from the
        catalogue, never from user input, so nothing is written outside it."""
        folder = out_dir / self.folder
        stem = output_stem(self.story, self.theme)
        if self.kind == "data":
            return [folder / f"{self.story}.{self.fmt}"]
        if self.kind == "figure":
            return [folder / f"{stem}.{self.fmt}", folder / f"{stem}.alt.txt"]
        return [folder / f"{stem}.{self.fmt}"]


# Source files each kind of item depends on, relative to the installed package; every
# module of the maths package, so a new one invalidates stale outputs too.
_MATHS_SOURCES = tuple(f"maths/{path.name}" for path in sorted(PACKAGE_ROOT.glob("maths/*.py")))
_SHARED_SOURCES = (*_MATHS_SOURCES, "results.py", "stories.py", "theme.py")
_KIND_SOURCES = {
    "data": ("export.py",),
    "figure": ("figures/common.py", "assets/whyl1.mplstyle"),
    "scene": ("scenes/common.py", "render.py"),
}
_KIND_PACKAGES = {
    "data": ("numpy",),
    "figure": ("numpy", "matplotlib"),
    "scene": ("numpy", "manim"),
}


def _source_path(relative: str) -> Path:
    """Where a source lives: in a checkout the folders sit beside the package, in a
    wheel they sit inside it (``whyl1/scenes`` …)."""
    inside = PACKAGE_ROOT / relative
    return inside if inside.exists() else PACKAGE_ROOT.parent / relative


def _file_digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest() if path.exists() else "missing"


def item_key(item: Item) -> str:
    """Hash of everything the item's output depends on."""
    story = stories.get(item.story)
    module_folder = {"data": None, "figure": "figures", "scene": "scenes"}[item.kind]
    sources = [*_SHARED_SOURCES, *_KIND_SOURCES[item.kind]]
    if module_folder:
        sources.append(f"{module_folder}/{story.module_name}.py")
    values = story.resolve(dict(item.overrides))
    payload = {
        "item": [item.kind, item.story, item.fmt, item.theme, item.quality, item.size, item.dpi],
        "values": {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()},
        "sources": {s: _file_digest(_source_path(s)) for s in sources},
        "versions": {p: metadata.version(p) for p in _KIND_PACKAGES[item.kind]},
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# Set in each worker process by ``run`` when the caller wants frame progress.
_frame_reports: multiprocessing.queues.Queue | None = None


def _start_worker(reports: multiprocessing.queues.Queue | None) -> None:
    global _frame_reports
    _frame_reports = reports


def run_item(item: Item, out_dir: Path) -> list[Path]:
    """Produce one item's files in ``out_dir`` (runs in a worker process)."""
    story = stories.get(item.story)
    values = story.resolve(dict(item.overrides))
    if item.kind == "data":
        from whyl1 import export

        target = item.outputs(out_dir)[0]
        target.parent.mkdir(parents=True, exist_ok=True)
        data = story.compute(values)
        content = export.to_json(data) if item.fmt == "json" else export.to_csv(data)
        write_atomic(target, content.encode())
        return [target]
    if item.kind == "figure":
        from whyl1.figures import common as figures

        return figures.render_figure(
            item.story,
            values,
            theme=item.theme,
            size=item.size,
            fmt=item.fmt,
            dpi=item.dpi,
            out_dir=out_dir / item.folder,
        )
    from whyl1.render import render_scene

    reports = _frame_reports
    output = render_scene(
        story,
        dict(item.overrides),
        out_dir=out_dir / item.folder,
        quality=item.quality,
        fmt=item.fmt,
        theme=item.theme,
        on_frames=(lambda frames: reports.put((item, frames))) if reports else None,
    )
    return [p for p in (output.video, output.captions) if p is not None]


def write_atomic(target: Path, content: bytes) -> None:
    """Write to a temporary file beside ``target`` and rename it into place."""
    temporary = target.with_name(f"{TEMP_PREFIX}{target.name}")
    temporary.write_bytes(content)
    os.replace(temporary, target)


def _load_json(path: Path) -> dict:
    """A JSON object from ``path``; empty when it is missing or half-written."""
    try:
        return json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError):
        return {}


@dataclass
class Manifest:
    """``<out>/.whyl1-manifest.json``: the key each output slot was last produced with;
    beside it ``.whyl1-timings.json``: how many seconds each slot took to produce, which
    the next run uses to start its longest items first (see ``expected_cost``)."""

    path: Path
    keys: dict[str, str] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        path = out_dir / MANIFEST
        return cls(path, _load_json(path), _load_json(out_dir / TIMINGS))

    def up_to_date(self, item: Item, key: str, out_dir: Path) -> bool:
        return self.keys.get(item.manifest_key) == key and all(
            p.exists() for p in item.outputs(out_dir)
        )

    def record(self, item: Item, key: str, seconds: float) -> None:
        self.keys[item.manifest_key] = key
        self.seconds[item.manifest_key] = round(seconds, 2)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        write_atomic(self.path, json.dumps(self.keys, indent=1, sort_keys=True).encode())
        write_atomic(
            self.path.with_name(TIMINGS),
            json.dumps(self.seconds, indent=1, sort_keys=True).encode(),
        )


def remove_stale_temporaries(out_dir: Path) -> None:
    """Delete what an interrupted run left half-written (files and manim media folders)."""
    if not out_dir.is_dir():
        return
    for path in out_dir.rglob(f"{TEMP_PREFIX}*"):
        if path.is_dir():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


@dataclass(frozen=True)
class Outcome:
    """What happened to one item: ``done``, ``cached`` or ``failed`` (with the error)."""

    item: Item
    status: str
    seconds: float = 0.0
    paths: tuple[Path, ...] = ()
    error: str = ""


def shard(items: Sequence[Item], index: int, count: int) -> list[Item]:
    """The ``index``-th (1-based) of ``count`` disjoint slices, by position."""
    return [item for position, item in enumerate(items) if position % count == index - 1]


# Seconds of video each scene lasts with its default parameters (measured at 30 fps).
# A scene's render time grows with its length, so these order scenes on a cold cache.
SCENE_SECONDS = {
    "steps": 54.0,
    "oscillation": 83.0,
    "epsilon": 48.0,
    "kink": 54.0,
    "geometry": 55.0,
    "thresholding": 51.0,
    "priors": 72.0,
}


def expected_cost(item: Item, previous: Mapping[str, float]) -> float:
    """Estimated seconds to produce ``item``: what it took last time in this folder
    (``previous``, by manifest key), else a static guess (a scene takes about half a
    second per second of video at low quality, a figure about 2 s, data well under 1 s;
    path and selection fit the lasso on real data, about 3× that).

    Items start longest first (the longest-processing-time rule): a long video started
    last would leave the other workers idle while it renders alone."""
    if item.manifest_key in previous:
        return previous[item.manifest_key]
    if item.kind == "scene":
        return 0.5 * SCENE_SECONDS.get(item.story, max(SCENE_SECONDS.values()))
    return {"figure": 2.0, "data": 0.5}[item.kind] * (
        3.0 if item.story in ("path", "selection") else 1.0
    )


def run(
    items: Iterable[Item],
    out_dir: Path,
    *,
    jobs: int = 1,
    force: bool = False,
    keep_going: bool = True,
    report: Callable[[Outcome, int, int], None] | None = None,
    on_frames: Callable[[Item, int], None] | None = None,
) -> list[Outcome]:
    """Produce ``items`` into ``out_dir`` with up to ``jobs`` worker processes.

    Items whose key matches the manifest are skipped unless ``force``. A failing
    item is reported and, with ``keep_going``, the others still complete.
    ``report(outcome, finished, total)`` is called as each item finishes, and
    ``on_frames(item, frames)`` as a video renders (frames written so far).
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    remove_stale_temporaries(out_dir)
    manifest = Manifest.load(out_dir)
    items = list(items)
    total, finished = len(items), 0
    outcomes: list[Outcome] = []

    def finish(outcome: Outcome) -> None:
        nonlocal finished
        finished += 1
        outcomes.append(outcome)
        if report:
            report(outcome, finished, total)

    pending: list[tuple[Item, str]] = []
    for item in items:
        try:
            key = item_key(item)
        except Exception as error:  # e.g. values the catalogue rejects: fails alone
            finish(Outcome(item, "failed", error=_one_line(error)))
            continue
        if not force and manifest.up_to_date(item, key, out_dir):
            finish(Outcome(item, "cached", paths=tuple(item.outputs(out_dir))))
        else:
            pending.append((item, key))
    pending.sort(key=lambda pair: -expected_cost(pair[0], manifest.seconds))
    if not pending:
        return outcomes

    reports = multiprocessing.get_context().Queue() if on_frames else None

    def forward_frame_reports() -> None:
        while reports is not None and on_frames is not None:
            try:
                item, frames = reports.get_nowait()
            except queue.Empty:
                return
            on_frames(item, frames)

    with ProcessPoolExecutor(
        max_workers=max(1, jobs), initializer=_start_worker, initargs=(reports,)
    ) as pool:
        started: dict[Future, tuple[Item, str, float]] = {}
        waiting = list(pending)
        stop = False
        while waiting or started:
            while waiting and len(started) < max(1, jobs) and not stop:
                item, key = waiting.pop(0)
                started[pool.submit(run_item, item, out_dir)] = (item, key, time.monotonic())
            if not started:
                break
            done, _ = wait(started, timeout=_FRAME_POLL, return_when=FIRST_COMPLETED)
            forward_frame_reports()
            for future in done:
                item, key, t0 = started.pop(future)
                seconds = time.monotonic() - t0
                try:
                    paths = future.result()
                except Exception as error:  # a failed item must not stop the others
                    finish(Outcome(item, "failed", seconds, error=_one_line(error)))
                    stop = stop or not keep_going
                    continue
                manifest.record(item, key, seconds)
                finish(Outcome(item, "done", seconds, tuple(paths)))
    return outcomes


def _one_line(error: BaseException) -> str:
    text = str(error).strip() or type(error).__name__
    return text if "\n" not in text else text.splitlines()[0] + " …\n" + text


def default_items(
    *,
    quality: str,
    theme: str,
    video_format: str,
    figure_formats: Sequence[str],
    overrides: Mapping[str, Sequence[tuple[str, str]]] | None = None,
) -> list[Item]:
    """Every story's data, figures (in ``figure_formats``) and scene, in catalogue order."""
    items: list[Item] = []
    for story in stories.STORIES:
        given = tuple((overrides or {}).get(story.name, ()))
        items.append(Item("data", story.name, given, folder="data"))
        if story.has_output("figure"):
            for fmt in figure_formats:
                items.append(
                    Item("figure", story.name, given, fmt=fmt, theme=theme, folder="figures")
                )
        if story.has_output("scene"):
            items.append(
                Item(
                    "scene",
                    story.name,
                    given,
                    fmt=video_format,
                    theme=theme,
                    quality=quality,
                    folder="videos",
                )
            )
    return items


def summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Counts by status, for the closing line."""
    counts = {"done": 0, "cached": 0, "failed": 0}
    for outcome in outcomes:
        counts[outcome.status] += 1
    return counts

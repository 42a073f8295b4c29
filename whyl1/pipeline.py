"""The render pipeline: items, their cache keys, and running them in parallel, safely.

An *item* is one output of one story: its data export, a figure in one format, or its
scene's video. What differs between those kinds (file names, label, libraries, how to
produce one, how long it takes, where ``whyl1 all`` puts it) lives in one ``Kind`` class
each, so a new kind of output is one class in ``KINDS``.

Each item's key hashes everything its output can depend on: every source file of the
installed package (not a hand-kept list, so a new helper module or template counts;
only other stories' own scene and figure modules are left out), its checked parameters,
its options and the versions of the libraries that make it. An unchanged item is
skipped, and a changed parameter re-renders only that story. The manifest records each
item's key with the size and SHA-256 of the files it wrote, so an output deleted,
changed or truncated since is produced again.

Safety: every file is written under a temporary name and renamed into place; the
manifest records an item only after it succeeded; one run at a time writes a folder
(``outputs.lock_folder``); and on SIGINT or SIGTERM the workers and their manim
processes are stopped and the temporaries removed before ``Interrupted`` reaches the
caller (``whyl1.processes``). An interrupted run leaves only whole outputs, and the next
run redoes only what is missing.
"""

from __future__ import annotations

import hashlib
import json
import multiprocessing
import multiprocessing.queues
import os
import queue
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Mapping, Sequence
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from dataclasses import dataclass, field
from functools import cache
from importlib import metadata, util
from pathlib import Path
from typing import Any, ClassVar

from whyl1 import outputs, processes, split, stories
from whyl1.outputs import MANIFEST, TIMINGS

_FRAME_POLL = 0.25  # seconds between looks at workers' frame reports

FrameCallback = Callable[[int], None]
Values = dict[str, Any]  # a story's parameter values, checked by the catalogue


@dataclass(frozen=True)
class Item:
    """One output to produce. ``overrides`` are ``--set`` texts (validated already);
    ``kind`` names its ``Kind`` in ``KINDS``."""

    kind: str  # "data" | "figure" | "scene"
    story: str
    overrides: tuple[tuple[str, str], ...] = ()
    fmt: str = "json"
    theme: str = "light"
    quality: str = "low"
    size: str = "slide"
    dpi: int | None = None
    folder: str = ""  # sub-folder of the output root ("videos" … for `whyl1 all`)
    voice: str = "none"  # a scene's --voice: joe, none or a Piper voice's path

    def __post_init__(self) -> None:
        if self.kind not in KINDS:
            raise ValueError(f"kind must be one of {', '.join(KINDS)}, got {self.kind!r}")

    @property
    def producer(self) -> Kind:
        """What knows how to make this kind of output."""
        return KINDS[self.kind]

    @property
    def label(self) -> str:
        """How progress lines name the item: ``scene steps (mp4 low dark)``."""
        option = self.producer.label_option
        extra = getattr(self, option) if option else ""
        theme = "" if self.theme == "light" else f" {self.theme}"
        return f"{self.kind} {self.story} ({self.fmt}{' ' + extra if extra else ''}{theme})"

    @property
    def manifest_key(self) -> str:
        """The item's identity in the manifest: which output slot it fills."""
        return f"{self.folder}/{self.kind}:{self.story}:{self.fmt}:{self.theme}"

    def outputs(self, out_dir: Path) -> list[Path]:
        """The files this item must leave under ``out_dir``; names come from the
        catalogue, never from user input, so nothing is written outside it."""
        return self.producer.outputs(self, out_dir / self.folder)


@dataclass(frozen=True)
class AllOptions:
    """The options of ``whyl1 all`` that decide its items."""

    quality: str
    theme: str
    video_format: str
    figure_formats: tuple[str, ...]
    voice: str = "none"


class Kind(ABC):
    """One kind of output: everything the pipeline needs to know about it, in one place."""

    name: ClassVar[str]
    folder: ClassVar[str]  # where `whyl1 all` puts it
    libraries: ClassVar[tuple[str, ...]]  # distributions whose version is in the key
    story_package: ClassVar[str | None] = None  # the package of each story's own module
    label_option: ClassVar[str] = ""  # the Item field the label shows besides format, theme
    on_page: ClassVar[bool] = True  # the course page shows it

    @abstractmethod
    def outputs(self, item: Item, folder: Path) -> list[Path]:
        """The files the item must leave in ``folder``."""

    @abstractmethod
    def produce(
        self, item: Item, values: Values, folder: Path, on_frames: FrameCallback | None, cores: int
    ) -> list[Path]:
        """Make the item's files in ``folder`` from checked parameter ``values``, each
        written atomically; returns every file written (outputs and companions).
        ``cores``: processes it may run at once (a scene splits its render across them)."""

    @abstractmethod
    def cost(self, item: Item) -> float:
        """A static guess at the seconds the item takes, for a cold cache."""

    @abstractmethod
    def for_all(
        self, story: str, given: tuple[tuple[str, str], ...], options: AllOptions
    ) -> list[Item]:
        """The story's items of this kind in ``whyl1 all``, with its options."""


def _heavy(item: Item) -> float:
    """path and selection fit the lasso on real data: about 3× the others."""
    return 3.0 if item.story in ("path", "selection") else 1.0


class DataKind(Kind):
    """A story's numbers as JSON or CSV (``whyl1 data``'s output, as a file)."""

    name = "data"
    folder = "data"
    libraries = ("numpy",)
    on_page = False

    def outputs(self, item: Item, folder: Path) -> list[Path]:
        return [folder / f"{item.story}.{item.fmt}"]

    def produce(
        self, item: Item, values: Values, folder: Path, on_frames: FrameCallback | None, cores: int
    ) -> list[Path]:
        from whyl1 import export

        (target,) = self.outputs(item, folder)
        target.parent.mkdir(parents=True, exist_ok=True)
        data = stories.get(item.story).compute(values)
        content = export.to_json(data) if item.fmt == "json" else export.to_csv(data)
        outputs.write_atomic(target, content.encode())
        return [target]

    def cost(self, item: Item) -> float:
        return 0.5 * _heavy(item)

    def for_all(
        self, story: str, given: tuple[tuple[str, str], ...], options: AllOptions
    ) -> list[Item]:
        return [Item(self.name, story, given, folder=self.folder)]


class FigureKind(Kind):
    """A story's matplotlib figure in one format, with its alt text beside it."""

    name = "figure"
    folder = "figures"
    libraries = ("numpy", "matplotlib", "pillow")
    story_package = "whyl1.figures"
    label_option = "size"

    def outputs(self, item: Item, folder: Path) -> list[Path]:
        stem = outputs.output_stem(item.story, item.theme)
        return [folder / f"{stem}.{item.fmt}", folder / f"{stem}.alt.txt"]

    def produce(
        self, item: Item, values: Values, folder: Path, on_frames: FrameCallback | None, cores: int
    ) -> list[Path]:
        from whyl1.figures import common as figures

        return figures.render_figure(
            item.story,
            values,
            theme=item.theme,
            size=item.size,
            fmt=item.fmt,
            dpi=item.dpi,
            out_dir=folder,
        )

    def cost(self, item: Item) -> float:
        return 2.0 * _heavy(item)

    def for_all(
        self, story: str, given: tuple[tuple[str, str], ...], options: AllOptions
    ) -> list[Item]:
        return [
            Item(self.name, story, given, fmt=fmt, theme=options.theme, folder=self.folder)
            for fmt in options.figure_formats
        ]


# Seconds of video each scene lasts with its default parameters, narrated by joe (at 15
# fps). A scene's render time grows with its length, so these order scenes on a cold cache.
SCENE_SECONDS = {
    "penalties": 65.1,
    "steps": 98.6,
    "oscillation": 100.7,
    "epsilon": 70.2,
    "kink": 112.3,
    "geometry": 73.7,
    "thresholding": 72.8,
    "priors": 110.4,
    "lp-balls": 69.5,
    "path": 94.5,
    "selection": 68.7,
}


class SceneKind(Kind):
    """A story's manim scene as a video (narrated by ``Item.voice``), with its captions
    (.srt) and timeline (.timeline.json) beside it."""

    name = "scene"
    folder = "videos"
    libraries = ("numpy", "manim", "av")
    story_package = "whyl1.scenes"
    label_option = "quality"

    def outputs(self, item: Item, folder: Path) -> list[Path]:
        return [folder / f"{outputs.output_stem(item.story, item.theme)}.{item.fmt}"]

    def produce(
        self, item: Item, values: Values, folder: Path, on_frames: FrameCallback | None, cores: int
    ) -> list[Path]:
        from whyl1.render import render_scene

        output = render_scene(
            stories.get(item.story),
            dict(item.overrides),
            out_dir=folder,
            quality=item.quality,
            fmt=item.fmt,
            theme=item.theme,
            voice=item.voice,
            on_frames=on_frames,
            cores=cores,
        )
        return [p for p in (output.video, output.captions, output.timeline) if p is not None]

    def cost(self, item: Item) -> float:
        """About half a second per second of video at low quality."""
        return 0.5 * SCENE_SECONDS.get(item.story, max(SCENE_SECONDS.values()))

    def for_all(
        self, story: str, given: tuple[tuple[str, str], ...], options: AllOptions
    ) -> list[Item]:
        return [
            Item(
                self.name,
                story,
                given,
                fmt=options.video_format,
                theme=options.theme,
                quality=options.quality,
                folder=self.folder,
                voice=options.voice,
            )
        ]


KINDS: dict[str, Kind] = {kind.name: kind for kind in (DataKind(), FigureKind(), SceneKind())}


# ---------------------------------------------------------------------------
# Cache keys
# ---------------------------------------------------------------------------

# The installed package's parts, and the files in them that can change an output.
SOURCE_PACKAGES = ("whyl1", "whyl1.scenes", "whyl1.figures", "whyl1.assets")
SOURCE_SUFFIXES = frozenset({".py", ".js", ".css", ".html", ".mplstyle", ".csv"})


def source_roots() -> dict[str, Path]:
    """Each source package's folder: beside ``whyl1`` in a checkout (``scenes/`` …),
    inside it in a wheel (``whyl1/scenes/`` …)."""
    roots = {}
    for name in SOURCE_PACKAGES:
        spec = util.find_spec(name)
        if spec is None or not spec.submodule_search_locations:
            raise RuntimeError(f"package {name} is not installed")
        roots[name] = Path(next(iter(spec.submodule_search_locations))).resolve()
    return roots


def package_sources(roots: Mapping[str, Path] | None = None) -> dict[str, str]:
    """SHA-256 of every source file of the package, by ``package/relative path``.

    The whole package rather than a list of the modules an output is thought to use:
    a list goes stale when a helper module, template or data file is added, and the
    stale outputs it then trusts are the worst kind of cache bug. About 50 small files,
    a few milliseconds, read once per run."""
    roots = source_roots() if roots is None else roots
    digests = {}
    for name, root in roots.items():
        nested = [other for other in roots.values() if other != root and other.is_relative_to(root)]
        for path in sorted(root.rglob("*")):
            if (
                path.suffix in SOURCE_SUFFIXES
                and path.is_file()
                and not any(path.is_relative_to(other) for other in nested)
            ):
                relative = path.relative_to(root).as_posix()
                digests[f"{name}/{relative}"] = hashlib.sha256(path.read_bytes()).hexdigest()
    return digests


def item_sources(item: Item, sources: Mapping[str, str]) -> dict[str, str]:
    """The sources an item's key covers: all of them except the other stories' own scene
    and figure modules. Those are leaves, imported by nothing but their own story's
    renderer (``tests/test_imports.py`` checks it), so editing one scene re-renders one
    video, not all of them."""
    modules = [story.module_name for story in stories.STORIES]
    own = f"{item.producer.story_package}/{stories.get(item.story).module_name}.py"
    leaves = {
        f"{kind.story_package}/{module}.py"
        for kind in KINDS.values()
        if kind.story_package
        for module in modules
    }
    return {name: digest for name, digest in sources.items() if name not in leaves or name == own}


@cache
def _version(distribution: str) -> str:
    """An installed library's version (looked up once: each lookup reads its metadata)."""
    return metadata.version(distribution)


@cache
def voice_identity(voice: str) -> str | None:
    """What a ``--voice`` sounds like, for keys: the hash of its model, config, settings
    and engine version (``VoiceSpec.identity``), None for ``none``. Another voice, another
    setting or another Piper version makes new videos; the silent ones have keys of
    their own. Memoised: hashing a voice model reads 60 MB."""
    if voice == "none":
        return None
    from whyl1.voice import resolve_voice

    spec = resolve_voice(voice)
    return None if spec is None else spec.identity()


def item_key(item: Item, sources: Mapping[str, str] | None = None) -> str:
    """Hash of everything the item's output depends on (``sources``: ``package_sources()``,
    passed in so a run reads the files once)."""
    story = stories.get(item.story)
    values = story.resolve(dict(item.overrides))
    payload = {
        "item": [item.kind, item.story, item.fmt, item.theme, item.quality, item.size, item.dpi],
        "values": {k: list(v) if isinstance(v, tuple) else v for k, v in values.items()},
        "sources": item_sources(item, package_sources() if sources is None else sources),
        "versions": {name: _version(name) for name in item.producer.libraries},
        "voice": voice_identity(item.voice),
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode()).hexdigest()


# ---------------------------------------------------------------------------
# Running items
# ---------------------------------------------------------------------------

# Set in each worker process by ``run`` when the caller wants frame progress.
_frame_reports: multiprocessing.queues.Queue | None = None


def _start_worker(reports: multiprocessing.queues.Queue | None, parent_pid: int) -> None:
    global _frame_reports
    _frame_reports = reports
    processes.become_worker(parent_pid)


def _produce_and_fingerprint(item: Item, out_dir: Path, cores: int) -> dict[str, Any]:
    """Produce the item's files in ``out_dir`` with up to ``cores`` processes."""
    reports = _frame_reports
    on_frames = (lambda frames: reports.put((item, frames))) if reports else None
    values = stories.get(item.story).resolve(dict(item.overrides))
    paths = item.producer.produce(item, values, out_dir / item.folder, on_frames, cores)
    return {path.relative_to(out_dir).as_posix(): outputs.fingerprint(path) for path in paths}


def _work(item: Item, out_dir: Path, cores: int) -> dict[str, Any]:
    """A worker's job: the item's files, by name relative to ``out_dir``, with their
    fingerprints (hashed here, in parallel, rather than in the parent)."""
    return processes.run_stoppable(_produce_and_fingerprint, item, out_dir, cores)


def _load_json(path: Path) -> dict:
    """A JSON object from ``path``; empty when it is missing or not an object."""
    try:
        loaded = json.loads(path.read_text())
    except (FileNotFoundError, json.JSONDecodeError, UnicodeDecodeError):
        return {}
    return loaded if isinstance(loaded, dict) else {}


@dataclass
class Manifest:
    """``<out>/.whyl1-manifest.json``: for each output slot, the key it was last produced
    with and the size and SHA-256 of each file it wrote; beside it ``.whyl1-timings.json``:
    the seconds each slot took, which the next run uses to start its longest items first
    (see ``expected_cost``)."""

    out_dir: Path
    entries: dict[str, Any] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)

    @classmethod
    def load(cls, out_dir: Path) -> Manifest:
        return cls(out_dir, _load_json(out_dir / MANIFEST), _load_json(out_dir / TIMINGS))

    def up_to_date(self, item: Item, key: str) -> bool:
        """Produced with ``key``, and every file it wrote is still there, unchanged."""
        entry = self.entries.get(item.manifest_key)
        if not isinstance(entry, dict) or entry.get("key") != key:
            return False
        files = entry.get("files")
        if not isinstance(files, dict):
            return False
        needed = {path.relative_to(self.out_dir).as_posix() for path in item.outputs(self.out_dir)}
        return needed <= files.keys() and all(
            recorded is not None and outputs.fingerprint(self.out_dir / name) == recorded
            for name, recorded in files.items()
        )

    def record(self, item: Item, key: str, seconds: float, files: Mapping[str, Any]) -> None:
        """Remember a finished item; on a failed write (a full disk) the manifest on disk
        stays as it was, and so does this one."""
        previous = self.entries.get(item.manifest_key), self.seconds.get(item.manifest_key)
        self.entries[item.manifest_key] = {"key": key, "files": dict(files)}
        self.seconds[item.manifest_key] = round(seconds, 2)
        try:
            outputs.write_atomic(
                self.out_dir / MANIFEST,
                json.dumps(self.entries, indent=1, sort_keys=True).encode(),
            )
            outputs.write_atomic(
                self.out_dir / TIMINGS, json.dumps(self.seconds, indent=1, sort_keys=True).encode()
            )
        except OSError:
            for table, value in zip((self.entries, self.seconds), previous, strict=True):
                if value is None:
                    table.pop(item.manifest_key, None)
                else:
                    table[item.manifest_key] = value
            raise


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


def expected_cost(item: Item, previous: Mapping[str, float]) -> float:
    """Estimated seconds to produce ``item``: what it took last time in this folder
    (``previous``, by manifest key), else its kind's static guess.

    Items start longest first (the longest-processing-time rule): a long video started
    last would leave the other workers idle while it renders alone."""
    if item.manifest_key in previous:
        return previous[item.manifest_key]
    return item.producer.cost(item)


def run(
    items: Iterable[Item],
    out_dir: Path,
    *,
    jobs: int = 1,
    force: bool = False,
    keep_going: bool = True,
    report: Callable[[Outcome, int, int], None] | None = None,
    on_frames: Callable[[Item, int], None] | None = None,
    wait: bool = True,
    on_wait: Callable[[str], None] | None = None,
) -> list[Outcome]:
    """Produce ``items`` into ``out_dir`` with up to ``jobs`` worker processes.

    Items whose key and files match the manifest are skipped unless ``force``. A failing
    item is reported and, with ``keep_going``, the others still complete.
    ``report(outcome, finished, total)`` is called as each item finishes, and
    ``on_frames(item, frames)`` as a video renders (frames written so far). The folder
    is locked for the run (``wait`` and ``on_wait`` as in ``outputs.lock_folder``).

    Within ``processes.stop_on_signals`` a signal stops the workers and their manim
    processes, removes the temporaries and raises ``processes.Interrupted`` saying what
    was running; the finished outputs and the manifest stay valid.
    """
    items = list(items)
    out_dir.mkdir(parents=True, exist_ok=True)
    with outputs.lock_folder(out_dir, wait=wait, on_wait=on_wait):
        outputs.remove_temporaries(out_dir)
        progress = _Progress(len(items), report)
        try:
            manifest = Manifest.load(out_dir)
            sources = package_sources()
            pending: list[tuple[Item, str]] = []
            for item in items:
                try:
                    key = item_key(item, sources)
                except Exception as error:  # e.g. values the catalogue rejects: fails alone
                    progress.finish(Outcome(item, "failed", error=_one_line(error)))
                    continue
                if not force and manifest.up_to_date(item, key):
                    progress.finish(Outcome(item, "cached", paths=tuple(item.outputs(out_dir))))
                else:
                    pending.append((item, key))
            pending.sort(key=lambda pair: -expected_cost(pair[0], manifest.seconds))
            if pending:
                _produce(pending, out_dir, manifest, progress, jobs, keep_going, on_frames)
        except processes.Interrupted as stop:
            raise processes.Interrupted(stop.signum, stop.hard, progress.stopped()) from None
        finally:
            outputs.remove_temporaries(out_dir)
    return progress.outcomes


class _Progress:
    """The outcomes so far and the items running, for the report and for saying what an
    interruption stopped."""

    def __init__(self, total: int, report: Callable[[Outcome, int, int], None] | None) -> None:
        self.total = total
        self.report = report
        self.outcomes: list[Outcome] = []
        self.running: dict[Future, tuple[Item, str, float]] = {}

    def finish(self, outcome: Outcome) -> None:
        self.outcomes.append(outcome)
        if self.report:
            self.report(outcome, len(self.outcomes), self.total)

    def stopped(self) -> str:
        """``rendering scene steps (mp4 low); 3 of 9 items finished, …``."""
        labels = [item.label for item, _, _ in self.running.values()]
        doing = f"rendering {', '.join(labels)}" if labels else "no item was running"
        finished, left = len(self.outcomes), self.total - len(self.outcomes)
        later = f", the next run does the other {left}" if left else ""
        return f"{doing}; {finished} of {self.total} items finished{later}"


def _produce(
    pending: list[tuple[Item, str]],
    out_dir: Path,
    manifest: Manifest,
    progress: _Progress,
    jobs: int,
    keep_going: bool,
    on_frames: Callable[[Item, int], None] | None,
) -> None:
    """Run ``pending`` items in a pool of ``jobs`` workers, longest first as given."""
    reports = multiprocessing.get_context().Queue() if on_frames else None

    def forward_frame_reports() -> None:
        while reports is not None and on_frames is not None:
            try:
                item, frames = reports.get_nowait()
            except queue.Empty:
                return
            on_frames(item, frames)

    workers = max(1, jobs)
    cores = split.cores_per_item(len(pending), jobs)
    pool = ProcessPoolExecutor(
        max_workers=workers, initializer=_start_worker, initargs=(reports, os.getpid())
    )
    running = progress.running
    try:
        waiting = list(pending)
        stop = False
        while waiting or running:
            while waiting and len(running) < workers and not stop:
                item, key = waiting.pop(0)
                try:
                    future = pool.submit(_work, item, out_dir, cores)
                except BrokenProcessPool as error:  # a worker was killed (the OOM killer)
                    for broken, _ in [(item, key), *waiting]:
                        progress.finish(Outcome(broken, "failed", error=_one_line(error)))
                    waiting.clear()
                    break
                running[future] = (item, key, time.monotonic())
            if not running:
                break
            done, _ = wait(running, timeout=_FRAME_POLL, return_when=FIRST_COMPLETED)
            forward_frame_reports()
            for future in done:
                item, key, t0 = running[future]
                seconds = time.monotonic() - t0
                try:
                    files = future.result()
                    manifest.record(item, key, seconds, files)
                except Exception as error:  # a failed item must not stop the others
                    del running[future]
                    progress.finish(Outcome(item, "failed", seconds, error=_one_line(error)))
                    stop = stop or not keep_going
                    continue
                del running[future]
                paths = tuple(out_dir / name for name in files)
                progress.finish(Outcome(item, "done", seconds, paths))
    except processes.Interrupted as interrupted:
        pool.shutdown(wait=False, cancel_futures=True)
        hard = interrupted.hard
        try:
            processes.stop_children(processes.pool_workers(), hard=hard)
        except processes.Interrupted:  # a second signal during the grace period
            hard = True
            processes.stop_children(processes.pool_workers(), hard=True)
        raise processes.Interrupted(interrupted.signum, hard) from None
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


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
    voice: str = "none",
) -> list[Item]:
    """Every story's data, figures (in ``figure_formats``) and scene (narrated by
    ``voice``), in catalogue order."""
    options = AllOptions(quality, theme, video_format, tuple(figure_formats), voice)
    items: list[Item] = []
    for story in stories.STORIES:
        given = tuple((overrides or {}).get(story.name, ()))
        for kind in KINDS.values():
            if story.has_output(kind.name):
                items += kind.for_all(story.name, given, options)
    return items


def summary(outcomes: Sequence[Outcome]) -> dict[str, Any]:
    """Counts by status, for the closing line."""
    counts = {"done": 0, "cached": 0, "failed": 0}
    for outcome in outcomes:
        counts[outcome.status] += 1
    return counts

"""Where whyl1's files go and how they get there: names, atomic writes, the folder lock.

Every writer (the pipeline, the scene renderer, the figures, the course page, the
explorer) names and writes its files through this module, so that

- a file appears whole or not at all: it is written beside its target under the
  temporary prefix and renamed into place, and a failed write (a full disk, a
  signal) removes its temporary file;
- whatever a killed run left half-written carries one prefix, which the next run
  sweeps away;
- two runs into one folder take turns (``lock_folder``) instead of interleaving
  their manifests;
- an output that changed after it was written is noticed (``fingerprint``).

It also names the environment variables through which ``whyl1 render`` talks to a
scene subprocess. It imports nothing from whyl1, so any module can import it without
an import circle.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import os
import shutil
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

TEMP_PREFIX = ".whyl1-tmp-"  # every half-written file or folder starts with it
MANIFEST = ".whyl1-manifest.json"  # each output slot's cache key and file fingerprints
TIMINGS = ".whyl1-timings.json"  # seconds each slot took, to start long items first
LOCK = ".whyl1-lock"  # held by the run writing into the folder; records its pid
TIMELINE_SUFFIX = ".timeline.json"  # a video's beats and sections with their times
COSTS_SUFFIX = ".costs.json"  # CPU seconds each animation a render drew took (whyl1.split)

# The environment of a scene subprocess (read by ``scenes/common.py``).
PARAMS_ENV = "WHYL1_PARAMS"  # the --set overrides, as a JSON object of texts
THEME_ENV = "WHYL1_THEME"  # light or dark
PROGRESS_ENV = "WHYL1_PROGRESS_FD"  # a pipe the scene writes its frame count to
NO_LATEX_ENV = "WHYL1_NO_LATEX"  # 1: formulas from mathtext even where LaTeX is installed
VOICE_ENV = "WHYL1_VOICE"  # joe, none (silent, timed by reading speed) or a Piper voice's path
TIMELINE_ENV = "WHYL1_TIMELINE"  # where a dry run writes its timeline (a split render's plan)
BEATS_ENV = "WHYL1_BEATS"  # first:stop, the beats a range of a split render draws

_HASH_CHUNK = 1 << 20


class OutputError(OSError):
    """A file or folder whyl1 must write cannot be written; the message is one line that
    names the path and the reason (``cannot write build/x.png: No space left on device``)."""

    def __init__(self, message: str, path: Path, code: int | None = None) -> None:
        super().__init__(code, message)
        self.path = path

    def __str__(self) -> str:
        return str(self.strerror)

    def __reduce__(self) -> tuple:
        """Pickle by the constructor's arguments: a worker process sends it to whyl1."""
        return type(self), (str(self), self.path, self.errno)


class FolderBusy(OutputError):
    """Another whyl1 run holds the folder's lock and the caller chose not to wait."""


def output_stem(story: str, theme: str) -> str:
    """The file name stem of a story's video or figure: ``steps`` for the light theme,
    ``steps-dark`` for the dark one. One rule for every writer and for the course page,
    which pairs a story's video with its figure by it."""
    return story if theme == "light" else f"{story}-{theme}"


def temporary_path(target: Path) -> Path:
    """The name ``target`` is written under until it is complete (same folder, so the
    final rename is atomic)."""
    return target.with_name(f"{TEMP_PREFIX}{target.name}")


def _cannot(action: str, path: Path, error: OSError) -> OutputError:
    """``cannot <action> <path>: <reason>`` from an ``OSError`` (its strerror, not its
    ``[Errno 28] … '<path>'`` repr, which would name the path twice)."""
    return OutputError(f"cannot {action} {path}: {error.strerror or error}", path, error.errno)


@contextmanager
def atomic_path(target: Path) -> Iterator[Path]:
    """Yield a temporary path for a writer that wants a file name (PIL, PyAV); when the
    block succeeds the file is renamed to ``target``, when it fails it is removed.

    An ``OSError`` on the way (a full disk, a read-only folder) becomes one
    ``OutputError`` naming ``target``, the file the user knows, not the temporary one."""
    temporary = temporary_path(target)
    try:
        yield temporary
        os.replace(temporary, target)
    except OSError as error:
        temporary.unlink(missing_ok=True)
        if isinstance(error, OutputError):
            raise
        raise _cannot("write", target, error) from error
    except BaseException:  # a signal stopping the worker: leave no half-written file
        temporary.unlink(missing_ok=True)
        raise


def write_atomic(target: Path, content: bytes) -> None:
    """Write ``content`` to ``target`` whole or not at all (see ``atomic_path``)."""
    with atomic_path(target) as temporary:
        temporary.write_bytes(content)


def remove_temporaries(out_dir: Path) -> None:
    """Delete what an interrupted run left half-written (files and manim media folders).
    Only safe while holding the folder's lock: another run's temporaries are live."""
    if not out_dir.is_dir():
        return
    for path in out_dir.rglob(f"{TEMP_PREFIX}*"):
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)


def ensure_writable(out_dir: Path) -> None:
    """Create ``out_dir`` if needed and prove a file can be written in it, before any
    work starts; raise one ``OutputError`` naming the folder and the reason otherwise.

    A probe write, not ``os.access``: only writing finds a read-only file system, a full
    disk or a quota, and ``os.access`` answers yes to root for any mode bits."""
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise _cannot("create", out_dir, error) from None
    probe = out_dir / f"{TEMP_PREFIX}probe-{os.getpid()}"
    try:
        handle = open(probe, "wb")
    except OSError as error:
        raise _cannot("write to", out_dir, error) from None
    try:
        with handle:
            handle.write(b"whyl1")
            handle.flush()
            os.fsync(handle.fileno())  # a full disk may only say so when data must land
    except OSError as error:
        raise _cannot("write to", out_dir, error) from None
    finally:
        probe.unlink(missing_ok=True)


def fingerprint(path: Path) -> dict[str, int | str] | None:
    """Size and SHA-256 of a file (None when it is missing): what the manifest records,
    so an output changed or truncated after the run (a sync tool, a half copy) is not
    trusted. Hashing is cheap next to rendering: about 0.7 GB/s on this machine."""
    digest = hashlib.sha256()
    try:
        with open(path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            while chunk := handle.read(_HASH_CHUNK):
                digest.update(chunk)
    except FileNotFoundError:
        return None
    return {"size": size, "sha256": digest.hexdigest()}


_held: dict[Path, int] = {}  # folders this process holds the lock of -> nesting depth


@contextmanager
def lock_folder(
    out_dir: Path, *, wait: bool = True, on_wait: Callable[[str], None] | None = None
) -> Iterator[None]:
    """Hold ``out_dir``'s lock for the block, so two runs never write one folder (its
    manifest, its temporaries) at the same time.

    When another process holds it: with ``wait``, call ``on_wait(holder)`` once (``holder``
    names it: ``another whyl1 run (pid 123)``) and block until it is free; otherwise raise
    ``FolderBusy``. The lock is an ``flock`` on ``<out>/.whyl1-lock``, which the kernel
    releases when its holder dies, however it dies, so a killed run never leaves the
    folder locked; the file is removed on release, so a finished run leaves none. Nested
    use in one process is allowed (the CLI holds it around a verb, the pipeline again)."""
    key = out_dir.resolve()
    if key in _held:
        _held[key] += 1
        try:
            yield
        finally:
            _held[key] -= 1
        return
    descriptor = _acquire(out_dir / LOCK, wait, on_wait)
    _held[key] = 1
    try:
        yield
    finally:
        del _held[key]
        (out_dir / LOCK).unlink(missing_ok=True)  # still holding it: no one can be fooled
        os.close(descriptor)  # releases the flock


def _acquire(path: Path, wait: bool, on_wait: Callable[[str], None] | None) -> int:
    """An open descriptor of ``path`` holding its ``flock``. A holder removes the file
    as it releases it, so a waiter may wake up holding a lock on a removed file; it then
    locks the new file instead (the usual check: same inode as the path now names)."""
    told = False
    while True:
        try:
            descriptor = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
        except OSError as error:
            raise _cannot("write to", path.parent, error) from None
        try:
            try:
                fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                holder = _holder(descriptor)
                if not wait:
                    raise FolderBusy(
                        f"{path.parent} is in use by {holder}", path.parent, errno.EBUSY
                    ) from None
                if on_wait and not told:
                    on_wait(holder)
                    told = True
                fcntl.flock(descriptor, fcntl.LOCK_EX)
            if _names(path, descriptor):
                os.ftruncate(descriptor, 0)
                os.pwrite(descriptor, f"{os.getpid()}\n".encode(), 0)
                return descriptor
        except BaseException:
            os.close(descriptor)
            raise
        os.close(descriptor)


def _names(path: Path, descriptor: int) -> bool:
    """Whether ``path`` still names the file open as ``descriptor``."""
    opened = os.fstat(descriptor)
    try:
        current = os.stat(path)
    except FileNotFoundError:
        return False
    return (opened.st_dev, opened.st_ino) == (current.st_dev, current.st_ino)


def _holder(descriptor: int) -> str:
    """Who holds the lock, for the user: the pid the holder wrote, if it has yet."""
    text = os.pread(descriptor, 32, 0).decode(errors="replace").strip()
    pid = f" (pid {text})" if text.isdigit() else ""
    return f"another whyl1 run{pid}"

"""Child processes that never outlive whyl1, and a clean stop on SIGINT and SIGTERM.

A run is a tree: the ``whyl1`` process, its worker processes (the pipeline's pool),
and one manim process under a worker for each video. Two rules keep the tree from
leaving anything behind:

- **A child dies with its parent.** Each worker and each manim process asks the Linux
  kernel for a signal when its parent exits (``prctl(PR_SET_PDEATHSIG)``), so killing
  whyl1 with SIGKILL, or the OOM killer doing so, ends the workers (SIGTERM: they remove
  their temporary files) and the manim processes (SIGKILL) instead of orphaning them.
- **A signal stops the run, not a process.** In the whyl1 process SIGINT and SIGTERM
  raise ``Interrupted`` in the main thread (``stop_on_signals``), and the pipeline stops
  its workers (SIGTERM, then SIGKILL after a grace period) before the CLI prints one
  line and exits 130 or 143; a second signal stops at once. Workers ignore SIGINT (a
  Ctrl-C reaches the whole terminal process group; the whyl1 process coordinates) and
  on SIGTERM unwind the item they run, so its ``finally`` blocks kill manim and remove
  the temporary files, then exit.

It imports nothing from whyl1.
"""

from __future__ import annotations

import contextlib
import ctypes
import multiprocessing
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from multiprocessing.process import BaseProcess
from typing import Any, TypeVar

PR_SET_PDEATHSIG = 1  # from <linux/prctl.h>
STOP_GRACE = 10.0  # seconds a worker gets to clean up on SIGTERM before SIGKILL
STOP_SIGNALS = (signal.SIGINT, signal.SIGTERM)

_T = TypeVar("_T")


def _load_prctl() -> Callable[..., int] | None:
    """libc's ``prctl``, looked up once in the parent: a forked child about to exec must
    not ``dlopen`` (another thread may have held the loader's lock at the fork)."""
    if not sys.platform.startswith("linux"):
        return None
    try:
        return ctypes.CDLL(None, use_errno=True).prctl
    except (OSError, AttributeError):
        return None


_prctl = _load_prctl()


def die_with_parent(signum: int, parent_pid: int) -> bool:
    """Have the kernel send ``signum`` to this process when ``parent_pid`` exits; if it has
    exited already (before the request took effect), send it now. Returns False where the
    kernel offers no such request (not Linux); whyl1 then relies on the signal handlers.

    The signal is tied to the parent's *thread* that created this process, so the parent
    must create children from its main thread (the pipeline and render do)."""
    if _prctl is None or _prctl(PR_SET_PDEATHSIG, signum, 0, 0, 0) != 0:
        return False
    if os.getppid() != parent_pid:
        os.kill(os.getpid(), signum)
    return True


def manim_preexec() -> Callable[[], None] | None:
    """A ``preexec_fn`` for a render subprocess: SIGKILL when its creator exits. None when
    called outside the main thread, where the kernel would fire it when that *thread*
    ends, killing a render that is still wanted."""
    if _prctl is None or threading.current_thread() is not threading.main_thread():
        return None
    parent = os.getpid()

    def preexec() -> None:
        die_with_parent(signal.SIGKILL, parent)

    return preexec


def kill_group(process: subprocess.Popen) -> None:
    """SIGKILL a render subprocess started as a process-group leader and whatever it
    started (latex, dvisvgm), then reap it. Nothing to do if the group is gone."""
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


class Interrupted(Exception):
    """SIGINT or SIGTERM arrived: stop, clean up, and exit with ``128 + signum``.

    ``hard`` is a second signal that came while the first was being handled: stop at once.
    ``doing`` says what was interrupted (the pipeline fills in its running items)."""

    def __init__(self, signum: int, hard: bool = False, doing: str = "") -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum
        self.hard = hard
        self.doing = doing

    @property
    def exit_status(self) -> int:
        return 128 + self.signum

    def line(self, doing: str) -> str:
        """The one line the CLI prints: which signal, and what it stopped."""
        name = signal.Signals(self.signum).name
        how = f"stopped at once by a second {name}" if self.hard else f"interrupted by {name}"
        return f"whyl1: {how} while {self.doing or doing}"


class _SignalStop:
    """The handler ``stop_on_signals`` installs: the first signal raises ``Interrupted``,
    the second raises it with ``hard``, later ones are ignored (cleanup is under way)."""

    def __init__(self) -> None:
        self.count = 0

    def __call__(self, signum: int, frame: Any) -> None:
        self.count += 1
        if self.count <= 2:
            raise Interrupted(signum, hard=self.count == 2)


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Within the block, SIGINT and SIGTERM raise ``Interrupted`` in the main thread
    (outside the main thread, where Python cannot install handlers, nothing changes).
    The previous handlers come back afterwards."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return
    handler = _SignalStop()
    previous = {signum: signal.signal(signum, handler) for signum in STOP_SIGNALS}
    try:
        yield
    finally:
        for signum, old in previous.items():
            signal.signal(signum, old)


def stop_children(children: Sequence[BaseProcess], *, hard: bool = False) -> None:
    """End worker processes: SIGTERM, so each cleans up the item it runs (see
    ``run_stoppable``), then SIGKILL for any still alive after ``STOP_GRACE`` seconds;
    with ``hard``, SIGKILL at once. A second signal during the grace period raises
    ``Interrupted`` out of here; the caller then calls again with ``hard``."""
    if not hard:
        for child in children:
            child.terminate()
        deadline = time.monotonic() + STOP_GRACE
        for child in children:
            child.join(max(0.0, deadline - time.monotonic()))
    for child in children:
        if child.is_alive():
            child.kill()
        child.join()


def pool_workers() -> list[BaseProcess]:
    """This process's live worker processes (the pipeline's pool is its only user of
    ``multiprocessing``)."""
    return multiprocessing.active_children()


# --- inside a worker process ---------------------------------------------------------


class WorkerStopped(BaseException):
    """SIGTERM in a worker: unwinds the running item (a ``BaseException``, so no
    ``except Exception`` on the way swallows it) through its ``finally`` blocks."""

    def __init__(self, signum: int) -> None:
        super().__init__(signum)
        self.signum = signum


_busy = False  # a worker is running an item (unwind it) rather than waiting (just exit)
_unwinding = False  # the item is unwinding: its cleanup must run to the end


def _stop_worker(signum: int, frame: Any) -> None:
    """Unwind the running item once; a later SIGTERM is ignored, as the whyl1 process
    ignores a third signal. The parent-death signal can arrive twice when whyl1 is
    killed (seen here: once while whyl1 is dying, again once the worker has been
    reparented), and a second ``WorkerStopped`` raised inside the first one's ``finally``
    blocks cut short the removal of the media folder. A stop that whyl1 itself runs
    still ends a worker whose cleanup hangs: SIGKILL after ``STOP_GRACE``."""
    global _unwinding
    if not _busy:
        os._exit(128 + signum)
    if not _unwinding:
        _unwinding = True
        raise WorkerStopped(signum)


def become_worker(parent_pid: int) -> None:
    """Set up a pool worker (its initializer): ignore SIGINT, unwind on SIGTERM, and get
    SIGTERM when the whyl1 process dies."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, _stop_worker)
    die_with_parent(signal.SIGTERM, parent_pid)


def run_stoppable(function: Callable[..., _T], *args: Any) -> _T:
    """Run one item in a worker; on SIGTERM let its ``finally`` blocks clean up (kill
    manim, remove temporary files), then exit the worker: the pool behind it is being
    shut down, and a worker waiting on its queue would never notice."""
    global _busy
    try:
        _busy = True
        return function(*args)
    except WorkerStopped as stop:
        os._exit(128 + stop.signum)
    finally:
        _busy = False

"""Faults a render machine meets every week, each as a test that failed before whyl1
handled it: a signal to ``whyl1 render`` (SIGTERM, Ctrl-C, twice, SIGKILL), an ``--out``
on a read-only file system, a disk that fills up, and two runs into one folder. The
signal tests look for anything of the run still alive in the process table 3 s after
whyl1 exits: every process the test starts carries a marker in its environment, which
workers, manim and latex inherit."""

from __future__ import annotations

import contextlib
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from click.testing import CliRunner
from runs import Run, assert_manifest_tells_the_truth, left_after, marked_processes, temporaries

from whyl1 import outputs
from whyl1.cli import main


@pytest.fixture
def render_run(tmp_path) -> Iterator[Run]:
    """``whyl1 render epsilon`` (the shortest video), killed for good after the test."""
    run = Run(["render", "epsilon", "--quality", "low"], tmp_path / "out")
    yield run
    for pid, _ in marked_processes(run.mark):
        os.kill(pid, signal.SIGKILL)
    if run.process.poll() is None:
        run.process.kill()
        run.process.communicate()


def assert_clean_stop(run: Run, status: int, line: str) -> None:
    """Exit status, one line on stderr saying what stopped, nothing of the run alive 3 s
    later, no temporary file or folder, and no video (it was not finished)."""
    code, _, err = run.finish()
    assert code == status, err
    assert err.strip().splitlines() == [err.strip()], err
    assert line in err and "rendering scene epsilon (mp4 low)" in err, err
    assert left_after(run.mark) == []
    assert temporaries(run.out) == []
    assert not (run.out / "epsilon.mp4").exists()


# ---------------------------------------------------------------------------
# Signals and parent death
# ---------------------------------------------------------------------------


def test_sigterm_stops_the_workers_and_manim(render_run):
    """A CI job cancelled, or ``timeout``: SIGTERM to whyl1 alone."""
    render_run.wait_for_manim()
    os.kill(render_run.pid, signal.SIGTERM)
    assert_clean_stop(render_run, 143, "whyl1: interrupted by SIGTERM while")


def test_ctrl_c_stops_the_workers_and_manim(render_run):
    """Ctrl-C in a terminal: SIGINT to the whole foreground process group."""
    render_run.wait_for_manim()
    os.killpg(render_run.pid, signal.SIGINT)
    assert_clean_stop(render_run, 130, "whyl1: interrupted by SIGINT while")


def test_a_second_ctrl_c_stops_at_once(render_run):
    """The workers are frozen (SIGSTOP), so the first Ctrl-C's clean stop waits for them;
    the second kills them at once, and whyl1 still leaves nothing behind."""
    render_run.wait_for_manim()
    workers = render_run.children()
    assert workers
    for pid in workers:
        os.kill(pid, signal.SIGSTOP)
    os.kill(render_run.pid, signal.SIGINT)
    time.sleep(1.0)
    assert render_run.process.poll() is None, "the first Ctrl-C should wait for the workers"
    os.kill(render_run.pid, signal.SIGINT)
    assert_clean_stop(render_run, 130, "whyl1: stopped at once by a second SIGINT while")


def test_sigkill_to_whyl1_takes_its_workers_and_manim_along(render_run):
    """whyl1 killed outright (SIGKILL, the OOM killer): no handler runs in it, yet its
    workers get SIGTERM from the kernel, kill manim and remove their media folders."""
    render_run.wait_for_manim()
    os.kill(render_run.pid, signal.SIGKILL)
    code, _, _ = render_run.finish()
    assert code == -signal.SIGKILL
    assert left_after(render_run.mark) == []
    assert temporaries(render_run.out) == []
    assert not (render_run.out / "epsilon.mp4").exists()


def test_a_second_sigterm_does_not_cut_a_workers_cleanup_short(render_run):
    """The kernel can send a worker its parent-death SIGTERM twice when whyl1 is killed
    (once as whyl1 dies, again once the worker is reparented): here each worker gets its
    second one at once, while it kills manim and removes its media folder."""
    render_run.wait_for_manim()
    workers = render_run.children()
    os.kill(render_run.pid, signal.SIGKILL)
    for pid in workers:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGTERM)
    render_run.finish()
    assert left_after(render_run.mark) == []
    assert temporaries(render_run.out) == []


# ---------------------------------------------------------------------------
# Read-only and full disks
# ---------------------------------------------------------------------------


def mount_tmpfs(folder: Path, options: str) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", options, "tmpfs", str(folder)],
        capture_output=True,
        text=True,
    )
    if done.returncode != 0:
        pytest.skip(f"cannot mount a tmpfs here ({done.stderr.strip() or 'mount failed'})")


@pytest.fixture
def small_tmpfs(tmp_path) -> Iterator[Callable[[str], Path]]:
    """Mounts a tmpfs with the given options (root only), unmounted after the test."""
    mounted: list[Path] = []

    def mount(options: str) -> Path:
        if os.geteuid() != 0:
            pytest.skip("mounting a tmpfs needs root")
        folder = tmp_path / f"tmpfs{len(mounted)}"
        mount_tmpfs(folder, options)
        mounted.append(folder)
        return folder

    yield mount
    for folder in mounted:
        subprocess.run(["umount", "-l", str(folder)], check=False)


@pytest.fixture
def read_only(tmp_path, small_tmpfs) -> tuple[Path, str]:
    """A folder whyl1 cannot write into, and the reason the system gives: a read-only
    tmpfs as root, a folder without write permission otherwise."""
    if os.geteuid() != 0:
        folder = tmp_path / "locked"
        folder.mkdir()
        folder.chmod(0o555)
        return folder, "Permission denied"
    return small_tmpfs("ro,size=1m"), "Read-only file system"


# Each verb that writes into --out, into the unwritable folder itself and into a new
# folder below it (not `page`: a folder that does not exist has nothing to show, which
# it says first; tests/test_explorer_cli.py).
CASES = [
    pytest.param(verb, below, id=f"{verb[0]}-{'new-subfolder' if below else 'folder'}")
    for verb in (["render", "steps"], ["figure", "steps"], ["all"], ["page"], ["explorer"])
    for below in (False, True)
    if not (below and verb == ["page"])
]


@pytest.mark.parametrize(("verb", "below"), CASES)
def test_an_unwritable_out_is_one_line_and_exit_2(read_only, verb, below):
    folder, reason = read_only
    out = folder / "site" if below else folder
    result = CliRunner().invoke(main, [*verb, "--out", str(out)])
    assert result.exit_code == 2, result.output
    assert "Traceback" not in result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert str(out) in errors[0] and reason in errors[0], errors[0]


def test_a_full_disk_before_the_run_is_one_line_and_exit_2(small_tmpfs):
    folder = small_tmpfs("size=256k")
    with open(folder / "filler", "wb") as filler:
        with pytest.raises(OSError):
            while True:
                filler.write(b"\0" * 65536)
                filler.flush()
    result = CliRunner().invoke(main, ["figure", "steps", "--out", str(folder)])
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and "No space left on device" in errors[0], result.output
    assert str(folder) in errors[0]


def test_a_disk_full_mid_run_fails_items_alone_and_leaves_no_temporary(small_tmpfs):
    """Room for about three of the eleven slide PNGs (~150–240 kB each): the first
    items finish, each later one fails with one line, and no temporary file stays."""
    folder = small_tmpfs("size=768k")
    command = ["figure", "all", "--format", "png", "--jobs", "2", "--out", str(folder)]
    run = subprocess.run(
        [sys.executable, "-m", "whyl1", *command],
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert run.returncode == 1, run.stderr
    assert "Traceback" not in run.stderr
    failures = [line for line in run.stderr.splitlines() if line.startswith("failed: ")]
    assert failures, run.stderr
    for line in failures:
        assert "No space left on device" in line and str(folder) in line, line
    assert len(failures) == len(run.stderr.strip().splitlines()) / 2  # each also listed live
    assert "rendered" in run.stdout and " failed; output in " in run.stdout
    assert temporaries(folder) == []
    manifest = assert_manifest_tells_the_truth(folder)
    assert 1 <= len(manifest) < 11


def test_a_disk_full_mid_render_is_one_line_and_leaves_no_media_folder(small_tmpfs):
    """manim fills a 200 kB tmpfs with its formulas and partial movies: the video fails
    with one line, and its media folder is gone."""
    folder = small_tmpfs("size=200k")
    command = ["render", "epsilon", "--quality", "low", "--out", str(folder)]
    run = subprocess.run(
        [sys.executable, "-m", "whyl1", *command], capture_output=True, text=True, timeout=300
    )
    assert run.returncode == 1, run.stderr
    failures = [line for line in run.stderr.splitlines() if line.startswith("failed: ")]
    assert failures == [
        f"failed: scene epsilon (mp4 low): cannot render 'epsilon' into {folder}: "
        "No space left on device"
    ], run.stderr
    assert temporaries(folder) == []
    assert not (folder / "epsilon.mp4").exists()


def test_a_stray_module_in_the_working_folder_does_not_break_manim(tmp_path):
    """``python -m`` puts the working folder first on the import path; a ``cloup.py``
    there (a name manim imports) once broke every render started from a shared /tmp."""
    here = tmp_path / "here"
    here.mkdir()
    (here / "cloup.py").write_text("raise ImportError('not the cloup package')\n")
    run = Run(["render", "epsilon", "--quality", "low"], tmp_path / "out", cwd=here)
    try:
        run.wait_for_manim()  # rendering: manim got past its imports
    finally:
        os.kill(run.pid, signal.SIGTERM)
        run.finish()


# ---------------------------------------------------------------------------
# Two runs into one folder
# ---------------------------------------------------------------------------


class LockHolder:
    """Another process holding ``out``'s lock (as a running whyl1 would) until released."""

    def __init__(self, out: Path) -> None:
        code = (
            "import sys\nfrom pathlib import Path\nfrom whyl1 import outputs\n"
            "with outputs.lock_folder(Path(sys.argv[1])):\n"
            "    print('held', flush=True)\n    sys.stdin.read()\n"
        )
        out.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [sys.executable, "-c", code, str(out)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout.readline().strip() == "held"

    def release(self) -> None:
        self.process.communicate("", timeout=30)


def test_no_wait_refuses_a_folder_in_use(tmp_path):
    out = tmp_path / "out"
    holder = LockHolder(out)
    try:
        result = CliRunner().invoke(main, ["figure", "steps", "--out", str(out), "--no-wait"])
    finally:
        holder.release()
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1, result.output
    assert f"is in use by another whyl1 run (pid {holder.process.pid})" in errors[0]
    assert not (out / "steps.png").exists()


def test_a_second_run_waits_with_one_line_then_runs(tmp_path):
    out = tmp_path / "out"
    holder = LockHolder(out)
    try:
        second = Run(["figure", "steps", "--format", "svg"], out)
        notice = second.process.stderr.readline()
        assert f"{out} is in use by another whyl1 run (pid {holder.process.pid})" in notice
        assert "waiting" in notice
        time.sleep(0.5)
        assert second.process.poll() is None and not (out / "steps.svg").exists()
    finally:
        holder.release()
    code, _, err = second.finish()
    assert code == 0, err
    assert err == ""  # the notice was the only line
    assert (out / "steps.svg").exists()
    assert not (out / outputs.LOCK).exists()


def test_two_runs_into_one_folder_both_finish_and_the_manifest_holds_both(tmp_path):
    out = tmp_path / "out"
    stories = ["penalties", "steps", "kink"]
    runs = [
        Run(["figure", *stories, "--format", fmt, "--jobs", "1"], out) for fmt in ("svg", "pdf")
    ]
    results = [run.finish() for run in runs]
    assert [code for code, _, _ in results] == [0, 0], results
    manifest = assert_manifest_tells_the_truth(out)
    assert len(manifest) == 6
    assert temporaries(out) == []

"""Running whyl1 as a user does, in a subprocess, and finding what is left of it: its
processes (by a marker in their environment, which workers, manim and latex inherit),
its temporary files, and whether its manifest tells the truth."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

from whyl1 import outputs
from whyl1.outputs import MANIFEST, TEMP_PREFIX

MARK = "WHYL1_TEST_RUN"


def marked_processes(mark: str) -> list[tuple[int, str]]:
    """Live processes (not zombies) whose environment holds ``MARK=mark``: pid, command."""
    needle = f"{MARK}={mark}".encode()
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            state = (entry / "stat").read_text().rpartition(")")[2].split()[0]
            environ = (entry / "environ").read_bytes().split(b"\0")
            command = (entry / "cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:  # it ended while we looked
            continue
        if state != "Z" and needle in environ:
            found.append((int(entry.name), command))
    return found


def left_after(mark: str, seconds: float = 3.0) -> list[tuple[int, str]]:
    """The run's processes still alive ``seconds`` from now (checked as they go)."""
    deadline = time.monotonic() + seconds
    while (alive := marked_processes(mark)) and time.monotonic() < deadline:
        time.sleep(0.1)
    return alive


def temporaries(folder: Path) -> list[Path]:
    return sorted(folder.rglob(f"{TEMP_PREFIX}*"))


class Run:
    """``python -m whyl1 ARGS --out OUT`` in its own session (as a shell runs a job),
    marked so its processes can be found after it is gone."""

    def __init__(self, args: list[str], out: Path, cwd: Path | None = None) -> None:
        self.mark = uuid.uuid4().hex
        self.out = out
        env = {**os.environ, MARK: self.mark}
        self.process = subprocess.Popen(
            [sys.executable, "-m", "whyl1", *args, "--out", str(out)],
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
            start_new_session=True,
            cwd=cwd,
        )

    @property
    def pid(self) -> int:
        return self.process.pid

    def wait_for_manim(self, timeout: float = 120.0) -> None:
        """Until manim is rendering into the folder: its process is alive and it has
        written its first partial movie into its media folder."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            rendering = any("manim" in command for _, command in marked_processes(self.mark))
            partial = any(path.suffix == ".mp4" for path in self.out.rglob(f"{TEMP_PREFIX}*/**/*"))
            if rendering and partial:
                return
            assert self.process.poll() is None, self.finish()
            time.sleep(0.1)
        raise AssertionError("manim never started rendering")

    def children(self) -> list[int]:
        """The worker processes: whyl1's direct children."""
        return [
            pid
            for pid, _ in marked_processes(self.mark)
            if Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[1] == str(self.pid)
        ]

    def finish(self, timeout: float = 120.0) -> tuple[int, str, str]:
        out, err = self.process.communicate(timeout=timeout)
        return self.process.returncode, out, err


def assert_manifest_tells_the_truth(out: Path) -> dict:
    """The manifest is valid JSON and every file it vouches for is there, unchanged."""
    manifest = json.loads((out / MANIFEST).read_text())
    for entry in manifest.values():
        for name, recorded in entry["files"].items():
            assert outputs.fingerprint(out / name) == recorded, name
    return manifest

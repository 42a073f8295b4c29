"""Merging output folders into one: the shards of ``whyl1 all --shard K/N``, rendered by
N jobs of a CI matrix, become the folder ``whyl1 page`` turns into the course page.

Only what a folder's manifest vouches for is merged: each output slot with its key and
the files it wrote, each file checked against the size and SHA-256 recorded for it, so a
truncated download or a file changed since is reported, not copied. Posters, captions
and ``index.html`` are left behind: ``whyl1 page`` makes them from the outputs.

``plan`` reads every folder and finds every problem before anything is written: a folder
that is not an output folder, a file that does not match its manifest, and conflicts,
where two folders hold different outputs for one slot (made with other parameters or
another version of whyl1) or different bytes under one file name. ``apply`` then copies
the files (an identical file already there is kept) and writes the merged manifest, so
``whyl1 all --out DIR`` afterwards finds everything up to date.
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from whyl1 import outputs, pipeline
from whyl1.outputs import MANIFEST, TIMINGS


class NotAnOutputFolder(ValueError):
    """A folder given to merge has no readable manifest: not made by whyl1, or copied
    without its hidden files (GitHub's upload-artifact leaves them out by default)."""


class MergeConflict(ValueError):
    """The folders cannot be merged; ``problems`` has one line for each reason."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__(f"{len(problems)} problem(s) merging the folders")
        self.problems = problems


@dataclass
class Plan:
    """What a merge will do: each slot's manifest entry and where it comes from, each
    file's source, and the slots' timings (so the next run still starts long items
    first)."""

    entries: dict[str, Any] = field(default_factory=dict)
    origin: dict[str, Path] = field(default_factory=dict)  # slot -> folder
    files: dict[str, Path] = field(default_factory=dict)  # relative name -> source file
    seconds: dict[str, float] = field(default_factory=dict)


def _manifest(folder: Path) -> dict[str, Any]:
    path = folder / MANIFEST
    try:
        loaded = json.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise NotAnOutputFolder(
            f"{folder} has no {MANIFEST}: not a whyl1 output folder (or copied without its "
            "hidden files: GitHub's upload-artifact needs include-hidden-files: true)"
        ) from None
    except (OSError, ValueError) as error:
        raise NotAnOutputFolder(f"cannot read {path}: {error}") from None
    if not isinstance(loaded, dict):
        raise NotAnOutputFolder(f"{path} is not a whyl1 manifest")
    return loaded


def _safe(name: str) -> bool:
    """A manifest's file name that stays inside its folder."""
    path = PurePosixPath(name)
    return bool(name) and not path.is_absolute() and ".." not in path.parts


def plan(folders: Sequence[Path]) -> Plan:
    """Read and check every folder; raise ``NotAnOutputFolder`` for the first folder
    without a manifest, ``MergeConflict`` with every other problem found."""
    manifests = [(folder, _manifest(folder)) for folder in folders]
    merged = Plan()
    problems: list[str] = []
    file_owner: dict[str, tuple[Path, Any]] = {}  # name -> (folder, fingerprint)
    for folder, manifest in manifests:
        timings = pipeline.Manifest.load(folder).seconds
        for slot, entry in sorted(manifest.items()):
            files = entry.get("files") if isinstance(entry, dict) else None
            if not isinstance(files, dict) or not isinstance(entry.get("key"), str):
                problems.append(f"{folder / MANIFEST}: slot {slot} is not a valid entry")
                continue
            if slot in merged.entries:
                if merged.entries[slot] != entry:
                    problems.append(
                        f"conflict: {slot} differs between {merged.origin[slot]} and {folder} "
                        "(made with other parameters, options or versions of whyl1)"
                    )
                continue
            fine = True
            for name, recorded in sorted(files.items()):
                if not _safe(name):
                    problems.append(f"{folder / MANIFEST}: unsafe file name {name!r}")
                    fine = False
                elif outputs.fingerprint(folder / name) != recorded:
                    problems.append(
                        f"{folder / name} does not match its manifest (missing, changed or "
                        "truncated since it was written)"
                    )
                    fine = False
                elif name in file_owner and file_owner[name][1] != recorded:
                    problems.append(
                        f"conflict: {name} differs between {file_owner[name][0]} and {folder}"
                    )
                    fine = False
                else:
                    file_owner.setdefault(name, (folder, recorded))
            if fine:
                merged.entries[slot] = entry
                merged.origin[slot] = folder
                merged.files.update({name: folder / name for name in files})
                if isinstance(timings.get(slot), int | float):
                    merged.seconds[slot] = timings[slot]
    if problems:
        raise MergeConflict(problems)
    return merged


@dataclass(frozen=True)
class Merged:
    """What ``apply`` did: slots merged, files copied, files already there."""

    slots: int
    copied: int
    kept: int


def apply(merged: Plan, out: Path) -> Merged:
    """Copy the planned files into ``out`` and merge the manifest (and timings) there;
    the caller holds ``out``'s lock. Entries already in ``out`` for other slots stay."""
    copied = kept = 0
    for name, source in sorted(merged.files.items()):
        target = out / name
        if target.exists() and (
            os.path.samefile(source, target)
            or outputs.fingerprint(target) == outputs.fingerprint(source)
        ):
            kept += 1
            continue
        target.parent.mkdir(parents=True, exist_ok=True)
        with outputs.atomic_path(target) as temporary:
            shutil.copyfile(source, temporary)
        copied += 1
    existing = pipeline.Manifest.load(out)
    existing.entries.update(merged.entries)
    existing.seconds.update(merged.seconds)
    for filename, table in ((MANIFEST, existing.entries), (TIMINGS, existing.seconds)):
        outputs.write_atomic(out / filename, json.dumps(table, indent=1, sort_keys=True).encode())
    return Merged(len(merged.entries), copied, kept)

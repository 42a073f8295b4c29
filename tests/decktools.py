"""What the lecture and slides tests share: the shortest narrated story rendered once per
run at low quality with its figure, and a folder assembled from it for each module.

A lecture of one story is joined, cut and laid out by the same code as one of eleven (a
title card, the story, the closing card: three pieces whose packets share one track), at
a tenth of the render time; ``--story`` picks it, as a lecturer picks a session's
stories. The story is rendered into a folder of its own in the run's whyl1 cache
(``whyl1_cache``), under that folder's lock: on two pytest-xdist workers, the module that
comes second waits for the first to render it, then finds it up to date. ``whyl1 merge``
copies it (files and manifest) into each module's folder, where ``whyl1 lecture`` and
``whyl1 slides`` find everything up to date and render nothing.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import av

from whyl1 import merge, pipeline, stories
from whyl1.slides import deck_items
from whyl1.voice import JOE, NONE, voice_available

STORIES = ("epsilon",)  # the shortest narrated video (70 s)
VOICE = JOE if voice_available() else NONE
QUALITY = "low"


def story_args(names: Sequence[str] = STORIES) -> list[str]:
    """The ``--story`` options that pick the test's stories."""
    return [arg for name in names for arg in ("--story", name)]


def common_args(out: Path) -> list[str]:
    return ["--quality", QUALITY, "--voice", VOICE, "--jobs", "1", *story_args(), "--out", str(out)]


def rendered(whyl1_cache: Path) -> list[Path]:
    """Each story's folder with its narrated video and its figure, rendered if missing."""
    folders = []
    for name in STORIES:
        folder = whyl1_cache / "deck-stories" / name
        items = deck_items([stories.get(name)], QUALITY, "light", VOICE)
        outcomes = pipeline.run(items, folder, jobs=1)
        failed = [o for o in outcomes if o.status == "failed"]
        assert not failed, failed[0].error
        folders.append(folder)
    return folders


def assembled(whyl1_cache: Path, out: Path) -> Path:
    """A ``whyl1 all``-like folder holding the test stories, merged from their folders."""
    folders = rendered(whyl1_cache)
    merge.apply(merge.plan(sorted(folders)), out)
    return out


def timeline(out: Path, name: str) -> dict:
    return json.loads((out / "videos" / f"{name}.timeline.json").read_text(encoding="utf-8"))


def packets(video: Path, kind: str) -> list[av.Packet]:
    """A media file's packets of one kind (``video`` or ``audio``), in file order."""
    with av.open(str(video)) as container:
        stream = container.streams.video[0] if kind == "video" else container.streams.audio[0]
        return [packet for packet in container.demux(stream) if packet.dts is not None]


def strip_audio(source: Path, target: Path) -> None:
    """``source``'s video stream alone, packets copied."""
    with av.open(str(source)) as reader, av.open(str(target), "w", format="mp4") as writer:
        stream = writer.add_stream_from_template(reader.streams.video[0])
        for packet in reader.demux(reader.streams.video[0]):
            if packet.dts is not None:
                packet.stream = stream
                writer.mux(packet)

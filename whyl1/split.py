"""One scene on several cores: where a split render cuts the scene, and what it costs.

manim draws a scene's frames one after another in one process, so a lecturer iterating
on one scene at 1080p waits on one core while the others idle. ``whyl1 render --jobs N``
(and the pipeline, whenever it has fewer items than ``--jobs``) renders one MP4 scene as
N contiguous ranges of beats at once, each in its own manim told its beats by
``$WHYL1_BEATS`` (``first:stop``). Every range runs the whole ``construct``, skipping
the animations outside its beats to their end (manim's own ``--from_animation_number``
and ``--upto_animation_number``, set as the beats open), and draws only its own;
``BeatScene`` keeps its clock frame-exact under skipping (``scenes/beat.py``), so a
range's frames are the serial render's, and the last range, which runs to the end,
writes the whole timeline and captions. ``whyl1.render`` joins the ranges by copying
their packets (``whyl1.streamcopy.concatenate``) and lays the narration once over the
whole.

This module plans the cut. A range starts only where a beat starts: never inside a beat,
which writes its caption only when it closes, and so never inside a section. Cutting by
beat number rather than animation number keeps a plan valid while a lecturer edits a
beat's animations. The ranges are balanced by what each beat cost, in CPU seconds, in
the scene's last render (at this quality if there was one: ``costs_file``), which every
render records. Before any, a dry run that skips every animation (the ``construct`` and
the speech, a few seconds) gives the beats and their frames, which overrate the still
waits a narrated scene holds while its voice speaks.
"""

from __future__ import annotations

import itertools
import json
import math
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from typing import Any

from whyl1 import outputs

BeatRange = tuple[int, int | None]  # the beats a range draws: first, stop (None: to the end)


def cores_per_item(pending: int, jobs: int) -> int:
    """The processes each of ``pending`` items may use: one, unless there are fewer
    items than ``jobs``, when the spare cores are shared out (a scene splits its render)."""
    return max(1, jobs // max(1, pending))


def plan_ranges(weights: Sequence[float], parts: int) -> list[BeatRange]:
    """Cut a scene whose beats weigh ``weights`` into at most ``parts`` contiguous
    ranges of beats, the heaviest as light as it can be."""
    firsts = [0, *balanced_split(weights, parts)]
    return list(zip(firsts, [*firsts[1:], None], strict=True))


def beat_weights(
    timeline: Mapping[str, Any], costs: Mapping[int, float] | None = None
) -> list[float]:
    """What each beat of ``timeline`` weighs, with the animations up to the next beat
    (the first beat from the scene's start): CPU seconds from ``costs`` (by animation
    number) when they cover every animation the beats hold, else frames."""
    beats = timeline["beats"]
    if costs and _covers(costs, timeline):
        end = max(_held(timeline), max(costs) + 1)
        bounds = [0, *(beat["plays"][0] for beat in beats[1:]), end]
        return [
            sum(costs.get(number, 0.0) for number in range(first, stop))
            for first, stop in itertools.pairwise(bounds)
        ]
    times = [0.0, *(beat["start"] for beat in beats[1:]), timeline["duration"]]
    return [(end - start) * timeline["fps"] for start, end in itertools.pairwise(times)]


def _held(timeline: Mapping[str, Any]) -> int:
    """How many animations the timeline's beats hold, counted from the scene's first."""
    return max((beat["plays"][1] for beat in timeline["beats"]), default=0)


def _covers(costs: Mapping[int, float], timeline: Mapping[str, Any]) -> bool:
    """Whether ``costs`` hold every animation the timeline's beats hold."""
    return all(number in costs for number in range(_held(timeline)))


def balanced_split(weights: Sequence[float], parts: int) -> list[int]:
    """Where to cut ``weights`` into at most ``parts`` non-empty contiguous runs so that
    the heaviest run is as light as possible: the indices at which runs 2, 3, … start.

    Dynamic programming over (runs, units), exact for the few dozen beats a scene has."""
    count = len(weights)
    parts = max(1, min(parts, count))
    prefix = [0.0, *itertools.accumulate(weights)]
    # best[k][i]: the lightest heaviest run that cuts the first i units into k runs
    best = [[math.inf] * (count + 1) for _ in range(parts + 1)]
    previous = [[0] * (count + 1) for _ in range(parts + 1)]
    best[0][0] = 0.0
    for runs in range(1, parts + 1):
        for end in range(runs, count + 1):
            for start in range(runs - 1, end):
                heaviest = max(best[runs - 1][start], prefix[end] - prefix[start])
                if heaviest < best[runs][end]:
                    best[runs][end], previous[runs][end] = heaviest, start
    cuts, end = [], count
    for runs in range(parts, 1, -1):
        end = previous[runs][end]
        cuts.append(end)
    return sorted(cuts)


# --- what each beat cost -----------------------------------------------------------------


def costs_file(story: str, quality: str) -> Path:
    """Where the cache keeps what the story's beats cost at ``quality``."""
    from whyl1.narration import cache_root

    return cache_root() / "costs" / f"{story}-{quality}.json"


def recorded_weights(story: str, quality: str) -> list[float] | None:
    """CPU seconds by beat from the story's last render at ``quality``, else at the
    quality rendered last (the beats' shares change little with the picture's size);
    None before the story's first render, or if no record can be read."""
    own = costs_file(story, quality)
    others = sorted(own.parent.glob(f"{story}-*.json"), key=_modified, reverse=True)
    for path in [own, *others]:
        try:
            weights = json.loads(path.read_text())["beats"]
            if weights and all(isinstance(w, int | float) and w >= 0 for w in weights):
                return [float(w) for w in weights]
        except (OSError, ValueError, KeyError, TypeError):
            continue
    return None


def _modified(path: Path) -> float:
    try:
        return path.stat().st_mtime
    except OSError:
        return 0.0


def record_costs(story: str, quality: str, timeline: Path, measured: Iterable[Path]) -> None:
    """Keep what each beat of a finished render cost for the next split render, from the
    ``<stem>.costs.json`` its manim processes wrote (a split render's ranges drew
    disjoint animations). A record that cannot be written only costs the next plan its
    balance; a render that measured too little (a still) records nothing."""
    merged: dict[int, float] = {}
    for path in measured:
        merged.update({int(k): float(v) for k, v in json.loads(path.read_text()).items()})
    if not merged or not timeline.is_file():
        return
    loaded = json.loads(timeline.read_text(encoding="utf-8"))
    if not loaded["beats"] or not _covers(merged, loaded):
        return
    weights = beat_weights(loaded, merged)
    target = costs_file(story, quality)
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
        outputs.write_atomic(target, (json.dumps({"beats": weights}) + "\n").encode())
    except OSError:
        return

"""Caption cues cut from timed words: where to break, how long to show, SRT and WebVTT.

Captions follow the usual broadcast rules (the BBC and Netflix subtitle guides):
at most two lines of at most 42 characters, each cue on screen 1 to 7 seconds,
no two cues at once, and a cue appears as its first word is said. Cues are cut
where a speaker would pause: after a sentence, then after a comma, colon or
semicolon, then before a conjunction or a preposition, and only as a last resort
inside a formula. A beat's cues never run into the next beat, so no cue spans
the pause between two beats. Pure Python: the same cues for the voiced and the
silent (``--voice none``) renders, only the word times differ.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import timedelta

LINE_WIDTH = 42
MAX_LINES = 2
MIN_CUE = 1.0  # seconds on screen, voiced
MAX_CUE = 7.0
LINGER = 0.3  # a cue stays this long after its last word, if the next allows
CLOSE_GAP = 0.25  # a shorter gap to the next cue is closed (no flicker)
READING_SPEED = 15.0  # characters a second, for the silent render
MIN_SILENT_CUE = 1.5

CONJUNCTIONS = frozenset(
    "and but or nor so yet because while whereas when whenever where which who whose "
    "that then until unless if though although since as after before once".split()
)
PREPOSITIONS = frozenset(
    "of in on at to for with from by into onto toward towards through across along "
    "around over under within without between about against near past than via".split()
)
# Words a line should not end on: they lean on the next word.
LEANING = frozenset("the a an its their each every this these no not one both".split())

_CUE_COST = 1.0  # each cue costs this much: fewer, fuller cues unless a break is bad
_SHORT_CUE_CHARS = 16  # a cue shorter than this reads as a flash
_SHORT_CUE_COST = 4.0
_FORMULA_BREAK_COST = 20.0


@dataclass(frozen=True)
class Cue:
    """One caption on screen from ``start`` to ``end`` (seconds), one or two lines."""

    start: float
    end: float
    lines: tuple[str, ...]

    @property
    def text(self) -> str:
        return "\n".join(self.lines)

    def shifted(self, offset: float) -> Cue:
        """The same cue ``offset`` seconds later (a beat's cue placed in its video)."""
        return Cue(self.start + offset, self.end + offset, self.lines)


def _bare(word: str) -> str:
    return word.strip(",.;:!?\"'()[]“”‘’—–").lower()


def break_cost(words: Sequence[str], in_formula: Sequence[bool], index: int) -> float:
    """How bad a break is before ``words[index]``: 0 after a sentence, 1 after a clause
    mark, 2 before a conjunction, 3 before a preposition, 6 elsewhere; worse after a
    leaning word and much worse inside a formula."""
    before, after = words[index - 1], words[index]
    if before.endswith((".", "?", "!")):
        cost = 0.0
    elif before.endswith((",", ";", ":", "—", ")")):
        cost = 1.0
    elif _bare(after) in CONJUNCTIONS:
        cost = 2.0
    elif _bare(after) in PREPOSITIONS:
        cost = 3.0
    else:
        cost = 6.0
    if _bare(before) in LEANING:
        cost += 4.0
    if in_formula[index - 1]:
        cost += _FORMULA_BREAK_COST
    return cost


def split_lines(
    words: Sequence[str], in_formula: Sequence[bool], first: int, stop: int
) -> tuple[float, tuple[str, ...]] | None:
    """The best way to show ``words[first:stop]`` in at most two lines of
    ``LINE_WIDTH``: (cost, lines), or None when it does not fit. One line when it
    fits; else the break that is best for sense and balance."""
    text = " ".join(words[first:stop])
    if len(text) <= LINE_WIDTH:
        return 0.0, (text,)
    best: tuple[float, tuple[str, ...]] | None = None
    for cut in range(first + 1, stop):
        top, bottom = " ".join(words[first:cut]), " ".join(words[cut:stop])
        if len(top) > LINE_WIDTH or len(bottom) > LINE_WIDTH:
            continue
        cost = (
            0.5 * break_cost(words, in_formula, cut)
            + 2.0 * abs(len(top) - len(bottom)) / LINE_WIDTH
        )
        if best is None or cost < best[0]:
            best = (cost, (top, bottom))
    return best


def plan_cues(
    words: Sequence[str],
    times: Sequence[tuple[float, float]],
    in_formula: Sequence[bool],
    *,
    min_duration: float = MIN_CUE,
    max_duration: float = MAX_CUE,
) -> list[tuple[range, tuple[str, ...]]]:
    """Group caption words into cues: each cue's word range and lines.

    Dynamic programming over the break points minimises the break costs, subject
    to the hard rules: every cue fits in two lines, its words are said within
    ``max_duration``, and a cue that is not the last has ``min_duration`` before the
    next one starts (the last may run on, the beat waits for it).
    """
    n = len(words)
    if n == 0:
        return []
    if too_long := [w for w in words if len(w) > LINE_WIDTH]:
        raise ValueError(f"caption word longer than a line ({LINE_WIDTH}): {too_long[0]!r}")
    inf = float("inf")
    cost = [0.0] + [inf] * n
    choice: list[tuple[int, tuple[str, ...]] | None] = [None] * (n + 1)
    for stop in range(1, n + 1):
        for first in range(stop - 1, -1, -1):
            if cost[first] == inf:
                continue
            start = times[first][0]
            if times[stop - 1][1] - start > max_duration:
                break
            fitted = split_lines(words, in_formula, first, stop)
            if fitted is None:
                if len(" ".join(words[first:stop])) > MAX_LINES * LINE_WIDTH:
                    break
                continue
            if stop < n and times[stop][0] - start < min_duration:
                continue
            total = cost[first] + _CUE_COST + fitted[0]
            if stop < n:
                total += break_cost(words, in_formula, stop)
            if len(" ".join(words[first:stop])) < _SHORT_CUE_CHARS:
                total += _SHORT_CUE_COST
            if total < cost[stop]:
                cost[stop] = total
                choice[stop] = (first, fitted[1])
    if cost[n] == inf:
        if min_duration > 0:  # a beat too tight for the rule: show its cues anyway
            return plan_cues(words, times, in_formula, min_duration=0.0, max_duration=max_duration)
        raise ValueError(f"cannot caption {' '.join(words)!r} within {max_duration} s a cue")
    plan: list[tuple[range, tuple[str, ...]]] = []
    stop = n
    while stop:
        picked = choice[stop]
        assert picked is not None
        first, lines = picked
        plan.insert(0, (range(first, stop), lines))
        stop = first
    return plan


def cut_cues(
    words: Sequence[str], times: Sequence[tuple[float, float]], in_formula: Sequence[bool]
) -> list[Cue]:
    """Cues for caption ``words`` said at ``times`` (start, end per word, seconds).

    Each cue starts at its first word, stays ``LINGER`` after its last word (at least
    ``MIN_CUE``, at most ``MAX_CUE``), and ends before the next cue starts; a gap
    shorter than ``CLOSE_GAP`` is closed. The voiced captions' rules are fixed: only
    ``plan_cues`` takes other durations (the silent render plans with no minimum).
    """
    plan = plan_cues(words, times, in_formula)
    cues: list[Cue] = []
    for index, (span, lines) in enumerate(plan):
        start = times[span.start][0]
        end = min(max(times[span.stop - 1][1] + LINGER, start + MIN_CUE), start + MAX_CUE)
        if index + 1 < len(plan):
            following = times[plan[index + 1][0].start][0]
            end = min(end, following)
            if following - end < CLOSE_GAP and following - start <= MAX_CUE:
                end = following
        cues.append(Cue(start, end, lines))
    return cues


def reading_times(
    words: Sequence[str],
    in_formula: Sequence[bool],
    *,
    chars_per_second: float = READING_SPEED,
    min_cue: float = MIN_SILENT_CUE,
) -> tuple[list[tuple[float, float]], list[Cue]]:
    """Word times and cues for a silent render: each word takes its characters (and
    a space) at ``chars_per_second``; a cue that would flash by in less than
    ``min_cue`` is stretched to it, and the words after it move on. Cues follow one
    another with no gap, so the beat lasts as long as reading it."""
    natural, clock = [], 0.0
    for word in words:
        length = (len(word) + 1) / chars_per_second
        natural.append((clock, clock + length))
        clock += length
    plan = plan_cues(words, natural, in_formula, min_duration=0.0)
    times: list[tuple[float, float]] = []
    cues: list[Cue] = []
    clock = 0.0
    for span, lines in plan:
        begin = natural[span.start][0]
        reading = natural[span.stop - 1][1] - begin
        stretch = max(1.0, min_cue / reading)
        for index in span:
            start, end = natural[index]
            times.append((clock + (start - begin) * stretch, clock + (end - begin) * stretch))
        cues.append(Cue(clock, clock + reading * stretch, lines))
        clock += reading * stretch
    return times, cues


# --- files ---------------------------------------------------------------------------


def srt_text(cues: Sequence[Cue]) -> str:
    """The cues as SubRip (``.srt``), via the ``srt`` package."""
    import srt

    return srt.compose(
        [
            srt.Subtitle(index, timedelta(seconds=c.start), timedelta(seconds=c.end), c.text)
            for index, c in enumerate(cues, start=1)
        ]
    )


def webvtt_text(cues: Sequence[Cue]) -> str:
    """The cues as WebVTT (``.vtt``), for the course page's ``<track>``."""
    blocks = ["WEBVTT", ""]
    for cue in cues:
        blocks += [f"{_vtt_time(cue.start)} --> {_vtt_time(cue.end)}", cue.text, ""]
    return "\n".join(blocks)


def _vtt_time(seconds: float) -> str:
    millis = round(seconds * 1000)
    hours, millis = divmod(millis, 3_600_000)
    minutes, millis = divmod(millis, 60_000)
    return f"{hours:02d}:{minutes:02d}:{millis / 1000:06.3f}"


def caption_problems(
    cues: Sequence[Cue], *, min_duration: float = MIN_CUE, max_duration: float = MAX_CUE
) -> list[str]:
    """Every way ``cues`` break the caption rules (an empty list when they keep them):
    line count and width, duration, order and overlap. For tests of rendered scenes."""
    problems = []
    for index, cue in enumerate(cues):
        name = f"cue {index + 1} ({cue.text!r})"
        if not 1 <= len(cue.lines) <= MAX_LINES:
            problems.append(f"{name} has {len(cue.lines)} lines")
        if any(len(line) > LINE_WIDTH for line in cue.lines):
            problems.append(f"{name} has a line over {LINE_WIDTH} characters")
        length = cue.end - cue.start
        if not min_duration - 1e-6 <= length <= max_duration + 1e-6:
            problems.append(f"{name} lasts {length:.2f} s")
        if index and cue.start < cues[index - 1].end - 1e-6:
            problems.append(f"{name} starts before the previous cue ends")
    return problems

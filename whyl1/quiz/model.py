"""The quiz's data model: questions, options, the video moment that explains each, and the
rules that keep every distractor apart from the answer.

Everything here is plain data (strings, floats, tuples), so one ``Quiz`` renders as JSON,
Moodle GIFT, a Canvas QTI zip and the page's HTML without any format knowing the maths.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import asdict, dataclass, field
from typing import Any

from whyl1 import stories
from whyl1.theme import number_text

CHOICE = "choice"
NUMERIC = "numeric"

# Numeric answers are asked "to 3 significant digits" and accepted within one unit of
# the third digit, so a learner who rounds an intermediate result is still right.
SIGNIFICANT_DIGITS = 3


@dataclass(frozen=True)
class Moment:
    """Where a story's video shows what a question asks: the story and one of its scene's
    sections (the names passed to ``next_section``)."""

    story: str
    section: str


@dataclass(frozen=True)
class StoryVideo:
    """A rendered video as the page links it: its address and the start, in seconds, of
    each section (from the render), so a moment becomes a ``#t=`` link."""

    href: str
    section_starts: Mapping[str, float]

    def link(self, section: str) -> str:
        """``href#t=<start>``: a W3C Media Fragments temporal link to the section's start."""
        return section_link(self.href, self.section_starts, section)


def moment_caption(moment: Moment) -> str:
    """Where to watch it, in words, for exports that carry no video: the story's title and
    the section's name."""
    title = stories.get(moment.story).title
    return f"Watch it in the video “{title}”, section “{moment.section}”."


def section_link(video_href: str, section_starts: Mapping[str, float], section: str) -> str:
    """The address of ``section`` inside a video: ``videos/steps.mp4#t=12.4``.

    ``section_starts`` maps section names to start times in seconds, as read from the
    render; a section the render does not have is an error (a renamed section would
    otherwise send learners to the wrong moment).
    """
    if section not in section_starts:
        known = ", ".join(section_starts) or "none"
        raise KeyError(f"video {video_href!r} has no section {section!r}; it has: {known}")
    start = float(section_starts[section])
    if not math.isfinite(start) or start < 0:
        raise ValueError(f"section {section!r} starts at {start}, not a time in the video")
    seconds = f"{start:.3f}".rstrip("0").rstrip(".")  # 12.400 → 12.4, 10.000 → 10
    return f"{video_href.split('#', 1)[0]}#t={seconds}"


@dataclass(frozen=True)
class Option:
    """One answer a learner can give, with the feedback that says why it is right or wrong.

    A distractor names the ``misconception`` it stands for. ``value`` is the option's
    number when it is one (always, in a numeric question); there an entry within
    ``value ± tolerance`` counts as this option.
    """

    text: str
    correct: bool
    feedback: str
    misconception: str = ""
    value: float | None = None
    tolerance: float = 0.0

    def matches(self, entry: float) -> bool:
        """Whether a typed number counts as this option (a hair of slack for rounding)."""
        if self.value is None:
            return False
        slack = self.tolerance * (1 + 1e-9) + 1e-12 * abs(self.value)
        return abs(entry - self.value) <= slack


@dataclass(frozen=True)
class Question:
    """One question of one story.

    ``kind`` is ``choice`` (pick one option, shown in ``options`` order) or ``numeric``
    (type a number; ``options`` holds the answer first, then the misconceptions'
    values, and ``other_feedback`` answers any other number). ``explanation`` is shown
    after every answer, with a link to ``moment`` in the story's video. ``computed`` says
    the question's numbers come from the story's parameters (so ``--set`` changes them).
    """

    id: str
    story: str
    kind: str
    title: str
    prompt: str
    options: tuple[Option, ...]
    explanation: str
    moment: Moment
    computed: bool
    other_feedback: str = ""

    @property
    def answer(self) -> Option:
        """The one correct option."""
        return next(option for option in self.options if option.correct)

    @property
    def distractors(self) -> tuple[Option, ...]:
        return tuple(option for option in self.options if not option.correct)


@dataclass(frozen=True)
class Quiz:
    """The questions in teaching order, and the parameter values they were computed from
    (story → parameter → value), so an export says which numbers it carries."""

    title: str
    questions: tuple[Question, ...]
    parameters: Mapping[str, Mapping[str, Any]] = field(default_factory=dict)

    def to_dict(self) -> dict[str, Any]:
        """The whole quiz as JSON-ready data (tuples become lists)."""
        return _jsonable(asdict(self))


def _jsonable(value: Any) -> Any:
    if isinstance(value, Mapping):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    return value


# ---------------------------------------------------------------------------
# Tolerances and the distractor guard
# ---------------------------------------------------------------------------


def significant_tolerance(value: float, digits: int = SIGNIFICANT_DIGITS) -> float:
    """One unit in the ``digits``-th significant digit of ``value`` (0 for exactly 0)."""
    if value == 0:
        return 0.0
    return 10.0 ** (math.floor(math.log10(abs(value))) - (digits - 1))


def numeric_option(
    value: float, correct: bool, feedback: str, misconception: str = "", *, whole: bool = False
) -> Option:
    """An option of a numeric question: its text, and its tolerance (0 for whole numbers,
    else one unit of the third significant digit)."""
    value = float(value) + 0.0  # −0.0 reads and exports as 0
    tolerance = 0.0 if whole else significant_tolerance(value)
    text = str(round(value)) if whole else number_text(value, SIGNIFICANT_DIGITS + 1)
    return Option(text, correct, feedback, misconception, value, tolerance)


def _clash(a: Option, b: Option) -> bool:
    """Whether two options could be taken for one another: the same text, or numbers whose
    acceptance bands touch."""
    if a.text == b.text:
        return True
    if a.value is None or b.value is None:
        return False
    return abs(a.value - b.value) <= a.tolerance + b.tolerance


def keep_distinct(answer: Option, candidates: Iterable[Option], keep: int) -> list[Option]:
    """The first ``keep`` candidates that cannot be mistaken for the answer or for each other.

    For numbers: finite values whose acceptance bands (``value ± tolerance``) are disjoint
    from the answer's and from every kept one's, and whose texts differ. For statements:
    different texts. A candidate that coincides is dropped and the next takes its place,
    so whatever the story's parameters, no distractor equals the answer.
    """
    kept: list[Option] = []
    for candidate in candidates:
        if len(kept) == keep:
            break
        if candidate.value is not None and not math.isfinite(candidate.value):
            continue
        if not any(_clash(candidate, other) for other in (answer, *kept)):
            kept.append(candidate)
    return kept


def choice_order(options: Iterable[Option]) -> tuple[Option, ...]:
    """Display order of a choice question: by value when every option is a number (the
    way a number line reads), else by text, so the answer's place carries no pattern."""
    options = list(options)
    if all(option.value is not None for option in options):
        return tuple(sorted(options, key=lambda option: option.value))  # type: ignore[arg-type,return-value]
    return tuple(sorted(options, key=lambda option: option.text.casefold()))

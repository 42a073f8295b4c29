"""The building blocks of the quiz's questions: how numbers are written in a sentence, and
how a question's options are assembled through the distractor guard.

Every answer is read from a story's result, never worked out here; what the question
modules work out are the distractors, the numbers a named misconception produces (the
L2 answer, an off-by-one, the density at 0), and each goes through ``keep_distinct`` so
that no parameter value can make one coincide with the answer.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from whyl1.quiz.model import (
    CHOICE,
    NUMERIC,
    Option,
    Question,
    choice_order,
    keep_distinct,
)
from whyl1.theme import number_text

DISTRACTORS = 3  # per question, when the guard leaves that many
DIGITS = "(3 significant digits)"


def n(value: float) -> str:
    """A number in a sentence: four significant digits, a true minus sign."""
    return number_text(float(value), 4)


def factor(value: float) -> str:
    """A number as a factor in a product: negative ones in parentheses, ``0.5·(−3)``."""
    return f"({n(value)})" if value < 0 else n(value)


def point(xy: Sequence[float]) -> str:
    """A 2-D point, ``(1.9, 3)``."""
    return f"({n(xy[0])}, {n(xy[1])})"


def wrong(text: str, misconception: str, feedback: str) -> Option:
    """A distractor of a choice question: a statement and why it is wrong."""
    return Option(text, False, feedback, misconception)


def number_choice(value: float, correct: bool, feedback: str, misconception: str = "") -> Option:
    """A number offered as a choice, written as the question's other numbers are."""
    value = float(value) + 0.0  # −0.0 reads as 0
    return Option(n(value), correct, feedback, misconception, value)


def choice_question(answer: Option, candidates: Sequence[Option], **fields: Any) -> Question:
    options = choice_order([answer, *keep_distinct(answer, candidates, DISTRACTORS)])
    return Question(kind=CHOICE, options=options, **fields)


def numeric_question(answer: Option, candidates: Sequence[Option], **fields: Any) -> Question:
    options = (answer, *keep_distinct(answer, candidates, DISTRACTORS))
    return Question(kind=NUMERIC, options=options, **fields)

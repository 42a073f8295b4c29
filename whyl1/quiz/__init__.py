"""The quiz: questions computed from the stories' parameters, with named misconceptions as
distractors, exported as JSON, Moodle GIFT, a Canvas QTI zip and a standalone HTML page.

``build_quiz(overrides)`` resolves each quizzed story's parameters through the catalogue
(``stories.get(name).resolve``), computes it with ``whyl1.maths`` and builds its
questions, so ``--set steps.w0=3`` changes the numbers the steps questions ask about.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import Any

from whyl1 import stories
from whyl1.quiz.model import (
    CHOICE,
    NUMERIC,
    Moment,
    Option,
    Question,
    Quiz,
    StoryVideo,
    section_link,
)
from whyl1.quiz.questions import BUILDERS

__all__ = [
    "CHOICE",
    "NUMERIC",
    "QUIZ_STORIES",
    "Moment",
    "Option",
    "Question",
    "Quiz",
    "StoryVideo",
    "build_quiz",
    "export",
    "section_link",
]

TITLE = "Why does L1 give exact zeros, and L2 does not?"

# The stories the quiz asks about, in teaching order.
QUIZ_STORIES: tuple[str, ...] = tuple(name for name, _ in BUILDERS)


def build_quiz(overrides: Mapping[str, Mapping[str, str]] | None = None) -> Quiz:
    """Every question, in teaching order, for the stories' defaults overridden by
    ``overrides`` (story → parameter → text, as typed after ``--set story.key=``).

    Overrides of stories the quiz does not ask about are ignored; a bad value raises the
    catalogue's ``ParamError``.
    """
    overrides = overrides or {}
    questions = []
    parameters: dict[str, dict[str, Any]] = {}
    for name, build in BUILDERS:
        story = stories.get(name)
        values = story.resolve(overrides.get(name))
        parameters[name] = dict(values)
        questions.extend(build(values, story.compute(values)))
    return Quiz(TITLE, tuple(questions), parameters)


# Each export format: the file it is written to, and whether it is text for standard output.
FORMATS: dict[str, tuple[str, bool]] = {
    "json": ("quiz.json", True),
    "gift": ("quiz.gift", True),
    "qti": ("quiz-qti.zip", False),
    "html": ("quiz.html", True),
}


def export(quiz: Quiz, fmt: str) -> bytes:
    """The quiz in one of ``FORMATS``: JSON (the whole data model), Moodle GIFT, a Canvas
    QTI 1.2 zip, or the standalone HTML page."""
    if fmt == "json":
        return (json.dumps(quiz.to_dict(), ensure_ascii=False, indent=2) + "\n").encode()
    if fmt == "gift":
        from whyl1.quiz.gift import quiz_gift

        return quiz_gift(quiz).encode()
    if fmt == "qti":
        from whyl1.quiz.qti import quiz_qti_zip

        return quiz_qti_zip(quiz)
    if fmt == "html":
        from whyl1.quiz.html_quiz import quiz_page

        return quiz_page(quiz).encode()
    raise ValueError(f"unknown quiz format {fmt!r}; known: {', '.join(FORMATS)}")

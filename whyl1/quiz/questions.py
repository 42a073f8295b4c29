"""The quiz's questions, story by story in teaching order: one builder per story takes the
story's checked parameter values and its computed result and returns its questions."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from whyl1.quiz.descent import epsilon_questions, oscillation_questions, steps_questions
from whyl1.quiz.model import Question
from whyl1.quiz.optima import (
    geometry_questions,
    kink_questions,
    priors_questions,
    thresholding_questions,
)

Builder = Callable[[Mapping[str, Any], Any], list[Question]]

# Teaching order: the catalogue's order of the stories that have a video.
BUILDERS: tuple[tuple[str, Builder], ...] = (
    ("steps", steps_questions),
    ("oscillation", oscillation_questions),
    ("epsilon", epsilon_questions),
    ("kink", kink_questions),
    ("geometry", geometry_questions),
    ("thresholding", thresholding_questions),
    ("priors", priors_questions),
)

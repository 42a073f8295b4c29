"""Moodle GIFT text of the quiz (Question bank → Import → GIFT).

Texts are written in GIFT's ``[html]`` format, HTML-escaped, so a ``<`` in a formula is
never read as a tag; then GIFT's own control characters ``~ = # { } :`` and the
backslash are escaped with a backslash, as Moodle's GIFT importer expects. A numeric
question lists its misconceptions as 0% answers with their own feedback (Moodle shows
the feedback of the answer a learner's number falls on) and ends with a catch-all ``~#``
feedback for any other number.
"""

from __future__ import annotations

import html

from whyl1.quiz.model import CHOICE, Option, Question, Quiz, moment_caption

_GIFT_SPECIAL = str.maketrans({c: "\\" + c for c in "\\~=#{}:"})


def escape(text: str) -> str:
    """Plain text as a GIFT ``[html]`` text: HTML-escaped, then GIFT-escaped, one line."""
    return html.escape(text, quote=False).translate(_GIFT_SPECIAL).replace("\n", "\\n")


def number(value: float) -> str:
    """A number as GIFT (and PHP's ``is_numeric``) reads it: plain decimal or e-notation."""
    return format(value, ".15g")


def _feedback(option: Option) -> str:
    return escape(option.feedback)


def question_gift(index: int, question: Question) -> str:
    """One question: ``::name::[html]text{answers ####general feedback}``."""
    name = escape(f"{index:02d} {question.title}")
    lines = [f"// {question.id} ({question.story}, video section {question.moment.section})"]
    lines.append(f"::{name}::[html]{escape(question.prompt)}{{")
    if question.kind == CHOICE:
        lines.extend(
            f"\t{'=' if o.correct else '~'}{escape(o.text)}#{_feedback(o)}"
            for o in question.options
        )
    else:
        lines[-1] += "#"
        for option in question.options:
            assert option.value is not None
            weight = 100 if option.correct else 0
            lines.append(
                f"\t=%{weight}%{number(option.value)}:{number(option.tolerance)}"
                f"#{_feedback(option)}"
            )
        lines.append(f"\t~#{escape(question.other_feedback)}")
    general = f"{question.explanation} {moment_caption(question.moment)}"
    lines.append(f"\t####{escape(general)}")
    lines.append("}")
    return "\n".join(lines)


def quiz_gift(quiz: Quiz) -> str:
    """The whole quiz as one GIFT file (UTF-8 text), questions in teaching order."""
    header = [
        f"// {quiz.title}",
        "// whyl1 quiz: every number is computed from the stories' parameters:",
        *(
            f"//   {story}: " + ", ".join(f"{k}={_param_text(v)}" for k, v in values.items())
            for story, values in quiz.parameters.items()
        ),
    ]
    blocks = [question_gift(i, q) for i, q in enumerate(quiz.questions, start=1)]
    return "\n".join(header) + "\n\n" + "\n\n".join(blocks) + "\n"


def _param_text(value: object) -> str:
    if isinstance(value, tuple):
        return ",".join(_param_text(v) for v in value)
    return number(value) if isinstance(value, float) else str(value)

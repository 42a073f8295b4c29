"""The quiz as HTML: a fragment for the course page and a standalone page (``whyl1 quiz
--format html``), both checked in the browser by ``whyl1/web/quiz.js``.

The questions and options are plain HTML (a ``fieldset`` per question, radio buttons with
labels, a labelled number field), so the quiz reads and prints without JavaScript and a
screen reader announces each question with its options. The answers and feedback ride
along as JSON for the script, which checks an answer when asked, shows why it is right
or wrong with a link to the moment in the video, and keeps the score: in the page only,
nothing is stored or sent.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping
from typing import Any

from whyl1 import stories
from whyl1.quiz.model import CHOICE, Question, Quiz, StoryVideo, moment_caption
from whyl1.templates import fill, web_file
from whyl1.theme import DARK, LIGHT, THEMES, Palette


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _palette_css(light: Palette, dark: Palette) -> str:
    """The whyl1 palettes as ``--wq-*`` custom properties: light, dark when the reader's
    system asks for it, and dark always under ``data-theme="dark"``."""

    def variables(p: Palette) -> str:
        roles = ("background", "foreground", "muted", "faint", "l1", "l2", "zero")
        return ";".join(f"--wq-{role}:{getattr(p, role)}" for role in roles)

    return (
        f".whyl1-quiz{{{variables(light)};color-scheme:light}}\n"
        f"@media (prefers-color-scheme: dark){{.whyl1-quiz{{{variables(dark)};"
        "color-scheme:dark}}\n"
        f'.whyl1-quiz[data-theme="dark"]{{{variables(dark)};color-scheme:dark}}\n'
    )


def _start_text(seconds: float) -> str:
    minutes, rest = divmod(round(seconds), 60)
    return f"{minutes}:{rest:02d}"


def script_data(quiz: Quiz, videos: Mapping[str, StoryVideo] | None = None) -> dict[str, Any]:
    """What ``quiz.js`` needs: each question's options with feedback and values, its
    explanation, and where to watch it (a ``#t=`` link when ``videos`` has the story)."""
    videos = videos or {}
    questions = []
    for question in quiz.questions:
        data = question_data(question)
        video = videos.get(question.story)
        if video is not None:
            href = video.link(question.moment.section)  # checks the section exists
            start = float(video.section_starts[question.moment.section])
            data["watch"] = {
                "href": href,
                "start": start,
                "text": f"Watch it in “{stories.get(question.story).title}” at "
                f"{_start_text(start)}",
            }
        questions.append(data)
    return {"questions": questions}


def question_data(question: Question) -> dict[str, Any]:
    return {
        "id": question.id,
        "kind": question.kind,
        "story": question.story,
        "options": [
            {
                "text": o.text,
                "correct": o.correct,
                "feedback": o.feedback,
                "value": o.value,
                "tolerance": o.tolerance,
            }
            for o in question.options
        ],
        "explanation": question.explanation,
        "otherFeedback": question.other_feedback,
        "watch": {"href": None, "start": None, "text": moment_caption(question.moment)},
    }


def _question_markup(index: int, total: int, question: Question) -> str:
    key = f"wq-{question.id}"
    if question.kind == CHOICE:
        options = "\n".join(
            fill("quiz-option.html", key=key, index=str(k), text=_e(option.text))
            for k, option in enumerate(question.options)
        )
        answers = fill("quiz-options.html", options=options)
    else:
        whole = question.answer.tolerance == 0
        hint = "A whole number." if whole else "3 significant digits are enough."
        answers = fill("quiz-entry.html", key=key, hint=hint)
    return fill(
        "quiz-question.html",
        key=key,
        id=_e(question.id),
        number=str(index),
        total=str(total),
        story=_e(stories.get(question.story).title),
        prompt=_e(question.prompt),
        answers=answers,
    )


def quiz_fragment(
    quiz: Quiz, videos: Mapping[str, StoryVideo] | None = None, theme: str = "light"
) -> str:
    """The quiz as one self-contained HTML fragment (markup, ``<style>``, ``<script>``), for
    the course page (once per page); ``videos`` maps a story to its rendered video and
    section starts, so each explanation links its moment."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
    script = web_file("quiz.js")
    if "</script" in script.lower():  # would end the inline <script> early
        raise ValueError("quiz.js must not contain '</script'")
    data = json.dumps(script_data(quiz, videos), ensure_ascii=False).replace("</", "<\\/")
    total = len(quiz.questions)
    items = "\n".join(_question_markup(i, total, q) for i, q in enumerate(quiz.questions, 1))
    return fill(
        "quiz.html",
        theme=theme,
        title=_e(quiz.title),
        total=str(total),
        items=items,
        data=data,
        palette=_palette_css(LIGHT, DARK),
        css=web_file("quiz.css"),
        script=script,
    )


def quiz_page(quiz: Quiz) -> str:
    """The standalone quiz page: works from ``file://``, makes no network request."""
    return fill(
        "quiz-page.html",
        title=_e(quiz.title),
        light=LIGHT.background,
        light_fg=LIGHT.foreground,
        dark=DARK.background,
        dark_fg=DARK.foreground,
        fragment=quiz_fragment(quiz),
    )

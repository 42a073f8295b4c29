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
from importlib import resources
from typing import Any

from whyl1 import stories
from whyl1.quiz.model import CHOICE, Question, Quiz, StoryVideo, moment_caption
from whyl1.theme import DARK, LIGHT, THEMES, Palette


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _web_file(name: str) -> str:
    """A file of ``whyl1/web`` (package data), as text."""
    return resources.files("whyl1").joinpath("web", name).read_text(encoding="utf-8")


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
    title = stories.get(question.story).title
    legend = (
        f'<legend class="wq-legend"><span class="wq-number">Question {index} of {total} · '
        f'{_e(title)}</span> <span class="wq-prompt">{_e(question.prompt)}</span></legend>'
    )
    if question.kind == CHOICE:
        answers = "\n".join(
            f'<div class="wq-option"><input type="radio" name="{key}" id="{key}-{k}" '
            f'value="{k}"><label for="{key}-{k}">{_e(option.text)}</label></div>'
            for k, option in enumerate(question.options)
        )
        answers = f'<div class="wq-options">\n{answers}\n</div>'
    else:
        whole = question.answer.tolerance == 0
        hint = "A whole number." if whole else "3 significant digits are enough."
        answers = (
            f'<div class="wq-entry"><label for="{key}-entry">Your answer</label> '
            f'<input type="text" id="{key}-entry" name="{key}" inputmode="decimal" '
            f'autocomplete="off" spellcheck="false" aria-describedby="{key}-hint"> '
            f'<span class="wq-hint" id="{key}-hint">{hint}</span></div>'
        )
    return (
        f'<li class="wq-question" id="{key}" data-question="{_e(question.id)}">\n'
        f'<form class="wq-form" novalidate>\n<fieldset class="wq-fieldset">\n{legend}\n'
        f'{answers}\n<button type="submit" class="wq-check">Check</button>\n</fieldset>\n'
        f'<div class="wq-feedback" id="{key}-feedback" tabindex="-1" aria-live="polite">'
        "</div>\n</form>\n</li>"
    )


def quiz_fragment(
    quiz: Quiz, videos: Mapping[str, StoryVideo] | None = None, theme: str = "light"
) -> str:
    """The quiz as one self-contained HTML fragment (markup, ``<style>``, ``<script>``), for
    the course page (once per page); ``videos`` maps a story to its rendered video and
    section starts, so each explanation links its moment."""
    if theme not in THEMES:
        raise ValueError(f"theme must be one of {', '.join(THEMES)}, got {theme!r}")
    script = _web_file("quiz.js")
    if "</script" in script.lower():  # would end the inline <script> early
        raise ValueError("quiz.js must not contain '</script'")
    data = json.dumps(script_data(quiz, videos), ensure_ascii=False).replace("</", "<\\/")
    total = len(quiz.questions)
    items = "\n".join(_question_markup(i, total, q) for i, q in enumerate(quiz.questions, 1))
    return (
        f'<section class="whyl1-quiz" data-theme="{theme}" aria-labelledby="wq-title">\n'
        f'<h2 id="wq-title">Quiz: {_e(quiz.title)}</h2>\n'
        f'<p class="wq-intro">{total} questions. Check each answer to see why it is right '
        "or wrong; your answers stay in this page: nothing is stored or sent.</p>\n"
        "<noscript><p>Checking answers needs JavaScript; the questions can still be read "
        "and printed.</p></noscript>\n"
        f'<ol class="wq-questions">\n{items}\n</ol>\n'
        '<div class="wq-end"><p class="wq-score" aria-live="polite"></p>\n'
        '<button type="button" class="wq-reset">Try again</button></div>\n'
        f'<script type="application/json" class="wq-data">{data}</script>\n'
        "</section>\n"
        f"<style>\n{_palette_css(LIGHT, DARK)}{_web_file('quiz.css')}</style>\n"
        f"<script>\n{script}</script>\n"
    )


PAGE = """<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>whyl1 quiz: {title}</title>
<style>
body{{margin:0;font:17px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"DejaVu Sans",sans-serif;
background:{light};color:{light_fg}}}
@media (prefers-color-scheme: dark){{body{{background:{dark};color:{dark_fg}}}}}
main{{max-width:48rem;margin:0 auto;padding:1rem}}
</style>
</head>
<body>
<main>
{fragment}
</main>
</body>
</html>
"""


def quiz_page(quiz: Quiz) -> str:
    """The standalone quiz page: works from ``file://``, makes no network request."""
    return PAGE.format(
        title=_e(quiz.title),
        light=LIGHT.background,
        light_fg=LIGHT.foreground,
        dark=DARK.background,
        dark_fg=DARK.foreground,
        fragment=quiz_fragment(quiz),
    )

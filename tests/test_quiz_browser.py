"""The standalone quiz page in headless Chromium, driven by the keyboard alone: every
question answered wrong (with a named misconception), then, after "Try again", right;
the feedback says why, the score counts, no console error, no request leaves the folder.

A screenshot of the answered quiz goes to build/screenshots/quiz.png to be looked at.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from browser import Browser, browser, chromium_path

from whyl1.quiz import CHOICE, build_quiz, export

REPO = Path(__file__).resolve().parent.parent
SCREENSHOTS = REPO / "build" / "screenshots"

pytestmark = pytest.mark.skipif(chromium_path() is None, reason="chromium is not installed")

# key: (code, Windows key code, the character it types or "")
KEYS = {
    "Tab": ("Tab", 9, ""),
    "Enter": ("Enter", 13, "\r"),
    " ": ("Space", 32, " "),
    "ArrowDown": ("ArrowDown", 40, ""),
}


def press(chrome: Browser, key: str) -> None:
    """One key, down and up; a key that types sends its character, as a real keyboard does
    (Enter submits a form and Space ticks a radio button only then)."""
    code, key_code, text = KEYS[key]
    event = {"key": key, "code": code, "windowsVirtualKeyCode": key_code}
    down = {**event, "type": "keyDown" if text else "rawKeyDown"}
    if text:
        down["text"] = text
    chrome.command("Input.dispatchKeyEvent", down)
    chrome.command("Input.dispatchKeyEvent", {**event, "type": "keyUp"})


def focused_matches(chrome: Browser, selector: str) -> bool:
    return chrome.evaluate(
        f"!!document.activeElement && document.activeElement.matches({selector!r})"
    )


def tab_to(chrome: Browser, selector: str, limit: int = 12) -> None:
    """Press Tab until the focused element matches ``selector`` (no Tab if it does)."""
    if focused_matches(chrome, selector):
        return
    for _ in range(limit):
        press(chrome, "Tab")
        if focused_matches(chrome, selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def text_of(chrome: Browser, selector: str) -> str:
    return chrome.evaluate(f"document.querySelector({selector!r}).innerText")


def answer(chrome: Browser, question, option) -> str:
    """Give ``option`` as the answer to ``question`` with the keyboard; its feedback text."""
    key = f"#wq-{question.id}"
    if question.kind == CHOICE:
        tab_to(chrome, f"{key} input[type=radio]")
        press(chrome, " ")  # nothing is ticked yet: Space ticks the first option
        for _ in range(question.options.index(option)):
            press(chrome, "ArrowDown")
        ticked = chrome.evaluate(f"document.querySelector('{key} input:checked').value")
        assert int(ticked) == question.options.index(option)
        press(chrome, "Tab")
        assert focused_matches(chrome, f"{key} .wq-check")
    else:
        tab_to(chrome, f"{key}-entry")
        chrome.command("Input.insertText", {"text": format(option.value, ".15g")})
    press(chrome, "Enter")
    assert focused_matches(chrome, f"{key}-feedback")  # read out next
    return text_of(chrome, f"{key}-feedback")


@pytest.fixture(scope="module")
def quiz_page(tmp_path_factory):
    folder = tmp_path_factory.mktemp("quiz")
    page = folder / "quiz.html"
    page.write_bytes(export(build_quiz(), "html"))
    with browser(tmp_path_factory.mktemp("profile")) as chrome:
        chrome.open(page.as_uri())
        yield chrome, page


def test_the_keyboard_alone_answers_wrong_then_right_with_feedback_and_score(quiz_page):
    chrome, page = quiz_page
    quiz = build_quiz()
    total = len(quiz.questions)
    assert text_of(chrome, ".wq-score") == f"Score: 0 of {total} (0 answered)."

    first = quiz.questions[0]
    for index, question in enumerate(quiz.questions, start=1):
        wrong = question.distractors[0]
        feedback = answer(chrome, question, wrong)
        assert feedback.startswith("Not quite.") and wrong.feedback in feedback, question.id
        assert f"The answer: {question.answer.text}." in feedback
        assert question.explanation in feedback and "Watch it in the video" in feedback
        score = (
            f"You scored 0 of {total}."
            if index == total
            else (f"Score: 0 of {total} ({index} answered).")
        )
        assert text_of(chrome, ".wq-score") == score

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    chrome.screenshot(SCREENSHOTS / "quiz-wrong.png")

    tab_to(chrome, ".wq-reset")
    press(chrome, "Enter")
    assert text_of(chrome, ".wq-score") == f"Score: 0 of {total} (0 answered)."
    assert chrome.evaluate(
        "[...document.querySelectorAll('.wq-feedback')].every(f => !f.innerText)"
    )
    assert focused_matches(chrome, f"#wq-{first.id}-entry")  # back at the first question

    for question in quiz.questions:
        feedback = answer(chrome, question, question.answer)
        assert feedback.startswith("Correct.") and question.answer.feedback in feedback
        assert "The answer:" not in feedback
    assert text_of(chrome, ".wq-score") == f"You scored {total} of {total}."

    chrome.screenshot(SCREENSHOTS / "quiz.png")
    assert chrome.errors() == []
    assert chrome.failed_requests() == []
    assert chrome.requested_urls() == [page.as_uri()]  # nothing else, and nothing outside


def test_an_empty_answer_gets_a_hint_and_a_stray_number_the_general_feedback(quiz_page):
    chrome, _ = quiz_page
    quiz = build_quiz()
    question = next(q for q in quiz.questions if q.kind != CHOICE)
    tab_to(chrome, ".wq-reset")
    press(chrome, "Enter")
    tab_to(chrome, f"#wq-{question.id} .wq-check")
    press(chrome, "Enter")  # nothing typed: a hint, no score
    assert "Type a number" in text_of(chrome, f"#wq-{question.id}-feedback")
    assert text_of(chrome, ".wq-score") == f"Score: 0 of {len(quiz.questions)} (0 answered)."
    assert focused_matches(chrome, f"#wq-{question.id}-entry")  # back where it is missing
    chrome.command("Input.insertText", {"text": "12345"})
    press(chrome, "Enter")
    feedback = text_of(chrome, f"#wq-{question.id}-feedback")
    assert feedback.startswith("Not quite.") and question.other_feedback in feedback
    assert chrome.errors() == []


def test_on_a_page_with_the_video_the_watch_link_seeks_it_by_keyboard(tmp_path):
    from whyl1.quiz import StoryVideo
    from whyl1.quiz.html_quiz import quiz_fragment

    quiz = build_quiz()
    first = quiz.questions[0]
    starts = {"rules": 0.0, "steps": 6.0, "landing": 21.5, "zoom": 40.0, "reason": 55.0}
    page = tmp_path / "index.html"
    page.write_text(
        '<!doctype html><html lang="en"><meta charset="utf-8"><title>t</title><body>'
        '<section id="steps"><video controls preload="none"></video></section>'
        + quiz_fragment(quiz, {"steps": StoryVideo("videos/steps.mp4", starts)})
        + "</body></html>",
        encoding="utf-8",
    )
    with browser(tmp_path / "profile") as chrome:
        chrome.open(page.as_uri())
        answer(chrome, first, first.answer)
        tab_to(chrome, f"#wq-{first.id}-feedback a")
        href = chrome.evaluate("document.activeElement.getAttribute('href')")
        assert href == "videos/steps.mp4#t=21.5"
        assert "at 0:22" in chrome.evaluate("document.activeElement.textContent")
        press(chrome, "Enter")
        assert chrome.evaluate("location.href") == page.as_uri()  # stayed on the page
        assert chrome.evaluate("document.querySelector('#steps video').currentTime") == 21.5
        assert focused_matches(chrome, "#steps video")
        # the page itself, and the video controls' own icons (data: URLs), nothing else
        fetched = [url for url in chrome.requested_urls() if not url.startswith("data:")]
        assert fetched == [page.as_uri()]
        assert chrome.errors() == []

"""The quiz's exports read back: JSON against its model, Moodle GIFT through a parser that
follows Moodle's own import rules, the Canvas QTI zip's XML; and the CLI's bad inputs."""

from __future__ import annotations

import html
import io
import json
import re
import zipfile
from xml.etree import ElementTree as ET

import pytest
from click.testing import CliRunner

from whyl1.cli import main
from whyl1.quiz import CHOICE, NUMERIC, build_quiz, export

QTI = "{http://www.imsglobal.org/xsd/ims_qtiasiv1p2}"
MANIFEST = "{http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1}"
SETS = {"steps": {"w0": "3", "eta": "0.25"}, "epsilon": {"eps": "0.3", "delta": "0.3"},
        "kink": {"c": "2.5"}, "thresholding": {"beta": "1,-3", "sigma": "2"}}  # fmt: skip


@pytest.fixture(scope="module")
def quizzes():
    return {"defaults": build_quiz(), "set": build_quiz(SETS)}


@pytest.fixture(params=["defaults", "set"])
def quiz(request, quizzes):
    return quizzes[request.param]


# --- JSON -------------------------------------------------------------------------------------


def test_json_holds_the_whole_quiz(quiz):
    data = json.loads(export(quiz, "json"))
    assert set(data) == {"title", "questions", "parameters"}
    assert data["parameters"]["steps"]["w0"] == quiz.parameters["steps"]["w0"]
    assert len(data["questions"]) == len(quiz.questions)
    for item, q in zip(data["questions"], quiz.questions, strict=True):
        assert set(item) == {"id", "story", "kind", "title", "prompt", "options", "explanation",
                             "moment", "computed", "other_feedback"}  # fmt: skip
        assert item["kind"] in (CHOICE, NUMERIC) and item["id"] == q.id
        assert item["moment"] == {"story": q.story, "section": q.moment.section}
        assert sum(o["correct"] for o in item["options"]) == 1
        for option, original in zip(item["options"], q.options, strict=True):
            assert set(option) == {"text", "correct", "feedback", "misconception", "value",
                                   "tolerance"}  # fmt: skip
            assert option["value"] == original.value and option["text"] == original.text
            if item["kind"] == NUMERIC:
                assert isinstance(option["value"], float) and option["tolerance"] >= 0


def test_set_values_reach_the_json_numbers(quizzes):
    data = json.loads(export(quizzes["set"], "json"))
    landing = next(q for q in data["questions"] if q["id"] == "steps-l1-landing")
    assert landing["options"][0]["value"] == 12.0  # 3 / 0.25
    assert "From w = 3 with η = 0.25" in landing["prompt"]


# --- GIFT, read back the way Moodle's importer reads it ---------------------------------------

# Moodle's qformat_gift swaps escaped control characters for placeholders before parsing
# and back afterwards; this parser does the same, with private-use characters.
GIFT_ESCAPES = {"\\\\": "\ue000", "\\:": "\ue001", "\\#": "\ue002", "\\=": "\ue003",
                "\\{": "\ue004", "\\}": "\ue005", "\\~": "\ue006", "\\n": "\ue007"}  # fmt: skip
GIFT_PLAIN = {"\ue000": "\\", "\ue001": ":", "\ue002": "#", "\ue003": "=", "\ue004": "{",
              "\ue005": "}", "\ue006": "~", "\ue007": "\n"}  # fmt: skip


def gift_unescape(text):
    for placeholder, char in GIFT_PLAIN.items():
        text = text.replace(placeholder, char)
    text = text.strip()
    if text.startswith("[html]"):
        text = text[len("[html]") :]
    return html.unescape(text)


def split_feedback(answer):
    text, _, feedback = answer.partition("#")
    return text.strip(), gift_unescape(feedback)


def parse_gift(source):
    """The questions of a GIFT file: name, text, kind, answers, general feedback."""
    questions = []
    for block in re.split(r"\n\s*\n", source):
        lines = [line for line in block.splitlines() if not line.strip().startswith("//")]
        text = "\n".join(lines).strip()
        if not text:
            continue
        text = text.replace("\\\\", GIFT_ESCAPES["\\\\"])
        for escaped, placeholder in GIFT_ESCAPES.items():
            text = text.replace(escaped, placeholder)
        assert text.startswith("::"), text
        name, text = text[2:].split("::", 1)
        start, end = text.index("{"), text.index("}")
        assert text[end + 1 :].strip() == "", "one answer block, at the end"
        prompt, answers = text[:start], text[start + 1 : end].strip()
        answers, _, general = answers.rpartition("####") if "####" in answers else (answers, "", "")
        question = {"name": gift_unescape(name), "prompt": gift_unescape(prompt),
                    "general": gift_unescape(general), "answers": []}  # fmt: skip
        if answers.startswith("#"):
            question["kind"] = NUMERIC
            answers, _, other = answers[1:].partition("~")
            question["other"] = split_feedback(other)[1]
            for answer in answers.split("=")[1:]:
                weight, value = re.fullmatch(r"%(\d+)%(.*)", answer.strip(), re.S).groups()
                value, feedback = split_feedback(value)
                number, tolerance = value.split(":")
                question["answers"].append(
                    {"weight": int(weight), "value": float(number),
                     "tolerance": float(tolerance), "feedback": feedback}
                )  # fmt: skip
        else:
            question["kind"] = CHOICE
            for answer in answers.replace("=", "~=").split("~")[1:]:
                answer = answer.strip()
                right = answer.startswith("=")
                text, feedback = split_feedback(answer[1:] if right else answer)
                question["answers"].append(
                    {"text": gift_unescape(text), "correct": right, "feedback": feedback}
                )
        questions.append(question)
    return questions


def test_gift_reads_back_to_the_same_questions_and_answers(quiz):
    parsed = parse_gift(export(quiz, "gift").decode())
    assert len(parsed) == len(quiz.questions)
    for index, (read, q) in enumerate(zip(parsed, quiz.questions, strict=True), start=1):
        assert read["name"] == f"{index:02d} {q.title}"
        assert read["prompt"] == q.prompt and read["kind"] == q.kind
        assert read["general"].startswith(q.explanation)
        assert f"section “{q.moment.section}”" in read["general"]
        if q.kind == CHOICE:
            assert [a["text"] for a in read["answers"]] == [o.text for o in q.options]
            assert [a["correct"] for a in read["answers"]] == [o.correct for o in q.options]
            assert [a["feedback"] for a in read["answers"]] == [o.feedback for o in q.options]
        else:
            assert read["other"] == q.other_feedback
            for answer, option in zip(read["answers"], q.options, strict=True):
                assert answer["weight"] == (100 if option.correct else 0)
                assert answer["value"] == pytest.approx(option.value, rel=1e-14, abs=1e-300)
                assert answer["tolerance"] == pytest.approx(option.tolerance, rel=1e-14)
                assert answer["feedback"] == option.feedback


def test_gift_escapes_every_control_character():
    from whyl1.quiz.gift import escape

    text = "a:b#c=d{e}f~g\\h <i> & j"
    escaped = escape(text)
    assert re.search(r"(?<!\\)[:#={}~]", escaped) is None
    assert escaped == "a\\:b\\#c\\=d\\{e\\}f\\~g\\\\h &lt;i&gt; &amp; j"
    parsed = parse_gift(f"::n::[html]{escaped}{{=x#y ~z#w}}")[0]
    assert parsed["prompt"] == text


# --- QTI ----------------------------------------------------------------------------------------


def mattext(element):
    """The text of an element's HTML material, tags stripped."""
    found = element.find(f"{QTI}material/{QTI}mattext")
    assert found.get("texttype") == "text/html"
    return html.unescape(re.sub(r"<[^>]+>", "", found.text))


def read_qti(data):
    archive = zipfile.ZipFile(io.BytesIO(data))
    assert archive.testzip() is None
    manifest = ET.fromstring(archive.read("imsmanifest.xml"))
    resources = manifest.findall(f"{MANIFEST}resources/{MANIFEST}resource")
    qti = [r for r in resources if r.get("type") == "imsqti_xmlv1p2"]
    assert len(qti) == 1
    href = qti[0].find(f"{MANIFEST}file").get("href")
    for resource in resources:
        for file in resource.findall(f"{MANIFEST}file"):
            assert file.get("href") in archive.namelist()
    return archive, ET.fromstring(archive.read(href))


def test_qti_has_one_item_per_question_with_the_right_answer_marked(quiz):
    archive, assessment = read_qti(export(quiz, "qti"))
    items = assessment.findall(f".//{QTI}item")
    assert len(items) == len(quiz.questions)
    for item, q in zip(items, quiz.questions, strict=True):
        fields = {f.findtext(f"{QTI}fieldlabel"): f.findtext(f"{QTI}fieldentry")
                  for f in item.iter(f"{QTI}qtimetadatafield")}  # fmt: skip
        assert mattext(item.find(f"{QTI}presentation")) == q.prompt
        feedback = {f.get("ident"): mattext(f.find(f"{QTI}flow_mat"))
                    for f in item.findall(f"{QTI}itemfeedback")}  # fmt: skip
        shown = {d.get("linkrefid") for d in item.iter(f"{QTI}displayfeedback")}
        assert shown <= set(feedback)
        assert feedback["general_fb"].startswith(q.explanation)
        scored = [c for c in item.iter(f"{QTI}respcondition")
                  if c.findtext(f"{QTI}setvar") == "100"]  # fmt: skip
        assert len(scored) == 1
        if q.kind == CHOICE:
            assert fields["question_type"] == "multiple_choice_question"
            labels = item.findall(f".//{QTI}response_label")
            assert [mattext(label) for label in labels] == [o.text for o in q.options]
            correct = scored[0].findtext(f"{QTI}conditionvar/{QTI}varequal")
            right = [mattext(label) for label in labels if label.get("ident") == correct]
            assert right == [q.answer.text]
            for label, option in zip(labels, q.options, strict=True):
                assert feedback[f"{label.get('ident')}_fb"] == option.feedback
        else:
            assert fields["question_type"] == "numerical_question"
            low = float(scored[0].findtext(f".//{QTI}vargte"))
            high = float(scored[0].findtext(f".//{QTI}varlte"))
            assert low <= q.answer.value <= high
            assert high - low == pytest.approx(2 * q.answer.tolerance, abs=1e-15)
            for distractor in q.distractors:
                assert not low <= distractor.value <= high
                assert distractor.feedback in feedback["general_incorrect_fb"]
    meta = archive.read(next(n for n in archive.namelist() if n.endswith("assessment_meta.xml")))
    assert ET.fromstring(meta).findtext("{http://canvas.instructure.com/xsd/cccv1p0}title")


def test_qti_is_the_same_bytes_for_the_same_quiz_and_new_for_new_numbers(quizzes):
    first, again = export(quizzes["defaults"], "qti"), export(build_quiz(), "qti")
    assert first == again
    names = zipfile.ZipFile(io.BytesIO(first)).namelist()
    changed = zipfile.ZipFile(io.BytesIO(export(quizzes["set"], "qti"))).namelist()
    assert set(names) != set(changed)  # a new assessment id: Canvas imports a new quiz


# --- the CLI ------------------------------------------------------------------------------------


@pytest.fixture
def runner():
    return CliRunner()


def run(runner, *args):
    return runner.invoke(main, ["quiz", *args], catch_exceptions=False)


def test_json_and_gift_print_to_standard_output(runner):
    result = run(runner)
    assert result.exit_code == 0
    assert json.loads(result.output)["questions"][0]["id"] == "steps-l1-landing"
    gift = run(runner, "--format", "gift", "--set", "steps.w0=3", "--set", "steps.eta=0.25")
    assert gift.exit_code == 0
    answer = parse_gift(gift.output)[0]["answers"][0]
    assert answer["weight"] == 100 and answer["value"] == 12.0  # 3 / 0.25 steps


@pytest.mark.parametrize(
    ("fmt", "name"),
    [("json", "quiz.json"), ("gift", "quiz.gift"), ("qti", "quiz-qti.zip"), ("html", "quiz.html")],
)
def test_out_writes_one_file_per_format(runner, tmp_path, fmt, name):
    result = run(runner, "--format", fmt, "--out", str(tmp_path / "q"))
    assert result.exit_code == 0, result.output
    written = tmp_path / "q" / name
    assert written.is_file() and str(written) in result.output
    assert written.read_bytes() == export(build_quiz(), fmt)


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--format", "pdf"], "'pdf' is not one of"),
        (["--format", "qti"], "give --out DIR"),
        (["--set", "nosuch.w0=1"], "expected STORY.PARAM=VALUE"),
        (["--set", "steps.nosuch=1"], "unknown parameter for story 'steps'"),
        (["--set", "kink.beta=1000"], "out of range; allowed: (0, 100]"),
        (["--set", "kink.beta=lots"], "expected a number"),
        (["--set", "steps.w0=5.1"], "never land exactly on 0"),
        (["--set", "steps.w0"], "expected key=value"),
        (["--set", "w0=3"], "expected STORY.PARAM=VALUE"),
        (["--set", "path.points=10"], "the quiz asks nothing about path"),
    ],
)
def test_bad_input_is_one_line_and_exit_status_2(runner, tmp_path, args, message):
    out = tmp_path / "quiz"
    result = run(runner, *args, "--out", str(out)) if "qti" not in args else run(runner, *args)
    assert result.exit_code == 2, result.output
    errors = [line for line in result.output.splitlines() if line.startswith("Error:")]
    assert len(errors) == 1 and message in errors[0], result.output
    assert "Traceback" not in result.output
    assert not out.exists()  # nothing written on bad input

"""A Canvas-importable QTI 1.2 zip of the quiz (Settings → Import course content → QTI .zip).

The zip holds what Canvas's QTI importer reads: ``imsmanifest.xml`` naming the
assessment, the assessment itself (``<id>/<id>.xml``, IMS QTI 1.2 ``questestinterop``)
and Canvas's quiz settings (``<id>/assessment_meta.xml``). Items follow the Canvas
dialect of QTI 1.2 (as Canvas exports it and the text2qti package writes it): a
``question_type`` in each item's metadata, ``response_lid`` choices for
``multiple_choice_question``, a decimal ``render_fib`` and a ``vargte``/``varlte`` range
for ``numerical_question``, and ``itemfeedback`` blocks for the general, per-choice and
incorrect feedback.

Written here rather than with text2qti: its numerical answers are rounded to four
decimals and must exceed 1e-4 in size, which the epsilon story's reductions under
``--set`` do not; its texts go through Markdown, which would need escaping of every
formula; and its manifest and zip entries carry today's date. This writer keeps
numbers exact, texts as escaped HTML, and the same quiz gives the same bytes.
"""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from xml.etree import ElementTree as ET

from whyl1.quiz.model import CHOICE, Question, Quiz, moment_caption

QTI_NS = "http://www.imsglobal.org/xsd/ims_qtiasiv1p2"
MANIFEST_NS = "http://www.imsglobal.org/xsd/imsccv1p1/imscp_v1p1"
CANVAS_NS = "http://canvas.instructure.com/xsd/cccv1p0"
IMSMD_NS = "http://www.imsglobal.org/xsd/imsmd_v1p2"  # the manifest's metadata (LOM)
ET.register_namespace("imsmd", IMSMD_NS)  # written imsmd:lom, as in Canvas's own manifests
QTI_RESOURCE = "imsqti_xmlv1p2"
META_RESOURCE = "associatedcontent/imscc_xmlv1p1/learning-application-resource"
POINTS = 1  # per question
ZIP_DATE = (1980, 1, 1, 0, 0, 0)  # the earliest a zip can say: no build date in the file


def quiz_identifier(quiz: Quiz) -> str:
    """A stable id from the quiz's content: the same numbers give the same id, a ``--set``
    gives a new one, so Canvas imports it as a new quiz rather than a clash."""
    digest = hashlib.sha256(json.dumps(quiz.to_dict(), sort_keys=True).encode()).hexdigest()
    return f"whyl1_quiz_{digest[:20]}"


def _sub(parent: ET.Element, tag: str, text: str | None = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = text
    return element


def _html(text: str) -> str:
    """A paragraph of HTML, as ``mattext texttype="text/html"`` carries it (the XML writer
    escapes it once more)."""
    paragraph = ET.Element("p")
    paragraph.text = text
    return ET.tostring(paragraph, encoding="unicode")


def _material(parent: ET.Element, text: str) -> None:
    material = _sub(parent, "material")
    _sub(material, "mattext", _html(text), texttype="text/html")


def _number(value: float) -> str:
    return format(value, ".15g")


def _metadata(item: ET.Element, fields: dict[str, str]) -> None:
    meta = _sub(_sub(item, "itemmetadata"), "qtimetadata")
    for label, entry in fields.items():
        field = _sub(meta, "qtimetadatafield")
        _sub(field, "fieldlabel", label)
        _sub(field, "fieldentry", entry)


def _condition(resprocessing: ET.Element, *, stop: bool) -> ET.Element:
    return _sub(resprocessing, "respcondition", **{"continue": "No" if stop else "Yes"})


def _show(condition: ET.Element, feedback_id: str) -> None:
    _sub(condition, "displayfeedback", feedbacktype="Response", linkrefid=feedback_id)


def _feedback(item: ET.Element, feedback_id: str, text: str) -> None:
    block = _sub(item, "itemfeedback", ident=feedback_id)
    _material(_sub(block, "flow_mat"), text)


def question_item(section: ET.Element, question: Question) -> ET.Element:
    """One ``<item>``: metadata, presentation, response processing and feedback."""
    item_id = "whyl1_" + question.id.replace("-", "_")
    item = _sub(section, "item", ident=item_id, title=question.title)
    choice = question.kind == CHOICE
    option_ids = [f"{item_id}_{k}" for k in range(len(question.options))]
    _metadata(
        item,
        {
            "question_type": "multiple_choice_question" if choice else "numerical_question",
            "points_possible": str(POINTS),
            "original_answer_ids": ",".join(option_ids) if choice else f"{item_id}_answer",
            "assessment_question_identifierref": f"{item_id}_ref",
        },
    )
    presentation = _sub(item, "presentation")
    _material(presentation, question.prompt)
    if choice:
        response = _sub(presentation, "response_lid", ident="response1", rcardinality="Single")
        render = _sub(response, "render_choice")
        for option_id, option in zip(option_ids, question.options, strict=True):
            _material(_sub(render, "response_label", ident=option_id), option.text)
    else:
        response = _sub(presentation, "response_str", ident="response1", rcardinality="Single")
        _sub(_sub(response, "render_fib", fibtype="Decimal"), "response_label", ident="answer1")

    processing = _sub(item, "resprocessing")
    outcomes = _sub(processing, "outcomes")
    _sub(outcomes, "decvar", maxvalue="100", minvalue="0", varname="SCORE", vartype="Decimal")
    general = _condition(processing, stop=False)
    _sub(_sub(general, "conditionvar"), "other")
    _show(general, "general_fb")
    if choice:
        for option_id in option_ids:
            shown = _condition(processing, stop=False)
            _sub(_sub(shown, "conditionvar"), "varequal", option_id, respident="response1")
            _show(shown, f"{option_id}_fb")
        correct = option_ids[question.options.index(question.answer)]
        scored = _condition(processing, stop=True)
        _sub(_sub(scored, "conditionvar"), "varequal", correct, respident="response1")
        _sub(scored, "setvar", "100", action="Set", varname="SCORE")
    else:
        answer = question.answer
        assert answer.value is not None
        scored = _condition(processing, stop=True)
        either = _sub(_sub(scored, "conditionvar"), "or")
        _sub(either, "varequal", _number(answer.value), respident="response1")
        band = _sub(either, "and")
        _sub(band, "vargte", _number(answer.value - answer.tolerance), respident="response1")
        _sub(band, "varlte", _number(answer.value + answer.tolerance), respident="response1")
        _sub(scored, "setvar", "100", action="Set", varname="SCORE")
        _show(scored, "correct_fb")
        other = _condition(processing, stop=False)
        _sub(_sub(other, "conditionvar"), "other")
        _show(other, "general_incorrect_fb")

    _feedback(item, "general_fb", f"{question.explanation} {moment_caption(question.moment)}")
    if choice:
        for option_id, option in zip(option_ids, question.options, strict=True):
            _feedback(item, f"{option_id}_fb", option.feedback)
    else:
        _feedback(item, "correct_fb", question.answer.feedback)
        slips = " ".join(
            f"{o.text} ({o.misconception}): {o.feedback}" for o in question.distractors
        )
        _feedback(item, "general_incorrect_fb", f"{question.other_feedback} Common slips: {slips}")
    return item


def assessment_xml(quiz: Quiz, identifier: str) -> bytes:
    """The ``questestinterop`` document: one section, one item per question, in order."""
    root = ET.Element("questestinterop", xmlns=QTI_NS)
    assessment = _sub(root, "assessment", ident=identifier, title=quiz.title)
    meta = _sub(_sub(assessment, "qtimetadata"), "qtimetadatafield")
    _sub(meta, "fieldlabel", "cc_maxattempts")
    _sub(meta, "fieldentry", "1")
    section = _sub(assessment, "section", ident="root_section")
    for question in quiz.questions:
        question_item(section, question)
    return _document(root)


def manifest_xml(identifier: str, title: str) -> bytes:
    """``imsmanifest.xml``: a title, and the assessment and its Canvas settings as two
    resources."""
    root = ET.Element("manifest", identifier=f"{identifier}_manifest", xmlns=MANIFEST_NS)
    metadata = _sub(root, "metadata")
    _sub(metadata, "schema", "IMS Content")
    _sub(metadata, "schemaversion", "1.1.3")
    general = _sub(_sub(metadata, f"{{{IMSMD_NS}}}lom"), f"{{{IMSMD_NS}}}general")
    _sub(_sub(general, f"{{{IMSMD_NS}}}title"), f"{{{IMSMD_NS}}}string", title)
    _sub(root, "organizations")
    resources = _sub(root, "resources")
    quiz = _sub(resources, "resource", identifier=identifier, type=QTI_RESOURCE)
    _sub(quiz, "file", href=f"{identifier}/{identifier}.xml")
    _sub(quiz, "dependency", identifierref=f"{identifier}_meta")
    meta_href = f"{identifier}/assessment_meta.xml"
    meta = _sub(
        resources, "resource", identifier=f"{identifier}_meta", type=META_RESOURCE, href=meta_href
    )
    _sub(meta, "file", href=meta_href)
    return _document(root)


def meta_xml(quiz: Quiz, identifier: str) -> bytes:
    """Canvas's quiz settings: title, an unpublished graded quiz, answers shown after."""
    root = ET.Element("quiz", identifier=identifier, xmlns=CANVAS_NS)
    points = f"{POINTS * len(quiz.questions):.1f}"
    for tag, text in (
        ("title", quiz.title),
        ("description", _html("Computed by whyl1 from the stories' parameters.")),
        ("shuffle_answers", "false"),
        ("scoring_policy", "keep_highest"),
        ("quiz_type", "assignment"),
        ("points_possible", points),
        ("show_correct_answers", "true"),
        ("allowed_attempts", "-1"),
        ("one_question_at_a_time", "false"),
        ("cant_go_back", "false"),
        ("available", "false"),
    ):
        _sub(root, tag, text)
    assignment = _sub(root, "assignment", identifier=f"{identifier}_assignment")
    for tag, text in (
        ("title", quiz.title),
        ("workflow_state", "unpublished"),
        ("quiz_identifierref", identifier),
        ("points_possible", points),
        ("grading_type", "points"),
        ("submission_types", "online_quiz"),
    ):
        _sub(assignment, tag, text)
    return _document(root)


def _document(root: ET.Element) -> bytes:
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True) + b"\n"


def quiz_qti_zip(quiz: Quiz) -> bytes:
    """The QTI zip's bytes: manifest, assessment and settings, with fixed entry dates."""
    identifier = quiz_identifier(quiz)
    entries = {
        "imsmanifest.xml": manifest_xml(identifier, quiz.title),
        "non_cc_assessments/": b"",
        f"{identifier}/{identifier}.xml": assessment_xml(quiz, identifier),
        f"{identifier}/assessment_meta.xml": meta_xml(quiz, identifier),
    }
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in entries.items():
            info = zipfile.ZipInfo(name, date_time=ZIP_DATE)
            info.compress_type = zipfile.ZIP_STORED if name.endswith("/") else zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
    return buffer.getvalue()

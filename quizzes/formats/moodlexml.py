"""Moodle XML import and export: multichoice (single or multiple answers), multichoiceset (all or
nothing), truefalse, numerical, matching and category "questions".

Imported files come from users, so the parser refuses any DTD (`<!DOCTYPE`, entity declarations):
no entity expansion, no external resource. Fractions are percentages (`fraction="33.33333"`); text
formats map `html`, `markdown`, `plain_text` to ours and Moodle's `moodle_auto_format` to Markdown.
Per-answer formats are not kept: a question has one text format. Embedded files (`<file>`) and units
of numerical questions are ignored. Texts are written in CDATA when they contain markup characters.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from decimal import Decimal, InvalidOperation
from typing import Callable, Iterable
from xml.parsers import expat

from quizzes.formats.common import (
    ALL_OR_NOTHING_TAG,
    ImportResult,
    format_number,
    fraction_from_percent,
    normalise_category,
    percent,
    read_tags,
    write_tags,
)
from quizzes.questions import (
    Choice,
    MatchPair,
    NumericAnswer,
    QuestionData,
    default_title,
    letter_ids,
)

_FROM_MOODLE = {"html": "html", "markdown": "markdown", "plain_text": "plain", "moodle_auto_format": "markdown"}
_TO_MOODLE = {"html": "html", "markdown": "markdown", "plain": "plain_text"}


class _Refused(Exception):
    """A construct we never parse in a user's file; carries the line it is on."""

    def __init__(self, line: int):
        super().__init__("Fichier refusé : les déclarations DOCTYPE et ENTITY ne sont pas acceptées.")
        self.line = line


# --- reading --------------------------------------------------------------------------------------


def _parse(text: str | bytes) -> tuple[ET.Element, dict[ET.Element, int]]:
    """The document tree and the line each element starts on; DTDs and entities refused."""
    builder = ET.TreeBuilder()
    parser = expat.ParserCreate()
    lines: dict[ET.Element, int] = {}

    def start(tag: str, attributes: dict[str, str]) -> None:
        lines[builder.start(tag, attributes)] = parser.CurrentLineNumber

    def refuse(*_args) -> None:
        raise _Refused(parser.CurrentLineNumber)

    parser.StartElementHandler = start
    parser.EndElementHandler = builder.end
    parser.CharacterDataHandler = builder.data
    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    parser.buffer_text = True
    parser.Parse(text, True)
    return builder.close(), lines


def _text(element: ET.Element | None, path: str = "text") -> str:
    if element is None:
        return ""
    return (element.findtext(path) or "").strip()


def _format(element: ET.Element | None) -> str:
    name = "moodle_auto_format" if element is None else element.get("format", "moodle_auto_format")
    if name not in _FROM_MOODLE:
        raise ValueError(f"Format de texte Moodle inconnu : « {name} ».")
    return _FROM_MOODLE[name]


def _fraction(answer: ET.Element) -> float:
    try:
        return fraction_from_percent(answer.get("fraction", "0"))
    except InvalidOperation:
        raise ValueError(f"Note de réponse illisible : « {answer.get('fraction')} ».") from None


def _number(text: str, what: str) -> float:
    try:
        value = Decimal(text.strip().replace(",", "."))
    except InvalidOperation:
        value = None
    if value is None or not value.is_finite():
        raise ValueError(f"{what} illisible : « {text} ».")
    return float(value)


def _choices(question: ET.Element) -> list[Choice]:
    answers = question.findall("answer")
    return [Choice(i, _text(a), _fraction(a), _text(a.find("feedback")))
            for i, a in zip(letter_ids(len(answers)), answers)]


def _fill_multichoice(q: QuestionData, question: ET.Element) -> None:
    single = (question.findtext("single") or "true").strip().lower() in ("true", "1")
    q.type = "single" if single else "multiple"
    q.choices = _choices(question)


def _fill_multichoiceset(q: QuestionData, question: ET.Element) -> None:
    q.type, q.all_or_nothing = "multiple", True
    q.choices = _choices(question)


def _fill_truefalse(q: QuestionData, question: ET.Element) -> None:
    q.type = "truefalse"
    by_text = {_text(a).lower(): a for a in question.findall("answer")}
    if set(by_text) != {"true", "false"}:
        raise ValueError("Une question vrai/faux doit avoir une réponse « true » et une « false ».")
    q.correct = _fraction(by_text["true"]) > _fraction(by_text["false"])
    q.feedback_true = _text(by_text["true"].find("feedback"))
    q.feedback_false = _text(by_text["false"].find("feedback"))


def _fill_numerical(q: QuestionData, question: ET.Element) -> None:
    q.type = "numeric"
    for answer in question.findall("answer"):
        value_text = _text(answer)
        value = None if value_text in ("*", "") else _number(value_text, "Valeur")
        tolerance = _number(answer.findtext("tolerance") or "0", "Tolérance")
        q.numeric_answers.append(NumericAnswer(value, tolerance if value is not None else 0.0, "absolute",
                                               _fraction(answer), _text(answer.find("feedback"))))


def _fill_matching(q: QuestionData, question: ET.Element) -> None:
    q.type = "matching"
    subquestions = question.findall("subquestion")
    q.pairs = [MatchPair(i, _text(s), _text(s.find("answer")))
               for i, s in zip(letter_ids(len(subquestions)), subquestions)]


_FILLERS: dict[str, Callable[[QuestionData, ET.Element], None]] = {
    "multichoice": _fill_multichoice,
    "multichoiceset": _fill_multichoiceset,
    "truefalse": _fill_truefalse,
    "numerical": _fill_numerical,
    "matching": _fill_matching,
}


def _question(question: ET.Element, kind: str, category: str) -> QuestionData:
    body = question.find("questiontext")
    text = _text(body)
    tags = [(tag.findtext("text") or "").strip() for tag in question.iterfind("tags/tag")]
    meta = read_tags([tag for tag in tags if tag])
    q = QuestionData(type="", title=_text(question.find("name")) or default_title(text), text=text,
                     text_format=_format(body), general_feedback=_text(question.find("generalfeedback")),
                     category=category, tags=meta.tags, difficulty=meta.difficulty,
                     all_or_nothing=meta.all_or_nothing)
    _FILLERS[kind](q, question)
    return q


def import_moodlexml(text: str | bytes, category: str | None = None) -> ImportResult:
    """Questions of a Moodle XML file; `category` is used until the file names one."""
    result = ImportResult()
    try:
        root, lines = _parse(text)
    except _Refused as exc:
        result.skip(exc.line, str(exc))
        return result
    except expat.ExpatError as exc:
        result.skip(exc.lineno, f"XML mal formé : {expat.ErrorString(exc.code)} (ligne {exc.lineno}).")
        return result
    if root.tag != "quiz":
        result.skip(1, f"Élément racine <quiz> attendu, <{root.tag}> trouvé.")
        return result
    current = normalise_category(category)
    for question in root.iterfind("question"):
        kind, line = question.get("type", ""), lines[question]
        if kind == "category":
            current = normalise_category(_text(question.find("category")))
        elif kind not in _FILLERS:
            result.skip(line, f"Type de question Moodle « {kind} » non pris en charge.")
        else:
            try:
                result.add(line, _question(question, kind, current))
            except ValueError as exc:
                result.skip(line, str(exc))
    return result


# --- writing --------------------------------------------------------------------------------------

_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def _content(text: str) -> str:
    text = _NOT_XML.sub("", text)
    if not re.search(r"[<>&]", text):
        return text
    return "<![CDATA[" + text.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _text_element(tag: str, text: str, fmt: str | None = None, indent: str = "    ") -> str:
    attribute = f' format="{fmt}"' if fmt else ""
    return f"{indent}<{tag}{attribute}><text>{_content(text)}</text></{tag}>"


def _answer(fraction: float, text: str, feedback: str, fmt: str, extra: Iterable[str] = ()) -> list[str]:
    return [f'    <answer fraction="{percent(fraction)}" format="{fmt}">',
            f"      <text>{_content(text)}</text>",
            _text_element("feedback", feedback, fmt, "      "),
            *extra,
            "    </answer>"]


def _choice_lines(q: QuestionData, fmt: str) -> list[str]:
    lines = [] if q.all_or_nothing else [f"    <single>{'true' if q.type == 'single' else 'false'}</single>"]
    lines += ["    <shuffleanswers>true</shuffleanswers>", "    <answernumbering>abc</answernumbering>"]
    for c in q.choices:
        lines += _answer(c.fraction, c.text, c.feedback, fmt)
    return lines


def _truefalse_lines(q: QuestionData, fmt: str) -> list[str]:
    return (_answer(1.0 if q.correct else 0.0, "true", q.feedback_true, fmt)
            + _answer(0.0 if q.correct else 1.0, "false", q.feedback_false, fmt))


def _numeric_lines(q: QuestionData, fmt: str) -> list[str]:
    lines = []
    for a in q.numeric_answers:
        value = "*" if a.value is None else format_number(a.value)
        tolerance = format_number(a.absolute_tolerance())
        lines += _answer(a.fraction, value, a.feedback, fmt, [f"      <tolerance>{tolerance}</tolerance>"])
    return lines


def _matching_lines(q: QuestionData, fmt: str) -> list[str]:
    lines = ["    <shuffleanswers>true</shuffleanswers>"]
    for p in q.pairs:
        lines += [f'    <subquestion format="{fmt}">', f"      <text>{_content(p.left)}</text>",
                  f"      <answer><text>{_content(p.right)}</text></answer>", "    </subquestion>"]
    return lines


_BODY = {"single": ("multichoice", _choice_lines), "multiple": ("multichoice", _choice_lines),
         "truefalse": ("truefalse", _truefalse_lines), "numeric": ("numerical", _numeric_lines),
         "matching": ("matching", _matching_lines)}


def _question_lines(q: QuestionData) -> list[str]:
    kind, body = _BODY[q.type]
    if q.all_or_nothing:
        kind = "multichoiceset"
    fmt = _TO_MOODLE[q.text_format]
    lines = [f'  <question type="{kind}">', _text_element("name", q.title),
             _text_element("questiontext", q.text, fmt), _text_element("generalfeedback", q.general_feedback, fmt),
             "    <defaultgrade>1</defaultgrade>", "    <penalty>0</penalty>", "    <hidden>0</hidden>"]
    lines += body(q, fmt)
    tags = [tag for tag in write_tags(q) if not (q.all_or_nothing and tag == ALL_OR_NOTHING_TAG)]
    if tags:
        lines += ["    <tags>"] + [f"      <tag><text>{_content(t)}</text></tag>" for t in tags] + ["    </tags>"]
    return lines + ["  </question>"]


def export_moodlexml(questions: Iterable[QuestionData]) -> str:
    """Moodle XML that `import_moodlexml` (and Moodle) reads back into the same questions.

    Relative tolerances are written as the equivalent absolute ones (Moodle's numerical questions
    have absolute tolerances only).
    """
    lines = ['<?xml version="1.0" encoding="UTF-8"?>', "<quiz>"]
    category = None
    for q in questions:
        if q.category != category:
            path = "$course$/top" + (f"/{q.category}" if q.category else "")
            lines += ['  <question type="category">', _text_element("category", path), "  </question>"]
            category = q.category
        lines += _question_lines(q)
    return "\n".join(lines + ["</quiz>"]) + "\n"

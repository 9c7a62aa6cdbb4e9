"""GIFT, Moodle's text format for questions: parsing, conversion to `QuestionData`, export.

Parsing gives a faithful GIFT parse tree (`parse_gift`), close to the shape of the public GIFT test
suite (gift-pegjs), so it can be checked against that corpus; `import_gift` turns it into questions.

Rules followed (Moodle's GIFT documentation and importer):
- questions are separated by blank lines; lines starting with `//` are comments, and a comment's
  `[tag:x]` markers go to the next question (our banks: `// [tag:moyen]`, see `common.read_tags`);
- `$CATEGORY: path` sets the category of the questions that follow;
- `::title::`, then an optional `[html]`/`[markdown]`/`[plain]`/`[moodle]` text format, the text, and
  one answer block `{...}`; text after the block makes a blank `_____` in the question text;
- escapes `\\~ \\= \\# \\{ \\} \\:` give the character, `\\n` a line break, `\\\\` a backslash;
- texts without a format (Moodle's "auto-format") have their runs of white space collapsed; texts
  with an explicit format are kept as written. Auto-format texts are imported as Markdown, which is
  how our own banks are written;
- `{T}`/`{TRUE}`/`{F}`/`{FALSE}` true/false, with `#feedback for a wrong answer#feedback for a right
  answer`; `{#...}` numeric (`3.5:0.1`, ranges `1..5`, several `=` answers, `~#feedback` for any other
  answer); `=` and `~` choices with `%50%` weights and `#feedback`, `####general feedback`; all `=`
  answers of the form `left -> right` make a matching question.

Single choice when at least one answer is marked `=`, multiple answers otherwise (Moodle's rule).
Not supported, and reported as skipped: descriptions (no answer block), essays (`{}`), short answers
(only `=` answers), several answer blocks. An answer's own format tag is read but the question keeps
one format for all its texts. Ranges are stored as value and tolerance (`1..5` is `3` ± `2`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Iterable

from quizzes.formats.common import (
    ImportResult,
    format_number,
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

# --- parse tree -----------------------------------------------------------------------------------


@dataclass
class GiftText:
    text: str
    format: str  # "moodle" (no format given), "html", "markdown" or "plain"


@dataclass
class GiftChoice:
    correct: bool  # marked `=` rather than `~`
    weight: Decimal | None  # the `%n%` percentage, when given
    text: GiftText
    feedback: GiftText | None = None


@dataclass
class GiftNumber:
    kind: str  # "simple" (3.5), "range" (3.5:0.1), "high-low" (1..5) or "other" (any other answer)
    number: Decimal | None = None
    tolerance: Decimal | None = None
    low: Decimal | None = None
    high: Decimal | None = None


@dataclass
class GiftNumericAnswer:
    correct: bool
    weight: Decimal | None
    number: GiftNumber
    feedback: GiftText | None = None


@dataclass
class GiftPair:
    left: GiftText
    right: str


@dataclass
class GiftQuestion:
    line: int
    kind: str  # "MC", "TF", "Numerical" or "Matching" (the test suite's names)
    title: str | None
    stem: GiftText
    embedded: bool = False  # the answer block sits inside the text
    tags: list[str] = field(default_factory=list)
    general_feedback: GiftText | None = None
    choices: list[GiftChoice] = field(default_factory=list)
    numbers: list[GiftNumericAnswer] = field(default_factory=list)
    single_number: bool = False  # `{#3.5:0.1}` rather than `{#=3.5:0.1}`
    pairs: list[GiftPair] = field(default_factory=list)
    is_true: bool | None = None
    wrong_feedback: GiftText | None = None  # true/false: shown to whoever answers wrongly
    right_feedback: GiftText | None = None


@dataclass
class GiftCategory:
    line: int
    path: str


@dataclass
class GiftSkipped:
    line: int
    error: str
    kind: str | None = None  # the GIFT type we do not support ("Essay", "Short", "Description")


GiftItem = GiftQuestion | GiftCategory | GiftSkipped


class _GiftError(ValueError):
    """A malformed question (French message)."""


# --- lexical layer --------------------------------------------------------------------------------

_ASCII_SPACE = " \t\n\r\f\v"
_ESCAPABLE = "\\~=#{}:n"
_PLACEHOLDER = 0xF0000  # Supplementary Private Use Area: never typed in a question file
_DECODED = {chr(_PLACEHOLDER + i): ("\n" if c == "n" else c) for i, c in enumerate(_ESCAPABLE)}
_ESCAPE = re.compile(r"\\([\\~=#{}:n])")
_FORMAT = re.compile(r"\s*\[(html|moodle|plain|markdown)\]")
_WEIGHT = re.compile(r"\s*%(-?\d+(?:[.,]\d+)?)%")
_TAG = re.compile(r"\[tag:([^\]]+)\]")
_TRUE_FALSE = re.compile(r"(TRUE|FALSE|T|F)\s*(#.*)?", re.S)
_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?")


def _protect(text: str) -> str:
    """Replace escape sequences by placeholders so control characters can be searched plainly."""
    return _ESCAPE.sub(lambda m: chr(_PLACEHOLDER + _ESCAPABLE.index(m.group(1))), text)


def _decode(text: str) -> str:
    return "".join(_DECODED.get(ch, ch) for ch in text)


def _normalise(raw: str, fmt: str) -> str:
    """Trim, and collapse white space in auto-format texts; non-breaking spaces are text, kept."""
    text = raw.strip(_ASCII_SPACE)
    if fmt == "moodle":
        text = re.sub(f"[{_ASCII_SPACE}]+", " ", text)
    return _decode(text)


def _formatted(raw: str, inherited: str) -> GiftText:
    """A text that may start with its own format tag; otherwise it has the question's format."""
    match = _FORMAT.match(raw)
    fmt = match.group(1) if match else inherited
    return GiftText(_normalise(raw[match.end():] if match else raw, fmt), fmt)


def _feedback(raw: str | None, inherited: str) -> GiftText | None:
    if raw is None:
        return None
    text = _formatted(raw, inherited)
    return text if text.text else None


def _decimal(raw: str, what: str) -> Decimal:
    text = _decode(raw).strip()
    if "," in text and "." not in text:
        text = text.replace(",", ".")
    if not _NUMBER.fullmatch(text):
        raise _GiftError(f"{what} illisible : « {_decode(raw).strip()} » "
                         "(un « = », « ~ » ou « # » du texte serait-il non échappé ?).")
    return Decimal(text)


# --- structure ------------------------------------------------------------------------------------


def parse_gift(text: str) -> list[GiftItem]:
    """The GIFT file as categories, questions and skipped questions, in file order."""
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    items: list[GiftItem] = []
    block: list[tuple[int, str]] = []
    tags_before: list[str] = []  # for the question of the current block
    tags_after: list[str] = []  # comments inside a question: for the next one

    def flush() -> None:
        nonlocal block, tags_before, tags_after
        rest = block
        if rest and rest[0][1].strip().startswith("$CATEGORY:"):
            line_no, line = rest[0]
            items.append(GiftCategory(line_no, line.strip()[len("$CATEGORY:"):].strip()))
            rest = rest[1:]
        if rest:
            items.append(_question(rest, tags_before))
            tags_before, tags_after = tags_after, []
        else:
            tags_before, tags_after = tags_before + tags_after, []
        block = []

    for number, line in enumerate(lines, start=1):
        stripped = line.strip()
        if stripped.startswith("//"):
            (tags_after if block else tags_before).extend(t.strip() for t in _TAG.findall(stripped))
        elif not stripped:
            flush()
        else:
            block.append((number, line))
    flush()
    return items


def _question(block: list[tuple[int, str]], tags: list[str]) -> GiftQuestion | GiftSkipped:
    line = block[0][0]
    try:
        return _parse_question(_protect("\n".join(text for _, text in block)), line, list(tags))
    except _GiftError as exc:
        return GiftSkipped(line, str(exc))


_UNSUPPORTED = {
    "Description": "Texte sans bloc de réponses (description) : non importé.",
    "Essay": "Question ouverte (essay) : type non pris en charge.",
    "Short": "Question à réponse courte (short answer) : type non pris en charge.",
}


class _Unsupported(Exception):
    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


def _parse_question(raw: str, line: int, tags: list[str]) -> GiftQuestion | GiftSkipped:
    title = None
    title_match = re.match(r"\s*::(.*?)::", raw, re.S)
    if title_match:
        title = _normalise(title_match.group(1), "moodle")
        raw = raw[title_match.end():]
    opening, closing = raw.find("{"), raw.find("}")
    if opening < 0:
        if closing >= 0:
            raise _GiftError("Accolade « } » sans « { » : échappez-la (\\}) si elle fait partie du texte.")
        return GiftSkipped(line, _UNSUPPORTED["Description"], "Description")
    if 0 <= closing < opening:
        raise _GiftError("Accolade « } » avant le bloc de réponses : échappez-la (\\}).")
    closing = raw.find("}", opening + 1)
    if closing < 0:
        raise _GiftError("Bloc de réponses non fermé : « } » manquante.")
    before, answers, after = raw[:opening], raw[opening + 1:closing], raw[closing + 1:]
    if "{" in after or "}" in after:
        raise _GiftError("Plusieurs blocs de réponses (question à trous multiples) : non pris en charge.")

    stem_format = _FORMAT.match(before)
    fmt = stem_format.group(1) if stem_format else "moodle"
    stem_raw = before[stem_format.end():] if stem_format else before
    embedded = bool(after.strip())
    if embedded:
        stem_raw = f"{stem_raw.strip(_ASCII_SPACE)} _____ {after.strip(_ASCII_SPACE)}"
    question = GiftQuestion(line, "", title, GiftText(_normalise(stem_raw, fmt), fmt), embedded, tags)

    general_at = answers.find("####")
    if general_at >= 0:
        question.general_feedback = _feedback(answers[general_at + 4:], fmt)
        answers = answers[:general_at]
    try:
        _parse_answers(question, answers.strip())
    except _Unsupported as unsupported:
        return GiftSkipped(line, _UNSUPPORTED[unsupported.kind], unsupported.kind)
    return question


def _parse_answers(q: GiftQuestion, body: str) -> None:
    fmt = q.stem.format
    true_false = _TRUE_FALSE.fullmatch(body)
    if not body:
        raise _Unsupported("Essay")
    if body.startswith("#"):
        q.kind = "Numerical"
        _parse_numeric(q, body[1:].strip())
    elif true_false:
        q.kind = "TF"
        q.is_true = true_false.group(1) in ("T", "TRUE")
        feedbacks = (true_false.group(2) or "")[1:].split("#") if true_false.group(2) else []
        q.wrong_feedback = _feedback(feedbacks[0], fmt) if feedbacks else None
        q.right_feedback = _feedback("#".join(feedbacks[1:]), fmt) if len(feedbacks) > 1 else None
    else:
        answers = _split_answers(body)
        if all(marker == "=" for marker, _ in answers):
            if all("->" in raw for _, raw in answers):
                q.kind = "Matching"
                q.pairs = [_pair(raw, fmt) for _, raw in answers]
                return
            raise _Unsupported("Short")
        q.kind = "MC"
        for marker, raw in answers:
            weight, rest = _weight(raw)
            text, feedback = _text_and_feedback(rest)
            q.choices.append(GiftChoice(marker == "=", weight, _formatted(text, fmt), _feedback(feedback, fmt)))


def _split_answers(body: str) -> list[tuple[str, str]]:
    """`=a#x ~b` -> [("=", "a#x "), ("~", "b")]; text before the first marker is a short answer."""
    pieces = re.split(r"([=~])", body)
    if pieces[0].strip():
        raise _Unsupported("Short")
    return list(zip(pieces[1::2], pieces[2::2]))


def _weight(raw: str) -> tuple[Decimal | None, str]:
    match = _WEIGHT.match(raw)
    if not match:
        return None, raw
    weight = Decimal(match.group(1).replace(",", "."))
    if not -100 <= weight <= 100:
        raise _GiftError(f"Pondération hors de −100 % à 100 % : {match.group(1)} %.")
    return weight, raw[match.end():]


def _text_and_feedback(raw: str) -> tuple[str, str | None]:
    text, sep, feedback = raw.partition("#")
    return text, (feedback if sep else None)


def _pair(raw: str, fmt: str) -> GiftPair:
    left_raw, _, right_raw = raw.partition("->")
    left = _formatted(left_raw, fmt)
    return GiftPair(left, _normalise(right_raw, left.format))


def _parse_numeric(q: GiftQuestion, body: str) -> None:
    fmt = q.stem.format
    if not body:
        raise _GiftError("Question numérique sans valeur attendue.")
    if body[0] not in "=~":
        spec, feedback = _text_and_feedback(body)
        q.single_number = True
        q.numbers = [GiftNumericAnswer(True, None, _number(spec), _feedback(feedback, fmt))]
        return
    for marker, raw in _split_answers(body):
        weight, rest = _weight(raw)
        spec, feedback = _text_and_feedback(rest)
        q.numbers.append(GiftNumericAnswer(marker == "=", weight, _number(spec), _feedback(feedback, fmt)))


def _number(raw: str) -> GiftNumber:
    spec = _decode(raw).strip()
    if spec in ("", "*"):
        return GiftNumber("other")
    if ".." in spec:
        low_text, _, high_text = spec.partition("..")
        low, high = _decimal(low_text, "Borne"), _decimal(high_text, "Borne")
        if low > high:
            raise _GiftError(f"Intervalle à l’envers : « {spec} ».")
        return GiftNumber("high-low", low=low, high=high)
    if ":" in spec:
        value_text, _, tolerance_text = spec.partition(":")
        tolerance = _decimal(tolerance_text, "Tolérance")
        if tolerance < 0:
            raise _GiftError(f"Tolérance négative : « {spec} ».")
        return GiftNumber("range", number=_decimal(value_text, "Nombre"), tolerance=tolerance)
    return GiftNumber("simple", number=_decimal(spec, "Nombre"))


# --- conversion to questions ----------------------------------------------------------------------

_MODEL_FORMAT = {"moodle": "markdown", "markdown": "markdown", "html": "html", "plain": "plain"}
_GIFT_FORMAT = {"markdown": "markdown", "html": "html", "plain": "plain"}


def _text_of(text: GiftText | None) -> str:
    return text.text if text else ""


def _fraction(correct: bool, weight: Decimal | None) -> float:
    if weight is not None:
        return float(weight / 100)
    return 1.0 if correct else 0.0


def _numeric_answer(answer: GiftNumericAnswer) -> NumericAnswer:
    number = answer.number
    fraction = _fraction(answer.correct, answer.weight)
    feedback = _text_of(answer.feedback)
    if number.kind == "other":
        return NumericAnswer(None, 0.0, "absolute", fraction, feedback)
    if number.kind == "high-low":
        value, tolerance = (number.low + number.high) / 2, (number.high - number.low) / 2
    else:
        value, tolerance = number.number, number.tolerance or Decimal(0)
    return NumericAnswer(float(value), float(tolerance), "absolute", fraction, feedback)


def to_question(gq: GiftQuestion, category: str = "") -> QuestionData:
    """The question a parsed GIFT question stands for (raises ValueError on contradictory tags)."""
    meta = read_tags(gq.tags)
    q = QuestionData(
        type="", title=gq.title or default_title(gq.stem.text), text=gq.stem.text,
        text_format=_MODEL_FORMAT[gq.stem.format], general_feedback=_text_of(gq.general_feedback),
        category=category, tags=meta.tags, difficulty=meta.difficulty, all_or_nothing=meta.all_or_nothing,
    )
    if gq.kind == "MC":
        q.type = "single" if any(c.correct for c in gq.choices) else "multiple"
        q.choices = [Choice(i, c.text.text, _fraction(c.correct, c.weight), _text_of(c.feedback))
                     for i, c in zip(letter_ids(len(gq.choices)), gq.choices)]
    elif gq.kind == "TF":
        q.type, q.correct = "truefalse", gq.is_true
        right, wrong = _text_of(gq.right_feedback), _text_of(gq.wrong_feedback)
        q.feedback_true, q.feedback_false = (right, wrong) if gq.is_true else (wrong, right)
    elif gq.kind == "Numerical":
        q.type = "numeric"
        q.numeric_answers = [_numeric_answer(a) for a in gq.numbers]
    else:
        q.type = "matching"
        q.pairs = [MatchPair(i, p.left.text, p.right) for i, p in zip(letter_ids(len(gq.pairs)), gq.pairs)]
    return q


def import_gift(text: str, category: str | None = None) -> ImportResult:
    """Questions of a GIFT file; `category` is used until the file names one with `$CATEGORY:`."""
    result = ImportResult()
    current = normalise_category(category)
    for item in parse_gift(text):
        if isinstance(item, GiftCategory):
            current = normalise_category(item.path)
        elif isinstance(item, GiftSkipped):
            result.skip(item.line, item.error)
        else:
            try:
                question = to_question(item, current)
            except ValueError as exc:
                result.skip(item.line, str(exc))
                continue
            result.add(item.line, question)
    return result


# --- export ---------------------------------------------------------------------------------------


def _escape(text: str) -> str:
    text = text.replace("\r\n", "\n").replace("\\", "\\\\")
    for ch in "~=#{}:":
        text = text.replace(ch, "\\" + ch)
    return text.replace("\n", "\\n")


def _answer_text(text: str, fmt: str) -> str:
    """An answer or feedback text, with the format repeated if the text itself looks like a tag."""
    prefix = f"[{fmt}]" if _FORMAT.match(text) else ""
    return prefix + _escape(text)


def _feedback_suffix(feedback: str, fmt: str) -> str:
    return f"#{_answer_text(feedback, fmt)}" if feedback else ""


def _weighted(marker: str, fraction: float, default: float, text: str) -> str:
    """`=`/`~` with the weight when it is not the marker's own, or when the text starts with `%`."""
    if fraction != default or text.startswith("%"):
        return f"{marker}%{percent(fraction)}%"
    return marker


def _choice_lines(q: QuestionData, fmt: str) -> list[str]:
    lines = []
    for c in q.choices:
        marker = "=" if q.type == "single" and c.fraction == 1 else "~"
        head = _weighted(marker, c.fraction, 1.0 if marker == "=" else 0.0, c.text)
        lines.append(head + _answer_text(c.text, fmt) + _feedback_suffix(c.feedback, fmt))
    return lines


def _numeric_lines(q: QuestionData, fmt: str) -> list[str]:
    lines = []
    for a in q.numeric_answers:
        if a.value is None:
            head, spec = _weighted("~", a.fraction, 0.0, ""), ""
        else:
            head = _weighted("=", a.fraction, 1.0, "")
            spec = f"{format_number(a.value)}:{format_number(a.absolute_tolerance())}"
        lines.append(head + spec + _feedback_suffix(a.feedback, fmt))
    return lines


def _truefalse_lines(q: QuestionData, fmt: str) -> list[str]:
    right, wrong = (q.feedback_true, q.feedback_false) if q.correct else (q.feedback_false, q.feedback_true)
    line = "TRUE" if q.correct else "FALSE"
    if wrong or right:
        line += "#" + _answer_text(wrong, fmt)
    if right:
        line += "#" + _answer_text(right, fmt)
    return [line]


def _matching_lines(q: QuestionData, fmt: str) -> list[str]:
    lines = []
    for p in q.pairs:
        if "->" in p.left:
            raise ValueError(f"« {q.title} » : « -> » ne peut pas figurer dans un élément à associer en GIFT.")
        left = _answer_text(p.left, fmt) if p.left else ""
        lines.append(f"={left} -> {_escape(p.right)}")
    return lines


_BODY = {"single": _choice_lines, "multiple": _choice_lines, "truefalse": _truefalse_lines,
         "numeric": _numeric_lines, "matching": _matching_lines}


def _question_lines(q: QuestionData) -> list[str]:
    fmt = _GIFT_FORMAT[q.text_format]
    lines = []
    tags = write_tags(q)
    if tags:
        lines.append("// " + " ".join(f"[tag:{tag}]" for tag in tags))
    lines.append(f"::{_escape(q.title)}::[{fmt}]{_escape(q.text)}{{" + ("#" if q.type == "numeric" else ""))
    lines += _BODY[q.type](q, fmt)
    if q.general_feedback:
        lines.append("####" + _answer_text(q.general_feedback, fmt))
    lines.append("}")
    return lines


def export_gift(questions: Iterable[QuestionData]) -> str:
    """GIFT text that `import_gift` reads back into the same questions.

    Every question gets its `::title::` and an explicit text format (so Moodle reads Markdown as
    Markdown); `$CATEGORY:` lines are written when the category changes. Relative tolerances are
    written as the equivalent absolute ones (GIFT has no relative tolerance).
    """
    chunks = []
    category = ""
    for q in questions:
        if q.category != category:
            chunks.append(f"$CATEGORY: {q.category or '$course$/top'}")
            category = q.category
        chunks.append("\n".join(_question_lines(q)))
    return "\n\n".join(chunks) + "\n" if chunks else ""

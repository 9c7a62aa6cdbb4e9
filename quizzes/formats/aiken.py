"""Aiken import: single choice questions in plain text, as Moodle reads them.

    Quel document ouvre la procédure d’injonction de payer ?
    A. Une assignation
    B) Une requête
    ANSWER: B

The question text is every line before the first option (joined by line breaks); options are a
capital letter, `.` or `)` and a space; `ANSWER: X` ends the question. Blank lines between questions
are optional. A question without a valid ANSWER line is skipped whole, with the line it starts on.
Aiken has no titles, feedback or categories: the title is the start of the text, the category the
one given to the import.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from quizzes.formats.common import ImportResult, normalise_category
from quizzes.questions import Choice, QuestionData, default_title, letter_ids

_OPTION = re.compile(r"([A-Z])[.)]\s+(\S.*)")
_ANSWER = re.compile(r"ANSWER\s*:\s*(.*)", re.IGNORECASE)


@dataclass
class _Pending:
    line: int
    text: list[str] = field(default_factory=list)
    options: list[tuple[str, str]] = field(default_factory=list)


def _to_question(pending: _Pending, answer: str, category: str) -> QuestionData:
    letters = [letter for letter, _ in pending.options]
    if answer not in letters:
        raise ValueError(f"La réponse « {answer} » ne correspond à aucune option ({', '.join(letters)}).")
    if len(set(letters)) != len(letters):
        raise ValueError("Deux options portent la même lettre.")
    text = "\n".join(pending.text)
    choices = [Choice(i, option, 1.0 if letter == answer else 0.0)
               for i, (letter, option) in zip(letter_ids(len(letters)), pending.options)]
    return QuestionData(type="single", title=default_title(text), text=text, category=category,
                        choices=choices)


def import_aiken(text: str, category: str | None = None) -> ImportResult:
    result = ImportResult()
    category_path = normalise_category(category)
    pending: _Pending | None = None
    lines = text.lstrip("\ufeff").replace("\r\n", "\n").replace("\r", "\n").split("\n")
    for number, raw in enumerate(lines, start=1):
        line = raw.strip()
        if not line:
            continue
        answer = _ANSWER.fullmatch(line)
        option = _OPTION.fullmatch(line)
        if pending is None:
            if answer:
                result.skip(number, "Ligne ANSWER sans question.")
            else:
                pending = _Pending(number, [line])
        elif answer:
            try:
                result.add(pending.line, _to_question(pending, answer.group(1).strip().upper(), category_path))
            except ValueError as exc:
                result.skip(pending.line, str(exc))
            pending = None
        elif option:
            pending.options.append((option.group(1), option.group(2).strip()))
        elif pending.options:
            result.skip(pending.line, "Ligne « ANSWER: » manquante après les options.")
            pending = _Pending(number, [line])
        else:
            pending.text.append(line)
    if pending is not None:
        result.skip(pending.line, "Ligne « ANSWER: » manquante en fin de fichier.")
    return result

"""What every importer shares: the result shape, categories, and the tags that carry metadata.

Metadata conventions (GIFT comment tags, Moodle XML `<tags>`): a tag `facile`, `moyen` or `difficile`
sets the question's difficulty; the tag `tout-ou-rien` marks a multiple answer question graded all or
nothing (GIFT has no syntax for it). Other tags stay tags.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, NamedTuple

from quizzes.questions import DIFFICULTIES, QuestionData

ALL_OR_NOTHING_TAG = "tout-ou-rien"


class Skipped(NamedTuple):
    """A question left out of an import, whole, with the line it starts on and why (French)."""

    line: int
    error: str


@dataclass
class ImportResult:
    questions: list[QuestionData] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    categories: list[str] = field(default_factory=list)

    def add(self, line: int, question: QuestionData) -> None:
        """Keep the question if it is usable, otherwise list it as skipped."""
        problems = question.errors()
        if problems:
            self.skip(line, " ".join(problems))
            return
        self.questions.append(question)
        if question.category and question.category not in self.categories:
            self.categories.append(question.category)

    def skip(self, line: int, error: str) -> None:
        self.skipped.append(Skipped(line, error))

    def summary(self) -> dict[str, Any]:
        """The JSON the import command prints (CONTRACT.md)."""
        return {"imported": len(self.questions), "skipped": [s._asdict() for s in self.skipped],
                "categories": list(self.categories)}


def normalise_category(path: str | None) -> str:
    """`$course$/top/module-07/penalites` -> `module-07/penalites` (Moodle's context prefix dropped)."""
    parts = [part.strip() for part in (path or "").strip().split("/")]
    if parts and re.fullmatch(r"\$\w+\$", parts[0]):
        parts = parts[1:]
    if parts and parts[0] == "top":
        parts = parts[1:]
    return "/".join(part for part in parts if part)


@dataclass
class Metadata:
    difficulty: str | None = None
    all_or_nothing: bool = False
    tags: list[str] = field(default_factory=list)


def read_tags(tags: list[str]) -> Metadata:
    """Split metadata tags from the others; raises ValueError for two difficulties."""
    meta = Metadata()
    for tag in tags:
        if tag in DIFFICULTIES:
            if meta.difficulty not in (None, tag):
                raise ValueError(f"Deux niveaux de difficulté : « {meta.difficulty} » et « {tag} ».")
            meta.difficulty = tag
        elif tag == ALL_OR_NOTHING_TAG:
            meta.all_or_nothing = True
        elif tag not in meta.tags:
            meta.tags.append(tag)
    return meta


def write_tags(q: QuestionData) -> list[str]:
    """The tags an export writes: difficulty first, then the question's tags, then `tout-ou-rien`."""
    return ([q.difficulty] if q.difficulty else []) + list(q.tags) + (
        [ALL_OR_NOTHING_TAG] if q.all_or_nothing else [])


def format_number(value: float | Decimal) -> str:
    """A number as import formats write it: decimal point, no exponent, no trailing zeros."""
    exact = value if isinstance(value, Decimal) else Decimal(repr(float(value)))
    text = format(exact.normalize(), "f")
    return "0" if text in ("-0", "0") else text


def percent(fraction: float) -> str:
    """0.3333333 -> `33.33333` (fractions are written as percentages by GIFT and Moodle XML)."""
    return format_number(Decimal(repr(float(fraction))) * 100)


def fraction_from_percent(text: str) -> float:
    return float(Decimal(text.strip().replace(",", ".")) / 100)

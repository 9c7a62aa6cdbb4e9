"""Search across the course and the glossary: accent- and case-insensitive, on SQLite and PostgreSQL.

Lessons store their text folded (`courseware.text.fold`: no accents, lower case); the query is folded
the same way and every word of it must appear (SQL LIKE). Results are ranked by simple heuristics: words
in the lesson title first, then the whole phrase, then how often the words occur.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import groupby

from markupsafe import Markup, escape
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from core.extensions import db
from courseware.models import GlossaryTerm, Lesson
from courseware.text import fold, fold_with_positions

MIN_WORD_LENGTH = 2
MAX_WORDS = 8
# Words too common to search for, unless the query has nothing else ("de", "la" match every lesson).
STOP_WORDS = frozenset(
    "a au aux avec ce ces d' dans de des du en et l' la le les ou par pas pour qu' que qui sa se ses son sur "
    "un une".split()
)
EXCERPT_BEFORE, EXCERPT_LENGTH = 90, 260


@dataclass(frozen=True)
class LessonHit:
    lesson: Lesson
    score: int
    excerpt: Markup


def query_words(query: str) -> list[str]:
    """The folded words of a query that are long enough to search for, without duplicates."""
    words = []
    for word in fold(query).replace("’", "'").split():
        word = word.strip(".,;:!?()«»\"")
        if len(word) >= MIN_WORD_LENGTH and word not in words:
            words.append(word)
    meaningful = [word for word in words if word not in STOP_WORDS]
    return (meaningful or words)[:MAX_WORDS]


def search_lessons(query: str, limit: int = 30) -> list[LessonHit]:
    words = query_words(query)
    if not words:
        return []
    lessons = db.session.scalars(
        select(Lesson).options(selectinload(Lesson.module), undefer(Lesson.plain_text), undefer(Lesson.search_text))
        .where(*(Lesson.search_text.contains(word, autoescape=True) for word in words))
    ).all()
    phrase = fold(" ".join(query.split()))
    hits = [LessonHit(lesson, _score(lesson, words, phrase), excerpt(lesson.plain_text, words, phrase))
            for lesson in lessons]
    hits.sort(key=lambda hit: (-hit.score, hit.lesson.module.order, hit.lesson.order))
    return hits[:limit]


def _score(lesson: Lesson, words: list[str], phrase: str) -> int:
    title = fold(lesson.title)
    text = lesson.search_text
    score = sum(20 for word in words if word in title)
    score += 15 if len(words) > 1 and phrase in text else 0
    score += sum(min(text.count(word), 10) for word in words)
    return score


def excerpt(text: str, words: list[str], phrase: str = "") -> Markup:
    """A passage of `text` around the first match, with every occurrence of the words in <mark>."""
    text = text.replace("\n", " — ")
    folded, positions = fold_with_positions(text)
    at = folded.find(phrase) if phrase else -1
    if at < 0:
        at = min((found for found in (folded.find(word) for word in words) if found >= 0), default=0)
    first = positions[at] if folded else 0
    start = max(0, first - EXCERPT_BEFORE)
    if start:  # begin on a word
        start = text.find(" ", start, first) + 1 or start
    end = min(len(text), start + EXCERPT_LENGTH)
    if end < len(text):  # end on a word
        cut = text.rfind(" ", first, end)
        end = cut if cut > first else end
    before = Markup("… ") if start else Markup("")
    after = Markup(" …") if end < len(text) else Markup("")
    return before + highlight(text[start:end], words) + after


def highlight(text: str, words: list[str]) -> Markup:
    """`text` escaped, with the words (folded) marked where a word of the text starts with them."""
    folded, positions = fold_with_positions(text)
    spans = []
    for word in words:
        for match in re.finditer(rf"(?<!\w){re.escape(word)}", folded):  # from the start of a word
            spans.append((positions[match.start()], positions[match.end() - 1] + 1))
    merged: list[list[int]] = []
    for begin, finish in sorted(spans):
        if merged and begin <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], finish)
        else:
            merged.append([begin, finish])
    result, cursor = Markup(""), 0
    for begin, finish in merged:
        result += escape(text[cursor:begin]) + Markup("<mark>") + escape(text[begin:finish]) + Markup("</mark>")
        cursor = finish
    return result + escape(text[cursor:])


def glossary_terms(query: str = "") -> list[GlossaryTerm]:
    """Glossary terms in alphabetical order; with a query, only the terms containing every word of it."""
    statement = select(GlossaryTerm).options(selectinload(GlossaryTerm.lesson).selectinload(Lesson.module))
    for word in query_words(query):
        statement = statement.where(GlossaryTerm.sort_key.contains(word, autoescape=True))
    return list(db.session.scalars(statement.order_by(GlossaryTerm.sort_key, GlossaryTerm.id)))


def initial(term: GlossaryTerm) -> str:
    """The letter a term is filed under: A to Z, `0-9` for figures."""
    for char in term.sort_key:
        if char.isalpha() and "a" <= char <= "z":
            return char.upper()
        if char.isdigit():
            return "0-9"
    return "#"


def by_initial(terms: list[GlossaryTerm]) -> list[tuple[str, list[GlossaryTerm]]]:
    return [(letter, list(group)) for letter, group in groupby(terms, key=initial)]

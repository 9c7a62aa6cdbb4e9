"""Drawing an attempt's questions from the pool of active questions. Pure: no database, no request.

The pool (every active question's id, current version, category and title) is read once per worker and bank
revision (`quizzes.bank.question_pool`), so that starting an exam draws in memory instead of sending a random
ordering of the bank to the database for each candidate.
"""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Iterable

from quizzes.definitions import DrawRule, QuizDefinition


@dataclass(frozen=True)
class PoolEntry:
    id: int
    version: int
    category: str
    title: str


@dataclass
class QuestionPool:
    """The active questions, ordered by category then id, with the lookups a draw needs (memoised)."""

    entries: tuple[PoolEntry, ...]
    _by_category: dict[str, tuple[PoolEntry, ...]] = field(default_factory=dict, repr=False)

    @classmethod
    def of(cls, entries: Iterable[PoolEntry]) -> QuestionPool:
        return cls(tuple(sorted(entries, key=lambda e: (e.category, e.id))))

    def in_category(self, category: str) -> tuple[PoolEntry, ...]:
        """The questions of the category and of its sub-categories (`module-03` holds `module-03/sig`)."""
        category = category.strip("/")
        if category not in self._by_category:
            prefix = category + "/"
            self._by_category[category] = tuple(e for e in self.entries
                                                if e.category == category or e.category.startswith(prefix))
        return self._by_category[category]


def rule_picks(rule: DrawRule, pool: QuestionPool, taken: set[int], rng: random.Random) -> list[PoolEntry]:
    """The questions one rule adds: `count` at random among those not drawn yet, the titled questions in the
    rule's order, or the whole category."""
    if rule.count is not None:
        candidates = [e for e in pool.in_category(rule.category) if e.id not in taken]
        return rng.sample(candidates, min(rule.count, len(candidates)))
    if rule.titles:
        by_title = {e.title: e for e in pool.in_category(rule.category) if e.category == rule.category.strip("/")}
        return [by_title[title] for title in rule.titles if title in by_title and by_title[title].id not in taken]
    return [e for e in pool.in_category(rule.category) if e.id not in taken]


def draw(definition: QuizDefinition, pool: QuestionPool, rng: random.Random) -> list[tuple[int, int]]:
    """(question id, version) pairs in the order the candidate will see them; a question is drawn once even
    when two rules could pick it."""
    picked: list[PoolEntry] = []
    taken: set[int] = set()
    for rule in definition.rules:
        for entry in rule_picks(rule, pool, taken, rng):
            taken.add(entry.id)
            picked.append(entry)
    if definition.shuffle_questions:
        rng.shuffle(picked)
    return [(entry.id, entry.version) for entry in picked]

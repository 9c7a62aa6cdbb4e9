"""The question bank in the database: storing imported questions, syncing the GIFT banks, exporting, and
reading question versions (cached: a version never changes once written).

A question is identified by its category and title. Storing a question whose content changed updates it in
place and adds a version; attempts keep pointing at the version they drew.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterable

from flask import current_app
from sqlalchemy import or_, select

from accounts.models import utcnow
from core.database import insert_on_conflict
from core.extensions import db
from quizzes.formats import export_questions, import_questions
from quizzes.draw import PoolEntry, QuestionPool
from quizzes.models import BankRevision, Question, QuestionVersion
from quizzes.presentation import render_public, rendered_cache
from quizzes.questions import QuestionData

BANKS_DIR = Path(__file__).parent / "banks"
STARTER_BANK = Path(__file__).parent / "starter.gift"
DEFAULT_CATEGORY = "importees"
MAX_LENGTH = 200
_CACHE_LIMIT = 20_000


@dataclass
class StoreReport:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: list[dict] = field(default_factory=list)
    question_ids: set[int] = field(default_factory=set)
    categories: set[str] = field(default_factory=set)

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged


def category_filter(column, category: str):
    """SQL condition: the category itself or one of its sub-categories."""
    category = category.strip("/")
    return or_(column == category, column.like(category.replace("%", r"\%").replace("_", r"\_") + "/%",
                                               escape="\\"))


def store_question(q: QuestionData, source: str) -> tuple[Question, str]:
    """Create or update the question keyed by (category, title); returns it and what happened."""
    data = q.to_dict()
    question = db.session.scalar(select(Question).where(Question.category == q.category, Question.title == q.title))
    if question is None:
        question = Question(category=q.category, title=q.title, qtype=q.type, difficulty=q.difficulty,
                            version=1, active=True, source=source, updated_at=utcnow())
        db.session.add(question)
        db.session.flush()
        db.session.add(QuestionVersion(question_id=question.id, version=1, data=data, rendered=render_public(q),
                                       created_at=utcnow()))
        return question, "created"
    current = db.session.get(QuestionVersion, (question.id, question.version))
    reactivated = not question.active
    if reactivated:
        question.active, question.updated_at = True, utcnow()
    question.source = source
    if current is not None and current.data == data:
        if current.rendered is None:
            current.rendered = render_public(q)
        return question, "updated" if reactivated else "unchanged"
    question.version += 1
    question.qtype, question.difficulty, question.updated_at = q.type, q.difficulty, utcnow()
    db.session.add(QuestionVersion(question_id=question.id, version=question.version, data=data,
                                   rendered=render_public(q), created_at=utcnow()))
    return question, "updated"


def store_questions(questions: Iterable[tuple[int | None, QuestionData]], source: str,
                    default_category: str = DEFAULT_CATEGORY) -> StoreReport:
    """Store (line, question) pairs; a question that cannot be stored is listed in `skipped`, whole."""
    report = StoreReport()
    seen: set[tuple[str, str]] = set()
    for line, q in questions:
        q.category = q.category or default_category
        key = (q.category, q.title)
        problem = _storage_problem(q, key in seen)
        if problem:
            report.skipped.append({"line": line, "error": problem})
            continue
        seen.add(key)
        question, outcome = store_question(q, source)
        setattr(report, outcome, getattr(report, outcome) + 1)
        report.question_ids.add(question.id)
        report.categories.add(q.category)
    if report.created or report.updated:
        bump_revision()
    db.session.flush()
    return report


def _storage_problem(q: QuestionData, duplicate: bool) -> str | None:
    if len(q.title) > MAX_LENGTH or len(q.category) > MAX_LENGTH:
        return f"Titre ou catégorie trop long ({MAX_LENGTH} caractères au plus)."
    if duplicate:
        return f"Titre en double dans la catégorie « {q.category} » : « {q.title} »."
    return None


def import_text(text: str | bytes, fmt: str, category: str | None = None, source: str = "import") -> dict:
    """Import a file's content (bytes: the format reader decodes it) into the bank; returns the CONTRACT summary
    `{"imported", "skipped": [{"line", "error"}], "categories"}`."""
    result = import_questions(text, fmt, category)
    lines = _question_lines(text, result.questions)
    report = store_questions(zip(lines, result.questions), source, category or DEFAULT_CATEGORY)
    skipped = [s._asdict() for s in result.skipped] + report.skipped
    skipped.sort(key=lambda s: (s["line"] is None, s["line"] or 0))
    return {"imported": report.imported, "skipped": skipped, "categories": sorted(report.categories)}


def _question_lines(text: str | bytes, questions: list[QuestionData]) -> list[int | None]:
    """Where each imported question starts, for the messages of questions the bank refuses (best effort:
    the line holding its title)."""
    if isinstance(text, bytes):
        text = text.decode("utf-8", "replace")
    lines = text.splitlines()
    found = []
    for q in questions:
        number = next((i + 1 for i, line in enumerate(lines) if q.title and q.title in line), None)
        found.append(number)
    return found


def sync_banks(paths: Iterable[Path]) -> str:
    """Load the repository's GIFT banks; questions that left a bank file are deactivated (kept for old
    attempts). Returns a French summary."""
    totals = StoreReport()
    files = 0
    problems = []
    sources = []
    for path in paths:
        files += 1
        source = f"bank:{path.name}"
        sources.append(source)
        result = import_questions(path.read_text(encoding="utf-8"), "gift")
        report = store_questions(((None, q) for q in result.questions), source)
        problems += [f"{path.name} ligne {s.line} : {s.error}" for s in result.skipped]
        problems += [f"{path.name} : {s['error']}" for s in report.skipped]
        for name in ("created", "updated", "unchanged"):
            setattr(totals, name, getattr(totals, name) + getattr(report, name))
        stale = select(Question).where(Question.source == source, Question.active.is_(True),
                                       Question.id.not_in(report.question_ids or {0}))
        for question in db.session.scalars(stale):
            question.active, question.updated_at = False, utcnow()
            totals.skipped.append({"line": None, "error": "retirée"})
    retired = len(totals.skipped)
    if retired:
        bump_revision()
    summary = (f"{files} banque(s), {totals.imported} question(s) : {totals.created} créée(s), "
               f"{totals.updated} mise(s) à jour, {totals.unchanged} inchangée(s), {retired} retirée(s)")
    if problems:
        summary += f" ; {len(problems)} question(s) ignorée(s) : " + " | ".join(problems[:5])
    return summary


def bank_files() -> list[Path]:
    return [STARTER_BANK] + sorted(BANKS_DIR.glob("*.gift"))


def current_questions(category: str | None = None) -> list[QuestionData]:
    """The active questions (current versions), ordered by category then id; optionally one category."""
    query = (select(QuestionVersion.data)
             .join(Question, (Question.id == QuestionVersion.question_id)
                   & (Question.version == QuestionVersion.version))
             .where(Question.active.is_(True))
             .order_by(Question.category, Question.id))
    if category:
        query = query.where(category_filter(Question.category, category))
    return [QuestionData.from_dict(data) for data in db.session.scalars(query)]


def export_text(fmt: str, category: str | None = None) -> tuple[str, int]:
    questions = current_questions(category)
    return export_questions(questions, fmt), len(questions)


def question_versions(pairs: Iterable[tuple[int, int]]) -> dict[tuple[int, int], QuestionData]:
    """The questions of the given (id, version) pairs, read once per application (worker) and then cached, with
    their rendered texts (`presentation` cache)."""
    cache = current_app.extensions.setdefault("quizzes.versions", {})
    rendered = rendered_cache()
    wanted = {(int(q), int(v)) for q, v in pairs}
    missing = [pair for pair in wanted if pair not in cache]
    if missing:
        if len(cache) > _CACHE_LIMIT:
            cache.clear()
            rendered.clear()
        ids = {q for q, _ in missing}
        rows = db.session.execute(select(QuestionVersion.question_id, QuestionVersion.version, QuestionVersion.data,
                                         QuestionVersion.rendered).where(QuestionVersion.question_id.in_(ids)))
        for question_id, version, data, html in rows:
            if (question_id, version) in wanted:
                cache[(question_id, version)] = QuestionData.from_dict(data)
                if html is not None:
                    rendered[(question_id, version)] = html
    return {pair: cache[pair] for pair in wanted if pair in cache}


# --- the pool a draw picks from ------------------------------------------------------------------------------

_BUMP = insert_on_conflict(BankRevision.__table__, ("id", "revision"),
                           "ON CONFLICT (id) DO UPDATE SET revision = question_bank_revision.revision + 1")


def bump_revision() -> None:
    """Mark the pool of drawable questions as changed (in the caller's transaction)."""
    db.session.execute(_BUMP, {"id": 1, "revision": 1})


def revision_query():
    """The bank revision as a scalar subquery (0 before the first change), for the start's single query."""
    return (select(BankRevision.revision).where(BankRevision.id == 1).scalar_subquery())


def question_pool(revision: int) -> QuestionPool:
    """The active questions at `revision`, read once per worker and revision."""
    cached = current_app.extensions.get("quizzes.pool")
    if cached is None or cached[0] != revision:
        rows = db.session.execute(select(Question.id, Question.version, Question.category, Question.title)
                                  .where(Question.active.is_(True)))
        cached = (revision, QuestionPool.of(PoolEntry(*row) for row in rows))
        current_app.extensions["quizzes.pool"] = cached
    return cached[1]

"""`content sync` loaders of the quizzes area: question banks, then quiz and exam definitions."""

from __future__ import annotations

import re
from pathlib import Path

import yaml
from sqlalchemy import func, select

from accounts.models import utcnow
from core.content import content_loader
from core.extensions import db
from quizzes.bank import bank_files, category_filter, sync_banks
from quizzes.definitions import QuizDefinition, read_definitions
from quizzes.models import Question, Quiz

EXAMS_DIR = Path(__file__).parent / "exams"
COURSE_DIR = Path(__file__).parent.parent / "courseware" / "content"
MODULE_CATEGORY = re.compile(r"^(module-(\d\d))(/|$)")


def bank_modules() -> dict[str, str]:
    """The modules that have questions in the bank (`module-07`), with their course title when known."""
    categories = db.session.scalars(select(Question.category).where(Question.active.is_(True)).distinct())
    modules = {}
    for category in categories:
        match = MODULE_CATEGORY.match(category)
        if match:
            modules[match.group(1)] = course_title(match.group(2))
    return modules


def course_title(number: str) -> str:
    """The title in the front matter of `courseware/content/<number>-*/module.md`, or « Module NN »."""
    for path in sorted(COURSE_DIR.glob(f"{number}-*/module.md")):
        text = path.read_text(encoding="utf-8")
        if text.startswith("---"):
            front = yaml.safe_load(text.split("---", 2)[1]) or {}
            if front.get("title"):
                return str(front["title"])
    return f"Module {number}"


def store_definition(definition: QuizDefinition) -> str:
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == definition.slug))
    data = definition.to_dict()
    if quiz is None:
        db.session.add(Quiz(slug=definition.slug, title=definition.title, kind=definition.kind,
                            module=definition.module, definition=data, active=True, updated_at=utcnow()))
        return "created"
    if quiz.definition == data and quiz.active and quiz.title == definition.title:
        return "unchanged"
    quiz.title, quiz.kind, quiz.module, quiz.definition = definition.title, definition.kind, definition.module, data
    quiz.active, quiz.updated_at = True, utcnow()
    return "updated"


def shortfalls(definition: QuizDefinition) -> list[str]:
    """The draw rules the bank cannot fill yet, in French (`module-05 : 1 question sur 4`)."""
    short = []
    for rule in definition.rules:
        if rule.count is None:
            continue
        available = db.session.scalar(select(func.count()).select_from(Question).where(
            Question.active.is_(True), category_filter(Question.category, rule.category)))
        if available < rule.count:
            short.append(f"{rule.category} : {available} question(s) sur {rule.count}")
    return short


def sync_definitions(directory: Path = EXAMS_DIR) -> str:
    definitions = read_definitions(directory, bank_modules())
    outcomes = [store_definition(d) for d in definitions]
    warnings = [f"« {d.slug} » tirera moins de questions que prévu ({', '.join(short)})"
                for d in definitions if d.kind != "practice" and (short := shortfalls(d))]
    slugs = {d.slug for d in definitions}
    retired = 0
    for quiz in db.session.scalars(select(Quiz).where(Quiz.active.is_(True))):
        if quiz.slug not in slugs:
            quiz.active = False
            retired += 1
    summary = (f"{len(definitions)} quiz et examen(s) : {outcomes.count('created')} créé(s), "
               f"{outcomes.count('updated')} mis à jour, {outcomes.count('unchanged')} inchangé(s), {retired} retiré(s)")
    return "; ".join([summary] + warnings)


@content_loader("banques de questions")
def load_banks() -> str:
    return sync_banks(bank_files())


@content_loader("quiz et examens")
def load_definitions() -> str:
    db.session.flush()
    return sync_definitions()

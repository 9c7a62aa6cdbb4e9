"""`flask --app app content sync` for the course: upsert modules, lessons and glossary terms by slug.

Idempotent: a second sync with the same files writes nothing. Lessons keep their row (and so their
trainees' progress) while their slug stays; a lesson or module whose file is gone is deleted, with the
progress rows that pointed to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from core.content import content_loader
from core.database import begin_write
from core.extensions import db
from courseware.models import GlossaryTerm, Lesson, Module
from courseware.source import CONTENT_DIR, LessonSource, ModuleSource, missing_prerequisites, read_course
from courseware.text import fold, sort_key


@dataclass
class SyncReport:
    modules: int = 0
    lessons: int = 0
    terms: int = 0
    created: int = 0
    updated: int = 0
    deleted: int = 0
    missing_prerequisites: tuple[str, ...] = ()

    @property
    def changed(self) -> bool:
        return bool(self.created or self.updated or self.deleted)

    def summary(self) -> str:
        text = (f"{self.modules} modules, {self.lessons} leçons, {self.terms} définitions "
                f"(créations : {self.created}, mises à jour : {self.updated}, suppressions : {self.deleted})")
        if self.missing_prerequisites:
            text += f" ; prérequis pas encore rédigés : {', '.join(self.missing_prerequisites)}"
        return text


@content_loader("cours")
def load_course() -> str:
    """The course folder is `COURSE_CONTENT_DIR` if configured (tests), else `courseware/content/`."""
    return sync_course(Path(current_app.config.get("COURSE_CONTENT_DIR", CONTENT_DIR))).summary()


def sync_course(content_dir: Path = CONTENT_DIR) -> SyncReport:
    """Read and validate every file first (nothing is written if one is wrong), then upsert."""
    return apply_course(read_course(content_dir))


def apply_course(sources: list[ModuleSource]) -> SyncReport:
    """Upsert the modules read by `read_course` (the caller commits)."""
    begin_write(db.session())
    report = SyncReport(missing_prerequisites=tuple(sorted(missing_prerequisites(sources))))
    lessons = selectinload(Module.lessons).options(
        undefer(Lesson.html), undefer(Lesson.plain_text), undefer(Lesson.search_text), selectinload(Lesson.terms))
    existing = {module.slug: module for module in db.session.scalars(select(Module).options(lessons))}
    for source in sources:
        module = existing.pop(source.slug, None)
        created = module is None
        if created:
            module = Module(slug=source.slug)
            db.session.add(module)
            report.created += 1
        report.updated += _assign(module, _module_values(source)) and not created
        _sync_lessons(module, source, report)
        report.modules += 1
    for module in existing.values():
        db.session.delete(module)
        report.deleted += 1
    db.session.flush()
    return report


def _module_values(source: ModuleSource) -> dict:
    return {
        "title": source.title,
        "order": source.order,
        "duration_minutes": source.duration_minutes,
        "objectives": source.objectives,
        "prerequisites": source.prerequisites,
        "simulator_kinds": source.simulator,
        "intro_html": str(source.intro.document.html),
        "fiche_title": source.fiche.title if source.fiche else None,
        "fiche_html": str(source.fiche.page.document.html) if source.fiche else None,
        "word_count": source.word_count,
    }


def _lesson_values(source: LessonSource) -> dict:
    return {
        "title": source.title,
        "order": source.order,
        "objectives": source.objectives,
        "duration_minutes": source.duration_minutes,
        "html": str(source.page.document.html),
        "plain_text": source.page.text,
        "search_text": fold(f"{source.title} {source.page.text}"),
        "word_count": source.page.words,
        "reading_minutes": source.reading_minutes,
    }


def _sync_lessons(module: Module, source: ModuleSource, report: SyncReport) -> None:
    existing = {lesson.slug: lesson for lesson in module.lessons}
    for lesson_source in source.lessons:
        lesson = existing.pop(lesson_source.slug, None)
        created = lesson is None
        if created:
            lesson = Lesson(slug=lesson_source.slug)
            module.lessons.append(lesson)
            report.created += 1
        changed = _assign(lesson, _lesson_values(lesson_source))
        changed = _sync_terms(lesson, lesson_source) or changed
        report.updated += changed and not created
        report.lessons += 1
        report.terms += len(lesson.terms)
    for lesson in existing.values():
        module.lessons.remove(lesson)
        report.deleted += 1


def _sync_terms(lesson: Lesson, source: LessonSource) -> bool:
    """Replace the lesson's glossary terms if they changed; True if they did."""
    wanted = [(d.term, d.anchor, d.html) for d in source.page.document.definitions]
    if [(t.term, t.anchor, t.definition_html) for t in lesson.terms] == wanted:
        return False
    lesson.terms.clear()
    for term, anchor, definition in wanted:
        lesson.terms.append(GlossaryTerm(term=term, sort_key=sort_key(term), anchor=anchor, definition_html=definition))
    return True


def _assign(row, values: dict) -> bool:
    """Set the attributes that differ; True if any did."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed

"""`flask --app app content sync` for the course: upsert modules, lessons and glossary terms by slug.

Idempotent: a second sync with the same files writes nothing. Lessons keep their row (and so their
trainees' progress) while their slug stays; a lesson or module whose file is gone is deleted, with the
progress rows that pointed to it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Iterable, Iterator, TypeVar

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import selectinload, undefer

from core.content import content_loader
from core.database import begin_write
from core.extensions import db
from courseware.models import GlossaryTerm, Lesson, Module
from courseware.source import CONTENT_DIR, LessonSource, ModuleSource, missing_prerequisites, read_course
from courseware.text import fold, sort_key

Row = TypeVar("Row", Module, Lesson)
Source = TypeVar("Source", ModuleSource, LessonSource)


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
    modules = db.session.scalars(select(Module).options(lessons))
    for module, source, created in _by_slug(modules, sources, Module, db.session.add, db.session.delete, report):
        report.updated += _assign(module, _module_values(source)) and not created
        _sync_lessons(module, source, report)
        report.modules += 1
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
    lessons = module.lessons
    matched = _by_slug(lessons, source.lessons, Lesson, lessons.append, lessons.remove, report)
    for lesson, lesson_source, created in matched:
        changed = _assign(lesson, _lesson_values(lesson_source))
        changed = _sync_terms(lesson, lesson_source) or changed
        report.updated += changed and not created
        report.lessons += 1
        report.terms += len(lesson.terms)


def _by_slug(rows: Iterable[Row], sources: Iterable[Source], new: Callable[..., Row], attach: Callable[[Row], object],
             detach: Callable[[Row], object], report: SyncReport) -> Iterator[tuple[Row, Source, bool]]:
    """Each source with the row of the same slug, made by `new` and attached when there is none (then True).

    Once every source has been walked, the rows no source names any more are detached. Counts the rows
    created and deleted in `report`."""
    existing = {row.slug: row for row in rows}
    for source in sources:
        row = existing.pop(source.slug, None)
        created = row is None
        if created:
            row = new(slug=source.slug)
            attach(row)
            report.created += 1
        yield row, source, created
    for row in existing.values():
        detach(row)
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

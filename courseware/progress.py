"""Reading progress: lessons a trainee opened and finished, and where to resume."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.dialects import postgresql, sqlite

from accounts.models import utcnow
from core.extensions import db
from courseware.models import Lesson, LessonProgress, Module


@dataclass(frozen=True)
class ModuleProgress:
    done: int
    total: int

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def record_visit(user_id: int, lesson_id: int, now: dt.datetime | None = None) -> None:
    """First visit creates the row, later ones move `last_seen`: one INSERT ... ON CONFLICT statement, so
    two tabs opening the same lesson never collide."""
    now = now or utcnow()
    dialect = postgresql if db.session.get_bind().dialect.name == "postgresql" else sqlite
    statement = dialect.insert(LessonProgress).values(
        user_id=user_id, lesson_id=lesson_id, first_seen=now, last_seen=now
    )
    db.session.execute(statement.on_conflict_do_update(
        index_elements=[LessonProgress.user_id, LessonProgress.lesson_id], set_={"last_seen": now}
    ))


def set_completed(user_id: int, lesson_id: int, done: bool, now: dt.datetime | None = None) -> None:
    """Mark a lesson finished (or not finished again); marking counts as a visit."""
    now = now or utcnow()
    record_visit(user_id, lesson_id, now)
    row = db.session.scalar(select(LessonProgress).where(
        LessonProgress.user_id == user_id, LessonProgress.lesson_id == lesson_id))
    if done:
        row.completed_at = row.completed_at or now
    else:
        row.completed_at = None


def completed_lesson_ids(user_id: int) -> set[int]:
    return set(db.session.scalars(select(LessonProgress.lesson_id).where(
        LessonProgress.user_id == user_id, LessonProgress.completed_at.is_not(None))))


def progress_by_module(user_id: int) -> dict[int, ModuleProgress]:
    """Module id -> lessons done / lessons, for every module of the course."""
    totals = dict(db.session.execute(select(Lesson.module_id, func.count()).group_by(Lesson.module_id)).all())
    done = dict(db.session.execute(
        select(Lesson.module_id, func.count())
        .join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .where(LessonProgress.user_id == user_id, LessonProgress.completed_at.is_not(None))
        .group_by(Lesson.module_id)
    ).all())
    return {module_id: ModuleProgress(done.get(module_id, 0), total) for module_id, total in totals.items()}


def last_seen_lesson(user_id: int) -> Lesson | None:
    """"Reprendre où j'en étais": the lesson the trainee opened last."""
    return db.session.scalar(
        select(Lesson).join(LessonProgress, LessonProgress.lesson_id == Lesson.id)
        .where(LessonProgress.user_id == user_id)
        .order_by(LessonProgress.last_seen.desc(), LessonProgress.id.desc())
        .limit(1)
    )


def first_lesson() -> Lesson | None:
    return db.session.scalar(select(Lesson).join(Module).order_by(Module.order, Lesson.order).limit(1))

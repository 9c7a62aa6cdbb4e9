"""Course modules, lessons, glossary terms (rendered at sync time) and each trainee's reading progress."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import utcnow
from core.extensions import db


class Module(db.Model):
    __tablename__ = "course_modules"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    order: Mapped[int]
    duration_minutes: Mapped[int]
    objectives: Mapped[list] = mapped_column(JSON, default=list)
    prerequisites: Mapped[list] = mapped_column(JSON, default=list)
    simulator_kinds: Mapped[list] = mapped_column(JSON, default=list)
    intro_html: Mapped[str] = mapped_column(Text, default="")
    fiche_title: Mapped[str | None] = mapped_column(String(200))
    fiche_html: Mapped[str | None] = mapped_column(Text)
    word_count: Mapped[int] = mapped_column(default=0)

    lessons: Mapped[list[Lesson]] = relationship(
        back_populates="module", order_by="Lesson.order", cascade="all, delete-orphan", passive_deletes=True
    )

    @property
    def reading_minutes(self) -> int:
        return sum(lesson.reading_minutes for lesson in self.lessons)

    def __repr__(self) -> str:
        return f"<Module {self.slug}>"


class Lesson(db.Model):
    __tablename__ = "course_lessons"
    __table_args__ = (UniqueConstraint("module_id", "slug", name="uq_course_lessons_module_slug"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    module_id: Mapped[int] = mapped_column(ForeignKey("course_modules.id", ondelete="CASCADE"), index=True)
    slug: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    order: Mapped[int]
    objectives: Mapped[list] = mapped_column(JSON, default=list)
    duration_minutes: Mapped[int | None]
    # The texts are loaded only when used: lists of lessons do not carry every page.
    html: Mapped[str] = mapped_column(Text, default="", deferred=True)
    plain_text: Mapped[str] = mapped_column(Text, default="", deferred=True)
    search_text: Mapped[str] = mapped_column(Text, default="", deferred=True)  # title and text folded
    word_count: Mapped[int] = mapped_column(default=0)
    reading_minutes: Mapped[int] = mapped_column(default=1)

    module: Mapped[Module] = relationship(back_populates="lessons")
    terms: Mapped[list[GlossaryTerm]] = relationship(
        back_populates="lesson", cascade="all, delete-orphan", passive_deletes=True, order_by="GlossaryTerm.id"
    )

    def __repr__(self) -> str:
        return f"<Lesson {self.slug}>"


class GlossaryTerm(db.Model):
    __tablename__ = "glossary_terms"

    id: Mapped[int] = mapped_column(primary_key=True)
    lesson_id: Mapped[int] = mapped_column(ForeignKey("course_lessons.id", ondelete="CASCADE"), index=True)
    term: Mapped[str] = mapped_column(String(200))
    sort_key: Mapped[str] = mapped_column(String(200), index=True)  # folded term, for order and filtering
    anchor: Mapped[str] = mapped_column(String(220))  # id of the term in the lesson page
    definition_html: Mapped[str] = mapped_column(Text)

    lesson: Mapped[Lesson] = relationship(back_populates="terms")


class LessonProgress(db.Model):
    """One row per trainee and lesson opened; "reprendre où j'en étais" is the row seen last."""

    __tablename__ = "lesson_progress"
    __table_args__ = (
        UniqueConstraint("user_id", "lesson_id", name="uq_lesson_progress_user_lesson"),
        Index("ix_lesson_progress_user_last_seen", "user_id", "last_seen"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    lesson_id: Mapped[int] = mapped_column(ForeignKey("course_lessons.id", ondelete="CASCADE"), index=True)
    first_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    last_seen: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    completed_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    lesson: Mapped[Lesson] = relationship()

"""Question bank, quizzes, attempts, responses, grants and certificates (database models).

A question keeps its identity across content syncs (key: category + title) and is updated in place; every
change of its content adds a `QuestionVersion`, and an attempt refers to the versions it drew, so an old
attempt still re-displays and re-grades as it was.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import (JSON, BigInteger, Boolean, DateTime, Float, ForeignKey, Index, Integer, String, Text,
                        UniqueConstraint, text)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import User, utcnow
from core.extensions import db

OPEN = "open"
CLOSED = "closed"


class Question(db.Model):
    __tablename__ = "questions"
    __table_args__ = (UniqueConstraint("category", "title", name="uq_questions_category_title"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    category: Mapped[str] = mapped_column(String(200), index=True)
    title: Mapped[str] = mapped_column(String(200))
    qtype: Mapped[str] = mapped_column(String(16))
    difficulty: Mapped[str | None] = mapped_column(String(16))
    version: Mapped[int] = mapped_column(default=1)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    source: Mapped[str] = mapped_column(String(120), default="")
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class QuestionVersion(db.Model):
    """The content of one version of a question (`QuestionData.to_dict()`) and its texts rendered once for the
    candidate's page (`presentation.render_public`); never changed once written."""

    __tablename__ = "question_versions"

    question_id: Mapped[int] = mapped_column(ForeignKey("questions.id", ondelete="CASCADE"), primary_key=True)
    version: Mapped[int] = mapped_column(primary_key=True)
    data: Mapped[dict] = mapped_column(JSON)
    rendered: Mapped[dict | None] = mapped_column(JSON)  # sanitised HTML of the texts the candidate sees
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class BankRevision(db.Model):
    """A counter bumped by every change of the bank that can change a draw (a question added, changed,
    retired or brought back): each worker keeps the pool of drawable questions in memory and reads this one
    row to know whether it is stale."""

    __tablename__ = "question_bank_revision"

    id: Mapped[int] = mapped_column(primary_key=True)
    revision: Mapped[int] = mapped_column(BigInteger, default=0)


class Quiz(db.Model):
    __tablename__ = "quizzes"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))
    module: Mapped[str | None] = mapped_column(String(40))
    definition: Mapped[dict] = mapped_column(JSON)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Attempt(db.Model):
    """One sitting of a quiz. `draw` freezes the questions, their versions and the choice orders:
    `[{"q": question id, "v": version, "order": [source choice ids in display order]}]`."""

    __tablename__ = "attempts"
    __table_args__ = (
        Index("uq_attempts_one_open", "user_id", "quiz_id", unique=True,
              sqlite_where=text("state = 'open'"), postgresql_where=text("state = 'open'")),
        Index("ix_attempts_state_deadline", "state", "deadline"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    number: Mapped[int] = mapped_column(Integer, default=1)
    state: Mapped[str] = mapped_column(String(8), default=OPEN)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime)
    deadline: Mapped[dt.datetime | None] = mapped_column(DateTime)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    closed_by: Mapped[str | None] = mapped_column(String(16))
    draw: Mapped[list] = mapped_column(JSON)
    score: Mapped[float | None] = mapped_column(Float)
    passed: Mapped[bool | None] = mapped_column(Boolean)
    result: Mapped[dict | None] = mapped_column(JSON)

    quiz: Mapped[Quiz] = relationship(lazy="joined")
    user: Mapped[User] = relationship()


class Response(db.Model):
    """The candidate's current answer to one question of an attempt. `client_ts` orders answers from
    several tabs: an answer never replaces one given later. `answer` uses the source ids."""

    __tablename__ = "responses"

    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), primary_key=True)
    question_id: Mapped[int] = mapped_column(primary_key=True)
    answer: Mapped[object] = mapped_column(JSON)
    client_ts: Mapped[int] = mapped_column(BigInteger, default=0)
    saved_at: Mapped[dt.datetime] = mapped_column(DateTime)
    checked: Mapped[bool] = mapped_column(Boolean, default=False)


class Grant(db.Model):
    """What a trainer granted one candidate for one quiz: attempts beyond the definition's, extra time."""

    __tablename__ = "quiz_grants"

    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True)
    quiz_id: Mapped[int] = mapped_column(ForeignKey("quizzes.id", ondelete="CASCADE"), primary_key=True)
    extra_attempts: Mapped[int] = mapped_column(Integer, default=0)
    extra_minutes: Mapped[int] = mapped_column(Integer, default=0)
    granted_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class Certificate(db.Model):
    __tablename__ = "certificates"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), index=True)
    attempt_id: Mapped[int] = mapped_column(ForeignKey("attempts.id", ondelete="CASCADE"), unique=True)
    holder_name: Mapped[str] = mapped_column(String(120))
    title: Mapped[str] = mapped_column(String(200))
    score: Mapped[float] = mapped_column(Float)
    issued_at: Mapped[dt.datetime] = mapped_column(DateTime)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(DateTime)
    revoked_reason: Mapped[str | None] = mapped_column(Text)
    revoked_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))

    user: Mapped[User] = relationship(foreign_keys=[user_id])

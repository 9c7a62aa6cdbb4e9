"""Case attempts and the cases trainers assign to a whole cohort (database models).

An attempt stores the kind, the seed, the level and a snapshot of the generated case (answers included), so it
is re-displayed and re-graded from what the trainee actually saw, even after the generators change. The
snapshot never reaches a page as such: pages show `kind.public_case(snapshot)` before submission.
"""

from __future__ import annotations

import datetime as dt

from sqlalchemy import JSON, DateTime, Float, ForeignKey, Index, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from accounts.models import Cohort, User, utcnow
from core.extensions import db

DRAFT = "draft"
SUBMITTED = "submitted"
STATE_LABELS = {DRAFT: "Brouillon", SUBMITTED: "Corrigé"}
SEED_LIMIT = 2**31  # seeds fit a signed 32-bit integer column


class CaseAssignment(db.Model):
    """A case (kind + seed + level) given by a trainer to every trainee of a cohort, for a group debrief."""

    __tablename__ = "case_assignments"

    id: Mapped[int] = mapped_column(primary_key=True)
    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(40))
    seed: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    title: Mapped[str] = mapped_column(String(200))
    created_by: Mapped[int | None] = mapped_column(ForeignKey("users.id", ondelete="SET NULL"))
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

    cohort: Mapped[Cohort] = relationship()
    author: Mapped[User | None] = relationship()


class CaseAttempt(db.Model):
    """One trainee's work on one case: a draft (`submission` as typed, `revision` bumped at every save)
    until submitted, then graded once (`grade` is the `Grade.to_dict()` of the snapshot and submission)."""

    __tablename__ = "case_attempts"
    __table_args__ = (Index("ix_case_attempts_user_state", "user_id", "state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"))
    kind: Mapped[str] = mapped_column(String(40))
    seed: Mapped[int] = mapped_column(Integer)
    level: Mapped[str] = mapped_column(String(16))
    label: Mapped[str] = mapped_column(String(200))  # what the lists show, e.g. the company's name
    assignment_id: Mapped[int | None] = mapped_column(
        ForeignKey("case_assignments.id", ondelete="SET NULL"), index=True)
    snapshot: Mapped[dict] = mapped_column(JSON, deferred=True)
    submission: Mapped[dict] = mapped_column(JSON, default=dict, deferred=True)
    revision: Mapped[int] = mapped_column(Integer, default=0)
    state: Mapped[str] = mapped_column(String(10), default=DRAFT)
    grade: Mapped[dict | None] = mapped_column(JSON, deferred=True)
    score: Mapped[float | None] = mapped_column(Float)
    max_score: Mapped[float | None] = mapped_column(Float)
    started_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    updated_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)
    submitted_at: Mapped[dt.datetime | None] = mapped_column(DateTime)

    user: Mapped[User] = relationship()
    assignment: Mapped[CaseAssignment | None] = relationship()

    @property
    def is_draft(self) -> bool:
        return self.state == DRAFT

    @property
    def state_label(self) -> str:
        return STATE_LABELS[self.state]

"""The case attempt workflow: start (random or assigned seed), save drafts, submit once, list attempts.

Services over the models, without Flask requests: the views call them and turn `AttemptConflict` into a 409.
Saving a draft is one UPDATE of one row, guarded by the attempt's state and revision, so a draft never
overwrites a submitted attempt and a stale tab never silently overwrites a newer draft. Grading always uses
the attempt's snapshot, never a regenerated case.
"""

from __future__ import annotations

import secrets
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import case as when, func, select, update
from sqlalchemy.orm import selectinload, undefer
from sqlalchemy.orm.attributes import set_committed_value
from werkzeug.datastructures import MultiDict

from accounts.models import Enrolment, utcnow
from core.extensions import db
from simulator.models import DRAFT, SEED_LIMIT, SUBMITTED, CaseAssignment, CaseAttempt
from simulator.registry import LEVELS, ExerciseKind, get_kind


class AttemptConflict(Exception):
    """The attempt changed under the request (submitted meanwhile, or saved from another tab)."""


FORM_MARKER = "answers"  # hidden field of the answer form: unticked boxes post nothing, the marker always
SUBMITTED_MESSAGE = "Ce cas a déjà été remis : il ne peut plus être modifié."
STALE_MESSAGE = ("Vos réponses ont été modifiées depuis un autre onglet ou une autre fenêtre. Vérifiez les "
                 "valeurs ci-dessous puis enregistrez de nouveau.").replace(" :", "\u00a0:")


@dataclass(frozen=True)
class Saved:
    """Outcome of a save or a submit: the field errors (nothing is graded while there are some)."""

    errors: dict[str, str]
    revision: int
    submitted: bool = False


def new_seed() -> int:
    """A fresh unpredictable seed, so that two trainees rarely get the same case."""
    return secrets.randbelow(SEED_LIMIT)


def case_label(case: Mapping[str, Any], seed: int) -> str:
    """What the lists call a case: its company's name, or its number."""
    company = case.get("company")
    name = company.get("name") if isinstance(company, Mapping) else None
    return str(name)[:200] if name else f"Cas n° {seed}"


def _checked(kind_slug: str, level: str, seed: int | None) -> tuple[ExerciseKind, int]:
    """The kind and the seed (a fresh one when None); KeyError for an unknown kind, ValueError for an unknown
    level or a seed out of range, with French messages."""
    kind = get_kind(kind_slug)
    if level not in LEVELS:
        raise ValueError(f"Niveau inconnu\u00a0: {level}.")
    seed = new_seed() if seed is None else seed
    if not 0 <= seed < SEED_LIMIT:
        raise ValueError(f"Le numéro de cas doit être compris entre 0 et {SEED_LIMIT - 1}.")
    return kind, seed


def start_attempt(user_id: int, kind_slug: str, level: str = "standard", seed: int | None = None,
                  assignment: CaseAssignment | None = None) -> CaseAttempt:
    """A new draft on the case `kind_slug` generates for `seed` (a fresh one when None) and `level`."""
    kind, seed = _checked(kind_slug, level, seed)
    case = kind.generate(seed, level)
    now = utcnow()
    attempt = CaseAttempt(user_id=user_id, kind=kind.slug, seed=seed, level=level, label=case_label(case, seed),
                          assignment=assignment, snapshot=case, submission={}, revision=0, state=DRAFT,
                          started_at=now, updated_at=now)
    db.session.add(attempt)
    db.session.flush()
    return attempt


def assignment_for(user_id: int, assignment_id: int) -> CaseAssignment | None:
    """The assignment, if it was given to a cohort the user is enrolled in."""
    return db.session.scalar(
        select(CaseAssignment).join(Enrolment, Enrolment.cohort_id == CaseAssignment.cohort_id)
        .where(CaseAssignment.id == assignment_id, Enrolment.user_id == user_id))


def start_assigned(user_id: int, assignment: CaseAssignment) -> CaseAttempt:
    """The user's draft on an assigned case, started when there is none (a submitted one stays as it is)."""
    draft = db.session.scalar(
        select(CaseAttempt).where(CaseAttempt.user_id == user_id, CaseAttempt.assignment_id == assignment.id,
                                  CaseAttempt.state == DRAFT).order_by(CaseAttempt.id.desc()).limit(1))
    return draft or start_attempt(user_id, assignment.kind, assignment.level, assignment.seed, assignment)


def get_attempt(attempt_id: int, *, with_case: bool = True) -> CaseAttempt | None:
    options = [undefer(CaseAttempt.snapshot), undefer(CaseAttempt.submission), undefer(CaseAttempt.grade)]
    return db.session.get(CaseAttempt, attempt_id, options=options if with_case else [])


def kind_of(attempt: CaseAttempt) -> ExerciseKind:
    return get_kind(attempt.kind)


def submission_from_form(fields: Sequence[Mapping[str, Any]], form: MultiDict) -> dict[str, Any] | None:
    """The answers a posted answer form carries (it has the `FORM_MARKER` field), keyed by field id and kept
    exactly as typed, ticks as a list, a field left out as blank; None for a post without the answer form
    (a bare "submit" then uses the saved draft)."""
    if FORM_MARKER not in form:
        return None
    return {field["id"]: form.getlist(field["id"]) if field["type"] == "multi" else form.get(field["id"], "")
            for field in fields}


def save_draft(attempt: CaseAttempt, submission: dict[str, Any], revision: int | None) -> Saved:
    """Store the answers as typed, even unreadable ones (the page points them out), in one UPDATE.
    `revision` is the one the page was built on (None: do not check). AttemptConflict when the attempt was
    submitted meanwhile or saved since from elsewhere."""
    errors = kind_of(attempt).check_submission(attempt.snapshot, submission)
    new_revision = _update_draft(attempt, revision, submission=submission)
    return Saved(errors, new_revision)


def submit(attempt: CaseAttempt, submission: dict[str, Any] | None, revision: int | None) -> Saved:
    """Grade the attempt once with its snapshot. With unreadable answers, they are saved and nothing is
    graded. Submitting a submitted attempt changes nothing (a second click, a second tab)."""
    if attempt.state == SUBMITTED:
        return Saved({}, attempt.revision, submitted=True)
    if submission is None:
        submission, revision = attempt.submission or {}, attempt.revision
    kind = kind_of(attempt)
    errors = kind.check_submission(attempt.snapshot, submission)
    if errors:
        return Saved(errors, _update_draft(attempt, revision, submission=submission))
    grade = kind.grade(attempt.snapshot, submission)
    new_revision = _update_draft(attempt, revision, submission=submission, state=SUBMITTED,
                                 grade=grade.to_dict(), score=grade.score, max_score=grade.max_score,
                                 submitted_at=utcnow())
    return Saved({}, new_revision, submitted=True)


def _update_draft(attempt: CaseAttempt, revision: int | None, **values: Any) -> int:
    """The one UPDATE of a draft: only while it is a draft (and at `revision`, when given)."""
    now = utcnow()
    statement = (update(CaseAttempt)
                 .where(CaseAttempt.id == attempt.id, CaseAttempt.state == DRAFT)
                 .values(revision=CaseAttempt.revision + 1, updated_at=now, **values)
                 .returning(CaseAttempt.revision)
                 .execution_options(synchronize_session=False))
    if revision is not None:
        statement = statement.where(CaseAttempt.revision == revision)
    new_revision = db.session.scalar(statement)
    if new_revision is None:
        db.session.refresh(attempt)
        raise AttemptConflict(SUBMITTED_MESSAGE if attempt.state == SUBMITTED else STALE_MESSAGE)
    for name, value in {**values, "revision": new_revision, "updated_at": now}.items():
        set_committed_value(attempt, name, value)  # the row is written: nothing left for the ORM to flush
    return new_revision


# --- lists ---------------------------------------------------------------------------------------------------

def attempts_of(user_id: int, limit: int | None = None) -> list[CaseAttempt]:
    """The user's attempts, latest activity first (without their case snapshots)."""
    query = select(CaseAttempt).where(CaseAttempt.user_id == user_id).order_by(CaseAttempt.updated_at.desc(),
                                                                                CaseAttempt.id.desc())
    return list(db.session.scalars(query.limit(limit) if limit else query))


def cohort_attempts(cohort_id: int) -> list[CaseAttempt]:
    """The attempts of a cohort's trainees, latest activity first, with their trainee."""
    query = (select(CaseAttempt)
             .join(Enrolment, Enrolment.user_id == CaseAttempt.user_id)
             .where(Enrolment.cohort_id == cohort_id)
             .options(selectinload(CaseAttempt.user))
             .order_by(CaseAttempt.updated_at.desc(), CaseAttempt.id.desc()))
    return list(db.session.scalars(query))


def assignments_for(user_id: int) -> list[tuple[CaseAssignment, CaseAttempt | None]]:
    """The cases assigned to the user's cohorts, latest first, each with the user's latest attempt on it."""
    assignments = list(db.session.scalars(
        select(CaseAssignment).join(Enrolment, Enrolment.cohort_id == CaseAssignment.cohort_id)
        .where(Enrolment.user_id == user_id).order_by(CaseAssignment.created_at.desc(), CaseAssignment.id.desc())))
    latest: dict[int, CaseAttempt] = {}
    for attempt in db.session.scalars(
            select(CaseAttempt).where(CaseAttempt.user_id == user_id, CaseAttempt.assignment_id.is_not(None))
            .order_by(CaseAttempt.id)):
        latest[attempt.assignment_id] = attempt
    return [(assignment, latest.get(assignment.id)) for assignment in assignments]


@dataclass(frozen=True)
class AssignmentSummary:
    assignment: CaseAssignment
    started: int  # trainees who started it
    submitted: int  # trainees who submitted it at least once
    mean_score: float | None  # over the submitted attempts, as a fraction of the maximum


def cohort_assignments(cohort_id: int) -> list[AssignmentSummary]:
    """The cohort's assignments, latest first, with how many trainees started and submitted them."""
    counts = {row.assignment_id: row for row in db.session.execute(
        select(CaseAttempt.assignment_id,
               func.count(func.distinct(CaseAttempt.user_id)).label("started"),
               func.count(func.distinct(when((CaseAttempt.state == SUBMITTED, CaseAttempt.user_id)))).label(
                   "submitted"),
               func.avg(when((CaseAttempt.max_score > 0, CaseAttempt.score / CaseAttempt.max_score))).label("mean"))
        .join(CaseAssignment, CaseAssignment.id == CaseAttempt.assignment_id)
        .where(CaseAssignment.cohort_id == cohort_id)
        .group_by(CaseAttempt.assignment_id))}
    summaries = []
    for assignment in db.session.scalars(select(CaseAssignment).where(CaseAssignment.cohort_id == cohort_id)
                                         .order_by(CaseAssignment.created_at.desc(), CaseAssignment.id.desc())):
        row = counts.get(assignment.id)
        summaries.append(AssignmentSummary(assignment, row.started if row else 0, row.submitted if row else 0,
                                           float(row.mean) if row and row.mean is not None else None))
    return summaries


def assign(cohort_id: int, kind_slug: str, level: str, seed: int | None, title: str,
           created_by: int) -> CaseAssignment:
    """Give one case to the whole cohort (a fresh seed when None). KeyError/ValueError as `_checked`."""
    kind, seed = _checked(kind_slug, level, seed)
    title = title.strip()[:200] or f"{kind.title} – cas n° {seed}"
    assignment = CaseAssignment(cohort_id=cohort_id, kind=kind.slug, seed=seed, level=level, title=title,
                                created_by=created_by, created_at=utcnow())
    db.session.add(assignment)
    db.session.flush()
    return assignment

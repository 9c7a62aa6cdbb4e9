"""Attempts: start or resume, save an answer, check it (practice), submit, close overdue attempts, grade.

Rules kept by the database rather than by hope:
- one open attempt per candidate and quiz: a partial unique index; a concurrent start gets the other's attempt;
- a stale tab never overwrites a newer answer: the UPSERT only replaces a response whose `client_ts` is not
  newer than the incoming one; the caller is told the save was stale and gets the answer kept;
- one grading per attempt: `UPDATE ... WHERE state = 'open'` decides which submit grades; the other returns
  the stored result. On PostgreSQL a save reads the attempt `FOR SHARE`, so it either lands before the
  closing UPDATE or sees the attempt closed;
- the deadline (start + time limit + the candidate's extra time) is the server's; past it a save gets 409
  and the attempt is graded with its saved answers, on next access or by `quizzes close-overdue` (cron).

The clock is injectable: `app.config["QUIZ_CLOCK"]`, a callable returning naive UTC datetimes.
"""

from __future__ import annotations

import datetime as dt
import random
import secrets
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import bindparam, exists, func, select, update

from accounts.models import Enrolment, User, utcnow
from core.database import insert_on_conflict
from core.extensions import db
from quizzes.bank import question_pool, question_versions, revision_query
from quizzes.certificates import issue_certificate
from quizzes.definitions import QuizDefinition, parse_definition
from quizzes.draw import draw
from quizzes.grading import AttemptGrade, grade_attempt
from quizzes.models import CLOSED, OPEN, Attempt, Grant, Question, Quiz, Response
from quizzes.presentation import source_order, to_public, to_source
from quizzes.questions import QuestionData, shuffle_choices


class AttemptError(Exception):
    """A refused action, with its HTTP status and a French message for the candidate."""

    def __init__(self, message: str, status: int = 409):
        super().__init__(message)
        self.message = message
        self.status = status


def clock() -> dt.datetime:
    return current_app.config.get("QUIZ_CLOCK", utcnow)()


def definition_of(quiz: Quiz) -> QuizDefinition:
    """The quiz's definition, parsed once per stored version."""
    cache = current_app.extensions.setdefault("quizzes.definitions", {})
    key = (quiz.id, quiz.updated_at)
    if key not in cache:
        cache[key] = parse_definition(quiz.definition, quiz.slug)
    return cache[key]


# --- start ---------------------------------------------------------------------------------------------

def grant_for(user_id: int, quiz_id: int) -> Grant | None:
    return db.session.get(Grant, (user_id, quiz_id))


def attempts_used(user_id: int, quiz_id: int) -> int:
    return db.session.scalar(select(func.count()).select_from(Attempt)
                             .where(Attempt.user_id == user_id, Attempt.quiz_id == quiz_id)) or 0


def attempts_allowed(definition: QuizDefinition, extra_attempts: int) -> int | None:
    if definition.attempts_allowed is None:
        return None
    return definition.attempts_allowed + extra_attempts


def is_enrolled(user: User) -> bool:
    return db.session.scalar(select(func.count()).select_from(Enrolment).where(Enrolment.user_id == user.id)) > 0


@dataclass(frozen=True)
class StartFacts:
    """Everything a start needs to know about one candidate and quiz, read in a single query."""

    open_id: int | None
    open_deadline: dt.datetime | None
    used: int
    enrolled: bool
    extra_attempts: int
    extra_minutes: int
    bank_revision: int


def _start_facts_query():
    """One SELECT of scalar subqueries, built once: building and caching a statement of this size costs more
    than running it."""
    user, quiz = bindparam("user_id"), bindparam("quiz_id")
    mine = (Attempt.user_id == user) & (Attempt.quiz_id == quiz)
    is_open = mine & (Attempt.state == OPEN)
    grant = (Grant.user_id == user) & (Grant.quiz_id == quiz)
    return select(
        select(Attempt.id).where(is_open).scalar_subquery(),
        select(Attempt.deadline).where(is_open).scalar_subquery(),
        select(func.count()).select_from(Attempt).where(mine).scalar_subquery(),
        exists().where(Enrolment.user_id == user),
        select(Grant.extra_attempts).where(grant).scalar_subquery(),
        select(Grant.extra_minutes).where(grant).scalar_subquery(),
        revision_query(),
    )


_START_FACTS = _start_facts_query()


def start_facts(user_id: int, quiz_id: int) -> StartFacts:
    row = db.session.execute(_START_FACTS, {"user_id": user_id, "quiz_id": quiz_id}).one()
    return StartFacts(row[0], row[1], row[2], bool(row[3]), row[4] or 0, row[5] or 0, row[6] or 0)


def refusal(quiz: Quiz, definition: QuizDefinition, facts: StartFacts, now: dt.datetime) -> str | None:
    """Why the candidate may not start a new attempt (French), or None."""
    if not quiz.active:
        return "Ce quiz n'est plus proposé."
    if definition.closes_at and now >= definition.closes_at:
        return "Ce quiz est clos."
    if definition.requires_enrolment and not facts.enrolled:
        return "Cet examen est réservé aux apprenants inscrits à une session de formation."
    allowed = attempts_allowed(definition, facts.extra_attempts)
    if allowed is not None and facts.used >= allowed:
        return ("Vous avez utilisé toutes les tentatives autorisées pour ce quiz. "
                "Votre formateur peut vous en accorder une autre.")
    return None


def why_not_start(user: User, quiz: Quiz, definition: QuizDefinition, now: dt.datetime) -> str | None:
    """Why the user may not start a new attempt (French), or None."""
    return refusal(quiz, definition, start_facts(user.id, quiz.id), now)


def open_attempt(user_id: int, quiz_id: int) -> Attempt | None:
    return db.session.scalar(select(Attempt).where(Attempt.user_id == user_id, Attempt.quiz_id == quiz_id,
                                                   Attempt.state == OPEN))


def start_or_resume(user: User, quiz: Quiz, now: dt.datetime) -> int:
    """The id of the candidate's open attempt of the quiz, or of a new one with its draw frozen.

    The hot path of an exam start (a whole room starts at once): one query for the facts, the draw in memory,
    one INSERT that yields to a concurrent start of the same candidate (the partial unique index)."""
    facts = start_facts(user.id, quiz.id)
    if facts.open_id is not None:
        if facts.open_deadline is None or now < facts.open_deadline:
            return facts.open_id
        close_attempt(facts.open_id, now, closed_by="deadline")
        facts = start_facts(user.id, quiz.id)
    definition = definition_of(quiz)
    refused = refusal(quiz, definition, facts, now)
    if refused:
        raise AttemptError(refused)
    rng = random.Random(secrets.randbits(64))
    frozen = freeze_draw(draw(definition, question_pool(facts.bank_revision), rng), definition, rng)
    if not frozen:
        raise AttemptError("Ce quiz n'a pas encore de questions : revenez plus tard.")
    created = db.session.execute(_START, {
        "quiz_id": quiz.id, "user_id": user.id, "number": facts.used + 1, "state": OPEN, "started_at": now,
        "deadline": deadline_for(definition, facts.extra_minutes, now), "draw": frozen}).scalar()
    if created is None:  # another request of the same candidate started it first
        created = db.session.scalar(select(Attempt.id).where(Attempt.user_id == user.id, Attempt.quiz_id == quiz.id,
                                                             Attempt.state == OPEN))
    return created


_START = insert_on_conflict(  # a new attempt, unless the candidate already has an open one
    Attempt.__table__, ("quiz_id", "user_id", "number", "state", "started_at", "deadline", "draw"),
    "ON CONFLICT (user_id, quiz_id) WHERE state = 'open' DO NOTHING", returning="id")


def deadline_for(definition: QuizDefinition, extra_minutes: int, started_at: dt.datetime) -> dt.datetime | None:
    if definition.time_limit_minutes is None:
        return definition.closes_at
    deadline = started_at + dt.timedelta(minutes=definition.time_limit_minutes + extra_minutes)
    return min(deadline, definition.closes_at) if definition.closes_at else deadline


def freeze_draw(pairs: list[tuple[int, int]], definition: QuizDefinition,
                rng: random.Random) -> list[dict[str, Any]]:
    """The frozen draw stored with the attempt: `[{"q": id, "v": version, "order": [...]}]`."""
    versions = question_versions(pairs)
    return [{"q": qid, "v": version, "order": _choice_order(versions[(qid, version)], definition, rng)}
            for qid, version in pairs]


def _choice_order(q: QuestionData, definition: QuizDefinition, rng: random.Random) -> list[str]:
    return shuffle_choices(q, rng) if definition.shuffle_answers else source_order(q)


# --- loading with the owner check ----------------------------------------------------------------------

@dataclass(frozen=True)
class AttemptHead:
    """The few columns the hot paths need, read without loading the attempt's responses or quiz."""

    id: int
    user_id: int
    quiz_id: int
    state: str
    deadline: dt.datetime | None
    draw: list

    def entry(self, question_id: Any) -> dict:
        for item in self.draw:
            if item["q"] == question_id:
                return item
        raise AttemptError("Cette question ne fait pas partie de la tentative.", 400)

    def overdue(self, now: dt.datetime) -> bool:
        return self.state == OPEN and self.deadline is not None and now >= self.deadline


def load_head(attempt_id: int, user_id: int, *, lock: bool = False) -> AttemptHead:
    """The attempt if it belongs to the user; 404 otherwise (no hint that it exists)."""
    query = select(Attempt.id, Attempt.user_id, Attempt.quiz_id, Attempt.state, Attempt.deadline,
                   Attempt.draw).where(Attempt.id == attempt_id)
    if lock:
        query = query.with_for_update(read=True)
    row = db.session.execute(query).first()
    if row is None or row.user_id != user_id:
        raise AttemptError("Tentative introuvable.", 404)
    return AttemptHead(*row)


# --- saving ----------------------------------------------------------------------------------------------

@dataclass(frozen=True)
class SaveResult:
    saved_at: dt.datetime
    stale: bool = False
    answer: Any = None  # the answer kept, when the save was stale (positional ids)


# An answer replaces the stored one only if it was given later (client_ts) and the question was not checked.
_SAVE = insert_on_conflict(
    Response.__table__, ("attempt_id", "question_id", "answer", "client_ts", "saved_at", "checked"),
    "ON CONFLICT (attempt_id, question_id) DO UPDATE SET answer = excluded.answer, client_ts = excluded.client_ts,"
    " saved_at = excluded.saved_at WHERE responses.client_ts <= excluded.client_ts AND NOT responses.checked",
    returning="saved_at")


def save_response(head: AttemptHead, question_id: Any, answer: Any, client_ts: int | None,
                  now: dt.datetime) -> SaveResult:
    """Store the candidate's answer unless a newer one (by client_ts) is already stored."""
    if head.state != OPEN:
        raise AttemptError("Cette tentative est terminée : la réponse n'a pas été enregistrée.")
    if head.overdue(now):
        close_attempt(head.id, now, closed_by="deadline")
        raise AttemptError("Le temps imparti est écoulé : cette réponse n'a pas été enregistrée. "
                           "Vos réponses enregistrées avant la fin ont été prises en compte.")
    entry = head.entry(question_id)
    q = question_versions([(entry["q"], entry["v"])])[(entry["q"], entry["v"])]
    stored = to_source(q, entry["order"], answer)
    timestamp = client_ts if client_ts is not None else int(now.timestamp() * 1000)
    applied = db.session.execute(_SAVE, {
        "attempt_id": head.id, "question_id": entry["q"], "answer": stored, "client_ts": timestamp,
        "saved_at": now, "checked": False}).first()
    if applied is not None:
        return SaveResult(saved_at=now)
    kept = db.session.get(Response, (head.id, entry["q"]), populate_existing=True)
    if kept.checked:
        raise AttemptError("Cette question a déjà été vérifiée : la réponse ne peut plus être modifiée.")
    return SaveResult(saved_at=kept.saved_at, stale=True, answer=to_public(q, entry["order"], kept.answer))


def parse_client_ts(value: Any) -> int | None:
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value < 2**62:
        raise AttemptError("client_ts doit être un horodatage en millisecondes.", 400)
    return int(value)


# --- checking one answer (practice quizzes with immediate feedback) ----------------------------------

def check_response(head: AttemptHead, definition: QuizDefinition, question_id: Any,
                   now: dt.datetime) -> tuple[QuestionData, dict, Response]:
    """Lock the answer to one question and let the review of that question be shown at once."""
    if definition.behaviour != "immediate":
        raise AttemptError("La correction n'est donnée qu'à la fin de ce quiz.", 403)
    if head.state != OPEN or head.overdue(now):
        raise AttemptError("Cette tentative est terminée.")
    entry = head.entry(question_id)
    response = db.session.get(Response, (head.id, entry["q"]))
    if response is None or response.answer is None:
        raise AttemptError("Répondez à la question avant de la vérifier.", 400)
    response.checked = True
    q = question_versions([(entry["q"], entry["v"])])[(entry["q"], entry["v"])]
    return q, entry, response


# --- closing and grading ---------------------------------------------------------------------------------

def close_attempt(attempt_id: int, now: dt.datetime, closed_by: str = "candidate") -> Attempt:
    """Close and grade the attempt once; a repeated or concurrent call returns the stored result."""
    won = db.session.execute(
        update(Attempt).where(Attempt.id == attempt_id, Attempt.state == OPEN)
        .values(state=CLOSED, closed_by=closed_by, submitted_at=now)
        .execution_options(synchronize_session=False)
    ).rowcount == 1
    attempt = db.session.get(Attempt, attempt_id, populate_existing=True)
    if won:
        if closed_by == "deadline" and attempt.deadline and attempt.deadline < now:
            attempt.submitted_at = attempt.deadline
        _record_grade(attempt)
    return attempt


def _record_grade(attempt: Attempt) -> None:
    result = grade_stored(attempt)
    definition = definition_of(attempt.quiz)
    attempt.score = result.score
    attempt.passed = result.score >= definition.pass_mark - 1e-9
    attempt.result = result.to_dict()
    if attempt.passed and definition.certificate:
        issue_certificate(attempt, definition, attempt.submitted_at or utcnow())


def responses_of(attempt_id: int) -> dict[int, Response]:
    return {r.question_id: r for r in db.session.scalars(select(Response).where(Response.attempt_id == attempt_id))}


def drawn_questions(attempt: Attempt) -> list[tuple[dict, QuestionData]]:
    versions = question_versions((item["q"], item["v"]) for item in attempt.draw)
    return [(item, versions[(item["q"], item["v"])]) for item in attempt.draw]


def grade_stored(attempt: Attempt) -> AttemptGrade:
    responses = responses_of(attempt.id)
    return grade_attempt([(item["q"], q, responses[item["q"]].answer if item["q"] in responses else None)
                          for item, q in drawn_questions(attempt)])


def close_if_overdue(attempt: Attempt, now: dt.datetime) -> bool:
    """Grade an open attempt whose deadline has passed; True if it is (now) closed."""
    if attempt.state == OPEN and attempt.deadline is not None and now >= attempt.deadline:
        close_attempt(attempt.id, now, closed_by="deadline")
        return True
    return attempt.state != OPEN


def close_overdue(now: dt.datetime) -> int:
    """Grade every open attempt past its deadline (cron); returns how many were closed."""
    overdue = db.session.scalars(select(Attempt.id).where(Attempt.state == OPEN, Attempt.deadline <= now)).all()
    closed = 0
    for attempt_id in overdue:
        attempt = close_attempt(attempt_id, now, closed_by="deadline")
        closed += attempt.closed_by == "deadline"
        db.session.commit()
    return closed


def remaining_seconds(deadline: dt.datetime | None, now: dt.datetime) -> float | None:
    if deadline is None:
        return None
    return max(0.0, (deadline - now).total_seconds())


# --- grants ----------------------------------------------------------------------------------------------

def set_grant(user_id: int, quiz: Quiz, extra_attempts: int, extra_minutes: int, granted_by: int,
              now: dt.datetime) -> Grant:
    """Record a trainer's grant; extra time also moves the deadline of the candidate's open attempt."""
    if extra_attempts < 0 or extra_minutes < 0 or extra_minutes > 24 * 60 or extra_attempts > 20:
        raise AttemptError("Valeurs hors limites : 0 à 20 tentatives, 0 à 1 440 minutes.", 400)
    grant = grant_for(user_id, quiz.id)
    if grant is None:
        grant = Grant(user_id=user_id, quiz_id=quiz.id)
        db.session.add(grant)
    grant.extra_attempts, grant.extra_minutes, grant.granted_by, grant.updated_at = (
        extra_attempts, extra_minutes, granted_by, now)
    current = open_attempt(user_id, quiz.id)
    if current is not None and not close_if_overdue(current, now):
        current.deadline = deadline_for(definition_of(quiz), grant.extra_minutes, current.started_at)
    return grant

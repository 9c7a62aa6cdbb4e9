"""Candidate pages: the quiz list, a quiz's page, the exam page, the review; home panels and navigation."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, url_for
from flask_login import current_user
from markupsafe import Markup
from sqlalchemy import select

from accounts.access import can_see_trainee, trainee
from core.database import begin_write
from core.extensions import db
from core.home import home_panel
from core.navigation import nav_entry
from quizzes.api import attempt_payload, iso
from quizzes.attempts import (AttemptError, clock, close_attempt, close_if_overdue, definition_of, drawn_questions,
                              responses_of, start_or_resume, why_not_start)
from quizzes.catalogue import quiz_statuses
from quizzes.charts import profile_svg
from quizzes.definitions import KIND_LABELS
from quizzes.grading import profile_from_dict
from quizzes.models import OPEN, Attempt, Certificate, Quiz
from quizzes.review import ReviewPolicyView, build_review
from quizzes.sync import course_title

bp = Blueprint("quizzes", __name__)

nav_entry(("trainee", "trainer", "admin"), "Quiz et examens", "quizzes.index", order=30)


@home_panel(("trainee",), "quizzes/_home_panel.html", order=30)
def trainee_panel(user) -> dict:
    """The exams, and the per-module quizzes already tried; the full list is one click away."""
    statuses = quiz_statuses(user)
    shown = [s for s in statuses if s.definition.kind not in ("practice", "module") or s.attempts]
    return {"statuses": shown, "total": len(statuses)}


def quiz_or_404(slug: str) -> Quiz:
    quiz = db.session.scalar(select(Quiz).where(Quiz.slug == slug, Quiz.active.is_(True)))
    if quiz is None:
        abort(404)
    return quiz


def own_attempt(attempt_id: int, trainer_view: str = "trainer_attempts.attempt"):
    """The candidate's own attempt; a trainer who may see it is sent to the trainer's view; else 404."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None:
        abort(404)
    if attempt.user_id != current_user.id:
        if can_see_trainee(current_user, attempt.user_id):
            return redirect(url_for(trainer_view, attempt_id=attempt_id))
        abort(404)
    return attempt


def close_when_overdue(attempt: Attempt) -> Attempt:
    """A GET that finds the deadline passed grades the attempt before showing anything."""
    if attempt.state == OPEN and attempt.deadline is not None and clock() >= attempt.deadline:
        begin_write(db.session())
        close_if_overdue(db.session.get(Attempt, attempt.id, populate_existing=True), clock())
        db.session.commit()
        attempt = db.session.get(Attempt, attempt.id)
    return attempt


@bp.get("/quizzes")
@trainee
def index():
    return render_template("quizzes/index.html", statuses=quiz_statuses(current_user))


@bp.get("/quizzes/<slug>")
@trainee
def quiz(slug: str):
    found = quiz_or_404(slug)
    status = next((s for s in quiz_statuses(current_user) if s.quiz.id == found.id), None)
    if status is None:
        abort(403, KIND_LABELS["certification"] + " réservé aux apprenants inscrits à une session.")
    refusal = None if status.open_attempt else why_not_start(current_user, found, status.definition, clock())
    return render_template("quizzes/quiz.html", status=status, definition=status.definition, refusal=refusal,
                           question_count=question_count(status.definition))


def question_count(definition) -> int | None:
    """Questions per attempt, when the definition says it (every rule draws a fixed number)."""
    counts = [rule.count if rule.count is not None else (len(rule.titles) or None) for rule in definition.rules]
    return None if None in counts else sum(counts)


@bp.post("/quizzes/<slug>/start")
@trainee
def start(slug: str):
    found = quiz_or_404(slug)
    try:
        attempt_id = start_or_resume(current_user, found, clock())
    except AttemptError as exc:
        db.session.commit()
        flash(exc.message, "error")
        return redirect(url_for("quizzes.quiz", slug=slug))
    db.session.commit()
    return redirect(url_for("quizzes.attempt", attempt_id=attempt_id))


@bp.get("/attempts/<int:attempt_id>")
@trainee
def attempt(attempt_id: int):
    found = own_attempt(attempt_id)
    if not isinstance(found, Attempt):
        return found
    found = close_when_overdue(found)
    if found.state != OPEN:
        return redirect(url_for("quizzes.review", attempt_id=attempt_id))
    payload = attempt_payload(found)
    return render_template("quizzes/attempt.html", attempt=found, payload=payload,
                           immediate=definition_of(found.quiz).behaviour == "immediate")


@bp.post("/attempts/<int:attempt_id>/submit")
@trainee
def submit(attempt_id: int):
    found = own_attempt(attempt_id)
    if not isinstance(found, Attempt):
        abort(403)
    close_attempt(attempt_id, clock())
    db.session.commit()
    return redirect(url_for("quizzes.review", attempt_id=attempt_id))


@bp.get("/attempts/<int:attempt_id>/review")
@trainee
def review(attempt_id: int):
    found = own_attempt(attempt_id)
    if not isinstance(found, Attempt):
        return found
    found = close_when_overdue(found)
    if found.state == OPEN:
        return redirect(url_for("quizzes.attempt", attempt_id=attempt_id))
    definition = definition_of(found.quiz)
    policy = ReviewPolicyView.for_candidate(definition, clock())
    show_items = policy.answers or policy.feedback
    items = build_review(found, drawn_questions(found), responses_of(found.id), policy) if show_items else []
    certificate = db.session.scalar(select(Certificate).where(Certificate.attempt_id == found.id))
    return render_template("quizzes/review.html", attempt=found, definition=definition, policy=policy, items=items,
                           certificate=certificate, **profile_context(found, definition, policy.score))


def profile_context(attempt: Attempt, definition, allowed: bool) -> dict:
    """The per-module table and chart, for definitions that show a profile."""
    if not (allowed and definition.show_profile):
        return {"profile": None, "profile_chart": None, "module_labels": {}}
    profile = profile_from_dict(attempt.result)
    labels = {m: module_label(m) for m in profile}
    chart = Markup(profile_svg(profile, labels, "Réussite par module")) if profile else None
    return {"profile": profile, "profile_chart": chart, "module_labels": labels}


def module_label(module: str) -> str:
    number = module.rsplit("-", 1)[-1]
    if module.startswith("module-") and number.isdigit():
        return f"{number} · {course_title(number)}"
    return module


@bp.app_template_filter("iso_utc")
def iso_utc(moment) -> str:
    return iso(moment) or ""

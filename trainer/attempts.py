"""Trainer pages for quizzes: attempts of their cohorts' trainees per quiz, any attempt in full, grants of an
extra attempt or extra time, and the question bank's upload and export."""

from __future__ import annotations

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import Integer, cast, func, select

from accounts.access import require_trainee_visible, trainer, visible_trainee_ids
from accounts.models import User
from core.extensions import db
from core.home import home_panel
from core.navigation import nav_entry
from quizzes.attempts import (AttemptError, attempts_allowed, attempts_used, clock, definition_of, drawn_questions,
                              grant_for, responses_of, set_grant)
from quizzes.bank import export_text, import_text
from quizzes.definitions import KIND_LABELS
from quizzes.formats import EXPORT_FORMATS, IMPORT_FORMATS
from quizzes.models import CLOSED, Attempt, Quiz
from quizzes.review import ReviewPolicyView, build_review
from quizzes.views import close_when_overdue, profile_context

bp = Blueprint("trainer_attempts", __name__, url_prefix="/trainer")

nav_entry(("trainer", "admin"), "Tentatives", "trainer_attempts.quizzes", order=65)
FORMAT_LABELS = {"gift": "GIFT", "aiken": "Aiken", "moodlexml": "Moodle XML"}


def quiz_rows(user: User):
    """Per active quiz: attempts, candidates, average score and passes among the trainees the user sees."""
    visible = visible_trainee_ids(user)
    stats = (select(Attempt.quiz_id, func.count(Attempt.id), func.count(func.distinct(Attempt.user_id)),
                    func.avg(Attempt.score), func.sum(cast(Attempt.passed, Integer)))
             .where(Attempt.user_id.in_(visible), Attempt.state == CLOSED)
             .group_by(Attempt.quiz_id)).subquery()
    query = (select(Quiz, stats.c[1], stats.c[2], stats.c[3], stats.c[4])
             .outerjoin(stats, stats.c.quiz_id == Quiz.id)
             .where(Quiz.active.is_(True)).order_by(Quiz.kind, Quiz.slug))
    return db.session.execute(query).all()


@home_panel(("trainer", "admin"), "trainer/_attempts_panel.html", order=25)
def attempts_panel(user: User) -> dict:
    visible = visible_trainee_ids(user)
    recent = db.session.scalars(select(Attempt).where(Attempt.user_id.in_(visible))
                                .order_by(Attempt.started_at.desc()).limit(5)).all()
    return {"recent": recent}


@bp.get("/quizzes")
@trainer
def quizzes():
    return render_template("trainer/quizzes.html", rows=quiz_rows(current_user), kind_labels=KIND_LABELS)


def quiz_or_404(slug: str) -> Quiz:
    return db.first_or_404(select(Quiz).where(Quiz.slug == slug))


@bp.get("/quizzes/<slug>/attempts")
@trainer
def quiz_attempts(slug: str):
    quiz = quiz_or_404(slug)
    attempts = db.session.scalars(
        select(Attempt).join(User, User.id == Attempt.user_id)
        .where(Attempt.quiz_id == quiz.id, Attempt.user_id.in_(visible_trainee_ids(current_user)))
        .order_by(User.name, Attempt.number)).all()
    return render_template("trainer/quiz_attempts.html", quiz=quiz, definition=definition_of(quiz), attempts=attempts)


@bp.get("/attempts/<int:attempt_id>")
@trainer
def attempt(attempt_id: int):
    found = db.get_or_404(Attempt, attempt_id)
    require_trainee_visible(found.user_id)
    found = close_when_overdue(found)
    definition = definition_of(found.quiz)
    items = build_review(found, drawn_questions(found), responses_of(found.id), ReviewPolicyView.everything())
    return render_template("trainer/attempt.html", attempt=found, definition=definition, items=items, now=clock(),
                           **profile_context(found, definition, True))


@bp.route("/quizzes/<slug>/grants/<int:user_id>", methods=["GET", "POST"])
@trainer
def grant(slug: str, user_id: int):
    quiz = quiz_or_404(slug)
    require_trainee_visible(user_id)
    candidate = db.get_or_404(User, user_id)
    current = grant_for(user_id, quiz.id)
    error = None
    if request.method == "POST":
        try:
            extra_attempts = int(request.form.get("extra_attempts", "").strip() or 0)
            extra_minutes = int(request.form.get("extra_minutes", "").strip() or 0)
            set_grant(user_id, quiz, extra_attempts, extra_minutes, current_user.id, clock())
        except ValueError:
            error = "Saisissez des nombres entiers."
        except AttemptError as exc:
            error = exc.message
        if error is None:
            db.session.commit()
            flash(f"Dispositions enregistrées pour {candidate.name}.", "success")
            return redirect(url_for("trainer_attempts.quiz_attempts", slug=slug), code=303)
        db.session.rollback()
    definition = definition_of(quiz)
    return render_template("trainer/grant.html", quiz=quiz, candidate=candidate, grant=current, error=error,
                           definition=definition, used=attempts_used(user_id, quiz.id),
                           allowed=attempts_allowed(definition, current.extra_attempts if current else 0)), (400 if error else 200)


@bp.route("/bank", methods=["GET", "POST"])
@trainer
def bank():
    summary, error = None, None
    if request.method == "POST":
        upload = request.files.get("file")
        fmt = request.form.get("format", "")
        category = request.form.get("category", "").strip() or None
        if upload is None or not upload.filename:
            error = "Choisissez un fichier à importer."
        elif fmt not in IMPORT_FORMATS:
            error = "Choisissez le format du fichier."
        else:
            try:
                summary = import_text(upload.read(), fmt, category, source=f"import:{upload.filename[:100]}")
                db.session.commit()
            except ValueError as exc:
                error = str(exc)
    return render_template("trainer/bank.html", summary=summary, error=error, import_formats=IMPORT_FORMATS,
                           export_formats=EXPORT_FORMATS, labels=FORMAT_LABELS), (400 if error else 200)


@bp.get("/bank/export")
@trainer
def bank_export():
    fmt = request.args.get("format", "gift")
    if fmt not in EXPORT_FORMATS:
        abort(400, "Format d'export inconnu.")
    category = request.args.get("category", "").strip() or None
    text, _count = export_text(fmt, category)
    extension = "xml" if fmt == "moodlexml" else "gift"
    name = (category or "banque").replace("/", "-")
    return Response(text, mimetype="application/xml" if fmt == "moodlexml" else "text/plain",
                    headers={"Content-Disposition": f'attachment; filename="{name}.{extension}"'})

"""The exam API (CONTRACT.md "Exam API"): read an attempt, save an answer, check it (practice), submit.

A save is the hot path: one read of the attempt's head (owner check, deadline, draw) and one UPSERT.
A save older than the stored answer (by `client_ts`, milliseconds of the client's clock, optional) is not
applied: the answer is 200 `{"saved_at", "stale": true, "answer": <answer kept>}` and the page shows it.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, jsonify, request, url_for
from flask_login import current_user

from accounts.access import can_see_trainee, trainee
from core.database import begin_write
from core.extensions import db
from quizzes.attempts import (AttemptError, check_response, clock, close_attempt, close_if_overdue, definition_of,
                              drawn_questions, load_head, parse_client_ts, remaining_seconds, responses_of,
                              save_response)
from quizzes.models import OPEN, Attempt
from quizzes.presentation import public_question, to_public
from quizzes.questions import AnswerError
from quizzes.review import ReviewPolicyView, review_item

bp = Blueprint("quizzes_api", __name__, url_prefix="/api")


def iso(moment) -> str | None:
    return moment.isoformat(timespec="milliseconds") + "Z" if moment else None


def _fail(exc: AttemptError):
    db.session.commit()  # keeps what the refusal did (an overdue attempt is graded)
    abort(exc.status, exc.message)


def _body() -> dict[str, Any]:
    data = request.get_json(silent=True)
    if not isinstance(data, dict):
        raise AttemptError("Corps JSON attendu.", 400)
    return data


def visible_attempt(attempt_id: int) -> Attempt:
    """The attempt for its candidate, or for a trainer who can see the candidate (read-only); 404 otherwise."""
    attempt = db.session.get(Attempt, attempt_id)
    if attempt is None or not can_see_trainee(current_user, attempt.user_id):
        abort(404, "Tentative introuvable.")
    return attempt


def attempt_payload(attempt: Attempt) -> dict[str, Any]:
    """What the exam page may know: questions without their keys, the saved answers (positional ids), and
    the correction of the practice questions the candidate has checked. The page is built from it in the
    browser: the same data as the API, at a third of the server's cost of rendering 60 questions."""
    now = clock()
    questions = drawn_questions(attempt)
    responses = responses_of(attempt.id)
    payload = {
        "id": attempt.id, "state": attempt.state, "deadline": iso(attempt.deadline), "server_time": iso(now),
        "remaining_seconds": remaining_seconds(attempt.deadline, now),
        "questions": [public_question(entry["q"], entry["v"], q, entry["order"]) for entry, q in questions],
        "responses": {str(entry["q"]): to_public(q, entry["order"], responses[entry["q"]].answer)
                      for entry, q in questions if entry["q"] in responses},
        "checked": [entry["q"] for entry, _ in questions if entry["q"] in responses and responses[entry["q"]].checked],
    }
    payload["checks"] = {str(entry["q"]): check_result(entry, q, responses[entry["q"]])
                         for entry, q in questions if entry["q"] in payload["checked"]}
    if attempt.state != OPEN:
        payload["review_url"] = url_for("quizzes.review", attempt_id=attempt.id)
    return payload


@bp.get("/attempts/<int:attempt_id>")
@trainee
def attempt(attempt_id: int):
    found = visible_attempt(attempt_id)
    if found.state == OPEN and found.deadline is not None and clock() >= found.deadline:
        begin_write(db.session())
        close_if_overdue(db.session.get(Attempt, attempt_id, populate_existing=True), clock())
        db.session.commit()
        found = db.session.get(Attempt, attempt_id)
    return jsonify(attempt_payload(found))


@bp.post("/attempts/<int:attempt_id>/responses")
@trainee
def save(attempt_id: int):
    now = clock()
    try:
        head = load_head(attempt_id, current_user.id, lock=True)
        data = _body()
        result = save_response(head, data.get("question_id"), data.get("answer"),
                               parse_client_ts(data.get("client_ts")), now)
    except AttemptError as exc:
        _fail(exc)
    except AnswerError as exc:
        db.session.rollback()
        abort(400, str(exc))
    db.session.commit()
    body = {"saved_at": iso(result.saved_at), "server_time": iso(now), "deadline": iso(head.deadline)}
    if result.stale:
        body.update(stale=True, answer=result.answer)
    return jsonify(body)


@bp.post("/attempts/<int:attempt_id>/check")
@trainee
def check(attempt_id: int):
    now = clock()
    try:
        head = load_head(attempt_id, current_user.id, lock=True)
        data = _body()
        definition = definition_of(db.session.get(Attempt, attempt_id).quiz)
        q, entry, response = check_response(head, definition, data.get("question_id"), now)
    except AttemptError as exc:
        _fail(exc)
    db.session.commit()
    return jsonify(check_result(entry, q, response))


def check_result(entry: dict[str, Any], q, response) -> dict[str, Any]:
    """A practice question's correction once the candidate asked for it: the check's answer, and the exam
    page's on a reload (only checked questions have one, and only practice quizzes can be checked)."""
    item = review_item(0, entry, q, response, ReviewPolicyView.everything(), q.kind.grade(q, response.answer))
    return {
        "question_id": entry["q"], "fraction": item.fraction,
        "correct_answer": to_public(q, entry["order"], q.kind.correct_answer(q)),
        "feedback": [str(text) for text in item.feedback],
    }


@bp.post("/attempts/<int:attempt_id>/submit")
@trainee
def submit(attempt_id: int):
    try:
        load_head(attempt_id, current_user.id, lock=True)
    except AttemptError as exc:
        _fail(exc)
    closed = close_attempt(attempt_id, clock())
    db.session.commit()
    return jsonify(submission_payload(closed))


def submission_payload(attempt: Attempt) -> dict[str, Any]:
    """The result as the review policy allows the candidate to see it now."""
    policy = ReviewPolicyView.for_candidate(definition_of(attempt.quiz), clock())
    body = {"id": attempt.id, "state": attempt.state, "closed_by": attempt.closed_by,
            "submitted_at": iso(attempt.submitted_at),
            "review_url": url_for("quizzes.review", attempt_id=attempt.id)}
    if policy.score:
        body.update(score=attempt.score, passed=attempt.passed)
    return body

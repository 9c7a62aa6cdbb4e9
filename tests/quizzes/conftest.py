"""Fixtures for the exam tests: an injectable clock and quizzes built on the starter bank."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from sqlalchemy import select

from core.extensions import db as _db

START = dt.datetime(2026, 11, 22, 9, 0, 0)


class FakeClock:
    """The exam clock under the test's control (`app.config["QUIZ_CLOCK"]`)."""

    def __init__(self, now: dt.datetime = START):
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += dt.timedelta(**delta)


@pytest.fixture
def clock(app) -> FakeClock:
    fake = FakeClock()
    app.config["QUIZ_CLOCK"] = fake
    return fake


class QuizFactory:
    def __init__(self, app):
        self.app = app
        self._bank_loaded = False

    def __call__(self, slug: str = "essai", **definition) -> str:
        """A quiz over the starter bank (one question of each type) unless `rules` says otherwise."""
        from quizzes.bank import STARTER_BANK, import_text
        from quizzes.definitions import parse_definition
        from quizzes.sync import store_definition

        values = {"slug": slug, "title": f"Quiz {slug}", "kind": "quiz", "rules": [{"category": "decouverte"}],
                  "shuffle_questions": False}
        values.update(definition)
        with self.app.app_context():
            if not self._bank_loaded:
                import_text(STARTER_BANK.read_text(encoding="utf-8"), "gift")
                self._bank_loaded = True
            store_definition(parse_definition(values))
            _db.session.commit()
        return slug


@pytest.fixture
def make_quiz(app) -> QuizFactory:
    return QuizFactory(app)


def start(client, slug: str) -> int:
    """Start (or resume) the signed-in user's attempt; returns its id."""
    response = client.post(f"/quizzes/{slug}/start")
    assert response.status_code == 302, response.text
    location = response.headers["Location"]
    assert location.startswith("/attempts/"), location
    return int(location.rsplit("/", 1)[1])


def questions_by_type(client, attempt_id: int) -> dict[str, dict]:
    data = client.get(f"/api/attempts/{attempt_id}").get_json()
    return {q["type"]: q for q in data["questions"]}


def correct_public_answer(app, attempt_id: int, question_id: int):
    """The full-mark answer in the candidate's (positional) ids, computed on the server side for the test."""
    from quizzes.bank import question_versions
    from quizzes.models import Attempt
    from quizzes.presentation import to_public

    with app.app_context():
        attempt = _db.session.get(Attempt, attempt_id)
        entry = next(item for item in attempt.draw if item["q"] == question_id)
        q = question_versions([(entry["q"], entry["v"])])[(entry["q"], entry["v"])]
        return to_public(q, entry["order"], q.kind.correct_answer(q))


def attempt_row(app, attempt_id: int):
    from quizzes.models import Attempt

    with app.app_context():
        attempt = _db.session.get(Attempt, attempt_id)
        _db.session.expunge(attempt)
        return attempt


def stored_answers(app, attempt_id: int) -> dict[int, object]:
    from quizzes.models import Response

    with app.app_context():
        return {r.question_id: r.answer for r in _db.session.scalars(select(Response).where(
            Response.attempt_id == attempt_id))}


def embedded_attempt(page: str) -> dict:
    """The attempt's data a page carries for its script (the exam page builds its questions from it), or {}."""
    found = re.search(r'<script type="application/json" id="attempt-data">(.*?)</script>', page, re.S)
    return json.loads(found.group(1)) if found else {}

"""Per-lesson progress: visits, "marquer comme terminée", module progress and "reprendre où j'en étais"."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from core.extensions import db
from courseware.models import Lesson, LessonProgress
from courseware.progress import record_visit

LESSONS = {"01-premiere": "Texte un.", "02-deuxieme": "Texte deux.", "03-troisieme": "Texte trois."}


@pytest.fixture
def small_course(app, course_folder):
    course_folder.module("01-module-a", order=1, lessons=LESSONS)
    course_folder.module("02-module-b", order=2, lessons={"01-seule": "Texte."})
    course_folder.sync(app)


def _rows(app, user_id):
    with app.app_context():
        rows = db.session.execute(
            select(Lesson.slug, LessonProgress.first_seen, LessonProgress.last_seen, LessonProgress.completed_at)
            .join(Lesson).where(LessonProgress.user_id == user_id).order_by(Lesson.id)).all()
        return {slug: (first, last, done) for slug, first, last, done in rows}


def test_visiting_a_lesson_records_first_and_last_seen(app, client, auth, factory, small_course):
    trainee = factory.user("trainee")
    auth.login(trainee)
    assert client.get("/modules/01-module-a/01-premiere").status_code == 200
    first, last, done = _rows(app, trainee.id)["01-premiere"]
    assert first == last and done is None
    client.get("/modules/01-module-a/01-premiere")
    again = _rows(app, trainee.id)["01-premiere"]
    assert again[0] == first and again[1] >= last


def test_record_visit_is_one_upsert_that_moves_last_seen(app, factory, small_course):
    trainee = factory.user("trainee")
    early, late = dt.datetime(2026, 1, 5, 9), dt.datetime(2026, 1, 6, 10)
    with app.app_context():
        lesson_id = db.session.scalar(select(Lesson.id).where(Lesson.slug == "02-deuxieme"))
        record_visit(trainee.id, lesson_id, early)
        record_visit(trainee.id, lesson_id, late)
        db.session.commit()
    assert _rows(app, trainee.id) == {"02-deuxieme": (early, late, None)}


def test_marking_done_goes_to_the_next_lesson_and_shows_on_the_module_page(app, client, auth, factory, small_course):
    trainee = factory.user("trainee")
    auth.login(trainee)
    response = client.post("/modules/01-module-a/01-premiere/terminee", data={"terminee": "1"})
    assert response.status_code == 302 and response.headers["Location"] == "/modules/01-module-a/02-deuxieme"
    assert _rows(app, trainee.id)["01-premiere"][2] is not None
    module_page = client.get("/modules/01-module-a").text
    assert module_page.count("Terminée") == 1
    lesson_page = client.get("/modules/01-module-a/01-premiere").text
    assert "Marquer comme non terminée" in lesson_page
    modules_page = client.get("/modules").text
    assert "1 leçon terminée sur 3" in modules_page and "0 leçon terminée sur 1" in modules_page


def test_last_lesson_done_goes_back_to_the_module_and_can_be_undone(app, client, auth, factory, small_course):
    trainee = factory.user("trainee")
    auth.login(trainee)
    response = client.post("/modules/02-module-b/01-seule/terminee", data={"terminee": "1"})
    assert response.headers["Location"] == "/modules/02-module-b"
    client.post("/modules/02-module-b/01-seule/terminee", data={"terminee": "0"})
    assert _rows(app, trainee.id)["01-seule"][2] is None


def test_home_resumes_at_the_last_lesson_seen(app, client, auth, factory, small_course):
    trainee = factory.user("trainee")
    auth.login(trainee)
    home = client.get("/").text
    assert "Commencer le cours" in home and 'href="/modules/01-module-a/01-premiere"' in home
    client.get("/modules/01-module-a/03-troisieme")
    client.get("/modules/02-module-b/01-seule")
    client.get("/modules/01-module-a/02-deuxieme")
    home = client.get("/").text
    assert "Reprendre où j'en étais" in home
    assert "Leçon 02-deuxieme" in home and 'href="/modules/01-module-a/02-deuxieme">Reprendre' in home
    assert "0 leçon terminée sur 4" in home


def test_progress_is_personal(app, client, auth, factory, small_course):
    first, second = factory.user("trainee"), factory.user("trainee")
    auth.login(first)
    client.post("/modules/01-module-a/01-premiere/terminee")
    auth.logout()
    auth.login(second)
    assert "Terminée" not in client.get("/modules/01-module-a").text
    assert "Commencer le cours" in client.get("/").text
    assert _rows(app, second.id) == {}


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_marking_done_needs_the_csrf_token(app, client, auth, factory, small_course):
    trainee = factory.user("trainee")
    client.get("/login")
    with client.session_transaction() as session:
        session["_user_id"] = str(trainee.id)
        session["_fresh"] = True
    assert client.post("/modules/01-module-a/01-premiere/terminee").status_code == 400
    page = client.get("/modules/01-module-a/01-premiere").text
    token = page.split('name="csrf_token" value="')[1].split('"')[0]
    response = client.post("/modules/01-module-a/01-premiere/terminee", data={"csrf_token": token, "terminee": "1"})
    assert response.status_code == 302

"""Candidate and trainer pages: quiz list and home panels, exam page, positioning profile, trainer attempt views,
bank upload and export."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

from tests.quizzes.conftest import correct_public_answer, embedded_attempt, questions_by_type, start


def test_the_home_page_lists_quizzes_and_my_results(app, client, factory, auth, clock, make_quiz):
    make_quiz(slug="essai", title="Quiz de découverte")
    auth.login(factory.user("trainee"))
    home = client.get("/").get_data(as_text=True)
    assert "Quiz et examens" in home and "Quiz de découverte" in home
    attempt_id = start(client, "essai")
    assert "Reprendre" in client.get("/").get_data(as_text=True)
    client.post(f"/api/attempts/{attempt_id}/submit")
    assert "0,0" in client.get("/quizzes").get_data(as_text=True)


def test_the_exam_page_shows_saved_answers_timer_and_save_status(app, client, factory, auth, clock, make_quiz):
    make_quiz(time_limit_minutes=20)
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    numeric = questions_by_type(client, attempt_id)["numeric"]
    client.post(f"/api/attempts/{attempt_id}/responses", json={"question_id": numeric["id"], "answer": "12,5"})
    page = client.get(f"/attempts/{attempt_id}").get_data(as_text=True)
    data = embedded_attempt(page)  # the browser builds the questions from it (browser test: test_exam.py)
    assert data and data == client.get(f"/api/attempts/{attempt_id}").get_json()
    assert data["responses"] == {str(numeric["id"]): 12.5} and len(data["questions"]) == 6
    assert 'role="timer"' in page and 'data-remaining="1200.0"' in page and "Masquer le minuteur" in page
    assert "1 réponse(s) enregistrée(s) sur 6" in page
    assert 'aria-live="assertive"' in page  # the 10, 5 and 1 minute announcements


def test_the_form_submit_works_without_the_api(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    response = client.post(f"/attempts/{attempt_id}/submit")
    assert response.headers["Location"].endswith(f"/attempts/{attempt_id}/review")
    assert "Score" in client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)


def test_the_positioning_result_is_a_profile_per_module(app, client, factory, auth, clock, make_quiz):
    from quizzes.bank import import_text

    with app.app_context():
        from core.extensions import db

        import_text("$CATEGORY: module-07/delais\n\n::P1::Question un {=juste~faux}\n\n"
                    "$CATEGORY: module-03/ratios\n\n::P2::Question deux {=juste~faux}\n", "gift")
        db.session.commit()
    make_quiz(slug="positionnement", kind="positioning", show_profile=True,
              rules=[{"category": "module-03", "count": 1}, {"category": "module-07", "count": 1}])
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "positionnement")
    questions = client.get(f"/api/attempts/{attempt_id}").get_json()["questions"]
    first_module_question = next(q for q in questions if "un" in q["text"])
    client.post(f"/api/attempts/{attempt_id}/responses", json={
        "question_id": first_module_question["id"],
        "answer": correct_public_answer(app, attempt_id, first_module_question["id"])})
    client.post(f"/api/attempts/{attempt_id}/submit")
    page = client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert "Résultat par module" in page and "<svg" in page
    assert "Cadre juridique et financier de la relance" in page  # the course's title for module-07
    rows = page.split("Résultat par module", 1)[1]
    assert "100\u00a0%" in rows and "0\u00a0%" in rows


def test_a_trainer_sees_the_attempts_of_their_cohorts_only(app, client, factory, auth, clock, make_quiz):
    make_quiz(time_limit_minutes=20)
    mine = factory.user("trainee", cohort="A", name="Alice Apprenante")
    other = factory.user("trainee", cohort="B", name="Bruno Autre")
    trainer = factory.user("trainer")
    from tests.quizzes.test_attempts import add_trainer

    add_trainer(app, "A", trainer)
    ids = {}
    for person in (mine, other):
        auth.login(person)
        ids[person.name] = start(client, "essai")
        single = questions_by_type(client, ids[person.name])["single"]
        client.post(f"/api/attempts/{ids[person.name]}/responses", json={
            "question_id": single["id"], "answer": correct_public_answer(app, ids[person.name], single["id"])})
        client.post(f"/api/attempts/{ids[person.name]}/submit")
        auth.logout()
    auth.login(trainer)
    listing = client.get("/trainer/quizzes/essai/attempts").get_data(as_text=True)
    assert "Alice Apprenante" in listing and "Bruno Autre" not in listing
    full = client.get(f"/trainer/attempts/{ids['Alice Apprenante']}").get_data(as_text=True)
    assert "Bonne réponse" in full and "Votre choix" in full and "D441-5" in full
    assert "<title>Tentative d’Alice Apprenante" in full
    started = clock.now.replace(tzinfo=dt.timezone.utc).astimezone(ZoneInfo("Europe/Paris"))
    deadline = started + dt.timedelta(minutes=20)
    assert f"Échéance : <time datetime=\"{(clock.now + dt.timedelta(minutes=20)).isoformat(timespec='milliseconds')}Z\">" \
           f"{deadline:%d/%m/%Y} à {deadline:%H:%M}</time>" in full  # Paris time, not the stored UTC
    assert client.get(f"/trainer/attempts/{ids['Bruno Autre']}").status_code == 403
    assert client.get(f"/attempts/{ids['Alice Apprenante']}/review").headers["Location"].endswith(
        f"/trainer/attempts/{ids['Alice Apprenante']}")
    assert "Quiz et examens de mes sessions" in client.get("/").get_data(as_text=True)


def test_trainers_upload_a_bank_file_and_export_it(app, client, factory, auth, clock):
    auth.login(factory.user("trainer"))
    gift = ("$CATEGORY: module-07/essais\n\n::Téléversée::Question {=oui#Bien.~non#Non.}\n\n"
            "::Cassée::Sans bonne réponse {~a~b}\n").encode()
    response = client.post("/trainer/bank", data={"format": "gift", "file": (io.BytesIO(gift), "essai.gift")},
                           content_type="multipart/form-data")
    text = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<strong>1</strong> question(s) importée(s) dans module-07/essais, 1 ignorée(s)" in text
    assert "Questions ignorées" in text
    exported = client.get("/trainer/bank/export?format=gift&category=module-07")
    assert exported.status_code == 200 and "::Téléversée::" in exported.get_data(as_text=True)
    assert "attachment" in exported.headers["Content-Disposition"]
    missing = client.post("/trainer/bank", data={"format": "gift"}, content_type="multipart/form-data")
    assert missing.status_code == 400 and "Choisissez un fichier" in missing.get_data(as_text=True)
    latin1 = client.post("/trainer/bank", data={"format": "gift", "file": (io.BytesIO("é".encode("latin-1")), "x.gift")},
                         content_type="multipart/form-data")
    assert latin1.status_code == 200 and "pas encodé en UTF-8" in latin1.get_data(as_text=True)


def test_a_trainer_opening_an_overdue_attempt_sees_it_graded(app, client, factory, auth, clock, make_quiz):
    make_quiz(time_limit_minutes=5)
    candidate = factory.user("trainee", cohort="A")
    trainer = factory.user("trainer")
    from tests.quizzes.test_attempts import add_trainer

    add_trainer(app, "A", trainer)
    auth.login(candidate)
    attempt_id = start(client, "essai")
    auth.logout()
    clock.advance(minutes=6)
    auth.login(trainer)
    page = client.get(f"/trainer/attempts/{attempt_id}").get_data(as_text=True)
    assert "terminée à la fin du temps imparti" in page and "Score" in page

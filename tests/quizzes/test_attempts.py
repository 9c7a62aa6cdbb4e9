"""Attempts through the exam API with an injected clock: start and resume, autosave, stale tabs, deadlines,
abandoned attempts, concurrent submits and starts, attempts allowed and grants, practice checks."""

from __future__ import annotations

import threading

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import IntegrityError

from core.extensions import db
from quizzes.models import CLOSED, OPEN, Attempt
from tests.quizzes.conftest import (START, attempt_row, correct_public_answer, questions_by_type, start,
                                    stored_answers)

FULL_MARKS = {"numeric": "99,86"}


def add_trainer(app, cohort_name: str, person) -> None:
    from accounts.models import Cohort, User

    with app.app_context():
        cohort = db.session.scalar(select(Cohort).where(Cohort.name == cohort_name))
        cohort.trainers.append(db.session.get(User, person.id))
        db.session.commit()


def answer_all(app, client, attempt_id: int) -> None:
    for q in client.get(f"/api/attempts/{attempt_id}").get_json()["questions"]:
        answer = correct_public_answer(app, attempt_id, q["id"])
        response = client.post(f"/api/attempts/{attempt_id}/responses", json={"question_id": q["id"], "answer": answer})
        assert response.status_code == 200, response.get_json()


def test_start_freezes_the_draw_and_a_second_start_resumes_it(app, client, factory, auth, clock, make_quiz):
    make_quiz(shuffle_questions=True)
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    first = client.get(f"/api/attempts/{attempt_id}").get_json()
    clock.advance(minutes=3)
    assert start(client, "essai") == attempt_id
    again = client.get(f"/api/attempts/{attempt_id}").get_json()
    assert [q["id"] for q in again["questions"]] == [q["id"] for q in first["questions"]]
    assert [q["choices"] for q in again["questions"]] == [q["choices"] for q in first["questions"]]
    assert len(first["questions"]) == 6 and first["state"] == "open"


def test_the_answer_saved_is_the_one_given_back_and_graded(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    answer_all(app, client, attempt_id)
    data = client.get(f"/api/attempts/{attempt_id}").get_json()
    assert len(data["responses"]) == 6
    result = client.post(f"/api/attempts/{attempt_id}/submit").get_json()
    assert result["score"] == 1.0 and result["passed"] is True and result["state"] == "closed"


def test_numeric_answers_accept_the_decimal_comma_within_the_tolerance(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    numeric = questions_by_type(client, attempt_id)["numeric"]
    for typed in ("99,86", "99,855", " 99,87 "):
        assert client.post(f"/api/attempts/{attempt_id}/responses",
                           json={"question_id": numeric["id"], "answer": typed}).status_code == 200
    client.post(f"/api/attempts/{attempt_id}/submit")
    assert attempt_row(app, attempt_id).result["fractions"][str(numeric["id"])] == 1.0


def test_partial_credit_and_all_or_nothing(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    data = client.get(f"/api/attempts/{attempt_id}").get_json()
    multiples = [q for q in data["questions"] if q["type"] == "multiple"]
    for q in multiples:  # one right choice out of two, nothing wrong
        right = correct_public_answer(app, attempt_id, q["id"])
        client.post(f"/api/attempts/{attempt_id}/responses", json={"question_id": q["id"], "answer": right[:1]})
    client.post(f"/api/attempts/{attempt_id}/submit")
    fractions = attempt_row(app, attempt_id).result["fractions"]
    by_title = {q["text"]: fractions[str(q["id"])] for q in multiples}
    assert sorted(by_title.values()) == [0.0, 0.5]  # all-or-nothing gives 0, partial credit gives half


BAD_ANSWERS = [
    ("single", "9"), ("single", ["1"]), ("single", True), ("multiple", "1"), ("multiple", ["1", "7"]),
    ("truefalse", "peut-être"), ("truefalse", 1), ("numeric", "douze"), ("numeric", [1]), ("numeric", True),
    ("matching", ["a"]), ("matching", {"zz": "1"}), ("matching", {"a": "99"}),
]
MALFORMED_BODIES = ["texte", [], {"question_id": 999999, "answer": "1"}, {"question_id": "x", "answer": "1"},
                    {"question_id": None}, {"question_id": 1, "answer": "1", "client_ts": "hier"}]


def test_answers_that_do_not_fit_get_400_with_a_french_message(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    questions = questions_by_type(client, attempt_id)
    for qtype, answer in BAD_ANSWERS:
        response = client.post(f"/api/attempts/{attempt_id}/responses",
                               json={"question_id": questions[qtype]["id"], "answer": answer})
        assert response.status_code == 400, (qtype, answer, response.status_code)
        assert response.get_json()["error"] and response.get_json()["status"] == 400
    assert stored_answers(app, attempt_id) == {}


def test_malformed_bodies_get_400_never_500(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    url = f"/api/attempts/{attempt_id}/responses"
    assert client.post(url, data="pas du json", content_type="application/json").status_code == 400
    for body in MALFORMED_BODIES:
        assert client.post(url, json=body).status_code == 400, body


def test_a_stale_tab_never_overwrites_a_newer_answer(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    single = questions_by_type(client, attempt_id)["single"]
    url = f"/api/attempts/{attempt_id}/responses"
    assert client.post(url, json={"question_id": single["id"], "answer": "2", "client_ts": 2_000}).status_code == 200
    stale = client.post(url, json={"question_id": single["id"], "answer": "3", "client_ts": 1_000})
    assert stale.status_code == 200
    assert stale.get_json()["stale"] is True and stale.get_json()["answer"] == "2"
    assert client.get(f"/api/attempts/{attempt_id}").get_json()["responses"][str(single["id"])] == "2"
    newer = client.post(url, json={"question_id": single["id"], "answer": "4", "client_ts": 3_000}).get_json()
    assert "stale" not in newer
    assert client.get(f"/api/attempts/{attempt_id}").get_json()["responses"][str(single["id"])] == "4"


def test_the_server_enforces_the_deadline_and_grades_the_saved_answers(app, client, factory, auth, clock, make_quiz):
    make_quiz(time_limit_minutes=10)
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    data = client.get(f"/api/attempts/{attempt_id}").get_json()
    assert data["deadline"] == "2026-11-22T09:10:00.000Z" and data["remaining_seconds"] == 600
    single = questions_by_type(client, attempt_id)["single"]
    clock.advance(minutes=9, seconds=59)
    right = correct_public_answer(app, attempt_id, single["id"])
    assert client.post(f"/api/attempts/{attempt_id}/responses",
                       json={"question_id": single["id"], "answer": right}).status_code == 200
    assert client.get(f"/api/attempts/{attempt_id}").get_json()["remaining_seconds"] == 1
    clock.advance(seconds=1)
    late = client.post(f"/api/attempts/{attempt_id}/responses",
                       json={"question_id": single["id"], "answer": "1" if right != "1" else "2"})
    assert late.status_code == 409
    assert "temps imparti est écoulé" in late.get_json()["error"]
    row = attempt_row(app, attempt_id)
    assert row.state == CLOSED and row.closed_by == "deadline"
    assert row.result["fractions"][str(single["id"])] == 1.0 and row.score == pytest.approx(1 / 6)
    assert stored_answers(app, attempt_id)[single["id"]] is not None


def test_an_abandoned_attempt_is_graded_on_next_access(app, client, factory, auth, clock, make_quiz):
    make_quiz(time_limit_minutes=10)
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    answer_all(app, client, attempt_id)
    clock.advance(hours=5)
    page = client.get(f"/attempts/{attempt_id}")
    assert page.status_code == 302 and page.headers["Location"].endswith(f"/attempts/{attempt_id}/review")
    row = attempt_row(app, attempt_id)
    assert row.state == CLOSED and row.closed_by == "deadline" and row.score == 1.0
    assert row.submitted_at == row.deadline  # closed at the deadline, not when noticed


def test_close_overdue_command_grades_attempts_nobody_came_back_to(app, client, runner, factory, auth, clock,
                                                                   make_quiz):
    make_quiz(time_limit_minutes=10)
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    answer_all(app, client, attempt_id)
    result = runner.invoke(args=["quizzes", "close-overdue"])
    assert "0 tentative(s)" in result.output and attempt_row(app, attempt_id).state == OPEN
    clock.advance(minutes=10)
    result = runner.invoke(args=["quizzes", "close-overdue"])
    assert result.exit_code == 0 and "1 tentative(s)" in result.output
    row = attempt_row(app, attempt_id)
    assert row.state == CLOSED and row.score == 1.0 and row.closed_by == "deadline"


def test_submit_is_idempotent(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    first = client.post(f"/api/attempts/{attempt_id}/submit").get_json()
    clock.advance(minutes=2)
    second = client.post(f"/api/attempts/{attempt_id}/submit")
    assert second.status_code == 200 and second.get_json() == first


def test_two_concurrent_submits_grade_once_and_give_one_result(app, factory, auth, clock, make_quiz, monkeypatch):
    import quizzes.attempts as attempts

    make_quiz()
    person = factory.user("trainee")
    clients = [app.test_client(), app.test_client()]
    for c in clients:
        c.post("/login", data={"email": person.email, "password": person.password})
    attempt_id = start(clients[0], "essai")
    answer_all(app, clients[0], attempt_id)
    gradings = []
    original = attempts.grade_attempt

    def slow_grading(items):
        gradings.append(1)
        barrier_passed.wait(timeout=2)  # let the other submit arrive while this one grades
        return original(items)

    barrier_passed = threading.Event()
    monkeypatch.setattr(attempts, "grade_attempt", slow_grading)
    results = [None, None]

    def submit(index):
        results[index] = clients[index].post(f"/api/attempts/{attempt_id}/submit")

    threads = [threading.Thread(target=submit, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    threading.Timer(0.3, barrier_passed.set).start()
    for t in threads:
        t.join(timeout=30)
    assert [r.status_code for r in results] == [200, 200]
    assert results[0].get_json() == results[1].get_json()
    assert len(gradings) == 1


def test_concurrent_starts_give_one_open_attempt(app, factory, clock, make_quiz):
    make_quiz()
    person = factory.user("trainee")
    clients = [app.test_client() for _ in range(4)]
    for c in clients:
        c.post("/login", data={"email": person.email, "password": person.password})
    ids = []
    threads = [threading.Thread(target=lambda c=c: ids.append(start(c, "essai"))) for c in clients]
    for t in threads:
        t.start()
    for t in threads:
        t.join(timeout=30)
    assert len(ids) == 4 and len(set(ids)) == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Attempt)) == 1


def test_the_database_refuses_a_second_open_attempt(app, factory, clock, make_quiz):
    make_quiz()
    person = factory.user("trainee")
    with app.app_context():
        from quizzes.models import Quiz

        quiz = db.session.scalar(select(Quiz))
        for number in (1, 2):
            db.session.add(Attempt(quiz_id=quiz.id, user_id=person.id, number=number, state=OPEN, started_at=START,
                                   draw=[]))
        with pytest.raises(IntegrityError):
            db.session.flush()
        db.session.rollback()
        db.session.add(Attempt(quiz_id=quiz.id, user_id=person.id, number=1, state=CLOSED, started_at=START, draw=[]))
        db.session.add(Attempt(quiz_id=quiz.id, user_id=person.id, number=2, state=OPEN, started_at=START, draw=[]))
        db.session.flush()  # closed attempts do not count


def test_attempts_of_others_are_refused(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    owner = factory.user("trainee", cohort="A")
    auth.login(owner)
    attempt_id = start(client, "essai")
    single = questions_by_type(client, attempt_id)["single"]
    auth.logout()
    stranger = factory.user("trainee", cohort="B")
    trainer_a = factory.user("trainer")
    add_trainer(app, "A", trainer_a)
    save = {"question_id": single["id"], "answer": "1"}
    auth.login(stranger)
    assert client.get(f"/api/attempts/{attempt_id}").status_code == 404
    assert client.post(f"/api/attempts/{attempt_id}/responses", json=save).status_code == 404
    assert client.post(f"/api/attempts/{attempt_id}/submit").status_code == 404
    assert client.get(f"/attempts/{attempt_id}").status_code == 404
    assert client.get(f"/attempts/{attempt_id}/review").status_code == 404
    auth.logout()
    auth.login(trainer_a)  # may read the attempt, never answer or submit for the candidate
    assert client.get(f"/api/attempts/{attempt_id}").status_code == 200
    assert client.post(f"/api/attempts/{attempt_id}/responses", json=save).status_code == 404
    assert client.post(f"/api/attempts/{attempt_id}/submit").status_code == 404
    assert stored_answers(app, attempt_id) == {} and attempt_row(app, attempt_id).state == OPEN


def test_attempts_allowed_and_a_trainers_extra_attempt_and_time(app, client, factory, auth, clock, make_quiz):
    make_quiz(attempts_allowed=1, time_limit_minutes=30)
    candidate = factory.user("trainee", cohort="A")
    trainer = factory.user("trainer")
    add_trainer(app, "A", trainer)
    auth.login(candidate)
    first = start(client, "essai")
    client.post(f"/api/attempts/{first}/submit")
    refused = client.post("/quizzes/essai/start")
    assert refused.status_code == 302 and refused.headers["Location"].endswith("/quizzes/essai")
    assert "toutes les tentatives autorisées" in client.get("/quizzes/essai").text
    auth.logout()
    auth.login(trainer)
    granted = client.post(f"/trainer/quizzes/essai/grants/{candidate.id}",
                          data={"extra_attempts": "1", "extra_minutes": "10"})
    assert granted.status_code == 303
    auth.logout()
    auth.login(candidate)
    second = start(client, "essai")
    assert second != first
    assert client.get(f"/api/attempts/{second}").get_json()["remaining_seconds"] == 40 * 60
    auth.logout()
    auth.login(trainer)  # more time while the attempt is open moves its deadline
    client.post(f"/trainer/quizzes/essai/grants/{candidate.id}", data={"extra_attempts": "1", "extra_minutes": "20"})
    auth.logout()
    auth.login(candidate)
    assert client.get(f"/api/attempts/{second}").get_json()["remaining_seconds"] == 50 * 60


def test_practice_check_shows_the_correction_at_once_and_locks_the_question(app, client, factory, auth, clock,
                                                                            make_quiz):
    make_quiz(behaviour="immediate")
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    single = questions_by_type(client, attempt_id)["single"]
    url = f"/api/attempts/{attempt_id}"
    assert client.post(url + "/check", json={"question_id": single["id"]}).status_code == 400  # nothing to check
    right = correct_public_answer(app, attempt_id, single["id"])
    client.post(url + "/responses", json={"question_id": single["id"], "answer": right})
    checked = client.post(url + "/check", json={"question_id": single["id"]}).get_json()
    assert checked["fraction"] == 1.0 and checked["correct_answer"] == right
    assert any("D441-5" in text for text in checked["feedback"])
    again = client.post(url + "/responses", json={"question_id": single["id"], "answer": right, "client_ts": 10**12})
    assert again.status_code == 409 and "déjà été vérifiée" in again.get_json()["error"]
    assert client.get(url).get_json()["checked"] == [single["id"]]


def test_check_is_refused_in_an_exam_with_deferred_feedback(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    single = questions_by_type(client, attempt_id)["single"]
    client.post(f"/api/attempts/{attempt_id}/responses", json={"question_id": single["id"], "answer": "1"})
    assert client.post(f"/api/attempts/{attempt_id}/check", json={"question_id": single["id"]}).status_code == 403


def count_statements(app, request) -> list[str]:
    """The SQL statements `request()` sends."""
    statements = []
    with app.app_context():
        engine = db.engine

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().split()[0].upper() in ("SELECT", "INSERT", "UPDATE", "DELETE", "WITH"):
            statements.append(statement)

    event.listen(engine, "before_cursor_execute", count)
    try:
        request()
    finally:
        event.remove(engine, "before_cursor_execute", count)
    return statements


def test_an_exam_start_costs_four_queries_once_the_pool_is_read(app, client, factory, auth, clock, make_quiz):
    make_quiz(rules=[{"category": "decouverte", "count": 4}])
    make_quiz("autre")  # the whole category
    auth.login(factory.user("trainee"))
    start(client, "autre")  # reads the pool and the questions once for this worker
    ids = []
    statements = count_statements(app, lambda: ids.append(start(client, "essai")))
    # the user, the quiz, the facts (open attempt, attempts used, enrolment, grant, bank revision), the INSERT
    assert len(statements) == 4, [s[:80] for s in statements]
    assert len(client.get(f"/api/attempts/{ids[0]}").get_json()["questions"]) == 4


def test_a_question_retired_by_a_sync_is_no_longer_drawn(app, client, factory, auth, clock, make_quiz, tmp_path):
    from quizzes.bank import sync_banks

    bank = tmp_path / "module-99.gift"
    bank.write_text("$CATEGORY: module-99\n\n::Un::Question un ?{T}\n\n::Deux::Question deux ?{F}\n",
                    encoding="utf-8")
    with app.app_context():
        sync_banks([bank])
        db.session.commit()
    make_quiz("m99", rules=[{"category": "module-99", "count": 2}], attempts_allowed=None)
    auth.login(factory.user("trainee"))
    first = start(client, "m99")
    assert len(client.get(f"/api/attempts/{first}").get_json()["questions"]) == 2
    client.post(f"/api/attempts/{first}/submit")
    bank.write_text("$CATEGORY: module-99\n\n::Un::Question un ?{T}\n", encoding="utf-8")
    with app.app_context():
        sync_banks([bank])
        db.session.commit()
    second = start(client, "m99")
    texts = [q["text"] for q in client.get(f"/api/attempts/{second}").get_json()["questions"]]
    assert len(texts) == 1 and "Question un" in texts[0]


def test_an_autosave_costs_at_most_three_queries(app, client, factory, auth, clock, make_quiz):
    make_quiz()
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "essai")
    single = questions_by_type(client, attempt_id)["single"]
    url = f"/api/attempts/{attempt_id}/responses"
    client.post(url, json={"question_id": single["id"], "answer": "1"})  # warms the question cache
    replies = []
    statements = count_statements(app, lambda: replies.append(
        client.post(url, json={"question_id": single["id"], "answer": "2"})))
    assert replies[0].status_code == 200
    assert len(statements) <= 3, statements

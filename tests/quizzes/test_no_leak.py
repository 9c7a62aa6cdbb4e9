"""While an attempt is open, no page or API response gives away a correct answer, a fraction or feedback."""

from __future__ import annotations

import html
import json
import re

from quizzes.bank import STARTER_BANK
from quizzes.formats import import_questions
from tests.quizzes.conftest import embedded_attempt, questions_by_type, start

FORBIDDEN_KEYS = {"fraction", "fractions", "feedback", "general_feedback", "correct", "correct_answer",
                  "numeric_answers", "pairs", "feedback_true", "feedback_false", "tolerance", "score", "passed"}


def plain(text: str) -> str:
    """Text as a reader sees it: no tags, entities decoded, French typography undone, spaces collapsed."""
    text = html.unescape(re.sub(r"<[^>]*>", " ", text))
    text = text.replace("\u00a0", " ").replace("\u202f", " ").replace("’", "'").replace("\\/", "/")
    return " ".join(re.sub(r"\s+([:;!?%»])", r"\1", text).split())


def secrets_of_the_bank() -> set[str]:
    """Every feedback text and every expected numeric value of the starter bank, as they could appear."""
    found = set()
    for q in import_questions(STARTER_BANK.read_text(encoding="utf-8"), "gift").questions:
        texts = [q.general_feedback, q.feedback_true, q.feedback_false]
        texts += [c.feedback for c in q.choices] + [a.feedback for a in q.numeric_answers]
        for text in texts:
            if text:
                found.add(plain(re.sub(r"[*_`\[\]]", "", text.split("(")[0]))[:40].strip())
        for answer in q.numeric_answers:
            if answer.value is not None:
                found |= {repr(answer.value), repr(answer.value).replace(".", ",")}
    return {s for s in found if len(s) >= 4}


def keys_in(value) -> set[str]:
    if isinstance(value, dict):
        return set(value) | {k for v in value.values() for k in keys_in(v)}
    if isinstance(value, list):
        return {k for v in value for k in keys_in(v)}
    return set()


def test_no_answer_key_reaches_the_browser_while_the_attempt_is_open(app, client, factory, auth, clock, make_quiz):
    make_quiz(slug="examen", review={"score": "immediately", "answers": "immediately", "feedback": "immediately"},
              time_limit_minutes=30)
    auth.login(factory.user("trainee"))
    attempt_id = start(client, "examen")
    questions = questions_by_type(client, attempt_id)
    bodies = {}
    saves = {"single": "1", "multiple": ["1", "2"], "truefalse": True, "numeric": "12,5",
             "matching": {left["id"]: "1" for left in questions["matching"]["lefts"]}}
    for qtype, answer in saves.items():
        response = client.post(f"/api/attempts/{attempt_id}/responses",
                               json={"question_id": questions[qtype]["id"], "answer": answer, "client_ts": 5})
        bodies[f"save {qtype}"] = response.get_data(as_text=True)
    stale = client.post(f"/api/attempts/{attempt_id}/responses",
                        json={"question_id": questions["single"]["id"], "answer": "2", "client_ts": 1})
    bodies["stale save"] = stale.get_data(as_text=True)
    bodies["bad save"] = client.post(f"/api/attempts/{attempt_id}/responses",
                                     json={"question_id": questions["numeric"]["id"], "answer": "abc"}).get_data(as_text=True)
    bodies["check refused"] = client.post(f"/api/attempts/{attempt_id}/check",
                                          json={"question_id": questions["single"]["id"]}).get_data(as_text=True)
    for url in ["/", "/quizzes", "/quizzes/examen", f"/attempts/{attempt_id}", f"/api/attempts/{attempt_id}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        bodies[url] = response.get_data(as_text=True)
    bodies["review while open"] = client.get(f"/attempts/{attempt_id}/review", follow_redirects=True).get_data(as_text=True)

    secrets = secrets_of_the_bank()
    assert len(secrets) >= 8  # the check below has something to find
    for name, body in bodies.items():
        for secret in secrets:
            assert secret not in plain(body), f"{name} leaks « {secret} »"
        data = json.loads(body) if body.lstrip().startswith("{") else embedded_attempt(body)
        leaked = keys_in(data) & FORBIDDEN_KEYS
        assert not leaked, f"{name} carries {leaked}"
    for q in json.loads(bodies[f"/api/attempts/{attempt_id}"])["questions"]:
        if q["type"] in ("single", "multiple", "matching"):  # positional ids: the source letters would tell
            assert [c["id"] for c in q["choices"]] == [str(n) for n in range(1, len(q["choices"]) + 1)]


def test_the_review_shows_keys_only_as_the_policy_allows(app, client, factory, auth, clock, make_quiz):
    make_quiz(slug="secret", review={"score": "immediately", "answers": "never", "feedback": "never"})
    make_quiz(slug="ouvert", review={"score": "immediately", "answers": "immediately", "feedback": "immediately"})
    auth.login(factory.user("trainee"))
    closed = start(client, "secret")
    client.post(f"/api/attempts/{closed}/submit")
    hidden = plain(client.get(f"/attempts/{closed}/review").get_data(as_text=True))
    shown_id = start(client, "ouvert")
    client.post(f"/api/attempts/{shown_id}/submit")
    page = client.get(f"/attempts/{shown_id}/review").get_data(as_text=True)
    shown = plain(page)
    secrets = secrets_of_the_bank()
    assert "Score" in hidden and not any(secret in hidden for secret in secrets)
    assert "Bonne réponse" not in hidden
    assert "Bonne réponse" in shown and sum(secret in shown for secret in secrets) >= 4
    assert "/modules/07-cadre-juridique-relance/03-indemnite-forfaitaire" in page  # the lesson to re-read

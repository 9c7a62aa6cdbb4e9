"""Walks the whole URL map and checks every route for every kind of visitor.

Visitors: anonymous, a trainee of cohort A, a trainee of cohort B, the trainer of cohort B ("another
cohort's trainer"), the trainer of cohort A and an admin. Every view declares its level with the access
decorators (`public`, `trainee`, `trainer`, `admin`); this test checks that the route answers accordingly:
login redirect (401 for the API) for anonymous visitors, 403 for a role that is too low, 403/404 for
visitors outside the cohort that owns the object in the URL, success for the others — and never a 500.

New routes are covered automatically. A route with a URL parameter this file does not know fails with a
message asking for a sample value: add it to SAMPLES (with the object, owned by cohort A, that it designates).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pytest

from app import create_app
from core.extensions import db
from tests.conftest import make_app

VISITORS = ["anonymous", "trainee_a", "trainee_b", "trainer_b", "trainer_a", "admin"]
LEVEL_RANK = {"public": 0, "trainee": 1, "trainer": 2, "admin": 3}
VISITOR_RANK = {"anonymous": 0, "trainee_a": 1, "trainee_b": 1, "trainer_b": 2, "trainer_a": 2, "admin": 3}
OUTSIDERS = {"trainee_b", "trainer_b"}  # never entitled to cohort A's objects


@dataclass
class Scenario:
    ids: dict[str, int] = field(default_factory=dict)
    values: dict[str, object] = field(default_factory=dict)


_HASH = None


def build_scenario() -> Scenario:
    """Cohort A (trainer_a, trainee_a) and cohort B (trainer_b, trainee_b), and an admin. Must run in an app context."""
    global _HASH
    from accounts.models import User
    from accounts.operations import add_to_cohort, create_cohort

    if _HASH is None:
        probe = User()
        probe.set_password("motdepasse-solide")
        _HASH = probe.password_hash  # hashed once: argon2 is deliberately slow
    scenario = Scenario()
    cohort_a, cohort_b = create_cohort("Cohorte A"), create_cohort("Cohorte B")
    for name, role, cohort in [("trainee_a", "trainee", cohort_a), ("trainee_b", "trainee", cohort_b),
                               ("trainer_a", "trainer", cohort_a), ("trainer_b", "trainer", cohort_b),
                               ("admin", "admin", None)]:
        user = User(email=f"{name}@exemple.fr", name=name, role=role, password_hash=_HASH)
        db.session.add(user)
        db.session.flush()
        if cohort is not None:
            add_to_cohort(cohort, user)
        scenario.ids[name] = user.id
    scenario.values["cohort_id"] = cohort_a.id
    scenario.values["user_id"] = scenario.ids["trainee_a"]
    for hook in SCENARIO_HOOKS:
        hook(scenario)
    db.session.commit()
    return scenario


def _course(scenario: Scenario) -> None:
    """A module with a lesson and a fiche: shared course content, owned by no cohort."""
    from courseware.models import Lesson, Module

    module = Module(slug="01-exemple", title="Module d'exemple", order=1, duration_minutes=60,
                    objectives=["Lire"], prerequisites=[], simulator_kinds=[], intro_html="<p>Intro</p>",
                    fiche_title="Fiche pratique", fiche_html="<p>Fiche</p>", word_count=2)
    module.lessons.append(Lesson(slug="01-lecon", title="Leçon", order=1, objectives=["Lire"], html="<p>Texte</p>",
                                 plain_text="Texte", search_text="texte", word_count=1, reading_minutes=1))
    db.session.add(module)
    scenario.values["module"], scenario.values["lesson"] = "01-exemple", "01-lecon"


def _quizzes(scenario: Scenario) -> None:
    """The discovery quiz and its starter bank (shared), an open attempt and a certificate of trainee_a."""
    from pathlib import Path

    import yaml

    from accounts.models import User
    from quizzes.attempts import clock, start_or_resume
    from quizzes.bank import STARTER_BANK, import_text
    from quizzes.certificates import issue_certificate
    from quizzes.definitions import parse_definition
    from quizzes.sync import EXAMS_DIR, store_definition

    import_text(Path(STARTER_BANK).read_text(encoding="utf-8"), "gift")
    store_definition(parse_definition(yaml.safe_load((EXAMS_DIR / "decouverte.yaml").read_text(encoding="utf-8"))))
    db.session.flush()
    from quizzes.models import Quiz

    quiz = db.session.scalar(db.select(Quiz).where(Quiz.slug == "decouverte"))
    from quizzes.models import Attempt

    attempt = db.session.get(Attempt, start_or_resume(db.session.get(User, scenario.ids["trainee_a"]), quiz, clock()))
    attempt.score = 0.9
    certificate = issue_certificate(attempt, parse_definition(quiz.definition), clock())
    scenario.values.update(slug="decouverte", attempt_id=attempt.id, certificate_id=certificate.id,
                           code=certificate.code)


def _cases(scenario: Scenario) -> None:
    """A draft financial-analysis case attempt of trainee_a; case kinds are shared."""
    from simulator.attempts import start_attempt

    scenario.values["case_attempt_id"] = start_attempt(scenario.ids["trainee_a"], "financial-analysis", seed=1).id


# Areas append functions here that add their objects (owned by cohort A / trainee_a) to the scenario and
# name the URL parameters they fill, e.g. scenario.values["attempt_id"] = ...
SCENARIO_HOOKS: list = [_course, _quizzes, _cases]

# URL parameters whose value designates an object owned by cohort A (visitors outside it must be refused).
SCOPED_PARAMS = {"cohort_id", "user_id", "attempt_id", "case_attempt_id", "certificate_id"}
# Parameters that name public or shared things (a module, a quiz...), with their sample when not in scenario.
SAMPLES: dict[str, object] = {"kind": "financial-analysis"}

# Endpoints where only the owner of the object may act (a candidate's answers and submission): the cohort's
# trainer and the admin may read the attempt, but are refused these writes.
OWNER_ONLY_ENDPOINTS = {"quizzes_api.save", "quizzes_api.check", "quizzes_api.submit", "quizzes.submit",
                        "simulator.save", "simulator.submit"}


def _rules():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    rules = []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            rules.append((rule.rule, rule.endpoint, method))
    return rules


RULES = _rules()


def test_every_view_declares_its_access_level():
    app = create_app({"TESTING": True, "SECRET_KEY": "x", "SQLALCHEMY_DATABASE_URI": "sqlite://"})
    undeclared = [endpoint for endpoint, view in app.view_functions.items()
                  if endpoint != "static" and getattr(view, "access", None) not in LEVEL_RANK]
    assert undeclared == [], f"views without an access decorator: {undeclared}"


def _url(app, endpoint: str, rule_text: str, scenario: Scenario) -> tuple[str, bool]:
    rule = next(r for r in app.url_map.iter_rules() if r.endpoint == endpoint and r.rule == rule_text)
    values, scoped = {}, False
    for argument in rule.arguments:
        if argument in scenario.values:
            values[argument] = scenario.values[argument]
        elif argument in SAMPLES:
            values[argument] = SAMPLES[argument]
        else:
            pytest.fail(f"route {rule_text}: no sample value for URL parameter '{argument}' — add it to "
                        "tests/test_access.py (SAMPLES, or a SCENARIO_HOOKS entry for an owned object)")
        scoped = scoped or argument in SCOPED_PARAMS
    with app.test_request_context():
        from flask import url_for

        return url_for(endpoint, **values), scoped


def _expected(level: str, visitor: str, scoped: bool, is_api: bool, endpoint: str = "") -> set[int]:
    ok = {200, 201, 204, 301, 302, 303, 400, 409}
    if visitor == "anonymous" and level != "public":
        return {401} if is_api else {302}
    if VISITOR_RANK[visitor] < LEVEL_RANK[level]:
        return {403}
    if scoped and visitor in OUTSIDERS:
        return {403, 404}
    if scoped and endpoint in OWNER_ONLY_ENDPOINTS and visitor in ("trainer_a", "admin"):
        return {403, 404}
    if scoped and level == "trainee" and visitor == "trainer_a":
        return ok | {403}  # a trainee's own page: the trainer sees it through the trainer pages instead
    return ok


@pytest.mark.parametrize("rule_text, endpoint, method", RULES, ids=[f"{m} {r}" for r, _, m in RULES])
def test_route_answers_as_intended_for_every_visitor(tmp_path, rule_text, endpoint, method):
    app = make_app(f"sqlite:///{tmp_path / 'access.sqlite'}")
    with app.app_context():
        db.create_all()
    level = getattr(app.view_functions[endpoint], "access", None)
    assert level in LEVEL_RANK, f"{endpoint} has no access decorator"
    scenario = None
    for visitor in VISITORS:
        if scenario is None or method != "GET":  # a state change gets a fresh scenario for the next visitor
            with app.app_context():
                db.drop_all()
                db.create_all()
                scenario = build_scenario()
                url, scoped = _url(app, endpoint, rule_text, scenario)
        client = app.test_client()
        if visitor != "anonymous":
            with client.session_transaction() as session:
                session["_user_id"] = str(scenario.ids[visitor])
                session["_fresh"] = True
        response = client.open(url, method=method, data={} if method != "GET" else None)
        expected = _expected(level, visitor, scoped, url.startswith("/api/"), endpoint)
        assert response.status_code != 500, f"{method} {url} as {visitor}: 500"
        assert response.status_code in expected, (
            f"{method} {url} ({level}) as {visitor}: {response.status_code}, expected one of {sorted(expected)}")
        if response.status_code == 302 and visitor == "anonymous" and level != "public":
            assert response.headers["Location"].startswith("/login")

"""What the simulator tests share: the `flask cases` command, a trainee on a case page, and the check that a
kind grades any submission without raising."""

from __future__ import annotations

import json
from typing import Any

import pytest
from flask import Flask

from simulator.cli import cases_cli


@pytest.fixture()
def cli():
    """`cli("generate", "aged-balance", "--seed", 7)` runs `flask cases generate …`: the click Result."""
    app = Flask(__name__)
    app.cli.add_command(cases_cli)
    runner = app.test_cli_runner()
    return lambda *args, input=None: runner.invoke(args=["cases", *map(str, args)], input=input)


def json_of(result) -> Any:
    """The JSON a successful `flask cases` command printed, nothing on stderr."""
    assert result.exit_code == 0, result.stderr
    assert result.stderr == ""
    return json.loads(result.stdout)


@pytest.fixture()
def case_page(app, auth, factory):
    """`case_page(kind, level, seed)`: the address of a new draft of that case, its trainee logged in."""
    from core.extensions import db
    from simulator.attempts import start_attempt

    def open_case(kind: str, level: str, seed: int, cohort: str = "A") -> str:
        trainee = factory.user("trainee", cohort=cohort)
        with app.app_context():
            attempt_id = start_attempt(trainee.id, kind, level, seed).id
            db.session.commit()
        auth.login(trainee)
        return f"/cases/attempts/{attempt_id}"

    return open_case


def assert_grades_anything(kind, case: dict[str, Any], submission: Any) -> None:
    """A kind grades and checks any JSON-able submission without raising, within its points."""
    grade = kind.grade(case, submission)
    assert 0 <= grade.score <= grade.max_score
    assert isinstance(kind.check_submission(case, submission), dict)

"""A real gunicorn server is killed with SIGKILL between two answers and restarted: every acknowledged answer is
still there and the remaining time is the true one (the deadline never paused)."""

from __future__ import annotations

import os
import re
import signal
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests
import yaml

from tests.conftest import make_app

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
GUNICORN = Path(sys.executable).with_name("gunicorn")
PASSWORD = "motdepasse-solide"


def prepare_database(url: str) -> None:
    from accounts.operations import create_user
    from core.extensions import db
    from quizzes.bank import STARTER_BANK, import_text
    from quizzes.definitions import parse_definition
    from quizzes.sync import EXAMS_DIR, store_definition

    app = make_app(url)
    with app.app_context():
        db.create_all()
        create_user("candidate@exemple.fr", PASSWORD, "trainee", "Claude Candidat")
        import_text(STARTER_BANK.read_text(encoding="utf-8"), "gift")
        store_definition(parse_definition(yaml.safe_load((EXAMS_DIR / "decouverte.yaml").read_text(encoding="utf-8"))))
        db.session.commit()
        db.engine.dispose()


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


class Server:
    def __init__(self, database_url: str, log: Path):
        self.port = free_port()
        self.base = f"http://127.0.0.1:{self.port}"
        self.env = {**os.environ, "DATABASE_URL": database_url, "SECRET_KEY": "redemarrage-test",
                    "COOKIE_SECURE": "0", "ENCOURS_ENV": "production"}
        self.log = log
        self.process: subprocess.Popen | None = None

    def start(self) -> None:
        self.process = subprocess.Popen(
            [str(GUNICORN), "--workers", "2", "--bind", f"127.0.0.1:{self.port}", "app:create_app()"],
            cwd=ROOT, env=self.env, stdout=self.log.open("ab"), stderr=subprocess.STDOUT, start_new_session=True)
        deadline = time.monotonic() + 15
        while time.monotonic() < deadline:
            try:
                if requests.get(self.base + "/login", timeout=5).status_code == 200:
                    return
            except (requests.ConnectionError, requests.Timeout):
                time.sleep(0.1)
        self.kill()
        raise AssertionError("gunicorn did not start: " + self.log.read_text()[-2000:])

    def kill(self) -> None:
        os.killpg(self.process.pid, signal.SIGKILL)  # the master and its workers, with no chance to clean up
        self.process.wait(timeout=10)


def csrf_from(html: str) -> str:
    return re.search(r'name="csrf[-_]token"[^>]*?(?:content|value)="([^"]+)"', html).group(1)


def test_every_acknowledged_answer_survives_a_sigkill_of_the_server(tmp_path):
    url = f"sqlite:///{tmp_path / 'restart.sqlite'}"
    prepare_database(url)
    server = Server(url, tmp_path / "gunicorn.log")
    try:
        server.start()
        http = requests.Session()
        login = http.get(server.base + "/login")
        http.post(server.base + "/login", data={"email": "candidate@exemple.fr", "password": PASSWORD,
                                                "csrf_token": csrf_from(login.text)})
        page = http.get(server.base + "/quizzes/decouverte")
        started = http.post(server.base + "/quizzes/decouverte/start", data={"csrf_token": csrf_from(page.text)},
                            allow_redirects=False)
        assert started.status_code == 302, started.text
        started_at = time.monotonic()
        attempt_url = started.headers["Location"]
        attempt_id = int(attempt_url.rsplit("/", 1)[1])
        token = csrf_from(http.get(server.base + attempt_url).text)
        api = f"{server.base}/api/attempts/{attempt_id}"
        questions = {q["type"]: q for q in http.get(api).json()["questions"]}
        given = {"single": "2", "truefalse": False, "numeric": "99,5", "multiple": ["1", "3"]}
        acknowledged = {}
        for qtype, answer in given.items():
            if qtype == "multiple":
                server.kill()  # between two answers
                server.start()
            response = http.post(api + "/responses", json={"question_id": questions[qtype]["id"], "answer": answer},
                                 headers={"X-CSRFToken": token})
            assert response.status_code == 200, response.text
            acknowledged[str(questions[qtype]["id"])] = answer
        server.kill()
        server.start()
        after = http.get(api).json()
        expected = {key: (99.5 if value == "99,5" else value) for key, value in acknowledged.items()}
        kept = {key: (sorted(value) if isinstance(value, list) else value) for key, value in after["responses"].items()}
        assert after["state"] == "open" and kept == expected
        elapsed = time.monotonic() - started_at
        assert 600 - elapsed - 3 <= after["remaining_seconds"] <= 600 - elapsed + 1
        result = http.post(api + "/submit", headers={"X-CSRFToken": token}).json()
        assert result["state"] == "closed" and 0 <= result["score"] <= 1
    finally:
        if server.process and server.process.poll() is None:
            server.kill()

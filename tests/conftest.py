"""Fixtures in the flaskr style: `app`, `client`, `runner`, `db`, user factories and an auth helper.

The `app` fixture runs every database test on SQLite, and also on PostgreSQL when TEST_DATABASE_URL is set
(CI sets it): such a test then fails, not skips, if PostgreSQL is unreachable.
"""

from __future__ import annotations

import os
import shutil
import threading
from dataclasses import dataclass

import pytest
from sqlalchemy import text
from werkzeug.serving import make_server

from app import create_app
from core.extensions import db as _db

BACKENDS = ["sqlite"] + (["postgresql"] if os.environ.get("TEST_DATABASE_URL") else [])
_pg_reset = False


def _postgres_url() -> str:
    url = os.environ["TEST_DATABASE_URL"]
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def make_app(database_url: str, **overrides):
    config = {
        "TESTING": True,
        "SECRET_KEY": "test-secret",
        "SQLALCHEMY_DATABASE_URI": database_url,
        "WTF_CSRF_ENABLED": False,
        "SERVER_NAME": None,
    }
    config.update(overrides)
    return create_app(config)


def _truncate_all() -> None:
    tables = ", ".join(f'"{t.name}"' for t in _db.metadata.sorted_tables)
    if tables:
        _db.session.execute(text(f"TRUNCATE {tables} RESTART IDENTITY CASCADE"))
        _db.session.commit()


@pytest.fixture(params=BACKENDS)
def app(request, tmp_path):
    global _pg_reset
    marker = request.node.get_closest_marker("app_config")
    overrides = dict(marker.kwargs) if marker else {}
    if request.param == "postgresql":
        application = make_app(_postgres_url(), **overrides)
        with application.app_context():
            if not _pg_reset:
                _db.drop_all()
                _pg_reset = True
            _db.create_all()
            _truncate_all()
        yield application
        with application.app_context():
            _db.session.rollback()
            _truncate_all()
            _db.engine.dispose()
    else:
        application = make_app(f"sqlite:///{tmp_path / 'test.sqlite'}", **overrides)
        with application.app_context():
            _db.create_all()
        yield application
        with application.app_context():
            _db.engine.dispose()


@pytest.fixture
def client(app):
    return app.test_client()


@pytest.fixture
def runner(app):
    return app.test_cli_runner()


@pytest.fixture
def db(app):
    """The database inside an application context, for tests that only set up or inspect rows.

    A test that also sends requests uses `with app.app_context():` around its database work instead, so
    that its requests do not share (and hold open) the test's session."""
    with app.app_context():
        yield _db
        _db.session.rollback()


@dataclass
class Person:
    id: int
    email: str
    password: str
    name: str
    role: str


class Factory:
    """Creates users and cohorts with committed rows; returns plain records usable outside app contexts."""

    def __init__(self, app):
        self.app = app
        self._n = 0

    def user(self, role: str = "trainee", cohort: str | None = None, email: str | None = None,
             password: str = "motdepasse-solide", name: str | None = None) -> Person:
        from accounts.operations import add_to_cohort, create_cohort, create_user, find_cohort

        self._n += 1
        email = email or f"{role}{self._n}@exemple.fr"
        with self.app.app_context():
            user = create_user(email, password, role, name or f"{role.title()} {self._n}")
            if cohort:
                add_to_cohort(find_cohort(cohort) or create_cohort(cohort), user)
            _db.session.commit()
            return Person(user.id, user.email, password, user.name, role)

    def cohort(self, name: str) -> int:
        from accounts.operations import create_cohort, find_cohort

        with self.app.app_context():
            cohort = find_cohort(name) or create_cohort(name)
            _db.session.commit()
            return cohort.id


@pytest.fixture
def factory(app):
    return Factory(app)


class AuthActions:
    def __init__(self, client):
        self._client = client

    def login(self, person: Person | str, password: str | None = None):
        email = person.email if isinstance(person, Person) else person
        password = password or (person.password if isinstance(person, Person) else "")
        return self._client.post("/login", data={"email": email, "password": password})

    def logout(self):
        return self._client.post("/logout")


@pytest.fixture
def auth(client):
    return AuthActions(client)


# --- browser tests -------------------------------------------------------------------------------------

def pytest_collection_modifyitems(config, items):
    if os.environ.get("REQUIRE_BROWSER") == "1":
        return
    if shutil.which("chromium"):
        return
    skip = pytest.mark.skip(reason="Chromium absent (set REQUIRE_BROWSER=1 to make this a failure)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture
def live_server(tmp_path):
    """The application served by a real HTTP server in a thread, on a SQLite file, for the browser."""
    application = make_app(f"sqlite:///{tmp_path / 'live.sqlite'}", WTF_CSRF_ENABLED=True)
    with application.app_context():
        _db.create_all()
    server = make_server("127.0.0.1", 0, application, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    application.config["LIVE_URL"] = f"http://127.0.0.1:{server.server_port}"
    yield application
    server.shutdown()
    thread.join(timeout=5)


@pytest.fixture
def browser():
    chromium = shutil.which("chromium")
    if chromium is None:
        pytest.fail("Chromium est requis pour les tests navigateur (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(
            executable_path=chromium,
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--disable-sync", "--no-first-run"],
        )
        yield instance
        instance.close()


def log_in_browser(page, base: str, email: str, password: str) -> None:
    """Log in through the login form, as a person does, and land on the home page."""
    page.goto(base + "/login")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(base + "/")


def demo_credentials(role: str) -> tuple[str, str]:
    """The e-mail and password of the demo user of `role` (`core.demo`)."""
    from core.demo import DEMO_USERS

    return next((email, password) for email, password, r, _name in DEMO_USERS if r == role)


def open_new_case(live_server, browser, kind: str, viewport: dict[str, int], javascript: bool = True):
    """A browser page on a new case of `kind`, started from the case list by the demo trainee."""
    from core.demo import ensure_demo_users

    with live_server.app_context():
        ensure_demo_users()
    base = live_server.config["LIVE_URL"]
    page = browser.new_context(viewport=viewport, java_script_enabled=javascript).new_page()
    log_in_browser(page, base, *demo_credentials("trainee"))
    page.goto(base + "/cases")
    page.locator(f'form[action="/cases/{kind}/start"]').get_by_role("button").click()
    page.wait_for_url(f"{base}/cases/attempts/*")
    return page

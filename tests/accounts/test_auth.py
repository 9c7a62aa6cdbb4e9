import datetime as dt

import pytest

from accounts import throttle
from accounts.models import LoginFailure, User
from core.extensions import db


@pytest.mark.parametrize("role", ["trainee", "trainer", "admin"])
def test_login_lands_on_home_page_for_each_role(client, auth, factory, role):
    person = factory.user(role)
    response = auth.login(person)
    assert response.status_code == 302
    assert response.headers["Location"] == "/"
    page = client.get("/").get_data(as_text=True)
    assert f"Bonjour {person.name}" in page
    assert 'name="csrf-token"' in page


def test_wrong_password_is_refused_with_a_french_message(client, auth, factory):
    person = factory.user()
    response = auth.login(person.email, "mauvais-mot-de-passe")
    assert response.status_code == 401
    assert "Adresse e-mail ou mot de passe incorrect" in response.get_data(as_text=True)
    assert client.get("/").status_code == 302


def test_repeated_failures_are_slowed_down_then_forgotten(client, auth, factory, app):
    person = factory.user()
    for _ in range(throttle.FREE_ATTEMPTS):
        assert auth.login(person.email, "faux").status_code == 401
    blocked = auth.login(person)  # even the right password must wait
    assert blocked.status_code == 429
    assert "Trop de tentatives" in blocked.get_data(as_text=True)
    with app.app_context():
        later = throttle.utcnow() + throttle.BASE_DELAY + dt.timedelta(seconds=1)
        assert throttle.wait_seconds(person.email, now=later) == 0
        assert throttle.wait_seconds(person.email) > 0


def test_inactive_account_cannot_log_in(client, auth, factory, app):
    person = factory.user()
    with app.app_context():
        db.session.get(User, person.id).active = False
        db.session.commit()
    assert auth.login(person).status_code == 401


def test_login_redirects_only_to_local_paths(client, factory):
    person = factory.user()
    response = client.post("/login?next=https://evil.example/x", data={"email": person.email, "password": person.password})
    assert response.headers["Location"] == "/"
    person2 = factory.user()
    client2 = client.application.test_client()
    response = client2.post("/login?next=/account/password", data={"email": person2.email, "password": person2.password})
    assert response.headers["Location"] == "/account/password"


def test_anonymous_user_is_sent_to_login(client):
    response = client.get("/")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_temporary_password_must_be_changed_first(client, auth, factory, app):
    person = factory.user()
    with app.app_context():
        db.session.get(User, person.id).must_change_password = True
        db.session.commit()
    auth.login(person)
    assert client.get("/").headers["Location"].startswith("/account/password")
    response = client.post("/account/password", data={
        "current": person.password, "new": "une-nouvelle-phrase", "confirm": "une-nouvelle-phrase"})
    assert response.status_code == 302
    assert client.get("/").status_code == 200


def test_password_change_validates_and_keeps_old_password_on_error(client, auth, factory):
    person = factory.user()
    auth.login(person)
    response = client.post("/account/password", data={"current": "faux", "new": "court", "confirm": "autre"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Au moins 10 caractères" in page
    auth.logout()
    assert auth.login(person).status_code == 302


def test_passwords_are_hashed_with_argon2id_and_owasps_parameters(factory, db):
    person = factory.user()
    stored = db.session.get(User, person.id).password_hash
    assert stored.startswith("$argon2id$v=19$m=19456,t=2,p=1$")
    assert person.password not in stored


def test_a_hash_made_with_other_parameters_still_logs_in_and_is_replaced(app, client, auth, factory):
    from argon2 import PasswordHasher

    person = factory.user()
    with app.app_context():
        user = db.session.get(User, person.id)
        user.password_hash = PasswordHasher(time_cost=3, memory_cost=65_536, parallelism=4).hash(person.password)
        db.session.commit()
    assert auth.login(person).status_code == 302
    with app.app_context():
        assert db.session.get(User, person.id).password_hash.startswith("$argon2id$v=19$m=19456,t=2,p=1$")


def test_the_password_is_verified_without_holding_sqlites_write_lock(app, client, auth, factory, monkeypatch):
    """Logins come in herds before an exam: ~30 ms of argon2 each must not queue every other writer."""
    import sqlite3

    if not app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        pytest.skip("PostgreSQL has no database-wide write lock")
    database_file = app.config["SQLALCHEMY_DATABASE_URI"].removeprefix("sqlite:///")
    person = factory.user()
    verify = User.check_password
    other_writer_got_the_lock = []

    def check_while_another_writer_writes(user, password):
        other = sqlite3.connect(database_file, timeout=0)
        try:
            other.execute("BEGIN IMMEDIATE")
            other.execute("ROLLBACK")
            other_writer_got_the_lock.append(True)
        except sqlite3.OperationalError:  # "database is locked": the login holds the write lock
            other_writer_got_the_lock.append(False)
        finally:
            other.close()
        return verify(user, password)

    monkeypatch.setattr(User, "check_password", check_while_another_writer_writes)
    assert auth.login(person).status_code == 302
    assert other_writer_got_the_lock == [True]
    assert auth.logout().status_code == 302
    assert auth.login(person, "mauvais-mot-de-passe").status_code == 401  # the failure is still recorded
    with app.app_context():
        assert db.session.get(LoginFailure, person.email).count == 1


def test_logout_requires_post_and_ends_the_session(client, auth, factory):
    auth.login(factory.user())
    assert client.get("/logout").status_code == 405
    assert auth.logout().status_code == 302
    assert client.get("/").status_code == 302

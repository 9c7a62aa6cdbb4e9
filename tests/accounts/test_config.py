import pytest

from core.config import ConfigurationError, build_config


def test_production_without_secret_key_stops_with_a_clear_message(monkeypatch, tmp_path):
    monkeypatch.setenv("ENCOURS_ENV", "production")
    monkeypatch.delenv("SECRET_KEY", raising=False)
    with pytest.raises(ConfigurationError, match="SECRET_KEY"):
        build_config(str(tmp_path))


def test_production_cookies_are_secure(monkeypatch, tmp_path):
    monkeypatch.setenv("ENCOURS_ENV", "production")
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    config = build_config(str(tmp_path))
    assert config["SESSION_COOKIE_SECURE"] and config["SESSION_COOKIE_HTTPONLY"]
    assert config["SESSION_COOKIE_SAMESITE"] == "Lax"


def test_development_key_is_generated_once_and_kept(monkeypatch, tmp_path):
    monkeypatch.delenv("ENCOURS_ENV", raising=False)
    monkeypatch.delenv("FLASK_ENV", raising=False)
    monkeypatch.delenv("SECRET_KEY", raising=False)
    first = build_config(str(tmp_path))["SECRET_KEY"]
    assert build_config(str(tmp_path))["SECRET_KEY"] == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0
    assert build_config(str(tmp_path))["SESSION_COOKIE_SECURE"] is False


def test_database_url_uses_psycopg3(monkeypatch, tmp_path):
    monkeypatch.setenv("DATABASE_URL", "postgres://u:p@h/db")
    assert build_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u:p@h/db"
    monkeypatch.delenv("DATABASE_URL")
    assert build_config(str(tmp_path))["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///")

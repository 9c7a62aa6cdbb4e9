"""Configuration from the environment (DATABASE_URL, SECRET_KEY, PORT, ENCOURS_ENV / FLASK_ENV, COOKIE_SECURE).

COOKIE_SECURE=0 lets a production build serve plain HTTP on loopback (load tests); default: secure cookies
in production only.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path


class ConfigurationError(RuntimeError):
    """Raised at start-up when the environment cannot run the application safely."""


def environment_name() -> str:
    return (os.environ.get("ENCOURS_ENV") or os.environ.get("FLASK_ENV") or "development").lower()


def database_url(instance_path: str) -> str:
    """`DATABASE_URL`, normalised to the psycopg 3 driver; default: a SQLite file in instance/."""
    url = os.environ.get("DATABASE_URL", "").strip()
    if not url:
        return "sqlite:///" + str(Path(instance_path) / "encours.sqlite")
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def secret_key(instance_path: str, production: bool) -> str:
    """The key from `SECRET_KEY`; in development one is generated once and kept in instance/."""
    key = os.environ.get("SECRET_KEY", "").strip()
    if key:
        return key
    if production:
        raise ConfigurationError(
            "SECRET_KEY manquant : en production, définissez la variable d'environnement SECRET_KEY "
            "(par exemple : export SECRET_KEY=$(python -c 'import secrets; print(secrets.token_hex(32))'))."
        )
    path = Path(instance_path) / "secret_key"
    if path.exists():
        return path.read_text().strip()
    key = secrets.token_hex(32)
    path.write_text(key)
    path.chmod(0o600)
    return key


def build_config(instance_path: str) -> dict:
    env = environment_name()
    production = env == "production"
    secure_cookies = os.environ.get("COOKIE_SECURE", "1" if production else "0") not in ("0", "false", "")
    return {
        "ENV_NAME": env,
        "SECRET_KEY": secret_key(instance_path, production),
        "SQLALCHEMY_DATABASE_URI": database_url(instance_path),
        "SQLALCHEMY_ENGINE_OPTIONS": {"pool_pre_ping": True},
        "SESSION_COOKIE_HTTPONLY": True,
        "SESSION_COOKIE_SAMESITE": "Lax",
        "SESSION_COOKIE_SECURE": secure_cookies,
        "REMEMBER_COOKIE_HTTPONLY": True,
        "REMEMBER_COOKIE_SAMESITE": "Lax",
        "REMEMBER_COOKIE_SECURE": secure_cookies,
        "WTF_CSRF_TIME_LIMIT": None,  # the token lives as long as the session: long exams must not lose it
        "MAX_CONTENT_LENGTH": 8 * 1024 * 1024,
        "PORT": int(os.environ.get("PORT", "5000")),
    }

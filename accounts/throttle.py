"""Slowing down repeated failed logins, per e-mail address, in the database (shared by all workers)."""

from __future__ import annotations

import datetime as dt

from accounts.models import LoginFailure, utcnow
from core.extensions import db

FREE_ATTEMPTS = 5
BASE_DELAY = dt.timedelta(seconds=15)
MAX_DELAY = dt.timedelta(minutes=15)
FORGET_AFTER = dt.timedelta(hours=1)


def _delay(count: int) -> dt.timedelta:
    if count < FREE_ATTEMPTS:
        return dt.timedelta(0)
    return min(BASE_DELAY * 2 ** (count - FREE_ATTEMPTS), MAX_DELAY)


def wait_seconds(email: str, now: dt.datetime | None = None) -> int:
    """Seconds the address must still wait before its next attempt (0: may try now)."""
    now = now or utcnow()
    failure = db.session.get(LoginFailure, email)
    if failure is None or now - failure.last_at > FORGET_AFTER:
        return 0
    remaining = failure.last_at + _delay(failure.count) - now
    return max(0, int(remaining.total_seconds() + 0.999))


def record_failure(email: str, now: dt.datetime | None = None) -> None:
    now = now or utcnow()
    failure = db.session.get(LoginFailure, email)
    if failure is None:
        failure = LoginFailure(email=email, count=0)
        db.session.add(failure)
    elif now - failure.last_at > FORGET_AFTER:
        failure.count = 0
    failure.count += 1
    failure.last_at = now


def clear(email: str) -> None:
    failure = db.session.get(LoginFailure, email)
    if failure is not None:
        db.session.delete(failure)

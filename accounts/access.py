"""Access decorators used by every view, and object-level checks (who may see which cohort or trainee).

Each decorator records the level it grants on the view function (`view.access`), so that the access test
can walk the URL map and know what every route should answer for each role.
"""

from __future__ import annotations

from functools import wraps
from typing import Callable

from flask import abort, redirect, request, url_for
from flask_login import current_user
from sqlalchemy import exists, select

from accounts.models import Enrolment, User, cohort_trainers
from core.extensions import db, login_manager

PASSWORD_CHANGE_ENDPOINTS = frozenset({"accounts.change_password", "accounts.logout", "static"})


def _guard(level: str, allowed: Callable[[User], bool]):
    def decorator(view):
        @wraps(view)
        def wrapped(*args, **kwargs):
            if not current_user.is_authenticated:
                return login_manager.unauthorized()
            if current_user.must_change_password and request.endpoint not in PASSWORD_CHANGE_ENDPOINTS:
                if request.path.startswith("/api/"):
                    abort(403)
                return redirect(url_for("accounts.change_password", next=request.full_path))
            if not allowed(current_user):
                abort(403)
            return view(*args, **kwargs)

        wrapped.access = level
        return wrapped

    return decorator


trainee = _guard("trainee", lambda user: True)  # any signed-in user: trainers and admins may browse the course
trainer = _guard("trainer", lambda user: user.is_trainer)
admin = _guard("admin", lambda user: user.is_admin)


def public(view):
    """Marks a view that anyone may open (login page, certificate verification)."""
    view.access = "public"
    return view


def trains_cohort(user: User, cohort_id: int) -> bool:
    if user.is_admin:
        return True
    return bool(
        db.session.scalar(
            select(
                exists().where(cohort_trainers.c.cohort_id == cohort_id, cohort_trainers.c.user_id == user.id)
            )
        )
    )


def require_cohort(cohort_id: int) -> None:
    """403 unless the current user is an admin or a trainer of that cohort."""
    if not trains_cohort(current_user, cohort_id):
        abort(403)


def can_see_trainee(viewer: User, trainee_id: int) -> bool:
    """A trainee sees only themself; a trainer sees the trainees of their cohorts; an admin sees everyone."""
    if viewer.id == trainee_id or viewer.is_admin:
        return True
    if not viewer.is_trainer:
        return False
    shared = (
        select(Enrolment.user_id)
        .join(cohort_trainers, cohort_trainers.c.cohort_id == Enrolment.cohort_id)
        .where(Enrolment.user_id == trainee_id, cohort_trainers.c.user_id == viewer.id)
    )
    return bool(db.session.scalar(select(exists(shared))))


def require_trainee_visible(trainee_id: int) -> None:
    if not can_see_trainee(current_user, trainee_id):
        abort(403)


def visible_trainee_ids(viewer: User):
    """A select() of the trainee ids the viewer may see, for use inside other queries."""
    if viewer.is_admin:
        return select(User.id)
    if viewer.is_trainer:
        return (
            select(Enrolment.user_id)
            .join(cohort_trainers, cohort_trainers.c.cohort_id == Enrolment.cohort_id)
            .where(cohort_trainers.c.user_id == viewer.id)
        )
    return select(User.id).where(User.id == viewer.id)

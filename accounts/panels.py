"""Home-page panels of the accounts area."""

from __future__ import annotations

from sqlalchemy import func, select

from accounts.models import Cohort, User
from core.extensions import db
from core.home import home_panel


@home_panel(("admin",), "home/_admin_panel.html", order=10)
def admin_panel(user: User) -> dict:
    counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    return {"counts": counts, "cohort_count": db.session.scalar(select(func.count()).select_from(Cohort))}


@home_panel(("trainee",), "home/_trainee_cohorts.html", order=90)
def trainee_cohorts(user: User) -> dict:
    return {"cohorts": user.cohorts}

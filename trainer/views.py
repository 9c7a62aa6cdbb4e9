"""Trainer area: the cohorts a trainer runs and their trainees."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user
from sqlalchemy import func, select

from accounts.access import require_cohort, trainer
from accounts.models import Cohort, Enrolment, User, cohort_trainers
from core.extensions import db
from core.home import home_panel

bp = Blueprint("trainer", __name__, url_prefix="/trainer")


def cohorts_of(user: User):
    """The cohorts a trainer runs (all cohorts for an admin), with their trainee counts."""
    query = (
        select(Cohort, func.count(Enrolment.user_id))
        .outerjoin(Enrolment, Enrolment.cohort_id == Cohort.id)
        .group_by(Cohort.id)
        .order_by(Cohort.starts_on.desc(), Cohort.name)
    )
    if not user.is_admin:
        query = query.where(
            Cohort.id.in_(select(cohort_trainers.c.cohort_id).where(cohort_trainers.c.user_id == user.id))
        )
    return db.session.execute(query).all()


@home_panel(("trainer", "admin"), "home/_trainer_cohorts.html", order=20)
def trainer_panel(user: User) -> dict:
    return {"rows": cohorts_of(user)}


@bp.route("/cohorts")
@trainer
def cohorts():
    return render_template("trainer/cohorts.html", rows=cohorts_of(current_user))


@bp.route("/cohorts/<int:cohort_id>")
@trainer
def cohort(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    require_cohort(cohort_id)
    return render_template("trainer/cohort.html", cohort=cohort)


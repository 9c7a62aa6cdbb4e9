"""Admin pages: users, cohorts, enrolments and roster import."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from sqlalchemy import func, select

from accounts.access import admin
from accounts.forms import CohortForm, EnrolForm, RosterImportForm, UserForm
from accounts.models import Cohort, Enrolment, User
from accounts.operations import AccountError, enrol, find_user
from accounts.roster import import_roster
from core.extensions import db

bp = Blueprint("admin", __name__, url_prefix="/admin")


def _trainers(ids: list[int] | None) -> list[User]:
    if not ids:
        return []
    return list(db.session.scalars(select(User).where(User.id.in_(ids))))


@bp.route("/")
@admin
def index():
    counts = dict(db.session.execute(select(User.role, func.count()).group_by(User.role)).all())
    cohorts = db.session.scalar(select(func.count()).select_from(Cohort))
    return render_template("admin/index.html", counts=counts, cohort_count=cohorts)


@bp.route("/users")
@admin
def users():
    query = select(User).order_by(User.role, User.name)
    term = request.args.get("q", "").strip()
    if term:
        like = f"%{term.lower()}%"
        query = query.where(func.lower(User.email).like(like) | func.lower(User.name).like(like))
    return render_template("admin/users.html", users=db.session.scalars(query).all(), q=term)


@bp.route("/users/new", methods=["GET", "POST"])
@admin
def new_user():
    return _user_page(None)


@bp.route("/users/<int:user_id>", methods=["GET", "POST"])
@admin
def edit_user(user_id: int):
    return _user_page(db.get_or_404(User, user_id))


def _user_page(user: User | None):
    """Create (`user` None) or edit an account. A password set here is provisional: the user must change it."""
    form = UserForm(user=user)
    if not form.validate_on_submit():
        return render_template("admin/user_form.html", form=form, user=user), 400 if form.errors else 200
    created = user is None
    user = user or User()
    password = form.password.data
    form.password.data = None  # never copied onto the model by populate_obj
    form.populate_obj(user)
    user.email = User.normalise_email(form.email.data)
    if password:
        user.set_password(password)
        user.must_change_password = True
    db.session.add(user)
    db.session.commit()
    flash(f"Compte créé pour {user.email}." if created else "Compte enregistré.", "success")
    return redirect(url_for("admin.users"))


@bp.route("/cohorts")
@admin
def cohorts():
    rows = db.session.execute(
        select(Cohort, func.count(Enrolment.user_id))
        .outerjoin(Enrolment, Enrolment.cohort_id == Cohort.id)
        .group_by(Cohort.id)
        .order_by(Cohort.starts_on.desc(), Cohort.name)
    ).all()
    return render_template("admin/cohorts.html", rows=rows)


@bp.route("/cohorts/new", methods=["GET", "POST"])
@admin
def new_cohort():
    return _cohort_page(None)


@bp.route("/cohorts/<int:cohort_id>/edit", methods=["GET", "POST"])
@admin
def edit_cohort(cohort_id: int):
    return _cohort_page(db.get_or_404(Cohort, cohort_id))


def _cohort_page(cohort: Cohort | None):
    """Create (`cohort` None) or edit a cohort: name, dates and trainers."""
    form = CohortForm(cohort=cohort)
    if not form.validate_on_submit():
        return render_template("admin/cohort_form.html", form=form, cohort=cohort), 400 if form.errors else 200
    created = cohort is None
    trainers = _trainers(form.trainers.data)
    cohort = cohort or Cohort()
    cohort.name = form.name.data.strip()
    cohort.starts_on, cohort.ends_on = form.starts_on.data, form.ends_on.data
    cohort.trainers = trainers
    db.session.add(cohort)
    db.session.commit()
    flash(f"Session « {cohort.name} » créée." if created else "Session enregistrée.", "success")
    return redirect(url_for("admin.cohort", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>", methods=["GET"])
@admin
def cohort(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    return render_template(
        "admin/cohort.html", cohort=cohort, enrol_form=EnrolForm(), import_form=RosterImportForm(), report=None
    )


@bp.route("/cohorts/<int:cohort_id>/enrol", methods=["POST"])
@admin
def enrol_trainee(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = EnrolForm()
    if form.validate_on_submit():
        user = find_user(form.email.data)
        if user is None:
            flash(f"Aucun compte pour {form.email.data}. Créez-le d'abord ou importez une liste.", "error")
        else:
            try:
                added = enrol(cohort, user)
                db.session.commit()
                flash(f"{user.name} inscrit." if added else f"{user.name} était déjà inscrit.", "success")
            except AccountError as exc:
                db.session.rollback()
                flash(str(exc), "error")
    else:
        flash("Indiquez une adresse e-mail.", "error")
    return redirect(url_for("admin.cohort", cohort_id=cohort.id))


@bp.route("/cohorts/<int:cohort_id>/trainees/<int:user_id>/remove", methods=["POST"])
@admin
def remove_trainee(cohort_id: int, user_id: int):
    enrolment = db.get_or_404(Enrolment, (cohort_id, user_id))
    db.session.delete(enrolment)
    db.session.commit()
    flash("Inscription retirée (le compte et ses résultats sont conservés).", "success")
    return redirect(url_for("admin.cohort", cohort_id=cohort_id))


@bp.route("/cohorts/<int:cohort_id>/import", methods=["POST"])
@admin
def import_trainees(cohort_id: int):
    cohort = db.get_or_404(Cohort, cohort_id)
    form = RosterImportForm()
    report = None
    status = 200
    if form.validate_on_submit():
        upload = form.file.data
        report = import_roster(cohort, upload.filename or "", upload.read())
        if report.ok:
            flash(f"{len(report.created)} compte(s) créé(s), {len(report.enrolled)} compte(s) existant(s) inscrit(s).", "success")
        else:
            db.session.rollback()
            status = 400
    else:
        status = 400
    return render_template(
        "admin/cohort.html", cohort=cohort, enrol_form=EnrolForm(), import_form=form, report=report
    ), status

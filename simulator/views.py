"""Case pages: the trainee's cases and attempts (start, draft, submit, correction, XLSX grille), and the
trainer's view of a cohort's attempts and assignments.

Before submission a page shows only `kind.public_case(snapshot)` and the form: the snapshot holds the answers.
A trainer or an admin who opens a trainee's attempt through a trainee URL is sent to the trainer's view; only
the trainee may change it.
"""

from __future__ import annotations

import datetime as dt
import re
from http import HTTPStatus
from typing import Any
from zoneinfo import ZoneInfo

from flask import (Blueprint, Response, abort, current_app, flash, jsonify, redirect, render_template, request,
                   url_for)
from flask_login import current_user
from markupsafe import Markup

from accounts.access import can_see_trainee, require_cohort, trainee, trainer, trains_cohort
from accounts.models import Cohort
from core.extensions import db
from core.frenchnum import format_date, format_number
from simulator import attempts as service
from simulator.charts import SERIES, evolution, evolution_svg, thousands
from simulator.exports import case_workbook
from simulator.models import SEED_LIMIT, CaseAttempt
from simulator.presentation import answer_text, field_groups, identity
from simulator.registry import LEVELS, all_kinds, get_kind
from simulator.statements import statements

bp = Blueprint("simulator", __name__)

LEVEL_LABELS = {"facile": "Facile", "standard": "Standard", "difficile": "Difficile"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PARIS = ZoneInfo("Europe/Paris")
ELEMENT_ID = re.compile(r"[a-z][a-z0-9-]{0,40}")


@bp.app_template_global()
def case_level_label(level: str) -> str:
    return LEVEL_LABELS.get(level, level)


@bp.app_template_global()
def case_kind_title(slug: str) -> str:
    try:
        return get_kind(slug).title
    except KeyError:  # an attempt of a kind since removed still lists
        return slug


@bp.app_template_global()
def case_module_link(module: str) -> tuple[str, str | None]:
    """`module 03` and the address of its page, when the course pages are there."""
    label = f"module {module[:2]}" if module[:2].isdigit() else module
    if "courseware.module" not in current_app.view_functions:
        return label, None
    return label, url_for("courseware.module", module=module)


@bp.app_template_filter()
def case_points(points: float | None) -> str:
    """Points as a grade shows them: `3`, `1,3` (no `,0` on whole points)."""
    if points is None:
        return "–"
    return format_number(points, 0 if float(points).is_integer() else 1)


@bp.app_template_filter()
def iso_date(text: str | None) -> str:
    """A case's `YYYY-MM-DD` date the French way (`22/11/2026`)."""
    return format_date(dt.date.fromisoformat(text)) if text else ""


@bp.app_template_filter()
def datetime_paris(moment: dt.datetime | None) -> str:
    """A stored UTC time as French users read it: `22/11/2026 à 14:32` (Paris time)."""
    if moment is None:
        return ""
    local = moment.replace(tzinfo=dt.timezone.utc).astimezone(PARIS)
    return f"{format_date(local.date())} à {local:%H:%M}"


# --- trainee pages -------------------------------------------------------------------------------------------

@bp.get("/cases")
@trainee
def cases():
    return render_template("simulator/cases.html", kinds=all_kinds(), levels=LEVELS,
                           attempts=service.attempts_of(current_user.id),
                           assignments=service.assignments_for(current_user.id))


@bp.post("/cases/<kind>/start")
@trainee
def start(kind: str):
    """A new case of `kind` at the chosen level, or the case assigned to the trainee's cohort (`assignment`)."""
    if kind not in {known.slug for known in all_kinds()}:
        abort(404, "Ce type de cas n’existe pas.")
    if request.form.get("assignment"):
        assignment = service.assignment_for(current_user.id, _int(request.form["assignment"]))
        if assignment is None or assignment.kind != kind:
            abort(404, "Ce cas ne vous a pas été assigné.")
        attempt = service.start_assigned(current_user.id, assignment)
    else:
        try:
            attempt = service.start_attempt(current_user.id, kind, request.form.get("level", "standard"))
        except ValueError as exc:
            abort(400, str(exc))
    db.session.commit()
    return redirect(url_for("simulator.attempt", case_attempt_id=attempt.id), code=HTTPStatus.SEE_OTHER)


def _int(text: str) -> int:
    try:
        return int(text)
    except ValueError:
        abort(400, "Numéro invalide.")


def _own_attempt(case_attempt_id: int) -> CaseAttempt:
    """The current user's attempt. A trainer who may see it is sent to the trainer's view to read it, and refused
    (403) any change; for anyone else the attempt does not exist (404)."""
    attempt = service.get_attempt(case_attempt_id)
    if attempt is None or not can_see_trainee(current_user, attempt.user_id):
        abort(404, "Ce cas n’existe pas ou ne vous appartient pas.")
    if attempt.user_id != current_user.id:
        if request.method != "GET":
            abort(403, "Seul l’apprenant peut modifier ses réponses.")
        abort(redirect(url_for("simulator.review", case_attempt_id=attempt.id), code=HTTPStatus.SEE_OTHER))
    return attempt


@bp.get("/cases/attempts/<int:case_attempt_id>")
@trainee
def attempt(case_attempt_id: int):
    found = _own_attempt(case_attempt_id)
    return _attempt_page(found, "simulator/attempt.html")


@bp.post("/cases/attempts/<int:case_attempt_id>/save")
@trainee
def save(case_attempt_id: int):
    found = _own_attempt(case_attempt_id)
    fields = service.kind_of(found).form_fields(found.snapshot)
    submission = service.submission_from_form(fields, request.form)
    if submission is None:
        abort(400, "Aucune réponse reçue\u00a0: enregistrez depuis le formulaire du cas.")
    try:
        saved = service.save_draft(found, submission, _revision())
    except service.AttemptConflict as exc:
        db.session.rollback()
        return _conflict(found, submission, str(exc))
    db.session.commit()
    status = HTTPStatus.BAD_REQUEST if saved.errors else HTTPStatus.OK
    if _wants_json():
        return jsonify(revision=saved.revision, errors=saved.errors,
                       saved_at=found.updated_at.isoformat() + "Z"), status
    if saved.errors:
        return _attempt_page(found, "simulator/attempt.html", errors=saved.errors, status=status)
    flash("Brouillon enregistré.", "success")
    return redirect(url_for("simulator.attempt", case_attempt_id=found.id, _anchor=_resume_at()),
                    code=HTTPStatus.SEE_OTHER)


@bp.post("/cases/attempts/<int:case_attempt_id>/submit")
@trainee
def submit(case_attempt_id: int):
    found = _own_attempt(case_attempt_id)
    fields = service.kind_of(found).form_fields(found.snapshot)
    submission = service.submission_from_form(fields, request.form)
    try:
        saved = service.submit(found, submission, _revision())
    except service.AttemptConflict as exc:
        db.session.rollback()
        return _conflict(found, submission or {}, str(exc))
    db.session.commit()
    if saved.errors:
        return _attempt_page(found, "simulator/attempt.html", errors=saved.errors, status=HTTPStatus.BAD_REQUEST,
                             message="Certaines réponses sont illisibles\u00a0: corrigez-les avant de remettre le "
                                     "cas. Vos réponses ont été enregistrées.")
    flash("Cas remis et corrigé\u00a0: voici votre correction.", "success")
    return redirect(url_for("simulator.attempt", case_attempt_id=found.id, _anchor="correction"),
                    code=HTTPStatus.SEE_OTHER)


def _revision() -> int | None:
    text = request.form.get("revision", "")
    return int(text) if text.isdigit() else None


def _resume_at() -> str | None:
    """The element id a form button posts as `resume_at`, for the saved page to come back there rather than at
    its top (the phone call's « Répondre » without JavaScript: the debtor's next line); None if there is none."""
    anchor = request.form.get("resume_at", "")
    return anchor if ELEMENT_ID.fullmatch(anchor) else None


def _wants_json() -> bool:
    return request.accept_mimetypes.best == "application/json"


def _conflict(attempt: CaseAttempt, submission: dict[str, Any], message: str):
    """409: the attempt was submitted or saved elsewhere meanwhile; what was typed is shown again, not lost."""
    attempt = service.get_attempt(attempt.id)
    if _wants_json():
        return jsonify(error=message, status=409, revision=attempt.revision), HTTPStatus.CONFLICT
    if not attempt.is_draft:
        flash(message, "info")
        return redirect(url_for("simulator.attempt", case_attempt_id=attempt.id), code=HTTPStatus.SEE_OTHER)
    return _attempt_page(attempt, "simulator/attempt.html", values=submission, message=message,
                         status=HTTPStatus.CONFLICT)


@bp.get("/cases/attempts/<int:case_attempt_id>/grille.xlsx")
@trainee
def grille(case_attempt_id: int):
    found = service.get_attempt(case_attempt_id)
    if found is None or not can_see_trainee(current_user, found.user_id):
        abort(404, "Ce cas n’existe pas ou ne vous appartient pas.")
    kind = service.kind_of(found)
    content = case_workbook(kind.public_case(found.snapshot), kind.form_fields(found.snapshot),
                            found.submission or {})
    filename = f"grille-{found.kind}-{found.seed}.xlsx"
    return Response(content, mimetype=XLSX, headers={"Content-Disposition": f'attachment; filename="{filename}"'})


# --- trainer pages -------------------------------------------------------------------------------------------

def _cohort_or_404(cohort_id: int) -> Cohort:
    cohort = db.session.get(Cohort, cohort_id)
    if cohort is None:
        abort(404, "Cette session n’existe pas.")
    require_cohort(cohort_id)
    return cohort


@bp.get("/trainer/cohorts/<int:cohort_id>/cases")
@trainer
def cohort_cases(cohort_id: int):
    return _cohort_page(_cohort_or_404(cohort_id))


@bp.post("/trainer/cohorts/<int:cohort_id>/cases/assign")
@trainer
def assign(cohort_id: int):
    cohort = _cohort_or_404(cohort_id)
    values = {key: request.form.get(key, "").strip() for key in ("kind", "level", "seed", "title")}
    errors = _assignment_errors(values)
    if errors:
        return _cohort_page(cohort, errors, values, HTTPStatus.BAD_REQUEST)
    seed = int(values["seed"]) if values["seed"] else None  # none typed: a fresh draw
    assignment = service.assign(cohort_id, values["kind"], values["level"], seed, values["title"], current_user.id)
    db.session.commit()
    flash(f"Cas «\u00a0{assignment.title}\u00a0» assigné à la session (cas n°\u00a0{assignment.seed}).", "success")
    return redirect(url_for("simulator.cohort_cases", cohort_id=cohort_id), code=HTTPStatus.SEE_OTHER)


def _assignment_errors(values: dict[str, str]) -> dict[str, str]:
    errors = {}
    if values["kind"] not in {kind.slug for kind in all_kinds()}:
        errors["kind"] = "Choisissez un type de cas."
    if values["level"] not in LEVELS:
        errors["level"] = "Choisissez un niveau."
    if values["seed"] and not (values["seed"].isdigit() and int(values["seed"]) < SEED_LIMIT):
        errors["seed"] = f"Saisissez un numéro de cas entre 0 et {SEED_LIMIT - 1}, ou laissez vide pour un tirage."
    return errors


def _cohort_page(cohort: Cohort, errors: dict[str, str] | None = None, values: dict[str, str] | None = None,
                 status: int = HTTPStatus.OK):
    """The cohort's assignments and trainees' attempts, with the assignment form (and its errors)."""
    return render_template("simulator/cohort_cases.html", cohort=cohort, kinds=all_kinds(), levels=LEVELS,
                           attempts=service.cohort_attempts(cohort.id),
                           assignments=service.cohort_assignments(cohort.id), errors=errors or {},
                           values=values or {}), status


@bp.get("/trainer/cases/<int:case_attempt_id>")
@trainer
def review(case_attempt_id: int):
    found = service.get_attempt(case_attempt_id)
    if found is None:
        abort(404, "Ce cas n’existe pas.")
    if not can_see_trainee(current_user, found.user_id):
        abort(403)
    cohorts = [cohort for cohort in found.user.cohorts if trains_cohort(current_user, cohort.id)]
    return _attempt_page(found, "simulator/review.html", cohorts=cohorts)


# --- the attempt page ----------------------------------------------------------------------------------------

def _attempt_page(attempt: CaseAttempt, template: str, *, values: dict[str, Any] | None = None,
                  errors: dict[str, str] | None = None, message: str | None = None, status: int = HTTPStatus.OK,
                  **extra: Any):
    """The case (public part), the form with `values` (the saved draft by default) and the errors in them, and
    once submitted the correction and the evolution chart."""
    kind = get_kind(attempt.kind)
    case = kind.public_case(attempt.snapshot)
    fields = kind.form_fields(attempt.snapshot)
    values = attempt.submission if values is None else values
    if errors is None and attempt.is_draft:
        errors = kind.check_submission(attempt.snapshot, values)  # a saved unreadable answer stays pointed out
    context = {
        "attempt": attempt, "kind": kind, "case": case, "identity": identity(case),
        "statements": statements(case), "groups": field_groups(fields),
        "values": values, "errors": errors or {}, "message": message,
        "correction": None, "chart": None, "evolution": {},
    }
    if not attempt.is_draft:
        by_id = {field["id"]: field for field in fields}
        context["correction"] = _correction(attempt.grade or {}, by_id)
        context["chart"] = Markup(evolution_svg(case) or "")
        context["evolution"] = evolution(case)
    return render_template(template, thousands=thousands, series=SERIES, answer_text=answer_text, **context,
                           **extra), status


def _correction(grade: dict[str, Any], fields: dict[str, dict[str, Any]]) -> list[dict[str, Any]]:
    """The graded items grouped as the form is, each with its given and expected answers written out."""
    groups: dict[str, dict[str, Any]] = {}
    for item in grade.get("items", []):
        field = fields.get(item["id"])
        title = (field or {}).get("group") or "Autres éléments"
        group = groups.setdefault(title, {"title": title, "items": [], "awarded": 0.0, "max": 0.0})
        group["items"].append({**item, "given_text": answer_text(field, item.get("given")),
                               "expected_text": answer_text(field, item.get("expected"), expected=True)
                               if item.get("max") else None})
        group["awarded"] += item["awarded"]
        group["max"] += item["max"]
    return list(groups.values())

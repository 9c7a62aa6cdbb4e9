"""Certificate pages: the holder's PDF, the public verification page, the admins' list with revocation."""

from __future__ import annotations

import os

from flask import Blueprint, Response, abort, current_app, flash, redirect, render_template, request, url_for
from flask_login import current_user
from sqlalchemy import select

from accounts.access import admin, can_see_trainee, public, trainee
from core.extensions import db
from core.navigation import nav_entry
from quizzes.attempts import clock
from quizzes.certificates import display_code, find_by_code, normalise_code, render_pdf, revoke
from quizzes.models import Certificate

bp = Blueprint("certificates", __name__)

nav_entry(("admin",), "Certificats", "certificates.admin_list", order=85)


def verification_url(code: str) -> str:
    """Absolute address of the verification page: `PUBLIC_URL` when configured, else this request's host."""
    base = (current_app.config.get("PUBLIC_URL") or os.environ.get("PUBLIC_URL") or request.url_root).rstrip("/")
    return base + url_for("certificates.verify", code=code)


@bp.get("/certificates/<int:certificate_id>.pdf")
@trainee
def pdf(certificate_id: int):
    certificate = db.session.get(Certificate, certificate_id)
    if certificate is None or not can_see_trainee(current_user, certificate.user_id):
        abort(404)
    body = render_pdf(certificate, verification_url(certificate.code))
    return Response(body, mimetype="application/pdf", headers={
        "Content-Disposition": f'inline; filename="certificat-encours-{certificate.code}.pdf"'})


@bp.get("/certificates/verify")
@public
def verify_form():
    code = request.args.get("code", "")
    if normalise_code(code):
        return redirect(url_for("certificates.verify", code=normalise_code(code)))
    return render_template("quizzes/verify.html", certificate=None, code=None)


@bp.get("/certificates/verify/<code>")
@public
def verify(code: str):
    certificate = find_by_code(code)
    return render_template("quizzes/verify.html", certificate=certificate, code=display_code(normalise_code(code))), (
        200 if certificate else 404)


@bp.get("/admin/certificates")
@admin
def admin_list():
    certificates = db.session.scalars(select(Certificate).order_by(Certificate.issued_at.desc())).all()
    return render_template("quizzes/admin_certificates.html", certificates=certificates)


@bp.post("/admin/certificates/<int:certificate_id>/revoke")
@admin
def revoke_certificate(certificate_id: int):
    certificate = db.get_or_404(Certificate, certificate_id)
    try:
        revoke(certificate, request.form.get("reason", ""), current_user.id, clock())
    except ValueError as exc:
        flash(str(exc), "error")
        return redirect(url_for("certificates.admin_list"), code=303)
    db.session.commit()
    flash(f"Certificat {display_code(certificate.code)} révoqué.", "success")
    return redirect(url_for("certificates.admin_list"), code=303)

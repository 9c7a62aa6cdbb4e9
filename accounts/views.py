"""Login, logout and password change."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_login import current_user, login_user, logout_user

from accounts import throttle
from accounts.access import public, trainee
from accounts.forms import LoginForm, PasswordChangeForm
from accounts.models import User
from accounts.operations import find_user
from core.database import begin_read, begin_write
from core.extensions import db, login_manager

bp = Blueprint("accounts", __name__)


@login_manager.user_loader
def load_user(user_id: str) -> User | None:
    return db.session.get(User, int(user_id)) if user_id.isdigit() else None


def safe_next(target: str | None) -> str | None:
    """Only a path on this site (no scheme, no host, no '//'), so login cannot redirect elsewhere."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or not target.startswith("/") or target.startswith("//"):
        return None
    return target


@bp.route("/login", methods=["GET", "POST"])
@public
def login():
    if current_user.is_authenticated:
        return redirect(url_for("home.index"))
    form = LoginForm()
    status = 200
    if form.validate_on_submit():
        begin_read(db.session())  # many candidates log in at once: the password is checked without the write lock
        email = User.normalise_email(form.email.data)
        wait = throttle.wait_seconds(email)
        if wait:
            form.form_errors.append(
                f"Trop de tentatives de connexion échouées. Réessayez dans {wait} seconde{'s' if wait > 1 else ''}."
            )
            status = 429
        else:
            user = find_user(email)
            verified = user is not None and user.active and user.check_password(form.password.data)
            begin_write(db.session())
            if verified:
                user.upgrade_password_hash(form.password.data)
                throttle.clear(email)
                db.session.commit()
                login_user(user, remember=form.remember.data)
                return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
            throttle.record_failure(email)
            db.session.commit()
            form.form_errors.append("Adresse e-mail ou mot de passe incorrect (ou compte désactivé).")
            status = 401
    elif form.is_submitted():
        status = 400
    return render_template("accounts/login.html", form=form), status


@bp.route("/logout", methods=["POST"])
@trainee
def logout():
    logout_user()
    flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("accounts.login"))


@bp.route("/account/password", methods=["GET", "POST"])
@trainee
def change_password():
    form = PasswordChangeForm()
    if form.validate_on_submit():
        if not current_user.check_password(form.current.data):
            form.current.errors.append("Mot de passe actuel incorrect.")
        else:
            current_user.set_password(form.new.data)
            current_user.must_change_password = False
            db.session.commit()
            flash("Votre mot de passe a été modifié.", "success")
            return redirect(safe_next(request.args.get("next")) or url_for("home.index"))
    return render_template("accounts/password.html", form=form), 400 if form.errors else 200

"""Creating users and cohorts and enrolling trainees: shared by the admin pages, the CLI and the demo set-up."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import func, select

from accounts.models import Cohort, Enrolment, Role, User
from core.extensions import db


class AccountError(ValueError):
    """A request that cannot be carried out, with a French message for the user."""


def find_user(email: str) -> User | None:
    return db.session.scalar(select(User).where(func.lower(User.email) == User.normalise_email(email)))


def find_cohort(name: str) -> Cohort | None:
    return db.session.scalar(select(Cohort).where(func.lower(Cohort.name) == name.strip().lower()))


def create_user(email: str, password: str, role: str, name: str | None = None,
                must_change_password: bool = False) -> User:
    email = User.normalise_email(email)
    if "@" not in email:
        raise AccountError(f"Adresse e-mail invalide : {email!r}")
    if role not in {r.value for r in Role}:
        raise AccountError(f"Rôle inconnu : {role!r} (trainee, trainer ou admin)")
    if len(password) < 8:
        raise AccountError("Mot de passe trop court (8 caractères au moins).")
    if find_user(email) is not None:
        raise AccountError(f"Un compte existe déjà pour {email}")
    user = User(email=email, name=name or email.split("@")[0], role=role, must_change_password=must_change_password)
    user.set_password(password)
    db.session.add(user)
    db.session.flush()
    return user


def create_cohort(name: str, starts_on: dt.date | None = None, ends_on: dt.date | None = None,
                  trainers: list[User] = ()) -> Cohort:
    name = name.strip()
    if not name:
        raise AccountError("Nom de session vide.")
    if find_cohort(name) is not None:
        raise AccountError(f"Une session s'appelle déjà « {name} »")
    if starts_on and ends_on and ends_on < starts_on:
        raise AccountError("La fin de la session précède son début.")
    cohort = Cohort(name=name, starts_on=starts_on, ends_on=ends_on)
    cohort.trainers = list(trainers)
    db.session.add(cohort)
    db.session.flush()
    return cohort


def enrol(cohort: Cohort, user: User) -> bool:
    """Enrol a trainee; False when already enrolled (never doubled)."""
    if user.role != Role.TRAINEE.value:
        raise AccountError(f"{user.email} n'est pas un compte apprenant.")
    if db.session.get(Enrolment, (cohort.id, user.id)) is not None:
        return False
    db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id))
    db.session.flush()
    return True


def add_to_cohort(cohort: Cohort, user: User) -> None:
    """Trainees are enrolled, trainers and admins become the cohort's trainers."""
    if user.role == Role.TRAINEE.value:
        enrol(cohort, user)
    elif user not in cohort.trainers:
        cohort.trainers.append(user)

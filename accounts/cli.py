"""`flask --app app users create ...` and `flask --app app cohorts create ...` (CONTRACT)."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup

from accounts.operations import AccountError, add_to_cohort, create_cohort, create_user, find_cohort, find_user
from core.extensions import db

users_cli = AppGroup("users", help="Gestion des comptes.")
cohorts_cli = AppGroup("cohorts", help="Gestion des sessions de formation.")


def _date(value: str | None) -> dt.date | None:
    if not value:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError as exc:
        raise click.BadParameter(f"date attendue au format AAAA-MM-JJ, reçu {value!r}") from exc


@users_cli.command("create")
@click.option("--email", required=True)
@click.option("--password", required=True)
@click.option("--role", required=True, type=click.Choice(["trainee", "trainer", "admin"]))
@click.option("--name", default=None)
@click.option("--cohort", default=None, help="Session à laquelle rattacher le compte (créée si besoin).")
def create_user_command(email, password, role, name, cohort):
    """Create a user (and the cohort if missing)."""
    try:
        user = create_user(email, password, role, name)
        if cohort:
            target = find_cohort(cohort) or create_cohort(cohort)
            add_to_cohort(target, user)
        db.session.commit()
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Compte créé : {user.email} ({user.role})" + (f", session « {cohort} »" if cohort else ""))


@cohorts_cli.command("create")
@click.argument("name")
@click.option("--trainer", "trainer_email", default=None, help="E-mail du formateur.")
@click.option("--starts", default=None, help="AAAA-MM-JJ")
@click.option("--ends", default=None, help="AAAA-MM-JJ")
def create_cohort_command(name, trainer_email, starts, ends):
    """Create a cohort."""
    trainers = []
    if trainer_email:
        trainer = find_user(trainer_email)
        if trainer is None or not trainer.is_trainer:
            raise click.ClickException(f"Aucun formateur avec l'adresse {trainer_email}")
        trainers.append(trainer)
    try:
        cohort = create_cohort(name, _date(starts), _date(ends), trainers)
        db.session.commit()
    except AccountError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from exc
    click.echo(f"Session créée : {cohort.name}")

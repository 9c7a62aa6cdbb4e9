"""`flask --app app demo ensure`: demo accounts for `make run`, created only when the database has no user."""

from __future__ import annotations

import datetime as dt

import click
from flask.cli import AppGroup
from sqlalchemy import func, select

from accounts.models import User
from accounts.operations import add_to_cohort, create_cohort, create_user
from core.extensions import db

demo_cli = AppGroup("demo", help="Comptes de démonstration.")

DEMO_COHORT = "Session de démonstration"
DEMO_USERS = [
    ("admin@encours.test", "admin-encours", "admin", "Alice Administratrice"),
    ("formateur@encours.test", "formateur-encours", "trainer", "Fabien Formateur"),
    ("apprenant@encours.test", "apprenant-encours", "trainee", "Amélie Apprenante"),
    ("candidat@encours.test", "candidat-encours", "trainee", "Claude Candidat"),
]


def ensure_demo_users(today: dt.date | None = None) -> list[tuple[str, str, str]]:
    """Create the demo users and cohort when there is no user at all; return the logins created."""
    if db.session.scalar(select(func.count()).select_from(User)):
        return []
    today = today or dt.date.today()
    cohort = create_cohort(DEMO_COHORT, today - dt.timedelta(days=7), today + dt.timedelta(days=60))
    created = []
    for email, password, role, name in DEMO_USERS:
        user = create_user(email, password, role, name)
        if role != "admin":
            add_to_cohort(cohort, user)
        created.append((email, password, role))
    db.session.commit()
    return created


@demo_cli.command("ensure")
def ensure_command():
    """Create demo users if the database has none, and print their logins."""
    created = ensure_demo_users()
    if not created:
        click.echo("Des comptes existent déjà : aucun compte de démonstration créé.")
        return
    click.echo("Comptes de démonstration (à changer avant toute mise en production) :")
    for email, password, role in created:
        click.echo(f"  {role:<8} {email:<26} mot de passe : {password}")

"""`flask --app app content sync`: load courseware, question banks and exam definitions from the repository.

Each area registers a loader with `@content_loader("name")`; a loader is idempotent and returns a short
French summary of what it loaded. The command runs them in registration order, in one transaction each.
"""

from __future__ import annotations

from typing import Callable

import click
from flask.cli import AppGroup

from core.extensions import db

content_cli = AppGroup("content", help="Chargement des contenus (cours, banques de questions, examens).")
_loaders: list[tuple[str, Callable[[], str]]] = []


def content_loader(name: str):
    def register(func: Callable[[], str]):
        _loaders.append((name, func))
        return func

    return register


def sync_all(echo: Callable[[str], None] = print) -> list[str]:
    summaries = []
    for name, loader in _loaders:
        try:
            summary = loader()
            db.session.commit()
        except Exception:
            db.session.rollback()
            raise
        summaries.append(f"{name} : {summary}")
        echo(summaries[-1])
    if not _loaders:
        echo("Aucun contenu à charger : aucun module de contenu n'est installé.")
    return summaries


@content_cli.command("sync")
def sync_command():
    """Load or update all content; idempotent."""
    try:
        sync_all(click.echo)
    except ValueError as exc:
        raise click.ClickException(str(exc)) from exc

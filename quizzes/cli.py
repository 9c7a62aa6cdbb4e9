"""`flask --app app quizzes ...`: import and export the question bank, close overdue attempts (cron)."""

from __future__ import annotations

import json
from pathlib import Path

import click
from flask.cli import AppGroup

from core.database import begin_write
from core.extensions import db
from quizzes.attempts import clock, close_overdue
from quizzes.bank import export_text, import_text
from quizzes.formats import EXPORT_FORMATS, IMPORT_FORMATS

quizzes_cli = AppGroup("quizzes", help="Banque de questions et tentatives d'examen.")


@quizzes_cli.command("import")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--format", "fmt", required=True, type=click.Choice(IMPORT_FORMATS))
@click.option("--category", default=None, help="Catégorie des questions dont le fichier n'en donne pas.")
def import_command(file: Path, fmt: str, category: str | None):
    """Import a GIFT, Aiken or Moodle XML file; prints the JSON summary."""
    begin_write(db.session())
    summary = import_text(file.read_bytes(), fmt, category, source=f"import:{file.name}")
    db.session.commit()
    click.echo(json.dumps(summary, ensure_ascii=False))


@quizzes_cli.command("export")
@click.option("--format", "fmt", required=True, type=click.Choice(EXPORT_FORMATS))
@click.option("--category", default=None, help="Seulement cette catégorie et ses sous-catégories.")
@click.option("--out", "out", required=True, type=click.Path(dir_okay=False, path_type=Path))
def export_command(fmt: str, category: str | None, out: Path):
    """Export the active questions to a file."""
    text, count = export_text(fmt, category)
    out.write_text(text, encoding="utf-8")
    click.echo(f"{count} question(s) exportée(s) dans {out}", err=True)


@quizzes_cli.command("close-overdue")
def close_overdue_command():
    """Grade every open attempt past its deadline with its saved answers (run it from cron every minute)."""
    begin_write(db.session())
    closed = close_overdue(clock())
    click.echo(f"{closed} tentative(s) échue(s) clôturée(s) et notée(s).")

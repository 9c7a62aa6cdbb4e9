"""`flask --app app cases ...`: list the exercise kinds, generate, solve and grade cases (CONTRACT, "Cases").

Every command prints JSON only on stdout; bad input ends with a one-line error on stderr and a non-zero exit.
"""

from __future__ import annotations

import json
from typing import IO, Any

import click
from flask.cli import AppGroup

from simulator.registry import LEVELS, ExerciseKind, all_kinds, get_kind


class _OneLineErrors(click.Command):
    """Report bad arguments as a single `Error: ...` line instead of the usage block."""

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        try:
            return super().parse_args(ctx, args)
        except click.UsageError as exc:
            raise click.ClickException(exc.format_message().replace("\n", " ")) from exc


cases_cli = AppGroup("cases", help="Cas simulés : types d’exercices, génération, corrigé et notation (JSON).")


def _print(data: Any) -> None:
    click.echo(json.dumps(data, ensure_ascii=False, indent=2))


def _kind(slug: str) -> ExerciseKind:
    try:
        return get_kind(slug)
    except KeyError as exc:
        raise click.ClickException(exc.args[0]) from exc


def _read_json(handle: IO[str], what: str) -> Any:
    try:
        return json.load(handle)
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise click.ClickException(f"{what} : JSON illisible ({exc}).".replace("\n", " ")) from exc


def _case(kind: ExerciseKind, seed: int | None, level: str, accounts: IO[str] | None) -> dict[str, Any]:
    """The case for --seed, or built on the accounts of --accounts (financial analysis)."""
    if accounts is not None:
        if seed is not None:
            raise click.ClickException("Indiquez --seed ou --accounts, pas les deux.")
        build = getattr(kind, "case_from_accounts", None)
        if build is None:
            raise click.ClickException(f"--accounts n’est pas possible pour le type {kind.slug}.")
        try:
            from simulator.accounts_import import load_accounts
        except ImportError as exc:
            raise click.ClickException("L’import de comptes (accounts_import) n’est pas disponible.") from exc
        try:
            return build(load_accounts(_read_json(accounts, "Comptes")), level)
        except ValueError as exc:
            raise click.ClickException(str(exc).replace("\n", " ")) from exc
    if seed is None:
        raise click.ClickException("Option --seed N requise (ou --accounts FICHIER pour financial-analysis).")
    return kind.generate(seed, level)


def _case_options(command):
    command = click.option("--accounts", type=click.File("r", encoding="utf-8"), default=None,
                           help="Comptes JSON (format Encours ou bilans saisis INPI) au lieu de --seed.")(command)
    command = click.option("--level", type=click.Choice(LEVELS), default="standard", show_default=True,
                           help="Niveau de difficulté.")(command)
    command = click.option("--seed", type=int, default=None, help="Graine du cas (même graine, même cas).")(command)
    return click.argument("kind_slug", metavar="KIND")(command)


@cases_cli.command("kinds", cls=_OneLineErrors)
def kinds_command() -> None:
    """List the exercise kinds."""
    _print([{"slug": kind.slug, "title": kind.title, "module": kind.module} for kind in all_kinds()])


@cases_cli.command("generate", cls=_OneLineErrors)
@_case_options
def generate_command(kind_slug: str, seed: int | None, level: str, accounts: IO[str] | None) -> None:
    """Print the case as the trainee receives it (no answers)."""
    kind = _kind(kind_slug)
    _print(kind.public_case(_case(kind, seed, level, accounts)))


@cases_cli.command("solve", cls=_OneLineErrors)
@_case_options
def solve_command(kind_slug: str, seed: int | None, level: str, accounts: IO[str] | None) -> None:
    """Print the model answer, in the shape of a submission."""
    kind = _kind(kind_slug)
    _print(kind.solve(_case(kind, seed, level, accounts)))


@cases_cli.command("grade", cls=_OneLineErrors)
@_case_options
@click.option("--submission", type=click.File("r", encoding="utf-8"), required=True,
              help="Réponses JSON à noter (- pour l’entrée standard).")
def grade_command(kind_slug: str, seed: int | None, level: str, accounts: IO[str] | None, submission: IO[str]) -> None:
    """Grade a submission: score, maximum and per-item feedback."""
    kind = _kind(kind_slug)
    case = _case(kind, seed, level, accounts)
    answers = _read_json(submission, "Réponses")
    _print(kind.grade(case, answers).to_dict())

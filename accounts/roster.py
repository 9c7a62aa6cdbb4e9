"""Importing a cohort's trainees from the CSV or XLSX list trainers receive.

All or nothing: every bad row is reported with its line and reason, and if there is one, nothing is
imported. Rows that repeat another row, or a trainee already enrolled, are reported and not doubled.
"""

from __future__ import annotations

import csv
import io
import secrets
import unicodedata
from dataclasses import dataclass, field

from email_validator import EmailNotValidError, validate_email
from sqlalchemy import func, select

from accounts.models import Cohort, Enrolment, Role, User
from core.extensions import db

HEADER_ALIASES = {
    "email": "email", "e-mail": "email", "mail": "email", "courriel": "email", "adresse e-mail": "email",
    "adresse email": "email", "adresse mail": "email",
    "nom": "last_name", "nom de famille": "last_name", "last name": "last_name",
    "prenom": "first_name", "first name": "first_name",
    "nom complet": "full_name", "nom et prenom": "full_name", "prenom et nom": "full_name", "name": "full_name",
}


class RosterFileError(ValueError):
    """The file as a whole cannot be read (format, encoding, missing columns)."""


@dataclass
class RosterRow:
    line: int
    email: str
    name: str


@dataclass
class RosterReport:
    errors: list[tuple[int, str]] = field(default_factory=list)
    duplicates: list[tuple[int, str]] = field(default_factory=list)
    created: list[tuple[str, str, str]] = field(default_factory=list)  # email, name, temporary password
    enrolled: list[str] = field(default_factory=list)  # existing accounts newly enrolled

    @property
    def ok(self) -> bool:
        return not self.errors


def _normalise_header(text: str) -> str:
    text = unicodedata.normalize("NFKD", str(text or "")).encode("ascii", "ignore").decode()
    return " ".join(text.strip().lower().replace("_", " ").split())


def read_table(filename: str, data: bytes) -> list[tuple[int, dict[str, str]]]:
    """Rows of a CSV (comma or semicolon, UTF-8 or Windows-1252) or XLSX file as (line, {column: value})."""
    if filename.lower().endswith(".xlsx"):
        rows = _xlsx_rows(data)
    else:
        rows = _csv_rows(data)
    if not rows:
        raise RosterFileError("Le fichier est vide.")
    header = [HEADER_ALIASES.get(_normalise_header(cell)) for cell in rows[0]]
    if "email" not in header:
        raise RosterFileError("Colonne « email » introuvable sur la première ligne.")
    if "full_name" not in header and "last_name" not in header:
        raise RosterFileError("Colonne « nom » (ou « nom complet ») introuvable sur la première ligne.")
    table = []
    for line, cells in enumerate(rows[1:], start=2):
        values = {key: str(cell or "").strip() for key, cell in zip(header, cells) if key}
        if any(values.values()):
            table.append((line, values))
    return table


def _csv_rows(data: bytes) -> list[list[str]]:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise RosterFileError("Encodage du fichier non reconnu (UTF-8 attendu).")
    if "\x00" in text:
        raise RosterFileError("Ce fichier n'est pas un CSV lisible.")
    first_line = text.splitlines()[0] if text else ""
    delimiter = ";" if first_line.count(";") > first_line.count(",") else ","
    return [row for row in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _xlsx_rows(data: bytes) -> list[list[str]]:
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a damaged file
        raise RosterFileError("Ce fichier Excel est illisible.") from exc
    sheet = workbook.worksheets[0]
    return [["" if cell is None else str(cell) for cell in row] for row in sheet.iter_rows(values_only=True)]


def parse_rows(table: list[tuple[int, dict[str, str]]], report: RosterReport) -> list[RosterRow]:
    rows: list[RosterRow] = []
    seen: dict[str, int] = {}
    for line, values in table:
        raw_email = values.get("email", "")
        name = values.get("full_name") or " ".join(
            part for part in (values.get("first_name", ""), values.get("last_name", "")) if part
        )
        if not raw_email:
            report.errors.append((line, "adresse e-mail manquante"))
            continue
        try:
            email = validate_email(raw_email, check_deliverability=False).normalized.lower()
        except EmailNotValidError:
            report.errors.append((line, f"adresse e-mail invalide : « {raw_email} »"))
            continue
        if not name:
            report.errors.append((line, "nom manquant"))
            continue
        if len(name) > 120:
            report.errors.append((line, "nom trop long (120 caractères au plus)"))
            continue
        if email in seen:
            report.duplicates.append((line, f"{email} figure déjà ligne {seen[email]}"))
            continue
        seen[email] = line
        rows.append(RosterRow(line, email, name))
    return rows


def import_roster(cohort: Cohort, filename: str, data: bytes) -> RosterReport:
    """Validate the whole file, then create and enrol in one transaction, or change nothing."""
    report = RosterReport()
    try:
        table = read_table(filename, data)
    except RosterFileError as exc:
        report.errors.append((0, str(exc)))
        return report
    rows = parse_rows(table, report)
    emails = [row.email for row in rows]
    existing = {
        user.email.lower(): user
        for user in db.session.scalars(select(User).where(func.lower(User.email).in_(emails)))
    } if emails else {}
    enrolled_ids = set(
        db.session.scalars(select(Enrolment.user_id).where(Enrolment.cohort_id == cohort.id))
    )
    to_create: list[RosterRow] = []
    to_enrol: list[User] = []
    for row in rows:
        user = existing.get(row.email)
        if user is None:
            to_create.append(row)
        elif user.role != Role.TRAINEE.value:
            report.errors.append((row.line, f"{row.email} est un compte {user.role_enum.label.lower()}, pas apprenant"))
        elif user.id in enrolled_ids:
            report.duplicates.append((row.line, f"{row.email} est déjà inscrit à cette session"))
        else:
            to_enrol.append(user)
    if report.errors:
        return report
    for row in to_create:
        password = secrets.token_urlsafe(9)
        user = User(email=row.email, name=row.name, role=Role.TRAINEE.value, must_change_password=True)
        user.set_password(password)
        db.session.add(user)
        to_enrol.append(user)
        report.created.append((row.email, row.name, password))
    db.session.flush()
    for user in to_enrol:
        db.session.add(Enrolment(cohort_id=cohort.id, user_id=user.id))
        if not any(email == user.email for email, _, _ in report.created):
            report.enrolled.append(user.email)
    db.session.commit()
    return report

"""What the case pages and the XLSX grille show, for any exercise kind: the company's identity card, the answer
form's groups, and answers (given or expected) written the French way. Pure: no Flask, no database."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import datetime as dt

from core.frenchnum import NBSP, format_date, format_number, format_percent
from simulator.grading import format_value

# Decimals shown for an expected figure, by the field's unit; euros show their cents when they have some.
DECIMALS_BY_UNIT = {"€": 0, "%": 1, "jours": 0, "ans": 1, "points": 0, "": 2}
NOT_ANSWERED = "—"
NO_DATE = "aucune"


@dataclass(frozen=True)
class FieldGroup:
    title: str
    fields: list[dict[str, Any]]
    help: str | None  # the help every field of the group shares, shown once


def field_groups(fields: Sequence[Mapping[str, Any]]) -> list[FieldGroup]:
    """`form_fields` grouped by their `group`, in order of first appearance."""
    grouped: dict[str, list[dict[str, Any]]] = {}
    for field in fields:
        grouped.setdefault(field.get("group") or "Réponses", []).append(dict(field))
    groups = []
    for title, members in grouped.items():
        helps = {field.get("help") for field in members}
        shared = (helps.pop() or None) if len(helps) == 1 and len(members) > 1 else None
        groups.append(FieldGroup(title, members, shared))
    return groups


def identity(case: Mapping[str, Any]) -> list[tuple[str, str]]:
    """The company's identity card as (label, value) lines; empty when the case describes no company."""
    company = case.get("company")
    if not isinstance(company, Mapping):
        return []
    lines = [("Dénomination", company.get("name")),
             ("SIREN", _siren(company.get("siren"))),
             ("Forme juridique", company.get("legal_form_name") or company.get("legal_form")),
             ("Activité", _activity(company)),
             ("Siège", _seat(company)),
             ("Création", company.get("founded")),
             ("Capital social", _euros(company.get("capital"))),
             ("Effectif", f"{company['headcount']}{NBSP}salariés" if company.get("headcount") else None),
             ("Dirigeants", ", ".join(f"{m['name']} ({m['title']})" for m in company.get("managers") or [])),
             ("Taux de TVA", format_percent(case["vat_rate"], 0) if case.get("vat_rate") is not None else None)]
    return [(label, str(value)) for label, value in lines if value]


def _siren(siren: Any) -> str | None:
    text = str(siren or "")
    return NBSP.join((text[:3], text[3:6], text[6:])) if len(text) == 9 and text.isdigit() else (text or None)


def _activity(company: Mapping[str, Any]) -> str | None:
    label, naf = company.get("naf_label"), company.get("naf")
    return f"{label} (NAF {naf})" if label and naf else label


def _seat(company: Mapping[str, Any]) -> str | None:
    city, departement = company.get("city"), company.get("departement")
    return f"{city} ({departement})" if city and departement else city


def _euros(value: Any) -> str | None:
    return format_value(float(value), "€") if isinstance(value, (int, float)) else None


def option_label(field: Mapping[str, Any], value: Any) -> str:
    labels = {str(option["value"]): str(option["label"]) for option in field.get("options") or []}
    return labels.get(str(value), str(value))


def answer_text(field: Mapping[str, Any] | None, value: Any, *, expected: bool = False) -> str:
    """An answer as the page shows it. A given answer is shown as typed (choices by their label); an expected
    one is formatted in the field's unit, None meaning n/s for a figure and {"min", "max"} a range of right
    figures, and an expected date (ISO, as graders store it) is written JJ/MM/AAAA, None meaning there is none."""
    kind = (field or {}).get("type", "text")
    if kind in ("number", "percent") and expected:
        unit = "%" if kind == "percent" else field.get("unit", "")
        if isinstance(value, Mapping):  # a range, any figure of which is right: {"min", "max"}
            low, high = (format_value(value[end], unit, _decimals(value[end], unit)) for end in ("min", "max"))
            return low if low == high else f"de {low} à {high}"
        return format_value(value, unit, _decimals(value, unit))
    if kind == "date" and expected:
        return format_date(dt.date.fromisoformat(value)) if value else NO_DATE
    if value is None or value == "" or value == []:
        return NOT_ANSWERED
    if kind == "multi":
        ticks = value if isinstance(value, list) else [value]
        if field.get("ordered"):  # a sequence, e.g. the replies of a phone call in the order said
            return " → ".join(f"«{NBSP}{option_label(field, tick)}{NBSP}»" for tick in ticks)
        return " ; ".join(option_label(field, tick) for tick in ticks).replace(" ;", f"{NBSP};")
    if kind == "choice":
        return option_label(field, value)
    if isinstance(value, float):
        return format_number(value, 2)
    return str(value)


def _decimals(value: float | None, unit: str) -> int:
    """The decimals an expected figure is shown with: its unit's, and the cents of an amount that has some."""
    if unit == "€" and value is not None and round(value, 2) != round(value):
        return 2
    return DECIMALS_BY_UNIT.get(unit, 2)

"""The bilan (actif, passif) and the compte de résultat of a case laid out as the French forms 2050 to 2053.

Used by the case pages and the XLSX grille, so both show the same lines in the same order. The latest year
comes first, as on the forms (N, N-1, N-2). Detail lines that are zero in every year are left out (the forms
print them empty); totals are always shown. Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Literal

from simulator.liasse import BILAN_ACTIF, BILAN_PASSIF, COMPTE_RESULTAT, Row

LineKind = Literal["heading", "line", "total", "detail"]
EXPORT_CODES = ("FJ", "FK")  # chiffre d'affaires net: France, export


@dataclass(frozen=True)
class Line:
    kind: LineKind  # heading: a section title; detail: a "dont" sub-line
    label: str
    code: str  # liasse code(s) as printed next to the label, e.g. "BX / BY"
    values: tuple[int | None, ...]  # one per column; None is an empty cell (amort. of a line without one)


@dataclass(frozen=True)
class Statement:
    slug: str  # "actif", "passif", "resultat"
    title: str
    years: tuple[str, ...]  # latest first
    subcolumns: tuple[str, ...]  # per year: ("Brut", "Amort.", "Net") or ("Montant",)
    lines: tuple[Line, ...]

    @property
    def columns(self) -> list[str]:
        """Flat column titles, e.g. `Net 2025` (one title per year when there is one sub-column)."""
        if len(self.subcolumns) == 1:
            return list(self.years)
        return [f"{sub} {year}" for year in self.years for sub in self.subcolumns]


def has_statements(case: Mapping[str, Any]) -> bool:
    """Whether the case carries liasse accounts by year (financial analysis, credit limit...)."""
    accounts, years = case.get("accounts"), case.get("years")
    return isinstance(accounts, Mapping) and bool(years) and all(str(y) in accounts for y in years)


def statements(case: Mapping[str, Any]) -> list[Statement]:
    """Bilan actif, bilan passif and compte de résultat of the case; empty when it has no accounts."""
    if not has_statements(case):
        return []
    years = tuple(str(year) for year in reversed(case["years"]))
    accounts = [case["accounts"][year] for year in years]
    return [
        Statement("actif", "Bilan actif", years, ("Brut", "Amort.", "Net"),
                  tuple(_lines(BILAN_ACTIF, accounts, actif=True))),
        Statement("passif", "Bilan passif", years, ("Montant",),
                  tuple(_lines(BILAN_PASSIF, accounts))),
        Statement("resultat", "Compte de résultat", years, ("Montant",),
                  tuple(_lines(COMPTE_RESULTAT, accounts))),
    ]


def _amount(acc: Mapping[str, Any], code: str) -> int:
    return int(acc.get(code) or 0)


def _actif_values(row: Row, accounts: Sequence[Mapping[str, Any]]) -> tuple[int | None, ...]:
    values: list[int | None] = []
    for acc in accounts:
        brut = _amount(acc, row.codes[0])
        amort = _amount(acc, row.codes[1]) if len(row.codes) > 1 else None
        values += [brut, amort, brut - (amort or 0)]
    return tuple(values)


def _single_values(row: Row, accounts: Sequence[Mapping[str, Any]]) -> tuple[int | None, ...]:
    return tuple(_amount(acc, row.codes[-1]) for acc in accounts)  # turnover lines: the Total column


def _lines(layout: Sequence[Row], accounts: Sequence[Mapping[str, Any]], actif: bool = False) -> list[Line]:
    """The visible lines of a form, with a heading where a section starts; on the compte de résultat the
    chiffre d'affaires is split into France and export when the company exports."""
    values_of = _actif_values if actif else _single_values
    lines: list[Line] = []
    section = None
    exports = any(_amount(acc, "FK") for acc in accounts)
    for row in layout:
        values = values_of(row, accounts)
        if not row.is_total and not any(values):
            continue
        if row.section != section and not row.is_total and row.label != row.section:
            lines.append(Line("heading", row.section, "", ()))
        section = row.section
        code = " / ".join(row.codes) if actif else row.codes[-1]
        lines.append(Line("total" if row.is_total else "line", row.label, code, values))
        if exports and row.codes[-1] == "FL":
            lines += [Line("detail", f"dont {label}", code, tuple(_amount(acc, code) for acc in accounts))
                      for label, code in zip(("France", "exportations et livraisons intracommunautaires"),
                                             EXPORT_CODES)]
    return lines

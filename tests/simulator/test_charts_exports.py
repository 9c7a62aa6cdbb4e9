"""What the case pages show besides the form: the liasse laid out as the French forms, the evolution chart
and the XLSX grille d'analyse (built from the public case only)."""

from __future__ import annotations

import io
import re

import openpyxl
import pytest

from core.frenchnum import NBSP
from simulator import finance
from simulator.charts import SERIES, evolution, evolution_svg, thousands
from simulator.exports import AMOUNT_FORMAT, case_workbook
from simulator.liasse import BILAN_ACTIF, BILAN_PASSIF, COMPTE_RESULTAT
from simulator.presentation import answer_text, field_groups, identity
from simulator.registry import get_kind
from simulator.statements import statements

KIND = get_kind("financial-analysis")


@pytest.fixture(scope="module")
def case() -> dict:
    return KIND.generate(2024, "difficile")


def _by_label(statement, label: str):
    return next(line for line in statement.lines if line.label == label)


# --- the forms --------------------------------------------------------------------------------------------

def test_the_statements_follow_the_forms_latest_year_first(case):
    actif, passif, resultat = statements(case)
    assert [s.title for s in (actif, passif, resultat)] == ["Bilan actif", "Bilan passif", "Compte de résultat"]
    assert actif.years == tuple(str(y) for y in reversed(case["years"]))
    assert actif.columns[:3] == [f"Brut {actif.years[0]}", f"Amort. {actif.years[0]}", f"Net {actif.years[0]}"]
    for statement, layout in ((actif, BILAN_ACTIF), (passif, BILAN_PASSIF), (resultat, COMPTE_RESULTAT)):
        order = [row.label for row in layout]
        shown = [line.label for line in statement.lines if line.kind in ("line", "total")]
        assert shown == [label for label in order if label in shown]  # the forms' order, nothing invented


def test_amounts_are_the_case_accounts_with_net_equal_to_brut_less_amortisation(case):
    actif, passif, resultat = statements(case)
    latest, oldest = case["accounts"][actif.years[0]], case["accounts"][actif.years[-1]]
    clients = _by_label(actif, "Clients et comptes rattachés")
    assert clients.code == "BX / BY"
    assert clients.values[:3] == (latest["BX"], latest["BY"], latest["BX"] - latest["BY"])
    assert clients.values[-3:] == (oldest["BX"], oldest["BY"], oldest["BX"] - oldest["BY"])
    total = _by_label(actif, "Total général")
    assert total.kind == "total" and total.values[2] == latest["CO"] - latest["1A"] == latest["EE"]
    assert _by_label(passif, "Total capitaux propres").values[0] == latest["DL"]
    assert _by_label(resultat, "Bénéfice ou perte").values == tuple(
        case["accounts"][year]["HN"] for year in resultat.years)


def test_empty_detail_lines_are_left_out_but_totals_stay():
    accounts = dict.fromkeys(("2024", "2025"), {"FA": 1000, "FC": 1000, "FJ": 1000, "FL": 1000})
    _, passif, resultat = statements({"years": [2024, 2025], "accounts": accounts})
    assert [line.label for line in resultat.lines if line.kind == "line"] == ["Ventes de marchandises"]
    assert _by_label(passif, "Total autres fonds propres").values == (0, 0)
    assert not any(line.kind == "detail" for line in resultat.lines)  # no export: no France/export split


def test_the_turnover_is_split_between_france_and_export_when_the_company_exports():
    accounts = {"2025": {"FA": 800, "FB": 200, "FC": 1000, "FJ": 800, "FK": 200, "FL": 1000}}
    *_, resultat = statements({"years": [2025], "accounts": accounts})
    labels = [line.label for line in resultat.lines]
    at = labels.index("Chiffre d’affaires net")
    assert [(line.kind, line.code, line.values) for line in resultat.lines[at + 1:at + 3]] == [
        ("detail", "FJ", (800,)), ("detail", "FK", (200,))]


def test_a_case_without_accounts_has_no_statements_and_no_chart():
    assert statements({"narrative": "Un appel"}) == []
    assert evolution({"years": [2025], "accounts": {}}) == {}
    assert evolution_svg({"narrative": "Un appel"}) is None


# --- chart ------------------------------------------------------------------------------------------------

def test_the_chart_figures_come_from_simulator_finance(case):
    figures = evolution(case)
    assert list(figures) == [str(y) for y in case["years"]]
    for year, values in figures.items():
        acc = case["accounts"][year]
        assert values == {"ca": acc["FL"], "ebe": finance.sig(acc)["ebe"], "caf": finance.caf(acc),
                          "bfr": finance.aggregates(acc)["bfr"],
                          "tresorerie_nette": finance.aggregates(acc)["tresorerie_nette"]}


def test_the_chart_is_an_inline_svg_with_french_labels_and_euro_ticks(case):
    svg = evolution_svg(case)
    assert svg.startswith('<svg role="img" aria-label="Évolution sur trois exercices"')
    assert "<?xml" not in svg and "pyplot" not in svg
    texts = re.findall(r"<!-- (.*?) -->", svg)  # matplotlib names every text it draws
    for _key, label in SERIES[1:]:
        assert label in texts  # the legend
    ca_latest = case["accounts"][str(case["years"][-1])]["FL"]
    assert thousands(ca_latest) in texts  # the turnover bars carry their amount
    assert "Chiffre d’affaires (k€)" in texts
    assert any(re.fullmatch(rf"-?\d{{1,3}}({NBSP}\d{{3}})+", text) for text in texts)  # French axis ticks


def test_thousands_are_written_the_french_way():
    assert thousands(1_234_567) == f"1{NBSP}235{NBSP}k€"
    assert thousands(-250_000) == f"-250{NBSP}k€"


# --- presentation -----------------------------------------------------------------------------------------

def test_the_identity_card_is_written_in_french(case):
    card = dict(identity(case))
    company = case["company"]
    assert card["Dénomination"] == company["name"]
    assert card["SIREN"] == NBSP.join((company["siren"][:3], company["siren"][3:6], company["siren"][6:]))
    assert card["Effectif"] == f"{company['headcount']}{NBSP}salariés"
    assert card["Taux de TVA"] == f"20{NBSP}%"
    assert identity({"narrative": "x"}) == []


def test_fields_are_grouped_and_a_shared_help_is_shown_once(case):
    groups = field_groups(KIND.form_fields(case))
    assert [g.title for g in groups] == [f"Exercice {y}" for y in case["graded_years"]] + ["Diagnostic"]
    assert groups[0].help == "Saisissez n/s si le ratio n’est pas significatif."
    assert groups[-1].help is None


def test_answers_are_shown_as_typed_and_expected_values_in_their_unit():
    rate = {"type": "percent", "unit": "%"}
    amount = {"type": "number", "unit": "€"}
    signs = {"type": "multi", "options": [{"value": "a", "label": "Alpha"}, {"value": "b", "label": "Bêta"}]}
    assert answer_text(rate, " 12,5 % ") == " 12,5 % "
    assert answer_text(rate, 0.125, expected=True) == f"12,5{NBSP}%"
    assert answer_text(amount, -1234.0, expected=True) == f"-1{NBSP}234{NBSP}€"  # whole euros stay whole
    assert answer_text(amount, 15330.72, expected=True) == f"15{NBSP}330,72{NBSP}€"  # cents when there are some
    assert answer_text(amount, 40.4, expected=True) == f"40,40{NBSP}€"
    assert answer_text(amount, {"min": 51452.78, "max": 102905.55}, expected=True) == (
        f"de 51{NBSP}452,78{NBSP}€ à 102{NBSP}905,55{NBSP}€")  # a credit limit's band
    assert answer_text(amount, {"min": 0.0, "max": 0.0}, expected=True) == f"0{NBSP}€"
    assert answer_text(amount, None, expected=True) == "n/s"
    assert answer_text(amount, None) == "—"
    days = {"type": "number", "unit": "jours"}
    assert [answer_text(days, v, expected=True) for v in (0.2, 1.4, 1.6, 45)] == [
        f"0{NBSP}jour", f"1{NBSP}jour", f"2{NBSP}jours", f"45{NBSP}jours"]
    assert answer_text(signs, ["b", "a"]) == f"Bêta{NBSP}; Alpha"
    assert answer_text({"type": "choice", "options": [{"value": "C", "label": "C – modéré"}]}, "C") == "C – modéré"
    assert answer_text({"type": "number", "unit": "points"}, 7, expected=True) == f"7{NBSP}points"


def test_an_expected_date_is_written_the_french_way_and_a_given_one_as_typed():
    deadline = {"type": "date", "unit": ""}
    assert answer_text(deadline, "2026-03-03", expected=True) == "03/03/2026"
    assert answer_text(deadline, None, expected=True) == "aucune"  # no such date: « aucune » was the answer
    assert answer_text(deadline, "3/3/2026") == "3/3/2026"
    assert answer_text(deadline, "") == "—"


# --- XLSX grille ------------------------------------------------------------------------------------------

def _workbook(case: dict, submission: dict) -> openpyxl.Workbook:
    content = case_workbook(KIND.public_case(case), KIND.form_fields(case), submission)
    return openpyxl.load_workbook(io.BytesIO(content))


def _rows(sheet) -> list[tuple]:
    return [row for row in sheet.iter_rows(values_only=True)]


def test_the_grille_has_the_forms_and_the_tasks_with_the_draft_answers(case):
    book = _workbook(case, {"ratios.2025.ebe": "1 234,5", "warning_signs": ["fr_negatif"]})
    assert book.sheetnames == ["Présentation", "Bilan", "Compte de résultat", "Grille"]
    bilan = _rows(book["Bilan"])
    latest = case["accounts"][str(case["years"][-1])]
    total = next(row for row in bilan if row[0] == "Total général" and row[1] == "CO / 1A")
    assert total[2:5] == (latest["CO"], latest["1A"], latest["CO"] - latest["1A"])
    assert any(row[0] == "Bilan passif" for row in bilan)
    amount_cell = next(c for c in book["Compte de résultat"]["C"] if isinstance(c.value, int))
    assert amount_cell.number_format == AMOUNT_FORMAT
    grille = {row[1]: row for row in _rows(book["Grille"])[3:]}
    assert set(grille) == {field["label"] for field in KIND.form_fields(case)}
    assert grille["Excédent brut d’exploitation (EBE) 2025"][4] == "1 234,5"
    signs = grille["Signaux d’alerte présents sur le dernier exercice"]
    assert signs[4] == "Fonds de roulement négatif" and "Fonds de roulement négatif" in signs[3]
    presentation = [value for row in _rows(book["Présentation"]) for value in row if value]
    assert case["company"]["name"] in presentation
    assert any(str(value).startswith(case["company"]["name"]) for value in presentation[3:])  # the narrative


def test_the_grille_holds_no_expected_answer(case):
    book = _workbook(case, {})
    cells = [cell for sheet in book for row in _rows(sheet) for cell in row if cell is not None]
    assert not any(isinstance(cell, float) for cell in cells)  # ratios never: only whole euros from the accounts
    shown = {value for statement in statements(case) for line in statement.lines for value in line.values}
    solved = {round(value) for year in KIND.solve(case)["ratios"].values() for key, value in year.items()
              if key in ("valeur_ajoutee", "ebe", "caf", "fonds_de_roulement", "bfr") and value is not None}
    assert solved - shown  # amounts a trainee computes, not printed in the accounts
    assert not (solved - shown) & {cell for cell in cells if isinstance(cell, int)}
    assert case["archetype"] not in cells

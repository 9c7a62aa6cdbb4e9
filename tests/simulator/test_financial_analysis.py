import json
import random
from pathlib import Path

import pytest

from cases import library
from cases.companies import draw_company, draw_company_case
from cases.identity import is_valid_siren
from cases.narrative import after_a
from cases.risk_classes import risk_class, risk_classes, risk_points
from simulator import finance, liasse
from simulator.accounts_import import load_accounts
from simulator.grading import format_value
from simulator.kinds.financial_analysis import MEASURES, SCORES
from simulator.registry import get_kind

KIND = get_kind("financial-analysis")
ARCHETYPES = sorted(library.archetypes())
SECTORS = sorted(library.sectors())
NBSP = "\u00a0"
DATA = Path(__file__).parent / "data"


def _years(company):
    return [company["accounts"][str(year)] for year in company["years"]]


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_each_archetype_shows_its_warning_signs_for_most_seeds(archetype):
    story = library.archetypes()[archetype]
    runs = 120
    present = {code: 0 for code in story["signs"]}
    absent = {code: 0 for code in story["absent_signs"]}
    for seed in range(runs):
        company = draw_company(random.Random(seed), archetype=archetype)
        signs = finance.warning_signs(_years(company), company["vat_rate"])
        for code in present:
            present[code] += code in signs
        for code in absent:
            absent[code] += code not in signs
    assert set(present) | set(absent) <= set(finance.WARNING_SIGNS)
    for code, count in present.items():
        assert count >= 0.9 * runs, f"{archetype}: {code} present in only {count}/{runs} cases"
    for code, count in absent.items():
        assert count >= 0.9 * runs, f"{archetype}: {code} absent in only {count}/{runs} cases"


@pytest.mark.parametrize("archetype", ARCHETYPES)
def test_every_archetype_is_told_in_every_sector_with_coherent_accounts(archetype):
    for sector in SECTORS:
        for seed in range(8):
            company = draw_company(random.Random(seed), sector=sector, archetype=archetype, detail=1.0)
            for acc in _years(company):
                assert liasse.check_coherence(acc) == []
                assert acc["FL"] > 0 and acc["EE"] > 0
                negative = {code for code, value in acc.items() if value < 0}
                assert negative <= {"FT", "FV", "FM", "GG", "GV", "GW", "HI", "HN", "DI", "DH", "DL"}, negative


def test_stories_leave_their_mark_on_the_accounts():
    for seed in range(40):
        growth = _years(draw_company(random.Random(seed), archetype="crise_de_croissance"))
        assert growth[2]["FL"] > 1.2 * growth[1]["FL"] > 1.4 * growth[0]["FL"]
        recovery = _years(draw_company(random.Random(seed), archetype="redressement"))
        assert recovery[1]["HN"] < 0 < recovery[2]["HN"]
        undercapitalised = _years(draw_company(random.Random(seed), archetype="sous_capitalisation"))[-1]
        assert undercapitalised["DL"] < undercapitalised["DA"] / 2
        sound = [finance.ratios(acc) for acc in _years(draw_company(random.Random(seed), archetype="croissance_saine"))]
        assert all(r["autonomie_financiere"] > 0.15 and r["taux_marge_ebe"] > 0.02 for r in sound)


@pytest.mark.parametrize("sector", SECTORS)
def test_sound_companies_look_like_their_sector(sector):
    profile = library.sectors()[sector]
    for seed in range(30):
        company = draw_company(random.Random(seed), sector=sector, archetype="croissance_saine", detail=0.0)
        first = company["accounts"][str(company["years"][0])]
        r = finance.ratios(first)
        low, high = profile["ca"]
        assert low <= first["FL"] <= high
        assert profile["dso"][0] - 1 <= r["dso_jours"] <= profile["dso"][1] + 1
        assert profile["stocks_jours"][0] - 1 <= r["stocks_jours"] <= profile["stocks_jours"][1] + 1
        assert 0.02 < r["taux_marge_ebe"] < 0.16
        assert 0.1 < r["autonomie_financiere"] < 0.8
        assert company["company"]["sector"] == sector and is_valid_siren(company["company"]["siren"])
        assert company["company"]["capital"] == first["DA"]


def test_levels_change_the_graded_years_the_options_and_the_detail_of_the_accounts():
    easy = [KIND.generate(seed, "facile") for seed in range(40)]
    hard = [KIND.generate(seed, "difficile") for seed in range(40)]
    assert all(len(case["graded_years"]) == 1 for case in easy)
    assert all(len(KIND.generate(seed)["graded_years"]) == 2 for seed in range(5))
    assert all(len(case["warning_sign_options"]) == len(finance.WARNING_SIGNS) for case in hard)
    assert all(len(case["warning_sign_options"]) < len(finance.WARNING_SIGNS) for case in easy)

    def uses(cases, code):
        return sum(any(acc[code] for acc in case["accounts"].values()) for case in cases)

    for code in ("FK", "YS", "HB", "FO", "CD"):
        assert uses(easy, code) == 0
        assert uses(hard, code) > 0
    with pytest.raises(ValueError, match="Niveau inconnu"):
        KIND.generate(1, "expert")


def test_the_true_warning_signs_are_always_among_the_options():
    for seed in range(60):
        case = KIND.generate(seed, "facile")
        offered = {option["value"] for option in case["warning_sign_options"]}
        assert set(KIND.solve(case)["warning_signs"]) <= offered
        assert [o["value"] for o in case["warning_sign_options"]] == [c for c in finance.WARNING_SIGNS if c in offered]


def test_the_narrative_presents_the_company_in_correct_french():
    for seed in range(30):
        case = KIND.generate(seed)
        text = case["narrative"]
        company = case["company"]
        assert company["name"] in text and company["naf"] in text
        assert f"siège est {after_a(company['city'])} ({company['departement']})" in text  # « au Mans »
        assert company["siren"][:3] + NBSP + company["siren"][3:6] in text
        assert all(str(year) in text for year in case["years"])
        for mark in (":", ";", "?", "!", "%", "»"):
            assert f" {mark}" not in text, (mark, text)
        assert "{" not in text and "N-1" not in text


def test_the_public_case_hides_the_story_and_the_answers():
    case = KIND.generate(5)
    public = KIND.public_case(case)
    assert "archetype" not in public and "archetype" in case
    assert {"years", "accounts", "vat_rate", "narrative", "company", "graded_years"} <= set(public)
    assert not set(KIND.solve(case)) & set(public)


def test_the_solution_has_every_contract_key_and_its_figures_come_from_finance():
    case = KIND.generate(11)
    solution = KIND.solve(case)
    contract = {"valeur_ajoutee", "ebe", "caf", "fonds_de_roulement", "bfr", "tresorerie_nette",
                "autonomie_financiere", "gearing", "capacite_remboursement", "liquidite_generale",
                "liquidite_reduite", "dso_jours", "dpo_jours", "stocks_jours", "taux_marge_ebe", "rentabilite_nette",
                "poids_frais_financiers", "couverture_frais_financiers", "bfr_jours_ca"}
    assert contract <= set(MEASURES)
    for year in case["graded_years"]:
        acc = case["accounts"][year]
        assert solution["ratios"][year] == finance.ratios(acc, case["vat_rate"])
        assert solution["scores"][year] == {"conan_holder": finance.conan_holder(acc),
                                            "altman_z2": finance.altman_z2(acc)}
    accounts = [case["accounts"][str(y)] for y in case["years"]]
    assert solution["warning_signs"] == finance.warning_signs(accounts, case["vat_rate"])
    assert solution["risk_class"] in risk_classes()
    json.dumps(solution)


def _as_typed_in_the_form(case, solution):
    """The model answer as a trainee types it: French notation, rounded as the page shows it, flat ids."""
    typed = {}
    for year in case["graded_years"]:
        for section, measures in (("ratios", MEASURES), ("scores", SCORES)):
            for key, measure in measures.items():
                value = solution[section][year][key]
                typed[f"{section}.{year}.{key}"] = "n/s" if value is None else format_value(
                    value, measure.unit, measure.decimals)
    typed["warning_signs"] = solution["warning_signs"]
    typed["risk_class"] = solution["risk_class"]
    typed["opinion"] = "Client solide, encours accordé."
    return typed


def test_answers_typed_the_french_way_in_the_form_earn_full_marks():
    for seed in range(60):
        case = KIND.generate(seed, ("facile", "standard", "difficile")[seed % 3])
        typed = _as_typed_in_the_form(case, KIND.solve(case))
        assert KIND.check_submission(case, typed) == {}
        grade = KIND.grade(case, typed)
        assert grade.score == grade.max_score, [i.feedback for i in grade.items if i.awarded < i.max]


def test_form_fields_cover_every_graded_answer_and_errors_are_given_field_by_field():
    case = KIND.generate(2)
    fields = {field["id"]: field for field in KIND.form_fields(case)}
    grade_ids = {item.id for item in KIND.grade(case, {}).items}
    assert set(fields) == grade_ids
    year = case["graded_years"][-1]
    assert fields[f"ratios.{year}.autonomie_financiere"]["type"] == "percent"
    assert fields[f"ratios.{year}.dso_jours"]["unit"] == "jours"
    assert fields["warning_signs"]["options"] == case["warning_sign_options"]
    errors = KIND.check_submission(case, {
        f"ratios.{year}.ebe": "douze",
        f"ratios.{year}.gearing": "n/s",
        f"ratios.{year}.bfr": "",
        "risk_class": "Z",
        "warning_signs": ["effet_ciseau", "inconnu"],
        "opinion": 12,
    })
    assert set(errors) == {f"ratios.{year}.ebe", "risk_class", "warning_signs", "opinion"}
    assert "douze" in errors[f"ratios.{year}.ebe"]
    assert KIND.check_submission(case, ["pas", "un", "objet"]) == {
        "submission": "Réponse illisible : un objet de champs était attendu."}


def test_feedback_shows_the_computation_and_each_wrong_answer_costs_its_points():
    case = KIND.generate(7)
    solution = KIND.solve(case)
    year = case["graded_years"][-1]
    acc = case["accounts"][year]
    wrong = json.loads(json.dumps(solution))
    wrong["ratios"][year]["autonomie_financiere"] = "99 %"
    wrong["risk_class"] = next(code for code in risk_classes() if code != solution["risk_class"])
    grade = KIND.grade(case, wrong)
    items = {item.id: item for item in grade.items}
    autonomy = items[f"ratios.{year}.autonomie_financiere"]
    assert autonomy.awarded == 0 and "DL" in autonomy.feedback and "EE" in autonomy.feedback
    assert format_value(acc["DL"], "€") in autonomy.feedback
    assert items["risk_class"].awarded == 0 and "Grille propre à la formation" in items["risk_class"].feedback
    assert grade.score == grade.max_score - 1 - 3
    assert items["opinion"].max == 0


def test_in_house_risk_grid_orders_the_classes():
    assert list(risk_classes()) == ["A", "B", "C", "D", "E"]
    assert risk_class("tres_faible", "sain", []) == "A"
    assert risk_class("faible", "zone_grise", ["dso_en_hausse"]) == "B"
    assert risk_class("vigilance", "zone_grise", ["effet_ciseau", "marge_ebe_en_baisse"]) == "C"
    assert risk_class(None, None, ["pertes_deux_exercices"] * 6 + ["capitaux_propres_sous_moitie_capital"]) == "E"
    points = risk_points("danger", "detresse", ["capitaux_propres_sous_moitie_capital", "fr_negatif"])
    assert points == {"conan_holder": 4, "altman": 3, "warning_signs": 2, "aggravating": 3}


def test_sound_growth_rates_well_and_structural_crises_rate_badly():
    def classes(archetype):
        found = []
        for seed in range(40):
            company = draw_company(random.Random(seed), archetype=archetype)
            years = _years(company)
            last = years[-1]
            found.append(risk_class(finance.conan_holder_zone(finance.conan_holder(last)),
                                    finance.altman_zone(finance.altman_z2(last)), finance.warning_signs(years)))
        return found

    assert all(c in "AB" for c in classes("croissance_saine"))
    assert all(c in "DE" for c in classes("sous_capitalisation"))


def test_cases_can_be_built_on_imported_accounts():
    generated = KIND.generate(3)
    own = {"company": {"name": "Test SA", "siren": "542107651"}, "years": generated["years"],
           "accounts": generated["accounts"]}
    case = KIND.case_from_accounts(load_accounts(json.loads(json.dumps(own))))
    assert "Test SA" in case["narrative"] and "542" + NBSP + "107" + NBSP + "651" in case["narrative"]
    assert KIND.solve(case)["ratios"] == KIND.solve(generated)["ratios"]
    assert KIND.case_from_accounts(load_accounts(own)) == case

    inpi = KIND.case_from_accounts(load_accounts(json.loads((DATA / "inpi_menuiseries_durand.json").read_text())))
    assert "MENUISERIES DURAND" in inpi["narrative"] and "reconstitué" in inpi["narrative"]
    full = KIND.grade(inpi, KIND.solve(inpi))
    assert full.score == full.max_score > 0


@pytest.mark.parametrize("slug", ["financial-analysis", "credit-limit"])
def test_cases_on_a_drawn_company_open_with_its_identity_and_accounts(slug):
    company, opening = draw_company_case(slug, 7, "standard", random.Random(7), detail=0.3)
    assert company == draw_company(random.Random(7), detail=0.3)
    assert opening["kind"] == slug and (opening["seed"], opening["level"]) == (7, "standard")
    assert opening["company"] == {**company["company"], "headcount": company["headcount"][str(company["years"][-1])]}
    assert (opening["years"], opening["accounts"]) == (company["years"], company["accounts"])
    case = get_kind(slug).generate(7, "standard")  # the standard level draws with detail 0.3
    assert {key: case[key] for key in opening} == opening
    assert "archetype" not in get_kind(slug).public_case(case)


def test_explanations_fill_their_formula_with_the_year_figures():
    # VA = production 1 000 000 - consommations 300 000 = 700 000; EBE = 700 000 - 30 000 - 750 000 = -80 000
    year = finance.YearFigures.of({"FI": 1_000_000, "FU": 300_000, "FX": 30_000, "FY": 500_000, "FZ": 250_000,
                                   "DX": 60_000}, vat_rate=0.20)
    eur = lambda value: format_value(value, "€")  # noqa: E731
    assert MEASURES["ebe"].explain(year).endswith(
        f"= {eur(700_000)} + {eur(0)} - {eur(30_000)} - {eur(750_000)}.")  # VA + FO - FX - (FY + FZ)
    assert MEASURES["taux_marge_ebe"].explain(year).endswith(f"= ({eur(-80_000)}) / {eur(0)}.")  # EBE / FL
    assert MEASURES["dpo_jours"].explain(year).endswith(f"= {eur(60_000)} / ({eur(300_000)} × 1,20) × 365.")
    case = KIND.generate(11, "difficile")
    for acc in case["accounts"].values():  # every name of every template is known (a typo is a KeyError)
        figures = finance.YearFigures.of(acc, case["vat_rate"])
        assert all("{" not in measure.explain(figures) for measure in {**MEASURES, **SCORES}.values())

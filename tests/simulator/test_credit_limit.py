"""The credit-limit kind and its in-house score-points grid (REFERENCE §3, cases/score_points.yaml).

The hand-made customer below has round accounts; every expected figure is written as the arithmetic a
trainee would do, with the result in the comment.
"""

from __future__ import annotations

import copy
from datetime import date

import pytest

from cases import library, risk_classes, score_points
from simulator import finance
from simulator.kinds.credit_limit import CreditLimit, retard_moyen
from simulator.registry import LEVELS, get_kind

KIND = CreditLimit()
SEEDS = range(200)


def last_year() -> dict[str, int]:
    """A services company, balanced: actif 400 000 + 600 000 = passif 250 000 + 750 000 = 1 000 000."""
    return {
        "BJ": 400_000,                                   # actif immobilisé net 400 000
        "BX": 500_000, "CF": 100_000, "CJ": 600_000,     # actif circulant net 600 000, no stocks
        "CO": 1_000_000,
        "DA": 100_000, "DG": 100_000, "HN": 50_000, "DI": 50_000,
        "DL": 250_000,                                   # capitaux propres
        "DU": 200_000,                                   # dettes financières (no overdraft)
        "DX": 350_000, "DY": 200_000,                    # dettes à court terme 550 000
        "EC": 750_000, "EE": 1_000_000,
        "FG": 2_000_000, "FI": 2_000_000, "FJ": 2_000_000, "FL": 2_000_000,  # CA 2 000 000 (services)
        "FW": 800_000,                                   # VA = 2 000 000 - 800 000 = 1 200 000
        "FX": 40_000, "FY": 600_000, "FZ": 240_000,      # EBE = 1 200 000 - 40 000 - 840 000 = 320 000
        "GA": 30_000,                                    # CAF = HN 50 000 + GA 30 000 = 80 000
        "GR": 10_000,
    }


def hand_case() -> dict:
    return {
        "kind": "credit-limit", "seed": None, "level": "standard",
        "company": {"name": "Services Morel", "legal_form": "SARL", "founded": 2017, "age": 8},
        "years": [2023, 2024, 2025],
        "accounts": {"2023": last_year(), "2024": last_year(), "2025": last_year()},
        "vat_rate": 0.20,
        "expected_annual_purchases_ht": 300_000,
        "payment_terms_days": 60,
        # retard moyen = (1 000 × 0 + 2 000 × 10 + 3 000 × 20 + 4 000 × 5) / 10 000 = 100 000 / 10 000 = 10 days
        "payment_history": [
            {"invoice": "F1", "date": "2025-01-31", "due_date": "2025-04-01", "amount": 1000, "paid_on": "2025-04-01", "days_late": 0},
            {"invoice": "F2", "date": "2025-02-28", "due_date": "2025-04-29", "amount": 2000, "paid_on": "2025-05-09", "days_late": 10},
            {"invoice": "F3", "date": "2025-03-31", "due_date": "2025-05-30", "amount": 3000, "paid_on": "2025-06-19", "days_late": 20},
            {"invoice": "F4", "date": "2025-04-30", "due_date": "2025-06-29", "amount": 4000, "paid_on": "2025-07-04", "days_late": 5},
        ],
        "expected_delay_days": 10,
        "ceiling_method": "capitaux_propres_10",
        "field_information": [{"code": "changement_dirigeant", "label": "..."}, {"code": "retards_confreres", "label": "..."}],
        "guarantee_options": [{"value": code, "label": code}
                              for code in ("reserve_propriete", "caution_bancaire", "caution_dirigeant", "acompte")],
        "risk_class_options": [{"value": code, "label": code} for code in "ABCDE"],
    }


# Encours nécessaire = 300 000 × 1,20 × (60 + 10) / 365 = 360 000 × 70 / 365 = 69 041,10 €
NEED = 360_000 * 70 / 365
# Grid: age 8 -> 2; SARL -> 1; CA 2 000 000 < 3 000 000 -> 2;
# Conan-Holder: R1 = 320 000 / 750 000 = 0,4267; R2 = (250 000 + 200 000) / 1 000 000 = 0,45; R3 = 600 000 / 1 000 000
# = 0,6; R4 = 10 000 / 2 000 000 = 0,005; R5 = 840 000 / 1 200 000 = 0,7;
# Z = 10,24 + 9,9 + 9,6 - 0,435 - 7 = 22,305 -> très faible -> 0;
# autonomie 250 000 / 1 000 000 = 25 % -> 1; liquidité 600 000 / 550 000 = 1,09 -> 1; capacité 200 000 / 80 000
# = 2,5 ans -> 0; retard moyen 10 days -> retards légers -> 1; field information 1 + 2 = 3.
POINTS = {"anciennete": 2, "forme_juridique": 1, "taille": 2, "conan_holder": 0, "autonomie_financiere": 1,
          "liquidite_generale": 1, "capacite_remboursement": 0, "profil_payeur": 1, "informations_terrain": 3}
# Total 11 -> class C (10 to 13 points): 25 % to 50 % of the ceiling.
# Ceiling = 10 % of capitaux propres = 25 000 -> band 6 250 to 12 500; the need (69 041) is above it, so a bank
# guarantee covers the excess, on top of class C's réserve de propriété and cautionnement du dirigeant.
BAND = (6_250, 12_500)


def test_hand_case_figures_match_finance():
    acc = last_year()
    assert finance.sig(acc)["ebe"] == 320_000
    assert finance.caf(acc) == 80_000
    assert finance.conan_holder(acc) == pytest.approx(24 * 320_000 / 750_000 + 22 * 0.45 + 16 * 0.6 - 87 * 0.005 - 10 * 0.7)
    assert finance.conan_holder(acc) == pytest.approx(22.305)


def test_hand_case_model_answer():
    solution = KIND.solve(hand_case())
    assert solution["encours_necessaire"] == pytest.approx(69_041.0958904)
    assert solution["encours_necessaire"] == pytest.approx(NEED)
    assert solution["score_points"] == {**POINTS, "total": 11}
    assert solution["risk_class"] == "C"
    assert solution["limit"] == pytest.approx(BAND[1])
    assert solution["guarantees"] == ["reserve_propriete", "caution_bancaire", "caution_dirigeant"]


def test_hand_case_model_answer_earns_full_marks_with_band_in_feedback():
    case = hand_case()
    grade = KIND.grade(case, KIND.solve(case))
    assert grade.score == grade.max_score == 14.5
    limit = next(item for item in grade.items if item.id == "limit")
    assert limit.expected == {"min": pytest.approx(6_250), "max": pytest.approx(12_500)}
    nbsp = "\u00a0"
    assert f"10{nbsp}% × 250{nbsp}000{nbsp}€ = 25{nbsp}000{nbsp}€" in limit.feedback
    assert f"de 25{nbsp}% à 50{nbsp}% du plafond, soit de 6{nbsp}250{nbsp}€ à 12{nbsp}500{nbsp}€" in limit.feedback
    need = next(item for item in grade.items if item.id == "encours_necessaire")
    assert f"300{nbsp}000{nbsp}€ × 1,2 × (60 + 10) / 365 = 69{nbsp}041{nbsp}€" in need.feedback


@pytest.mark.parametrize("method, extra, band", [
    # FR = capitaux permanents 450 000 - actif immobilisé net 400 000 = 50 000; ceiling 5 000; C: 1 250 to 2 500
    ("fonds_de_roulement_10", {}, (1_250, 2_500)),
    # ceiling = agreed 60 000; C: 15 000 to 30 000
    ("assureur", {"credit_insurer": {"requested_amount": 70_000, "agreed_amount": 60_000}}, (15_000, 30_000)),
    # ceiling = 69 041,10 × 1,2 × 0,8 = 66 279,45; C: 16 569,86 to 33 139,73
    ("afdcc", {"afdcc": {"facturation": "x", "coefficient_delais": 1.2, "coefficient_comportement": 0.8}},
     (NEED * 0.96 * 0.25, NEED * 0.96 * 0.5)),
])
def test_each_ceiling_method(method, extra, band):
    case = {**hand_case(), "ceiling_method": method, **extra}
    item = next(i for i in KIND.grade(case, {}).items if i.id == "limit")
    assert item.expected == {"min": pytest.approx(band[0]), "max": pytest.approx(band[1])}


def test_ceiling_not_meaningful_gives_no_credit():
    case = hand_case()
    case["accounts"]["2025"]["DL"] = -10_000  # negative equity: the 10 % method gives nothing
    solution = KIND.solve(case)
    assert solution["limit"] == 0
    assert "caution_bancaire" in solution["guarantees"]  # the whole need must be covered by the bank


def test_band_is_capped_at_the_need():
    # purchases 30 000 HT: need = 36 000 × 70 / 365 = 6 904,11, inside 6 250..12 500 -> band 6 250..6 904,11,
    # and no bank guarantee since the limit can cover the whole need
    case = {**hand_case(), "expected_annual_purchases_ht": 30_000}
    solution = KIND.solve(case)
    assert solution["limit"] == pytest.approx(36_000 * 70 / 365)
    assert solution["guarantees"] == ["reserve_propriete", "caution_dirigeant"]
    feedback = next(i for i in KIND.grade(case, solution).items if i.id == "limit").feedback
    assert "plafonnée à ce besoin" in feedback
    # purchases 20 000 HT: need 24 000 × 70 / 365 = 4 602,74 is below the band: the band shrinks to the need
    item = next(i for i in KIND.grade({**hand_case(), "expected_annual_purchases_ht": 20_000}, {}).items
                if i.id == "limit")
    assert item.expected["min"] == item.expected["max"] == pytest.approx(24_000 * 70 / 365)


def test_class_e_buys_for_cash():
    case = hand_case()
    case["field_information"] += [{"code": "privileges_inscrits", "label": "..."},
                                  {"code": "commandes_inhabituelles", "label": "..."},
                                  {"code": "litiges_frequents", "label": "..."}]
    case["company"]["age"] = 3  # 11 - 2 + 3 (age) + 3 + 2 + 1 (information) = 18 -> D; one more point -> E
    case["company"]["legal_form"] = "SASU"  # "other form": 2 points instead of 1 -> 19 -> E
    solution = KIND.solve(case)
    assert solution["score_points"]["total"] == 19
    assert solution["risk_class"] == "E"
    assert solution["limit"] == 0
    assert solution["guarantees"] == ["acompte"]


@pytest.mark.parametrize("given, awarded", [
    (9_000, 3.0),            # inside
    (6_250, 3.0),            # lower edge
    (12_500, 3.0),           # upper edge
    ("12 625", 3.0),         # upper edge + 1 % of 12 500 (tolerance)
    ("6 125,00 €", 3.0),     # lower edge - 1 % of 12 500
    (12_700, 0.0),           # above
    ("6 100", 0.0),          # below
    (NEED, 0.0),             # the need itself is above the band here
    ("n/s", 0.0),
    ("", 0.0),
])
def test_limit_band_edges(given, awarded):
    item = next(i for i in KIND.grade(hand_case(), {"limit": given}).items if i.id == "limit")
    assert item.awarded == awarded, item.feedback


def test_french_inputs_earn_full_marks():
    submission = {
        "encours_necessaire": "69 041,10 €",
        "score_points": {code: str(points) for code, points in POINTS.items()} | {"total": "11"},
        "risk_class": "C",
        "limit": "10 000,5",
        "guarantees": ["caution_dirigeant", "reserve_propriete", "caution_bancaire"],
    }
    assert KIND.check_submission(hand_case(), submission) == {}
    grade = KIND.grade(hand_case(), submission)
    assert grade.score == grade.max_score


def test_flat_form_ids_are_read_like_nested_ones():
    solution = KIND.solve(hand_case())
    flat = {f"score_points.{code}": points for code, points in solution["score_points"].items()}
    flat |= {key: value for key, value in solution.items() if key != "score_points"}
    assert KIND.grade(hand_case(), flat).score == 14.5


def test_need_tolerance_is_one_percent():
    def awarded(given):
        return next(i for i in KIND.grade(hand_case(), {"encours_necessaire": given}).items
                    if i.id == "encours_necessaire").awarded
    assert awarded(NEED * 1.0099) == 2.0
    assert awarded(NEED * 1.0101) == 0.0
    assert awarded(NEED * 0.9901) == 2.0


def test_bad_input_is_pointed_out_field_by_field():
    submission = {"encours_necessaire": "abc", "score_points": {"taille": "1,2,3", "total": "11"},
                  "risk_class": "Z", "limit": "12 500", "guarantees": ["hypotheque"]}
    errors = KIND.check_submission(hand_case(), submission)
    assert set(errors) == {"encours_necessaire", "score_points.taille", "risk_class", "guarantees"}
    assert "n’est pas un nombre" in errors["encours_necessaire"]
    assert KIND.check_submission(hand_case(), {}) == {}  # a draft may leave fields empty
    assert KIND.check_submission(hand_case(), [1, 2]) == {"submission": "Réponse illisible : un objet de champs était attendu."}


def test_each_wrong_answer_loses_exactly_its_points():
    case = hand_case()
    solution = KIND.solve(case)
    full = KIND.grade(case, solution)
    for item in full.items:
        changed = copy.deepcopy(solution)
        if item.id.startswith("score_points."):
            changed["score_points"][item.id.split(".", 1)[1]] += 1
        elif item.id == "risk_class":
            changed["risk_class"] = "B"
        elif item.id == "guarantees":
            changed["guarantees"] = ["acompte"]
        else:
            changed[item.id] = changed[item.id] * 1.5 + 100
        result = KIND.grade(case, changed)
        assert result.score == pytest.approx(full.max_score - item.max), item.id


def test_guarantees_get_partial_credit():
    item = next(i for i in KIND.grade(hand_case(), {"guarantees": ["reserve_propriete", "caution_bancaire"]}).items
                if i.id == "guarantees")
    assert item.awarded == pytest.approx(2.0 * 2 / 3)  # two of the three right, none wrong
    assert "À cocher aussi\u00a0: caution_dirigeant" in item.feedback


@pytest.mark.parametrize("submission", [
    {"encours_necessaire": [1, 2], "score_points": "x", "risk_class": {"a": 1}, "limit": 1e300, "guarantees": 3},
    {"score_points": {"total": None, "taille": True}, "limit": "∞", "guarantees": [None, ["x"]]},
    {"limit": -5, "guarantees": "reserve_propriete"},
    None, [], "texte", 42,
])
def test_garbage_never_raises_and_stays_in_bounds(submission):
    grade = KIND.grade(hand_case(), submission)
    assert 0 <= grade.score <= grade.max_score
    assert all(0 <= item.awarded <= item.max for item in grade.items)


# --- the grid ---------------------------------------------------------------------------------------

@pytest.mark.parametrize("days, profile", [(0, "ponctuel"), (2, "ponctuel"), (3, "retards_legers"),
                                           (10, "retards_legers"), (11, "retards_reguliers"),
                                           (30, "retards_reguliers"), (31, "retards_importants")])
def test_payment_profile_bounds(days, profile):
    assert score_points.payment_profile(days).code == profile


@pytest.mark.parametrize("code, value, points", [
    ("autonomie_financiere", 0.1999, 3), ("autonomie_financiere", 0.20, 1), ("autonomie_financiere", 0.33, 1),
    ("autonomie_financiere", 0.3301, 0), ("autonomie_financiere", None, 3),
    ("liquidite_generale", 0.99, 3), ("liquidite_generale", 1.0, 1), ("liquidite_generale", 1.2, 0),
    ("capacite_remboursement", 3, 0), ("capacite_remboursement", 4, 1), ("capacite_remboursement", 4.01, 3),
    ("capacite_remboursement", None, 3),
    ("anciennete", 4, 3), ("anciennete", 5, 2), ("anciennete", 19, 1), ("anciennete", 20, 0),
    ("taille", 2_999_999, 2), ("taille", 3_000_000, 1), ("taille", 10_000_000, 0),
    ("forme_juridique", "SA", 0), ("forme_juridique", "SARL", 1), ("forme_juridique", "EURL", 2),
    ("conan_holder", None, 4), ("conan_holder", "vigilance", 3),
    ("informations_terrain", [], 0), ("informations_terrain", ["privileges_inscrits", "changement_dirigeant"], 4),
])
def test_grid_lines(code, value, points):
    assert score_points.criteria()[code].points(value) == points


def test_conan_holder_points_are_those_of_the_financial_analysis_grid():
    criterion = score_points.criteria()["conan_holder"]
    for zone, points in library.risk_grid()["points"]["conan_holder"].items():
        assert criterion.points(None if zone == "n/s" else zone) == points


@pytest.mark.parametrize("total, klass", [(0, "A"), (5, "A"), (6, "B"), (9, "B"), (10, "C"), (13, "C"), (14, "D"),
                                          (18, "D"), (19, "E"), (40, "E")])
def test_class_bounds(total, klass):
    assert score_points.risk_class(total).code == klass


def test_classes_share_the_labels_of_the_financial_analysis_grid():
    assert {rule.code: rule.label for rule in score_points.class_rules()} == risk_classes.risk_classes()
    shares = [rule.limit_shares for rule in score_points.class_rules()]
    assert all(low <= high for low, high in shares)
    assert [high for _low, high in shares] == sorted((high for _low, high in shares), reverse=True)


def test_retard_moyen_rounds_half_up():
    history = hand_case()["payment_history"]
    assert retard_moyen(history) == 10
    two = [dict(history[0], amount=1, paid_on="2025-04-03"), dict(history[0], amount=1, paid_on="2025-04-04")]
    assert retard_moyen(two) == 3  # (2 + 3) / 2 = 2,5 -> 3


# --- generated cases ------------------------------------------------------------------------------------

def test_kind_is_registered():
    assert isinstance(get_kind("credit-limit"), CreditLimit)


@pytest.mark.parametrize("level", LEVELS)
def test_generated_cases_are_coherent(level):
    kind = get_kind("credit-limit")
    for seed in SEEDS:
        case = kind.generate(seed, level)
        solution = kind.solve(case)
        band = next(i for i in kind.grade(case, solution).items if i.id == "limit").expected
        need = solution["encours_necessaire"]
        assert need > 0, seed
        assert 0 <= band["min"] <= band["max"] <= need + 1e-6, seed
        assert solution["limit"] == band["max"]
        total = solution["score_points"]["total"]
        assert total == sum(v for k, v in solution["score_points"].items() if k != "total")
        assert solution["risk_class"] == score_points.risk_class(total).code, seed
        assert case["payment_terms_days"] <= 60
        assert case["expected_delay_days"] == retard_moyen(case["payment_history"])
        assert all(line["days_late"] == (date.fromisoformat(line["paid_on"]) - date.fromisoformat(line["due_date"])).days
                   and line["paid_on"] < case["as_of"] for line in case["payment_history"])
        offered = {option["value"] for option in case["guarantee_options"]}
        assert set(solution["guarantees"]) <= offered and solution["guarantees"]
        if solution["risk_class"] == "E":
            assert solution["limit"] == 0 and solution["guarantees"] == ["acompte"]
        else:
            bank = set(score_points.guarantees_of(["garantie_bancaire"])) & offered
            assert (need > band["max"] or solution["risk_class"] == "D") == bool(bank & set(solution["guarantees"]))
        assert ("analysis" in case) == (level != "difficile")
        if level == "facile":
            assert case["ceiling_method"] in ("capitaux_propres_10", "fonds_de_roulement_10")


def test_generation_is_deterministic_and_levels_differ():
    assert KIND.generate(7) == KIND.generate(7)
    assert KIND.generate(7, "difficile") != KIND.generate(7)
    with pytest.raises(ValueError):
        KIND.generate(7, "expert")


def test_every_method_and_class_appears_over_the_seeds():
    cases = [KIND.generate(seed) for seed in SEEDS]
    assert {case["ceiling_method"] for case in cases} == {"capitaux_propres_10", "fonds_de_roulement_10", "assureur", "afdcc"}
    assert {KIND.solve(case)["risk_class"] for case in cases} == set("ABCDE")


def test_public_case_hides_answers_and_the_story_behind_the_accounts():
    case = KIND.generate(3)
    public = KIND.public_case(case)
    assert "archetype" not in public
    assert not set(KIND.solve(case)) & set(public)
    assert public["expected_delay_days"] == case["expected_delay_days"]


def test_form_fields_cover_every_graded_item():
    case = KIND.generate(5)
    ids = {field["id"] for field in KIND.form_fields(case)}
    assert ids == {item.id for item in KIND.grade(case, {}).items}
    grid = next(f for f in KIND.form_fields(case) if f["id"] == "score_points.autonomie_financiere")
    assert "20\u00a0%" in grid["help"]


def test_narrative_is_french_and_states_the_request():
    case = KIND.generate(11)
    text = case["narrative"]
    assert "date de facture" in text and "L441-10" in text
    assert " :" not in text and " %" not in text  # non-breaking spaces before ":" and "%"
    assert f"est de {case['expected_delay_days']}\u00a0jour" in text
    assert "score de Conan-Holder" in text
    assert "score de Conan-Holder" not in KIND.generate(11, "difficile")["narrative"]


def test_the_correction_page_shows_the_limit_band_and_whole_points(client, case_page):
    from html import unescape

    url = case_page(KIND.slug, "standard", 8)
    case = KIND.generate(8, "standard")
    solution = KIND.solve(case)
    form = {"answers": "1", "revision": "0", "risk_class": solution["risk_class"],
            "guarantees": solution["guarantees"], "encours_necessaire": f"{solution['encours_necessaire']:.2f}",
            "limit": f"{solution['limit']:.2f}", **{f"score_points.{code}": str(points)
                                                   for code, points in solution["score_points"].items()}}
    corrected = unescape(client.post(url + "/submit", data=form, follow_redirects=True).get_data(as_text=True))
    low, high = (f"{value:_.2f}".replace("_", "\u00a0").replace(".", ",") + "\u00a0€"
                 for value in _band(case))
    assert f"<dt>Réponse attendue</dt><dd>de {low} à {high}</dd>" in corrected
    total = solution["score_points"]["total"]
    assert f"<dt>Réponse attendue</dt><dd>{total}\u00a0points</dd>" in corrected


def _band(case):
    item = next(item for item in KIND.grade(case, {}).items if item.id == "limit")
    return item.expected["min"], item.expected["max"]

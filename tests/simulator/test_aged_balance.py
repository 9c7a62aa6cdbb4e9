"""The aged-balance kind: a hand-computed ledger (arithmetic in the comments), one test per trap, French inputs,
levels, determinism and the CLI."""

import copy
import json

import pytest
from simulator.registry import get_kind
from tests.simulator.conftest import assert_grades_anything, json_of

KIND = get_kind("aged-balance")
RATES_2025 = [{"start": "2025-01-01", "end": "2025-06-30", "rate": 0.1315},
              {"start": "2025-07-01", "end": "2025-12-31", "rate": 0.1215}]


def _customer(id_, risk_class):
    return {"id": id_, "name": f"Client {id_}", "siren": "552100554", "city": "Lyon", "departement": "69",
            "segment": "pme", "segment_label": "PME", "risk_class": risk_class, "payment_terms_days": 30,
            "monthly_billing": 5000, "credit_limit": 10000}


def _inv(id_, customer, day, due, amount):
    return {"id": id_, "customer": customer, "date": day, "due_date": due, "amount": amount}


def _doc(id_, customer, day, amount, invoice=None):
    return {"id": id_, "customer": customer, "date": day, "amount": amount, "invoice": invoice}


@pytest.fixture
def case():
    """As of 30/06/2025, 90-day DSO, rates 13,15 % (H1 2025) and 12,15 % (H2 2025)."""
    return {
        "kind": "aged-balance", "seed": 0, "level": "standard", "as_of": "2025-06-30", "dso_days": 90,
        "company": {"name": "Négoce Test", "siren": "552100554", "naf_label": "Négoce", "city": "Lyon"},
        "customers": [_customer("C01", "B"), _customer("C02", "D"), _customer("C03", "E")],
        "invoices": [
            _inv("F1", "C01", "2025-02-10", "2025-03-12", 1200),  # open: 110 days late -> plus_90
            _inv("F2", "C01", "2025-04-15", "2025-05-15", 2400),  # 1 000 paid 25/05: 1 400 open, 46 days -> 31_60
            _inv("F3", "C01", "2025-06-10", "2025-07-10", 3000),  # not due -> non_echu
            _inv("F4", "C02", "2025-05-05", "2025-06-04", 5000),  # disputed, 26 days -> 1_30
            _inv("F5", "C02", "2025-04-01", "2025-05-01", 800),  # paid 11/05, 10 days late
            _inv("F6", "C02", "2025-06-20", "2025-07-20", 1000),  # 200 credit note: 800 open, non_echu
            _inv("F7", "C01", "2025-03-31", "2025-04-30", 600),  # paid on its due date
            _inv("F8", "C03", "2025-05-20", "2025-06-19", 2000),  # open, 11 days -> 1_30
        ],
        "payments": [
            _doc("R1", "C01", "2025-05-25", 1000, "F2"),
            _doc("R2", "C02", "2025-05-11", 800, "F5"),
            _doc("R3", "C02", "2025-06-28", 300),  # no reference: unallocated
            _doc("R4", "C01", "2025-04-30", 600, "F7"),
            _doc("R5", "C01", "2025-07-02", 1200, "F1"),  # after the as-of date: left out
        ],
        "credit_notes": [{**_doc("AV1", "C02", "2025-06-25", 200, "F6"), "reason": "remise commerciale"}],
        "disputed": ["F4"], "dispute_reasons": {"F4": "livraison incomplète contestée"},
        "penalty_rates": RATES_2025,
        "priority_rule": {"risk_weights": {"A": 1, "B": 1.5, "C": 2, "D": 3, "E": 4}},
        "narrative": "Cas de test.",
    }


def _items(grade):
    return {item.id: item for item in grade.items}


def test_the_hand_computed_aged_balance(case):
    balance = KIND.solve(case)["aged_balance"]
    # C01: F3 3 000 not due; F2 2 400 - 1 000 = 1 400 at 46 days; F1 1 200 at 110 days (R5 is after the as-of date)
    assert balance["C01"] == {"non_echu": 3000, "1_30": 0, "31_60": 1400, "61_90": 0, "plus_90": 1200,
                              "non_affecte": 0, "total": 5600}
    # C02: F6 1 000 - 200 = 800 not due; F4 5 000 disputed keeps its bucket; R3 300 unallocated reduces the total
    assert balance["C02"] == {"non_echu": 800, "1_30": 5000, "31_60": 0, "61_90": 0, "plus_90": 0,
                              "non_affecte": -300, "total": 5500}
    assert balance["C03"]["1_30"] == 2000 and balance["C03"]["total"] == 2000


def test_the_hand_computed_kpis(case):
    solution = KIND.solve(case)
    # receivables = 5 600 + 5 500 + 2 000 = 13 100; sales of 02/04-30/06 = F2 2 400 + F3 3 000 + F4 5 000
    # + F6 1 000 + F8 2 000 = 13 400 (F5 of 01/04 is out); DSO = 13 100 / 13 400 x 90 = 87.985
    assert solution["dso_comptable"] == pytest.approx(13100 / 13400 * 90)
    # countback: June 4 000 (30 d) -> 9 100 left; May 7 000 (31 d) -> 2 100; April 3 200: 2 100 / 3 200 x 30
    # = 19.6875; DSO = 30 + 31 + 19.6875 = 80.6875
    assert solution["dso_epuisement"] == pytest.approx(80.6875)
    # BPDSO = non échu 3 800 / 13 400 x 90 = 25.522; ADD = 87.985 - 25.522 = 62.463
    assert solution["bpdso"] == pytest.approx(3800 / 13400 * 90)
    assert solution["add"] == pytest.approx((13100 - 3800) / 13400 * 90)
    # taux d'échu = (1 400 + 1 200 + 5 000 + 2 000) / 13 100 = 9 600 / 13 100
    assert solution["taux_echu"] == pytest.approx(9600 / 13100)


def test_the_hand_computed_penalties_and_indemnities(case):
    solution = KIND.solve(case)
    assert solution["penalties"] == {
        "F1": 47.56,  # 1 200 x 13,15 % x 110 / 365 = 47.556
        "F2": 26.80,  # 2 400 x 13,15 % x 10 / 365 + 1 400 x 13,15 % x 36 / 365 = 8.647 + 18.158 = 26.804
        "F4": 46.84,  # disputed, still counted: 5 000 x 13,15 % x 26 / 365 = 46.836
        "F5": 2.88,  # paid 10 days late: 800 x 13,15 % x 10 / 365 = 2.882
        "F8": 7.93,  # 2 000 x 13,15 % x 11 / 365 = 7.926
    }  # F7, paid on its due date, owes nothing
    assert solution["indemnities"] == {invoice: 40 for invoice in ("F1", "F2", "F4", "F5", "F8")}


def test_priorities_weigh_the_overdue_by_risk_and_leave_disputes_out(case):
    # C03: 2 000 x 4 (class E) = 8 000; C01: (1 400 + 1 200) x 1.5 (class B) = 3 900; C02 has only the disputed F4
    assert KIND.solve(case)["priorities"] == ["C03", "C01"]
    feedback = _items(KIND.grade(case, KIND.solve(case)))["priorities"].feedback
    assert "3\u00a0900" in feedback and "8\u00a0000" in feedback and "F4" in feedback


def test_the_model_answer_earns_every_point(case):
    grade = KIND.grade(case, KIND.solve(case))
    assert grade.score == grade.max_score > 0
    assert KIND.check_submission(case, KIND.solve(case)) == {}


def test_a_penalty_across_1_july_uses_both_half_year_rates(case):
    case["as_of"] = "2025-07-10"  # R5 of 02/07 now counts and settles F1; its own day is still late
    # F1: 1 200 x 13,15 % x 110 / 365 + 1 200 x 12,15 % x 2 / 365 = 47.556 + 0.799 = 48.355
    assert KIND.solve(case)["penalties"]["F1"] == 48.36
    feedback = _items(KIND.grade(case, {}))["penalties.F1"].feedback
    assert "13,15\u00a0%" in feedback and "12,15\u00a0%" in feedback


def test_a_document_after_the_as_of_date_is_left_out_and_named(case):
    item = _items(KIND.grade(case, {"aged_balance": {"C01": {"plus_90": "0"}}}))["aged_balance.C01.plus_90"]
    assert item.awarded == 0  # R5 of 02/07 must not clear F1
    assert "R5" in _items(KIND.grade(case, {}))["aged_balance.C01.total"].feedback


def test_the_unallocated_payment_is_a_negative_line(case):
    items = _items(KIND.grade(case, {"aged_balance.C02.non_affecte": "-300", "aged_balance.C02.total": "5 800"}))
    assert items["aged_balance.C02.non_affecte"].awarded == items["aged_balance.C02.non_affecte"].max
    assert items["aged_balance.C02.total"].awarded == 0  # forgetting R3 overstates the customer's total
    assert "sans référence" in items["aged_balance.C02.non_affecte"].feedback


def test_the_disputed_invoice_keeps_its_bucket_and_is_flagged(case):
    item = _items(KIND.grade(case, {"aged_balance.C02.1_30": "5000"}))["aged_balance.C02.1_30"]
    assert item.awarded == item.max and "en litige" in item.feedback


def test_an_invoice_paid_on_its_due_date_has_no_penalty_field(case):
    ids = {field["id"] for field in KIND.form_fields(case)}
    assert "penalties.F7" not in ids and "penalties.F5" in ids and "indemnities.F5" in ids


def test_the_feedback_shows_the_penalty_computation_and_names_the_article(case):
    feedback = _items(KIND.grade(case, {}))["penalties.F2"].feedback
    assert "L.\u00a0441-10" in feedback or "L. 441-10" in feedback
    assert "2\u00a0400,00\u00a0€ × 13,15\u00a0% × 10 / 365" in feedback
    assert "1\u00a0400,00\u00a0€ × 13,15\u00a0% × 36 / 365" in feedback
    assert "D. 441-5" in _items(KIND.grade(case, {}))["indemnities.F2"].feedback.replace("\u00a0", " ")


def test_french_notation_is_read(case):
    submission = {"aged_balance.C01.31_60": "1 400,00", "aged_balance.C01.total": "5\u00a0600 €",
                  "dso_comptable": "88 jours", "taux_echu": "73,3 %", "penalties.F2": "26,80",
                  "priorities": "c03 ; C01"}
    assert KIND.check_submission(case, submission) == {}
    items = _items(KIND.grade(case, submission))
    for field_id in submission:
        assert items[field_id].awarded == items[field_id].max, field_id


def test_a_partly_right_ranking_earns_part_of_the_points(case):
    def points(answer):
        return _items(KIND.grade(case, {"priorities": answer}))["priorities"].awarded

    assert points("C03") == pytest.approx(1.5)  # one rank of two
    assert points("C03, C01, C02") == pytest.approx(2.0)  # C02 (dispute only) added: two ranks of three
    assert points("C01, C03") == 0
    assert points(["C03", "C01"]) == pytest.approx(3.0)  # the CONTRACT list shape


def test_unreadable_answers_are_pointed_out_in_french(case):
    errors = KIND.check_submission(case, {"dso_comptable": "douze", "priorities": "C01, C09",
                                          "aged_balance.C01.total": "1,2,3"})
    assert set(errors) == {"dso_comptable", "priorities", "aged_balance.C01.total"}
    assert "C09" in errors["priorities"]
    assert "une fois" in KIND.check_submission(case, {"priorities": "C01, C01"})["priorities"]


@pytest.mark.parametrize("submission", [{}, [], "texte", {"aged_balance": "x"}, {"priorities": {"a": 1}},
                                        {"penalties": [1, 2]}, {"aged_balance": {"C01": {"total": None}}}])
def test_garbage_never_raises(case, submission):
    assert_grades_anything(KIND, case, submission)


@pytest.mark.parametrize("level, customers", [("facile", 3), ("standard", 5), ("difficile", 7)])
def test_levels_change_the_size_and_the_traps(level, customers):
    cases = [KIND.generate(seed, level) for seed in range(20)]
    assert all(len(case["customers"]) == customers for case in cases)
    later = [doc for case in cases for doc in case["payments"] + case["invoices"] if doc["date"] > case["as_of"]]
    unreferenced = [p for case in cases for p in case["payments"] if not p["invoice"]]
    assert bool(later) == (level == "difficile")
    assert bool(unreferenced) == (level != "facile")
    for case in cases:
        assert all(c["payment_terms_days"] <= 60 for c in case["customers"])  # C. com. L441-10
        assert case["as_of"][8:] in ("28", "29", "30", "31")  # a month end


def test_generation_is_deterministic_and_the_public_case_has_no_answer():
    case = KIND.generate(42)
    assert KIND.generate(42) == case and KIND.generate(43) != case
    public = KIND.public_case(case)
    assert not set(KIND.solve(case)) & set(public)
    assert json.loads(json.dumps(public)) == public


def test_the_cli_prints_the_contract_keys(cli, tmp_path):
    case = json_of(cli("generate", "aged-balance", "--seed", 7))
    assert {"as_of", "customers", "invoices", "payments", "credit_notes", "disputed", "penalty_rates",
            "dso_days"} <= set(case)
    assert {"id", "customer", "date", "due_date", "amount"} <= set(case["invoices"][0])
    solved = cli("solve", "aged-balance", "--seed", 7)
    solution = json_of(solved)
    assert {"aged_balance", "dso_comptable", "dso_epuisement", "bpdso", "add", "taux_echu", "penalties",
            "indemnities", "priorities"} <= set(solution)
    assert set(next(iter(solution["aged_balance"].values()))) >= {"non_echu", "1_30", "31_60", "61_90", "plus_90",
                                                                  "total"}
    path = tmp_path / "answers.json"
    path.write_text(solved.stdout, encoding="utf-8")
    grade = json_of(cli("grade", "aged-balance", "--seed", 7, "--submission", path))
    assert grade["score"] == grade["max_score"] > 0


def test_one_wrong_cell_loses_only_its_points(case):
    solution = KIND.solve(case)
    changed = copy.deepcopy(solution)
    changed["aged_balance"]["C01"]["plus_90"] = 0
    full, graded = KIND.grade(case, solution), KIND.grade(case, changed)
    assert graded.score == pytest.approx(full.score - 0.5)


def test_aucun_is_the_ranking_when_nothing_is_to_chase(case):
    case["payments"] += [{"id": "R6", "customer": "C01", "date": "2025-06-29", "amount": 2600, "invoice": None},
                         {"id": "R7", "customer": "C03", "date": "2025-06-29", "amount": 2000, "invoice": "F8"}]
    # C01's unreferenced 2 600 is imputed on its overdue debts (1 200 + 1 400); C03 paid F8
    assert KIND.solve(case)["priorities"] == []
    assert KIND.check_submission(case, {"priorities": "aucun"}) == {}
    item = _items(KIND.grade(case, {"priorities": "Aucun"}))["priorities"]
    assert item.awarded == item.max
    assert _items(KIND.grade(case, {"priorities": "C01"}))["priorities"].awarded == 0

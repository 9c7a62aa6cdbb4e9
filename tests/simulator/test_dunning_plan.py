"""The dunning-plan kind: a hand-built ledger whose plan is worked out in the comments, one test per policy rule,
both answer shapes (form and CONTRACT list), date tolerance, levels, determinism and the CLI."""

import json
from datetime import date

import pytest
from simulator import law
from simulator.kinds.dunning_plan import CALENDARS, calendar_of, step_date, working_day_window
from simulator.registry import get_kind
from tests.simulator.conftest import assert_grades_anything, json_of

KIND = get_kind("dunning-plan")


def _customer(id_, segment, risk_class, limit):
    return {"id": id_, "name": f"Client {id_}", "siren": "552100554", "city": "Lyon", "departement": "69",
            "segment": segment, "segment_label": segment, "risk_class": risk_class, "payment_terms_days": 30,
            "monthly_billing": 5000, "credit_limit": limit}


def _inv(id_, customer, due, amount):
    return {"id": id_, "customer": customer, "date": "2025-03-01", "due_date": due, "amount": amount}


def _done(invoice, day, type_):
    return {"invoice": invoice, "date": day, "type": type_}


@pytest.fixture
def case():
    """As of Saturday 31/05/2025: the plan starts on Monday 02/06/2025 (Whit Monday is 09/06/2025)."""
    return {
        "kind": "dunning-plan", "seed": 0, "level": "standard", "as_of": "2025-05-31", "plan_date": "2025-06-02",
        "company": {"name": "Négoce Test", "siren": "552100554", "city": "Lyon"},
        "customers": [_customer("C01", "grand_compte", "A", 50000), _customer("C02", "pme", "B", 5000),
                      _customer("C03", "pme", "D", 100000), _customer("C04", "public", "B", 1000)],
        "invoices": [
            _inv("G1", "C01", "2025-06-20", 10000),  # J-5 = Sunday 15/06 -> courtesy reminder Monday 16/06
            _inv("G2", "C01", "2025-05-20", 8000),  # courtesy done; J+5 reminder (26/05) missed -> 02/06
            _inv("X1", "C01", "2025-04-30", 900),  # paid: no action
            _inv("P1", "C02", "2025-04-10", 3000),  # reminder and call done; J+25 relance ferme missed -> 02/06
            _inv("P2", "C02", "2025-05-28", 2500),  # disputed -> dispute service 02/06
            _inv("P3", "C02", "2025-06-15", 1000),  # J+5 = Friday 20/06
            _inv("P4", "C02", "2025-06-04", 1200),  # J+5 = Whit Monday 09/06 -> Tuesday 10/06
            _inv("T1", "C03", "2025-04-01", 4000),  # class D: tight calendar; mise en demeure done 16/04
            _inv("U1", "C04", "2025-05-02", 20000),  # public: call, letter done; J+30 = Sunday 01/06 -> 02/06
        ],
        "payments": [{"id": "R1", "customer": "C01", "date": "2025-04-30", "amount": 900, "invoice": "X1"},
                     {"id": "R2", "customer": "C02", "date": "2025-05-05", "amount": 500, "invoice": "P1"}],
        "credit_notes": [],
        "disputed": ["P2"], "dispute_reasons": {"P2": "livraison incomplète contestée"},
        "actions_done": [
            _done("P1", "2025-04-15", "relance_ecrite"), _done("P1", "2025-04-25", "appel"),
            _done("T1", "2025-04-02", "appel"), _done("T1", "2025-04-07", "relance_ecrite"),
            _done("T1", "2025-04-11", "relance_ferme"), _done("T1", "2025-04-16", "mise_en_demeure"),
            _done("U1", "2025-05-07", "appel"), _done("G2", "2025-05-15", "rappel_courtoisie"),
            _done("U1", "2025-05-19", "relance_ecrite"),
        ],
        "policy": {}, "narrative": "Cas de test.",
    }


def _items(grade):
    return {item.id: item for item in grade.items}


def test_the_hand_built_plan(case):
    assert KIND.solve(case)["actions"] == [  # by date, then invoice or customer
        {"customer": "C02", "date": "2025-06-02", "type": "blocage_livraisons"},  # 2 500 + 2 500 + 1 000 + 1 200
        {"customer": "C03", "date": "2025-06-02", "type": "blocage_livraisons"},  # notice of 16/04 unanswered
        {"invoice": "G2", "date": "2025-06-02", "type": "relance_ecrite"},
        {"invoice": "P1", "date": "2025-06-02", "type": "relance_ferme"},
        {"invoice": "P2", "date": "2025-06-02", "type": "transmission_litige"},
        {"invoice": "T1", "date": "2025-06-02", "type": "injonction_de_payer"},  # J+30 = 01/05 (holiday), past
        {"invoice": "U1", "date": "2025-06-02", "type": "relance_ferme"},
        {"invoice": "P4", "date": "2025-06-10", "type": "relance_ecrite"},
        {"invoice": "G1", "date": "2025-06-16", "type": "rappel_courtoisie"},
        {"invoice": "P3", "date": "2025-06-20", "type": "relance_ecrite"},
    ]


def test_the_model_answer_earns_every_point_in_both_shapes(case):
    solution = KIND.solve(case)
    for submission in (solution, {"actions": solution["actions"], "priorities": solution["priorities"]}):
        grade = KIND.grade(case, submission)
        assert grade.score == grade.max_score > 0
        assert KIND.check_submission(case, submission) == {}


def test_the_most_overdue_amount_at_the_riskiest_customer_first(case):
    # overdue outside disputes x risk coefficient: C04 20 000 x 1.5 = 30 000; C03 4 000 x 3 = 12 000;
    # C01 8 000 x 1 = 8 000; C02 P1 2 500 x 1.5 = 3 750 (P2 disputed is left out)
    assert KIND.solve(case)["priorities"] == ["C04", "C03", "C01", "C02"]
    item = _items(KIND.grade(case, {"priorities": "C04, C03, C02, C01"}))["priorities"]
    assert item.awarded == pytest.approx(1.5) and "30\u00a0000" in item.feedback


def test_no_step_is_skipped(case):
    # P1 is 52 days late, past the J+35 mise en demeure, but the relance ferme was never sent
    item = _items(KIND.grade(case, {"plan.P1.type": "mise_en_demeure"}))["plan.P1.type"]
    assert item.awarded == 0 and "sans en sauter" in item.feedback


def test_a_disputed_invoice_goes_to_the_dispute_service(case):
    item = _items(KIND.grade(case, {"plan.P2.type": "relance_ecrite"}))["plan.P2.type"]
    assert item.awarded == 0 and "litige" in item.feedback and "livraison incomplète" in item.feedback


def test_a_class_d_customer_follows_the_tight_calendar(case):
    # C03 is a PME: the standard calendar would put the mise en demeure at J+35; class D puts it at J+15 and the
    # injonction de payer at J+30
    item = _items(KIND.grade(case, {}))["plan.T1.type"]
    assert "classe D ou E" in item.feedback and "J+30" in item.feedback and "1405" in item.feedback


def test_a_public_customer_is_never_blocked_and_has_no_injonction(case):
    # U1: 20 000 owed against a limit of 1 000, but a public body's deliveries are not suspended
    assert KIND.solve(case)["blocage"]["C04"] == "non"
    assert "injonction_de_payer" not in [action for _, action in CALENDARS["public"]]
    assert "541-1 CJA" in _items(KIND.grade(case, {}))["plan.U1.type"].feedback


def test_blocking_over_the_limit_or_after_an_unanswered_notice(case):
    blocage = KIND.solve(case)["blocage"]
    assert blocage == {"C01": "non", "C02": "oui", "C03": "oui", "C04": "non"}
    feedback = _items(KIND.grade(case, {}))["blocage.C03"].feedback
    assert "16/04/2025" in feedback and "24/04/2025" in feedback  # notice + 8 days (C. civ. 1344, course rule)


def test_a_step_on_a_public_holiday_moves_to_the_next_working_day(case):
    item = _items(KIND.grade(case, {"plan.P4.date": "09/06/2025"}))["plan.P4.date"]
    assert item.awarded == item.max  # one working day from the expected Tuesday 10/06
    assert "reportée au 10/06/2025" in item.feedback


def test_steps_follow_the_working_days_of_the_company_seat():
    # As of Tuesday 23/12/2025, a PME invoice due Sunday 21/12/2025: J+5 = Friday 26/12/2025, worked in Lyon; the
    # company is seated in Mulhouse (68), where 26/12 (Saint-Étienne) is a holiday: Saturday, Sunday -> Monday 29/12.
    mulhouse = {"name": "Négoce Test", "siren": "552100554", "city": "Mulhouse", "departement": "68"}
    case = {"kind": "dunning-plan", "seed": 0, "level": "facile", "as_of": "2025-12-23", "plan_date": "2025-12-23",
            "company": mulhouse, "customers": [_customer("C02", "pme", "B", 100000)],
            "invoices": [_inv("P9", "C02", "2025-12-21", 1000)], "payments": [], "credit_notes": [], "disputed": [],
            "dispute_reasons": {}, "actions_done": [], "policy": {}, "narrative": ""}
    assert KIND.solve(case)["plan"]["P9"] == {"type": "relance_ecrite", "date": "2025-12-29"}
    lyon = {**case, "company": {**mulhouse, "city": "Lyon", "departement": "69"}}
    assert KIND.solve(lyon)["plan"]["P9"] == {"type": "relance_ecrite", "date": "2025-12-26"}
    feedback = _items(KIND.grade(case, {"plan.P9.date": "29/12/2025"}))["plan.P9.date"].feedback.replace("\u00a0", " ")
    assert ("le 26/12/2025 est la Saint-Étienne, jour férié en Moselle, dans le Bas-Rhin et le Haut-Rhin (C. trav. "
            "L. 3134-13) : reportée au 29/12/2025") in feedback and "Mulhouse (68)" in feedback
    # the day before a working day: Wednesday 24/12 (25 and 26 are holidays in Mulhouse, 27 and 28 a weekend)
    assert working_day_window(date(2025, 12, 29), "68") == (date(2025, 12, 24), date(2025, 12, 30))
    assert working_day_window(date(2025, 12, 29)) == (date(2025, 12, 26), date(2025, 12, 30))


def test_the_date_is_right_within_one_working_day(case):
    # G1 expected Monday 16/06: accepted from Friday 13/06 to Tuesday 17/06
    assert working_day_window(date(2025, 6, 16)) == (date(2025, 6, 13), date(2025, 6, 17))

    def awarded(answer):
        return _items(KIND.grade(case, {"plan.G1.date": answer}))["plan.G1.date"].awarded

    assert awarded("16/06/2025") == awarded("2025-06-15") == awarded("13/06/2025") == 0.5
    assert awarded("18/06/2025") == awarded("12/06/2025") == 0


def test_a_wrong_type_keeps_the_date_points(case):
    items = _items(KIND.grade(case, {"plan.G2.type": "appel", "plan.G2.date": "02/06/2025"}))
    assert items["plan.G2.type"].awarded == 0 and items["plan.G2.date"].awarded == 0.5


def test_the_contract_list_is_read_per_invoice_and_customer(case):
    actions = [{"invoice": "G2", "date": "2025-06-02", "type": "relance_ecrite"},
               {"customer": "C02", "date": "2025-06-02", "type": "blocage_livraisons"}]
    items = _items(KIND.grade(case, {"actions": actions}))
    assert items["plan.G2.type"].awarded == 1 and items["plan.G2.date"].awarded == 0.5
    assert items["blocage.C02"].awarded == 1 and items["blocage.C01"].awarded == 1  # not listed: not blocked
    assert items["blocage.C03"].awarded == 0 and items["plan.P1.type"].awarded == 0


def test_unreadable_answers_are_pointed_out_in_french(case):
    errors = KIND.check_submission(case, {"plan.G1.date": "16 juin", "plan.G1.type": "lettre",
                                          "blocage.C01": "peut-être"})
    assert set(errors) == {"plan.G1.date", "plan.G1.type", "blocage.C01"}
    assert "JJ/MM/AAAA" in errors["plan.G1.date"]


@pytest.mark.parametrize("submission", [{}, [], "texte", {"actions": "x"}, {"actions": [1, None, {"type": 3}]},
                                        {"plan": {"G1": []}}, {"blocage": None}, {"actions": [{"invoice": ["G1"]}]}])
def test_garbage_never_raises(case, submission):
    assert_grades_anything(KIND, case, submission)


@pytest.mark.parametrize("level, customers", [("facile", 3), ("standard", 5), ("difficile", 7)])
def test_levels_change_the_size_and_the_traps(level, customers):
    cases = [KIND.generate(seed, level) for seed in range(20)]
    assert all(len(case["customers"]) == customers for case in cases)
    public = [c for case in cases for c in case["customers"] if c["segment"] == "public"]
    assert bool(public) == (level != "facile")
    assert bool(_files_behind(cases)) == (level != "facile")


def _files_behind(cases):
    """Invoices whose next step's date is already past though it is not the calendar's last step."""
    behind = []
    for case in cases:
        customers = {c["id"]: c for c in case["customers"]}
        dues = {inv["id"]: (date.fromisoformat(inv["due_date"]), inv["customer"]) for inv in case["invoices"]}
        for invoice, planned in KIND.solve(case)["plan"].items():
            due, customer = dues[invoice]
            steps = dict((action, offset) for offset, action in CALENDARS[calendar_of(customers[customer])])
            last = CALENDARS[calendar_of(customers[customer])][-1][1]
            if planned["type"] in steps and planned["type"] != last:
                if step_date(due, steps[planned["type"]]).isoformat() < case["plan_date"]:
                    behind.append(invoice)
    return behind


def test_every_planned_date_is_a_working_day_on_or_after_the_plan_date():
    for seed in range(30):
        case = KIND.generate(seed, "difficile")
        for action in KIND.solve(case)["actions"]:
            day = date.fromisoformat(action["date"])
            assert law.is_working_day(day, case["company"]["departement"]) and action["date"] >= case["plan_date"]


def test_generation_is_deterministic_and_the_public_case_has_no_answer():
    case = KIND.generate(42)
    assert KIND.generate(42) == case and KIND.generate(43) != case
    assert not set(KIND.solve(case)) & set(KIND.public_case(case))


def test_the_cli_prints_the_contract_keys(cli, tmp_path):
    case = json_of(cli("generate", "dunning-plan", "--seed", 7))
    assert {"as_of", "customers", "invoices", "payments", "credit_notes", "disputed", "policy",
            "actions_done"} <= set(case)
    assert {"segment", "risk_class", "credit_limit"} <= set(case["customers"][0])
    solution = json_of(cli("solve", "dunning-plan", "--seed", 7))
    actions = solution["actions"]
    assert actions and all({"date", "type"} <= set(a) and ("invoice" in a) != ("customer" in a) for a in actions)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps({"actions": actions, "priorities": solution["priorities"]}), encoding="utf-8")
    grade = json_of(cli("grade", "dunning-plan", "--seed", 7, "--submission", path))
    assert grade["score"] == grade["max_score"] > 0


def test_the_case_page_asks_actions_in_drop_downs_and_dates_on_one_line_and_corrects_them(client, case_page):
    from html import unescape

    from core.frenchnum import format_date

    url = case_page(KIND.slug, "standard", 7)
    solution = KIND.solve(KIND.generate(7, "standard"))
    page = unescape(client.get(url).get_data(as_text=True))
    invoice = next(iter(solution["plan"]))
    field = f"champ-plan-{invoice}-type"
    assert f'<select id="{field}" name="plan.{invoice}.type"' in page and "— choisir —" in page
    assert f'type="radio" name="plan.{invoice}.type"' not in page
    date_input = page[page.index(f'name="plan.{invoice}.date"'):]
    assert date_input.index('placeholder="JJ/MM/AAAA" inputmode="numeric"') < date_input.index(">")

    form = {"answers": "1", "revision": "0", "priorities": ", ".join(solution["priorities"]) or "aucun"}
    for invoice_id, planned in solution["plan"].items():
        form[f"plan.{invoice_id}.type"] = planned["type"]
        form[f"plan.{invoice_id}.date"] = format_date(date.fromisoformat(planned["date"]))
    form.update({f"blocage.{customer}": answer for customer, answer in solution["blocage"].items()})
    corrected = unescape(client.post(url + "/submit", data=form, follow_redirects=True).get_data(as_text=True))
    expected = solution["plan"][invoice]["date"]
    assert "Correction" in corrected and expected not in corrected  # the graded item's ISO date is not shown
    assert f"<dt>Réponse attendue</dt><dd>{format_date(date.fromisoformat(expected))}</dd>" in corrected

"""The `insolvency-claim` kind: the worked example of lesson 12-02 computed by hand, one test per rule of
REFERENCE §6 (each trap of the generated cases), French answers, garbage, determinism, levels and the CLI."""

from __future__ import annotations

import copy
import json
from datetime import date

import pytest

from simulator import law
from simulator.grading import date_error, grade_date, read_date
from simulator.registry import get_kind

KIND = get_kind("insolvency-claim")
RATES_2025 = [{"start": "2025-01-01", "end": "2025-06-30", "rate": 0.1315},
              {"start": "2025-07-01", "end": "2025-12-31", "rate": 0.1215}]
DEBTOR = "Menuiseries Durand"


def _invoice(id, delivered, due, amount, invoiced=None):
    return {"id": id, "customer": DEBTOR, "date": invoiced or delivered, "delivery_date": delivered,
            "due_date": due, "amount": amount, "description": "panneaux"}


def _lot(id, invoice, delivered, held=True):
    return {"id": id, "invoice": invoice, "delivery_date": delivered, "description": "panneaux",
            "held_by_debtor": held, "fate": None if held else "resold",
            "fate_label": "en stock" if held else "revendues à un client du débiteur avant le jugement"}


def lesson_case(**changes):
    """Lesson 12-02 (Menuiseries Durand, redressement judiciaire of Tuesday 02/09/2025, BODACC 11/09/2025,
    60 days from invoice date, 12.15 % in H2 2025) and lesson 12-03 (CGV signed in 2023, goods of F-0828 in
    stock, those of F-0515 resold)."""
    case = {
        "kind": "insolvency-claim", "seed": 0, "level": "standard",
        "procedure": "redressement_judiciaire", "procedure_label": "redressement judiciaire",
        "court": "le tribunal de commerce de Nantes",
        "judgment_date": "2025-09-02", "publication_date": "2025-09-11", "as_of": "2025-09-15",
        "receiver": {"role": "mandataire judiciaire", "name": "Me Anne Perrin"}, "administrator": None,
        "company": {"name": DEBTOR, "city": "Nantes"},
        "creditor": {"name": "Bois & Panneaux de l’Ouest", "city": "Angers", "country": "France"},
        "creditor_abroad": False,
        "contract": {"id": "CC-2023-01", "label": "contrat-cadre d’approvisionnement n° CC-2023-01"},
        "payment_terms_days": 60, "vat_rate": 0.2,
        "invoices": [_invoice("F-0515", "2025-05-15", "2025-07-14", 12480),
                     _invoice("F-0620", "2025-06-20", "2025-08-19", 9600),
                     _invoice("F-0828", "2025-08-28", "2025-10-27", 7200),
                     _invoice("F-0902", "2025-09-02", "2025-11-01", 4320)],
        "payments": [{"id": "RG-1", "customer": DEBTOR, "date": "2025-07-31", "amount": 4000, "invoice": "F-0515",
                      "method": "virement"}],
        "credit_notes": [{"id": "A-0812", "customer": DEBTOR, "date": "2025-08-12", "amount": 1080,
                          "contract": "CC-2023-01", "contract_label": "contrat-cadre d’approvisionnement n° CC-2023-01",
                          "reason": "Panneaux abîmés repris"}],
        "penalty_rates": RATES_2025,
        "reservation_of_title": {
            "clause": True, "accepted_in_writing": True, "accepted_on": "2023-03-01", "terms": "CGV signées",
            "goods": [_lot("L1", "F-0515", "2025-05-15", held=False), _lot("L2", "F-0828", "2025-08-28")]},
    }
    case.update(changes)
    return case


def _plain(text: str) -> str:
    """Feedback with its non-breaking spaces (French typography) as plain spaces."""
    return text.replace("\u00a0", " ")


def _items(case, submission):
    return {item.id: item for item in KIND.grade(case, submission).items}


# --- the lesson's example, by hand ---------------------------------------------------------------------------


def test_lesson_example_is_the_model_answer():
    solution = KIND.solve(lesson_case())
    # 11/09/2025 + 2 months = 11/11/2025, a public holiday -> Wednesday 12/11/2025 (R622-24, CPC 641-642)
    assert solution["declaration_deadline"] == "2025-11-12"
    # F-0515: 12 480 x 12.15 % x 17/365 (15-31/07, the payment day counts at the old amount)
    #       + 8 480 x 12.15 % x 32/365 (01/08-01/09, the day before the judgment) = 70.62 + 90.33 = 160.95
    # F-0620: 9 600 x 12.15 % x 13/365 (20/08-01/09) = 41.54
    assert solution["lines"] == [
        {"invoice": "F-0515", "status": "echue", "due_date": "2025-07-14", "principal": 8480.0, "penalties": 160.95,
         "indemnity": 40.0},
        {"invoice": "F-0620", "status": "echue", "due_date": "2025-08-19", "principal": 9600.0, "penalties": 41.54,
         "indemnity": 40.0},
        {"invoice": "F-0828", "status": "a_echoir", "due_date": "2025-10-27", "principal": 7200.0, "penalties": 0.0,
         "indemnity": 0.0},
    ]
    assert solution["excluded"] == ["F-0902"]  # delivered on the judgment date: a créance postérieure
    assert solution["set_off"] == 1080.0
    # 8 480 + 160.95 + 40 + 9 600 + 41.54 + 40 + 7 200 - 1 080 = 24 482.49
    assert solution["total_declared"] == 24482.49
    # 11/09/2025 + 3 months = Thursday 11/12/2025 (L624-9); only the lot in stock is claimed back
    assert solution["revendication"] == ["L2"]
    assert solution["revendication_deadline"] == "2025-12-11"
    assert solution["invoice_lines"]["F-0515"] == {"status": "echue", "principal": 8480.0, "penalties": 160.95,
                                                   "indemnity": 40.0}


def test_the_feedback_shows_the_dates_and_the_computation_with_the_articles():
    items = _items(lesson_case(), {})
    deadline = _plain(items["declaration_deadline"].feedback)
    assert "11/09/2025 + 2 mois" in deadline and "R. 622-24" in deadline
    assert "le 11/11/2025 est le 11 Novembre, jour férié" in deadline and "12/11/2025" in deadline and "642 CPC" in deadline
    penalties = _plain(items["invoice_lines.F-0515.penalties"].feedback)
    assert "17 jours du 15/07/2025 au 31/07/2025" in penalties and "32 jours du 01/08/2025 au 01/09/2025" in penalties
    assert "12,15 %" in penalties and "L. 622-28" in penalties and "160,95 €" in penalties
    assert "L. 622-17" in items["excluded"].feedback
    liquidation = lesson_case(procedure="liquidation_judiciaire", procedure_label="liquidation judiciaire",
                              receiver={"role": "liquidateur", "name": "Me Anne Perrin"})
    assert "L. 641-13" in _items(liquidation, {})["excluded"].feedback
    assert "au liquidateur (Me Anne Perrin)" in _items(liquidation, {})["revendication_deadline"].feedback
    assert "L. 622-7" in items["set_off"].feedback
    assert "L. 624-9" in items["revendication_deadline"].feedback
    assert all(item.feedback.startswith("Non renseigné") for item in items.values())


def test_a_creditor_abroad_has_two_more_months_to_declare_but_not_to_claim_goods_back():
    case = lesson_case(creditor_abroad=True, creditor={"name": "Ardenne Panneaux SRL", "city": "Liège",
                                                      "country": "Belgique"})
    solution = KIND.solve(case)
    # 11/09/2025 + 4 months = 11/01/2026, a Sunday -> Monday 12/01/2026
    assert solution["declaration_deadline"] == "2026-01-12"
    assert solution["revendication_deadline"] == "2025-12-11"
    feedback = _items(case, {})["declaration_deadline"].feedback
    assert "hors de France métropolitaine" in feedback and "Belgique" in feedback


# --- the holidays of the debtor's seat (Alsace-Moselle) ------------------------------------------------------


def test_a_debtor_seated_in_metz_keeps_noel_and_saint_etienne():
    # BODACC Monday 25/08/2025, creditor abroad: + 4 months = Thursday 25/12/2025 (Noël). Nationally the deadline
    # is Friday 26/12/2025; the debtor is seated in Metz (57), where 26/12 (Saint-Étienne) is a holiday too
    # (C. trav. L. 3134-13): Saturday 27, Sunday 28 -> Monday 29/12/2025. Revendication: + 3 months = Tuesday
    # 25/11/2025, worked everywhere.
    case = lesson_case(publication_date="2025-08-25", creditor_abroad=True,
                       company={"name": DEBTOR, "city": "Metz", "departement": "57"},
                       creditor={"name": "Ardenne Panneaux SRL", "city": "Liège", "country": "Belgique"})
    solution = KIND.solve(case)
    assert solution["declaration_deadline"] == "2025-12-29"
    assert law.declaration_deadline(date(2025, 8, 25), creditor_abroad=True) == date(2025, 12, 26)
    assert solution["revendication_deadline"] == "2025-11-25"
    feedback = _plain(_items(case, {})["declaration_deadline"].feedback)
    assert ("le 25/12/2025 est Noël, jour férié, et le 26/12/2025 la Saint-Étienne, jour férié en Moselle, dans le "
            "Bas-Rhin et le Haut-Rhin (C. trav. L. 3134-13) : le délai est prorogé au premier jour ouvrable suivant, "
            "le 29/12/2025 (art. 642 CPC)") in feedback
    assert "siège du débiteur, Metz (57)" in feedback
    lyon = lesson_case(publication_date="2025-08-25", creditor_abroad=True,
                       company={"name": DEBTOR, "city": "Lyon", "departement": "69"})
    assert KIND.solve(lyon)["declaration_deadline"] == "2025-12-26"
    assert "siège du débiteur" not in _items(lyon, {})["declaration_deadline"].feedback


def test_generated_debtors_are_seated_in_the_three_departements_too():
    seats = {KIND.generate(seed, "standard")["company"]["departement"] for seed in range(200)}
    assert {"57", "67", "68"} <= seats


def _differs_from_national(case) -> bool:
    publication = date.fromisoformat(case["publication_date"])
    return law.declaration_deadline(publication, case["creditor_abroad"]) != law.declaration_deadline(
        publication, case["creditor_abroad"], case["company"]["departement"])


def test_some_generated_case_has_a_deadline_moved_by_a_local_holiday():
    seed = next(seed for seed in range(5000) if _differs_from_national(KIND.generate(seed, "facile")))
    case = KIND.generate(seed, "facile")
    assert case["company"]["departement"] in law.ALSACE_MOSELLE
    assert case["court"] == "la chambre commerciale du tribunal judiciaire de Metz"
    publication = date.fromisoformat(case["publication_date"])
    expected = law.declaration_deadline(publication, case["creditor_abroad"], case["company"]["departement"])
    assert KIND.solve(case)["declaration_deadline"] == expected.isoformat()
    feedback = _plain(_items(case, {})["declaration_deadline"].feedback)
    assert "(C. trav. L. 3134-13)" in feedback and f"({case['company']['departement']})" in feedback
    # By hand, for the first such seed (2958): debtor in Metz, BODACC Tuesday 03/02/2026 + 2 months = Friday
    # 03/04/2026, Good Friday (Easter 05/04/2026): kept in Lyon, but in Metz Saturday, Sunday and Easter Monday
    # 06/04 follow -> Tuesday 07/04/2026.
    assert (seed, case["company"]["city"], case["publication_date"]) == (2958, "Metz", "2026-02-03")
    assert expected == date(2026, 4, 7)
    assert "le 03/04/2026 est le Vendredi saint, jour férié en Moselle" in feedback
    assert "et le 06/04/2026 le lundi de Pâques, jour férié" in feedback


# --- one test per rule -----------------------------------------------------------------------------------


def test_penalties_stop_the_day_before_the_judgment_not_at_the_declaration():
    case = lesson_case(as_of="2025-11-10")
    # the same F-0620 counted to the as-of date would be 9 600 x 12.15 % x 83/365 = 265.22: not what is declared
    assert KIND.solve(case)["invoice_lines"]["F-0620"]["penalties"] == 41.54


def test_a_delivery_before_the_judgment_invoiced_after_it_is_declared_to_fall_due():
    case = lesson_case()
    case["invoices"].append(_invoice("F-0903", "2025-09-01", "2025-11-02", 2400, invoiced="2025-09-03"))
    solution = KIND.solve(case)
    assert solution["invoice_lines"]["F-0903"] == {"status": "a_echoir", "principal": 2400.0, "penalties": 0.0,
                                                   "indemnity": 0.0}
    assert solution["total_declared"] == pytest.approx(24482.49 + 2400)
    assert "c’est la livraison qui fait naître la créance" in _items(case, {})["invoice_lines.F-0903.status"].feedback


def test_an_invoice_due_on_the_judgment_date_is_to_fall_due_without_penalty_nor_indemnity():
    case = lesson_case()
    case["invoices"].append(_invoice("F-0704", "2025-07-04", "2025-09-02", 1200))
    line = KIND.solve(case)["invoice_lines"]["F-0704"]
    assert line == {"status": "a_echoir", "principal": 1200.0, "penalties": 0.0, "indemnity": 0.0}


def test_a_payment_received_after_the_judgment_does_not_reduce_the_claim():
    case = lesson_case()
    case["payments"].append({"id": "RG-2", "customer": DEBTOR, "date": "2025-09-05", "amount": 9600,
                             "invoice": "F-0620", "method": "virement"})
    solution = KIND.solve(case)
    assert solution["invoice_lines"]["F-0620"]["principal"] == 9600.0
    assert solution["total_declared"] == 24482.49
    assert "restitué" in _items(case, {})["invoice_lines.F-0620.principal"].feedback


def test_a_credit_note_of_a_distinct_contract_is_not_set_off():
    case = lesson_case()
    case["credit_notes"].append({"id": "A-0820", "customer": DEBTOR, "date": "2025-08-20", "amount": 600,
                                 "contract": "LM-2024-03", "contract_label": "contrat de location de matériel",
                                 "reason": "Loyers facturés en double"})
    solution = KIND.solve(case)
    assert solution["set_off"] == 1080.0 and solution["total_declared"] == 24482.49
    assert "non connexe" in _items(case, {})["set_off"].feedback


def test_a_credit_note_on_an_invoice_lowers_its_principal_and_the_penalty_base():
    case = lesson_case()
    case["credit_notes"].append({"id": "A-0825", "customer": DEBTOR, "date": "2025-08-25", "amount": 600,
                                 "invoice": "F-0620", "contract": "CC-2023-01",
                                 "contract_label": "contrat-cadre", "reason": "Erreur de prix"})
    line = KIND.solve(case)["invoice_lines"]["F-0620"]
    # 9 600 x 12.15 % x 6/365 (20-25/08) + 9 000 x 12.15 % x 7/365 (26/08-01/09) = 19.17 + 20.97 = 40.14
    assert line["principal"] == 9000.0 and line["penalties"] == 40.14
    assert KIND.solve(case)["set_off"] == 1080.0  # imputed on its invoice, not set off a second time


def test_an_invoice_paid_on_time_is_not_declared_and_its_goods_are_not_claimed_back():
    case = lesson_case()
    case["invoices"].insert(0, _invoice("F-0410", "2025-04-10", "2025-06-09", 3000))
    case["payments"].append({"id": "RG-0", "customer": DEBTOR, "date": "2025-06-09", "amount": 3000,
                             "invoice": "F-0410", "method": "LCR"})
    case["reservation_of_title"]["goods"].append(_lot("L3", "F-0410", "2025-04-10"))
    solution = KIND.solve(case)
    assert solution["excluded"] == ["F-0410", "F-0902"]
    assert "F-0410" not in solution["invoice_lines"]
    assert solution["revendication"] == ["L2"]


def test_a_clause_printed_only_on_invoices_claims_nothing_back_and_the_deadline_is_none():
    case = lesson_case()
    case["reservation_of_title"].update(accepted_in_writing=False, accepted_on=None)
    solution = KIND.solve(case)
    assert solution["revendication"] == [] and solution["revendication_deadline"] is None
    items = _items(case, {"revendication": [], "revendication_deadline": "aucune"})
    assert items["revendication"].awarded == items["revendication"].max
    assert items["revendication_deadline"].awarded == items["revendication_deadline"].max
    assert "L. 624-16" in items["revendication"].feedback
    wrong = _items(case, {"revendication_deadline": "11/12/2025"})["revendication_deadline"]
    assert wrong.awarded == 0


def test_a_clause_accepted_after_a_delivery_does_not_cover_it():
    case = lesson_case()
    case["reservation_of_title"]["goods"] = [_lot("L1", "F-0620", "2025-06-20"), _lot("L2", "F-0828", "2025-08-28")]
    case["reservation_of_title"]["accepted_on"] = "2025-07-01"
    assert KIND.solve(case)["revendication"] == ["L2"]
    assert "au plus tard à la livraison" in _items(case, {})["revendication"].feedback


def test_without_any_clause_nothing_is_claimed_back():
    case = lesson_case()
    case["reservation_of_title"].update(clause=False, accepted_in_writing=False, accepted_on=None)
    assert KIND.solve(case)["revendication"] == []


def test_goods_no_longer_held_are_not_claimed_back_in_kind():
    feedback = _items(lesson_case(), {})["revendication"].feedback
    assert "L1" in feedback and "L. 624-18" in feedback


# --- answers as trainees type them --------------------------------------------------------------------------


def test_french_answers_as_a_form_posts_them_earn_full_marks():
    form = {"declaration_deadline": "12/11/2025", "revendication_deadline": "11/12/2025",
            "invoice_lines.F-0515.status": "echue", "invoice_lines.F-0515.principal": "8 480,00",
            "invoice_lines.F-0515.penalties": "160,95", "invoice_lines.F-0515.indemnity": "40",
            "invoice_lines.F-0620.status": "echue", "invoice_lines.F-0620.principal": "9\u00a0600",
            "invoice_lines.F-0620.penalties": "41,54 €", "invoice_lines.F-0620.indemnity": "40,00",
            "invoice_lines.F-0828.status": "a_echoir", "invoice_lines.F-0828.principal": "7 200",
            "invoice_lines.F-0828.penalties": "0", "invoice_lines.F-0828.indemnity": "0",
            "excluded": ["F-0902"], "set_off": "1 080", "total_declared": "24 482,49", "revendication": ["L2"]}
    case = lesson_case()
    assert KIND.check_submission(case, form) == {}
    grade = KIND.grade(case, form)
    assert grade.score == grade.max_score


def test_a_contract_shaped_lines_list_is_graded_too():
    solution = KIND.solve(lesson_case())
    del solution["invoice_lines"]
    grade = KIND.grade(lesson_case(), solution)
    assert grade.score == grade.max_score


def test_one_cent_off_a_penalty_is_still_right_two_cents_are_not():
    case = lesson_case()
    assert _items(case, {"invoice_lines.F-0515.penalties": "160,96"})["invoice_lines.F-0515.penalties"].awarded == 1
    assert _items(case, {"invoice_lines.F-0515.penalties": "160,97"})["invoice_lines.F-0515.penalties"].awarded == 0


def test_declaring_a_later_delivery_loses_the_exclusion_points_in_part():
    items = _items(lesson_case(), {"excluded": ["F-0902", "F-0828"]})
    assert items["excluded"].awarded == 0  # one right tick, one wrong: floored at 0
    assert _items(lesson_case(), {"excluded": ["F-0902"]})["excluded"].awarded == 2


@pytest.mark.parametrize("junk", [{}, [], "texte", None, 42, {"lines": "x"}, {"lines": [None, 3, {"invoice": []}]},
                                  {"invoice_lines": {"F-0515": ["x"]}}, {"declaration_deadline": "31/02/2025"},
                                  {"declaration_deadline": 20251112, "excluded": "F-9999", "set_off": "1e999"},
                                  {"revendication": [["L2"]], "revendication_deadline": True}])
def test_garbage_never_raises_and_earns_nothing(junk):
    case = lesson_case()
    grade = KIND.grade(case, junk)
    assert grade.score == 0 and grade.max_score > 0
    errors = KIND.check_submission(case, junk)
    assert all(isinstance(message, str) and message for message in errors.values())


def test_unreadable_dates_are_pointed_out_in_french():
    errors = KIND.check_submission(lesson_case(), {"declaration_deadline": "le 12 novembre",
                                                   "revendication_deadline": "aucune"})
    assert list(errors) == ["declaration_deadline"] and "JJ/MM/AAAA" in errors["declaration_deadline"]


def test_date_answers_are_read_in_french_or_iso():
    assert read_date("12/11/2025") == read_date("2025-11-12") == read_date(" 12.11.2025 ") == date(2025, 11, 12)
    assert read_date("2/1/2026") == date(2026, 1, 2)
    for bad in ("12/13/2025", "demain", 20251112, None):
        with pytest.raises(ValueError):
            read_date(bad)
    assert date_error("") is None and date_error("Aucune") is None and date_error("31/02/2025")
    right = grade_date("d", "Délai", date(2025, 11, 12), "12/11/2025", points=2, explanation="")
    assert right.awarded == 2 and right.expected == "2025-11-12"
    assert grade_date("d", "Délai", date(2025, 11, 12), "aucune", points=2, explanation="").awarded == 0
    assert grade_date("d", "Délai", None, None, points=2, explanation="").awarded == 2


# --- generated cases ----------------------------------------------------------------------------------------


def test_generation_is_deterministic_and_levels_change_the_size():
    assert KIND.generate(11, "difficile") == KIND.generate(11, "difficile")
    sizes = {level: sum(len(KIND.generate(seed, level)["invoices"]) for seed in range(20))
             for level in ("facile", "standard", "difficile")}
    assert sizes["facile"] < sizes["standard"] < sizes["difficile"]
    with pytest.raises(ValueError):
        KIND.generate(1, "expert")


def test_difficult_cases_hold_every_trap():
    for seed in range(10):
        case = KIND.generate(seed, "difficile")
        judgment = case["judgment_date"]
        solution = KIND.solve(case)
        invoices = case["invoices"]
        assert any(i["delivery_date"] == judgment for i in invoices)  # postérieure by a day
        assert any(i["delivery_date"] < judgment <= i["date"] for i in invoices)  # invoiced after the judgment
        assert any(i["due_date"] == judgment for i in invoices)  # due on the judgment date
        assert any(p["date"] >= judgment for p in case["payments"])  # paid after the judgment
        assert any(n["contract"] != case["contract"]["id"] for n in case["credit_notes"])  # not connected
        assert solution["excluded"] and solution["lines"]


def test_generated_cases_are_coherent():
    for level in ("facile", "standard", "difficile"):
        for seed in range(30):
            case = KIND.generate(seed, level)
            judgment, publication = case["judgment_date"], case["publication_date"]
            assert judgment < publication <= case["as_of"]
            assert all(i["delivery_date"] <= i["date"] < i["due_date"] for i in case["invoices"])
            assert all(d["date"] <= case["as_of"] for d in case["invoices"] + case["payments"] + case["credit_notes"])
            assert len({i["id"] for i in case["invoices"]}) == len(case["invoices"])
            assert not case["creditor_abroad"] or case["creditor"]["country"] != "France"
            if level == "facile":
                assert not case["creditor_abroad"]
            solution = KIND.solve(case)
            assert solution["total_declared"] > 0
            lots = {lot["id"]: lot for lot in case["reservation_of_title"]["goods"]}
            assert all(lots[lot]["held_by_debtor"] for lot in solution["revendication"])
            assert (solution["revendication_deadline"] is None) == (not solution["revendication"])


def test_a_wrong_line_loses_only_its_item():
    case = KIND.generate(5, "standard")
    solution = KIND.solve(case)
    first = solution["lines"][0]["invoice"]
    changed = copy.deepcopy(solution)
    changed["invoice_lines"][first]["principal"] += 100
    items = {item.id: item for item in KIND.grade(case, changed).items}
    assert items[f"invoice_lines.{first}.principal"].awarded == 0
    assert sum(item.awarded for item in items.values()) == KIND.grade(case, solution).max_score - 1


# --- CLI ----------------------------------------------------------------------------------------------------


def test_cli_prints_the_contract_keys(cli, tmp_path):
    generated = cli("generate", "insolvency-claim", "--seed", 7, "--level", "difficile")
    assert generated.exit_code == 0, generated.output
    case = json.loads(generated.stdout)
    assert {"procedure", "judgment_date", "publication_date", "creditor_abroad", "invoices", "payments",
            "credit_notes", "penalty_rates", "reservation_of_title"} <= set(case)
    assert all("delivery_date" in invoice for invoice in case["invoices"])
    solved = cli("solve", "insolvency-claim", "--seed", 7, "--level", "difficile")
    solution = json.loads(solved.stdout)
    assert {"declaration_deadline", "revendication_deadline", "lines", "excluded", "set_off", "total_declared",
            "revendication"} <= set(solution)
    assert {"invoice", "status", "due_date", "principal", "penalties", "indemnity"} == set(solution["lines"][0])
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(solution), encoding="utf-8")
    graded = json.loads(cli("grade", "insolvency-claim", "--seed", 7, "--level", "difficile",
                            "--submission", path).stdout)
    assert graded["score"] == graded["max_score"] > 0


# --- the case page ------------------------------------------------------------------------------------------


def test_the_case_page_drafts_downloads_and_corrects_an_insolvency_case(client, case_page):
    import io
    from html import unescape

    import openpyxl

    url = case_page(KIND.slug, "difficile", 7)
    case = KIND.generate(7, "difficile")
    page = unescape(client.get(url).get_data(as_text=True))
    judgment = date.fromisoformat(case["judgment_date"]).strftime("%d/%m/%Y")
    assert "Publication au BODACC" in page and judgment in page
    assert case["reservation_of_title"]["terms"] in page
    for invoice in case["invoices"]:
        assert invoice["id"].replace("-", "\u2011") in page
        assert f'name="invoice_lines.{invoice["id"]}.principal"' in page
    deadline = page[page.index('name="declaration_deadline"'):]
    assert deadline.index('placeholder="JJ/MM/AAAA" inputmode="numeric"') < deadline.index(">")
    claim_back = page[page.index('name="revendication_deadline"'):]  # « aucune » is typed: a full keyboard
    assert 'placeholder="JJ/MM/AAAA"' in claim_back[:claim_back.index(">")]
    assert "inputmode" not in claim_back[:claim_back.index(">")]

    draft = client.post(url + "/save", data={"answers": "1", "revision": "0", "declaration_deadline": "le 3 mars",
                                             "set_off": "1 080,5"})
    assert draft.status_code == 400 and "JJ/MM/AAAA" in unescape(draft.get_data(as_text=True))
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "/grille.xlsx").data))
    assert "1 080,5" in [row[4] for row in book["Grille"].iter_rows(values_only=True)]

    solution = KIND.solve(case)
    form = {"answers": "1", "revision": "1", "declaration_deadline": solution["declaration_deadline"],
            "revendication_deadline": solution["revendication_deadline"] or "aucune",
            "excluded": solution["excluded"], "revendication": solution["revendication"],
            "set_off": str(solution["set_off"]).replace(".", ","),
            "total_declared": str(solution["total_declared"]).replace(".", ",")}
    for invoice, line in solution["invoice_lines"].items():
        form.update({f"invoice_lines.{invoice}.{key}": str(value).replace(".", ",") for key, value in line.items()})
    corrected = client.post(url + "/submit", data=form, follow_redirects=True)
    assert corrected.status_code == 200
    text = unescape(corrected.get_data(as_text=True))
    grade = KIND.grade(case, solution)
    score = f"{grade.max_score:g}".replace(".", ",")
    assert f"Note\u00a0: <strong>{score}\u00a0/\u00a0{score}</strong>" in text
    assert "R. 622-24" in text and "L. 622-28" in text

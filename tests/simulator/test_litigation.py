"""The `litigation` kind: a hand-computed claim file (lesson 11-01's Bâtiplus), one test per trap, French
inputs, garbage, determinism, levels and the CLI. Every expected figure is computed by hand in a comment."""

import copy
import io
import json
from collections import Counter
from datetime import date

import pytest

from simulator.kinds.litigation import NOTICE_REQUIRED, Litigation
from simulator.registry import get_kind
from tests.simulator.conftest import json_of

KIND = Litigation()
H1_2025 = 0.1315  # ECB 3.15 % on 1 January 2025 + 10 points
H2_2025 = 0.1215  # ECB 2.15 % on 1 July 2025 + 10 points
RATES = [{"start": "2025-01-01", "end": "2025-06-30", "rate": H1_2025},
         {"start": "2025-07-01", "end": "2025-12-31", "rate": H2_2025}]


def _case(**changes):
    """Bâtiplus SARL (lesson 11-01): 8 400 € due 31/03/2025 and 3 600 € due 30/04/2025, today Monday
    16/06/2025, no mise en demeure yet; ordonnance 04/07/2025 served to the person 22/07/2025."""
    case = {
        "kind": "litigation", "seed": 0, "level": "standard", "today": "2025-06-16",
        "creditor": {"name": "Matériaux de l’Ouest", "siren": "552100554", "legal_form": "SAS",
                     "legal_form_name": "société par actions simplifiée", "city": "Nantes", "departement": "44"},
        "company": {"name": "Bâtiplus", "siren": "732829320", "legal_form": "SARL",
                    "legal_form_name": "société à responsabilité limitée", "city": "Angers", "departement": "49",
                    "status": "une société à responsabilité limitée (SARL) immatriculée au RCS",
                    "managers": [{"name": "Hervé Morel", "title": "Gérant"}]},
        "object": "fournitures et matériaux", "payment_terms_days": 60,
        "invoices": [
            {"id": "F1", "customer": "B", "date": "2025-01-30", "due_date": "2025-03-31", "amount": 8400.0,
             "dispute": None},
            {"id": "F2", "customer": "B", "date": "2025-03-01", "due_date": "2025-04-30", "amount": 3600.0,
             "dispute": None},
        ],
        "payments": [], "formal_notice": None, "events": [],
        "injonction": {"ordonnance_date": "2025-07-04", "service_date": "2025-07-22"},
        "penalty_rates": RATES,
        "facts": {"merchant": True, "acknowledged": False, "contests": {}},
        "narrative": "",
    }
    for key, value in changes.items():
        case[key] = value
    return case


def _plain(items):
    """Graded items by id, their feedback with ordinary spaces (French typography puts non-breaking ones)."""
    for item in items:
        item.feedback = item.feedback.replace("\u00a0", " ").replace("\u202f", " ")
    return {item.id: item for item in items}


def _items(case, submission):
    return _plain(KIND.grade(case, submission).items)


# --- the hand-computed case ----------------------------------------------------------------------------

def test_hand_case_model_answer():
    solution = KIND.solve(_case())
    assert solution["formal_notice_needed"] == "oui"
    assert solution["formal_notice_deadline"] == "2025-06-24"  # 16/06 + 8 days
    assert solution["formal_notice_content"] == list(NOTICE_REQUIRED)
    assert solution["claimed_invoices"] == ["F1", "F2"]
    assert solution["principal"] == 12000.0
    # F1: 01/04..16/06 = 30 + 31 + 16 = 77 days: 8 400 x 13.15 % x 77 / 365 = 233.025... -> 233.03
    # F2: 01/05..16/06 = 31 + 16 = 47 days: 3 600 x 13.15 % x 47 / 365 = 60.958... -> 60.96
    assert solution["penalties"] == pytest.approx(293.99)
    assert solution["indemnities"] == 80.0  # 2 x 40 €
    assert solution["total_claimed"] == pytest.approx(12373.99)  # 12 000 + 293.99 + 80
    assert solution["route"] == "injonction_de_payer"
    assert solution["court"] == "tribunal_commerce_debiteur"
    # 04/07/2025 + 6 months = Sunday 04/01/2026 -> Monday 05/01/2026 (CPC 642)
    assert solution["service_deadline"] == "2026-01-05"
    # 22/07/2025 + 1 month = Friday 22/08/2025; enforceable from the next day
    assert solution["opposition_deadline"] == "2025-08-22"
    assert solution["enforceable_from"] == "2025-08-23"
    assert solution["formule_executoire"] == "deja_apposee"


def test_hand_case_full_marks_and_feedback_shows_the_arithmetic():
    case = _case()
    grade = KIND.grade(case, KIND.solve(case))
    assert grade.score == grade.max_score == 20
    items = _plain(grade.items)
    assert "8 400,00 € × 13,15 % (77 j)" in items["penalties"].feedback
    assert "233,03 €" in items["penalties"].feedback and "60,96 €" in items["penalties"].feedback
    assert "2 × 40 €" in items["indemnities"].feedback
    assert "art. 1406 CPC" in items["court"].feedback and "tribunal de commerce d’Angers" in items["court"].feedback
    assert "le 04/01/2026 est un dimanche" in items["service_deadline"].feedback
    assert "art. 642 CPC" in items["service_deadline"].feedback
    assert "art. 1416 CPC" in items["opposition_deadline"].feedback
    assert "art. 1410 CPC" in items["formule_executoire"].feedback


def test_a_debtor_seated_in_strasbourg_keeps_good_friday():
    # Served Tuesday 03/03/2026: + 1 month = Friday 03/04/2026, Good Friday (Easter Sunday 05/04/2026). In Angers
    # it is worked; in Strasbourg (67) it is a holiday (C. trav. L. 3134-13), then Saturday, Sunday and Easter
    # Monday 06/04: the last day to oppose is Tuesday 07/04/2026, enforceable from Wednesday 08/04/2026.
    # Ordonnance 17/02/2026 + 6 months = Monday 17/08/2026, worked everywhere.
    agenda = {"ordonnance_date": "2026-02-17", "service_date": "2026-03-03"}
    angers = KIND.solve(_case(injonction=agenda))
    assert (angers["opposition_deadline"], angers["enforceable_from"]) == ("2026-04-03", "2026-04-04")
    debtor = {**_case()["company"], "city": "Strasbourg", "departement": "67"}
    case = _case(injonction=agenda, company=debtor)
    solution = KIND.solve(case)
    assert solution["service_deadline"] == "2026-08-17"
    assert (solution["opposition_deadline"], solution["enforceable_from"]) == ("2026-04-07", "2026-04-08")
    fields = {field["id"]: field for field in KIND.form_fields(case)}
    assert "2026-04-03" in [option["value"] for option in fields["opposition_deadline"]["options"]]  # national
    assert "2026-04-04" in [option["value"] for option in fields["enforceable_from"]["options"]]
    items = _items(case, {"opposition_deadline": "2026-04-03"})
    assert items["opposition_deadline"].awarded == 0
    feedback = items["opposition_deadline"].feedback
    assert ("le 03/04/2026 est le Vendredi saint, jour férié en Moselle, dans le Bas-Rhin et le Haut-Rhin (C. trav. "
            "L. 3134-13), et le 06/04/2026 le lundi de Pâques, jour férié ; le délai est prorogé au premier jour "
            "ouvrable suivant (art. 642 CPC), le mardi 07/04/2026") in feedback
    assert "siège du débiteur, Strasbourg (67)" in feedback
    assert "siège du débiteur" not in _items(_case(injonction=agenda), {})["opposition_deadline"].feedback


def test_french_inputs_earn_full_marks():
    case = _case()
    answers = {**KIND.solve(case), "principal": "12 000", "penalties": "293,99", "indemnities": "80",
               "total_claimed": "12 373,99 €"}
    grade = KIND.grade(case, answers)
    assert grade.score == grade.max_score
    assert KIND.check_submission(case, answers) == {}


def test_penalty_tolerance_is_fifty_cents():
    case = _case()
    assert _items(case, {"penalties": "294,49"})["penalties"].awarded == 2
    # the lesson's printed 294,99 € is one euro off the sum 233,03 + 60,96
    assert _items(case, {"penalties": "294,99"})["penalties"].awarded == 0


# --- one test per trap -----------------------------------------------------------------------------------

def test_partial_payment_lowers_principal_and_penalty_base_from_the_next_day():
    case = _case(payments=[{"id": "R1", "customer": "B", "date": "2025-05-15", "amount": 3000.0, "invoice": "F1"}])
    solution = KIND.solve(case)
    assert solution["principal"] == 9000.0  # 12 000 - 3 000
    # F1: 01/04..15/05 = 45 days on 8 400, 16/05..16/06 = 32 days on 5 400:
    # (8 400 x 45 + 5 400 x 32) x 13.15 % / 365 = (378 000 + 172 800) x 0.1315 / 365 = 198.438... -> 198.44
    # F2 unchanged: 60.96 -> 259.40
    assert solution["penalties"] == pytest.approx(259.40)
    assert solution["total_claimed"] == pytest.approx(9339.40)  # 9 000 + 259.40 + 80
    assert "base réduite de 3 000,00 € à partir du 16/05/2025" in _items(case, {})["penalties"].feedback


def test_penalties_follow_the_half_year_table():
    case = _case(today="2025-07-10", invoices=[_case()["invoices"][0]])
    # 01/04..30/06 = 91 days at 13.15 %, 01/07..10/07 = 10 days at 12.15 %:
    # 8 400 x (0.1315 x 91 + 0.1215 x 10) / 365 = 8 400 x 13.1815 / 365 = 303.355... -> 303.36
    assert KIND.solve(case)["penalties"] == pytest.approx(303.36)
    assert "13,15 % (91 j) puis 12,15 % (10 j)" in _items(case, {})["penalties"].feedback


def test_seriously_disputed_invoice_is_not_claimed():
    case = _case(facts={"merchant": True, "acknowledged": False, "contests": {"F2": "serieuse"}})
    solution = KIND.solve(case)
    assert solution["claimed_invoices"] == ["F1"]
    assert solution["principal"] == 8400.0
    assert solution["total_claimed"] == pytest.approx(8673.03)  # 8 400 + 233.03 + 40
    assert solution["route"] == "injonction_de_payer"
    assert "contestée sérieusement" in _items(case, {})["claimed_invoices"].feedback


def test_invoice_not_yet_due_is_not_claimed():
    invoices = _case()["invoices"] + [{"id": "F3", "customer": "B", "date": "2025-05-16", "due_date": "2025-07-15",
                                       "amount": 5000.0, "dispute": None}]
    solution = KIND.solve(_case(invoices=invoices))
    assert solution["claimed_invoices"] == ["F1", "F2"]
    assert solution["total_claimed"] == pytest.approx(12373.99)
    ticked_too_much = _items(_case(invoices=invoices), {"claimed_invoices": ["F1", "F2", "F3"]})
    assert ticked_too_much["claimed_invoices"].awarded == pytest.approx(1.0)  # (2 right - 1 wrong) / 2 x 2 points


def test_dilatory_contest_leads_to_the_refere_provision_and_stays_claimed():
    case = _case(facts={"merchant": True, "acknowledged": False, "contests": {"F2": "dilatoire"}})
    solution = KIND.solve(case)
    assert solution["route"] == "refere_provision"
    assert solution["claimed_invoices"] == ["F1", "F2"]
    assert solution["court"] == "tribunal_commerce_debiteur"
    feedback = _items(case, {})["route"].feedback
    assert "art. 873 al. 2 CPC" in feedback and "835 al. 2" in feedback


def test_non_merchant_debtor_goes_to_the_tribunal_judiciaire():
    debtor = {**_case()["company"], "name": "SCI Morel Patrimoine", "legal_form": "SCI",
              "legal_form_name": "société civile immobilière"}
    case = _case(company=debtor, facts={"merchant": False, "acknowledged": False, "contests": {}})
    assert KIND.solve(case)["court"] == "tribunal_judiciaire_debiteur"
    item = _items(case, {"court": "tribunal_commerce_debiteur"})["court"]
    assert item.awarded == 0
    assert "tribunal judiciaire d’Angers" in item.feedback and "n’est pas commerçant" in item.feedback
    labels = {option["value"]: option["label"] for option in KIND.form_fields(case)[9]["options"]}
    assert labels["tribunal_judiciaire_debiteur"] == "Tribunal judiciaire d’Angers (siège du débiteur)"
    assert labels["tribunal_commerce_creancier"] == "Tribunal de commerce de Nantes (votre siège)"


def test_small_acknowledged_claim_goes_to_the_petites_creances():
    invoices = copy.deepcopy(_case()["invoices"])
    invoices[0]["amount"], invoices[1]["amount"] = 2000.0, 1500.0
    case = _case(invoices=invoices, facts={"merchant": True, "acknowledged": True, "contests": {}})
    solution = KIND.solve(case)
    # 2 000 x 13.15 % x 77 / 365 = 55.482 -> 55.48 ; 1 500 x 13.15 % x 47 / 365 = 25.399 -> 25.40
    assert solution["penalties"] == pytest.approx(80.88)
    assert solution["total_claimed"] == pytest.approx(3660.88)  # 3 500 + 80.88 + 80 <= 5 000
    assert solution["route"] == "petites_creances"
    assert solution["court"] == "commissaire_justice"
    silent = _case(invoices=invoices)  # same amounts, the debtor never acknowledged: no agreement to expect
    assert KIND.solve(silent)["route"] == "injonction_de_payer"


def test_acknowledged_claim_above_5000_euros_goes_to_the_injonction():
    case = _case(facts={"merchant": True, "acknowledged": True, "contests": {}})
    assert KIND.solve(case)["route"] == "injonction_de_payer"
    assert "dépasse 5 000 €" in _items(case, {})["route"].feedback


def test_mise_en_demeure_already_sent_is_not_repeated():
    case = _case(formal_notice={"date": "2025-06-02", "received_on": "2025-06-04"})
    solution = KIND.solve(case)
    assert solution["formal_notice_needed"] == "non"
    assert solution["formal_notice_deadline"] == "2025-06-10"  # 02/06 + 8 days
    assert _items(case, {"formal_notice_needed": "oui"})["formal_notice_needed"].awarded == 0


def test_formal_notice_content_rejects_the_classic_errors():
    items = _items(_case(), {"formal_notice_content": [*NOTICE_REQUIRED, "prescription"]})
    assert items["formal_notice_content"].awarded == pytest.approx(2 * 5 / 6)  # (6 right - 1 wrong) / 6
    assert "n’interrompt pas la prescription" in items["formal_notice_content"].feedback


def test_the_old_formule_executoire_request_is_wrong_since_march_2022():
    item = _items(_case(), {"formule_executoire": "demande_un_mois"})["formule_executoire"]
    assert item.awarded == 0 and "ancien art. 1423 CPC" in item.feedback


def test_opposition_counted_from_the_ordonnance_is_a_wrong_option():
    fields = {field["id"]: field for field in KIND.form_fields(_case())}
    values = [option["value"] for option in fields["opposition_deadline"]["options"]]
    assert "2025-08-22" in values and "2025-08-04" in values  # 04/07 + 1 month: counted from the ordonnance
    assert _items(_case(), {"opposition_deadline": "2025-08-04"})["opposition_deadline"].awarded == 0


# --- robustness, levels, generation ------------------------------------------------------------------------

@pytest.mark.parametrize("submission", [{}, [], "x", None, {"route": ["a"]}, {"claimed_invoices": "F1"},
                                        {"principal": "douze mille"}, {"formal_notice_content": {"a": 1}},
                                        {"penalties": 1e308}, {"service_deadline": 20260105}])
def test_garbage_never_raises_and_stays_in_bounds(submission):
    grade = KIND.grade(_case(), submission)
    assert 0 <= grade.score <= grade.max_score == 20
    errors = KIND.check_submission(_case(), submission)
    assert all(isinstance(message, str) and message for message in errors.values())


def test_unreadable_answers_are_pointed_out_field_by_field():
    errors = KIND.check_submission(_case(), {"principal": "douze mille", "route": "procès", "claimed_invoices": ["F9"]})
    assert set(errors) == {"principal", "route", "claimed_invoices"}


def test_kind_is_registered_and_generation_is_deterministic():
    assert get_kind("litigation").module == "11-contentieux"
    for level in ("facile", "standard", "difficile"):
        assert KIND.generate(7, level) == KIND.generate(7, level)
    assert KIND.generate(7, "facile") != KIND.generate(7, "difficile")
    with pytest.raises(ValueError):
        KIND.generate(1, "expert")


def test_public_case_hides_the_facts():
    case = KIND.generate(11, "difficile")
    public = KIND.public_case(case)
    assert "facts" in case and "facts" not in public
    assert not set(public) & set(KIND.solve(case))


@pytest.mark.parametrize("level", ["facile", "standard", "difficile"])
def test_generated_cases_are_coherent(level):
    for seed in range(60):
        case = KIND.generate(seed, level)
        today = date.fromisoformat(case["today"])
        assert case["company"]["city"] != case["creditor"]["city"]
        for invoice in case["invoices"]:
            assert date.fromisoformat(invoice["date"]) <= today
            assert (date.fromisoformat(invoice["due_date"]) - date.fromisoformat(invoice["date"])).days <= 60
        solution = KIND.solve(case)
        assert solution["claimed_invoices"]
        # away from the petites créances threshold either way
        assert solution["total_claimed"] <= 4_500 or solution["total_claimed"] >= 6_000
        fields = KIND.form_fields(case)
        for field in fields:
            if field["type"] == "choice" and field["id"].endswith(("deadline", "from")):
                values = [option["value"] for option in field["options"]]
                assert solution[field["id"]] in values and len(values) == len(set(values)) >= 3
        assert "  " not in case["narrative"] and " le 1 " not in case["narrative"]


def test_levels_change_the_traps_not_the_rules():
    facile = Counter(KIND.solve(KIND.generate(seed, "facile"))["route"] for seed in range(40))
    assert facile == Counter({"injonction_de_payer": 40})
    routes, courts, excluded = Counter(), Counter(), 0
    for seed in range(120):
        case = KIND.generate(seed, "difficile")
        solution = KIND.solve(case)
        routes[solution["route"]] += 1
        courts[solution["court"]] += 1
        excluded += len(case["invoices"]) > len(solution["claimed_invoices"])
    assert set(routes) == {"injonction_de_payer", "refere_provision", "petites_creances"}
    assert set(courts) == {"tribunal_commerce_debiteur", "tribunal_judiciaire_debiteur", "commissaire_justice"}
    assert excluded > 60


def test_cli_prints_the_case_the_solution_and_the_grade(cli):
    def run(*args, input=None):
        return json_of(cli(*args, input=input))

    case = run("generate", "litigation", "--seed", 5, "--level", "difficile")
    assert {"today", "company", "creditor", "invoices", "payments", "formal_notice", "events", "injonction",
            "penalty_rates"} <= set(case) and "facts" not in case
    solution = run("solve", "litigation", "--seed", 5, "--level", "difficile")
    assert {"formal_notice_needed", "claimed_invoices", "principal", "penalties", "indemnities", "total_claimed",
            "route", "court", "service_deadline", "opposition_deadline", "enforceable_from"} <= set(solution)
    grade = run("grade", "litigation", "--seed", 5, "--level", "difficile", "--submission", "-",
                input=json.dumps(solution))
    assert grade["score"] == grade["max_score"] == 20


# --- the pages ------------------------------------------------------------------------------------------------

def test_case_page_correction_and_grille(client, case_page):
    from html import unescape

    import openpyxl

    url = case_page("litigation", "difficile", 5, cohort="L")
    case = KIND.generate(5, "difficile")
    solution = KIND.solve(case)
    page = unescape(client.get(url).get_data(as_text=True))
    assert "Factures du client" in page and "Historique du dossier" in page and "Taux des pénalités" in page
    assert all(invoice["id"] in page for invoice in case["invoices"])
    assert "<caption" in page and 'scope="col"' in page and "Réponse attendue" not in page
    assert 'name="formal_notice_content"' in page and 'name="court"' in page

    grille = client.get(url + "/grille.xlsx")
    assert grille.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(grille.data))
    assert "Grille" in book.sheetnames and "Bilan" not in book.sheetnames

    form = {"answers": "1", "revision": "0", **{key: value for key, value in solution.items()}}
    form = {key: ([str(v) for v in value] if isinstance(value, list) else str(value).replace(".", ","))
            if key not in ("service_deadline", "opposition_deadline", "enforceable_from", "formal_notice_deadline")
            else value for key, value in form.items()}
    response = client.post(url + "/submit", data=form)
    assert response.status_code == 303
    corrected = unescape(client.get(url).get_data(as_text=True))
    assert "Correction" in corrected and "Réponse attendue" in corrected and "art. 1411 CPC" in corrected
    assert "20 / 20" in corrected.replace("\u00a0", " ") or "20/20" in corrected.replace("\u00a0", " ")

"""The phone-call kind: a dunning call as a branching dialogue graded on the course's four steps (module 09,
REFERENCE §5 and §7), and its fiche d'appel (penalties L. 441-10, indemnity D. 441-5).

The fiche figures are checked on hand-made accounts, with the arithmetic in the comments; the dialogue's
grading is checked on walks written out reply by reply.
"""

from __future__ import annotations

import copy
import json
import random
import re
from datetime import date

import pytest
from markupsafe import escape

from cases import phone_calls
from core.frenchnum import format_date, format_number
from simulator import law
from simulator.kinds import phone_call
from simulator.kinds.phone_call import PhoneCall, step_answers
from simulator.presentation import answer_text
from simulator.registry import LEVELS, get_kind
from tests.simulator.conftest import json_of

KIND = PhoneCall()
SEEDS = range(60)


def _case(level: str = "standard", seed: int = 1, **wanted) -> dict:
    """The first generated case from `seed` on whose fields match `wanted` (objection, persona, ...)."""
    for candidate in range(seed, seed + 500):
        case = KIND.generate(candidate, level)
        if all(case[key] == value if key != "barrage" else case["people"]["barrage"] == value
               for key, value in wanted.items()):
            return case
    raise AssertionError(f"no case with {wanted}")


def _with_account(case: dict, as_of: str, invoices: list[tuple[str, str, float]],
                  payments: list[tuple[str, float, str]] = ()) -> dict:
    """`case` with hand-made invoices (id, due date, amount) and payments (date, amount, invoice)."""
    changed = copy.deepcopy(case)
    changed["as_of"] = as_of
    changed["invoices"] = [{"id": i, "customer": "client", "date": "2025-05-01", "due_date": due, "amount": amount}
                           for i, due, amount in invoices]
    changed["payments"] = [{"id": f"P{n}", "customer": "client", "date": day, "amount": amount, "invoice": invoice}
                           for n, (day, amount, invoice) in enumerate(payments)]
    return changed


def _reply(case: dict, node: str, quality: str) -> dict:
    return next(r for r in case["call"]["nodes"][node]["replies"] if r["quality"] == quality)


def _items(grade) -> dict:
    return {item.id: item for item in grade.items}


# --- the fiche d'appel: the figures come from simulator.law ----------------------------------------------

def test_fiche_of_the_course_example_transports_lefort():
    # Lesson 01: on 15/09/2025, F-0871 14 400 € due 31/07 (46 days late) and F-0934 6 000 € due 31/08 (15 days),
    # H2 2025 rate 12,15 %:  14 400 × 12,15 % × 46 / 365 = 220,50 ; 6 000 × 12,15 % × 15 / 365 = 29,96.
    case = _with_account(KIND.generate(1), "2025-09-15",
                         [("F-0871", "2025-07-31", 14_400.0), ("F-0934", "2025-08-31", 6_000.0)])
    fiche = KIND.solve(case)["fiche"]
    assert fiche["penalites"] == pytest.approx(220.50 + 29.96)          # 250,46
    assert fiche["indemnites"] == 80                                    # 2 × 40 € (D. 441-5)
    assert fiche["total"] == pytest.approx(20_400 + 250.46 + 80)        # 20 730,46
    feedback = _items(KIND.grade(case, {}))["fiche.penalites"].feedback
    assert "14\u00a0400,00\u00a0€ × 12,15\u00a0% × 46 / 365" in feedback and "L. 441-10" in feedback


def test_a_part_payment_lowers_the_base_from_the_next_day():
    # 14 400 € due 31/07, 4 000 € paid on 20/08: 1-20 August (20 days) on 14 400, 21 August-15 September
    # (26 days) on 10 400:  (14 400 × 20 + 10 400 × 26) × 12,15 % / 365 = 67 845,6 / 365 = 185,88.
    case = _with_account(KIND.generate(1), "2025-09-15", [("F-0871", "2025-07-31", 14_400.0)],
                         [("2025-08-20", 4_000.0, "F-0871")])
    fiche = KIND.solve(case)["fiche"]
    assert fiche["penalites"] == pytest.approx(185.88)
    assert fiche["total"] == pytest.approx(10_400 + 185.88 + 40)        # principal still due 10 400
    assert "10\u00a0400,00\u00a0€ × 12,15\u00a0% × 26 / 365" in _items(KIND.grade(case, {}))["fiche.penalites"].feedback


def test_the_rate_changes_with_the_half_year():
    # 1 000 € due 20/06/2025, call on 10/07: 21-30 June at 13,15 % (10 days), 1-10 July at 12,15 % (10 days):
    # 1 000 × (13,15 % × 10 + 12,15 % × 10) / 365 = 25,3 / 365 = 6,93.
    case = _with_account(KIND.generate(1), "2025-07-10", [("F-1", "2025-06-20", 1_000.0)])
    assert KIND.solve(case)["fiche"]["penalites"] == pytest.approx(6.93)


def test_an_invoice_not_yet_due_bears_neither_penalty_nor_indemnity():
    case = _case("difficile")
    not_due = [i for i in case["invoices"] if i["days_past_due"] <= 0]
    overdue = [i for i in case["invoices"] if i["days_past_due"] > 0]
    assert len(not_due) == 1 and overdue
    fiche = KIND.solve(case)["fiche"]
    assert fiche["indemnites"] == 40 * len(overdue)
    assert fiche["total"] == pytest.approx(sum(i["open"] for i in overdue) + fiche["penalites"] + fiche["indemnites"])
    assert not_due[0]["id"] in _items(KIND.grade(case, {}))["fiche.indemnites"].feedback


def test_an_opening_judgment_stops_the_penalties_on_its_eve():
    # Lesson 03, Garage Moreau: 8 640 € due 31/08/2025, redressement judiciaire opened on 24/09/2025, call on
    # 06/10: penalties from 1 to 23 September (L. 622-28), 8 640 × 12,15 % × 23 / 365 = 66,15; indemnity 40 €.
    case = _with_account(_case("difficile", objection="redressement"), "2025-10-06",
                         [("F-1", "2025-08-31", 8_640.0)])
    case["procedure"] = {"judgment_date": "2025-09-24", "publication_date": "2025-10-03"}
    fiche = KIND.solve(case)["fiche"]
    assert fiche["penalites"] == pytest.approx(66.15) and fiche["indemnites"] == 40
    assert fiche["total"] == pytest.approx(8_640 + 66.15 + 40)          # 8 746,15, the amount to declare
    assert "L. 622-28" in _items(KIND.grade(case, {}))["fiche.penalites"].feedback


def test_a_debtor_in_receivership_is_no_longer_dunned_and_the_claim_is_declared_in_time():
    case = _case("difficile", objection="redressement")
    published = date.fromisoformat(case["procedure"]["publication_date"])
    judgment = date.fromisoformat(case["procedure"]["judgment_date"])
    assert judgment < published < date.fromisoformat(case["as_of"])
    assert all(date.fromisoformat(p["date"]) < judgment for p in case["payments"])  # none barred by L. 622-7
    best = _reply(case, "rj_detail", "best")
    # 2 months after the BODACC (R. 622-24), the holidays of the debtor's seat (its court)
    deadline = law.declaration_deadline(published, departement=case["company"]["departement"])
    assert format_date(deadline, "long") in best["text"] and "arrête" in best["text"]
    gesture = next(r for r in case["call"]["nodes"]["rj_objection"]["replies"] if "geste" in r["text"])
    assert gesture["quality"] == "fault" and "L. 622-7" in gesture["feedback"]
    assert case["call"]["steps"][-1]["entry"] == "rj_accord"            # no payment to confirm
    assert "procedure" not in KIND.public_case(case)


def test_the_commitment_dates_follow_the_creditor_seat():
    # Call on Wednesday 24/12/2025, invoice « not received »: the transfer is promised for the next working day,
    # the control on the one after. From Lyon: Friday 26/12, then Monday 29/12. From Metz (57), where 26/12 is a
    # holiday (Saint-Étienne, C. trav. L. 3134-13): Monday 29/12, then Tuesday 30/12.
    case = _with_account(_case(objection="facture_non_recue"), "2025-12-24", [("F-1", "2025-11-30", 2_400.0)])
    facts = {}
    for city, departement in (("Lyon", "69"), ("Metz", "57")):
        case["creditor"] = {**case["creditor"], "city": city, "departement": departement}
        facts[city] = phone_call._objection_facts(random.Random(0), "facture_non_recue", date(2025, 12, 24),
                                                  phone_call._Account.of(case), case)
    assert (facts["Lyon"]["date_engagement"], facts["Lyon"]["date_controle"]) == (
        "vendredi 26 décembre 2025", "lundi 29 décembre 2025")
    assert (facts["Metz"]["date_engagement"], facts["Metz"]["date_controle"]) == (
        "lundi 29 décembre 2025", "mardi 30 décembre 2025")
    assert {"city", "departement"} <= set(KIND.generate(3)["creditor"])


def test_fiche_answers_in_french_notation_within_one_euro():
    case = _with_account(KIND.generate(1), "2025-09-15",
                         [("F-0871", "2025-07-31", 14_400.0), ("F-0934", "2025-08-31", 6_000.0)])
    grade = KIND.grade(case, {"fiche.penalites": "250,46 €", "fiche.indemnites": "80", "fiche.total": "20 730,5"})
    assert all(_items(grade)[f"fiche.{code}"].awarded == 1 for code in ("penalites", "indemnites", "total"))
    late = KIND.grade(case, {"fiche": {"penalites": "262,46"}})  # 12 € off: wrong
    assert _items(late)["fiche.penalites"].awarded == 0


# --- the dialogue graph -----------------------------------------------------------------------------------

@pytest.mark.parametrize("level", LEVELS)
def test_every_graph_is_coherent(level):
    for seed in SEEDS:
        case = KIND.generate(seed, level)
        call = case["call"]
        nodes = call["nodes"]
        assert [step["code"] for step in call["steps"]] == [step.code for step in phone_calls.steps()]
        reached = set()
        for step in call["steps"]:
            waiting = [step["entry"]]
            while waiting:
                node_id = waiting.pop()
                reached.add(node_id)
                node = nodes[node_id]
                assert node["step"] == step["code"]
                assert 3 <= len(node["replies"]) <= 4, node_id
                assert [r["quality"] for r in node["replies"]].count("best") == 1
                waiting += [r["next"] for r in node["replies"] if r["next"]]
        assert reached == set(nodes), f"seed {seed}: unreachable nodes"
        texts = [node["line"] for node in nodes.values()] + [r[k] for node in nodes.values()
                                                             for r in node["replies"] for k in ("text", "feedback")]
        assert not [text for text in texts if "{" in text or "}" in text], f"seed {seed}: unfilled placeholder"


def test_generation_is_deterministic_and_varies_with_the_seed():
    assert KIND.generate(7, "difficile") == KIND.generate(7, "difficile")
    graphs = {json.dumps(KIND.generate(seed)["call"], sort_keys=True) for seed in range(20)}
    assert len(graphs) == 20
    orders = {tuple(r["id"] for r in KIND.generate(seed)["call"]["nodes"]["accueil"]["replies"]
                    if r["quality"] == "best") for seed in range(20)}
    assert len(orders) > 1  # the best reply is not always the same letter


def test_the_public_case_hides_qualities_feedback_and_the_objection():
    case = _case("difficile")
    public = KIND.public_case(case)
    text = json.dumps(public, ensure_ascii=False)
    assert '"quality"' not in text and '"feedback"' not in text and "objection" not in public
    assert '"quality"' in json.dumps(case)  # the snapshot keeps them for grading


def test_the_levels_change_the_traps_not_the_rules():
    easy = [KIND.generate(seed, "facile") for seed in SEEDS]
    hard = [KIND.generate(seed, "difficile") for seed in SEEDS]
    assert not any(case["people"]["barrage"] for case in easy)
    assert all("a_echoir" in case["call"]["nodes"] for case in hard)   # claiming the invoice not yet due
    assert not any("a_echoir" in case["call"]["nodes"] for case in easy)
    barred = next(case for case in hard if case["people"]["barrage"])
    assert "absent" in barred["call"]["nodes"] and barred["people"]["interlocutor"] != barred["people"]["contact"]
    assert {case["objection"] for case in easy} <= {"facture_non_recue", "promesse_vague", "cheque_parti"}
    assert all(case["payments"] for case in hard) and not any(case["payments"] for case in easy)


def test_the_call_asks_the_decider_for_a_cash_problem():
    case = _case("standard", objection="tresorerie", barrage=False)
    manager = case["company"]["managers"][0]["name"]
    assert manager in case["people"]["contact"]["name"]
    assert manager in _reply(case, "accueil", "best")["text"]


# --- grading the walk -------------------------------------------------------------------------------------

def test_the_best_path_earns_every_point():
    case = _case("difficile", seed=3)
    solution = KIND.solve(case)
    grade = KIND.grade(case, solution)
    assert grade.score == grade.max_score == 3 + 2 + 3 + 3 + 2
    assert KIND.check_submission(case, solution) == {}


def test_an_acceptable_reply_then_the_best_earns_three_quarters_of_the_step():
    case = _case("standard", barrage=False)
    first = _reply(case, "accueil", "acceptable")              # « pourriez-vous me passer la comptabilité » -> qui
    assert first["next"] == "qui"
    path = {"identification": [first["id"], _reply(case, "qui", "best")["id"]]}
    item = _items(KIND.grade(case, {"path": path}))["path.identification"]
    assert item.awarded == pytest.approx(2 * (0.5 + 1) / 2)   # 1,5 of 2
    assert "acceptable" in item.feedback and item.expected == [_reply(case, "accueil", "best")["id"]]


def test_a_threat_is_a_fault_whatever_follows():
    # « Ne menacez jamais d’une action que vous ne ferez pas » (lesson 05): accusing provokes anger, the
    # assertive recovery earns its credit: (0 + 1) / 2 × 3 = 1,5; threatening the lawyer then: 0.
    case = _case("standard")
    accuse = next(r for r in case["call"]["nodes"]["ecoute"]["replies"] if r["next"] == "colere")
    assert accuse["quality"] == "fault"
    recovered = KIND.grade(case, {"path": {"faits": [accuse["id"], _reply(case, "colere", "best")["id"]]}})
    assert _items(recovered)["path.faits"].awarded == pytest.approx(1.5)
    threat = next(r for r in case["call"]["nodes"]["colere"]["replies"] if "avocat" in r["text"])
    assert threat["quality"] == "fault" and "menace" in threat["feedback"].lower()
    worse = KIND.grade(case, {"path": {"faits": [accuse["id"], threat["id"]]}})
    assert _items(worse)["path.faits"].awarded == 0


def test_a_precise_commitment_names_amount_date_and_means():
    case = _case("standard", objection="promesse_vague")
    best = _reply(case, "pv_date", "best")
    assert "virement" in best["text"] and best["text"].count("€") >= 2
    assert "L. 441-10" in best["text"] and "40\u00a0€" in best["text"]   # penalties and indemnity recalled
    vague = _reply(case, "pv_objection", "fault")
    assert vague["quality"] == "fault"


def test_a_dispute_is_routed_and_the_undisputed_part_claimed():
    case = _case("standard", objection="litige")
    best = _reply(case, "li_detail", "best")
    assert "litige" in best["text"] and "pas contesté" in best["text"]
    suspend = next(r for r in case["call"]["nodes"]["li_detail"]["replies"] if "suspend" in r["text"])
    assert suspend["quality"] == "fault"


def test_an_invoice_in_validation_gets_its_approver_named_and_the_next_payment_run():
    case = _case("standard", objection="validation")
    assert "Chez qui" in _reply(case, "va_objection", "best")["text"]
    line = case["call"]["nodes"]["va_detail"]["line"]
    approver = re.search(r"signature de (.+?), au service achats", line).group(1)
    best = _reply(case, "va_detail", "best")
    assert approver in best["text"] and "campagne" in best["text"] and "virement" in best["text"]
    threat = next(r for r in case["call"]["nodes"]["va_detail"]["replies"] if "bloquons" in r["text"])
    assert threat["quality"] == "fault"


def test_a_cheque_said_sent_is_checked_three_working_days_later():
    case = _case("standard", objection="cheque_parti")
    best = _reply(case, "ch_detail", "best")
    assert "opposition" in best["text"] and "virement" in best["text"]
    premature = next(r for r in case["call"]["nodes"]["ch_detail"]["replies"] if "tout de suite" in r["text"])
    assert premature["quality"] == "fault" and "trois jours ouvrés" in premature["feedback"]
    assert not re.search(r"posté le (samedi|dimanche)", case["call"]["nodes"]["ch_detail"]["line"])


def test_the_conclusion_reformulates_the_commitment_and_confirms_in_writing():
    case = _case("standard", objection="tresorerie")
    best = _reply(case, "accord", "best")
    assert "récapitule" in best["text"] and "courriel" in best["text"] and "prélèvement" in best["text"]
    first_payment = re.search(r"propose ([\d\u00a0]+,\d\d\u00a0€)", _reply(case, "tr_proposition", "best")["text"])
    assert first_payment and f"premier virement de {first_payment.group(1)}" in best["text"]


def test_a_walk_that_breaks_is_graded_up_to_the_break():
    case = _case("standard", objection="tresorerie")
    good = _reply(case, "tr_objection", "best")["id"]
    grade = KIND.grade(case, {"path": {"engagement": [good, "accueil-a"]}})   # a reply of another node
    item = _items(grade)["path.engagement"]
    assert item.awarded == pytest.approx(3 * (1 + 0) / 2)
    assert "s’interrompt" in item.feedback and "accueil-a" in item.feedback
    assert KIND.check_submission(case, {"path.engagement": [good, "accueil-a"]})["path.engagement"]


def test_an_unfinished_step_counts_the_unanswered_line_as_zero():
    case = _case("standard", objection="tresorerie")
    grade = KIND.grade(case, {"path.engagement": [_reply(case, "tr_objection", "best")["id"]]})
    assert _items(grade)["path.engagement"].awarded == pytest.approx(1.5)
    assert "inachevée" in _items(grade)["path.engagement"].feedback
    assert KIND.check_submission(case, {"path.engagement": [_reply(case, "tr_objection", "best")["id"]]}) == {}


def test_the_contract_flat_list_of_reply_ids_grades_the_same():
    case = _case("difficile", seed=5)
    solution = KIND.solve(case)
    flat = [reply for step in solution["path"].values() for reply in step]
    assert step_answers(case["call"], {"path": flat}) == solution["path"]
    assert KIND.grade(case, {"path": flat}).score == 10  # the whole call, no fiche given
    assert KIND.grade(case, flat).score == 10  # a bare list too


@pytest.mark.parametrize("junk", [None, 3, "x", [], {}, {"path": "accueil-a"}, {"path": {"faits": {"a": 1}}},
                                  {"path": [None, 1, ["x"], "zz"]}, {"path.faits": ["x" * 5000]},
                                  {"fiche": {"total": "abc"}}, {"path": {"identification": [1e300, True]}}])
def test_garbage_never_raises(junk):
    case = _case("difficile")
    grade = KIND.grade(case, junk)
    assert 0 <= grade.score < grade.max_score
    json.dumps(grade.to_dict())
    errors = KIND.check_submission(case, junk)
    assert all(isinstance(v, str) and v for v in errors.values())


# --- what the page shows ---------------------------------------------------------------------------------

def test_step_view_opens_the_steps_one_after_the_other():
    case = KIND.public_case(_case("standard", barrage=False))
    first = case["call"]["nodes"]["accueil"]["replies"][0]
    empty = {}
    assert KIND.step_view(case, empty, "path.identification")["current"]["id"] == "accueil"
    assert KIND.step_view(case, empty, "path.faits") == {"state": "locked", "turns": [], "current": None}
    values = {"path.identification": [first["id"]]}
    view = KIND.step_view(case, values, "path.identification")
    assert view["turns"][0]["reply_id"] == first["id"]
    if first["next"] is None:
        assert view["state"] == "done" and KIND.step_view(case, values, "path.faits")["current"]["id"] == "ecoute"
    else:
        assert view["current"]["id"] == first["next"]
        assert KIND.step_view(case, values, "path.faits")["state"] == "locked"


def test_the_form_has_the_fiche_then_one_dialogue_field_per_step():
    case = _case()
    fields = KIND.form_fields(case)
    assert [f["id"] for f in fields] == ["fiche.penalites", "fiche.indemnites", "fiche.total", "path.identification",
                                         "path.faits", "path.engagement", "path.conclusion"]
    assert all(f["widget"] == "phone-call-dialogue" for f in fields if f["id"].startswith("path."))


def test_the_correction_writes_a_step_as_the_sequence_of_replies_said():
    case = _case("standard", barrage=False)
    field = next(f for f in KIND.form_fields(case) if f["id"] == "path.identification")
    first, then = _reply(case, "accueil", "acceptable"), _reply(case, "qui", "best")
    shown = answer_text(field, [first["id"], then["id"]])
    assert shown == f"«\u00a0{first['text']}\u00a0» → «\u00a0{then['text']}\u00a0»"
    assert answer_text({**field, "ordered": False}, [first["id"]]) == first["text"]  # other kinds: unchanged


# --- the CLI (CONTRACT) ------------------------------------------------------------------------------------

def test_the_cli_prints_the_case_the_best_path_and_the_grade(cli, tmp_path):
    case = json_of(cli("generate", "phone-call", "--seed", 11))
    assert {"call", "invoices", "as_of", "penalty_rates"} <= set(case) and "objection" not in case
    solution = json_of(cli("solve", "phone-call", "--seed", 11))
    assert set(solution["path"]) == {"identification", "faits", "engagement", "conclusion"}
    answers = tmp_path / "answers.json"
    answers.write_text(json.dumps({"path": [r for step in solution["path"].values() for r in step]}))
    graded = json_of(cli("grade", "phone-call", "--seed", 11, "--submission", answers))
    assert graded["score"] == 10 and graded["max_score"] == 13
    assert get_kind("phone-call").title == "Appel de relance"


# --- the page, without JavaScript ---------------------------------------------------------------------------

def test_without_javascript_each_reply_saved_brings_the_next_line_then_the_correction(client, case_page):
    url = case_page("phone-call", "standard", 42)
    case = KIND.generate(42, "standard")
    page = client.get(url).get_data(as_text=True)
    accueil = case["call"]["nodes"]["accueil"]
    assert 'id="call-graph"' in page and '"quality"' not in page and "Répondre" in page
    assert page.count('type="radio" name="path.identification"') == len(accueil["replies"])
    assert 'name="path.faits"' not in page  # the next step opens once this one is over
    assert page.count('name="resume_at" value="appel"') == 1  # « Répondre » asks to come back to the call

    solution = KIND.solve(case)
    replies = {reply["id"]: reply for node in case["call"]["nodes"].values() for reply in node["replies"]}
    steps = case["call"]["steps"]
    said: dict[str, list[str]] = {}
    for step, next_entry in zip(steps, [step["entry"] for step in steps[1:]] + [None]):
        for reply in solution["path"][step["code"]]:
            said.setdefault(step["code"], []).append(reply)
            form = {"answers": "1", "resume_at": "appel", **{f"path.{c}": ids for c, ids in said.items()}}
            response = client.post(url + "/save", data=form)
            assert response.status_code == 303 and response.location.endswith(url + "#appel")
            page = client.get(url).get_data(as_text=True)
            assert page.count('id="appel"') == 1
            landing = re.search(r'<(li|p) class="([^"]+)" id="appel">(.*?)</\1>', page, re.S)
            waiting = replies[reply]["next"] or next_entry
            if waiting:  # the page comes back at the debtor's line waiting for a reply, the replies under it
                assert landing[2] == "call-line call-debtor"
                assert str(escape(case["call"]["nodes"][waiting]["line"])) in landing[3]
    page = client.get(url).get_data(as_text=True)
    assert page.count('type="hidden" name="path.') == sum(len(ids) for ids in said.values())
    assert "Étape terminée" in page and 'type="radio" name="path.' not in page
    assert landing[2] == "hint call-status" and "Appel terminé" in landing[3]  # after the last reply

    fiche = {f"fiche.{k}": format_number(v, 2) for k, v in solution["fiche"].items()}
    path = {f"path.{c}": ids for c, ids in said.items()}
    response = client.post(url + "/submit", data={"answers": "1", **fiche, **path})
    assert response.status_code == 303
    page = client.get(url).get_data(as_text=True)
    assert "Correction" in page and "13\u00a0/\u00a013" in page.replace("&nbsp;", "\u00a0")
    assert "4. Conclure et confirmer" in page and 'id="call-graph"' not in page


# --- the page in Chromium -------------------------------------------------------------------------------------

@pytest.mark.browser
def test_in_chromium_the_call_is_conducted_with_the_keyboard_and_saved_as_said(live_server, browser):
    from simulator.attempts import get_attempt
    from tests.conftest import open_new_case

    page = open_new_case(live_server, browser, "phone-call", {"width": 1280, "height": 900})
    base = live_server.config["LIVE_URL"]
    attempt_id = int(page.url.rsplit("/", 1)[1])

    def stored():
        with live_server.app_context():
            return get_attempt(attempt_id)

    case = stored().snapshot
    solution = KIND.solve(case)
    page.locator(".call-replies input[type=radio]").first.check()  # ticked, not said
    page.wait_for_timeout(2500)
    assert not any(stored().submission.get(f"path.{code}") for code in solution["path"])

    for code, replies in solution["path"].items():
        for reply in replies:
            page.locator(f'.call-replies input[value="{reply}"]').focus()
            page.keyboard.press("Space")
            page.get_by_role("button", name="Répondre").focus()
            page.keyboard.press("Enter")
            node = next(n for n in case["call"]["nodes"].values() if any(r["id"] == reply for r in n["replies"]))
            said = next(r for r in node["replies"] if r["id"] == reply)
            if said["next"]:
                transcript = page.locator(f'[data-call-step="{code}"] .call-transcript')
                assert case["call"]["nodes"][said["next"]]["line"] in transcript.inner_text()
    assert "Appel terminé" in page.locator('[data-call-step="conclusion"]').inner_text()
    page.wait_for_timeout(2500)
    assert {code: stored().submission[f"path.{code}"] for code in solution["path"]} == solution["path"]

    page.reload()
    assert page.locator("input[type=hidden][name^='path.']").count() == sum(map(len, solution["path"].values()))
    for code, value in solution["fiche"].items():
        page.locator(f'input[name="fiche.{code}"]').fill(format_number(value, 2).replace("\u00a0", " "))
    page.set_viewport_size({"width": 320, "height": 800})
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
    page.get_by_role("button", name="Remettre pour correction").click()
    page.wait_for_url(f"{base}/cases/attempts/{attempt_id}#correction")
    assert stored().score == stored().max_score == 13
    assert "4. Conclure et confirmer" in page.locator("#correction").locator("..").inner_text()


@pytest.mark.parametrize("seed", [0, 5, 11])
def test_the_contracts_submission_a_bare_list_of_replies_is_the_call_alone(seed):
    kind = get_kind("phone-call")
    case = kind.generate(seed)
    best = [reply for replies in kind.solve(case)["path"].values() for reply in replies]
    grade = kind.grade(case, best)
    assert grade.score == grade.max_score == sum(item.max for item in kind.grade(case, kind.solve(case)).items
                                                 if item.id.startswith("path."))
    assert all(item.id.startswith("path.") for item in grade.items)
    assert kind.grade(case, best[:-1]).score < grade.max_score  # the last reply of the call is missing

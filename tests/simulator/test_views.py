"""Case pages: a trainee starts, drafts, submits and reads the correction; answers never reach a page before
submission; trainers see and open their cohorts' attempts and assign a case to a whole cohort."""

from __future__ import annotations

import io
import re
from html import unescape

import openpyxl
import pytest
from sqlalchemy import select

from accounts.models import Cohort, User
from core.extensions import db
from core.frenchnum import NBSP, format_number, format_percent
from simulator.attempts import get_attempt, start_attempt
from simulator.grading import format_value
from simulator.models import CaseAssignment, CaseAttempt
from simulator.registry import all_kinds, get_kind
from simulator.statements import statements

KIND = get_kind("financial-analysis")


@pytest.fixture
def people(app, factory):
    """trainee (cohort A) with trainer_a; outsider trainee and trainer_b in cohort B."""
    people = {"trainee": factory.user("trainee", cohort="A"), "outsider": factory.user("trainee", cohort="B"),
              "trainer_a": factory.user("trainer"), "trainer_b": factory.user("trainer")}
    with app.app_context():
        for trainer, cohort in (("trainer_a", "A"), ("trainer_b", "B")):
            found = db.session.scalar(select(Cohort).where(Cohort.name == cohort))
            found.trainers.append(db.session.get(User, people[trainer].id))
        db.session.commit()
        people["cohort_a"] = db.session.scalar(select(Cohort.id).where(Cohort.name == "A"))
    return people


def _start(client, kind: str = KIND.slug, level: str = "standard") -> str:
    response = client.post(f"/cases/{kind}/start", data={"level": level})
    assert response.status_code == 303
    return response.headers["Location"]


def _attempt(app, person, level: str = "standard", seed: int = 2024, kind: str = KIND.slug) -> str:
    """A draft on a known case (the start route draws a random one), as its page address."""
    with app.app_context():
        attempt_id = start_attempt(person.id, kind, level, seed).id
        db.session.commit()
    return f"/cases/attempts/{attempt_id}"


def _stored(app, url: str) -> CaseAttempt:
    """The attempt behind a page address, as stored (case, draft and grade loaded)."""
    with app.app_context():
        attempt = get_attempt(int(url.rsplit("/", 1)[1]))
        db.session.expunge(attempt)
        return attempt


def _text(response) -> str:
    return unescape(response.get_data(as_text=True))


def _french(value: float | None, unit: str) -> str:
    """How a trainee types a figure: `1 234,5`, `12,5 %`, `n/s` (plain spaces)."""
    if value is None:
        return "n/s"
    typed = format_percent(value, 2) if unit == "%" else format_number(value, 2 if unit == "" else 1)
    return typed.replace(NBSP, " ")


def _french_answers(case: dict) -> dict:
    solution = KIND.solve(case)
    form = {}
    for field in KIND.form_fields(case):
        section, *path = field["id"].split(".")
        if section in ("ratios", "scores"):
            form[field["id"]] = _french(solution[section][path[0]][path[1]], field["unit"])
    form["warning_signs"] = solution["warning_signs"]
    form["risk_class"] = solution["risk_class"]
    form["opinion"] = "Client fragile : encours limité, garanties à demander."
    return form


# --- the trainee's work ----------------------------------------------------------------------------------

def test_the_cases_page_offers_every_kind_and_level(client, auth, people):
    auth.login(people["trainee"])
    page = _text(client.get("/cases"))
    for kind in all_kinds():
        assert kind.title in page
        assert f'action="/cases/{kind.slug}/start"' in page
    assert all(label in page for label in ("Facile", "Standard", "Difficile"))


def test_the_case_page_lays_out_the_accounts_and_the_form(app, client, auth, people):
    auth.login(people["trainee"])
    url = _start(client)  # through the route: a fresh random case
    page = _text(client.get(url))
    case = _stored(app, url).snapshot
    latest = case["accounts"][str(case["years"][-1])]
    assert case["company"]["name"] in page
    for title in ("Bilan actif", "Bilan passif", "Compte de résultat", "Chiffre d’affaires net", "Total général"):
        assert title in page
    assert format_number(latest["FL"]) in page  # amounts the French way
    for field in KIND.form_fields(case):
        assert f'name="{field["id"]}"' in page
    assert "grille.xlsx" in page
    assert "<svg" not in page  # the chart shows figures to compute: it comes with the correction


def test_no_solved_figure_reaches_the_page_or_the_grille_before_submission(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"], level="difficile")
    case = _stored(app, url).snapshot
    page = _text(client.get(url))
    solution = KIND.solve(case)
    ratios = ("autonomie_financiere", "gearing", "liquidite_generale", "liquidite_reduite", "taux_marge_ebe",
              "rentabilite_nette", "poids_frais_financiers", "couverture_frais_financiers")
    shown = []
    for year in case["graded_years"]:
        figures = {**{k: solution["ratios"][year][k] for k in ratios}, **solution["scores"][year]}
        for value in figures.values():
            if value is not None and abs(value) >= 0.01:
                shown += [format_value(value, "", 2), format_value(value, "%", 1)]
    assert shown
    assert not [text for text in shown if text in page]
    assert "Réponse attendue" not in page
    book = openpyxl.load_workbook(io.BytesIO(client.get(url + "/grille.xlsx").data))
    cells = {str(c) for sheet in book for row in sheet.iter_rows(values_only=True) for c in row if c is not None}
    assert not [text for text in shown if text in cells]


def _leaves(value) -> list[float]:
    if isinstance(value, dict):
        return [leaf for item in value.values() for leaf in _leaves(item)]
    if isinstance(value, list):
        return [leaf for item in value for leaf in _leaves(item)]
    return [value] if isinstance(value, (int, float)) and not isinstance(value, bool) else []


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.slug)
@pytest.mark.parametrize("seed", [3, 8])
def test_no_kind_shows_a_solved_amount_before_submission(app, client, auth, people, kind, seed):
    with app.app_context():
        attempt_id = start_attempt(people["trainee"].id, kind.slug, "standard", seed).id
        db.session.commit()
    case = kind.generate(seed, "standard")
    printed = {value for statement in statements(case) for line in statement.lines for value in line.values}
    printed |= {round(v) for v in _leaves(kind.public_case(case))}  # an open invoice's amount is data, not a leak
    amounts = {round(v) for v in _leaves(kind.solve(case)) if abs(v) >= 1_000} - printed
    if not amounts:
        pytest.skip(f"{kind.slug}: no computed amount of 1 000 € or more in this case's answers")
    auth.login(people["trainee"])
    page = _text(client.get(f"/cases/attempts/{attempt_id}"))
    assert not [amount for amount in amounts if format_number(amount) in page]


@pytest.mark.parametrize("kind", [kind for kind in all_kinds() if "penalty_rates" in kind.generate(1)],
                         ids=lambda kind: kind.slug)
def test_a_case_with_penalty_rates_shows_them_half_year_by_half_year(app, client, auth, people, kind):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"], seed=1, kind=kind.slug)
    page = _text(client.get(url))
    for row in _stored(app, url).snapshot["penalty_rates"]:
        period = "du {} au {}".format(*(f"{day[8:]}/{day[5:7]}/{day[:4]}" for day in (row["start"], row["end"])))
        assert re.search(rf'<th scope="row">{period}</th><td class="num">{format_percent(row["rate"], 2)}</td>', page)


def test_bad_input_is_pointed_out_field_by_field_and_kept(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    response = client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.ebe": "douze",
                                                 "ratios.2025.caf": "1 234,5", "risk_class": "C"})
    assert response.status_code == 400
    page = _text(response)
    assert 'value="douze"' in page and 'value="1 234,5"' in page
    error = re.search(r'<p class="error" id="champ-ratios-2025-ebe-err">([^<]+)</p>', page)
    assert error and "n’est pas un nombre" in error.group(1)
    assert re.search(r'id="champ-ratios-2025-ebe"[^>]*aria-invalid="true"', page, re.S)
    assert '<p class="error" id="champ-ratios-2025-caf-err"></p>' in page
    assert _stored(app, url).submission["ratios.2025.ebe"] == "douze"
    again = _text(client.get(url))  # a later visit still shows the value and its problem
    assert 'value="douze"' in again and "1 réponse à corriger" in again


def test_a_draft_is_saved_and_found_again(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    first, second = [option["value"] for option in _stored(app, url).snapshot["warning_sign_options"][:2]]
    response = client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.caf": "1 234,5",
                                                 "warning_signs": [first, second]})
    assert response.status_code == 303
    page = _text(client.get(url))
    assert "Brouillon enregistré" in page and 'value="1 234,5"' in page
    assert re.search(rf'value="{first}" checked', page) and re.search(rf'value="{second}" checked', page)


def test_a_saved_draft_comes_back_at_the_element_its_button_names_and_nowhere_else(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    answers = {"answers": "1", "ratios.2025.caf": "1 234,5"}
    assert client.post(url + "/save", data=answers).location.endswith(url)  # « Enregistrer » : the page's top
    assert client.post(url + "/save", data={**answers, "resume_at": "appel"}).location.endswith(url + "#appel")
    for odd in ("//exemple.test", "appel\"><script>", "Appel", ""):
        assert client.post(url + "/save", data={**answers, "resume_at": odd}).location.endswith(url)


def test_autosave_answers_in_json(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    headers = {"Accept": "application/json"}
    ok = client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.caf": "12 %"}, headers=headers)
    assert ok.status_code == 200 and ok.json["revision"] == 1 and ok.json["errors"] == {}
    bad = client.post(url + "/save", data={"answers": "1", "revision": "1", "ratios.2025.caf": "x"}, headers=headers)
    assert bad.status_code == 400 and list(bad.json["errors"]) == ["ratios.2025.caf"]
    stale = client.post(url + "/save", data={"answers": "1", "revision": "1", "ratios.2025.caf": "3"}, headers=headers)
    assert stale.status_code == 409 and stale.json["revision"] == 2 and "autre onglet" in stale.json["error"]
    assert _stored(app, url).submission["ratios.2025.caf"] == "x"


def test_a_stale_tab_gets_409_with_what_it_typed(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.caf": "récent"})
    response = client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.caf": "ancien"})
    assert response.status_code == 409
    page = _text(response)
    assert 'value="ancien"' in page and 'name="revision" value="1"' in page and "autre onglet" in page
    assert _stored(app, url).submission["ratios.2025.caf"] == "récent"


def test_submitting_french_figures_shows_the_graded_items_and_the_chart(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    case = _stored(app, url).snapshot
    response = client.post(url + "/submit", data={"answers": "1", "revision": "0", **_french_answers(case)})
    assert response.status_code == 303 and response.headers["Location"].endswith("#correction")
    attempt = _stored(app, url)
    assert attempt.state == "submitted" and attempt.score == attempt.max_score > 0
    page = _text(client.get(url))
    assert "Correction" in page and "<svg" in page and "Données du graphique" in page
    for item in attempt.grade["items"]:
        assert item["label"] in page
    ebe = case["graded_years"][-1]
    assert format_value(KIND.solve(case)["ratios"][ebe]["ebe"], "€") in page
    assert "Réponse attendue" in page and "EBE = VA + subventions" in page
    assert "Client fragile" in page
    assert 'name="ratios' not in page  # no more form


def test_a_second_submit_and_a_late_save_change_nothing(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"], level="facile")
    client.post(url + "/submit", data={"answers": "1", "revision": "0", "risk_class": "A"})
    first = _stored(app, url)
    again = client.post(url + "/submit", data={"answers": "1", "revision": "1", "risk_class": "B"})
    late = client.post(url + "/save", data={"answers": "1", "revision": "1", "risk_class": "B"})
    assert again.status_code == 303 and late.status_code == 303
    second = _stored(app, url)
    assert (second.submission, second.score, second.submitted_at) == (first.submission, first.score,
                                                                       first.submitted_at)
    assert "déjà été remis" in _text(client.get(url))


def test_unreadable_answers_block_the_submission_and_are_kept(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    response = client.post(url + "/submit", data={"answers": "1", "revision": "0", "ratios.2025.ebe": "1,2,3"})
    assert response.status_code == 400
    assert "corrigez-les avant de remettre" in _text(response) and 'value="1,2,3"' in _text(response)
    assert _stored(app, url).state == "draft"


def test_the_grille_downloads_as_xlsx_with_the_draft(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.caf": "1 234,5"})
    response = client.get(url + "/grille.xlsx")
    assert response.status_code == 200
    assert response.mimetype == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert "attachment" in response.headers["Content-Disposition"]
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    assert {"Bilan", "Compte de résultat", "Grille"} <= set(book.sheetnames)
    assert "1 234,5" in [row[4] for row in book["Grille"].iter_rows(values_only=True)]


def test_unknown_kind_or_level_is_refused(client, auth, people):
    auth.login(people["trainee"])
    assert client.post("/cases/inconnu/start").status_code == 404
    assert client.post(f"/cases/{KIND.slug}/start", data={"level": "expert"}).status_code == 400


# --- who sees what -----------------------------------------------------------------------------------------

def test_another_trainee_never_sees_an_attempt(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    auth.logout()
    auth.login(people["outsider"])
    for method, suffix in (("get", ""), ("post", "/save"), ("post", "/submit"), ("get", "/grille.xlsx")):
        assert getattr(client, method)(url + suffix).status_code == 404
    assert client.get(url.replace("/cases/attempts/", "/trainer/cases/")).status_code == 403


def test_the_cohort_trainer_reads_the_attempt_but_cannot_change_it(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    case = _stored(app, url).snapshot
    client.post(url + "/submit", data={"answers": "1", "revision": "0", **_french_answers(case)})
    auth.logout()
    auth.login(people["trainer_a"])
    review = url.replace("/cases/attempts/", "/trainer/cases/")
    redirected = client.get(url)
    assert redirected.status_code == 303 and redirected.headers["Location"] == review
    assert client.post(url + "/save", data={"risk_class": "E"}).status_code == 403
    page = _text(client.get(review))
    assert people["trainee"].name in page and "Client fragile" in page and "Correction" in page
    listing = _text(client.get(f"/trainer/cohorts/{people['cohort_a']}/cases"))
    assert people["trainee"].name in listing and f'href="{review}"' in listing
    assert client.get(url + "/grille.xlsx").status_code == 200


def test_another_cohort_trainer_is_refused(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    auth.logout()
    auth.login(people["trainer_b"])
    assert client.get(url.replace("/cases/attempts/", "/trainer/cases/")).status_code == 403
    assert client.get(url).status_code == 404
    assert client.get(f"/trainer/cohorts/{people['cohort_a']}/cases").status_code == 403
    assert client.post(f"/trainer/cohorts/{people['cohort_a']}/cases/assign",
                       data={"kind": KIND.slug}).status_code == 403


def test_the_trainer_sees_a_draft_as_typed(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.caf": "1 234,5"})
    auth.logout()
    auth.login(people["trainer_a"])
    page = _text(client.get(url.replace("/cases/attempts/", "/trainer/cases/")))
    assert "Brouillon" in page and "1 234,5" in page and "Réponse attendue" not in page


# --- assignments -------------------------------------------------------------------------------------------

def test_an_assigned_case_reaches_the_cohort_with_the_same_seed(app, client, auth, people):
    auth.login(people["trainer_a"])
    response = client.post(f"/trainer/cohorts/{people['cohort_a']}/cases/assign",
                           data={"kind": KIND.slug, "level": "facile", "seed": "4242", "title": "Débriefing"})
    assert response.status_code == 303
    with app.app_context():
        assignment_id = db.session.scalar(select(CaseAssignment.id))
    auth.logout()
    auth.login(people["trainee"])
    cases = _text(client.get("/cases"))
    assert "Débriefing" in cases and "4242" in cases
    first = client.post(f"/cases/{KIND.slug}/start", data={"assignment": str(assignment_id)})
    second = client.post(f"/cases/{KIND.slug}/start", data={"assignment": str(assignment_id)})
    assert first.headers["Location"] == second.headers["Location"]  # the draft is resumed
    attempt = _stored(app, first.headers["Location"])
    assert (attempt.seed, attempt.level, attempt.assignment_id) == (4242, "facile", assignment_id)
    auth.logout()
    auth.login(people["outsider"])
    assert "Débriefing" not in _text(client.get("/cases"))
    assert client.post(f"/cases/{KIND.slug}/start", data={"assignment": str(assignment_id)}).status_code == 404


def test_a_bad_assignment_is_pointed_out(client, auth, people):
    auth.login(people["trainer_a"])
    response = client.post(f"/trainer/cohorts/{people['cohort_a']}/cases/assign",
                           data={"kind": KIND.slug, "level": "standard", "seed": "douze"})
    assert response.status_code == 400
    page = _text(response)
    assert 'id="assign-seed-err"' in page and 'value="douze"' in page


# --- home and navigation -----------------------------------------------------------------------------------

def test_home_pages_lead_to_the_cases(app, client, auth, people):
    auth.login(people["trainee"])
    url = _attempt(app, people["trainee"])
    home = _text(client.get("/"))
    assert "Cas pratiques" in home and f'href="{url}"' in home and 'href="/cases"' in home
    auth.logout()
    auth.login(people["trainer_a"])
    home = _text(client.get("/"))
    assert f'href="/trainer/cohorts/{people["cohort_a"]}/cases"' in home


@pytest.mark.app_config(WTF_CSRF_ENABLED=True)
def test_saving_needs_the_csrf_token(client, auth, people):
    client.get("/login")
    with client.session_transaction() as session:
        session["_user_id"] = str(people["trainee"].id)
        session["_fresh"] = True
    page = _text(client.get("/cases"))
    token = re.search(r'name="csrf-token" content="([^"]+)"', page).group(1)
    start = client.post(f"/cases/{KIND.slug}/start", data={"csrf_token": token})
    url = start.headers["Location"]
    assert client.post(url + "/save", data={"answers": "1", "revision": "0"}).status_code == 400
    saved = client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.caf": "1"},
                        headers={"X-CSRFToken": token, "Accept": "application/json"})
    assert saved.status_code == 200


def test_a_module_page_offers_the_cases_that_train_it(app, client, auth, people):
    from courseware.models import Module

    with app.app_context():
        for slug, kinds in (("03-analyse-financiere", ["financial-analysis", "aged-balance"]), ("99-sans-cas", [])):
            db.session.add(Module(slug=slug, title="Module", order=int(slug[:2]), duration_minutes=60,
                                  objectives=["Lire"], prerequisites=[], simulator_kinds=kinds, intro_html="",
                                  fiche_title="", fiche_html=None, word_count=0))
        db.session.commit()
    auth.login(people["trainee"])
    page = _text(client.get("/modules/03-analyse-financiere"))
    assert "S’entraîner dans le simulateur" in page
    assert f'action="/cases/{KIND.slug}/start"' in page and 'action="/cases/aged-balance/start"' in page
    assert "Cas qui entraînent ce module" not in page  # the panel replaces the plain list
    assert "S’entraîner dans le simulateur" not in _text(client.get("/modules/99-sans-cas"))


def test_every_kind_the_course_names_is_built():
    from courseware.source import SIMULATOR_KINDS

    assert set(SIMULATOR_KINDS) == {kind.slug for kind in all_kinds()}


def test_a_credit_limit_case_shows_the_payment_history_and_the_accounts(app, client, auth, people):
    url = _attempt(app, people["trainee"], kind="credit-limit", seed=5)
    case = _stored(app, url).snapshot
    auth.login(people["trainee"])
    page = _text(client.get(url))
    first = case["payment_history"][0]
    assert "Historique de paiement" in page and first["invoice"] in page
    assert "/".join(reversed(first["due_date"].split("-"))) in page  # 2025-03-17 -> 17/03/2025
    assert "Bilan actif" in page and "Compte de résultat" in page
    for field in get_kind("credit-limit").form_fields(case):
        assert f'name="{field["id"]}"' in page


def test_a_post_without_the_answer_form_never_wipes_the_draft(app, client, auth, people):
    url = _attempt(app, people["trainee"])
    auth.login(people["trainee"])
    client.post(url + "/save", data={"answers": "1", "revision": "0", "ratios.2025.caf": "1 234,5"})
    assert client.post(url + "/save", data={"revision": "1"}).status_code == 400
    assert _stored(app, url).submission["ratios.2025.caf"] == "1 234,5"

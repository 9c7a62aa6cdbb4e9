"""A trainee works a financial-analysis case in Chromium: French-formatted figures, a bad input pointed out and
kept, autosave, submission, graded items and chart; then the cohort's trainer opens the attempt.

Screenshots (bilan, chart, graded items at 1280 px and 320 px, the trainer's view) go to /tmp/screens/."""

from __future__ import annotations

from pathlib import Path

import pytest

from core.demo import DEMO_USERS, ensure_demo_users
from core.frenchnum import NBSP, format_number, format_percent
from core.extensions import db
from simulator.attempts import get_attempt
from simulator.registry import get_kind
from tests.conftest import log_in_browser

pytestmark = pytest.mark.browser

SCREENS = Path("/tmp/screens")
KIND = get_kind("financial-analysis")
LOGINS = {role: next((email, password, name) for email, password, r, name in DEMO_USERS if r == role)
          for role in ("trainee", "trainer")}


def _login(page, base: str, role: str) -> None:
    email, password, _name = LOGINS[role]
    log_in_browser(page, base, email, password)


def _typed(value: float | None, unit: str) -> str:
    """A figure as a person types it in French: `1 234,5`, `12,5 %`, `n/s`."""
    if value is None:
        return "n/s"
    text = format_percent(value, 2) if unit == "%" else format_number(value, 2 if unit == "" else 1)
    return text.replace(NBSP, " ")


def _fits(page, width: int) -> bool:
    return page.evaluate(f"document.documentElement.scrollWidth <= {width}")


def test_a_trainee_solves_a_case_and_the_trainer_opens_it(live_server, browser):
    with live_server.app_context():
        ensure_demo_users()
    base = live_server.config["LIVE_URL"]
    SCREENS.mkdir(parents=True, exist_ok=True)
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, base, "trainee")

    page.get_by_role("link", name="Cas pratiques", exact=True).first.click()
    card = page.locator(".card", has=page.get_by_role("heading", name=KIND.title))
    card.get_by_label("Niveau").select_option("standard")
    card.get_by_role("button", name="Nouveau cas").click()
    page.wait_for_url(f"{base}/cases/attempts/*")
    attempt_id = int(page.url.rsplit("/", 1)[1])
    with live_server.app_context():
        case = get_attempt(attempt_id).snapshot
        db.session.rollback()
    solution = KIND.solve(case)
    fields = KIND.form_fields(case)
    last = case["graded_years"][-1]

    bilan = page.get_by_role("table", name="Bilan actif")
    assert bilan.get_by_role("rowheader", name="Total général").is_visible()
    page.locator(".statement").first.screenshot(path=str(SCREENS / "case-bilan-1280.png"))
    assert page.locator("svg").count() == 0  # the chart comes with the correction

    # A bad figure is pointed out next to its field and kept, with what else was typed.
    ebe = page.get_by_label(f"Excédent brut d’exploitation (EBE) {last}")
    ebe.fill("douze mille")
    page.get_by_label(f"Capacité d’autofinancement (CAF) {last}").fill("1 234,5")
    page.get_by_role("button", name="Enregistrer le brouillon").click()
    page.wait_for_load_state()
    error = page.locator(f"#champ-ratios-{last}-ebe-err")
    assert "n’est pas un nombre" in error.inner_text()
    assert ebe.input_value() == "douze mille"
    assert page.get_by_label(f"Capacité d’autofinancement (CAF) {last}").input_value() == "1 234,5"
    assert ebe.get_attribute("aria-invalid") == "true"

    # The model answer, typed the French way; the draft saves itself as the trainee types.
    for field in fields:
        section, *path = field["id"].split(".")
        if section in ("ratios", "scores"):
            page.locator(f"[name='{field['id']}']").fill(_typed(solution[section][path[0]][path[1]], field["unit"]))
    for code in solution["warning_signs"]:
        page.locator(f"input[name='warning_signs'][value='{code}']").check()
    page.locator(f"input[name='risk_class'][value='{solution['risk_class']}']").check()
    page.get_by_label("Avis de crédit argumenté (lu par le formateur, non noté)").fill(
        "Structure financière fragile : encours limité et garanties.")
    status = page.locator("#autosave-status")
    status.filter(has_text="Brouillon enregistré automatiquement").wait_for()
    assert error.inner_text() == ""

    page.get_by_role("button", name="Remettre pour correction").click()
    page.wait_for_url(f"{base}/cases/attempts/{attempt_id}#correction")
    with live_server.app_context():
        stored = get_attempt(attempt_id)
        score, max_score, items = stored.score, stored.max_score, len(stored.grade["items"])
        db.session.rollback()
    assert score == max_score
    assert page.get_by_role("heading", name="Correction").is_visible()
    assert page.locator(".score-line").inner_text().startswith(f"Note{NBSP}: {format_number(max_score)}")
    chart = page.get_by_role("img", name="Évolution sur trois exercices")
    assert chart.is_visible() and chart.evaluate("node => node.tagName") == "svg"
    assert page.locator(".graded-item").count() == items
    first_item = page.locator(".graded-item").first
    assert "Réponse attendue" in first_item.inner_text() and "VA =" in first_item.inner_text()
    page.locator(".case-chart").screenshot(path=str(SCREENS / "case-chart-1280.png"))
    page.locator(".graded-group").first.screenshot(path=str(SCREENS / "case-graded-1280.png"))
    page.screenshot(path=str(SCREENS / "case-correction-1280.png"), full_page=True)

    page.set_viewport_size({"width": 320, "height": 700})
    assert _fits(page, 320)
    page.locator(".statement").first.screenshot(path=str(SCREENS / "case-bilan-320.png"))
    page.locator(".case-chart").screenshot(path=str(SCREENS / "case-chart-320.png"))
    page.locator(".graded-item").nth(1).screenshot(path=str(SCREENS / "case-graded-320.png"))
    context.close()

    # The cohort's trainer finds the attempt from the home page and opens it in full.
    context = browser.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    _login(page, base, "trainer")
    page.get_by_role("region", name="Cas pratiques des sessions").get_by_role("link").first.click()
    trainee_name = LOGINS["trainee"][2]
    row = page.get_by_role("row").filter(has_text=trainee_name)
    assert "Corrigé" in row.inner_text()
    row.get_by_role("link").click()
    page.wait_for_url(f"{base}/trainer/cases/{attempt_id}")
    assert trainee_name in page.locator("main").inner_text()
    assert "Structure financière fragile" in page.locator(".opinion").inner_text()
    assert page.get_by_role("img", name="Évolution sur trois exercices").is_visible()
    page.screenshot(path=str(SCREENS / "case-trainer-1280.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 700})
    assert _fits(page, 320)
    context.close()

"""A trainee reads the course in Chromium: module list, a lesson, "marquer comme terminée", resume on home.

Screenshots of a lesson (desktop and 320 px), a fiche pratique (screen and print media, plus its A4 PDF)
and the glossary go to /tmp/screens/ for a human to look at.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from core.demo import ensure_demo_users
from core.extensions import db
from courseware.loader import sync_course
from tests.conftest import demo_credentials, log_in_browser

pytestmark = pytest.mark.browser

SCREENS = Path("/tmp/screens")
MODULE, LESSON = "07-cadre-juridique-relance", "02-penalites-de-retard"


@pytest.fixture
def trainee_page(live_server, browser):
    with live_server.app_context():
        ensure_demo_users()
        sync_course()
        db.session.commit()
    base = live_server.config["LIVE_URL"]
    page = browser.new_page(viewport={"width": 1280, "height": 900})
    log_in_browser(page, base, *demo_credentials("trainee"))
    SCREENS.mkdir(parents=True, exist_ok=True)
    yield page, base
    page.close()


def test_trainee_reads_a_lesson_marks_it_done_and_resumes_from_home(trainee_page):
    page, base = trainee_page
    page.get_by_role("navigation", name="Navigation principale").get_by_role("link", name="Cours").click()
    page.wait_for_url(base + "/modules")
    assert page.get_by_role("link", name="Cours", exact=True).get_attribute("aria-current") == "page"
    assert page.get_by_role("link", name="Glossaire", exact=True).get_attribute("aria-current") is None
    page.screenshot(path=str(SCREENS / "courseware-modules.png"), full_page=True)
    page.get_by_role("link", name="Cadre juridique et financier de la relance").click()
    page.wait_for_url(f"{base}/modules/{MODULE}")
    page.screenshot(path=str(SCREENS / "courseware-module.png"), full_page=True)
    page.get_by_role("region", name="Leçons").get_by_role("link", name="Les pénalités de retard").click()
    page.wait_for_url(f"{base}/modules/{MODULE}/{LESSON}")
    assert page.get_by_role("heading", level=1).inner_text() == "Les pénalités de retard"
    assert page.locator(".admonition.retenir").first.is_visible()
    page.screenshot(path=str(SCREENS / "courseware-lesson.png"), full_page=True)

    page.get_by_role("button", name="Marquer comme terminée").click()
    page.wait_for_url(f"{base}/modules/{MODULE}/03-indemnite-forfaitaire")
    assert "terminée" in page.locator(".flash-success").inner_text()

    page.goto(base + "/")
    panel = page.get_by_role("region", name="Reprendre où j'en étais")
    assert panel.is_visible()
    assert "L'indemnité forfaitaire" in panel.inner_text() or "indemnité" in panel.inner_text().lower()
    assert "1 leçon terminée" in panel.inner_text()
    page.screenshot(path=str(SCREENS / "courseware-home.png"), full_page=False)
    panel.get_by_role("link", name="Reprendre").click()
    page.wait_for_url(f"{base}/modules/{MODULE}/03-indemnite-forfaitaire")


def test_lesson_is_readable_at_320_px_with_french_spacing(trainee_page):
    page, base = trainee_page
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(f"{base}/modules/{MODULE}/{LESSON}")
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
    text = page.locator(".prose").inner_text()
    assert "12\u202f000,00\u00a0€" in text and "13,15\u00a0%" in text and "Attention" in text
    page.screenshot(path=str(SCREENS / "courseware-lesson-320.png"), full_page=True)


def test_fiche_prints_on_a4_without_navigation(trainee_page):
    page, base = trainee_page
    page.goto(f"{base}/modules/{MODULE}/fiche")
    assert page.get_by_role("button", name="Imprimer").is_visible()
    page.screenshot(path=str(SCREENS / "courseware-fiche.png"), full_page=True)
    page.set_viewport_size({"width": 688, "height": 1000})  # A4 minus the 14 mm margins, at 96 dpi
    page.emulate_media(media="print")
    assert not page.locator(".site-header").is_visible()
    assert not page.get_by_role("button", name="Imprimer").is_visible()
    assert page.locator(".fiche h1").is_visible()
    page.screenshot(path=str(SCREENS / "courseware-fiche-print.png"), full_page=True)
    pdf = page.pdf(path=str(SCREENS / "courseware-fiche.pdf"), prefer_css_page_size=True)
    assert pdf.startswith(b"%PDF")


def test_glossary_letter_index_and_filter(trainee_page):
    page, base = trainee_page
    page.goto(base + "/glossaire")
    page.screenshot(path=str(SCREENS / "courseware-glossary.png"), full_page=False)
    page.get_by_role("navigation", name="Index alphabétique").get_by_role("link", name="P", exact=True).click()
    assert page.url.endswith("#lettre-P")
    page.get_by_label("Filtrer les termes").fill("echeance")
    page.get_by_role("button", name="Filtrer").click()
    page.wait_for_url("**/glossaire?q=echeance")
    terms = page.locator("dl.glossary dt").all_inner_texts()
    assert terms and all("échéance" in term.lower() or "echeance" in term.lower() for term in terms)
    page.set_viewport_size({"width": 320, "height": 720})
    page.goto(base + "/glossaire")
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
    page.screenshot(path=str(SCREENS / "courseware-glossary-320.png"), full_page=False)


def test_search_highlights_matches(trainee_page):
    page, base = trainee_page
    page.goto(base + "/modules")
    page.get_by_label("Rechercher dans le cours").fill("pénalités de retard")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_url("**/recherche?q=*")
    assert page.locator(".search-results mark").count() > 0
    page.screenshot(path=str(SCREENS / "courseware-search.png"), full_page=False)

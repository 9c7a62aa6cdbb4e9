"""Each role logs in through the real login page in Chromium and lands on its own home page."""

import pytest

from core.demo import DEMO_USERS, ensure_demo_users

pytestmark = pytest.mark.browser

HOME_MARKERS = {  # an element of each role's own panel, found by its accessible role and name
    "admin": ("link", "Gérer les comptes"),
    "trainer": ("heading", "Mes sessions"),
    "trainee": ("heading", "Mes sessions de formation"),
}


@pytest.mark.parametrize("email, password, role, name", DEMO_USERS, ids=[u[0] for u in DEMO_USERS])
def test_role_logs_in_and_lands_on_its_home_page(live_server, browser, email, password, role, name, tmp_path):
    with live_server.app_context():
        ensure_demo_users()
    base = live_server.config["LIVE_URL"]
    page = browser.new_page()
    page.goto(base + "/")
    assert page.url.startswith(base + "/login")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_url(base + "/")
    assert page.get_by_role("heading", level=1).inner_text() == f"Bonjour {name}"
    kind, label = HOME_MARKERS[role]
    assert page.get_by_role(kind, name=label, exact=True).first.is_visible()
    page.screenshot(path=str(tmp_path / f"home-{role}.png"), full_page=True)
    page.get_by_role("button", name="Se déconnecter").click()
    page.wait_for_url(base + "/login")
    page.close()


def test_wrong_password_shows_french_error_and_keeps_email(live_server, browser):
    with live_server.app_context():
        ensure_demo_users()
    base = live_server.config["LIVE_URL"]
    page = browser.new_page()
    page.goto(base + "/login")
    page.get_by_label("Adresse e-mail").fill("apprenant@encours.test")
    page.get_by_label("Mot de passe").fill("erreur")
    page.get_by_role("button", name="Se connecter").click()
    assert page.get_by_role("alert").inner_text().startswith("Adresse e-mail ou mot de passe incorrect")
    assert page.get_by_label("Adresse e-mail").input_value() == "apprenant@encours.test"
    page.set_viewport_size({"width": 320, "height": 640})
    assert page.evaluate("document.documentElement.scrollWidth <= 320")
    page.close()

"""Main navigation: on every page a signed-in user can open, `aria-current="page"` marks the entry the page
belongs to (where its breadcrumb leads back to), and no other entry.

Pages are found by walking the URL map, with the objects of the access test's scenario (cohort A, its
trainer, one of its trainees, an admin). A new page fails here until it is given its entry in SECTIONS.
"""

from __future__ import annotations

import re
from html import unescape

import pytest

from core.extensions import db
from tests.conftest import make_app
from tests.test_access import RULES, _url, build_scenario

# The main-navigation entry each page belongs to, by endpoint ("Accueil" is the home link of base.html).
SECTIONS = {
    "home.index": "Accueil",
    "accounts.change_password": None,
    "courseware.modules": "Cours", "courseware.module": "Cours", "courseware.lesson": "Cours",
    "courseware.fiche": "Cours", "courseware.search": "Cours",
    "glossary.index": "Glossaire",
    "quizzes.index": "Quiz et examens", "quizzes.quiz": "Quiz et examens", "quizzes.attempt": "Quiz et examens",
    "quizzes.review": "Quiz et examens",
    "simulator.cases": "Cas pratiques", "simulator.attempt": "Cas pratiques",
    "simulator.cohort_cases": "Mes sessions", "simulator.review": "Mes sessions",
    "trainer.cohorts": "Mes sessions", "trainer.cohort": "Mes sessions",
    "trainer_attempts.quizzes": "Tentatives", "trainer_attempts.quiz_attempts": "Tentatives",
    "trainer_attempts.attempt": "Tentatives", "trainer_attempts.grant": "Tentatives",
    "trainer_attempts.bank": "Tentatives",
    "certificates.admin_list": "Certificats", "certificates.verify_form": "Certificats",
    "certificates.verify": "Certificats",
    "admin.index": "Administration", "admin.users": "Administration", "admin.new_user": "Administration",
    "admin.edit_user": "Administration", "admin.cohorts": "Administration", "admin.cohort": "Administration",
    "admin.new_cohort": "Administration", "admin.edit_cohort": "Administration",
}
# Endpoints that answer no HTML page for a signed-in user: the login form, files, the JSON API.
NOT_PAGES = {"accounts.login", "certificates.pdf", "simulator.grille", "trainer_attempts.bank_export"}

_NAV = re.compile(r'<nav aria-label="Navigation principale".*?</nav>', re.S)
_LINK = re.compile(r"<a [^>]*>(.*?)</a>", re.S)


def _current_entries(page: str) -> tuple[list[str], list[str]]:
    """The labels of the main navigation, and those marked as the current page."""
    nav = _NAV.search(page)
    assert nav, "no main navigation on the page"
    links = _LINK.findall(nav.group(0))
    labels = [unescape(re.sub(r"<[^>]+>", "", link)).strip() for link in links]
    marked = [label for label, tag in zip(labels, re.findall(r"<a [^>]*>", nav.group(0)))
              if 'aria-current="page"' in tag]
    return labels, marked


PAGES = [(rule, endpoint) for rule, endpoint, method in RULES
         if method == "GET" and endpoint not in NOT_PAGES and not rule.startswith("/api/")]


def test_every_page_has_a_known_section():
    unknown = sorted({endpoint for _, endpoint in PAGES} - SECTIONS.keys())
    assert unknown == [], f"pages without a navigation section in tests/core/test_navigation.py: {unknown}"


@pytest.mark.parametrize("visitor", ["trainee_a", "trainer_a", "admin"])
def test_the_current_entry_is_the_section_of_the_page(tmp_path, visitor):
    app = make_app(f"sqlite:///{tmp_path / 'nav.sqlite'}")
    with app.app_context():
        db.create_all()
        scenario = build_scenario()
        urls = [(endpoint, _url(app, endpoint, rule, scenario)[0]) for rule, endpoint in PAGES]
    client = app.test_client()
    with client.session_transaction() as session:
        session["_user_id"] = str(scenario.ids[visitor])
        session["_fresh"] = True
    wrong, seen = [], 0
    for endpoint, url in urls:
        response = client.get(url)
        if response.status_code != 200:
            continue  # not this visitor's page (403/404) or a redirect
        assert response.mimetype == "text/html", f"{url}: {response.mimetype}; add {endpoint} to NOT_PAGES"
        seen += 1
        labels, marked = _current_entries(response.get_data(as_text=True))
        expected = [SECTIONS[endpoint]] if SECTIONS[endpoint] in labels else []
        if marked != expected:
            wrong.append(f"{url} ({endpoint}): current {marked}, expected {expected}")
    assert seen >= 8, "too few pages answered: the scenario no longer gives this visitor pages to visit"
    assert wrong == []

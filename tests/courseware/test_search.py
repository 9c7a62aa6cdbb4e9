"""Glossary (alphabetical, letter index, filter without JavaScript) and search across the course."""

from __future__ import annotations

import pytest

from courseware.search import excerpt, highlight, query_words
from courseware.text import fold, fold_with_positions

PENALITES = (
    "## Le principe\n\nLes pénalités de retard sont dues sans rappel dès le lendemain de l'échéance.\n\n"
    "Pénalités de retard\n:   Somme due de plein droit par le client qui paie après l'échéance.\n\n"
    "Échéance\n:   Date à laquelle la facture doit être payée.\n"
)
DSO = (
    "## Mesurer\n\nLe DSO mesure le délai moyen d'encaissement. Un DSO de 62 jours est élevé pour "
    "le secteur. Les PÉNALITÉS ne changent pas le DSO.\n\n"
    "DSO\n:   Days sales outstanding : délai moyen de paiement des clients, en jours.\n\n"
    "« Œuvre » 100 %\n:   Terme de test qui commence par un guillemet et une ligature.\n"
)


@pytest.fixture
def searchable_course(app, course_folder):
    course_folder.module("01-relance", order=1, lessons={"01-penalites": PENALITES})
    course_folder.module("02-pilotage", order=2, lessons={"01-dso": DSO}, title="Pilotage")
    course_folder.sync(app)


@pytest.fixture
def trainee_client(client, auth, factory):
    auth.login(factory.user("trainee"))
    return client


def test_folding_removes_accents_case_and_space_kinds():
    assert fold("Échéance PÉNALITÉS\u00a0Œuvre") == "echeance penalites oeuvre"
    folded, positions = fold_with_positions("Œuf é")
    assert folded == "oeuf e" and positions == [0, 0, 1, 2, 3, 4]
    assert query_words("  Pénalités de l' x % retard ") == ["penalites", "retard"]
    assert query_words("de la") == ["de", "la"]  # nothing but common words: search them anyway


def test_excerpt_highlights_every_occurrence_in_the_original_spelling():
    text = "Début. " + "mot " * 40 + "Les Pénalités de retard, et encore des pénalités." + " fin" * 60
    shown = excerpt(text, ["penalites", "retard"], "penalites retard")
    assert shown.startswith("… ") and shown.endswith(" …")
    assert "<mark>Pénalités</mark> de <mark>retard</mark>" in shown and "des <mark>pénalités</mark>" in shown
    assert str(highlight("a <b> é", ["e"])) == "a &lt;b&gt; <mark>é</mark>"
    assert str(highlight("indemnité de retard", ["de", "re"])) == "indemnité <mark>de</mark> <mark>re</mark>tard"
    assert excerpt("Titre\nTexte du retard.", ["retard"]) == "Titre — Texte du <mark>retard</mark>."


def test_glossary_is_alphabetical_with_a_letter_index_and_links_to_the_lesson(trainee_client, searchable_course):
    html = trainee_client.get("/glossaire").text
    order = [html.index(term) for term in (">DSO<", ">Échéance<", "Œuvre", ">Pénalités de retard<")]
    assert order == sorted(order)
    assert '<a href="#lettre-E">E</a>' in html and '<span aria-disabled="true">B</span>' in html
    assert 'id="lettre-O"' in html  # « Œuvre » files under O, not under the quote mark
    assert 'href="/modules/01-relance/01-penalites#def-echeance"' in html
    assert "4 termes définis dans les leçons" in html


def test_glossary_filter_works_with_a_plain_get_and_ignores_accents(trainee_client, searchable_course):
    html = trainee_client.get("/glossaire?q=ECHEANCE").text
    assert "Date à laquelle la facture doit être payée." in html and "DSO" not in html.split("Glossaire")[-1]
    assert "1 terme pour « ECHEANCE »" in html
    assert "Aucun terme ne contient" in trainee_client.get("/glossaire?q=zzz").text


def test_glossary_anchor_exists_in_the_lesson(trainee_client, searchable_course):
    assert 'id="def-echeance"' in trainee_client.get("/modules/01-relance/01-penalites").text


def test_search_is_accent_and_case_insensitive_and_ranks_title_matches_first(trainee_client, searchable_course):
    html = trainee_client.get("/recherche?q=penalites").text
    assert "2 leçons pour « penalites »" in html
    assert html.index("Leçon 01-penalites") < html.index("Leçon 01-dso")
    assert "<mark>PÉNALITÉS</mark>" in html and "<mark>pénalités</mark>" in html
    assert "Dans le glossaire" in html and "#def-penalites-de-retard" in html


def test_search_needs_every_word(trainee_client, searchable_course):
    html = trainee_client.get("/recherche?q=DSO+62+jours").text
    assert "1 leçon pour" in html and "Leçon 01-dso" in html and "Leçon 01-penalites" not in html
    assert "Aucune leçon ne contient" in trainee_client.get("/recherche?q=dso+rappel+introuvable").text


@pytest.mark.parametrize("query", ["%", "_", "%%", "a"])
def test_like_wildcards_and_short_words_match_nothing(trainee_client, searchable_course, query):
    html = trainee_client.get("/recherche", query_string={"q": query}).text
    assert "Leçon 01-" not in html
    assert "<mark>" not in html


def test_search_page_without_query_shows_the_form(trainee_client, searchable_course):
    html = trainee_client.get("/recherche").text
    assert 'name="q"' in html and "leçon" not in html.split("</form>")[-1].split("<footer")[0]


def test_a_lesson_with_script_or_event_handlers_is_neutralised(app, course_folder, trainee_client):
    course_folder.module(lessons={"01-piege": (
        "Bonjour <script>document.title='pirate'</script>\n\n<img src=x onerror=\"alert(1)\">\n\n"
        "[clic](javascript:alert(2)) <a href=\"/x\" onmouseover=\"alert(3)\">survol</a>\n\n"
        "Terme <em onclick=\"alert(4)\">piégé</em>\n:   Définition <script>alert(5)</script> sûre.\n")})
    course_folder.sync(app)
    for url in ("/modules/01-premier-module/01-piege", "/glossaire", "/recherche?q=bonjour"):
        html = trainee_client.get(url).text.lower()
        body = html.split("<main")[1]
        for forbidden in ("<script", "onerror", "onclick", "onmouseover", "javascript:", "alert("):
            assert forbidden not in body, (url, forbidden)
    assert "Définition" in trainee_client.get("/glossaire").text

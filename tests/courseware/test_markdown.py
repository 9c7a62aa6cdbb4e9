"""Shared Markdown rendering: the extensions the course uses, sanitisation, definitions for the glossary."""

from markupsafe import Markup

from core.markdown import plain_text, render_document, render_markdown

NBSP = "\u00a0"


def test_admonitions_tables_footnotes_and_definitions_render():
    source = (
        "## Exemple chiffré\n\n"
        "| Solde | Montant |\n|---|---:|\n| EBE | 245 000 € |\n\n"
        "Texte avec note[^1].\n\n"
        "Capacité d'autofinancement (CAF)\n:   Ressource interne dégagée par l'exercice.\n\n"
        '!!! retenir "À retenir"\n    La CAF n\'est pas de la trésorerie.\n\n'
        "[^1]: Source : REFERENCE §2.\n"
    )
    html = render_markdown(source)
    assert isinstance(html, Markup)
    assert '<h2 id="exemple-chiffre">Exemple chiffré</h2>' in html
    assert f'<td align="right">245\u202f000{NBSP}€</td>' in html
    assert '<div class="admonition retenir">' in html and '<p class="admonition-title">À retenir</p>' in html
    assert '<a class="footnote-ref" href="#fn:1"' in html
    assert "Revenir à l'appel de note 1" in html
    assert '<dt id="def-capacite-dautofinancement-caf">' in html


def test_definitions_are_collected_with_their_anchor_and_safe_html():
    document = render_document(
        "**EBE**\n:   Excédent brut d'exploitation : ressource de l'exploitation.\n\n"
        "BFR\n:   Besoin en fonds de roulement.\n\nBFR\n:   Deuxième sens.\n"
    )
    assert [(d.term, d.anchor) for d in document.definitions] == [
        ("EBE", "def-ebe"), ("BFR", "def-bfr"), ("BFR", "def-bfr-2")]
    assert document.definitions[0].html == f"Excédent brut d'exploitation{NBSP}: ressource de l'exploitation."


def test_checklist_items_show_a_box_to_tick():
    html = render_markdown("- [ ] Date d'échéance\n- [x] Taux des pénalités\n- Sans case\n")
    assert '<li class="task"><span class="task">☐</span> Date d\'échéance</li>' in html
    assert '<span class="task">☑</span> Taux des pénalités' in html
    assert "<li>Sans case</li>" in html


def test_raw_html_scripts_and_event_handlers_are_neutralised():
    html = render_markdown(
        "Bonjour <script>alert('x')</script>\n\n<img src=x onerror=alert(1)>\n\n"
        '<a href="javascript:alert(1)" onclick="steal()">lien</a> [autre](javascript:alert(2))\n\n'
        '<div style="position:fixed" class="admonition evil">boîte</div>\n\n<iframe src="/x"></iframe>'
    )
    lowered = html.lower()
    for forbidden in ("<script", "alert('x')", "onerror", "onclick", "javascript:", "<img", "<iframe",
                      "style=", "evil"):
        assert forbidden not in lowered, forbidden
    assert "Bonjour" in html and "lien" in html and "boîte" in html


def test_internal_links_are_kept():
    html = render_markdown("[La CAF](/modules/03-analyse-financiere/01-sig-caf) et [web](https://www.legifrance.gouv.fr)")
    assert 'href="/modules/03-analyse-financiere/01-sig-caf"' in html
    assert 'href="https://www.legifrance.gouv.fr"' in html


def test_plain_text_has_one_line_per_block_and_keeps_non_breaking_spaces():
    html = render_markdown("## Délai\n\nUn **mot**\nsur deux lignes : 60 jours.\n\n- a\n- b\n")
    assert plain_text(html) == f"Délai\nUn mot sur deux lignes{NBSP}: 60{NBSP}jours.\na\nb"

"""French typography on rendered HTML: which spaces become non-breaking, and where nothing changes."""

import pytest

from core.typography import french_spaces, french_typography

NBSP, NNBSP = "\u00a0", "\u202f"


@pytest.mark.parametrize("source, expected", [
    ("Délai : 60 jours", f"Délai{NBSP}: 60{NBSP}jours"),
    ("Vraiment ? Oui ! Et ; puis", f"Vraiment{NNBSP}? Oui{NNBSP}! Et{NNBSP}; puis"),
    ("un taux de 12,15 %", f"un taux de 12,15{NBSP}%"),
    ("« À retenir »", f"«{NBSP}À retenir{NBSP}»"),
    ("1 234 567,89 €", f"1{NNBSP}234{NNBSP}567,89{NBSP}€"),
    ("12 000 € en 3 ans et 45 jours", f"12{NNBSP}000{NBSP}€ en 3{NBSP}ans et 45{NBSP}jours"),
    ("2 M€ et 40 k€", f"2{NBSP}M€ et 40{NBSP}k€"),
    ("Note  :  deux espaces", f"Note{NBSP}:  deux espaces"),
    ("le 14 avril 2025 et le 1er juillet", f"le 14{NBSP}avril 2025 et le 1er{NBSP}juillet"),
])
def test_spaces_become_non_breaking_where_french_print_wants_them(source, expected):
    assert french_spaces(source) == expected


@pytest.mark.parametrize("source", [
    "12:30 et http://exemple.fr/a?b=c",  # no space to replace: nothing is inserted
    "les comptes 2024 2025",  # two years are not a digit group
    "3 hausses et 4 jourssss",  # a unit is a whole word
    "2025 mai-juin",  # a year is not a day
    "pi vaut 3,141 592",  # digits after a decimal comma are not a thousands group
])
def test_text_without_a_rule_to_apply_is_unchanged(source):
    assert french_spaces(source) == source


def test_rules_see_across_inline_tags_but_not_across_blocks():
    html = "<p><strong>Délai</strong> : <em>60</em> jours</p><p>x</p><p> : début de bloc</p>"
    assert french_typography(html) == (
        f"<p><strong>Délai</strong>{NBSP}: <em>60</em>{NBSP}jours</p><p>x</p><p> : début de bloc</p>")


def test_code_and_attributes_are_never_touched():
    html = '<p title="a : b">x : <code>a : b ; 1 000 €</code> <a href="/r?q=a : b">1 000 €</a></p>'
    assert french_typography(html) == (
        f'<p title="a : b">x{NBSP}: <code>a : b ; 1 000 €</code> <a href="/r?q=a : b">1{NNBSP}000{NBSP}€</a></p>')


def test_entities_stay_escaped():
    assert french_typography("<p>a &amp; b &lt;c&gt; ?</p>") == f"<p>a &amp; b &lt;c&gt;{NNBSP}?</p>"

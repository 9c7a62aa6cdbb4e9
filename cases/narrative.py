"""Short French narratives presenting a fictional company: identity, market and the archetype's story."""

from __future__ import annotations

import random
import re
import unicodedata
from typing import Any

from cases import library
from core.frenchnum import NBSP, format_eur, format_number, format_percent

_BEFORE_PUNCTUATION = re.compile(r" ([:;!?»%])")
_AFTER_GUILLEMET = re.compile(r"« ")
_NUMBER_UNIT = re.compile(r"(\d) (jours|mois|ans|salariés|salarié|€)")
# The words of our data that begin with an h muet, elided like a vowel (« d’Habillement de l’Ouest »,
# « d’Hélène Morel »; « Hérault » is always met as « l’Hérault »). Any other h is taken as aspiré and keeps
# « de »: « de Haute-Savoie », « de Haute-Garonne » (and « des Hauts-de-France » with its article).
H_MUET_WORDS = frozenset({"Habillement", "Hélène", "Hérault", "Hervé"})
_VOWELS = frozenset("AEIOUÆŒ")
_FIRST_WORD = re.compile(r"[^\s’'-]+")
# An article contracted with « de » and with « à »: « du Mans », « au Mans », « des Sables », « aux Sables ».
_CONTRACTIONS = {"Le ": ("du ", "au "), "le ": ("du ", "au "), "Les ": ("des ", "aux "), "les ": ("des ", "aux ")}


def _elides(name: str) -> bool:
    """Whether « de » elides before `name`: a vowel, an h muet of H_MUET_WORDS, or a y sounded as a vowel
    (« d’Yvetot », « d’Yves ») but not a y before a vowel (« de Yannick »). Surnames elide like any other
    name (« d’Aubert », « d’Eiffel », as in « l’œuvre d’Aragon »): our names carry no particle « de » that
    elision could be mistaken for."""
    first = unicodedata.normalize("NFD", name[:1])[:1].upper()
    if first in _VOWELS:
        return True
    if first == "Y":
        following = unicodedata.normalize("NFD", name[1:2])[:1].upper()
        return bool(following) and following not in _VOWELS
    if first == "H":
        word = _FIRST_WORD.match(name)
        return word is not None and word.group() in H_MUET_WORDS
    return False


def after_de(name: str) -> str:
    """The preposition « de » and `name`, elided or contracted as French writes it: « de Lyon », « d’Angers »,
    « d’Habillement de l’Ouest », « du Mans », « des Sables-d’Olonne », « de La Rochelle », « de Haute-Savoie »,
    « du tribunal de commerce »."""
    return _contracted(name, 0) or ("d’" if _elides(name) else "de ") + name


def after_a(name: str) -> str:
    """The preposition « à » and `name`, contracted with a masculine or plural article: « à Lyon »,
    « au Mans », « aux Sables-d’Olonne », « à La Rochelle »."""
    return _contracted(name, 1) or "à " + name


def _contracted(name: str, preposition: int) -> str | None:
    """`name` after « de » (0) or « à » (1) when it begins with « le » or « les », else None."""
    for article, forms in _CONTRACTIONS.items():
        if name.startswith(article):
            return forms[preposition] + name[len(article):]
    return None


def typographie(text: str) -> str:
    """French spacing: non-breaking spaces before `: ; ! ? » %`, after `«`, between a number and its unit."""
    text = _BEFORE_PUNCTUATION.sub(NBSP + r"\1", text)
    text = _AFTER_GUILLEMET.sub("«" + NBSP, text)
    return _NUMBER_UNIT.sub(r"\1" + NBSP + r"\2", text)


def format_siren(siren: str) -> str:
    """`542107651` -> `542 107 651` (non-breaking spaces), as it is printed on a Kbis."""
    return NBSP.join((siren[:3], siren[3:6], siren[6:]))


def presentation(company: dict[str, Any], headcount: int | None) -> str:
    """Who the company is: name, form, capital, seat, age, activity, size and manager."""
    manager = company["managers"][0] if company.get("managers") else None
    staff = ""
    if headcount:
        staff = f" et emploie {format_number(headcount)} salarié{'s' if headcount > 1 else ''}"
    text = (
        f"{company['name']} est une {company['legal_form_name']} ({company['legal_form']}) au capital de "
        f"{format_eur(company['capital'])}, immatriculée sous le SIREN {format_siren(company['siren'])}, dont le "
        f"siège est {after_a(company['city'])} ({company['departement']}). Créée en {company['founded']}, elle exerce "
        f"l’activité « {company['naf_label']} » (code NAF {company['naf']}){staff}."
    )
    if manager:
        text += f" {manager['title']} : {manager['name']}."
    return text


def describe_company(rng: random.Random, company: dict[str, Any]) -> str:
    """The narrative of a company drawn by `cases.companies.draw_company`: who it is, its market and its
    story, then which accounts follow."""
    years = company["years"]
    last = str(years[-1])
    sector = library.sectors()[company["sector"]]
    story = library.archetypes()[company["archetype"]]
    paragraphs = [
        presentation(company["company"], company["headcount"][last]),
        rng.choice(sector["market"]),
        rng.choice(story["story"]).format(previous=years[-2], last=years[-1]),
        f"Les comptes annuels des exercices {years[0]}, {years[1]} et {years[-1]} (clos le 31 décembre) sont "
        f"présentés ci-dessous ; le taux de TVA applicable à ses ventes et à ses achats est de "
        f"{format_percent(company['vat_rate'], 0)}.",
    ]
    return typographie("\n\n".join(paragraphs))

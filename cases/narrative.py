"""Short French narratives presenting a fictional company: identity, market and the archetype's story."""

from __future__ import annotations

import random
import re
from typing import Any

from cases import library
from core.frenchnum import NBSP, format_eur, format_number, format_percent

_BEFORE_PUNCTUATION = re.compile(r" ([:;!?»%])")
_AFTER_GUILLEMET = re.compile(r"« ")
_NUMBER_UNIT = re.compile(r"(\d) (jours|mois|ans|salariés|salarié|€)")


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
        f"siège est à {company['city']} ({company['departement']}). Créée en {company['founded']}, elle exerce "
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

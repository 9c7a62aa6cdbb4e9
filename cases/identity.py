"""Fictional company identities: name, SIREN with a valid check digit, NAF code, legal form, managers.

A name only uses words true of the company: the activity word belongs to the NAF entry drawn, the place word
(département, region or historic area) to the seat city.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import Any

from cases import library
from cases.narrative import after_de

# Which court hears the commercial cases and procédures collectives of a seat city (identities.yaml, `court`).
TRIBUNAL_DE_COMMERCE = "tribunal_de_commerce"
CHAMBRE_COMMERCIALE = "chambre_commerciale"
ACTIVITES_ECONOMIQUES = "activites_economiques"
ELSEWHERE = "elsewhere"
COURTS = (TRIBUNAL_DE_COMMERCE, CHAMBRE_COMMERCIALE, ACTIVITES_ECONOMIQUES, ELSEWHERE)
# The tribunaux des activités économiques hear the cases brought from this day (loi n° 2023-1059, art. 26).
ACTIVITES_ECONOMIQUES_FROM = date(2025, 1, 1)


@dataclass(frozen=True)
class City:
    """A seat city: its département code, its region, the places a company name may use for it (its
    département's phrase, its region, then the historic areas it lies in) and its kind of commercial court
    (one of COURTS)."""

    name: str
    departement: str
    region: str
    places: tuple[str, ...]
    court: str = TRIBUNAL_DE_COMMERCE


@cache
def cities() -> tuple[City, ...]:
    """The seat cities of identities.yaml, in file order."""
    data = library.identities()
    seats = []
    for entry in data["cities"]:
        departement = data["departements"][entry["departement"]]
        places = (departement["in_name"], departement["region"], *entry["areas"])
        court = entry.get("court", TRIBUNAL_DE_COMMERCE)
        if court not in COURTS:
            raise ValueError(f"identities.yaml: {entry['name']} has an unknown court {court!r}")
        seats.append(City(entry["name"], entry["departement"], departement["region"], places, court))
    return tuple(seats)


@cache
def city_named(name: str) -> City:
    """The seat city called `name` (KeyError when it is not one of identities.yaml)."""
    return {city.name: city for city in cities()}[name]


def commercial_court(city: str, *, on: date) -> str:
    """The court, with its article, that hears on the day `on` the commercial cases and the procédures
    collectives of a company seated in `city`: « le tribunal de commerce de Rennes », « la chambre commerciale
    du tribunal judiciaire de Metz », « le tribunal des activités économiques de Lyon » (from 1 January 2025;
    its tribunal de commerce before), « le tribunal de commerce dont relève Cholet »."""
    court = city_named(city).court
    if court == CHAMBRE_COMMERCIALE:
        return f"la chambre commerciale du tribunal judiciaire {after_de(city)}"
    if court == ELSEWHERE:
        return f"le tribunal de commerce dont relève {city}"
    if court == ACTIVITES_ECONOMIQUES and on >= ACTIVITES_ECONOMIQUES_FROM:
        return f"le tribunal des activités économiques {after_de(city)}"
    return f"le tribunal de commerce {after_de(city)}"


def luhn_valid(digits: str) -> bool:
    """Luhn check (the key of SIREN and SIRET numbers): from the right, every second digit is doubled
    (minus 9 above 9) and the sum must be a multiple of 10."""
    if not digits.isdigit():
        return False
    total = 0
    for position, char in enumerate(reversed(digits)):
        value = int(char)
        if position % 2 == 1:
            value = value * 2 - 9 if value > 4 else value * 2
        total += value
    return total % 10 == 0


def is_valid_siren(siren: str) -> bool:
    """Nine digits with a valid Luhn key."""
    return len(siren) == 9 and luhn_valid(siren)


def siren_with_key(first_eight: str) -> str:
    """Complete eight digits with the Luhn check digit."""
    for key in "0123456789":
        if luhn_valid(first_eight + key):
            return first_eight + key
    raise AssertionError("a Luhn key always exists")  # pragma: no cover


def _weighted_choice(rng: random.Random, items: list[dict[str, Any]]) -> dict[str, Any]:
    return rng.choices(items, weights=[item["weight"] for item in items])[0]


def round_capital(amount: float, minimum: int) -> int:
    """Share capital as companies set it: a round figure (1 000, 5 000 or 10 000 steps), at least `minimum`."""
    step = 1_000 if amount < 20_000 else 5_000 if amount < 200_000 else 10_000
    return max(minimum, int(round(amount / step)) * step, step)


def draw_identity(rng: random.Random, sector: str, *, capital: float, closing_year: int,
                  city: City | None = None) -> dict[str, Any]:
    """A fictional company of `sector` seated in `city` (drawn when not given), with a share capital close to
    `capital` euros.

    Keys: name, siren, naf, naf_label, legal_form, legal_form_name, capital, city, departement, founded,
    age (years at the closing of `closing_year`), managers [{name, title}], sector, sector_label.
    """
    data = library.identities()
    profile = library.sectors()[sector]
    form = _weighted_choice(rng, data["legal_forms"])
    naf = rng.choice(profile["naf"])
    seat = city or rng.choice(cities())
    surname = rng.choice(data["surnames"])
    name = rng.choice(data["name_patterns"]).format(
        activity=rng.choice(naf["name_words"]), surname=surname, place=rng.choice(seat.places)
    )
    feminine = rng.random() < 0.4
    first_name = rng.choice(data["first_names"]["feminine" if feminine else "masculine"])
    manager_surname = surname if rng.random() < 0.5 else rng.choice(data["surnames"])
    age = rng.randint(6, 45)
    return {
        "name": name,
        "siren": siren_with_key(str(rng.randint(3, 9)) + f"{rng.randrange(10**7):07d}"),
        "naf": naf["code"],
        "naf_label": naf["label"],
        "legal_form": form["code"],
        "legal_form_name": form["name"],
        "capital": round_capital(capital, form["minimum_capital"]),
        "city": seat.name,
        "departement": seat.departement,
        "founded": closing_year - age,
        "age": age,
        "managers": [{"name": f"{first_name} {manager_surname}", "title": form["title"][1 if feminine else 0]}],
        "sector": sector,
        "sector_label": profile["label"],
    }

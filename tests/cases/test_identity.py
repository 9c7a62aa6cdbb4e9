"""cases.identity: a company's name agrees with its NAF entry and with its seat city, in every case kind that
draws one (a credit manager notices « Propreté … » on an engineering firm, or « … du Jura » seated in Valence)."""

import random
import re
from datetime import date
from string import Formatter

import pytest

from cases import library
from cases.identity import (ACTIVITES_ECONOMIQUES, CHAMBRE_COMMERCIALE, COURTS, ELSEWHERE, TRIBUNAL_DE_COMMERCE, cities,
                            commercial_court, draw_identity, is_valid_siren)
from cases.ledgers import LedgerSpec, draw_ledger
from cases.litigation import draw_litigation
from cases.narrative import after_de
from simulator.law import ALSACE_MOSELLE

SEEDS = range(500)
# The regions of metropolitan France since 1 January 2016 (loi n° 2015-29), Corsica aside.
CURRENT_REGIONS = {"Auvergne-Rhône-Alpes", "Bourgogne-Franche-Comté", "Bretagne", "Centre-Val de Loire", "Grand Est",
                   "Hauts-de-France", "Île-de-France", "Normandie", "Nouvelle-Aquitaine", "Occitanie",
                   "Pays de la Loire", "Provence-Alpes-Côte d’Azur"}
CITIES = {city.name: city for city in cities()}
# The twelve tribunaux des activités économiques tried from 1 January 2025 (loi n° 2023-1059 du 20 novembre 2023,
# art. 26; their seats are fixed by arrêté).
TAE_SEATS = {"Auxerre", "Avignon", "Le Havre", "Le Mans", "Limoges", "Lyon", "Marseille", "Nancy", "Orléans", "Paris",
             "Saint-Étienne", "Versailles"}
NAF_WORDS = {entry["code"]: entry["name_words"]
             for profile in library.sectors().values() for entry in profile["naf"]}


def _one_of(words) -> str:
    return "(?:" + "|".join(re.escape(word) for word in words) + ")"


def name_fits(name: str, activity_words, places) -> bool:
    """Whether `name` is one of the identities' name patterns filled with a surname, one of `activity_words`
    and one of `places`, and nothing else."""
    fields = {"activity": _one_of(activity_words), "place": _one_of(places),
              "surname": _one_of(library.identities()["surnames"])}
    for pattern in library.identities()["name_patterns"]:
        regex = "".join(re.escape(text) + (fields[field] if field else "")
                        for text, field, _, _ in Formatter().parse(pattern))
        if re.fullmatch(regex, name):
            return True
    return False


def assert_coherent(company, activity_words) -> None:
    city = CITIES[company["city"]]
    assert company["departement"] == city.departement, company
    assert name_fits(company["name"], activity_words, city.places), company


def test_the_oracle_rejects_the_names_the_review_found():
    valence = CITIES["Valence"]
    assert not name_fits("Propreté Leclerc du Jura", NAF_WORDS["71.12B"], valence.places)
    assert not name_fits("Propreté Leclerc de la Drôme", NAF_WORDS["71.12B"], valence.places)
    assert not name_fits("Ingénierie Leclerc du Jura", NAF_WORDS["71.12B"], valence.places)
    assert name_fits("Ingénierie Leclerc de la Drôme", NAF_WORDS["71.12B"], valence.places)
    assert not name_fits("Brunet Usinage", NAF_WORDS["22.29A"], valence.places)
    assert name_fits("Brunet Plasturgie", NAF_WORDS["22.29A"], valence.places)


@pytest.mark.parametrize("sector", sorted(library.sectors()))
def test_names_agree_with_the_naf_entry_and_the_seat(sector):
    labels = {entry["code"]: entry["label"] for entry in library.sectors()[sector]["naf"]}
    for seed in SEEDS:
        identity = draw_identity(random.Random(seed), sector, capital=80_000, closing_year=2025)
        assert identity["naf_label"] == labels[identity["naf"]]
        assert_coherent(identity, NAF_WORDS[identity["naf"]])
        assert is_valid_siren(identity["siren"])


@pytest.mark.parametrize("sector", sorted(library.sectors()))
def test_identities_are_deterministic_for_a_seed(sector):
    for seed in SEEDS:
        first = draw_identity(random.Random(seed), sector, capital=80_000, closing_year=2025)
        assert first == draw_identity(random.Random(seed), sector, capital=80_000, closing_year=2025)


def test_a_given_seat_city_is_kept_and_named():
    toulon = CITIES["Toulon"]
    for seed in range(200):
        identity = draw_identity(random.Random(seed), "btp", capital=80_000, closing_year=2025, city=toulon)
        assert (identity["city"], identity["departement"]) == ("Toulon", "83")
        assert_coherent(identity, NAF_WORDS[identity["naf"]])


def test_every_seat_city_has_its_departement_and_a_current_region():
    departements = library.identities()["departements"]
    assert set(departements) == {city.departement for city in cities()}
    for city in cities():
        assert re.fullmatch(r"\d\d|2[AB]", city.departement), city
        assert city.region in CURRENT_REGIONS, city
        assert city.places[:2] == (departements[city.departement]["in_name"], city.region)
        assert len(set(city.places)) == len(city.places)


def test_every_naf_entry_has_its_own_name_words():
    for profile in library.sectors().values():
        assert profile["naf"] and all(entry["name_words"] for entry in profile["naf"])
        codes = [entry["code"] for entry in profile["naf"]]
        assert len(codes) == len(set(codes))


@pytest.mark.parametrize("city, day, expected", [
    ("Rennes", date(2025, 10, 6), "le tribunal de commerce de Rennes"),
    ("Angers", date(2026, 3, 2), "le tribunal de commerce d’Angers"),
    ("Metz", date(2024, 6, 3), "la chambre commerciale du tribunal judiciaire de Metz"),
    ("Metz", date(2025, 10, 6), "la chambre commerciale du tribunal judiciaire de Metz"),
    ("Lyon", date(2024, 12, 31), "le tribunal de commerce de Lyon"),
    ("Lyon", date(2025, 1, 1), "le tribunal des activités économiques de Lyon"),
    ("Le Mans", date(2025, 10, 6), "le tribunal des activités économiques du Mans"),
    ("Orléans", date(2024, 3, 4), "le tribunal de commerce d’Orléans"),
    ("Cholet", date(2024, 3, 4), "le tribunal de commerce dont relève Cholet"),
    ("Cholet", date(2025, 10, 6), "le tribunal de commerce dont relève Cholet"),
])
def test_the_commercial_court_of_a_seat_city(city, day, expected):
    assert commercial_court(city, on=day) == expected


def test_the_courts_of_the_seat_cities_follow_the_law():
    by_court = {court: {city.name for city in cities() if city.court == court} for court in COURTS}
    # Moselle, Bas-Rhin, Haut-Rhin: a chambre commerciale of the tribunal judiciaire, in every seat city there.
    assert by_court[CHAMBRE_COMMERCIALE] == {city.name for city in cities() if city.departement in ALSACE_MOSELLE}
    # The twelve tribunaux de commerce replaced by a tribunal des activités économiques from 1 January 2025.
    assert by_court[ACTIVITES_ECONOMIQUES] == TAE_SEATS & set(CITIES)
    assert by_court[ELSEWHERE] == {"Lille", "Roubaix", "Cholet", "Valence"}


def test_an_unknown_city_has_no_court():
    with pytest.raises(KeyError):
        commercial_court("Liège", on=date(2025, 10, 6))


@pytest.mark.parametrize("level", ["facile", "standard", "difficile"])
def test_litigation_parties_keep_names_that_agree_with_their_seat(level):
    for seed in range(150):
        case = draw_litigation(random.Random(seed), level)
        assert_coherent(case["creditor"], NAF_WORDS[case["creditor"]["naf"]])
        debtor = case["company"]
        if debtor["naf"] in NAF_WORDS:  # a commercial company
            assert_coherent(debtor, NAF_WORDS[debtor["naf"]])
        else:
            assert debtor["departement"] == CITIES[debtor["city"]].departement
            if debtor["legal_form"] == "Association":
                assert debtor["name"].endswith(" " + after_de(debtor["city"])), debtor
            other_places = {place for city in cities() if city.name != debtor["city"] for place in city.places}
            assert not any(debtor["name"].endswith(" " + place) for place in other_places
                           if place not in CITIES[debtor["city"]].places), debtor


def test_litigation_parties_sit_where_the_tribunal_de_commerce_bears_the_city_name():
    # The graded court options name « le tribunal de commerce de <city> »: no party elsewhere.
    for seed in range(150):
        case = draw_litigation(random.Random(seed), "difficile")
        for party in (case["creditor"], case["company"]):
            assert CITIES[party["city"]].court == TRIBUNAL_DE_COMMERCE, party


def test_ledger_customers_agree_with_their_seat():
    spec = LedgerSpec(customers=8, public=True)
    every_word = [word for words in NAF_WORDS.values() for word in words]
    for seed in range(150):
        for customer in draw_ledger(random.Random(seed), spec)["customers"]:
            city = CITIES[customer["city"]]
            assert customer["departement"] == city.departement
            if customer["segment"] == "public":
                assert customer["name"].endswith(" " + after_de(city.name))
            else:
                assert name_fits(customer["name"], every_word, city.places), customer

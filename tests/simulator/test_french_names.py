"""What every kind writes around a name: « de » elided or contracted (« d’Habillement de l’Ouest », « du Mans »),
« à » contracted (« au Mans »), and the court of the debtor's seat named as it is on the judgment's date."""

import re
from datetime import date

import pytest

from cases.narrative import H_MUET_WORDS
from simulator.registry import LEVELS, all_kinds, get_kind

SEEDS = range(100)  # per level
# « de » before a word that begins with a vowel (a word, not a letter: « de A à E » is right), an h muet of our
# data, or a y sounded as a vowel; « de Le », « de Les », « à Le », « à Les ». Surnames are no exception: « d’Aubert ».
_CAPITAL_VOWEL = "AEIOUÆŒÀÂÄÉÈÊËÎÏÔÖÙÛÜ"
MISSED_ELISION = re.compile(
    rf"\b[dD]e (?:[{_CAPITAL_VOWEL}][^\W\d_]|(?:{'|'.join(H_MUET_WORDS)})\b|Y[^\W\d_aeiouyAEIOUY])")
MISSED_CONTRACTION = re.compile(r"\b(?:[dD]e|[àÀ]) Les? ")


def test_the_patterns_find_the_mistakes_once_seen_on_screen():
    for wrong in ("Standard de Habillement de l’Ouest", "credit manager de Établissements Arnaud",
                  "Comptes annuels déposés de Ingénierie Colin", "siège est à Le Mans", "ceux de Le Mans",
                  "credit manager de Ameublement Lemoine", "de Yvetot", "de Hélène Morel"):
        assert MISSED_ELISION.search(wrong) or MISSED_CONTRACTION.search(wrong), wrong
    for right in ("Standard d’Habillement de l’Ouest", "de A à E", "de Haute-Savoie", "de Yannick Besson",
                  "du Mans", "au Mans", "de La Rochelle", "de 40 €", "de l’Ouest", "de Lyon"):
        assert not MISSED_ELISION.search(right) and not MISSED_CONTRACTION.search(right), right


def _texts(value):
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from _texts(item)
    elif isinstance(value, (list, tuple)):
        for item in value:
            yield from _texts(item)


@pytest.mark.parametrize("kind", all_kinds(), ids=lambda kind: kind.slug)
def test_no_generated_text_misses_an_elision_or_a_contraction(kind):
    for level in LEVELS:
        for seed in SEEDS:
            case = kind.generate(seed, level)
            texts = [*_texts(case), *_texts(kind.form_fields(case))]
            for submission in (kind.solve(case), {}):
                texts += [item.feedback for item in kind.grade(case, submission).items]
            for text in texts:
                found = MISSED_ELISION.search(text) or MISSED_CONTRACTION.search(text)
                assert not found, (level, seed, text[max(0, found.start() - 40):found.end() + 40])


def _phone_call_in(city: str) -> dict:
    kind = get_kind("phone-call")
    return next(case for seed in range(20_000) if (case := kind.generate(seed, "difficile"))["objection"]
                == "redressement" and case["company"]["city"] == city)


@pytest.mark.parametrize("city, court", [
    ("Lyon", "le tribunal des activités économiques de Lyon"),
    ("Metz", "la chambre commerciale du tribunal judiciaire de Metz"),
    ("Rennes", "le tribunal de commerce de Rennes"),
    ("Cholet", "le tribunal de commerce dont relève Cholet"),
])
def test_the_debtor_on_the_phone_names_the_court_of_its_seat(city, court):
    case = _phone_call_in(city)
    assert case["procedure"]["judgment_date"] >= "2025-01-01"  # calls fall in the second half of 2025
    line = case["call"]["nodes"]["rj_detail"]["line"]
    assert f"par {court}, et publié au BODACC" in line, line


def _insolvency_in(city: str, judged) -> dict:
    kind = get_kind("insolvency-claim")
    return next(case for seed in range(20_000) if (case := kind.generate(seed, "standard"))["company"]["city"] == city
                and judged(date.fromisoformat(case["judgment_date"])))


@pytest.mark.parametrize("city, judged, court", [
    ("Lyon", lambda day: day.year == 2024, "le tribunal de commerce de Lyon"),
    ("Lyon", lambda day: day.year >= 2025, "le tribunal des activités économiques de Lyon"),
    ("Metz", lambda day: True, "la chambre commerciale du tribunal judiciaire de Metz"),
    ("Rennes", lambda day: True, "le tribunal de commerce de Rennes"),
    ("Cholet", lambda day: True, "le tribunal de commerce dont relève Cholet"),
])
def test_an_insolvency_case_names_the_court_that_opened_the_procedure(city, judged, court):
    case = _insolvency_in(city, judged)
    assert case["court"] == court
    assert f", {court} a ouvert à son égard une procédure" in case["narrative"]

import random

import pytest

from cases import library
from cases.identity import draw_identity, is_valid_siren, luhn_valid, round_capital, siren_with_key


@pytest.mark.parametrize("siren", ["542107651", "443061841", "356000000"])
def test_sirens_with_a_valid_key_pass_the_luhn_check(siren):
    assert is_valid_siren(siren)


@pytest.mark.parametrize("siren", ["732829321", "542107615", "12345678", "abcdefghi", ""])
def test_wrong_keys_and_malformed_sirens_fail(siren):
    assert not is_valid_siren(siren)


def test_siren_with_key_completes_any_eight_digits():
    rng = random.Random(0)
    for _ in range(500):
        first = f"{rng.randrange(10**8):08d}"
        siren = siren_with_key(first)
        assert siren[:8] == first and is_valid_siren(siren)
        assert sum(luhn_valid(first + key) for key in "0123456789") == 1


@pytest.mark.parametrize("sector", sorted(library.sectors()))
def test_identities_are_complete_and_plausible(sector):
    for seed in range(50):
        identity = draw_identity(random.Random(seed), sector, capital=123_456, closing_year=2025)
        assert is_valid_siren(identity["siren"]) and identity["siren"][0] != "0"
        assert identity["naf"] in {entry["code"] for entry in library.sectors()[sector]["naf"]}
        assert identity["founded"] == 2025 - identity["age"] and identity["age"] >= 6
        assert identity["legal_form"] in {"SAS", "SARL", "SA"}
        if identity["legal_form"] == "SA":
            assert identity["capital"] >= 37_000
        assert identity["managers"][0]["name"] and identity["managers"][0]["title"]
        assert identity["name"] and "{" not in identity["name"]


def test_identity_is_deterministic_for_a_seed():
    a = draw_identity(random.Random(7), "btp", capital=50_000, closing_year=2024)
    b = draw_identity(random.Random(7), "btp", capital=50_000, closing_year=2024)
    assert a == b


@pytest.mark.parametrize("amount, minimum, expected", [(123_456, 1, 125_000), (8_300, 1, 8_000), (300, 1, 1_000),
                                                       (12_000, 37_000, 37_000), (47_600, 1, 50_000)])
def test_capital_is_a_round_figure_above_the_legal_minimum(amount, minimum, expected):
    assert round_capital(amount, minimum) == expected

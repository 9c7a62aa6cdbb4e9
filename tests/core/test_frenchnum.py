import datetime as dt
from decimal import Decimal

import pytest

from core.frenchnum import format_date, format_datetime, format_eur, format_number, format_percent, parse_decimal


@pytest.mark.parametrize(
    "text, expected",
    [
        ("1 234,5", Decimal("1234.5")),
        ("1\u00a0234,50 €", Decimal("1234.50")),
        ("1\u202f234", Decimal("1234")),
        ("1.234.567,8", Decimal("1234567.8")),
        ("-12,5", Decimal("-12.5")),
        ("\u221212,5", Decimal("-12.5")),
        ("0.75", Decimal("0.75")),
        ("0.365", Decimal("0.365")),
        ("1.234", Decimal("1.234")),
        ("1.234,5", Decimal("1234.5")),
        (",5", Decimal("0.5")),
        ("35 %", Decimal("0.35")),
        (42, Decimal("42")),
        (1.5, Decimal("1.5")),
    ],
)
def test_parse_decimal_accepts_french_notation(text, expected):
    assert parse_decimal(text) == expected


@pytest.mark.parametrize("text", ["", "  ", "abc", "1,2,3", "12a", "--1", "1 2,3,4", None, True, [], float("nan")])
def test_parse_decimal_rejects_garbage_with_a_french_message(text):
    with pytest.raises(ValueError) as err:
        parse_decimal(text)
    assert "nombre" in str(err.value) or "numérique" in str(err.value)


@pytest.mark.parametrize(
    "text, expected",
    [("35 %", Decimal("0.35")), ("35,2 %", Decimal("0.352")), ("35", Decimal("0.35")), ("0,35", Decimal("0.35"))],
)
def test_parse_decimal_percent_field(text, expected):
    assert parse_decimal(text, percent=True) == expected


def test_formatting_uses_non_breaking_spaces_and_decimal_comma():
    assert format_number(1234567.891, 2) == "1\u00a0234\u00a0567,89"
    assert format_eur(1234.5, 2) == "1\u00a0234,50\u00a0€"
    assert format_percent(0.3521) == "35,2\u00a0%"
    assert format_percent(None) == "n/s"
    assert format_date(dt.date(2026, 11, 22)) == "22/11/2026"
    assert format_date(dt.date(2026, 11, 22), "long") == "22 novembre 2026"


def test_format_number_agrees_with_babel_french_pattern():
    import random

    from babel.numbers import format_decimal

    rng = random.Random(7)
    for _ in range(2000):
        value = rng.uniform(-1e9, 1e9) / 10 ** rng.randint(0, 6)
        for decimals in (0, 1, 2):
            pattern = "#,##0" + ("." + "0" * decimals if decimals else "")
            expected = format_decimal(value, format=pattern, locale="fr_FR").replace("\u202f", "\u00a0")
            if expected.startswith("-") and not any(c in "123456789" for c in expected):
                expected = expected[1:]
            assert format_number(value, decimals) == expected, (value, decimals)
    assert format_number(Decimal("-0.001"), 2) == "0,00"
    assert format_number(Decimal("1234.5"), 2) == "1\u00a0234,50"


def test_moments_show_in_paris_time_winter_and_summer():
    assert format_datetime(dt.datetime(2026, 11, 22, 13, 5)) == "22/11/2026 à 14:05"  # UTC+1
    assert format_datetime(dt.datetime(2026, 7, 1, 22, 30)) == "02/07/2026 à 00:30"  # UTC+2, next day
    assert format_datetime(None) == ""

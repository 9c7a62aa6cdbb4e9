import pytest

from simulator import liasse


def _small_company() -> dict[str, int]:
    lines = {
        "FA": 800_000, "FB": 50_000, "FG": 150_000, "FS": 600_000, "FT": -20_000, "FW": 120_000,
        "FX": 10_000, "FY": 110_000, "FZ": 45_000, "GA": 20_000, "GR": 6_000, "HK": 10_000,
        "AR": 200_000, "AS": 80_000, "BT": 90_000, "BX": 150_000, "BY": 5_000,
        "DA": 50_000, "DD": 5_000, "DG": 60_000, "DU": 100_000, "EH": 20_000, "DX": 70_000, "DY": 45_000,
    }
    acc = liasse.with_totals(lines)
    # Balance through cash, as generators do.
    acc = liasse.with_totals({**acc, "CF": acc["EE"] - (acc["CO"] - acc["1A"])})
    return acc


def test_with_totals_computes_every_subtotal_from_detail_lines():
    acc = _small_company()
    assert acc["FC"] == 850_000 and acc["FI"] == 150_000 and acc["FJ"] == 950_000 and acc["FK"] == 50_000
    assert acc["FL"] == 1_000_000
    assert acc["GF"] == 600_000 - 20_000 + 120_000 + 10_000 + 110_000 + 45_000 + 20_000
    assert acc["GG"] == acc["FR"] - acc["GF"] == 115_000
    assert acc["GW"] == 115_000 - 6_000
    assert acc["HN"] == acc["DI"] == 99_000
    assert acc["BJ"] == 200_000 and acc["BK"] == 80_000
    assert acc["DL"] == 50_000 + 5_000 + 60_000 + 99_000
    assert acc["EC"] == 100_000 + 70_000 + 45_000
    assert liasse.check_coherence(acc) == []


def test_with_totals_ignores_totals_given_as_input_and_fills_missing_codes_with_zero():
    acc = liasse.with_totals({"FA": 10, "FL": 999, "DI": 5})
    assert acc["FL"] == 10 and acc["DI"] == 10
    assert set(acc) == set(liasse.ALL_CODES)
    assert acc["AA"] == 0


def test_every_code_appears_once_in_the_layouts_and_totals_are_flagged():
    codes = [code for layout in (liasse.BILAN_ACTIF, liasse.BILAN_PASSIF, liasse.COMPTE_RESULTAT)
             for row in layout for code in row.codes]
    assert len(codes) == len(set(codes))
    totals_in_layout = {code for layout in (liasse.BILAN_ACTIF, liasse.BILAN_PASSIF, liasse.COMPTE_RESULTAT)
                        for row in layout if row.is_total for code in row.codes}
    assert {"BJ", "CJ", "CO", "DL", "DO", "DR", "EC", "EE", "FL", "FR", "GF", "GG", "GW", "HN"} <= totals_in_layout
    assert liasse.AMORT_OF["BX"] == "BY" and liasse.AMORT_OF["CX"] == "CQ"


@pytest.mark.parametrize(
    "code, delta, fragment",
    [
        ("BJ", 100, "BJ vaut"),
        ("DI", -1, "DI vaut"),
        ("FL", 50, "FL vaut"),
        ("DL", 7, "DL vaut"),
        ("EC", 7, "EC vaut"),
    ],
)
def test_check_coherence_names_the_broken_rule(code, delta, fragment):
    acc = _small_company()
    acc[code] += delta
    problems = liasse.check_coherence(acc)
    assert problems and any(fragment in p for p in problems)


def test_check_coherence_detects_an_unbalanced_balance_sheet():
    acc = _small_company()
    for code in ("CF", "CJ", "CO"):
        acc[code] += 1
    assert liasse.check_coherence(acc) == ["Règle non respectée, bilan équilibré : CO - 1A = EE (écart de 1)."]


def test_check_coherence_tolerates_rounding_gaps_when_asked():
    acc = _small_company()
    acc["CF"] += 2
    acc["CJ"] += 2
    acc["CO"] += 2
    assert liasse.check_coherence(acc) != []
    assert liasse.check_coherence(acc, tolerance=2) == []


def test_check_coherence_treats_missing_codes_as_zero():
    assert liasse.check_coherence({}) == []
    assert liasse.check_coherence({"FA": 5}) != []

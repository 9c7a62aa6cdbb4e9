"""simulator.accounts_import: INPI/RNE bilans saisis and the project's own accounts JSON."""

from __future__ import annotations

import copy
import json
import random
from pathlib import Path

import pytest

from simulator.accounts_import import load_accounts
from simulator.finance import aggregates, caf, ratios, sig

DATA = Path(__file__).parent / "data"


def durand() -> list[dict]:
    """Two INPI records of a fictional joinery firm: exercises 2023 and 2024, each with N-1 columns."""
    return json.loads((DATA / "inpi_menuiseries_durand.json").read_text(encoding="utf-8"))


def liasse_row(record: dict, page: int, code: str) -> dict:
    pages = record["bilanSaisi"]["bilan"]["detail"]["pages"]
    return next(row for p in pages if p["numero"] == page for row in p["liasses"] if row["code"] == code)


def test_inpi_records_give_three_years_with_identity():
    result = load_accounts(durand())
    assert result["years"] == [2022, 2023, 2024]
    assert list(result["accounts"]) == ["2022", "2023", "2024"]
    assert result["company"] == {"siren": "532871946", "denomination": "MENUISERIES DURAND",
                                 "code_activite": "1623Z", "adresse": "69007 LYON"}
    assert result["closing_dates"] == {"2022": "2022-12-31", "2023": "2023-12-31", "2024": "2024-12-31"}
    assert result["source"] == "inpi"
    assert result["derived_years"] == [2022]  # rebuilt from the N-1 columns of the 2023 record
    assert any("2022" in note and "N-1" in note for note in result["notes"])


def test_page_columns_follow_the_reference():
    y2024 = load_accounts(durand())["accounts"]["2024"]
    # page 1, BX: m1 brut 643 000, m3 net 611 100 -> BY = 643 000 - 611 100 = 31 900
    assert (y2024["BX"], y2024["BY"]) == (643_000, 31_900)
    # CO: m1 2 389 570, m3 1 647 470 -> 1A = 742 100
    assert (y2024["CO"], y2024["1A"]) == (2_389_570, 742_100)
    assert (y2024["AH"], y2024["AI"]) == (85_000, 0)
    # page 2 (m1 N): EH 118 000; DI "-000000000081600"
    assert (y2024["EH"], y2024["DI"]) == (118_000, -81_600)
    # page 3 turnover rows: FD m1 France 1 988 000, m2 Export 141 000, m3 Total 2 129 000
    assert (y2024["FD"], y2024["FE"], y2024["FF"]) == (1_988_000, 141_000, 2_129_000)
    assert (y2024["FA"], y2024["FB"], y2024["FC"]) == (119_000, 0, 119_000)
    assert (y2024["FJ"], y2024["FK"], y2024["FL"]) == (2_395_000, 141_000, 2_536_000)
    # page 3 other rows: m3 N, negative GG; page 4 (m1 N): HN
    assert (y2024["GG"], y2024["HN"]) == (-47_650, -81_600)


def test_amort_code_is_brut_minus_net_even_if_m2_disagrees():
    records = durand()
    row = liasse_row(records[1], 1, "BX")
    row["m2"] = "000000000099999"  # inconsistent amort. column: the filed net wins
    assert load_accounts(records)["accounts"]["2024"]["BY"] == 31_900


def _gaps(a: dict[str, int]) -> dict[str, int]:
    g = lambda *codes: sum(a.get(c, 0) for c in codes)  # noqa: E731
    fixed = ("AH", "AP", "AR", "AT", "BH")
    current = ("BL", "BR", "BX", "BZ", "CF", "CH")
    amort = {"AH": "AI", "AP": "AQ", "AR": "AS", "AT": "AU", "BH": "BI",
             "BL": "BM", "BR": "BS", "BX": "BY", "BZ": "CA", "CF": "CG", "CH": "CI"}
    return {
        "CO-1A=EE": g("CO") - g("1A") - g("EE"),
        "BJ": g("BJ") - g(*fixed), "BK": g("BK") - g(*(amort[c] for c in fixed)),
        "CJ": g("CJ") - g(*current), "CK": g("CK") - g(*(amort[c] for c in current)),
        "DL": g("DL") - g("DA", "DD", "DG", "DH", "DI"),
        "EC": g("EC") - g("DU", "DV", "DX", "DY", "EA"),
        "EE": g("EE") - g("DL", "DR", "EC"),
        "FL": g("FL") - g("FC", "FF", "FI"), "FJ+FK": g("FJ", "FK") - g("FL"),
        "FR": g("FR") - g("FL", "FM", "FN", "FO", "FP", "FQ"),
        "GG": g("GG") - (g("FR") - g("GF")),
        "GW": g("GW") - (g("GG") + g("GP") - g("GU")),
        "HN": g("HN") - (g("GW") + g("HI") - g("HK")),
        "DI": g("DI") - g("HN"),
    }


@pytest.mark.parametrize("year", ["2023", "2024"])
def test_imported_years_satisfy_the_liasse_coherence_rules(year):
    accounts = load_accounts(durand())["accounts"][year]
    assert all(v == 0 for v in _gaps(accounts).values()), _gaps(accounts)
    a = aggregates(accounts)
    assert a["fonds_de_roulement"] - a["bfr"] == a["tresorerie_nette"]


def test_derived_year_keeps_net_values_and_total_turnover():
    y2022 = load_accounts(durand())["accounts"]["2022"]
    # m4 of BX in the 2023 record is the 2022 net, 502 200; no provision detail
    assert (y2022["BX"], y2022.get("BY", 0)) == (502_200, 0)
    # FJ m4 = CA 2022 total, booked as French sales
    assert (y2022["FJ"], y2022["FL"], y2022.get("FK", 0)) == (2_847_000, 2_847_000, 0)
    assert (y2022["HN"], y2022["DL"], y2022["EE"]) == (162_700, 572_300, 1_556_700)


def test_a_single_record_rebuilds_n_minus_1_with_the_same_aggregates():
    full = load_accounts(durand())["accounts"]["2023"]
    alone = load_accounts(durand()[1])  # only the 2024 record: 2023 comes from its N-1 columns
    assert alone["years"] == [2023, 2024] and alone["derived_years"] == [2023]
    derived = alone["accounts"]["2023"]
    assert aggregates(derived) == aggregates(full)
    assert sig(derived) == sig(full)
    assert caf(derived) == caf(full)
    # only what needs the France/Export split differs: all turnover counted as French (with VAT)
    assert ratios(derived)["dso_jours"] < ratios(full)["dso_jours"]


def test_no_year_is_derived_when_its_own_record_exists():
    result = load_accounts(durand())
    # 2023 is the real record, with provision detail the N-1 columns of 2024 do not have
    assert result["accounts"]["2023"]["BY"] == 16_400
    assert 2023 not in result["derived_years"]


def test_a_later_filing_of_the_same_exercise_replaces_the_earlier_one():
    records = durand()
    refiled = copy.deepcopy(records[1])
    refiled["dateDepot"] = "2025-09-02"
    liasse_row(refiled, 2, "EH")["m1"] = "000000000120000"
    result = load_accounts([refiled, *records])  # order in the file does not matter
    assert result["accounts"]["2024"]["EH"] == 120_000
    assert any("plusieurs dépôts" in note for note in result["notes"])


def test_short_exercise_is_noted():
    records = durand()
    records[1]["bilanSaisi"]["bilan"]["identite"]["dureeExerciceN"] = "018"
    assert any("18\u00a0mois" in note for note in load_accounts(records)["notes"])


def test_type_is_read_from_identite_when_the_top_level_field_is_missing():
    record = durand()[1]
    del record["typeBilan"]
    assert load_accounts(record)["years"] == [2023, 2024]


def test_simplified_accounts_are_refused_with_a_french_message():
    record = json.loads((DATA / "inpi_type_s.json").read_text(encoding="utf-8"))
    with pytest.raises(ValueError, match="Type de bilan «\u00a0S\u00a0» .*seul le bilan complet"):
        load_accounts(record)
    with pytest.raises(ValueError, match="bilan n°\u00a02"):
        load_accounts([durand()[0], record])


def _with(change) -> list[dict]:
    records = durand()
    change(records[1])
    return records


def _set_row(page: int, code: str, column: str, value):
    return lambda rec: liasse_row(rec, page, code).__setitem__(column, value)


GARBAGE = {
    "none": None,
    "number": 42,
    "text": "bilan",
    "empty list": [],
    "list of numbers": [1, 2],
    "unrelated dict": {"foo": 1},
    "bilanSaisi not an object": {"bilanSaisi": "x", "typeBilan": "C"},
    "no type": _with(lambda r: (r.pop("typeBilan"), r["bilanSaisi"]["bilan"]["identite"].pop("codeTypeBilan"))),
    "pages not a list": _with(lambda r: r["bilanSaisi"]["bilan"]["detail"].__setitem__("pages", "x")),
    "no detail": _with(lambda r: r["bilanSaisi"]["bilan"].pop("detail")),
    "no liasse rows": _with(lambda r: r["bilanSaisi"]["bilan"]["detail"].__setitem__("pages", [])),
    "page not an object": _with(lambda r: r["bilanSaisi"]["bilan"]["detail"]["pages"].append("x")),
    "row not an object": _with(lambda r: r["bilanSaisi"]["bilan"]["detail"]["pages"][0]["liasses"].append(3)),
    "bad amount": _with(_set_row(1, "BX", "m1", "00000064300O")),
    "amount as float": _with(_set_row(2, "EH", "m1", 1.5)),
    "bad code": _with(_set_row(2, "EH", "code", "E")),
    "no closing date": _with(lambda r: (r.pop("dateCloture"),
                                        r["bilanSaisi"]["bilan"]["identite"].pop("dateClotureExercice"))),
    "invalid closing date": _with(lambda r: r.__setitem__("dateCloture", "31/12/2024")),
    "foreign currency": _with(lambda r: r["bilanSaisi"]["bilan"]["identite"].__setitem__("codeDevise", "CHF")),
    "two companies": _with(lambda r: r.__setitem__("siren", "999999999")),
    "two closings in one year": _with(lambda r: r.__setitem__("dateCloture", "2023-06-30")),
}


@pytest.mark.parametrize("data", list(GARBAGE.values()), ids=list(GARBAGE))
def test_garbage_is_refused_with_a_one_line_value_error(data):
    with pytest.raises(ValueError) as error:
        load_accounts(data)
    message = str(error.value)
    assert message and "\n" not in message
    assert type(error.value) is ValueError  # not a KeyError/TypeError subclass in disguise


# --- The project's own JSON ---------------------------------------------------------------------------

def own() -> dict:
    return {
        "company": {"name": "Transports Martin", "siren": "123456782"},
        "years": [2025, 2024],
        "accounts": {"2024": {"FL": 1_000_000, "HN": 12_000.0}, "2025": {"FL": 1_100_000, "BY": 2_500}},
        "vat_rate": 0.2,
    }


def test_own_json_passes_through_sorted():
    result = load_accounts(own())
    assert result["company"] == {"name": "Transports Martin", "siren": "123456782"}
    assert result["years"] == [2024, 2025]
    assert result["accounts"] == {"2024": {"FL": 1_000_000, "HN": 12_000}, "2025": {"FL": 1_100_000, "BY": 2_500}}
    assert list(result["accounts"]) == ["2024", "2025"]
    assert isinstance(result["accounts"]["2024"]["HN"], int)
    assert result["vat_rate"] == 0.2  # other keys of the file are kept


def test_own_json_without_company_is_accepted():
    data = own()
    del data["company"]
    assert load_accounts(data)["company"] == {}


def _own_with(**changes) -> dict:
    data = own()
    data.update(changes)
    return data


OWN_GARBAGE = {
    "years missing": _own_with(years=None),
    "years empty": _own_with(years=[]),
    "year not a number": _own_with(years=["deux mille"]),
    "year as bool": _own_with(years=[True, 2025]),
    "duplicate year": _own_with(years=[2024, 2024, 2025]),
    "year without accounts": _own_with(years=[2023, 2024, 2025]),
    "accounts not an object": _own_with(accounts=[1, 2]),
    "year accounts not an object": _own_with(accounts={"2024": [], "2025": {}}),
    "bad code": _own_with(accounts={"2024": {"chiffre": 1}, "2025": {}}),
    "text amount": _own_with(accounts={"2024": {"FL": "1 000"}, "2025": {}}),
    "bool amount": _own_with(accounts={"2024": {"FL": True}, "2025": {}}),
    "infinite amount": _own_with(accounts={"2024": {"FL": float("inf")}, "2025": {}}),
    "company not an object": _own_with(company="Martin"),
}


@pytest.mark.parametrize("data", list(OWN_GARBAGE.values()), ids=list(OWN_GARBAGE))
def test_bad_own_json_is_refused(data):
    with pytest.raises(ValueError) as error:
        load_accounts(data)
    assert "\n" not in str(error.value)


def test_corrupted_records_raise_only_value_error():
    """Seeded fuzz: replace 1-3 random nodes of the fixture with junk; the importer either accepts the
    result or raises ValueError, never KeyError/TypeError/AttributeError."""
    rng = random.Random(20240531)
    junk = [None, 1, -3, 1.5, True, "x", "", [], {}, [None], {"a": 1}, "2024-13-40"]
    base = durand()

    def paths(node, prefix=()):
        children = node.items() if isinstance(node, dict) else enumerate(node) if isinstance(node, list) else ()
        for key, child in children:
            yield prefix + (key,)
            yield from paths(child, prefix + (key,))

    all_paths = list(paths(base))
    for _ in range(1500):
        data = copy.deepcopy(base)
        for path in rng.sample(all_paths, rng.randint(1, 3)):
            parent = data
            try:
                for key in path[:-1]:
                    parent = parent[key]
                parent[path[-1]] = rng.choice(junk)
            except (KeyError, IndexError, TypeError):
                continue  # an earlier replacement removed this node
        try:
            load_accounts(data)
        except ValueError:
            pass

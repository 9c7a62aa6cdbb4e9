"""simulator.finance against hand-computed figures (REFERENCE §2-3).

The reference company below is a small trading + services firm whose accounts balance; every expected
value is written as the arithmetic a trainee would do, with the result in the comment.
"""

from __future__ import annotations

import pytest

from simulator.finance import (
    ACTIF_PAIRS,
    WARNING_SIGN_RULES,
    WARNING_SIGNS,
    ZONE_LABELS,
    YearFigures,
    afdcc_ceiling,
    aggregates,
    altman_components,
    altman_z2,
    altman_zone,
    caf,
    ceiling_equity,
    ceiling_working_capital,
    conan_holder,
    conan_holder_components,
    conan_holder_zone,
    encours_necessaire,
    net,
    ratios,
    sig,
    warning_signs,
    warning_signs_of,
)


def company() -> dict[str, int]:
    """One balanced year (EE = 500 000). Fresh dict on each call so tests can modify it."""
    return {
        # 2050 actif: brut / amort.
        "AP": 200_000, "AQ": 80_000,    # constructions, net 120 000
        "AR": 150_000, "AS": 90_000,    # matériel, net 60 000
        "BH": 10_000,                   # autres immobilisations financières, net 10 000
        "BJ": 360_000, "BK": 170_000,   # actif immobilisé net 190 000
        "BL": 30_000, "BM": 2_000,      # matières, net 28 000
        "BT": 50_000, "BU": 5_000,      # marchandises, net 45 000 -> stocks nets 73 000
        "BV": 1_000,                    # avances versées
        "BX": 180_000, "BY": 12_000,    # clients, net 168 000
        "BZ": 20_000,                   # autres créances
        "CD": 15_000, "CE": 1_000,      # VMP, net 14 000
        "CF": 30_000,                   # disponibilités
        "CH": 4_000,                    # charges constatées d'avance
        "CJ": 330_000, "CK": 20_000,    # actif circulant net 310 000
        "CO": 690_000, "1A": 190_000,   # total net 500 000
        # 2051 passif
        "DA": 100_000, "DD": 10_000, "DG": 10_000, "DH": 5_000, "DI": 55_000,
        "DL": 180_000,
        "DP": 10_000, "DR": 10_000,
        "DU": 140_000, "DV": 10_000,    # dettes financières 150 000
        "DW": 5_000, "DX": 95_000, "DY": 45_000, "DZ": 5_000, "EA": 7_000, "EB": 3_000,
        "EC": 310_000, "EE": 500_000,
        "EH": 20_000,                   # dont concours bancaires courants
        "YS": 6_000,                    # effets escomptés non échus
        # 2052 produits d'exploitation
        "FA": 300_000, "FB": 100_000, "FC": 400_000,   # ventes de marchandises
        "FD": 200_000, "FF": 200_000,                  # production vendue de biens
        "FG": 500_000, "FI": 500_000,                  # production vendue de services
        "FJ": 1_000_000, "FK": 100_000, "FL": 1_100_000,
        "FM": 10_000, "FN": 5_000, "FO": 8_000, "FP": 4_000, "FQ": 1_000,
        "FR": 1_128_000,
        # charges d'exploitation
        "FS": 250_000, "FT": -10_000, "FU": 120_000, "FV": 5_000, "FW": 180_000,
        "FX": 20_000, "FY": 300_000, "FZ": 135_000,
        "GA": 40_000, "GC": 6_000, "GD": 3_000, "GE": 2_000,
        "GF": 1_051_000, "GG": 77_000,
        # financier
        "GL": 1_000, "GM": 500, "GP": 1_500, "GQ": 1_000, "GR": 9_000, "GU": 10_000,
        "GV": -8_500, "GW": 68_500,
        # 2053 exceptionnel, impôt
        "HB": 12_000, "HC": 2_000, "HD": 14_000, "HE": 1_000, "HF": 7_000, "HG": 1_500,
        "HH": 9_500, "HI": 4_500, "HK": 18_000,
        "HL": 1_143_500, "HM": 1_088_500, "HN": 55_000,
    }


def _coherence_gaps(acc: dict[str, int]) -> dict[str, int]:
    """Differences that must be 0 for the fixture to be a real set of accounts (REFERENCE §1 rules)."""
    g = lambda *codes: sum(acc.get(c, 0) for c in codes)  # noqa: E731
    return {
        "CO-1A=EE": g("CO") - g("1A") - g("EE"),
        "BJ": g("BJ") - g("AP", "AR", "BH"),
        "BK": g("BK") - g("AQ", "AS"),
        "CJ": g("CJ") - g("BL", "BT", "BV", "BX", "BZ", "CD", "CF", "CH"),
        "CK": g("CK") - g("BM", "BU", "BY", "CE"),
        "CO": g("CO") - g("BJ", "CJ"),
        "DL": g("DL") - g("DA", "DD", "DG", "DH", "DI"),
        "EC": g("EC") - g("DU", "DV", "DW", "DX", "DY", "DZ", "EA", "EB"),
        "EE": g("EE") - g("DL", "DR", "EC"),
        "FC": g("FC") - g("FA", "FB"),
        "FL": g("FL") - g("FC", "FF", "FI"),
        "FJ+FK": g("FJ", "FK") - g("FL"),
        "FR": g("FR") - g("FL", "FM", "FN", "FO", "FP", "FQ"),
        "GF": g("GF") - g("FS", "FT", "FU", "FV", "FW", "FX", "FY", "FZ", "GA", "GC", "GD", "GE"),
        "GG": g("GG") - (g("FR") - g("GF")),
        "GW": g("GW") - (g("GG") + g("GP") - g("GU")),
        "HN": g("HN") - (g("GW") + g("HI") - g("HK")),
        "DI": g("DI") - g("HN"),
    }


def test_reference_company_is_coherent():
    assert all(gap == 0 for gap in _coherence_gaps(company()).values()), _coherence_gaps(company())


def test_net_is_brut_minus_amort_and_missing_codes_count_as_zero():
    acc = company()
    assert net(acc, "BX", "BY") == 168_000  # 180 000 - 12 000
    assert net(acc, "CF", "CG") == 30_000  # CG absent -> 0
    assert net({}, "AB", "AC") == 0


def test_actif_pairs_cover_the_2050_lines():
    assert ACTIF_PAIRS["BX"] == "BY" and ACTIF_PAIRS["CO"] == "1A" and ACTIF_PAIRS["CX"] == "CQ"
    assert len(ACTIF_PAIRS) == 33
    assert "AA" not in ACTIF_PAIRS  # capital souscrit non appelé has no amort. column


def test_sig():
    s = sig(company())
    assert s["marge_commerciale"] == 160_000  # FC 400 000 - (FS 250 000 + FT -10 000)
    assert s["production"] == 715_000  # FF 200 000 + FI 500 000 + FM 10 000 + FN 5 000
    assert s["consommations"] == 305_000  # FU 120 000 + FV 5 000 + FW 180 000
    assert s["valeur_ajoutee"] == 570_000  # 160 000 + 715 000 - 305 000
    assert s["ebe"] == 123_000  # 570 000 + FO 8 000 - FX 20 000 - (FY 300 000 + FZ 135 000)
    assert (s["resultat_exploitation"], s["rcai"], s["resultat_net"]) == (77_000, 68_500, 55_000)


def test_ebe_is_consistent_with_resultat_d_exploitation():
    # GG = EBE + FP + FQ - GA - GB - GC - GD - GE: 123 000 + 4 000 + 1 000 - 40 000 - 6 000 - 3 000 - 2 000
    acc = company()
    assert sig(acc)["ebe"] + 4_000 + 1_000 - 51_000 == acc["GG"]


def test_caf_additive_method():
    # HN 55 000 + dotations (GA 40 000 + GC 6 000 + GD 3 000) + GQ 1 000 + HG 1 500
    # - reprises (FP 4 000 + GM 500 + HC 2 000) + HF 7 000 - HB 12 000 = 95 000
    assert caf(company()) == 95_000


def test_caf_counts_every_pinned_line():
    base = caf({})
    for code, sign in {"HN": 1, "GA": 1, "GB": 1, "GC": 1, "GD": 1, "GQ": 1, "HG": 1, "HF": 1,
                       "FP": -1, "GM": -1, "HC": -1, "HB": -1}.items():
        assert caf({code: 100}) - base == sign * 100, code
    assert caf({"GR": 100, "FY": 100, "HA": 100, "HE": 100}) == 0  # not part of the CAF


def test_aggregates():
    a = aggregates(company())
    assert a["capitaux_propres"] == 180_000
    assert a["dettes_financieres"] == 150_000  # DU 140 000 + DV 10 000
    assert a["tresorerie_active"] == 44_000  # VMP net 14 000 + disponibilités 30 000
    assert a["endettement_net"] == 106_000  # 150 000 - 44 000
    assert a["capitaux_permanents"] == 320_000  # DL 180 000 + DR 10 000 + (150 000 - EH 20 000)
    assert a["actif_immobilise_net"] == 190_000  # BJ 360 000 - BK 170 000
    assert a["fonds_de_roulement"] == 130_000  # 320 000 - 190 000
    # BFR = (stocks 73 000 + BV 1 000 + clients 168 000 + BZ 20 000 + CH 4 000) - (DW..EB 160 000)
    assert a["bfr"] == 106_000
    assert a["tresorerie_nette"] == 24_000  # 44 000 - EH 20 000
    assert a["dettes_court_terme"] == 180_000  # 160 000 + EH 20 000
    assert a["actif_circulant_net"] == 310_000
    assert a["stocks_nets"] == 73_000  # (30 000 - 2 000) + (50 000 - 5 000)
    assert a["creances_clients_nettes"] == 168_000


def test_fr_minus_bfr_equals_tresorerie_nette_on_a_balanced_sheet():
    a = aggregates(company())
    assert a["fonds_de_roulement"] - a["bfr"] == a["tresorerie_nette"]  # 130 000 - 106 000 = 24 000


def test_general_identity_with_regularisation_accounts():
    """FR - BFR = TN - ED + (AA + CW + CM + CN), derived from EE actif = EE passif.

    REFERENCE §2 prints the signs the other way round (TN + ED - (AA + ...)); this balanced example
    shows which one holds: AA 1 000 and CW 3 000 on the actif, ED 2 000 and DX + 2 000 on the passif.
    """
    acc = company()
    acc.update(AA=1_000, CW=3_000, CO=acc["CO"] + 4_000, ED=2_000, DX=acc["DX"] + 2_000,
               EC=acc["EC"] + 2_000, EE=acc["EE"] + 4_000)
    assert acc["CO"] - acc["1A"] == acc["EE"] == 504_000
    a = aggregates(acc)
    assert a["fonds_de_roulement"] - a["bfr"] == 26_000  # 130 000 - 104 000
    assert a["tresorerie_nette"] == 24_000
    assert a["fonds_de_roulement"] - a["bfr"] == a["tresorerie_nette"] - 2_000 + (1_000 + 3_000)


def test_ratios_of_the_reference_company():
    r = ratios(company(), vat_rate=0.20)
    assert (r["valeur_ajoutee"], r["ebe"], r["caf"]) == (570_000, 123_000, 95_000)
    assert (r["fonds_de_roulement"], r["bfr"], r["tresorerie_nette"]) == (130_000, 106_000, 24_000)
    expected = {
        "autonomie_financiere": 180_000 / 500_000,  # 0.36
        "gearing": 106_000 / 180_000,  # 0.589
        "capacite_remboursement": 150_000 / 95_000,  # 1.58 years
        "liquidite_generale": 310_000 / 180_000,  # 1.72
        "liquidite_reduite": (310_000 - 73_000) / 180_000,  # 1.32
        # (clients nets 168 000 + YS 6 000) / (FJ 1 000 000 x 1.20 + FK 100 000) x 365 = 48.85 days
        "dso_jours": 174_000 / 1_300_000 * 365,
        # DX 95 000 / ((FS 250 000 + FU 120 000 + FW 180 000) x 1.20) x 365 = 52.54 days
        "dpo_jours": 95_000 / 660_000 * 365,
        "stocks_jours": 73_000 / 1_100_000 * 365,  # 24.22 days
        "taux_marge_ebe": 123_000 / 1_100_000,  # 11.2 %
        "rentabilite_nette": 55_000 / 1_100_000,  # 5 %
        "poids_frais_financiers": 9_000 / 1_100_000,  # 0.8 %
        "couverture_frais_financiers": 123_000 / 9_000,  # 13.7
        "bfr_jours_ca": 106_000 / 1_100_000 * 365,  # 35.17 days
    }
    for key, value in expected.items():
        assert r[key] == pytest.approx(value, rel=1e-12), key


def test_ratios_give_every_contract_key():
    keys = {"valeur_ajoutee", "ebe", "caf", "fonds_de_roulement", "bfr", "tresorerie_nette",
            "autonomie_financiere", "gearing", "capacite_remboursement", "liquidite_generale",
            "liquidite_reduite", "dso_jours", "dpo_jours", "stocks_jours", "taux_marge_ebe",
            "rentabilite_nette", "poids_frais_financiers", "couverture_frais_financiers", "bfr_jours_ca"}
    assert keys <= set(ratios(company()))


def test_vat_rate_changes_dso_and_dpo_only():
    r = ratios(company(), vat_rate=0.055)
    assert r["dso_jours"] == pytest.approx(174_000 / (1_000_000 * 1.055 + 100_000) * 365)
    assert r["dpo_jours"] == pytest.approx(95_000 / (550_000 * 1.055) * 365)
    assert r["stocks_jours"] == ratios(company())["stocks_jours"]


@pytest.mark.parametrize(
    ("changes", "non_significant"),
    [
        ({"EE": 0}, {"autonomie_financiere"}),
        ({"DL": 0}, {"gearing"}),
        ({"DL": -5_000}, {"gearing"}),
        # CAF = 0: HN -95 000 cancels the 95 000 of other CAF items
        ({"HN": -95_000}, {"capacite_remboursement"}),
        ({"HN": -100_000}, {"capacite_remboursement"}),
        # dettes à court terme = 0
        ({c: 0 for c in ("DW", "DX", "DY", "DZ", "EA", "EB", "EH")},
         {"liquidite_generale", "liquidite_reduite"}),
        ({"FJ": 0, "FK": 0}, {"dso_jours"}),
        ({"FS": 0, "FU": 0, "FW": 0}, {"dpo_jours"}),
        ({"FS": -10_000, "FU": 0, "FW": 0}, {"dpo_jours"}),
        ({"FL": 0}, {"stocks_jours", "taux_marge_ebe", "rentabilite_nette", "poids_frais_financiers",
                     "bfr_jours_ca"}),
        ({"FL": -1}, {"stocks_jours", "taux_marge_ebe", "rentabilite_nette", "poids_frais_financiers",
                      "bfr_jours_ca"}),
        ({"GR": 0}, {"couverture_frais_financiers"}),
    ],
)
def test_non_significant_ratios_are_none(changes, non_significant):
    acc = company()
    acc.update(changes)
    r = ratios(acc)
    assert {key for key, value in r.items() if value is None} == non_significant


# --- Scores -----------------------------------------------------------------------------------------

def test_conan_holder_hand_computed():
    # R1 = EBE 123 000 / EC 310 000; R2 = capitaux permanents 320 000 / EE 500 000 = 0.64;
    # R3 = (310 000 - 73 000) / 500 000 = 0.474; R4 = GR 9 000 / FL 1 100 000;
    # R5 = (FY + FZ) 435 000 / VA 570 000
    # Z = 9.5226 + 14.08 + 7.584 - 0.7118 - 7.6316 = 22.843
    expected = (24 * 123_000 / 310_000 + 22 * 0.64 + 16 * 0.474
                - 87 * 9_000 / 1_100_000 - 10 * 435_000 / 570_000)
    z = conan_holder(company())
    assert z == pytest.approx(expected, rel=1e-12)
    assert z == pytest.approx(22.843, abs=1e-3)
    assert conan_holder_zone(z) == "tres_faible"


def test_altman_hand_computed():
    # X1 = (310 000 - 180 000) / 500 000 = 0.26; X2 = (DD 10 000 + DG 10 000 + DH 5 000) / 500 000 = 0.05;
    # X3 = GG 77 000 / 500 000 = 0.154; X4 = DL 180 000 / EC 310 000 = 0.5806
    # Z'' = 1.7056 + 0.163 + 1.03488 + 0.60968 = 3.5132
    z = altman_z2(company())
    assert z == pytest.approx(6.56 * 0.26 + 3.26 * 0.05 + 6.72 * 0.154 + 1.05 * 180_000 / 310_000)
    assert z == pytest.approx(3.5132, abs=1e-4)
    assert altman_zone(z) == "sain"


@pytest.mark.parametrize(
    ("z", "zone"),
    [
        (16.0, "tres_faible"),  # Z >= 16: the boundary 16 is "très faible"
        (15.999, "faible"),
        (9.0, "faible"),  # 9 <= Z < 16
        (8.999, "vigilance"),
        (4.0, "vigilance"),  # 4 <= Z < 9
        (3.999, "danger"),
        (-20.0, "danger"),
        (None, None),
    ],
)
def test_conan_holder_zone_boundaries(z, zone):
    assert conan_holder_zone(z) == zone


@pytest.mark.parametrize(
    ("z", "zone"),
    [
        (2.601, "sain"),  # > 2.60
        (2.60, "zone_grise"),  # 2.60 itself is grey (1.10-2.60 inclusive)
        (1.10, "zone_grise"),  # 1.10 itself is grey
        (1.099, "detresse"),  # < 1.10
        (None, None),
    ],
)
def test_altman_zone_boundaries(z, zone):
    assert altman_zone(z) == zone


def test_every_zone_has_a_french_label():
    codes = {"tres_faible", "faible", "vigilance", "danger", "sain", "zone_grise", "detresse"}
    assert codes <= set(ZONE_LABELS)
    assert ZONE_LABELS["zone_grise"] == "Zone grise"


@pytest.mark.parametrize(
    ("changes", "conan_ns", "altman_ns"),
    [
        ({"EC": 0}, True, True),  # R1 and X4 divide by EC
        ({"EE": 0}, True, True),  # R2, R3, X1, X2, X3 divide by EE
        ({"FL": 0}, True, False),  # R4 = GR / FL
        ({"FW": 800_000}, True, False),  # VA = 570 000 - 620 000 < 0 -> R5 = (FY + FZ) / VA n/s
    ],
)
def test_scores_are_non_significant_when_one_ratio_is(changes, conan_ns, altman_ns):
    acc = company()
    acc.update(changes)
    assert (conan_holder(acc) is None) is conan_ns
    assert (altman_z2(acc) is None) is altman_ns


# --- Warning signs ----------------------------------------------------------------------------------

def three_years(*changes: dict) -> list[dict[str, int]]:
    """Three copies of the reference company (oldest first), each updated with its changes."""
    years = [company(), company(), company()]
    for acc, change in zip(years, changes):
        acc.update(change)
    return years


def test_stable_company_shows_no_warning_sign():
    assert warning_signs(three_years()) == []


def test_every_sign_has_a_label_and_a_rule():
    assert set(WARNING_SIGNS) == set(WARNING_SIGN_RULES)
    assert len(WARNING_SIGNS) == 14
    assert all(WARNING_SIGNS.values()) and all(WARNING_SIGN_RULES.values())


N = {}  # no change to a year
SIGN_CASES = {
    # code: (changes making it present, changes just short of it), each as (N-2, N-1, N)
    "effet_ciseau": ((N, N, {"FL": 1_000_000}),  # CA down, charges GF unchanged
                     (N, N, {"FL": 1_000_000, "GF": 1_050_999})),  # charges down too
    "marge_ebe_en_baisse": ((N, {"FY": 305_000}, {"FY": 310_000}),  # EBE 123 000 > 118 000 > 113 000
                            (N, N, {"FY": 310_000})),  # down only once
    "caf_negative_ou_en_baisse": ((N, N, {"HN": 54_999}),  # CAF 94 999 < 95 000
                                  (N, {"HN": 54_999}, N)),  # CAF up again
    # equity replaced by bank debt so that capitaux permanents (and FR) stay the same
    "capitaux_propres_sous_moitie_capital": ((N, N, {"DL": 49_999, "DU": 270_001}),  # < DA / 2
                                             (N, N, {"DL": 50_000, "DU": 270_000})),  # exactly half
    "fr_negatif": ((N, N, {"BJ": 500_000}),  # FR = 320 000 - 330 000 = -10 000
                   (N, N, {"BJ": 490_000})),  # FR = 0
    "bfr_plus_rapide_que_ca": (
        (N, N, {"BX": 200_000}),  # BFR 106 000 -> 126 000 (+19 %), CA flat
        (N, N, {"BX": 201_200, "FL": 1_430_000})),  # BFR +20 %, CA +30 %
    "dso_en_hausse": ((N, N, {"YS": 60_000}),  # (168 000 + 60 000) / 1 300 000 x 365 = 64.0 (+15.2)
                      (N, N, {"YS": 50_000})),  # 61.2 days (+12.4)
    "stocks_jours_en_hausse": (
        (N, N, {"BT": 100_000, "DY": 95_000}),  # stocks 123 000 -> 40.8 days (+16.6); BFR kept
        (N, N, {"BT": 90_000, "DY": 85_000})),  # stocks 113 000 -> 37.5 days (+13.3)
    "decouverts_en_hausse": ((N, N, {"EH": 20_001}), (N, {"EH": 30_000}, {"EH": 25_000})),
    "capacite_remboursement_excessive": (
        (N, N, {"DU": 390_000}),  # dettes financières 400 000 / CAF 95 000 = 4.21 years
        (N, N, {"DU": 370_000})),  # 380 000 / 95 000 = 4.00 years exactly: not > 4
    "couverture_frais_financiers_faible": ((N, N, {"GR": 61_501}),  # 123 000 / 61 501 = 1.99997
                                           (N, N, {"GR": 61_500})),  # exactly 2
    "pertes_deux_exercices": ((N, {"HN": -1}, {"HN": -1}),
                              (N, {"HN": -1}, {"HN": 0})),
    "delai_fournisseurs_allonge": (
        (N, N, {"DX": 125_000}),  # 125 000 / 660 000 x 365 = 69.1 days (+16.6)
        (N, N, {"DX": 120_000})),  # 66.4 days (+13.8)
    "provisions_clients_en_hausse": ((N, {"BY": 10_000}, {"BY": 15_001}),  # > 1.5 x 10 000
                                     (N, {"BY": 10_000}, {"BY": 15_000})),  # exactly +50 %
}


def test_sign_cases_cover_every_code():
    assert set(SIGN_CASES) == set(WARNING_SIGNS)


@pytest.mark.parametrize("code", list(SIGN_CASES))
def test_warning_sign_present_alone(code):
    present, _absent = SIGN_CASES[code]
    assert warning_signs(three_years(*present)) == [code]


@pytest.mark.parametrize("code", list(SIGN_CASES))
def test_warning_sign_absent_just_short_of_its_threshold(code):
    _present, absent = SIGN_CASES[code]
    assert code not in warning_signs(three_years(*absent))


@pytest.mark.parametrize("code", ["dso_en_hausse", "stocks_jours_en_hausse", "delai_fournisseurs_allonge"])
def test_a_rise_of_exactly_15_days_is_not_a_sign(code):
    # CA TTC = FJ 365 000 x 1.20 = 438 000 and achats TTC = FU 365 000 x 1.20 = 438 000, so that
    # clients 24 000 -> 20 days, 42 000 -> 35 days (same for DX); stocks 10 000 -> 10 days, 25 000 -> 25.
    before = {"FL": 365_000, "FJ": 365_000, "FU": 365_000, "BX": 24_000, "DX": 24_000, "BT": 10_000}
    exactly_15 = dict(before, BX=42_000, DX=42_000, BT=25_000)
    a_bit_more = dict(before, BX=42_001, DX=42_001, BT=25_001)
    assert code not in warning_signs([before, exactly_15])
    assert code in warning_signs([before, a_bit_more])


def test_negative_caf_is_a_sign_even_with_one_year():
    acc = company()
    acc["HN"] = -40_000  # CAF = 95 000 - 55 000 - 40 000 = 0
    assert warning_signs([acc]) == ["caf_negative_ou_en_baisse"]


def test_provisions_appearing_from_zero_is_a_sign():
    assert "provisions_clients_en_hausse" in warning_signs(three_years(N, {"BY": 0}, {"BY": 500}))


def test_rules_needing_earlier_years_are_skipped_with_fewer_years():
    acc = company()
    acc.update(DL=40_000, DU=280_000, FL=1_000_000)  # one-year rule fires; effet ciseau not judged
    assert warning_signs([acc]) == ["capitaux_propres_sous_moitie_capital"]
    assert warning_signs([]) == []


def test_signs_come_in_display_order():
    years = three_years(N, N, {"DL": 49_999, "DU": 270_001, "HN": 54_999})
    assert warning_signs(years) == ["caf_negative_ou_en_baisse", "capitaux_propres_sous_moitie_capital"]


# --- One year's figures ------------------------------------------------------------------------------

def test_year_figures_hold_the_hand_computed_figures_of_the_year():
    year = YearFigures.of(company(), vat_rate=0.055)
    assert year.vat_rate == 0.055 and year.accounts == company()
    assert (year.sig["ebe"], year.caf, year.aggregates["fonds_de_roulement"]) == (123_000, 95_000, 130_000)
    # DSO at 5.5 % VAT: (168 000 + 6 000) / (1 000 000 x 1.055 + 100 000) x 365
    assert year.ratios["dso_jours"] == pytest.approx(174_000 / 1_155_000 * 365, rel=1e-12)
    assert year.conan_holder_components["r2"] == pytest.approx(0.64)  # 320 000 / 500 000
    assert year.conan_holder == pytest.approx(22.843, abs=1e-3)
    assert year.altman_components["x1"] == pytest.approx(0.26)  # (310 000 - 180 000) / 500 000
    assert year.altman_z2 == pytest.approx(3.5132, abs=1e-4)
    assert (year["BX"], year["CG"]) == (180_000, 0)  # an account line; a missing one is 0


@pytest.mark.parametrize("changes", [{}, {"EC": 0}, {"FL": 0, "GR": 0}, {"DL": -5_000, "HN": -100_000}])
def test_year_figures_agree_with_each_function(changes):
    acc = company()
    acc.update(changes)
    year = YearFigures.of(acc, vat_rate=0.10)
    assert year.sig == sig(acc) and year.caf == caf(acc) and year.aggregates == aggregates(acc)
    assert year.ratios == ratios(acc, vat_rate=0.10)
    assert year.conan_holder_components == conan_holder_components(acc)
    assert year.altman_components == altman_components(acc)
    assert (year.conan_holder, year.altman_z2) == (conan_holder(acc), altman_z2(acc))


def test_warning_signs_of_computed_years_match_warning_signs_of_the_accounts():
    # CAF 39 999 -> 39 998; EH 10 000 -> 20 000; losses both years; DPO 52.5 -> 69.1 days
    years = three_years(N, {"HN": -1, "EH": 10_000}, {"HN": -2, "DX": 125_000})
    expected = ["caf_negative_ou_en_baisse", "decouverts_en_hausse", "pertes_deux_exercices",
                "delai_fournisseurs_allonge"]
    assert warning_signs(years, vat_rate=0.20) == expected
    assert warning_signs_of([YearFigures.of(acc, 0.20) for acc in years]) == expected
    assert warning_signs_of([]) == []


# --- Credit limits ------------------------------------------------------------------------------------

def test_encours_necessaire():
    # 600 000 HT x 1.20 = 720 000 TTC; x (60 + 15) / 365 = 147 945.205...
    value = encours_necessaire(600_000, 0.20, 60, 15)
    assert value == pytest.approx(720_000 * 75 / 365, rel=1e-12)
    assert value == pytest.approx(147_945.2055, abs=1e-4)


def test_encours_necessaire_uses_the_vat_rate_and_both_delays():
    assert encours_necessaire(365_000, 0.0, 30, 0) == pytest.approx(30_000)
    assert encours_necessaire(365_000, 0.10, 30, 10) == pytest.approx(401_500 * 40 / 365)


def test_ceiling_equity():
    assert ceiling_equity(company()) == pytest.approx(18_000)  # 10 % x 180 000
    assert ceiling_equity({"DL": 0}) is None
    assert ceiling_equity({"DL": -1_000}) is None


def test_ceiling_working_capital():
    assert ceiling_working_capital(company()) == pytest.approx(13_000)  # 10 % x FR 130 000
    acc = company()
    acc["BJ"] = 490_000  # FR = 0
    assert ceiling_working_capital(acc) is None
    acc["BJ"] = 500_000  # FR = -10 000
    assert ceiling_working_capital(acc) is None


def test_afdcc_ceiling():
    assert afdcc_ceiling(100_000, 0.8, 1.2) == pytest.approx(96_000)
    assert afdcc_ceiling(50_000, 1.0, 0.0) == 0


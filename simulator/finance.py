"""Credit-oriented financial analysis of company accounts (REFERENCE §2 and §3).

Single source of truth for every *Pinned* formula of `shared/domain/REFERENCE.md` §2-3: the course text,
the graders and the trainer exports all call these functions. Pure: no Flask, no database.

One year of accounts is a flat mapping of liasse fiscale codes (2050-2053) to euros; a missing code
counts as 0. 2050 asset lines carry a *brut* code and an *amortissements/provisions* code (`ACTIF_PAIRS`).
Nothing is rounded here: results are rounded only for display. A ratio whose denominator is zero or
negative is "non significatif" and returned as `None`.

Where several figures of the same year are needed, build its `YearFigures` once and read them there: the
ratios, scores and warning signs all start from the same SIG, CAF and aggregates, which are then summed
once per year instead of once per figure.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

Accounts = Mapping[str, float]

DAYS_PER_YEAR = 365  # *Pinned*: 365-day year for every ratio in days

# 2050 asset lines: brut code -> amortissements/provisions code (REFERENCE §1). Lines without an
# amort. column (AA capital souscrit non appelé, CW/CM/CN regularisation accounts) are absent.
ACTIF_PAIRS: dict[str, str] = {
    "AB": "AC",  # frais d'établissement
    "CX": "CQ",  # frais de développement
    "AF": "AG",  # concessions, brevets
    "AH": "AI",  # fonds commercial
    "AJ": "AK",  # autres immobilisations incorporelles
    "AL": "AM",  # avances sur immobilisations incorporelles
    "AN": "AO",  # terrains
    "AP": "AQ",  # constructions
    "AR": "AS",  # installations techniques, matériel
    "AT": "AU",  # autres immobilisations corporelles
    "AV": "AW",  # immobilisations en cours
    "AX": "AY",  # avances et acomptes sur immobilisations corporelles
    "CS": "CT",  # participations évaluées par mise en équivalence
    "CU": "CV",  # autres participations
    "BB": "BC",  # créances rattachées à des participations
    "BD": "BE",  # autres titres immobilisés
    "BF": "BG",  # prêts
    "BH": "BI",  # autres immobilisations financières
    "BJ": "BK",  # total actif immobilisé
    "BL": "BM",  # matières premières, approvisionnements
    "BN": "BO",  # en-cours de production de biens
    "BP": "BQ",  # en-cours de production de services
    "BR": "BS",  # produits intermédiaires et finis
    "BT": "BU",  # marchandises
    "BV": "BW",  # avances et acomptes versés sur commandes
    "BX": "BY",  # clients et comptes rattachés
    "BZ": "CA",  # autres créances
    "CB": "CC",  # capital souscrit appelé non versé
    "CD": "CE",  # valeurs mobilières de placement
    "CF": "CG",  # disponibilités
    "CH": "CI",  # charges constatées d'avance
    "CJ": "CK",  # total actif circulant
    "CO": "1A",  # total général
}

STOCK_LINES = ("BL", "BN", "BP", "BR", "BT")  # brut codes of the stock lines
_OPERATING_DEBTS = ("DW", "DX", "DY", "DZ", "EA", "EB")  # dettes d'exploitation et hors exploitation
_FINANCIAL_DEBTS = ("DS", "DT", "DU", "DV")


def _v(acc: Accounts, code: str) -> float:
    return float(acc.get(code) or 0)


def _sum(acc: Accounts, codes: Sequence[str]) -> float:
    get = acc.get
    return sum([float(get(code) or 0) for code in codes])


def _ratio(numerator: float, denominator: float) -> float | None:
    """numerator / denominator, or None (n/s) when the denominator is zero or negative."""
    if denominator <= 0:
        return None
    return numerator / denominator


def net(acc: Accounts, brut: str, amort: str) -> float:
    """Net value of a 2050 asset line: brut - amortissements/provisions (e.g. clients = BX - BY)."""
    return _v(acc, brut) - _v(acc, amort)


def _net_line(acc: Accounts, brut: str) -> float:
    return _v(acc, brut) - _v(acc, ACTIF_PAIRS[brut])


def sig(acc: Accounts) -> dict[str, float]:
    """Soldes intermédiaires de gestion.

    marge commerciale = FC - (FS + FT); production = FF + FI + FM + FN; consommations = FU + FV + FW;
    VA = marge commerciale + production - consommations; EBE = VA + FO - FX - (FY + FZ);
    résultat d'exploitation = GG; RCAI = GW; résultat net = HN.
    """
    marge = _v(acc, "FC") - (_v(acc, "FS") + _v(acc, "FT"))
    production = _sum(acc, ("FF", "FI", "FM", "FN"))
    consommations = _sum(acc, ("FU", "FV", "FW"))
    va = marge + production - consommations
    ebe = va + _v(acc, "FO") - _v(acc, "FX") - (_v(acc, "FY") + _v(acc, "FZ"))
    return {
        "marge_commerciale": marge,
        "production": production,
        "consommations": consommations,
        "valeur_ajoutee": va,
        "ebe": ebe,
        "resultat_exploitation": _v(acc, "GG"),
        "rcai": _v(acc, "GW"),
        "resultat_net": _v(acc, "HN"),
    }


def caf(acc: Accounts) -> float:
    """CAF, additive method: HN + (GA + GB + GC + GD) + GQ + HG - (FP + GM + HC) + HF - HB.

    Adds back every dotation, removes every reprise, and neutralises asset disposals (+ book value of
    assets sold HF, - proceeds and subsidies released HB).
    """
    dotations = _sum(acc, ("GA", "GB", "GC", "GD", "GQ", "HG"))
    reprises = _sum(acc, ("FP", "GM", "HC"))
    return _v(acc, "HN") + dotations - reprises + _v(acc, "HF") - _v(acc, "HB")


def aggregates(acc: Accounts) -> dict[str, float]:
    """Balance-sheet aggregates of REFERENCE §2.

    capitaux propres = DL; dettes financières = DS + DT + DU + DV (overdrafts EH included);
    trésorerie active = net CD + net CF; endettement net = dettes financières - trésorerie active;
    capitaux permanents = DL + DO + DR + (DS + DT + DU + DV - EH); actif immobilisé net = BJ - BK;
    FR = capitaux permanents - actif immobilisé net;
    BFR = (net stocks BL..BU + net BV + net BX + net BZ + net CB + net CH) - (DW + DX + DY + DZ + EA + EB);
    trésorerie nette = trésorerie active - EH; dettes à court terme = DW + DX + DY + DZ + EA + EB + EH;
    actif circulant net = CJ - CK.
    """
    dettes_financieres = _sum(acc, _FINANCIAL_DEBTS)
    tresorerie_active = _net_line(acc, "CD") + _net_line(acc, "CF")
    capitaux_permanents = (
        _v(acc, "DL") + _v(acc, "DO") + _v(acc, "DR") + dettes_financieres - _v(acc, "EH")
    )
    actif_immobilise_net = _net_line(acc, "BJ")
    stocks_nets = sum(_net_line(acc, code) for code in STOCK_LINES)
    actif_circulant_exploitation = stocks_nets + sum(
        _net_line(acc, code) for code in ("BV", "BX", "BZ", "CB", "CH")
    )
    dettes_exploitation = _sum(acc, _OPERATING_DEBTS)
    return {
        "capitaux_propres": _v(acc, "DL"),
        "dettes_financieres": dettes_financieres,
        "tresorerie_active": tresorerie_active,
        "endettement_net": dettes_financieres - tresorerie_active,
        "capitaux_permanents": capitaux_permanents,
        "actif_immobilise_net": actif_immobilise_net,
        "fonds_de_roulement": capitaux_permanents - actif_immobilise_net,
        "bfr": actif_circulant_exploitation - dettes_exploitation,
        "tresorerie_nette": tresorerie_active - _v(acc, "EH"),
        "dettes_court_terme": dettes_exploitation + _v(acc, "EH"),
        "actif_circulant_net": _net_line(acc, "CJ"),
        "stocks_nets": stocks_nets,
        "creances_clients_nettes": _net_line(acc, "BX"),
    }


def ratios(acc: Accounts, vat_rate: float = 0.20) -> dict[str, float | None]:
    """Every ratio of the REFERENCE §2 table, as fractions (not percentages), days on a 365-day year.

    autonomie financière = DL / EE; gearing = endettement net / DL; capacité de remboursement =
    dettes financières / CAF (years); liquidité générale = (CJ - CK) / dettes à court terme; liquidité
    réduite = (CJ - CK - net stocks) / dettes à court terme; DSO = (net BX + YS) / (FJ x (1 + TVA) + FK)
    x 365; DPO = DX / ((FS + FU + FW) x (1 + TVA)) x 365; stocks en jours = net stocks / FL x 365;
    taux de marge EBE = EBE / FL; rentabilité nette = HN / FL; poids des frais financiers = GR / FL;
    couverture des frais financiers = EBE / GR; BFR en jours de CA = BFR / FL x 365.
    A ratio is None (n/s) when its denominator is zero or negative. Also returns the amounts
    valeur_ajoutee, ebe, caf, fonds_de_roulement, bfr and tresorerie_nette.
    """
    return YearFigures.of(acc, vat_rate).ratios


def _ratios(
    acc: Accounts, vat_rate: float, s: Mapping[str, float], a: Mapping[str, float], cash_flow: float
) -> dict[str, float | None]:
    """`ratios` from the year's SIG `s`, aggregates `a` and CAF, already computed."""
    ca = _v(acc, "FL")
    ca_ttc = _v(acc, "FJ") * (1 + vat_rate) + _v(acc, "FK")
    achats_ttc = _sum(acc, ("FS", "FU", "FW")) * (1 + vat_rate)
    frais_financiers = _v(acc, "GR")
    dct = a["dettes_court_terme"]

    def days(numerator: float, denominator: float) -> float | None:
        r = _ratio(numerator, denominator)
        return None if r is None else r * DAYS_PER_YEAR

    return {
        "valeur_ajoutee": s["valeur_ajoutee"],
        "ebe": s["ebe"],
        "caf": cash_flow,
        "fonds_de_roulement": a["fonds_de_roulement"],
        "bfr": a["bfr"],
        "tresorerie_nette": a["tresorerie_nette"],
        "autonomie_financiere": _ratio(_v(acc, "DL"), _v(acc, "EE")),
        "gearing": _ratio(a["endettement_net"], _v(acc, "DL")),
        "capacite_remboursement": _ratio(a["dettes_financieres"], cash_flow),
        "liquidite_generale": _ratio(a["actif_circulant_net"], dct),
        "liquidite_reduite": _ratio(a["actif_circulant_net"] - a["stocks_nets"], dct),
        "dso_jours": days(a["creances_clients_nettes"] + _v(acc, "YS"), ca_ttc),
        "dpo_jours": days(_v(acc, "DX"), achats_ttc),
        "stocks_jours": days(a["stocks_nets"], ca),
        "taux_marge_ebe": _ratio(s["ebe"], ca),
        "rentabilite_nette": _ratio(_v(acc, "HN"), ca),
        "poids_frais_financiers": _ratio(frais_financiers, ca),
        "couverture_frais_financiers": _ratio(s["ebe"], frais_financiers),
        "bfr_jours_ca": days(a["bfr"], ca),
    }


# --- Scores -------------------------------------------------------------------------------------------

ZONE_LABELS: dict[str, str] = {
    "tres_faible": "Risque très faible (défaillance < 10\u00a0%)",
    "faible": "Risque faible (défaillance de 10 à 30\u00a0%)",
    "vigilance": "Vigilance (défaillance de 30 à 65\u00a0%)",
    "danger": "Danger (défaillance > 65\u00a0%)",
    "sain": "Zone saine",
    "zone_grise": "Zone grise",
    "detresse": "Zone de détresse",
}


def conan_holder_components(acc: Accounts) -> dict[str, float | None]:
    """Conan-Holder ratios as fractions: R1 = EBE / EC; R2 = capitaux permanents / EE;
    R3 = (net actif circulant - net stocks) / EE; R4 = GR / FL; R5 = (FY + FZ) / VA."""
    return YearFigures.of(acc).conan_holder_components


def _conan_holder_components(acc: Accounts, s: Mapping[str, float], a: Mapping[str, float]) -> dict[str, float | None]:
    total = _v(acc, "EE")
    return {
        "r1": _ratio(s["ebe"], _v(acc, "EC")),
        "r2": _ratio(a["capitaux_permanents"], total),
        "r3": _ratio(a["actif_circulant_net"] - a["stocks_nets"], total),
        "r4": _ratio(_v(acc, "GR"), _v(acc, "FL")),
        "r5": _ratio(_v(acc, "FY") + _v(acc, "FZ"), s["valeur_ajoutee"]),
    }


_CONAN_HOLDER_WEIGHTS = {"r1": 24, "r2": 22, "r3": 16, "r4": -87, "r5": -10}


def conan_holder(acc: Accounts) -> float | None:
    """Conan-Holder Z = 24 R1 + 22 R2 + 16 R3 - 87 R4 - 10 R5; None (n/s) if one ratio is n/s."""
    return YearFigures.of(acc).conan_holder


def conan_holder_zone(z: float | None) -> str | None:
    """Z >= 16 très faible; 9 <= Z < 16 faible; 4 <= Z < 9 vigilance; Z < 4 danger (lower bounds inclusive)."""
    if z is None:
        return None
    if z >= 16:
        return "tres_faible"
    if z >= 9:
        return "faible"
    if z >= 4:
        return "vigilance"
    return "danger"


def altman_components(acc: Accounts) -> dict[str, float | None]:
    """Altman Z'' ratios: X1 = (net actif circulant - dettes à court terme) / EE;
    X2 = (DD + DE + DF + DG + DH) / EE; X3 = GG / EE; X4 = DL / EC."""
    return YearFigures.of(acc).altman_components


def _altman_components(acc: Accounts, a: Mapping[str, float]) -> dict[str, float | None]:
    total = _v(acc, "EE")
    return {
        "x1": _ratio(a["actif_circulant_net"] - a["dettes_court_terme"], total),
        "x2": _ratio(_sum(acc, ("DD", "DE", "DF", "DG", "DH")), total),
        "x3": _ratio(_v(acc, "GG"), total),
        "x4": _ratio(_v(acc, "DL"), _v(acc, "EC")),
    }


_ALTMAN_WEIGHTS = {"x1": 6.56, "x2": 3.26, "x3": 6.72, "x4": 1.05}


def altman_z2(acc: Accounts) -> float | None:
    """Altman Z'' (non-manufacturing) = 6.56 X1 + 3.26 X2 + 6.72 X3 + 1.05 X4; None if one ratio is n/s."""
    return YearFigures.of(acc).altman_z2


def altman_zone(z: float | None) -> str | None:
    """Z'' > 2.60 sain; 1.10 <= Z'' <= 2.60 zone grise (both bounds grey); Z'' < 1.10 détresse."""
    if z is None:
        return None
    if z > 2.60:
        return "sain"
    if z >= 1.10:
        return "zone_grise"
    return "detresse"


def _weighted(components: Mapping[str, float | None], weights: Mapping[str, float]) -> float | None:
    """Weighted sum of a score's ratios; None (n/s) as soon as one ratio is n/s."""
    total = 0.0
    for key, weight in weights.items():
        value = components[key]
        if value is None:
            return None
        total += weight * value
    return total


# --- One year's figures -----------------------------------------------------------------------------

@dataclass(frozen=True)
class YearFigures:
    """One year's accounts with every figure above computed once: SIG, CAF, aggregates, ratios and scores.

    Each field holds what the function of the same name returns for these accounts (`ratios` at `vat_rate`).
    """

    accounts: Accounts
    vat_rate: float
    sig: dict[str, float]
    caf: float
    aggregates: dict[str, float]
    ratios: dict[str, float | None]
    conan_holder_components: dict[str, float | None]
    conan_holder: float | None
    altman_components: dict[str, float | None]
    altman_z2: float | None

    @classmethod
    def of(cls, acc: Accounts, vat_rate: float = 0.20) -> YearFigures:
        s, cash_flow, a = sig(acc), caf(acc), aggregates(acc)
        conan_holder_ratios = _conan_holder_components(acc, s, a)
        altman_ratios = _altman_components(acc, a)
        return cls(
            acc, vat_rate, s, cash_flow, a, _ratios(acc, vat_rate, s, a, cash_flow),
            conan_holder_ratios, _weighted(conan_holder_ratios, _CONAN_HOLDER_WEIGHTS),
            altman_ratios, _weighted(altman_ratios, _ALTMAN_WEIGHTS),
        )

    def __getitem__(self, code: str) -> float:
        """An account line of the year; 0 when absent."""
        return _v(self.accounts, code)


# --- Warning signs (In-house list, REFERENCE §2) ----------------------------------------------------

def _rose_by_more_than(key: str, threshold: float) -> Callable[[Sequence[YearFigures]], bool]:
    def rule(ys: Sequence[YearFigures]) -> bool:
        now, before = ys[-1].ratios[key], ys[-2].ratios[key]
        return now is not None and before is not None and now - before > threshold
    return rule


def _effet_ciseau(ys: Sequence[YearFigures]) -> bool:
    n, p = ys[-1], ys[-2]
    return n["FL"] < p["FL"] and n["GF"] >= p["GF"]


def _marge_ebe_en_baisse(ys: Sequence[YearFigures]) -> bool:
    n, p, pp = (y.ratios["taux_marge_ebe"] for y in ys[-3:][::-1])
    return n is not None and p is not None and pp is not None and n < p < pp


def _caf_negative_ou_en_baisse(ys: Sequence[YearFigures]) -> bool:
    now = ys[-1].caf
    return now <= 0 or (len(ys) >= 2 and now < ys[-2].caf)


def _bfr_plus_rapide_que_ca(ys: Sequence[YearFigures]) -> bool:
    n, p = ys[-1], ys[-2]
    days_now, days_before = n.ratios["bfr_jours_ca"], p.ratios["bfr_jours_ca"]
    return (
        n.aggregates["bfr"] > p.aggregates["bfr"]
        and days_now is not None
        and days_before is not None
        and days_now > days_before
    )


def _capacite_remboursement(ys: Sequence[YearFigures]) -> bool:
    years = ys[-1].ratios["capacite_remboursement"]
    return years is not None and years > 4


def _couverture_faible(ys: Sequence[YearFigures]) -> bool:
    cover = ys[-1].ratios["couverture_frais_financiers"]
    return cover is not None and cover < 2


def _provisions_clients(ys: Sequence[YearFigures]) -> bool:
    now, before = ys[-1]["BY"], ys[-2]["BY"]
    return now > 0 and now > 1.5 * before


# code -> (French label, French rule text, years needed, rule). Order = display order.
_SIGNS: dict[str, tuple[str, str, int, Callable[[Sequence[YearFigures]], bool]]] = {
    "effet_ciseau": (
        "Effet ciseau\u00a0: chiffre d’affaires en baisse, charges stables ou en hausse",
        "CA N (FL) < CA N-1 et charges d’exploitation N (GF) ≥ charges d’exploitation N-1.",
        2, _effet_ciseau,
    ),
    "marge_ebe_en_baisse": (
        "Taux de marge d’EBE en baisse deux années de suite",
        "EBE / CA\u00a0: N < N-1 < N-2.",
        3, _marge_ebe_en_baisse,
    ),
    "caf_negative_ou_en_baisse": (
        "CAF négative ou en baisse",
        "CAF N ≤ 0, ou CAF N < CAF N-1.",
        1, _caf_negative_ou_en_baisse,
    ),
    "capitaux_propres_sous_moitie_capital": (
        "Capitaux propres inférieurs à la moitié du capital social",
        "Capitaux propres N (DL) < capital social N (DA) / 2 (C.\u00a0com. L223-42 / L225-248).",
        1, lambda ys: ys[-1]["DL"] < ys[-1]["DA"] / 2,
    ),
    "fr_negatif": (
        "Fonds de roulement négatif",
        "FR N < 0.",
        1, lambda ys: ys[-1].aggregates["fonds_de_roulement"] < 0,
    ),
    "bfr_plus_rapide_que_ca": (
        "BFR en hausse plus rapide que le chiffre d’affaires",
        "BFR N > BFR N-1 et BFR en jours de CA N > BFR en jours de CA N-1 "
        "(la croissance du BFR dépasse celle du CA)\u00a0; non évalué si le CA d’une des deux années est nul.",
        2, _bfr_plus_rapide_que_ca,
    ),
    "dso_en_hausse": (
        "Délai clients en hausse de plus de 15\u00a0jours",
        "DSO N - DSO N-1 > 15\u00a0jours.",
        2, _rose_by_more_than("dso_jours", 15),
    ),
    "stocks_jours_en_hausse": (
        "Rotation des stocks en hausse de plus de 15\u00a0jours",
        "Stocks en jours de CA N - stocks en jours de CA N-1 > 15\u00a0jours.",
        2, _rose_by_more_than("stocks_jours", 15),
    ),
    "decouverts_en_hausse": (
        "Concours bancaires courants en hausse",
        "Concours bancaires courants N (EH) > EH N-1.",
        2, lambda ys: ys[-1]["EH"] > ys[-2]["EH"],
    ),
    "capacite_remboursement_excessive": (
        "Capacité de remboursement supérieure à 4\u00a0ans",
        "Dettes financières N / CAF N > 4\u00a0ans (n/s si CAF ≤ 0, voir le signe sur la CAF).",
        1, _capacite_remboursement,
    ),
    "couverture_frais_financiers_faible": (
        "Couverture des frais financiers inférieure à 2",
        "EBE N / frais financiers N (GR) < 2 (non évalué sans frais financiers).",
        1, _couverture_faible,
    ),
    "pertes_deux_exercices": (
        "Pertes deux exercices de suite",
        "Résultat net (HN) N < 0 et HN N-1 < 0.",
        2, lambda ys: ys[-1]["HN"] < 0 and ys[-2]["HN"] < 0,
    ),
    "delai_fournisseurs_allonge": (
        "Délai fournisseurs allongé de plus de 15\u00a0jours",
        "DPO N - DPO N-1 > 15\u00a0jours (l’entreprise paie ses propres fournisseurs plus tard).",
        2, _rose_by_more_than("dpo_jours", 15),
    ),
    "provisions_clients_en_hausse": (
        "Provisions sur créances clients en forte hausse",
        "Provisions clients N (BY) > 1,5 × BY N-1 (hausse de plus de 50\u00a0% ou apparition) et BY N > 0.",
        2, _provisions_clients,
    ),
}

WARNING_SIGNS: dict[str, str] = {code: spec[0] for code, spec in _SIGNS.items()}
WARNING_SIGN_RULES: dict[str, str] = {code: spec[1] for code, spec in _SIGNS.items()}


def warning_signs(years: Sequence[Accounts], vat_rate: float = 0.20) -> list[str]:
    """Codes of the in-house warning signs present in the latest year, in `WARNING_SIGNS` order.

    `years` is oldest first (usually 3). A rule that compares with earlier years is skipped when there
    are not enough years; `WARNING_SIGN_RULES` gives the exact rule of each code.
    """
    return warning_signs_of([YearFigures.of(acc, vat_rate) for acc in years])


def warning_signs_of(years: Sequence[YearFigures]) -> list[str]:
    """`warning_signs` of years whose figures are already computed, oldest first."""
    return [
        code
        for code, (_label, _text, needed, rule) in _SIGNS.items()
        if len(years) >= needed and rule(years)
    ]


# --- Credit limits (REFERENCE §3) -------------------------------------------------------------------

def encours_necessaire(
    annual_purchases_ht: float,
    vat_rate: float,
    payment_terms_days: float,
    expected_delay_days: float,
) -> float:
    """Encours nécessaire = annual purchases TTC x (payment terms + expected average delay) / 365,
    with purchases TTC = purchases HT x (1 + VAT rate)."""
    purchases_ttc = annual_purchases_ht * (1 + vat_rate)
    return purchases_ttc * (payment_terms_days + expected_delay_days) / DAYS_PER_YEAR


def ceiling_equity(acc: Accounts) -> float | None:
    """Ceiling = 10 % of capitaux propres (DL); None (n/s) when DL <= 0."""
    equity = _v(acc, "DL")
    return 0.10 * equity if equity > 0 else None


def ceiling_working_capital(acc: Accounts) -> float | None:
    """Ceiling = 10 % of the fonds de roulement; None when FR <= 0."""
    fr = aggregates(acc)["fonds_de_roulement"]
    return 0.10 * fr if fr > 0 else None


def afdcc_ceiling(encours: float, coefficient_delais: float, coefficient_comportement: float) -> float:
    """AFDCC coefficient method: encours x coefficient délais x coefficient comportement."""
    return encours * coefficient_delais * coefficient_comportement

"""The French tax forms 2050-2053 (liasse fiscale, régime réel normal): codes, layouts and totals.

One year of accounts is a flat mapping `code -> integer euros` (REFERENCE §1). Generators fill in detail
lines only and call `with_totals`, so every coherence rule holds by construction; `check_coherence` lists the
rules a mapping breaks (for tests and for imported accounts). The layouts let a page lay the bilan and the
compte de résultat out in the order of the official forms.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass


@dataclass(frozen=True)
class Row:
    """One line of a form: `codes` is (brut, amort.) on 2050, (France, Export, Total) for the turnover lines
    of 2052, otherwise a single code. `section` groups rows under a heading."""

    section: str
    label: str
    codes: tuple[str, ...]
    is_total: bool = False


def _rows(section: str, *lines: tuple[str, tuple[str, ...]]) -> list[Row]:
    return [Row(section, label, codes) for label, codes in lines]


_INCORPORELLES = _rows(
    "Immobilisations incorporelles",
    ("Frais d’établissement", ("AB", "AC")),
    ("Frais de développement", ("CX", "CQ")),
    ("Concessions, brevets et droits similaires", ("AF", "AG")),
    ("Fonds commercial", ("AH", "AI")),
    ("Autres immobilisations incorporelles", ("AJ", "AK")),
    ("Avances et acomptes sur immobilisations incorporelles", ("AL", "AM")),
)
_CORPORELLES = _rows(
    "Immobilisations corporelles",
    ("Terrains", ("AN", "AO")),
    ("Constructions", ("AP", "AQ")),
    ("Installations techniques, matériel et outillage industriels", ("AR", "AS")),
    ("Autres immobilisations corporelles", ("AT", "AU")),
    ("Immobilisations en cours", ("AV", "AW")),
    ("Avances et acomptes", ("AX", "AY")),
)
_FINANCIERES = _rows(
    "Immobilisations financières",
    ("Participations évaluées selon la méthode de mise en équivalence", ("CS", "CT")),
    ("Autres participations", ("CU", "CV")),
    ("Créances rattachées à des participations", ("BB", "BC")),
    ("Autres titres immobilisés", ("BD", "BE")),
    ("Prêts", ("BF", "BG")),
    ("Autres immobilisations financières", ("BH", "BI")),
)
_CIRCULANT = _rows(
    "Actif circulant",
    ("Matières premières, approvisionnements", ("BL", "BM")),
    ("En cours de production de biens", ("BN", "BO")),
    ("En cours de production de services", ("BP", "BQ")),
    ("Produits intermédiaires et finis", ("BR", "BS")),
    ("Marchandises", ("BT", "BU")),
    ("Avances et acomptes versés sur commandes", ("BV", "BW")),
    ("Clients et comptes rattachés", ("BX", "BY")),
    ("Autres créances", ("BZ", "CA")),
    ("Capital souscrit et appelé, non versé", ("CB", "CC")),
    ("Valeurs mobilières de placement", ("CD", "CE")),
    ("Disponibilités", ("CF", "CG")),
    ("Charges constatées d’avance", ("CH", "CI")),
)
_REGULARISATION = _rows(
    "Comptes de régularisation",
    ("Frais d’émission d’emprunt à étaler", ("CW",)),
    ("Primes de remboursement des obligations", ("CM",)),
    ("Écarts de conversion actif", ("CN",)),
)

BILAN_ACTIF: tuple[Row, ...] = (
    Row("Capital souscrit non appelé", "Capital souscrit non appelé", ("AA",)),
    *_INCORPORELLES,
    *_CORPORELLES,
    *_FINANCIERES,
    Row("Immobilisations financières", "Total actif immobilisé", ("BJ", "BK"), True),
    *_CIRCULANT,
    Row("Actif circulant", "Total actif circulant", ("CJ", "CK"), True),
    *_REGULARISATION,
    Row("Comptes de régularisation", "Total général", ("CO", "1A"), True),
)

_CAPITAUX_PROPRES = _rows(
    "Capitaux propres",
    ("Capital social ou individuel", ("DA",)),
    ("Primes d’émission, de fusion, d’apport", ("DB",)),
    ("Écarts de réévaluation", ("DC",)),
    ("Réserve légale", ("DD",)),
    ("Réserves statutaires ou contractuelles", ("DE",)),
    ("Réserves réglementées", ("DF",)),
    ("Autres réserves", ("DG",)),
    ("Report à nouveau", ("DH",)),
    ("Résultat de l’exercice (bénéfice ou perte)", ("DI",)),
    ("Subventions d’investissement", ("DJ",)),
    ("Provisions réglementées", ("DK",)),
)
_DETTES = _rows(
    "Dettes",
    ("Emprunts obligataires convertibles", ("DS",)),
    ("Autres emprunts obligataires", ("DT",)),
    ("Emprunts et dettes auprès des établissements de crédit", ("DU",)),
    ("Emprunts et dettes financières divers", ("DV",)),
    ("Avances et acomptes reçus sur commandes en cours", ("DW",)),
    ("Dettes fournisseurs et comptes rattachés", ("DX",)),
    ("Dettes fiscales et sociales", ("DY",)),
    ("Dettes sur immobilisations et comptes rattachés", ("DZ",)),
    ("Autres dettes", ("EA",)),
    ("Produits constatés d’avance", ("EB",)),
)

BILAN_PASSIF: tuple[Row, ...] = (
    *_CAPITAUX_PROPRES,
    Row("Capitaux propres", "Total capitaux propres", ("DL",), True),
    *_rows(
        "Autres fonds propres",
        ("Produit des émissions de titres participatifs", ("DM",)),
        ("Avances conditionnées", ("DN",)),
    ),
    Row("Autres fonds propres", "Total autres fonds propres", ("DO",), True),
    *_rows(
        "Provisions pour risques et charges",
        ("Provisions pour risques", ("DP",)),
        ("Provisions pour charges", ("DQ",)),
    ),
    Row("Provisions pour risques et charges", "Total provisions", ("DR",), True),
    *_DETTES,
    Row("Dettes", "Total dettes", ("EC",), True),
    Row("Écarts de conversion passif", "Écarts de conversion passif", ("ED",)),
    Row("Écarts de conversion passif", "Total général", ("EE",), True),
    Row("Renvois", "Dettes et produits constatés d’avance à moins d’un an", ("EG",)),
    Row("Renvois", "Dont concours bancaires courants et soldes créditeurs de banques", ("EH",)),
)

COMPTE_RESULTAT: tuple[Row, ...] = (
    *_rows(
        "Produits d’exploitation",
        ("Ventes de marchandises", ("FA", "FB", "FC")),
        ("Production vendue de biens", ("FD", "FE", "FF")),
        ("Production vendue de services", ("FG", "FH", "FI")),
    ),
    Row("Produits d’exploitation", "Chiffre d’affaires net", ("FJ", "FK", "FL"), True),
    *_rows(
        "Produits d’exploitation",
        ("Production stockée", ("FM",)),
        ("Production immobilisée", ("FN",)),
        ("Subventions d’exploitation", ("FO",)),
        ("Reprises sur amortissements et provisions, transferts de charges", ("FP",)),
        ("Autres produits", ("FQ",)),
    ),
    Row("Produits d’exploitation", "Total des produits d’exploitation", ("FR",), True),
    *_rows(
        "Charges d’exploitation",
        ("Achats de marchandises", ("FS",)),
        ("Variation de stock (marchandises)", ("FT",)),
        ("Achats de matières premières et autres approvisionnements", ("FU",)),
        ("Variation de stock (matières premières et approvisionnements)", ("FV",)),
        ("Autres achats et charges externes", ("FW",)),
        ("Impôts, taxes et versements assimilés", ("FX",)),
        ("Salaires et traitements", ("FY",)),
        ("Charges sociales", ("FZ",)),
        ("Dotations aux amortissements sur immobilisations", ("GA",)),
        ("Dotations aux provisions sur immobilisations", ("GB",)),
        ("Dotations aux provisions sur actif circulant", ("GC",)),
        ("Dotations aux provisions pour risques et charges", ("GD",)),
        ("Autres charges", ("GE",)),
    ),
    Row("Charges d’exploitation", "Total des charges d’exploitation", ("GF",), True),
    Row("Résultat d’exploitation", "Résultat d’exploitation", ("GG",), True),
    *_rows(
        "Opérations en commun",
        ("Bénéfice attribué ou perte transférée", ("GH",)),
        ("Perte supportée ou bénéfice transféré", ("GI",)),
    ),
    *_rows(
        "Produits financiers",
        ("Produits financiers de participations", ("GJ",)),
        ("Produits des autres valeurs mobilières et créances de l’actif immobilisé", ("GK",)),
        ("Autres intérêts et produits assimilés", ("GL",)),
        ("Reprises sur provisions et transferts de charges", ("GM",)),
        ("Différences positives de change", ("GN",)),
        ("Produits nets sur cessions de valeurs mobilières de placement", ("GO",)),
    ),
    Row("Produits financiers", "Total des produits financiers", ("GP",), True),
    *_rows(
        "Charges financières",
        ("Dotations financières aux amortissements et provisions", ("GQ",)),
        ("Intérêts et charges assimilées", ("GR",)),
        ("Différences négatives de change", ("GS",)),
        ("Charges nettes sur cessions de valeurs mobilières de placement", ("GT",)),
    ),
    Row("Charges financières", "Total des charges financières", ("GU",), True),
    Row("Résultat financier", "Résultat financier", ("GV",), True),
    Row("Résultat courant avant impôts", "Résultat courant avant impôts", ("GW",), True),
    *_rows(
        "Produits exceptionnels",
        ("Produits exceptionnels sur opérations de gestion", ("HA",)),
        ("Produits exceptionnels sur opérations en capital", ("HB",)),
        ("Reprises sur provisions et transferts de charges", ("HC",)),
    ),
    Row("Produits exceptionnels", "Total des produits exceptionnels", ("HD",), True),
    *_rows(
        "Charges exceptionnelles",
        ("Charges exceptionnelles sur opérations de gestion", ("HE",)),
        ("Charges exceptionnelles sur opérations en capital", ("HF",)),
        ("Dotations exceptionnelles aux amortissements et provisions", ("HG",)),
    ),
    Row("Charges exceptionnelles", "Total des charges exceptionnelles", ("HH",), True),
    Row("Résultat exceptionnel", "Résultat exceptionnel", ("HI",), True),
    *_rows(
        "Résultat de l’exercice",
        ("Participation des salariés aux résultats", ("HJ",)),
        ("Impôts sur les bénéfices", ("HK",)),
    ),
    Row("Résultat de l’exercice", "Total des produits", ("HL",), True),
    Row("Résultat de l’exercice", "Total des charges", ("HM",), True),
    Row("Résultat de l’exercice", "Bénéfice ou perte", ("HN",), True),
    *_rows(
        "Renvois",
        ("Dont crédit-bail mobilier (inclus dans les charges externes)", ("HP",)),
        ("Dont crédit-bail immobilier (inclus dans les charges externes)", ("HQ",)),
        ("Effets escomptés non échus (2058-C)", ("YS",)),
    ),
)


def _detail_codes(rows: list[Row], position: int) -> tuple[str, ...]:
    return tuple(row.codes[position] for row in rows)


_IMMO = _INCORPORELLES + _CORPORELLES + _FINANCIERES
_EXPLOITATION_CHARGES = ("FS", "FT", "FU", "FV", "FW", "FX", "FY", "FZ", "GA", "GB", "GC", "GD", "GE")

# (total, added codes, subtracted codes), in an order where every operand is computed before it is used.
TOTALS: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("FC", ("FA", "FB"), ()),
    ("FF", ("FD", "FE"), ()),
    ("FI", ("FG", "FH"), ()),
    ("FJ", ("FA", "FD", "FG"), ()),
    ("FK", ("FB", "FE", "FH"), ()),
    ("FL", ("FJ", "FK"), ()),
    ("FR", ("FL", "FM", "FN", "FO", "FP", "FQ"), ()),
    ("GF", _EXPLOITATION_CHARGES, ()),
    ("GG", ("FR",), ("GF",)),
    ("GP", ("GJ", "GK", "GL", "GM", "GN", "GO"), ()),
    ("GU", ("GQ", "GR", "GS", "GT"), ()),
    ("GV", ("GP",), ("GU",)),
    ("GW", ("GG", "GH", "GP"), ("GI", "GU")),
    ("HD", ("HA", "HB", "HC"), ()),
    ("HH", ("HE", "HF", "HG"), ()),
    ("HI", ("HD",), ("HH",)),
    ("HL", ("FR", "GH", "GP", "HD"), ()),
    ("HM", ("GF", "GI", "GU", "HH", "HJ", "HK"), ()),
    ("HN", ("HL",), ("HM",)),
    ("DI", ("HN",), ()),
    ("BJ", _detail_codes(_IMMO, 0), ()),
    ("BK", _detail_codes(_IMMO, 1), ()),
    ("CJ", _detail_codes(_CIRCULANT, 0), ()),
    ("CK", _detail_codes(_CIRCULANT, 1), ()),
    ("CO", ("AA", "BJ", "CJ", "CW", "CM", "CN"), ()),
    ("1A", ("BK", "CK"), ()),
    ("DL", _detail_codes(_CAPITAUX_PROPRES, 0), ()),
    ("DO", ("DM", "DN"), ()),
    ("DR", ("DP", "DQ"), ()),
    ("EC", _detail_codes(_DETTES, 0), ()),
    ("EE", ("DL", "DO", "DR", "EC", "ED"), ()),
)
TOTAL_CODES: frozenset[str] = frozenset(total for total, _, _ in TOTALS)

LAYOUTS = (BILAN_ACTIF, BILAN_PASSIF, COMPTE_RESULTAT)
ALL_CODES: tuple[str, ...] = tuple(dict.fromkeys(code for layout in LAYOUTS for row in layout for code in row.codes))
DETAIL_CODES: tuple[str, ...] = tuple(code for code in ALL_CODES if code not in TOTAL_CODES)

# 2050 asset lines: brut code -> amortissements/provisions code.
AMORT_OF: dict[str, str] = {row.codes[0]: row.codes[1] for row in _IMMO + _CIRCULANT}


def _value(acc: Mapping[str, int], code: str) -> int:
    return int(acc.get(code) or 0)


def _sum(acc: Mapping[str, int], plus: tuple[str, ...], minus: tuple[str, ...]) -> int:
    return sum(_value(acc, code) for code in plus) - sum(_value(acc, code) for code in minus)


def with_totals(lines: Mapping[str, int]) -> dict[str, int]:
    """Every code of the forms: the detail lines given (missing ones at 0) and all totals computed from them.

    Totals present in `lines` are ignored and recomputed, so the result satisfies `check_coherence`
    except for the balance CO - 1A = EE, which depends on the figures themselves.
    """
    acc = dict.fromkeys(ALL_CODES, 0)  # generators call this often: plain loops, no helper calls
    for code in DETAIL_CODES:
        value = lines.get(code)
        if value:
            acc[code] = int(value)
    for total, plus, minus in TOTALS:
        value = 0
        for code in plus:
            value += acc[code]
        for code in minus:
            value -= acc[code]
        acc[total] = value
    return acc


# Rules stated in REFERENCE §1 beyond the totals, each as (description, codes added, codes subtracted) whose
# signed sum must be zero.
_IDENTITIES: tuple[tuple[str, tuple[str, ...], tuple[str, ...]], ...] = (
    ("bilan équilibré : CO - 1A = EE", ("CO",), ("1A", "EE")),
    ("chiffre d’affaires : FL = FC + FF + FI", ("FL",), ("FC", "FF", "FI")),
    ("résultat : HN = GW + HI - HJ - HK", ("HN", "HJ", "HK"), ("GW", "HI")),
)


def check_coherence(acc: Mapping[str, int], tolerance: int = 0) -> list[str]:
    """The coherence rules of REFERENCE §1 that `acc` breaks, as French sentences (empty list = coherent).

    Missing codes count as zero. `tolerance` (euros) allows the rounding gaps of real filed accounts.
    """
    problems: list[str] = []
    for total, plus, minus in TOTALS:
        expected = _sum(acc, plus, minus)
        if abs(_value(acc, total) - expected) > tolerance:
            formula = " + ".join(plus) + "".join(f" - {code}" for code in minus)
            problems.append(f"{total} vaut {_value(acc, total)} au lieu de {formula} = {expected}.")
    for description, plus, minus in _IDENTITIES:
        gap = _sum(acc, plus, minus)
        if abs(gap) > tolerance:
            problems.append(f"Règle non respectée, {description} (écart de {gap}).")
    return problems

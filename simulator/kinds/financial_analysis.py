"""Exercise kind `financial-analysis`: analyse three years of a company's accounts as a credit manager.

The trainee computes selected SIG, aggregates and ratios for the graded years, the Conan-Holder and Altman
Z'' scores, ticks the warning signs present among plausible ones, picks the risk class (in-house grid,
cases/risk_classes.yaml) and writes a short opinion for the trainer (kept, worth 0 point).
Every expected figure comes from `simulator.finance`; this module only chooses, explains and grades.

Levels: `facile` grades the last year only on plain accounts and offers a few warning signs to tick;
`standard` grades the last two years; `difficile` adds export sales, discounted bills, asset disposals,
subsidies and short-term investments more often, and offers every warning sign.
"""

from __future__ import annotations

import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from cases import risk_classes
from cases.companies import draw_company_case
from cases.narrative import after_de, describe_company, format_siren, typographie
from simulator import finance, liasse
from simulator.fields import check_answers, form_field
from simulator.grading import (
    Grade,
    GradeItem,
    answer_at,
    format_value,
    grade_choice,
    grade_number,
    grade_set,
    record_text,
)
from simulator.registry import check_level, register

PRIVATE_CASE_KEYS = ("archetype",)  # the story's name would give the diagnosis away


@dataclass(frozen=True)
class _Level:
    graded_years: int  # how many of the latest years are graded
    detail: float  # probability of each optional accounting feature (cases.companies)
    distractors: int | None  # warning signs offered besides the true ones (None: all of them)


_LEVELS: dict[str, _Level] = {
    "facile": _Level(graded_years=1, detail=0.0, distractors=3),
    "standard": _Level(graded_years=2, detail=0.3, distractors=5),
    "difficile": _Level(graded_years=2, detail=0.8, distractors=None),
}


@dataclass(frozen=True)
class _Analysis:
    """Everything the model answer and the feedback need, computed once per case."""

    years: dict[str, finance.YearFigures]  # graded years
    signs: list[str]
    conan_holder_zone: str | None  # of the latest year
    altman_zone: str | None
    risk_class: str


def _eur(value: float) -> str:
    """An amount in euros; a negative one in brackets, as it sits inside a formula."""
    shown = format_value(value, "€")
    return f"({shown})" if value < 0 else shown


_LIASSE_CODES = frozenset(liasse.ALL_CODES)


class _Shown:
    """What an explanation template shows for each name, from one year's figures: `{FL}` an account line and
    `{FY+FZ}` a sum of lines (whole euros, as the liasse shows them), `{ebe}` a SIG, `{bfr}` an aggregate,
    `{caf}` the CAF, all as `_eur` writes them, and `{1+TVA}` the VAT factor. Any other name is a KeyError."""

    def __init__(self, year: finance.YearFigures) -> None:
        self._year = year

    def __getitem__(self, name: str) -> str:
        year = self._year
        if name == "1+TVA":
            return format_value(1 + year.vat_rate, "", 2)
        if name == "caf":
            return _eur(year.caf)
        for figures in (year.sig, year.aggregates):
            if name in figures:
                return _eur(figures[name])
        codes = name.split("+")
        if not _LIASSE_CODES.issuperset(codes):
            raise KeyError(name)
        return _eur(sum(int(year.accounts.get(code) or 0) for code in codes))


@dataclass(frozen=True)
class _Measure:
    """A graded figure: label, unit, display decimals, tolerance and how its computation is explained."""

    label: str
    unit: str  # "€", "%", "jours", "ans" or "" for a multiple
    decimals: int
    tolerance_abs: float
    tolerance_rel: float
    explain: Callable[[finance.YearFigures], str]


# unit -> (display decimals, absolute tolerance, relative tolerance) of the ratios in that unit
_PRECISION: dict[str, tuple[int, float, float]] = {
    "€": (0, 1_000, 0.005),
    "%": (1, 0.0015, 0.0),
    "": (2, 0.02, 0.01),
    "jours": (0, 1.0, 0.0),
    "ans": (1, 0.1, 0.01),
}


def _ratio(label: str, unit: str, template: str) -> _Measure:
    """A ratio of the form, explained by `template` filled with the year's figures (`_Shown`)."""
    return _Measure(label, unit, *_PRECISION[unit], lambda year: template.format_map(_Shown(year)))


# The CONTRACT ratio keys, in the order of the form.
MEASURES: dict[str, _Measure] = {
    "valeur_ajoutee": _ratio(
        "Valeur ajoutée", "€",
        "VA = marge commerciale + production de l’exercice - consommations en provenance des tiers = "
        "{marge_commerciale} + {production} - {consommations}."),
    "ebe": _ratio(
        "Excédent brut d’exploitation (EBE)", "€",
        "EBE = VA + subventions d’exploitation (FO) - impôts et taxes (FX) - charges de personnel (FY + FZ) = "
        "{valeur_ajoutee} + {FO} - {FX} - {FY+FZ}."),
    "caf": _ratio(
        "Capacité d’autofinancement (CAF)", "€",
        "CAF (méthode additive) = résultat net (HN) + dotations (GA + GB + GC + GD + GQ + HG) - reprises "
        "(FP + GM + HC) + valeur comptable des actifs cédés (HF) - produits de cession (HB) = {HN} + "
        "{GA+GB+GC+GD+GQ+HG} - {FP+GM+HC} + {HF} - {HB}."),
    "fonds_de_roulement": _ratio(
        "Fonds de roulement", "€",
        "FR = capitaux permanents (DL + DO + DR + dettes financières hors concours bancaires courants) - actif "
        "immobilisé net (BJ - BK) = {capitaux_permanents} - {actif_immobilise_net}."),
    "bfr": _ratio(
        "Besoin en fonds de roulement", "€",
        "BFR = stocks nets + avances versées, clients, autres créances, capital appelé non versé et charges "
        "constatées d’avance nets - dettes d’exploitation et hors exploitation (DW + DX + DY + DZ + EA + EB) ; "
        "stocks nets {stocks_nets}, clients nets {creances_clients_nettes}, dettes fournisseurs (DX) {DX}, "
        "dettes fiscales et sociales (DY) {DY}."),
    "tresorerie_nette": _ratio(
        "Trésorerie nette", "€",
        "Trésorerie nette = trésorerie active (VMP et disponibilités nettes) - concours bancaires courants (EH) = "
        "{tresorerie_active} - {EH} ; contrôle : FR - BFR = {fonds_de_roulement} - {bfr}."),
    "autonomie_financiere": _ratio(
        "Autonomie financière", "%",
        "Autonomie financière = capitaux propres (DL) / total du bilan (EE) = {DL} / {EE}."),
    "gearing": _ratio(
        "Gearing (endettement net / capitaux propres)", "",
        "Gearing = endettement net (dettes financières - trésorerie active) / capitaux propres (DL) = "
        "({dettes_financieres} - {tresorerie_active}) / {DL} ; n/s si les capitaux propres sont nuls ou "
        "négatifs."),
    "capacite_remboursement": _ratio(
        "Capacité de remboursement", "ans",
        "Capacité de remboursement = dettes financières (DS + DT + DU + DV) / CAF = {dettes_financieres} / "
        "{caf} ; n/s si la CAF est nulle ou négative."),
    "liquidite_generale": _ratio(
        "Liquidité générale", "",
        "Liquidité générale = actif circulant net (CJ - CK) / dettes à court terme (DW à EB + EH) = "
        "{actif_circulant_net} / {dettes_court_terme}."),
    "liquidite_reduite": _ratio(
        "Liquidité réduite", "",
        "Liquidité réduite = (actif circulant net - stocks nets) / dettes à court terme = "
        "({actif_circulant_net} - {stocks_nets}) / {dettes_court_terme}."),
    "dso_jours": _ratio(
        "Délai clients (DSO)", "jours",
        "DSO = (clients nets BX - BY + effets escomptés non échus YS) / CA TTC × 365 = "
        "({creances_clients_nettes} + {YS}) / CA TTC × 365, avec CA TTC = FJ × (1 + TVA) + FK = "
        "{FJ} × {1+TVA} + {FK}."),
    "dpo_jours": _ratio(
        "Délai fournisseurs (DPO)", "jours",
        "DPO = dettes fournisseurs (DX) / achats TTC × 365, achats TTC = (FS + FU + FW) × (1 + TVA) = "
        "{DX} / ({FS+FU+FW} × {1+TVA}) × 365."),
    "stocks_jours": _ratio(
        "Rotation des stocks", "jours",
        "Stocks en jours de CA = stocks nets / CA (FL) × 365 = {stocks_nets} / {FL} × 365."),
    "taux_marge_ebe": _ratio(
        "Taux de marge d’EBE", "%",
        "Taux de marge d’EBE = EBE / CA (FL) = {ebe} / {FL}."),
    "rentabilite_nette": _ratio(
        "Rentabilité nette", "%",
        "Rentabilité nette = résultat net (HN) / CA (FL) = {HN} / {FL}."),
    "poids_frais_financiers": _ratio(
        "Poids des frais financiers", "%",
        "Poids des frais financiers = intérêts et charges assimilées (GR) / CA (FL) = {GR} / {FL}."),
    "couverture_frais_financiers": _ratio(
        "Couverture des frais financiers", "",
        "Couverture des frais financiers = EBE / intérêts et charges assimilées (GR) = {ebe} / {GR} ; n/s sans "
        "frais financiers."),
    "bfr_jours_ca": _ratio(
        "BFR en jours de CA", "jours",
        "BFR en jours de CA = BFR / CA (FL) × 365 = {bfr} / {FL} × 365."),
}


def _score_text(formula: str, components: Mapping[str, float | None], zone: str | None, note: str = "") -> str:
    """A score's formula, this year's ratios and the zone the score falls in."""
    ratios = " ; ".join(f"{name.upper()} = {format_value(value, '', 3)}" for name, value in components.items())
    reading = f" {finance.ZONE_LABELS[zone]}." if zone else ""
    return f"{formula} ; ici {ratios}.{reading}{note}"


_CONAN_HOLDER_FORMULA = (
    "Z = 24 R1 + 22 R2 + 16 R3 - 87 R4 - 10 R5 avec R1 = EBE / dettes (EC), R2 = capitaux permanents / total du "
    "bilan, R3 = (actif circulant net - stocks nets) / total du bilan, R4 = frais financiers (GR) / CA, R5 = "
    "charges de personnel / VA")
_ALTMAN_FORMULA = (
    "Z'' = 6,56 X1 + 3,26 X2 + 6,72 X3 + 1,05 X4 avec X1 = (actif circulant net - dettes à court terme) / total "
    "du bilan, X2 = réserves et report à nouveau (DD à DH) / total du bilan, X3 = résultat d’exploitation (GG) / "
    "total du bilan, X4 = capitaux propres / dettes (EC)")
SCORES: dict[str, _Measure] = {
    "conan_holder": _Measure("Score de Conan-Holder", "", 2, 0.3, 0.0, lambda year: _score_text(
        _CONAN_HOLDER_FORMULA, year.conan_holder_components, finance.conan_holder_zone(year.conan_holder),
        " Score conçu pour les PME industrielles.")),
    "altman_z2": _Measure("Score d’Altman Z''", "", 2, 0.1, 0.0, lambda year: _score_text(
        _ALTMAN_FORMULA, year.altman_components, finance.altman_zone(year.altman_z2))),
}
MEASURE_POINTS = 1.0
SCORE_POINTS = 2.0
SIGNS_POINTS = 4.0
RISK_CLASS_POINTS = 3.0


def _scores(year: finance.YearFigures) -> dict[str, float | None]:
    """The year's scores under their form keys."""
    return {"conan_holder": year.conan_holder, "altman_z2": year.altman_z2}


class FinancialAnalysis:
    slug = "financial-analysis"
    title = "Analyse financière d’un client"
    module = "03-analyse-financiere"

    # --- cases -------------------------------------------------------------------------------------
    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """A fictional company's three years of accounts with its narrative and the tasks of `level`."""
        settings = _level(level)
        rng = random.Random(seed)
        company, case = draw_company_case(self.slug, seed, level, rng, detail=settings.detail)
        case["narrative"] = describe_company(rng, company)
        case.update(self._tasks(rng, case, settings))
        return case

    def case_from_accounts(self, loaded: Mapping[str, Any], level: str = "standard") -> dict[str, Any]:
        """A case on real or prepared accounts (`simulator.accounts_import.load_accounts` output)."""
        settings = _level(level)
        years = [int(year) for year in loaded["years"]]
        company = dict(loaded.get("company") or {})
        name = company.get("name") or company.get("denomination") or "Entreprise analysée"
        siren = str(company.get("siren") or "")
        who = f"{name} (SIREN {format_siren(siren)})" if len(siren) == 9 else name
        notes = " ".join(str(note) for note in loaded.get("notes") or [])
        case = {
            "kind": self.slug,
            "seed": None,
            "level": level,
            "company": company,
            "narrative": typographie(
                f"Comptes annuels déposés {after_de(who)}, exercices {', '.join(map(str, years))}. Analysez-les comme "
                f"pour une demande d’encours d’un nouveau client. {notes}".strip()),
            "years": years,
            "accounts": {str(year): dict(loaded["accounts"][str(year)]) for year in years},
            "vat_rate": float(loaded.get("vat_rate") or 0.20),
        }
        case.update(self._tasks(random.Random(siren or name), case, settings))
        return case

    def _tasks(self, rng: random.Random, case: dict[str, Any], settings: _Level) -> dict[str, Any]:
        years = case["years"]
        present = finance.warning_signs(self._accounts(case), case["vat_rate"])
        others = [code for code in finance.WARNING_SIGNS if code not in present]
        if settings.distractors is not None:
            others = rng.sample(others, min(settings.distractors, len(others)))
        offered = [code for code in finance.WARNING_SIGNS if code in present or code in others]
        return {
            "graded_years": [str(year) for year in years[-settings.graded_years:]],
            "warning_sign_options": [{"value": code, "label": finance.WARNING_SIGNS[code]} for code in offered],
            "risk_class_options": [{"value": code, "label": f"{code} – {label}"}
                                   for code, label in risk_classes.risk_classes().items()],
        }

    def public_case(self, case: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in case.items() if key not in PRIVATE_CASE_KEYS}

    @staticmethod
    def _accounts(case: Mapping[str, Any]) -> list[Mapping[str, int]]:
        return [case["accounts"][str(year)] for year in case["years"]]

    # --- model answer ------------------------------------------------------------------------------
    def _analyse(self, case: Mapping[str, Any]) -> _Analysis:
        figures = [finance.YearFigures.of(acc, case["vat_rate"]) for acc in self._accounts(case)]
        by_year = dict(zip(map(str, case["years"]), figures))
        signs = finance.warning_signs_of(figures)
        ch_zone = finance.conan_holder_zone(figures[-1].conan_holder)
        altman = finance.altman_zone(figures[-1].altman_z2)
        return _Analysis({year: by_year[year] for year in case["graded_years"]}, signs, ch_zone, altman,
                         risk_classes.risk_class(ch_zone, altman, signs))

    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        analysis = self._analyse(case)
        return {
            "ratios": {year: figures.ratios for year, figures in analysis.years.items()},
            "scores": {year: _scores(figures) for year, figures in analysis.years.items()},
            "warning_signs": analysis.signs,
            "risk_class": analysis.risk_class,
            "opinion": self._model_opinion(analysis),
        }

    @staticmethod
    def _model_opinion(analysis: _Analysis) -> str:
        klass = analysis.risk_class
        label = risk_classes.risk_classes()[klass]
        if not analysis.signs:
            return typographie(f"Classe {klass} ({label}). Aucun signal d’alerte sur le dernier exercice.")
        listed = " ; ".join(finance.WARNING_SIGNS[code] for code in analysis.signs)
        return typographie(f"Classe {klass} ({label}). Signaux d’alerte : {listed}.")

    # --- form and grading --------------------------------------------------------------------------
    def form_fields(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        fields = [form_field(f"{'ratios' if key in MEASURES else 'scores'}.{year}.{key}", f"{measure.label} {year}",
                             "percent" if measure.unit == "%" else "number", f"Exercice {year}", unit=measure.unit,
                             help="Saisissez n/s si le ratio n’est pas significatif.")
                  for year in case["graded_years"] for key, measure in {**MEASURES, **SCORES}.items()]
        fields += [
            form_field("warning_signs", "Signaux d’alerte présents sur le dernier exercice", "multi", "Diagnostic",
                       options=case["warning_sign_options"]),
            form_field("risk_class", risk_classes.grid_title(), "choice", "Diagnostic",
                       options=case["risk_class_options"]),
            form_field("opinion", "Avis de crédit argumenté (lu par le formateur, non noté)", "text", "Diagnostic"),
        ]
        return fields

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        return check_answers(self.form_fields(case), submission)

    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        analysis = self._analyse(case)
        items: list[GradeItem] = []
        for year, figures in analysis.years.items():
            for section, measures, expected, points in (("ratios", MEASURES, figures.ratios, MEASURE_POINTS),
                                                        ("scores", SCORES, _scores(figures), SCORE_POINTS)):
                for key, measure in measures.items():
                    field_id = f"{section}.{year}.{key}"
                    items.append(grade_number(
                        field_id, f"{measure.label} {year}", expected[key], answer_at(submission, field_id),
                        points=points, tolerance_abs=measure.tolerance_abs, tolerance_rel=measure.tolerance_rel,
                        percent=measure.unit == "%", unit=measure.unit, decimals=measure.decimals,
                        explanation=measure.explain(figures)))
        items.append(grade_set(
            "warning_signs", "Signaux d’alerte", analysis.signs, answer_at(submission, "warning_signs"),
            points=SIGNS_POINTS, options=case["warning_sign_options"], explanation=self._signs_text(analysis)))
        items.append(grade_choice(
            "risk_class", "Classe de risque", analysis.risk_class, answer_at(submission, "risk_class"),
            points=RISK_CLASS_POINTS, options=case["risk_class_options"], explanation=self._risk_text(analysis)))
        items.append(record_text("opinion", "Avis de crédit", answer_at(submission, "opinion")))
        return Grade.of(items)

    @staticmethod
    def _signs_text(analysis: _Analysis) -> str:
        if not analysis.signs:
            return "Aucune règle de la liste interne n’est remplie sur le dernier exercice."
        rules = " ".join(f"{finance.WARNING_SIGNS[code]} : {finance.WARNING_SIGN_RULES[code]}"
                         for code in analysis.signs)
        return f"Règles remplies (liste interne) : {rules}"

    @staticmethod
    def _risk_text(analysis: _Analysis) -> str:
        points = risk_classes.risk_points(analysis.conan_holder_zone, analysis.altman_zone, analysis.signs)
        return (f"{risk_classes.grid_note()} Ici : Conan-Holder {points['conan_holder']} pt(s), Altman "
                f"{points['altman']} pt(s), nombre de signaux {points['warning_signs']} pt(s), signaux aggravants "
                f"{points['aggravating']} pt(s), soit {sum(points.values())} points.")


def _level(level: str) -> _Level:
    check_level(level)
    return _LEVELS[level]


register(FinancialAnalysis())

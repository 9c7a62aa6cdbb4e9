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
from cases.companies import draw_company
from cases.narrative import describe_company, format_siren, typographie
from simulator import finance
from simulator.grading import (
    Grade,
    GradeItem,
    answer_at,
    choice_error,
    format_value,
    grade_choice,
    grade_number,
    grade_set,
    number_error,
    record_text,
    set_error,
    text_error,
)
from simulator.registry import LEVELS, register

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
class _Year:
    """One year's figures from simulator.finance: the expected answers and what the explanations show."""

    acc: Mapping[str, int]
    sig: dict[str, float]
    agg: dict[str, float]
    caf: float
    ratios: dict[str, float | None]
    scores: dict[str, float | None]
    score_components: dict[str, dict[str, float | None]]
    vat_rate: float

    @classmethod
    def of(cls, acc: Mapping[str, int], vat_rate: float) -> _Year:
        scores = {"conan_holder": finance.conan_holder(acc), "altman_z2": finance.altman_z2(acc)}
        components = {"conan_holder": finance.conan_holder_components(acc),
                      "altman_z2": finance.altman_components(acc)}
        return cls(acc, finance.sig(acc), finance.aggregates(acc), finance.caf(acc),
                   finance.ratios(acc, vat_rate), scores, components, vat_rate)

    def __getitem__(self, code: str) -> int:
        return int(self.acc.get(code) or 0)


@dataclass(frozen=True)
class _Analysis:
    """Everything the model answer and the feedback need, computed once per case."""

    years: dict[str, _Year]  # graded years
    signs: list[str]
    conan_holder_zone: str | None  # of the latest year
    altman_zone: str | None
    risk_class: str


def _eur(value: float) -> str:
    """An amount in euros; a negative one in brackets, as it sits inside a formula."""
    shown = format_value(value, "€")
    return f"({shown})" if value < 0 else shown


def _sum(year: _Year, codes: str) -> int:
    return sum(year[code] for code in codes.split())


@dataclass(frozen=True)
class _Measure:
    """A graded figure: label, unit, display decimals, tolerance and how its computation is explained."""

    label: str
    unit: str  # "€", "%", "jours", "ans" or "" for a multiple
    decimals: int
    tolerance_abs: float
    tolerance_rel: float
    explain: Callable[[_Year], str]


def _amount(label: str, explain: Callable[[_Year], str]) -> _Measure:
    return _Measure(label, "€", 0, 1_000, 0.005, explain)


def _rate(label: str, explain: Callable[[_Year], str]) -> _Measure:
    return _Measure(label, "%", 1, 0.0015, 0.0, explain)


def _multiple(label: str, explain: Callable[[_Year], str]) -> _Measure:
    return _Measure(label, "", 2, 0.02, 0.01, explain)


def _days(label: str, explain: Callable[[_Year], str]) -> _Measure:
    return _Measure(label, "jours", 0, 1.0, 0.0, explain)


def _ca_ttc(y: _Year) -> str:
    return (f"CA TTC = FJ × (1 + TVA) + FK = {_eur(y['FJ'])} × {format_value(1 + y.vat_rate, '', 2)} + "
            f"{_eur(y['FK'])}")


# The CONTRACT ratio keys, in the order of the form.
MEASURES: dict[str, _Measure] = {
    "valeur_ajoutee": _amount("Valeur ajoutée", lambda y: (
        f"VA = marge commerciale + production de l’exercice - consommations en provenance des tiers = "
        f"{_eur(y.sig['marge_commerciale'])} + {_eur(y.sig['production'])} - {_eur(y.sig['consommations'])}.")),
    "ebe": _amount("Excédent brut d’exploitation (EBE)", lambda y: (
        f"EBE = VA + subventions d’exploitation (FO) - impôts et taxes (FX) - charges de personnel (FY + FZ) = "
        f"{_eur(y.sig['valeur_ajoutee'])} + {_eur(y['FO'])} - {_eur(y['FX'])} - {_eur(_sum(y, 'FY FZ'))}.")),
    "caf": _amount("Capacité d’autofinancement (CAF)", lambda y: (
        f"CAF (méthode additive) = résultat net (HN) + dotations (GA + GB + GC + GD + GQ + HG) - reprises "
        f"(FP + GM + HC) + valeur comptable des actifs cédés (HF) - produits de cession (HB) = {_eur(y['HN'])} + "
        f"{_eur(_sum(y, 'GA GB GC GD GQ HG'))} - {_eur(_sum(y, 'FP GM HC'))} + {_eur(y['HF'])} - {_eur(y['HB'])}.")),
    "fonds_de_roulement": _amount("Fonds de roulement", lambda y: (
        f"FR = capitaux permanents (DL + DO + DR + dettes financières hors concours bancaires courants) - actif "
        f"immobilisé net (BJ - BK) = {_eur(y.agg['capitaux_permanents'])} - {_eur(y.agg['actif_immobilise_net'])}.")),
    "bfr": _amount("Besoin en fonds de roulement", lambda y: (
        f"BFR = stocks nets + avances versées, clients, autres créances, capital appelé non versé et charges "
        f"constatées d’avance nets - dettes d’exploitation et hors exploitation (DW + DX + DY + DZ + EA + EB) ; "
        f"stocks nets {_eur(y.agg['stocks_nets'])}, clients nets {_eur(y.agg['creances_clients_nettes'])}, "
        f"dettes fournisseurs (DX) {_eur(y['DX'])}, dettes fiscales et sociales (DY) {_eur(y['DY'])}.")),
    "tresorerie_nette": _amount("Trésorerie nette", lambda y: (
        f"Trésorerie nette = trésorerie active (VMP et disponibilités nettes) - concours bancaires courants (EH) = "
        f"{_eur(y.agg['tresorerie_active'])} - {_eur(y['EH'])} ; contrôle : FR - BFR = "
        f"{_eur(y.agg['fonds_de_roulement'])} - {_eur(y.agg['bfr'])}.")),
    "autonomie_financiere": _rate("Autonomie financière", lambda y: (
        f"Autonomie financière = capitaux propres (DL) / total du bilan (EE) = {_eur(y['DL'])} / {_eur(y['EE'])}.")),
    "gearing": _multiple("Gearing (endettement net / capitaux propres)", lambda y: (
        f"Gearing = endettement net (dettes financières - trésorerie active) / capitaux propres (DL) = "
        f"({_eur(y.agg['dettes_financieres'])} - {_eur(y.agg['tresorerie_active'])}) / {_eur(y['DL'])} ; "
        f"n/s si les capitaux propres sont nuls ou négatifs.")),
    "capacite_remboursement": _Measure("Capacité de remboursement", "ans", 1, 0.1, 0.01, lambda y: (
        f"Capacité de remboursement = dettes financières (DS + DT + DU + DV) / CAF = "
        f"{_eur(y.agg['dettes_financieres'])} / {_eur(y.caf)} ; n/s si la CAF est nulle ou négative.")),
    "liquidite_generale": _multiple("Liquidité générale", lambda y: (
        f"Liquidité générale = actif circulant net (CJ - CK) / dettes à court terme (DW à EB + EH) = "
        f"{_eur(y.agg['actif_circulant_net'])} / {_eur(y.agg['dettes_court_terme'])}.")),
    "liquidite_reduite": _multiple("Liquidité réduite", lambda y: (
        f"Liquidité réduite = (actif circulant net - stocks nets) / dettes à court terme = "
        f"({_eur(y.agg['actif_circulant_net'])} - {_eur(y.agg['stocks_nets'])}) / "
        f"{_eur(y.agg['dettes_court_terme'])}.")),
    "dso_jours": _days("Délai clients (DSO)", lambda y: (
        f"DSO = (clients nets BX - BY + effets escomptés non échus YS) / CA TTC × 365 = "
        f"({_eur(y.agg['creances_clients_nettes'])} + {_eur(y['YS'])}) / CA TTC × 365, avec {_ca_ttc(y)}.")),
    "dpo_jours": _days("Délai fournisseurs (DPO)", lambda y: (
        f"DPO = dettes fournisseurs (DX) / achats TTC × 365, achats TTC = (FS + FU + FW) × (1 + TVA) = "
        f"{_eur(y['DX'])} / ({_eur(_sum(y, 'FS FU FW'))} × {format_value(1 + y.vat_rate, '', 2)}) × 365.")),
    "stocks_jours": _days("Rotation des stocks", lambda y: (
        f"Stocks en jours de CA = stocks nets / CA (FL) × 365 = {_eur(y.agg['stocks_nets'])} / {_eur(y['FL'])} "
        f"× 365.")),
    "taux_marge_ebe": _rate("Taux de marge d’EBE", lambda y: (
        f"Taux de marge d’EBE = EBE / CA (FL) = {_eur(y.sig['ebe'])} / {_eur(y['FL'])}.")),
    "rentabilite_nette": _rate("Rentabilité nette", lambda y: (
        f"Rentabilité nette = résultat net (HN) / CA (FL) = {_eur(y['HN'])} / {_eur(y['FL'])}.")),
    "poids_frais_financiers": _rate("Poids des frais financiers", lambda y: (
        f"Poids des frais financiers = intérêts et charges assimilées (GR) / CA (FL) = {_eur(y['GR'])} / "
        f"{_eur(y['FL'])}.")),
    "couverture_frais_financiers": _multiple("Couverture des frais financiers", lambda y: (
        f"Couverture des frais financiers = EBE / intérêts et charges assimilées (GR) = {_eur(y.sig['ebe'])} / "
        f"{_eur(y['GR'])} ; n/s sans frais financiers.")),
    "bfr_jours_ca": _days("BFR en jours de CA", lambda y: (
        f"BFR en jours de CA = BFR / CA (FL) × 365 = {_eur(y.agg['bfr'])} / {_eur(y['FL'])} × 365.")),
}
SCORES: dict[str, _Measure] = {
    "conan_holder": _Measure("Score de Conan-Holder", "", 2, 0.3, 0.0, lambda y: _conan_holder_text(y)),
    "altman_z2": _Measure("Score d’Altman Z''", "", 2, 0.1, 0.0, lambda y: _altman_text(y)),
}
MEASURE_POINTS = 1.0
SCORE_POINTS = 2.0
SIGNS_POINTS = 4.0
RISK_CLASS_POINTS = 3.0


def _ratio_list(components: Mapping[str, float | None], decimals: int = 3) -> str:
    return " ; ".join(f"{name.upper()} = {format_value(value, '', decimals)}" for name, value in components.items())


def _conan_holder_text(y: _Year) -> str:
    zone = finance.conan_holder_zone(y.scores["conan_holder"])
    reading = f" {finance.ZONE_LABELS[zone]}." if zone else ""
    return ("Z = 24 R1 + 22 R2 + 16 R3 - 87 R4 - 10 R5 avec R1 = EBE / dettes (EC), R2 = capitaux permanents / "
            "total du bilan, R3 = (actif circulant net - stocks nets) / total du bilan, R4 = frais financiers (GR) / "
            f"CA, R5 = charges de personnel / VA ; ici {_ratio_list(y.score_components['conan_holder'])}."
            f"{reading} Score conçu pour les PME industrielles.")


def _altman_text(y: _Year) -> str:
    zone = finance.altman_zone(y.scores["altman_z2"])
    reading = f" {finance.ZONE_LABELS[zone]}." if zone else ""
    return ("Z'' = 6,56 X1 + 3,26 X2 + 6,72 X3 + 1,05 X4 avec X1 = (actif circulant net - dettes à court terme) / "
            "total du bilan, X2 = réserves et report à nouveau (DD à DH) / total du bilan, X3 = résultat "
            f"d’exploitation (GG) / total du bilan, X4 = capitaux propres / dettes (EC) ; ici "
            f"{_ratio_list(y.score_components['altman_z2'])}.{reading}")


class FinancialAnalysis:
    slug = "financial-analysis"
    title = "Analyse financière d’un client"
    module = "03-analyse-financiere"

    # --- cases -------------------------------------------------------------------------------------
    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """A fictional company's three years of accounts with its narrative and the tasks of `level`."""
        settings = _level(level)
        rng = random.Random(seed)
        company = draw_company(rng, detail=settings.detail)
        case = {
            "kind": self.slug,
            "seed": seed,
            "level": level,
            "company": {**company["company"], "headcount": company["headcount"][str(company["years"][-1])]},
            "sector": company["sector"],
            "archetype": company["archetype"],
            "narrative": describe_company(rng, company),
            "years": company["years"],
            "accounts": company["accounts"],
            "vat_rate": company["vat_rate"],
        }
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
                f"Comptes annuels déposés de {who}, exercices {', '.join(map(str, years))}. Analysez-les comme "
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
        vat = case["vat_rate"]
        accounts = case["accounts"]
        signs = finance.warning_signs(self._accounts(case), vat)
        years = {year: _Year.of(accounts[year], vat) for year in case["graded_years"]}
        last_year = str(case["years"][-1])
        last = years.get(last_year) or _Year.of(accounts[last_year], vat)
        ch_zone = finance.conan_holder_zone(last.scores["conan_holder"])
        altman = finance.altman_zone(last.scores["altman_z2"])
        return _Analysis(years, signs, ch_zone, altman, risk_classes.risk_class(ch_zone, altman, signs))

    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        analysis = self._analyse(case)
        return {
            "ratios": {year: figures.ratios for year, figures in analysis.years.items()},
            "scores": {year: figures.scores for year, figures in analysis.years.items()},
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
        fields: list[dict[str, Any]] = []
        for year in case["graded_years"]:
            group = f"Exercice {year}"
            for key, measure in {**MEASURES, **SCORES}.items():
                section = "ratios" if key in MEASURES else "scores"
                fields.append({
                    "id": f"{section}.{year}.{key}",
                    "label": f"{measure.label} {year}",
                    "type": "percent" if measure.unit == "%" else "number",
                    "unit": measure.unit,
                    "options": [],
                    "group": group,
                    "help": "Saisissez n/s si le ratio n’est pas significatif.",
                })
        fields.append({"id": "warning_signs", "label": "Signaux d’alerte présents sur le dernier exercice",
                       "type": "multi", "unit": "", "options": case["warning_sign_options"], "group": "Diagnostic"})
        fields.append({"id": "risk_class", "label": risk_classes.grid_title(), "type": "choice",
                       "unit": "", "options": case["risk_class_options"], "group": "Diagnostic"})
        fields.append({"id": "opinion", "label": "Avis de crédit argumenté (lu par le formateur, non noté)",
                       "type": "text", "unit": "", "options": [], "group": "Diagnostic"})
        return fields

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        if not isinstance(submission, Mapping):
            return {"submission": "Réponse illisible : un objet de champs était attendu."}
        errors: dict[str, str] = {}
        for field in self.form_fields(case):
            given = answer_at(submission, field["id"])
            if field["type"] in ("number", "percent"):
                error = number_error(given, percent=field["type"] == "percent", unit=field["unit"])
            elif field["type"] == "choice":
                error = choice_error(given, field["options"])
            elif field["type"] == "multi":
                error = set_error(given, field["options"])
            else:
                error = text_error(given)
            if error:
                errors[field["id"]] = error
        return errors

    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        analysis = self._analyse(case)
        items: list[GradeItem] = []
        for year, figures in analysis.years.items():
            for section, measures, expected, points in (("ratios", MEASURES, figures.ratios, MEASURE_POINTS),
                                                        ("scores", SCORES, figures.scores, SCORE_POINTS)):
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
    if level not in _LEVELS:
        raise ValueError(f"Niveau inconnu : {level} (niveaux : {', '.join(LEVELS)}).")
    return _LEVELS[level]


register(FinancialAnalysis())

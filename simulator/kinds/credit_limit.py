"""Exercise kind `credit-limit`: set a customer's credit limit as a credit manager (REFERENCE §3).

The case is a customer (identity and three years of accounts, cases.companies) who plans to buy more from
us: expected purchases, payment terms, the payment history of its last twelve invoices, field information,
the guarantees it would give, and the ceiling method our credit policy applies to it. The trainee computes
the encours nécessaire, fills the score-points grid (cases/score_points.yaml, *In-house*) line by line and
totals it, picks the risk class, sets a limit inside the band the class gives of the method's ceiling, and
ticks the guarantees to ask for.

Limit rule (*In-house*, taught in module 05): band = the class's shares of the ceiling, each capped at the
encours nécessaire, because a limit above what the customer will buy covers nothing and only hides a later
overrun; any limit inside the band earns the points (to 1 % of its top), the model answer is its top. When
the need exceeds the top of the band, a bank guarantee is asked for the excess (classes A to D).

Levels: `facile` gives the key ratios and the profil payeur, and uses the 10 % methods only; `standard` adds
the credit-insurer and AFDCC methods; `difficile` gives the accounts only (ratios and profile to find) with
richer accounting features.
Every figure comes from `simulator.finance` and `simulator.ledger`; this module chooses, explains and grades.
"""

from __future__ import annotations

import math
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cases import score_points
from cases.companies import draw_company_case
from cases.narrative import describe_company, typographie
from core.frenchnum import format_date, format_number
from simulator import finance, ledger
from simulator.fields import check_answers, form_field
from simulator.grading import (
    NO_ANSWER,
    Grade,
    GradeItem,
    answer_at,
    format_value,
    grade_choice,
    grade_number,
    grade_set,
    number_error,
    read_number,
)
from simulator.registry import check_level, register

PRIVATE_CASE_KEYS = ("archetype",)
METHODS = ("capitaux_propres_10", "fonds_de_roulement_10", "assureur", "afdcc")
PAYMENT_TERMS_DAYS = (30, 45, 60)  # C. com. L441-10: at most 60 days from the invoice date
HISTORY_INVOICES = 12
NEED_TOLERANCE_REL = 0.01
LIMIT_TOLERANCE_REL = 0.01  # a limit within 1 % of the band's top outside the band still counts as inside

NEED_POINTS = 2.0
CRITERION_POINTS = 0.5
TOTAL_POINTS = 1.0
CLASS_POINTS = 2.0
LIMIT_POINTS = 3.0
GUARANTEES_POINTS = 2.0

# Generation of the payment history: the profile the customer's payments follow is drawn with weights that
# depend on its Conan-Holder zone (weaker accounts pay later), then each invoice's days late are drawn from
# that profile: (probability of paying on time, mean days late otherwise, spread). The profile the grid
# reads is recomputed from the history, never taken from this draw.
_DELAY_DRAWS: dict[str, tuple[float, float, float]] = {
    "ponctuel": (0.8, 3, 1.5),
    "retards_legers": (0.3, 8, 3),
    "retards_reguliers": (0.1, 20, 7),
    "retards_importants": (0.0, 45, 15),
}
_PROFILE_WEIGHTS: dict[str | None, tuple[float, float, float, float]] = {
    "tres_faible": (0.50, 0.35, 0.12, 0.03),
    "faible": (0.35, 0.40, 0.20, 0.05),
    "vigilance": (0.15, 0.35, 0.35, 0.15),
    "danger": (0.05, 0.20, 0.40, 0.35),
    None: (0.05, 0.20, 0.40, 0.35),
}
_MAX_DAYS_LATE = 80
# Weight of a favourable piece of field information (0 point) against an unfavourable one, by zone.
_FAVOURABLE_WEIGHT: dict[str | None, float] = {"tres_faible": 4.0, "faible": 2.5, "vigilance": 1.0,
                                               "danger": 0.5, None: 0.5}
# Share of its insured request the credit insurer agrees, by Conan-Holder zone [low, high].
_INSURER_SHARE: dict[str | None, tuple[float, float]] = {
    "tres_faible": (0.8, 1.0), "faible": (0.5, 1.0), "vigilance": (0.2, 0.6), "danger": (0.0, 0.3), None: (0.0, 0.2),
}


@dataclass(frozen=True)
class _Level:
    detail: float  # probability of each optional accounting feature (cases.companies)
    methods: tuple[str, ...]
    analysis_given: bool  # key ratios and profil payeur stated in the case


_LEVELS: dict[str, _Level] = {
    "facile": _Level(detail=0.0, methods=METHODS[:2], analysis_given=True),
    "standard": _Level(detail=0.3, methods=METHODS, analysis_given=True),
    "difficile": _Level(detail=0.8, methods=METHODS, analysis_given=False),
}


def _eur(value: float) -> str:
    return format_value(value, "€")


def _days(count: int) -> str:
    return f"{count} jour{'s' if count > 1 else ''}"


def _coefficient(value: float) -> str:
    return format_number(value, 2 if round(value, 1) != round(value, 2) else 1)


# --- the computations a case calls for ---------------------------------------------------------------

@dataclass(frozen=True)
class _Ceiling:
    amount: float  # 0 when the method gives nothing (negative equity or FR, insurer's refusal)
    explanation: str


@dataclass(frozen=True)
class _Assessment:
    """Everything the model answer and the feedback need, computed once from a case."""

    last: finance.YearFigures  # the latest year's figures
    need: float
    values: dict[str, Any]  # criterion code -> the value the grid reads
    points: dict[str, int]
    total: int
    rule: score_points.ClassRule
    ceiling: _Ceiling
    band: tuple[float, float]
    bank_guarantee_needed: bool
    guarantees: list[str]

    @classmethod
    def of(cls, case: Mapping[str, Any]) -> _Assessment:
        last = _last_year(case)
        need = finance.encours_necessaire(case["expected_annual_purchases_ht"], case["vat_rate"],
                                          case["payment_terms_days"], case["expected_delay_days"])
        values = _criterion_values(case, last)
        criteria = score_points.criteria()
        points = {code: criteria[code].points(value) for code, value in values.items()}
        total = sum(points.values())
        rule = score_points.risk_class(total)
        ceiling = _ceiling(case, last, need)
        low_share, high_share = rule.limit_shares
        band = (min(low_share * ceiling.amount, need), min(high_share * ceiling.amount, need))
        grants_credit = high_share > 0
        bank_needed = grants_credit and need > band[1]
        families = set(rule.guarantee_families) | ({"garantie_bancaire"} if bank_needed else set())
        offered = [option["value"] for option in case["guarantee_options"]]
        expected = [code for code in offered if score_points.guarantees()[code].family in families]
        return cls(last, need, values, points, total, rule, ceiling, band, bank_needed, expected)


def _last_year(case: Mapping[str, Any]) -> finance.YearFigures:
    return finance.YearFigures.of(case["accounts"][str(case["years"][-1])], case["vat_rate"])


def _criterion_values(case: Mapping[str, Any], last: finance.YearFigures) -> dict[str, Any]:
    return {
        "anciennete": case["company"]["age"],
        "forme_juridique": case["company"]["legal_form"],
        "taille": last.accounts.get("FL", 0),
        "conan_holder": finance.conan_holder_zone(last.conan_holder),
        "autonomie_financiere": last.ratios["autonomie_financiere"],
        "liquidite_generale": last.ratios["liquidite_generale"],
        "capacite_remboursement": last.ratios["capacite_remboursement"],
        "profil_payeur": score_points.payment_profile(case["expected_delay_days"]).code,
        "informations_terrain": [info["code"] for info in case["field_information"]],
    }


def _ceiling(case: Mapping[str, Any], last: finance.YearFigures, need: float) -> _Ceiling:
    method = case["ceiling_method"]
    if method == "capitaux_propres_10":
        equity = last.accounts.get("DL", 0)
        amount = finance.ceiling_equity(last.accounts)
        if amount is None:
            return _Ceiling(0.0, f"Capitaux propres (DL) de {_eur(equity)} : nuls ou négatifs, la méthode des "
                                 f"10 % ne permet aucun encours (plafond 0 €).")
        return _Ceiling(amount, f"Plafond = 10 % des capitaux propres (DL) = 10 % × {_eur(equity)} = "
                                f"{_eur(amount)}.")
    if method == "fonds_de_roulement_10":
        fr = last.aggregates["fonds_de_roulement"]
        amount = finance.ceiling_working_capital(last.accounts)
        if amount is None:
            return _Ceiling(0.0, f"Fonds de roulement de {_eur(fr)} : nul ou négatif, la méthode des 10 % ne "
                                 f"permet aucun encours (plafond 0 €).")
        return _Ceiling(amount, f"Plafond = 10 % du fonds de roulement = 10 % × {_eur(fr)} = {_eur(amount)}.")
    if method == "assureur":
        insurer = case["credit_insurer"]
        agreed = float(insurer["agreed_amount"])
        if agreed <= 0:
            return _Ceiling(0.0, f"L’assureur-crédit a refusé sa garantie (demande de "
                                 f"{_eur(insurer['requested_amount'])}) : plafond 0 €.")
        return _Ceiling(agreed, f"Plafond = montant agréé par l’assureur-crédit = {_eur(agreed)} (demande de "
                                f"{_eur(insurer['requested_amount'])}).")
    coefficients = case["afdcc"]
    amount = finance.afdcc_ceiling(need, coefficients["coefficient_delais"], coefficients["coefficient_comportement"])
    return _Ceiling(amount, f"Plafond (méthode AFDCC) = encours nécessaire × coefficient délais × coefficient "
                            f"comportement = {_eur(need)} × {_coefficient(coefficients['coefficient_delais'])} × "
                            f"{_coefficient(coefficients['coefficient_comportement'])} = {_eur(amount)}.")


# --- generation ----------------------------------------------------------------------------------------

def _month_end(year: int, month: int) -> date:
    """Last day of a month (months beyond 12 or below 1 roll over the year)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def _payment_history(
    rng: random.Random, zone: str | None, as_of: date, monthly_ttc: float, terms: int
) -> list[dict[str, Any]]:
    """The last twelve monthly invoices, all paid before `as_of`: the latest is dated at the end of the sixth
    month before it, so that even `_MAX_DAYS_LATE` days late it was paid in time to be in the history."""
    profile = rng.choices(list(_DELAY_DRAWS), weights=_PROFILE_WEIGHTS[zone])[0]
    on_time, mean, spread = _DELAY_DRAWS[profile]
    history = []
    for index in range(HISTORY_INVOICES):
        issued = _month_end(as_of.year, as_of.month - 6 - (HISTORY_INVOICES - 1 - index))
        due = issued + timedelta(days=terms)
        late = 0 if rng.random() < on_time else min(_MAX_DAYS_LATE, max(0, round(rng.gauss(mean, spread))))
        history.append({
            "invoice": f"F{issued.year % 100:02d}{issued.month:02d}-{rng.randint(100, 999)}",
            "date": issued.isoformat(),
            "due_date": due.isoformat(),
            "amount": round(monthly_ttc * rng.uniform(0.6, 1.4), 2),
            "paid_on": (due + timedelta(days=late)).isoformat(),
            "days_late": late,
        })
    return history


def retard_moyen(history: Sequence[Mapping[str, Any]]) -> int:
    """The customer's délai moyen de retard (REFERENCE §4: amount-weighted mean of the days late of the paid
    invoices, simulator.ledger.dmr), rounded to the nearest day: the expected delay of the encours nécessaire."""
    paid = [
        (ledger.Invoice(str(line["invoice"]), "client", ledger.as_date(line["date"]), ledger.as_date(line["due_date"]),
                        Decimal(str(line["amount"]))), ledger.as_date(line["paid_on"]))
        for line in history
    ]
    return math.floor((ledger.dmr(paid) or 0.0) + 0.5)


def _field_information(rng: random.Random, zone: str | None) -> list[dict[str, str]]:
    catalogue = dict(score_points.field_information())
    drawn = []
    for _ in range(rng.randint(1, 3)):
        weights = [_FAVOURABLE_WEIGHT[zone] if info.points == 0 else 1.0 for info in catalogue.values()]
        code = rng.choices(list(catalogue), weights=weights)[0]
        drawn.append({"code": code, "label": catalogue.pop(code).label})
    return drawn


def _guarantee_options(rng: random.Random) -> list[dict[str, str]]:
    """What the customer would give: the clause, one bank instrument, often its manager's cautionnement, and
    payment with the order."""
    catalogue = score_points.guarantees()
    bank = rng.choice(score_points.guarantees_of(["garantie_bancaire"]))
    wanted = {"reserve_propriete", bank, "acompte"} | ({"caution_dirigeant"} if rng.random() < 0.75 else set())
    return [{"value": code, "label": guarantee.label} for code, guarantee in catalogue.items() if code in wanted]


def _round_thousand(amount: float) -> int:
    return int(round(amount / 1000)) * 1000


def _method_terms(rng: random.Random, method: str, need: float, zone: str | None, profile: str) -> dict[str, Any]:
    """The data the ceiling method needs: the insurer's answer, or the AFDCC coefficients."""
    if method == "assureur":
        requested = max(1000, math.ceil(need / 1000) * 1000)
        return {"credit_insurer": {"requested_amount": requested,
                                   "agreed_amount": _round_thousand(requested * rng.uniform(*_INSURER_SHARE[zone]))}}
    if method == "afdcc":
        rhythm = rng.choice(list(score_points.coefficients_delais().values()))
        behaviour = next(p for p in score_points.payment_profiles() if p.code == profile)
        return {"afdcc": {"facturation": rhythm.label, "coefficient_delais": rhythm.value,
                          "coefficient_comportement": behaviour.coefficient_comportement}}
    return {}


def _analysis(last: finance.YearFigures, year: int) -> dict[str, Any]:
    return {
        "year": year,
        "conan_holder": last.conan_holder,
        "autonomie_financiere": last.ratios["autonomie_financiere"],
        "liquidite_generale": last.ratios["liquidite_generale"],
        "capacite_remboursement": last.ratios["capacite_remboursement"],
    }


def _request_text(case: Mapping[str, Any]) -> str:
    """The commercial context in French, after the company's presentation."""
    name = case["company"]["name"]
    method = case["ceiling_method"]
    text = (
        f"Le {format_date(date.fromisoformat(case['as_of']), 'long')}, {name} vous annonce le développement de ses "
        f"achats : {_eur(case['expected_annual_purchases_ht'])} HT par an, payables à {case['payment_terms_days']} "
        f"jours date de facture (le plafond légal est de 60 jours, C. com. L441-10). Sur ses "
        f"{len(case['payment_history'])} dernières factures, son retard moyen de paiement, pondéré par les "
        f"montants, est de {_days(case['expected_delay_days'])} : c’est le retard à prévoir."
    )
    if "profil_payeur" in case:
        text += f" Profil payeur : {case['profil_payeur']['label'].lower()}."
    if "analysis" in case:
        figures = case["analysis"]
        text += (f"\n\nVotre analyse des comptes {figures['year']} : score de Conan-Holder "
                 f"{format_value(figures['conan_holder'], '', 2)} ; autonomie financière "
                 f"{format_value(figures['autonomie_financiere'], '%', 1)} ; liquidité générale "
                 f"{format_value(figures['liquidite_generale'], '', 2)} ; capacité de remboursement "
                 f"{format_value(figures['capacite_remboursement'], 'ans', 1)}.\n\n")
    else:
        text += " "
    text += f"Votre politique de crédit fixe le plafond de ce client par la méthode « {score_points.ceiling_methods()[method]} »."
    if method == "assureur":
        insurer = case["credit_insurer"]
        answer = (f"a accordé un agrément de {_eur(insurer['agreed_amount'])}" if insurer["agreed_amount"] > 0
                  else "a refusé sa garantie")
        text += f" Sollicité pour {_eur(insurer['requested_amount'])}, votre assureur-crédit {answer}."
    elif method == "afdcc":
        afdcc = case["afdcc"]
        text += (f" Vous pratiquez la {afdcc['facturation']} (coefficient délais "
                 f"{_coefficient(afdcc['coefficient_delais'])}) ; le coefficient comportement de ce client est de "
                 f"{_coefficient(afdcc['coefficient_comportement'])}.")
    infos = " ; ".join(info["label"][0].lower() + info["label"][1:] for info in case["field_information"])
    offered = " ; ".join(option["label"][0].lower() + option["label"][1:] for option in case["guarantee_options"])
    text += (f"\n\nInformations recueillies par vos commerciaux et vos sources : {infos}.\n\nSi vous le demandez, le "
             f"client accepte de vous consentir : {offered}.")
    return typographie(text)


# --- grading helpers -------------------------------------------------------------------------------------

def _given_copy(given: Any) -> Any:
    """What the trainee gave, safe for JSON and short."""
    if given is NO_ANSWER:
        return None
    if given is None or isinstance(given, (bool, int, float)):
        return given
    return (given if isinstance(given, str) else repr(given))[:200]


def grade_band(
    id: str, label: str, band: tuple[float, float], given: Any, *, points: float, tolerance_rel: float,
    explanation: str,
) -> GradeItem:
    """Grade an amount that may lie anywhere in `band` = (low, high), edges included, give or take
    `tolerance_rel` x high: all the points inside, none outside."""
    low, high = band

    def item(awarded: float, verdict: str) -> GradeItem:
        feedback = typographie(f"{verdict} {explanation} Réponse attendue : {_band_words(band)}.")
        return GradeItem(id, label, awarded, points, {"min": low, "max": high}, _given_copy(given), feedback)

    if given is NO_ANSWER or (isinstance(given, str) and not given.strip()):
        return item(0.0, "Non renseigné.")
    try:
        value = read_number(given)[0]
    except ValueError as exc:
        return item(0.0, f"Réponse illisible : {exc}")
    tolerance = tolerance_rel * abs(high) + 1e-9
    if low - tolerance <= value <= high + tolerance:
        return item(points, f"Exact : votre limite de {_eur(value)} est dans la fourchette.")
    side = "au-dessus" if value > high else "en dessous"
    return item(0.0, f"Inexact : votre limite de {_eur(value)} est {side} de la fourchette.")


def _options(codes: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"value": code, "label": label} for code, label in codes.items()]


class CreditLimit:
    slug = "credit-limit"
    title = "Limite de crédit d’un client"
    module = "05-notation-limites"

    # --- cases -------------------------------------------------------------------------------------
    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """A customer with three years of accounts, its commercial request and the ceiling method."""
        settings = _level(level)
        rng = random.Random(seed)
        company, case = draw_company_case(self.slug, seed, level, rng, detail=settings.detail)
        years, vat_rate = case["years"], case["vat_rate"]
        last = _last_year(case)
        zone = finance.conan_holder_zone(last.conan_holder)
        purchases = max(5000, _round_thousand((last["FS"] + last["FU"] + last["FW"]) * rng.uniform(0.05, 0.25)))
        terms = rng.choice(PAYMENT_TERMS_DAYS)
        as_of = date(years[-1] + 1, rng.randint(4, 9), rng.randint(1, 28))
        history = _payment_history(rng, zone, as_of, purchases * (1 + vat_rate) / 12, terms)
        delay = retard_moyen(history)
        profile = score_points.payment_profile(delay)
        method = rng.choice(settings.methods)
        need = finance.encours_necessaire(purchases, vat_rate, terms, delay)
        case.update({
            "as_of": as_of.isoformat(),
            "expected_annual_purchases_ht": purchases,
            "payment_terms_days": terms,
            "payment_history": history,
            "expected_delay_days": delay,
            "ceiling_method": method,
            **_method_terms(rng, method, need, zone, profile.code),
            "field_information": _field_information(rng, zone),
            "guarantee_options": _guarantee_options(rng),
            "risk_class_options": _options({rule.code: rule.label for rule in score_points.class_rules()}),
        })
        if settings.analysis_given:
            case["analysis"] = _analysis(last, years[-1])
            case["profil_payeur"] = {"code": profile.code, "label": profile.label}
        case["narrative"] = describe_company(rng, company) + "\n\n" + _request_text(case)
        return case

    def public_case(self, case: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in case.items() if key not in PRIVATE_CASE_KEYS}

    # --- model answer ------------------------------------------------------------------------------
    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        assessment = _Assessment.of(case)
        return {
            "encours_necessaire": assessment.need,
            "score_points": {**assessment.points, "total": assessment.total},
            "risk_class": assessment.rule.code,
            "limit": assessment.band[1],
            "guarantees": assessment.guarantees,
        }

    # --- form and grading --------------------------------------------------------------------------
    def form_fields(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        grid = "Grille des points de risque (grille interne)"
        fields = [form_field("encours_necessaire", "Encours nécessaire", "number", "Besoin de crédit", unit="€",
                             help="Achats annuels TTC × (délai de paiement + retard moyen) / 365.")]
        fields += [form_field(f"score_points.{code}", criterion.label, "number", grid, unit="points",
                              help=criterion.rule_text())
                   for code, criterion in score_points.criteria().items()]
        fields.append(form_field("score_points.total", "Total des points", "number", grid, unit="points"))
        fields.append(form_field("risk_class", "Classe de risque", "choice", grid, options=case["risk_class_options"],
                                 help=score_points.class_bounds_text()))
        fields.append(form_field("limit", "Limite de crédit accordée", "number", "Limite et garanties", unit="€"))
        fields.append(form_field("guarantees", "Garanties à demander", "multi", "Limite et garanties",
                                 options=case["guarantee_options"]))
        return fields

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        # Numbers are read without their unit, as `grade` reads them ("3 points" is not a number here).
        fields = self.form_fields(case)
        return check_answers(fields, submission,
                             checks={field["id"]: number_error for field in fields if field["type"] == "number"})

    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        a = _Assessment.of(case)
        items = [grade_number(
            "encours_necessaire", "Encours nécessaire", a.need, answer_at(submission, "encours_necessaire"),
            points=NEED_POINTS, tolerance_rel=NEED_TOLERANCE_REL, unit="€", explanation=self._need_text(case, a))]
        for code, criterion in score_points.criteria().items():
            field_id = f"score_points.{code}"
            items.append(grade_number(
                field_id, criterion.label, a.points[code], answer_at(submission, field_id), points=CRITERION_POINTS,
                explanation=typographie(f"{self._value_text(case, a.last, code, a.values[code])} Grille : "
                                        f"{criterion.rule_text()}.")))
        items.append(grade_number(
            "score_points.total", "Total des points", a.total, answer_at(submission, "score_points.total"),
            points=TOTAL_POINTS,
            explanation=f"Total = {' + '.join(str(p) for p in a.points.values())} = {a.total} points."))
        items.append(grade_choice(
            "risk_class", "Classe de risque", a.rule.code, answer_at(submission, "risk_class"), points=CLASS_POINTS,
            options=case["risk_class_options"],
            explanation=typographie(f"{a.total} points donnent la classe {a.rule.code} ({a.rule.label}). Bornes : "
                                    f"{score_points.class_bounds_text()}.")))
        items.append(grade_band(
            "limit", "Limite de crédit", a.band, answer_at(submission, "limit"), points=LIMIT_POINTS,
            tolerance_rel=LIMIT_TOLERANCE_REL, explanation=self._band_text(case, a)))
        items.append(grade_set(
            "guarantees", "Garanties à demander", a.guarantees, answer_at(submission, "guarantees"),
            points=GUARANTEES_POINTS, options=case["guarantee_options"], explanation=self._guarantees_text(case, a)))
        return Grade.of(items)

    # --- explanations --------------------------------------------------------------------------------
    @staticmethod
    def _need_text(case: Mapping[str, Any], a: _Assessment) -> str:
        purchases = case["expected_annual_purchases_ht"]
        return typographie(
            f"Encours nécessaire = achats annuels TTC × (délai de paiement + retard moyen) / 365 = {_eur(purchases)} "
            f"× {_coefficient(1 + case['vat_rate'])} × ({case['payment_terms_days']} + {case['expected_delay_days']}) "
            f"/ 365 = {_eur(a.need)}.")

    @staticmethod
    def _value_text(case: Mapping[str, Any], last: finance.YearFigures, code: str, value: Any) -> str:
        """What the grid reads for a criterion, with the figures it comes from (`last`: the latest year)."""
        if code == "anciennete":
            return f"Entreprise créée en {case['company']['founded']} : {value} ans au dernier exercice clos."
        if code == "forme_juridique":
            return f"Forme juridique : {value}."
        if code == "taille":
            return f"Chiffre d’affaires (FL) du dernier exercice : {_eur(value)}."
        if code == "conan_holder":
            zone = finance.ZONE_LABELS[value] if value else "non significatif"
            return f"Score de Conan-Holder du dernier exercice : {format_value(last.conan_holder, '', 2)}, soit « {zone} »."
        if code == "autonomie_financiere":
            equity, total = last.accounts.get("DL", 0), last.accounts.get("EE", 0)
            return (f"Autonomie financière = capitaux propres (DL) / total du bilan (EE) = {_eur(equity)} / "
                    f"{_eur(total)} = {format_value(value, '%', 1)}.")
        if code == "liquidite_generale":
            agg = last.aggregates
            return (f"Liquidité générale = actif circulant net / dettes à court terme = "
                    f"{_eur(agg['actif_circulant_net'])} / {_eur(agg['dettes_court_terme'])} = "
                    f"{format_value(value, '', 2)}.")
        if code == "capacite_remboursement":
            debts = last.aggregates["dettes_financieres"]
            return (f"Capacité de remboursement = dettes financières / CAF = {_eur(debts)} / "
                    f"{_eur(last.caf)} = {format_value(value, 'ans', 1)}.")
        if code == "profil_payeur":
            profile = next(p for p in score_points.payment_profiles() if p.code == value)
            return f"Retard moyen de {_days(case['expected_delay_days'])} : profil « {profile.label.lower()} »."
        infos = score_points.field_information()
        listed = " ; ".join(f"{infos[c].label} ({score_points.points_text(infos[c].points)})" for c in value)
        return f"Informations recueillies : {listed}."

    @staticmethod
    def _band_text(case: Mapping[str, Any], a: _Assessment) -> str:
        low_share, high_share = a.rule.limit_shares
        if high_share == 0:
            return typographie(f"Classe {a.rule.code} : aucun encours, le client paie à la commande ; la limite est "
                               f"de 0 €.")
        if a.ceiling.amount <= 0:
            return typographie(f"{a.ceiling.explanation} Quelle que soit la classe, la limite est de 0 € : seule une "
                               f"garantie bancaire permettrait de livrer à crédit.")
        text = (f"{a.ceiling.explanation} Classe {a.rule.code} : de {format_value(low_share, '%', 0)} à "
                f"{format_value(high_share, '%', 0)} du plafond, soit de {_eur(low_share * a.ceiling.amount)} à "
                f"{_eur(high_share * a.ceiling.amount)}.")
        if a.need < high_share * a.ceiling.amount:
            text += (f" Une limite au-delà de l’encours nécessaire ({_eur(a.need)}) ne couvrirait aucun achat "
                     f"prévu : la fourchette est plafonnée à ce besoin, soit {_band_words(a.band)}.")
        return typographie(text + " Toute limite dans la fourchette est acceptée (à 1 % près).")

    @staticmethod
    def _guarantees_text(case: Mapping[str, Any], a: _Assessment) -> str:
        catalogue = score_points.guarantees()
        offered = {catalogue[option["value"]].family for option in case["guarantee_options"]}
        names = {"reserve_propriete": "la réserve de propriété", "caution_dirigeant": "le cautionnement du dirigeant",
                 "garantie_bancaire": "une garantie bancaire", "acompte": "le paiement à la commande"}
        rule = " et ".join(names[f] for f in a.rule.guarantee_families)
        text = f"Règle de la classe {a.rule.code} : {rule}."
        if a.rule.limit_shares[1] > 0:
            if a.bank_guarantee_needed:
                text += (f" L’encours nécessaire ({_eur(a.need)}) dépasse la limite la plus haute ({_eur(a.band[1])}) : "
                         f"une garantie bancaire doit couvrir l’excédent de {_eur(a.need - a.band[1])}.")
            else:
                text += " La limite peut couvrir tout l’encours nécessaire : pas de garantie bancaire pour l’excédent."
        missing = [names[f] for f in a.rule.guarantee_families if f not in offered]
        if missing:
            text += f" Le client ne propose pas {' ni '.join(missing)} : on ne peut pas l’exiger ici."
        return typographie(text)


def _band_words(band: tuple[float, float]) -> str:
    low, high = band
    return _eur(high) if math.isclose(low, high) else f"de {_eur(low)} à {_eur(high)}"


def _level(level: str) -> _Level:
    check_level(level)
    return _LEVELS[level]


register(CreditLimit())

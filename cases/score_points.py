"""The score-points grid of the credit-limit kind — *In-house*, data in score_points.yaml.

The "méthode des points de risque" (REFERENCE §3) as the project defines it: risk points by criterion over
identity, financials, payment behaviour and field information; the total gives a class A to E (the classes
and labels of risk_classes.yaml), and each class a limit rule (a band of the ceiling the case's method
gives) and the guarantees to ask for. The course shows this grid; the credit-limit grader applies it.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from cases import library, risk_classes
from cases.narrative import typographie
from core.frenchnum import format_eur, format_number, format_percent
from simulator.finance import ZONE_LABELS

NOT_MEANINGFUL = "n/s"
_TESTS = {"<": "moins de", "<=": "jusqu’à"}


def _data() -> dict[str, Any]:
    return library._load("score_points.yaml")


def points_text(points: int) -> str:
    return f"{points} point{'s' if abs(points) > 1 else ''}"


def _decimals(value: float) -> int:
    """Decimals a grid bound needs to show exactly (at most 2)."""
    return next((d for d in (0, 1) if round(value, d) == round(value, 2)), 2)


def format_quantity(value: float, unit: str) -> str:
    """A criterion's value in its unit, the French way: `€`, `%` (value is a fraction), `ans` or none."""
    if unit == "€":
        return format_eur(value)
    if unit == "%":
        return format_percent(value, _decimals(value * 100))
    number = format_number(value, _decimals(value))
    return typographie(f"{number} {unit}") if unit else number


@dataclass(frozen=True)
class Band:
    """`test` is "<" (strictly below `bound`), "<=" (at most `bound`) or "else" (any value)."""

    test: str
    bound: float | None
    points: int

    def holds(self, value: float) -> bool:
        if self.test == "<":
            return value < self.bound
        if self.test == "<=":
            return value <= self.bound
        return True


@dataclass(frozen=True)
class Criterion:
    """One line of the grid. A band criterion reads a number (None = n/s); a choice criterion reads a code
    (None = n/s); a sum criterion reads a list of codes and adds their points."""

    code: str
    group: str
    label: str
    unit: str
    bands: tuple[Band, ...] = ()
    choices: Mapping[str, int] | None = None
    choice_labels: Mapping[str, str] | None = None  # French names of the choice codes, when not self-explanatory
    other: int | None = None
    not_meaningful: int | None = None

    @property
    def is_sum(self) -> bool:
        return not self.bands and self.choices is None

    def points(self, value: Any) -> int:
        """Points of `value`; ValueError when the grid has no points for it."""
        if self.is_sum:
            catalogue = field_information()
            return sum(catalogue[code].points for code in value)
        if value is None and self.not_meaningful is not None:
            return self.not_meaningful
        if self.bands:
            if value is None:
                raise ValueError(f"{self.label} : valeur non significative sans points dans la grille.")
            return next(band.points for band in self.bands if band.holds(value))
        if value in self.choices:
            return self.choices[value]
        if self.other is not None:
            return self.other
        raise ValueError(f"{self.label} : « {value} » absent de la grille.")

    def rule_text(self) -> str:
        """The line of the grid in French, e.g. `moins de 5 ans : 3 points ; ... ; au-delà : 0 point`."""
        if self.is_sum:
            parts = [f"{info.label} : {points_text(info.points)}" for info in field_information().values()]
            return typographie("somme des points des informations recueillies (" + " ; ".join(parts) + ")")
        if self.bands:
            parts = [
                f"{_TESTS[band.test]} {format_quantity(band.bound, self.unit)} : {points_text(band.points)}"
                if band.test in _TESTS else f"au-delà : {points_text(band.points)}"
                for band in self.bands
            ]
        else:
            names = self.choice_labels or {}
            parts = [f"{names.get(code, code)} : {points_text(points)}" for code, points in self.choices.items()]
            if self.other is not None:
                parts.append(f"autre : {points_text(self.other)}")
        if self.not_meaningful is not None:
            parts.append(f"non significatif : {points_text(self.not_meaningful)}")
        return typographie(" ; ".join(parts))


@dataclass(frozen=True)
class PaymentProfile:
    code: str
    label: str
    min_delay_days: int
    max_delay_days: int | None  # None: no upper bound
    points: int
    coefficient_comportement: float

    @property
    def description(self) -> str:
        """`Retards légers (retard moyen de 3 à 10 jours)`."""
        if self.max_delay_days is None:
            span = f"de plus de {self.min_delay_days - 1} jours"
        elif self.min_delay_days == 0:
            span = f"jusqu’à {self.max_delay_days} jours"
        else:
            span = f"de {self.min_delay_days} à {self.max_delay_days} jours"
        return typographie(f"{self.label} (retard moyen {span})")


@dataclass(frozen=True)
class FieldInformation:
    code: str
    label: str
    points: int


@dataclass(frozen=True)
class ClassRule:
    """A risk class with its limit rule: the band as shares of the ceiling, and the guarantee families."""

    code: str
    label: str
    max_points: int | None  # None: no ceiling (the last class)
    limit_shares: tuple[float, float]
    guarantee_families: tuple[str, ...]


@dataclass(frozen=True)
class Guarantee:
    code: str
    family: str
    label: str


@dataclass(frozen=True)
class Coefficient:
    code: str
    label: str
    value: float


@cache
def payment_profiles() -> tuple[PaymentProfile, ...]:
    """Profils payeurs, best first; each starts the day after the previous one's maximum."""
    profiles, low = [], 0
    for p in _data()["payment_profiles"]:
        profiles.append(PaymentProfile(p["code"], typographie(p["label"]), low, p["max_delay_days"], p["points"],
                                       p["coefficient_comportement"]))
        low = (p["max_delay_days"] or 0) + 1
    return tuple(profiles)


def payment_profile(delay_days: float) -> PaymentProfile:
    """The profile of a customer whose retard moyen (rounded to the day) is `delay_days`."""
    return next(p for p in payment_profiles() if p.max_delay_days is None or delay_days <= p.max_delay_days)


@cache
def field_information() -> dict[str, FieldInformation]:
    return {code: FieldInformation(code, typographie(spec["label"]), spec["points"])
            for code, spec in _data()["field_information"].items()}


@cache
def criteria() -> dict[str, Criterion]:
    """The grid's lines in display order, by code."""
    result = {}
    for code, spec in _data()["criteria"].items():
        choices, names = spec.get("choices"), None
        if spec.get("zones_from") == "risk_classes":
            choices = dict(library.risk_grid()["points"]["conan_holder"])
            names = ZONE_LABELS
        elif spec.get("profiles_from") == "payment_profiles":
            choices = {profile.code: profile.points for profile in payment_profiles()}
            names = {profile.code: profile.description for profile in payment_profiles()}
        not_meaningful = spec.get(NOT_MEANINGFUL, choices.pop(NOT_MEANINGFUL, None) if choices else None)
        result[code] = Criterion(
            code=code,
            group=spec["group"],
            label=typographie(spec["label"]),
            unit=spec.get("unit", ""),
            bands=tuple(Band(test, bound, points) for test, bound, points in spec.get("bands", ())),
            choices=choices,
            choice_labels=names,
            other=spec.get("other"),
            not_meaningful=not_meaningful,
        )
    return result


@cache
def class_rules() -> tuple[ClassRule, ...]:
    """Classes A to E (labels from risk_classes.yaml) with their limit rules, best first."""
    labels = risk_classes.risk_classes()
    return tuple(
        ClassRule(c["class"], labels[c["class"]], c["max_points"], tuple(c["limit"]), tuple(c["guarantees"]))
        for c in _data()["classes"]
    )


def risk_class(total: int) -> ClassRule:
    """The class whose band of points holds `total`."""
    for rule in class_rules():
        if rule.max_points is None or total <= rule.max_points:
            return rule
    raise ValueError("score_points.yaml: the last class must have no ceiling")


def class_bounds_text() -> str:
    """`A : jusqu’à 5 points ; B : de 6 à 9 points ; ... ; E : 19 points et plus`."""
    parts, low = [], 0
    for rule in class_rules():
        if rule.max_points is None:
            parts.append(f"{rule.code} : {low} points et plus")
        else:
            parts.append(f"{rule.code} : " + (f"de {low} à {rule.max_points} points" if low else
                                             f"jusqu’à {points_text(rule.max_points)}"))
            low = rule.max_points + 1
    return typographie(" ; ".join(parts))


@cache
def guarantees() -> dict[str, Guarantee]:
    return {code: Guarantee(code, spec["family"], typographie(spec["label"]))
            for code, spec in _data()["guarantees"].items()}


def guarantees_of(families: Iterable[str]) -> list[str]:
    """Codes of the guarantees of `families`, in catalogue order."""
    wanted = set(families)
    return [code for code, guarantee in guarantees().items() if guarantee.family in wanted]


@cache
def ceiling_methods() -> dict[str, str]:
    """Ceiling method code -> French label."""
    return {code: typographie(spec["label"]) for code, spec in _data()["ceiling_methods"].items()}


@cache
def coefficients_delais() -> dict[str, Coefficient]:
    """AFDCC coefficient délais by invoicing rhythm."""
    return {code: Coefficient(code, typographie(spec["label"]), spec["value"])
            for code, spec in _data()["coefficient_delais"].items()}

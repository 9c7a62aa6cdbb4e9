"""Grades of simulated cases: per-item results and the item graders every exercise kind reuses.

Answer conventions, the same for every kind:

- A numeric answer may be a JSON number or a string in French notation (`1 234,5`, `35 %`, `-12,5`).
  An empty string or a missing key is "not answered" (0 point). JSON `null` and the strings `n/s`, `ns`,
  `n.s.`, `non significatif` mean "non significatif"; they earn the points exactly when the expected value
  is n/s (`expected=None`), as a ratio whose denominator is zero or negative is (REFERENCE §2).
- Percent fields: `35 %` and `0,35` and `0.35` all mean 35 % (JSON numbers are fractions, CONTRACT), and a
  bare number above 1 is read as a percentage (`35` -> 35 %), as `core.frenchnum.parse_decimal` does. A bare
  number between -1 and 1 is ambiguous for small rates (`0,8` typed for 0,8 %): it is accepted when either
  reading is right, and the feedback says which reading was used.
- Ticks (`grade_set`): +1 per right tick, -1 per wrong tick, floored at 0 and scaled so that all the right
  ticks and no wrong one earn the item's points. When nothing should be ticked, an empty list earns the
  points and any tick loses them all. A missing key (or null) is "not answered" and earns nothing, so a
  page must send `[]` for a list validated with no box ticked (`request.form.getlist` does).
- An unreadable answer earns 0 with a French message saying why; graders never raise on JSON input.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, datetime
from decimal import Decimal
from functools import lru_cache
from typing import Any

from cases.narrative import typographie
from core.frenchnum import NBSP, format_date, format_eur, format_number, format_percent, parse_decimal

NOT_MEANINGFUL_TEXTS = frozenset({"n/s", "ns", "n.s.", "n.s", "non significatif", "ns."})
_EPSILON = 1e-9
_LARGEST = Decimal("1e15")  # no figure of a case comes near; beyond, an answer is noise


class _NoAnswer:
    """Marker for a submission key that is absent (distinct from JSON null, which means n/s)."""

    def __repr__(self) -> str:
        return "NO_ANSWER"


NO_ANSWER: Any = _NoAnswer()


@dataclass
class GradeItem:
    id: str
    label: str
    awarded: float
    max: float
    expected: Any
    given: Any
    feedback: str

    def to_dict(self) -> dict[str, Any]:
        return {
            "id": self.id,
            "label": self.label,
            "awarded": self.awarded,
            "max": self.max,
            "expected": self.expected,
            "given": None if self.given is NO_ANSWER else self.given,
            "feedback": self.feedback,
        }


@dataclass
class Grade:
    score: float
    max_score: float
    items: list[GradeItem] = field(default_factory=list)

    @classmethod
    def of(cls, items: list[GradeItem]) -> Grade:
        """A grade whose score and maximum are the sums over `items`."""
        return cls(
            score=round(sum(item.awarded for item in items), 6),
            max_score=round(sum(item.max for item in items), 6),
            items=items,
        )

    def to_dict(self) -> dict[str, Any]:
        """CONTRACT shape: {"score", "max_score", "items": [{"id", "awarded", "max", "expected", "given",
        "feedback", "label"}]}."""
        return {"score": self.score, "max_score": self.max_score, "items": [item.to_dict() for item in self.items]}


def answer_at(submission: Any, path: str) -> Any:
    """The answer stored under a dotted field id, e.g. `ratios.2025.ebe`, in a nested submission
    (`{"ratios": {"2025": {"ebe": ...}}}`) or a flat one (`{"ratios.2025.ebe": ...}`, as a web form posts).
    Returns NO_ANSWER when it is not there."""
    if not isinstance(submission, Mapping):
        return NO_ANSWER
    if path in submission:
        return submission[path]
    node: Any = submission
    for key in path.split("."):
        if not isinstance(node, Mapping) or key not in node:
            return NO_ANSWER
        node = node[key]
    return node


def _jsonable(value: Any, depth: int = 0) -> Any:
    """A JSON-safe copy of what the trainee gave, cut short when absurdly deep or long."""
    if isinstance(value, float) and not math.isfinite(value):
        return repr(value)  # Infinity and NaN are not JSON
    if value is NO_ANSWER or value is None or isinstance(value, (bool, int, float)):
        return value
    if isinstance(value, str):
        return value[:2000]
    if depth > 3:
        return "…"
    if isinstance(value, Mapping):
        return {str(k)[:100]: _jsonable(v, depth + 1) for k, v in list(value.items())[:50]}
    if isinstance(value, (list, tuple)):
        return [_jsonable(v, depth + 1) for v in value[:50]]
    return repr(value)[:200]


SINGULAR_UNITS = {"jours": "jour", "ans": "an"}


@lru_cache(maxsize=4096)
def format_value(value: float | None, unit: str = "", decimals: int = 0) -> str:
    """A figure the French way in its unit: `€` (format_eur), `%` (value is a fraction), or any other unit
    written after the number (`jours`, `ans`); None -> n/s."""
    if value is None:
        return "n/s"
    if unit == "€":
        return format_eur(value, decimals)
    if unit == "%":
        return format_percent(value, decimals)
    number = format_number(value, decimals)
    if unit in SINGULAR_UNITS and abs(round(value, decimals)) < 2:
        unit = SINGULAR_UNITS[unit]  # French: 0 jour, 1 jour, 1,5 an
    return f"{number}{NBSP}{unit}" if unit else number


def _item(id: str, label: str, awarded: float, points: float, expected: Any, given: Any, *texts: str) -> GradeItem:
    """A graded item whose feedback is `texts` joined, with French spacing."""
    feedback = typographie(" ".join(text for text in texts if text))
    return GradeItem(id, label, round(awarded, 6), points, expected, _jsonable(given), feedback)


def _is_blank(given: Any) -> bool:
    return given is NO_ANSWER or (isinstance(given, str) and not given.strip())


def _means_not_meaningful(given: Any) -> bool:
    return given is None or (isinstance(given, str) and given.strip().lower() in NOT_MEANINGFUL_TEXTS)


def _without_unit(given: Any, unit: str) -> Any:
    """`83 jours` -> `83` in a field whose unit is `jours` (the unit the page prints after the field), also
    in the singular (`1 jour`, `1,5 an`)."""
    if not unit or unit in ("€", "%") or not isinstance(given, str):
        return given
    text = given.rstrip()
    for written in (unit, SINGULAR_UNITS.get(unit)):
        if written and text.endswith(written):
            return text[: -len(written)]
    return given


def read_number(given: Any, *, percent: bool = False, unit: str = "") -> list[float]:
    """The possible readings of a numeric answer (one, or two for an ambiguous bare rate in a percent
    field); the field's unit may follow the number. Raises ValueError with a French message when the
    answer is not a number."""
    value = parse_decimal(_without_unit(given, unit), percent=percent)
    if not math.isfinite(float(value)) or abs(value) > _LARGEST:
        raise ValueError("Nombre hors des limites raisonnables.")
    readings = [float(value)]
    has_sign = isinstance(given, str) and "%" in given
    if percent and not has_sign and abs(value) <= 1:
        readings.append(float(value / 100))
    return readings


def number_error(given: Any, *, percent: bool = False, unit: str = "") -> str | None:
    """French message when a numeric field holds something unreadable; None for a number, n/s or blank."""
    if _is_blank(given) or _means_not_meaningful(given):
        return None
    try:
        read_number(given, percent=percent, unit=unit)
    except ValueError as exc:
        return str(exc)
    return None


def grade_number(
    id: str,
    label: str,
    expected: float | None,
    given: Any,
    *,
    points: float,
    tolerance_abs: float | None = None,
    tolerance_rel: float | None = None,
    percent: bool = False,
    unit: str = "",
    decimals: int = 0,
    explanation: str,
) -> GradeItem:
    """Grade a figure. Right when within max(tolerance_abs, tolerance_rel x |expected|) of `expected`
    (exactly equal when no tolerance is given); `expected=None` means the right answer is n/s.

    `explanation` shows the formula and the figures used; the feedback adds the verdict and the expected
    value, formatted in `unit` (`%` for percent fields) with `decimals`.
    """
    unit = "%" if percent else unit
    shown = format_value(expected, unit, decimals)

    def item(awarded: float, verdict: str) -> GradeItem:
        return _item(id, label, awarded, points, expected, given, verdict, explanation, f"Réponse attendue : {shown}.")

    if _is_blank(given):
        return item(0.0, "Non renseigné.")
    if _means_not_meaningful(given):
        if expected is None:
            return item(points, "Exact : ce ratio est non significatif.")
        return item(0.0, "Inexact : vous avez répondu n/s alors que ce ratio est calculable.")
    try:
        readings = read_number(given, percent=percent, unit=unit)
    except ValueError as exc:
        return item(0.0, f"Réponse illisible : {exc}")
    if expected is None:
        return item(0.0, "Inexact : ce ratio est non significatif (dénominateur nul ou négatif), "
                         "il ne se calcule pas.")
    tolerance = max(tolerance_abs or 0.0, (tolerance_rel or 0.0) * abs(expected)) + _EPSILON
    right = next((value for value in readings if abs(value - expected) <= tolerance), None)
    if right is not None:
        return item(points, "Exact.")
    reading = format_value(readings[0], unit, max(decimals, 1) if unit == "%" else decimals)
    return item(0.0, f"Inexact : votre réponse, lue comme {reading}, s’écarte de plus de la tolérance.")


def _option_labels(options: Sequence[Mapping[str, str]]) -> dict[str, str]:
    return {str(option["value"]): str(option["label"]) for option in options}


def choice_error(given: Any, options: Sequence[Mapping[str, str]]) -> str | None:
    """French message when a single-choice field holds something that is not one of the options."""
    if _is_blank(given) or (isinstance(given, str) and given.strip() in _option_labels(options)):
        return None
    return "Choisissez une des réponses proposées."


def grade_choice(
    id: str,
    label: str,
    expected: str,
    given: Any,
    *,
    points: float,
    options: Sequence[Mapping[str, str]],
    explanation: str,
) -> GradeItem:
    """Grade a single choice among `options` ([{"value", "label"}]): all the points or none."""
    labels = _option_labels(options)
    answer = given.strip() if isinstance(given, str) else given

    def item(awarded: float, verdict: str) -> GradeItem:
        shown = labels.get(expected, expected)
        return _item(id, label, awarded, points, expected, given, verdict, explanation, f"Réponse attendue : {shown}.")

    if _is_blank(given):
        return item(0.0, "Non renseigné.")
    if not isinstance(answer, str) or answer not in labels:
        return item(0.0, "Réponse non reconnue parmi les choix proposés.")
    if answer == expected:
        return item(points, "Exact.")
    return item(0.0, f"Inexact : vous avez choisi « {labels[answer]} ».")


def _ticks(given: Any) -> list[Any]:
    if _is_blank(given) or given is None:
        return []
    if isinstance(given, (list, tuple)):
        return list(given)
    return [given]


def set_error(given: Any, options: Sequence[Mapping[str, str]]) -> str | None:
    """French message when a multiple-choice field holds something other than options."""
    labels = _option_labels(options)
    if all(isinstance(tick, str) and tick in labels for tick in _ticks(given)):
        return None
    return "Cochez uniquement des réponses proposées."


def grade_set(
    id: str,
    label: str,
    expected: Iterable[str],
    given: Any,
    *,
    points: float,
    options: Sequence[Mapping[str, str]],
    explanation: str,
) -> GradeItem:
    """Grade ticks among `options`: +1 per right tick, -1 per wrong one (anything not expected, unknown
    values included), floored at 0 and scaled to `points`; see the module docstring for the empty case."""
    labels = _option_labels(options)
    wanted = list(dict.fromkeys(expected))
    if given is NO_ANSWER or given is None:
        return _item(id, label, 0.0, points, wanted, None, "Non renseigné.", explanation)
    ticked = list(dict.fromkeys(t if isinstance(t, str) else repr(t) for t in _ticks(given)))
    right = [t for t in ticked if t in wanted]
    wrong = [t for t in ticked if t not in wanted]
    missing = [t for t in wanted if t not in ticked]
    if wanted:
        awarded = points * max(0, len(right) - len(wrong)) / len(wanted)
    else:
        awarded = points if not wrong else 0.0
    parts = []
    if not isinstance(given, (str, list, tuple)):
        parts.append("Réponse non reconnue.")
    if not wrong and not missing:
        parts.append("Exact." if wanted else "Exact : aucun élément n’était à cocher.")
    if missing:
        parts.append("À cocher aussi : " + " ; ".join(labels.get(t, t) for t in missing) + ".")
    if wrong:
        parts.append("Cochés à tort : " + " ; ".join(labels.get(t, t[:60]) for t in wrong) + ".")
    return _item(id, label, awarded, points, wanted, given, *parts, explanation)


def text_error(given: Any) -> str | None:
    """French message when a text field holds something other than text."""
    if given is NO_ANSWER or given is None or isinstance(given, str):
        return None
    return "Texte attendu."


def record_text(id: str, label: str, given: Any, *, max_length: int = 5000) -> GradeItem:
    """Keep a written answer for the trainer: worth 0 point, never graded automatically."""
    text = given.strip()[:max_length] if isinstance(given, str) else ""
    feedback = ("Texte conservé pour le formateur (non noté automatiquement)." if text
                else "Aucun texte rédigé : il est conseillé de conclure par un avis argumenté.")
    return GradeItem(id, label, 0.0, 0.0, None, text, feedback)


# --- Dates ------------------------------------------------------------------------------------------------

NO_DATE_TEXTS = frozenset({"aucune", "aucun", "néant", "neant", "sans objet", "n/s", "ns", "-", "—"})
_DATE_FORMATS = ("%d/%m/%Y", "%Y-%m-%d", "%d.%m.%Y", "%d-%m-%Y")
_DATE_HINT = "écrivez-la JJ/MM/AAAA (par exemple 15/05/2026)"


def _means_no_date(given: Any) -> bool:
    return given is None or (isinstance(given, str) and given.strip().lower() in NO_DATE_TEXTS)


def read_date(given: Any) -> date:
    """A date typed `JJ/MM/AAAA` (also `J/M/AAAA`, `JJ.MM.AAAA`) or ISO `AAAA-MM-JJ`; ValueError with a
    French message otherwise."""
    if isinstance(given, str):
        text = given.strip()
        for pattern in _DATE_FORMATS:
            try:
                return datetime.strptime(text, pattern).date()
            except ValueError:
                continue
        raise ValueError(f"Date illisible : {_DATE_HINT}.")
    raise ValueError(f"Date attendue : {_DATE_HINT}.")


def date_error(given: Any) -> str | None:
    """French message when a date field holds something unreadable; None for a date, blank or « aucune »."""
    if _is_blank(given) or _means_no_date(given):
        return None
    try:
        read_date(given)
    except ValueError as exc:
        return str(exc)
    return None


def grade_date(
    id: str, label: str, expected: date | None, given: Any, *, points: float, explanation: str
) -> GradeItem:
    """Grade a date, all the points or none. `expected=None` means there is no such date: the answer
    « aucune » (or `néant`, `sans objet`, JSON null) is then right. The item's `expected` is ISO."""
    shown = format_date(expected) if expected else "aucune"

    def item(awarded: float, verdict: str) -> GradeItem:
        return _item(id, label, awarded, points, expected.isoformat() if expected else None, given, verdict,
                     explanation, f"Réponse attendue : {shown}.")

    if _is_blank(given):
        return item(0.0, "Non renseigné.")
    if _means_no_date(given):
        if expected is None:
            return item(points, "Exact : il n’y a pas de date à retenir.")
        return item(0.0, "Inexact : vous avez répondu « aucune » alors qu’une date limite s’applique.")
    try:
        day = read_date(given)
    except ValueError as exc:
        return item(0.0, f"Réponse illisible : {exc}")
    if expected is None:
        return item(0.0, f"Inexact : vous avez indiqué le {format_date(day)}, mais aucune date ne s’applique.")
    if day == expected:
        return item(points, "Exact.")
    return item(0.0, f"Inexact : vous avez indiqué le {format_date(day)}.")


# --- Rankings -----------------------------------------------------------------------------------------------

NO_RANKING_TEXTS = frozenset({"aucun", "aucune", "néant", "neant", "personne"})


def read_ranking(given: Any) -> list[str] | None:
    """Codes in the order given: a JSON list of strings, or text such as `C03, C01 ; C05` (any case, upper-cased);
    `aucun` is the empty ranking; None when the answer is neither."""
    if isinstance(given, str):
        if given.strip().lower() in NO_RANKING_TEXTS:
            return []
        return [code.upper() for code in given.replace(",", " ").replace(";", " ").replace(">", " ").split()]
    if isinstance(given, (list, tuple)) and all(isinstance(code, str) for code in given):
        return [code.strip().upper() for code in given if code.strip()]
    return None


def ranking_error(given: Any, known: Sequence[str]) -> str | None:
    """French message when a ranking is not a list of distinct `known` codes; None when blank."""
    if given is NO_ANSWER or given is None or _is_blank(given):
        return None
    codes = read_ranking(given)
    if codes is None:
        return "Saisissez des codes séparés par des virgules."
    unknown = [code for code in codes if code not in known]
    if unknown:
        return f"Code inconnu : {', '.join(unknown[:3])} (codes du cas : {', '.join(known)})."
    if len(set(codes)) != len(codes):
        return "Chaque code ne doit figurer qu’une fois dans le classement."
    return None


def grade_ranking(id: str, label: str, expected: Sequence[str], given: Any, *, points: float,
                  explanation: str) -> GradeItem:
    """Grade an ordered list of codes: all the points when it is `expected`, else the points x the share of
    positions right over the longer of the two lists (a swap, a code left out or one added each cost their
    places). The item's `expected` is the list written out (`C03, C01`, or `aucun`)."""
    shown = ", ".join(expected) or "aucun"
    codes = None if given is NO_ANSWER else read_ranking(given)

    def item(awarded: float, verdict: str) -> GradeItem:
        return _item(id, label, awarded, points, shown, given, verdict, explanation, f"Réponse attendue : {shown}.")

    if given is NO_ANSWER or given is None or _is_blank(given):
        return item(0.0, "Non renseigné.")
    if codes is None:
        return item(0.0, "Réponse illisible : une liste de codes était attendue.")
    if codes == list(expected):
        return item(points, "Exact.")
    right = sum(1 for mine, theirs in zip(codes, expected) if mine == theirs)
    longest = max(len(codes), len(expected))
    return item(points * right / longest, f"{right} rang{'s' if right > 1 else ''} exact{'s' if right > 1 else ''} "
                                          f"sur {longest} (votre classement : {', '.join(codes) or 'aucun'}).")

"""Risk class A to E from scores and warning signs — *In-house* grid, data in risk_classes.yaml.

The grid adds points for the Conan-Holder zone, the Altman Z'' zone, the number of warning signs and the
signs that weigh more (equity below half the capital, negative working capital); the total falls into
a class. It is the project's own "méthode des points de risque" (REFERENCE §3), taught as such.
"""

from __future__ import annotations

from collections.abc import Iterable

from cases import library

NOT_MEANINGFUL = "n/s"


def grid_title() -> str:
    """How forms name the class, saying that the grid is in-house."""
    return library.risk_grid()["title"]


def grid_note() -> str:
    """One French paragraph explaining the in-house grid (for the course and the feedback)."""
    return library.risk_grid()["note"]


def risk_classes() -> dict[str, str]:
    """Class code -> French label, best class first."""
    return {code: label for code, label, _ceiling in library.risk_grid()["classes"]}


def risk_points(conan_holder_zone: str | None, altman_zone: str | None, signs: Iterable[str]) -> dict[str, int]:
    """Points by criterion: conan_holder, altman, warning_signs, aggravating."""
    points = library.risk_grid()["points"]
    signs = list(signs)
    return {
        "conan_holder": points["conan_holder"][conan_holder_zone or NOT_MEANINGFUL],
        "altman": points["altman"][altman_zone or NOT_MEANINGFUL],
        "warning_signs": next(p for least, p in points["warning_signs"] if len(signs) >= least),
        "aggravating": sum(points["aggravating"].get(sign, 0) for sign in signs),
    }


def risk_class(conan_holder_zone: str | None, altman_zone: str | None, signs: Iterable[str]) -> str:
    """The class whose band holds the total of `risk_points`."""
    total = sum(risk_points(conan_holder_zone, altman_zone, signs).values())
    for code, _label, ceiling in library.risk_grid()["classes"]:
        if ceiling is None or total <= ceiling:
            return code
    raise ValueError("risk_classes.yaml: the last class must have no ceiling")

"""Grading an attempt from its drawn questions and stored answers, and combining attempts (pure).

Every question is worth one point; the score is the share of points obtained. The profile groups the points by
module (first segment of the category, `module-07`), for the positioning test and the trainers.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Sequence

from quizzes.questions import QuestionData


@dataclass(frozen=True)
class ModuleResult:
    points: float
    count: int

    @property
    def score(self) -> float:
        return self.points / self.count if self.count else 0.0


@dataclass(frozen=True)
class AttemptGrade:
    points: float
    count: int
    fractions: dict[int, float] = field(default_factory=dict)
    profile: dict[str, ModuleResult] = field(default_factory=dict)

    @property
    def score(self) -> float:
        return self.points / self.count if self.count else 0.0

    def to_dict(self) -> dict[str, Any]:
        return {"points": self.points, "count": self.count,
                "fractions": {str(q): f for q, f in self.fractions.items()},
                "profile": {m: {"points": r.points, "count": r.count} for m, r in self.profile.items()}}


def module_of(category: str) -> str:
    return category.split("/", 1)[0] or "sans-categorie"


def grade_attempt(items: Sequence[tuple[int, QuestionData, Any]]) -> AttemptGrade:
    """`items`: (question id, question, stored answer or None) in the attempt's order."""
    fractions: dict[int, float] = {}
    modules: dict[str, list[float]] = {}
    for question_id, q, answer in items:
        fraction = q.kind.grade(q, answer)
        fractions[question_id] = fraction
        modules.setdefault(module_of(q.category), []).append(fraction)
    profile = {module: ModuleResult(round(sum(values), 6), len(values)) for module, values in sorted(modules.items())}
    return AttemptGrade(round(sum(fractions.values()), 6), len(items), fractions, profile)


def profile_from_dict(data: dict[str, Any] | None) -> dict[str, ModuleResult]:
    return {m: ModuleResult(r["points"], r["count"]) for m, r in ((data or {}).get("profile") or {}).items()}


def final_score(scores: Sequence[float], method: str) -> float | None:
    """The grade that counts across a candidate's graded attempts (in chronological order)."""
    if not scores:
        return None
    if method == "highest":
        return max(scores)
    if method == "first":
        return scores[0]
    if method == "last":
        return scores[-1]
    if method == "average":
        return sum(scores) / len(scores)
    raise ValueError(f"Unknown grading method: {method!r}")

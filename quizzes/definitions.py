"""Quiz and exam definitions (`quizzes/exams/*.yaml`): where questions come from, timing, attempts, pass mark,
grading method and review policy. Pure: parsing and validation only, no database.

A file holds one definition, or a template with `per_module: true` that is expanded into one definition per
module of the question bank (`{module}` = `module-07`, `{number}` = `07`, `{module_title}` = the course title).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

KINDS = ("practice", "positioning", "module", "certification", "quiz")
GRADING_METHODS = ("highest", "last", "first", "average")
REVIEW_TIMES = ("immediately", "after_close", "never")
REVIEW_ITEMS = ("score", "answers", "feedback")
BEHAVIOURS = ("deferred", "immediate")
KIND_LABELS = {
    "practice": "Entraînement",
    "positioning": "Test de positionnement",
    "module": "Test de module",
    "certification": "Examen de certification",
    "quiz": "Quiz",
}


class DefinitionError(ValueError):
    """A definition that cannot be used; the message names the file and the problem."""


@dataclass(frozen=True)
class DrawRule:
    """`count` questions drawn at random from `category` and its sub-categories (all of them if None),
    or the questions of `category` named in `titles`, in that order."""

    category: str
    count: int | None = None
    titles: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReviewPolicy:
    score: str = "immediately"
    answers: str = "immediately"
    feedback: str = "immediately"


@dataclass(frozen=True)
class QuizDefinition:
    slug: str
    title: str
    kind: str
    rules: tuple[DrawRule, ...]
    description: str = ""
    module: str | None = None
    time_limit_minutes: int | None = None
    attempts_allowed: int | None = None
    pass_mark: float = 0.5
    grading_method: str = "highest"
    shuffle_questions: bool = True
    shuffle_answers: bool = True
    behaviour: str = "deferred"
    review: ReviewPolicy = field(default_factory=ReviewPolicy)
    closes_at: dt.datetime | None = None
    requires_enrolment: bool = False
    show_profile: bool = False
    certificate: bool = False

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["rules"] = [{k: (list(v) if k == "titles" else v) for k, v in asdict(r).items()} for r in self.rules]
        data["closes_at"] = self.closes_at.isoformat() if self.closes_at else None
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any], source: str = "définition") -> QuizDefinition:
        return parse_definition(data, source)

    def review_allowed(self, item: str, now: dt.datetime) -> bool:
        """Whether the review may show `item` (score, answers, feedback) of a closed attempt at `now`."""
        when = getattr(self.review, item)
        if when == "immediately":
            return True
        if when == "after_close":
            return self.closes_at is not None and now >= self.closes_at
        return False


_KNOWN_KEYS = {f for f in QuizDefinition.__dataclass_fields__} | {"per_module"}


def parse_definition(data: dict[str, Any], source: str = "définition") -> QuizDefinition:
    """Validate a definition read from YAML (or stored JSON); raises DefinitionError in French."""
    if not isinstance(data, dict):
        raise DefinitionError(f"{source} : un dictionnaire est attendu.")
    unknown = set(data) - _KNOWN_KEYS
    if unknown:
        raise DefinitionError(f"{source} : clés inconnues {sorted(unknown)}.")
    for key in ("slug", "title", "kind", "rules"):
        if not data.get(key):
            raise DefinitionError(f"{source} : « {key} » manquant.")
    values = {k: v for k, v in data.items() if k != "per_module"}
    _check_choice(source, "kind", values["kind"], KINDS)
    _check_choice(source, "grading_method", values.get("grading_method", "highest"), GRADING_METHODS)
    _check_choice(source, "behaviour", values.get("behaviour", "deferred"), BEHAVIOURS)
    values["rules"] = tuple(_parse_rule(rule, source) for rule in values["rules"])
    values["review"] = _parse_review(values.get("review") or {}, source)
    pass_mark = float(values.get("pass_mark", 0.5))
    if not 0 <= pass_mark <= 1:
        raise DefinitionError(f"{source} : pass_mark est une fraction entre 0 et 1 (0.7 pour 70 %).")
    values["pass_mark"] = pass_mark
    for key in ("time_limit_minutes", "attempts_allowed"):
        if values.get(key) is not None and (not isinstance(values[key], int) or values[key] < 1):
            raise DefinitionError(f"{source} : {key} doit être un entier positif ou absent.")
    closes_at = values.get("closes_at")
    if isinstance(closes_at, str):
        values["closes_at"] = dt.datetime.fromisoformat(closes_at)
    return QuizDefinition(**values)


def _check_choice(source: str, key: str, value: str, allowed: tuple[str, ...]) -> None:
    if value not in allowed:
        raise DefinitionError(f"{source} : {key} « {value} » inconnu ({', '.join(allowed)}).")


def _parse_rule(rule: Any, source: str) -> DrawRule:
    if not isinstance(rule, dict) or not rule.get("category"):
        raise DefinitionError(f"{source} : chaque règle de tirage a une « category ».")
    count = rule.get("count")
    if count is not None and (not isinstance(count, int) or count < 1):
        raise DefinitionError(f"{source} : « count » doit être un entier positif.")
    titles = tuple(rule.get("titles") or ())
    if count is not None and titles:
        raise DefinitionError(f"{source} : une règle tire « count » questions ou liste des « titles », pas les deux.")
    return DrawRule(category=str(rule["category"]).strip("/"), count=count, titles=titles)


def _parse_review(review: dict[str, Any], source: str) -> ReviewPolicy:
    unknown = set(review) - set(REVIEW_ITEMS)
    if unknown:
        raise DefinitionError(f"{source} : review ne connaît pas {sorted(unknown)}.")
    for item, when in review.items():
        _check_choice(source, f"review.{item}", when, REVIEW_TIMES)
    return ReviewPolicy(**review)


def expand_per_module(template: dict[str, Any], modules: dict[str, str]) -> list[dict[str, Any]]:
    """One definition per module: `modules` maps `module-07` to its title."""
    definitions = []
    for module, module_title in sorted(modules.items()):
        values = {"module": module, "number": module.rsplit("-", 1)[-1], "module_title": module_title}
        definitions.append(_fill(template, values))
    return definitions


def _fill(value: Any, values: dict[str, str]) -> Any:
    if isinstance(value, str):
        return value.format(**values)
    if isinstance(value, list):
        return [_fill(item, values) for item in value]
    if isinstance(value, dict):
        return {key: _fill(item, values) for key, item in value.items() if key != "per_module"}
    return value


def read_definitions(directory: Path, modules: dict[str, str]) -> list[QuizDefinition]:
    """Every definition of the directory's YAML files, templates expanded; slugs must be unique."""
    definitions: list[QuizDefinition] = []
    for path in sorted(directory.glob("*.yaml")):
        raw = yaml.safe_load(path.read_text(encoding="utf-8"))
        raws = expand_per_module(raw, modules) if raw.get("per_module") else [raw]
        definitions.extend(parse_definition(item, path.name) for item in raws)
    slugs = [d.slug for d in definitions]
    duplicates = sorted({s for s in slugs if slugs.count(s) > 1})
    if duplicates:
        raise DefinitionError(f"Identifiants d'examen en double : {duplicates}.")
    return definitions

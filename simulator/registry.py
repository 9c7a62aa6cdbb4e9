"""The exercise-kind plug-in: the interface every case engine implements and the registry of engines.

A kind lives in its own module under `simulator/kinds/` and registers an instance at import time with
`register(MyKind())`. `simulator/kinds/__init__.py` imports every module of that package, and the lookups
below import `simulator.kinds` on first use, so dropping a new module there is all it takes: the CLI, the
pages and the contract test (tests/simulator/test_registry_contract.py) pick it up.

Conventions every kind keeps (the contract test relies on them): a submission is a JSON object whose answers
sit at the dotted paths given as field ids by `form_fields` (`ratios.2025.ebe` is
`{"ratios": {"2025": {"ebe": ...}}}`, and a flat `{"ratios.2025.ebe": ...}` is read the same way, see
`simulator.grading.answer_at`); `solve` returns a submission in that shape; each graded item's id is the
path of the answer it grades; item graders come from `simulator.grading`.
"""

from __future__ import annotations

import importlib
from typing import Any, Protocol, runtime_checkable

from simulator.grading import Grade


@runtime_checkable
class ExerciseKind(Protocol):
    slug: str  # "financial-analysis": also the template name and the value stored with attempts
    title: str  # French, shown to trainees
    module: str  # courseware module slug it trains, e.g. "03-analyse-financiere"

    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """The full case (answers included), JSON-able; the same seed and level give the same case."""
        ...

    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        """The model answer, in the shape of a submission."""
        ...

    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        """Per-item score and French feedback; never raises on any JSON-able submission."""
        ...

    def form_fields(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        """What the trainee fills, built with `simulator.fields.form_field`: [{"id", "label", "type" (one of
        `simulator.fields.FIELD_TYPES`: number, percent, date, choice, multi, text), "unit", "options": [{"value",
        "label"}], "group", "help", and optionally "control" ("select"), "widget", "ordered"}]; ids are the
        submission keys (dotted paths)."""
        ...

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        """Field id -> French error for unreadable values (empty fields are allowed in a draft)."""
        ...

    def public_case(self, case: dict[str, Any]) -> dict[str, Any]:
        """What the trainee may see (no answers): the CONTRACT `cases generate` output."""
        ...


LEVELS = ("facile", "standard", "difficile")


def check_level(level: str) -> str:
    """The level if it is one of LEVELS; ValueError with a French message otherwise."""
    if level not in LEVELS:
        raise ValueError(f"Niveau inconnu : {level} (niveaux : {', '.join(LEVELS)}).")
    return level

_KINDS: dict[str, ExerciseKind] = {}
_loaded = False


def register(kind: ExerciseKind) -> ExerciseKind:
    """Add a kind to the registry (returns it, so a module can write `KIND = register(MyKind())`)."""
    existing = _KINDS.get(kind.slug)
    if existing is not None and type(existing) is not type(kind):
        raise ValueError(f"Exercise kind {kind.slug!r} is already registered by {type(existing).__name__}.")
    _KINDS[kind.slug] = kind
    return kind


def _load_kinds() -> None:
    global _loaded
    if not _loaded:
        importlib.import_module("simulator.kinds")
        _loaded = True


def get_kind(slug: str) -> ExerciseKind:
    """The registered kind; KeyError with a French message for an unknown slug."""
    _load_kinds()
    try:
        return _KINDS[slug]
    except KeyError:
        known = ", ".join(sorted(_KINDS)) or "aucun"
        raise KeyError(f"Type d’exercice inconnu : {slug} (types disponibles : {known}).") from None


def all_kinds() -> list[ExerciseKind]:
    """Every registered kind, by slug."""
    _load_kinds()
    return [_KINDS[slug] for slug in sorted(_KINDS)]

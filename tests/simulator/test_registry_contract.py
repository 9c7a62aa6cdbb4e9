"""The contract every registered exercise kind keeps, checked over many seeds (ARCHITECTURE, "plug-in").

New kinds are picked up automatically: they only have to register themselves in a module of
simulator/kinds/ (see simulator.registry).
"""

import copy
import json
import math
import random

import pytest

from simulator import liasse
from simulator.grading import Grade
from simulator.registry import all_kinds

SEEDS = range(200)
KINDS = all_kinds()
FIELD_TYPES = {"number", "percent", "choice", "multi", "date", "text"}
JUNK_VALUES = ["", "   ", "abc", "1,2,3", "12a", "--1", "∞", "1e999", "n/s", "35 %", "1 234,5", None, True, False,
               0, -1, 1e300, -1e300, 10**40, [], {}, [1, [2, [3]]], {"a": {"b": [None]}}, ["x", 3, None],
               "x" * 5000, "<script>alert(1)</script>"]
WHOLE_JUNK = [{}, [], "texte", 42, None, {"ratios": "x"}, {"ratios": {"2025": []}}, {"scores": [1, 2]},
              {"warning_signs": "effet_ciseau"}, {"risk_class": ["A", "B"]}, {"": {"": {"": None}}}]


def _kind_id(kind):
    return kind.slug


def _set_at(submission: dict, path: str, value) -> None:
    node = submission
    keys = path.split(".")
    for key in keys[:-1]:
        node = node[key]
    node[keys[-1]] = value


def _get_at(submission: dict, path: str):
    node = submission
    for key in path.split("."):
        node = node[key]
    return node


def _wrong(value):
    """An answer no grader can take for `value`."""
    if isinstance(value, bool) or value is None:
        return 123_456.5
    if isinstance(value, (int, float)):
        return 10 * abs(value) + 1_000_000
    if isinstance(value, str):
        return "__réponse_fausse__"
    if isinstance(value, (list, tuple)):
        return ["__réponse_fausse__"]
    raise AssertionError(f"no wrong answer for {value!r}")


def _check_bounds(grade: Grade) -> None:
    assert isinstance(grade, Grade)
    assert 0 <= grade.score <= grade.max_score
    for item in grade.items:
        assert 0 <= item.awarded <= item.max, item
        assert isinstance(item.feedback, str) and item.feedback
    assert math.isclose(grade.score, sum(item.awarded for item in grade.items), abs_tol=1e-6)
    json.dumps(grade.to_dict())


def test_registry_lists_at_least_the_financial_analysis_kind():
    slugs = [kind.slug for kind in KINDS]
    assert "financial-analysis" in slugs
    assert len(slugs) == len(set(slugs))
    for kind in KINDS:
        assert kind.title and kind.module


@pytest.mark.parametrize("kind", KINDS, ids=_kind_id)
def test_contract_over_many_seeds(kind):
    for seed in SEEDS:
        rng = random.Random(seed)
        case = kind.generate(seed)
        assert kind.generate(seed) == case, f"seed {seed}: generation is not deterministic"
        assert json.loads(json.dumps(case)) == case, f"seed {seed}: case is not JSON-able"

        solution = kind.solve(case)
        public = kind.public_case(case)
        json.dumps(public)
        assert not set(solution) & set(public), f"seed {seed}: the public case shows solution keys"

        if "accounts" in case:
            for year, acc in case["accounts"].items():
                assert liasse.check_coherence(acc) == [], f"seed {seed}, {year}"
                assert all(acc.get(code, 0) == 0 for code in ("AA", "CW", "CM", "CN", "ED"))

        fields = kind.form_fields(case)
        ids = [field["id"] for field in fields]
        assert len(ids) == len(set(ids)) and all(field["type"] in FIELD_TYPES for field in fields)

        full = kind.grade(case, copy.deepcopy(solution))
        _check_bounds(full)
        assert full.score == pytest.approx(full.max_score), f"seed {seed}: the model answer is not full marks"
        assert full.max_score > 0
        assert kind.check_submission(case, solution) == {}

        empty = kind.grade(case, {})
        _check_bounds(empty)
        assert empty.max_score == full.max_score

        junk = {field_id: rng.choice(JUNK_VALUES) for field_id in ids}
        for submission in (junk, rng.choice(WHOLE_JUNK)):
            _check_bounds(kind.grade(case, submission))
            errors = kind.check_submission(case, submission)
            assert all(isinstance(k, str) and isinstance(v, str) and v for k, v in errors.items())

        graded = [item for item in full.items if item.max > 0]
        target = rng.choice(graded)
        changed = copy.deepcopy(solution)
        _set_at(changed, target.id, _wrong(_get_at(solution, target.id)))
        result = kind.grade(case, changed)
        by_id = {item.id: item for item in result.items}
        assert by_id[target.id].awarded == 0, f"seed {seed}: wrong {target.id} still earns points"
        assert result.score == pytest.approx(full.max_score - target.max), f"seed {seed}: {target.id}"

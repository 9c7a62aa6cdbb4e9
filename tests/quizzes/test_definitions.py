"""Quiz definitions: parsing, validation, per-module templates and the repository's exam files."""

import datetime as dt
from pathlib import Path

import pytest

from quizzes.definitions import DefinitionError, expand_per_module, parse_definition, read_definitions

EXAMS = Path(__file__).resolve().parents[2] / "quizzes" / "exams"


def minimal(**extra):
    data = {"slug": "essai", "title": "Essai", "kind": "quiz", "rules": [{"category": "module-07", "count": 2}]}
    data.update(extra)
    return data


def test_minimal_definition_has_safe_defaults():
    definition = parse_definition(minimal())
    assert definition.rules[0].category == "module-07" and definition.rules[0].count == 2
    assert definition.time_limit_minutes is None and definition.attempts_allowed is None
    assert definition.review.answers == "immediately"


@pytest.mark.parametrize("bad, message", [
    ({"kind": "oral"}, "kind"),
    ({"pass_mark": 70}, "pass_mark"),
    ({"rules": [{"category": "m", "count": 0}]}, "count"),
    ({"rules": [{"category": "m", "count": 2, "titles": ["x"]}]}, "pas les deux"),
    ({"review": {"answers": "tomorrow"}}, "review.answers"),
    ({"time_limit_minutes": -5}, "time_limit_minutes"),
    ({"colour": "bleu"}, "clés inconnues"),
])
def test_bad_definitions_are_refused_in_french(bad, message):
    with pytest.raises(DefinitionError, match=message):
        parse_definition(minimal(**bad), "essai.yaml")


def test_review_after_close_waits_for_the_closing_date():
    definition = parse_definition(minimal(review={"answers": "after_close"}, closes_at="2026-12-01T18:00:00"))
    assert not definition.review_allowed("answers", dt.datetime(2026, 12, 1, 17, 59))
    assert definition.review_allowed("answers", dt.datetime(2026, 12, 1, 18, 0))
    assert not parse_definition(minimal(review={"answers": "after_close"})).review_allowed(
        "answers", dt.datetime(2030, 1, 1))


def test_round_trip_through_stored_json():
    definition = parse_definition(minimal(rules=[{"category": "decouverte", "titles": ["A", "B"]}]))
    assert parse_definition(definition.to_dict()) == definition


def test_per_module_template_gives_one_quiz_per_module():
    template = {"per_module": True, "slug": "entrainement-{number}", "title": "Entraînement — {module_title}",
                "kind": "practice", "module": "{module}", "rules": [{"category": "{module}", "count": 10}]}
    expanded = expand_per_module(template, {"module-07": "Relance", "module-03": "Analyse"})
    assert [d["slug"] for d in expanded] == ["entrainement-03", "entrainement-07"]
    assert expanded[1]["title"] == "Entraînement — Relance" and expanded[1]["rules"][0]["category"] == "module-07"


def test_repository_exam_files_are_valid_and_certification_is_as_announced():
    definitions = {d.slug: d for d in read_definitions(EXAMS, {"module-07": "Cadre juridique"})}
    certification = definitions["certification"]
    assert sum(rule.count for rule in certification.rules) == 60
    assert {rule.category for rule in certification.rules} == {f"module-{n:02d}" for n in range(1, 16)}
    assert (certification.time_limit_minutes, certification.pass_mark, certification.attempts_allowed) == (90, 0.7, 1)
    assert certification.review.answers == "never" and certification.certificate
    assert definitions["entrainement-07"].behaviour == "immediate"
    assert definitions["entrainement-07"].attempts_allowed is None
    assert definitions["positionnement"].show_profile
    module_test = definitions["test-module-07"]
    assert module_test.kind == "module" and module_test.rules[0].category == "module-07"
    assert (module_test.time_limit_minutes, module_test.attempts_allowed) == (20, 2)

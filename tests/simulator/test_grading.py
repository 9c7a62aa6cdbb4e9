import json

import pytest

from simulator.grading import (
    NO_ANSWER,
    Grade,
    answer_at,
    choice_error,
    grade_choice,
    grade_number,
    grade_set,
    number_error,
    record_text,
    set_error,
    text_error,
)

NBSP = "\u00a0"


def _number(expected, given, **kwargs):
    options = {"points": 2.0, "explanation": "EBE = VA - charges.", **kwargs}
    return grade_number("ratios.2025.ebe", "EBE 2025", expected, given, **options)


@pytest.mark.parametrize("given", ["1 234 567", f"1{NBSP}234{NBSP}567", "1234567,0", 1234567, 1234567.0,
                                   "1.234.567", "1 234 567 €"])
def test_amounts_in_french_notation_earn_the_points(given):
    item = _number(1_234_567, given, tolerance_abs=1)
    assert item.awarded == 2.0 and item.feedback.startswith("Exact.")


def test_tolerance_is_the_larger_of_absolute_and_relative():
    assert _number(100_000, "100 400", tolerance_abs=500).awarded == 2
    assert _number(100_000, "100 600", tolerance_abs=500).awarded == 0
    assert _number(100_000, "100 600", tolerance_abs=500, tolerance_rel=0.01).awarded == 2
    assert _number(100_000, 100_001).awarded == 0  # no tolerance: exact


def test_feedback_shows_the_explanation_and_the_expected_value_the_french_way():
    item = _number(1_234_567, "999", unit="€")
    assert item.awarded == 0
    assert "EBE = VA - charges." in item.feedback
    assert f"Réponse attendue{NBSP}: 1{NBSP}234{NBSP}567{NBSP}€." in item.feedback
    assert f"lue comme 999{NBSP}€" in item.feedback


@pytest.mark.parametrize("given", ["35 %", "35,0 %", "35", 35, "0,35", 0.35, "35,04 %"])
def test_percent_fields_accept_every_way_of_writing_a_rate(given):
    assert _number(0.35, given, percent=True, tolerance_abs=0.0015).awarded == 2


def test_a_small_rate_typed_without_the_sign_is_read_as_a_percentage_too():
    item = _number(0.008, "0,8", percent=True, tolerance_abs=0.0015, decimals=1)
    assert item.awarded == 2
    assert _number(0.008, "0,8 %", percent=True, tolerance_abs=0.0015).awarded == 2
    assert _number(0.35, "3,5", percent=True, tolerance_abs=0.0015).awarded == 0


@pytest.mark.parametrize("given", [None, "n/s", "NS", " n.s. ", "non significatif"])
def test_not_meaningful_is_right_only_when_expected(given):
    assert _number(None, given).awarded == 2
    wrong = _number(12.5, given)
    assert wrong.awarded == 0 and "calculable" in wrong.feedback


def test_a_number_for_a_not_meaningful_ratio_loses_the_points_with_the_reason():
    item = _number(None, "4,2")
    assert item.awarded == 0 and "non significatif" in item.feedback and "Réponse attendue" in item.feedback


@pytest.mark.parametrize("given", [NO_ANSWER, "", "   "])
def test_blank_answers_earn_nothing_and_say_so(given):
    item = _number(10, given)
    assert item.awarded == 0 and item.feedback.startswith("Non renseigné.")


@pytest.mark.parametrize("given", ["12a", "1,2,3", True, [], {"a": 1}, "1e999", 10**40, float("inf")])
def test_unreadable_answers_earn_nothing_with_a_french_reason(given):
    item = _number(10, given)
    assert item.awarded == 0 and item.feedback.startswith("Réponse illisible")
    assert number_error(given) is not None


def test_number_error_accepts_numbers_blanks_and_ns():
    for given in ("1 234,5", "", NO_ANSWER, None, "n/s", 3, "35 %"):
        assert number_error(given, percent=True) is None


OPTIONS = [{"value": "a", "label": "Effet ciseau"}, {"value": "b", "label": "FR négatif"},
           {"value": "c", "label": "Pertes"}, {"value": "d", "label": "DSO en hausse"}]


@pytest.mark.parametrize(
    "expected, ticked, awarded",
    [
        (["a", "b"], ["a", "b"], 4.0),
        (["a", "b"], ["a"], 2.0),
        (["a", "b"], ["a", "c"], 0.0),
        (["a", "b"], ["a", "b", "c"], 2.0),
        (["a", "b", "c", "d"], ["a", "b", "c"], 3.0),
        (["a"], ["a", "b", "c"], 0.0),
        (["a"], [], 0.0),
        ([], [], 4.0),
        ([], ["a"], 0.0),
        (["a", "b"], ["a", "a", "b"], 4.0),
        (["a", "b"], ["a", "zz"], 0.0),
    ],
)
def test_ticks_score_plus_one_per_right_minus_one_per_wrong_floored_and_scaled(expected, ticked, awarded):
    item = grade_set("warning_signs", "Signaux", expected, ticked, points=4, options=OPTIONS, explanation="Règles.")
    assert item.awarded == pytest.approx(awarded)


@pytest.mark.parametrize("given", [NO_ANSWER, None])
def test_unanswered_ticks_earn_nothing_even_when_nothing_was_to_tick(given):
    item = grade_set("warning_signs", "Signaux", [], given, points=4, options=OPTIONS, explanation="Règles.")
    assert item.awarded == 0 and item.feedback.startswith("Non renseigné.")


def test_tick_feedback_names_missing_and_wrong_ticks():
    item = grade_set("warning_signs", "Signaux", ["a", "b"], ["a", "c"], points=4, options=OPTIONS,
                     explanation="Règles.")
    assert "À cocher aussi" in item.feedback and "FR négatif" in item.feedback
    assert "Cochés à tort" in item.feedback and "Pertes" in item.feedback


def test_what_was_given_is_kept_as_strict_json():
    item = _number(10, float("inf"))
    assert json.loads(json.dumps(item.to_dict(), allow_nan=False))["given"] == "inf"
    deep = _number(10, [[[[["x"] * 100]]]])
    assert json.dumps(deep.to_dict(), allow_nan=False)


@pytest.mark.parametrize("given", [None, NO_ANSWER, "a", 3, {"a": 1}, [None, 1, ["a"]]])
def test_ticks_never_raise_on_odd_answers(given):
    item = grade_set("s", "Signaux", ["a"], given, points=4, options=OPTIONS, explanation="")
    assert 0 <= item.awarded <= 4
    json.dumps(item.to_dict())


def test_set_error_accepts_only_offered_values():
    assert set_error(["a", "b"], OPTIONS) is None and set_error([], OPTIONS) is None
    assert set_error(["a", "zz"], OPTIONS) and set_error([1], OPTIONS) and set_error({"a": 1}, OPTIONS)


CLASSES = [{"value": "A", "label": "A – très faible"}, {"value": "B", "label": "B – faible"}]


def test_a_single_choice_is_all_or_nothing():
    assert grade_choice("risk_class", "Classe", "B", " B ", points=3, options=CLASSES, explanation="").awarded == 3
    wrong = grade_choice("risk_class", "Classe", "B", "A", points=3, options=CLASSES, explanation="Grille.")
    assert wrong.awarded == 0 and "A – très faible" in wrong.feedback and "B – faible" in wrong.feedback
    odd = grade_choice("risk_class", "Classe", "B", ["B"], points=3, options=CLASSES, explanation="")
    assert odd.awarded == 0 and "non reconnue" in odd.feedback
    assert choice_error("C", CLASSES) and choice_error("", CLASSES) is None and choice_error("A", CLASSES) is None


def test_written_answers_are_kept_but_worth_nothing():
    item = record_text("opinion", "Avis", "  Client à suivre.  ")
    assert (item.awarded, item.max, item.given) == (0, 0, "Client à suivre.")
    assert record_text("opinion", "Avis", {"x": 1}).given == ""
    assert text_error(3) and text_error("ok") is None and text_error(NO_ANSWER) is None


def test_answers_are_found_in_nested_or_flat_submissions():
    nested = {"ratios": {"2025": {"ebe": "12"}}}
    assert answer_at(nested, "ratios.2025.ebe") == "12"
    assert answer_at({"ratios.2025.ebe": "13"}, "ratios.2025.ebe") == "13"
    assert answer_at({"ratios": {"2025": None}}, "ratios.2025.ebe") is NO_ANSWER
    assert answer_at({"ratios": {"2025": {"ebe": None}}}, "ratios.2025.ebe") is None
    assert answer_at(["x"], "ratios") is NO_ANSWER and answer_at(None, "x") is NO_ANSWER


def test_a_grade_adds_its_items_and_serialises_to_the_contract_shape():
    items = [_number(10, "10"), _number(10, "11"), record_text("opinion", "Avis", "")]
    grade = Grade.of(items)
    assert (grade.score, grade.max_score) == (2.0, 4.0)
    data = json.loads(json.dumps(grade.to_dict()))
    assert set(data) == {"score", "max_score", "items"}
    assert {"id", "awarded", "max", "expected", "given", "feedback"} <= set(data["items"][0])
    assert data["items"][2]["given"] == ""
    assert Grade.of([_number(10, NO_ANSWER)]).to_dict()["items"][0]["given"] is None


def test_the_field_unit_may_follow_the_number():
    assert _number(83, "83 jours", unit="jours", tolerance_abs=1).awarded == 2
    assert _number(83, f"83{NBSP}jours", unit="jours", tolerance_abs=1).awarded == 2
    assert _number(2.5, "2,5 ans", unit="ans", tolerance_abs=0.1).awarded == 2
    assert _number(83, "83 ans", unit="jours").awarded == 0
    assert number_error("83 jours", unit="jours") is None and number_error("83 jours") is not None


def test_format_value_writes_singular_units_below_two():
    from simulator.grading import format_value

    assert format_value(1, "jours") == "1\u00a0jour"
    assert format_value(0, "jours") == "0\u00a0jour"
    assert format_value(1.5, "ans", 1) == "1,5\u00a0an"
    assert format_value(2, "jours") == "2\u00a0jours"
    assert format_value(12.25, "ans", 1) == "12,2\u00a0ans"

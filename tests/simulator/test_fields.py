"""simulator.fields: the form-field constructor every kind uses and the one check of a submission by field type."""

import pytest

from simulator.fields import NOT_AN_OBJECT, check_answers, field_error, form_field
from simulator.grading import ranking_error

YES_NO = [{"value": "oui", "label": "Oui"}, {"value": "non", "label": "Non"}]


def test_a_field_carries_the_keys_every_page_reads_and_only_the_optional_ones_given():
    assert form_field("ratios.2025.ebe", "EBE 2025", "number", "Exercice 2025", unit="€") == {
        "id": "ratios.2025.ebe", "label": "EBE 2025", "type": "number", "unit": "€", "options": [],
        "group": "Exercice 2025", "help": ""}
    action = form_field("plan.F1.type", "Action", "choice", "Plan", options=YES_NO, control="select")
    assert action["control"] == "select" and action["options"] == YES_NO and action["options"] is not YES_NO
    deadline = form_field("deadline", "Date limite", "date", "Délais", allows_none=True)
    assert deadline["allows_none"] is True and "control" not in deadline and "widget" not in deadline
    call = form_field("path.accueil", "Vos répliques", "multi", "Appel", widget="phone-call-dialogue", ordered=True)
    assert call["widget"] == "phone-call-dialogue" and call["ordered"] is True


@pytest.mark.parametrize("type_, control", [("money", None), ("multi", "select"), ("choice", "slider")])
def test_an_unknown_type_or_control_is_refused(type_, control):
    with pytest.raises(ValueError):
        form_field("x", "X", type_, "G", control=control)


@pytest.mark.parametrize("field, given, error", [
    (form_field("n", "N", "number", "G", unit="jours"), "83 jours", None),
    (form_field("n", "N", "number", "G", unit="€"), "douze", "pas un nombre"),
    (form_field("p", "P", "percent", "G", unit="%"), "12,5 %", None),
    (form_field("c", "C", "choice", "G", options=YES_NO), "peut-être", "Choisissez"),
    (form_field("m", "M", "multi", "G", options=YES_NO), ["oui", "autre"], "Cochez"),
    (form_field("d", "D", "date", "G"), "16 juin", "JJ/MM/AAAA"),
    (form_field("d", "D", "date", "G"), "aucune", None),
    (form_field("d", "D", "date", "G"), "15/05/2026", None),
    (form_field("t", "T", "text", "G"), 42, "Texte"),
    (form_field("t", "T", "text", "G"), "", None),
])
def test_each_type_reads_its_own_answers(field, given, error):
    found = field_error(field, given)
    assert (found is None) if error is None else (error in found)


def test_a_submission_is_checked_field_by_field_blank_answers_allowed():
    fields = [form_field("a.b", "Montant", "number", "G", unit="€"),
              form_field("c", "Choix", "choice", "G", options=YES_NO),
              form_field("d", "Date", "date", "G")]
    assert check_answers(fields, {"a": {"b": "1 234,5"}, "c": "oui"}) == {}
    errors = check_answers(fields, {"a.b": "x", "c": "oui", "d": "demain"})
    assert set(errors) == {"a.b", "d"}
    assert check_answers(fields, ["x"]) == {"submission": NOT_AN_OBJECT}


def test_answers_read_another_way_and_fields_checked_another_way():
    fields = [form_field("priorities", "Ordre", "text", "G"), form_field("c", "Choix", "choice", "G", options=YES_NO)]
    checks = {"priorities": lambda given: ranking_error(given, ["C01", "C02"])}
    assert "C09" in check_answers(fields, {"priorities": "C01, C09"}, checks=checks)["priorities"]
    assert check_answers(fields, {"priorities": "C02, C01"}, checks=checks) == {}
    # `answers` replaces the submission's paths (a kind reading a CONTRACT list, say)
    assert set(check_answers(fields, {}, answers={"priorities": "", "c": "non ?"})) == {"c"}

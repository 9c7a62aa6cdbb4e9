"""Importing an export gives back the same questions (CONTRACT.md, "Question banks")."""

from pathlib import Path

import pytest

from quizzes.formats import export_questions, import_questions
from quizzes.questions import Choice, MatchPair, NumericAnswer, QuestionData

DATA = Path(__file__).parent / "data"
CONFORMANCE = sorted((DATA / "gift-conformance").glob("*.gift"))


def dicts(questions):
    return [q.to_dict() for q in questions]


def roundtrip(questions, fmt):
    exported = export_questions(questions, fmt)
    result = import_questions(exported, fmt)
    assert result.skipped == [], exported
    return result.questions, exported


FORMATS = ["gift", "moodlexml"]


@pytest.mark.parametrize("fmt", FORMATS)
@pytest.mark.parametrize("path", CONFORMANCE, ids=lambda p: p.stem)
def test_gift_conformance_files_survive_a_round_trip(path, fmt):
    questions = import_questions(path.read_text(encoding="utf-8"), "gift").questions
    again, exported = roundtrip(questions, fmt)
    assert dicts(again) == dicts(questions)
    assert export_questions(again, fmt) == exported


@pytest.mark.parametrize("fmt", FORMATS)
def test_french_sample_survives_a_round_trip(fmt):
    questions = import_questions((DATA / "sample_fr.gift").read_text(encoding="utf-8"), "gift").questions
    assert len(questions) == 7
    again, _ = roundtrip(questions, fmt)
    assert dicts(again) == dicts(questions)


def test_gift_export_of_the_french_sample_keeps_titles_categories_and_tags():
    questions = import_questions((DATA / "sample_fr.gift").read_text(encoding="utf-8"), "gift").questions
    exported = export_questions(questions, "gift")
    assert "::Délai de paiement \\: le plafond légal::[markdown]" in exported
    assert "$CATEGORY: module-12/procedures-collectives" in exported
    assert "// [tag:difficile] [tag:tout-ou-rien]" in exported


def tricky_questions() -> list[QuestionData]:
    """Texts that collide with GIFT syntax, built by hand."""
    return [
        QuestionData(
            type="single", title="Titre :: avec deux-points", category="module-02/risque",
            text="Ligne 1 avec {accolades}, #dièse, ~tilde, = égal et \\neq en LaTeX\n\nParagraphe « deux »",
            general_feedback="[html] n’est pas un format ici",
            choices=[Choice("a", "%50% n’est pas un poids", 1.0, "#1"),
                     Choice("b", "[plain] n’est pas un format", 0.0, ""),
                     Choice("c", "Réponse -> flèche", 0.25, "")],
        ),
        QuestionData(type="truefalse", title="Sans retour", text="Vrai ?", correct=False,
                     feedback_true="", feedback_false="Bravo"),
        QuestionData(type="matching", title="Associer", text="Associez.", text_format="html",
                     pairs=[MatchPair("a", "<b>Un</b>", "1 -> un"), MatchPair("b", "Deux", "2")]),
        QuestionData(type="multiple", title="Plusieurs", text="Cochez.", tags=["a b"], difficulty="moyen",
                     choices=[Choice("a", "x", 0.5), Choice("b", "y", 0.5), Choice("c", "z", 0.0),
                              Choice("d", "w", -0.25)]),
    ]


@pytest.mark.parametrize("fmt", FORMATS)
def test_texts_colliding_with_syntax_survive_a_round_trip(fmt):
    questions = tricky_questions()
    again, _ = roundtrip(questions, fmt)
    assert dicts(again) == dicts(questions)


def test_gift_export_escapes_colons_in_titles():
    assert "::Titre \\:\\: avec deux-points::" in export_questions(tricky_questions(), "gift")


@pytest.mark.parametrize("fmt", FORMATS)
def test_category_back_to_none_is_written_as_the_top_category(fmt):
    questions = [QuestionData(type="truefalse", title="a", text="A", correct=True, category="m1"),
                 QuestionData(type="truefalse", title="b", text="B", correct=True)]
    again, exported = roundtrip(questions, fmt)
    assert [q.category for q in again] == ["m1", ""]
    assert "$course$/top" in exported


def test_gift_export_writes_relative_tolerance_as_the_absolute_one():
    q = QuestionData(type="numeric", title="Relatif", text="Combien ?",
                     numeric_answers=[NumericAnswer(200.0, 0.05, "relative", 1.0, "")])
    exported = export_questions([q], "gift")
    assert "=200:10" in exported
    again = import_questions(exported, "gift").questions[0]
    assert again.numeric_answers == [NumericAnswer(200.0, 10.0, "absolute", 1.0, "")]
    assert again.kind.grade(again, "210") == q.kind.grade(q, "210") == 1.0


def test_gift_export_refuses_an_arrow_in_a_left_hand_item():
    q = QuestionData(type="matching", title="Flèches", text="?",
                     pairs=[MatchPair("a", "a -> b", "1"), MatchPair("b", "c", "2")])
    with pytest.raises(ValueError, match="->"):
        export_questions([q], "gift")


def test_unknown_formats_are_refused():
    with pytest.raises(ValueError, match="Format d’import inconnu"):
        import_questions("", "qti")
    with pytest.raises(ValueError, match="Format d’export inconnu"):
        export_questions([], "aiken")


def test_text_formats_read_bytes_as_utf8_and_report_other_encodings():
    assert import_questions("\ufeff::a::Échue ?{T}".encode("utf-8"), "gift").questions[0].text == "Échue ?"
    result = import_questions("::a::A ?{T}\n\n::b::Échue ?{T}".encode("latin-1"), "gift")
    assert result.questions == []
    assert result.summary()["skipped"] == [
        {"line": 3, "error": "Fichier illisible : il n’est pas encodé en UTF-8."}]

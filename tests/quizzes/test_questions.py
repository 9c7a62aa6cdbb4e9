"""Question model and types: answer checking, grading, what candidates see, review feedback."""

import json
import random

import pytest

from quizzes.questions import (
    QUESTION_TYPES,
    AnswerError,
    Choice,
    MatchPair,
    NumericAnswer,
    QuestionData,
    default_title,
    letter_ids,
    question_type,
    shuffle_choices,
)


def single() -> QuestionData:
    return QuestionData(
        type="single", title="Délai légal", text="Quel est le délai de paiement maximal ?",
        general_feedback="Voir C. com. L441-10.", category="module-07/penalites", tags=["delais"],
        difficulty="facile",
        choices=[
            Choice("a", "30 jours", 0.0, "C’est le délai supplétif."),
            Choice("b", "60 jours date de facture", 1.0, "Exact."),
            Choice("c", "90 jours", -0.5, "Trop long."),
        ],
    )


def multiple(all_or_nothing: bool = False) -> QuestionData:
    return QuestionData(
        type="multiple", title="Garanties", text="Quelles sont des sûretés ?", all_or_nothing=all_or_nothing,
        choices=[
            Choice("a", "Caution", 0.3333333, "Oui, sûreté personnelle."),
            Choice("b", "Hypothèque", 0.3333333),
            Choice("c", "Gage", 0.3333333),
            Choice("d", "Relance", -1.0, "Non."),
        ],
    )


def truefalse() -> QuestionData:
    return QuestionData(type="truefalse", title="Indemnité", text="L’indemnité forfaitaire est de 40 €.",
                        correct=True, feedback_true="Oui.", feedback_false="Si : D441-5.")


def numeric() -> QuestionData:
    return QuestionData(
        type="numeric", title="Pénalités", text="Montant des pénalités ?", general_feedback="Formule.",
        numeric_answers=[
            NumericAnswer(123.45, 0.01, "absolute", 1.0, "Juste."),
            NumericAnswer(123.45, 0.1, "relative", 0.5, "Arrondi trop large."),
            NumericAnswer(None, 0.0, "absolute", 0.0, "Revoyez la formule."),
        ],
    )


def matching() -> QuestionData:
    return QuestionData(
        type="matching", title="Procédures", text="Associez.",
        pairs=[
            MatchPair("a", "Sauvegarde", "Débiteur pas en cessation des paiements"),
            MatchPair("b", "Redressement", "Cessation des paiements"),
            MatchPair("c", "Liquidation", "Cessation des paiements"),
            MatchPair("d", "", "Conciliation"),
        ],
    )


def test_letter_ids_follow_source_order_past_z():
    ids = letter_ids(28)
    assert ids[:3] == ["a", "b", "c"]
    assert ids[25:] == ["z", "aa", "ab"]


def test_default_title_is_the_start_of_the_text_without_markup():
    assert default_title("<p>Quel   est\nle délai ?</p>") == "Quel est le délai ?"
    long_text = "mot " * 40
    title = default_title(long_text)
    assert title.endswith("…") and len(title) <= 80 and "mot mot" in title
    assert default_title("  ") == "Question sans titre"


def test_to_dict_is_json_able_and_has_only_the_type_fields():
    data = single().to_dict()
    assert json.loads(json.dumps(data)) == data
    assert data == {
        "type": "single", "title": "Délai légal", "text": "Quel est le délai de paiement maximal ?",
        "text_format": "markdown", "general_feedback": "Voir C. com. L441-10.",
        "category": "module-07/penalites", "tags": ["delais"], "difficulty": "facile",
        "choices": [
            {"id": "a", "text": "30 jours", "fraction": 0.0, "feedback": "C’est le délai supplétif."},
            {"id": "b", "text": "60 jours date de facture", "fraction": 1.0, "feedback": "Exact."},
            {"id": "c", "text": "90 jours", "fraction": -0.5, "feedback": "Trop long."},
        ],
    }
    assert "numeric_answers" not in data and "all_or_nothing" not in data


@pytest.mark.parametrize("build", [single, multiple, truefalse, numeric, matching])
def test_from_dict_gives_back_the_question(build):
    q = build()
    assert QuestionData.from_dict(json.loads(json.dumps(q.to_dict()))) == q


def test_from_dict_refuses_unknown_keys_and_types():
    with pytest.raises(ValueError):
        QuestionData.from_dict({**single().to_dict(), "answer": "b"})
    with pytest.raises(ValueError):
        QuestionData.from_dict({**single().to_dict(), "type": "essay"})
    with pytest.raises(ValueError):
        QuestionData.from_dict({**single().to_dict(), "choices": [{"id": "a", "texte": "x"}]})


def test_registry_has_the_five_types():
    assert sorted(QUESTION_TYPES) == ["matching", "multiple", "numeric", "single", "truefalse"]
    with pytest.raises(ValueError):
        question_type("essay")


@pytest.mark.parametrize("build", [single, multiple, truefalse, numeric, matching])
def test_well_formed_questions_have_no_errors_and_their_correct_answer_scores_one(build):
    q = build()
    assert q.errors() == []
    assert q.kind.grade(q, q.kind.correct_answer(q)) == 1.0


# --- single ---------------------------------------------------------------------------------------

def test_single_grades_the_chosen_fraction_clamped_at_zero():
    q = single()
    assert q.kind.grade(q, "b") == 1.0
    assert q.kind.grade(q, "a") == 0.0
    assert q.kind.grade(q, "c") == 0.0  # -50 % never makes the mark negative
    assert q.kind.grade(q, None) == 0.0
    assert q.kind.grade(q, "z") == 0.0


def test_single_refuses_an_unknown_choice_in_french():
    q = single()
    assert q.kind.validate_answer(q, "a") == "a"
    with pytest.raises(AnswerError, match="Choisissez"):
        q.kind.validate_answer(q, "z")
    with pytest.raises(AnswerError):
        q.kind.validate_answer(q, ["a"])


def test_public_single_follows_the_frozen_order_and_hides_fractions_and_feedback():
    q = single()
    shown = q.kind.public(q, ["c", "a", "b"])
    assert shown == {
        "type": "single", "text": "Quel est le délai de paiement maximal ?", "text_format": "markdown",
        "choices": [{"id": "c", "text": "90 jours"}, {"id": "a", "text": "30 jours"},
                    {"id": "b", "text": "60 jours date de facture"}],
    }
    assert "Exact" not in json.dumps(shown) and "fraction" not in json.dumps(shown)
    with pytest.raises(ValueError):
        q.kind.public(q, ["a", "b"])


def test_single_feedback_is_the_chosen_answers_then_the_general_one():
    q = single()
    assert q.kind.feedback(q, "a") == ["C’est le délai supplétif.", "Voir C. com. L441-10."]
    assert q.kind.feedback(q, None) == ["Voir C. com. L441-10."]
    assert q.kind.correct_answer(q) == "b"


def test_single_without_a_full_mark_answer_or_without_distractor_is_an_error():
    q = single()
    q.choices = [Choice("a", "x", 0.5), Choice("b", "y", 0.0)]
    assert "Aucune réponse ne vaut 100 %." in q.errors()
    q.choices = [Choice("a", "x", 1.0), Choice("b", "y", 1.0)]
    assert any("distracteur" in e for e in q.errors())
    q.choices = [Choice("a", "x", 1.0)]
    assert "Il faut au moins deux réponses proposées." in q.errors()


# --- multiple -------------------------------------------------------------------------------------

def test_multiple_sums_the_chosen_fractions_within_zero_and_one():
    q = multiple()
    assert q.kind.grade(q, ["a", "b", "c"]) == 1.0  # 3 x 33.33333 % is a full mark
    assert q.kind.grade(q, ["a"]) == pytest.approx(0.333333)
    assert q.kind.grade(q, ["a", "b", "c", "d"]) == 0.0
    assert q.kind.grade(q, ["d"]) == 0.0
    assert q.kind.grade(q, []) == 0.0


def test_multiple_all_or_nothing_needs_exactly_the_right_set():
    q = multiple(all_or_nothing=True)
    assert q.kind.grade(q, ["c", "a", "b"]) == 1.0
    assert q.kind.grade(q, ["a", "b"]) == 0.0
    assert q.kind.grade(q, ["a", "b", "c", "d"]) == 0.0


def test_multiple_answer_is_normalised_to_source_order_without_duplicates():
    q = multiple()
    assert q.kind.validate_answer(q, ["c", "a", "c"]) == ["a", "c"]
    with pytest.raises(AnswerError, match="liste"):
        q.kind.validate_answer(q, "a")
    with pytest.raises(AnswerError):
        q.kind.validate_answer(q, ["a", "x"])


def test_multiple_feedback_lists_each_chosen_answer():
    q = multiple()
    assert q.kind.feedback(q, ["d", "a"]) == ["Oui, sûreté personnelle.", "Non."]
    assert q.kind.correct_answer(q) == ["a", "b", "c"]


def test_multiple_whose_right_answers_do_not_reach_100_percent_is_an_error():
    q = multiple()
    q.choices = [Choice("a", "x", 0.5), Choice("b", "y", 0.25), Choice("c", "z", 0.0)]
    assert "Les réponses justes ne totalisent pas 100 %." in q.errors()
    q.all_or_nothing = True
    assert q.errors() == []


def test_all_or_nothing_on_a_single_choice_question_is_an_error():
    q = single()
    q.all_or_nothing = True
    assert any("Tout ou rien" in e for e in q.errors())


# --- true / false ---------------------------------------------------------------------------------

def test_truefalse_grades_and_gives_the_feedback_of_the_answer_given():
    q = truefalse()
    assert q.kind.grade(q, True) == 1.0
    assert q.kind.grade(q, False) == 0.0
    assert q.kind.feedback(q, False) == ["Si : D441-5."]
    assert q.kind.feedback(q, True) == ["Oui."]
    assert q.kind.validate_answer(q, "false") is False
    with pytest.raises(AnswerError, match="vrai ou faux"):
        q.kind.validate_answer(q, 1)


def test_public_truefalse_offers_true_and_false_as_choice_ids():
    q = truefalse()
    assert q.kind.public(q, None)["choices"] == [{"id": True, "text": "Vrai"}, {"id": False, "text": "Faux"}]


# --- numeric --------------------------------------------------------------------------------------

def test_numeric_accepts_a_decimal_comma_and_spaces():
    q = numeric()
    assert q.kind.validate_answer(q, "123,45") == 123.45
    assert q.kind.validate_answer(q, "1 234,5") == 1234.5
    assert q.kind.validate_answer(q, 7) == 7.0
    with pytest.raises(AnswerError, match="n’est pas un nombre"):
        q.kind.validate_answer(q, "douze")
    with pytest.raises(AnswerError):
        q.kind.validate_answer(q, True)


def test_numeric_absolute_tolerance_includes_its_bounds():
    q = numeric()
    assert q.kind.grade(q, "123,44") == 1.0
    assert q.kind.grade(q, 123.46) == 1.0
    assert q.kind.grade(q, "123,47") == 0.5  # outside 0,01 but within 10 % of 123,45


def test_numeric_relative_tolerance_is_a_share_of_the_value():
    q = numeric()
    # 10 % of 123,45 = 12,345: 111,105 and 135,795 are the bounds
    assert q.kind.grade(q, "111,105") == 0.5
    assert q.kind.grade(q, "135,795") == 0.5
    assert q.kind.grade(q, "135,8") == 0.0
    assert q.kind.grade(q, "douze") == 0.0


def test_numeric_feedback_is_that_of_the_best_matching_answer():
    q = numeric()
    assert q.kind.feedback(q, "123,45") == ["Juste.", "Formule."]
    assert q.kind.feedback(q, "130") == ["Arrondi trop large.", "Formule."]
    assert q.kind.feedback(q, "1") == ["Revoyez la formule.", "Formule."]
    assert q.kind.correct_answer(q) == 123.45


def test_numeric_without_a_full_mark_value_is_an_error():
    q = numeric()
    q.numeric_answers = [NumericAnswer(None, fraction=1.0), NumericAnswer(3.0, fraction=0.5)]
    assert q.errors() == ["Aucune valeur attendue ne vaut 100 %."]


def test_public_numeric_has_no_choices_and_no_value():
    q = numeric()
    shown = q.kind.public(q, None)
    assert shown["choices"] == [] and "123" not in json.dumps(shown)


# --- matching -------------------------------------------------------------------------------------

def test_matching_rights_are_deduplicated_and_keep_distractors():
    q = matching()
    assert question_type("matching").right_ids(q) == {
        "a": "Débiteur pas en cessation des paiements", "b": "Cessation des paiements", "d": "Conciliation",
    }


def test_matching_grades_the_share_of_right_pairs():
    q = matching()
    assert q.kind.grade(q, {"a": "a", "b": "b", "c": "b"}) == 1.0
    assert q.kind.grade(q, {"a": "a", "b": "d"}) == pytest.approx(1 / 3)
    assert q.kind.grade(q, {}) == 0.0


def test_matching_answer_must_use_known_ids():
    q = matching()
    assert q.kind.validate_answer(q, {"c": "b", "a": ""}) == {"c": "b"}
    with pytest.raises(AnswerError, match="Élément inconnu"):
        q.kind.validate_answer(q, {"d": "a"})  # the distractor has no left-hand item
    with pytest.raises(AnswerError, match="Proposition inconnue"):
        q.kind.validate_answer(q, {"a": "c"})
    with pytest.raises(AnswerError):
        q.kind.validate_answer(q, {"a": ["a"]})
    with pytest.raises(AnswerError):
        q.kind.validate_answer(q, ["a"])


def test_public_matching_shows_lefts_and_rights_in_the_frozen_order():
    q = matching()
    shown = q.kind.public(q, ["d", "b", "a"])
    assert shown["lefts"] == [{"id": "a", "text": "Sauvegarde"}, {"id": "b", "text": "Redressement"},
                              {"id": "c", "text": "Liquidation"}]
    assert shown["choices"] == [{"id": "d", "text": "Conciliation"}, {"id": "b", "text": "Cessation des paiements"},
                                {"id": "a", "text": "Débiteur pas en cessation des paiements"}]


def test_matching_correct_answer_and_errors():
    q = matching()
    assert q.kind.correct_answer(q) == {"a": "a", "b": "b", "c": "b"}
    q.pairs = [MatchPair("a", "x", "y"), MatchPair("b", "", "z")]
    assert q.errors() == ["Il faut au moins deux éléments à associer."]


# --- shuffling ------------------------------------------------------------------------------------

def test_shuffle_choices_is_a_seeded_permutation_of_choice_ids():
    q = single()
    order = shuffle_choices(q, random.Random(7))
    assert sorted(order) == ["a", "b", "c"]
    assert order == shuffle_choices(q, random.Random(7))
    orders = {tuple(shuffle_choices(q, random.Random(seed))) for seed in range(30)}
    assert len(orders) > 1


def test_shuffle_matching_draws_the_right_hand_ids_and_nothing_for_numeric():
    assert sorted(shuffle_choices(matching(), random.Random(1))) == ["a", "b", "d"]
    assert shuffle_choices(numeric(), random.Random(1)) == []
    assert shuffle_choices(truefalse(), random.Random(1)) == []


def test_common_errors_are_reported():
    q = single()
    q.text = " "
    q.difficulty = "extrême"
    q.text_format = "rtf"
    assert q.errors() == ["L’énoncé est vide.", "Format de texte inconnu : « rtf ».",
                          "Difficulté inconnue : « extrême »."]

"""The GIFT parser against the public gift-pegjs test suite (tests/quizzes/data/gift-conformance).

Every file is parsed; each expected item of a type we support must come out equal once our parse tree
is mapped to the suite's JSON shape (`as_suite_json`), and each item of a type we do not support
(descriptions, essays, short answers) must come out as skipped, on the line written below by hand.
"""

import json
from decimal import Decimal
from pathlib import Path

import pytest

from quizzes.formats.gift import (
    GiftCategory,
    GiftNumber,
    GiftQuestion,
    GiftSkipped,
    GiftText,
    import_gift,
    parse_gift,
)

CORPUS = Path(__file__).parent / "data" / "gift-conformance"
FILES = sorted(p.stem for p in CORPUS.glob("*.gift"))
UNSUPPORTED = {"Description", "Essay", "Short"}

# Line of each unsupported question, read off the files.
SKIPPED_LINES = {
    "description1": [1],
    "descriptionTitleEscapedColon": [1],
    "descriptionWithID": [2],
    "essay1": [1],
    "giftFormatPhpExamples": [11, 33],
    "markdown": [1, 3, 6, 11],
    "newlineAndLaTeX": [1],
    "options1": [11, 24, 29, 44],
    "shortAnswer1": [3, 5],
    "shortAnswer2": [1, 5],
    "shortFirstEmbedded": [1, 3],
    "shortFirstEmbeddedUnderline": [1, 5],
    "shortFirstEmbeddedUnderlineHTML": [1, 5],
    "tag_id": [2],
    "tag_id_and_two_tags": [3],
    "tag_two_tags": [2],
    "totara_moodle_backslash": [4],
    "totara_moodle_essay": [4],
    "totara_moodle_pre_content": [3],
    "totara_moodle_shortanswer": [4],
    "totara_moodle_shortanswer_general_feedback": [4],
    "type_inferred_multiline_markdown": [1],
}


def number(value: Decimal | None):
    return None if value is None else float(value)


def text(value: GiftText | None):
    return None if value is None else {"format": value.format, "text": value.text}


def numeric_json(n: GiftNumber, fmt: str) -> dict:
    if n.kind == "simple":
        return {"type": "simple", "number": number(n.number)}
    if n.kind == "range":
        return {"type": "range", "number": number(n.number), "range": number(n.tolerance)}
    if n.kind == "high-low":
        return {"type": "high-low", "numberHigh": number(n.high), "numberLow": number(n.low)}
    return {"format": fmt, "text": "*"}  # the suite writes "any other answer" as the text "*"


def as_suite_json(item) -> dict:
    """Our parse tree in the suite's JSON shape (ids are not read: `id` is always null)."""
    if isinstance(item, GiftCategory):
        return {"type": "Category", "title": item.path}
    assert isinstance(item, GiftQuestion), item
    data = {
        "id": None, "tags": item.tags or None, "type": item.kind, "title": item.title,
        "stem": text(item.stem), "hasEmbeddedAnswers": item.embedded,
        "globalFeedback": text(item.general_feedback),
    }
    fmt = item.stem.format
    if item.kind == "MC":
        data["choices"] = [{"isCorrect": c.correct, "weight": number(c.weight), "text": text(c.text),
                            "feedback": text(c.feedback)} for c in item.choices]
    elif item.kind == "TF":
        # The suite names the two feedbacks by position: the first (Moodle: for a wrong answer) is its
        # "trueFeedback", the second (for a right answer) its "falseFeedback".
        data.update(isTrue=item.is_true, trueFeedback=text(item.wrong_feedback),
                    falseFeedback=text(item.right_feedback))
    elif item.kind == "Numerical":
        if item.single_number:
            data["choices"] = numeric_json(item.numbers[0].number, fmt)
        else:
            data["choices"] = [{"isCorrect": a.correct, "weight": number(a.weight),
                                "text": numeric_json(a.number, fmt), "feedback": text(a.feedback)}
                               for a in item.numbers]
    elif item.kind == "Matching":
        data["matchPairs"] = [{"subquestion": text(p.left), "subanswer": p.right} for p in item.pairs]
    return data


def test_the_corpus_is_there():
    assert len(FILES) == 51


@pytest.mark.parametrize("name", FILES)
def test_parse_matches_the_suite(name):
    expected = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
    items = parse_gift((CORPUS / f"{name}.gift").read_text(encoding="utf-8"))
    assert len(items) == len(expected)
    for item, wanted in zip(items, expected):
        if wanted["type"] in UNSUPPORTED:
            assert isinstance(item, GiftSkipped) and item.kind == wanted["type"], (item, wanted)
        else:
            assert as_suite_json(item) == wanted
    assert [i.line for i in items if isinstance(i, GiftSkipped)] == SKIPPED_LINES.get(name, [])


@pytest.mark.parametrize("name", FILES)
def test_import_takes_every_supported_question_and_skips_the_others_with_a_reason(name):
    expected = json.loads((CORPUS / f"{name}.json").read_text(encoding="utf-8"))
    result = import_gift((CORPUS / f"{name}.gift").read_text(encoding="utf-8"))
    supported = [e for e in expected if e["type"] not in UNSUPPORTED | {"Category"}]
    assert len(result.questions) == len(supported)
    assert [s.line for s in result.skipped] == SKIPPED_LINES.get(name, [])
    reasons = {"Essay": "essay", "Short": "short answer", "Description": "description"}
    unsupported = [e["type"] for e in expected if e["type"] in UNSUPPORTED]
    for skipped, kind in zip(result.skipped, unsupported):
        assert reasons[kind] in skipped.error and "non" in skipped.error


# --- our bank conventions and the conversion to questions -----------------------------------------

SAMPLE = Path(__file__).parent / "data" / "sample_fr.gift"


def test_french_sample_imports_whole_with_categories_tags_and_escapes():
    result = import_gift(SAMPLE.read_text(encoding="utf-8"))
    assert result.skipped == []
    assert [q.title for q in result.questions] == [
        "Délai de paiement : le plafond légal", "Pénalités de retard : le calcul", "Indemnité forfaitaire",
        "Mentions obligatoires de la facture", "Relance : les étapes", "Procédures collectives",
        "Déclaration de créances",
    ]
    assert result.categories == ["module-07/penalites", "module-12/procedures-collectives"]
    first = result.questions[0].to_dict()
    assert first == {
        "type": "single", "title": "Délai de paiement : le plafond légal",
        "text": "Quel est le délai de paiement maximal entre professionnels, sauf secteur dérogatoire\u00a0?",
        "text_format": "markdown",
        "general_feedback": "Relisez la leçon «\u00a0Délais de paiement\u00a0» du module 7.",
        "category": "module-07/penalites", "tags": [], "difficulty": "facile",
        "choices": [
            {"id": "a", "text": "60 jours à compter de la date d’émission de la facture", "fraction": 1.0,
             "feedback": "Exact\u00a0: C. com. L441-10, I."},
            {"id": "b", "text": "30 jours après la réception des marchandises", "fraction": 0.0,
             "feedback": "C’est le délai supplétif, à défaut d’accord."},
            {"id": "c", "text": "90 jours fin de mois", "fraction": -0.5,
             "feedback": "Non\u00a0: 45 jours fin de mois au plus."},
        ],
    }


def test_french_sample_numeric_question_reads_decimal_commas_and_the_catch_all_answer():
    q = import_gift(SAMPLE.read_text(encoding="utf-8")).questions[1]
    assert q.type == "numeric" and q.difficulty == "moyen" and q.tags == ["calcul"]
    assert "la formule {montant × taux × jours / 365}" in q.text
    assert [(a.value, a.tolerance, a.fraction) for a in q.numeric_answers] == [
        (263.0, 0.01, 1.0), (263.0, 1.0, 0.5), (None, 0.0, 0.0)]
    assert q.numeric_answers[0].feedback.endswith("73 / 365 = 263,00\u00a0€.")
    assert q.kind.grade(q, "263,01") == 1.0
    assert q.kind.grade(q, "262,5") == 0.5
    assert q.kind.feedback(q, "300")[0].startswith("Revoyez la formule")


def test_truefalse_feedbacks_follow_moodle_wrong_then_right():
    q = import_gift("Le taux légal est fixé par la BCE.{F#Non, par arrêté.#Exact.}").questions[0]
    assert (q.correct, q.feedback_true, q.feedback_false) == (False, "Non, par arrêté.", "Exact.")
    sample = import_gift(SAMPLE.read_text(encoding="utf-8")).questions[2]
    assert (sample.correct, sample.feedback_false) == (True, "Si\u00a0: elle est due de plein droit (C. com. D441-5).")


def test_all_or_nothing_tag_and_weights_make_a_multiple_answer_question():
    q = import_gift(SAMPLE.read_text(encoding="utf-8")).questions[3]
    assert (q.type, q.all_or_nothing, q.difficulty) == ("multiple", True, "difficile")
    assert [c.fraction for c in q.choices] == [0.3333333, 0.3333333, 0.3333333, -1.0]


def test_formats_implicit_is_markdown_with_collapsed_spaces_explicit_is_kept():
    result = import_gift("Une question\nsur  deux lignes{T}\n\n[markdown]Liste  \n- a{T}\n\n[html]<p>x</p>{F}\n\n"
                         "[plain]a  b{T}")
    assert [(q.text, q.text_format) for q in result.questions] == [
        ("Une question sur deux lignes", "markdown"), ("Liste  \n- a", "markdown"), ("<p>x</p>", "html"),
        ("a  b", "plain")]


def test_numeric_ranges_become_value_and_tolerance():
    q = import_gift("Un nombre entre -3,142 et -3,141{#-3.142..-3.141}").questions[0]
    assert [(a.value, a.tolerance) for a in q.numeric_answers] == [(-3.1415, 0.0005)]


def test_untitled_question_gets_the_start_of_its_text_as_title_and_letter_ids():
    q = import_gift("Qui signe la mise en demeure ?{~Le débiteur =Le créancier ~Le juge}").questions[0]
    assert q.title == "Qui signe la mise en demeure ?"
    assert [(c.id, c.fraction) for c in q.choices] == [("a", 0.0), ("b", 1.0), ("c", 0.0)]


def test_category_argument_is_used_until_the_file_names_one():
    text = "::a::A ?{T}\n\n$CATEGORY: $course$/top/module-03/limites\n\n::b::B ?{F}"
    result = import_gift(text, category="module-01/bases")
    assert [q.category for q in result.questions] == ["module-01/bases", "module-03/limites"]
    assert result.categories == ["module-01/bases", "module-03/limites"]


def test_tags_in_comments_go_to_the_next_question_only():
    text = "// [tag:moyen] [tag:relance]\n::a::A ?{T}\n\n::b::B ?{F}\n\n// [tag:facile]\n\n::c::C ?{T}"
    result = import_gift(text)
    assert [(q.difficulty, q.tags) for q in result.questions] == [("moyen", ["relance"]), (None, []), ("facile", [])]


def test_malformed_questions_are_skipped_whole_with_their_line_and_the_rest_imported():
    text = "\n".join([
        "::ok 1::Bonne question ?{T}",                                   # 1
        "",
        "::accolade::Question sans fin {=a ~b",                          # 3
        "",
        "::sans bonne réponse::Q ?{~a ~b}",                              # 5
        "",
        "// [tag:facile] [tag:difficile]",
        "::deux niveaux::Q ?{T}",                                        # 8
        "",
        "::nombre::Combien ?{#=12 € ~#non}",                             # 10
        "",
        "::accolade fermante::Q } ?{T}",                                 # 12
        "",
        "::ok 2::Autre question ?{F}",                                   # 14
    ])
    result = import_gift(text)
    assert [q.title for q in result.questions] == ["ok 1", "ok 2"]
    assert [s.line for s in result.skipped] == [3, 5, 8, 10, 12]
    errors = [s.error for s in result.skipped]
    assert "non fermé" in errors[0]
    assert "ne totalisent pas 100 %" in errors[1]  # no `=`: a multiple answer question
    assert "Deux niveaux de difficulté" in errors[2]
    assert "Nombre illisible : « 12 € »" in errors[3]
    assert "Accolade « } » avant le bloc" in errors[4]
    assert result.summary()["imported"] == 2


def test_several_answer_blocks_are_refused():
    result = import_gift("Le {=a ~b} et le {=c ~d}.")
    assert result.questions == [] and "Plusieurs blocs" in result.skipped[0].error

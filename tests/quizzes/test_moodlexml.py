"""Moodle XML import and export: supported types, skipped ones, and refusal of DTDs and entities."""

import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

from quizzes.formats import export_questions, import_questions
from quizzes.questions import Choice, MatchPair, NumericAnswer, QuestionData

SAMPLE = (Path(__file__).parent / "data" / "sample_fr.xml").read_text(encoding="utf-8")


def sample():
    return import_questions(SAMPLE, "moodlexml")


def test_sample_imports_supported_types_and_skips_the_others_on_their_line():
    result = sample()
    assert [q.title for q in result.questions] == [
        "Lettre de relance : le ton", "Blocage des livraisons", "Taux minimal des pénalités",
        "Indemnité pour trois factures", "Lettres types"]
    assert result.summary()["skipped"] == [
        {"line": 81, "error": "Type de question Moodle « essay » non pris en charge."},
        {"line": 91, "error": "Une question vrai/faux doit avoir une réponse « true » et une « false »."},
        {"line": 191, "error": "Type de question Moodle « cloze » non pris en charge."},
    ]
    assert result.categories == ["module-05/relances", "module-07/penalites"]


def test_multichoice_reads_cdata_html_percentages_feedback_and_tags():
    assert sample().questions[0].to_dict() == {
        "type": "single", "title": "Lettre de relance : le ton",
        "text": "<p>Quel ton adopter dans une <strong>première</strong> relance écrite&nbsp;?</p>",
        "text_format": "html",
        "general_feedback": "<p>Voir la leçon «&nbsp;Les quatre lettres types&nbsp;».</p>",
        "category": "module-05/relances", "tags": ["courrier"], "difficulty": "facile",
        "choices": [
            {"id": "a", "text": "<p>Courtois et factuel</p>", "fraction": 1.0,
             "feedback": "<p>Oui : le client a peut-être simplement oublié.</p>"},
            {"id": "b", "text": "<p>Menaçant</p>", "fraction": 0.0, "feedback": "Trop tôt."},
            {"id": "c", "text": "Ironique", "fraction": 0.0, "feedback": ""},
        ],
    }


def test_multichoiceset_is_an_all_or_nothing_multiple_answer_question():
    q = sample().questions[1]
    assert (q.type, q.all_or_nothing, q.text_format) == ("multiple", True, "markdown")
    assert q.kind.grade(q, ["a", "b"]) == 1.0 and q.kind.grade(q, ["a"]) == 0.0


def test_truefalse_numerical_and_matching():
    _, _, truefalse, numeric, matching = sample().questions
    assert (truefalse.correct, truefalse.text_format, truefalse.feedback_false) == (
        True, "plain", "Si : c’est le plancher légal.")
    assert numeric.numeric_answers == [NumericAnswer(120.0, 0.0, "absolute", 1.0, "3 × 40 € = 120 €."),
                                       NumericAnswer(None, 0.0, "absolute", 0.0, "40 € par facture.")]
    assert matching.pairs == [MatchPair("a", "<p>Rappel</p>", "Juste après l’échéance"),
                              MatchPair("b", "<p>Mise en demeure</p>", "Avant l’action en justice"),
                              MatchPair("c", "", "À la commande")]


def test_sample_survives_a_moodle_xml_round_trip_and_a_gift_one():
    questions = sample().questions
    for fmt in ("moodlexml", "gift"):
        again = import_questions(export_questions(questions, fmt), fmt)
        assert again.skipped == []
        assert [q.to_dict() for q in again.questions] == [q.to_dict() for q in questions]


BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY lol "lol">
  <!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
]>
<quiz><question type="truefalse"><name><text>&lol2;</text></name></question></quiz>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE quiz [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<quiz><question type="truefalse"><name><text>&secret;</text></name></question></quiz>
"""


@pytest.mark.parametrize("document", [BILLION_LAUGHS, EXTERNAL_ENTITY])
def test_dtds_and_entities_are_refused(document):
    result = import_questions(document, "moodlexml")
    assert result.questions == []
    assert result.summary()["skipped"] == [
        {"line": 2, "error": "Fichier refusé : les déclarations DOCTYPE et ENTITY ne sont pas acceptées."}]


def test_malformed_xml_and_wrong_root_are_reported():
    broken = import_questions('<quiz>\n<question type="truefalse">\n</quiz>', "moodlexml")
    assert broken.questions == [] and broken.skipped[0].line == 3
    assert broken.skipped[0].error.startswith("XML mal formé")
    assert import_questions("<questions/>", "moodlexml").skipped[0].error == (
        "Élément racine <quiz> attendu, <questions> trouvé.")


def test_bytes_follow_the_declared_encoding():
    document = ('<?xml version="1.0" encoding="ISO-8859-1"?>\n<quiz><question type="truefalse">'
                "<name><text>Échéance</text></name><questiontext><text>Échue ?</text></questiontext>"
                '<answer fraction="0"><text>true</text></answer><answer fraction="100"><text>false</text></answer>'
                "</question></quiz>")
    q = import_questions(document.encode("latin-1"), "moodlexml").questions[0]
    assert (q.title, q.text, q.correct) == ("Échéance", "Échue ?", False)


def test_unreadable_numbers_and_fractions_skip_the_question():
    document = ('<quiz><question type="numerical"><name><text>N</text></name><questiontext><text>?</text>'
                '</questiontext><answer fraction="100"><text>douze</text></answer></question>\n'
                '<question type="multichoice"><name><text>M</text></name><questiontext><text>?</text>'
                '</questiontext><answer fraction="cent"><text>a</text></answer></question></quiz>')
    result = import_questions(document, "moodlexml")
    assert [s._asdict() for s in result.skipped] == [
        {"line": 1, "error": "Valeur illisible : « douze »."},
        {"line": 2, "error": "Note de réponse illisible : « cent »."},
    ]


def test_export_writes_percentages_cdata_and_absolute_tolerances():
    questions = [
        QuestionData(type="multiple", title="Poids", text="Cochez <b>deux</b> réponses ]]> fin.",
                     text_format="html", category="module-01/bases",
                     choices=[Choice("a", "x", 0.3333333), Choice("b", "y", 0.6666667), Choice("c", "z", -1.0)]),
        QuestionData(type="numeric", title="Relatif", text="Combien ?",
                     numeric_answers=[NumericAnswer(200.0, 0.05, "relative", 1.0, "")]),
    ]
    exported = export_questions(questions, "moodlexml")
    ET.fromstring(exported)  # well formed for any XML reader
    assert '<answer fraction="33.33333" format="html">' in exported
    assert '<answer fraction="-100" format="html">' in exported
    assert "<single>false</single>" in exported
    assert "<![CDATA[Cochez <b>deux</b> réponses ]]]]><![CDATA[> fin.]]>" in exported
    assert "<category><text>$course$/top/module-01/bases</text></category>" in exported
    assert "<tolerance>10</tolerance>" in exported
    again = import_questions(exported, "moodlexml").questions
    assert again[0].to_dict() == questions[0].to_dict()
    assert again[1].numeric_answers == [NumericAnswer(200.0, 10.0, "absolute", 1.0, "")]

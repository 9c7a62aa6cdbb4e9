"""Aiken import: single choice questions, malformed ones skipped whole with their line."""

from pathlib import Path

from quizzes.formats import import_questions

SAMPLE = (Path(__file__).parent / "data" / "sample_fr.aiken").read_text(encoding="utf-8")


def test_sample_imports_the_well_formed_questions_into_the_given_category():
    result = import_questions(SAMPLE, "aiken", category="$course$/top/module-10/contentieux")
    assert len(result.questions) == 3
    first = result.questions[0].to_dict()
    assert first == {
        "type": "single", "title": "Quel acte ouvre la procédure d’injonction de payer\u00a0?",
        "text": "Quel acte ouvre la procédure d’injonction de payer\u00a0?", "text_format": "markdown",
        "general_feedback": "", "category": "module-10/contentieux", "tags": [], "difficulty": None,
        "choices": [
            {"id": "a", "text": "Une assignation devant le tribunal", "fraction": 0.0, "feedback": ""},
            {"id": "b", "text": "Une requête au greffe", "fraction": 1.0, "feedback": ""},
            {"id": "c", "text": "Une mise en demeure", "fraction": 0.0, "feedback": ""},
        ],
    }
    assert result.categories == ["module-10/contentieux"]


def test_question_text_may_span_lines_and_questions_need_no_blank_line():
    second = import_questions(SAMPLE, "aiken").questions[1]
    assert second.text == ("Le délai pour déclarer une créance court à compter de\u00a0:\n"
                           "la publication du jugement d’ouverture au BODACC.")
    assert [c.fraction for c in second.choices] == [1.0, 0.0]
    assert second.category == ""


def test_answer_keyword_and_letter_are_read_in_any_case():
    last = import_questions(SAMPLE, "aiken").questions[2]
    assert last.kind.correct_answer(last) == "b"
    assert last.choices[1].text == "40\u00a0€"


def test_malformed_questions_are_skipped_with_the_line_they_start_on():
    result = import_questions(SAMPLE, "aiken")
    assert result.summary()["skipped"] == [
        {"line": 12, "error": "Ligne « ANSWER: » manquante après les options."},
        {"line": 16, "error": "La réponse « D » ne correspond à aucune option (A, B)."},
    ]


def test_edge_cases_report_their_line():
    text = "ANSWER: A\n\nUne seule option ?\nA. Oui\nANSWER: A\n\nPas de fin ?\nA. Oui\nB. Non\n"
    result = import_questions(text, "aiken")
    assert result.questions == []
    assert [s.line for s in result.skipped] == [1, 3, 7]
    assert "deux réponses" in result.skipped[1].error
    assert "fin de fichier" in result.skipped[2].error

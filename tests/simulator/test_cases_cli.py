import json
from pathlib import Path

import pytest

from simulator.registry import all_kinds
from tests.simulator.conftest import json_of

DATA = Path(__file__).parent / "data"


def _fails_with_one_line(result, fragment):
    assert result.exit_code != 0
    assert result.stdout == ""
    assert result.stderr.count("\n") == 1 and fragment in result.stderr, result.stderr


def test_kinds_lists_slug_title_and_module(cli):
    kinds = json_of(cli("kinds"))
    assert kinds == [{"slug": k.slug, "title": k.title, "module": k.module} for k in all_kinds()]
    assert any(k["slug"] == "financial-analysis" for k in kinds)


def test_generate_prints_the_public_case_and_is_deterministic(cli):
    case = json_of(cli("generate", "financial-analysis", "--seed", 12))
    assert {"years", "accounts", "vat_rate", "narrative"} <= set(case)
    assert "archetype" not in case and "ratios" not in case
    assert json_of(cli("generate", "financial-analysis", "--seed", 12)) == case
    assert json_of(cli("generate", "financial-analysis", "--seed", 12, "--level", "facile"))["level"] == "facile"


def test_solve_then_grade_the_solution_gives_full_marks(cli, tmp_path):
    solution = json_of(cli("solve", "financial-analysis", "--seed", 4))
    assert {"ratios", "scores", "warning_signs", "risk_class"} <= set(solution)
    path = tmp_path / "answers.json"
    path.write_text(json.dumps(solution), encoding="utf-8")
    grade = json_of(cli("grade", "financial-analysis", "--seed", 4, "--submission", path))
    assert grade["score"] == grade["max_score"] > 0
    assert {"id", "awarded", "max", "expected", "given", "feedback"} <= set(grade["items"][0])


def test_grade_reads_the_submission_from_stdin(cli):
    grade = json_of(cli("grade", "financial-analysis", "--seed", 4, "--submission", "-",
                      input=json.dumps({"risk_class": "A"})))
    assert 0 <= grade["score"] <= 3 and grade["max_score"] > 3


def test_accounts_file_replaces_the_seed(cli, tmp_path):
    case = json_of(cli("generate", "financial-analysis", "--seed", 8))
    own = tmp_path / "accounts.json"
    own.write_text(json.dumps({"company": {"name": "Fichier SARL"}, "years": case["years"],
                               "accounts": case["accounts"]}), encoding="utf-8")
    imported = json_of(cli("generate", "financial-analysis", "--accounts", own))
    assert "Fichier SARL" in imported["narrative"] and imported["accounts"] == case["accounts"]
    assert json_of(cli("solve", "financial-analysis", "--accounts", own))["ratios"] == \
        json_of(cli("solve", "financial-analysis", "--seed", 8))["ratios"]

    inpi = json_of(cli("solve", "financial-analysis", "--accounts", DATA / "inpi_menuiseries_durand.json"))
    assert set(inpi["ratios"]) == {"2023", "2024"}


@pytest.mark.parametrize(
    "args, fragment",
    [
        (("generate", "inconnu", "--seed", 1), "inconnu"),
        (("generate", "financial-analysis"), "--seed"),
        (("generate", "financial-analysis", "--seed", "abc"), "--seed"),
        (("generate", "financial-analysis", "--seed", 1, "--level", "expert"), "--level"),
        (("solve",), "KIND"),
        (("grade", "financial-analysis", "--seed", 1), "--submission"),
        (("grade", "financial-analysis", "--seed", 1, "--submission", "/nonexistent.json"), "/nonexistent.json"),
    ],
)
def test_bad_input_gives_a_one_line_error_and_nojson_of(cli, args, fragment):
    _fails_with_one_line(cli(*args), fragment)


def test_unreadable_files_are_reported_in_one_line(cli, tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("{pas du json", encoding="utf-8")
    _fails_with_one_line(cli("grade", "financial-analysis", "--seed", 1, "--submission", broken), "JSON illisible")
    _fails_with_one_line(cli("generate", "financial-analysis", "--accounts", broken), "JSON illisible")
    wrong_shape = tmp_path / "wrong.json"
    wrong_shape.write_text(json.dumps({"foo": 1}), encoding="utf-8")
    _fails_with_one_line(cli("generate", "financial-analysis", "--accounts", wrong_shape), "Format non reconnu")
    _fails_with_one_line(cli("generate", "financial-analysis", "--seed", 1, "--accounts", wrong_shape), "pas les deux")

"""The question bank in the database: identity across syncs, versions, import summary, export, CLI."""

import json
from pathlib import Path

from sqlalchemy import func, select

from quizzes.bank import current_questions, import_text, question_versions, store_question, sync_banks
from quizzes.formats import import_questions
from quizzes.models import Question, QuestionVersion, Quiz
from quizzes.sync import sync_definitions

GIFT = """$CATEGORY: module-07/delais

::Plafond::Quel est le plafond général ?{=60 jours#Oui.~90 jours#Non.}

::Supplétif::Délai à défaut d'accord ?{=30 jours#Oui.~60 jours#Non.}
"""


def test_a_question_keeps_its_identity_and_gets_a_new_version_when_changed(db, tmp_path):
    bank = tmp_path / "module-07.gift"
    bank.write_text(GIFT, encoding="utf-8")
    sync_banks([bank])
    first = db.session.scalar(select(Question).where(Question.title == "Plafond"))
    assert first.version == 1
    summary = sync_banks([bank])
    assert "2 inchangée(s)" in summary
    bank.write_text(GIFT.replace("Quel est le plafond général ?", "Quel est le plafond légal ?"), encoding="utf-8")
    sync_banks([bank])
    again = db.session.scalar(select(Question).where(Question.title == "Plafond"))
    assert again.id == first.id and again.version == 2
    versions = question_versions([(again.id, 1), (again.id, 2)])
    old, new = versions[(again.id, 1)], versions[(again.id, 2)]
    assert "général" in old.text and "légal" in new.text


def test_a_question_removed_from_its_bank_is_retired_not_deleted(db, tmp_path):
    bank = tmp_path / "module-07.gift"
    bank.write_text(GIFT, encoding="utf-8")
    sync_banks([bank])
    bank.write_text(GIFT.split("::Supplétif")[0], encoding="utf-8")
    assert "1 retirée(s)" in sync_banks([bank])
    retired = db.session.scalar(select(Question).where(Question.title == "Supplétif"))
    assert retired is not None and not retired.active
    assert [q.title for q in current_questions("module-07")] == ["Plafond"]


def test_import_summary_lists_skipped_questions_and_categories(db):
    text = GIFT + "\n::Cassée::Sans bonne réponse {~a~b}\n\n::Plafond::Doublon {=x~y}\n"
    summary = import_text(text, "gift")
    assert summary["imported"] == 2
    assert summary["categories"] == ["module-07/delais"]
    assert len(summary["skipped"]) == 2
    assert all(isinstance(s["line"], int) and s["error"] for s in summary["skipped"])
    assert db.session.scalar(select(func.count()).select_from(Question)) == 2


def test_category_filter_takes_sub_categories_but_not_lookalikes(db):
    import_text(GIFT, "gift")
    import_text("$CATEGORY: module-070\n\n::Autre::Texte {=a~b}\n", "gift")
    assert {q.title for q in current_questions("module-07")} == {"Plafond", "Supplétif"}


def test_export_then_import_gives_the_same_questions(db, runner, tmp_path):
    import_text(Path(__file__).resolve().parents[2].joinpath("quizzes", "starter.gift").read_text(), "gift")
    before = [q.to_dict() for q in current_questions()]
    out = tmp_path / "export.gift"
    assert runner.invoke(args=["quizzes", "export", "--format", "gift", "--out", str(out)]).exit_code == 0
    again = import_questions(out.read_text(encoding="utf-8"), "gift")
    assert [q.to_dict() for q in again.questions] == before


def test_import_command_prints_exactly_the_contract_json(runner, app, tmp_path):
    source = tmp_path / "q.gift"
    source.write_text("::Sans catégorie::Texte {=a~b}\n", encoding="utf-8")
    result = runner.invoke(args=["quizzes", "import", str(source), "--format", "gift", "--category", "essais/cli"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout) == {"imported": 1, "skipped": [], "categories": ["essais/cli"]}
    with app.app_context():
        assert db_count(QuestionVersion) == 1


def db_count(model):
    from core.extensions import db

    return db.session.scalar(select(func.count()).select_from(model))


def test_content_sync_loads_banks_and_exams(runner, app):
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code == 0, result.output
    with app.app_context():
        from core.extensions import db

        slugs = set(db.session.scalars(select(Quiz.slug)))
        assert {"certification", "positionnement", "decouverte", "entrainement-07"} <= slugs
        assert db_count(Question) > 50
    again = runner.invoke(args=["content", "sync"])
    assert "0 créée(s)" in again.output and "0 créé(s)" in again.output


def test_each_version_stores_its_texts_rendered_and_sanitised(db):
    import_text("$CATEGORY: essais\n\n::Rendu::Texte **gras** <script>alert(1)</script> {=Oui *vraiment*~Non}\n", "gift")
    version = db.session.scalar(select(QuestionVersion))
    assert "<strong>gras</strong>" in version.rendered["text"] and "<script" not in version.rendered["text"]
    assert version.rendered["choices"]["a"] == "Oui <em>vraiment</em>"


def test_definition_sync_warns_when_the_bank_cannot_fill_a_draw(db, tmp_path):
    from quizzes.sync import sync_definitions

    import_text(GIFT, "gift")
    (tmp_path / "examen.yaml").write_text(
        "slug: examen\ntitle: Examen\nkind: module\nrules:\n  - {category: module-07, count: 4}\n"
        "  - {category: module-08, count: 1}\n", encoding="utf-8")
    summary = sync_definitions(tmp_path)
    assert "« examen » tirera moins de questions que prévu" in summary
    assert "module-07 : 2 question(s) sur 4" in summary and "module-08 : 0 question(s) sur 1" in summary


def test_moodle_xml_export_imports_back_through_the_cli(runner, app, tmp_path):
    with app.app_context():
        from core.extensions import db

        import_text(Path(__file__).resolve().parents[2].joinpath("quizzes", "starter.gift").read_bytes(), "gift")
        db.session.commit()
        before = [q.to_dict() for q in current_questions()]
    out = tmp_path / "banque.xml"
    assert runner.invoke(args=["quizzes", "export", "--format", "moodlexml", "--out", str(out)]).exit_code == 0
    result = runner.invoke(args=["quizzes", "import", str(out), "--format", "moodlexml"])
    assert json.loads(result.stdout) == {"imported": 6, "skipped": [], "categories": ["decouverte"]}
    with app.app_context():
        assert [q.to_dict() for q in current_questions()] == before
        assert db_count(QuestionVersion) == 6  # same questions: no new version


def test_every_change_that_can_change_a_draw_bumps_the_bank_revision(db, tmp_path):
    from quizzes.bank import question_pool
    from quizzes.models import BankRevision

    def revision():
        return db.session.scalar(select(BankRevision.revision).where(BankRevision.id == 1)) or 0

    bank = tmp_path / "module-07.gift"
    bank.write_text(GIFT, encoding="utf-8")
    sync_banks([bank])
    created = revision()
    assert created >= 1 and {e.title for e in question_pool(created).entries} == {"Plafond", "Supplétif"}
    sync_banks([bank])
    assert revision() == created  # nothing changed
    bank.write_text(GIFT.split("::Supplétif")[0], encoding="utf-8")
    sync_banks([bank])
    retired = revision()
    assert retired > created and {e.title for e in question_pool(retired).entries} == {"Plafond"}
    bank.write_text(GIFT, encoding="utf-8")
    sync_banks([bank])
    assert revision() > retired  # brought back
    bank.write_text(GIFT.replace("général", "légal"), encoding="utf-8")
    before = revision()
    sync_banks([bank])
    assert revision() > before
    assert {(e.title, e.version) for e in question_pool(revision()).entries} == {("Plafond", 2), ("Supplétif", 1)}

"""Loading the course: clear French errors naming the file, idempotent sync, progress kept across syncs."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from core.extensions import db
from courseware.models import GlossaryTerm, Lesson, LessonProgress, Module
from courseware.progress import record_visit, set_completed
from courseware.source import ContentError, read_course

LESSON = "## Ce que vous saurez faire\n\nLire.\n\nÉchéance\n:   Date à laquelle la facture doit être payée.\n"


def _error(course_folder) -> str:
    with pytest.raises(ContentError) as caught:
        read_course(course_folder.root)
    return str(caught.value)


def test_missing_module_title_names_the_file(course_folder):
    course_folder.module(title="")
    message = _error(course_folder)
    assert "01-premier-module/module.md" in message and "titre manquant" in message


def test_lesson_without_title_names_the_lesson(course_folder):
    folder = course_folder.module()
    course_folder.write(folder / "02-sans-titre.md", {"objectives": ["Lire"]}, "Texte.")
    message = _error(course_folder)
    assert "02-sans-titre.md" in message and "titre manquant" in message


@pytest.mark.parametrize("order, shown", [("trois", "« trois »"), (0, "« 0 »"), (None, "absent")])
def test_bad_order_is_refused(course_folder, order, shown):
    course_folder.module(order=order)
    message = _error(course_folder)
    assert "module.md" in message and "« order » invalide" in message and shown in message


def test_two_modules_with_the_same_order_are_refused(course_folder):
    course_folder.module("01-premier-module", order=1)
    course_folder.module("02-second-module", order=1)
    assert "l'ordre 1 est déjà celui du module 01-premier-module" in _error(course_folder)


@pytest.mark.parametrize("prerequisite", ["Module 1", "01-premier-module"])
def test_malformed_or_self_prerequisite_is_unknown(course_folder, prerequisite):
    course_folder.module(prerequisites=[prerequisite])
    assert f"prérequis inconnu « {prerequisite} »" in _error(course_folder)


def test_prerequisite_not_yet_written_is_reported_not_refused(app, course_folder):
    course_folder.module(prerequisites=["04-protection-juridique"])
    report = course_folder.sync(app)
    assert report.missing_prerequisites == ("04-protection-juridique",)
    assert "prérequis pas encore rédigés : 04-protection-juridique" in report.summary()


@pytest.mark.parametrize("change, expected", [
    ({"simulator": ["tableur"]}, "type de cas inconnu dans « simulator » : tableur"),
    ({"objectives": []}, "champ « objectives » vide"),
    ({"objectives": "Lire"}, "champ « objectives » invalide"),
    ({"prerequisite": []}, "champ(s) inconnu(s) dans l'en-tête : prerequisite"),
    ({"duration_minutes": "4 h"}, "« duration_minutes » invalide"),
])
def test_invalid_front_matter_fields_are_explained(course_folder, change, expected):
    course_folder.module(**change)
    message = _error(course_folder)
    assert "module.md" in message and expected in message


def test_file_without_front_matter_or_with_broken_yaml(course_folder):
    folder = course_folder.module()
    course_folder.write(folder / "module.md", None, "# Pas d'en-tête\n")
    assert "en-tête YAML absent" in _error(course_folder)
    (folder / "module.md").write_text("---\ntitle: [non fermé\n---\nTexte\n", encoding="utf-8")
    assert "en-tête YAML invalide" in _error(course_folder)


def test_misnamed_lesson_and_missing_module_file(course_folder):
    folder = course_folder.module()
    course_folder.write(folder / "lecon-sans-numero.md", {"title": "X", "objectives": ["Y"]}, "Texte")
    assert "lecon-sans-numero.md : nom de leçon invalide" in _error(course_folder)
    (folder / "lecon-sans-numero.md").unlink()
    (folder / "module.md").unlink()
    assert "fichier module.md manquant" in _error(course_folder)


def test_content_sync_command_reports_the_error_in_french(app, runner, course_folder):
    course_folder.module(title="")
    app.config["COURSE_CONTENT_DIR"] = course_folder.root
    result = runner.invoke(args=["content", "sync"])
    assert result.exit_code != 0
    assert "titre manquant" in result.output


def test_sync_renders_and_stores_modules_lessons_terms(app, course_folder):
    course_folder.module(lessons={"01-premiere-lecon": LESSON, "02-deuxieme-lecon": "Texte : « court ».\n"},
                         simulator=["aged-balance"])
    report = course_folder.sync(app)
    assert (report.modules, report.lessons, report.terms, report.created) == (1, 2, 1, 3)
    with app.app_context():
        module = db.session.scalar(select(Module))
        assert module.simulator_kinds == ["aged-balance"] and module.fiche_title == "Fiche pratique"
        assert "60\u00a0jours" in module.fiche_html
        first, second = module.lessons
        assert (first.slug, first.order, second.order) == ("01-premiere-lecon", 1, 2)
        assert "«\u00a0court\u00a0»" in second.html and second.search_text.startswith("lecon 02-deuxieme-lecon texte")
        term = db.session.scalar(select(GlossaryTerm))
        assert (term.term, term.sort_key, term.anchor) == ("Échéance", "echeance", "def-echeance")


def test_second_sync_changes_nothing(app, course_folder):
    course_folder.module(lessons={"01-premiere-lecon": LESSON})
    course_folder.module("02-second-module", order=2, prerequisites=["01-premier-module"])
    first = course_folder.sync(app)
    assert first.created == 4
    with app.app_context():
        before = [(row.id, row.html) for row in db.session.scalars(select(Lesson).order_by(Lesson.id))]
    second = course_folder.sync(app)
    assert not second.changed, second.summary()
    assert "créations : 0, mises à jour : 0, suppressions : 0" in second.summary()
    with app.app_context():
        assert [(row.id, row.html) for row in db.session.scalars(select(Lesson).order_by(Lesson.id))] == before


def test_edits_update_in_place_and_removed_lessons_go_with_their_progress(app, course_folder, factory):
    folder = course_folder.module(lessons={"01-premiere-lecon": LESSON, "02-deuxieme-lecon": "Texte."})
    course_folder.sync(app)
    trainee = factory.user("trainee")
    with app.app_context():
        ids = {lesson.slug: lesson.id for lesson in db.session.scalars(select(Lesson))}
        set_completed(trainee.id, ids["01-premiere-lecon"], True)
        record_visit(trainee.id, ids["02-deuxieme-lecon"])
        db.session.commit()

    course_folder.lesson(folder.name, "01-premiere-lecon", LESSON + "\nUn paragraphe ajouté.\n")
    (folder / "02-deuxieme-lecon.md").unlink()
    report = course_folder.sync(app)
    assert (report.updated, report.deleted) == (2, 1)  # the lesson and its module (word count)

    with app.app_context():
        lesson = db.session.scalar(select(Lesson))
        assert lesson.id == ids["01-premiere-lecon"] and "Un paragraphe ajouté." in lesson.html
        rows = db.session.scalars(select(LessonProgress)).all()
        assert [(row.lesson_id, row.completed_at is not None) for row in rows] == [(lesson.id, True)]


def test_removed_module_is_deleted(app, course_folder):
    course_folder.module()
    second = course_folder.module("02-second-module", order=2)
    course_folder.sync(app)
    for path in second.iterdir():
        path.unlink()
    second.rmdir()
    assert course_folder.sync(app).deleted == 1
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Module)) == 1
        assert db.session.scalar(select(func.count()).select_from(Lesson)) == 1

"""A candidate takes a short timed exam in Chromium, reloads mid-way, finishes and sees the review; the cohort's
trainer then opens that attempt."""

from __future__ import annotations

import re

import pytest
import yaml

from tests.conftest import log_in_browser

pytestmark = pytest.mark.browser

PASSWORD = "motdepasse-solide"


def set_up(app) -> None:
    from accounts.operations import add_to_cohort, create_cohort, create_user
    from core.extensions import db
    from quizzes.bank import STARTER_BANK, import_text
    from quizzes.definitions import parse_definition
    from quizzes.sync import EXAMS_DIR, store_definition

    with app.app_context():
        cohort = create_cohort("Session navigateur")
        add_to_cohort(cohort, create_user("candidate@exemple.fr", PASSWORD, "trainee", "Claire Candidate"))
        cohort.trainers.append(create_user("formateur@exemple.fr", PASSWORD, "trainer", "Félix Formateur"))
        import_text(STARTER_BANK.read_text(encoding="utf-8"), "gift")
        definition = yaml.safe_load((EXAMS_DIR / "decouverte.yaml").read_text(encoding="utf-8"))
        store_definition(parse_definition(definition))
        db.session.commit()


def log_in(page, base: str, email: str) -> None:
    log_in_browser(page, base, email, PASSWORD)


def question(page, number: int):
    return page.locator("fieldset.question").nth(number - 1)


def wait_saved(page, number: int) -> None:
    status = question(page, number).locator(".question-status")
    status.filter(has_text=re.compile(r"Réponse enregistrée à \d\d:\d\d:\d\d")).wait_for(timeout=10_000)


def test_candidate_takes_a_timed_exam_reloads_finishes_and_the_trainer_reviews_it(live_server, browser, tmp_path):
    set_up(live_server)
    base = live_server.config["LIVE_URL"]
    context = browser.new_context(locale="fr-FR", timezone_id="Europe/Paris")
    page = context.new_page()
    page.on("dialog", lambda dialog: dialog.accept())
    log_in(page, base, "candidate@exemple.fr")
    page.get_by_role("link", name="Découverte de l'examen en ligne").first.click()
    page.get_by_role("button", name="Commencer").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    attempt_url = page.url
    timer = page.get_by_role("timer")
    assert re.match(r"(9|10) min \d\d s", timer.inner_text())

    # first half: single choice (first option), the multiple choice question, true/false
    question(page, 1).locator("input[type=radio]").first.check()
    wait_saved(page, 1)
    question(page, 2).locator("input[type=checkbox]").nth(0).check()
    question(page, 2).locator("input[type=checkbox]").nth(1).check()
    wait_saved(page, 2)
    question(page, 4).get_by_label("Vrai").check()
    wait_saved(page, 4)
    assert "Dernier enregistrement à" in page.locator("#save-status").inner_text()

    page.reload()
    assert question(page, 1).locator("input[type=radio]").first.is_checked()
    assert question(page, 2).locator("input[type=checkbox]").nth(1).is_checked()
    assert question(page, 4).get_by_label("Vrai").is_checked()
    assert re.match(r"\d+ min \d\d s", page.get_by_role("timer").inner_text())

    page.get_by_role("button", name="Masquer le minuteur").click()
    assert page.get_by_role("button", name="Afficher le minuteur").get_attribute("aria-pressed") == "true"

    question(page, 5).get_by_label("Votre réponse").fill("99,86")
    wait_saved(page, 5)
    matching = question(page, 6).locator("select")
    for index in range(matching.count()):
        matching.nth(index).select_option(index=1)
    wait_saved(page, 6)
    chosen = [matching.nth(index).input_value() for index in range(matching.count())]
    page.reload()  # the numeric answer comes back in French notation, the pairs as chosen
    assert question(page, 5).get_by_label("Votre réponse").input_value() == "99,86"
    assert [question(page, 6).locator("select").nth(i).input_value() for i in range(len(chosen))] == chosen
    assert "Réponse enregistrée." in question(page, 6).locator(".question-status").inner_text()
    assert question(page, 3).locator(".question-status").inner_text() == ""  # never answered
    page.screenshot(path=str(tmp_path / "exam.png"), full_page=True)

    page.get_by_role("button", name="Terminer et envoyer mes réponses").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+/review$"))
    assert "Score" in page.locator(".result-box").inner_text()
    assert page.get_by_text("Exact : 10 000 × 12,15").first.is_visible() or "99,86" in page.content()
    page.screenshot(path=str(tmp_path / "review.png"), full_page=True)
    page.goto(attempt_url)  # the closed attempt cannot be reopened: back to the review
    assert page.url.endswith("/review")
    attempt_id = attempt_url.rsplit("/", 1)[1]
    context.close()

    trainer = browser.new_context(locale="fr-FR").new_page()
    log_in(trainer, base, "formateur@exemple.fr")
    trainer.get_by_role("link", name=re.compile("Claire Candidate")).first.click()
    trainer.wait_for_url(base + f"/trainer/attempts/{attempt_id}")
    assert trainer.get_by_role("heading", level=1).inner_text().endswith("Claire Candidate")
    assert trainer.locator(".review-item").count() == 6
    assert "Bonne réponse" in trainer.content()
    trainer.close()


def test_a_checked_practice_question_keeps_its_correction_after_a_reload(live_server, browser):
    from core.extensions import db
    from quizzes.definitions import parse_definition
    from quizzes.sync import EXAMS_DIR, store_definition

    set_up(live_server)
    with live_server.app_context():
        definition = yaml.safe_load((EXAMS_DIR / "decouverte.yaml").read_text(encoding="utf-8"))
        definition.update(slug="entrainement-essai", title="Entraînement d'essai", kind="practice",
                          behaviour="immediate", time_limit_minutes=None)
        store_definition(parse_definition(definition))
        db.session.commit()
    base = live_server.config["LIVE_URL"]
    page = browser.new_context(locale="fr-FR").new_page()
    log_in(page, base, "candidate@exemple.fr")
    page.goto(base + "/quizzes/entrainement-essai")
    page.get_by_role("button", name="Commencer").click()
    page.wait_for_url(re.compile(r".*/attempts/\d+$"))
    question(page, 4).get_by_label("Vrai").check()
    wait_saved(page, 4)
    question(page, 4).get_by_role("button", name="Vérifier ma réponse").click()
    verdict = question(page, 4).locator(".verdict")
    verdict.wait_for()
    said = verdict.inner_text()
    assert said in ("Bonne réponse.", "Réponse inexacte.")

    page.reload()
    assert question(page, 4).locator(".verdict").inner_text() == said
    assert question(page, 4).locator("input[type=radio]").first.is_disabled()
    assert question(page, 4).get_by_role("button", name="Vérifier ma réponse").count() == 0
    assert question(page, 1).get_by_role("button", name="Vérifier ma réponse").count() == 1
    assert question(page, 4).locator("input[type=radio]:checked").count() == 1  # the right answer, selected
    page.context.close()

from core.extensions import db
from courseware.loader import apply_course
from quizzes.panels import module_category
from tests.courseware.conftest import real_course


def test_module_category_is_the_bank_category():
    assert module_category("07-cadre-juridique-relance") == "module-07"


def test_module_page_links_its_practice_quiz_only(app, client, auth, factory, make_quiz):
    with app.app_context():
        apply_course(real_course())
        db.session.commit()
    make_quiz("entrainement-07", title="Entraînement — Cadre juridique", kind="practice", module="module-07")
    make_quiz("entrainement-08", title="Entraînement — Organiser la relance", kind="practice", module="module-08")
    auth.login(factory.user())
    page = client.get("/modules/07-cadre-juridique-relance").get_data(as_text=True)
    assert "S’entraîner avec le quiz du module" in page
    assert 'href="/quizzes/entrainement-07"' in page
    assert "entrainement-08" not in page

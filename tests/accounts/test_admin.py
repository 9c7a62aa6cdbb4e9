import io

from openpyxl import Workbook
from sqlalchemy import func, select

from accounts.models import Cohort, Enrolment, User
from core.extensions import db


def _count(app, model):
    with app.app_context():
        return db.session.scalar(select(func.count()).select_from(model))


def _admin_client(client, auth, factory):
    auth.login(factory.user("admin"))
    return client


def test_admin_creates_user_and_cohort_and_enrols(client, auth, factory, app):
    _admin_client(client, auth, factory)
    trainer = factory.user("trainer")
    response = client.post("/admin/users/new", data={
        "email": "Nouvel.Apprenant@Exemple.fr", "name": "Nouvel Apprenant", "role": "trainee",
        "active": "y", "password": "provisoire-123"})
    assert response.status_code == 302
    response = client.post("/admin/cohorts/new", data={
        "name": "Relance mars 2027", "starts_on": "2027-03-01", "ends_on": "2027-03-03", "trainers": [trainer.id]})
    assert response.status_code == 302
    with app.app_context():
        cohort = db.session.scalar(select(Cohort).where(Cohort.name == "Relance mars 2027"))
        assert [t.email for t in cohort.trainers] == [trainer.email]
        cohort_id = cohort.id
    client.post(f"/admin/cohorts/{cohort_id}/enrol", data={"email": "nouvel.apprenant@exemple.fr"})
    client.post(f"/admin/cohorts/{cohort_id}/enrol", data={"email": "nouvel.apprenant@exemple.fr"})
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        assert [u.email for u in cohort.trainees] == ["nouvel.apprenant@exemple.fr"]
        new_user = db.session.scalar(select(User).where(User.email == "nouvel.apprenant@exemple.fr"))
        assert new_user.must_change_password


def test_admin_forms_report_errors_in_french(client, auth, factory):
    _admin_client(client, auth, factory)
    existing = factory.user()
    response = client.post("/admin/users/new", data={"email": existing.email, "name": "", "role": "trainee"})
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Un compte existe déjà" in page and "Ce champ est obligatoire" in page
    response = client.post("/admin/cohorts/new", data={"name": "X", "starts_on": "2027-03-05", "ends_on": "2027-03-01"})
    assert response.status_code == 400
    assert "La fin doit suivre le début" in response.get_data(as_text=True)


def test_admin_edits_a_user_keeping_the_password_unless_a_new_one_is_given(client, auth, factory, app):
    _admin_client(client, auth, factory)
    person = factory.user("trainee", email="ancien@exemple.fr", name="Ancien Nom")
    form = {"email": "Nouveau@Exemple.fr", "name": "Nouveau Nom", "role": "trainer", "active": "y", "password": ""}
    assert client.post(f"/admin/users/{person.id}", data=form).status_code == 302
    with app.app_context():
        user = db.session.get(User, person.id)
        assert (user.email, user.name, user.role) == ("nouveau@exemple.fr", "Nouveau Nom", "trainer")
        assert user.check_password(person.password) and not user.must_change_password
    assert client.post(f"/admin/users/{person.id}", data={**form, "password": "provisoire-456"}).status_code == 302
    with app.app_context():
        user = db.session.get(User, person.id)
        assert user.check_password("provisoire-456") and user.must_change_password


def test_admin_edit_refuses_another_accounts_email_and_unknown_ids(client, auth, factory):
    _admin_client(client, auth, factory)
    person, other = factory.user(), factory.user()
    response = client.post(f"/admin/users/{person.id}", data={"email": other.email, "name": "X", "role": "trainee"})
    assert response.status_code == 400 and "Un compte existe déjà" in response.get_data(as_text=True)
    assert client.post(f"/admin/users/{person.id}", data={"email": person.email, "name": "X", "role": "trainee"}
                       ).status_code == 302  # its own address is not a duplicate
    assert client.get("/admin/users/9999").status_code == 404
    assert client.get("/admin/cohorts/9999/edit").status_code == 404


def test_admin_edits_a_cohort(client, auth, factory, app):
    _admin_client(client, auth, factory)
    trainer = factory.user("trainer")
    cohort_id, other_id = factory.cohort("Avant"), factory.cohort("Autre")
    page = client.get(f"/admin/cohorts/{cohort_id}/edit")
    assert page.status_code == 200 and "Modifier la session" in page.get_data(as_text=True)
    response = client.post(f"/admin/cohorts/{cohort_id}/edit", data={
        "name": "  Après ", "starts_on": "2027-04-01", "ends_on": "2027-04-02", "trainers": [trainer.id]})
    assert response.status_code == 302 and response.headers["Location"] == f"/admin/cohorts/{cohort_id}"
    with app.app_context():
        cohort = db.session.get(Cohort, cohort_id)
        assert cohort.name == "Après" and str(cohort.starts_on) == "2027-04-01"
        assert [t.id for t in cohort.trainers] == [trainer.id]
    response = client.post(f"/admin/cohorts/{other_id}/edit", data={"name": "après"})
    assert response.status_code == 400 and "Une session porte déjà ce nom" in response.get_data(as_text=True)

def _upload(client, cohort_id, name, data: bytes):
    return client.post(f"/admin/cohorts/{cohort_id}/import",
                       data={"file": (io.BytesIO(data), name)}, content_type="multipart/form-data")


def test_csv_import_creates_enrols_and_reports_duplicates(client, auth, factory, app):
    _admin_client(client, auth, factory)
    cohort_id = factory.cohort("Import")
    already = factory.user("trainee", cohort="Import", email="deja@exemple.fr")
    csv_text = (
        "Nom;Prénom;E-mail\n"
        "Durand;Émilie;emilie.durand@exemple.fr\n"
        "Martin;Paul;paul.martin@exemple.fr\n"
        "Durand;Émilie;Emilie.Durand@exemple.fr\n"
        f"Déjà;Inscrit;{already.email}\n"
    )
    response = _upload(client, cohort_id, "liste.csv", csv_text.encode("utf-8-sig"))
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "2 compte(s) créé(s)" in page
    assert "Ligne 4" in page and "figure déjà ligne 2" in page
    assert "Ligne 5" in page and "déjà inscrit" in page
    assert _count(app, Enrolment) == 3
    with app.app_context():
        emilie = db.session.scalar(select(User).where(User.email == "emilie.durand@exemple.fr"))
        assert emilie.name == "Émilie Durand" and emilie.must_change_password


def test_bad_csv_import_reports_every_bad_row_and_changes_nothing(client, auth, factory, app):
    _admin_client(client, auth, factory)
    cohort_id = factory.cohort("Import")
    trainer = factory.user("trainer", email="formateur@exemple.fr")
    users_before = _count(app, User)
    csv_text = (
        "email,nom complet\n"
        "ok@exemple.fr,Bon Apprenant\n"
        "pas-une-adresse,Mauvais Format\n"
        ",Sans Adresse\n"
        "sans.nom@exemple.fr,\n"
        f"{trainer.email},Un Formateur\n"
    )
    response = _upload(client, cohort_id, "liste.csv", csv_text.encode())
    assert response.status_code == 400
    page = response.get_data(as_text=True)
    assert "Aucun apprenant n&#39;a été importé" in page or "Aucun apprenant n'a été importé" in page
    for expected in ("Ligne 3", "adresse e-mail invalide", "Ligne 4", "adresse e-mail manquante",
                     "Ligne 5", "nom manquant", "Ligne 6", "compte formateur"):
        assert expected in page
    assert _count(app, User) == users_before
    assert _count(app, Enrolment) == 0


def test_import_refuses_unreadable_files(client, auth, factory, app):
    _admin_client(client, auth, factory)
    cohort_id = factory.cohort("Import")
    response = _upload(client, cohort_id, "liste.csv", b"prenom,ville\nA,B\n")
    assert response.status_code == 400
    assert "Colonne « email » introuvable" in response.get_data(as_text=True)
    response = _upload(client, cohort_id, "liste.xlsx", b"not a zip file")
    assert "Ce fichier Excel est illisible" in response.get_data(as_text=True)
    response = _upload(client, cohort_id, "liste.pdf", b"%PDF")
    assert response.status_code == 400
    assert "Formats acceptés" in response.get_data(as_text=True)


def test_xlsx_import(client, auth, factory, app):
    _admin_client(client, auth, factory)
    cohort_id = factory.cohort("Import")
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["Courriel", "Nom", "Prénom"])
    sheet.append(["lea.petit@exemple.fr", "Petit", "Léa"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    response = _upload(client, cohort_id, "liste.xlsx", buffer.getvalue())
    assert response.status_code == 200
    assert "1 compte(s) créé(s)" in response.get_data(as_text=True)
    assert _count(app, Enrolment) == 1

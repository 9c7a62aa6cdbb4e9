"""Certification: enrolment required, certificate on passing, PDF with code and QR code, public verification,
revocation by an admin."""

from __future__ import annotations

import io

import qrcode
from sqlalchemy import func, select

from core.extensions import db
from quizzes.certificates import display_code, new_code, normalise_code, qr_png
from quizzes.models import Certificate
from tests.quizzes.conftest import correct_public_answer, start

CERTIFICATION = dict(kind="certification", certificate=True, requires_enrolment=True, pass_mark=0.7,
                     attempts_allowed=1, time_limit_minutes=90,
                     review={"score": "immediately", "answers": "never", "feedback": "never"})


def pass_exam(app, client, slug: str = "certif") -> int:
    attempt_id = start(client, slug)
    for q in client.get(f"/api/attempts/{attempt_id}").get_json()["questions"]:
        client.post(f"/api/attempts/{attempt_id}/responses",
                    json={"question_id": q["id"], "answer": correct_public_answer(app, attempt_id, q["id"])})
    assert client.post(f"/api/attempts/{attempt_id}/submit").get_json()["passed"] is True
    return attempt_id


def certificate_of(app, attempt_id: int) -> Certificate:
    with app.app_context():
        certificate = db.session.scalar(select(Certificate).where(Certificate.attempt_id == attempt_id))
        db.session.expunge(certificate)
        return certificate


def test_codes_are_long_random_and_typed_back_in_any_form():
    codes = {new_code() for _ in range(200)}
    assert len(codes) == 200 and all(len(c) == 16 and c.isalnum() for c in codes)
    code = next(iter(codes))
    assert normalise_code(display_code(code).lower()) == code


def test_the_certification_is_reserved_to_enrolled_trainees(app, client, factory, auth, clock, make_quiz):
    make_quiz(slug="certif", **CERTIFICATION)
    auth.login(factory.user("trainee"))
    refused = client.post("/quizzes/certif/start")
    assert refused.headers["Location"].endswith("/quizzes/certif")
    assert client.get("/quizzes/certif").status_code == 403
    assert "/quizzes/certif" not in client.get("/quizzes").get_data(as_text=True)


def test_passing_gives_a_certificate_that_anyone_can_verify(app, client, factory, auth, clock, make_quiz):
    make_quiz(slug="certif", **CERTIFICATION)
    candidate = factory.user("trainee", cohort="Session A", name="Camille Durand")
    auth.login(candidate)
    attempt_id = pass_exam(app, client)
    certificate = certificate_of(app, attempt_id)
    assert certificate.holder_name == "Camille Durand" and certificate.score == 1.0
    review = client.get(f"/attempts/{attempt_id}/review").get_data(as_text=True)
    assert f"/certificates/{certificate.id}.pdf" in review
    pdf = client.get(f"/certificates/{certificate.id}.pdf")
    assert pdf.status_code == 200 and pdf.mimetype == "application/pdf" and pdf.data.startswith(b"%PDF")
    assert display_code(certificate.code).encode() in pdf.data  # in the document's title
    auth.logout()
    page = client.get(f"/certificates/verify/{certificate.code}")
    text = page.get_data(as_text=True)
    assert page.status_code == 200 and "Certificat valide" in text and "Camille Durand" in text
    assert candidate.email not in text
    typed = client.get(f"/certificates/verify?code={display_code(certificate.code).lower()}")
    assert typed.headers["Location"].endswith(f"/certificates/verify/{certificate.code}")
    unknown = client.get("/certificates/verify/AAAABBBBCCCCDDDD")
    assert unknown.status_code == 404 and "Code inconnu" in unknown.get_data(as_text=True)


def test_one_attempt_only_and_no_certificate_for_a_fail(app, client, factory, auth, clock, make_quiz):
    make_quiz(slug="certif", **CERTIFICATION)
    auth.login(factory.user("trainee", cohort="Session A"))
    attempt_id = start(client, "certif")
    result = client.post(f"/api/attempts/{attempt_id}/submit").get_json()
    assert result["passed"] is False and result["score"] == 0
    assert client.post("/quizzes/certif/start").headers["Location"].endswith("/quizzes/certif")
    with app.app_context():
        assert db.session.scalar(select(func.count()).select_from(Certificate)) == 0


def test_an_admin_revokes_a_certificate_with_a_reason(app, client, factory, auth, clock, make_quiz):
    make_quiz(slug="certif", **CERTIFICATION)
    auth.login(factory.user("trainee", cohort="Session A"))
    certificate = certificate_of(app, pass_exam(app, client))
    auth.logout()
    assert client.get(f"/certificates/{certificate.id}.pdf").status_code == 302  # to the login page
    auth.login(factory.user("trainee", cohort="Session B"))
    assert client.get(f"/certificates/{certificate.id}.pdf").status_code == 404
    auth.logout()
    auth.login(factory.user("admin"))
    assert certificate.code in client.get("/admin/certificates").get_data(as_text=True)
    client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": "  "})
    assert "Certificat valide" in client.get(f"/certificates/verify/{certificate.code}").get_data(as_text=True)
    client.post(f"/admin/certificates/{certificate.id}/revoke", data={"reason": "Fraude constatée"})
    text = client.get(f"/certificates/verify/{certificate.code}").get_data(as_text=True)
    assert "Certificat révoqué" in text and "Certificat valide" not in text


def test_the_qr_code_is_a_valid_png_of_the_address():
    png = qr_png("https://encours.example/certificates/verify/ABCD")
    assert png.startswith(b"\x89PNG")
    image = qrcode.QRCode()
    image.add_data("https://encours.example/certificates/verify/ABCD")
    image.make(fit=True)
    from PIL import Image

    assert Image.open(io.BytesIO(png)).size[0] >= image.modules_count * 8

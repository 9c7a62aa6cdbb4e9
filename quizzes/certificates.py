"""Certificates: issued when a certification attempt passes, verifiable by a public code, revocable by an admin.

The code is 16 base32 characters drawn from 80 random bits: unguessable, and short enough to type. The PDF
(A4 landscape, reportlab) carries the code, the verification address and a QR code of that address.
"""

from __future__ import annotations

import base64
import datetime as dt
import io
import secrets
from pathlib import Path

import matplotlib
import qrcode
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.units import cm
from reportlab.lib.utils import ImageReader
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas
from sqlalchemy import select

from core.extensions import db
from core.frenchnum import format_date, format_percent
from quizzes.models import Attempt, Certificate

FONT_DIR = Path(matplotlib.get_data_path()) / "fonts" / "ttf"
CODE_BYTES = 10  # 80 bits -> 16 base32 characters


def new_code() -> str:
    return base64.b32encode(secrets.token_bytes(CODE_BYTES)).decode("ascii")


def display_code(code: str) -> str:
    """`ABCDEFGHIJKLMNOP` -> `ABCD-EFGH-IJKL-MNOP`, easier to read aloud."""
    return "-".join(code[i:i + 4] for i in range(0, len(code), 4))


def normalise_code(text: str) -> str:
    return "".join(ch for ch in text.upper() if ch.isalnum())


def issue_certificate(attempt: Attempt, definition, issued_at: dt.datetime) -> Certificate:
    """The certificate of a passed attempt (created once)."""
    existing = db.session.scalar(select(Certificate).where(Certificate.attempt_id == attempt.id))
    if existing is not None:
        return existing
    certificate = Certificate(code=new_code(), user_id=attempt.user_id, attempt_id=attempt.id,
                              holder_name=attempt.user.name, title=definition.title, score=attempt.score,
                              issued_at=issued_at)
    db.session.add(certificate)
    db.session.flush()
    return certificate


def find_by_code(code: str) -> Certificate | None:
    return db.session.scalar(select(Certificate).where(Certificate.code == normalise_code(code)))


def revoke(certificate: Certificate, reason: str, admin_id: int, now: dt.datetime) -> None:
    reason = reason.strip()
    if not reason:
        raise ValueError("Indiquez le motif de la révocation.")
    if certificate.revoked_at is None:
        certificate.revoked_at, certificate.revoked_reason, certificate.revoked_by = now, reason, admin_id


def _fonts() -> tuple[str, str]:
    if "EncoursSans" not in pdfmetrics.getRegisteredFontNames():
        pdfmetrics.registerFont(TTFont("EncoursSans", str(FONT_DIR / "DejaVuSans.ttf")))
        pdfmetrics.registerFont(TTFont("EncoursSans-Bold", str(FONT_DIR / "DejaVuSans-Bold.ttf")))
    return "EncoursSans", "EncoursSans-Bold"


def qr_png(url: str) -> bytes:
    image = qrcode.make(url, box_size=8, border=2)
    buffer = io.BytesIO()
    image.save(buffer, format="PNG")
    return buffer.getvalue()


def render_pdf(certificate: Certificate, verify_url: str) -> bytes:
    regular, bold = _fonts()
    buffer = io.BytesIO()
    width, height = landscape(A4)
    pdf = Canvas(buffer, pagesize=(width, height), pageCompression=1)
    pdf.setTitle(f"Certificat {display_code(certificate.code)}")
    pdf.setAuthor("Encours")
    pdf.setLineWidth(3)
    pdf.setStrokeColorRGB(0.043, 0.333, 0.388)
    pdf.rect(1.2 * cm, 1.2 * cm, width - 2.4 * cm, height - 2.4 * cm)
    centre = width / 2
    lines = [
        (bold, 30, height - 4.2 * cm, "Certificat de réussite"),
        (regular, 13, height - 5.3 * cm, "Encours — formation et certification en credit management"),
        (regular, 14, height - 7.3 * cm, "décerné à"),
        (bold, 26, height - 8.8 * cm, certificate.holder_name),
        (regular, 14, height - 10.3 * cm, "pour avoir réussi"),
        (bold, 17, height - 11.6 * cm, certificate.title),
        (regular, 14, height - 13.0 * cm,
         f"le {format_date(certificate.issued_at.date(), 'long')}, avec un score de {format_percent(certificate.score)}"),
    ]
    for font, size, y, text in lines:
        pdf.setFont(font, size)
        pdf.drawCentredString(centre, y, text)
    pdf.setFont(regular, 10.5)
    pdf.drawString(2.4 * cm, 3.6 * cm, f"Code de vérification : {display_code(certificate.code)}")
    pdf.drawString(2.4 * cm, 2.9 * cm, "Vérifier ce certificat :")
    pdf.drawString(2.4 * cm, 2.3 * cm, verify_url)
    size = 4.2 * cm
    pdf.drawImage(ImageReader(io.BytesIO(qr_png(verify_url))), width - 2.4 * cm - size, 1.9 * cm, size, size)
    pdf.showPage()
    pdf.save()
    return buffer.getvalue()

"""Users, roles and cohorts (a cohort is one training session: dates, trainers, trainees)."""

from __future__ import annotations

import datetime as dt
import enum

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError
from flask_login import UserMixin
from sqlalchemy import Column, DateTime, ForeignKey, String, Table, func
from sqlalchemy.orm import Mapped, mapped_column, relationship

from core.extensions import db

# argon2id with OWASP's recommended parameters (Password Storage Cheat Sheet: 19 MiB, 2 passes, 1 lane). The
# library's default (64 MiB, 3 passes, 4 lanes) costs about seven times the CPU per login: a room of candidates
# logging in before an exam would saturate a 2-core server (figures in bench/RESULTS.md). Hashes made with other
# parameters are verified with their own and replaced at the next successful login.
_hasher = PasswordHasher(time_cost=2, memory_cost=19_456, parallelism=1)


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc).replace(tzinfo=None)


class Role(str, enum.Enum):
    TRAINEE = "trainee"
    TRAINER = "trainer"
    ADMIN = "admin"

    @property
    def label(self) -> str:
        return {"trainee": "Apprenant", "trainer": "Formateur", "admin": "Administrateur"}[self.value]


cohort_trainers = Table(
    "cohort_trainers",
    db.metadata,
    Column("cohort_id", ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True),
    Column("user_id", ForeignKey("users.id", ondelete="CASCADE"), primary_key=True),
)


class Enrolment(db.Model):
    __tablename__ = "enrolments"

    cohort_id: Mapped[int] = mapped_column(ForeignKey("cohorts.id", ondelete="CASCADE"), primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id", ondelete="CASCADE"), primary_key=True, index=True)
    enrolled_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)


class User(UserMixin, db.Model):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    name: Mapped[str] = mapped_column(String(120))
    role: Mapped[str] = mapped_column(String(16), default=Role.TRAINEE.value, index=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())

    cohorts: Mapped[list[Cohort]] = relationship(
        secondary="enrolments", back_populates="trainees", order_by="Cohort.starts_on.desc()", viewonly=True
    )
    trained_cohorts: Mapped[list[Cohort]] = relationship(
        secondary=cohort_trainers, back_populates="trainers", order_by="Cohort.starts_on.desc()"
    )

    @staticmethod
    def normalise_email(email: str) -> str:
        return email.strip().lower()

    def set_password(self, password: str) -> None:
        self.password_hash = _hasher.hash(password)

    def check_password(self, password: str) -> bool:
        """Whether the password is right (reads only: the login verifies it before taking the write lock)."""
        try:
            return _hasher.verify(self.password_hash, password)
        except (VerificationError, InvalidHashError):
            return False

    def upgrade_password_hash(self, password: str) -> None:
        """Rehash a verified password stored with other parameters than today's (the caller commits)."""
        if _hasher.check_needs_rehash(self.password_hash):
            self.password_hash = _hasher.hash(password)

    @property
    def is_active(self) -> bool:  # Flask-Login refuses inactive accounts
        return self.active

    @property
    def role_enum(self) -> Role:
        return Role(self.role)

    @property
    def is_admin(self) -> bool:
        return self.role == Role.ADMIN.value

    @property
    def is_trainer(self) -> bool:
        """Trainer rights (admins have them too)."""
        return self.role in (Role.TRAINER.value, Role.ADMIN.value)

    def __repr__(self) -> str:
        return f"<User {self.email} {self.role}>"


class Cohort(db.Model):
    __tablename__ = "cohorts"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(120), unique=True)
    starts_on: Mapped[dt.date | None]
    ends_on: Mapped[dt.date | None]
    created_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow, server_default=func.now())

    trainers: Mapped[list[User]] = relationship(
        secondary=cohort_trainers, back_populates="trained_cohorts", order_by="User.name"
    )
    trainees: Mapped[list[User]] = relationship(
        secondary="enrolments", back_populates="cohorts", order_by="User.name", viewonly=True
    )

    def __repr__(self) -> str:
        return f"<Cohort {self.name}>"


class LoginFailure(db.Model):
    """Failed logins per e-mail address, shared by every worker, to slow down password guessing."""

    __tablename__ = "login_failures"

    email: Mapped[str] = mapped_column(String(254), primary_key=True)
    count: Mapped[int] = mapped_column(default=0)
    last_at: Mapped[dt.datetime] = mapped_column(DateTime, default=utcnow)

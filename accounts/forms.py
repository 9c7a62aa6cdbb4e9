"""Forms of the accounts area (French labels and messages)."""

from __future__ import annotations

from flask_wtf import FlaskForm
from flask_wtf.file import FileAllowed, FileField, FileRequired
from sqlalchemy import func, select
from wtforms import BooleanField, DateField, EmailField, PasswordField, SelectField, SelectMultipleField, StringField
from wtforms.fields.choices import SelectChoice
from wtforms.validators import DataRequired, Email, EqualTo, Length, Optional, ValidationError

from accounts.models import Cohort, Role, User
from core.extensions import db

MIN_PASSWORD_LENGTH = 10
REQUIRED = "Ce champ est obligatoire."
ROLE_CHOICES = [SelectChoice(role.value, role.label) for role in Role]


class LoginForm(FlaskForm):
    email = EmailField("Adresse e-mail", validators=[DataRequired(REQUIRED), Length(max=254)])
    password = PasswordField("Mot de passe", validators=[DataRequired(REQUIRED)])
    remember = BooleanField("Rester connecté sur cet appareil")


class PasswordChangeForm(FlaskForm):
    current = PasswordField("Mot de passe actuel", validators=[DataRequired(REQUIRED)])
    new = PasswordField(
        "Nouveau mot de passe",
        validators=[
            DataRequired(REQUIRED),
            Length(min=MIN_PASSWORD_LENGTH, max=200, message=f"Au moins {MIN_PASSWORD_LENGTH} caractères."),
        ],
    )
    confirm = PasswordField(
        "Confirmer le nouveau mot de passe",
        validators=[DataRequired(REQUIRED), EqualTo("new", message="Les deux saisies ne sont pas identiques.")],
    )

    def validate_new(self, field) -> None:
        if field.data == self.current.data:
            raise ValidationError("Le nouveau mot de passe doit être différent de l'actuel.")


class UserForm(FlaskForm):
    email = EmailField(
        "Adresse e-mail",
        validators=[DataRequired(REQUIRED), Email("Adresse e-mail invalide."), Length(max=254)],
    )
    name = StringField("Nom complet", validators=[DataRequired(REQUIRED), Length(max=120)])
    role = SelectField("Rôle", choices=ROLE_CHOICES)
    active = BooleanField("Compte actif", default=True)
    password = PasswordField(
        "Mot de passe provisoire",
        description="Laisser vide pour ne pas le changer. L'utilisateur devra le changer à sa première connexion.",
        validators=[Optional(), Length(min=MIN_PASSWORD_LENGTH, max=200, message=f"Au moins {MIN_PASSWORD_LENGTH} caractères.")],
    )

    def __init__(self, *args, user: User | None = None, **kwargs):
        super().__init__(*args, obj=user, **kwargs)
        self._user = user
        if user is None:
            self.password.validators = [DataRequired(REQUIRED), *self.password.validators[1:]]

    def validate_email(self, field) -> None:
        email = User.normalise_email(field.data)
        query = select(User.id).where(func.lower(User.email) == email)
        if self._user is not None:
            query = query.where(User.id != self._user.id)
        if db.session.scalar(query) is not None:
            raise ValidationError("Un compte existe déjà avec cette adresse.")


class CohortForm(FlaskForm):
    name = StringField("Nom de la session", validators=[DataRequired(REQUIRED), Length(max=120)])
    starts_on = DateField("Début", validators=[Optional()], format="%Y-%m-%d")
    ends_on = DateField("Fin", validators=[Optional()], format="%Y-%m-%d")
    trainers = SelectMultipleField("Formateurs", coerce=int)

    def __init__(self, *args, cohort: Cohort | None = None, **kwargs):
        super().__init__(*args, obj=cohort, **kwargs)
        self._cohort = cohort
        self.trainers.choices = [
            SelectChoice(u.id, f"{u.name} ({u.email})")
            for u in db.session.scalars(
                select(User).where(User.role.in_([Role.TRAINER.value, Role.ADMIN.value])).order_by(User.name)
            )
        ]
        if cohort is not None and not self.is_submitted():
            self.trainers.data = [t.id for t in cohort.trainers]

    def validate_name(self, field) -> None:
        query = select(Cohort.id).where(func.lower(Cohort.name) == field.data.strip().lower())
        if self._cohort is not None:
            query = query.where(Cohort.id != self._cohort.id)
        if db.session.scalar(query) is not None:
            raise ValidationError("Une session porte déjà ce nom.")

    def validate_ends_on(self, field) -> None:
        if field.data and self.starts_on.data and field.data < self.starts_on.data:
            raise ValidationError("La fin doit suivre le début.")


class EnrolForm(FlaskForm):
    email = EmailField("Adresse e-mail de l'apprenant", validators=[DataRequired(REQUIRED)])


class RosterImportForm(FlaskForm):
    file = FileField(
        "Liste des apprenants (CSV ou Excel)",
        description="Colonnes : email, nom, prénom (ou « nom complet »). Une ligne par apprenant.",
        validators=[
            FileRequired("Choisissez un fichier."),
            FileAllowed(["csv", "xlsx"], "Formats acceptés : .csv ou .xlsx."),
        ],
    )

from sqlalchemy import select

from accounts.models import Cohort, User


def test_users_create_with_cohort(runner, db):
    result = runner.invoke(args=["users", "create", "--email", "Ana@Exemple.fr", "--password", "motdepasse1",
                                 "--role", "trainee", "--name", "Ana", "--cohort", "Promo A"])
    assert result.exit_code == 0, result.output
    user = db.session.scalar(select(User).where(User.email == "ana@exemple.fr"))
    assert user.role == "trainee" and [c.name for c in user.cohorts] == ["Promo A"]


def test_users_create_refuses_duplicates_and_bad_roles(runner):
    args = ["users", "create", "--email", "b@exemple.fr", "--password", "motdepasse1", "--role", "trainer"]
    assert runner.invoke(args=args).exit_code == 0
    result = runner.invoke(args=args)
    assert result.exit_code != 0 and "existe déjà" in result.output
    result = runner.invoke(args=["users", "create", "--email", "c@exemple.fr", "--password", "x" * 10, "--role", "boss"])
    assert result.exit_code != 0


def test_cohorts_create_with_trainer_and_dates(runner, db):
    runner.invoke(args=["users", "create", "--email", "f@exemple.fr", "--password", "motdepasse1", "--role", "trainer"])
    result = runner.invoke(args=["cohorts", "create", "Promo B", "--trainer", "f@exemple.fr",
                                 "--starts", "2027-01-10", "--ends", "2027-01-12"])
    assert result.exit_code == 0, result.output
    cohort = db.session.scalar(select(Cohort).where(Cohort.name == "Promo B"))
    assert cohort.starts_on.isoformat() == "2027-01-10" and cohort.trainers[0].email == "f@exemple.fr"
    bad = runner.invoke(args=["cohorts", "create", "Promo C", "--starts", "10/01/2027"])
    assert bad.exit_code != 0 and "AAAA-MM-JJ" in bad.output


def test_demo_users_only_when_database_is_empty(runner, db):
    first = runner.invoke(args=["demo", "ensure"])
    assert "apprenant@encours.test" in first.output and "candidat@encours.test" in first.output
    second = runner.invoke(args=["demo", "ensure"])
    assert "aucun compte de démonstration créé" in second.output
    assert len(db.session.scalars(select(User)).all()) == 4

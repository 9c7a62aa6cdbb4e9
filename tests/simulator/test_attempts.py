"""Case attempt services: start from a random or assigned seed, drafts kept as typed, one UPDATE per save,
stale tabs refused, a single grading from the stored snapshot, cohort lists and assignments."""

from __future__ import annotations

import copy

import pytest
from sqlalchemy import event, select, update
from werkzeug.datastructures import MultiDict

from accounts.models import Cohort, User
from core.extensions import db
from simulator import attempts as service
from simulator.models import DRAFT, SUBMITTED, CaseAttempt
from simulator.registry import get_kind

KIND = "financial-analysis"


@pytest.fixture
def trainee_id(factory) -> int:
    return factory.user("trainee", cohort="Session A").id


def _fresh(attempt_id: int) -> CaseAttempt:
    db.session.expunge_all()  # a new request: nothing cached from the previous one
    return service.get_attempt(attempt_id)


def test_an_attempt_stores_the_generated_case_and_a_fresh_seed_each_time(db, trainee_id):
    first = service.start_attempt(trainee_id, KIND, "facile")
    second = service.start_attempt(trainee_id, KIND, "facile")
    db.session.commit()
    assert first.seed != second.seed
    stored = _fresh(first.id)
    assert stored.snapshot == get_kind(KIND).generate(first.seed, "facile")
    assert (stored.kind, stored.level, stored.state, stored.revision) == (KIND, "facile", DRAFT, 0)
    assert stored.label == stored.snapshot["company"]["name"]


def test_an_assigned_seed_gives_every_trainee_the_same_case(db, factory):
    one = factory.user("trainee", cohort="Session A").id
    two = factory.user("trainee", cohort="Session A").id
    cohort_id = db.session.scalar(select(Cohort.id).where(Cohort.name == "Session A"))
    assignment = service.assign(cohort_id, KIND, "standard", 1234, "", created_by=one)
    attempts = [service.start_assigned(user_id, assignment) for user_id in (one, two)]
    db.session.commit()
    assert [a.seed for a in attempts] == [1234, 1234]
    assert attempts[0].snapshot == attempts[1].snapshot
    assert assignment.title == "Analyse financière d’un client – cas n° 1234"


@pytest.mark.parametrize("kind, level, seed, error", [
    ("inconnu", "standard", None, KeyError),
    (KIND, "expert", None, ValueError),
    (KIND, "standard", -1, ValueError),
    (KIND, "standard", 2**31, ValueError),
])
def test_a_case_that_cannot_exist_is_refused(db, trainee_id, kind, level, seed, error):
    with pytest.raises(error):
        service.start_attempt(trainee_id, kind, level, seed)


def test_a_draft_keeps_every_value_as_typed_and_points_out_the_unreadable_ones(db, trainee_id):
    attempt = service.start_attempt(trainee_id, KIND, "standard", seed=7)
    db.session.commit()
    typed = {"ratios.2025.ebe": "douze mille", "ratios.2025.caf": "1 234,5", "warning_signs": ["fr_negatif"],
             "risk_class": "Z"}
    saved = service.save_draft(attempt, typed, revision=0)
    db.session.commit()
    assert set(saved.errors) == {"ratios.2025.ebe", "risk_class"}
    assert "n’est pas un nombre" in saved.errors["ratios.2025.ebe"]
    stored = _fresh(attempt.id)
    assert stored.submission == typed
    assert (stored.revision, stored.state) == (1, DRAFT)


def test_saving_a_draft_is_one_update_of_one_row(db, trainee_id):
    attempt = service.start_attempt(trainee_id, KIND, "standard", seed=7)
    db.session.commit()
    attempt = _fresh(attempt.id)
    statements: list[str] = []

    def record(_conn, _cursor, statement, *_args):
        statements.append(statement)

    event.listen(db.engine, "before_cursor_execute", record)
    try:
        service.save_draft(attempt, {"ratios.2025.ebe": "1 000"}, revision=0)
        db.session.commit()
    finally:
        event.remove(db.engine, "before_cursor_execute", record)
    assert len(statements) == 1
    assert statements[0].lstrip().upper().startswith("UPDATE CASE_ATTEMPTS")


def test_a_stale_tab_cannot_overwrite_a_newer_draft(db, trainee_id):
    attempt = service.start_attempt(trainee_id, KIND, "standard", seed=7)
    db.session.commit()
    service.save_draft(attempt, {"ratios.2025.ebe": "récent"}, revision=0)
    db.session.commit()
    with pytest.raises(service.AttemptConflict, match="autre onglet"):
        service.save_draft(_fresh(attempt.id), {"ratios.2025.ebe": "ancien"}, revision=0)
    db.session.rollback()
    assert _fresh(attempt.id).submission == {"ratios.2025.ebe": "récent"}


def test_submitting_grades_once_from_the_snapshot_not_from_a_regenerated_case(db, trainee_id):
    kind = get_kind(KIND)
    attempt = service.start_attempt(trainee_id, KIND, "standard", seed=11)
    db.session.commit()
    # The generator may change after the attempt started: the stored case is the one graded.
    changed = copy.deepcopy(attempt.snapshot)
    last = str(changed["years"][-1])
    changed["accounts"][last]["FL"] += 1_000_000
    changed["accounts"][last]["FJ"] += 1_000_000
    attempt.snapshot = changed
    db.session.commit()
    assert kind.solve(changed) != kind.solve(kind.generate(11, "standard"))

    attempt = _fresh(attempt.id)
    result = service.submit(attempt, kind.solve(changed), revision=attempt.revision)
    db.session.commit()
    stored = _fresh(attempt.id)
    assert result.submitted and stored.state == SUBMITTED
    assert stored.score == stored.max_score == kind.grade(changed, kind.solve(changed)).max_score
    assert stored.grade == kind.grade(changed, kind.solve(changed)).to_dict()
    assert stored.submitted_at is not None


def test_a_second_submit_changes_nothing(db, trainee_id):
    kind = get_kind(KIND)
    attempt = service.start_attempt(trainee_id, KIND, "facile", seed=5)
    db.session.commit()
    service.submit(attempt, {"risk_class": "A"}, revision=0)
    db.session.commit()
    first = _fresh(attempt.id)
    before = (first.grade, first.score, first.submitted_at, first.revision, first.submission)
    again = service.submit(first, kind.solve(first.snapshot), revision=None)
    db.session.commit()
    second = _fresh(attempt.id)
    assert again.submitted
    assert (second.grade, second.score, second.submitted_at, second.revision, second.submission) == before


def test_a_submitted_attempt_refuses_a_late_draft(db, trainee_id):
    attempt = service.start_attempt(trainee_id, KIND, "facile", seed=5)
    db.session.commit()
    stale = _fresh(attempt.id)  # a tab opened before the submission, in another request
    db.session.execute(update(CaseAttempt).where(CaseAttempt.id == attempt.id)
                       .values(state=SUBMITTED, submission={"risk_class": "A"}))
    db.session.commit()
    with pytest.raises(service.AttemptConflict, match="déjà été remis"):
        service.save_draft(stale, {"risk_class": "B"}, revision=None)
    db.session.rollback()
    assert _fresh(attempt.id).submission == {"risk_class": "A"}


def test_unreadable_answers_are_saved_but_not_graded(db, trainee_id):
    attempt = service.start_attempt(trainee_id, KIND, "facile", seed=5)
    db.session.commit()
    result = service.submit(attempt, {"ratios.2025.ebe": "1,2,3"}, revision=0)
    db.session.commit()
    stored = _fresh(attempt.id)
    assert not result.submitted and list(result.errors) == ["ratios.2025.ebe"]
    assert (stored.state, stored.grade, stored.submission) == (DRAFT, None, {"ratios.2025.ebe": "1,2,3"})


def test_a_bare_submit_grades_the_saved_draft(db, trainee_id):
    attempt = service.start_attempt(trainee_id, KIND, "facile", seed=5)
    db.session.commit()
    right = get_kind(KIND).solve(attempt.snapshot)["risk_class"]
    service.save_draft(attempt, {"risk_class": right}, revision=0)
    service.submit(attempt, None, revision=None)
    db.session.commit()
    grade = _fresh(attempt.id).grade
    assert next(item for item in grade["items"] if item["id"] == "risk_class")["awarded"] == 3


def test_the_posted_form_becomes_a_submission_keyed_by_field_id():
    fields = [{"id": "ratios.2025.ebe", "type": "number"}, {"id": "warning_signs", "type": "multi"},
              {"id": "risk_class", "type": "choice"}]
    form = MultiDict([("answers", "1"), ("ratios.2025.ebe", " 1 234,5 "), ("warning_signs", "a"),
                      ("warning_signs", "b"), ("csrf_token", "x")])
    assert service.submission_from_form(fields, form) == {
        "ratios.2025.ebe": " 1 234,5 ", "warning_signs": ["a", "b"], "risk_class": ""}
    unticked = MultiDict([("answers", "1"), ("ratios.2025.ebe", "")])
    assert service.submission_from_form(fields, unticked) == {"ratios.2025.ebe": "", "warning_signs": [],
                                                              "risk_class": ""}
    assert service.submission_from_form(fields, MultiDict([("ratios.2025.ebe", "3")])) is None


def test_an_assigned_case_resumes_the_draft_and_restarts_after_submission(db, trainee_id):
    cohort_id = db.session.scalar(select(Cohort.id).where(Cohort.name == "Session A"))
    assignment = service.assign(cohort_id, KIND, "facile", 99, "Débriefing", created_by=trainee_id)
    first = service.start_assigned(trainee_id, assignment)
    assert service.start_assigned(trainee_id, assignment).id == first.id
    service.submit(first, {}, revision=None)
    second = service.start_assigned(trainee_id, assignment)
    db.session.commit()
    assert second.id != first.id and second.seed == 99
    assert service.assignments_for(trainee_id) == [(assignment, second)]


def test_an_assignment_reaches_only_the_trainees_of_its_cohort(db, factory, trainee_id):
    outsider = factory.user("trainee", cohort="Session B").id
    cohort_id = db.session.scalar(select(Cohort.id).where(Cohort.name == "Session A"))
    assignment = service.assign(cohort_id, KIND, "facile", None, "Débriefing", created_by=trainee_id)
    db.session.commit()
    assert service.assignment_for(trainee_id, assignment.id) == assignment
    assert service.assignment_for(outsider, assignment.id) is None
    assert service.assignments_for(outsider) == []


def test_cohort_lists_hold_only_the_cohort_trainees_with_counts(db, factory, trainee_id):
    other = factory.user("trainee", cohort="Session B").id
    cohort_id = db.session.scalar(select(Cohort.id).where(Cohort.name == "Session A"))
    mine = service.start_attempt(trainee_id, KIND, "facile", seed=1)
    service.start_attempt(other, KIND, "facile", seed=2)
    assignment = service.assign(cohort_id, KIND, "facile", 3, "Débriefing", created_by=trainee_id)
    assigned = service.start_assigned(trainee_id, assignment)
    kind = get_kind(KIND)
    service.submit(assigned, kind.solve(assigned.snapshot), revision=None)
    db.session.commit()
    listed = service.cohort_attempts(cohort_id)
    assert {a.id for a in listed} == {mine.id, assigned.id}
    assert all(isinstance(a.user, User) for a in listed)
    [summary] = service.cohort_assignments(cohort_id)
    assert (summary.started, summary.submitted, summary.mean_score) == (1, 1, 1.0)

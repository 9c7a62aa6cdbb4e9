"""The quizzes a user is offered and their results so far (list page and home panel)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import select

from accounts.models import User
from core.extensions import db
from quizzes.attempts import attempts_allowed, definition_of, is_enrolled
from quizzes.definitions import KIND_LABELS, QuizDefinition
from quizzes.grading import final_score
from quizzes.models import CLOSED, OPEN, Attempt, Grant, Quiz

KIND_ORDER = {"quiz": 0, "positioning": 1, "practice": 2, "module": 3, "certification": 4}


@dataclass
class QuizStatus:
    quiz: Quiz
    definition: QuizDefinition
    attempts: list[Attempt] = field(default_factory=list)
    allowed: int | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS[self.definition.kind]

    @property
    def open_attempt(self) -> Attempt | None:
        return next((a for a in self.attempts if a.state == OPEN), None)

    @property
    def graded(self) -> list[Attempt]:
        return [a for a in self.attempts if a.state == CLOSED and a.score is not None]

    @property
    def final_score(self) -> float | None:
        return final_score([a.score for a in self.graded], self.definition.grading_method)

    @property
    def attempts_left(self) -> int | None:
        return None if self.allowed is None else max(0, self.allowed - len(self.attempts))

    @property
    def score_visible(self) -> bool:
        return self.definition.review.score != "never"


def quiz_statuses(user: User) -> list[QuizStatus]:
    quizzes = db.session.scalars(select(Quiz).where(Quiz.active.is_(True))).all()
    attempts = db.session.scalars(select(Attempt).where(Attempt.user_id == user.id).order_by(Attempt.started_at)).all()
    grants = {g.quiz_id: g for g in db.session.scalars(select(Grant).where(Grant.user_id == user.id))}
    enrolled = None
    statuses = []
    for quiz in quizzes:
        definition = definition_of(quiz)
        if definition.requires_enrolment and not user.is_trainer:
            enrolled = is_enrolled(user) if enrolled is None else enrolled
            if not enrolled:
                continue
        statuses.append(QuizStatus(quiz, definition, [a for a in attempts if a.quiz_id == quiz.id],
                                   attempts_allowed(definition, grants[quiz.id].extra_attempts if quiz.id in grants else 0)))
    statuses.sort(key=lambda s: (KIND_ORDER.get(s.definition.kind, 9), s.quiz.module or "", s.quiz.title))
    return statuses

"""The review of a closed attempt, limited to what the quiz's review policy allows the candidate to see.

Trainers see everything (`ReviewPolicyView.everything()`); the candidate sees the score, the correct answers
and the feedback only as the definition says (immediately, after the quiz closes, never). A practice
question the candidate checked is reviewed at once, while the attempt is still open.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from markupsafe import Markup

from core.frenchnum import format_number
from quizzes.definitions import QuizDefinition
from quizzes.models import Attempt, Response
from quizzes.presentation import inline, public_question, render_text
from quizzes.questions import Matching, QuestionData


@dataclass(frozen=True)
class ReviewPolicyView:
    score: bool
    answers: bool
    feedback: bool

    @classmethod
    def for_candidate(cls, definition: QuizDefinition, now: dt.datetime) -> ReviewPolicyView:
        return cls(*(definition.review_allowed(item, now) for item in ("score", "answers", "feedback")))

    @classmethod
    def everything(cls) -> ReviewPolicyView:
        return cls(True, True, True)


@dataclass
class ReviewOption:
    text: Markup
    chosen: bool
    correct: bool | None  # None when the policy hides it


@dataclass
class ReviewItem:
    number: int
    question_id: int
    title: str
    type: str
    text: Markup
    options: list[ReviewOption] = field(default_factory=list)
    given: str | None = None  # numeric answer, formatted
    expected: str | None = None
    pairs: list[dict[str, Any]] = field(default_factory=list)  # matching: left, given, expected, correct
    answered: bool = False
    fraction: float | None = None
    feedback: list[Markup] = field(default_factory=list)
    category: str = ""


def _inline(text: str, text_format: str) -> Markup:
    return Markup(inline(str(render_text(text, text_format))))


def _number(value: Any) -> str:
    return format_number(value, 2).rstrip("0").rstrip(",") if value is not None else ""


def review_item(number: int, entry: dict, q: QuestionData, response: Response | None, policy: ReviewPolicyView,
                fraction: float | None) -> ReviewItem:
    answer = response.answer if response is not None else None
    public = public_question(entry["q"], entry["v"], q, entry["order"])
    item = ReviewItem(number=number, question_id=entry["q"], title=q.title, type=q.type,
                      text=Markup(public["text"]), answered=answer not in (None, [], {}), category=q.category)
    correct = q.kind.correct_answer(q)
    if q.type in ("single", "multiple"):
        chosen = set([answer] if q.type == "single" else (answer or []))
        right = set([correct] if q.type == "single" else correct)
        item.options = [ReviewOption(Markup(choice["text"]), source in chosen, (source in right) if policy.answers else None)
                        for choice, source in zip(public["choices"], entry["order"])]
    elif q.type == "truefalse":
        item.options = [ReviewOption(Markup(choice["text"]), answer is choice["id"],
                                     (correct is choice["id"]) if policy.answers else None)
                        for choice in public["choices"]]
    elif q.type == "numeric":
        item.given = _number(answer) if answer is not None else None
        item.expected = _number(correct) if policy.answers else None
    elif q.type == "matching":
        rights = Matching.right_ids(q)
        for left in public["lefts"]:
            given = (answer or {}).get(left["id"])
            item.pairs.append({
                "left": Markup(left["text"]),
                "given": _inline(rights[given], q.text_format) if given else None,
                "expected": _inline(rights[correct[left["id"]]], q.text_format) if policy.answers else None,
                "correct": (given is not None and rights[given] == rights[correct[left["id"]]]) if policy.answers else None,
            })
    if policy.score:
        item.fraction = fraction
    if policy.feedback:
        item.feedback = [render_text(text, q.text_format) for text in q.kind.feedback(q, answer)]
    return item


def build_review(attempt: Attempt, questions: list[tuple[dict, QuestionData]], responses: dict[int, Response],
                 policy: ReviewPolicyView) -> list[ReviewItem]:
    fractions = (attempt.result or {}).get("fractions", {})
    return [review_item(number, entry, q, responses.get(entry["q"]), policy, fractions.get(str(entry["q"])))
            for number, (entry, q) in enumerate(questions, start=1)]

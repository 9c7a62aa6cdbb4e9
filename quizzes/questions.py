"""Questions in memory: the data every format imports into, and the five question types.

`QuestionData` is what the question bank stores (as `to_dict()`, in a JSON column) and what the
GIFT / Aiken / Moodle XML importers produce. Choice, pair and answer ids are letters in source order
("a", "b", ...) and never change once stored, so an attempt can refer to them.

The question types (registry `QUESTION_TYPES`, CTFd style: type string -> object) hold the behaviour:
checking what a candidate sends (`validate_answer`), grading it (`grade`), what the candidate may see
while the attempt is open (`public`: never fractions, feedback or the correct answer), and what the
review shows (`feedback`, `correct_answer`). Answer shapes are those of CONTRACT.md: single = choice
id; multiple = list of choice ids; truefalse = true/false; numeric = number or string with a decimal
comma; matching = {"<left id>": "<right id>"}.
"""

from __future__ import annotations

import random
import re
from dataclasses import asdict, dataclass, field
from decimal import Decimal
from typing import Any, ClassVar, Sequence

from core.frenchnum import parse_decimal

TEXT_FORMATS = ("markdown", "html", "plain")
DIFFICULTIES = ("facile", "moyen", "difficile")
TOLERANCE_TYPES = ("absolute", "relative")
TITLE_MAX_LENGTH = 80


class AnswerError(ValueError):
    """An answer that does not fit the question; the message is French, meant for the candidate."""


def letter_ids(count: int) -> list[str]:
    """Ids in source order: a, b, ..., z, aa, ab, ... (spreadsheet columns, lower case)."""
    ids = []
    for index in range(count):
        label = ""
        n = index + 1
        while n:
            n, rest = divmod(n - 1, 26)
            label = chr(ord("a") + rest) + label
        ids.append(label)
    return ids


def default_title(text: str) -> str:
    """A title for a question that has none (Aiken, untitled GIFT): the start of its text."""
    plain = re.sub(r"<[^>]*>", " ", text)
    plain = re.sub(r"[ \t\n\r]+", " ", plain).strip(" ")
    if not plain:
        return "Question sans titre"
    if len(plain) <= TITLE_MAX_LENGTH:
        return plain
    cut = plain[: TITLE_MAX_LENGTH - 1]
    if " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    return cut + "…"


@dataclass(frozen=True)
class Choice:
    """One proposed answer of a single or multiple choice question; fraction in [-1, 1]."""

    id: str
    text: str
    fraction: float
    feedback: str = ""


@dataclass(frozen=True)
class NumericAnswer:
    """An accepted value with its tolerance; `value=None` matches any other answer (Moodle's `*`)."""

    value: float | None
    tolerance: float = 0.0
    tolerance_type: str = "absolute"
    fraction: float = 1.0
    feedback: str = ""

    def absolute_tolerance(self) -> Decimal:
        """The tolerance in the unit of the answer (a relative tolerance is a share of the value)."""
        tolerance = _exact(self.tolerance)
        if self.tolerance_type == "relative" and self.value is not None:
            return tolerance * abs(_exact(self.value))
        return tolerance

    def accepts(self, number: float) -> bool:
        if self.value is None:
            return True
        return abs(_exact(number) - _exact(self.value)) <= self.absolute_tolerance()


@dataclass(frozen=True)
class MatchPair:
    """A left-hand item and the right-hand text it goes with.

    An empty `left` makes `right` a distractor: offered among the right-hand texts, matching nothing.
    """

    id: str
    left: str
    right: str


@dataclass
class QuestionData:
    type: str
    title: str
    text: str
    text_format: str = "markdown"
    general_feedback: str = ""
    category: str = ""
    tags: list[str] = field(default_factory=list)
    difficulty: str | None = None
    choices: list[Choice] = field(default_factory=list)
    all_or_nothing: bool = False
    numeric_answers: list[NumericAnswer] = field(default_factory=list)
    pairs: list[MatchPair] = field(default_factory=list)
    correct: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""

    @property
    def kind(self) -> QuestionType:
        return question_type(self.type)

    def errors(self) -> list[str]:
        """What makes this question unusable, in French; empty when it is fine."""
        problems = []
        if self.type not in QUESTION_TYPES:
            return [f"Type de question inconnu : « {self.type} »."]
        if not self.title.strip():
            problems.append("La question n’a pas de titre.")
        if not self.text.strip():
            problems.append("L’énoncé est vide.")
        if self.text_format not in TEXT_FORMATS:
            problems.append(f"Format de texte inconnu : « {self.text_format} ».")
        if self.difficulty is not None and self.difficulty not in DIFFICULTIES:
            problems.append(f"Difficulté inconnue : « {self.difficulty} ».")
        if self.all_or_nothing and self.type != "multiple":
            problems.append("« Tout ou rien » ne s’applique qu’aux questions à réponses multiples.")
        return problems + self.kind.check(self)

    def to_dict(self) -> dict[str, Any]:
        """JSON-able form: the common fields and those of the question's type only."""
        data: dict[str, Any] = {
            "type": self.type,
            "title": self.title,
            "text": self.text,
            "text_format": self.text_format,
            "general_feedback": self.general_feedback,
            "category": self.category,
            "tags": list(self.tags),
            "difficulty": self.difficulty,
        }
        if self.type in ("single", "multiple"):
            data["choices"] = [asdict(c) for c in self.choices]
        if self.type == "multiple":
            data["all_or_nothing"] = self.all_or_nothing
        if self.type == "truefalse":
            data.update(correct=self.correct, feedback_true=self.feedback_true,
                        feedback_false=self.feedback_false)
        if self.type == "numeric":
            data["numeric_answers"] = [asdict(a) for a in self.numeric_answers]
        if self.type == "matching":
            data["pairs"] = [asdict(p) for p in self.pairs]
        return data

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> QuestionData:
        """The inverse of `to_dict`; raises ValueError on a key or value that does not belong."""
        allowed = {"type", "title", "text", "text_format", "general_feedback", "category", "tags",
                   "difficulty", "choices", "all_or_nothing", "numeric_answers", "pairs", "correct",
                   "feedback_true", "feedback_false"}
        unknown = set(data) - allowed
        if unknown:
            raise ValueError(f"Unknown question keys: {sorted(unknown)}")
        if data.get("type") not in QUESTION_TYPES:
            raise ValueError(f"Unknown question type: {data.get('type')!r}")
        values = dict(data)
        try:
            values["tags"] = list(values.get("tags", []))
            values["choices"] = [Choice(**c) for c in values.get("choices", [])]
            values["numeric_answers"] = [NumericAnswer(**a) for a in values.get("numeric_answers", [])]
            values["pairs"] = [MatchPair(**p) for p in values.get("pairs", [])]
            return cls(**values)
        except TypeError as exc:
            raise ValueError(f"Malformed question data: {exc}") from exc


def _exact(number: float | int) -> Decimal:
    """The decimal a float was written as (0.1 -> Decimal('0.1')), for exact tolerance checks."""
    return Decimal(repr(float(number)))


def _unit(fraction: float) -> float:
    """A grade in [0, 1]; weights like 3 x 33.33333 % count as a full mark."""
    return min(1.0, max(0.0, round(fraction, 6)))


def _ordered(ids: Sequence[str], order: Sequence[str] | None) -> list[str]:
    if not order:
        return list(ids)
    if sorted(order) != sorted(ids):
        raise ValueError(f"Choice order {list(order)} does not match the ids {list(ids)}")
    return list(order)


def _with_general(feedbacks: list[str], q: QuestionData) -> list[str]:
    return [f for f in feedbacks if f] + ([q.general_feedback] if q.general_feedback else [])


class QuestionType:
    """Behaviour shared by every type; subclasses fill in the type-specific parts."""

    name: ClassVar[str]
    label: ClassVar[str]

    def check(self, q: QuestionData) -> list[str]:
        raise NotImplementedError

    def validate_answer(self, q: QuestionData, answer: Any) -> Any:
        """The answer in its normal form; raises AnswerError when it does not fit the question."""
        raise NotImplementedError

    def score(self, q: QuestionData, answer: Any) -> float:
        """Grade of a validated answer (may fall outside [0, 1]; `grade` clamps)."""
        raise NotImplementedError

    def grade(self, q: QuestionData, answer: Any) -> float:
        """Fraction of the mark in [0, 1]. No answer, or one that does not fit, is worth 0: grading a
        submitted attempt must never fail on a stored answer."""
        if answer is None:
            return 0.0
        try:
            normal = self.validate_answer(q, answer)
        except AnswerError:
            return 0.0
        return _unit(self.score(q, normal))

    def public(self, q: QuestionData, choice_order: Sequence[str] | None = None) -> dict[str, Any]:
        """What the candidate sees while the attempt is open (the caller adds the question id)."""
        return {"type": q.type, "text": q.text, "text_format": q.text_format,
                "choices": self.public_choices(q, choice_order)}

    def public_choices(self, q: QuestionData, choice_order: Sequence[str] | None) -> list[dict]:
        return []

    def answer_feedback(self, q: QuestionData, answer: Any) -> list[str]:
        return []

    def feedback(self, q: QuestionData, answer: Any) -> list[str]:
        """Feedback for the review: that of the answer given, then the general feedback."""
        try:
            normal = None if answer is None else self.validate_answer(q, answer)
        except AnswerError:
            normal = None
        given = [] if normal is None else self.answer_feedback(q, normal)
        return _with_general(given, q)

    def correct_answer(self, q: QuestionData) -> Any:
        """A full-mark answer, in the shape a candidate sends."""
        raise NotImplementedError

    def shuffle(self, q: QuestionData, rng: random.Random) -> list[str]:
        """The ids whose order is drawn at attempt start (none for most types)."""
        return []


class _ChoiceType(QuestionType):
    def _ids(self, q: QuestionData) -> list[str]:
        return [c.id for c in q.choices]

    def _choice(self, q: QuestionData, choice_id: Any) -> Choice:
        for choice in q.choices:
            if choice.id == choice_id:
                return choice
        raise AnswerError("Choisissez une des réponses proposées.")

    def _common_checks(self, q: QuestionData) -> list[str]:
        problems = []
        if len(q.choices) < 2:
            problems.append("Il faut au moins deux réponses proposées.")
        if len(set(self._ids(q))) != len(q.choices):
            problems.append("Deux réponses ont le même identifiant.")
        if any(not c.text.strip() for c in q.choices):
            problems.append("Une réponse proposée est vide.")
        if any(not -1 <= c.fraction <= 1 for c in q.choices):
            problems.append("Une pondération sort de l’intervalle −100 % à 100 %.")
        return problems

    def public_choices(self, q: QuestionData, choice_order: Sequence[str] | None) -> list[dict]:
        by_id = {c.id: c for c in q.choices}
        return [{"id": i, "text": by_id[i].text} for i in _ordered(self._ids(q), choice_order)]

    def shuffle(self, q: QuestionData, rng: random.Random) -> list[str]:
        ids = self._ids(q)
        rng.shuffle(ids)
        return ids


class SingleChoice(_ChoiceType):
    name = "single"
    label = "Choix unique"

    def check(self, q: QuestionData) -> list[str]:
        problems = self._common_checks(q)
        if q.choices and max(c.fraction for c in q.choices) != 1:
            problems.append("Aucune réponse ne vaut 100 %.")
        if q.choices and min(c.fraction for c in q.choices) == 1:
            problems.append("Toutes les réponses sont justes : il faut au moins un distracteur.")
        return problems

    def validate_answer(self, q: QuestionData, answer: Any) -> str:
        return self._choice(q, answer).id

    def score(self, q: QuestionData, answer: str) -> float:
        return self._choice(q, answer).fraction

    def answer_feedback(self, q: QuestionData, answer: str) -> list[str]:
        return [self._choice(q, answer).feedback]

    def correct_answer(self, q: QuestionData) -> str:
        return max(q.choices, key=lambda c: c.fraction).id


class MultipleChoice(_ChoiceType):
    name = "multiple"
    label = "Choix multiple"

    def check(self, q: QuestionData) -> list[str]:
        problems = self._common_checks(q)
        positive = sum(c.fraction for c in q.choices if c.fraction > 0)
        if q.all_or_nothing:
            if q.choices and positive == 0:
                problems.append("Aucune réponse n’est juste.")
        elif q.choices and round(positive, 6) < 1:
            problems.append("Les réponses justes ne totalisent pas 100 %.")
        return problems

    def validate_answer(self, q: QuestionData, answer: Any) -> list[str]:
        if not isinstance(answer, (list, tuple)):
            raise AnswerError("Cochez une ou plusieurs réponses (liste de choix attendue).")
        chosen = set()
        for item in answer:
            chosen.add(self._choice(q, item).id)
        return [i for i in self._ids(q) if i in chosen]

    def score(self, q: QuestionData, answer: list[str]) -> float:
        if q.all_or_nothing:
            right = [c.id for c in q.choices if c.fraction > 0]
            return 1.0 if answer == right else 0.0
        return sum(c.fraction for c in q.choices if c.id in answer)

    def answer_feedback(self, q: QuestionData, answer: list[str]) -> list[str]:
        return [c.feedback for c in q.choices if c.id in answer]

    def correct_answer(self, q: QuestionData) -> list[str]:
        return [c.id for c in q.choices if c.fraction > 0]


class TrueFalse(QuestionType):
    name = "truefalse"
    label = "Vrai ou faux"

    def check(self, q: QuestionData) -> list[str]:
        return [] if isinstance(q.correct, bool) else ["La bonne réponse (vrai ou faux) manque."]

    def validate_answer(self, q: QuestionData, answer: Any) -> bool:
        if isinstance(answer, bool):
            return answer
        if isinstance(answer, str) and answer.strip().lower() in ("true", "false"):
            return answer.strip().lower() == "true"
        raise AnswerError("Répondez par vrai ou faux.")

    def score(self, q: QuestionData, answer: bool) -> float:
        return 1.0 if answer == q.correct else 0.0

    def public_choices(self, q: QuestionData, choice_order: Sequence[str] | None) -> list[dict]:
        return [{"id": True, "text": "Vrai"}, {"id": False, "text": "Faux"}]

    def answer_feedback(self, q: QuestionData, answer: bool) -> list[str]:
        return [q.feedback_true if answer else q.feedback_false]

    def correct_answer(self, q: QuestionData) -> bool:
        return bool(q.correct)


class Numeric(QuestionType):
    name = "numeric"
    label = "Numérique"

    def check(self, q: QuestionData) -> list[str]:
        problems = []
        valued = [a for a in q.numeric_answers if a.value is not None]
        if not valued or max(a.fraction for a in valued) != 1:
            problems.append("Aucune valeur attendue ne vaut 100 %.")
        for a in q.numeric_answers:
            if a.tolerance < 0 or a.tolerance_type not in TOLERANCE_TYPES:
                problems.append("Une tolérance est négative ou de type inconnu.")
            if not -1 <= a.fraction <= 1:
                problems.append("Une pondération sort de l’intervalle −100 % à 100 %.")
        return problems

    def validate_answer(self, q: QuestionData, answer: Any) -> float:
        try:
            return float(parse_decimal(answer))
        except ValueError as exc:
            raise AnswerError(str(exc)) from exc

    def _best(self, q: QuestionData, number: float) -> NumericAnswer | None:
        matching = [a for a in q.numeric_answers if a.accepts(number)]
        return max(matching, key=lambda a: a.fraction, default=None)

    def score(self, q: QuestionData, answer: float) -> float:
        best = self._best(q, answer)
        return best.fraction if best else 0.0

    def answer_feedback(self, q: QuestionData, answer: float) -> list[str]:
        best = self._best(q, answer)
        return [best.feedback] if best else []

    def correct_answer(self, q: QuestionData) -> float:
        valued = [a for a in q.numeric_answers if a.value is not None]
        return max(valued, key=lambda a: a.fraction).value


class Matching(QuestionType):
    name = "matching"
    label = "Appariement"

    @staticmethod
    def right_ids(q: QuestionData) -> dict[str, str]:
        """Right-hand texts keyed by id: the id of the first pair carrying that text."""
        rights: dict[str, str] = {}
        for pair in q.pairs:
            if pair.right not in rights.values():
                rights[pair.id] = pair.right
        return rights

    @staticmethod
    def _lefts(q: QuestionData) -> list[MatchPair]:
        return [p for p in q.pairs if p.left]

    def check(self, q: QuestionData) -> list[str]:
        problems = []
        if len(self._lefts(q)) < 2:
            problems.append("Il faut au moins deux éléments à associer.")
        if any(not p.right.strip() for p in q.pairs):
            problems.append("Une proposition de droite est vide.")
        if len({p.id for p in q.pairs}) != len(q.pairs):
            problems.append("Deux éléments ont le même identifiant.")
        return problems

    def validate_answer(self, q: QuestionData, answer: Any) -> dict[str, str]:
        if not isinstance(answer, dict):
            raise AnswerError("Associez chaque élément à une proposition.")
        rights = self.right_ids(q)
        lefts = {p.id for p in self._lefts(q)}
        for left, right in answer.items():
            if left not in lefts:
                raise AnswerError(f"Élément inconnu : « {left} ».")
            if right not in (None, "") and (not isinstance(right, str) or right not in rights):
                raise AnswerError(f"Proposition inconnue : « {right} ».")
        return {p.id: answer[p.id] for p in self._lefts(q) if answer.get(p.id) not in (None, "")}

    def score(self, q: QuestionData, answer: dict[str, str]) -> float:
        rights = self.right_ids(q)
        lefts = self._lefts(q)
        right_count = sum(1 for p in lefts if p.id in answer and rights[answer[p.id]] == p.right)
        return right_count / len(lefts)

    def public(self, q: QuestionData, choice_order: Sequence[str] | None = None) -> dict[str, Any]:
        data = super().public(q, choice_order)
        data["lefts"] = [{"id": p.id, "text": p.left} for p in self._lefts(q)]
        return data

    def public_choices(self, q: QuestionData, choice_order: Sequence[str] | None) -> list[dict]:
        rights = self.right_ids(q)
        return [{"id": i, "text": rights[i]} for i in _ordered(list(rights), choice_order)]

    def correct_answer(self, q: QuestionData) -> dict[str, str]:
        by_text = {text: right_id for right_id, text in self.right_ids(q).items()}
        return {p.id: by_text[p.right] for p in self._lefts(q)}

    def shuffle(self, q: QuestionData, rng: random.Random) -> list[str]:
        ids = list(self.right_ids(q))
        rng.shuffle(ids)
        return ids


QUESTION_TYPES: dict[str, QuestionType] = {
    t.name: t for t in (SingleChoice(), MultipleChoice(), TrueFalse(), Numeric(), Matching())
}


def question_type(name: str) -> QuestionType:
    try:
        return QUESTION_TYPES[name]
    except KeyError:
        raise ValueError(f"Unknown question type: {name!r}") from None


def shuffle_choices(q: QuestionData, rng: random.Random) -> list[str]:
    """The choice order frozen at attempt start: shuffled choice ids (matching: right-hand ids)."""
    return q.kind.shuffle(q, rng)

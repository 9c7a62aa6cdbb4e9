"""What the candidate sees of a drawn question, and the translation of the answers they send.

Choice ids in the bank are letters in source order, and authors usually write the right answer first: shown
as is, `a` would give the answer away. So the candidate sees positional ids ("1", "2", ...) in the order
frozen for their attempt, and answers are translated to source ids before they are checked and stored.
The texts are Markdown (or HTML) rendered and sanitised once per question version.
"""

from __future__ import annotations

from typing import Any, Sequence

from flask import current_app
from markupsafe import Markup, escape

from core.markdown import render_markdown, sanitize
from quizzes.questions import AnswerError, Matching, QuestionData

POSITIONAL_TYPES = ("single", "multiple", "matching")


def render_text(text: str, text_format: str) -> Markup:
    if text_format == "markdown":
        return render_markdown(text)
    if text_format == "html":
        return Markup(sanitize(text))
    return Markup(f"<p>{escape(text)}</p>")


def inline(html: str) -> str:
    """A one-paragraph rendering without its <p>, so it can sit inside a label or a table cell."""
    if html.startswith("<p>") and html.endswith("</p>") and html.count("<p>") == 1:
        return html[3:-4]
    return html


def source_order(q: QuestionData) -> list[str]:
    """The ids whose order a candidate sees, unshuffled (choice ids; right-hand ids for matching)."""
    if q.type in ("single", "multiple"):
        return [c.id for c in q.choices]
    if q.type == "matching":
        return list(Matching.right_ids(q))
    return []


def render_public(q: QuestionData) -> dict[str, Any]:
    """The texts the candidate sees, rendered and sanitised: stored with each question version."""
    public = q.kind.public(q)
    rendered = {
        "text": str(render_text(q.text, q.text_format)),
        "choices": {str(c["id"]): inline(str(render_text(c["text"], q.text_format))) for c in public["choices"]},
        "lefts": [{"id": left["id"], "text": inline(str(render_text(left["text"], q.text_format)))}
                  for left in public.get("lefts", [])],
    }
    if q.type == "matching":
        rendered["labels"] = option_labels(rendered)
    return rendered


def option_labels(rendered: dict[str, Any]) -> dict[str, str]:
    """The choices as plain text, for the `<option>`s of a matching question (no markup allowed there);
    computed once per version: stripping tags on every page cost a third of the exam page."""
    return {choice_id: Markup(html).striptags() for choice_id, html in rendered["choices"].items()}


def rendered_cache() -> dict[tuple[int, int], dict[str, Any]]:
    return current_app.extensions.setdefault("quizzes.rendered", {})


def _rendered(key: tuple[int, int], q: QuestionData) -> dict[str, Any]:
    cache = rendered_cache()
    rendered = cache.get(key)
    if rendered is None:
        rendered = cache[key] = render_public(q)
    if q.type == "matching" and "labels" not in rendered:  # stored before the labels were
        rendered["labels"] = option_labels(rendered)
    return rendered


def public_question(question_id: int, version: int, q: QuestionData, order: Sequence[str]) -> dict[str, Any]:
    """The question as the candidate's browser receives it: no fraction, feedback or correct answer."""
    rendered = _rendered((question_id, version), q)
    if q.type == "matching":
        choices = [{"id": str(position), "text": rendered["choices"][source_id], "label": rendered["labels"][source_id]}
                   for position, source_id in enumerate(order, start=1)]
    elif q.type in POSITIONAL_TYPES:
        choices = [{"id": str(position), "text": rendered["choices"][source_id]}
                   for position, source_id in enumerate(order, start=1)]
    else:
        choices = [{"id": c["id"], "text": c["text"]} for c in q.kind.public(q)["choices"]]
        for choice in choices:
            choice["text"] = rendered["choices"][str(choice["id"])]
    data = {"id": question_id, "type": q.type, "text": rendered["text"], "choices": choices}
    if q.type == "matching":
        data["lefts"] = rendered["lefts"]
    return data


def _source_id(order: Sequence[str], public_id: Any) -> str:
    if isinstance(public_id, (str, int)) and not isinstance(public_id, bool) and str(public_id).isdigit():
        position = int(public_id)
        if 1 <= position <= len(order):
            return order[position - 1]
    raise AnswerError("Choisissez une des réponses proposées.")


def to_source(q: QuestionData, order: Sequence[str], answer: Any) -> Any:
    """The candidate's answer (positional ids) checked and in source ids; raises AnswerError (French)."""
    if answer is None:
        return None
    if q.type == "single":
        answer = _source_id(order, answer)
    elif q.type == "multiple":
        if not isinstance(answer, list):
            raise AnswerError("Cochez une ou plusieurs réponses (liste de choix attendue).")
        answer = [_source_id(order, item) for item in answer]
    elif q.type == "matching":
        if not isinstance(answer, dict):
            raise AnswerError("Associez chaque élément à une proposition.")
        answer = {left: (None if right in (None, "") else _source_id(order, right)) for left, right in answer.items()}
    return q.kind.validate_answer(q, answer)


def to_public(q: QuestionData, order: Sequence[str], answer: Any) -> Any:
    """A stored answer (source ids) as the candidate's page knows it (positional ids)."""
    if answer is None or q.type not in POSITIONAL_TYPES:
        return answer
    position = {source_id: str(index) for index, source_id in enumerate(order, start=1)}
    if q.type == "single":
        return position.get(answer)
    if q.type == "multiple":
        return [position[item] for item in answer if item in position]
    return {left: position[right] for left, right in answer.items() if right in position}

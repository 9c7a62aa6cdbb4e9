"""The answer fields of every exercise kind: one constructor of the form-field dicts `form_fields` returns, and
one check of a submission against them (which answers are unreadable for their field's type).

A field is a JSON-able dict: `id` (the dotted path of its answer), `label`, `type`, `unit`, `options`
([{"value", "label"}]), `group`, `help`, and when given `control` (`select`: a choice shown as a drop-down
list instead of radio buttons), `allows_none` (a date that may be answered « aucune », so the page does not
offer a digits-only keyboard), `widget` (a kind's own control, `templates/simulator/kinds/_<widget>.html`)
and `ordered` (a `multi` answer that is a sequence). templates/simulator/_form.html renders them.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from typing import Any

from simulator.grading import (
    answer_at,
    choice_error,
    date_error,
    number_error,
    set_error,
    text_error,
)

FIELD_TYPES = ("number", "percent", "choice", "multi", "date", "text")
CONTROLS = ("select",)
NOT_AN_OBJECT = "Réponse illisible : un objet de champs était attendu."

Check = Callable[[Any], str | None]


def form_field(id: str, label: str, type: str, group: str, *, unit: str = "",
               options: Iterable[Mapping[str, str]] = (), help: str = "", control: str | None = None,
               allows_none: bool = False, widget: str | None = None, ordered: bool = False) -> dict[str, Any]:
    """A form field as `form_fields` lists it (see the module docstring); ValueError on an unknown type or
    control, so that a kind cannot ask the page for a control it does not draw."""
    if type not in FIELD_TYPES:
        raise ValueError(f"Unknown field type {type!r} (known: {', '.join(FIELD_TYPES)}).")
    if control is not None and (control not in CONTROLS or type != "choice"):
        raise ValueError(f"Control {control!r} is not one of a choice field's {CONTROLS}.")
    field: dict[str, Any] = {"id": id, "label": label, "type": type, "unit": unit,
                             "options": [dict(option) for option in options], "group": group, "help": help}
    if control:
        field["control"] = control
    if allows_none:
        field["allows_none"] = True
    if widget:
        field["widget"] = widget
    if ordered:
        field["ordered"] = True
    return field


def field_error(field: Mapping[str, Any], given: Any) -> str | None:
    """French message when `given` cannot be read as an answer of `field`'s type; None for a readable or blank
    answer (a draft may leave fields empty)."""
    kind = field["type"]
    if kind in ("number", "percent"):
        return number_error(given, percent=kind == "percent", unit=field.get("unit", ""))
    if kind == "choice":
        return choice_error(given, field["options"])
    if kind == "multi":
        return set_error(given, field["options"])
    if kind == "date":
        return date_error(given)
    return text_error(given)


def check_answers(fields: Sequence[Mapping[str, Any]], submission: Any, *,
                  answers: Mapping[str, Any] | None = None,
                  checks: Mapping[str, Check] | None = None) -> dict[str, str]:
    """Field id -> French error for each unreadable answer of `submission`, the `check_submission` of a kind.

    `answers` (field id -> answer) replaces the reading of the submission at each field's path, for a kind that
    also reads another shape (a CONTRACT list); `checks` (field id -> check) replaces the check of a field's
    type for answers read another way (a ranking of codes in a text field)."""
    if not isinstance(submission, Mapping):
        return {"submission": NOT_AN_OBJECT}
    checks = checks or {}
    errors = {}
    for field in fields:
        given = answers[field["id"]] if answers is not None else answer_at(submission, field["id"])
        check = checks.get(field["id"])
        error = check(given) if check else field_error(field, given)
        if error:
            errors[field["id"]] = error
    return errors

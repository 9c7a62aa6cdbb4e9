"""The dialogue scripts of the `phone-call` case (phone_calls.yaml): the four steps of a dunning call, the
debtor personas and objections, what each level draws, and the dialogue nodes with their replies.

Data only, checked once when loaded (every `next` names a node of the same step, qualities are known): the
engine (simulator/kinds/phone_call.py) fills the texts with a case's figures and grades the walk.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from cases import library

QUALITIES = ("best", "acceptable", "fault")


@dataclass(frozen=True)
class Step:
    code: str
    title: str
    points: float
    entry: str | None  # None: the entry is the objection's node


@dataclass(frozen=True)
class Objection:
    code: str
    label: str
    entry: str
    decider: str  # "comptable" or "dirigeant": who can commit to paying (lesson 01)
    conclusion: str | None  # the conclusion's entry when the objection changes how the call ends


@dataclass(frozen=True)
class LevelRules:
    overdue_invoices: tuple[int, int]
    invoice_not_due: bool
    partial_payment: bool
    personas: tuple[str, ...]
    objections: tuple[str, ...]
    barrage: float  # probability that the person asked for is away


def _data() -> dict[str, Any]:
    return library._load("phone_calls.yaml")


@cache
def steps() -> tuple[Step, ...]:
    return tuple(Step(s["code"], s["title"], float(s["points"]), s["entry"]) for s in _data()["steps"])


def personas() -> dict[str, str]:
    """Persona code -> French description."""
    return _data()["personas"]


@cache
def objections() -> dict[str, Objection]:
    return {code: Objection(code, o["label"], o["entry"], o["decider"], o.get("conclusion"))
            for code, o in _data()["objections"].items()}


@cache
def level_rules(level: str) -> LevelRules:
    rules = _data()["levels"][level]
    return LevelRules(tuple(rules["overdue_invoices"]), rules["invoice_not_due"], rules["partial_payment"],
                      tuple(rules["personas"]), tuple(rules["objections"]), float(rules["barrage"]))


@cache
def nodes() -> Mapping[str, Mapping[str, Any]]:
    """Node id -> {"step", "speaker", "line", "replies": [{"quality", "text", "feedback", "next", "levels"?}]},
    checked for coherence."""
    found = _data()["nodes"]
    step_codes = {step.code for step in steps()}
    for node_id, node in found.items():
        if node["step"] not in step_codes:
            raise ValueError(f"phone_calls.yaml: node {node_id} has an unknown step {node['step']!r}")
        if sum(reply["quality"] == "best" for reply in node["replies"]) != 1:
            raise ValueError(f"phone_calls.yaml: node {node_id} needs exactly one best reply")
        for reply in node["replies"]:
            if reply["quality"] not in QUALITIES:
                raise ValueError(f"phone_calls.yaml: node {node_id}: unknown quality {reply['quality']!r}")
            targets = reply["next"].values() if isinstance(reply["next"], Mapping) else [reply["next"]]
            for target in targets:
                if target is not None and (target not in found or found[target]["step"] != node["step"]):
                    raise ValueError(f"phone_calls.yaml: node {node_id}: next {target!r} is not a node of its step")
    return found

"""Which customers to dun first: the course's priority score (module 08, *In-house*) and its French explanation,
shared by the aged-balance and dunning-plan kinds.

Score = the customer's overdue amount outside disputes (disputed invoices go to the dispute service, not to
dunning), less its unallocated payments and credit notes imputed on the oldest debts (C. civ. 1342-10), times
the coefficient of its risk class (A 1, B 1.5, C 2, D 3, E 4); highest score first; customers with nothing to
chase are not ranked. The computation is `simulator.ledger.collection_priorities` with equal age weights.
Pure: no Flask, no database.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from cases.narrative import typographie
from core.frenchnum import format_number
from simulator import ledger
from simulator.grading import format_value

RISK_WEIGHTS = {"A": 1, "B": 1.5, "C": 2, "D": 3, "E": 4}
_AGE_WEIGHTS = {name: 1 for name in ledger.OVERDUE_BUCKETS}  # the course's score does not weigh age


def collection_priorities(case: Mapping[str, Any], invoices: Sequence[Any], settlements: Sequence[Any]
                          ) -> list[ledger.CollectionPriority]:
    """The ranked customers of a ledger case (`customers` with `risk_class`, `as_of`, `disputed`), from its
    parsed documents (`ledger.invoices_from`, `ledger.settlements_from`)."""
    risks = {customer["id"]: RISK_WEIGHTS[customer["risk_class"]] for customer in case["customers"]}
    return ledger.collection_priorities(invoices, settlements, (), case["as_of"], case["disputed"], risks,
                                        _AGE_WEIGHTS)


def _weight(value: float) -> str:
    return format_number(value, 0 if float(value).is_integer() else 1)


def priority_rule_text() -> str:
    """The rule in one French sentence, with the coefficients."""
    coefficients = ", ".join(f"{code} × {_weight(weight)}" for code, weight in RISK_WEIGHTS.items())
    return typographie(
        f"Règle de priorité du cours : échu hors litige du client (diminué des règlements et avoirs non "
        f"affectés, imputés sur les dettes échues les plus anciennes, art. 1342-10 C. civ.) × coefficient de "
        f"sa classe de risque ({coefficients}) ; le score le plus élevé d’abord. Les factures en litige suivent "
        f"la procédure litiges et ne sont pas relancées.")


def priorities_explanation(case: Mapping[str, Any], ranked: Sequence[ledger.CollectionPriority],
                           open_disputed: Sequence[str]) -> str:
    """The rule, each ranked customer's score with its figures, who is left out and the disputes set aside."""
    classes = {customer["id"]: customer["risk_class"] for customer in case["customers"]}
    scores = [f"{p.customer} : {format_value(float(p.weighted), '€', 2)} × {_weight(float(p.risk_weight))} (classe "
              f"{classes[p.customer]}) = {format_number(float(p.score), 0)}" for p in ranked]
    text = f"{priority_rule_text()} {' ; '.join(scores) or 'Aucun client n’a d’échu à relancer'}."
    left = [customer["id"] for customer in case["customers"] if customer["id"] not in {p.customer for p in ranked}]
    if left:
        text += f" Rien à relancer hors litige chez : {', '.join(left)}."
    if open_disputed:
        text += f" En litige, traitées à part : {', '.join(open_disputed)}."
    return typographie(text)

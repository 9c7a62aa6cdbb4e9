"""Exercise kind `insolvency-claim`: declare a claim against a customer in a procédure collective
(REFERENCE §6, module 12).

The case (cases.insolvency) is a customer placed in sauvegarde, redressement or liquidation judiciaire, the
BODACC publication of the judgment, and the supplier's ledger on it: invoices with their delivery dates,
payments, credit notes, the penalty rates, the reservation-of-title clause and what became of the goods. The
trainee computes the deadline to declare (R622-24, CPC 641-642 with the holidays of the debtor's seat: its
court and mandataires), sorts the invoices (échue, à échoir, not declared), computes each line (principal,
penalties stopped the day before the judgment, 40 € indemnity), the set-off of connected credit notes, the
total, and which lots of goods to claim back, and by when (L624-9, L624-16).

Every figure comes from `simulator.law` (claim_lines, penalty_periods, declaration_deadline,
revendication_deadline); this module chooses, explains and grades. Credit notes of a distinct contract are
not passed to `claim_lines`: only connected debts are set off (L622-7).
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cases.insolvency import draw_insolvency_case
from cases.narrative import after_a, after_de, typographie
from core.frenchnum import format_date, format_percent
from simulator import law, ledger
from simulator.fields import check_answers, form_field
from simulator.grading import (NO_ANSWER, Grade, GradeItem, answer_at, format_value, grade_choice, grade_date,
                               grade_number, grade_set)
from simulator.registry import check_level, register

STATUS_OPTIONS = [{"value": "echue", "label": "Échue"}, {"value": "a_echoir", "label": "À échoir"}]
LINE_KEYS = ("status", "principal", "penalties", "indemnity")
AMOUNT_TOLERANCE = 0.01  # euros: amounts are exact to the cent (pinned computation)

DEADLINE_POINTS = 2.0
STATUS_POINTS = 1.0
PRINCIPAL_POINTS = 1.0
PENALTIES_POINTS = 1.0
INDEMNITY_POINTS = 0.5
EXCLUDED_POINTS = 2.0
SET_OFF_POINTS = 1.0
TOTAL_POINTS = 2.0
REVENDICATION_POINTS = 2.0

_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def _eur(value: Decimal | float) -> str:
    return format_value(float(value), "€", 2)


def _d(day: date) -> str:
    return format_date(day)




# --- the computations a case calls for ---------------------------------------------------------------


@dataclass(frozen=True)
class _Assessment:
    """Everything the model answer and the feedback need, computed once from a case."""

    judgment: date
    publication: date
    statement: law.ClaimStatement
    applied: Mapping[str, tuple[tuple[date, Decimal], ...]]
    connected_ids: frozenset[str]
    excluded: list[str]
    declaration_deadline: date
    revendication: list[str]
    revendication_deadline: date | None

    @classmethod
    def of(cls, case: Mapping[str, Any]) -> _Assessment:
        judgment = ledger.as_date(case["judgment_date"])
        publication = ledger.as_date(case["publication_date"])
        seat = case["company"].get("departement")  # the court of the debtor's seat and its mandataires: its holidays
        connected = [note for note in case["credit_notes"] if _is_connected(case, note)]
        statement = law.claim_lines(case["invoices"], case["payments"], connected, judgment,
                                    rates=case["penalty_rates"])
        settlements = [s for s in ledger.settlements_from(case["payments"], connected) if s.date < judgment]
        applied = ledger.allocate(ledger.invoices_from(case["invoices"]), settlements).applied
        declared = {line.invoice for line in statement.lines}
        excluded = [invoice["id"] for invoice in case["invoices"] if invoice["id"] not in declared]
        revendication = [lot["id"] for lot in case["reservation_of_title"]["goods"]
                         if _lot_problem(case, lot, declared) is None]
        return cls(
            judgment=judgment,
            publication=publication,
            statement=statement,
            applied=applied,
            connected_ids=frozenset(note["id"] for note in connected),
            excluded=excluded,
            declaration_deadline=law.declaration_deadline(publication, bool(case["creditor_abroad"]), seat),
            revendication=revendication,
            revendication_deadline=law.revendication_deadline(publication, seat) if revendication else None,
        )

    def line(self, invoice_id: str) -> law.ClaimLine | None:
        return next((line for line in self.statement.lines if line.invoice == invoice_id), None)


def _is_connected(case: Mapping[str, Any], note: Mapping[str, Any]) -> bool:
    """A credit note of the framework contract: a debt connected to the declared claims (L622-7)."""
    return note.get("contract", case["contract"]["id"]) == case["contract"]["id"]


def _lot_problem(case: Mapping[str, Any], lot: Mapping[str, Any], declared: set[str]) -> str | None:
    """Why a lot cannot be claimed back in kind (L624-9, L624-16), or None when it can."""
    clause = case["reservation_of_title"]
    delivered = ledger.as_date(lot["delivery_date"])
    if not clause["clause"]:
        return "aucune clause de réserve de propriété : vous n’êtes plus propriétaire"
    if not clause["accepted_in_writing"] or not clause["accepted_on"]:
        return ("clause imprimée seulement sur les factures, jamais acceptée par écrit : inopposable à la procédure "
                "(art. L. 624-16 C. com.)")
    accepted = ledger.as_date(clause["accepted_on"])
    if accepted > delivered:
        return (f"clause acceptée le {_d(accepted)}, après la livraison du {_d(delivered)} : elle doit l’être par "
                f"écrit au plus tard à la livraison (art. L. 624-16 C. com.)")
    if lot["invoice"] not in declared:
        return f"facture {lot['invoice']} réglée : le prix payé, la propriété est transférée"
    if not lot["held_by_debtor"]:
        return (f"marchandises {lot['fate_label']} : plus en nature chez le débiteur ; si elles ont été revendues, "
                f"seul le prix encore dû par le sous-acquéreur peut être revendiqué (art. L. 624-18 C. com.)")
    return None


# --- explanations --------------------------------------------------------------------------------------


def _deadline_text(start: date, months: int, deadline: date, source: str, debtor: Mapping[str, Any]) -> str:
    """`… = 11/11/2025 (…) ; le 11/11/2025 est le 11 Novembre, jour férié : le délai est prorogé au 12/11/2025
    (art. 642 CPC).`, and where the holidays come from when the debtor's seat makes the deadline move further
    than the national holidays would."""
    end = law.add_months(start, months)
    text = f"{_d(end)} (art. 641 CPC : même quantième)"
    if end == deadline:
        return f"{text}, un {_WEEKDAYS[end.weekday()]}, jour ouvrable. {source}"
    text += (f" ; {law.skipped_days_text(end, debtor.get('departement'))} : le délai est prorogé au premier jour "
             f"ouvrable suivant, le {_d(deadline)} (art. 642 CPC).")
    if law.next_working_day(end) != deadline:
        text += (f" Les jours fériés retenus sont ceux du siège du débiteur, {debtor['city']} "
                 f"({debtor['departement']}), ressort du tribunal qui a ouvert la procédure.")
    return f"{text} {source}"


def _declaration_text(case: Mapping[str, Any], a: _Assessment) -> str:
    creditor = case["creditor"]
    source = (f"Le délai court de la publication au BODACC, non du jugement du {_d(a.judgment)} ; il s’applique "
              f"quelle que soit la procédure ({case['procedure_label']}).")
    if case["creditor_abroad"]:
        head = (f"Publication au BODACC le {_d(a.publication)} + 2 mois (art. R. 622-24 C. com.) + 2 mois pour un "
                f"créancier établi hors de France métropolitaine ({creditor['city']}, {creditor['country']}), soit "
                f"4 mois : ")
        return head + _deadline_text(a.publication, 4, a.declaration_deadline, source, case["company"])
    head = (f"Publication au BODACC le {_d(a.publication)} + 2 mois (art. R. 622-24 C. com. ; votre société est "
            f"établie en France) = ")
    return head + _deadline_text(a.publication, 2, a.declaration_deadline, source, case["company"])


def _revendication_deadline_text(case: Mapping[str, Any], a: _Assessment) -> str:
    if a.revendication_deadline is None:
        return ("Aucun lot ne peut être revendiqué (voir la question des biens) : il n’y a pas de délai de "
                "revendication à tenir ; répondez « aucune ». Déclarez la créance, c’est elle qui vous paiera.")
    text = (f"Publication au BODACC le {_d(a.publication)} + 3 mois (art. L. 624-9 C. com.) = "
            + _deadline_text(a.publication, 3, a.revendication_deadline,
                             f"La demande va {_claim_addressee(case)} par lettre recommandée avec avis de réception "
                             f"(art. R. 624-13 C. com.).", case["company"]))
    if case["creditor_abroad"]:
        text += " Ce délai n’est pas allongé pour un créancier établi hors de France (seul celui de déclarer l’est)."
    return text


def _claim_addressee(case: Mapping[str, Any]) -> str:
    """Who receives a revendication (R624-13): the administrator, the liquidator in a liquidation."""
    if case.get("administrator"):
        return f"à l’administrateur judiciaire ({case['administrator']['name']}),"
    return f"au {case['receiver']['role']} ({case['receiver']['name']}),"


def _later_claims_article(case: Mapping[str, Any]) -> str:
    """The priority of claims born after the judgment: L622-17, L641-13 in a liquidation."""
    return "L. 641-13" if case["procedure"] == "liquidation_judiciaire" else "L. 622-17"


def _birth_text(invoice: Mapping[str, Any], judgment: date) -> str:
    delivered = ledger.as_date(invoice["delivery_date"])
    invoiced = ledger.as_date(invoice["date"])
    text = f"Livrée le {_d(delivered)}"
    if invoiced != delivered:
        text += f" et facturée le {_d(invoiced)}"
    if delivered < judgment:
        text += (f", avant le jugement du {_d(judgment)} (effet à 0 h le jour du jugement) : créance antérieure, à "
                 f"déclarer (art. L. 622-24 C. com.).")
        if invoiced >= judgment:
            text += (" La facture émise après le jugement n’y change rien : c’est la livraison qui fait naître la "
                     "créance.")
    return text


def _status_text(invoice: Mapping[str, Any], line: law.ClaimLine, judgment: date) -> str:
    if line.status == "echue":
        rule = (f"Échéance le {_d(line.due_date)}, avant le jugement : créance échue, déclarée avec ses pénalités et "
                f"l’indemnité forfaitaire.")
    else:
        when = "le jour même du jugement" if line.due_date == judgment else "après le jugement"
        rule = (f"Échéance le {_d(line.due_date)}, {when} : créance à échoir, déclarée pour son principal avec sa date "
                f"d’échéance (art. L. 622-25 et R. 622-23 C. com.).")
    return f"{_birth_text(invoice, judgment)} {rule}"


def _documents_on(case: Mapping[str, Any], invoice_id: str, connected: frozenset[str]) -> list[dict[str, Any]]:
    """Payments and connected credit notes naming the invoice, oldest first, with their kind."""
    documents = [{**p, "kind": "règlement"} for p in case["payments"] if p.get("invoice") == invoice_id]
    documents += [{**n, "kind": "avoir"} for n in case["credit_notes"]
                  if n.get("invoice") == invoice_id and n["id"] in connected]
    return sorted(documents, key=lambda doc: (doc["date"], doc["id"]))


def _principal_text(case: Mapping[str, Any], invoice: Mapping[str, Any], line: law.ClaimLine, a: _Assessment) -> str:
    before, after = [], []
    for doc in _documents_on(case, invoice["id"], a.connected_ids):
        (before if ledger.as_date(doc["date"]) < a.judgment else after).append(doc)
    text = f"Montant TTC de la facture {_eur(invoice['amount'])}"
    if before:
        text += "".join(f" − {doc['kind']} {doc['id']} du {_d(ledger.as_date(doc['date']))} de {_eur(doc['amount'])}"
                        for doc in before)
        text += f" = {_eur(line.principal)} restant dû au jour du jugement."
    else:
        text += ", rien n’ayant été réglé ni imputé avant le jugement."
    for doc in after:
        text += (f" Le {doc['kind']} {doc['id']} du {_d(ledger.as_date(doc['date']))} ({_eur(doc['amount'])}), reçu "
                 f"après le jugement, viole l’interdiction de payer (art. L. 622-7 C. com.) : il est nul, devra être "
                 f"restitué et ne réduit pas la créance déclarée.")
    return text


def _penalties_text(case: Mapping[str, Any], invoice: Mapping[str, Any], line: law.ClaimLine, a: _Assessment) -> str:
    if line.status == "a_echoir":
        return ("Créance à échoir : aucun retard au jour du jugement, et le jugement arrête le cours des intérêts "
                "(art. L. 622-28 C. com.) : pénalités 0 €.")
    last_day = a.judgment - timedelta(days=1)
    periods = law.penalty_periods(invoice["amount"], line.due_date, last_day, a.applied.get(invoice["id"], ()),
                                  case["penalty_rates"])
    parts = [f"{period.days} jour{'s' if period.days > 1 else ''} du {_d(period.first)} au {_d(period.last)} × "
             f"{_eur(period.base)} × {format_percent(period.rate, 2)} / 365" for period in periods]
    computation = " + ".join(parts) + f" = {_eur(line.penalties)}" if parts else "aucun jour de retard : 0 €"
    return (f"Pénalités du lendemain de l’échéance ({_d(line.due_date + timedelta(days=1))}) à la veille du jugement "
            f"({_d(last_day)}) incluse : le jugement arrête le cours des intérêts (art. L. 622-28 C. com.). Taux "
            f"par défaut de l’art. L. 441-10 C. com. (taux BCE + 10 points), celui du semestre de chaque jour, sur le "
            f"restant dû de chaque jour : {computation} (arrondi au centime).")


def _indemnity_text(line: law.ClaimLine) -> str:
    if line.status == "echue":
        return ("Facture échue impayée : indemnité forfaitaire pour frais de recouvrement de 40 € (art. L. 441-10 "
                "et D. 441-5 C. com.), une par facture.")
    return ("Créance à échoir : le débiteur ne peut plus la payer à son échéance (interdiction de payer, art. "
            "L. 622-7 C. com.) ; l’indemnité de 40 € n’est pas due.")


def _excluded_text(case: Mapping[str, Any], a: _Assessment) -> str:
    if not a.excluded:
        return "Toutes les factures sont nées avant le jugement et restent dues : aucune n’est à exclure."
    reasons = []
    invoices = {invoice["id"]: invoice for invoice in case["invoices"]}
    for invoice_id in a.excluded:
        invoice = invoices[invoice_id]
        delivered = ledger.as_date(invoice["delivery_date"])
        if delivered >= a.judgment:
            when = "le jour du jugement" if delivered == a.judgment else "après le jugement"
            reasons.append(f"{invoice_id}, livrée le {_d(delivered)}, {when} : créance postérieure, non déclarée ; "
                           f"elle se paie à son échéance du {_d(ledger.as_date(invoice['due_date']))} et, impayée, "
                           f"bénéficie d’une priorité (art. {_later_claims_article(case)} C. com.)")
        else:
            reasons.append(f"{invoice_id} réglée intégralement avant le jugement, à son échéance : rien n’est dû")
    return "Ne pas déclarer : " + " ; ".join(reasons) + "."


def _set_off_text(case: Mapping[str, Any], a: _Assessment) -> str:
    parts = []
    for note in case["credit_notes"]:
        label = (f"Avoir {note['id']} du {_d(ledger.as_date(note['date']))} ({note['reason'].lower()}, "
                 f"{_eur(note['amount'])})")
        if note.get("invoice") and note["id"] in a.connected_ids:
            parts.append(f"{label} : imputé sur la facture {note['invoice']}, déjà déduit de son principal.")
        elif note["id"] in a.connected_ids:
            parts.append(f"{label}, au titre du {note['contract_label']} : même relation contractuelle, il se compense "
                         f"avec la créance (compensation de créances connexes, art. L. 622-7 C. com.).")
        else:
            parts.append(f"{label}, au titre du {note['contract_label']} : contrat distinct, dette non connexe ; elle "
                         f"n’entre pas en compensation et reste due au débiteur.")
    if not parts:
        parts.append("Aucun avoir : rien à compenser.")
    return " ".join(parts) + f" Compensation = {_eur(a.statement.set_off)}."


def _total_text(case: Mapping[str, Any], a: _Assessment) -> str:
    terms = [_eur(line.total) for line in a.statement.lines]
    total = sum((line.total for line in a.statement.lines), Decimal(0))
    text = (f"Somme des lignes (principal + pénalités + indemnité) = {' + '.join(terms) or '0 €'} = {_eur(total)}"
            f" ; − compensation {_eur(a.statement.set_off)}")
    if a.statement.payments_on_account:
        text += f" ; − règlements non imputés {_eur(a.statement.payments_on_account)}"
    text += f" = {_eur(a.statement.total_declared)}, déclarés à titre chirographaire"
    if case["reservation_of_title"]["accepted_in_writing"]:
        text += ", en signalant la réserve de propriété (art. R. 622-23 C. com.)"
    return text + "."


def _revendication_text(case: Mapping[str, Any], a: _Assessment) -> str:
    declared = {line.invoice for line in a.statement.lines}
    parts = []
    for lot in case["reservation_of_title"]["goods"]:
        problem = _lot_problem(case, lot, declared)
        head = f"{lot['id']} (facture {lot['invoice']}, livré le {_d(ledger.as_date(lot['delivery_date']))})"
        if problem is None:
            parts.append(f"{head} : clause acceptée par écrit au plus tard à la livraison, prix impayé, biens en "
                         f"nature chez le débiteur : à revendiquer (art. L. 624-9 et L. 624-16 C. com.)")
        else:
            parts.append(f"{head} : {problem}")
    if not parts:
        return "Aucun lot livré avant le jugement : rien à revendiquer."
    return " ; ".join(parts) + ". La créance reste déclarée en entier, à titre conservatoire."


# --- the kind ----------------------------------------------------------------------------------------------


def _line_answer(submission: Any, invoice_id: str, key: str) -> Any:
    """A line's answer at `invoice_lines.<invoice>.<key>` (the form's fields), or else in a CONTRACT-shaped
    `lines` list (`[{"invoice", "status", ...}]`) as a CLI user may submit it."""
    given = answer_at(submission, f"invoice_lines.{invoice_id}.{key}")
    if given is NO_ANSWER and isinstance(submission, Mapping) and isinstance(submission.get("lines"), list):
        for row in submission["lines"]:
            if isinstance(row, Mapping) and row.get("invoice") == invoice_id:
                return row.get(key, NO_ANSWER)
    return given


def _money(value: Decimal) -> float:
    return float(value)


class InsolvencyClaim:
    slug = "insolvency-claim"
    title = "Déclaration de créances"
    module = "12-procedures-collectives"

    # --- cases -------------------------------------------------------------------------------------
    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """A customer in a procédure collective and the supplier's ledger on it."""
        check_level(level)
        case = {"kind": self.slug, "seed": seed, "level": level, **draw_insolvency_case(random.Random(seed), level)}
        case["narrative"] = _narrative(case)
        return case

    def public_case(self, case: dict[str, Any]) -> dict[str, Any]:
        return dict(case)

    # --- model answer ------------------------------------------------------------------------------
    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        a = _Assessment.of(case)
        lines = [{"invoice": line.invoice, "status": line.status, "due_date": line.due_date.isoformat(),
                  "principal": _money(line.principal), "penalties": _money(line.penalties),
                  "indemnity": _money(line.indemnity)} for line in a.statement.lines]
        return {
            "declaration_deadline": a.declaration_deadline.isoformat(),
            "revendication_deadline": a.revendication_deadline.isoformat() if a.revendication_deadline else None,
            "lines": lines,
            "excluded": a.excluded,
            "set_off": _money(a.statement.set_off),
            "total_declared": _money(a.statement.total_declared),
            "revendication": a.revendication,
            "invoice_lines": {line["invoice"]: {key: line[key] for key in LINE_KEYS} for line in lines},
        }

    # --- form and grading --------------------------------------------------------------------------
    def form_fields(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        fields = [form_field("declaration_deadline", "Date limite de déclaration des créances", "date",
                             "Délai de déclaration", help="Date au format JJ/MM/AAAA.")]
        for invoice in case["invoices"]:
            group = f"Facture {invoice['id']}"
            prefix = f"invoice_lines.{invoice['id']}"
            fields += [
                form_field(f"{prefix}.status", "Statut de la créance", "choice", group, options=STATUS_OPTIONS,
                           help="Laissez la ligne vide si la facture n’est pas à déclarer."),
                form_field(f"{prefix}.principal", "Principal déclaré", "number", group, unit="€"),
                form_field(f"{prefix}.penalties", "Pénalités de retard", "number", group, unit="€"),
                form_field(f"{prefix}.indemnity", "Indemnité forfaitaire", "number", group, unit="€"),
            ]
        invoice_options = [{"value": invoice["id"], "label": invoice["id"]} for invoice in case["invoices"]]
        summary = "Factures exclues, compensation et total"
        fields += [
            form_field("excluded", "Factures à ne pas déclarer", "multi", summary, options=invoice_options),
            form_field("set_off", "Avoirs portés en compensation", "number", summary, unit="€"),
            form_field("total_declared", "Montant total déclaré", "number", summary, unit="€"),
            form_field("revendication", "Lots de marchandises à revendiquer", "multi", "Revendication",
                       options=_lot_options(case)),
            form_field("revendication_deadline", "Date limite de revendication", "date", "Revendication",
                       help="JJ/MM/AAAA, ou « aucune » si aucun lot ne peut être revendiqué.", allows_none=True),
        ]
        return fields

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        return check_answers(self.form_fields(case), submission)

    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        a = _Assessment.of(case)
        items = [grade_date("declaration_deadline", "Date limite de déclaration", a.declaration_deadline,
                            answer_at(submission, "declaration_deadline"), points=DEADLINE_POINTS,
                            explanation=_declaration_text(case, a))]
        invoices = {invoice["id"]: invoice for invoice in case["invoices"]}
        for line in a.statement.lines:
            items += self._line_items(case, invoices[line.invoice], line, a, submission)
        options = [{"value": invoice_id, "label": invoice_id} for invoice_id in invoices]
        items.append(grade_set("excluded", "Factures à ne pas déclarer", a.excluded, answer_at(submission, "excluded"),
                               points=EXCLUDED_POINTS, options=options, explanation=_excluded_text(case, a)))
        items.append(grade_number("set_off", "Compensation", _money(a.statement.set_off),
                                  answer_at(submission, "set_off"), points=SET_OFF_POINTS, unit="€", decimals=2,
                                  tolerance_abs=AMOUNT_TOLERANCE, explanation=_set_off_text(case, a)))
        items.append(grade_number("total_declared", "Montant total déclaré", _money(a.statement.total_declared),
                                  answer_at(submission, "total_declared"), points=TOTAL_POINTS, unit="€", decimals=2,
                                  tolerance_abs=AMOUNT_TOLERANCE, explanation=_total_text(case, a)))
        items.append(grade_set("revendication", "Lots à revendiquer", a.revendication,
                               answer_at(submission, "revendication"), points=REVENDICATION_POINTS,
                               options=_lot_options(case), explanation=_revendication_text(case, a)))
        items.append(grade_date("revendication_deadline", "Date limite de revendication", a.revendication_deadline,
                                answer_at(submission, "revendication_deadline"), points=DEADLINE_POINTS,
                                explanation=_revendication_deadline_text(case, a)))
        return Grade.of(items)

    @staticmethod
    def _line_items(
        case: Mapping[str, Any], invoice: Mapping[str, Any], line: law.ClaimLine, a: _Assessment, submission: Any
    ) -> list[GradeItem]:
        prefix = f"invoice_lines.{line.invoice}"

        def amount(key: str, label: str, expected: Decimal, points: float, explanation: str) -> GradeItem:
            return grade_number(f"{prefix}.{key}", f"{line.invoice} : {label}", _money(expected),
                                _line_answer(submission, line.invoice, key), points=points, unit="€", decimals=2,
                                tolerance_abs=AMOUNT_TOLERANCE, explanation=explanation)

        return [
            grade_choice(f"{prefix}.status", f"{line.invoice} : statut", line.status,
                         _line_answer(submission, line.invoice, "status"), points=STATUS_POINTS, options=STATUS_OPTIONS,
                         explanation=_status_text(invoice, line, a.judgment)),
            amount("principal", "principal", line.principal, PRINCIPAL_POINTS, _principal_text(case, invoice, line, a)),
            amount("penalties", "pénalités", line.penalties, PENALTIES_POINTS, _penalties_text(case, invoice, line, a)),
            amount("indemnity", "indemnité", line.indemnity, INDEMNITY_POINTS, _indemnity_text(line)),
        ]


def _lot_options(case: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"value": lot["id"], "label": f"{lot['id']} (facture {lot['invoice']})"}
            for lot in case["reservation_of_title"]["goods"]]


def _narrative(case: Mapping[str, Any]) -> str:
    """The situation in French: who the trainee is, the judgment and its publication, the task."""
    debtor, creditor = case["company"], case["creditor"]
    judgment, publication = ledger.as_date(case["judgment_date"]), ledger.as_date(case["publication_date"])
    where = f"{creditor['city']} ({creditor['country']})" if case["creditor_abroad"] else creditor["city"]
    receiver = case["receiver"]
    people = f"{receiver['role'].capitalize()} désigné : {receiver['name']}."
    if case.get("administrator"):
        people += f" Administrateur judiciaire : {case['administrator']['name']}."
    paragraphs = [
        f"Vous êtes credit manager {after_de(creditor['name'])}, établie {after_a(where)}. Votre client "
        f"{debtor['name']} ({debtor['city']}) vous achète des fournitures dans le cadre du {case['contract']['label']}, payables à "
        f"{case['payment_terms_days']} jours date de facture.",
        f"Par jugement du {format_date(judgment, 'long')}, {case['court']} a ouvert à son égard une procédure de "
        f"{case['procedure_label']}.",
        f"Le jugement a été publié au BODACC le {format_date(publication, 'long')}. {people}",
        f"Nous sommes le {format_date(ledger.as_date(case['as_of']), 'long')}. Préparez la déclaration de créances "
        f"et la demande de revendication à partir du relevé de compte ci-dessous.",
    ]
    return typographie("\n\n".join(paragraphs))


register(InsolvencyClaim())

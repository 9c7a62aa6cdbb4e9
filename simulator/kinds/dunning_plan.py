"""Exercise kind `dunning-plan`: plan the next dunning action on every open invoice of a ledger (REFERENCE §7).

The case is a customer ledger (cases.ledgers) with segments, risk classes and credit limits, the company's
dunning policy and the actions already taken. The trainee plans, for each open invoice, the next action of the
policy and its date, and says for each customer whether deliveries are to be blocked.

Policy (*In-house*, stated in the case and taught in module 08):
- each segment has a calendar of steps relative to the due date (`CALENDARS`, the course's standard one and
  its variants); private customers of class D or E follow the tight calendar whatever their segment; public customers have their own (no mise en demeure
  followed by an injonction de payer: the civil procedure does not reach public bodies, the file goes to the
  contentieux service, which applies to the administrative judge);
- the next action is the first step not done yet, in order (no step is skipped: no mise en demeure before a
  reminder, no injonction before a mise en demeure); a step before the due date is dropped once the invoice is
  due; a step falls on the step's date moved to the next working day (CPC 642 calendar, simulator.law), or on
  the plan date (first working day from the as-of date) when that date is already past; the working days are
  those of the company's seat, whose staff does the dunning (no Good Friday nor 26 December in Alsace-Moselle);
- a disputed invoice is not dunned: it goes to the dispute service (`transmission_litige`) on the plan date;
- deliveries are blocked (plan date) only when the customer's balance exceeds its credit limit or a mise en
  demeure has gone unanswered past its 8-day deadline (simulator.law.formal_notice_deadline); never a public
  customer's.

Grading: the order in which to treat the customers (3 points, the course's priority score, simulator.priorities,
as in the aged-balance kind); per invoice, the action type (1 point) and its date (0.5 point, right within one working day either
side: the window runs from the working day before the expected date to the working day after it); per
customer, the blocking decision (1 point). `grade` reads the form's answers (`plan.<invoice>.type`,
`plan.<invoice>.date`, `blocage.<customer>`) or, without them, the CONTRACT list `actions`; `priorities`
(customer ids, most urgent first) in both shapes.
Levels: `facile` three customers whose files are up to date; `standard` five, a public body, files behind
schedule; `difficile` seven, more disputes, partial payments and files further behind.
"""

from __future__ import annotations

import json
import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import lru_cache
from typing import Any

from cases.ledgers import SEGMENTS, LedgerSpec, draw_ledger
from cases.narrative import after_de, typographie
from core.frenchnum import format_date
from simulator import law, ledger
from simulator.fields import check_answers, form_field
from simulator.grading import (NO_ANSWER, Grade, GradeItem, answer_at, format_value, grade_choice, grade_ranking,
                               ranking_error, read_date)
from simulator.priorities import RISK_WEIGHTS, collection_priorities, priorities_explanation
from simulator.registry import check_level, register

ACTION_LABELS = {
    "rappel_courtoisie": "Rappel de courtoisie", "relance_ecrite": "Relance écrite", "appel": "Appel téléphonique",
    "relance_ferme": "Relance ferme", "mise_en_demeure": "Mise en demeure (LRAR)",
    "blocage_livraisons": "Blocage des livraisons", "injonction_de_payer": "Requête en injonction de payer",
    "transmission_litige": "Transmission au service litiges",
    "transmission_contentieux": "Transmission au service contentieux",
}
INVOICE_ACTIONS = [code for code in ACTION_LABELS if code != "blocage_livraisons"]
_TYPE_OPTIONS = [{"value": code, "label": ACTION_LABELS[code]} for code in INVOICE_ACTIONS]
# Steps (days from the due date, action) of each calendar of the policy: the course's standard calendar
# (module 08: J+5, J+15, J+25, J+35) for PME, and its variants by segment and risk (modules 08 and 15).
CALENDARS: dict[str, tuple[tuple[int, str], ...]] = {
    "grand_compte": ((-5, "rappel_courtoisie"), (5, "relance_ecrite"), (15, "appel"), (25, "relance_ferme"),
                     (45, "mise_en_demeure"), (60, "transmission_contentieux")),
    "pme": ((5, "relance_ecrite"), (15, "appel"), (25, "relance_ferme"), (35, "mise_en_demeure"),
            (50, "injonction_de_payer")),
    "tpe": ((5, "relance_ecrite"), (20, "relance_ferme"), (35, "mise_en_demeure"), (50, "injonction_de_payer")),
    "risque": ((1, "appel"), (5, "relance_ecrite"), (10, "relance_ferme"), (15, "mise_en_demeure"),
               (30, "injonction_de_payer")),
    "public": ((5, "appel"), (15, "relance_ecrite"), (30, "relance_ferme"), (60, "transmission_contentieux")),
}
CALENDAR_TITLES = {"grand_compte": "Grands comptes", "pme": "PME (calendrier standard)",
                   "tpe": "TPE et artisans (petits montants)", "risque": "Clients privés de classe D ou E",
                   "public": "Secteur public"}
TIGHT_CLASSES = ("D", "E")
TIGHT_CALENDAR = "risque"
YES_NO = [{"value": "oui", "label": "Oui, bloquer les livraisons"}, {"value": "non", "label": "Non"}]

TYPE_POINTS = 1.0
DATE_POINTS = 0.5
BLOCKING_POINTS = 1.0
PRIORITY_POINTS = 3.0


@dataclass(frozen=True)
class _Level:
    spec: LedgerSpec
    behind: float  # probability that an overdue file is behind its calendar


_LEVELS: dict[str, _Level] = {
    "facile": _Level(LedgerSpec(customers=3, months=4, invoices_per_month=(1,), partial_share=0.0, credit_notes=1,
                                disputes=1), behind=0.0),
    "standard": _Level(LedgerSpec(customers=5, months=4, public=True, partial_share=0.1, credit_notes=1,
                                  disputes=1), behind=0.3),
    "difficile": _Level(LedgerSpec(customers=7, months=4, invoices_per_month=(1, 2), public=True,
                                   partial_share=0.15, credit_notes=2, disputes=2), behind=0.5),
}


def _day(value: date | str) -> str:
    return format_date(ledger.as_date(value))


def _eur(value: Decimal | float) -> str:
    return format_value(float(value), "€", 2)


def _name(action: str) -> str:
    """An action's label inside a sentence (`mise en demeure (LRAR)`)."""
    label = ACTION_LABELS[action]
    return label[0].lower() + label[1:]


def _offset(days: int) -> str:
    return f"J{'+' if days >= 0 else '−'}{abs(days)}"


def calendar_of(customer: Mapping[str, Any]) -> str:
    """The policy's calendar for a customer: public, tight for a private customer of class D or E, else its
    segment's."""
    if customer["segment"] == "public":
        return "public"
    return TIGHT_CALENDAR if customer["risk_class"] in TIGHT_CLASSES else customer["segment"]


def step_date(due: date, offset: int, departement: str | None = None) -> date:
    """The day a step falls on: due date + offset, moved to the next working day of the company's département
    (simulator.law)."""
    return law.next_working_day(due + timedelta(days=offset), departement)


def plan_date(as_of: date, departement: str | None = None) -> date:
    """The plan's first day: the as-of date, or the next working day of the company's département."""
    return law.next_working_day(as_of, departement)


# --- the plan a case calls for -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Planned:
    invoice: ledger.Invoice
    open_amount: Decimal
    calendar: str
    done: tuple[Mapping[str, Any], ...]  # actions already taken on it, in order
    type: str
    date: date
    step: tuple[int, str] | None  # the calendar step planned (None for a dispute)
    step_day: date | None  # that step's own date


@dataclass(frozen=True)
class _Blocking:
    customer: Mapping[str, Any]
    balance: Decimal
    over_limit: bool
    unanswered_notice: tuple[str, date] | None  # invoice and mise en demeure date, its deadline passed
    block: bool


@dataclass(frozen=True)
class _Plan:
    as_of: date
    departement: str | None  # the company's seat: its working days
    start: date
    invoices: list[_Planned]
    blocking: dict[str, _Blocking]
    priorities: list[ledger.CollectionPriority]

    @classmethod
    def of(cls, case: Mapping[str, Any]) -> _Plan:
        as_of = ledger.as_date(case["as_of"])
        seat = case["company"].get("departement")
        start = plan_date(as_of, seat)
        customers = {customer["id"]: customer for customer in case["customers"]}
        invoices = ledger.invoices_from(case["invoices"])  # parsed once, passed through by every function
        settlements = ledger.settlements_from(case["payments"], case["credit_notes"])
        documents = (invoices, settlements, (), as_of)
        items = ledger.open_items(*documents)
        done: dict[str, list[Mapping[str, Any]]] = {}
        for action in case["actions_done"]:
            done.setdefault(action["invoice"], []).append(action)
        planned = [_plan_invoice(invoice, amount, customers[invoice.customer], done.get(invoice.id, []),
                                 invoice.id in case["disputed"], start, seat)
                   for invoice in sorted(items.invoices, key=lambda inv: (inv.customer, inv.due_date, inv.id))
                   if (amount := items.open_amount(invoice)) > 0]
        balance = ledger.aged_balance(*documents)
        blocking = {cid: _blocking(customer, balance.get(cid, {}).get("total", Decimal(0)),
                                   [p for p in planned if p.invoice.customer == cid], start)
                    for cid, customer in customers.items()}
        return cls(as_of, seat, start, planned, blocking, collection_priorities(case, invoices, settlements))

    def actions(self) -> list[dict[str, str]]:
        """The plan in the CONTRACT shape, by date."""
        result = [{"invoice": p.invoice.id, "date": p.date.isoformat(), "type": p.type} for p in self.invoices]
        result += [{"customer": cid, "date": self.start.isoformat(), "type": "blocage_livraisons"}
                   for cid, b in self.blocking.items() if b.block]
        return sorted(result, key=lambda action: (action["date"], action.get("invoice") or action["customer"]))


def _plan_invoice(invoice: ledger.Invoice, amount: Decimal, customer: Mapping[str, Any],
                  done: Sequence[Mapping[str, Any]], disputed: bool, start: date, departement: str | None) -> _Planned:
    calendar = calendar_of(customer)
    if disputed:
        return _Planned(invoice, amount, calendar, tuple(done), "transmission_litige", start, None, None)
    steps = [step for step in CALENDARS[calendar][len(done):] if step[0] >= 0 or invoice.due_date >= start]
    offset, action = steps[0]
    day = step_date(invoice.due_date, offset, departement)
    return _Planned(invoice, amount, calendar, tuple(done), action, max(day, start), (offset, action), day)


def _blocking(customer: Mapping[str, Any], balance: Decimal, planned: Sequence[_Planned], start: date) -> _Blocking:
    over_limit = balance > Decimal(str(customer["credit_limit"]))
    notice = next(((p.invoice.id, ledger.as_date(a["date"])) for p in planned for a in p.done
                   if a["type"] == "mise_en_demeure" and law.formal_notice_deadline(ledger.as_date(a["date"])) < start),
                  None)
    block = customer["segment"] != "public" and (over_limit or notice is not None)
    return _Blocking(customer, balance, over_limit, notice, block)


@lru_cache(maxsize=16)
def _plan_of(content: str) -> _Plan:
    return _Plan.of(json.loads(content))


def _plan(case: Mapping[str, Any]) -> _Plan:
    """The plan a case calls for, cached by the case's content (a page's form, check and grading share it)."""
    return _plan_of(json.dumps(case, sort_keys=True, default=str))


# --- generation ----------------------------------------------------------------------------------------------

def _actions_done(rng: random.Random, drawn: Mapping[str, Any], behind: float) -> list[dict[str, str]]:
    """What the credit team has already done on each open undisputed invoice: the calendar's steps whose date
    is past, in order, all of them or (a file behind schedule) only the first few; never the last step."""
    as_of = ledger.as_date(drawn["as_of"])
    seat = drawn["company"]["departement"]
    start = plan_date(as_of, seat)
    customers = {customer["id"]: customer for customer in drawn["customers"]}
    items = ledger.open_items(drawn["invoices"], drawn["payments"], drawn["credit_notes"], as_of)
    actions = []
    for invoice in sorted(items.invoices, key=lambda inv: inv.id):
        if items.open_amount(invoice) <= 0 or invoice.id in drawn["disputed"]:
            continue
        steps = CALENDARS[calendar_of(customers[invoice.customer])]
        past = [step for step in steps if step_date(invoice.due_date, step[0], seat) < start][:len(steps) - 1]
        count = rng.randrange(len(past)) if past and rng.random() < behind else len(past)
        actions += [{"invoice": invoice.id, "date": step_date(invoice.due_date, offset, seat).isoformat(),
                     "type": action}
                    for offset, action in past[:count]]
    return sorted(actions, key=lambda action: (action["date"], action["invoice"]))


def _policy() -> dict[str, Any]:
    return {
        "calendars": {name: [{"offset": offset, "type": action} for offset, action in steps]
                      for name, steps in CALENDARS.items()},
        "calendar_titles": CALENDAR_TITLES,
        "tight_classes": list(TIGHT_CLASSES),
        "formal_notice_days": law.FORMAL_NOTICE_DAYS,
        "risk_weights": RISK_WEIGHTS,
        "action_labels": ACTION_LABELS,
    }


def _narrative(case: Mapping[str, Any]) -> str:
    company = case["company"]
    as_of = ledger.as_date(case["as_of"])
    return typographie(
        f"Vous êtes credit manager {after_de(company['name'])} ({company['city']}). Au {format_date(as_of, 'long')}, "
        f"vous préparez le plan de relance : pour chaque facture ouverte, la prochaine action prévue par la "
        f"politique de relance de l’entreprise et sa date, et pour chaque client la décision de bloquer ou non ses "
        f"livraisons. Le plan commence le {format_date(plan_date(as_of, company.get('departement')), 'long')}, "
        f"premier jour ouvré à partir de "
        f"la date d’arrêté.\n\nLa politique de relance, l’extrait du grand livre clients et le journal des "
        f"actions déjà menées figurent ci-dessous.")


# --- reading answers -------------------------------------------------------------------------------------------

def form_answers(plan: _Plan, submission: Any) -> dict[str, Any]:
    """Field id -> answer: the form's own answers when the submission has any, else those of the CONTRACT
    `actions` list (the first action listed on an invoice; blocking when listed for the customer); the
    ranking `priorities` in both cases."""
    ids = [f"plan.{p.invoice.id}.{part}" for p in plan.invoices for part in ("type", "date")]
    ids += [f"blocage.{cid}" for cid in plan.blocking]
    given = {field_id: answer_at(submission, field_id) for field_id in ids}
    actions = answer_at(submission, "actions")
    if any(value is not NO_ANSWER for value in given.values()) or not isinstance(actions, list):
        return given | {"priorities": answer_at(submission, "priorities")}
    by_invoice: dict[str, Mapping[str, Any]] = {}
    blocked = set()
    for action in actions:
        if not isinstance(action, Mapping):
            continue
        if action.get("type") == "blocage_livraisons" and isinstance(action.get("customer"), str):
            blocked.add(action["customer"])
        elif isinstance(action.get("invoice"), str) and action["invoice"] not in by_invoice:
            by_invoice[action["invoice"]] = action
    result = {}
    for p in plan.invoices:
        action = by_invoice.get(p.invoice.id, {})
        result[f"plan.{p.invoice.id}.type"] = action.get("type", NO_ANSWER)
        result[f"plan.{p.invoice.id}.date"] = action.get("date", NO_ANSWER)
    result.update({f"blocage.{cid}": "oui" if cid in blocked else "non" for cid in plan.blocking})
    return result | {"priorities": answer_at(submission, "priorities")}


def working_day_window(expected: date, departement: str | None = None) -> tuple[date, date]:
    """Dates accepted for `expected`: from the working day before it to the working day after it (working days
    of the company's département)."""
    before = expected - timedelta(days=1)
    while not law.is_working_day(before, departement):
        before -= timedelta(days=1)
    return before, law.next_working_day(expected + timedelta(days=1), departement)


def grade_action_date(id: str, label: str, expected: date, given: Any, *, points: float, explanation: str,
                      departement: str | None = None) -> GradeItem:
    """Grade a planned date: all the points inside `working_day_window(expected, departement)`, none outside."""
    low, high = working_day_window(expected, departement)

    def item(awarded: float, verdict: str) -> GradeItem:
        copy = given[:100] if isinstance(given, str) else None
        return GradeItem(id, label, awarded, points, expected.isoformat(), copy, typographie(
            f"{verdict} {explanation} Réponse attendue : {format_date(expected)} (acceptée du {format_date(low)} "
            f"au {format_date(high)})."))

    if given is NO_ANSWER or given is None or (isinstance(given, str) and not given.strip()):
        return item(0.0, "Non renseigné.")
    try:
        day = read_date(given)
    except ValueError as exc:
        return item(0.0, f"Réponse illisible : {exc}")
    if low <= day <= high:
        return item(points, "Exact." if day == expected else f"Accepté (à un jour ouvré près) : {format_date(day)}.")
    return item(0.0, f"Inexact : vous avez prévu le {format_date(day)}.")


class DunningPlan:
    slug = "dunning-plan"
    title = "Plan de relance"
    module = "08-organisation-relance"

    # --- cases -------------------------------------------------------------------------------------------
    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """A ledger with segments, risk classes and credit limits, the policy and the actions already taken."""
        check_level(level)
        settings = _LEVELS[level]
        rng = random.Random(seed)
        drawn = draw_ledger(rng, settings.spec)
        case: dict[str, Any] = {"kind": self.slug, "seed": seed, "level": level, **drawn,
                                "plan_date": plan_date(ledger.as_date(drawn["as_of"])).isoformat(),
                                "policy": _policy(), "actions_done": _actions_done(rng, drawn, settings.behind)}
        case["narrative"] = _narrative(case)
        return case

    def public_case(self, case: dict[str, Any]) -> dict[str, Any]:
        return dict(case)

    # --- model answer --------------------------------------------------------------------------------------
    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        plan = _plan(case)
        return {
            "actions": plan.actions(),
            "plan": {p.invoice.id: {"type": p.type, "date": p.date.isoformat()} for p in plan.invoices},
            "blocage": {cid: "oui" if b.block else "non" for cid, b in plan.blocking.items()},
            "priorities": [p.customer for p in plan.priorities],
        }

    # --- form ------------------------------------------------------------------------------------------------
    def form_fields(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        plan = _plan(case)
        names = {customer["id"]: customer["name"] for customer in case["customers"]}
        fields = [form_field("priorities", "Clients à relancer, du plus urgent au moins urgent", "text",
                             "Ordre de traitement", help="Codes clients séparés par des virgules (ex. : C03, C01), "
                                                         "ou « aucun ». Règle de priorité : voir la politique.")]
        for cid in plan.blocking:
            group = f"Plan de relance : {cid} – {names[cid]}"
            for p in (p for p in plan.invoices if p.invoice.customer == cid):
                label = f"{p.invoice.id} (reste dû {_eur(p.open_amount)}, échéance {_day(p.invoice.due_date)})"
                fields.append(form_field(f"plan.{p.invoice.id}.type", f"{label} : prochaine action", "choice", group,
                                         options=_TYPE_OPTIONS, control="select"))
                fields.append(form_field(f"plan.{p.invoice.id}.date", f"{p.invoice.id} : date prévue", "date", group))
            fields.append(form_field(f"blocage.{cid}", "Bloquer les livraisons de ce client ?", "choice", group,
                                     options=YES_NO))
        return fields

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        customers = [customer["id"] for customer in case["customers"]]
        return check_answers(self.form_fields(case), submission, answers=form_answers(_plan(case), submission),
                             checks={"priorities": lambda given: ranking_error(given, customers)})

    # --- grading -------------------------------------------------------------------------------------------
    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        plan = _plan(case)
        given = form_answers(plan, submission)
        disputed = [p.invoice.id for p in plan.invoices if p.step is None]
        items = [grade_ranking("priorities", "Ordre de traitement", [p.customer for p in plan.priorities],
                               given["priorities"], points=PRIORITY_POINTS,
                               explanation=priorities_explanation(case, plan.priorities, disputed))]
        for p in plan.invoices:
            invoice = p.invoice.id
            items.append(grade_choice(
                f"plan.{invoice}.type", f"{invoice} : prochaine action", p.type, given[f"plan.{invoice}.type"],
                points=TYPE_POINTS, options=_TYPE_OPTIONS, explanation=_type_text(case, p)))
            items.append(grade_action_date(
                f"plan.{invoice}.date", f"{invoice} : date prévue", p.date, given[f"plan.{invoice}.date"],
                points=DATE_POINTS, explanation=_date_text(p, plan.start, case["company"]),
                departement=plan.departement))
        for cid, blocking in plan.blocking.items():
            items.append(grade_choice(
                f"blocage.{cid}", f"{cid} : blocage des livraisons", "oui" if blocking.block else "non",
                given[f"blocage.{cid}"], points=BLOCKING_POINTS, options=YES_NO,
                explanation=_blocking_text(blocking, plan.as_of)))
        return Grade.of(items)


# --- explanations ------------------------------------------------------------------------------------------------

_WHY = {
    "rappel_courtoisie": "Rappel avant l’échéance : vérifier que la facture est reçue, validée et mise en paiement.",
    "relance_ecrite": "Première relance amiable écrite.",
    "appel": "Appel au service comptable du client ; toute promesse obtenue est confirmée par écrit le jour même.",
    "relance_ferme": "Relance ferme qui rappelle les pénalités de retard dues sans rappel (art. L. 441-10 C. com.) "
                     "et l’indemnité forfaitaire de 40 € par facture (art. D. 441-5 C. com.).",
    "mise_en_demeure": "Mise en demeure par lettre recommandée avec accusé de réception (art. 1344 C. civ.), après "
                       "au moins une relance : elle sert de preuve et fixe un dernier délai de 8 jours ; elle est le "
                       "préalable de l’injonction de payer.",
    "injonction_de_payer": "Requête en injonction de payer (art. 1405 s. CPC) : créance contractuelle d’un montant "
                           "déterminé, après une mise en demeure restée sans effet.",
    "transmission_contentieux": "Le dossier passe au service contentieux, qui choisit la voie judiciaire "
                                "(injonction de payer, référé-provision, art. 835 CPC).",
    "transmission_litige": "Facture contestée : aucune relance tant que le litige n’est pas réglé ; elle part au "
                           "service litiges dès le premier jour du plan.",
}
_PUBLIC_WHY = ("Client public : pas d’injonction de payer ni de voie d’exécution de droit privé contre une "
               "personne publique ; le contentieux saisit le juge administratif (référé-provision, art. R. 541-1 "
               "CJA). Les retards ouvrent droit aux intérêts moratoires et à l’indemnité de 40 € "
               "(art. L. 2192-13 du code de la commande publique).")


def _calendar_text(calendar: str) -> str:
    steps = ", ".join(f"{_offset(offset)} {_name(action)}" for offset, action in CALENDARS[calendar])
    return f"Calendrier « {CALENDAR_TITLES[calendar]} » : {steps}."


def _type_text(case: Mapping[str, Any], p: _Planned) -> str:
    if p.step is None:
        dispute = case.get("dispute_reasons", {}).get(p.invoice.id)
        return _WHY["transmission_litige"] + (f" Motif : {dispute}." if dispute else "")
    customer = next(c for c in case["customers"] if c["id"] == p.invoice.customer)
    who = (f"{customer['id']} : segment {SEGMENTS[customer['segment']]}, classe {customer['risk_class']}"
           + (f" : calendrier des classes {' et '.join(TIGHT_CLASSES)} quel que soit le segment"
              if p.calendar == TIGHT_CALENDAR else "") + ".")
    done = ("Déjà fait : " + ", ".join(f"{_name(a['type'])} le {_day(a['date'])}" for a in p.done)
            + "." if p.done else "Aucune action menée jusqu’ici.")
    skipped = (" Le rappel de courtoisie n’a plus lieu d’être : la facture est échue."
               if not p.done and CALENDARS[p.calendar][0][0] < 0 and p.step != CALENDARS[p.calendar][0] else "")
    text = (f"{who} {_calendar_text(p.calendar)} {done}{skipped} La prochaine étape est la première non faite, "
            f"sans en sauter aucune : {_name(p.type)} ({_offset(p.step[0])}). {_WHY[p.type]}")
    return text + (f" {_PUBLIC_WHY}" if p.calendar == "public" else "")


def _date_text(p: _Planned, start: date, company: Mapping[str, Any]) -> str:
    if p.step is None or p.step_day is None:
        return f"Transmission au service litiges dès le premier jour du plan, le {format_date(start)}."
    offset = p.step[0]
    raw = p.invoice.due_date + timedelta(days=offset)
    text = (f"Échéance {_day(p.invoice.due_date)} {'+' if offset >= 0 else '−'} {abs(offset)} jours = "
            f"{format_date(raw)}")
    if p.step_day != raw:
        text += f" ; {law.skipped_days_text(raw, company.get('departement'))} : reportée au {format_date(p.step_day)}"
        if law.next_working_day(raw) != p.step_day:
            text += (f", les jours fériés étant ceux {after_de(company['city'])} ({company['departement']}), siège "
                     f"{after_de(company['name'])}, d’où partent les relances")
    if p.step_day < start:
        text += f" ; date déjà passée : l’action se fait dès le premier jour du plan, le {format_date(start)}"
    return text + "."


def _blocking_text(b: _Blocking, as_of: date) -> str:
    customer = b.customer
    rule = ("Politique : blocage des livraisons seulement si l’encours dépasse la limite de crédit ou si une mise "
            "en demeure est restée sans effet après son délai de 8 jours ; jamais pour un client public.")
    facts = (f"Encours de {customer['id']} au {format_date(as_of)} : "
             f"{_eur(b.balance)} pour une limite de {_eur(customer['credit_limit'])}"
             f" ({'dépassée' if b.over_limit else 'respectée'}).")
    if b.unanswered_notice:
        invoice, sent = b.unanswered_notice
        facts += (f" Mise en demeure du {format_date(sent)} sur {invoice}, délai expiré le "
                  f"{format_date(law.formal_notice_deadline(sent))} sans paiement.")
    if customer["segment"] == "public":
        facts += " Client public : les livraisons ne sont pas suspendues (exécution du marché public)."
    return f"{rule} {facts}"


register(DunningPlan())

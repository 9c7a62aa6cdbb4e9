"""Exercise kind `phone-call`: conduct a dunning call as a branching dialogue (module 09, REFERENCE §7).

The case is a customer with overdue invoices (days late, penalties and the 40 € indemnities computed by
`simulator.ledger` and `simulator.law`), the person to call, a debtor persona and an objection, and the call
as a graph: each node is the debtor's line with 3 or 4 replies, each reply belonging to one of the course's
four steps and leading to the next node. Dialogue texts come from cases/phone_calls.yaml, filled with the
case's figures; the reply order and the line variants are drawn from the seed.

Each step is a small graph with a fixed entry node (the step's entry, or the objection's for step 3), so a
step is graded on its own walk: a step's points times the mean credit of the decisions it took (best 1,
acceptable 0.5, fault 0; a node reached but not answered counts 0). A submission that is not a valid walk is
graded up to where it breaks, and the feedback says where.

Submission: `{"path": {"<step>": [reply ids in the order said]}}` (the form posts `path.<step>`); the CONTRACT's
flat list of reply ids (`{"path": [...]}` or a bare list) is read too, split by the step each reply belongs to.
Before the call, the trainee fills the fiche d'appel (lesson 01): penalties and indemnities due at the call
date, and the total the customer owes.
"""

from __future__ import annotations

import random
import unicodedata
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cases import library, phone_calls
from cases.identity import commercial_court, draw_identity
from cases.narrative import after_de, typographie
from core.frenchnum import format_date, format_eur, format_number, format_percent
from simulator import law, ledger
from simulator.fields import check_answers, form_field
from simulator.grading import Grade, GradeItem, answer_at, grade_number
from simulator.registry import LEVELS, check_level, register

CREDIT = {"best": 1.0, "acceptable": 0.5, "fault": 0.0}
VERDICTS = {"best": "meilleure réplique", "acceptable": "réplique acceptable (moitié du crédit)",
            "fault": "faute (aucun crédit)"}
PRIVATE_CASE_KEYS = ("objection", "procedure")
PRIVATE_REPLY_KEYS = ("quality", "feedback")
FICHE_GROUP = "Fiche d’appel (avant de décrocher)"
FICHE_POINTS = {"penalites": 1.0, "indemnites": 1.0, "total": 1.0}
PENALTY_TOLERANCE = 1.0  # euros: a hand computation that rounds each term still earns the points
PAYMENT_TERMS_DAYS = (30, 45, 60)
WIDGET = "phone-call-dialogue"
_OFF_THE_CALL = "Cette suite de répliques ne suit pas le fil de l’appel : reprenez l’étape depuis le début."
CUSTOMER = "client"
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")
_FIRST_CALL_DAY = date(2025, 9, 8)  # calls fall in the second half of 2025, whose rates REFERENCE §5 states
_CALL_DAYS_SPAN = 95


def _eur(value: float | Decimal) -> str:
    return format_eur(value, 2)


def _day(value: date) -> str:
    """`vendredi 19 septembre 2025`."""
    return f"{_WEEKDAYS[value.weekday()]} {format_date(value, 'long')}"


def _working_days_after(start: date, count: int, departement: str | None) -> date:
    day = start
    for _ in range(count):
        day = law.next_working_day(day + timedelta(days=1), departement)
    return day


def _list_words(items: Sequence[str]) -> str:
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " et " + items[-1]


# --- the customer's account -------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Account:
    """The figures of the fiche d'appel at the call date, from simulator.ledger and simulator.law."""

    open_amounts: dict[str, Decimal]  # invoice id -> open amount, every invoice
    overdue: list[str]  # invoice ids past due at the call date, oldest due date first
    charges: dict[str, law.LateCharges]  # per overdue invoice
    penalties_end: date  # the call date, or the eve of an opening judgment (C. com. L622-28)

    @classmethod
    def of(cls, case: Mapping[str, Any]) -> _Account:
        items = ledger.open_items(case["invoices"], case["payments"], [], case["as_of"])
        as_of = ledger.as_date(case["as_of"])
        end = _judgment_date(case) - timedelta(days=1) if case.get("procedure") else as_of
        charges = law.late_payment_charges(case["invoices"], case["payments"], [], end, case["penalty_rates"])
        opened = {invoice.id: items.open_amount(invoice) for invoice in items.invoices}
        overdue = [invoice.id for invoice in sorted(items.invoices, key=lambda i: i.due_date)
                   if invoice.due_date < as_of and opened[invoice.id] > 0]
        return cls(opened, overdue, charges, end)

    @property
    def principal(self) -> Decimal:
        return sum((self.open_amounts[invoice] for invoice in self.overdue), Decimal(0))

    @property
    def penalties(self) -> Decimal:
        return sum((self.charges[invoice].penalty for invoice in self.overdue), Decimal(0))

    @property
    def indemnities(self) -> Decimal:
        return sum((self.charges[invoice].indemnity for invoice in self.overdue), Decimal(0))

    @property
    def total(self) -> Decimal:
        return self.principal + self.penalties + self.indemnities


def _judgment_date(case: Mapping[str, Any]) -> date:
    return ledger.as_date(case["procedure"]["judgment_date"])


# --- generation ---------------------------------------------------------------------------------------------

def _person(rng: random.Random) -> tuple[str, str, str]:
    """(civility and full name, civility and surname, full name) of a fictional person."""
    names = library.identities()
    feminine = rng.random() < 0.55
    first = rng.choice(names["first_names"]["feminine" if feminine else "masculine"])
    surname = rng.choice(names["surnames"])
    civility = "Mme" if feminine else "M."
    return f"{civility} {first} {surname}", f"{civility} {surname}", f"{first} {surname}"


def _invoices(rng: random.Random, rules: phone_calls.LevelRules, as_of: date, terms: int) -> list[dict[str, Any]]:
    count = rng.randint(*rules.overdue_invoices)
    lateness = sorted(rng.sample(range(16, 80), count), reverse=True)
    dues = [as_of - timedelta(days=days) for days in lateness]
    if rules.invoice_not_due:
        dues.append(as_of + timedelta(days=rng.randint(5, 25)))
    number = rng.randint(300, 900)
    invoices = []
    for index, due in enumerate(dues):
        issued = due - timedelta(days=terms)
        invoices.append({"id": f"F{issued.year % 100:02d}-{number + 37 * index + rng.randint(0, 30):04d}",
                         "customer": CUSTOMER, "date": issued.isoformat(), "due_date": due.isoformat(),
                         "amount": round(rng.randint(150, 2400) * 10 * 1.2, 2)})
    return invoices


def _payments(rng: random.Random, rules: phone_calls.LevelRules, invoices: list[dict[str, Any]],
              as_of: date) -> list[dict[str, Any]]:
    """A part payment of the oldest invoice, after its due date (a trap of the difficile level)."""
    if not rules.partial_payment:
        return []
    oldest = invoices[0]
    due = date.fromisoformat(oldest["due_date"])
    paid_on = due + timedelta(days=rng.randint(3, max(3, (as_of - due).days - 5)))
    amount = max(100, round(oldest["amount"] * rng.uniform(0.25, 0.5), -2))
    return [{"id": "VIR-" + paid_on.strftime("%m%d"), "customer": CUSTOMER, "date": paid_on.isoformat(),
             "amount": float(amount), "invoice": oldest["id"]}]


def _procedure(rng: random.Random, invoices: Sequence[Mapping[str, Any]], payments: Sequence[Mapping[str, Any]],
               as_of: date, departement: str) -> dict[str, str]:
    """A redressement judiciaire opened a few days before the call: after the due dates of the overdue
    invoices and after any payment (a payment after it would be barred, L622-7), published before the call.
    The court of the debtor's seat (`departement`) sits on its working days, the BODACC on national ones."""
    overdue_dues = [date.fromisoformat(i["due_date"]) for i in invoices if date.fromisoformat(i["due_date"]) < as_of]
    earliest = max([max(overdue_dues) + timedelta(days=2)]
                   + [date.fromisoformat(p["date"]) + timedelta(days=1) for p in payments])
    latest = as_of - timedelta(days=4)
    judgment = earliest + timedelta(days=rng.randint(0, max(0, (latest - earliest).days)))
    while not law.is_working_day(judgment, departement) and judgment < latest:
        judgment += timedelta(days=1)
    published = min(judgment + timedelta(days=rng.randint(5, 9)), as_of - timedelta(days=1))
    while not law.is_working_day(published) and published > judgment + timedelta(days=1):
        published -= timedelta(days=1)
    return {"judgment_date": judgment.isoformat(), "publication_date": published.isoformat()}


def _rates_table(as_of: date) -> list[dict[str, Any]]:
    return [{"start": row["start"].isoformat(), "end": row["end"].isoformat(), "rate": float(row["rate"])}
            for row in law.penalty_rate_table(as_of.year - 1, as_of.year)]


def _objection_facts(rng: random.Random, objection: str, as_of: date, account: _Account,
                     case: Mapping[str, Any]) -> dict[str, str]:
    """The figures of the commitment the best path obtains, in words, for the objection.

    The dates of the commitment and of its control are the creditor's (`ours`, its seat's working days); the
    debtor's posting of a cheque and its court's dates follow the debtor's seat (`theirs`)."""
    ours, theirs = case["creditor"].get("departement"), case["company"].get("departement")
    principal = account.principal
    by_id = {invoice["id"]: invoice for invoice in case["invoices"]}
    if objection == "litige":
        disputed_invoice = max(account.overdue, key=lambda invoice: account.open_amounts[invoice])
        disputed = Decimal(round(float(account.open_amounts[disputed_invoice]) * rng.uniform(0.1, 0.3), -1))
        pay_by = law.next_working_day(as_of + timedelta(days=3), ours)
        return {"facture_litige": disputed_invoice, "montant_litige": _eur(disputed),
                "montant_non_conteste": _eur(principal - disputed), "date_engagement": _day(pay_by),
                "date_controle": _day(_working_days_after(pay_by, 1, ours)),
                "engagement": f"un virement de {_eur(principal - disputed)} d’ici le {_day(pay_by)} pour la partie "
                              f"non contestée, et l’examen par notre responsable qualité des {_eur(disputed)} "
                              f"contestés sur la facture {disputed_invoice}"}
    if objection == "tresorerie":
        first = Decimal(max(500, round(float(principal) * 0.3, -2)))
        rest = principal - first
        second = (rest / 2).quantize(Decimal("0.01"))
        months = [law.next_working_day(date(as_of.year + (as_of.month + k - 1) // 12, (as_of.month + k - 1) % 12 + 1,
                                            15), ours) for k in (1, 2)]
        pay_by = law.next_working_day(as_of + timedelta(days=3), ours)
        schedule = f"{_eur(second)} le {_day(months[0])} et {_eur(rest - second)} le {_day(months[1])}"
        late = as_of.month + 2
        return {"premier_versement": _eur(first), "echeancier": schedule, "date_engagement": _day(pay_by),
                "date_controle": _day(_working_days_after(pay_by, 1, ours)), "mois_lointain": _MONTHS[late % 12],
                "engagement": f"un premier virement de {_eur(first)} d’ici le {_day(pay_by)}, puis {schedule} par "
                              f"prélèvement ; les pénalités ne seront abandonnées que si l’échéancier est tenu"}
    if objection == "promesse_vague":
        campaign = as_of + timedelta(days=(3 - as_of.weekday()) % 7 or 7)  # their next Thursday run
        campaign = law.next_working_day(campaign, ours)
        return {"date_engagement": _day(campaign), "date_controle": _day(_working_days_after(campaign, 1, ours)),
                "engagement": f"un virement de {_eur(principal)} lors de votre campagne de paiement du "
                              f"{_day(campaign)}"}
    if objection == "cheque_parti":
        control = _working_days_after(as_of, 3, ours)
        sent = as_of - timedelta(days=rng.randint(6, 9))
        while not law.is_working_day(sent, theirs):  # posted on a working day
            sent -= timedelta(days=1)
        number = f"{rng.randint(1000000, 9999999)}"
        return {"numero_cheque": number, "date_cheque": _day(sent), "date_controle": _day(control),
                "date_engagement": _day(control),
                "engagement": f"le chèque n° {number} de {_eur(principal)} posté le {_day(sent)} ; s’il n’est pas "
                              f"arrivé le {_day(control)}, opposition et virement le jour même"}
    if objection == "redressement":
        judgment, published = (ledger.as_date(case["procedure"][key]) for key in ("judgment_date", "publication_date"))
        deadline = law.declaration_deadline(published, departement=theirs)  # to the court of its seat
        return {"date_jugement": format_date(judgment, "long"), "date_publication": format_date(published, "long"),
                "tribunal": commercial_court(case["company"]["city"], on=judgment),
                "mandataire": "Me " + _person(rng)[2],
                "date_limite_declaration": _day(deadline), "facture_recente": account.overdue[-1]}
    if objection == "validation":
        campaign = _working_days_after(as_of, rng.randint(3, 6), ours)
        approver = _person(rng)[0]
        return {"valideur": approver, "date_engagement": _day(campaign),
                "date_controle": _day(_working_days_after(campaign, 1, ours)),
                "engagement": f"la transmission de ma demande à {approver} aujourd’hui, et un virement de "
                              f"{_eur(principal)} lors de votre campagne de paiement du {_day(campaign)}"}
    tomorrow = _working_days_after(as_of, 1, ours)
    missing = by_id[account.overdue[-1]]  # the latest invoice is the one said not received
    return {"date_engagement": _day(tomorrow), "date_controle": _day(_working_days_after(tomorrow, 1, ours)),
            "facture_non_recue": missing["id"], "date_facture": format_date(date.fromisoformat(missing["date"])),
            "engagement": f"un virement de {_eur(principal)} au plus tard le {_day(tomorrow)}"}


def _facts(case: Mapping[str, Any], account: _Account, rng: random.Random) -> dict[str, str]:
    """Every placeholder of the dialogue texts, filled with the case's figures."""
    by_id = {invoice["id"]: invoice for invoice in case["invoices"]}

    def described(ids: Sequence[str]) -> str:
        parts = []
        for i in ids:
            due = format_date(date.fromisoformat(by_id[i]["due_date"]))
            left = account.open_amounts[i]
            parts.append(f"la facture {i} de {_eur(left)}, échue le {due}" if left == Decimal(str(by_id[i]["amount"]))
                         else f"la facture {i}, dont il reste {_eur(left)}, échue le {due}")
        return _list_words(parts)

    overdue = described(account.overdue)
    not_due = [invoice for invoice in case["invoices"] if invoice["id"] not in account.overdue]
    everything = account.overdue + [invoice["id"] for invoice in not_due]
    people = case["people"]
    facts = {
        "client": case["company"]["name"], "de_client": after_de(case["company"]["name"]),
        "fournisseur": case["creditor"]["name"], "de_fournisseur": after_de(case["creditor"]["name"]),
        "agent": case["creditor"]["agent"],
        "contact": people["contact"]["name"], "contact_nom": people["contact"]["short"],
        "contact_fonction": people["contact"]["function"],
        "interlocuteur_nom": people["interlocutor"]["short"], "interlocuteur_se_nomme": people["interlocutor"]["own"],
        "factures_echues": overdue, "factures_echues_cap": overdue[0].upper() + overdue[1:],
        "montant_echu": _eur(account.principal),
        "toutes_factures": described(everything) if not_due else overdue,
        "montant_ouvert": _eur(sum((account.open_amounts[i] for i in everything), Decimal(0))),
        "facture_non_echue": not_due[0]["id"] if not_due else "",
        "echeance_non_echue": format_date(date.fromisoformat(not_due[0]["due_date"])) if not_due else "",
        "taux": format_percent(law.rate_lookup(case["penalty_rates"])(ledger.as_date(case["as_of"])), 2),
        "email": _email(case["company"]["name"]),
    }
    facts.update(_objection_facts(rng, case["objection"], ledger.as_date(case["as_of"]), account, case))
    return facts


def _email(company: str) -> str:
    """`Établissements Garnier` -> `compta@etablissements-garnier.fr`."""
    plain = unicodedata.normalize("NFKD", company).encode("ascii", "ignore").decode().lower()
    words = "".join(ch if ch.isalnum() else " " for ch in plain).split()
    return f"compta@{'-'.join(words)[:30].strip('-')}.fr"


def _pick(rng: random.Random, variants: Any, persona: str) -> str:
    if isinstance(variants, Mapping):
        variants = variants[persona]
    return rng.choice(variants) if isinstance(variants, list) else variants


def _resolve_next(target: Any, variant: str) -> str | None:
    if isinstance(target, Mapping):
        return target.get(variant, target.get("default"))
    return target


def _build_call(rng: random.Random, case: Mapping[str, Any], facts: Mapping[str, str]) -> dict[str, Any]:
    """The dialogue graph of the case: its steps (with their entry node) and its nodes, replies shuffled."""
    level, persona = case["level"], case["persona"]
    variant = "barrage" if case["people"]["barrage"] else "direct"
    script = phone_calls.nodes()
    interlocutor = case["people"]["interlocutor"]
    speakers = {"standard": f"Standard {after_de(case['company']['name'])}",
                "interlocuteur": f"{interlocutor['name']} ({interlocutor['function']})"}
    steps, nodes = [], {}
    for step in phone_calls.steps():
        objection = phone_calls.objections()[case["objection"]]
        entry = step.entry or objection.entry
        if step.code == "conclusion" and objection.conclusion:
            entry = objection.conclusion
        steps.append({"code": step.code, "title": step.title, "points": step.points, "entry": entry})
        waiting = [entry]
        while waiting:
            node_id = waiting.pop(0)
            if node_id in nodes:
                continue
            source = script[node_id]
            replies = [reply for reply in source["replies"] if level in reply.get("levels", LEVELS)]
            rng.shuffle(replies)
            built = []
            for letter, reply in zip("abcdefgh", replies):
                target = _resolve_next(reply["next"], variant)
                built.append({"id": f"{node_id}-{letter}", "text": typographie(reply["text"].format_map(facts)),
                              "next": target, "quality": reply["quality"],
                              "feedback": typographie(reply["feedback"].format_map(facts))})
                if target is not None:
                    waiting.append(target)
            nodes[node_id] = {"id": node_id, "step": step.code, "speaker": speakers[source["speaker"]],
                              "line": typographie(_pick(rng, source["line"], persona).format_map(facts)),
                              "replies": built}
    return {"steps": steps, "nodes": nodes}


def _narrative(case: Mapping[str, Any], account: _Account) -> str:
    people = case["people"]
    count = len(account.overdue)
    text = (f"Le {_day(ledger.as_date(case['as_of']))}, vous êtes {case['creditor']['agent']}, du service "
            f"recouvrement {after_de(case['creditor']['name'])}. Votre client {case['company']['name']} "
            f"({case['company']['city']}) paie à {case['payment_terms_days']} jours date de facture ; {count} facture{'s' if count > 1 else ''} "
            f"{'sont échues' if count > 1 else 'est échue'} et impayée{'s' if count > 1 else ''}, malgré la relance "
            f"écrite du {format_date(date.fromisoformat(case['last_reminder']))}. Vous appelez "
            f"{people['contact']['name']}, {people['contact']['function']}, qui peut s’engager sur le paiement. "
            f"Historique : {phone_calls.personas()[case['persona']]}.")
    return typographie(text)


# --- walking a submission -----------------------------------------------------------------------------------

@dataclass(frozen=True)
class _Turn:
    node: Mapping[str, Any]
    reply: Mapping[str, Any] | None  # None: reached but not answered, or broken there
    given: Any = None  # what was given at a broken node


@dataclass(frozen=True)
class _Walk:
    turns: list[_Turn]
    broken: bool  # a given id is not a reply of the node reached
    extra: list[Any]  # ids given after the end of the step

    @property
    def finished(self) -> bool:
        return bool(self.turns) and self.turns[-1].reply is not None and not self.broken


def _walk(call: Mapping[str, Any], step: Mapping[str, Any], given: Sequence[Any]) -> _Walk:
    """The step's walk from its entry, following the replies given in order; stops at the first given id
    that is not a reply of the node reached, or at a node with no reply given."""
    turns: list[_Turn] = []
    node_id: str | None = step["entry"]
    position = 0
    while node_id is not None:
        node = call["nodes"][node_id]
        if position >= len(given):
            turns.append(_Turn(node, None))
            return _Walk(turns, False, [])
        reply = next((r for r in node["replies"] if isinstance(given[position], str) and r["id"] == given[position]),
                     None)
        if reply is None:
            turns.append(_Turn(node, None, given[position]))
            return _Walk(turns, True, list(given[position + 1:]))
        turns.append(_Turn(node, reply))
        position += 1
        node_id = reply["next"]
    return _Walk(turns, False, list(given[position:]))


def _best_path(call: Mapping[str, Any], entry: str) -> list[Mapping[str, Any]]:
    """The best reply of each node, from `entry` to the end of its step."""
    path, node_id = [], entry
    while node_id is not None:
        best = next(r for r in call["nodes"][node_id]["replies"] if r["quality"] == "best")
        path.append(best)
        node_id = best["next"]
    return path


def _step_of_reply(call: Mapping[str, Any]) -> dict[str, str]:
    return {reply["id"]: node["step"] for node in call["nodes"].values() for reply in node["replies"]}


def step_answers(call: Mapping[str, Any], submission: Any) -> dict[str, list[Any]]:
    """Step code -> the reply ids given for it, in order, from either submission shape (see the module's
    docstring); a single id is read as a list of one, anything else as no answer."""
    codes = [step["code"] for step in call["steps"]]
    flat = submission if isinstance(submission, list) else answer_at(submission, "path")
    if isinstance(flat, list):
        owner = _step_of_reply(call)
        answers: dict[str, list[Any]] = {code: [] for code in codes}
        current = codes[0]
        for reply_id in flat:
            current = owner.get(reply_id, current) if isinstance(reply_id, str) else current
            answers[current].append(reply_id)
        return answers
    result = {}
    for code in codes:
        given = answer_at(submission, f"path.{code}")
        result[code] = [given] if isinstance(given, str) and given.strip() else given if isinstance(given, list) else []
    return result


def _quote(text: str, limit: int = 70) -> str:
    short = text if len(text) <= limit else text[:limit].rsplit(" ", 1)[0] + "…"
    return f"« {short} »"


# --- the kind -----------------------------------------------------------------------------------------------

class PhoneCall:
    slug = "phone-call"
    title = "Appel de relance"
    module = "09-relance-telephonique"

    # --- cases -------------------------------------------------------------------------------------------
    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """A customer with overdue invoices, the person to call, a persona, an objection and the call graph."""
        check_level(level)
        rules = phone_calls.level_rules(level)
        rng = random.Random(seed)
        as_of = law.next_working_day(_FIRST_CALL_DAY + timedelta(days=rng.randrange(_CALL_DAYS_SPAN)))
        sector = rng.choice(sorted(library.sectors()))
        company = draw_identity(rng, sector, capital=rng.uniform(8_000, 400_000), closing_year=as_of.year - 1)
        creditor = draw_identity(rng, rng.choice(sorted(library.sectors())), capital=500_000,
                                 closing_year=as_of.year - 1)
        as_of = law.next_working_day(as_of, creditor["departement"])  # called from its office (same year)
        terms = rng.choice(PAYMENT_TERMS_DAYS)
        invoices = _invoices(rng, rules, as_of, terms)
        objection = rng.choice(rules.objections)
        persona = rng.choice(rules.personas)
        barrage = rng.random() < rules.barrage
        people = self._people(rng, company, phone_calls.objections()[objection].decider, barrage)
        oldest_due = date.fromisoformat(invoices[0]["due_date"])
        payments = _payments(rng, rules, invoices, as_of)
        case: dict[str, Any] = {
            "kind": self.slug, "seed": seed, "level": level, "as_of": as_of.isoformat(),
            "company": company, "creditor": {"name": creditor["name"], "agent": _person(rng)[2],
                                             "city": creditor["city"], "departement": creditor["departement"]},
            "payment_terms_days": terms, "invoices": invoices, "payments": payments,
            "penalty_rates": _rates_table(as_of), "last_reminder": (oldest_due + timedelta(days=5)).isoformat(),
            "persona": persona, "persona_label": phone_calls.personas()[persona], "objection": objection,
            "people": people,
        }
        if objection == "redressement":
            case["procedure"] = _procedure(rng, invoices, payments, as_of, company["departement"])
        account = _Account.of(case)
        for invoice in invoices:  # what the fiche d'appel shows
            left = account.open_amounts[invoice["id"]]
            invoice.update(paid=float(Decimal(str(invoice["amount"])) - left), open=float(left),
                           days_past_due=ledger.days_past_due(date.fromisoformat(invoice["due_date"]), as_of))
        case["call"] = _build_call(rng, case, _facts(case, account, rng))
        case["narrative"] = _narrative(case, account)
        return case

    @staticmethod
    def _people(rng: random.Random, company: Mapping[str, Any], decider: str, barrage: bool) -> dict[str, Any]:
        if decider == "dirigeant":
            manager = company["managers"][0]
            civility = "Mme" if manager["title"].endswith("e") else "M."  # Gérante, Présidente(-directrice générale)
            surname = manager["name"].split(" ", 1)[1]
            contact = {"name": f"{civility} {manager['name']}", "short": f"{civility} {surname}",
                       "own": manager["name"], "function": manager["title"].lower()}
        else:
            name, short, own = _person(rng)
            contact = {"name": name, "short": short, "own": own,
                       "function": "responsable de la comptabilité fournisseurs"}
        interlocutor = contact
        if barrage:
            name, short, own = _person(rng)
            interlocutor = {"name": name, "short": short, "own": own,
                            "function": "qui assure les règlements en son absence"}
        return {"contact": contact, "interlocutor": interlocutor, "barrage": barrage}

    def public_case(self, case: dict[str, Any]) -> dict[str, Any]:
        public = {key: value for key, value in case.items() if key not in PRIVATE_CASE_KEYS and key != "call"}
        call = case["call"]
        public["call"] = {"steps": call["steps"], "nodes": {
            node_id: {**node, "replies": [{k: v for k, v in reply.items() if k not in PRIVATE_REPLY_KEYS}
                                          for reply in node["replies"]]}
            for node_id, node in call["nodes"].items()}}
        return public

    # --- model answer ------------------------------------------------------------------------------------
    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        account = _Account.of(case)
        call = case["call"]
        path = {step["code"]: [reply["id"] for reply in _best_path(call, step["entry"])] for step in call["steps"]}
        return {"fiche": {"penalites": float(account.penalties), "indemnites": float(account.indemnities),
                          "total": float(account.total)},
                "path": path}

    # --- form and grading --------------------------------------------------------------------------------
    def form_fields(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        fields = [
            form_field("fiche.penalites", "Pénalités de retard dues à la date de l’appel", "number", FICHE_GROUP,
                       unit="€", help="Par facture échue : montant encore dû chaque jour × taux du semestre / 365, "
                                      "du lendemain de l’échéance au jour de l’appel inclus (art. L. 441-10 C. com.)."),
            form_field("fiche.indemnites", "Indemnités forfaitaires pour frais de recouvrement", "number",
                       FICHE_GROUP, unit="€", help="40 € par facture payée en retard (art. D. 441-5 C. com.)."),
            form_field("fiche.total", "Total dû à la date de l’appel", "number", FICHE_GROUP, unit="€",
                       help="Principal échu restant dû + pénalités + indemnités."),
        ]
        call = case["call"]
        for step in call["steps"]:
            options = [{"value": reply["id"], "label": reply["text"]} for node in call["nodes"].values()
                       if node["step"] == step["code"] for reply in node["replies"]]
            fields.append(form_field(f"path.{step['code']}", "Vos répliques", "multi", f"Appel – {step['title']}",
                                     options=options, widget=WIDGET, ordered=True))
        return fields

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        """The fiche's figures by their type; each step's replies by the walk they make through the call
        (ticks of a step's replies in any order would not do)."""
        call = case["call"]
        walks = {f"path.{step['code']}": _walk(call, step, given)
                 for step, given in zip(call["steps"], step_answers(call, submission).values())}
        return check_answers(self.form_fields(case), submission, checks={
            field_id: lambda given, walk=walk: _OFF_THE_CALL if walk.broken or walk.extra else None
            for field_id, walk in walks.items()})

    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        """The fiche and the four steps; a bare list of reply ids (the CONTRACT's submission) is the call
        alone, graded on the four steps."""
        items = [] if isinstance(submission, list) else self._fiche_items(case, _Account.of(case), submission)
        call = case["call"]
        answers = step_answers(call, submission)
        for step in call["steps"]:
            items.append(self._step_item(call, step, answers[step["code"]]))
        return Grade.of(items)

    # --- grading helpers ---------------------------------------------------------------------------------
    def _fiche_items(self, case: Mapping[str, Any], account: _Account, submission: Any) -> list[GradeItem]:
        as_of = ledger.as_date(case["as_of"])
        count = len(account.overdue)
        lines = " ; ".join(self._penalty_text(case, invoice, account) for invoice in account.overdue)
        not_due = [i["id"] for i in case["invoices"] if i["id"] not in account.overdue]
        excluded = (f" La facture {_list_words(not_due)}, non échue au {format_date(as_of)}, ne porte ni pénalités ni "
                    f"indemnité." if not_due else "")
        if case.get("procedure"):
            lines = (f"Le jugement d’ouverture du redressement judiciaire, le {format_date(_judgment_date(case))}, "
                     f"arrête le cours des pénalités la veille (art. L. 622-28 C. com.). {lines}")
        figures = (  # code, label, expected, tolerance, decimals shown, explanation
            ("penalites", "Pénalités de retard", account.penalties, PENALTY_TOLERANCE, 2,
             f"Art. L. 441-10 C. com. : taux BCE du semestre + 10 points, dus dès le lendemain de l’échéance. "
             f"{lines} ; total {_eur(account.penalties)}.{excluded}"),
            ("indemnites", "Indemnités forfaitaires", account.indemnities, None, 0,
             f"Art. D. 441-5 C. com. : 40 € par facture payée en retard, soit {count} × 40 € = "
             f"{_eur(account.indemnities)}.{excluded}"),
            ("total", "Total dû à la date de l’appel", account.total, PENALTY_TOLERANCE, 2,
             f"Principal échu restant dû {_eur(account.principal)} + pénalités {_eur(account.penalties)} + "
             f"indemnités {_eur(account.indemnities)} = {_eur(account.total)}."),
        )
        return [grade_number(f"fiche.{code}", label, float(expected), answer_at(submission, f"fiche.{code}"),
                             points=FICHE_POINTS[code], tolerance_abs=tolerance, unit="€", decimals=decimals,
                             explanation=typographie(text))
                for code, label, expected, tolerance, decimals, text in figures]

    @staticmethod
    def _penalty_text(case: Mapping[str, Any], invoice_id: str, account: _Account) -> str:
        """One invoice's penalty as its terms: base × rate × days / 365, one term per half-year and base."""
        invoice = next(i for i in case["invoices"] if i["id"] == invoice_id)
        due, end = ledger.as_date(invoice["due_date"]), account.penalties_end
        paid = sorted((ledger.as_date(p["date"]), Decimal(str(p["amount"]))) for p in case["payments"]
                      if p.get("invoice") == invoice_id)
        rate_on = law.rate_lookup(case["penalty_rates"])
        terms: list[list[Any]] = []  # [base, rate, days]
        base, day = Decimal(str(invoice["amount"])), due + timedelta(days=1)
        while day <= end:
            base -= sum((amount for when, amount in paid if when == day - timedelta(days=1)), Decimal(0))
            rate = rate_on(day)
            if terms and terms[-1][0] == base and terms[-1][1] == rate:
                terms[-1][2] += 1
            else:
                terms.append([base, rate, 1])
            day += timedelta(days=1)
        shown = " + ".join(f"{_eur(b)} × {format_percent(r, 2)} × {n} / 365" for b, r, n in terms)
        days = ledger.days_past_due(due, end)
        return (f"{invoice_id} ({days} jour{'s' if days > 1 else ''} de retard) : {shown} = "
                f"{_eur(account.charges[invoice_id].penalty)}")

    @staticmethod
    def _step_item(call: Mapping[str, Any], step: Mapping[str, Any], given: Sequence[Any]) -> GradeItem:
        walk = _walk(call, step, given)
        credits = [CREDIT[turn.reply["quality"]] if turn.reply else 0.0 for turn in walk.turns]
        mean = sum(credits) / len(credits)
        awarded = round(step["points"] * mean, 6)
        parts = []
        for number, turn in enumerate(walk.turns, start=1):
            said = f"Réplique {number}, à {_quote(turn.node['line'], 50)}"
            if turn.reply is not None:
                parts.append(f"{said} : vous avez dit {_quote(turn.reply['text'])}, {VERDICTS[turn.reply['quality']]}. "
                             f"{turn.reply['feedback']}")
            elif walk.broken:
                parts.append(f"{said} : l’appel s’interrompt ici, « {str(turn.given)[:40]} » n’est pas une réplique "
                             f"possible à ce moment de l’appel (0 crédit) ; la suite de l’étape n’est pas notée.")
            else:
                parts.append(f"{said} : pas de réplique, l’étape est inachevée (0 crédit).")
        if walk.extra:
            parts.append(f"{len(walk.extra)} réplique(s) donnée(s) après la fin de l’étape, ignorée(s).")
        shown = " + ".join(format_number(c, 1) for c in credits)
        parts.append(f"Note de l’étape : moyenne des répliques ({shown}) / {len(credits)} × "
                     f"{format_number(step['points'], 0)} points = {format_number(awarded, 2)}.")
        expected = [reply["id"] for reply in _best_path(call, step["entry"])]
        given_copy = [(g if isinstance(g, str) else repr(g))[:200] for g in given[:50]] if given else None
        return GradeItem(f"path.{step['code']}", step["title"], awarded, step["points"], expected, given_copy,
                         typographie(" ".join(parts)))

    # --- page ----------------------------------------------------------------------------------------------
    def step_view(self, case: Mapping[str, Any], values: Any, field_id: str) -> dict[str, Any]:
        """What the page shows of one step for the draft `values`: the turns said, the node waiting for a
        reply (None when the step is over or not open yet) and the state `locked`, `open` or `done`. A step
        opens when the previous one is over. Works on the public case."""
        call = case["call"]
        answers = step_answers(call, values or {})
        state = "open"
        for step in call["steps"]:
            walk = _walk(call, step, answers[step["code"]])
            if f"path.{step['code']}" == field_id:
                said = [{"speaker": t.node["speaker"], "line": t.node["line"], "reply_id": t.reply["id"],
                         "reply": t.reply["text"]} for t in walk.turns if t.reply is not None]
                if state == "locked":
                    return {"state": "locked", "turns": [], "current": None}
                current = walk.turns[-1].node if walk.turns and walk.turns[-1].reply is None else None
                return {"state": "done" if walk.finished else "open", "turns": said, "current": current}
            if not walk.finished:
                state = "locked"
        raise KeyError(field_id)


register(PhoneCall())

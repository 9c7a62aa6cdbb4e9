"""Fictional insolvency cases (REFERENCE §6): a French customer placed in sauvegarde, redressement or
liquidation judiciaire, and its supplier's ledger at the time: invoices with their delivery dates, payments,
credit notes (on the framework contract or on a distinct one), the half-yearly penalty rates, the
reservation-of-title clause and what became of the goods. The same `random.Random` state gives the same case.

Data only: what to declare is computed by `simulator.law` (the kind `insolvency-claim` grades it). Documents
are CONTRACT shaped (ISO dates, TTC amounts with two decimals). A level changes the size of the ledger and its
traps (`InsolvencySpec`), never the rules.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from functools import cache
from pathlib import Path
from typing import Any

import yaml

from cases import library
from cases.identity import cities, commercial_court, draw_identity
from cases.narrative import typographie
from core.frenchnum import format_date
from simulator import law

DATA_FILE = Path(__file__).resolve().parent / "insolvency.yaml"
VAT_RATE = 0.2
PAYMENT_TERMS_DAYS = (30, 45, 60)  # days from the invoice date (C. com. L441-10: 60 at most)
PROCEDURE_WEIGHTS = {"sauvegarde": 2, "redressement_judiciaire": 5, "liquidation_judiciaire": 3}
FIRST_JUDGMENT = date(2024, 1, 15)  # judgments are drawn between these dates: penalty rates are known
LAST_JUDGMENT = date(2026, 6, 30)
GOODS_FATES = {
    "resold": "revendues à un client du débiteur avant le jugement",
    "processed": "transformées : incorporées dans la production du débiteur",
    "missing": "absentes de l’inventaire dressé à l’ouverture de la procédure",
}
PAYMENT_METHODS = ("virement", "LCR", "chèque")


@dataclass(frozen=True)
class InsolvencySpec:
    """What a case holds; the traps are each one document or one fact the rules treat in their own way."""

    echues: tuple[int, int]  # unpaid invoices due before the judgment, [low, high]
    a_echoir: tuple[int, int]  # delivered before the judgment, due on or after it
    posterieures: int  # delivered after the judgment (L622-17)
    paid: int  # paid in full, on time, before the judgment
    partial_payment: bool  # an échue partly paid before the judgment (penalty base changes)
    allocated_credit_note: bool  # a credit note on an échue (lowers its principal)
    connected_credit_note: bool  # an unallocated credit note of the framework contract (set off, L622-7)
    unconnected_credit_note: bool  # an unallocated credit note of a distinct contract (not set off)
    abroad_probability: float  # supplier established outside metropolitan France (R622-24)
    clause_modes: tuple[str, ...]  # signed / invoice_only / none / signed_late
    traps: bool  # due on the judgment date, delivered on it, invoiced after it, paid after it


SPECS = {
    "facile": InsolvencySpec((2, 2), (1, 1), 1, 0, True, False, True, False, 0.0, ("signed", "none"), False),
    "standard": InsolvencySpec((2, 3), (1, 2), 1, 1, True, True, True, False, 0.3,
                               ("signed", "signed", "invoice_only", "none"), False),
    "difficile": InsolvencySpec((3, 3), (1, 1), 0, 1, True, True, True, True, 0.5,
                                ("signed_late", "signed_late", "signed", "invoice_only"), True),
}


@cache
def _data() -> dict[str, Any]:
    with DATA_FILE.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def procedures() -> dict[str, dict[str, Any]]:
    """Procedures by code: French label, who receives the declarations, whether an administrator is named."""
    return _data()["procedures"]


def _day_between(rng: random.Random, first: date, last: date) -> date:
    return first + timedelta(days=rng.randint(0, max(0, (last - first).days)))


def _working_day_between(rng: random.Random, first: date, last: date) -> date:
    return law.next_working_day(_day_between(rng, first, last))


def _money(value: float) -> float:
    return round(value + 1e-9, 2)


@dataclass
class _Delivery:
    """One invoice being drawn: its role decides its dates and what happens to it."""

    role: str
    invoice_date: date
    delivery_date: date
    due_date: date
    goods: str = ""
    amount: float = 0.0
    id: str = ""


def _role_dates(rng: random.Random, role: str, judgment: date, as_of: date, terms: int) -> tuple[date, date]:
    """(delivery date, invoice date) for a role; delivery and invoice fall on the same day unless invoiced
    after the judgment."""
    if role in ("echue", "paid_after_judgment"):
        day = _day_between(rng, judgment - timedelta(days=terms + 100), judgment - timedelta(days=terms + 5))
    elif role == "paid":
        day = _day_between(rng, judgment - timedelta(days=terms + 150), judgment - timedelta(days=terms + 20))
    elif role == "a_echoir":
        day = _day_between(rng, judgment - timedelta(days=terms - 1), judgment - timedelta(days=1))
    elif role == "due_on_judgment":
        day = judgment - timedelta(days=terms)
    elif role == "invoiced_after":
        delivered = _day_between(rng, judgment - timedelta(days=6), judgment - timedelta(days=1))
        return delivered, _day_between(rng, judgment, judgment + timedelta(days=3))
    elif role == "delivered_on_judgment":
        day = judgment
    elif role == "posterieure":
        day = _day_between(rng, judgment + timedelta(days=1), as_of)
    else:
        raise ValueError(f"Unknown invoice role {role!r}")
    return day, day


def _roles(rng: random.Random, spec: InsolvencySpec) -> list[str]:
    roles = ["echue"] * rng.randint(*spec.echues) + ["a_echoir"] * rng.randint(*spec.a_echoir)
    roles += ["posterieure"] * spec.posterieures + ["paid"] * spec.paid
    if spec.traps:
        roles += ["due_on_judgment", "invoiced_after", "delivered_on_judgment", "paid_after_judgment"]
    return roles


def _lot(rng: random.Random, supplier: dict[str, Any]) -> tuple[str, float]:
    """Goods of one invoice and their amount TTC: quantity x unit price HT, plus VAT."""
    goods = rng.choice(supplier["goods"])
    unit_price = rng.randint(*goods["unit_price"])
    quantity = max(2, round(rng.uniform(*supplier["ht"]) / unit_price))
    return goods["text"].format(quantity=quantity), _money(quantity * unit_price * (1 + VAT_RATE))


def _invoices(
    rng: random.Random, spec: InsolvencySpec, supplier: dict[str, Any], judgment: date, as_of: date, terms: int
) -> list[_Delivery]:
    deliveries = []
    for role in _roles(rng, spec):
        delivered, invoiced = _role_dates(rng, role, judgment, as_of, terms)
        goods, amount = _lot(rng, supplier)
        deliveries.append(_Delivery(role, invoiced, delivered, invoiced + timedelta(days=terms), goods, amount))
    deliveries.sort(key=lambda d: (d.invoice_date, d.delivery_date, d.role))
    number = rng.randint(100, 700)
    for delivery in deliveries:
        number += rng.randint(3, 40)
        delivery.id = f"F{delivery.invoice_date:%y%m}-{number}"
    return deliveries


def _payments(
    rng: random.Random, spec: InsolvencySpec, deliveries: list[_Delivery], customer: str, judgment: date,
    as_of: date,
) -> tuple[list[dict[str, Any]], set[str]]:
    """Payments: each paid invoice in full by its due date, one échue in part before the judgment, and (with
    the traps) one échue paid after the judgment. Returns them and the ids of the invoices they name."""
    records: list[tuple[date, str, float, str]] = []
    for delivery in deliveries:
        if delivery.role == "paid":
            day = _day_between(rng, delivery.due_date - timedelta(days=10), delivery.due_date)
            records.append((day, delivery.id, delivery.amount, rng.choice(PAYMENT_METHODS)))
        elif delivery.role == "paid_after_judgment":
            records.append((_day_between(rng, judgment, as_of), delivery.id, delivery.amount, "virement"))
    echues = [d for d in deliveries if d.role == "echue"]
    if spec.partial_payment and echues:
        target = rng.choice(echues)
        amount = max(100.0, round(target.amount * rng.uniform(0.2, 0.6), -2))
        day = _day_between(rng, target.invoice_date + timedelta(days=5), judgment - timedelta(days=1))
        records.append((day, target.id, amount, rng.choice(("virement", "chèque"))))
    records.sort()
    payments = [{"id": f"RG-{index:03d}", "customer": customer, "date": day.isoformat(), "amount": amount,
                 "invoice": invoice, "method": method}
                for index, (day, invoice, amount, method) in enumerate(records, start=1)]
    return payments, {record[1] for record in records}


def _credit_notes(
    rng: random.Random, spec: InsolvencySpec, deliveries: list[_Delivery], paid: set[str], customer: str,
    contract: dict[str, str], other: dict[str, str], judgment: date,
) -> list[dict[str, Any]]:
    """Credit notes dated before the judgment: one on an unpaid échue (returned goods), one unallocated on the
    framework contract, one unallocated on a distinct contract, as the spec says."""
    drawn: list[tuple[date, float, str | None, dict[str, str], str]] = []
    free = [d for d in deliveries if d.role == "echue" and d.id not in paid]
    if spec.allocated_credit_note and free:
        target = rng.choice(free)
        amount = _money(target.amount * rng.uniform(0.05, 0.2))
        day = _day_between(rng, target.invoice_date + timedelta(days=3), judgment - timedelta(days=1))
        drawn.append((day, amount, target.id, contract, "Retour de marchandises abîmées"))
    if spec.connected_credit_note:
        amount = _money(rng.randint(250, 2000) * (1 + VAT_RATE))
        day = _day_between(rng, judgment - timedelta(days=75), judgment - timedelta(days=1))
        drawn.append((day, amount, None, contract, rng.choice(_data()["connected_reasons"])))
    if spec.unconnected_credit_note:
        amount = _money(rng.randint(150, 1200) * (1 + VAT_RATE))
        day = _day_between(rng, judgment - timedelta(days=75), judgment - timedelta(days=1))
        drawn.append((day, amount, None, other, other["reason"]))
    drawn.sort(key=lambda note: note[0])
    notes = []
    for index, (day, amount, invoice, owner, reason) in enumerate(drawn, start=1):
        note = {"id": f"AV-{index:03d}", "customer": customer, "date": day.isoformat(), "amount": amount,
                "contract": owner["id"], "contract_label": owner["label"], "reason": reason}
        if invoice:
            note["invoice"] = invoice
        notes.append(note)
    return notes


def _reservation_of_title(
    rng: random.Random, spec: InsolvencySpec, deliveries: list[_Delivery], judgment: date
) -> dict[str, Any]:
    """The clause (whether and when the debtor accepted it in writing) and the lots of goods delivered before
    the judgment, each held in kind by the debtor or not."""
    candidates = [d for d in deliveries if d.delivery_date < judgment and d.role != "paid"]
    if spec.traps:
        candidates += [d for d in deliveries if d.role == "paid"][:1]  # goods paid for, still in stock
    candidates.sort(key=lambda d: (d.delivery_date, d.id))
    mode = rng.choice(spec.clause_modes)
    dates = sorted({d.delivery_date for d in candidates})
    if mode == "signed_late" and len(dates) < 2:
        mode = "signed"
    accepted_on = None
    if mode == "signed":
        accepted_on = judgment - timedelta(days=rng.randint(400, 1500))
    elif mode == "signed_late":
        index = rng.randint(1, len(dates) - 1)
        accepted_on = _day_between(rng, dates[index - 1] + timedelta(days=1), dates[index])
    held = [rng.random() < 0.6 for _ in candidates]
    if len(candidates) >= 2 and len(set(held)) == 1:
        held[rng.randrange(len(held))] = not held[0]
    goods = []
    for index, (delivery, in_stock) in enumerate(zip(candidates, held, strict=True), start=1):
        fate = None if in_stock else rng.choice(list(GOODS_FATES))
        goods.append({"id": f"L{index}", "invoice": delivery.id, "delivery_date": delivery.delivery_date.isoformat(),
                      "description": delivery.goods, "held_by_debtor": in_stock, "fate": fate,
                      "fate_label": "en stock chez le débiteur, identifiables (étiquettes de lot)" if in_stock
                      else GOODS_FATES[fate]})
    return {
        "clause": mode != "none",
        "accepted_in_writing": accepted_on is not None,
        "accepted_on": accepted_on.isoformat() if accepted_on else None,
        "terms": typographie(_clause_terms(mode, accepted_on)),
        "goods": goods,
    }


def _clause_terms(mode: str, accepted_on: date | None) -> str:
    if mode == "none":
        return "Vos conditions générales de vente ne contiennent pas de clause de réserve de propriété."
    if mode == "invoice_only":
        return ("Une clause de réserve de propriété est imprimée au verso de vos factures ; le client n’a jamais "
                "signé vos conditions générales de vente ni aucun document la reprenant.")
    return (f"Vos conditions générales de vente, qui stipulent une clause de réserve de propriété, ont été signées "
            f"et tamponnées par le client le {format_date(accepted_on)}.")


def _office(rng: random.Random, role: str) -> str:
    names = library.identities()
    return rng.choice(_data()["offices"][role]).format(
        surname=rng.choice(names["surnames"]),
        first_name=rng.choice(names["first_names"]["feminine" if rng.random() < 0.5 else "masculine"]))


def _contract_number(rng: random.Random, prefix: str, year: int) -> str:
    return f"{prefix}-{year}-{rng.randint(1, 99):02d}"


def draw_insolvency_case(rng: random.Random, level: str) -> dict[str, Any]:
    """The facts of one case (no answer): CONTRACT keys `procedure`, `judgment_date`, `publication_date`,
    `creditor_abroad`, `invoices`, `payments`, `credit_notes`, `penalty_rates`, `reservation_of_title`, and
    the people, contract, supplier and dates the page presents."""
    spec = SPECS[level]
    data = _data()
    supplier_code = rng.choice(sorted(data["suppliers"]))
    supplier = data["suppliers"][supplier_code]
    judgment = _working_day_between(rng, FIRST_JUDGMENT, LAST_JUDGMENT)
    publication_delay = timedelta(days=rng.randint(6, 20))
    as_of_delay = timedelta(days=rng.randint(1, 6))
    terms = rng.choice(PAYMENT_TERMS_DAYS)
    debtor = draw_identity(rng, supplier["customer_sector"], capital=rng.uniform(20_000, 600_000),
                           closing_year=judgment.year - 1)
    # The court of the debtor's seat does not sit on its département's holidays either (Good Friday and 26
    # December in Alsace-Moselle: never a change of year); the BODACC, a national journal, keeps the national ones.
    judgment = law.next_working_day(judgment, debtor["departement"])
    publication = law.next_working_day(judgment + publication_delay)
    as_of = publication + as_of_delay
    procedure = rng.choices(list(PROCEDURE_WEIGHTS), weights=list(PROCEDURE_WEIGHTS.values()))[0]
    abroad = rng.random() < spec.abroad_probability
    name = rng.choice(supplier["names"])
    if abroad:
        city, country, form = rng.choice(data["abroad"])
        name = f"{name} {form}"
    else:
        city, country = rng.choice(cities()).name, "France"
    signed_year = judgment.year - rng.randint(2, 5)
    contract_id = _contract_number(rng, "CC", signed_year)
    contract = {"id": contract_id, "label": f"contrat-cadre d’approvisionnement n° {contract_id}"}
    other_terms = rng.choice(data["other_contracts"])
    other_id = _contract_number(rng, "CD", judgment.year - 1)
    other = {"id": other_id, "label": other_terms["label"].format(number=other_id), "reason": other_terms["reason"]}

    deliveries = _invoices(rng, spec, supplier, judgment, as_of, terms)
    customer = debtor["name"]
    payments, paid = _payments(rng, spec, deliveries, customer, judgment, as_of)
    credit_notes = _credit_notes(rng, spec, deliveries, paid, customer, contract, other, judgment)
    first_year = min(d.due_date for d in deliveries).year
    rates = law.penalty_rate_table(min(first_year, judgment.year), judgment.year)
    meta = procedures()[procedure]
    return {
        "procedure": procedure,
        "procedure_label": meta["label"],
        "court": commercial_court(debtor["city"], on=judgment),
        "judgment_date": judgment.isoformat(),
        "publication_date": publication.isoformat(),
        "as_of": as_of.isoformat(),
        "receiver": {"role": meta["receiver"], "name": _office(rng, "receiver")},
        "administrator": {"name": _office(rng, "administrator")} if meta["administrator"] else None,
        "company": debtor,
        "creditor": {"name": name, "city": city, "country": country},
        "creditor_abroad": abroad,
        "contract": contract,
        "payment_terms_days": terms,
        "vat_rate": VAT_RATE,
        "invoices": [{"id": d.id, "customer": customer, "date": d.invoice_date.isoformat(),
                      "delivery_date": d.delivery_date.isoformat(), "due_date": d.due_date.isoformat(),
                      "amount": d.amount, "description": d.goods} for d in deliveries],
        "payments": payments,
        "credit_notes": credit_notes,
        "penalty_rates": [{"start": row["start"].isoformat(), "end": row["end"].isoformat(),
                           "rate": float(row["rate"])} for row in rates],
        "reservation_of_title": _reservation_of_title(rng, spec, deliveries, judgment),
    }

"""Fictional customer ledgers of a French supplier (REFERENCE §4): customers with a segment, a risk class and
payment terms of at most 60 days (C. com. L441-10), six months of invoices, payments (some partial, some
received without a reference and left unallocated), credit notes (on an invoice or not) and disputed
invoices. The same `random.Random` state gives the same ledger.

Data only: no KPI is computed here (simulator.ledger and simulator.law do that). Documents are CONTRACT
shaped: invoices `{id, customer, date, due_date, amount}`, payments and credit notes `{id, customer, date,
amount, invoice?}`, dates as ISO strings, amounts TTC in euros (two decimals).
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cases import library
from cases.identity import cities, draw_identity, siren_with_key
from cases.narrative import after_de

SEGMENTS = {"grand_compte": "Grand compte", "pme": "PME", "tpe": "TPE / artisan", "public": "Secteur public"}
RISK_CLASSES = ("A", "B", "C", "D", "E")
PAYMENT_TERMS_DAYS = (30, 45, 60)  # days from the invoice date; L441-10 caps them at 60
PUBLIC_TERMS_DAYS = 30  # public buyers: 30 days (C. commande publique R2192-10)

# Monthly billing TTC of a customer, by segment [low, high] euros.
_MONTHLY_BILLING = {"grand_compte": (20_000, 70_000), "pme": (4_000, 20_000), "tpe": (800, 5_000),
                    "public": (5_000, 25_000)}
_SEGMENT_WEIGHTS = {"grand_compte": 2, "pme": 5, "tpe": 3}
_CLASS_WEIGHTS = (2, 4, 4, 2, 1)
# How a class pays: (probability of paying by the due date, mean days late otherwise, spread, probability
# of never paying within the history).
_BEHAVIOUR = {"A": (0.85, 6, 3, 0.0), "B": (0.6, 12, 6, 0.02), "C": (0.35, 22, 10, 0.06),
              "D": (0.15, 38, 15, 0.15), "E": (0.05, 60, 25, 0.3)}
# Local public bodies (30-day payment term).
_PUBLIC_BODIES = ("Commune {of_city}", "Communauté d’agglomération {of_city}",
                  "Syndicat intercommunal des eaux {of_city}", "Centre communal d’action sociale {of_city}")
_DISPUTE_REASONS = ("livraison incomplète contestée", "prix facturé différent de la commande",
                    "marchandise déclarée non conforme", "facture non reçue selon le client")
_CREDIT_NOTE_REASONS = ("remise commerciale", "retour de marchandises", "erreur de prix", "ristourne annuelle")


@dataclass(frozen=True)
class LedgerSpec:
    """What a ledger holds; levels of the kinds change these, never the rules."""

    customers: int
    months: int = 6  # months of billing, the as-of month included
    invoices_per_month: tuple[int, ...] = (1, 1, 2)  # drawn per customer and month
    public: bool = False  # one customer may be a public body
    partial_share: float = 0.1  # probability that a payment covers only part of its invoice
    credit_notes: int = 1  # credit notes on an invoice
    unallocated_credit_notes: int = 0  # credit notes naming no invoice (ristourne)
    unallocated_payments: int = 0  # payments received without a reference
    disputes: int = 1
    after_as_of: bool = False  # a payment and an invoice dated after the as-of date (to be left out)


def month_end(year: int, month: int) -> date:
    """Last day of a month (months beyond 12 or below 1 roll over the year)."""
    year, month = year + (month - 1) // 12, (month - 1) % 12 + 1
    return date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)


def draw_as_of(rng: random.Random) -> date:
    """A month end between March 2025 and September 2026 (the penalty-rate table covers it)."""
    index = rng.randrange(19)
    return month_end(2025, 3 + index)


def _customer(rng: random.Random, number: int, segment: str, risk_class: str, as_of: date) -> dict[str, Any]:
    if segment == "public":
        seat = rng.choice(cities())
        city, departement = seat.name, seat.departement
        name = rng.choice(_PUBLIC_BODIES).format(of_city=after_de(city))
        siren = siren_with_key("2" + f"{rng.randrange(10**7):07d}")
        terms = PUBLIC_TERMS_DAYS
    else:
        sector = rng.choice(sorted(library.sectors()))
        identity = draw_identity(rng, sector, capital=rng.uniform(5_000, 500_000), closing_year=as_of.year - 1)
        name, siren = identity["name"], identity["siren"]
        city, departement = identity["city"], identity["departement"]
        terms = rng.choice(PAYMENT_TERMS_DAYS)
    low, high = _MONTHLY_BILLING[segment]
    monthly = round(rng.uniform(low, high), -2)
    return {"id": f"C{number:02d}", "name": name, "siren": siren, "city": city, "departement": departement,
            "segment": segment, "segment_label": SEGMENTS[segment], "risk_class": risk_class,
            "payment_terms_days": terms,
            "monthly_billing": monthly, "credit_limit": round(monthly * rng.uniform(1.2, 2.5), -3)}


def _customers(rng: random.Random, spec: LedgerSpec, as_of: date) -> list[dict[str, Any]]:
    segments = rng.choices(list(_SEGMENT_WEIGHTS), weights=list(_SEGMENT_WEIGHTS.values()), k=spec.customers)
    if spec.public and spec.customers > 1:
        segments[rng.randrange(spec.customers)] = "public"
    classes = rng.choices(RISK_CLASSES, weights=_CLASS_WEIGHTS, k=spec.customers)
    if not any(code in "DE" for code in classes):  # every ledger has a late payer to chase
        classes[rng.randrange(spec.customers)] = "D"
    customers, names = [], set()
    for index, (segment, risk_class) in enumerate(zip(segments, classes), start=1):
        customer = _customer(rng, index, segment, risk_class, as_of)
        while customer["name"] in names:
            customer = _customer(rng, index, segment, risk_class, as_of)
        names.add(customer["name"])
        customers.append(customer)
    return customers


def _invoices(rng: random.Random, spec: LedgerSpec, customers: list[dict[str, Any]], as_of: date) -> list[dict]:
    drafts = []
    for months_back in range(spec.months - 1, -1, -1):
        last = month_end(as_of.year, as_of.month - months_back)
        for customer in customers:
            count = rng.choice(spec.invoices_per_month)
            for _ in range(count):
                issued = last.replace(day=rng.randint(1, last.day))
                amount = round(customer["monthly_billing"] * rng.uniform(0.5, 1.3) / count, 2)
                drafts.append((issued, customer, amount))
    drafts.sort(key=lambda draft: (draft[0], draft[1]["id"]))
    first_number = rng.randint(1200, 8800)
    return [{"id": f"F{issued.year % 100:02d}-{first_number + index:04d}", "customer": customer["id"],
             "date": issued.isoformat(),
             "due_date": (issued + timedelta(days=customer["payment_terms_days"])).isoformat(),
             "amount": amount}
            for index, (issued, customer, amount) in enumerate(drafts)]


def _payment_day(rng: random.Random, risk_class: str, due: date) -> date | None:
    """When a customer of `risk_class` pays an invoice due on `due` (None: not in the history)."""
    on_time, mean, spread, never = _BEHAVIOUR[risk_class]
    if rng.random() < never:
        return None
    if rng.random() < on_time:
        return due - timedelta(days=rng.choice((0, 0, 1, 3, 5)))
    return due + timedelta(days=max(1, round(rng.gauss(mean, spread))))


def _pick(rng: random.Random, candidates: list[dict], count: int) -> list[dict]:
    return rng.sample(candidates, min(count, len(candidates)))


def draw_ledger(rng: random.Random, spec: LedgerSpec) -> dict[str, Any]:
    """A supplier's customer ledger at a month-end `as_of` date.

    Keys: `as_of`, `company` (the supplier whose ledger it is: name, siren, naf, naf_label, legal_form,
    legal_form_name, city, departement, founded), `customers` ([{id, name, siren, city, departement, segment,
    segment_label, risk_class, payment_terms_days, monthly_billing, credit_limit}]), `invoices`,
    `payments`, `credit_notes` (each with a `reason`), `disputed` (invoice ids, each with its reason in
    `dispute_reasons`).
    """
    as_of = draw_as_of(rng)
    sector = rng.choice(("industrie", "negoce", "services"))
    supplier = draw_identity(rng, sector, capital=rng.uniform(50_000, 800_000), closing_year=as_of.year - 1)
    customers = _customers(rng, spec, as_of)
    classes = {customer["id"]: customer["risk_class"] for customer in customers}
    invoices = _invoices(rng, spec, customers, as_of)
    recent = [inv for inv in invoices if date.fromisoformat(inv["date"]) > as_of - timedelta(days=100)]
    disputed = _pick(rng, recent, spec.disputes)
    disputed_ids = {inv["id"] for inv in disputed}
    undisputed = [inv for inv in invoices if inv["id"] not in disputed_ids]

    credit_notes, credited = [], {}
    for inv in _pick(rng, undisputed, spec.credit_notes):
        amount = round(inv["amount"] * rng.choice((0.05, 0.1, 0.15, 0.2)), 2)
        day = min(as_of, date.fromisoformat(inv["date"]) + timedelta(days=rng.randint(3, 20)))
        credit_notes.append({"customer": inv["customer"], "date": day.isoformat(), "amount": amount,
                             "invoice": inv["id"], "reason": rng.choice(_CREDIT_NOTE_REASONS[:3])})
        credited[inv["id"]] = amount
    for customer in _pick(rng, customers, spec.unallocated_credit_notes):
        day = as_of - timedelta(days=rng.randint(5, 60))
        credit_notes.append({"customer": customer["id"], "date": day.isoformat(),
                             "amount": round(customer["monthly_billing"] * rng.uniform(0.03, 0.08), 2),
                             "invoice": None, "reason": _CREDIT_NOTE_REASONS[3]})

    payments, open_invoices = [], []
    for inv in undisputed:
        due = date.fromisoformat(inv["due_date"])
        day = _payment_day(rng, classes[inv["customer"]], due)
        owed = round(inv["amount"] - credited.get(inv["id"], 0), 2)
        if day is None or day > as_of:
            open_invoices.append(inv)
            continue
        paid = owed if rng.random() >= spec.partial_share else round(owed * rng.choice((0.3, 0.4, 0.5, 0.6)), 2)
        payments.append({"customer": inv["customer"], "date": day.isoformat(), "amount": paid, "invoice": inv["id"]})
    older = [inv for inv in open_invoices if date.fromisoformat(inv["date"]) < as_of - timedelta(days=20)]
    unreferenced = _pick(rng, older, spec.unallocated_payments)
    for inv in unreferenced:
        day = as_of - timedelta(days=rng.randint(1, 15))
        payments.append({"customer": inv["customer"], "date": day.isoformat(),
                         "amount": round(inv["amount"] - credited.get(inv["id"], 0), 2), "invoice": None})
    if spec.after_as_of:
        for inv in _pick(rng, [inv for inv in open_invoices if inv not in unreferenced], 1):
            day = as_of + timedelta(days=rng.randint(1, 6))
            payments.append({"customer": inv["customer"], "date": day.isoformat(),
                             "amount": round(inv["amount"] - credited.get(inv["id"], 0), 2), "invoice": inv["id"]})
        customer = rng.choice(customers)
        issued = as_of + timedelta(days=rng.randint(1, 5))
        invoices.append({"id": f"F{issued.year % 100:02d}-{int(invoices[-1]['id'][-4:]) + 1:04d}",
                         "customer": customer["id"], "date": issued.isoformat(),
                         "due_date": (issued + timedelta(days=customer["payment_terms_days"])).isoformat(),
                         "amount": round(customer["monthly_billing"] * rng.uniform(0.5, 1.0), 2)})

    return {
        "as_of": as_of.isoformat(),
        "company": {key: supplier[key] for key in ("name", "siren", "naf", "naf_label", "legal_form",
                                                   "legal_form_name", "city", "departement", "founded")},
        "customers": customers,
        "invoices": invoices,
        "payments": _numbered("R", payments),
        "credit_notes": _numbered("AV", credit_notes),
        "disputed": sorted(disputed_ids),
        "dispute_reasons": {inv["id"]: rng.choice(_DISPUTE_REASONS) for inv in sorted(disputed, key=_by_id)},
    }


def _by_id(document: dict[str, Any]) -> str:
    return document["id"]


def _numbered(prefix: str, documents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Documents in date order, numbered as the accounts number them (`R001`, `AV001`...)."""
    ordered = sorted(documents, key=lambda doc: (doc["date"], doc["customer"], doc.get("invoice") or ""))
    return [{"id": f"{prefix}{index:03d}", **doc} for index, doc in enumerate(ordered, start=1)]

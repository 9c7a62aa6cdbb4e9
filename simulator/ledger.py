"""Receivables ledger: documents, open items, aged balance and receivables KPIs (REFERENCE §4).

Pure domain code: no Flask, no database. A ledger is a list of invoices (`id, customer, date, due_date,
amount`, optional `delivery_date`), payments and credit notes (`id, customer, date, amount`, optional
`invoice`) as CONTRACT.md gives them; dates may be `datetime.date` or ISO strings, amounts numbers,
strings or `Decimal`. Money stays `Decimal` (never rounded here); KPIs are floats, rates are fractions
(0.35, not 35), and a KPI whose denominator is zero or negative is `None` (shown "n/s").

Conventions pinned here, where REFERENCE §4 leaves a choice:
- allocation: a payment or credit note naming an invoice is applied to that invoice, oldest document
  first; what exceeds the invoice's open amount, and every document naming no (known) invoice, stays
  unallocated and reduces its customer's total;
- receivables (for the DSO and the taux d'échu) = sum of the customers' totals, i.e. open invoice
  amounts minus unallocated credits (the balance of the customer accounts);
- sales ("CA TTC", billing) = invoiced amounts TTC by invoice date; credit notes are not deducted.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from decimal import Decimal, InvalidOperation
from typing import Any

BUCKETS = ("non_echu", "1_30", "31_60", "61_90", "plus_90")
OVERDUE_BUCKETS = BUCKETS[1:]
ZERO = Decimal("0")


def as_date(value: date | str) -> date:
    """A `date` from a `date` or an ISO `YYYY-MM-DD` string (raises ValueError otherwise)."""
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    if isinstance(value, str):
        return date.fromisoformat(value.strip())
    raise ValueError(f"Date attendue (AAAA-MM-JJ), reçu : {value!r}")


def as_decimal(value: Any) -> Decimal:
    """A `Decimal` from case data: a `Decimal`, an int, a float (via its repr, 0.1 -> 0.1) or a string
    in machine notation ("1234.5"). What users type goes through `core.frenchnum.parse_decimal`."""
    number = None
    if isinstance(value, Decimal):
        number = value
    elif isinstance(value, int) and not isinstance(value, bool):
        number = Decimal(value)
    elif isinstance(value, (float, str)):
        try:
            number = Decimal(repr(value) if isinstance(value, float) else value.strip())
        except InvalidOperation:
            number = None
    if number is None or not number.is_finite():
        raise ValueError(f"Nombre attendu, reçu : {value!r}")
    return number


@dataclass(frozen=True)
class Invoice:
    """An invoice TTC. `delivery_date` (when the claim was born) defaults to the invoice date."""

    id: str
    customer: str
    date: date
    due_date: date
    amount: Decimal
    delivery_date: date | None = None

    @property
    def born_on(self) -> date:
        """Delivery or service date if known, else the invoice date."""
        return self.delivery_date or self.date


@dataclass(frozen=True)
class Settlement:
    """A payment or a credit note (`kind` "payment" or "credit_note"), positive amount."""

    id: str
    customer: str
    date: date
    amount: Decimal
    kind: str
    invoice: str | None = None


def invoices_from(records: Iterable[Mapping[str, Any] | Invoice]) -> list[Invoice]:
    """Invoices from CONTRACT-shaped dicts (or `Invoice`s, passed through)."""
    result = []
    for record in records:
        if isinstance(record, Invoice):
            result.append(record)
            continue
        delivery = record.get("delivery_date")
        result.append(
            Invoice(
                id=str(record["id"]),
                customer=str(record["customer"]),
                date=as_date(record["date"]),
                due_date=as_date(record["due_date"]),
                amount=as_decimal(record["amount"]),
                delivery_date=as_date(delivery) if delivery else None,
            )
        )
    return result


def settlements_from(
    payments: Iterable[Mapping[str, Any] | Settlement] = (),
    credit_notes: Iterable[Mapping[str, Any] | Settlement] = (),
) -> list[Settlement]:
    """Payments and credit notes from CONTRACT-shaped dicts, as one list of `Settlement`s."""
    result = []
    for kind, records in (("payment", payments), ("credit_note", credit_notes)):
        for record in records:
            if isinstance(record, Settlement):
                result.append(record)
                continue
            amount = as_decimal(record["amount"])
            if amount < 0:
                raise ValueError(f"Montant négatif pour {record['id']} : les règlements et avoirs sont positifs.")
            invoice = record.get("invoice")
            result.append(
                Settlement(
                    id=str(record["id"]),
                    customer=str(record["customer"]),
                    date=as_date(record["date"]),
                    amount=amount,
                    kind=kind,
                    invoice=str(invoice) if invoice not in (None, "") else None,
                )
            )
    return result


@dataclass(frozen=True)
class OpenItems:
    """Result of allocating settlements to invoices.

    `applied[invoice_id]` lists `(date, amount)` of what was applied to the invoice, oldest first (the
    shape `law.late_penalty` takes); `unallocated` lists each settlement with its part left unallocated.
    """

    invoices: tuple[Invoice, ...]
    applied: Mapping[str, tuple[tuple[date, Decimal], ...]]
    unallocated: tuple[tuple[Settlement, Decimal], ...] = ()

    def open_amount(self, invoice: Invoice) -> Decimal:
        """Invoice amount minus what was applied to it."""
        return invoice.amount - sum((amount for _, amount in self.applied.get(invoice.id, ())), ZERO)

    def settled_on(self, invoice: Invoice) -> date | None:
        """Date of the settlement that brought the invoice's open amount to zero, or None if still open."""
        remaining = invoice.amount
        for day, amount in self.applied.get(invoice.id, ()):
            remaining -= amount
            if remaining <= 0:
                return day
        return None

    def unallocated_total(self, customer: str | None = None, kind: str | None = None) -> Decimal:
        """Unallocated credits (positive), optionally for one customer and/or one kind."""
        return sum(
            (
                amount
                for settlement, amount in self.unallocated
                if (customer is None or settlement.customer == customer) and (kind is None or settlement.kind == kind)
            ),
            ZERO,
        )


def allocate(invoices: Iterable[Invoice], settlements: Iterable[Settlement]) -> OpenItems:
    """Apply each settlement to the invoice it names (REFERENCE §4), oldest settlement first.

    No date filtering: callers choose the documents (see `open_items`). Overpayments and settlements
    naming no known invoice stay unallocated.
    """
    invoices = tuple(invoices)
    by_id = {invoice.id: invoice for invoice in invoices}
    open_amounts = {invoice.id: invoice.amount for invoice in invoices}
    applied: dict[str, list[tuple[date, Decimal]]] = {}
    unallocated: list[tuple[Settlement, Decimal]] = []
    for settlement in sorted(settlements, key=lambda s: (s.date, s.id)):
        part = ZERO
        if settlement.invoice in by_id:
            part = min(settlement.amount, max(open_amounts[settlement.invoice], ZERO))
            if part > 0:
                open_amounts[settlement.invoice] -= part
                applied.setdefault(settlement.invoice, []).append((settlement.date, part))
        if settlement.amount > part:
            unallocated.append((settlement, settlement.amount - part))
    return OpenItems(invoices, {key: tuple(value) for key, value in applied.items()}, tuple(unallocated))


def open_items(
    invoices: Iterable[Mapping[str, Any] | Invoice],
    payments: Iterable[Mapping[str, Any] | Settlement],
    credit_notes: Iterable[Mapping[str, Any] | Settlement],
    as_of: date | str,
) -> OpenItems:
    """Allocation of the documents dated on or before `as_of` (REFERENCE §4: only those count)."""
    as_of = as_date(as_of)
    return allocate(
        (invoice for invoice in invoices_from(invoices) if invoice.date <= as_of),
        (s for s in settlements_from(payments, credit_notes) if s.date <= as_of),
    )


def bucket(days_past_due: int) -> str:
    """Aged-balance bucket (REFERENCE §4, pinned): <= 0 non échu, 1-30, 31-60, 61-90, > 90 days."""
    if days_past_due <= 0:
        return "non_echu"
    if days_past_due <= 30:
        return "1_30"
    if days_past_due <= 60:
        return "31_60"
    if days_past_due <= 90:
        return "61_90"
    return "plus_90"


def days_past_due(due_date: date, as_of: date) -> int:
    """Calendar days from the due date to the as-of date (0 on the due date itself)."""
    return (as_of - due_date).days


def _empty_row() -> dict[str, Any]:
    return {name: ZERO for name in BUCKETS} | {"non_affecte": ZERO, "total": ZERO, "en_litige": ZERO, "litiges": []}


def aged_balance(
    invoices: Iterable[Mapping[str, Any] | Invoice],
    payments: Iterable[Mapping[str, Any] | Settlement],
    credit_notes: Iterable[Mapping[str, Any] | Settlement],
    as_of: date | str,
    disputed: Iterable[str] = (),
) -> dict[str, dict[str, Any]]:
    """Aged balance per customer at `as_of` (REFERENCE §4, pinned buckets by days past due).

    Each row: the five buckets (`non_echu`, `1_30`, `31_60`, `61_90`, `plus_90`), `non_affecte`
    (unallocated payments and credit notes, as a negative amount), `total` (buckets + non_affecte),
    `en_litige` (open amount of disputed invoices, which keep their bucket) and `litiges` (their ids).
    Every customer with a document dated on or before `as_of` has a row, even if it is all zero.
    """
    as_of = as_date(as_of)
    disputed = {str(invoice_id) for invoice_id in disputed}
    settlements = [s for s in settlements_from(payments, credit_notes) if s.date <= as_of]
    items = open_items(invoices, settlements, (), as_of)
    customers = {invoice.customer for invoice in items.invoices} | {s.customer for s in settlements}
    rows = {customer: _empty_row() for customer in sorted(customers)}
    for invoice in sorted(items.invoices, key=lambda inv: (inv.due_date, inv.id)):
        amount = items.open_amount(invoice)
        if amount == 0:
            continue
        row = rows[invoice.customer]
        row[bucket(days_past_due(invoice.due_date, as_of))] += amount
        if invoice.id in disputed:
            row["en_litige"] += amount
            row["litiges"].append(invoice.id)
    for customer, row in rows.items():
        row["non_affecte"] = -items.unallocated_total(customer)
        row["total"] = sum((row[name] for name in BUCKETS), ZERO) + row["non_affecte"]
    return rows


def balance_totals(balance: Mapping[str, Mapping[str, Any]]) -> dict[str, Decimal]:
    """Column totals of an aged balance (all money columns summed over customers)."""
    columns = (*BUCKETS, "non_affecte", "total", "en_litige")
    return {name: sum((row[name] for row in balance.values()), ZERO) for name in columns}


def overdue(row: Mapping[str, Decimal]) -> Decimal:
    """Échu amount of an aged-balance row: the four past-due buckets."""
    return sum((row[name] for name in OVERDUE_BUCKETS), ZERO)


def billed_between(invoices: Iterable[Mapping[str, Any] | Invoice], first: date | str, last: date | str) -> Decimal:
    """Invoiced TTC with an invoice date in [first, last], both inclusive."""
    first, last = as_date(first), as_date(last)
    return sum((inv.amount for inv in invoices_from(invoices) if first <= inv.date <= last), ZERO)


def sales_last_days(invoices: Iterable[Mapping[str, Any] | Invoice], as_of: date | str, days: int = 90) -> Decimal:
    """CA TTC of the last `days` days: invoice dates from as_of - days + 1 to as_of inclusive."""
    as_of = as_date(as_of)
    return billed_between(invoices, as_of - timedelta(days=days - 1), as_of)


def monthly_billing(
    invoices: Iterable[Mapping[str, Any] | Invoice], as_of: date | str, months: int | None = None
) -> list[tuple[date, int, Decimal]]:
    """`(month start, days counted, billed TTC)` per month, latest first, for the countback DSO.

    The as-of month counts the days from its first day to the as-of date (all its days when the as-of
    date is a month end, REFERENCE §4); earlier months count their calendar days. `months=None` goes
    back to the month of the earliest invoice dated on or before `as_of`.
    """
    as_of = as_date(as_of)
    invoices = [inv for inv in invoices_from(invoices) if inv.date <= as_of]
    if months is None:
        earliest = min((inv.date for inv in invoices), default=as_of)
        months = (as_of.year - earliest.year) * 12 + as_of.month - earliest.month + 1
    result = []
    start, last = as_of.replace(day=1), as_of
    for _ in range(months):
        result.append((start, (last - start).days + 1, billed_between(invoices, start, last)))
        last = start - timedelta(days=1)
        start = last.replace(day=1)
    return result


def _ratio(numerator: Decimal | float, denominator: Decimal | float) -> float | None:
    """numerator / denominator as a float, None when the denominator is not positive."""
    if denominator <= 0:
        return None
    return float(numerator) / float(denominator)


def dso_comptable(open_receivables: Decimal | float, sales_ttc: Decimal | float, days: int = 90) -> float | None:
    """DSO comptable (REFERENCE §4) = open receivables TTC / CA TTC of the last N days x N."""
    ratio = _ratio(open_receivables, sales_ttc)
    return None if ratio is None else ratio * days


def bpdso(current_receivables: Decimal | float, sales_ttc: Decimal | float, days: int = 90) -> float | None:
    """Best possible DSO (REFERENCE §4) = non-échu receivables / CA TTC of the period x days."""
    return dso_comptable(current_receivables, sales_ttc, days)


def add(dso: float | None, best_possible_dso: float | None) -> float | None:
    """ADD, average days delinquent (REFERENCE §4) = DSO - BPDSO, both by the same method."""
    if dso is None or best_possible_dso is None:
        return None
    return dso - best_possible_dso


def dso_countback(
    open_receivables: Decimal | float, billing: Sequence[tuple[date, int, Decimal | float]]
) -> float:
    """DSO par épuisement (REFERENCE §4, pinned).

    `billing` is `(month start, days, billed TTC)` latest first (see `monthly_billing`). Receivables are
    absorbed month after month: a fully absorbed month counts its days, the partially absorbed one
    counts remaining / billed x its days. Raises ValueError if the receivables outlast the history.
    """
    remaining = Decimal(str(open_receivables))
    result = 0.0
    for _, days, billed in billing:
        if remaining <= 0:
            return result
        billed = Decimal(str(billed))
        if remaining >= billed:
            result += days
            remaining -= billed
        else:
            return result + float(remaining / billed) * days
    if remaining > 0:
        raise ValueError("Historique de facturation trop court pour absorber l’encours (DSO par épuisement).")
    return result


def cei(
    opening: Decimal | float, credit_sales: Decimal | float, closing: Decimal | float, closing_current: Decimal | float
) -> float | None:
    """Collection effectiveness index (REFERENCE §4), as a fraction (x 100 for display):
    (opening + credit sales - closing) / (opening + credit sales - closing current receivables)."""
    available = Decimal(str(opening)) + Decimal(str(credit_sales))
    return _ratio(available - Decimal(str(closing)), available - Decimal(str(closing_current)))


def taux_echu(overdue_receivables: Decimal | float, total_receivables: Decimal | float) -> float | None:
    """Taux d'échu (REFERENCE §4) = overdue / total receivables, as a fraction."""
    return _ratio(overdue_receivables, total_receivables)


def roll_rate(previous_bucket: Decimal | float, next_bucket_now: Decimal | float) -> float | None:
    """Roll rate (REFERENCE §4) = balance(b + 1, t) / balance(b, t - 1), as a fraction."""
    return _ratio(next_bucket_now, previous_bucket)


def roll_rates(previous: Mapping[str, Decimal], current: Mapping[str, Decimal]) -> dict[str, float | None]:
    """Roll rates between two aged-balance rows (or totals), keyed "non_echu->1_30", ..., "61_90->plus_90"."""
    return {
        f"{older}->{newer}": roll_rate(previous[older], current[newer]) for older, newer in zip(BUCKETS, BUCKETS[1:])
    }


def paid_invoices(items: OpenItems, customer: str | None = None) -> list[tuple[Invoice, date]]:
    """Fully settled invoices with the date they became settled (input of `dmp` and `dmr`)."""
    result = []
    for invoice in items.invoices:
        settled = items.settled_on(invoice)
        if settled is not None and (customer is None or invoice.customer == customer):
            result.append((invoice, settled))
    return result


def _amount_weighted_mean(values: Iterable[tuple[Decimal, int]]) -> float | None:
    values = list(values)
    weight = sum((amount for amount, _ in values), ZERO)
    if weight <= 0:
        return None
    return float(sum((amount * days for amount, days in values), ZERO) / weight)


def dmp(paid: Iterable[tuple[Invoice, date]]) -> float | None:
    """Délai moyen de paiement (REFERENCE §4, in-house): mean of (settlement date - invoice date)
    in days, weighted by invoice amount TTC, over fully settled invoices."""
    return _amount_weighted_mean((invoice.amount, (paid_on - invoice.date).days) for invoice, paid_on in paid)


def dmr(paid: Iterable[tuple[Invoice, date]]) -> float | None:
    """Délai moyen de retard (REFERENCE §4, in-house): mean of max(0, settlement date - due date)
    in days, weighted by invoice amount TTC, over fully settled invoices."""
    return _amount_weighted_mean(
        (invoice.amount, max(0, (paid_on - invoice.due_date).days)) for invoice, paid_on in paid
    )


def taux_encaissement_flash(
    collected: Decimal | float, overdue_at_month_start: Decimal | float, falling_due_in_month: Decimal | float
) -> float | None:
    """Taux d'encaissement flash (REFERENCE §4, in-house), as a fraction: cash collected since the start
    of the month / (overdue at month start + amounts falling due within the month)."""
    return _ratio(collected, Decimal(str(overdue_at_month_start)) + Decimal(str(falling_due_in_month)))


def poids_des_litiges(disputed_open: Decimal | float, total_open: Decimal | float) -> float | None:
    """Poids des litiges (REFERENCE §4, in-house) = disputed open amount / total open, as a fraction."""
    return _ratio(disputed_open, total_open)


@dataclass(frozen=True)
class CollectionPriority:
    """A customer's dunning priority (in-house rule, see `collection_priorities`)."""

    customer: str
    overdue: Mapping[str, Decimal]  # undisputed overdue amount by bucket, net of unallocated credits
    weighted: Decimal  # sum of bucket amount x age weight
    risk_weight: Decimal
    score: Decimal  # weighted x risk_weight


def collection_priorities(
    invoices: Iterable[Mapping[str, Any] | Invoice],
    payments: Iterable[Mapping[str, Any] | Settlement],
    credit_notes: Iterable[Mapping[str, Any] | Settlement],
    as_of: date | str,
    disputed: Iterable[str],
    risk_weights: Mapping[str, Decimal | float],
    age_weights: Mapping[str, Decimal | float],
) -> list[CollectionPriority]:
    """Dunning priority of the customers (*In-house* rule, REFERENCE §7 "highest amount x risk first").

    Per customer: the open amount of its overdue undisputed invoices by aged-balance bucket (disputed ones go
    to the dispute process, not to dunning); its unallocated payments and credit notes are imputed on the
    oldest buckets first (C. civ. 1342-10: on the oldest debts due); score = sum of bucket x
    `age_weights[bucket]`, times `risk_weights[customer]`. Customers with a positive score, highest first
    (ties by customer id).
    """
    as_of = as_date(as_of)
    disputed = {str(invoice_id) for invoice_id in disputed}
    items = open_items(invoices, payments, credit_notes, as_of)
    overdue_by_customer: dict[str, dict[str, Decimal]] = {}
    for invoice in items.invoices:
        name = bucket(days_past_due(invoice.due_date, as_of))
        if name == "non_echu" or invoice.id in disputed:
            continue
        row = overdue_by_customer.setdefault(invoice.customer, {b: ZERO for b in OVERDUE_BUCKETS})
        row[name] += items.open_amount(invoice)
    result = []
    for customer, row in overdue_by_customer.items():
        credit = items.unallocated_total(customer)
        for name in reversed(OVERDUE_BUCKETS):
            imputed = min(credit, row[name])
            row[name] -= imputed
            credit -= imputed
        weighted = sum((row[name] * as_decimal(age_weights[name]) for name in OVERDUE_BUCKETS), ZERO)
        risk_weight = as_decimal(risk_weights[customer])
        if weighted > 0:
            result.append(CollectionPriority(customer, row, weighted, risk_weight, weighted * risk_weight))
    return sorted(result, key=lambda priority: (-priority.score, priority.customer))

"""French recovery and insolvency law as computations (REFERENCE §5 and §6).

Pure domain code: no Flask, no database. Dates are `datetime.date` (ISO strings accepted where a
ledger document is read); money is `Decimal`, rounded to the cent only where REFERENCE says so
(penalties: per invoice, at the end, ROUND_HALF_UP); rates are fractions (0.1215 for 12.15 %).

Every deadline follows CPC 641 (a period in months ends on the same day number, or the month's last
day) and CPC 642 (a deadline falling on a Saturday, Sunday or public holiday moves to the next working
day). Which days are public holidays depends on where the act is to be done: the calendar functions
(`public_holidays`, `is_working_day`, `next_working_day`) and the deadlines built on them take the
`departement` code of that place. Without one, or outside Alsace-Moselle, the holidays are the 11 national
ones (C. trav. L3133-1); in the Moselle (57), the Bas-Rhin (67) and the Haut-Rhin (68), Good Friday and
26 December are holidays too (C. trav. L3134-13; Good Friday taken as a holiday of the whole three
départements, see `public_holidays`). `non_working_reason` says in French why a day is not worked, for
feedback that explains a moved deadline.
"""

from __future__ import annotations

import calendar
import csv
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import ROUND_HALF_UP, Decimal
from functools import cache
from pathlib import Path
from types import MappingProxyType
from typing import Any

from core.frenchnum import format_date
from simulator.ledger import (
    Invoice,
    Settlement,
    allocate,
    as_date,
    as_decimal,
    invoices_from,
    open_items,
    settlements_from,
)

RATES_DIR = Path(__file__).resolve().parent.parent / "cases" / "rates"
CENT = Decimal("0.01")
ZERO = Decimal("0")
PENALTY_MARGIN = Decimal("0.10")
RECOVERY_INDEMNITY = Decimal("40")
DAYS_PER_YEAR = 365
PAYMENT_TERM_MODES = ("60_jours", "45_jours_fin_de_mois")

RateChanges = Sequence[tuple[date, Decimal]]
RateSource = Callable[[date], Decimal] | Sequence[Mapping[str, Any]] | None


# --- Rates -------------------------------------------------------------------------------------------


def _percent_rows(filename: str) -> list[dict[str, str]]:
    with open(RATES_DIR / filename, newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


@cache
def _ecb_changes() -> tuple[tuple[date, Decimal], ...]:
    rows = _percent_rows("ecb_mro.csv")
    return tuple(sorted((date.fromisoformat(r["value_date"]), Decimal(r["rate_percent"]) / 100) for r in rows))


def ecb_rate_changes() -> list[tuple[date, Decimal]]:
    """ECB main refinancing rate changes `(value date, rate as a fraction)`, oldest first, from
    `cases/rates/ecb_mro.csv` (REFERENCE §5)."""
    return list(_ecb_changes())


def ecb_rate_on(day: date, changes: RateChanges | None = None) -> Decimal:
    """ECB main refinancing rate in force on `day`: the last change with a value date on or before it.

    `changes` defaults to the shipped table; a case may pass its own. Raises ValueError before the first.
    """
    table = _ecb_changes() if changes is None else changes
    in_force = max(((value_date, rate) for value_date, rate in table if value_date <= day), default=None)
    if in_force is None:
        raise ValueError(f"Taux BCE inconnu au {day.isoformat()}.")
    return in_force[1]


def half_year(day: date) -> tuple[date, date]:
    """First and last day of the half-year (1 Jan-30 Jun or 1 Jul-31 Dec) containing `day`."""
    if day.month <= 6:
        return date(day.year, 1, 1), date(day.year, 6, 30)
    return date(day.year, 7, 1), date(day.year, 12, 31)


def default_penalty_rate(day: date, changes: RateChanges | None = None) -> Decimal:
    """Default late-payment penalty rate for `day` (C. com. L441-10): the ECB main refinancing rate in
    force on 1 January (days of January-June) or 1 July (July-December), plus 10 points."""
    return ecb_rate_on(half_year(day)[0], changes) + PENALTY_MARGIN


def penalty_rate_table(start_year: int, end_year: int, changes: RateChanges | None = None) -> list[dict[str, Any]]:
    """Half-yearly default penalty rates `[{"start", "end", "rate"}]` for the years given (inclusive),
    as a case states them (L441-10)."""
    table = []
    for year in range(start_year, end_year + 1):
        for first in (date(year, 1, 1), date(year, 7, 1)):
            start, end = half_year(first)
            table.append({"start": start, "end": end, "rate": default_penalty_rate(start, changes)})
    return table


def rate_lookup(rates: RateSource = None) -> Callable[[date], Decimal]:
    """A `day -> annual rate` function from what a case gives.

    `None`: the default L441-10 rate from the shipped ECB table; a callable: used as is; a table of
    `{"start", "end", "rate"}` rows (dates or ISO strings, rate as a fraction): the row containing the
    day, ValueError for a day no row covers.
    """
    if rates is None:
        return default_penalty_rate
    if callable(rates):
        return rates
    rows = [(as_date(row["start"]), as_date(row["end"]), as_decimal(row["rate"])) for row in rates]

    def from_table(day: date) -> Decimal:
        for start, end, rate in rows:
            if start <= day <= end:
                return rate
        raise ValueError(f"Aucun taux de pénalité pour le {day.isoformat()}.")

    return from_table


@cache
def _legal_rates() -> tuple[tuple[date, date, Decimal, Decimal], ...]:
    return tuple(
        (
            date.fromisoformat(row["start"]),
            date.fromisoformat(row["end"]),
            Decimal(row["individuals_percent"]) / 100,
            Decimal(row["others_percent"]) / 100,
        )
        for row in _percent_rows("taux_interet_legal.csv")
    )


def legal_interest_rate(day: date, *, individual_creditor: bool = False) -> Decimal:
    """Taux de l'intérêt légal for `day` (C. mon. fin. L313-2), as a fraction: the rate for creditors
    other than individuals unless `individual_creditor` (a person not acting for professional needs).
    Raises ValueError for a half-year not in `cases/rates/taux_interet_legal.csv`."""
    for start, end, individuals, others in _legal_rates():
        if start <= day <= end:
            return individuals if individual_creditor else others
    raise ValueError(f"Taux de l’intérêt légal inconnu au {day.isoformat()}.")


def minimum_contractual_rate(legal_rate: Decimal) -> Decimal:
    """Lowest penalty rate a contract may set (C. com. L441-10): 3 x the taux d'intérêt légal."""
    return 3 * as_decimal(legal_rate)


# --- Late penalties and indemnity ----------------------------------------------------------------------


def late_penalty(
    amount: Decimal | float | str,
    due_date: date | str,
    end_date: date | str,
    payments: Iterable[tuple[date | str, Decimal | float | str]] = (),
    rates: RateSource = None,
) -> Decimal:
    """Late-payment penalty on one invoice (C. com. L441-10), REFERENCE §5 pinned computation.

    Sum over each late day, from the day after `due_date` to `end_date` (payment or as-of date)
    inclusive, of (amount still open that day x annual rate of the day's half-year / 365). A payment
    `(date, amount)` made on day P still counts day P at the old open amount and lowers the base from
    P + 1. Rounded to the cent at the end, ROUND_HALF_UP. `rates`: see `rate_lookup`.
    """
    # sum of open amount x annual rate over the days; divided by 365 once, at the end
    weighted = sum((p.base * p.rate * p.days for p in penalty_periods(amount, due_date, end_date, payments, rates)),
                   ZERO)
    return (weighted / DAYS_PER_YEAR).quantize(CENT, rounding=ROUND_HALF_UP)


def recovery_indemnity(
    paid_late: bool = True, *, professional_debtor: bool = True, payment_barred: bool = False
) -> Decimal:
    """Indemnité forfaitaire pour frais de recouvrement (C. com. L441-10, D441-5): 40 € per invoice
    a professional debtor pays late; 0 when a procédure collective forbids paying the invoice at its
    due date (L622-7)."""
    if paid_late and professional_debtor and not payment_barred:
        return RECOVERY_INDEMNITY
    return ZERO


@dataclass(frozen=True)
class LateCharges:
    """Penalty and recovery indemnity owed on one invoice."""

    penalty: Decimal
    indemnity: Decimal


def _open_after_due_date(invoice: Invoice, applied: Sequence[tuple[date, Decimal]]) -> Decimal:
    return invoice.amount - sum((value for day, value in applied if day <= invoice.due_date), ZERO)


def late_payment_charges(
    invoices: Iterable[Mapping[str, Any] | Invoice],
    payments: Iterable[Mapping[str, Any] | Settlement],
    credit_notes: Iterable[Mapping[str, Any] | Settlement],
    as_of: date | str,
    rates: RateSource = None,
) -> dict[str, LateCharges]:
    """Penalties and 40 € indemnities (L441-10, D441-5) at `as_of`, per invoice that was not fully
    settled at the end of its due date, due date before `as_of`: still open, or settled late.

    Documents dated after `as_of` are ignored; penalties run to the settlement date or to `as_of`.
    Unallocated payments lower no invoice's base. All debtors are taken as professionals.
    """
    as_of = as_date(as_of)
    items = open_items(invoices, payments, credit_notes, as_of)
    rate_on = rate_lookup(rates)
    charges = {}
    for invoice in items.invoices:
        applied = items.applied.get(invoice.id, ())
        if invoice.due_date < as_of and _open_after_due_date(invoice, applied) > 0:
            penalty = late_penalty(invoice.amount, invoice.due_date, as_of, applied, rate_on)
            charges[invoice.id] = LateCharges(penalty, recovery_indemnity(paid_late=True))
    return charges


# --- Payment terms -------------------------------------------------------------------------------------


def max_payment_due_date(invoice_date: date, mode: str) -> date:
    """Latest due date the law allows (C. com. L441-10 I).

    `"60_jours"`: invoice date + 60 days. `"45_jours_fin_de_mois"` (only if agreed in the contract):
    pinned here as invoice date + 45 days, then the end of that month (10 January -> 24 February ->
    28 February). The other reading the DGCCRF accepts, end of the invoice's month + 45 days
    (10 January -> 31 January -> 17 March), is taught in the course but not computed here.
    """
    if mode == "60_jours":
        return invoice_date + timedelta(days=60)
    if mode == "45_jours_fin_de_mois":
        day = invoice_date + timedelta(days=45)
        return day.replace(day=calendar.monthrange(day.year, day.month)[1])
    raise ValueError(f"Mode de délai inconnu : {mode!r} (attendu : {', '.join(PAYMENT_TERM_MODES)}).")


def default_due_date(delivery_date: date) -> date:
    """Due date when nothing is agreed (C. com. L441-10 I): 30 days after receipt of the goods or
    performance of the service."""
    return delivery_date + timedelta(days=30)


# --- Calendar: CPC 641 and 642 -------------------------------------------------------------------------


def add_months(day: date, months: int) -> date:
    """`day` moved by `months` months (CPC 641): same day number in the final month, or that month's
    last day when it has no such day (31 January + 1 month = 28 or 29 February)."""
    month_index = day.year * 12 + day.month - 1 + months
    year, month = divmod(month_index, 12)
    month += 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def easter_sunday(year: int) -> date:
    """Gregorian Easter Sunday (anonymous Gregorian algorithm, Meeus/Jones/Butcher)."""
    a, b, c = year % 19, year // 100, year % 100
    d, e = divmod(b, 4)
    g = (8 * b + 13) // 25
    h = (19 * a + b - d - g + 15) % 30
    i, k = divmod(c, 4)
    l = (32 + 2 * e + 2 * i - h - k) % 7  # noqa: E741 - the algorithm's own name
    m = (a + 11 * h + 22 * l) // 451
    month, day = divmod(h + l - 7 * m + 114, 31)
    return date(year, month, day + 1)


# The public holidays: the 11 national ones (C. trav. L3133-1) and the two that only the Moselle, the Bas-Rhin
# and the Haut-Rhin add (C. trav. L3134-13). Each with its French name, article included, as feedback says it
# after « le 03/04/2026 est ». Movable ones are days from Easter Sunday.
_NATIONAL_FIXED = {(1, 1): "le jour de l’An", (5, 1): "la fête du Travail", (5, 8): "le 8\u00a0Mai",
                   (7, 14): "la Fête nationale", (8, 15): "l’Assomption", (11, 1): "la Toussaint",
                   (11, 11): "le 11\u00a0Novembre", (12, 25): "Noël"}
_NATIONAL_MOVABLE = {1: "le lundi de Pâques", 39: "l’Ascension", 50: "le lundi de Pentecôte"}
_LOCAL_FIXED = {(12, 26): "la Saint-Étienne"}
_LOCAL_MOVABLE = {-2: "le Vendredi saint"}
ALSACE_MOSELLE = frozenset({"57", "67", "68"})  # Moselle, Bas-Rhin, Haut-Rhin
LOCAL_HOLIDAYS_RULE = "C. trav. L. 3134-13"
_LOCAL_HOLIDAY_PLACE = "en Moselle, dans le Bas-Rhin et le Haut-Rhin"
_WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")


def has_local_holidays(departement: str | None) -> bool:
    """Whether the département (code, "57") keeps the Alsace-Moselle holidays: Good Friday and 26 December."""
    return departement in ALSACE_MOSELLE


@cache
def _holidays(year: int, local: bool) -> Mapping[date, str]:
    easter = easter_sunday(year)
    fixed, movable = dict(_NATIONAL_FIXED), dict(_NATIONAL_MOVABLE)
    if local:
        fixed |= _LOCAL_FIXED
        movable |= _LOCAL_MOVABLE
    days = {date(year, month, day): name for (month, day), name in fixed.items()}
    days |= {easter + timedelta(days=offset): name for offset, name in movable.items()}
    return MappingProxyType(dict(sorted(days.items())))


def public_holidays(year: int, departement: str | None = None) -> dict[date, str]:
    """The public holidays of `year` where an act is done, each with its French name (« le lundi de Pâques »).

    `departement` is the code of the place ("67"); None or any département outside Alsace-Moselle gives the 11
    national holidays (C. trav. L3133-1). The Moselle (57), the Bas-Rhin (67) and the Haut-Rhin (68) add Good
    Friday and 26 December (C. trav. L3134-13). The code makes Good Friday a holiday only "in the communes that
    have a Protestant church or a mixed one"; it is taken here, as the courts of the three départements and
    practice do, as a holiday of the whole three départements.
    """
    return dict(_holidays(year, has_local_holidays(departement)))


def french_public_holidays(year: int) -> set[date]:
    """The 11 national public holidays (C. trav. L3133-1): 1 January, Easter Monday, 1 May, 8 May,
    Ascension, Whit Monday, 14 July, 15 August, 1 November, 11 November, 25 December."""
    return set(_holidays(year, False))


def holiday_name(day: date, departement: str | None = None) -> str | None:
    """The public holiday `day` is where an act is done (« la Toussaint »), or None."""
    return _holidays(day.year, has_local_holidays(departement)).get(day)


def is_working_day(day: date, departement: str | None = None) -> bool:
    """Neither a Saturday, a Sunday nor a public holiday of the département (national ones without it)."""
    return day.weekday() < 5 and holiday_name(day, departement) is None


def next_working_day(day: date, departement: str | None = None) -> date:
    """`day` itself if it is a working day of the département, else the next one (CPC 642: a deadline
    expiring on a Saturday, Sunday or public holiday is extended to the first working day after it)."""
    while not is_working_day(day, departement):
        day += timedelta(days=1)
    return day


def non_working_reason(day: date, departement: str | None = None) -> str | None:
    """Why `day` is not a working day of the département, in French words that follow « le 03/04/2026 est »:
    « le Vendredi saint, jour férié en Moselle, dans le Bas-Rhin et le Haut-Rhin (C. trav. L. 3134-13) »,
    « la Toussaint, jour férié », « un samedi »; None for a working day. A holiday wins over the weekend."""
    name = holiday_name(day, departement)
    if name is not None:
        if day in _holidays(day.year, False):
            return f"{name}, jour férié"
        return f"{name}, jour férié {_LOCAL_HOLIDAY_PLACE} ({LOCAL_HOLIDAYS_RULE})"
    if day.weekday() >= 5:
        return f"un {_WEEKDAYS[day.weekday()]}"
    return None


def skipped_days(day: date, departement: str | None = None) -> list[tuple[date, str]]:
    """The days CPC 642 passes over from `day` to the next working day of the département, each with its
    `non_working_reason`; empty when `day` is worked."""
    skipped = []
    while (reason := non_working_reason(day, departement)) is not None:
        skipped.append((day, reason))
        day += timedelta(days=1)
    return skipped


def skipped_days_text(day: date, departement: str | None = None) -> str:
    """Why a deadline ending on `day` moves, in French: the first day passed over and every later holiday
    (a weekend after the first day goes without saying): « le 25/12/2025 est Noël, jour férié, et le
    26/12/2025 la Saint-Étienne, jour férié en Moselle, dans le Bas-Rhin et le Haut-Rhin (C. trav.
    L. 3134-13) »; "" when `day` is worked."""
    skipped = skipped_days(day, departement)
    if not skipped:
        return ""
    first, *later = skipped
    parts = [f"le {format_date(first[0])} est {first[1]}"]
    parts += [f"le {format_date(other)} {reason}" for other, reason in later if holiday_name(other, departement)]
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + ", et " + parts[-1]


def period_deadline(start: date, months: int, departement: str | None = None) -> date:
    """Last day of a period of `months` months running from `start` (CPC 641, then 642 with the holidays of
    the département where the act is to be done)."""
    return next_working_day(add_months(start, months), departement)


def declaration_deadline(publication_date: date, creditor_abroad: bool = False,
                         departement: str | None = None) -> date:
    """Deadline to declare a claim (C. com. R622-24): 2 months from the BODACC publication of the
    opening judgment, 4 (2 + 2) for a creditor not domiciled in metropolitan France. The 4 months
    run as one period from the publication. `departement`: the debtor's seat, where the court and its
    mandataire judiciaire receive the declaration."""
    return period_deadline(publication_date, 4 if creditor_abroad else 2, departement)


def revendication_deadline(publication_date: date, departement: str | None = None) -> date:
    """Deadline to claim back goods sold under reservation of title (C. com. L624-9): 3 months from
    the BODACC publication of the opening judgment. `departement`: the debtor's seat (its administrator or
    liquidator receives the claim)."""
    return period_deadline(publication_date, 3, departement)


def releve_forclusion_deadline(publication_date: date, departement: str | None = None) -> date:
    """Deadline for a relevé de forclusion (C. com. L622-26): 6 months from the publication of the
    opening judgment (1 year, not computed here, for a creditor who could not know of its claim).
    `departement`: the debtor's seat, where the juge-commissaire sits."""
    return period_deadline(publication_date, 6, departement)


def injonction_service_deadline(ordonnance_date: date, departement: str | None = None) -> date:
    """Last day to serve an ordonnance d'injonction de payer (CPC 1411): 6 months from its date,
    after which it lapses (non avenue). `departement`: the debtor's, where the commissaire de justice
    serves it."""
    return period_deadline(ordonnance_date, 6, departement)


def opposition_deadline(service_date: date, departement: str | None = None) -> date:
    """Last day for the debtor to oppose an injonction de payer (CPC 1416): 1 month from service
    (the CPC 643-644 extensions for debtors overseas or abroad are not computed here). `departement`: the
    debtor's seat, whose court issued the ordonnance and receives the opposition (CPC 1406, 1417)."""
    return period_deadline(service_date, 1, departement)


def prescription_date(due_date: date) -> date:
    """First day on which a commercial claim is time-barred (C. com. L110-4: 5 years).

    Convention: the period runs from the due date (C. civ. 2224: when the creditor could act), is
    counted in days without the starting day and ends on the same day number 5 years later (C. civ.
    2228-2229, as CPC 641); the claim is barred from the next day. No CPC 642 extension: that rule is
    for procedural deadlines. Due 15 March 2020 -> last day 15 March 2025 -> barred from 16 March 2025.
    """
    return add_months(due_date, 60) + timedelta(days=1)


# --- Insolvency --------------------------------------------------------------------------------------


def present_value(
    cashflows: Iterable[tuple[int, Decimal | float | str]], annual_rate: Decimal | float | str
) -> Decimal:
    """Present value of a plan d'apurement (REFERENCE §6, pinned annual discounting): sum of
    amount / (1 + rate) ** year over `(year, amount)` pairs, year 0 = today. Not rounded."""
    factor = 1 + as_decimal(annual_rate)
    return sum((as_decimal(amount) / factor**year for year, amount in cashflows), ZERO)


@dataclass(frozen=True)
class ClaimLine:
    """One invoice in a déclaration de créances (`status` "echue" or "a_echoir")."""

    invoice: str
    status: str
    due_date: date
    principal: Decimal
    penalties: Decimal
    indemnity: Decimal

    @property
    def total(self) -> Decimal:
        return self.principal + self.penalties + self.indemnity


@dataclass(frozen=True)
class ClaimStatement:
    """What a creditor declares (CONTRACT `insolvency-claim` solution, money as Decimal)."""

    lines: tuple[ClaimLine, ...]
    excluded: tuple[str, ...]
    set_off: Decimal
    payments_on_account: Decimal
    total_declared: Decimal


def claim_lines(
    invoices: Iterable[Mapping[str, Any] | Invoice],
    payments: Iterable[Mapping[str, Any] | Settlement],
    credit_notes: Iterable[Mapping[str, Any] | Settlement],
    judgment_date: date | str,
    rates: RateSource = None,
) -> ClaimStatement:
    """The déclaration de créances of REFERENCE §6 "What to declare" (pinned).

    The judgment takes effect at 0 h on its date. Claims born strictly before it (delivery date, else
    invoice date) are declared if open: *échues* (due date before the judgment date) with penalties
    from the day after the due date to the day before the judgment (L622-28) and the 40 € indemnity;
    *à échoir* (due on or after it) with neither (payment is barred at their due date, L622-7).
    Claims born on or after the judgment date are `excluded` (L622-17). Only payments and credit notes
    dated before the judgment date count. Unallocated credit notes are set off (connected claims,
    L622-7) and unallocated payments deducted as `payments_on_account`; the total is never negative.
    Invoices fully settled before the judgment are not listed.
    """
    judgment_date = as_date(judgment_date)
    last_day = judgment_date - timedelta(days=1)
    all_invoices = invoices_from(invoices)
    settlements = [s for s in settlements_from(payments, credit_notes) if s.date < judgment_date]
    items = allocate(all_invoices, settlements)
    rate_on = rate_lookup(rates)
    born = sorted((inv for inv in all_invoices if inv.born_on < judgment_date), key=lambda inv: (inv.due_date, inv.id))
    lines = []
    for invoice in born:
        principal = items.open_amount(invoice)
        if principal <= 0:
            continue
        echue = invoice.due_date < judgment_date
        applied = items.applied.get(invoice.id, ())
        penalties = late_penalty(invoice.amount, invoice.due_date, last_day, applied, rate_on) if echue else ZERO
        lines.append(
            ClaimLine(
                invoice=invoice.id,
                status="echue" if echue else "a_echoir",
                due_date=invoice.due_date,
                principal=principal,
                penalties=penalties,
                indemnity=recovery_indemnity(paid_late=True, payment_barred=not echue),
            )
        )
    set_off = items.unallocated_total(kind="credit_note")
    on_account = items.unallocated_total(kind="payment")
    total = sum((line.total for line in lines), ZERO) - set_off - on_account
    return ClaimStatement(
        lines=tuple(lines),
        excluded=tuple(sorted(inv.id for inv in all_invoices if inv.born_on >= judgment_date)),
        set_off=set_off,
        payments_on_account=on_account,
        total_declared=max(total, ZERO),
    )


# --- Litigation ----------------------------------------------------------------------------------------

FORMAL_NOTICE_DAYS = 8  # the course's deadline in a mise en demeure (module 11), not a legal period
PETITES_CREANCES_CEILING = Decimal("5000")


def formal_notice_deadline(letter_date: date) -> date:
    """Last day to pay that a mise en demeure sets (C. civ. 1344): the letter's date + 8 days, the course's
    convention. A date the creditor chooses, not a procedural period: no CPC 642 extension."""
    return letter_date + timedelta(days=FORMAL_NOTICE_DAYS)


def injonction_enforceable_from(service_date: date, departement: str | None = None) -> date:
    """First day an unopposed ordonnance d'injonction de payer can be enforced: the day after the opposition
    deadline (`opposition_deadline`, with the debtor's `departement`). Since 1 March 2022 the ordonnance is
    delivered already bearing the formule exécutoire (CPC 1410, décret 2021-1322) and the opposition period
    suspends its execution (CPC 1422); the creditor no longer asks for the formule (former CPC 1423, repealed)."""
    return opposition_deadline(service_date, departement) + timedelta(days=1)


def petites_creances_eligible(amount: Decimal | float | str) -> bool:
    """Whether a contractual claim fits the procédure simplifiée de recouvrement des petites créances by a
    commissaire de justice (CPCE L125-1, R125-1): at most 5 000 € in principal and interest. The debtor's
    agreement, the procedure's other condition, is a fact of the case."""
    return ZERO < as_decimal(amount) <= PETITES_CREANCES_CEILING


# --- Late penalties broken down (feedback) ---------------------------------------------------------------


@dataclass(frozen=True)
class PenaltyPeriod:
    """Consecutive late days with the same open amount and the same annual rate."""

    first: date
    last: date
    base: Decimal
    rate: Decimal

    @property
    def days(self) -> int:
        return (self.last - self.first).days + 1

    @property
    def amount(self) -> Decimal:
        """base x rate x days / 365, not rounded."""
        return self.base * self.rate * self.days / DAYS_PER_YEAR


def penalty_periods(
    amount: Decimal | float | str,
    due_date: date | str,
    end_date: date | str,
    payments: Iterable[tuple[date | str, Decimal | float | str]] = (),
    rates: RateSource = None,
) -> list[PenaltyPeriod]:
    """The days `late_penalty` counts (from the day after `due_date` to `end_date`, each at the amount still
    open that day), grouped into periods of constant open amount and rate, so that a feedback can show
    "base x rate x days / 365" per period; `late_penalty` is their sum, rounded to the cent."""
    amount, due_date, end_date = as_decimal(amount), as_date(due_date), as_date(end_date)
    rate_on = rate_lookup(rates)
    paid = sorted((as_date(day), as_decimal(value)) for day, value in payments)
    periods: list[PenaltyPeriod] = []
    day, index, base = due_date + timedelta(days=1), 0, amount
    while day <= end_date:
        while index < len(paid) and paid[index][0] < day:
            base -= paid[index][1]
            index += 1
        if base <= 0:
            break
        rate = rate_on(day)
        last = periods[-1] if periods else None
        if last is not None and last.base == base and last.rate == rate and last.last == day - timedelta(days=1):
            periods[-1] = PenaltyPeriod(last.first, day, base, rate)
        else:
            periods.append(PenaltyPeriod(day, day, base, rate))
        day += timedelta(days=1)
    return periods

"""Exercise kind `aged-balance`: the aged balance and receivables KPIs of a customer ledger (REFERENCE §4-5).

The case is a supplier's customer ledger at a month end (cases.ledgers): invoices, payments (some partial, some
without a reference), credit notes, disputed invoices. The trainee builds the aged balance per customer
(pinned buckets, unallocated credits on their own line), computes the DSO comptable and par épuisement, the
BPDSO, the ADD and the taux d'échu, the late penalties and the 40 € indemnities per late invoice (L441-10,
D441-5), and ranks the customers to dun.

Priority rule: the course's score (module 08, *In-house*, simulator.priorities), overdue amount outside
disputes x risk-class coefficient. ADD = DSO comptable - BPDSO (both by the comptable method).

Levels: `facile` has three customers, one invoice a month each, no partial or unreferenced payment; `standard`
five customers, partial payments, an unreferenced payment and a ristourne; `difficile` seven customers, more of
each, documents dated after the as-of date (to leave out) and a DSO period of 60 or 90 days.
Every figure comes from `simulator.ledger` and `simulator.law`; this module chooses, explains and grades.
"""

from __future__ import annotations

import json
import random
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from functools import cache, lru_cache
from typing import Any

from cases.ledgers import LedgerSpec, draw_ledger
from cases.narrative import after_de, typographie
from core.frenchnum import format_date
from simulator import law, ledger
from simulator.fields import check_answers, form_field
from simulator.grading import Grade, answer_at, format_value, grade_number, grade_ranking, ranking_error
from simulator.priorities import RISK_WEIGHTS, collection_priorities, priorities_explanation
from simulator.registry import check_level, register

BUCKET_LABELS = {"non_echu": "Non échu", "1_30": "Échu de 1 à 30 jours", "31_60": "Échu de 31 à 60 jours",
                 "61_90": "Échu de 61 à 90 jours", "plus_90": "Échu depuis plus de 90 jours"}
ROW_KEYS = (*ledger.BUCKETS, "non_affecte", "total")
_MONTHS = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
           "novembre", "décembre")
KPIS = ("dso_comptable", "dso_epuisement", "bpdso", "add", "taux_echu")

CELL_POINTS = 0.5
KPI_POINTS = 2.0
PENALTY_POINTS = 1.0
INDEMNITY_POINTS = 0.5
PRIORITY_POINTS = 3.0
AMOUNT_TOLERANCE = 1.0  # euros, on aged-balance amounts
PENALTY_TOLERANCE = 0.05  # euros: rounding each period instead of the total costs a few cents
DAYS_TOLERANCE = 1.0
RATE_TOLERANCE = 0.005  # half a point of taux d'échu

_LEVELS: dict[str, LedgerSpec] = {
    "facile": LedgerSpec(customers=3, invoices_per_month=(1,), partial_share=0.0, credit_notes=1, disputes=1),
    "standard": LedgerSpec(customers=5, partial_share=0.1, credit_notes=1, unallocated_credit_notes=1,
                           unallocated_payments=1, disputes=1),
    "difficile": LedgerSpec(customers=7, invoices_per_month=(1, 2), partial_share=0.15, credit_notes=2,
                            unallocated_credit_notes=1, unallocated_payments=2, disputes=2, after_as_of=True),
}


def _eur(value: Decimal | float, decimals: int = 2) -> str:
    return format_value(float(value), "€", decimals)


def _day(value: date | str) -> str:
    return format_date(ledger.as_date(value))


def _days(count: int) -> str:
    return f"{count} jour{'s' if abs(count) > 1 else ''}"


def _rate(value: Decimal | float) -> str:
    return format_value(float(value), "%", 2)


# --- the computations a case calls for ---------------------------------------------------------------------

@dataclass(frozen=True)
class _Assessment:
    """Every expected figure, computed once from a case with simulator.ledger and simulator.law."""

    as_of: date
    items: ledger.OpenItems
    balance: dict[str, dict[str, Any]]
    totals: dict[str, Decimal]
    sales: Decimal
    billing: list[tuple[date, int, Decimal]]
    dso: float | None
    countback: float
    bpdso: float | None
    add: float | None
    taux_echu: float | None
    rate_on: Callable[[date], Decimal]
    charges: dict[str, law.LateCharges]
    priorities: list[ledger.CollectionPriority]

    @classmethod
    def of(cls, case: Mapping[str, Any]) -> _Assessment:
        as_of = ledger.as_date(case["as_of"])
        invoices = ledger.invoices_from(case["invoices"])  # parsed once, passed through by every function
        settlements = ledger.settlements_from(case["payments"], case["credit_notes"])
        documents = (invoices, settlements, (), as_of)
        balance = ledger.aged_balance(*documents, case["disputed"])
        totals = ledger.balance_totals(balance)
        receivables = totals["total"]
        sales = ledger.sales_last_days(invoices, as_of, case["dso_days"])
        billing = ledger.monthly_billing(invoices, as_of)
        dso = ledger.dso_comptable(receivables, sales, case["dso_days"])
        best = ledger.bpdso(totals["non_echu"], sales, case["dso_days"])
        rate_on = cache(law.rate_lookup(case["penalty_rates"]))  # one table lookup per day, not per invoice
        return cls(
            as_of=as_of,
            items=ledger.open_items(*documents),
            balance=balance,
            totals=totals,
            sales=sales,
            billing=billing,
            dso=dso,
            countback=ledger.dso_countback(receivables, billing),
            bpdso=best,
            add=ledger.add(dso, best),
            taux_echu=ledger.taux_echu(ledger.overdue(totals), receivables),
            rate_on=rate_on,
            charges=law.late_payment_charges(*documents, rates=rate_on),
            priorities=collection_priorities(case, invoices, settlements),
        )


# --- generation ----------------------------------------------------------------------------------------------

def _narrative(case: Mapping[str, Any]) -> str:
    supplier = case["company"]
    as_of = ledger.as_date(case["as_of"])
    later = [doc["id"] for doc in (*case["invoices"], *case["payments"]) if ledger.as_date(doc["date"]) > as_of]
    text = (
        f"Vous êtes credit manager {after_de(supplier['name'])} ({supplier['naf_label'].lower()}, {supplier['city']}). "
        f"Vous arrêtez le poste clients au {format_date(as_of, 'long')} : l’extrait du grand livre clients "
        f"ci-dessous reprend, pour chacun des {len(case['customers'])} clients, les factures TTC des six derniers "
        f"mois, les règlements reçus et les avoirs émis. Les factures contestées par le client sont signalées."
        f"\n\nÉtablissez la balance âgée par client (tranches selon le nombre de jours de retard à la date "
        f"d’arrêté ; les règlements et avoirs non affectés à une facture figurent sur leur propre ligne, en "
        f"négatif), puis les indicateurs du poste clients, le DSO comptable étant calculé sur les "
        f"{case['dso_days']} derniers jours de chiffre d’affaires TTC."
        f"\n\nCalculez ensuite les pénalités de retard dues à la date d’arrêté sur chaque facture réglée en "
        f"retard ou échue impayée, au taux légal supplétif (taux BCE + 10 points, semestre par semestre, "
        f"art. L. 441-10 C. com.), et l’indemnité forfaitaire pour frais de recouvrement. Enfin, classez les "
        f"clients à relancer selon la règle de priorité de l’entreprise."
    )
    if later:
        text += (f"\n\nAttention : l’extrait a été édité quelques jours après l’arrêté et contient des pièces "
                 f"datées après le {format_date(as_of)}.")
    return typographie(text)


def _rates(as_of: date, invoices: list[dict[str, Any]]) -> list[dict[str, Any]]:
    first_year = min(ledger.as_date(invoice["due_date"]) for invoice in invoices).year
    return [{"start": row["start"].isoformat(), "end": row["end"].isoformat(), "rate": float(row["rate"])}
            for row in law.penalty_rate_table(first_year, as_of.year)]


class AgedBalance:
    slug = "aged-balance"
    title = "Balance âgée et indicateurs du poste clients"
    module = "13-pilotage"

    # --- cases -------------------------------------------------------------------------------------------
    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """A customer ledger at a month end, with the penalty-rate table and the DSO period."""
        check_level(level)
        rng = random.Random(seed)
        drawn = draw_ledger(rng, _LEVELS[level])
        as_of = ledger.as_date(drawn["as_of"])
        case: dict[str, Any] = {
            "kind": self.slug, "seed": seed, "level": level, **drawn,
            "penalty_rates": _rates(as_of, drawn["invoices"]),
            "dso_days": rng.choice((60, 90)) if level == "difficile" else 90,
            "priority_rule": {"risk_weights": RISK_WEIGHTS},
        }
        case["narrative"] = _narrative(case)
        return case

    def public_case(self, case: dict[str, Any]) -> dict[str, Any]:
        return dict(case)

    # --- model answer --------------------------------------------------------------------------------------
    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        a = _expected(case).assessment
        return {
            "aged_balance": {customer: {key: float(row[key]) for key in ROW_KEYS}
                             for customer, row in a.balance.items()},
            "dso_comptable": a.dso, "dso_epuisement": a.countback, "bpdso": a.bpdso, "add": a.add,
            "taux_echu": a.taux_echu,
            "penalties": {invoice: float(charge.penalty) for invoice, charge in a.charges.items()},
            "indemnities": {invoice: float(charge.indemnity) for invoice, charge in a.charges.items()},
            "priorities": [priority.customer for priority in a.priorities],
        }

    # --- form ------------------------------------------------------------------------------------------------
    def form_fields(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        a = _expected(case).assessment
        names = {customer["id"]: customer["name"] for customer in case["customers"]}
        fields = []
        for customer in a.balance:
            group = f"Balance âgée : {customer} – {names.get(customer, customer)}"
            fields += [form_field(f"aged_balance.{customer}.{key}", BUCKET_LABELS[key], "number", group, unit="€")
                       for key in ledger.BUCKETS]
            fields.append(form_field(f"aged_balance.{customer}.non_affecte", "Règlements et avoirs non affectés (en "
                                     "négatif)", "number", group, unit="€"))
            fields.append(form_field(f"aged_balance.{customer}.total", "Total du client", "number", group, unit="€"))
        kpis = "Indicateurs du poste clients"
        fields += [
            form_field("dso_comptable", f"DSO comptable ({case['dso_days']} jours)", "number", kpis, unit="jours",
                       help="Encours clients TTC / CA TTC de la période × nombre de jours."),
            form_field("dso_epuisement", "DSO par épuisement", "number", kpis, unit="jours",
                       help="Encours épuisé par la facturation des mois, du plus récent au plus ancien."),
            form_field("bpdso", "BPDSO", "number", kpis, unit="jours",
                       help="Encours non échu / CA TTC de la période × jours."),
            form_field("add", "ADD (retard moyen)", "number", kpis, unit="jours", help="DSO comptable − BPDSO."),
            form_field("taux_echu", "Taux d’échu", "percent", kpis, unit="%", help="Encours échu / encours total."),
        ]
        customer_of = {invoice.id: invoice.customer for invoice in a.items.invoices}
        fields += [form_field(f"penalties.{invoice}", f"Facture {invoice} ({customer_of[invoice]})", "number",
                              "Pénalités de retard à la date d’arrêté (art. L. 441-10 C. com.)", unit="€",
                              help="Par facture réglée en retard ou échue impayée : montant restant dû × taux du "
                                   "semestre × jours de retard / 365, arrondi au centime.")
                   for invoice in a.charges]
        fields += [form_field(f"indemnities.{invoice}", f"Facture {invoice} ({customer_of[invoice]})", "number",
                              "Indemnités forfaitaires pour frais de recouvrement (art. D. 441-5 C. com.)", unit="€",
                              help="Montant dû par facture payée en retard.")
                   for invoice in a.charges]
        fields.append(form_field("priorities", "Clients à relancer, du plus urgent au moins urgent", "text",
                                 "Priorités de relance",
                                 help="Codes clients séparés par des virgules (ex. : C03, C01), ou « aucun » s’il "
                                      "n’y a personne à relancer. Règle de l’entreprise : voir l’énoncé."))
        return fields

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        customers = [customer["id"] for customer in case["customers"]]
        return check_answers(self.form_fields(case), submission,
                             checks={"priorities": lambda given: ranking_error(given, customers)})

    # --- grading -------------------------------------------------------------------------------------------
    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        expected = _expected(case)
        items = [grade_number(n.id, n.label, n.value, answer_at(submission, n.id), points=n.points,
                              tolerance_abs=n.tolerance, percent=n.percent, unit=n.unit, decimals=n.decimals,
                              explanation=n.explanation)
                 for n in expected.numbers]
        items.append(grade_ranking("priorities", "Priorités de relance", expected.priorities,
                                   answer_at(submission, "priorities"), points=PRIORITY_POINTS,
                                   explanation=expected.priorities_text))
        return Grade.of(items)


@dataclass(frozen=True)
class _Number:
    """A graded figure: what `grade_number` needs besides the answer."""

    id: str
    label: str
    value: float | None
    points: float
    tolerance: float | None
    explanation: str
    unit: str = "€"
    decimals: int = 2
    percent: bool = False


@dataclass(frozen=True)
class _Expected:
    """Everything the grading of a case needs, answers apart: built once per case content (`_expected`)."""

    assessment: _Assessment
    numbers: tuple[_Number, ...]
    priorities: list[str]
    priorities_text: str

    @classmethod
    def of(cls, case: Mapping[str, Any]) -> _Expected:
        a = _Assessment.of(case)
        explain = _Explanations(case, a)
        numbers = [_Number(f"aged_balance.{customer}.{key}", f"{customer} : {BUCKET_LABELS.get(key, key)}",
                           float(row[key]), CELL_POINTS, AMOUNT_TOLERANCE, explain.cell(customer, key))
                   for customer, row in a.balance.items() for key in ROW_KEYS]
        kpis = {"dso_comptable": ("DSO comptable", a.dso), "dso_epuisement": ("DSO par épuisement", a.countback),
                "bpdso": ("BPDSO", a.bpdso), "add": ("ADD", a.add), "taux_echu": ("Taux d’échu", a.taux_echu)}
        for kpi, (label, value) in kpis.items():
            percent = kpi == "taux_echu"
            numbers.append(_Number(kpi, label, value, KPI_POINTS, RATE_TOLERANCE if percent else DAYS_TOLERANCE,
                                   explain.kpi(kpi), unit="" if percent else "jours", decimals=1, percent=percent))
        numbers += [_Number(f"penalties.{invoice}", f"Pénalités de retard, facture {invoice}", float(charge.penalty),
                            PENALTY_POINTS, PENALTY_TOLERANCE, explain.penalty(invoice))
                    for invoice, charge in a.charges.items()]
        numbers += [_Number(f"indemnities.{invoice}", f"Indemnité forfaitaire, facture {invoice}",
                            float(charge.indemnity), INDEMNITY_POINTS, None, explain.indemnity(invoice), decimals=0)
                    for invoice, charge in a.charges.items()]
        return cls(a, tuple(numbers), [p.customer for p in a.priorities], explain.priorities())


@lru_cache(maxsize=16)
def _expected_of(content: str) -> _Expected:
    return _Expected.of(json.loads(content))


def _expected(case: Mapping[str, Any]) -> _Expected:
    """The expectations of a case, cached by its content: the form, the check and the grading of one page
    (and the contract test's many gradings) share one computation of the penalties and explanations."""
    return _expected_of(json.dumps(case, sort_keys=True, default=str))


class _Explanations:
    """The French feedback of each item: the rule, then the computation with the case's figures."""

    def __init__(self, case: Mapping[str, Any], a: _Assessment) -> None:
        self.case, self.a = case, a
        self.disputed = set(case["disputed"])
        self.invoices = {invoice.id: invoice for invoice in a.items.invoices}
        self.open: dict[str, list[tuple[ledger.Invoice, Decimal, int]]] = {}  # customer -> (invoice, open, late)
        for invoice in sorted(a.items.invoices, key=lambda inv: (inv.due_date, inv.id)):
            amount = a.items.open_amount(invoice)
            if amount != 0:
                late = ledger.days_past_due(invoice.due_date, a.as_of)
                self.open.setdefault(invoice.customer, []).append((invoice, amount, late))

    def _later(self, customer: str) -> str:
        later = [doc["id"] for doc in (*self.case["invoices"], *self.case["payments"], *self.case["credit_notes"])
                 if doc["customer"] == customer and ledger.as_date(doc["date"]) > self.a.as_of]
        if not later:
            return ""
        return (f" Pièce{'s' if len(later) > 1 else ''} postérieure{'s' if len(later) > 1 else ''} à la date "
                f"d’arrêté, hors balance : {', '.join(later)}.")

    def cell(self, customer: str, key: str) -> str:
        row = self.a.balance[customer]
        if key == "total":
            parts = " + ".join(_eur(row[name]) for name in ledger.BUCKETS)
            return (f"Total = non échu + tranches échues + non affecté = {parts} + ({_eur(row['non_affecte'])}) = "
                    f"{_eur(row['total'])}.{self._later(customer)}")
        if key == "non_affecte":
            lines = [f"{s.id} du {_day(s.date)} ({'avoir' if s.kind == 'credit_note' else 'règlement'} "
                     f"{'sur ' + s.invoice + ', excédent' if s.invoice else 'sans référence de facture'} : "
                     f"{_eur(amount)})" for s, amount in self.a.items.unallocated if s.customer == customer]
            if not lines:
                return "Aucun règlement ni avoir non affecté pour ce client."
            return (f"Les règlements et avoirs qui ne désignent aucune facture restent non affectés (à lettrer) et "
                    f"diminuent le total du client : {' ; '.join(lines)}, soit {_eur(row['non_affecte'])}.")
        rule = ("Tranches selon les jours de retard à la date d’arrêté (convention retenue) : non échu si "
                "l’échéance est au plus tôt ce jour-là, puis 1-30, 31-60, 61-90 et plus de 90 jours.")
        members = [(inv, amount, late) for inv, amount, late in self.open.get(customer, [])
                   if ledger.bucket(late) == key]
        if not members:
            return f"{rule} Aucune facture ouverte de {customer} dans cette tranche."
        lines = []
        for invoice, amount, late in members:
            timing = (f"échéance le {_day(invoice.due_date)}, " +
                      (f"{_days(late)} de retard" if late > 0 else "non échue"))
            rest = "" if amount == invoice.amount else f" sur {_eur(invoice.amount)}"
            flag = " ; en litige : elle garde sa tranche et est signalée" if invoice.id in self.disputed else ""
            lines.append(f"{invoice.id} ({timing}, reste dû {_eur(amount)}{rest}{flag})")
        return f"{rule} {' ; '.join(lines)}. Total de la tranche : {_eur(row[key])}."

    def kpi(self, kpi: str) -> str:
        a, n = self.a, self.case["dso_days"]
        receivables, totals = a.totals["total"], a.totals
        first = a.as_of - timedelta(days=n - 1)
        sales = (f"CA TTC des {n} derniers jours (factures du {_day(first)} au {_day(a.as_of)}) = {_eur(a.sales)}")
        if kpi == "dso_comptable":
            return (f"DSO comptable = encours clients / CA TTC de la période × {n}. Encours = total de la balance "
                    f"(non affecté déduit) = {_eur(receivables)} ; {sales} ; DSO = {_eur(receivables)} / "
                    f"{_eur(a.sales)} × {n} = {format_value(a.dso, 'jours', 1)}.")
        if kpi == "bpdso":
            return (f"BPDSO = encours non échu / CA TTC de la période × {n} = {_eur(totals['non_echu'])} / "
                    f"{_eur(a.sales)} × {n} = {format_value(a.bpdso, 'jours', 1)} : le DSO si tous les clients "
                    f"payaient à l’échéance.")
        if kpi == "add":
            return (f"ADD = DSO comptable − BPDSO (même méthode) = {format_value(a.dso, '', 1)} − "
                    f"{format_value(a.bpdso, '', 1)} = {format_value(a.add, 'jours', 1)} de retard moyen.")
        if kpi == "taux_echu":
            overdue = ledger.overdue(totals)
            return (f"Taux d’échu = encours échu (1-30 + 31-60 + 61-90 + plus de 90) / encours total = "
                    f"{_eur(overdue)} / {_eur(receivables)} = {format_value(a.taux_echu, '%', 1)}.")
        return self._countback()

    def _countback(self) -> str:
        remaining, steps = self.a.totals["total"], []
        for start, days, billed in self.a.billing:
            if remaining <= 0:
                break
            month = f"{_MONTHS[start.month - 1]} {start.year}"
            if remaining >= billed:
                steps.append(f"{month} : facturé {_eur(billed)}, entièrement absorbé, {_days(days)}")
                remaining -= billed
            else:
                steps.append(f"{month} : reste {_eur(remaining)} / facturé {_eur(billed)} × {days} = "
                             f"{format_value(float(remaining / billed) * days, 'jours', 1)}")
                remaining = Decimal(0)
        return (f"DSO par épuisement (méthode retenue) : l’encours de {_eur(self.a.totals['total'])} est épuisé par "
                f"la facturation TTC des mois, du plus récent au plus ancien. {' ; '.join(steps)}. DSO = "
                f"{format_value(self.a.countback, 'jours', 1)}.")

    def penalty(self, invoice_id: str) -> str:
        invoice = self.invoices[invoice_id]
        applied = self.a.items.applied.get(invoice_id, ())
        periods = law.penalty_periods(invoice.amount, invoice.due_date, self.a.as_of, applied, self.a.rate_on)
        lines = [f"du {_day(p.first)} au {_day(p.last)} : {_eur(p.base)} × {_rate(p.rate)} × {p.days} / 365 = "
                 f"{_eur(p.amount)}" for p in periods]
        settled = self.a.items.settled_on(invoice)
        end = f"réglée le {_day(settled)}" if settled else f"ouverte au {_day(self.a.as_of)}"
        dispute = (" La contestation n’arrête pas le calcul à la date d’arrêté ; elle se traite par la procédure "
                   "litiges." if invoice_id in self.disputed else "")
        return (f"Art. L. 441-10 C. com. : pénalités dues dès le lendemain de l’échéance, sans rappel, au taux BCE "
                f"+ 10 points du semestre (taux du 1er janvier ou du 1er juillet), sur le montant restant dû chaque "
                f"jour ; un paiement du jour J compte encore ce jour-là. Facture {invoice_id} de "
                f"{_eur(invoice.amount)}, échue le {_day(invoice.due_date)}, {end} : {' ; '.join(lines)}. Total "
                f"arrondi au centime : {_eur(self.a.charges[invoice_id].penalty)}.{dispute}")

    def indemnity(self, invoice_id: str) -> str:
        invoice = self.invoices[invoice_id]
        settled = self.a.items.settled_on(invoice)
        when = (f"réglée le {_day(settled)}, {_days((settled - invoice.due_date).days)} après l’échéance"
                if settled else f"toujours impayée au {_day(self.a.as_of)}")
        return (f"Art. L. 441-10 et D. 441-5 C. com. : indemnité forfaitaire de 40 € par facture payée en retard "
                f"par un professionnel, due de plein droit. Facture {invoice_id}, échue le "
                f"{_day(invoice.due_date)}, {when}.")

    def priorities(self) -> str:
        items = self.a.items
        disputed = sorted(self.disputed & {inv.id for inv in items.invoices if items.open_amount(inv)})
        return priorities_explanation(self.case, self.a.priorities, disputed)


register(AgedBalance())

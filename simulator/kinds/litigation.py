"""Exercise kind `litigation`: take an unpaid claim to the contentieux (module 11, REFERENCE §5).

The case (cases.litigation) is a claim file: our company, the debtor (a commercial company, or a non-merchant),
its invoices, payments, what happened (reminders, a promise, a contest, a mise en demeure or not), today's date,
the half-year penalty rates, and a hypothetical ordonnance d'injonction de payer with its date of service.
The trainee decides whether a mise en demeure must come first, what it states and by when the debtor must pay,
which invoices to claim and how much on today's date, the route and the court, and the deadlines that follow
an ordonnance d'injonction de payer.

Case keys (CONTRACT style: amounts in euros, dates YYYY-MM-DD, rates as fractions): `today`, `creditor`,
`company` (the debtor: name, siren, legal_form, legal_form_name, naf, naf_label, city, departement, status,
managers), `object`, `payment_terms_days`, `invoices` (`id`, `customer`, `date`, `due_date`, `amount`,
`dispute` null or {`raised_on`, `in_writing`, `reserves_at_delivery`, `text`}), `payments` (`id`, `customer`,
`date`, `amount`, `invoice`), `formal_notice` (null or {`date`, `received_on`}), `events` ([{`date`, `text`}]),
`injonction` ({`ordonnance_date`, `service_date`}), `penalty_rates` ([{`start`, `end`, `rate`}]).
Private (never shown): `facts` (`merchant`, `acknowledged`, `contests` = {invoice: "serieuse"|"dilatoire"}).

Solution, in the shape of a submission: `formal_notice_needed` ("oui"|"non"), `formal_notice_deadline`
(date), `formal_notice_content` (codes), `claimed_invoices` (ids), `principal`, `penalties`, `indemnities`,
`total_claimed` (euros at `today`), `route` (injonction_de_payer | refere_provision | petites_creances |
assignation_au_fond | saisie_conservatoire), `court`, `service_deadline`, `opposition_deadline`,
`enforceable_from` (dates), `formule_executoire` (code). Date answers are choices among four dates.

Rules (*Pinned* for this kind, after the lessons of module 11 and the law):
- claimed invoices: due before today, still open, not seriously disputed (a serious dispute goes to the
  dispute process first; a dilatory contest does not stop the claim);
- a mise en demeure is needed unless one was sent by LRAR and its deadline has passed; it states the invoices,
  the principal, the penalties at its date, 40 € per invoice, a deadline of 8 days and the consequences;
- amounts at today: open principal, L441-10 penalties to today (half-year table of the case, partial payments
  lower the base the day after), 40 € per claimed invoice (D441-5); no legal interest on top (the L441-10
  penalties are the moratory interest between professionals);
- route: référé-provision if a claimed invoice is contested without serious grounds; otherwise the petites
  créances procedure when the debtor acknowledged the debt and the total is at most 5 000 €; otherwise the
  injonction de payer;
- court: none for the petites créances (a commissaire de justice); the tribunal de commerce of the debtor's
  seat when the debtor is a merchant, the tribunal judiciaire of its seat otherwise (CPC 1406, 42);
- deadlines (CPC 641-642, with the holidays of the debtor's seat, where the ordonnance is issued, served and
  opposed): service within 6 months of the ordonnance (1411), opposition within 1 month of service (1416),
  enforceable from the next day: since 1 March 2022 the ordonnance bears the formule exécutoire from the start
  (1410) and the opposition period suspends its execution (1422).
Every amount and date comes from `simulator.law` and `simulator.ledger`.
"""

from __future__ import annotations

import random
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from cases.litigation import draw_litigation
from cases.narrative import after_a, after_de, format_siren, typographie
from core.frenchnum import format_date
from simulator import law, ledger
from simulator.fields import check_answers, form_field
from simulator.grading import Grade, answer_at, format_value, grade_choice, grade_number, grade_set
from simulator.registry import check_level, register

PRIVATE_CASE_KEYS = ("facts",)
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
AMOUNT_TOLERANCE = 0.01
PENALTY_TOLERANCE = 0.5  # a hand computation may round each half-year's part

NOTICE_CONTENT = {
    "factures": "La liste des factures (numéro, date, échéance, montant) et les paiements partiels",
    "principal": "Le principal restant dû",
    "penalites": "Les pénalités de retard arrêtées à la date de la lettre (art. L. 441-10 C. com.)",
    "indemnite": "L’indemnité forfaitaire de 40 € par facture (art. D. 441-5 C. com.)",
    "delai": "Un délai de paiement de huit jours",
    "consequences": "Les conséquences précises d’un défaut de paiement (injonction de payer, suspension des "
                    "livraisons…)",
    "prescription": "La mention que la lettre interrompt la prescription",
    "interets_legaux": "Les intérêts au taux légal en plus des pénalités de retard",
    "frais_relance": "Des frais de 40 € par relance déjà envoyée",
}
NOTICE_REQUIRED = ("factures", "principal", "penalites", "indemnite", "delai", "consequences")
ROUTES = {
    "injonction_de_payer": "Requête en injonction de payer (art. 1405 s. CPC)",
    "refere_provision": "Assignation en référé-provision",
    "petites_creances": "Procédure simplifiée de recouvrement des petites créances (commissaire de justice)",
    "assignation_au_fond": "Assignation au fond",
    "saisie_conservatoire": "Requête en saisie conservatoire",
}
FORMULE = {
    "deja_apposee": "Rien à demander : l’ordonnance est délivrée revêtue de la formule exécutoire ; elle "
                    "s’exécute une fois le délai d’opposition expiré sans opposition",
    "demande_un_mois": "La demander au greffe dans le mois qui suit l’expiration du délai d’opposition, sous "
                       "peine de caducité",
    "demande_avant_signification": "La demander au juge avant de faire signifier l’ordonnance",
    "assignation": "Assigner au fond : l’ordonnance seule n’est jamais un titre exécutoire",
}
YES_NO = {"oui": "Oui", "non": "Non"}
NON_MERCHANT_REASONS = {
    "SCI": "une société civile immobilière gère un patrimoine, elle ne fait pas d’actes de commerce",
    "Association": "une association n’est pas commerçante, même quand elle achète pour son activité",
    "EARL": "l’activité agricole est civile",
    "EI": "une profession libérale est une activité civile",
}

POINTS = {
    "formal_notice_needed": 1.0, "formal_notice_deadline": 1.0, "formal_notice_content": 2.0,
    "claimed_invoices": 2.0, "principal": 1.0, "penalties": 2.0, "indemnities": 1.0, "total_claimed": 1.0,
    "route": 3.0, "court": 2.0, "service_deadline": 1.0, "opposition_deadline": 1.0, "enforceable_from": 1.0,
    "formule_executoire": 1.0,
}
GROUP_NOTICE = "Mise en demeure"
GROUP_CLAIM = "Montants réclamés"
GROUP_ROUTE = "Voie et juridiction"
GROUP_AGENDA = "Agenda de l’injonction de payer"


def _eur(value: float | Decimal) -> str:
    return format_value(float(value), "€", 2)


def _day(value: date | str) -> str:
    return format_date(ledger.as_date(value))


def _day_long(value: date) -> str:
    return f"{WEEKDAYS[value.weekday()]} {format_date(value)}"


def _day_in_words(value: date) -> str:
    """`1er septembre 2025`, `16 juin 2025`."""
    text = format_date(value, "long")
    return "1er" + text[1:] if value.day == 1 else text


def _options(labels: Mapping[str, str]) -> list[dict[str, str]]:
    return [{"value": code, "label": label} for code, label in labels.items()]


def _date_options(right: date, wrong: Sequence[date]) -> list[dict[str, str]]:
    """The right date and the first three distinct wrong ones, in calendar order."""
    dates = [right]
    for day in wrong:
        if day not in dates and len(dates) < 4:
            dates.append(day)
    return [{"value": day.isoformat(), "label": _day_long(day).capitalize()} for day in sorted(dates)]


# --- the computations a case calls for -------------------------------------------------------------------

@dataclass(frozen=True)
class _Line:
    invoice: str
    due_date: date
    amount: Decimal
    open: Decimal
    applied: tuple[tuple[date, Decimal], ...]
    penalty: Decimal
    indemnity: Decimal


@dataclass(frozen=True)
class _Dates:
    right: date
    wrong: tuple[date, ...]


@dataclass(frozen=True)
class _Assessment:
    """Everything the model answer and the feedback need, computed once from a case."""

    today: date
    notice_needed: bool
    notice_letter: date  # today when the notice is still to send, else the date it was sent
    notice_deadline: _Dates
    lines: tuple[_Line, ...]
    excluded: dict[str, str]  # invoice id -> why it is not claimed
    principal: Decimal
    penalties: Decimal
    indemnities: Decimal
    total: Decimal
    route: str
    court: str
    service: _Dates
    opposition: _Dates
    enforceable: _Dates

    @classmethod
    def of(cls, case: Mapping[str, Any]) -> _Assessment:
        today = ledger.as_date(case["today"])
        facts = case["facts"]
        items = ledger.open_items(case["invoices"], case["payments"], [], today)
        charges = law.late_payment_charges(case["invoices"], case["payments"], [], today, case["penalty_rates"])
        lines, excluded = [], {}
        for invoice in sorted(items.invoices, key=lambda inv: (inv.due_date, inv.id)):
            open_amount = items.open_amount(invoice)
            if invoice.due_date >= today:
                excluded[invoice.id] = "non échue"
            elif open_amount <= 0:
                excluded[invoice.id] = "soldée"
            elif facts["contests"].get(invoice.id) == "serieuse":
                excluded[invoice.id] = "contestation sérieuse"
            else:
                late = charges[invoice.id]
                lines.append(_Line(invoice.id, invoice.due_date, invoice.amount, open_amount,
                                   items.applied.get(invoice.id, ()), late.penalty, late.indemnity))
        principal = sum((line.open for line in lines), Decimal(0))
        penalties = sum((line.penalty for line in lines), Decimal(0))
        indemnities = sum((line.indemnity for line in lines), Decimal(0))
        total = principal + penalties + indemnities
        notice = case["formal_notice"]
        letter = today if notice is None else ledger.as_date(notice["date"])
        route = _route(facts, lines, total)
        ordonnance = ledger.as_date(case["injonction"]["ordonnance_date"])
        service = ledger.as_date(case["injonction"]["service_date"])
        # The agenda's acts are all done at the debtor's seat: its court issues the ordonnance (CPC 1406) and
        # receives the opposition (CPC 1417), a commissaire de justice serves it there; so its holidays
        # extend the deadlines (CPC 642). The deadline the national holidays alone would give is a wrong option.
        seat = case["company"].get("departement")
        opposition_end = law.opposition_deadline(service, seat)
        return cls(
            today=today, notice_needed=notice is None, notice_letter=letter,
            notice_deadline=_Dates(law.formal_notice_deadline(letter), tuple(
                letter + timedelta(days=days) for days in (7, 15, 10))),
            lines=tuple(lines), excluded=excluded, principal=principal, penalties=penalties,
            indemnities=indemnities, total=total, route=route, court=_court(route, facts["merchant"]),
            service=_Dates(law.injonction_service_deadline(ordonnance, seat), (
                law.injonction_service_deadline(ordonnance), law.add_months(ordonnance, 6),
                law.period_deadline(service, 6, seat), ordonnance + timedelta(days=180),
                law.add_months(ordonnance, 6) - timedelta(days=1))),
            opposition=_Dates(opposition_end, (
                law.opposition_deadline(service), law.add_months(service, 1), law.opposition_deadline(ordonnance, seat),
                service + timedelta(days=30), law.add_months(service, 1) - timedelta(days=1),
                opposition_end + timedelta(days=1))),
            enforceable=_Dates(law.injonction_enforceable_from(service, seat), (
                law.injonction_enforceable_from(service), opposition_end, service,
                law.period_deadline(opposition_end, 1, seat), ordonnance)),
        )


def _route(facts: Mapping[str, Any], lines: Sequence[_Line], total: Decimal) -> str:
    if any(facts["contests"].get(line.invoice) == "dilatoire" for line in lines):
        return "refere_provision"
    if facts["acknowledged"] and law.petites_creances_eligible(total):
        return "petites_creances"
    return "injonction_de_payer"


def _court(route: str, merchant: bool) -> str:
    if route == "petites_creances":
        return "commissaire_justice"
    return "tribunal_commerce_debiteur" if merchant else "tribunal_judiciaire_debiteur"


def _court_options(case: Mapping[str, Any]) -> list[dict[str, str]]:
    debtor, ours = case["company"]["city"], case["creditor"]["city"]
    return _options({
        "tribunal_commerce_debiteur": f"Tribunal de commerce {after_de(debtor)} (siège du débiteur)",
        "tribunal_commerce_creancier": f"Tribunal de commerce {after_de(ours)} (votre siège)",
        "tribunal_judiciaire_debiteur": f"Tribunal judiciaire {after_de(debtor)} (siège du débiteur)",
        "juge_protection": f"Juge des contentieux de la protection {after_de(debtor)}",
        "commissaire_justice": "Aucun tribunal : un commissaire de justice du ressort du débiteur",
    })


def _invoice_options(case: Mapping[str, Any]) -> list[dict[str, str]]:
    return [{"value": inv["id"], "label": typographie(f"{inv['id']} : {_eur(inv['amount'])}, échéance le "
                                                     f"{_day(inv['due_date'])}")}
            for inv in case["invoices"]]


# --- the kind --------------------------------------------------------------------------------------------

class Litigation:
    slug = "litigation"
    title = "Recouvrement contentieux : choisir la voie"
    module = "11-contentieux"

    def generate(self, seed: int, level: str = "standard") -> dict[str, Any]:
        """A claim file: creditor, debtor, invoices, what happened, today's date and the rate table."""
        check_level(level)
        case = {"kind": self.slug, "seed": seed, "level": level, **draw_litigation(random.Random(seed), level)}
        case["narrative"] = _narrative(case)
        return case

    def public_case(self, case: dict[str, Any]) -> dict[str, Any]:
        return {key: value for key, value in case.items() if key not in PRIVATE_CASE_KEYS}

    def solve(self, case: dict[str, Any]) -> dict[str, Any]:
        a = _Assessment.of(case)
        return {
            "formal_notice_needed": "oui" if a.notice_needed else "non",
            "formal_notice_deadline": a.notice_deadline.right.isoformat(),
            "formal_notice_content": list(NOTICE_REQUIRED),
            "claimed_invoices": [line.invoice for line in a.lines],
            "principal": float(a.principal),
            "penalties": float(a.penalties),
            "indemnities": float(a.indemnities),
            "total_claimed": float(a.total),
            "route": a.route,
            "court": a.court,
            "service_deadline": a.service.right.isoformat(),
            "opposition_deadline": a.opposition.right.isoformat(),
            "enforceable_from": a.enforceable.right.isoformat(),
            "formule_executoire": "deja_apposee",
        }

    # --- form and grading --------------------------------------------------------------------------
    def form_fields(self, case: dict[str, Any]) -> list[dict[str, Any]]:
        return self._fields(case, _Assessment.of(case))

    @staticmethod
    def _fields(case: Mapping[str, Any], a: _Assessment) -> list[dict[str, Any]]:
        today = _day(case["today"])
        return [
            form_field("formal_notice_needed", "Faut-il d’abord envoyer une mise en demeure ?", "choice",
                       GROUP_NOTICE, options=_options(YES_NO)),
            form_field("formal_notice_deadline", "Date limite de paiement fixée par la mise en demeure (envoyée ou "
                       "à envoyer)", "choice", GROUP_NOTICE,
                       options=_date_options(a.notice_deadline.right, a.notice_deadline.wrong)),
            form_field("formal_notice_content", "Ce qu’une mise en demeure complète doit contenir", "multi",
                       GROUP_NOTICE, options=_options(NOTICE_CONTENT)),
            form_field("claimed_invoices", "Factures à réclamer", "multi", GROUP_CLAIM,
                       options=_invoice_options(case)),
            form_field("principal", f"Principal réclamé au {today}", "number", GROUP_CLAIM, unit="€"),
            form_field("penalties", f"Pénalités de retard au {today}", "number", GROUP_CLAIM, unit="€",
                       help="Taux semestriels du tableau du cas ; jours de retard du lendemain de l’échéance à "
                            "aujourd’hui inclus."),
            form_field("indemnities", "Indemnités forfaitaires pour frais de recouvrement", "number", GROUP_CLAIM,
                       unit="€"),
            form_field("total_claimed", f"Total réclamé au {today}", "number", GROUP_CLAIM, unit="€"),
            form_field("route", "Voie à engager", "choice", GROUP_ROUTE, options=_options(ROUTES)),
            form_field("court", "Juridiction ou professionnel à saisir", "choice", GROUP_ROUTE,
                       options=_court_options(case)),
            form_field("service_deadline", "Date limite de signification de l’ordonnance", "choice", GROUP_AGENDA,
                       options=_date_options(a.service.right, a.service.wrong)),
            form_field("opposition_deadline", "Dernier jour pour former opposition", "choice", GROUP_AGENDA,
                       options=_date_options(a.opposition.right, a.opposition.wrong)),
            form_field("enforceable_from", "Premier jour où l’ordonnance peut être exécutée (saisie)", "choice",
                       GROUP_AGENDA, options=_date_options(a.enforceable.right, a.enforceable.wrong)),
            form_field("formule_executoire", "La formule exécutoire", "choice", GROUP_AGENDA,
                       options=_options(FORMULE)),
        ]

    def check_submission(self, case: dict[str, Any], submission: dict[str, Any]) -> dict[str, str]:
        return check_answers(self.form_fields(case), submission)

    def grade(self, case: dict[str, Any], submission: dict[str, Any]) -> Grade:
        a = _Assessment.of(case)
        fields = {field["id"]: field for field in self._fields(case, a)}
        texts = _Explanations(case, a)

        def choice(id: str, expected: str, explanation: str):
            return grade_choice(id, fields[id]["label"], expected, answer_at(submission, id), points=POINTS[id],
                                options=fields[id]["options"], explanation=typographie(explanation))

        def ticks(id: str, expected: Sequence[str], explanation: str):
            return grade_set(id, fields[id]["label"], expected, answer_at(submission, id), points=POINTS[id],
                             options=fields[id]["options"], explanation=typographie(explanation))

        def amount(id: str, expected: Decimal, tolerance: float, explanation: str):
            return grade_number(id, fields[id]["label"], float(expected), answer_at(submission, id),
                                points=POINTS[id], tolerance_abs=tolerance, unit="€", decimals=2,
                                explanation=typographie(explanation))

        return Grade.of([
            choice("formal_notice_needed", "oui" if a.notice_needed else "non", texts.notice_needed()),
            choice("formal_notice_deadline", a.notice_deadline.right.isoformat(), texts.notice_deadline()),
            ticks("formal_notice_content", NOTICE_REQUIRED, texts.notice_content()),
            ticks("claimed_invoices", [line.invoice for line in a.lines], texts.claimed()),
            amount("principal", a.principal, AMOUNT_TOLERANCE, texts.principal()),
            amount("penalties", a.penalties, PENALTY_TOLERANCE, texts.penalties()),
            amount("indemnities", a.indemnities, AMOUNT_TOLERANCE, texts.indemnities()),
            amount("total_claimed", a.total, PENALTY_TOLERANCE, texts.total()),
            choice("route", a.route, texts.route()),
            choice("court", a.court, texts.court()),
            choice("service_deadline", a.service.right.isoformat(), texts.service()),
            choice("opposition_deadline", a.opposition.right.isoformat(), texts.opposition()),
            choice("enforceable_from", a.enforceable.right.isoformat(), texts.enforceable()),
            choice("formule_executoire", "deja_apposee", texts.formule()),
        ])


# --- explanations ----------------------------------------------------------------------------------------

def _extension(raw: date, final: date, debtor: Mapping[str, Any]) -> str:
    """Why a CPC 641 date moved (or did not): the CPC 642 extension, with the holidays of the debtor's seat, and
    where they come from when they move the deadline further than the national ones would."""
    if raw == final:
        return f"le {_day_long(raw)}, jour ouvrable."
    text = (f"{law.skipped_days_text(raw, debtor.get('departement'))} ; le délai est prorogé au premier jour "
            f"ouvrable suivant (art. 642 CPC), le {_day_long(final)}.")
    if law.next_working_day(raw) != final:
        text += (f" Les jours fériés retenus sont ceux du siège du débiteur, {debtor['city']} "
                 f"({debtor['departement']}), où l’ordonnance est rendue, signifiée et, le cas échéant, frappée "
                 f"d’opposition.")
    return text


@dataclass(frozen=True)
class _Explanations:
    case: Mapping[str, Any]
    a: _Assessment

    def notice_needed(self) -> str:
        notice = self.case["formal_notice"]
        if notice is None:
            return ("Aucune mise en demeure n’a été envoyée : relances et appels ne suffisent pas. Elle prouve que le "
                    "débiteur a été interpellé (art. 1344 C. civ.), ce que le juge de l’injonction de payer ou du "
                    "référé voudra voir ; les pénalités de l’art. L. 441-10 C. com. courent déjà sans elle. Envoyez-la "
                    "en LRAR aujourd’hui.")
        return (f"Une mise en demeure a été envoyée en LRAR le {_day(notice['date'])} (avis de réception signé le "
                f"{_day(notice['received_on'])}) et son délai de huit jours a expiré le "
                f"{_day(self.a.notice_deadline.right)} sans paiement : elle fait preuve (art. 1344 C. civ.), "
                f"inutile d’en envoyer une autre avant d’agir.")

    def notice_deadline(self) -> str:
        letter = self.a.notice_letter
        sent = "envoyée" if self.case["formal_notice"] else "à envoyer aujourd’hui"
        return (f"Lettre {sent}, le {_day(letter)} ; délai de huit jours retenu par le cours : {_day(letter)} + 8 "
                f"jours = {_day_long(self.a.notice_deadline.right)}.")

    def notice_content(self) -> str:
        return ("Une mise en demeure complète identifie le débiteur et liste les factures, le principal, les "
                "pénalités arrêtées à sa date (art. L. 441-10 C. com.), 40 € par facture (art. D. 441-5 C. com.), "
                "un délai de huit jours et les conséquences du défaut de paiement. Elle n’interrompt pas la "
                "prescription (seuls la reconnaissance, la demande en justice et l’exécution le font, art. 2240, "
                "2241 et 2244 C. civ.) ; entre professionnels, les pénalités de retard tiennent lieu d’intérêts "
                "moratoires, sans intérêts au taux légal en plus ; l’indemnité de 40 € est due par facture, non par "
                "relance.")

    def claimed(self) -> str:
        reasons = {"non échue": "pas encore échue : rien n’est exigible",
                   "soldée": "déjà payée",
                   "contestation sérieuse": "contestée sérieusement (réserves écrites dès la réception) : traitez "
                                            "d’abord le litige, ne la mettez pas en demeure"}
        parts = [f"{line.invoice} échue le {_day(line.due_date)}, ouverte pour {_eur(line.open)}"
                 for line in self.a.lines]
        text = "À réclamer : " + " ; ".join(parts) + "."
        if self.a.excluded:
            text += " À écarter : " + " ; ".join(f"{invoice}, {reasons[why]}"
                                                  for invoice, why in self.a.excluded.items()) + "."
        dilatory = [inv for inv, kind in self.case["facts"]["contests"].items() if kind == "dilatoire"]
        if dilatory:
            text += (f" La contestation orale et tardive de {', '.join(dilatory)}, sans réserve à la réception, "
                     f"n’est pas sérieuse : la facture reste réclamée.")
        return text

    def principal(self) -> str:
        parts = []
        for line in self.a.lines:
            paid = line.amount - line.open
            parts.append(f"{_eur(line.amount)} − {_eur(paid)} payés" if paid else _eur(line.amount))
        return (f"Principal = somme des restes dus des factures réclamées = {' + '.join(parts)} = "
                f"{_eur(self.a.principal)}.")

    def penalties(self) -> str:
        rates = law.rate_lookup(self.case["penalty_rates"])
        details = []
        for line in self.a.lines:
            first = line.due_date + timedelta(days=1)
            days = (self.a.today - line.due_date).days
            periods = _rate_periods(first, self.a.today, rates)
            rate_text = " puis ".join(f"{format_value(float(rate), '%', 2)} ({count} j)" for rate, count in periods)
            paid = "".join(f", base réduite de {_eur(value)} à partir du {_day(day + timedelta(days=1))}"
                           for day, value in line.applied)
            details.append(f"{line.invoice} : {_eur(line.amount)} × {rate_text} / 365 sur {days} jours du "
                           f"{_day(first)} au {_day(self.a.today)}{paid} = {_eur(line.penalty)}")
        return ("Pénalités de l’art. L. 441-10 C. com., dues dès le lendemain de l’échéance sans rappel : taux BCE "
                "du 1er janvier ou du 1er juillet + 10 points, par semestre ; calcul jour par jour, arrondi au "
                "centime par facture. " + " ; ".join(details) + f". Total : {_eur(self.a.penalties)}.")

    def indemnities(self) -> str:
        count = len(self.a.lines)
        return (f"Indemnité forfaitaire pour frais de recouvrement : 40 € par facture payée en retard par un "
                f"professionnel (art. L. 441-10 et D. 441-5 C. com.), soit {count} × 40 € = "
                f"{_eur(self.a.indemnities)}.")

    def total(self) -> str:
        return (f"Total = principal + pénalités + indemnités = {_eur(self.a.principal)} + {_eur(self.a.penalties)} + "
                f"{_eur(self.a.indemnities)} = {_eur(self.a.total)}.")

    def route(self) -> str:
        total = _eur(self.a.total)
        if self.a.route == "refere_provision":
            return ("Le débiteur conteste sans raison sérieuse (contestation orale, tardive, sans réserve à la "
                    "réception) : une injonction de payer finirait en opposition et en procès. Le référé-provision "
                    "accorde une provision quand l’obligation n’est pas sérieusement contestable (art. 873 al. 2 CPC "
                    "devant le président du tribunal de commerce, art. 835 al. 2 CPC devant le tribunal judiciaire) ; "
                    "l’ordonnance est exécutoire de plein droit. La saisie conservatoire suppose une menace sur le "
                    "recouvrement, dont le dossier ne dit rien.")
        if self.a.route == "petites_creances":
            return (f"Créance contractuelle de {total}, au plus 5 000 € en principal et intérêts, que le débiteur "
                    f"reconnaît devoir : la procédure simplifiée de recouvrement des petites créances (art. L. 125-1 "
                    f"et R. 125-1 C. proc. civ. exéc.) permet à un commissaire de justice de délivrer un titre "
                    f"exécutoire si le débiteur accepte le montant et les modalités, sans juge.")
        text = (f"Créance contractuelle, d’un montant déterminé ({total}), prouvée par écrit et non sérieusement "
                f"contestée : l’injonction de payer (art. 1405 CPC) est la voie normale, sur requête, sans avocat.")
        if self.case["facts"]["acknowledged"]:
            text += (f" Le débiteur a reconnu sa dette, mais {total} dépasse 5 000 € : la procédure des petites "
                     f"créances n’est pas ouverte.")
        else:
            text += (" La procédure des petites créances suppose l’accord du débiteur, qui n’a jamais reconnu la "
                     "dette.")
        return text + " Pas de contestation sérieuse qui imposerait une assignation au fond."

    def court(self) -> str:
        debtor = self.case["company"]
        if self.a.court == "commissaire_justice":
            return ("La procédure des petites créances se déroule devant un commissaire de justice du ressort de la "
                    "cour d’appel du domicile du débiteur, sans tribunal.")
        if self.a.court == "tribunal_commerce_debiteur":
            court = f"le tribunal de commerce {after_de(debtor['city'])}"
            why = (f"{debtor['name']} est une société commerciale par sa forme (art. L. 210-1 C. com.), comme votre "
                   f"entreprise : litige entre commerçants (art. L. 721-3 C. com.)")
        else:
            court = f"le tribunal judiciaire {after_de(debtor['city'])}"
            why = (f"Le débiteur n’est pas commerçant ({NON_MERCHANT_REASONS.get(debtor['legal_form'], '')}) : "
                   f"le tribunal de commerce ne juge que les litiges entre commerçants (art. L. 721-3 C. com.)")
        if self.a.route == "injonction_de_payer":
            where = ("la requête est portée devant la juridiction du lieu où demeure le débiteur (art. 1406 CPC, règle "
                     "impérative qu’aucune clause de vos conditions générales ne peut écarter)")
        else:
            where = "le défendeur est assigné devant la juridiction de son domicile ou siège (art. 42 CPC)"
        return f"{why}, donc {court} ; {where}."

    def service(self) -> str:
        ordonnance = ledger.as_date(self.case["injonction"]["ordonnance_date"])
        raw = law.add_months(ordonnance, 6)
        return (f"L’ordonnance du {_day(ordonnance)} doit être signifiée dans les six mois, sinon elle est non avenue "
                f"(art. 1411 CPC). Six mois après (art. 641 CPC, même quantième) : "
                f"{_extension(raw, self.a.service.right, self.case['company'])}")

    def opposition(self) -> str:
        service = ledger.as_date(self.case["injonction"]["service_date"])
        raw = law.add_months(service, 1)
        return (f"Le débiteur peut former opposition dans le mois de la signification à personne (art. 1416 CPC), "
                f"signification du {_day(service)}, non de l’ordonnance. Un mois après : "
                f"{_extension(raw, self.a.opposition.right, self.case['company'])}")

    def enforceable(self) -> str:
        return (f"Le délai d’opposition et l’opposition formée dans ce délai suspendent l’exécution (art. 1422 CPC) : "
                f"sans opposition, le commissaire de justice peut saisir dès le lendemain du dernier jour "
                f"d’opposition ({_day(self.a.opposition.right)}), soit le {_day_long(self.a.enforceable.right)}.")

    def formule(self) -> str:
        return ("Depuis le 1er mars 2022 (décret n° 2021-1322), le greffe remet l’ordonnance déjà revêtue de la "
                "formule exécutoire (art. 1410 CPC) ; l’ancienne demande de formule exécutoire dans le mois suivant "
                "l’expiration du délai d’opposition (ancien art. 1423 CPC) a été supprimée. Sans opposition, "
                "l’ordonnance produit les effets d’un jugement contradictoire (art. 1422 CPC).")


def _rate_periods(first: date, last: date, rates) -> list[tuple[Decimal, int]]:
    """Consecutive runs of days from `first` to `last` with the same annual rate: [(rate, days)]."""
    runs: list[tuple[Decimal, int]] = []
    day = first
    while day <= last:
        rate = rates(day)
        if runs and runs[-1][0] == rate:
            runs[-1] = (rate, runs[-1][1] + 1)
        else:
            runs.append((rate, 1))
        day += timedelta(days=1)
    return runs


# --- narrative -------------------------------------------------------------------------------------------

def _narrative(case: Mapping[str, Any]) -> str:
    creditor, debtor = case["creditor"], case["company"]
    manager = debtor["managers"][0]
    paragraphs = [
        f"Vous êtes credit manager {after_de(creditor['name'])}, {creditor['legal_form_name']} dont le siège est "
        f"{after_a(creditor['city'])} ({creditor['departement']}). Votre client {debtor['name']} (SIREN "
        f"{format_siren(debtor['siren'])}), dont le siège est {after_a(debtor['city'])} ({debtor['departement']}), est "
        f"{debtor['status']} ; {manager['title'].lower()} : {manager['name']}. Vous lui vendez des "
        f"{case['object']}, payables à {case['payment_terms_days']} jours date de facture selon vos conditions "
        f"générales, que le client a acceptées et qui rappellent les pénalités de retard de l’article L. 441-10 du "
        f"Code de commerce et l’indemnité forfaitaire de 40 €.",
        "Le BODACC ne signale aucune procédure collective contre le client, qui paraît solvable. Les factures, les "
        "paiements et l’historique du dossier figurent ci-dessous.",
        f"Nous sommes le {_day_in_words(ledger.as_date(case['today']))}. La relance amiable a échoué : vous "
        f"préparez le passage au contentieux.",
        f"Agenda : supposez qu’une ordonnance portant injonction de payer soit rendue contre ce client le "
        f"{_day(case['injonction']['ordonnance_date'])} et lui soit signifiée à personne par commissaire de justice "
        f"le {_day(case['injonction']['service_date'])}.",
    ]
    return typographie("\n\n".join(paragraphs))


register(Litigation())

"""Fictional unpaid-claim files for the `litigation` kind (module 11, voie contentieuse): a French supplier
(the trainee's company), a debtor (a commercial company, or a non-merchant: société civile, association,
farm, liberal profession), its unpaid invoices, what happened since (reminders, a promise, a partial payment,
a contest, a mise en demeure already sent or not) and the date today.

Data only: nothing is computed here but dates and amounts; simulator.law computes penalties and deadlines.
The facts that decide the answers but must be read from the story (whether the debtor is a merchant, which
contest is serious) are also returned under `facts`, which the kind keeps private.

Amount bounds keep every case away from the 5 000 € threshold of the petites créances procedure: a small
claim has at most 4 000 € of principal (penalties over at most 200 days at under 15 % add less than 330 €,
indemnities at most 160 €), a larger one at least 6 000 €.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from cases import library
from cases.identity import TRIBUNAL_DE_COMMERCE, City, cities, draw_identity, siren_with_key
from cases.narrative import after_de
from core.frenchnum import format_eur
from simulator.law import formal_notice_deadline, is_working_day, next_working_day, penalty_rate_table

PAYMENT_TERMS_DAYS = (30, 45, 60)  # from the invoice date; C. com. L441-10 caps them at 60
SMALL_PRINCIPAL_MAX = 4_000
LARGE_PRINCIPAL_MIN = 6_000
_GOODS_DISPUTE = ("Réserves écrites portées sur le bon de livraison (articles manquants et endommagés), confirmées "
                  "par lettre recommandée trois jours plus tard ; un constat contradictoire est en cours.")
_SERVICE_DISPUTE = ("Procès-verbal de fin d’intervention signé avec réserves (installation toujours en panne), "
                    "confirmées par lettre recommandée trois jours plus tard ; une expertise amiable est en cours.")
# What the creditor sells, the debtor's dilatory words, the facts of a serious dispute.
_CREDITOR_SECTORS = {
    "negoce": ("fournitures et matériaux", "la marchandise ne convenait pas", _GOODS_DISPUTE),
    "industrie": ("pièces et équipements", "les pièces ne correspondaient pas à ce que nous attendions",
                  _GOODS_DISPUTE),
    "services": ("prestations de maintenance et d’assistance", "la prestation ne nous a pas donné satisfaction",
                 _SERVICE_DISPUTE),
}
_MERCHANT_SECTORS = ("distribution", "btp", "industrie", "negoce", "services")
# Non-merchant debtors: (legal form, its long name, name pattern, NAF, NAF label, manager titles, has capital).
_NON_MERCHANTS = (
    ("SCI", "société civile immobilière", "SCI {surname} Patrimoine", "68.20B",
     "Location de terrains et d’autres biens immobiliers", ("Gérant", "Gérante"), True),
    ("Association", "association déclarée (loi du 1er juillet 1901)", "Association sportive {of_city}", "93.12Z",
     "Activités de clubs de sports", ("Président", "Présidente"), False),
    ("EARL", "exploitation agricole à responsabilité limitée", "EARL {surname}", "01.11Z",
     "Culture de céréales, de légumineuses et de graines oléagineuses", ("Gérant", "Gérante"), True),
    ("EI", "entreprise individuelle (profession libérale)", "Cabinet d’architecture {surname}", "71.11Z",
     "Activités d’architecture", ("Architecte", "Architecte"), False),
)


@dataclass(frozen=True)
class LitigationLevel:
    invoices: tuple[int, int]  # how many invoices, bounds included
    partial_payment: float  # probabilities of each trap
    notice_sent: float
    dilatory: float
    small_acknowledged: float
    serious_dispute: float
    not_yet_due: float
    non_merchant: float


LEVELS: dict[str, LitigationLevel] = {
    "facile": LitigationLevel((2, 2), 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0),
    "standard": LitigationLevel((2, 3), 0.4, 0.4, 0.3, 0.25, 0.0, 0.4, 0.3),
    "difficile": LitigationLevel((3, 4), 0.6, 0.4, 0.35, 0.3, 0.6, 0.7, 0.4),
}


def _working_day_on_or_after(day: date, *, with_deadline: bool = False) -> date:
    """`day` or the next working day; with `with_deadline`, also one whose mise en demeure deadline (+8 days)
    is a working day, so that no trainee wonders whether it is extended."""
    while not (is_working_day(day) and (not with_deadline or is_working_day(formal_notice_deadline(day)))):
        day += timedelta(days=1)
    return day


def _city(rng: random.Random, avoid: str | None = None) -> City:
    """A seat city whose commercial court is the tribunal de commerce of its name, as the graded court options
    say (not Alsace-Moselle's chambres commerciales, the tribunaux des activités économiques tried since 2025,
    courts seated elsewhere: identities.yaml). Neither party is thus seated in Alsace-Moselle: the creditor's
    own dates (today, the mise en demeure) use national holidays."""
    return rng.choice([city for city in cities() if city.court == TRIBUNAL_DE_COMMERCE and city.name != avoid])


def _merchant(rng: random.Random, closing_year: int, avoid_city: str) -> dict[str, Any]:
    company = draw_identity(rng, rng.choice(_MERCHANT_SECTORS), capital=rng.uniform(10_000, 300_000),
                            closing_year=closing_year, city=_city(rng, avoid_city))
    company["status"] = (f"une {company['legal_form_name']} ({company['legal_form']}) immatriculée au registre du "
                         f"commerce et des sociétés")
    return company


def _non_merchant(rng: random.Random, closing_year: int, avoid_city: str) -> dict[str, Any]:
    data = library.identities()
    form, form_name, pattern, naf, naf_label, titles, has_capital = rng.choice(_NON_MERCHANTS)
    feminine = rng.random() < 0.4
    first_name = rng.choice(data["first_names"]["feminine" if feminine else "masculine"])
    surname = rng.choice(data["surnames"])
    age = rng.randint(4, 30)
    city = _city(rng, avoid_city)
    status = {"SCI": "une société civile immobilière (SCI)",
              "Association": "une association déclarée selon la loi du 1er juillet 1901",
              "EARL": "une exploitation agricole à responsabilité limitée (EARL), société civile",
              "EI": "une entreprise individuelle (profession libérale d’architecte)"}[form]
    return {
        "name": pattern.format(surname=surname, of_city=after_de(city.name), first_name=first_name),
        "siren": siren_with_key(str(rng.randint(3, 9)) + f"{rng.randrange(10**7):07d}"),
        "naf": naf, "naf_label": naf_label, "legal_form": form, "legal_form_name": form_name,
        "capital": rng.choice((1_000, 5_000, 10_000, 30_000)) if has_capital else None,
        "city": city.name, "departement": city.departement, "founded": closing_year - age, "age": age,
        "managers": [{"name": f"{first_name} {surname}", "title": titles[1 if feminine else 0]}],
        "status": status,
    }


def _amounts(rng: random.Random, count: int, small: bool) -> list[float]:
    low, high = (400, 1_800) if small else (2_500, 16_000)
    return [round(rng.uniform(low, high), 2) for _ in range(count)]


def _due_dates(rng: random.Random, count: int, latest: date) -> list[date]:
    """`count` distinct due dates, oldest first, between 150 and 15 days before `latest`."""
    offsets = sorted(rng.sample(range(15, 150), count), reverse=True)
    return [latest - timedelta(days=offset) for offset in offsets]


def draw_litigation(rng: random.Random, level: str) -> dict[str, Any]:
    """A claim file at `level` (see LEVELS). Keys: today, creditor, company (the debtor), object,
    payment_terms_days, invoices, payments, formal_notice, events, injonction, penalty_rates, facts."""
    settings = LEVELS[level]
    today = _working_day_on_or_after(date(2025, 3, 3) + timedelta(days=rng.randrange(270)), with_deadline=True)
    closing_year = today.year - 1
    sector = rng.choice(list(_CREDITOR_SECTORS))
    obj, complaint, serious_text = _CREDITOR_SECTORS[sector]
    creditor = draw_identity(rng, sector, capital=rng.uniform(50_000, 800_000), closing_year=closing_year,
                             city=_city(rng))
    merchant = rng.random() >= settings.non_merchant
    debtor = (_merchant if merchant else _non_merchant)(rng, closing_year, creditor["city"])
    terms = rng.choice(PAYMENT_TERMS_DAYS)

    count = rng.randint(*settings.invoices)
    not_yet_due = rng.random() < settings.not_yet_due
    overdue = count - not_yet_due
    serious = overdue >= 2 and rng.random() < settings.serious_dispute
    draw = rng.random()
    dilatory = draw < settings.dilatory
    small = not dilatory and draw < settings.dilatory + settings.small_acknowledged
    acknowledged = small or (not dilatory and rng.random() < 0.5)
    notice = None
    if rng.random() < settings.notice_sent:
        notice_date = _working_day_on_or_after(today - timedelta(days=rng.randint(15, 40)), with_deadline=True)
        notice = {"date": notice_date,
                  "received_on": next_working_day(notice_date + timedelta(days=2), debtor["departement"])}
    due_dates = _due_dates(rng, overdue, (notice["date"] if notice else today) - timedelta(days=5))

    partial = overdue - serious >= 1 and rng.random() < settings.partial_payment
    disputed_index = rng.randrange(1, overdue) if serious else None  # never the oldest, which may be part-paid
    claimed = [i for i in range(overdue) if i != disputed_index]
    while True:  # amounts drawn until the claimed principal is clearly below or above the threshold
        amounts = _amounts(rng, overdue, small)
        paid = round(amounts[0] * rng.uniform(0.25, 0.6), -1) if partial else 0.0
        principal = sum(amounts[i] for i in claimed) - paid
        if (principal <= SMALL_PRINCIPAL_MAX) if small else (principal >= LARGE_PRINCIPAL_MIN):
            break

    invoices = []
    for index, due in enumerate(due_dates):
        invoices.append({"date": due - timedelta(days=terms), "due_date": due, "amount": amounts[index]})
    if not_yet_due:
        issued = today - timedelta(days=rng.randint(1, 20))
        invoices.append({"date": issued, "due_date": issued + timedelta(days=terms),
                         "amount": _amounts(rng, 1, small)[0]})
    first_number = rng.randint(100, 900)
    for number, invoice in enumerate(sorted(invoices, key=lambda inv: inv["date"])):
        invoice["id"] = f"F{invoice['date'].year % 100:02d}-{first_number + 7 * number:04d}"
        invoice["customer"] = debtor["siren"]

    oldest = invoices[0]
    payments = []
    events: list[tuple[date, str]] = []
    if partial:
        before = (notice["date"] if notice else today) - oldest["due_date"]
        day = oldest["due_date"] + timedelta(days=rng.randint(5, before.days - 3))
        payments.append({"id": "R1", "customer": debtor["siren"], "date": day, "amount": paid,
                         "invoice": oldest["id"]})
    contests: dict[str, str] = {}
    disputes: dict[str, dict[str, Any]] = {}
    if serious:
        invoice = invoices[disputed_index]
        contests[invoice["id"]] = "serieuse"
        disputes[invoice["id"]] = {
            "raised_on": invoice["date"], "in_writing": True, "reserves_at_delivery": True,
            "text": serious_text,
        }
    last_reminder = min(today, notice["date"] if notice else today) - timedelta(days=1)
    steps = ((5, "Relance écrite (courriel et courrier) des factures échues."),
             (15, "Appel au service comptable du client : aucun engagement de paiement."),
             (25, "Relance ferme rappelant les pénalités de retard et l’indemnité forfaitaire de 40 € par facture."))
    for offset, text in steps:
        day = oldest["due_date"] + timedelta(days=offset)
        if day <= last_reminder:
            events.append((day, text))
    manager = debtor["managers"][0]
    if dilatory:
        target = max(claimed, key=lambda i: amounts[i])
        invoice = invoices[target]
        contests[invoice["id"]] = "dilatoire"
        day = max(oldest["due_date"] + timedelta(days=30), invoice["due_date"] + timedelta(days=3))
        day = min(day, today - timedelta(days=2))
        disputes[invoice["id"]] = {
            "raised_on": day, "in_writing": False, "reserves_at_delivery": False,
            "text": (f"Contestation orale, pour la première fois après les relances : « {complaint} ». Aucune "
                     f"réserve à la réception, aucune réclamation écrite ; la commande a été utilisée."),
        }
        events.append((day, f"Au téléphone, {manager['name']} ({manager['title'].lower()}) conteste pour la "
                            f"première fois la facture {invoice['id']} : « {complaint} », sans réserve à la "
                            f"réception ni réclamation écrite."))
    if acknowledged:
        day = min(oldest["due_date"] + timedelta(days=rng.randint(18, 40)), today - timedelta(days=3))
        if small:
            text = (f"Par courriel, {manager['name']} reconnaît devoir les factures échues et demande un délai, "
                    f"puis ne règle rien.")
        else:
            text = (f"Au téléphone, {manager['name']} reconnaît la dette et promet un virement sous huit jours ; "
                    f"rien n’arrive.")
        events.append((day, text))
    if partial:
        events.append((payments[0]["date"], f"Virement partiel de {format_eur(paid, 2)} reçu sur la facture "
                                            f"{oldest['id']}."))
    if notice:
        events.append((notice["date"], "Mise en demeure par lettre recommandée avec avis de réception, réclamant "
                                       "le principal, les pénalités et les indemnités sous huit jours ; avis de "
                                       f"réception signé le {notice['received_on'].strftime('%d/%m/%Y')}, aucun "
                                       "paiement depuis."))
    # The court and the commissaire de justice of the debtor's seat work on its département's working days.
    ordonnance = next_working_day(today + timedelta(days=rng.randint(20, 50)), debtor["departement"])
    service = next_working_day(ordonnance + timedelta(days=rng.randint(5, 45)), debtor["departement"])
    for invoice in invoices:
        dispute = disputes.get(invoice["id"])
        invoice["dispute"] = None if dispute is None else {**dispute, "raised_on": dispute["raised_on"].isoformat()}
    return {
        "today": today.isoformat(),
        "creditor": {key: creditor[key] for key in ("name", "siren", "legal_form", "legal_form_name", "city",
                                                    "departement", "naf", "naf_label")},
        "company": debtor,
        "object": obj,
        "payment_terms_days": terms,
        "invoices": [{key: (value.isoformat() if isinstance(value, date) else value) for key, value in inv.items()}
                     for inv in invoices],
        "payments": [{**p, "date": p["date"].isoformat()} for p in payments],
        "formal_notice": None if notice is None else {key: day.isoformat() for key, day in notice.items()},
        "events": [{"date": day.isoformat(), "text": text} for day, text in sorted(events, key=lambda e: e[0])],
        "injonction": {"ordonnance_date": ordonnance.isoformat(), "service_date": service.isoformat()},
        "penalty_rates": [{"start": row["start"].isoformat(), "end": row["end"].isoformat(),
                           "rate": float(row["rate"])} for row in penalty_rate_table(today.year - 1, today.year)],
        "facts": {"merchant": merchant, "acknowledged": acknowledged, "contests": contests},
    }

"""Fictional companies with three years of accounts that tell an archetype's story (archetypes.yaml).

The builder works like the company's accountant: it draws a sector profile and a story, then builds each year's
compte de résultat from activity, margins and costs, and its bilan from days of turnover (clients, stocks,
suppliers), fixed assets, loans and equity carried over from the previous year. Only detail lines are set;
`simulator.liasse.with_totals` computes every total, and cash (or the bank overdraft) balances the bilan, so
all the coherence rules of REFERENCE §1 hold for any seed. AA, CW, CM, CN and ED stay at zero.

Interest is computed on the opening balances, so a year never depends on its own cash position.
"""

from __future__ import annotations

import random
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from cases import library
from cases.identity import draw_identity
from simulator.liasse import AMORT_OF, with_totals

Range = list[float] | float | None

CORPORATE_TAX_REDUCED_LIMIT = 42_500  # taux réduit de 15 % up to this profit for SMEs (CGI art. 219)
CORPORATE_TAX_SME_TURNOVER = 10_000_000
MATERIALS_MATTER = 0.10  # consumption of materials / production above which purchase-cost shifts hit materials
DEPRECIATION_YEARS = {"AF": 5, "AJ": 5, "AP": 25, "AR": 8, "AT": 5}  # straight-line lives
OPTIONAL_FEATURES = ("export", "effets_escomptes", "cessions", "subventions", "placements")
# Small lines as a share of CA (of FW for CH), drawn once per company and varying by +/-10 % a year.
MINOR_LINES: dict[str, tuple[float, float]] = {
    "BV": (0.0, 0.003), "BZ": (0.015, 0.035), "CH": (0.01, 0.03), "EA": (0.002, 0.008), "EB": (0.0, 0.004),
    "FQ": (0.0, 0.002), "GE": (0.0005, 0.002), "HA": (0.0, 0.001), "DP": (0.0, 0.004),
}


def draw(rng: random.Random, spec: Range, default: float = 0.0) -> float:
    """A value from a data-file range `[low, high]` (uniform), a constant, or `default` when absent."""
    if spec is None:
        return default
    if isinstance(spec, (int, float)):
        return float(spec)
    low, high = spec
    return rng.uniform(low, high)


@dataclass
class _Profile:
    """What is drawn once per company; the rates and days then drift year by year as the story says."""

    sector: dict[str, Any]
    story: dict[str, Any]
    features: set[str]
    ca: float
    mix: tuple[float, float, float]  # marchandises, biens, services
    export: float
    taux_ebe: float  # EBE margin of the first year
    marge_commerciale: float
    matieres: float
    charges_sociales: float
    impots_taxes: float
    dso: float
    dpo: float
    stocks_jours: float
    provisions_clients: float
    interest_rate: float
    loan_years: float
    payout: float
    vat_rate: float
    discounted_share: float
    current_account: float  # shareholders' advances (DV) / CA
    minor: dict[str, float]

    def minor_line(self, rng: random.Random, code: str, base: float) -> int:
        return round(base * self.minor[code] * rng.uniform(0.9, 1.1))


@dataclass
class _Books:
    """Balances carried from one closing to the next (euros)."""

    ca: float = 0.0
    stocks: dict[str, int] = field(default_factory=dict)
    brut: dict[str, float] = field(default_factory=dict)
    amort: dict[str, float] = field(default_factory=dict)
    fw: float = 0.0
    fy: float = 0.0
    gf: float = 0.0
    by: float = 0.0
    loans: float = 0.0
    overdraft: float = 0.0
    placements: float = 0.0
    equity: dict[str, float] = field(default_factory=dict)
    result: float = 0.0
    tax_losses: float = 0.0


def draw_company(
    rng: random.Random,
    *,
    sector: str | None = None,
    archetype: str | None = None,
    closing_year: int = 2025,
    detail: float = 0.3,
    vat_rate: float = 0.20,
) -> dict[str, Any]:
    """A fictional company with accounts for closing_year - 2 .. closing_year.

    `detail` is the probability of each optional feature (export sales, discounted bills, asset disposals,
    operating subsidies, short-term investments): 0 gives the plainest accounts.
    Returns {"company", "sector", "archetype", "years", "accounts": {"<year>": {code: euros}}, "vat_rate",
    "headcount": {"<year>": n}}.
    """
    sector = sector or rng.choice(sorted(library.sectors()))
    archetype = archetype or rng.choice(sorted(library.archetypes()))
    profile = _draw_profile(rng, sector, archetype, detail, vat_rate)
    capital = draw(rng, profile.story["capital"]) * profile.ca
    identity = draw_identity(rng, sector, capital=capital, closing_year=closing_year)
    years = [closing_year - 2, closing_year - 1, closing_year]
    books = _Books(loans=draw(rng, profile.story["emprunts"]) * profile.ca * profile.taux_ebe)
    accounts: dict[str, dict[str, int]] = {}
    headcount: dict[str, int] = {}
    salary = draw(rng, profile.sector["salaire_moyen"])
    for index, year in enumerate(years):
        plan = profile.story["years"][index]
        acc = _build_year(rng, profile, books, plan, first=index == 0, capital=identity["capital"])
        accounts[str(year)] = acc
        headcount[str(year)] = max(1, round(acc["FY"] / salary))
    return {
        "company": identity,
        "sector": sector,
        "archetype": archetype,
        "years": years,
        "accounts": accounts,
        "vat_rate": vat_rate,
        "headcount": headcount,
    }


def draw_company_case(
    kind: str, seed: int, level: str, rng: random.Random, *, detail: float
) -> tuple[dict[str, Any], dict[str, Any]]:
    """Draw a company with `rng` and start a case of `kind` on it, as every kind built on a drawn company does.

    Returns (company, case): the `draw_company` result, for the narrative, and the case's first keys: kind,
    seed, level, the company's identity with its latest headcount, sector, archetype (which a kind keeps out
    of its public case), years, accounts and VAT rate.
    """
    company = draw_company(rng, detail=detail)
    years = company["years"]
    case = {
        "kind": kind,
        "seed": seed,
        "level": level,
        "company": {**company["company"], "headcount": company["headcount"][str(years[-1])]},
        "sector": company["sector"],
        "archetype": company["archetype"],
        "years": years,
        "accounts": company["accounts"],
        "vat_rate": company["vat_rate"],
    }
    return company, case


def _draw_profile(rng: random.Random, sector: str, archetype: str, detail: float, vat_rate: float) -> _Profile:
    s = library.sectors()[sector]
    story = library.archetypes()[archetype]
    features = {name for name in OPTIONAL_FEATURES if rng.random() < detail}
    marchandises = draw(rng, s["mix"]["marchandises"])
    biens = draw(rng, s["mix"]["biens"])
    discounts = "effets_escomptes" in features and rng.random() < s["effets_escomptes"]
    return _Profile(
        sector=s,
        story=story,
        features=features,
        ca=draw(rng, s["ca"]),
        mix=(marchandises, biens, 1.0 - marchandises - biens),
        export=draw(rng, s["export"]) if "export" in features else 0.0,
        taux_ebe=draw(rng, s["taux_ebe"]) * draw(rng, story["taux_ebe"]),
        marge_commerciale=draw(rng, s["marge_commerciale"]),
        matieres=draw(rng, s["matieres"]),
        charges_sociales=draw(rng, s["charges_sociales"]),
        impots_taxes=draw(rng, s["impots_taxes"]),
        dso=draw(rng, s["dso"]),
        dpo=draw(rng, s["dpo"]),
        stocks_jours=draw(rng, s["stocks_jours"]),
        provisions_clients=rng.uniform(0.01, 0.025),
        interest_rate=draw(rng, story["taux_interet"]),
        loan_years=draw(rng, story.get("duree_emprunts"), rng.uniform(5, 7)),
        payout=draw(rng, story["distribution"]),
        vat_rate=vat_rate,
        discounted_share=rng.uniform(0.10, 0.30) if discounts else 0.0,
        current_account=draw(rng, story.get("compte_courant"), rng.uniform(0.0, 0.005)),
        minor={code: rng.uniform(low, high) for code, (low, high) in MINOR_LINES.items()},
    )


def _build_year(
    rng: random.Random, p: _Profile, books: _Books, plan: Mapping[str, Range], *, first: bool, capital: int
) -> dict[str, int]:
    """One year of accounts; updates `books` with the closing balances."""
    lines: dict[str, float] = {}
    growth = 0.0 if first else draw(rng, plan.get("croissance_ca"))
    ca = p.ca if first else books.ca * (1 + growth)
    external_shift = 0.0
    if not first:
        # Purchase costs move for goods resold and for what production consumes: raw materials where they
        # weigh, otherwise subcontracting and other external charges.
        shift = draw(rng, plan.get("cout_achats"))
        p.marge_commerciale -= shift
        if p.matieres >= MATERIALS_MATTER:
            p.matieres += shift
        else:
            external_shift = shift
        p.dso = max(2.0, p.dso + draw(rng, plan.get("dso"), rng.uniform(-3, 3)))
        p.stocks_jours = max(0.0, p.stocks_jours + draw(rng, plan.get("stocks"), rng.uniform(-3, 3)))
        p.dpo = max(15.0, p.dpo + draw(rng, plan.get("dpo"), rng.uniform(-3, 3)))
        drifted = p.provisions_clients * rng.uniform(0.95, 1.1)
        p.provisions_clients = draw(rng, plan.get("provisions_clients"), drifted)
    _turnover(p, ca, lines)
    opening_stocks = _stocks(rng, p, books, ca, lines, first=first)
    _purchases(p, lines, opening_stocks)
    _receivables(rng, p, books, ca, lines, first=first)
    capex = _fixed_assets(rng, p, books, ca, plan, lines, first=first)
    _operating_costs(rng, p, books, ca, plan, lines, first=first, growth=growth, external_shift=external_shift)
    _financial(rng, p, books, lines)
    _exceptional(rng, p, ca, plan, lines)
    _corporate_tax(books, ca, lines)
    _liabilities(rng, p, books, ca, capex, plan, lines, first=first)
    _equity(rng, p, books, lines, capital=capital, first=first)
    acc = _balance(rng, p, books, ca, plan, lines, first=first)
    books.ca = ca
    books.gf = acc["GF"]
    books.result = acc["HN"]
    books.fw = acc["FW"]
    books.fy = acc["FY"]
    return acc


def _turnover(p: _Profile, ca: float, lines: dict[str, float]) -> None:
    for share, (france, export) in zip(p.mix, (("FA", "FB"), ("FD", "FE"), ("FG", "FH"))):
        amount = ca * share
        lines[export] = round(amount * p.export)
        lines[france] = round(amount) - lines[export]


def _stocks(
    rng: random.Random, p: _Profile, books: _Books, ca: float, lines: dict[str, float], *, first: bool
) -> dict[str, int]:
    """Closing stocks from days of turnover; returns the opening stocks."""
    total = p.stocks_jours / 365 * ca
    closing = {code: round(total * share) for code, share in p.sector["stocks_repartition"].items()}
    opening = (
        {code: round(value / rng.uniform(1.0, 1.06)) for code, value in closing.items()} if first else books.stocks
    )
    lines.update(closing)
    books.stocks = closing
    return opening


def _purchases(p: _Profile, lines: dict[str, float], opening: Mapping[str, int]) -> None:
    """Achats and variations de stock: the cost of what was sold, corrected for what went into stock."""
    sales_goods = lines["FA"] + lines["FB"]
    production_sold = lines["FD"] + lines["FE"] + lines["FG"] + lines["FH"]
    lines["FT"] = opening.get("BT", 0) - lines.get("BT", 0)
    lines["FS"] = round(sales_goods * (1 - p.marge_commerciale)) - lines["FT"]
    lines["FV"] = opening.get("BL", 0) - lines.get("BL", 0)
    lines["FU"] = round(production_sold * p.matieres) - lines["FV"]
    lines["FM"] = sum(lines.get(code, 0) - opening.get(code, 0) for code in ("BN", "BR"))  # work in progress


def _receivables(
    rng: random.Random, p: _Profile, books: _Books, ca: float, lines: dict[str, float], *, first: bool
) -> None:
    """Clients (BX) net of provisions (BY) and discounted bills (YS) match the DSO; provisions move through
    dotations (GC) and reprises (FP)."""
    france, export = lines["FA"] + lines["FD"] + lines["FG"], lines["FB"] + lines["FE"] + lines["FH"]
    ca_ttc = france * (1 + p.vat_rate) + export  # export sales carry no French VAT
    outstanding = p.dso / 365 * ca_ttc
    lines["YS"] = round(outstanding * p.discounted_share)
    net = outstanding - lines["YS"]
    gross = net / (1 - p.provisions_clients)
    lines["BX"] = round(gross)
    lines["BY"] = round(gross * p.provisions_clients)
    opening = lines["BY"] / rng.uniform(1.0, 1.1) if first else books.by
    used = opening * rng.uniform(0.2, 0.4)  # provisions reversed as doubtful debts are settled or written off
    lines["GC"] = round(max(0.0, lines["BY"] - opening) + used)
    lines["FP"] = round(max(0.0, opening - lines["BY"]) + used + ca * rng.uniform(0.0, 0.002))
    books.by = lines["BY"]
    lines["BV"] = p.minor_line(rng, "BV", ca)
    lines["BZ"] = p.minor_line(rng, "BZ", ca)


def _fixed_assets(
    rng: random.Random, p: _Profile, books: _Books, ca: float, plan: Mapping[str, Range], lines: dict[str, float],
    *, first: bool,
) -> float:
    """Gross values and depreciation by line, investments of the year; returns the capex."""
    if first:
        gross = draw(rng, p.sector["immobilisations"]) * ca * draw(rng, p.story.get("actifs_immobilises"), 1.0)
        for code, share in p.sector["immobilisations_repartition"].items():
            books.brut[code] = gross * share
            books.amort[code] = gross * share * rng.uniform(0.35, 0.55) if code in DEPRECIATION_YEARS else 0.0
        acquired_goodwill = books.loans * draw(rng, p.story.get("fonds_commercial"))  # a business bought on credit
        books.brut["AH"] = books.brut.get("AH", 0.0) + acquired_goodwill
        books.amort.setdefault("AH", 0.0)
    depreciation = {code: books.brut[code] / life for code, life in DEPRECIATION_YEARS.items() if code in books.brut}
    total_depreciation = sum(depreciation.values())
    capex = total_depreciation * draw(rng, plan.get("investissement"), rng.uniform(0.9, 1.2))
    depreciable = {code: books.brut[code] for code in depreciation}
    weight = sum(depreciable.values()) or 1.0
    for code, value in depreciable.items():
        books.brut[code] += capex * value / weight
        books.amort[code] = min(books.brut[code], books.amort[code] + depreciation[code])
    if "cessions" in p.features and rng.random() < 0.5 and "AT" in books.brut:
        _dispose(rng, books, lines)
    for code in books.brut:
        lines[code] = round(books.brut[code])
        lines[AMORT_OF[code]] = round(books.amort[code])
    lines["GA"] = round(total_depreciation)
    return capex


def _dispose(rng: random.Random, books: _Books, lines: dict[str, float]) -> None:
    """Sale of used vehicles or equipment: proceeds in HB, book value in HF."""
    gross = books.brut["AT"] * rng.uniform(0.03, 0.08)
    depreciated = min(books.amort["AT"], gross * rng.uniform(0.6, 0.95))
    books.brut["AT"] -= gross
    books.amort["AT"] -= depreciated
    book_value = gross - depreciated
    lines["HF"] = round(book_value)
    lines["HB"] = round(book_value * rng.uniform(0.6, 1.5))


def _operating_costs(
    rng: random.Random, p: _Profile, books: _Books, ca: float, plan: Mapping[str, Range], lines: dict[str, float],
    *, first: bool, growth: float, external_shift: float,
) -> None:
    """External and personnel costs. In the first year personnel costs are what is left of the value added
    at the sector's EBE margin; afterwards costs grow on their own (the story) or a little slower than sales,
    and external charges take `external_shift` (points of production sold) of purchase-cost change."""
    lines["FX"] = round(ca * p.impots_taxes)
    lines["FQ"] = p.minor_line(rng, "FQ", ca)
    lines["GE"] = p.minor_line(rng, "GE", ca)
    lines["FO"] = round(ca * rng.uniform(0.001, 0.004)) if "subventions" in p.features else 0
    if first:
        lines["FW"] = round(ca * draw(rng, p.sector["charges_externes"]))
        production = sum(lines[c] for c in ("FD", "FE", "FG", "FH", "FM"))
        margin = lines["FA"] + lines["FB"] - lines["FS"] - lines["FT"]
        value_added = margin + production - lines["FU"] - lines["FV"] - lines["FW"]
        ebe = ca * p.taux_ebe
        personnel = value_added + lines["FO"] - lines["FX"] - ebe
        lines["FY"] = round(personnel / (1 + p.charges_sociales))
    else:
        cost_growth = draw(rng, plan.get("croissance_charges"), growth * rng.uniform(0.6, 0.9))
        production_sold = sum(lines[code] for code in ("FD", "FE", "FG", "FH"))
        lines["FW"] = round(books.fw * (1 + cost_growth) + production_sold * external_shift)
        lines["FY"] = round(books.fy * (1 + cost_growth))
    lines["FZ"] = round(lines["FY"] * p.charges_sociales)
    floor = plan.get("charges_plancher")
    if floor is not None and not first:
        charges = with_totals(lines)["GF"]
        shortfall = books.gf * (1 + draw(rng, floor)) - charges
        lines["FW"] += max(0, round(shortfall))


def _financial(rng: random.Random, p: _Profile, books: _Books, lines: dict[str, float]) -> None:
    """Interest on the opening loans and overdraft (overdrafts cost 2 points more), income on investments."""
    interest = books.loans * p.interest_rate + books.overdraft * (p.interest_rate + 0.02)
    interest += lines["YS"] * (p.interest_rate + 0.01) * p.dso / 365  # discount charges on bills
    lines["GR"] = round(interest)
    lines["GL"] = round(books.placements * rng.uniform(0.01, 0.03))


def _exceptional(
    rng: random.Random, p: _Profile, ca: float, plan: Mapping[str, Range], lines: dict[str, float]
) -> None:
    lines["HE"] = round(ca * draw(rng, plan.get("exceptionnel"), rng.uniform(0.0, 0.001)))
    lines["HA"] = p.minor_line(rng, "HA", ca)


def _corporate_tax(books: _Books, ca: float, lines: dict[str, float]) -> None:
    """Impôt sur les sociétés at 25 % (15 % up to 42 500 euros for SMEs), after carrying past losses forward."""
    acc = with_totals(lines)
    taxable = acc["GW"] + acc["HI"]
    if taxable <= 0:
        books.tax_losses -= taxable
        lines["HK"] = 0
        return
    used = min(books.tax_losses, taxable)
    books.tax_losses -= used
    base = taxable - used
    reduced = min(base, CORPORATE_TAX_REDUCED_LIMIT) if ca < CORPORATE_TAX_SME_TURNOVER else 0
    lines["HK"] = round(reduced * 0.15 + (base - reduced) * 0.25)


def _liabilities(
    rng: random.Random, p: _Profile, books: _Books, ca: float, capex: float, plan: Mapping[str, Range],
    lines: dict[str, float], *, first: bool,
) -> None:
    """Operating debts from days and rates; bank loans repaid over their life and drawn to finance investment."""
    purchases_ttc = (lines["FS"] + lines["FU"] + lines["FW"]) * (1 + p.vat_rate)
    lines["DX"] = round(p.dpo / 365 * purchases_ttc)
    lines["DW"] = round(ca * draw(rng, p.sector["acomptes_clients"]))
    social_and_vat = (lines["FY"] + lines["FZ"]) * 0.18 + ca * p.vat_rate * 0.02  # about one month due
    lines["DY"] = round(social_and_vat * rng.uniform(0.95, 1.05) + lines["HK"] * rng.uniform(0.2, 0.4))
    lines["DZ"] = round(capex * rng.uniform(0.0, 0.1))
    lines["EA"] = p.minor_line(rng, "EA", ca)
    lines["EB"] = p.minor_line(rng, "EB", ca)
    lines["CH"] = p.minor_line(rng, "CH", lines["FW"])
    if not first:
        repaid = books.loans / p.loan_years
        books.loans = books.loans - repaid + capex * draw(rng, plan.get("financement"), rng.uniform(0.3, 0.6))
    lines["DV"] = round(ca * p.current_account * rng.uniform(0.9, 1.1))
    lines["DP"] = p.minor_line(rng, "DP", ca)


def _equity(
    rng: random.Random, p: _Profile, books: _Books, lines: dict[str, float], *, capital: int, first: bool
) -> None:
    """Capital, legal reserve, other reserves and report à nouveau after the allocation of last year's result."""
    eq = books.equity
    if first:
        eq.update(DA=capital, DD=capital * 0.1, DG=0.0, DH=capital * draw(rng, p.story.get("report_a_nouveau")))
    else:
        result = books.result
        if result <= 0:
            eq["DH"] += result
        else:
            absorbed = min(result, max(0.0, -eq["DH"]))
            eq["DH"] += absorbed
            remaining = result - absorbed
            legal = min(remaining * 0.05, max(0.0, eq["DA"] * 0.1 - eq["DD"]))
            eq["DD"] += legal
            remaining -= legal
            dividend = remaining * p.payout if eq["DH"] >= 0 else 0.0
            eq["DG"] += remaining - dividend
    for code in ("DA", "DD", "DG", "DH"):
        lines[code] = round(eq[code])


def _balance(
    rng: random.Random, p: _Profile, books: _Books, ca: float, plan: Mapping[str, Range], lines: dict[str, float],
    *, first: bool,
) -> dict[str, int]:
    """Close the bilan with cash: what the long-term funds leave after the BFR is cash (CF, part in CD), or a
    bank overdraft (EH, inside DU) when it is short of a minimum cash level. In the first year the other
    reserves (DG) are set to give the story's opening treasury, if it has one."""
    lines["DU"] = round(books.loans)
    acc = with_totals(lines)
    gap = acc["EE"] - (acc["CO"] - acc["1A"])  # cash the bilan would need with no overdraft
    if first and "tresorerie" in p.story:
        target = draw(rng, p.story["tresorerie"]) * ca
        reserves = max(0, round(target - gap))
        books.equity["DG"] += reserves
        lines["DG"] = round(books.equity["DG"])
        gap += reserves
    minimum_cash = ca * rng.uniform(0.005, 0.015)
    overdraft = max(draw(rng, plan.get("decouvert")) * ca, minimum_cash - gap, 0.0)
    lines["EH"] = round(overdraft)
    lines["DU"] += lines["EH"]
    cash = gap + lines["EH"]
    lines["CD"] = round(cash * rng.uniform(0.2, 0.5)) if "placements" in p.features and cash > 0.05 * ca else 0
    lines["CF"] = cash - lines["CD"]
    operating_debts = sum(lines.get(code, 0) for code in ("DW", "DX", "DY", "DZ", "EA", "EB"))
    lines["EG"] = operating_debts + lines["EH"] + round(books.loans / p.loan_years)  # renvoi: due within a year
    books.overdraft = lines["EH"]
    books.placements = lines["CD"]
    return with_totals(lines)

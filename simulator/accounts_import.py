"""Load company accounts from the project's own JSON or from INPI/RNE "bilans saisis" records.

Both end up in the project's shape: `{"company": {...}, "years": [oldest..newest],
"accounts": {"<year>": {code: euros}}}` (CONTRACT, "Cases"). Pure: no Flask, no database.

INPI/RNE records (REFERENCE §1): `bilanSaisi.bilan.detail.pages[].liasses[] = {code, m1, m2, m3, m4}`,
amounts as zero-padded strings with a leading `-` for negatives, a missing or empty column counting as 0.
  - page 1 (2050 actif): m1 brut, m2 amort., m3 net N, m4 net N-1. The amort. code never has its own row:
    it is derived as brut - net N (`ACTIF_PAIRS`), so that brut - amort. always equals the filed net.
  - page 2 (2051 passif) and page 4 (2053): m1 N, m2 N-1.
  - page 3 (2052): the turnover rows FA/FD/FG/FJ carry m1 France, m2 Export, m3 Total N, m4 Total N-1
    (so FA gives FA, FB, FC and FJ gives FJ, FK, FL); the other rows m3 N, m4 N-1.
Only `typeBilan` "C" (complet, régime réel normal) is supported. The year of an exercise is the year of its
closing date. Re-filings of the same exercise keep the latest `dateDepot`.

Previous year from the N-1 columns: when a record's N-1 exercise has no record of its own, it is rebuilt
from the N-1 columns and listed in `derived_years`. Those columns are less detailed: assets are known only
net (brut = net, amort. = 0, so provisions such as BY read 0) and turnover only as a total (booked as
French sales, export 0), which the result's `notes` say in French.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from typing import Any

from simulator.finance import ACTIF_PAIRS

NBSP = "\u00a0"
_CODE = re.compile(r"^[A-Z0-9]{2}$")
_AMOUNT = re.compile(r"^[+-]?\d+$")

# 2052 turnover rows: row code -> (France code, Export code, Total code)
TURNOVER_ROWS: dict[str, tuple[str, str, str]] = {
    "FA": ("FA", "FB", "FC"),  # ventes de marchandises
    "FD": ("FD", "FE", "FF"),  # production vendue de biens
    "FG": ("FG", "FH", "FI"),  # production vendue de services
    "FJ": ("FJ", "FK", "FL"),  # chiffre d'affaires net
}

Year = dict[str, int]


def _q(text: object) -> str:
    return f"«{NBSP}{text}{NBSP}»"


def load_accounts(data: dict | list) -> dict:
    """Normalise accounts given as the project's JSON or as INPI/RNE "bilans saisis" (a record or a list).

    Raises ValueError with a one-line French message on anything else.
    """
    if isinstance(data, dict) and "accounts" in data:
        return _load_own(data)
    if isinstance(data, dict) and "bilanSaisi" in data:
        return _load_inpi([data])
    if isinstance(data, list):
        if not data:
            raise ValueError("Aucun bilan fourni (liste vide).")
        return _load_inpi(data)
    raise ValueError(
        f"Format non reconnu{NBSP}: ni comptes Encours (clé {_q('accounts')}) "
        f"ni bilan saisi INPI (clé {_q('bilanSaisi')})."
    )


# --- The project's own JSON -------------------------------------------------------------------------

def _load_own(data: dict) -> dict:
    company = data.get("company", {})
    if not isinstance(company, dict):
        raise ValueError(f"{_q('company')} doit être un objet.")
    years = data.get("years")
    if not isinstance(years, list) or not years:
        raise ValueError(f"{_q('years')} doit être une liste non vide d’années.")
    year_numbers = sorted(_year_number(y) for y in years)
    if len(set(year_numbers)) != len(year_numbers):
        raise ValueError(f"{_q('years')} contient deux fois la même année.")
    accounts = data["accounts"]
    if not isinstance(accounts, dict):
        raise ValueError(f"{_q('accounts')} doit être un objet {{année: {{code: montant}}}}.")
    expected = {str(y) for y in year_numbers}
    if set(map(str, accounts)) != expected:
        raise ValueError(
            f"Les années de {_q('accounts')} ({', '.join(sorted(map(str, accounts)))}) ne correspondent "
            f"pas à {_q('years')} ({', '.join(sorted(expected))})."
        )
    result = dict(data)  # keeps the file's other keys (vat_rate...)
    result["company"] = company
    result["years"] = year_numbers
    by_key = {str(key): codes for key, codes in accounts.items()}
    result["accounts"] = {str(y): _own_year(str(y), by_key[str(y)]) for y in year_numbers}
    return result


def _year_number(value: Any) -> int:
    if isinstance(value, bool) or not isinstance(value, (int, str)) or not str(value).isdigit():
        raise ValueError(f"Année invalide{NBSP}: {_q(value)}.")
    number = int(value)
    if not 1900 <= number <= 2200:
        raise ValueError(f"Année invalide{NBSP}: {_q(value)}.")
    return number


def _own_year(year: str, codes: Any) -> dict[str, int | float]:
    if not isinstance(codes, dict):
        raise ValueError(f"Les comptes de {year} doivent être un objet {{code: montant}}.")
    result: dict[str, int | float] = {}
    for code, amount in codes.items():
        _check_code(code, f"comptes {year}")
        if isinstance(amount, bool) or not isinstance(amount, (int, float)) or not math.isfinite(amount):
            raise ValueError(f"Montant invalide pour {code} en {year}{NBSP}: {_q(amount)}.")
        result[code] = int(amount) if float(amount).is_integer() else amount
    return result


def _check_code(code: Any, where: str) -> None:
    if not isinstance(code, str) or not _CODE.match(code):
        raise ValueError(f"Code de liasse invalide {_q(code)} ({where}).")


# --- INPI / RNE bilans saisis -----------------------------------------------------------------------

class _Record:
    """One INPI record read into year N and year N-1 accounts."""

    def __init__(self, raw: Any, position: int) -> None:
        where = f"bilan n°{NBSP}{position}"
        if not isinstance(raw, dict) or not isinstance(raw.get("bilanSaisi"), dict):
            raise ValueError(
                f"Le {where} n’est pas un bilan saisi INPI (bloc {_q('bilanSaisi')} absent ou illisible)."
            )
        bilan = raw["bilanSaisi"].get("bilan")
        identite = bilan.get("identite", {}) if isinstance(bilan, dict) else None
        if not isinstance(identite, dict):
            raise ValueError(f"Le {where} n’a pas de bloc {_q('bilanSaisi.bilan')} lisible.")
        type_bilan = raw.get("typeBilan") or identite.get("codeTypeBilan")
        if type_bilan != "C":
            if not type_bilan:
                problem = "Type de bilan absent"
            elif type_bilan == "S":
                problem = f"Type de bilan {_q('S')} (simplifié, formulaires 2033) non pris en charge"
            else:
                problem = f"Type de bilan {_q(type_bilan)} non pris en charge"
            raise ValueError(
                f"{problem} ({where}){NBSP}: seul le bilan complet (type C, régime réel normal) est accepté."
            )
        currency = identite.get("codeDevise")
        if currency not in (None, "", "EUR"):
            raise ValueError(f"Devise {_q(currency)} non prise en charge ({where}){NBSP}: euros attendus.")
        self.closing = _closing_date(raw.get("dateCloture") or identite.get("dateClotureExercice"), where)
        self.filed = str(raw.get("dateDepot") or identite.get("dateDepot") or "")
        self.previous_closing = _optional_date(identite.get("dateClotureExercicePrecedent"))
        self.months = _optional_int(identite.get("dureeExerciceN") or identite.get("dureeExercice"))
        self.identity = {
            key: str(value).strip()
            for key, value in {
                "siren": raw.get("siren") or identite.get("siren"),
                "denomination": raw.get("denomination") or identite.get("denomination"),
                "code_activite": identite.get("codeActivite"),
                "adresse": identite.get("adresse"),
            }.items()
            if value not in (None, "")
        }
        detail = bilan.get("detail")
        pages = detail.get("pages") if isinstance(detail, dict) else None
        if not isinstance(pages, list):
            raise ValueError(f"Le {where} n’a pas de pages de liasse ({_q('detail.pages')}).")
        self.current: Year = {}
        self.previous: Year = {}
        for page in pages:
            _read_page(page, self.current, self.previous, where)
        if not self.current:
            raise ValueError(f"Le {where} ne contient aucune ligne de liasse (bilan confidentiel{NBSP}?).")

    @property
    def year(self) -> int:
        return self.closing.year


def _load_inpi(raw_records: list) -> dict:
    records = [_Record(raw, i) for i, raw in enumerate(raw_records, start=1)]
    sirens = {r.identity["siren"] for r in records if "siren" in r.identity}
    if len(sirens) > 1:
        raise ValueError(f"Les bilans portent sur plusieurs entreprises (SIREN {', '.join(sorted(sirens))}).")
    notes: list[str] = []
    by_year = _one_filing_per_exercise(records, notes)
    accounts = {year: record.current for year, record in by_year.items()}
    closing_dates = {year: record.closing.isoformat() for year, record in by_year.items()}
    for year, record in sorted(by_year.items()):
        if record.months not in (None, 12):
            notes.append(
                f"Exercice {year}{NBSP}: durée de {record.months}{NBSP}mois, "
                f"les ratios en jours supposent un exercice de 12{NBSP}mois."
            )
    derived = _derive_previous_years(by_year, accounts, closing_dates, notes)
    years = sorted(accounts)
    return {
        "company": by_year[max(by_year)].identity,
        "years": years,
        "accounts": {str(y): accounts[y] for y in years},
        "closing_dates": {str(y): closing_dates[y] for y in years},
        "derived_years": derived,
        "source": "inpi",
        "notes": notes,
    }


def _one_filing_per_exercise(records: list[_Record], notes: list[str]) -> dict[int, _Record]:
    """Records by closing year; a re-filing of the same exercise replaces the one filed earlier."""
    by_year: dict[int, _Record] = {}
    for record in sorted(records, key=lambda r: r.filed):
        kept = by_year.get(record.year)
        if kept is not None and kept.closing != record.closing:
            raise ValueError(
                f"Deux exercices clos la même année ({kept.closing.isoformat()} et "
                f"{record.closing.isoformat()}){NBSP}: fournissez un seul exercice par année."
            )
        if kept is not None:
            notes.append(
                f"Exercice {record.year}{NBSP}: plusieurs dépôts, le plus récent "
                f"({record.filed or 'sans date'}) est retenu."
            )
        by_year[record.year] = record
    return by_year


def _derive_previous_years(
    by_year: dict[int, _Record], accounts: dict[int, Year], closing_dates: dict[int, str], notes: list[str]
) -> list[int]:
    """Add each missing N-1 exercise from the N-1 columns of its successor; return the years added."""
    derived: list[int] = []
    for year, record in sorted(by_year.items()):
        closing = record.previous_closing or _one_year_before(record.closing)
        if closing.year in accounts or not any(record.previous.values()):
            continue
        accounts[closing.year] = record.previous
        closing_dates[closing.year] = closing.isoformat()
        derived.append(closing.year)
        notes.append(
            f"Exercice {closing.year} reconstitué à partir des colonnes N-1 du bilan {year}{NBSP}: "
            f"actif en valeurs nettes seulement (amortissements et provisions non détaillés), "
            f"chiffre d’affaires sans ventilation France/Export."
        )
    return sorted(derived)


def _read_page(page: Any, current: Year, previous: Year, where: str) -> None:
    if not isinstance(page, dict):
        raise ValueError(f"Page de liasse illisible ({where}).")
    number = _optional_int(page.get("numero"))
    if number not in (1, 2, 3, 4):
        return  # pages beyond the four forms 2050-2053 are not used
    rows = page.get("liasses", [])
    if not isinstance(rows, list):
        raise ValueError(f"Page {number}{NBSP}: {_q('liasses')} doit être une liste ({where}).")
    for row in rows:
        if not isinstance(row, dict):
            raise ValueError(f"Page {number}{NBSP}: ligne de liasse illisible ({where}).")
        code = row.get("code")
        _check_code(code, f"page {number}, {where}")
        m = [_amount(row.get(f"m{i}"), code, number, where) for i in (1, 2, 3, 4)]
        _PAGE_READERS[number](code, m, current, previous)


def _read_actif(code: str, m: list[int], current: Year, previous: Year) -> None:
    brut, _amort, net_n, net_previous = m
    if code in ACTIF_PAIRS:
        current[code] = brut
        current[ACTIF_PAIRS[code]] = brut - net_n
    else:  # lines without an amort. column (AA, CW, CM, CN): brut = net; some filings fill only m1
        current[code] = net_n or brut
    previous[code] = net_previous


def _read_n_then_previous(code: str, m: list[int], current: Year, previous: Year) -> None:
    current[code], previous[code] = m[0], m[1]


def _read_resultat(code: str, m: list[int], current: Year, previous: Year) -> None:
    france, export, total, total_previous = m
    if code in TURNOVER_ROWS:
        france_code, export_code, total_code = TURNOVER_ROWS[code]
        current.update({france_code: france, export_code: export, total_code: total})
        previous.update({france_code: total_previous, total_code: total_previous})
    else:
        current[code], previous[code] = total, total_previous


_PAGE_READERS = {1: _read_actif, 2: _read_n_then_previous, 3: _read_resultat, 4: _read_n_then_previous}


def _amount(raw: Any, code: str, page: int, where: str) -> int:
    if raw is None or raw == "":
        return 0
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and _AMOUNT.match(raw.strip()):
        return int(raw.strip())
    raise ValueError(f"Montant illisible {_q(raw)} (page {page}, code {code}, {where}).")


def _closing_date(raw: Any, where: str) -> dt.date:
    if raw in (None, ""):
        raise ValueError(f"Date de clôture absente ({where}).")
    value = _optional_date(raw)
    if value is None:
        raise ValueError(f"Date de clôture invalide {_q(raw)} ({where}){NBSP}: AAAA-MM-JJ attendu.")
    return value


def _optional_date(raw: Any) -> dt.date | None:
    """`2024-12-31` or `20241231`; None when absent or not a date."""
    if not isinstance(raw, str):
        return None
    text = raw.strip()
    for fmt in ("%Y-%m-%d", "%Y%m%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _optional_int(raw: Any) -> int | None:
    if isinstance(raw, int) and not isinstance(raw, bool):
        return raw
    if isinstance(raw, str) and raw.strip().isdigit():
        return int(raw.strip())
    return None


def _one_year_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 1)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 1, day=28)


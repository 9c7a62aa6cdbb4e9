"""simulator.law: every expected value below is computed by hand in the comment beside it."""

from datetime import date
from decimal import Decimal

import pytest

from simulator import law

D = Decimal


# --- Rates --------------------------------------------------------------------------------------------


def test_default_penalty_rates_of_reference_are_computed_from_the_shipped_ecb_table():
    # Rate in force on 1 Jan / 1 Jul + 10 points:
    # 1/1/2023: 2.50 (since 21/12/2022) -> 12.50 ; 1/7/2023: 4.00 (21/6/2023) -> 14.00
    # 1/1/2024: 4.50 (20/9/2023) -> 14.50        ; 1/7/2024: 4.25 (12/6/2024) -> 14.25
    # 1/1/2025: 3.15 (18/12/2024) -> 13.15       ; 1/7/2025: 2.15 (11/6/2025) -> 12.15
    table = law.penalty_rate_table(2023, 2025)
    assert [(row["start"], row["end"], row["rate"]) for row in table] == [
        (date(2023, 1, 1), date(2023, 6, 30), D("0.1250")),
        (date(2023, 7, 1), date(2023, 12, 31), D("0.1400")),
        (date(2024, 1, 1), date(2024, 6, 30), D("0.1450")),
        (date(2024, 7, 1), date(2024, 12, 31), D("0.1425")),
        (date(2025, 1, 1), date(2025, 6, 30), D("0.1315")),
        (date(2025, 7, 1), date(2025, 12, 31), D("0.1215")),
    ]


def test_ecb_rate_applies_from_its_value_date():
    assert law.ecb_rate_on(date(2025, 6, 10)) == D("0.0240")
    assert law.ecb_rate_on(date(2025, 6, 11)) == D("0.0215")
    assert law.ecb_rate_changes()[0] == (date(2014, 6, 11), D("0.0015"))


def test_ecb_rate_before_the_table_is_refused():
    with pytest.raises(ValueError):
        law.ecb_rate_on(date(2014, 6, 10))


def test_a_change_after_1_july_does_not_alter_the_second_half_year_rate():
    # Case-stated table: 1 % from 1/1/2020, 2 % from 2/7/2020. H2 2020 uses the rate in force on
    # 1 July (1 %): 1 % + 10 = 11 %, even on 31 December.
    changes = [(date(2020, 1, 1), D("0.01")), (date(2020, 7, 2), D("0.02"))]
    assert law.default_penalty_rate(date(2020, 12, 31), changes) == D("0.11")
    assert law.default_penalty_rate(date(2021, 1, 1), changes) == D("0.12")


def test_minimum_contractual_rate_is_three_times_the_legal_rate():
    # H1 2025, professional creditors: 3.71 % ; 3 x 3.71 = 11.13 %
    assert law.legal_interest_rate(date(2025, 3, 1)) == D("0.0371")
    assert law.legal_interest_rate(date(2025, 3, 1), individual_creditor=True) == D("0.0721")
    assert law.minimum_contractual_rate(law.legal_interest_rate(date(2025, 3, 1))) == D("0.1113")


def test_legal_rate_of_an_unpublished_half_year_is_refused():
    with pytest.raises(ValueError):
        law.legal_interest_rate(date(2026, 7, 1))


# --- Late penalties -----------------------------------------------------------------------------------


def test_penalty_with_part_payment_across_the_half_year_boundary():
    # 10 000 € due 20/6/2025, 4 000 paid 1/7/2025, 6 000 paid 10/7/2025 (end date).
    # 21-30 June: 10 days x 10 000 x 13.15 % = 13 150
    # 1 July (payment day counts at the old amount), H2 rate: 1 x 10 000 x 12.15 % = 1 215
    # 2-10 July: 9 days x 6 000 x 12.15 % = 6 561
    # (13 150 + 1 215 + 6 561) / 365 = 20 926 / 365 = 57.3315... -> 57.33
    payments = [(date(2025, 7, 1), D("4000")), (date(2025, 7, 10), D("6000"))]
    assert law.late_penalty(D("10000"), date(2025, 6, 20), date(2025, 7, 10), payments) == D("57.33")


def test_payment_on_the_due_date_costs_nothing():
    payments = [(date(2025, 3, 31), D("5000"))]
    assert law.late_penalty(D("5000"), date(2025, 3, 31), date(2025, 4, 15), payments) == D("0.00")
    assert law.late_penalty(D("5000"), date(2025, 3, 31), date(2025, 3, 31)) == D("0.00")


def test_payment_the_day_after_the_due_date_costs_one_day():
    # 36 500 x 13.15 % / 365 = 100 x 0.1315 = 13.15
    payments = [(date(2025, 4, 1), D("36500"))]
    assert law.late_penalty(D("36500"), date(2025, 3, 31), date(2025, 4, 30), payments) == D("13.15")


def test_penalty_across_new_year_uses_the_new_half_year_rate():
    # Due 31/12/2024; late days 1 and 2 January 2025 at 13.15 %: 2 x 36 500 x 0.1315 / 365 = 26.30
    # (H2 2024 would have given 2 x 14.25 = 28.50)
    assert law.late_penalty(D("36500"), date(2024, 12, 31), date(2025, 1, 2)) == D("26.30")


def test_penalty_across_1_july_2024():
    # 30 June 2024 at 14.50 % + 1 and 2 July at 14.25 %, 100 € of base per rate point:
    # 14.50 + 14.25 + 14.25 = 43.00
    assert law.late_penalty(D("36500"), date(2024, 6, 29), date(2024, 7, 2)) == D("43.00")


def test_penalty_is_rounded_half_up_at_the_end():
    # Constant 36.5 % rate: 12 345 x 0.365 / 365 = 12.345 per day -> 12.35 (half-even would give 12.34)
    assert law.late_penalty(D("12345"), date(2025, 1, 1), date(2025, 1, 2), rates=lambda day: D("0.365")) == D("12.35")


def test_penalty_from_a_case_rate_table_with_iso_strings_and_floats():
    # 30 June: 10 000 x 3.65 % / 365 = 1.00 ; 1 July: 10 000 x 7.3 % / 365 = 2.00 -> 3.00
    table = [
        {"start": "2025-01-01", "end": "2025-06-30", "rate": 0.0365},
        {"start": "2025-07-01", "end": "2025-12-31", "rate": 0.073},
    ]
    assert law.late_penalty(10000, "2025-06-29", "2025-07-01", rates=table) == D("3.00")
    with pytest.raises(ValueError):
        law.late_penalty(10000, "2025-12-30", "2026-01-01", rates=table)


def test_recovery_indemnity_rules():
    assert law.recovery_indemnity() == D("40")
    assert law.recovery_indemnity(paid_late=False) == D("0")
    assert law.recovery_indemnity(professional_debtor=False) == D("0")
    assert law.recovery_indemnity(payment_barred=True) == D("0")


def test_late_payment_charges_of_a_ledger():
    # As of 10/7/2025, H2 2025 rate 12.15 %.
    invoices = [
        # settled 5 days late: 5 x 36 500 x 0.1215 / 365 = 5 x 12.15 = 60.75, + 40 €
        {"id": "F1", "customer": "C", "date": "2025-05-31", "due_date": "2025-06-30", "amount": 36500},
        # paid on its due date: nothing
        {"id": "F2", "customer": "C", "date": "2025-05-31", "due_date": "2025-06-30", "amount": 1000},
        # due on the as-of date: not late yet
        {"id": "F3", "customer": "C", "date": "2025-06-10", "due_date": "2025-07-10", "amount": 7300},
        # open, late 9 and 10 July: 2 x 7 300 x 0.1215 / 365 = 2 x 2.43 = 4.86, + 40 €
        {"id": "F4", "customer": "C", "date": "2025-06-08", "due_date": "2025-07-08", "amount": 7300},
        # half paid on the due date; 1 825 late 2-10 July: 9 x 1 825 x 0.1215 / 365 = 9 x 0.6075
        # = 5.4675 -> 5.47, + 40 €
        {"id": "F5", "customer": "C", "date": "2025-06-01", "due_date": "2025-07-01", "amount": 3650},
        # dated after the as-of date: ignored
        {"id": "F6", "customer": "C", "date": "2025-07-11", "due_date": "2025-07-11", "amount": 500},
    ]
    payments = [
        {"id": "P1", "customer": "C", "date": "2025-07-05", "amount": 36500, "invoice": "F1"},
        {"id": "P2", "customer": "C", "date": "2025-06-30", "amount": 1000, "invoice": "F2"},
        {"id": "P3", "customer": "C", "date": "2025-07-01", "amount": 1825, "invoice": "F5"},
    ]
    charges = law.late_payment_charges(invoices, payments, [], date(2025, 7, 10))
    assert charges == {
        "F1": law.LateCharges(D("60.75"), D("40")),
        "F4": law.LateCharges(D("4.86"), D("40")),
        "F5": law.LateCharges(D("5.47"), D("40")),
    }


# --- Payment terms ------------------------------------------------------------------------------------


def test_max_payment_due_dates():
    # 10/1 + 60 days: 21 days to 31/1, 28 to 28/2 (49), 11 more -> 11/3
    assert law.max_payment_due_date(date(2025, 1, 10), "60_jours") == date(2025, 3, 11)
    # 10/1 + 45 days = 24/2 -> end of February
    assert law.max_payment_due_date(date(2025, 1, 10), "45_jours_fin_de_mois") == date(2025, 2, 28)
    # 20/1 + 45 days: 11 to 31/1, 28 to 28/2 (39), 6 more -> 6/3 -> 31/3
    assert law.max_payment_due_date(date(2025, 1, 20), "45_jours_fin_de_mois") == date(2025, 3, 31)
    # 20/12/2024 + 45 days: 11 to 31/12, 31 to 31/1 (42), 3 more -> 3/2/2025 -> 28/2/2025
    assert law.max_payment_due_date(date(2024, 12, 20), "45_jours_fin_de_mois") == date(2025, 2, 28)
    with pytest.raises(ValueError):
        law.max_payment_due_date(date(2025, 1, 10), "90_jours")


def test_default_due_date_is_30_days_after_delivery():
    assert law.default_due_date(date(2025, 1, 10)) == date(2025, 2, 9)


# --- Calendar -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "start, months, expected",
    [
        (date(2025, 1, 31), 1, date(2025, 2, 28)),
        (date(2024, 1, 31), 1, date(2024, 2, 29)),  # leap year
        (date(2025, 3, 31), 1, date(2025, 4, 30)),
        (date(2025, 1, 15), 1, date(2025, 2, 15)),
        (date(2025, 11, 30), 3, date(2026, 2, 28)),  # over the year end
        (date(2025, 3, 31), -1, date(2025, 2, 28)),
    ],
)
def test_add_months_follows_cpc_641(start, months, expected):
    assert law.add_months(start, months) == expected


@pytest.mark.parametrize(
    "year, easter",
    [(2008, date(2008, 3, 23)), (2024, date(2024, 3, 31)), (2025, date(2025, 4, 20)), (2026, date(2026, 4, 5)),
     (2027, date(2027, 3, 28)), (2038, date(2038, 4, 25))],
)
def test_easter_sunday(year, easter):
    assert law.easter_sunday(year) == easter


def test_the_eleven_public_holidays_of_2025():
    # Easter 20/4: Monday 21/4, Ascension +39 = 29/5, Whit Monday +50 = 9/6. No Good Friday, no 26/12.
    assert law.french_public_holidays(2025) == {
        date(2025, 1, 1), date(2025, 4, 21), date(2025, 5, 1), date(2025, 5, 8), date(2025, 5, 29),
        date(2025, 6, 9), date(2025, 7, 14), date(2025, 8, 15), date(2025, 11, 1), date(2025, 11, 11),
        date(2025, 12, 25),
    }


@pytest.mark.parametrize(
    "day, expected",
    [
        (date(2025, 3, 17), date(2025, 3, 17)),  # Monday, a working day
        (date(2025, 3, 15), date(2025, 3, 17)),  # Saturday -> Monday
        (date(2025, 4, 21), date(2025, 4, 22)),  # Easter Monday -> Tuesday
        (date(2025, 5, 1), date(2025, 5, 2)),  # Thursday 1 May -> Friday
        (date(2025, 5, 8), date(2025, 5, 9)),
        (date(2025, 7, 14), date(2025, 7, 15)),
        (date(2025, 8, 15), date(2025, 8, 18)),  # Friday holiday, then the weekend -> Monday
        (date(2025, 11, 1), date(2025, 11, 3)),  # Saturday holiday -> Monday
        (date(2025, 11, 11), date(2025, 11, 12)),
        (date(2025, 12, 25), date(2025, 12, 26)),  # 26 December is worked outside Alsace-Moselle
        (date(2026, 5, 23), date(2026, 5, 26)),  # Saturday, Sunday, Whit Monday 25/5 -> Tuesday
    ],
)
def test_next_working_day_follows_cpc_642(day, expected):
    assert law.next_working_day(day) == expected


# --- Alsace-Moselle: Good Friday and 26 December (C. trav. L3134-13) ------------------------------------


def test_alsace_moselle_adds_good_friday_and_26_december():
    # Easter Sunday 2026 = 5 April: Good Friday 3 April, Easter Monday 6 April, Ascension 14 May (+39),
    # Whit Monday 25 May (+50).
    national = {date(2026, 1, 1), date(2026, 4, 6), date(2026, 5, 1), date(2026, 5, 8), date(2026, 5, 14),
                date(2026, 5, 25), date(2026, 7, 14), date(2026, 8, 15), date(2026, 11, 1), date(2026, 11, 11),
                date(2026, 12, 25)}
    assert set(law.public_holidays(2026)) == national == law.french_public_holidays(2026)
    for departement in ("57", "67", "68"):
        assert set(law.public_holidays(2026, departement)) == national | {date(2026, 4, 3), date(2026, 12, 26)}
    for elsewhere in ("69", "54", "75", "2A", None):  # Nancy (54) is in Lorraine, not in the Moselle
        assert set(law.public_holidays(2026, elsewhere)) == national
    assert law.public_holidays(2026, "67")[date(2026, 4, 3)] == "le Vendredi saint"
    assert law.public_holidays(2026)[date(2026, 4, 6)] == "le lundi de Pâques"
    assert law.holiday_name(date(2025, 12, 26), "57") == "la Saint-Étienne"
    assert law.holiday_name(date(2025, 12, 26), "69") is None


@pytest.mark.parametrize(
    "day, departement, expected",
    [
        (date(2026, 4, 3), "69", date(2026, 4, 3)),  # Good Friday is worked in Lyon
        (date(2026, 4, 3), "67", date(2026, 4, 7)),  # Strasbourg: Fri 3 (holiday), Sat, Sun, Easter Monday -> Tue 7
        (date(2026, 4, 3), None, date(2026, 4, 3)),
        (date(2025, 12, 26), "69", date(2025, 12, 26)),  # Friday 26 December is worked in Lyon
        (date(2025, 12, 26), "57", date(2025, 12, 29)),  # Metz: Fri 26 (holiday), Sat, Sun -> Mon 29
        (date(2025, 12, 25), "68", date(2025, 12, 29)),  # Mulhouse: Thu 25 and Fri 26 -> Mon 29
        (date(2025, 4, 18), "68", date(2025, 4, 22)),  # Good Friday 2025, Easter Monday 21/4 -> Tue 22
    ],
)
def test_next_working_day_of_a_departement(day, departement, expected):
    assert law.next_working_day(day, departement) == expected
    assert law.is_working_day(day, departement) == (day == expected)


def test_deadlines_ending_on_a_local_holiday_move_only_there():
    # 3/3/2026 + 1 month = Friday 3/4/2026, Good Friday: kept in Lyon, Tuesday 7/4 in Strasbourg
    assert law.opposition_deadline(date(2026, 3, 3), "69") == date(2026, 4, 3)
    assert law.opposition_deadline(date(2026, 3, 3), "67") == date(2026, 4, 7)
    # enforceable the day after: Saturday 4/4 in Lyon, Wednesday 8/4 in Strasbourg
    assert law.injonction_enforceable_from(date(2026, 3, 3)) == date(2026, 4, 4)
    assert law.injonction_enforceable_from(date(2026, 3, 3), "67") == date(2026, 4, 8)
    # 26/10/2025 + 2 months = Friday 26/12/2025: kept nationally, Monday 29/12 for a debtor seated in Metz
    assert law.declaration_deadline(date(2025, 10, 26)) == date(2025, 12, 26)
    assert law.declaration_deadline(date(2025, 10, 26), departement="57") == date(2025, 12, 29)
    # abroad: 26/8/2025 + 4 months = 26/12/2025 likewise; 24/8/2025 + 4 months = Wednesday 24/12, worked
    assert law.declaration_deadline(date(2025, 8, 26), True) == date(2025, 12, 26)
    assert law.declaration_deadline(date(2025, 8, 26), True, "57") == date(2025, 12, 29)
    assert law.declaration_deadline(date(2025, 8, 24), True, "57") == date(2025, 12, 24)
    # 3/1/2026 + 3 months = 3/4/2026 -> 7/4 in Mulhouse; 3/10/2025 + 6 months = 3/4/2026 likewise
    assert law.revendication_deadline(date(2026, 1, 3), "68") == date(2026, 4, 7)
    assert law.injonction_service_deadline(date(2025, 10, 3), "68") == date(2026, 4, 7)
    assert law.releve_forclusion_deadline(date(2025, 10, 3), "68") == date(2026, 4, 7)
    assert law.period_deadline(date(2025, 11, 26), 1, "57") == date(2025, 12, 29)


def test_non_working_reason_names_the_local_holiday_and_its_article():
    assert law.non_working_reason(date(2026, 4, 3), "67") == (
        "le Vendredi saint, jour férié en Moselle, dans le Bas-Rhin et le Haut-Rhin (C. trav. L. 3134-13)")
    assert law.non_working_reason(date(2025, 12, 26), "57").startswith("la Saint-Étienne, jour férié en Moselle")
    assert law.non_working_reason(date(2025, 11, 11)) == "le 11\u00a0Novembre, jour férié"
    assert law.non_working_reason(date(2025, 11, 1)) == "la Toussaint, jour férié"  # a Saturday, said as a holiday
    assert law.non_working_reason(date(2025, 12, 27), "57") == "un samedi"
    assert law.non_working_reason(date(2026, 4, 3), "69") is None
    assert law.non_working_reason(date(2026, 4, 3)) is None


def test_skipped_days_text_names_the_first_day_and_every_later_holiday():
    # Thursday 25/12/2025 (Noël), then Friday 26 (Saint-Étienne in Metz), Saturday 27, Sunday 28 -> Monday 29
    assert [day for day, _ in law.skipped_days(date(2025, 12, 25), "57")] == [
        date(2025, 12, 25), date(2025, 12, 26), date(2025, 12, 27), date(2025, 12, 28)]
    assert law.skipped_days_text(date(2025, 12, 25), "57") == (
        "le 25/12/2025 est Noël, jour férié, et le 26/12/2025 la Saint-Étienne, jour férié en Moselle, dans le "
        "Bas-Rhin et le Haut-Rhin (C. trav. L. 3134-13)")
    assert law.skipped_days_text(date(2025, 12, 25), "69") == "le 25/12/2025 est Noël, jour férié"
    # Saturday 23/05/2026, Sunday, Whit Monday 25/05: the weekend goes without saying after the first day
    assert law.skipped_days_text(date(2026, 5, 23)) == (
        "le 23/05/2026 est un samedi, et le 25/05/2026 le lundi de Pentecôte, jour férié")
    assert law.skipped_days(date(2026, 4, 3), "69") == [] and law.skipped_days_text(date(2026, 4, 3), "69") == ""


def test_period_ending_on_a_month_end_weekend_is_extended():
    # 31/3/2025 + 2 months = 31/5/2025, a Saturday -> Monday 2/6/2025
    assert law.period_deadline(date(2025, 3, 31), 2) == date(2025, 6, 2)


def test_declaration_deadline_two_months_or_four_abroad():
    # 14/2/2025 + 2 months = 14/4/2025 (Monday)
    assert law.declaration_deadline(date(2025, 2, 14), creditor_abroad=False) == date(2025, 4, 14)
    # + 4 months = 14/6/2025, a Saturday -> Monday 16/6
    assert law.declaration_deadline(date(2025, 2, 14), creditor_abroad=True) == date(2025, 6, 16)
    # 21/2/2025 + 2 months = 21/4/2025, Easter Monday -> 22/4
    assert law.declaration_deadline(date(2025, 2, 21)) == date(2025, 4, 22)


def test_declaration_deadline_abroad_is_one_four_month_period():
    # 31/12/2024 + 2 months = 28/2/2025 (Friday); + 4 months = 30/4/2025 (Wednesday),
    # not 28/2 + 2 months = 28/4.
    assert law.declaration_deadline(date(2024, 12, 31)) == date(2025, 2, 28)
    assert law.declaration_deadline(date(2024, 12, 31), creditor_abroad=True) == date(2025, 4, 30)


def test_revendication_releve_and_injonction_deadlines():
    # 1/2/2025 + 3 months = 1/5/2025 (holiday, Thursday) -> 2/5
    assert law.revendication_deadline(date(2025, 2, 1)) == date(2025, 5, 2)
    # 14/1/2025 + 6 months = 14/7/2025 (holiday, Monday) -> 15/7
    assert law.releve_forclusion_deadline(date(2025, 1, 14)) == date(2025, 7, 15)
    # 15/2/2025 + 6 months = 15/8/2025 (holiday, Friday) -> Monday 18/8
    assert law.injonction_service_deadline(date(2025, 2, 15)) == date(2025, 8, 18)


def test_opposition_deadline():
    # 11/10/2025 + 1 month = 11/11/2025 (holiday, Tuesday) -> 12/11
    assert law.opposition_deadline(date(2025, 10, 11)) == date(2025, 11, 12)
    # 25/11/2025 + 1 month = 25/12/2025 (Thursday) -> Friday 26/12
    assert law.opposition_deadline(date(2025, 11, 25)) == date(2025, 12, 26)
    # 31/1/2025 + 1 month = 28/2/2025 (Friday, worked)
    assert law.opposition_deadline(date(2025, 1, 31)) == date(2025, 2, 28)


def test_prescription_date():
    # Due 15/3/2020: last day 15/3/2025, time-barred from 16/3/2025
    assert law.prescription_date(date(2020, 3, 15)) == date(2025, 3, 16)
    # Due 29/2/2020: no 29/2/2025, last day 28/2/2025, barred from 1/3/2025
    assert law.prescription_date(date(2020, 2, 29)) == date(2025, 3, 1)


# --- Insolvency ---------------------------------------------------------------------------------------


def test_present_value_of_a_plan():
    # 1 000 in 1 year + 1 000 in 2 years at 10 %: 1 000 / 1.1 + 1 000 / 1.21 = (1 100 + 1 000) / 1.21
    # = 2 100 / 1.21 = 1 735.537... ; a lump sum of 1 700 now is worth less.
    plan = law.present_value([(1, D("1000")), (2, D("1000"))], D("0.10"))
    assert plan.quantize(D("0.01")) == D("1735.54")
    assert law.present_value([(1, 1100)], 0.1) == D("1000")
    assert law.present_value([(0, 1700)], 0.1) < plan


JUDGMENT = date(2025, 3, 10)


def _claim_case():
    invoices = [
        # échue, 1 000 paid on 14/2. Late days 5/2 to 9/3 at 13.15 %:
        # 5-14 Feb: 10 days x 3 650 = 36 500 ; 15 Feb-9 Mar: 14 + 9 = 23 days x 2 650 = 60 950
        # (36 500 + 60 950) x 0.1315 / 365 = 12 814.675 / 365 = 35.1087 -> 35.11 ; + 40 €
        {"id": "F1", "customer": "D", "date": "2025-01-05", "delivery_date": "2025-01-05",
         "due_date": "2025-02-04", "amount": 3650},
        # delivered the day before the judgment, invoiced after it: declared, à échoir
        {"id": "F2", "customer": "D", "date": "2025-03-12", "delivery_date": "2025-03-09",
         "due_date": "2025-04-11", "amount": 1200},
        # delivered the day of the judgment: not declared
        {"id": "F3", "customer": "D", "date": "2025-03-10", "delivery_date": "2025-03-10",
         "due_date": "2025-04-09", "amount": 700},
        # due the day before the judgment: échue, no late day before it (0 penalty), 40 €
        {"id": "F4", "customer": "D", "date": "2025-02-01", "due_date": "2025-03-09", "amount": 500},
        # due on the judgment date: à échoir, no indemnity
        {"id": "F5", "customer": "D", "date": "2025-02-10", "due_date": "2025-03-10", "amount": 800},
        # settled (late) before the judgment: nothing open to declare
        {"id": "F6", "customer": "D", "date": "2025-01-10", "due_date": "2025-02-09", "amount": 900},
    ]
    payments = [
        {"id": "P1", "customer": "D", "date": "2025-02-14", "amount": 1000, "invoice": "F1"},
        {"id": "P2", "customer": "D", "date": "2025-02-20", "amount": 900, "invoice": "F6"},
        {"id": "P3", "customer": "D", "date": "2025-03-01", "amount": 65},  # on account, unallocated
        {"id": "P4", "customer": "D", "date": "2025-03-12", "amount": 500, "invoice": "F1"},  # after: ignored
    ]
    credit_notes = [
        {"id": "AV1", "customer": "D", "date": "2025-02-20", "amount": 300},  # open: set off
        {"id": "AV2", "customer": "D", "date": "2025-03-11", "amount": 100},  # after the judgment: ignored
    ]
    return invoices, payments, credit_notes


def test_claim_lines_pinned_declaration():
    statement = law.claim_lines(*_claim_case(), JUDGMENT)
    assert [(l.invoice, l.status, l.due_date, l.principal, l.penalties, l.indemnity) for l in statement.lines] == [
        ("F1", "echue", date(2025, 2, 4), D("2650"), D("35.11"), D("40")),
        ("F4", "echue", date(2025, 3, 9), D("500"), D("0.00"), D("40")),
        ("F5", "a_echoir", date(2025, 3, 10), D("800"), D("0"), D("0")),
        ("F2", "a_echoir", date(2025, 4, 11), D("1200"), D("0"), D("0")),
    ]
    assert statement.excluded == ("F3",)
    assert statement.set_off == D("300")
    assert statement.payments_on_account == D("65")
    # 2 650 + 35.11 + 40 + 500 + 40 + 800 + 1 200 - 300 - 65 = 4 900.11
    assert statement.total_declared == D("4900.11")


def test_claim_lines_with_a_case_rate_table():
    # Same F1 at a flat 36.5 %: (36 500 + 60 950) x 0.365 / 365 = 97.45
    table = [{"start": "2025-01-01", "end": "2025-06-30", "rate": "0.365"}]
    statement = law.claim_lines(*_claim_case(), JUDGMENT, rates=table)
    assert statement.lines[0].penalties == D("97.45")


def test_claim_total_is_never_negative():
    invoices = [{"id": "F1", "customer": "D", "date": "2025-01-05", "due_date": "2025-02-04", "amount": 100}]
    credit_notes = [{"id": "AV1", "customer": "D", "date": "2025-01-20", "amount": 300}]
    statement = law.claim_lines(invoices, [], credit_notes, date(2025, 2, 1))
    assert statement.set_off == D("300")
    assert statement.total_declared == D("0")


# --- Litigation -----------------------------------------------------------------------------------------


def test_formal_notice_deadline_is_the_letter_date_plus_eight_days():
    # Lesson 11-01: letter of Monday 16/06/2025 -> pay by 24/06/2025
    assert law.formal_notice_deadline(date(2025, 6, 16)) == date(2025, 6, 24)
    # 27/12/2025 + 8 = 04/01/2026, a Sunday: a date chosen by the creditor, not extended
    assert law.formal_notice_deadline(date(2025, 12, 27)) == date(2026, 1, 4)


def test_injonction_is_enforceable_the_day_after_the_opposition_deadline():
    # Served 22/07/2025 -> opposition until Friday 22/08/2025 -> enforceable from Saturday 23/08/2025
    assert law.injonction_enforceable_from(date(2025, 7, 22)) == date(2025, 8, 23)
    # Served 11/10/2025 -> 11/11 (holiday) -> 12/11/2025 -> enforceable from 13/11/2025
    assert law.injonction_enforceable_from(date(2025, 10, 11)) == date(2025, 11, 13)


def test_petites_creances_ceiling_is_5000_euros_included():
    assert law.petites_creances_eligible("5000")
    assert law.petites_creances_eligible(D("4999.99"))
    assert not law.petites_creances_eligible(D("5000.01"))
    assert not law.petites_creances_eligible(0)


def test_penalty_periods_break_the_penalty_down_by_base_and_half_year():
    # 1 000 € due 2025-06-20, 400 € paid 2025-06-25, as of 2025-07-10 (rates 13.15 % H1, 12.15 % H2 2025):
    # 21-25/06: 5 days at 1 000 (day P counts at the old amount); 26-30/06: 5 days at 600; 01-10/07: 10 days at 600
    periods = law.penalty_periods(1000, date(2025, 6, 20), date(2025, 7, 10), [(date(2025, 6, 25), 400)])
    assert [(p.first, p.last, p.days, p.base, p.rate) for p in periods] == [
        (date(2025, 6, 21), date(2025, 6, 25), 5, D("1000"), D("0.1315")),
        (date(2025, 6, 26), date(2025, 6, 30), 5, D("600"), D("0.1315")),
        (date(2025, 7, 1), date(2025, 7, 10), 10, D("600"), D("0.1215")),
    ]
    # 1 000 x 0.1315 x 5 / 365 + 600 x 0.1315 x 5 / 365 + 600 x 0.1215 x 10 / 365 = 1.8014 + 1.0808 + 1.9973 = 4.88
    total = sum(p.amount for p in periods).quantize(D("0.01"))
    assert total == D("4.88") == law.late_penalty(1000, date(2025, 6, 20), date(2025, 7, 10),
                                                  [(date(2025, 6, 25), 400)])
    assert law.penalty_periods(1000, date(2025, 6, 20), date(2025, 7, 10), [(date(2025, 6, 20), 1000)]) == []

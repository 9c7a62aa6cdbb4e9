"""simulator.ledger: every expected value below is computed by hand in the comment beside it."""

from datetime import date
from decimal import Decimal

import pytest

from simulator import ledger

D = Decimal
AS_OF = date(2025, 6, 30)


def inv(id_, customer, day, due, amount):
    return {"id": id_, "customer": customer, "date": day, "due_date": due, "amount": amount}


def pay(id_, customer, day, amount, invoice=None):
    return {"id": id_, "customer": customer, "date": day, "amount": amount, "invoice": invoice}


@pytest.mark.parametrize(
    "days, expected",
    [(-3, "non_echu"), (0, "non_echu"), (1, "1_30"), (30, "1_30"), (31, "31_60"), (60, "31_60"),
     (61, "61_90"), (90, "61_90"), (91, "plus_90")],
)
def test_bucket_boundaries(days, expected):
    assert ledger.bucket(days) == expected


def _aged_case():
    invoices = [
        inv("A1", "A", "2025-06-10", "2025-07-10", 1000),  # -10 days: non échu
        inv("A2", "A", "2025-05-31", "2025-06-30", 500),  # due on the as-of date: 0 day, non échu
        inv("A3", "A", "2025-05-30", "2025-06-29", 700),  # 1 day; 200 paid -> 500 in 1-30
        inv("A4", "A", "2025-05-01", "2025-05-31", 300),  # 30 days (June has 30): 1-30
        inv("A5", "A", "2025-04-30", "2025-05-30", 400),  # 31 days: 31-60
        inv("A6", "A", "2025-03-01", "2025-03-31", 900),  # 30 (Apr) + 31 (May) + 30 (Jun) = 91: > 90, disputed
        inv("A7", "A", "2025-07-01", "2025-07-31", 5000),  # dated after the as-of date: ignored
        inv("B1", "B", "2025-03-02", "2025-04-01", 600),  # 30 + 31 + 29 = 90 days: 61-90
        inv("B2", "B", "2025-04-01", "2025-05-01", 800),  # 31 + 29 = 60 days: 31-60
        inv("B3", "B", "2025-03-31", "2025-04-30", 450),  # 31 + 30 = 61 days: 61-90
        inv("B4", "B", "2025-03-01", "2025-03-31", 1000),  # fully paid
        inv("B5", "B", "2025-05-16", "2025-06-15", 200),  # overpaid by 60
    ]
    payments = [
        pay("P1", "A", "2025-06-15", 200, "A3"),
        pay("P2", "A", "2025-06-20", 250),  # unallocated
        pay("P3", "A", "2025-07-02", 1000, "A1"),  # after the as-of date: ignored
        pay("P4", "B", "2025-04-15", 1000, "B4"),
        pay("P5", "B", "2025-06-10", 260, "B5"),  # 200 applied, 60 left unallocated
        pay("P6", "D", "2025-07-05", 50),  # customer D has nothing before the as-of date
    ]
    credit_notes = [pay("AV1", "C", "2025-06-01", 100, "NOPE")]  # names no known invoice: unallocated
    return invoices, payments, credit_notes


def test_aged_balance_per_customer():
    balance = ledger.aged_balance(*_aged_case(), AS_OF, disputed=["A6"])
    assert sorted(balance) == ["A", "B", "C"]
    a, b, c = balance["A"], balance["B"], balance["C"]
    # A: non échu 1 000 + 500 ; 1-30: 500 + 300 ; 31-60: 400 ; > 90: 900 ; unallocated -250
    # total 1 500 + 800 + 400 + 900 - 250 = 3 350
    assert [a[name] for name in ledger.BUCKETS] == [D(1500), D(800), D(400), D(0), D(900)]
    assert (a["non_affecte"], a["total"], a["en_litige"], a["litiges"]) == (D(-250), D(3350), D(900), ["A6"])
    # B: 31-60: 800 ; 61-90: 600 + 450 ; unallocated overpayment -60 ; total 1 790
    assert [b[name] for name in ledger.BUCKETS] == [D(0), D(0), D(800), D(1050), D(0)]
    assert (b["non_affecte"], b["total"], b["litiges"]) == (D(-60), D(1790), [])
    # C: an open credit note only
    assert (c["non_affecte"], c["total"]) == (D(-100), D(-100))


def test_aged_balance_totals_and_shares():
    balance = ledger.aged_balance(*_aged_case(), AS_OF, disputed=["A6"])
    totals = ledger.balance_totals(balance)
    # 3 350 + 1 790 - 100 = 5 040 ; échu 800 + 1 200 + 1 050 + 900 = 3 950
    assert totals["total"] == D(5040)
    assert totals["non_affecte"] == D(-410)
    assert ledger.overdue(totals) == D(3950)
    assert ledger.taux_echu(ledger.overdue(totals), totals["total"]) == pytest.approx(3950 / 5040)
    assert ledger.poids_des_litiges(totals["en_litige"], totals["total"]) == pytest.approx(900 / 5040)
    assert ledger.taux_echu(D(10), D(0)) is None


def test_open_items_overpayment_and_settlement_date():
    invoices, payments, credit_notes = _aged_case()
    items = ledger.open_items(invoices, payments, credit_notes, AS_OF)
    by_id = {invoice.id: invoice for invoice in items.invoices}
    assert "A7" not in by_id
    assert items.open_amount(by_id["A3"]) == D(500)
    assert items.open_amount(by_id["B5"]) == D(0)
    assert items.settled_on(by_id["B5"]) == date(2025, 6, 10)
    assert items.settled_on(by_id["A3"]) is None
    assert items.unallocated_total("B") == D(60)
    assert items.unallocated_total(kind="credit_note") == D(100)


def test_negative_settlement_is_refused():
    with pytest.raises(ValueError):
        ledger.settlements_from([pay("P1", "A", "2025-06-15", -5)])


def _billing_invoices():
    return [
        inv("X1", "X", "2025-04-20", "2025-05-20", 60000),
        inv("X2", "X", "2025-05-10", "2025-06-10", 93000),
        inv("X3", "X", "2025-06-05", "2025-07-05", 60000),
        inv("X4", "X", "2025-06-14", "2025-07-14", 40000),
        inv("X5", "X", "2025-06-20", "2025-07-20", 5000),  # after the as-of date
    ]


def test_monthly_billing_as_of_mid_month():
    # As of 15/6: June counts 15 days and 60 000 + 40 000 ; May 31 days ; April 30 days.
    assert ledger.monthly_billing(_billing_invoices(), date(2025, 6, 15)) == [
        (date(2025, 6, 1), 15, D(100000)),
        (date(2025, 5, 1), 31, D(93000)),
        (date(2025, 4, 1), 30, D(60000)),
    ]
    assert ledger.monthly_billing(_billing_invoices(), date(2025, 5, 31), months=2) == [
        (date(2025, 5, 1), 31, D(93000)),
        (date(2025, 4, 1), 30, D(60000)),
    ]


def test_countback_as_of_mid_month():
    # 130 000 open: June (15 days) absorbs 100 000 -> 30 000 left; May: 30 000 / 93 000 x 31 = 10
    # DSO = 15 + 10 = 25
    billing = ledger.monthly_billing(_billing_invoices(), date(2025, 6, 15))
    assert ledger.dso_countback(D(130000), billing) == pytest.approx(25.0)


def test_countback_with_a_partial_last_month():
    billing = [(date(2025, 6, 1), 30, D(100000)), (date(2025, 5, 1), 31, D(120000)), (date(2025, 4, 1), 30, D(80000))]
    # 250 000 - 100 000 (30 d) - 120 000 (31 d) = 30 000 ; 30 000 / 80 000 x 30 = 11.25 ; 30 + 31 + 11.25
    assert ledger.dso_countback(D(250000), billing) == pytest.approx(72.25)
    # exactly absorbed after two months: 30 + 31
    assert ledger.dso_countback(D(220000), billing) == pytest.approx(61.0)
    assert ledger.dso_countback(D(0), billing) == 0.0
    with pytest.raises(ValueError):
        ledger.dso_countback(D(400000), billing)


def test_sales_of_the_last_n_days():
    # As of 15/6, 30 days = 17/5 to 15/6: 60 000 + 40 000 ; 37 days = from 10/5, so X2 counts too
    assert ledger.sales_last_days(_billing_invoices(), date(2025, 6, 15), 30) == D(100000)
    assert ledger.sales_last_days(_billing_invoices(), date(2025, 6, 15), 37) == D(193000)


def test_dso_comptable_bpdso_and_add():
    # 120 000 / 360 000 x 90 = 30 ; non échu 60 000 / 360 000 x 90 = 15 ; ADD = 30 - 15 = 15
    dso = ledger.dso_comptable(D(120000), D(360000), 90)
    best = ledger.bpdso(D(60000), D(360000), 90)
    assert (dso, best, ledger.add(dso, best)) == (pytest.approx(30.0), pytest.approx(15.0), pytest.approx(15.0))
    assert ledger.dso_comptable(D(120000), D(0)) is None
    assert ledger.add(None, best) is None


def test_cei():
    # (200 000 + 500 000 - 250 000) / (200 000 + 500 000 - 150 000) = 450 000 / 550 000 = 9 / 11
    assert ledger.cei(200000, 500000, 250000, 150000) == pytest.approx(9 / 11)


def test_roll_rates():
    previous = {"non_echu": D(100000), "1_30": D(40000), "31_60": D(20000), "61_90": D(10000), "plus_90": D(5000)}
    current = {"non_echu": D(90000), "1_30": D(30000), "31_60": D(10000), "61_90": D(5000), "plus_90": D(8000)}
    # 30 000 / 100 000 ; 10 000 / 40 000 ; 5 000 / 20 000 ; 8 000 / 10 000
    assert ledger.roll_rates(previous, current) == {
        "non_echu->1_30": pytest.approx(0.3),
        "1_30->31_60": pytest.approx(0.25),
        "31_60->61_90": pytest.approx(0.25),
        "61_90->plus_90": pytest.approx(0.8),
    }
    assert ledger.roll_rate(D(0), D(100)) is None


def test_dmp_and_dmr_are_amount_weighted():
    invoices = [
        inv("I1", "Y", "2025-01-01", "2025-01-31", 1000),  # paid 10/2: 40 days, 10 late
        inv("I2", "Y", "2025-01-15", "2025-02-14", 3000),  # paid 4/2: 20 days, early (0 late)
        inv("I3", "Y", "2025-01-10", "2025-02-09", 2000),  # paid in two parts, settled 19/2: 40 days, 10 late
        inv("I4", "Y", "2025-02-01", "2025-03-03", 5000),  # still open: not counted
    ]
    payments = [
        pay("P1", "Y", "2025-02-10", 1000, "I1"),
        pay("P2", "Y", "2025-02-04", 3000, "I2"),
        pay("P3", "Y", "2025-02-01", 1000, "I3"),
        pay("P4", "Y", "2025-02-19", 1000, "I3"),
    ]
    paid = ledger.paid_invoices(ledger.open_items(invoices, payments, [], date(2025, 3, 31)), customer="Y")
    assert sorted((invoice.id, day) for invoice, day in paid) == [
        ("I1", date(2025, 2, 10)), ("I2", date(2025, 2, 4)), ("I3", date(2025, 2, 19))
    ]
    # DMP = (1 000 x 40 + 3 000 x 20 + 2 000 x 40) / 6 000 = 180 000 / 6 000 = 30 (unweighted: 33.3)
    assert ledger.dmp(paid) == pytest.approx(30.0)
    # DMR = (1 000 x 10 + 3 000 x 0 + 2 000 x 10) / 6 000 = 5 (unweighted: 6.7)
    assert ledger.dmr(paid) == pytest.approx(5.0)
    assert ledger.dmp([]) is None


def test_taux_encaissement_flash():
    # 80 000 / (150 000 + 50 000) = 0.4
    assert ledger.taux_encaissement_flash(80000, 150000, 50000) == pytest.approx(0.4)
    assert ledger.taux_encaissement_flash(80000, 0, 0) is None


def test_collection_priorities_weigh_age_and_risk_and_skip_disputes():
    as_of = date(2025, 6, 30)
    invoices = [
        inv("A1", "A", "2025-03-01", "2025-03-31", 1000),  # 91 days late: plus_90
        inv("A2", "A", "2025-05-01", "2025-05-31", 2000),  # 30 days: 1_30
        inv("B1", "B", "2025-04-01", "2025-05-01", 3000),  # 60 days: 31_60, disputed
        inv("B2", "B", "2025-05-10", "2025-06-09", 1500),  # 21 days: 1_30
        inv("C1", "C", "2025-06-10", "2025-07-10", 9000),  # not due: no priority
        inv("D1", "D", "2025-04-15", "2025-05-15", 500),   # 46 days: 31_60, paid without reference
    ]
    payments = [pay("P1", "A", "2025-06-20", 600), pay("P2", "D", "2025-06-01", 500)]
    ages = {"1_30": 1, "31_60": 2, "61_90": 3, "plus_90": 4}
    risks = {"A": 2, "B": 3, "C": 1, "D": 1}
    result = ledger.collection_priorities(invoices, payments, [], as_of, ["B1"], risks, ages)
    # A: unallocated 600 imputed on plus_90 first: 1 000 - 600 = 400; (400 x 4 + 2 000 x 1) x 2 = 7 200
    # B: B1 disputed is left out; 1 500 x 1 x 3 = 4 500. C: nothing overdue. D: 500 - 500 = 0, left out.
    assert [(p.customer, p.score) for p in result] == [("A", D("7200")), ("B", D("4500"))]
    assert result[0].overdue == {"1_30": D("2000"), "31_60": D("0"), "61_90": D("0"), "plus_90": D("400")}
    assert result[0].weighted == D("3600") and result[0].risk_weight == D("2")

"""cases.ledgers: generated customer ledgers are reproducible and coherent."""

import random
from datetime import date

from cases.identity import is_valid_siren
from cases.ledgers import LedgerSpec, draw_ledger

SPEC = LedgerSpec(customers=6, public=True, partial_share=0.3, credit_notes=2, unallocated_credit_notes=1,
                  unallocated_payments=2, disputes=2, after_as_of=True)


def test_the_same_seed_gives_the_same_ledger():
    assert draw_ledger(random.Random(5), SPEC) == draw_ledger(random.Random(5), SPEC)
    assert draw_ledger(random.Random(5), SPEC) != draw_ledger(random.Random(6), SPEC)


def test_ledgers_are_coherent():
    for seed in range(40):
        ledger = draw_ledger(random.Random(seed), SPEC)
        as_of = date.fromisoformat(ledger["as_of"])
        customers = {c["id"]: c for c in ledger["customers"]}
        assert len(customers) == 6 and all(is_valid_siren(c["siren"]) for c in customers.values())
        assert len({c["name"] for c in customers.values()}) == 6
        assert any(c["risk_class"] in "DE" for c in customers.values())  # a late payer to chase
        invoices = {inv["id"]: inv for inv in ledger["invoices"]}
        for inv in invoices.values():
            terms = (date.fromisoformat(inv["due_date"]) - date.fromisoformat(inv["date"])).days
            assert terms == customers[inv["customer"]]["payment_terms_days"] <= 60  # C. com. L441-10
        for doc in ledger["payments"] + ledger["credit_notes"]:
            assert doc["amount"] > 0
            if doc["invoice"]:
                assert invoices[doc["invoice"]]["customer"] == doc["customer"]
        paid = {p["invoice"] for p in ledger["payments"]}
        assert not paid & set(ledger["disputed"])  # a disputed invoice is not paid
        assert set(ledger["dispute_reasons"]) == set(ledger["disputed"])
        assert any(not p["invoice"] for p in ledger["payments"])
        assert any(date.fromisoformat(p["date"]) > as_of for p in ledger["payments"] + ledger["invoices"])
        public = [c for c in customers.values() if c["segment"] == "public"]
        assert len(public) == 1 and public[0]["payment_terms_days"] == 30 and public[0]["siren"][0] == "2"

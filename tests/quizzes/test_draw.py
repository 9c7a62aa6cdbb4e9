"""The draw, pure: picks per rule from categories and sub-categories, no question twice, titled questions in
the rule's order, shuffling, and the same seed giving the same draw."""

import random

from quizzes.definitions import parse_definition
from quizzes.draw import PoolEntry, QuestionPool, draw

POOL = QuestionPool.of(
    [PoolEntry(i, 1, "module-01", f"q{i}") for i in range(1, 6)]
    + [PoolEntry(i, 2, "module-01/sig", f"q{i}") for i in range(6, 9)]
    + [PoolEntry(i, 1, "module-02", f"q{i}") for i in range(9, 12)]
    + [PoolEntry(20, 1, "module-010", "voisin")]  # a category sharing the prefix but not a sub-category
)


def definition(rules, shuffle=False):
    return parse_definition({"slug": "t", "title": "T", "kind": "quiz", "rules": rules, "shuffle_questions": shuffle})


def test_a_category_includes_its_sub_categories_but_not_a_namesake():
    assert {e.id for e in POOL.in_category("module-01")} == set(range(1, 9))
    assert {e.id for e in POOL.in_category("module-01/sig/")} == {6, 7, 8}


def test_each_rule_draws_its_count_and_never_a_question_twice():
    picks = draw(definition([{"category": "module-01/sig", "count": 3}, {"category": "module-01", "count": 5}]),
                 POOL, random.Random(1))
    ids = [qid for qid, _ in picks]
    assert len(ids) == 8 and len(set(ids)) == 8  # the second rule takes the 5 questions the first left
    assert set(ids[:3]) == {6, 7, 8}
    assert dict(picks)[6] == 2  # the current version is the one drawn


def test_a_count_larger_than_the_category_takes_all_of_it():
    assert sorted(q for q, _ in draw(definition([{"category": "module-02", "count": 10}]), POOL,
                                     random.Random(3))) == [9, 10, 11]


def test_titled_questions_come_in_the_rules_order_and_whole_categories_in_bank_order():
    rules = [{"category": "module-02", "titles": ["q11", "absente", "q9"]}, {"category": "module-01/sig"}]
    assert draw(definition(rules), POOL, random.Random(0)) == [(11, 1), (9, 1), (6, 2), (7, 2), (8, 2)]


def test_the_same_seed_gives_the_same_draw_and_shuffling_changes_the_order():
    rules = [{"category": "module-01", "count": 4}, {"category": "module-02", "count": 2}]
    one = draw(definition(rules, shuffle=True), POOL, random.Random(42))
    assert one == draw(definition(rules, shuffle=True), POOL, random.Random(42))
    orders = {tuple(draw(definition(rules, shuffle=True), POOL, random.Random(seed))) for seed in range(20)}
    assert len(orders) > 10
    unshuffled = draw(definition(rules), POOL, random.Random(42))
    assert all(q <= 8 for q, _ in unshuffled[:4]) and all(q >= 9 for q, _ in unshuffled[4:])

"""A minimum (a sales target) is met, exactly or with some to spare: never "% used"; only an
upper limit is used."""

from __future__ import annotations

from collections import namedtuple
from pathlib import Path

from allocator.report import paper, plan_tables
from allocator.report.language import Words
from tests.builders import offer, solve, world

Row = namedtuple("Row", "constraint label sense used limit use_share")


def test_a_sales_target_met_exactly_is_at_its_minimum_in_both_languages(tmp_path: Path) -> None:
    # the loan loses money, so the plan makes exactly the one its sales target asks for
    path = world(tmp_path, [{"customer_id": "A"}, {"customer_id": "B"}],
                 offers={"loan": offer(10, cost=20, minimum=1)})
    outcome = solve(path)
    tiers, constraints = plan_tables.tier_plan(outcome), plan_tables.constraint_table(outcome)
    english = paper.watch_lines(outcome, tiers, constraints, Words("en"))
    target = [line for line in english if "loan" in line]
    assert target and "at its minimum (1, minimum 1)" in target[0], english
    assert not any("% used" in line for line in target)
    chinese = paper.watch_lines(outcome, tiers, constraints, Words("zh"))
    assert any("恰好达到下限" in line for line in chinese) and not any(
        "已使用" in line and "loan" in line for line in chinese)
    grouped = paper.grouped_constraints(constraints, {"R1": "rm / R"})
    floors = grouped[grouped["sense"] == "ge"]
    assert not floors.empty and floors["max_use_share"].isna().all()


def test_a_minimum_met_with_room_says_how_much_is_to_spare() -> None:
    row = Row("offer_minimum", "investment_fund", "ge", 50.0, 49.0, 49 / 50)
    assert paper.watched_limit(row, Words("en")).endswith(
        "is met with 1 to spare (50, minimum 49).")
    cap = Row("budget", "total", "le", 45_000.0, 45_000.0, 1.0)
    assert paper.watched_limit(cap, Words("en")) == "budget total is 100.0% used (45,000 of " \
        "45,000)."


def test_a_soft_minimum_missed_says_by_how_much_and_its_penalty_never_room_left(
        tmp_path: Path) -> None:
    # two customers, a sales target of 3 loans, soft at 50 a loan short: both get one (each
    # loses 10, less than the penalty), the target is missed by 1. No share of it is "used"
    # (3 / 2 = 150%), and nothing says it is priced with room left.
    from allocator.report.drivers import driver_table, shown_drivers

    path = world(tmp_path, [{"customer_id": "A"}, {"customer_id": "B"}],
                 offers={"loan": offer(10, cost=20, minimum=3)},
                 objective={"soft": {"offer_minimum": 50}})
    outcome = solve(path)
    tiers, constraints = plan_tables.tier_plan(outcome), plan_tables.constraint_table(outcome)
    ranked = driver_table(outcome, constraints)
    target = ranked[ranked["constraint"] == "offer_minimum"]
    assert len(target) == 1 and target["use_share"].isna().all()
    for language, said in (("en", "missed by 1 (soft, penalty 50.00 EUR per offer)"),
                           ("zh", "未达到，差 1（软约束，罚金为每次推荐 50.00 EUR）")):
        words = Words(language)  # type: ignore[arg-type]
        shown = shown_drivers(ranked, "EUR", words)
        assert shown.loc[target.index[0], "price_note"] == said
        texts = [cell.text for row in paper.view(shown, words).rows for cell in row.cells]
        assert said in texts and "150.0%" not in texts
        assert not any(text.startswith(("priced with room left", "尚有余量")) for text in texts)
        watch = paper.watch_lines(outcome, tiers, constraints, words)
        line = next(line for line in watch if said in line)
        assert "2" in line and "3" in line and "minimum (" not in line and "下限（" not in line

"""An incumbent RM who cannot keep a customer alone (0 hours, too few hours for the customer,
a max_book of 0), or not with the others it keeps (hours or a book for only k of them),
forces the customer's move: the continuity limit counts the sum over RMs of k less the
keepable incumbents kept, in the model, the decomposition, the checker and the reports."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.keepable import held, keepable
from allocator.optimize import Outcome
from allocator.preparation import prepare
from allocator.report.language import Words
from allocator.report.paper import does_lines
from allocator.report.plan_tables import rm_moves
from tests.builders import solve, world

TOP = {"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory", "max_offers": 5,
               "hours_per_customer": 10},
       "base": {"rm_grades": {"rm": 1.0}, "coverage": "optional", "max_offers": 5}}


def book(folder: Path, gone: dict[str, Any], continuity: int = 1) -> Path:
    """Four customers of a mandatory tier (10 hours each) whose RM today is A, one of B's;
    A has the columns `gone` says (its hours or book size), B has room for all five. At most
    `continuity` customers may leave an RM who could keep them."""
    customers = [{"customer_id": f"C{i}", "tier_key": 2.0, "revenue_12m": 100.0,
                  "incumbent_rm": "A"} for i in range(4)]
    customers.append({"customer_id": "C4", "tier_key": 2.0, "revenue_12m": 100.0,
                      "incumbent_rm": "B"})
    rms = [{"rm_id": "A", "grade": "rm", "region": "R", "capacity_hours": 100, "max_book": 10,
            **gone},
           {"rm_id": "B", "grade": "rm", "region": "R", "capacity_hours": 100, "max_book": 10}]
    return world(folder, customers, rms, tiers=TOP,
                 rules={"continuity": {"max_reassignments": continuity, "bonus": 0.1}})


def continuity_used(outcome: Outcome) -> float:
    assert outcome.check is not None
    table = outcome.check.constraints
    return float(table.loc[table["constraint"] == "continuity", "used"].iloc[0])


@pytest.mark.parametrize("method", ["exact", "decomposition"])
@pytest.mark.parametrize("gone", [{"capacity_hours": 0}, {"capacity_hours": 5},
                                  {"max_book": 0}], ids=["0 hours", "5 hours", "max_book 0"])
def test_customers_of_an_rm_who_cannot_keep_them_move_uncounted(
        tmp_path: Path, method: str, gone: dict[str, Any]) -> None:
    """A's four customers must all go to B: a plan, checked, with 0 moves counted against a
    limit of 1 (before, the limit counted 4 and no plan met it)."""
    outcome = solve(book(tmp_path, gone), f"solver.method={method}")
    assert outcome.plan is not None and outcome.check is not None and outcome.check.ok
    assert set(outcome.plan.assignments["rm_id"]) == {"B"}
    assert continuity_used(outcome) == 0.0
    assert int(outcome.decisions.x.keepable.sum()) == 1  # C4 with B alone
    if method == "exact":
        assert rm_moves(outcome) == {"kept": 1, "moved": 4, "forced": 4, "gone": 0,
                                     "unkept": 4, "new": 0, "dropped": 0, "reassigned": 0}


def test_an_rm_who_can_keep_them_still_counts_every_move(tmp_path: Path) -> None:
    """With 10 hours, A can keep any one customer, but only one: a limit of 0 keeps one of
    them with A (the other three moves are forced; before, the limit counted four and no
    plan met it); with 100 hours and a limit of 0 every customer stays."""
    outcome = solve(book(tmp_path / "a", {"capacity_hours": 10}, continuity=0))
    assert outcome.plan is not None and outcome.check is not None and outcome.check.ok
    assert continuity_used(outcome) == 0.0
    assert list(outcome.plan.assignments["rm_id"]).count("A") == 1
    assert int(outcome.decisions.x.keepable.sum()) == 5
    assert int(outcome.decisions.x.held.sum()) == 2  # one of A's, C4 with B
    assert rm_moves(outcome) == {"kept": 2, "moved": 3, "forced": 3, "gone": 0, "unkept": 3,
                                 "new": 0, "dropped": 0, "reassigned": 0}
    kept = solve(book(tmp_path / "b", {}, continuity=0))
    assert kept.plan is not None
    assert dict(zip(kept.plan.assignments["customer_id"], kept.plan.assignments["rm_id"],
                    strict=True)) == {"C0": "A", "C1": "A", "C2": "A", "C3": "A", "C4": "B"}


def test_the_warning_names_the_rm_and_its_hours(tmp_path: Path) -> None:
    found = prepare(book(tmp_path, {"capacity_hours": 0})).readiness.warnings
    texts = [w.text(Words()) for w in found if w.message == "ready_rm_no_hours"]
    assert texts == [
        "RM A has 0 capacity hours (capacity_hours in the RM table), fewer than each of 4 "
        "customers it serves today (incumbent_rm) needs of it alone: they move to other RMs "
        "or to none, moves forced by the RM's hours that the continuity limit does not count. "
        "Give the RM its hours, or take it out of the RM table if it has left."]
    [zh] = [w.text(Words("zh")) for w in found if w.message == "ready_rm_no_hours"]
    assert zh.startswith("客户经理 A 的工时为 0（客户经理表的 capacity_hours），少于其现有客户"
                         "（incumbent_rm）中 4 位")


def test_the_warning_names_an_rm_of_no_book(tmp_path: Path) -> None:
    found = prepare(book(tmp_path, {"max_book": 0})).readiness.warnings
    assert [w.text(Words()) for w in found if w.message == "ready_rm_no_book"] == [
        "RM A has a max_book of 0 in the RM table: the 4 customers it serves today "
        "(incumbent_rm) move to other RMs or to none, moves forced by the RM's book size that "
        "the continuity limit does not count. Give the RM a book size, or take it out of the "
        "RM table if it has left."]
    assert not any(w.message.startswith("ready_rm_no") for w in prepare(
        book(tmp_path / "full", {})).readiness.warnings)


@pytest.mark.parametrize("scale", ["rules.rm_capacity_scale=0.05",
                                   "rules.rm_capacity_scale.rm=0.05"])
def test_a_book_the_scaling_leaves_at_0_is_said_to_be_the_scaling_s(
        tmp_path: Path, scale: str) -> None:
    # the RM table gives A and B a book of 10: it blamed the table's max_book and not the --set
    found = prepare(book(tmp_path, {}), [scale]).readiness.warnings
    key = scale.partition("=")[0]
    english, chinese = ([w.text(Words(language)) for w in found
                         if w.message == "ready_rm_no_book_scaled"] for language in ("en", "zh"))
    assert english[0] == (
        f"--set {scale}: RM A has a max_book of 0 once scaled by 0.05 (the RM table's max_book "
        f"times {key}, rounded down): the 4 customers it serves today (incumbent_rm) move to "
        "other RMs or to none, moves forced by the scaling that the continuity limit does not "
        "count. Scale the RM's book size less, or give it a larger one in the RM table.")
    assert chinese[0] == (
        f"--set {scale}：客户经理 A 的 max_book 按 0.05 倍缩放后为 0（客户经理表的 max_book "
        f"乘以 {key} 后向下取整）：其现有的 4 位客户（incumbent_rm）将转给其他客户经理或不再有"
        "客户经理，属缩放所迫的变更，不计入连续性限额。请减小对该客户经理客户数上限的缩放，或在"
        "客户经理表中为其设更大的客户数上限。")
    assert not any(w.message == "ready_rm_no_book" for w in found)


def test_hours_the_scaling_leaves_too_few_are_said_to_be_the_scaling_s(tmp_path: Path) -> None:
    found = prepare(book(tmp_path, {"max_book": None}),
                    ["rules.rm_capacity_scale=0.05"]).readiness.warnings
    english, chinese = ([w.text(Words(language)) for w in found
                         if w.message == "ready_rm_no_hours_scaled"] for language in ("en", "zh"))
    assert english[0].startswith(
        "--set rules.rm_capacity_scale=0.05: RM A has 5 capacity hours once scaled by 0.05 (the "
        "RM table's capacity_hours times rules.rm_capacity_scale), fewer than each of 4 "), english
    assert chinese[0].startswith(
        "--set rules.rm_capacity_scale=0.05：客户经理 A 的工时按 0.05 倍缩放后为 5（客户经理表的 "
        "capacity_hours 乘以 rules.rm_capacity_scale），少于"), chinese


def test_the_report_says_why_those_customers_moved(tmp_path: Path) -> None:
    outcome = solve(book(tmp_path, {"capacity_hours": 0}))
    tiers = pd.DataFrame({"tier": ["top"], "package": [""], "covered": [5], "customers": [5]})
    offers = pd.DataFrame({"channel": ["rm"], "made": [0]})
    moves = rm_moves(outcome)
    english = " ".join(does_lines(moves, tiers, offers, Words()))
    assert ("1 customer keeps their RM, 4 move to another RM, 0 get an RM for the first time, "
            "0 lose theirs. The continuity limit counts 0 reassignments: customers who leave "
            "an RM who could have kept them, for another RM or for none; the other 4 who "
            "leave their RM are forced moves.") in english
    assert ("4 of the forced moves are of customers whose RM today has too few hours or too "
            "small a book to keep all the customers it serves (an RM at 0 hours keeps none): "
            "they move to another RM or to none, and the continuity limit does not count "
            "them.") in english
    assert "may no longer serve" not in english
    chinese = " ".join(does_lines(moves, tiers, offers, Words("zh")))
    assert "其余 4 位离开原客户经理的客户属被迫变更" in chinese
    assert "被迫变更中有 4 位客户的原客户经理工时或客户数上限不足以留住其全部现有客户" in chinese


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.floats(0, 50), st.floats(0, 50),
                          st.one_of(st.just(np.nan), st.integers(0, 3).map(float))),
                min_size=1, max_size=20))
def test_an_rm_keeps_a_customer_alone_when_its_hours_and_book_hold_them(
        pairs: list[tuple[float, float, float]]) -> None:
    hours, capacity, max_book = (np.array(column) for column in zip(*pairs, strict=True))
    expected = [need <= have + 1e-9 and not (size < 1) for need, have, size in pairs]
    assert list(keepable(hours, capacity, max_book)) == expected


@pytest.mark.parametrize("method", ["exact", "decomposition"])
@pytest.mark.parametrize(("column", "steps"), [("capacity_hours", [0, 5, 10, 15, 20, 30, 40]),
                                               ("max_book", [0, 1, 2, 3, 4])])
def test_more_hours_or_book_never_turns_a_plan_infeasible(
        tmp_path: Path, method: str, column: str, steps: list[int]) -> None:
    """A's hours (or book size) raised step by step from 0, with no move allowed: each run
    plans, checked, A keeping as many of its customers as its room holds, and the checker
    counts what the model counts (before, A with room for one customer counted all four
    and no plan met the limit)."""
    for step in steps:
        outcome = solve(book(tmp_path / f"{step}", {column: step}, continuity=0),
                        f"solver.method={method}")
        assert outcome.plan is not None and outcome.check is not None, step
        assert outcome.check.ok, (step, outcome.check)
        room = min(step // 10 if column == "capacity_hours" else step, 4)
        assert list(outcome.plan.assignments["rm_id"]).count("A") == room, step
        moves = rm_moves(outcome)
        assert moves is not None and moves["reassigned"] == continuity_used(outcome) == 0.0


def test_an_rm_keeps_its_smallest_customers_first_within_its_hours_and_book() -> None:
    """k per RM: the smallest needs first while they fit its hours, at most its max_book."""
    rm = np.array(["A", "A", "A", "B", "B", "B"])
    hours = np.array([6.0, 2.0, 3.0, 4.0, 4.0, 4.0])
    capacity = np.array([6.0] * 3 + [100.0] * 3)
    book = np.array([np.nan] * 3 + [2.0] * 3)
    assert list(held(rm, hours, capacity, book)) == [False, True, True, True, True, False]


def test_an_rm_that_can_keep_some_of_its_customers_is_not_warned_of(tmp_path: Path) -> None:
    """A book over its RM's hours today is where planning often starts: the report counts
    those forced moves, and only an RM who can keep none (0 hours, a max_book of 0) is
    warned of."""
    found = prepare(book(tmp_path, {"capacity_hours": 25})).readiness.warnings
    assert not any(w.message.startswith("ready_rm") for w in found)

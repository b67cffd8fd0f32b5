"""RM hours per month priced by the decomposition: each customer chooses its RM and its schedule
together at the RM-months' prices, so the bound tightens and stays certified; a book in parts
plans them where each RM's customers are in one part, and says which RM-month is not."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import allocator.decomposition.coupling_rows as coupling_rows
from allocator.backends import Status
from allocator.checks import verify_plan
from allocator.decomposition.coupling_rows import couplings
from allocator.decomposition.subproblems import customer_structure, solve_subproblems
from allocator.errors import UserError
from allocator.optimize import Outcome
from allocator.preparation import prepare
from allocator.problem import decisions_of
from tests.builders import offer, solve, world
from tests.test_parts import solved_in_parts
from tests.test_rm_month_hours import CALENDAR, CUSTOMERS, OFFERS, rm


def unpriced(path: Path, *sets: str) -> Outcome:
    """The decomposition with the RM-months left out of its search (as it was before they
    were priced): its bound at a multiplier of 0 on every RM-month."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(coupling_rows, "rm_month_family", lambda *_: None)
        return solve(path, "solver.method=decomposition", *sets)


def regional(folder: Path, customers: list[dict[str, Any]], regions: str) -> Path:
    """The calendar book of tests.test_rm_month_hours with each customer in a region (N or
    S), each region's one RM with 2 hours a month: one review (1.5 hours) and two
    follow-ups (1 hour) a month."""
    return world(folder, [{**row, "region": r} for row, r in zip(customers, regions,
                                                                  strict=True)],
                 rms=[rm("R1", region="N"), rm("R2", region="S")], offers=OFFERS,
                 calendar=CALENDAR, rm_grades={"rm": {"hours_per_month": 2.0}})


@pytest.mark.parametrize(("rms", "regions", "expected"), [
    # A and B with R1, C with R2: A's and C's reviews, every follow-up
    ([rm("R1", region="N"), rm("R2", region="S")], "NNS", 10 + 6 + 12),
    # R2 makes no RM contact: its customers would get none, so all go to R1
    ([rm("R1"), rm("R2", hours_per_month=0)], "RRR", 10 + 5 + 4),
    # R2 has an hour a month: the customer whose follow-up R1's second month leaves out
    # moves to R2 for it (repair/rm_month_moves.py)
    ([rm("R1"), rm("R2", hours_per_month=1.0)], "RRR", 10 + 5 + 4 + 3),
])
def test_priced_rm_months_tighten_the_bound_to_the_same_plan(
        tmp_path: Path, rms: list[dict[str, Any]], regions: str, expected: float) -> None:
    path = world(tmp_path, [{**row, "region": r} for row, r in zip(CUSTOMERS, regions,
                                                                   strict=True)],
                 rms=rms, offers=OFFERS, calendar=CALENDAR,
                 rm_grades={"rm": {"hours_per_month": 2.0}})
    exact = solve(path, "solver.method=exact")
    assert exact.result.status == Status.OPTIMAL and exact.objective == pytest.approx(expected)
    priced, before = solve(path, "solver.method=decomposition"), unpriced(path)
    for found in (priced, before):
        assert found.check is not None and found.check.ok, found.check.violations
        assert found.objective == pytest.approx(expected)
    assert priced.result.bound is not None and before.result.bound is not None
    # unpriced, every customer's RM contacts all count (36); priced, a review's hours cost
    assert before.result.bound == pytest.approx(36.0)
    assert expected - 1e-6 <= priced.result.bound < before.result.bound - 1.0


def test_a_customer_takes_the_rm_whose_months_leave_its_schedule_best(tmp_path: Path
                                                                      ) -> None:
    # R1's first month is priced at 4 an hour, R2's not: A's review (10, 1.5 hours) is worth
    # 4 with R1 and 10 with R2, so A takes R2 and both contacts, though R1 serves A as well
    path = world(tmp_path, CUSTOMERS[:1], rms=[rm("R1"), rm("R2")], offers=OFFERS,
                 calendar=CALENDAR, rm_grades={"rm": {"hours_per_month": 2.0}},
                 tiers={"top": {"rm_grades": {"rm": 1.0}, "coverage": "optional",
                                "max_offers": 5}})
    prepared = prepare(path)
    valued, scenario = prepared.valued, prepared.loaded.scenario
    d = decisions_of(valued)
    families = couplings(valued, scenario, d)
    cs = customer_structure(valued, scenario, d, families)
    months = [f for f in families if f.name == "rm_month_hours"]
    assert [list(f.labels) for f in months] == [["rm / R1 / 1-30", "rm / R1 / 31-60",
                                                 "rm / R2 / 1-30", "rm / R2 / 31-60"]]
    lam = [np.zeros(len(f.limits)) for f in families]
    lam[families.index(months[0])][0] = 4.0
    choice = solve_subproblems(d, cs, lam)
    assert list(np.asarray(valued.rms["rm_id"])[d.x.rm[choice.x]]) == ["R2"]
    assert choice.y.sum() == 2 and choice.value == pytest.approx(15.0)
    lam[families.index(months[0])][2] = 5.0  # R2's first month dearer: R1's review is worth 4
    choice = solve_subproblems(d, cs, lam)
    assert list(np.asarray(valued.rms["rm_id"])[d.x.rm[choice.x]]) == ["R1"]
    assert choice.value == pytest.approx(10 - 1.5 * 4 + 5)
    assert months[0].usage(choice.x, choice.y, choice.s).tolist() == [1.5, 1.0, 0, 0]


ACTIVITY = st.tuples(st.integers(1, 60), st.sampled_from(["rm", "email"]),
                     st.sampled_from([0.5, 1.0, 1.5, 2.0]),
                     st.lists(st.integers(0, 9), min_size=4, max_size=4))
"""An activity: day, channel, RM hours a contact takes (on the rm channel), its value to each
of four customers."""


@settings(max_examples=5, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(acts=st.lists(ACTIVITY, min_size=2, max_size=4),
       limits=st.lists(st.sampled_from([0.0, 1.0, 2.0, 3.5]), min_size=2, max_size=2),
       regions=st.sampled_from(["RRRR", "NNSS", "NRSR"]), most=st.integers(1, 3))
def test_the_priced_bound_holds_over_random_calendar_books(
        tmp_path_factory: pytest.TempPathFactory, acts: list[tuple[int, str, float, list[int]]],
        limits: list[float], regions: str, most: int) -> None:
    """Four customers, two RMs (of one region or of two) with random hours per month, random
    RM and email activities under a contact limit: the decomposition's bound is at least
    the exact optimum and at most the bound without the RM-months priced, and its plan passes
    the checker."""
    folder = tmp_path_factory.mktemp("random")
    customers = [{"customer_id": name, "tier_key": 1.0, "region": region,
                  **{f"v{k}": float(v[i]) for k, (*_, v) in enumerate(acts)}}
                 for i, (name, region) in enumerate(zip("ABCD", regions, strict=True))]
    offers = {f"o{k}": offer(1.0, channel=channel, value_column=f"v{k}")
              for k, (_, channel, _, _) in enumerate(acts)}
    calendar = {"horizon": 60, "activities": {
        f"a{k}": {"offer": f"o{k}", "day": day, "rm_hours": hours}
        for k, (day, _, hours, _) in enumerate(acts)},
        "contact_rules": {"most": {"max": most, "every": 30}}}
    spread = {"RRRR": "RR", "NNSS": "NS", "NRSR": "RS"}[regions]
    rms = [rm(f"R{r}", region=spread[r], hours_per_month=limit)
           for r, limit in enumerate(limits)]
    path = world(folder, customers, rms=rms, offers=offers, calendar=calendar,
                 tiers={"top": {"rm_grades": {"rm": 1.0}, "coverage": "optional",
                                "max_offers": 5}})
    exact = solve(path, "solver.method=exact")
    assert exact.result.status == Status.OPTIMAL and exact.objective is not None
    found = solve(path, "solver.method=decomposition")
    assert found.check is not None and found.check.ok, found.check.violations
    assert found.objective is not None and found.result.bound is not None
    assert found.objective <= exact.objective + 1e-6 <= found.result.bound + 2e-6
    before = unpriced(path).result.bound
    assert before is not None and found.result.bound <= before + 1e-6


def test_a_book_split_by_region_plans_rm_months_in_parts(tmp_path: Path) -> None:
    # A and B with R1 (N), C and D with R2 (S), in a part each: A's and C's reviews and
    # every follow-up
    customers = [*CUSTOMERS, {"customer_id": "D", "tier_key": 1.0, "p_review": 0.4,
                              "p_follow": 0.4}]
    prepared = prepare(regional(tmp_path, customers, "NNSS"))
    solved, plan = solved_in_parts(prepared, 2)
    assert solved.best is not None
    report = verify_plan(prepared.check_inputs(), plan, solved.best.objective)
    assert report.ok, report.hard_violations[:3]
    assert solved.best.objective == pytest.approx(10 + 6 + 5 + 4 + 3 + 2)
    assert solved.bound >= solved.best.objective - 1e-6


@pytest.mark.parametrize(("language", "words"), [
    ("en", "customers of RM-month rm / R1 / 1-30 are in 2 parts"),
    ("zh", "客户经理月份 rm / R1 / 1-30 的客户分布在 2 个部分中")])
def test_a_book_in_parts_refuses_an_rm_whose_customers_are_in_two(
        tmp_path: Path, language: str, words: str) -> None:
    # A in the first part, B (also R1's) and C in the second
    path = regional(tmp_path, CUSTOMERS, "NNS")
    prepared = prepare(path, [f"output.language={language}"])
    with pytest.raises(UserError) as refused:
        solved_in_parts(prepared, 2)
    said = refused.value.shown(language)
    assert "hours_per_month" in said and words in said

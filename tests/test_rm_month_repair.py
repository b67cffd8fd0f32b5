"""The decomposition's repair of RM hours per month: customers of RMs with full months get
their RMs and schedules again together (repair/month_exchange.py), so interchangeable RMs
share the RM contacts as the exact plan does; and a soft RM-month goes over where an RM
contact is worth more than its hours' penalty, as on the exact path."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from allocator.backends import Status
from allocator.optimize import Outcome
from tests.builders import assigned, offer, offered, solve, world
from tests.test_rm_month_hours import CALENDAR, CUSTOMERS, OFFERS, hours_world, rm

DECOMPOSED = "solver.method=decomposition"


def test_two_interchangeable_rms_share_the_rm_contacts_as_the_exact_plan(tmp_path: Path
                                                                        ) -> None:
    # two RMs of one grade and region, 2 hours a month each: one RM takes A (review and
    # follow-up), the other B (review and follow-up) and C (follow-up): 10+5 + 8+4 + 3
    path = hours_world(tmp_path, [rm("R1"), rm("R2")], 2.0)
    exact, found = solve(path, "solver.method=exact"), solve(path, DECOMPOSED)
    assert exact.result.status == Status.OPTIMAL and exact.objective == pytest.approx(30.0)
    assert found.method == "decomposition" and found.objective == pytest.approx(30.0)
    assert found.check is not None and found.check.ok, found.check.violations
    assert offered(found) == offered(exact)
    assert found.result.bound is not None and found.result.bound >= 30.0 - 1e-6
    again = solve(path, DECOMPOSED)  # the same plan again: the MIPs decide by counts
    assert assigned(again) == assigned(found) and offered(again) == offered(found)


RM_ACTIVITY = st.tuples(st.integers(1, 60), st.sampled_from([0.5, 1.0, 1.5, 2.0]),
                        st.lists(st.integers(0, 9), min_size=4, max_size=4))
"""An RM activity: day (of two months of 30 days), RM hours, its value to each customer."""


def calendar_book(folder: Path, acts: list[tuple[int, float, list[int]]], rms: int,
                  per_month: float) -> Path:
    """Four customers of one region, `rms` RMs of one grade and region with `per_month`
    hours a month each, an email and the RM activities."""
    customers = [{"customer_id": name, "tier_key": 1.0, "mail": float(k + 1),
                  **{f"v{j}": float(v[k]) for j, (_, _, v) in enumerate(acts)}}
                 for k, name in enumerate("ABCD")]
    offers: dict[str, Any] = {f"o{j}": offer(1.0, channel="rm", value_column=f"v{j}")
                              for j in range(len(acts))}
    offers["news"] = offer(1.0, value_column="mail")
    activities: dict[str, Any] = {f"a{j}": {"offer": f"o{j}", "day": day, "rm_hours": hours}
                                  for j, (day, hours, _) in enumerate(acts)}
    activities["mailing"] = {"offer": "news", "day": 5}
    calendar = {"horizon": 60, "activities": activities,
                "contact_rules": {"most": {"max": 2, "every": 30}}}
    return world(folder, customers, rms=[rm(f"R{r}") for r in range(rms)], offers=offers,
                 calendar=calendar, rm_grades={"rm": {"hours_per_month": per_month}})


@settings(max_examples=5, deadline=None, suppress_health_check=[
    HealthCheck.too_slow, HealthCheck.function_scoped_fixture])
@given(acts=st.lists(RM_ACTIVITY, min_size=2, max_size=3), rms=st.integers(2, 3),
       per_month=st.sampled_from([1.0, 1.5, 2.0, 2.5]))
@example(acts=[(28, 0.5, [3, 1, 8, 5]), (20, 1.0, [9, 6, 3, 3]), (56, 1.0, [7, 0, 6, 9])],
         rms=2, per_month=2.5)  # 62: A and C with one RM, B and D with the other
def test_interchangeable_rms_with_tight_months_plan_at_the_exact_optimum(
        tmp_path_factory: pytest.TempPathFactory, acts: list[tuple[int, float, list[int]]],
        rms: int, per_month: float) -> None:
    """Four customers, two or three RMs of one grade and region with few hours a month, random
    RM activities and an email under a contact limit: the decomposition's plan is worth the
    exact optimum (the gap target is 0) and passes the checker."""
    path = calendar_book(tmp_path_factory.mktemp("twins"), acts, rms, per_month)
    exact = solve(path, "solver.method=exact")
    assert exact.result.status == Status.OPTIMAL and exact.objective is not None
    found = solve(path, DECOMPOSED)
    assert found.check is not None and found.check.ok, found.check.violations
    assert found.objective == pytest.approx(exact.objective, abs=1e-5)


def soft_book(folder: Path) -> Path:
    """tests.test_rm_month_hours' calendar with months of 60 days: R1's 2 hours a month hold
    one review (1.5 hours: 10, 8, 6 to A, B, C) or two follow-ups (1 hour: 5, 4, 3)."""
    return world(folder, CUSTOMERS, rms=[rm("R1")], offers=OFFERS,
                 calendar={**CALENDAR, "month_days": 60},
                 rm_grades={"rm": {"hours_per_month": 2.0}})


def hours_over(outcome: Outcome) -> float:
    """The RM hours over their months the checker counts (soft, penalized)."""
    assert outcome.check is not None and outcome.check.ok, outcome.check.violations
    return sum(v.amount for v in outcome.check.violations
               if v.family == "rm_month_hours" and v.soft)


@pytest.mark.parametrize(("penalty", "objective", "over"), [
    (1.0, 36 - 1 * 5.5, 5.5),  # every contact pays its hours: 7.5 hours of 2
    (6.0, 10 + 8 - 6 * 1.0, 1.0),  # A's and B's reviews: B's 8 pays 1 hour over (6)
    (20.0, 10.0, 0.0),  # no contact pays: A's review within the 2 hours
])
def test_a_soft_rm_month_goes_over_where_a_contact_pays_for_its_hours(
        tmp_path: Path, penalty: float, objective: float, over: float) -> None:
    path = soft_book(tmp_path)
    soft = f"objective.soft.rm_month_hours={penalty}"
    exact, found = solve(path, "solver.method=exact", soft), solve(path, DECOMPOSED, soft)
    for outcome in (exact, found):
        assert outcome.objective == pytest.approx(objective, abs=1e-5)
        assert hours_over(outcome) == pytest.approx(over)
        assert outcome.check is not None
        assert outcome.check.objective == pytest.approx(outcome.objective, abs=1e-5)
    assert offered(found) == offered(exact)


@pytest.mark.parametrize(("penalty", "objective", "over"), [
    (2.0, 36 - 2 * 1.0, 1.0),  # every contact, one month an hour over
    (7.0, 30.0, 0.0),  # as with hard months: no hour over pays
])
def test_interchangeable_rms_go_over_soft_months_as_the_exact_plan(
        tmp_path: Path, penalty: float, objective: float, over: float) -> None:
    # the two RMs of the first test, their months soft: the priced choices pile everyone on
    # one RM, which pays for hours over where the other RM has them to spare
    path = hours_world(tmp_path, [rm("R1"), rm("R2")], 2.0)
    soft = f"objective.soft.rm_month_hours={penalty}"
    for method in ("exact", "decomposition"):
        outcome = solve(path, f"solver.method={method}", soft)
        assert outcome.objective == pytest.approx(objective, abs=1e-5)
        assert hours_over(outcome) == pytest.approx(over)

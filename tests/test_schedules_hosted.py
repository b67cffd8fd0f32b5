"""A large calendar book on the decomposition path: many small eligibility patterns worked out
on their hosts' schedules (against enumeration), and the starting prices of a sample of a
calendar book, its limits scaled."""

from __future__ import annotations

from functools import partial
from pathlib import Path

import numpy as np
import pytest
import scipy.sparse as sp
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator import decomposition_path
from allocator.campaigns.rows import patterns_of
from allocator.decomposition.schedules import Schedules, best_schedules, groups_of
from allocator.decomposition.search.multipliers import Settings
from allocator.decomposition.search.sampling import scaled_scenario
from allocator.scenario import load_scenario
from tests.builders import solve
from tests.test_calendar import calendar_world
from tests.test_schedules import brute_best, random_book


def customers_rows(book: np.ndarray, own: np.ndarray, limits: np.ndarray
                   ) -> tuple[np.ndarray, np.ndarray, sp.csc_matrix, np.ndarray]:
    """Per customer (row of `book`, its activities), its y columns, and each customer's rows:
    the book's rows `own` over the customer's activities (those holding any)."""
    customer, activity = np.nonzero(book)
    entries, uppers, count = [], [], 0
    for i in range(len(book)):
        mine = np.flatnonzero(customer == i)
        for r in np.flatnonzero(own[:, activity[mine]].any(axis=1)):
            held = mine[own[r, activity[mine]] > 0]
            entries += [(count, col) for col in held]
            uppers.append(limits[r])
            count += 1
    at = np.array(entries, dtype=np.int64).reshape(-1, 2)
    rows = sp.csc_matrix((np.ones(len(at)), (at[:, 0], at[:, 1])), shape=(count, len(activity)))
    return customer, activity, rows, np.array(uppers, dtype=float)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), width=st.integers(1, 8), customers=st.integers(1, 12),
       rows=st.integers(0, 5), block=st.booleans())
def test_hosted_patterns_give_each_customer_its_best_schedule_by_enumeration(
        seed: int, width: int, customers: int, rows: int,
        block: bool) -> None:
    """Customers of random subsets of a calendar's activities (so most patterns lie inside
    others), random window and clique rows over the calendar, values of either sign, contact
    limits, barred contacts: every pattern hosted, each customer's schedule is the best of
    its own feasible sets."""
    rng = np.random.default_rng(seed)
    book = rng.random((customers, width)) < 0.6
    book[rng.integers(0, customers), :] = True  # one customer may get every activity
    own = (rng.random((rows, width)) < 0.5).astype(float)
    limits = rng.integers(0, 3, rows).astype(float)
    customer, activity, matrix, upper = customers_rows(book, own, limits)
    patterns = patterns_of(customer, activity)
    groups = groups_of(patterns, matrix, upper, hosted_above=0)
    assert len(groups) == 1 < len(patterns) or len(patterns) == 1
    schedules = Schedules(groups, matrix, upper)
    py = rng.normal(1.0, 2.0, len(activity))
    most = rng.integers(0, width + 1, customers)
    barred = rng.random(len(activity)) < 0.3 if block else np.zeros(len(activity), dtype=bool)
    value, chosen = best_schedules(schedules, py, most, barred if block else None)
    assert ((chosen >= 0) & (chosen < len(activity))).all()
    for i in range(customers):
        mine = np.flatnonzero(customer == i)
        expected = brute_best(py[mine], own[:, activity[mine]], limits, int(most[i]),
                              barred[mine])
        assert value[i] == pytest.approx(expected)
        given_i = np.intersect1d(chosen, mine)
        assert py[given_i].sum() == pytest.approx(expected)  # the columns are the schedule
        assert len(given_i) <= most[i] and not barred[given_i].any()
        assert (own[:, activity[given_i]].sum(axis=1) <= limits).all()


def test_a_sample_of_a_calendar_book_has_its_totals_scaled(tmp_path: Path) -> None:
    rules = {"channel_limits": {"sms": {"channels": ["sms"], "min": 2, "max": 4}},
             "budgets": {"calls": {"channels": ["call_centre"], "limit": 6}},
             "sales": {"cards": {"products": ["card"], "min": 1}}}
    scenario = load_scenario(calendar_world(tmp_path, **rules)).scenario
    calendar = scaled_scenario(scenario, 0.5).calendar
    assert calendar is not None and scenario.calendar is not None
    assert (calendar.channel_limits["sms"].min, calendar.channel_limits["sms"].max) == (1, 2)
    assert calendar.budgets["calls"].limit == 3 and calendar.sales["cards"].min == 0.5
    assert calendar.sales["cards"].max is None
    assert calendar.contact_rules == scenario.calendar.contact_rules  # each customer's own
    assert calendar.activities == scenario.calendar.activities


def test_a_calendar_book_planned_from_a_sample_s_prices(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """What a book above 60,000 customers does (its starting prices from a sample, the
    calendar's totals scaled to it), forced on a small random calendar book: the plan passes
    the checker and its bound is at least the exact optimum."""
    acts = [(5, "sms", 6, 0), (12, "call_centre", 9, 2), (18, "email", 4, 0),
            (25, "call_centre", 7, 1), (33, "sms", 5, 0)]
    draw = {"seed": 3, "customers": 40, "channel": "call_centre",
            "window": {"start": 1, "end": 30}, "most": 2, "lag": 20, "least": 6,
            "most_window": {"start": 10, "end": 40}, "cap": 50, "budget": 40, "max_offers": 3}
    path = random_book(tmp_path, acts, draw)
    exact = solve(path, "solver.method=exact")
    monkeypatch.setattr(decomposition_path, "Settings",
                        partial(Settings, warm_start_above=20, sample_size=20))
    found = solve(path, "solver.method=decomposition")
    assert exact.objective is not None and found.objective is not None
    assert found.result.bound is not None and found.check is not None and found.check.ok
    assert found.result.bound >= exact.objective * (1 - 1e-9)

"""The generated calendar books: seeded and reproducible, drawn by the public instances' recipe,
their exact model's size counted without building it, and planned through the engine."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator.campaigns.bigler import import_bigler
from allocator.campaigns.generated import (
    CONFLICTS,
    RULES,
    exact_size,
    generate_calendar,
    write_calendar,
)
from allocator.preparation import prepare
from allocator.problem import build_problem
from tests.builders import solve


def test_the_same_seed_gives_the_same_book_and_another_seed_another() -> None:
    first, again = generate_calendar(2_000, 40, 7), generate_calendar(2_000, 40, 7)
    for table in ("activities", "pairs", "rules", "conflicts"):
        pd.testing.assert_frame_equal(getattr(first, table), getattr(again, table))
    assert not generate_calendar(2_000, 40, 8).pairs.equals(first.pairs)


def test_the_book_follows_the_recipe() -> None:
    book = generate_calendar(20_000, 60, 3)
    pairs, activities = book.pairs, book.activities
    assert len(book.pattern_customers) == 50 and book.pattern_customers.sum() == 20_000
    assert pairs["Customer"].nunique() == 20_000  # everyone may get something
    per = pairs.groupby("Customer").size()
    assert 2.5 <= per.mean() <= 3.8  # Binomial(60, 5%), at least one
    assert not pairs.duplicated(["Customer", "Activity"]).any()
    assert 0.028 <= pairs["ResponseProbability"].median() <= 0.036  # GS1: 0.032
    assert 7.0 <= pairs["ExpectedProfit"].median() <= 14.0  # GS1: 10.4
    assert activities["Day"].between(1, 117).all()
    calls = pairs.merge(activities, on="Activity").query("Channel == 'call center'")
    assert (calls["ExpectedProfit"] < 0).mean() > 0.3  # a call's 9.10 eats its margin
    assert len(book.rules) == len(RULES) + 1 and len(book.conflicts) == len(CONFLICTS)
    assert list(book.rules["Index"]) == list(range(1, len(RULES) + 2))
    assert (book.rules["Bound"] > 0).all()


def test_the_exact_model_s_size_is_counted_without_building_it(tmp_path: Path) -> None:
    book = generate_calendar(400, 30, 5, eligibility=0.15)
    positive = book.pairs.assign(ExpectedProfit=book.pairs["ExpectedProfit"].abs() + 0.01)
    folder = write_calendar(type(book)(book.activities, positive, book.rules, book.conflicts,
                                       book.pattern_activities, book.pattern_customers),
                            tmp_path / "book")
    prepared = prepare(import_bigler(folder, tmp_path / "scenario"))
    problem = build_problem(prepared.valued, prepared.loaded.scenario)
    assert exact_size(book) == (problem.n_rows, problem.n_cols, problem.matrix.nnz)


def test_a_generated_book_plans_on_the_exact_path(tmp_path: Path) -> None:
    book = generate_calendar(300, 20, 2)
    folder = write_calendar(book, tmp_path / "book")
    assert (folder / "table2.parquet").is_file()
    outcome = solve(import_bigler(folder, tmp_path / "scenario"))
    assert outcome.method == "exact" and outcome.plan is not None
    assert outcome.check is not None and outcome.check.ok
    given = outcome.plan.offers
    assert given.groupby("customer_id").size().max() <= 3  # the contact rule
    worth = book.pairs.set_index(["Customer", "Activity"])["ExpectedProfit"]
    made = list(zip(given["customer_id"].astype(int),
                    given["offer_id"].str.removeprefix("a").astype(int), strict=True))
    assert outcome.objective == pytest.approx(float(np.sum(worth.loc[made])), rel=1e-9)

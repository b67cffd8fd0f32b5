"""Runs of two different books: compare says so once, with how their customers meet, and
counts the changes of the customers in both; runs of one book say nothing of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.compare import Books, compare_runs, different_books, load_run_tables
from tests.test_compare import two_offers
from tests.test_compare_currencies import compared

SAID = {"en": ("A and B plan different books (2 customers in both, 1 only in A, 1 only in B): "
               "changes are counted over the 2 in both."),
        "zh": ("A与B规划的是不同的客户群（两者共有2位客户，仅A有1位，仅B有1位）：变化只按两者共有的"
               "2位客户计算。")}


@pytest.fixture(scope="module")
def two_books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    # customers A, B, C against B, C, D: a budget of 60 buys one offer, 100 two
    folder = tmp_path_factory.mktemp("books")
    quick = {"output": {"baselines": False, "steps": False}}
    runs = [api.run(two_offers(folder / name, ids, **quick), sets, output=folder / "reports")
            for name, ids, sets in (("a", "ABC", []), ("b", "BCD", ["budget.total=100"]))]
    return runs[0].folder, runs[1].folder


@pytest.mark.parametrize("language", ["en", "zh"])
def test_runs_of_two_books_say_so_and_count_the_customers_in_both(
        two_books: tuple[Path, Path], tmp_path: Path, language: str) -> None:
    texts, folder = compared(two_books, language, tmp_path)
    for flat in texts:  # the terminal, compare.html and compare.xlsx
        assert flat.count(SAID[language]) == 1, flat[:600]
    changed = pd.read_csv(folder / "changed_customers.csv")
    assert set(changed["customer_id"]) <= {"B", "C"}  # A and D are no change: not in both
    counts = pd.read_csv(folder / "change_counts.csv").set_index("change")["customers"]
    assert counts["any"] == len(changed) and counts["tier"] == 0


def test_runs_of_one_book_say_nothing_of_books(two_books: tuple[Path, Path],
                                               tmp_path: Path) -> None:
    path = two_offers(tmp_path, "ABC", output={"baselines": False, "steps": False})
    again = api.run(path, ["budget.total=100"], output=tmp_path / "reports").folder
    runs = [load_run_tables(folder) for folder in (two_books[0], again)]
    assert different_books(*runs) is None and compare_runs(*runs).books is None
    other = load_run_tables(two_books[1])
    assert different_books(runs[0], other) == Books(2, 1, 1)
    # the same ids in another customer table (another generated book alike): another book
    manifest = {**runs[1].manifest, "inputs": {"customers": {"sha256": "0" * 64}}}
    assert different_books(runs[0], replace(runs[1], manifest=manifest)) == Books(3, 0, 0)

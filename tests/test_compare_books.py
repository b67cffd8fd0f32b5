"""Runs of two different books: compare says so once, with how their customers meet, and
counts the changes of the customers in both, as B needed them or not, never as forced by a
lever (no lever moves one book to another); runs of one book say nothing of it."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import openpyxl
import pandas as pd
import pytest

from allocator import api
from allocator.cli import compare as cli_compare
from allocator.compare import Books, compare_runs, different_books, load_run_tables
from tests.test_compare import two_offers
from tests.test_compare_currencies import compared

SAID = {"en": ("A and B plan different books (2 customers in both, 1 only in A, 1 only in B): "
               "changes are counted over the 2 in both."),
        "zh": ("A与B规划的是不同的客户群（两者共有2位客户，仅A有1位，仅B有1位）：变化只按两者共有的"
               "2位客户计算。")}


def planned_apart(folder: Path, budget: int) -> tuple[Path, Path]:
    """Customers A, B, C planned on a budget of 60 (B and C each take the small offer), and
    B, C, D on `budget`: the two runs' folders."""
    quick = {"output": {"baselines": False, "steps": False}}
    runs = [api.run(two_offers(folder / name, ids, **quick), sets, output=folder / "reports")
            for name, ids, sets in (("a", "ABC", []), ("b", "BCD", [f"budget.total={budget}"]))]
    return runs[0].folder, runs[1].folder


@pytest.fixture(scope="module")
def two_books(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return planned_apart(tmp_path_factory.mktemp("books"), 100)  # B, C and D take it


NEEDED = {"en": ("offer changes B needed", "offer changes B did not need",
                  "RM changes B needed", "RM changes B did not need",
                  "2 RM changes were free: B does not need them",
                  "so that only the changes B needs remain."),
          "zh": ("B所需的产品推荐变更", "B并不需要的产品推荐变更", "B所需的客户经理变更",
                 "B并不需要的客户经理变更", "2处客户经理变更是非必要的：B并不需要它们",
                 "使剩下的只有B所需的变更。")}
LEVER = ("lever", "调整所迫", "调整并不需要", "该调整")
"""How a comparison of one book names a change's cause: by the lever (调整) that forced it."""


@pytest.fixture(scope="module")
def books_changed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return planned_apart(tmp_path_factory.mktemp("changed"), 30)  # B or C loses its offer


@pytest.mark.parametrize("language", ["en", "zh"])
def test_changes_between_two_books_are_those_b_needed_never_forced_by_a_lever(
        books_changed: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch,
        language: str) -> None:
    monkeypatch.setattr(cli_compare, "_free_rm_changes", lambda changes: 2)  # its hint too
    texts, folder = compared(books_changed, language, tmp_path)
    book = openpyxl.load_workbook(folder / "compare.xlsx")
    cells = " ".join(str(cell) for sheet in book.worksheets
                     for row in sheet.iter_rows(values_only=True) for cell in row)
    flat = " ".join(cells.split()) if language == "en" else "".join(cells.split())
    for said in (*texts, flat):  # the terminal, compare.html, compare.xlsx
        assert not [word for word in LEVER if word in said], said[-1500:]
    assert [words for words in NEEDED[language] if words not in texts[0]] == []
    assert [words for words in NEEDED[language][:4] if words not in texts[1] + flat] == []
    counts = pd.read_csv(folder / "change_counts.csv").set_index("change")["customers"]
    assert counts["offers: forced"] == 1  # the files keep the engine's words


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

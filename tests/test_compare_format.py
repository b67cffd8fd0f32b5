"""How a comparison reads: counts whole, coverage in percent, tiers in their order, key columns
in every fold of a wide table, short headers and numbers aligned right in compare.html, and a
run without a label headed by its scenario and the overrides it used."""

from __future__ import annotations

import re
from dataclasses import replace
from pathlib import Path

import openpyxl
import pytest

from allocator import api
from allocator.cli.compare import _print_comparison
from allocator.cli.consoles import console
from allocator.cli.rich_tables import column_groups
from allocator.compare import RunTables, compare_runs, load_run_tables
from allocator.report.cell_texts import texts_apart
from allocator.report.compare_report import compare_report, write_compare_workbook
from allocator.report.language import Words
from tests.builders import offer, world


@pytest.fixture(scope="module")
def two_runs(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    # three top customers (RM coverage mandatory), three base (optional, no value in it)
    folder = tmp_path_factory.mktemp("compare_format")
    customers = [{"customer_id": f"C{i}", "tier_key": 2.0 if i < 3 else 0.0} for i in range(6)]
    path = world(folder, customers, offers={"big": offer(100, cost=60)},
                 tiers={"top": {"rm_grades": {"rm": 1.0}, "coverage": "mandatory"},
                        "base": {"coverage": "none"}},
                 budget={"total": 60}, overrides={"roomy": {"budget.total": 200}})
    first = api.run(path, output=folder / "reports")
    second = api.run(path, use=["roomy"], output=folder / "reports")
    return first.folder, second.folder


def test_key_figures_read_counts_whole_and_coverage_in_percent(
        two_runs: tuple[Path, Path]) -> None:
    a, b = (load_run_tables(folder) for folder in two_runs)
    result = compare_runs(a, b)
    with console.capture() as captured:
        _print_comparison(result, (a, b), Words(), two_runs[0])
    lines = captured.get().splitlines()
    customers = next(line for line in lines if line.startswith("│ customers "))
    assert [cell.strip() for cell in customers.split("│")[3:6]] == ["6", "6", "0"]
    assert "6.00" not in customers and "0.00" not in customers
    coverage = [line for line in lines if "coverage" in line and "│" in line]
    assert [line.split("│")[2].strip() for line in coverage] == ["top", "base"]
    assert all("100.0%" in line for line in coverage[:1]) and "1.00" not in coverage[0]


def test_compare_workbook_shows_coverage_as_a_percentage(two_runs: tuple[Path, Path],
                                                         tmp_path: Path) -> None:
    a, b = (load_run_tables(folder) for folder in two_runs)
    write_compare_workbook(tmp_path / "compare.xlsx", compare_runs(a, b), Words(), [])
    sheet = openpyxl.load_workbook(tmp_path / "compare.xlsx")["key figures"]
    rows = {row[1].value or row[0].value: row for row in sheet.iter_rows(min_row=2)}
    assert rows["top"][2].value == 1 and rows["top"][2].number_format == "0.0%"
    assert rows["customers"][2].number_format == "#,##0"


def test_an_unlabelled_run_is_headed_by_its_scenario_and_overrides(
        two_runs: tuple[Path, Path]) -> None:
    a, b = (load_run_tables(folder) for folder in two_runs)
    assert b.name == "world + roomy"
    assert a.name.startswith("world 20")  # no override: the minute it was made


@pytest.mark.parametrize("language", ["en", "zh"])
def test_compare_html_heads_runs_by_their_labels_and_aligns_numbers(
        two_runs: tuple[Path, Path], language: str) -> None:
    a, b = (load_run_tables(folder) for folder in two_runs)
    result = compare_runs(a, b)
    words = Words(language)  # type: ignore[arg-type]
    page = compare_report(result, (a.name, b.name), words, [])
    heads = [part[:part.index("</thead>")] for part in page.split("<thead>")[1:]]
    assert heads and all(not re.search(r"[>（(]\s*[AB]\s*[)）<]", head) for head in heads)
    headline = heads[0]
    assert f">{a.name}<" in headline and f">{b.name}<" in headline
    tiers = page[page.index(words("compare_by_tier")):]
    head = tiers[tiers.index("<thead>"):tiers.index("</thead>")]
    assert f"{words.sep('open')}{b.name}{words.sep('close')}" in head
    assert "<td>0.0019%" not in page
    headline = page[page.index("<tbody>"):page.index("</tbody>")]
    assert headline.count('class="num"') >= 6  # A, B and delta of the value and its bound
    body = tiers[tiers.index("<tbody>"):tiers.index("</tbody>")]
    assert body.index(">top<") < body.index(">base<")


def test_a_folded_table_repeats_its_key_columns() -> None:
    # kpi (20) and tier (10) name a row: both head every fold of a table too wide for 80
    groups = column_groups([20, 10, 14, 14, 14, 14], 80, keys=2)
    assert len(groups) > 1 and all(group[:2] == [0, 1] for group in groups)
    assert sorted({i for group in groups for i in group}) == list(range(6))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_compare_workbook_reads_gaps_in_percent(two_runs: tuple[Path, Path], tmp_path: Path,
                                                language: str) -> None:
    a, b = (load_run_tables(folder) for folder in two_runs)
    result = compare_runs(a, b)
    headline = result.headline.copy()
    gap = headline["kpi"] == "gap"
    headline.loc[gap, [a.name, b.name, "delta"]] = [0.0000092, 0.0000081, -0.0000011]
    words = Words(language)  # type: ignore[arg-type]
    write_compare_workbook(tmp_path / "compare.xlsx", replace(result, headline=headline), words,
                           [])
    sheet = openpyxl.load_workbook(tmp_path / "compare.xlsx")[words.term("expected value")[:31]]
    gap_cells = next(row for row in sheet.iter_rows(min_row=2)
                     if row[0].value == words.term("gap"))[1:4]
    assert [cell.number_format for cell in gap_cells] == ["0.00000%"] * 3  # 0.00092%, never 0


def _gap_targets(run: RunTables, gap: float) -> RunTables:
    """The run as if made with the solver's gap target `gap`."""
    scenario = dict(run.manifest["resolved_scenario"])
    scenario["solver"] = {**scenario["solver"], "gap": gap}
    return replace(run, manifest={**run.manifest, "resolved_scenario": scenario})


@pytest.mark.parametrize("language", ["en", "zh"])
def test_scenario_values_that_differ_read_differently(two_runs: tuple[Path, Path],
                                                      language: str) -> None:
    # a gap target of 0.0001 against 0: 0.01% against 0.0%, never 0.00 twice
    a, b = (load_run_tables(folder) for folder in two_runs)
    a, b = _gap_targets(a, 0.0001), _gap_targets(b, 0)
    result = compare_runs(a, b)
    words = Words(language)  # type: ignore[arg-type]
    with console.capture() as captured:
        _print_comparison(result, (a, b), words, two_runs[0])
    name = words.column("solver.gap")
    row = next(line for line in captured.get().splitlines() if line.startswith(f"│ {name}"))
    assert [cell.strip() for cell in row.split("│")[2:4]] == ["0.01%", "0.0%"]
    page = compare_report(result, (a.name, b.name), words, [])
    assert f"{name}</td><td class=\"num\">0.01%</td><td class=\"num\">0.0%</td>" in page


def test_numbers_are_written_with_the_decimals_that_tell_them_apart() -> None:
    assert texts_apart([45_000, 45_000.5]) == ["45,000.0", "45,000.5"]
    assert texts_apart([0.0512, 0.0514], percent=True) == ["5.12%", "5.14%"]
    assert texts_apart([0.08, 0.08, "text", True], percent=True) == ["8.0%", "8.0%", "text",
                                                                     True]

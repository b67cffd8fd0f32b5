"""verify writes report.html and plan.xlsx again from the run folder alone, and a sweep's
report.html from the sweep folder, and compares them whole: a number edited in the decision,
the drivers, a detail table or a chart, a cell of any sheet (the summary's RM cost among them),
a sweep point's value, each with the hashes resealed the way an insider would, fails verify
naming the file and the place; untouched runs and sweeps pass, in English and Chinese."""

from __future__ import annotations

import json
import re
import shutil
from collections.abc import Callable
from pathlib import Path

import openpyxl
import pytest
from typer.testing import CliRunner

from allocator import api
from allocator.cli.app import app
from allocator.report.language import Words
from allocator.runs import MANIFEST, OUTPUTS, file_sha256
from allocator.sweep_run import run_sweep
from tests.builders import offer, reseal, world

RMS = [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 10},
       {"rm_id": "R2", "grade": "rm", "region": "R", "capacity_hours": 10}]


def _book(folder: Path, language: str) -> Path:
    """Three customers, two RMs who cost money and a budget used up: the report has drivers,
    an RM cost, rule-of-thumb plans and every chart."""
    shared = {"rm_grades": {"rm": 1.0}, "max_offers": 5, "hours_per_customer": 10}
    return world(folder, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"},
                          {"customer_id": "C"}],
                 rms=RMS, fit=[("A", "R1", 5.0), ("B", "R2", 3.0)],
                 offers={"o": offer(100, cost=1)}, budget={"total": 2},
                 tiers={"top": {**shared, "coverage": "mandatory"},
                        "base": {**shared, "coverage": "optional"}},
                 rm_grades={"rm": {"cost_per_year": 10}}, output={"language": language})


RUNS: dict[str, Path] = {}


def _run(language: str, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Words]:
    """The run of the book in `language`, made once."""
    if language not in RUNS:
        RUNS[language] = api.run(_book(tmp_path_factory.mktemp(language), language)).folder
    return RUNS[language], Words(language)  # type: ignore[arg-type]


@pytest.fixture(scope="module", params=["en", "zh"])
def either(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
           ) -> tuple[Path, Words]:
    return _run(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Words]:
    return _run("en", tmp_path_factory)


def _page_edited(folder: Path, tmp_path: Path, edit: Callable[[str], str]) -> list[str]:
    """verify's findings on report.html of a copy of the run edited by `edit`, resealed."""
    copy = Path(shutil.copytree(folder, tmp_path / "run"))
    page = copy / "report.html"
    text = page.read_text(encoding="utf-8")
    edited = edit(text)
    assert edited != text
    page.write_text(edited, encoding="utf-8")
    reseal(copy)
    report = api.verify_run(copy)
    assert not report.ok
    return [v.detail for v in report.hard_violations if v.label == "report.html"]


def _section(text: str, start: str) -> tuple[int, int]:
    """Where the part of the page opening with `start` begins and the next section opens."""
    begin = text.index(start)
    end = text.find("<h", begin + len(start))
    return begin, len(text) if end < 0 else end


def _first_number(text: str, start: str, pattern: str) -> Callable[[str], str]:
    """An edit of the first number matching `pattern` in the part opening with `start`."""
    def edit(page: str) -> str:
        begin, end = _section(page, start)
        found = re.search(pattern, page[begin:end])
        assert found is not None, page[begin:end][:500]
        at = begin + found.start(1)
        return page[:at] + "9" + page[at:]
    return edit


def test_an_untouched_run_passes(either: tuple[Path, Words]) -> None:
    folder, _ = either
    report = api.verify_run(folder)
    assert report.ok, [v.detail for v in report.violations]


def test_a_number_in_the_decision_is_named(either: tuple[Path, Words], tmp_path: Path
                                           ) -> None:
    folder, words = either
    worth = f"<h3>{words('decision_worth')}</h3>"
    [found] = _page_edited(folder, tmp_path, _first_number("", worth, r"<li>\D*(\d)"))
    assert words("decision_worth") in found


def test_a_drivers_row_is_named(run: tuple[Path, Words], tmp_path: Path) -> None:
    folder, words = run
    opening = f"<h2>{words('drivers')}</h2>"
    [found] = _page_edited(folder, tmp_path, _first_number("", opening,
                                                           r'<td class="num">-?(\d)'))
    assert words("drivers") in found


def test_a_detail_table_cell_is_named(run: tuple[Path, Words], tmp_path: Path) -> None:
    folder, words = run
    tiers = f"<h2>{words('tiers')}</h2>"
    [found] = _page_edited(folder, tmp_path, _first_number("", tiers, r'<td class="num">(\d)'))
    assert words("tiers") in found


def test_a_chart_label_is_named(run: tuple[Path, Words], tmp_path: Path) -> None:
    folder, _ = run

    def edit(page: str) -> str:
        figure = page.index('<figure class="chart" id="budget">')
        label = re.compile(r"(<text[^>]*>)([^<]+)(</text>)").search(page, figure)
        assert label is not None
        return page[:label.start(2)] + "1" + page[label.start(2):]

    [found] = _page_edited(folder, tmp_path, edit)
    assert "'budget'" in found or "“budget”" in found


def _book_edited(folder: Path, tmp_path: Path, sheet: str, item: str) -> list[str]:
    """verify's findings on plan.xlsx of a copy of the run with the number in the row whose
    first cell is `item` (of the sheet named `sheet` in English) raised by 1,000, resealed."""
    copy = Path(shutil.copytree(folder, tmp_path / "run"))
    words = Words(json.loads((copy / MANIFEST).read_text(encoding="utf-8"))[
        "resolved_scenario"]["output"]["language"])
    book = openpyxl.load_workbook(copy / "plan.xlsx")
    [row] = [row for row in book[words.term(sheet)].iter_rows(min_row=2)
             if row[0].value == item]
    cell = next(c for c in row[1:] if isinstance(c.value, int | float))
    cell.value += 1000
    book.save(copy / "plan.xlsx")
    reseal(copy)
    return [v.detail for v in api.verify_run(copy).hard_violations if v.label == "plan.xlsx"]


def test_an_edited_rm_cost_in_the_summary_sheet_is_named(either: tuple[Path, Words],
                                                         tmp_path: Path) -> None:
    folder, words = either
    item = words.term("RM cost")
    [found] = _book_edited(folder, tmp_path, "summary", item)
    assert words.term("summary") in found and item in found and "B" in found


def test_an_edited_customer_plan_cell_is_named(run: tuple[Path, Words], tmp_path: Path
                                               ) -> None:
    folder, words = run
    found = _book_edited(folder, tmp_path, "customer plan", "A")
    assert found and words.term("customer plan") in found[0]


SWEEPS: dict[str, Path] = {}


def _swept(language: str, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A sweep of the budget over two points in `language`, made once."""
    if language not in SWEEPS:
        path = world(tmp_path_factory.mktemp("sweep"), [{"customer_id": "A", "tier_key": 2.0}],
                     offers={"o": offer(100, cost=20)}, budget={"total": 100},
                     output={"language": language})
        SWEEPS[language] = run_sweep(path, ["budget.total=50,100"], tighten=0).folder
    return SWEEPS[language]


@pytest.fixture(scope="module", params=["en", "zh"])
def sweeps(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _swept(request.param, tmp_path_factory)


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _swept("en", tmp_path_factory)


def test_an_untouched_sweep_passes(sweeps: Path) -> None:
    assert api.verify_sweep(sweeps) == []


def test_a_sweep_points_value_edited_in_its_report_is_named(swept: Path, tmp_path: Path
                                                            ) -> None:
    copy = Path(shutil.copytree(swept, tmp_path / swept.name))
    page = copy / "report.html"
    text = page.read_text(encoding="utf-8")
    value = re.search(r'<td class="num">(\d[\d,]*)</td>', text)
    assert value is not None
    page.write_text(text[:value.start(1)] + "7" + text[value.start(1):], encoding="utf-8")
    described = json.loads((copy / "sweep.json").read_text(encoding="utf-8"))
    described[OUTPUTS] = {name: file_sha256(copy / name) for name in described[OUTPUTS]}
    (copy / "sweep.json").write_text(json.dumps(described), encoding="utf-8")
    [found] = [v for v in api.verify_sweep(copy)]
    assert found.label == "report.html" and "7" + value.group(1) in found.detail
    result = CliRunner().invoke(app, ["verify", str(copy)])
    assert result.exit_code != 0 and "report.html" in result.output


def test_a_frontier_figure_edited_is_named_with_its_file(swept: Path, tmp_path: Path) -> None:
    copy = Path(shutil.copytree(swept, tmp_path / swept.name))
    table = copy / "frontier.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    cells = lines[2].split(",")
    column = lines[0].split(",").index("objective")
    cells[column] = str(float(cells[column]) + 1000)
    table.write_text("\n".join([*lines[:2], ",".join(cells), *lines[3:]]) + "\n",
                     encoding="utf-8")
    described = json.loads((copy / "sweep.json").read_text(encoding="utf-8"))
    described[OUTPUTS] = {name: file_sha256(copy / name) for name in described[OUTPUTS]}
    (copy / "sweep.json").write_text(json.dumps(described), encoding="utf-8")
    [found] = api.verify_sweep(copy)
    assert found.label == "frontier.csv" and "'objective'" in found.detail

"""Numbers of the customer, RM, fit score and offer tables within the range their meaning
allows (allocator.book.ranges): a value beyond it is refused naming the file, the column, the
rows and the range, in English and in Chinese, with exit code 2; the largest values of the
public data sets and of the GAP instances still pass."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator.book.ranges import COLUMN_RANGES
from allocator.instances import generate_gap, read_gap
from tests.builders import world
from tests.conftest import SHARED
from tests.faults.cli import answer
from tests.faults.test_number_faults import _plain

ROWS = [{"customer_id": f"C{i}", "tier_key": 2.0, "incumbent_rm": "R1"} for i in range(5)]


def _book(folder: Path) -> Path:
    return world(folder, ROWS, fit=[(f"C{i}", "R1", 1.0, 10.0) for i in range(5)],
                 offers={"mail": {"channel": "email", "margin": 10.0, "propensity": 0.5}})


def _set(path: Path, table: str, column: str, value: float, rows: int = 1) -> None:
    frame = pd.read_csv(path.parent / table)
    frame[column] = frame[column].astype(float) if column in frame else 0.0
    frame.loc[: rows - 1, column] = value
    frame.to_csv(path.parent / table, index=False)


@pytest.mark.parametrize(("table", "column", "value", "rng"), [
    ("rms.csv", "capacity_hours", 9e14, "0..8,784"),
    ("rms.csv", "min_load_hours", 9000.0, "0..8,784"),
    ("rms.csv", "max_book", 5e12, "0..1,000,000,000"),
    ("rms.csv", "cost_per_year", 2e12, "0..1,000,000,000,000"),
    ("customers.csv", "aum", 1e14, "0..1,000,000,000,000"),
    ("customers.csv", "revenue_12m", -5e12, "-1,000,000,000,000..1,000,000,000,000"),
    ("customers.csv", "age", 400.0, "0..150"),
    ("customers.csv", "products_held", 1e9, "0..10,000"),
    ("fit.csv", "hours", 1e5, "0..8,784"),
    ("fit.csv", "score", 1e13, "-1,000,000,000,000..1,000,000,000,000"),
])
def test_a_table_value_beyond_its_meaning_names_file_column_rows_and_range(
        tmp_path: Path, table: str, column: str, value: float, rng: str) -> None:
    path = _book(tmp_path)
    _set(path, table, column, value, rows=3 if table == "customers.csv" else 1)
    code, said = answer("validate", path)
    assert code == 2, said
    said = _plain(said)
    assert str(path.parent / table) in said and f"column '{column}'" in said, said
    rows = "3 rows are" if table == "customers.csv" else "1 row is"
    assert f"{rows} outside {rng}" in said, said
    code, said = answer("validate", path, "--set", "output.language=zh", prefix="错误：")
    assert code == 2 and f"超出 {rng} 的范围" in _plain(said) and "请更正源数据" in said, said


def test_an_offer_table_margin_beyond_an_amount_is_refused(tmp_path: Path) -> None:
    path = _book(tmp_path)
    pd.DataFrame([{"offer_id": "call", "channel": "email", "margin": 1e13}]).to_csv(
        tmp_path / "offers.csv", index=False)
    path.write_text(path.read_text().replace("data:\n", "data:\n  offers: {path: offers.csv}\n",
                                             1))
    code, said = answer("validate", path)
    assert code == 2, said
    said = _plain(said)
    assert "offers.csv" in said and "call" in said and "margin" in said and "at most 1000000000000" in said, said


def test_values_within_their_ranges_pass(tmp_path: Path) -> None:
    path = _book(tmp_path)
    for table, column, value in (("rms.csv", "capacity_hours", 8784.0),
                                 ("customers.csv", "aum", 9e11),
                                 ("customers.csv", "revenue_12m", -1e6),
                                 ("fit.csv", "score", 1001.0)):
        _set(path, table, column, value)
    code, said = answer("validate", path)
    assert code == 0, said


def test_the_largest_gap_capacities_and_work_lie_within_an_rms_year() -> None:
    """The OR-Library instances and the generated ones the benchmarks use fit the RM table's
    hours (an agent's capacity is an RM's hours in a year, a job's resource a pair's hours)."""
    hours = COLUMN_RANGES["capacity_hours"].high
    instances = [generate_gap(kind, 80, 1600, 1) for kind in ("D", "E")]
    if SHARED.exists():
        instances += [read_gap(file) for file in
                      sorted((SHARED / "gap-orlib" / "instances").glob("*/*"))]
    for instance in instances:
        assert instance.capacity.max() <= hours and instance.resource.max() <= hours
        assert abs(instance.profit).max() <= COLUMN_RANGES["score"].high


@pytest.mark.parametrize(("cells", "said"), [
    ({"propensity": 2}, "offer 'call': propensity: expected a value of at most 1, got 2"),
    ({"quota": -3}, "offer 'call': quota: expected a value of at least 0, got -3"),
])
def test_an_offer_table_s_refusal_names_the_cell_s_own_form(tmp_path: Path, cells: dict[str, int],
                                                            said: str) -> None:
    """A propensity written as one number is not also 'expected a mapping'; a table's cell
    gets no hint of writing a change of the scenario's value (-3%)."""
    path = _book(tmp_path)
    pd.DataFrame([{"offer_id": "call", "channel": "email", **cells}]).to_csv(
        tmp_path / "offers.csv", index=False)
    path.write_text(path.read_text().replace("data:\n", "data:\n  offers: {path: offers.csv}\n",
                                             1))
    code, output = answer("validate", path)
    output = _plain(output)
    assert code == 2 and output.endswith(said), output

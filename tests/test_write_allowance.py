"""A run's time limit is a promise, writing included: the time a run may take past its limit
to write its folder grows with the book, is recorded in the manifest, and a run that takes
longer says so on the terminal."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator import api
from allocator.attempts import (
    WRITE_ALLOWANCE,
    WRITE_PER_10K_ROWS,
    WRITE_PER_100K_CUSTOMERS,
    past_allowance,
    write_allowance,
)
from allocator.cli.app import app
from allocator.report.workbook import SHEET_ROWS

ROOT = Path(__file__).resolve().parents[1]
TINY = ROOT / "tests" / "data" / "tiny" / "scenario.yaml"


def test_the_allowance_is_a_fixed_part_and_parts_per_row_and_per_customer() -> None:
    assert write_allowance(0) == WRITE_ALLOWANCE
    assert write_allowance(60_000) == pytest.approx(
        WRITE_ALLOWANCE + 6 * WRITE_PER_10K_ROWS + 0.6 * WRITE_PER_100K_CUSTOMERS)
    assert write_allowance(100_000) > write_allowance(20_000) > write_allowance(3_000)


def test_the_allowance_past_the_workbooks_rows_grows_by_the_files_alone() -> None:
    """Past SHEET_ROWS customers the workbook's row sheets stay the same size: a million
    customers are allowed minutes, not the quarter of an hour a part per row would give."""
    most = WRITE_ALLOWANCE + (SHEET_ROWS / 10_000) * WRITE_PER_10K_ROWS
    assert write_allowance(1_000_000) == pytest.approx(most + 10 * WRITE_PER_100K_CUSTOMERS)
    assert write_allowance(1_000_000) < 200.0
    assert write_allowance(10_000_000) - write_allowance(1_000_000) == pytest.approx(
        90 * WRITE_PER_100K_CUSTOMERS)


def test_a_run_past_its_limit_and_allowance_is_told_by_how_much() -> None:
    allowed = 60.0 + write_allowance(20_000)
    assert past_allowance(allowed - 1.0, 60.0, 20_000) is None
    assert past_allowance(allowed, 60.0, 20_000) is None
    assert past_allowance(allowed + 5.0, 60.0, 20_000) == pytest.approx(5.0)


def test_a_run_that_ends_past_its_allowance_says_so(tmp_path: Path,
                                                    monkeypatch: pytest.MonkeyPatch) -> None:
    real = api.run
    taken: list[api.Run] = []

    def slow(*args: object, **kwargs: object) -> api.Run:
        made = real(*args, **kwargs)  # type: ignore[arg-type]
        taken.append(made)
        assert made.seconds is not None and made.seconds > 0
        return replace(made, seconds=made.seconds + 100_000.0)

    out = ["--out", str(tmp_path / "out")]
    on_time = CliRunner().invoke(app, ["run", str(TINY), *out], catch_exceptions=False)
    assert on_time.exit_code == 0 and "past its time limit" not in on_time.stderr
    monkeypatch.setattr(api, "run", slow)
    late = CliRunner().invoke(app, ["run", str(TINY), "--set", "output.language=zh", *out],
                              catch_exceptions=False)
    assert late.exit_code == 0  # a plan, told late: the plan stands
    assert "超出时限" in late.stderr and f"{taken[0].seconds + 100_000:,.0f}" in late.stderr

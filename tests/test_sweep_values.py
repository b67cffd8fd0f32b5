"""A sweep's values take every form `--set` takes (45k, 1.2m, 4.5e4, 45,000, -10%), in lists
and in start:stop:step ranges; a percentage is a change of the scenario file's value."""

from __future__ import annotations

from pathlib import Path

import pytest

from allocator.errors import UserError
from allocator.scenario.amounts import Change
from allocator.sweep_run import run_sweep
from allocator.sweeps import parse_vary
from tests.builders import offer, world


@pytest.mark.parametrize(("text", "values"), [
    ("budget.total=-10%,0%,+10%", [Change(-0.1), Change(0.0), Change(0.1)]),
    ("budget.total=40k:60k:10k", [40_000, 50_000, 60_000]),
    ("budget.total=40,000:50,000:5,000", [40_000, 45_000, 50_000]),
    ("budget.total=40,000;45,000", [40_000, 45_000]),
    ("budget.total=1.2m,4.5e4,46k", [1_200_000, 45_000, 46_000]),
    ("budget.total=-10%:10%:10%", [Change(-0.1), Change(0.0), Change(0.1)]),
    ("objective.discount_rate=5%:10%:2.5%", [0.05, 0.075, 0.1]),
    ("solver.backend=highs,cbc", ["highs", "cbc"]),
])
def test_a_sweep_reads_values_as_set_reads_them(text: str, values: list[object]) -> None:
    assert parse_vary(text) == (text.partition("=")[0], values)


@pytest.mark.parametrize("text", ["budget.total=40k:50k", "budget.total=a:b:c",
                                  "budget.total=10%:1m:1k"])
def test_a_range_not_written_start_stop_step_names_the_key_and_the_forms(text: str) -> None:
    with pytest.raises(UserError) as caught:
        parse_vary(text)
    said = str(caught.value)
    assert "budget.total takes values written as a list" in said
    assert "start:stop:step (40k:60k:5k" in said and "45k" in said and "-10%" in said
    assert caught.value.chinese is not None and "起点:终点:步长" in caught.value.chinese


def test_a_swept_change_is_taken_of_the_scenario_files_value(tmp_path: Path) -> None:
    # A loan to A loses 100 on average (worth 400), to B 200 (worth 300); one must be sold.
    path = world(tmp_path, [{"customer_id": "A", "pd": 0.1}, {"customer_id": "B", "pd": 0.2}],
                 offers={"loan": offer(500, lgd=1.0, ead=1000, minimum=1)},
                 risk={"loss_cap": 300})
    result = run_sweep(path, ["risk.loss_cap=-50%,0%"], output=tmp_path / "reports")
    table = result.table.set_index("risk.loss_cap")
    assert sorted(table.index) == [150, 300]
    assert table.loc[150, "objective"] == pytest.approx(400)
    assert table.loc[300, "objective"] == pytest.approx(700)


def test_the_sweep_report_says_the_currency_of_its_amounts(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "pd": 0.1}],
                 offers={"loan": offer(500, lgd=1.0, ead=1000)},
                 objective={"horizon_years": 1, "discount_rate": 0.0, "currency": "CZK"})
    result = run_sweep(path, ["risk.loss_cap=50,150"], output=tmp_path / "reports")
    assert "Amounts are in CZK." in (result.folder / "report.html").read_text(encoding="utf-8")

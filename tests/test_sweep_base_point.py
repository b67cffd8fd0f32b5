"""The sweep report says of the point at the scenario's own values that it is the plan of a
plain run of the scenario."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd

from allocator.report.language import Words
from allocator.report.sweep_tables import base_point_lines
from allocator.sweep_run import run_sweep
from tests.builders import offer, world


def test_the_point_at_the_scenarios_own_values_is_named_with_its_gap() -> None:
    table = pd.DataFrame({"point": [0, 1], "budget.total": [40_000.0, 45_000.0],
                          "gap": [1e-4, 1.9e-5]})
    [line] = base_point_lines(table, {"budget.total": 45_000}, Words("en"))
    assert line.startswith("Point 1 holds the scenario's own values")
    assert "(gap 0.0019%)" in line and "it is the plan of a plain run" in line
    [zh] = base_point_lines(table, {"budget.total": 45_000}, Words("zh"))
    assert zh.startswith("情景点 1 即情景本身的取值") and "0.0019%" in zh
    assert base_point_lines(table, {"budget.total": 50_000}, Words("en")) == []
    assert base_point_lines(table, {}, Words("en")) == []
    given = {"base": "/reports/demo/20261205T191045Z-b8118d2e", "why": "latest_plain_run"}
    [kept] = base_point_lines(table, {"budget.total": 45_000}, Words("en"), given)
    assert "planned first, keeping the most of the plan of the run /reports/demo/20261205T19" in kept
    [today] = base_point_lines(table, {"budget.total": 45_000}, Words("zh"),
                               {"base": "incumbent_rm"})
    assert "最多保留现有客户经理名单" in today and "指定的基准方案" not in today


def test_a_sweep_report_names_its_base_point(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "pd": 0.1}, {"customer_id": "B", "pd": 0.2}],
                 offers={"loan": offer(500, lgd=1.0, ead=1000, minimum=1)},
                 risk={"loss_cap": 300})
    result = run_sweep(path, ["risk.loss_cap=150,300"], output=tmp_path / "reports")
    said = html.unescape((result.folder / "report.html").read_text(encoding="utf-8"))
    assert "Point 1 holds the scenario's own values" in said, said
    # no plain run of the scenario yet and no --base: today's books, where nobody has an RM
    # today the reference assignment, said as such
    assert ("planned first, keeping the most of a reference assignment of 2 customers"
            in " ".join(said.split()))
    assert "or the base run given" not in said
    assumed = said[said.index("Assumptions"):]
    assert "expected loss 150 to 300 EUR, 2 points" in assumed  # the range swept
    assert "expected loss 300 EUR" not in assumed  # not the scenario's own cap alone

"""A run is called "optimal" alone only where its gap is zero (to the solver's tolerance);
a plan proven within the gap target is "optimal within the 0.01% gap target" in the
terminal, summary.md, report.html and plan.xlsx (en and zh), the manifest keeping the
solver's status; verify passes such a run and one written before."""

from __future__ import annotations

import json

from openpyxl import load_workbook

from allocator import api
from allocator.report.formats import status_text
from allocator.report.language import Words


def test_the_status_says_the_gap_target_where_the_gap_is_not_zero() -> None:
    assert status_text("optimal", 1.9e-5, 1e-4, Words()) == (
        "optimal within the 0.01% gap target")
    assert status_text("optimal", 1.9e-5, 1e-4, Words("zh")) == "在 0.01% 的间隙目标内最优"
    assert status_text("optimal", 0.0, 1e-4, Words()) == "optimal"
    assert status_text("optimal", 1e-12, 1e-4, Words()) == "optimal"
    assert status_text("feasible", 1e-3, 1e-4, Words()) == "feasible"


def test_the_demos_pages_say_within_the_target(demo_run: api.Run, demo_zh_run: api.Run) -> None:
    manifest = json.loads((demo_run.folder / "manifest.json").read_text(encoding="utf-8"))
    assert manifest["solver"]["status"] == "optimal" and manifest["solver"]["gap"] > 1e-9
    summary = (demo_run.folder / "summary.md").read_text(encoding="utf-8")
    assert "Status: **optimal within the 0.01% gap target**" in summary
    assert "(optimal within the 0.01% gap target; best bound" in summary
    assert "(optimal;" not in summary and "**optimal**" not in summary
    html = (demo_run.folder / "report.html").read_text(encoding="utf-8")
    assert "optimal within the 0.01% gap target" in html
    sheet = load_workbook(demo_run.folder / "plan.xlsx", read_only=True)["summary"]
    rows = {row[0]: row[1] for row in sheet.iter_rows(values_only=True) if row}
    assert rows["status"] == "optimal within the 0.01% gap target"
    zh = (demo_zh_run.folder / "summary.md").read_text(encoding="utf-8")
    assert "在 0.01% 的间隙目标内最优" in zh
    assert api.verify_run(demo_run.folder).ok and api.verify_run(demo_zh_run.folder).ok

"""Every amount a reader sees carries its currency: the terminal's headline, summary.md's
value, and the RM cost card, which says it is the present value of a yearly cost."""

from __future__ import annotations

import re
from pathlib import Path

from typer.testing import CliRunner

from allocator import api
from allocator.cli.app import app
from tests.test_headcount import two_customers


def test_the_value_and_the_rm_cost_carry_their_currency(tmp_path: Path) -> None:
    path = two_customers(tmp_path)
    run = api.run(path, ["objective.currency=CHF", "objective.horizon_years=2"])
    summary = (run.folder / "summary.md").read_text(encoding="utf-8")
    assert re.search(r"^- Expected value of the plan: \*\*[\d,]+\*\* CHF$", summary, re.M)
    html = (run.folder / "report.html").read_text(encoding="utf-8")
    assert "RM cost: present value over 2 years of 20 CHF a year" in html
    assert api.verify_run(run.folder).ok  # verify reads the value's line back with its unit
    chinese = api.run(path, ["objective.currency=CHF", "output.language=zh"])
    page = (chinese.folder / "report.html").read_text(encoding="utf-8")
    assert "客户经理成本：每年 20 CHF、1 年的现值" in page


def test_the_terminal_headline_gives_the_currency(tmp_path: Path) -> None:
    path = two_customers(tmp_path)
    result = CliRunner().invoke(app, ["run", str(path), "--set", "objective.currency=CHF"])
    assert result.exit_code == 0, result.output
    assert "expected value 50 CHF" in " ".join(result.output.split())


def test_compare_says_the_currency_of_its_amounts(tmp_path: Path) -> None:
    path = two_customers(tmp_path)
    first = api.run(path, ["objective.currency=CHF"])
    second = api.run(path, ["objective.currency=CHF", "rules.add_rms.rm=1"])
    result = CliRunner().invoke(app, ["compare", str(first.folder), str(second.folder),
                                      "--out", str(tmp_path / "compare")])
    assert result.exit_code == 0, result.output
    assert "Amounts are in CHF." in result.output
    (page,) = (tmp_path / "compare").rglob("compare.html")
    assert "Amounts are in CHF." in page.read_text(encoding="utf-8")

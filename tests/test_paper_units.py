"""The first page's drivers read with their units, show no column that no row fills, and name
the limit's object for what it is."""

from __future__ import annotations

import html
from pathlib import Path

import pandas as pd
import pytest
from rich.cells import cell_len

from allocator import api
from allocator.cli.run import console, print_drivers
from allocator.explain import explain
from allocator.report.drivers import driver_table
from allocator.report.formats import without_blank_columns
from allocator.report.language import Words
from allocator.report.plan_page import driver_section, outcome_decision, page_of
from allocator.report.plan_tables import constraint_table
from allocator.report.quantities import with_units
from tests.builders import solve, world
from tests.test_paper import full_rms_world
from tests.test_zh_everywhere import allocate


def test_a_column_no_row_fills_is_not_shown() -> None:
    frame = pd.DataFrame({"constraint": ["budget", "loss_cap"], "step_note": ["", " "],
                          "range_low": [float("nan")] * 2, "worth": [1.0, None]})
    assert list(without_blank_columns(frame).columns) == ["constraint", "worth"]
    assert without_blank_columns(frame.iloc[:0]).columns.tolist() == frame.columns.tolist()


def test_prices_read_with_the_units_of_their_limits() -> None:
    table = pd.DataFrame({"constraint": ["budget", "rm_capacity", "offer_quota", "tier_loss"],
                          "marginal_value": [1.2233, 20.75, 3.0, None],
                          "loosening_worth": [4660.0, 44.3, None, 7.17]})
    en = with_units(table, "EUR", Words("en"))
    assert en["marginal_value"].tolist() == ["1.22 EUR per EUR of budget",
                                             "20.75 EUR per RM hour", "3.00 EUR per offer", ""]
    assert en["loosening_worth"].tolist() == ["4,660 EUR", "44.30 EUR", "", "7.17 EUR"]
    zh = with_units(table, "CNY", Words("zh"))
    assert zh["marginal_value"].tolist()[:2] == ["每 CNY 预算 1.22 CNY", "每客户经理工时 20.75 CNY"]


def test_the_first_page_drivers_have_units_and_no_blank_column(tmp_path: Path) -> None:
    outcome = solve(full_rms_world(tmp_path))
    for language in ("en", "zh"):
        words = Words(language)
        first = outcome_decision(outcome, words)[0]
        details = driver_section(page_of(outcome, words).facts, words)
        assert first.table is not None and details.table is not None
        for table in (first.table, details.table):
            assert words.column("step_note") not in table.headers, table.headers
            assert words.column("label") in table.headers
        unit = {"en": "EUR per RM hour", "zh": "每客户经理工时"}[language]
        for table in (first.table, details.table):  # the details' table too
            prices = [row.cells[table.headers.index(words.column("marginal_value"))].text
                      for row in table.rows]
            assert any(unit in price for price in prices), prices
            worths = [row.cells[table.headers.index(words.column("loosening_worth"))].text
                      for row in table.rows]
            assert all(worth.endswith(" EUR") for worth in worths), worths
    assert Words("en").column("label") == "applies to"


def test_explain_gives_the_lifetime_value_in_the_currency(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "revenue_12m": 896.0}],
                 objective={"horizon_years": 1, "discount_rate": 0.0, "currency": "CNY"})
    folder = api.run(path).folder
    assert explain(folder, "A").tier[1].startswith("lifetime value 896 CNY")
    assert explain(folder, "A", Words("zh")).tier[1].startswith("客户终身价值 896 CNY")


def test_the_terminal_drivers_have_units_at_80_columns(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    outcome = solve(full_rms_world(tmp_path))
    monkeypatch.setattr(console, "_width", 80)
    for language, unit in (("en", "EUR per RM hour"), ("zh", "每客户经理工时")):
        words = Words(language)
        shown = with_units(driver_table(outcome, constraint_table(outcome)), "EUR", words)
        with console.capture() as captured:
            print_drivers(outcome, words)
        lines = captured.get().splitlines()
        assert max(cell_len(line) for line in lines) <= 80, lines
        said = " ".join(" ".join(line.strip("│┃ ") for line in lines).split())
        assert unit in said, said
        for price in shown["marginal_value"]:  # every price whole, with its unit
            assert price.split()[int(language == "zh")] in said.split(), (price, said)
        for worth in shown["loosening_worth"]:
            assert worth in said, (worth, said)


def test_every_marginal_value_says_per_unit_of_what_in_the_currency(tmp_path: Path) -> None:
    # both RMs' hours bind (2.00 and 3.00 EUR an hour): the bullets, the drivers' table, what
    # one more unit is worth and the binding limits give each price per RM hour, in EUR
    run = api.run(full_rms_world(tmp_path), output=tmp_path / "reports",
                  sets=["output.baselines=false"])
    summary = (run.folder / "summary.md").read_text(encoding="utf-8")
    sections = dict(part.split("\n", 1) for part in summary.split("\n## ")[1:])
    bullets = [line for line in sections["What drives this plan"].splitlines()
               if line.startswith("- ")]
    assert bullets and all("EUR per RM hour" in line for line in bullets), bullets
    assert "| 3.00 EUR per RM hour |" in sections["What drives this plan"]
    assert "| 3.00 EUR per RM hour |" in sections["What one more unit is worth"]
    assert "| 3.00 EUR per RM hour |" in sections["Binding constraints and marginal values"]
    assert not any(" per unit " in line for line in bullets)
    page = html.unescape((run.folder / "report.html").read_text(encoding="utf-8"))
    worth = page[page.index("What one more unit is worth"):page.index("Constraints, binding")]
    assert '<td class="qty">3.00 EUR per RM hour</td>' in worth
    appendix = page[page.index('id="appendix"'):]
    assert "marginal value (EUR per RM hour)" in appendix
    zh = api.run(full_rms_world(tmp_path / "zh"), output=tmp_path / "reports",
                 sets=["output.baselines=false", "output.language=zh"])
    text = (zh.folder / "summary.md").read_text(encoding="utf-8")
    assert "每客户经理工时 3.00 EUR" in text and "每单位" not in text


def test_the_terminal_says_what_one_more_unit_is_worth_in_the_currency(tmp_path: Path) -> None:
    printed = allocate("run", str(full_rms_world(tmp_path)), "--out", str(tmp_path / "cli"),
                       "--set", "output.baselines=false")
    assert printed.exit_code == 0, printed.output
    said = printed.output[printed.output.index("What one more unit is worth"):]
    assert "3.00 EUR per RM hour" in said
    assert max(cell_len(line) for line in printed.output.splitlines()
               if str(tmp_path) not in line) <= 80  # a folder's path stays whole, to paste

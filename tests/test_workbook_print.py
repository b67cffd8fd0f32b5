"""plan.xlsx's summary sheet holds the plan's spend, loss, capital, coverage and uplift over
today's books, as the folder's tables give them; counts read whole; every sheet prints one page
wide, landscape when wide, its header row on every page."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from allocator import api
from allocator.report.language import Words
from tests.builders import offer, world
from tests.builders import reseal as _reseal
from tests.test_workbook_check import planned


def test_the_summary_sheet_and_the_print_setup(tmp_path: Path) -> None:
    customers = [{"customer_id": c, "tier_key": key, "pd": 0.1}
                 for c, key in (("A", 2.0), ("B", 2.0), ("C", 0.0))]
    path = world(tmp_path, customers, offers={
        "loan": offer(500, cost=10, lgd=1.0, ead=1000, capital_weight=0.5, minimum=2)},
        budget={"total": 100}, output={"dir": str(tmp_path / "reports"), "language": "zh"})
    run = api.run(path)
    book = load_workbook(run.folder / "plan.xlsx")
    words = Words("zh")
    summary = {row[0]: row[1] for row in book[words.term("summary")].iter_rows(
        min_row=2, values_only=True)}
    tiers = pd.read_csv(run.folder / "tier_summary.csv")
    offers = pd.read_csv(run.folder / "offer_summary.csv")
    assert summary["支出"] == tiers["budget"].sum() > 0
    assert summary["预期损失"] == tiers["expected_loss"].sum() > 0
    assert summary["资本占用"] == offers["capital"].sum() > 0
    assert summary["客户数"] == 3 and summary["配备客户经理的客户"] == tiers["covered"].sum()
    assert summary["必选覆盖层级的客户"] == 2 and summary["其中配备客户经理"] == 2
    sheet = book[words.term("summary")]
    formats = {row[0].value: row[1].number_format for row in sheet.iter_rows(min_row=2)}
    assert formats["客户数"] == "#,##0"
    sold = book[words.term("offers")]
    header = [cell.value for cell in sold[1]]
    minimum = header.index(words.column("minimum")) + 1
    assert sold.cell(row=2, column=minimum).value == 2
    assert sold.cell(row=2, column=minimum).number_format == "#,##0"
    for each in book.worksheets:
        assert each.page_setup.fitToWidth == 1 and each.page_setup.fitToHeight == 0
        assert each.sheet_properties.pageSetUpPr.fitToPage
        assert each.print_title_rows == "$1:$1"
        wide = each.max_column > 7
        assert each.page_setup.orientation == ("landscape" if wide else "portrait"), each.title


def test_an_edited_figure_of_the_summary_sheet_fails_verify(tmp_path: Path) -> None:
    folder = planned(tmp_path)
    assert api.verify_run(folder).ok
    book = load_workbook(folder / "plan.xlsx")
    sheet = book[Words("en").term("summary")]
    [spend] = [row for row in sheet.iter_rows(min_row=2) if row[0].value == "spend"]
    spend[1].value = float(spend[1].value) + 1.0
    book.save(folder / "plan.xlsx")
    _reseal(folder)  # past the hash check: the sheet itself is compared
    [broken] = [v for v in api.verify_run(folder).hard_violations if v.label == "plan.xlsx"]
    assert f"sheet 'summary': row {spend[0].row}, 'spend' is" in broken.detail, broken.detail

"""plan.xlsx: values a spreadsheet could run as formulas are written as text."""

from __future__ import annotations

from pathlib import Path

from openpyxl import load_workbook

from allocator import api
from tests.builders import offer, world

IDS = ['=HYPERLINK("http://example.com/x","open")', "+1+1", "-2+3", "@SUM(A1)", "plain"]


def test_ids_that_look_like_formulas_are_text_in_plan_xlsx(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": i, "tier_key": 2.0} for i in IDS],
                 offers={"o": offer(100, cost=1)})
    run = api.run(path)
    sheet = load_workbook(run.folder / "plan.xlsx")["customer plan"]
    cells = {cell.value: cell for row in sheet.iter_rows(min_row=2) for cell in row
             if cell.value in IDS}
    assert set(cells) == set(IDS)
    for value in IDS:
        assert cells[value].data_type == "s", value
    assert all(cells[value].quotePrefix for value in IDS[:4])

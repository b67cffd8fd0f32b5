"""Number formats of the workbooks: values per unit keep their cents."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from openpyxl import load_workbook

from allocator.report.workbook import write_workbook


def test_marginal_values_and_their_range_keep_two_decimals(tmp_path: Path) -> None:
    constraints = pd.DataFrame({"constraint": ["budget", "loss"], "limit": [45000.0, 1500.0],
                                "used": [45000.0, 1200.0], "marginal_value": [1.22, 350.0],
                                "range_low": [44000.5, 1200.0], "range_high": [46000.0, 9e9]})
    path = tmp_path / "plan.xlsx"
    write_workbook(path, {"constraints": constraints})
    sheet = load_workbook(path).worksheets[0]
    formats = {cell.value: sheet.cell(row=2, column=cell.column).number_format
               for cell in sheet[1]}
    assert formats["marginal value"] == formats["range low"] == "#,##0.00", formats
    assert formats["range high"] == "#,##0.00" and formats["limit"] == "#,##0"

"""plan.xlsx saved quickly is the workbook openpyxl saves, byte for byte: every kind of cell a
sheet may hold (numbers, blanks, infinity, flags, text with spaces, markup or a formula's lead,
error words, Chinese), on every sheet kind (items in bold, rows of counts and of shares)."""

from __future__ import annotations

import io
import math
import zipfile
from datetime import datetime
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator.report.language import Words
from allocator.report.workbook import filled_workbook, write_workbook
from allocator.report.workbook_saving import MODIFIED


def openpyxl_saved(sheets: dict[str, pd.DataFrame], words: Words, filters: bool) -> bytes:
    """The workbook as openpyxl itself saves it, its times fixed afterwards."""
    book = filled_workbook(sheets, words, filters)
    book.properties.created = book.properties.modified = datetime(2000, 1, 1)
    saved, fixed = io.BytesIO(), io.BytesIO()
    book.save(saved)
    with zipfile.ZipFile(saved) as source, zipfile.ZipFile(fixed, "w") as target:
        for item in source.infolist():
            entry = zipfile.ZipInfo(item.filename, date_time=(2000, 1, 1, 0, 0, 0))
            entry.compress_type = zipfile.ZIP_DEFLATED
            data = source.read(item.filename)
            if item.filename == "docProps/core.xml":
                data = MODIFIED.sub(rb"\g<1>2000-01-01T00:00:00Z\g<2>", data)
            target.writestr(entry, data)
    return fixed.getvalue()


def every_kind_of_cell(rows: int) -> dict[str, pd.DataFrame]:
    generator = np.random.default_rng(5)
    texts = ["C001", " leading space", "trailing ", "   ", "", "a & b < c > d", "=HYPERLINK(1)",
             "+41", "-x", "@me", "#N/A", "客户终身价值", "line\nbreak", "=", "tab\tin"]
    amounts = generator.normal(0, 500, rows)
    amounts[::7] = np.nan
    amounts[3] = math.inf
    amounts[5] = -math.inf
    plan = pd.DataFrame({
        "customer_id": [texts[i % len(texts)] for i in range(rows)],
        "tier": pd.Series(["mass", None] * (rows // 2) + ["mass"] * (rows % 2), dtype=object),
        "clv": amounts, "offer_cost": generator.integers(0, 3, rows).astype(float),
        "coverage_value": generator.uniform(0, 50, rows), "customers": np.arange(rows),
        "binding": generator.integers(0, 2, rows).astype(bool), "utilization": 0.0004 * amounts,
        "offers": pd.Series([None] * rows, dtype=object)})
    summary = pd.DataFrame({"item": ["scenario", "gap", "spend", "customers", "uplift over "
                                     "today's RM books"],
                            "entry": ["demo", 0.0004, 12345.678, 12, 0.031]})
    figures = pd.DataFrame({"kpi": ["customers", "gap", "spend", "coverage_share", "rms"],
                            "run_a": [3000.0, 0.00092, 45000.5, 0.99, 12.0],
                            "run_b": [2990.0, 0.0001, 44000.25, 0.985, np.nan]})
    return {"summary": summary, "key figures": figures, "customer plan": plan}


@pytest.mark.parametrize(("language", "filters"), [("en", False), ("zh", True)])
def test_plan_xlsx_is_the_workbook_openpyxl_saves(tmp_path: Path, language: str,
                                                  filters: bool) -> None:
    sheets, words = every_kind_of_cell(120), Words(language)  # type: ignore[arg-type]
    path = tmp_path / "plan.xlsx"
    write_workbook(path, sheets, words, filters)
    assert path.read_bytes() == openpyxl_saved(sheets, words, filters)


def test_the_same_plan_gives_the_same_bytes(tmp_path: Path) -> None:
    sheets = every_kind_of_cell(30)
    write_workbook(tmp_path / "a.xlsx", sheets)
    write_workbook(tmp_path / "b.xlsx", sheets)
    assert (tmp_path / "a.xlsx").read_bytes() == (tmp_path / "b.xlsx").read_bytes()

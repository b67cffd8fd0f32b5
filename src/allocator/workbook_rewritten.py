"""plan.xlsx against the workbook the run folder writes again, in memory, with the functions the
run used (report/workbook_sheets.py, report/workbook.py): every cell of every sheet (the
summary's items, the RM cost among them, the assumptions, the tiers, RM books, offers,
constraints and the calendar's sheets) must hold the same value. The customer plan's sheet is
compared cell by cell with the Parquet plan (folder_check), and the sheets' names, count and
order by workbook_form."""

from __future__ import annotations

import math
from itertools import zip_longest

from openpyxl import load_workbook
from openpyxl.utils import get_column_letter

from allocator.errors import cut, told
from allocator.html_check import PAGE_FROM, page_facts
from allocator.report.language import Words
from allocator.report.summary_facts import SUMMARY
from allocator.report.workbook import filled_workbook
from allocator.report.workbook_sheets import workbook_sheets
from allocator.run_folder import read_manifest
from allocator.summary_check import Folder
from allocator.workbook_check import INFINITIES

Rows = list[tuple[object, ...]]
DIGITS = 1e-15
"""How far a number read from the file may lie from the one written again, relatively: the
file keeps 16 significant digits."""


def workbook_rewritten_difference(folder: Folder, words: Words) -> str | None:
    """The first cell of plan.xlsx that differs from the workbook written again from the run
    folder (None where none does, or the run is older than the manifest's `summary`
    record)."""
    path = folder.path / "plan.xlsx"
    manifest = read_manifest(folder.path)
    objective = (manifest.get("solver") or {}).get("objective")
    if (not path.is_file() or not isinstance(manifest.get(SUMMARY), dict)
            or not all(name in folder.tables for name in PAGE_FROM)
            or not isinstance(objective, int | float) or not math.isfinite(objective)):
        return None
    try:
        wanted = filled_workbook(workbook_sheets(page_facts(manifest, folder, words), None,
                                                 words), words)
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return told("html_unwritten", record=SUMMARY)
    try:
        found = load_workbook(path, read_only=True, data_only=True)
    except Exception:  # a damaged workbook: named by the sheets' readers
        return None
    try:
        for sheet in wanted.worksheets:
            if sheet.title not in found.sheetnames:
                return told("sheet_missing", title=sheet.title)
            difference = rows_difference(sheet.title, [*found[sheet.title].iter_rows(
                values_only=True)], [*sheet.iter_rows(values_only=True)])
            if difference is not None:
                return difference
    finally:
        found.close()
    return None


def rows_difference(title: str, found: Rows, wanted: Rows) -> str | None:
    """The first cell of sheet `title` whose value differs from the one written again, named
    by its reference and its row's first cell."""
    empty: tuple[object, ...] = ()
    for number, (have, want) in enumerate(zip_longest(found, wanted, fillvalue=empty),
                                          start=1):
        for column, (a, b) in enumerate(zip_longest(have, want), start=1):
            if not same_value(a, b):
                return told("workbook_cell_differs", title=title,
                            cell=f"{get_column_letter(column)}{number}",
                            row=cut(_shown((want or have)[0]), 60),
                            found=cut(_shown(a), 80), want=cut(_shown(b), 80))
    return None


def same_value(found: object, wanted: object) -> bool:
    """Whether a cell holds the value written again: a number to the 16 significant digits a
    workbook keeps (a whole number whether int or float), anything else as it is."""
    if wanted in INFINITIES:  # an infinite number: blank in a workbook written before
        return found == wanted or found is None
    if _number(found) and _number(wanted):
        return math.isclose(float(found), float(wanted),  # type: ignore[arg-type]
                            rel_tol=DIGITS, abs_tol=0.0)
    return found == wanted or (found in (None, "") and wanted in (None, ""))


def _number(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool)


def _shown(value: object) -> str:
    return "" if value is None else str(value)

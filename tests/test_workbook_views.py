"""verify holds what a reader of plan.xlsx sees beyond its cells to what the writer writes:
each sheet's view (zoom, frozen panes, selection, gridlines), its filter range, tab colour,
default sizes and print setup, no merged cells, and the workbook's window and print titles.
Each edit, the manifest's hashes resealed to match, is named by its sheet and what differs."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from openpyxl.workbook.workbook import Workbook

from tests.test_workbook_form import _edited, folder  # noqa: F401  (the module's run)


def _on(sheet: str, change: Callable[[object], None]) -> Callable[[Workbook], None]:
    def edit(book: Workbook) -> None:
        change(book[sheet])
    return edit


VIEW = "sheet 'tiers': its view (zoom, frozen panes, selection, gridlines, the tab selected)"


@pytest.mark.parametrize(("edit", "said"), [
    (_on("tiers", lambda s: setattr(s.sheet_view, "zoomScale", 10)),
     f"{VIEW} is not the one the run writes: sheetView zoomScale 10 (the run writes —)"),
    (_on("tiers", lambda s: setattr(s, "freeze_panes", "C3")),
     f"{VIEW} is not the one the run writes: pane activePane bottomRight"),
    (_on("tiers", lambda s: setattr(s.sheet_view, "showGridLines", False)),
     f"{VIEW} is not the one the run writes: sheetView showGridLines 0"),
    (_on("tiers", lambda s: setattr(s.sheet_view.selection[0], "sqref", "B3")),
     "selection sqref B3 (the run writes A1)"),
    (_on("customer plan", lambda s: setattr(s.auto_filter, "ref", "A1:C2")),
     "sheet 'customer plan': its filter covers A1:C2; the run's covers A1:M3"),
    (_on("tiers", lambda s: setattr(s.sheet_properties, "tabColor", "FF0000")),
     "sheet 'tiers': its tab colour or sheet properties are not those the run writes: "
     "tabColor rgb 00FF0000"),
    (_on("offers", lambda s: setattr(s.sheet_format, "defaultRowHeight", 2)),
     "sheet 'offers': its default row height or column width is not the run's: "
     "sheetFormatPr defaultRowHeight 2 (the run writes 15)"),
    (_on("tiers", lambda s: setattr(s.page_setup, "scale", 10)),
     "sheet 'tiers': its print setup (paper, orientation, scaling, margins, header, footer or "
     "page breaks) is not the run's: pageSetup scale 10"),
    (_on("tiers", lambda s: s.merge_cells("A2:B2")),
     "sheet 'tiers': it holds a mergeCells element"),
    (_on("tiers", lambda s: setattr(s, "print_title_rows", "1:3")),
     "its defined names) are not those the run writes: definedName _xlnm.Print_Titles "
     "'tiers'!$1:$3 (the run writes 'tiers'!$1:$1)"),
    (lambda book: setattr(book, "active", 2),
     "the workbook's window (the sheet it opens on, the first tab shown, the tabs bar) is "
     "not the one the run writes: workbookView activeTab 2 (the run writes 0)"),
])
def test_a_change_a_reader_sees_beyond_the_cells_is_named(folder: Path, tmp_path: Path,  # noqa: F811
                                                          edit: Callable[[Workbook], None],
                                                          said: str) -> None:
    found = _edited(folder, tmp_path, edit)
    assert any(said in " ".join(detail.split()) for detail in found), found


def test_a_chinese_finding_names_the_sheet_and_what_differs() -> None:
    from allocator.errors import speak, told

    speak("zh")
    detail = told("workbook_view_detail", element="sheetView", attribute="zoomScale",
                  found="10", wanted="—")
    assert told("workbook_sheet_view", sheet="层级", detail=detail) == (
        "工作表“层级”：视图（缩放、冻结窗格、选定区域、网格线、选中的标签）与运行写出的不同："
        "sheetView zoomScale 为 10（运行写出的为 —）")

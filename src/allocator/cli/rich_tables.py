"""Print DataFrames as rich tables."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from rich.cells import cell_len
from rich.table import Table
from rich.text import Text

from allocator.cli.consoles import console
from allocator.cli.wrapping import wrapped_lines
from allocator.report.formats import (
    LIMIT_COLUMNS,
    TERM_COLUMNS,
    counted_cells,
    is_percent,
    is_use,
    percent_cells,
    shown_cell,
    whole_columns,
)
from allocator.report.language import Words

TEXT_WIDTH = 24
"""Text columns wider than this wrap or fold, to leave room for the numbers."""
HEADER_WIDTH = 10
"""Headers wider than this wrap onto more lines where the terminal is short of room."""
COLUMN_NAME = re.compile(r"^[a-z][a-z0-9_]*$")
"""An engine's column name (expected_loss), as opposed to a label."""


def print_frame(frame: pd.DataFrame, title: str, words: Words | None = None,
                counted: np.ndarray | None = None) -> None:
    """Formats follow the column's own name; headers and the engine's terms are translated.
    Cells are text, never markup: a label like `[premier]` prints as it is. Numbers keep their
    width whole and text (names, paths) wraps or folds onto more lines, so nothing is cut
    short; a table wider than the terminal goes on below, its key columns (the text columns
    before the first number) repeated. `counted`: rows x columns, cells that count whole
    units beyond those counted_cells finds (a table whose rows are named for a reader, no
    longer by the constraint that says they count)."""
    words = words or Words()
    rows = _texts(frame, words, counted)
    numeric = [bool(pd.api.types.is_numeric_dtype(frame[name])) for name in frame.columns]
    headers = [_breakable(header, str(name))
               for header, name in zip(words.headers(frame), frame.columns, strict=True)]
    cells = [max((cell_len(row[i]) for row in rows), default=1) for i in range(len(headers))]
    needed = [max(w if n else min(w, TEXT_WIDTH), _header_room(h))
              for w, n, h in zip(cells, numeric, headers, strict=True)]
    wanted = [max(w, cell_len(h)) for w, h in zip(cells, headers, strict=True)]
    keys = next((i for i, n in enumerate(numeric) if n), 1) or 1
    for part, columns in enumerate(column_groups(needed, console.width, keys)):
        table = Table(title=Text(title) if part == 0 else None, title_justify="left")
        widths = _widened(columns, needed, wanted, console.width)
        for i, width in zip(columns, widths, strict=True):
            table.add_column(cell_text(headers[i], width),
                             justify="right" if numeric[i] else "left", overflow="fold",
                             width=width)
        for row in rows:
            table.add_row(*(cell_text(row[i], width)
                            for i, width in zip(columns, widths, strict=True)))
        console.print(table)


def _texts(frame: pd.DataFrame, words: Words, counted: np.ndarray | None = None
           ) -> list[list[str]]:
    """Each row's cells as text: shares as percentages, counts whole (also in rows of a table
    whose columns hold amounts, such as a comparison's key figures; `counted` as print_frame
    says)."""
    whole_cells = counted_cells(frame) | (False if counted is None else counted)
    percent = [is_percent(n) for n in frame.columns]
    used = [is_use(n) for n in frame.columns]
    whole = whole_columns(frame)
    styles = ["limit" if name in LIMIT_COLUMNS else "" for name in frame.columns]
    return [[shown_cell(v, p or share, w or counted, style, u, words)
             for v, p, w, style, u, counted, share in zip(row, percent, whole, styles, used,
                                                           counts, shares, strict=True)]
            for row, counts, shares in zip(
                words.localized(frame, TERM_COLUMNS).itertuples(index=False),
                whole_cells, percent_cells(frame), strict=True)]


def cell_text(text: str, width: int) -> Text:
    """A cell or header as text in lines of at most `width` cells: broken at its spaces where
    each word fits (a limit's family and label each whole), else wrapped as the terminal's
    prose is (wrapping.wrapped_lines: Chinese by its characters' width, no line starting with
    a closing mark), each line as indented as the text itself."""
    if all(cell_len(word) <= width for word in text.split()):
        return Text(text)
    indent = text[:len(text) - len(text.lstrip(" "))]
    return Text("\n".join(wrapped_lines(text, width, first=indent, hanging=indent)))


def _breakable(header: str, name: str) -> str:
    """An engine's column name with its underscores as spaces, to wrap between words; a
    translated header or a run's label (demo_zh 2026-12-05) stays as it is."""
    return header.replace("_", " ") if header == name and COLUMN_NAME.match(name) else header


def _header_room(header: str) -> int:
    """The narrowest a column may be for its header: a single English word or key
    (budget.total) whole, anything else wrapped at HEADER_WIDTH."""
    whole = header.isascii() and " " not in header
    return cell_len(header) if whole else min(cell_len(header), HEADER_WIDTH)


def _widened(columns: list[int], needed: list[int], wanted: list[int], room: int) -> list[int]:
    """The columns' widths: what each needs, and the room left given to those that want more
    (a long name, a header on one line), in order."""
    spare = room - 1 - sum(needed[i] + 3 for i in columns)
    widths = []
    for i in columns:
        more = max(0, min(spare, wanted[i] - needed[i]))
        spare -= more
        widths.append(needed[i] + more)
    return widths


def column_groups(widths: list[int], room: int, keys: int = 1) -> list[list[int]]:
    """The columns of each table a wide table is folded into: as many as fit in `room`
    characters (three per column for its borders and padding), the first `keys` columns (what
    names a row: a KPI and its tier) in each."""
    if not widths:
        return [[]]
    keys = min(keys, len(widths))
    head = list(range(keys))
    start = 1 + sum(widths[i] + 3 for i in head)
    groups: list[list[int]] = [list(head)]
    used = start
    for index in range(keys, len(widths)):
        if len(groups[-1]) > keys and used + widths[index] + 3 > room:
            groups.append(list(head))
            used = start
        groups[-1].append(index)
        used += widths[index] + 3
    return groups

"""Print DataFrames as rich tables."""

from __future__ import annotations

import pandas as pd
from rich.table import Table
from rich.text import Text

from allocator.cli.common import console
from allocator.report.formats import TERM_COLUMNS, format_cell, is_percent
from allocator.report.language import Words


def print_frame(frame: pd.DataFrame, title: str, words: Words | None = None) -> None:
    """Formats follow the column's own name; headers and the engine's terms are translated.
    Cells are text, never markup: a label like `[premier]` prints as it is. A cell too wide
    for the terminal folds onto more lines: numbers and paths are never cut short."""
    words = words or Words()
    table = Table(title=Text(title), title_justify="left")
    for name, header in zip(frame.columns, words.headers(frame), strict=True):
        numeric = pd.api.types.is_numeric_dtype(frame[name])
        table.add_column(Text(str(header)), justify="right" if numeric else "left",
                         overflow="fold", no_wrap=False)  # never "5,278,4…" nor a cut path
    percent = [is_percent(n) for n in frame.columns]
    for row in words.localized(frame, TERM_COLUMNS).itertuples(index=False):
        table.add_row(*(Text(format_cell(v, p, words)) for v, p in zip(row, percent, strict=True)))
    console.print(table)

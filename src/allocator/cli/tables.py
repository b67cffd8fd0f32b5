"""Print DataFrames as rich tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
from rich.table import Table

from allocator.cli.common import console
from allocator.report.formats import is_percent


def print_frame(frame: pd.DataFrame, title: str) -> None:
    table = Table(title=title, title_justify="left")
    for name in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[name])
        table.add_column(str(name), justify="right" if numeric else "left")
    percent = [is_percent(n) for n in frame.columns]
    for row in frame.itertuples(index=False):
        table.add_row(*(format_cell(v, p) for v, p in zip(row, percent, strict=True)))
    console.print(table)


def format_cell(value: object, percent: bool = False) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        value = float(value)
        if np.isnan(value):
            return ""
        if percent:
            return f"{value:.1%}"
        if abs(value) < 100:
            return f"{value:,.2f}"
        return f"{value / 1e6:,.1f}M" if abs(value) >= 1e7 else f"{value:,.0f}"
    if isinstance(value, int | np.integer):
        return f"{value:,}"
    return str(value)

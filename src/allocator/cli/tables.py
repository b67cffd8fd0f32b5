"""Print DataFrames as rich tables."""

from __future__ import annotations

import numpy as np
import pandas as pd
from rich.table import Table

from allocator.cli.common import console


def print_frame(frame: pd.DataFrame, title: str) -> None:
    table = Table(title=title, title_justify="left")
    for name in frame.columns:
        numeric = pd.api.types.is_numeric_dtype(frame[name])
        table.add_column(str(name), justify="right" if numeric else "left")
    for row in frame.itertuples(index=False):
        table.add_row(*(format_cell(v) for v in row))
    console.print(table)


def format_cell(value: object) -> str:
    if isinstance(value, bool | np.bool_):
        return "yes" if value else "no"
    if isinstance(value, float | np.floating):
        value = float(value)
        if np.isnan(value):
            return ""
        if 0 < abs(value) < 1:
            return f"{value:.1%}"
        return f"{value / 1e6:,.1f}M" if abs(value) >= 1e7 else f"{value:,.0f}"
    if isinstance(value, int | np.integer):
        return f"{value:,}"
    return str(value)

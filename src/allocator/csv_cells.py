"""CSV files written for people, safe to open in a spreadsheet: text that a spreadsheet would
read as a formula (a cell beginning with =, +, -, @, a tab or a carriage return, such as an
id '=HYPERLINK(...)') is written with a leading apostrophe, the OWASP rule against CSV
injection; so is text already beginning with an apostrophe, so that reading the file back
(`read_people_csv`) gives every value exactly as it was. Numbers are never touched: a
negative number stays a number."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pandas as pd

MARK = "'"
LEADS = ("=", "+", "-", "@", "\t", "\r", MARK)
"""Text beginning with one of these is written behind MARK."""


def protected(frame: pd.DataFrame) -> pd.DataFrame:
    """The frame with every text cell that begins with one of LEADS behind MARK."""
    out = frame.copy(deep=False)
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            risky = column.map(lambda v: isinstance(v, str) and v.startswith(LEADS))
            if risky.any():
                out[name] = column.astype(object).where(~risky, MARK + column.astype(object)
                                                        .where(risky, ""))
    return out


def unprotected(frame: pd.DataFrame) -> pd.DataFrame:
    """A frame read from a protected CSV, its text cells as they were before `protected`."""
    for name in frame.columns:
        column = frame[name]
        if pd.api.types.is_object_dtype(column) or pd.api.types.is_string_dtype(column):
            marked = column.map(lambda v: isinstance(v, str) and v.startswith(MARK))
            if marked.any():
                frame[name] = column.astype(object).where(
                    ~marked, column.astype(object).where(marked, MARK).str[1:])
    return frame


def write_people_csv(frame: pd.DataFrame, path: Path) -> None:
    protected(frame).to_csv(path, index=False, lineterminator="\n")


def read_people_csv(path: Path, **options: Any) -> pd.DataFrame:
    """pandas.read_csv of a CSV written by write_people_csv, its text as it was."""
    return unprotected(pd.read_csv(path, **options))

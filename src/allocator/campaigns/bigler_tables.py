"""The four tables of a customer-assignment instance (allocator.campaigns.bigler), checked
before they are read: each column the format names is there, whole numbers and finite numbers
(within the ±1e15 a scenario and its data take) where it wants them, ids once, each customer's
activity once, and every activity, channel-free product and rule a table names known to the
others. A table that breaks one is refused in one line naming the file, the column and the
first lines that break it."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator.errors import Named, UserError, catalogued, cut, in_a_row
from allocator.scenario.fields import LARGEST

WHOLE, NUMBER, TEXT, ID = "whole", "number", "text", "id"
COLUMNS = {
    "table1.csv": {"Activity": WHOLE, "Day": WHOLE, "Channel": TEXT, "TargetProducts": TEXT,
                   "Cost": NUMBER},
    "table2.csv": {"Customer": ID, "Activity": WHOLE, "ExpectedProfit": NUMBER,
                   "ResponseProbability": NUMBER},
    "table3.csv": {"Index": WHOLE, "Type": TEXT, "StartDay": WHOLE, "EndDay": WHOLE,
                   "Channels": TEXT, "TargetProducts": TEXT, "Bound": NUMBER},
    "table4.csv": {"Index": WHOLE, "Channel1": TEXT, "TargetProduct1": TEXT, "Channel2": TEXT,
                   "TargetProduct2": TEXT, "Lag": WHOLE},
}
"""Each table's columns and what they hold."""
ID_COLUMNS = ("Customer", "Activity", "Index")
"""The columns of ids, read from a CSV file as text, as written: a customer 1 stays '1' where
another's id is 1.5 (read as numbers, every id would be read as a decimal, 1 as '1.0');
activities and rules are then read as the whole numbers they are."""
WHOLE_LIMIT = 1_000_000
"""Ids, days and lags are whole numbers from 0 to this."""
UNIQUE = {"table1.csv": "Activity", "table3.csv": "Index", "table4.csv": "Index"}
NOT_EMPTY = ("table1.csv", "table2.csv")
"""The tables an instance needs a row of: an activity, and a customer eligible for one."""
PRODUCT_COLUMNS = {"table3.csv": ("TargetProducts",),
                   "table4.csv": ("TargetProduct1", "TargetProduct2")}
SHOWN_LINES = 5
SHOWN_PAIRS = 3
"""The most repeated customer-activity pairs a message names."""


@dataclass(frozen=True)
class Broken:
    """Where a table breaks the format: its file, column, the file's lines and why."""

    file: str
    column: str
    lines: list[int]
    problem: str


def checked_tables(tables: list[pd.DataFrame]) -> list[pd.DataFrame]:
    """The four tables, whole-number columns as integers; UserError at the first break."""
    out = [_checked_table(name, table) for name, table in zip(COLUMNS, tables, strict=True)]
    _check_references(out)
    return out


def _checked_table(name: str, table: pd.DataFrame) -> pd.DataFrame:
    missing = [column for column in COLUMNS[name] if column not in table.columns]
    if missing:
        header = in_a_row(map(str, table.columns))
        raise UserError.said("instance_columns_missing", file=name, missing=in_a_row(missing),
                             columns=in_a_row(COLUMNS[name]),
                             found=Named(cut(header), cut(header.chinese)))
    if table.empty and name in NOT_EMPTY:
        raise UserError.said("instance_no_rows", file=name)
    table = table.copy()
    for column, kind in COLUMNS[name].items():
        table[column] = _column(name, column, kind, table[column])
    unique = UNIQUE.get(name)
    if unique is not None:
        _refuse(name, unique, table[unique].duplicated(keep="first"), "instance_id_twice")
    return table


def _column(name: str, column: str, kind: str, values: pd.Series) -> pd.Series:
    if kind == ID:  # kept as written
        _refuse(name, column, values.isna(), "instance_blank")
        return values
    if kind == TEXT:
        _refuse(name, column, values.isna() | (values.astype(str).str.strip() == ""),
                "instance_blank")
        return values.astype(str).str.strip()
    numbers = pd.to_numeric(values, errors="coerce").astype(float)
    _refuse(name, column, ~np.isfinite(numbers), "instance_not_number")
    if kind == WHOLE:
        _refuse(name, column, numbers != np.round(numbers), "instance_not_whole")
        _refuse(name, column, (numbers < 0) | (numbers > WHOLE_LIMIT), "instance_out_of_range")
        return numbers.astype(np.int64)
    _refuse(name, column, numbers.abs() > LARGEST, "instance_huge", largest=f"{LARGEST:g}")
    return numbers


def _check_references(tables: list[pd.DataFrame]) -> None:
    activities, pairs = tables[0], tables[1]
    _refuse_repeated_pairs(pairs)
    _refuse("table2.csv", "Activity", ~pairs["Activity"].isin(activities["Activity"]),
            "instance_unknown_activity")
    _refuse("table2.csv", "ResponseProbability",
            ~pairs["ResponseProbability"].between(0.0, 1.0), "instance_not_probability")
    products = {word for text in activities["TargetProducts"] for word in _words(text)}
    for name, table in zip(("table3.csv", "table4.csv"), tables[2:], strict=True):
        for column in PRODUCT_COLUMNS[name]:
            unknown = table[column].map(
                lambda text: _words(text) != ["ALL"] and not set(_words(text)) <= products)
            _refuse(name, column, unknown, "instance_unknown_product")


def _refuse_repeated_pairs(pairs: pd.DataFrame) -> None:
    """UserError naming the first pairs given on more than one line of table2.csv, with their
    lines: the same profit and probability or not (which line would be meant?)."""
    repeated = pairs.duplicated(["Customer", "Activity"], keep=False).to_numpy()
    if not repeated.any():
        return
    lines = pd.Series(np.flatnonzero(repeated) + 2)  # the header is line 1
    groups = list(lines.groupby([pairs["Customer"].to_numpy()[repeated],
                                 pairs["Activity"].to_numpy()[repeated]], sort=False))
    shown = [catalogued("instance_repeated_pair", customer=customer, activity=activity,
                        lines=_lines(held.tolist(), ", "), lines_zh=_lines(held.tolist(), "、"))
             for (customer, activity), held in groups[:SHOWN_PAIRS]]
    more = len(groups) - len(shown)
    raise UserError.said("instance_repeated_pairs", count=f"{int(repeated.sum()):,}",
                         pairs=Named("; ".join(en for en, _ in shown),
                                     "；".join(zh for _, zh in shown)),
                         more=Named(f"; {more:,} more pairs", f"；另有 {more:,} 组")
                         if more > 0 else "")


def _lines(lines: list[int], separator: str) -> str:
    """The first SHOWN_LINES of `lines`, and how many more."""
    more = len(lines) - SHOWN_LINES
    return separator.join(f"{line:,}" for line in lines[:SHOWN_LINES]) + (
        f" (+{more:,})" if more > 0 else "")


def _words(text: str) -> list[str]:
    return [word.strip() for word in text.split(";") if word.strip()]


def _refuse(name: str, column: str, bad: pd.Series, problem: str, **fields: object) -> None:
    """UserError naming the file, column and first lines (the header is line 1) where `bad`,
    the catalogue's `problem` (its `fields` filled in) saying why."""
    where = np.flatnonzero(bad.to_numpy(dtype=bool))
    if len(where):
        lines = ", ".join(str(k + 2) for k in where[:SHOWN_LINES])
        more = len(where) - SHOWN_LINES
        english, chinese = catalogued(problem, **fields)
        raise UserError.said("instance_bad_cells_one" if len(where) == 1 else
                             "instance_bad_cells", file=name, column=column, lines=lines,
                             more=f" (+{more})" if more > 0 else "", problem=english,
                             problem_zh=chinese)

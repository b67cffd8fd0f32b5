"""What a file given as a scenario holds where it holds no scenario: a data table, by the
suffix of its name (a customer or RM table given where its scenario goes), or a YAML value that
is no mapping of sections (text, a number, a list), said in words, never a type of the code."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from allocator.errors import Named, UserError, catalogued

TABLE_SUFFIXES = (".csv", ".tsv", ".parquet", ".pq", ".xlsx", ".xlsm", ".xls")
"""The suffixes of a data table's file: a scenario's data section names such files."""
HELD = ((bool, "flag"), (str, "text"), (int | float, "number"), (list, "list"), (date, "date"))
"""What a YAML file holds in place of a mapping, by the value it reads as (true or false
first: a bool is an int), and the catalogue's word for it (scenario_holds_<word>)."""


def refuse_table(path: Path) -> None:
    """UserError where `path` is named as a data table is: a table given as the scenario."""
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES:
        raise UserError.said("scenario_is_table", path=path, suffix=suffix)


def refuse_not_mapping(path: Path, raw: object) -> None:
    """UserError where the file's YAML reads as a value that is no mapping of sections, saying
    what it holds."""
    if not isinstance(raw, dict):
        word = next((word for kind, word in HELD if isinstance(raw, kind)), "value")
        raise UserError.said("scenario_not_mapping", path=path,
                             kind=Named(*catalogued(f"scenario_holds_{word}")))

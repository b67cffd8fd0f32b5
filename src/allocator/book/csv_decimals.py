"""The decimal mark of a CSV table's numbers: a point, or a comma as Excel writes it where the
decimal mark is a comma (most of Europe: "CSV (semicolon)", 12,44 and 1.234,56).

A table source says which (`decimal: "."` or `decimal: ","`); by default (`auto`) a table
separated by semicolons, the separator of those exports, is read with decimal commas where its
numbers show it and nothing says otherwise: some number cell is written with a comma no
thousands separator makes (12,44; 0,00625; 1.234,56) and none with a decimal point (12.44;
1,234.56). A cell such as 1.234 is then 1234, as the file's own 1.234,56 says; where both
marks show, the table is read with points and every decimal comma is refused, naming the key
that says which. A table separated otherwise reads points unless its source says commas (a
comma inside a number would split a comma-separated line anyway).

Ids and other text columns are never read as numbers, so never rewritten.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyarrow as pa
import pyarrow.compute as pc

AUTO, POINT, COMMA = "auto", ".", ","
DECIMAL_MARKS = (AUTO, POINT, COMMA)
"""The values of a table source's `decimal` key."""

DECIMAL_COMMA = (r"^\s*[-+]?(?:0,\d+|\d+,\d{1,2}|\d+,\d{4,}|\d{1,3}(?:\.\d{3})+,\d+)\s*$")
"""A number only a decimal comma writes so (12,44; 0,00625; 1.234,5): no thousands
separator stands before one or two digits, or after a lone 0 (1,234 could be either, and is
no sign of a decimal comma)."""
DECIMAL_POINT = (r"^\s*[-+]?(?:0?\.\d+|\d+\.\d{1,2}|\d+\.\d{4,}|\d{1,3}(?:,\d{3})+\.\d+"
                 r"|\d*\.\d+[eE][-+]?\d+)\s*$")
"""A number only a decimal point writes so (12.44; 0.5; 1,234.56; 1.5e3): the same rule
with the marks swapped (1.234 could be either)."""
COMMA_NUMBER = r"^\s*[-+]?(?:\d+|\d{1,3}(?:\.\d{3})+)(?:,\d+)?\s*$"
"""A number written with a decimal comma, with or without points between its thousands
(12,44; 1234; 1.234; 1.234,56)."""


def shows_commas(separator: str, points: pa.Table, numbers: Iterable[str]) -> bool:
    """Whether a table of `auto` decimals is read with decimal commas: it is separated by
    semicolons, and `points`, the table read with decimal points, shows a decimal comma in
    one of its `numbers` columns (the columns not read as text)."""
    return separator == ";" and _shows(points, numbers, DECIMAL_COMMA)


def shows_points(commas: pa.Table, numbers: Iterable[str]) -> bool:
    """Whether the table read with decimal commas shows a decimal point in one of its
    `numbers` columns (a cell that only a decimal point writes so)."""
    return _shows(commas, numbers, DECIMAL_POINT)


def with_points(commas: pa.Table, numbers: Iterable[str]) -> pa.Table:
    """The table read with decimal commas, its `numbers` columns the reader left as text
    (a cell with points between thousands, 1.234,56) written with a decimal point (1234.56),
    to be read as numbers as any table's are; a cell that is no such number is left as it is,
    and refused where the table's numbers are checked."""
    for name in _texts(commas, numbers):
        cells = commas[name]
        number = pc.match_substring_regex(cells, COMMA_NUMBER)
        pointed = pc.replace_substring(pc.replace_substring(cells, ".", ""), ",", ".")
        at = commas.schema.get_field_index(name)
        commas = commas.set_column(at, name, pc.if_else(number, pointed, cells))
    return commas


def _shows(table: pa.Table, numbers: Iterable[str], pattern: str) -> bool:
    """Whether a cell of one of the `numbers` columns the reader left as text matches
    `pattern`."""
    return any(pc.any(pc.match_substring_regex(table[name], pattern)).as_py()
               for name in _texts(table, numbers))


def _texts(table: pa.Table, numbers: Iterable[str]) -> list[str]:
    """The `numbers` columns of `table` the reader left as text (a cell it could not read as
    a number)."""
    return [name for name in numbers
            if name in table.column_names and pa.types.is_string(table.schema.field(name).type)]

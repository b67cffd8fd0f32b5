"""The decimal mark of a CSV table's numbers: a point, or a comma as Excel writes it where the
decimal mark is a comma (most of Europe: "CSV (semicolon)", 12,44 and 1.234,56).

A table source says which (`decimal: "."` or `decimal: ","`); by default (`auto`) a table
separated by anything but commas (semicolons, the separator of those exports; tabs, of
Excel's text exports; bars) is read with decimal commas where its numbers show it and nothing
says otherwise: some number cell is written with a comma no thousands separator makes (12,44;
0,00625; 1.234,56) and none with a decimal point (12.44; 1,234.56). A cell such as 1.234 is
then 1234, as the file's own 1.234,56 says; where both marks show, the table is read with
points and every decimal comma is refused, naming the key that says which. A comma-separated
table reads points unless its source says commas: a decimal comma would split its line
unless quoted, which no export does.

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
COMMA_NUMBER = r"^\s*[-+]?(?:\d+|[1-9]\d{0,2}(?:\.\d{3})+)(?:,\d+)?\s*$"
"""A number written with a decimal comma, with or without points between its thousands
(12,44; 1234; 1.234; 1.234,56): a point stands between thousands only where it groups them
(0.123, 12.34 and 1234.567 are no grouping)."""
THOUSANDS_POINTS = r"^\s*[-+]?[1-9]\d{0,2}(?:\.\d{3})+\s*$"
"""A number shaped as a whole number with points between its thousands (1.760; 12.500.000),
as Excel writes #.##0 where the decimal mark is a comma: read with decimal points it would
be 1.76, a thousandth of what it says there."""
POINTED = r"^\s*[-+]?[\d.,]*\.[\d.,]*(?:[eE][-+]?\d+)?\s*$"
"""A number written with a point (2.5; 0.123; 1860.37; 1.234,56; 1.5e3)."""
SPACED_THOUSANDS = r"^\s*[-+]?\d{1,3}(?:[ \u00a0\u202f]\d{3})+(?:[.,]\d+)?\s*$"
"""A number with spaces between its thousands (1 234,56; a non-breaking or narrow space as
French Excel writes it): never read, as a space is no part of a number in any table."""

Cells = tuple[str, list[int], list[str]]
"""Cells of a column refused: the column, the rows (0: the first under the header) and the
first cells as written."""


def may_write_commas(separator: str) -> bool:
    """Whether a table separated by `separator` may write decimal commas, so that its `auto`
    decimals are found from its numbers: any separator but a comma."""
    return separator != COMMA


def shows_commas(points: pa.Table, numbers: Iterable[str]) -> bool:
    """Whether `points`, a table read with decimal points, shows a decimal comma in one of
    its `numbers` columns (the columns not read as text)."""
    return _shows(points, numbers, DECIMAL_COMMA)


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


def unsettled_points(texts: pa.Table, numbers: Iterable[str]) -> list[Cells]:
    """The `numbers` columns of a table of `auto` decimals that may write decimal commas
    (may_write_commas) read with decimal points (`texts`: the table read as text) holding a
    cell such as 1.760 (THOUSANDS_POINTS) that nothing in its column settles: it is 1.76 only
    where the column also shows a decimal point (a cell only a decimal point writes so: 12.44,
    0.5, 1.2345), and 1760 where the file writes decimal commas, which is then read with them;
    a whole number written without points (1760) settles nothing, as a sum may be written
    either way."""
    found = []
    for name in _present(texts, numbers):
        cells = texts[name]
        if not pc.any(pc.match_substring_regex(cells, DECIMAL_POINT)).as_py():
            found.extend(_matching(texts, name, THOUSANDS_POINTS))
    return found


def stray_points(commas: pa.Table, numbers: Iterable[str]) -> list[Cells]:
    """The cells of the table read with decimal commas written with a point that groups no
    thousands (2.5; 0.123; 1860.37; 1.234.56): read as written they would be decimals with a
    point, and read as thousands a thousand times too large, in a column of decimal commas."""
    found = []
    for name in _texts(commas, numbers):
        pointed = pc.match_substring_regex(commas[name], POINTED)
        stray = pc.and_(pointed, pc.invert(pc.match_substring_regex(commas[name], COMMA_NUMBER)))
        found.extend(_cells(commas, name, stray))
    return found


def minority_marks(points: pa.Table, commas: pa.Table, numbers: Iterable[str]
                   ) -> tuple[str, list[Cells]] | None:
    """Where a table shows both decimal marks, the mark fewer of its cells write and those
    cells (1,501.01 among 12,44s: the point, on its row), so that the rows that disagree with
    the rest are named; None on a tie. `points` and `commas` are the table read with each."""
    numbers = list(numbers)
    commas_found = decimal_commas(points, numbers)
    points_found = [c for n in _texts(commas, numbers) for c in _matching(commas, n, DECIMAL_POINT)]
    count = {mark: sum(len(rows) for _, rows, _ in found)
             for mark, found in ((COMMA, commas_found), (POINT, points_found))}
    if count[COMMA] == count[POINT]:
        return None
    return (POINT, points_found) if count[POINT] < count[COMMA] else (COMMA, commas_found)


def decimal_commas(points: pa.Table, numbers: Iterable[str]) -> list[Cells]:
    """The cells of the table read with decimal points written with a decimal comma (12,44;
    1.234,56), which it left as text."""
    return [c for n in _texts(points, numbers) for c in _matching(points, n, DECIMAL_COMMA)]


def _matching(table: pa.Table, name: str, pattern: str) -> list[Cells]:
    """The cells of column `name` matching `pattern`, as one Cells (none where none does)."""
    return _cells(table, name, pc.match_substring_regex(table[name], pattern))


def _cells(table: pa.Table, name: str, mask: pa.ChunkedArray) -> list[Cells]:
    """The cells of column `name` where `mask` holds, as one Cells (none where none)."""
    rows = [n for n, flag in enumerate(pc.fill_null(mask, False).to_pylist()) if flag]
    if not rows:
        return []
    written = table[name].take(rows[:3]).to_pylist()
    return [(name, rows, [str(cell).strip() for cell in written])]


def _shows(table: pa.Table, numbers: Iterable[str], pattern: str) -> bool:
    """Whether a cell of one of the `numbers` columns the reader left as text matches
    `pattern`."""
    return any(pc.any(pc.match_substring_regex(table[name], pattern)).as_py()
               for name in _texts(table, numbers))


def _texts(table: pa.Table, numbers: Iterable[str]) -> list[str]:
    """The `numbers` columns of `table` the reader left as text (a cell it could not read as
    a number)."""
    return [name for name in _present(table, numbers)
            if pa.types.is_string(table.schema.field(name).type)]


def _present(table: pa.Table, numbers: Iterable[str]) -> list[str]:
    """The `numbers` columns `table` holds."""
    return [name for name in numbers if name in table.column_names]

"""A CSV table's faults said without its contents: a line the parser cannot split is named by
its line number and its count of fields (the parser's own message quotes the line, which holds
a customer's data), and a number written 'nan' by its column and lines (an infinity is refused
where the table's numbers are checked, by the rows' ids)"""

from __future__ import annotations

import re
from pathlib import Path

import pyarrow as pa
import pyarrow.compute as pc
import pyarrow.csv as pacsv

from allocator.book.csv_decimals import Cells
from allocator.book.csv_header import separator_words
from allocator.book.row_places import RowPlaces
from allocator.errors import UserError, catalogued, cut, in_a_row

_PROBLEM = re.compile(r"^CSV parse error: ([^:]*)")
SHOWN_LINES = 10
"""How many line numbers a message names."""


def csv_parse_error(path: Path, label: str, reading: pacsv.ReadOptions,
                    parsing: pacsv.ParseOptions, options: pacsv.ConvertOptions, message: str,
                    places: RowPlaces) -> UserError:
    """The error of a CSV file the parser refused: its first line of the wrong count of fields,
    found by reading it again in order, named where `places` says its row stands (the parser
    counts the lines above the header, but neither a blank line among the rows nor a text's
    line break); else the parser's problem without the text it quotes."""
    found: list[tuple[int, int, int]] = []

    def record(row: pacsv.InvalidRow) -> str:
        if not found:
            found.append((row.number or 0, row.expected_columns, row.actual_columns))
        return "skip"

    ordered = pacsv.ReadOptions(encoding=reading.encoding, use_threads=False,
                                skip_rows=reading.skip_rows)  # a title above the header
    try:
        pacsv.read_csv(path, read_options=ordered, convert_options=options,
                       parse_options=pacsv.ParseOptions(delimiter=parsing.delimiter,
                                                        invalid_row_handler=record))
    except (pa.ArrowInvalid, OSError):
        found = found or []
    if found and found[0][0] > 0:
        counted, expected, actual = found[0]
        line = places.number(counted - places.header - 1)
        return UserError.said("csv_line_fields", label=label, line=line, found=actual,
                              expected=expected, separators=separator_words(parsing.delimiter))
    problem = _PROBLEM.match(message)
    return UserError.said("csv_unparsed", label=label,
                          problem=cut(problem.group(1) if problem else "CSV parse error"))


def refuse_not_finite(table: pa.Table, label: str, places: RowPlaces) -> None:
    """UserError naming the first numeric column holding NaN (written 'nan' or 'NaN' in a CSV
    file, which pyarrow reads as the number; a NaN value, not a null, in a Parquet file) and
    its rows where `places` says they stand (a CSV file's lines, below a title if any)."""
    csv = places.kind == "csv"
    for name, column in zip(table.column_names, table.columns, strict=True):
        if not pa.types.is_floating(column.type):
            continue
        bad = pc.fill_null(pc.is_nan(column), False)
        if not pc.any(bad).as_py():
            continue
        rows = [n for n, flag in enumerate(bad.to_pylist()) if flag]
        lines = ", ".join(str(places.number(n)) for n in rows[:SHOWN_LINES])
        more = f" (+{len(rows) - SHOWN_LINES})" if len(rows) > SHOWN_LINES else ""
        one = "_one" if len(rows) == 1 else ""  # "line 2", never "lines 2"
        raise UserError.said(("csv_nan" if csv else "table_nan") + one, label=label,
                             column=cut(name), lines=lines, more=more)


def refuse_cells(key: str, label: str, found: list[Cells], places: RowPlaces,
                 **fields: object) -> None:
    """UserError of catalogue message `key` (its other `fields` given), saying each column of
    `found` with its lines and its first cells as written (numbers, no customer's name),
    where any is found."""
    if not found:
        return
    said = []
    for name, rows, written in found:
        lines = ", ".join(str(places.number(n)) for n in rows[:SHOWN_LINES])
        more = f" (+{len(rows) - SHOWN_LINES})" if len(rows) > SHOWN_LINES else ""
        said.append(catalogued("csv_cells_column" + ("_one" if len(rows) == 1 else ""),
                               column=cut(name), lines=lines, more=more,
                               examples=in_a_row(cut(cell) for cell in written)))
    english, chinese = ("\n".join(line[i] for line in said) for i in (0, 1))
    raise UserError.said(key, label=label, columns=english, columns_zh=chinese, **fields)

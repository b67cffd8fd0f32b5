"""The rows of a CSV table, read from its header line down (allocator.book.csv_header finds
it), with the lines they stand on in the file, blank lines among them counted
(allocator.book.row_places)."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv

from allocator.book.csv_decimals import (
    AUTO,
    COMMA,
    POINT,
    decimal_commas,
    may_write_commas,
    minority_marks,
    shows_commas,
    shows_points,
    stray_points,
    unsettled_points,
    with_points,
)
from allocator.book.csv_faults import csv_parse_error, refuse_cells, refuse_not_finite
from allocator.book.csv_header import header_line, separator, separator_words
from allocator.book.csv_lines import CsvLines
from allocator.book.row_places import RowPlaces


def csv_rows(path: Path, label: str, names: list[str], text: dict[str, str], encoding: str,
             decimal: str = AUTO) -> tuple[pd.DataFrame, RowPlaces]:
    """The `names` columns of a CSV file (`text` among them read as text), and the lines its
    rows stand on: from its header line down (a title above it skipped), split by the
    separator the header uses (allocator.book.csv_header), where only an empty cell is
    missing: 'nan', 'NA' or 'null' are no blank (pyarrow's default would make them one, and a
    default value would silently apply), and a number written 'nan' is refused naming the
    column and lines. Numbers are read with the decimal mark `decimal` (the source's key)
    says, or finds (allocator.book.csv_decimals)."""
    header, line = header_line(path, encoding, names)
    delimiter = separator(line)
    places = RowPlaces("csv", header, CsvLines(path, encoding, header, delimiter))
    reading = pacsv.ReadOptions(encoding="utf8" if encoding == "utf-8-sig" else encoding,
                                skip_rows=header - 1)
    parsing = pacsv.ParseOptions(delimiter=delimiter)
    numbers = [name for name in names if name not in text]

    def read(mark: str, columns: list[str] = names, texts: dict[str, str] = text) -> pa.Table:
        return _read(path, label, (reading, parsing), _options(columns, texts, mark), places)

    def as_text(columns: list[str]) -> pa.Table:
        return read(POINT, columns, dict.fromkeys(columns, ""))

    if decimal == COMMA:
        commas = read(COMMA)
        refuse_cells("csv_stray_points", label, stray_points(commas, numbers), places)
        table = with_points(commas, numbers)
    else:
        table = read(POINT)
        if decimal == POINT:
            _refuse_commas(table, as_text, numbers, label, places)
        elif may_write_commas(delimiter) and shows_commas(table, numbers):
            table = _found_commas(table, read(COMMA), numbers, label, places, delimiter)
        elif may_write_commas(delimiter):
            unread = [n for n in numbers if not pa.types.is_integer(table.schema.field(n).type)]
            refuse_cells("csv_thousands_points", label, unsettled_points(as_text(unread), unread),
                         places, separators=separator_words(delimiter))
    refuse_not_finite(table, label, places)
    return table.to_pandas(), places


def _refuse_commas(points: pa.Table, as_text: Callable[[list[str]], pa.Table],
                   numbers: list[str], label: str, places: RowPlaces) -> None:
    """Refuse the cells of a table said to write decimal points written with a decimal comma
    (12,44; 1.234,56), named by their lines: to be written with a point where the file's
    numbers show one (`as_text` reads columns as text), else the source to say commas."""
    found = decimal_commas(points, numbers)
    if found:
        points_shown = shows_points(as_text(numbers), numbers)
        refuse_cells("csv_stray_commas" if points_shown else "csv_all_commas", label, found,
                     places)


def _found_commas(points: pa.Table, commas: pa.Table, numbers: list[str], label: str,
                  places: RowPlaces, delimiter: str) -> pa.Table:
    """The table of `auto` decimals whose numbers show a decimal comma (its columns separated
    by `delimiter`): read with decimal commas where none shows a decimal point, a point that
    groups no thousands refused; where both show, the cells of the mark fewer cells write are
    refused, named by their lines; on a tie, read with points, each decimal comma refused
    where the numbers are checked."""
    if not shows_points(commas, numbers):
        refuse_cells("csv_stray_points_found", label, stray_points(commas, numbers), places,
                     separators=separator_words(delimiter))
        return with_points(commas, numbers)
    minority = minority_marks(points, commas, numbers)
    if minority is not None:
        mark, cells = minority
        refuse_cells("csv_mixed_points" if mark == POINT else "csv_mixed_commas", label, cells,
                     places)
    return points


def _options(names: list[str], text: dict[str, str], decimal: str) -> pacsv.ConvertOptions:
    """The reader's options for the `names` columns, `text` read as text, numbers with the
    `decimal` mark."""
    return pacsv.ConvertOptions(include_columns=names, null_values=[""], decimal_point=decimal,
                                column_types={n: pa.string() for n in text})


def _read(path: Path, label: str, split: tuple[pacsv.ReadOptions, pacsv.ParseOptions],
          options: pacsv.ConvertOptions, places: RowPlaces) -> pa.Table:
    """The table as the reader reads it with `split` (where it starts, its separator) and
    `options`; a line it cannot split is refused, named by its line (csv_parse_error)."""
    reading, parsing = split
    try:
        return pacsv.read_csv(path, read_options=reading, parse_options=parsing,
                              convert_options=options)
    except pa.ArrowInvalid as exc:
        if not str(exc).startswith("CSV parse error"):
            raise
        raise csv_parse_error(path, label, reading, parsing, options, str(exc),
                              places) from None

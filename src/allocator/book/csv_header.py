"""The header of a CSV file: its line, decoded in the file's encoding (UTF-16 included), and
the character that separates its column names.

The header is the file's first line, but where a title, a date or a note stands above it
("Customer extract 2026-11-30"): then the first of the file's first lines whose names hold every
required column, as a workbook's sheet is read (allocator.book.header_rows). Each line is split
by its own separator (a title has few or none), and the table is read from the header down.

Not every "CSV" a bank hands over is comma-separated. Excel writes semicolons where the
decimal mark is a comma (most of Europe: "CSV (semicolon)"), a tab in its "Unicode text" and
"Text (tab delimited)" exports, and database exports often use a bar. A user who names such a
file expects it read, not told that 'customer_id;region;aum' is one column missing every
required name. So the separator is the one of a comma, a tab, a semicolon and a bar that splits
the header into the most names, a comma on a tie (and the others in that order). The header
alone decides, never the data rows, where a text may hold any of these characters: the same
file is always read the same way, and a comma-separated file is read as it always was, unless
its column names hold more semicolons (tabs, bars) than the header has commas, which a name
that is meant never does. A wrong choice cannot pass unseen: the required names would then not
be found, and the missing columns are named with the names that were.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from itertools import islice
from pathlib import Path

from allocator.book.header_rows import HEADER_ROWS, header_row
from allocator.encodings import open_bytes
from allocator.errors import Named, UserError, catalogued

COMMA = ","
SEPARATORS = (COMMA, "\t", ";", "|")
"""The separators a header may use, in the order a tie between them is broken."""
SEPARATOR_WORDS = {COMMA: ("commas", "逗号"), "\t": ("tabs", "制表符"),
                   ";": ("semicolons", "分号"), "|": ("bars ('|')", "竖线（|）")}
"""How a message names a file's separators, in English and Chinese."""


def first_lines(path: Path, encoding: str) -> list[str]:
    """The file's first HEADER_ROWS lines, decoded, without their line endings or a byte-order
    mark (a file declared utf-8 may start with one)."""
    with open_bytes(path) as raw, io.TextIOWrapper(raw, encoding=encoding, newline="\n") as text:
        lines = [line.removesuffix("\n").removesuffix("\r") for line in islice(text, HEADER_ROWS)]
    return [line.removeprefix("\ufeff") if at == 0 else line for at, line in enumerate(lines)]


def header_line(path: Path, encoding: str, needed: Sequence[str] = ()) -> tuple[int, str]:
    """The number of the file's header line (1-based) and its text: the first of its first
    lines whose names hold every `needed` name (the source names of the required columns) but
    for case and spaces, else its first line."""
    lines = first_lines(path, encoding)
    number = header_row([(at, _split(line)) for at, line in enumerate(lines, start=1)],
                        needed) or 1
    return number, lines[number - 1] if lines else ""


def _split(line: str) -> tuple[str, ...]:
    """The names of `line` as its own separator splits them (none where the csv module cannot
    split it: the header's own check names why)."""
    try:
        return tuple(next(csv.reader([line], delimiter=separator(line)), []))
    except csv.Error:
        return ()


def separator(line: str) -> str:
    """The character that separates the names of the header `line` (see the module's
    docstring)."""
    counts = {mark: _names(line, mark) for mark in SEPARATORS}
    return max(SEPARATORS, key=lambda mark: counts[mark])  # the first of the most


def _names(line: str, mark: str) -> int:
    """How many names `mark` splits the header `line` into, a mark between double quotes
    being part of a name (counted by hand: the csv module refuses a line holding a carriage
    return, which the header's own check names)."""
    inside, count = False, 1
    for char in line:
        if char == '"':
            inside = not inside
        elif char == mark and not inside:
            count += 1
    return count


def csv_header(path: Path, label: str, encoding: str, needed: Sequence[str] = ()) -> list[str]:
    """The column names of the CSV file at `path`, on its header line (header_line); a header
    that is blank, or holds characters no header holds (a NUL, binary bytes, a tab that
    separates nothing), is refused."""
    line = header_line(path, encoding, needed)[1]
    mark = separator(line)
    if any(not char.isprintable() for char in line.replace(mark, "")):  # before csv words it
        raise UserError.said("header_unprintable", label=label)
    row = next(csv.reader([line], delimiter=mark), [])
    if not any(name.strip() for name in row):
        raise UserError.said("header_blank", label=label)
    return row


def missing_in_csv(path: Path, encoding: str, key: str, needed: Sequence[str]
                   ) -> tuple[str, dict[str, object]]:
    """The message of required columns the CSV file lacks, and its fields beyond the columns:
    the line read as its header (`needed`: the source names of the required columns)."""
    note = catalogued("csv_header_line", line=header_line(path, encoding, needed)[0],
                      lines=HEADER_ROWS)
    return "missing_columns_csv", {"key": key, "header_note": Named(*note)}


def separator_words(mark: str) -> Named:
    """The file's separators as a message names them (commas, semicolons...)."""
    return Named(*SEPARATOR_WORDS[mark])

"""The header of a CSV file: its first line, decoded in the file's encoding (UTF-16 included),
and the character that separates its column names.

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
from pathlib import Path

from allocator.encodings import open_bytes
from allocator.errors import Named, UserError

COMMA = ","
SEPARATORS = (COMMA, "\t", ";", "|")
"""The separators a header may use, in the order a tie between them is broken."""
SEPARATOR_WORDS = {COMMA: ("commas", "逗号"), "\t": ("tabs", "制表符"),
                   ";": ("semicolons", "分号"), "|": ("bars ('|')", "竖线（|）")}
"""How a message names a file's separators, in English and Chinese."""


def header_line(path: Path, encoding: str) -> str:
    """The file's first line, decoded, without its line ending or a byte-order mark (a file
    declared utf-8 may start with one)."""
    with open_bytes(path) as raw, io.TextIOWrapper(raw, encoding=encoding, newline="\n") as text:
        line = text.readline()
    return line.removeprefix("\ufeff").removesuffix("\n").removesuffix("\r")


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


def file_separator(path: Path, encoding: str) -> str:
    """The separator of the CSV file at `path`, found in its header."""
    return separator(header_line(path, encoding))


def csv_header(path: Path, label: str, encoding: str) -> list[str]:
    """The column names of the CSV file at `path`; a first line that is blank, or holds
    characters no header holds (a NUL, binary bytes, a tab that separates nothing), is
    refused."""
    line = header_line(path, encoding)
    mark = separator(line)
    if any(not char.isprintable() for char in line.replace(mark, "")):  # before csv words it
        raise UserError.said("header_unprintable", label=label)
    row = next(csv.reader([line], delimiter=mark), [])
    if not any(name.strip() for name in row):
        raise UserError.said("header_blank", label=label)
    return row


def separator_words(mark: str) -> Named:
    """The file's separators as a message names them (commas, semicolons...)."""
    return Named(*SEPARATOR_WORDS[mark])

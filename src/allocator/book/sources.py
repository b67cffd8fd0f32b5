"""Read a table from CSV, Parquet (a file, or a folder of files: a partitioned dataset, hive-style
`key=value` folders included), Excel, a DuckDB query or a PostgreSQL query: only the columns
asked for, renamed from the source's names to allocator's by the scenario's column mapping."""

from __future__ import annotations

import gzip
import zlib
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from allocator import columns as c
from allocator.book.csv_faults import refuse_not_finite
from allocator.book.csv_header import csv_header, missing_in_csv
from allocator.book.csv_rows import csv_rows
from allocator.book.duckdb_source import checked_query, open_database, query_failure, wrapped
from allocator.book.headers import headed, lookalikes, mapped_absent, repeated
from allocator.book.library_faults import library_error
from allocator.book.plain_types import plain_types
from allocator.book.postgres_source import checked_select, read_query
from allocator.book.row_places import DATA_ROWS, RowPlaces
from allocator.book.sheets import missing_on_sheet, sheet_header, sheet_rows
from allocator.connection_text import masked
from allocator.encodings import (
    AUTO,
    CANDIDATES,
    MixedEncodingError,
    csv_encoding,
    declared_mismatch,
    decoding_problem,
    first_undecodable,
    unmarked_utf16,
)
from allocator.errors import (
    AllocatorError,
    InputOutputError,
    Named,
    UserError,
    catalogued,
    cut,
    did_you_mean,
    in_a_row,
    os_reason,
)
from allocator.scenario.data_schema import DataSection, TableSource

ROLES = ("customers", "rms", "offers", "fit_scores")
PARQUET = (".parquet", ".pq")


def source_label(source: TableSource) -> str:
    """How error messages name the source: the file, or the database and query (in a Chinese
    message, the query on one line and cut)."""
    if source.path is not None:
        return str(source.path)
    where = source.database or masked(str(source.url))
    one_line = " ".join(str(source.query).split())
    return Named(catalogued("source_query", where=where, query=source.query)[0],
                 catalogued("source_query", where=where, query=cut(one_line))[1])


def read_table(
    source: TableSource, wanted: Sequence[str], required: Sequence[str], key: str,
    part: int | None = None,
) -> pd.DataFrame:
    """The table of read_table_rows, without where its rows stand."""
    return read_table_rows(source, wanted, required, key, part)[0]


def read_table_rows(
    source: TableSource, wanted: Sequence[str], required: Sequence[str], key: str,
    part: int | None = None,
) -> tuple[pd.DataFrame, RowPlaces]:
    """Read the `wanted` columns that exist (all `required` ones must) with canonical names,
    in plain types (allocator.book.plain_types), and where its rows stand in the source (a
    message names a row as the user sees it there).

    `key` is the scenario key of the source (data.customers) for messages; `part` picks one
    file of a partitioned folder (in path order), its folders' key=value columns included.
    """
    label = source_label(source)
    encoding = _encoding(source, label, key)
    needed = [source.columns.get(name, name) for name in required]
    available = _header(source, label, part, (encoding, needed), key)
    mapping = headed(wanted, source.columns, available)
    missing = [name for name in required if mapping[name] not in available]
    if missing:
        raise _missing_columns(source, (label, encoding), key, [mapping[n] for n in required],
                               missing, mapping, available)
    _refuse_mapped_absent(label, key, mapped_absent(wanted, source.columns, mapping, available),
                          available)
    alike = repeated(wanted, available)
    if alike:  # two headers read as one column, but for case and spaces
        raise UserError.said("columns_repeated", label=label,
                             columns=in_a_row(f"'{cut(header)}'" for header in alike))
    _refuse_lookalikes(label, key, mapping, available)
    present = {name: src for name, src in mapping.items() if src in available}
    _refuse_repeated_names(label, available, set(present.values()))
    texts = {present[name] for name in c.TEXT if name in present}  # read as written
    frame, places = _read(source, label, list(dict.fromkeys(present.values())), part,
                          (encoding, texts))
    return plain_types(pd.DataFrame({name: frame[src] for name, src in present.items()})), places


def table_encodings(data: DataSection) -> dict[str, tuple[str, str]]:
    """The CSV tables of the scenario by role (customers, rms...): the file's path, and the
    codec it is read with."""
    found = {}
    for role in ROLES:
        source = getattr(data, role)
        if source is not None and source.path is not None and not Path(source.path).is_dir():
            label = source_label(source)
            if _kind(Path(source.path), label) == "csv":
                found[role] = (str(source.path), _encoding(source, label, f"data.{role}"))
    return found


def _encoding(source: TableSource, label: str, key: str) -> str:
    """The text encoding of a CSV source (utf-8 for the other kinds, which carry their own)."""
    if source.path is None or _kind(Path(source.path), label) != "csv":
        return "utf-8"
    path = _existing(source.path, label)
    try:
        encoding = csv_encoding(path, source.encoding)
        if source.encoding != AUTO:
            _refuse_mismatch(path, label, key, encoding)
        return encoding
    except MixedEncodingError:
        line, byte, _ = first_undecodable(path, "utf-8") or (0, 0, 0)
        raise UserError.said("mixed_utf8", file=label, key=f"{key}.encoding", line=line,
                             byte=f"0x{byte:02x}") from None
    except (EOFError, ValueError, gzip.BadGzipFile, zlib.error) as exc:  # a damaged .gz
        raise library_error("file_damaged", exc, label=label) from None
    except OSError as exc:
        raise _io_error(exc, label) from None


def _refuse_mismatch(path: Path, label: str, key: str, encoding: str) -> None:
    """Refuse a file whose bytes are not the encoding its scenario declares."""
    if unmarked_utf16(path, encoding):
        raise UserError.said("declared_utf16_unmarked", label=label, key=f"{key}.encoding",
                             encoding=encoding, real=_real_encoding(path))
    found = declared_mismatch(path, encoding)
    if found is not None:
        line, column, byte = found
        raise UserError.said("declared_encoding_wrong", label=label, line=line, column=column,
                             byte=f"0x{byte:02x}", encoding=encoding, key=f"{key}.encoding")


def _real_encoding(path: Path) -> str:
    """The encoding `auto` finds the file in, as a message suggests it; the candidates where
    none reads it whole."""
    try:
        return csv_encoding(path, AUTO)
    except MixedEncodingError:
        return ", ".join(CANDIDATES)


def _refuse_repeated_names(label: str, available: list[str], used: set[str]) -> None:
    repeated = sorted(name for name, count in Counter(available).items()
                      if count > 1 and name in used)
    if repeated:
        raise UserError.said("columns_repeated", label=label, columns=in_a_row(repeated))


def _refuse_mapped_absent(label: str, key: str, absent: list[tuple[str, str]],
                          available: list[str]) -> None:
    """Refuse a mapping under `columns` to a header the table lacks (headers.mapped_absent)."""
    if absent:
        raise UserError.said("column_mapped_absent", label=label, key=key,
                             pairs=in_a_row(f"{name}: '{cut(header)}'" for name, header
                                             in absent),
                             found=in_a_row(cut(name) for name in available[:30]))


def _refuse_lookalikes(label: str, key: str, mapping: dict[str, str], available: list[str]
                       ) -> None:
    """Refuse headers not read that look like a column the table lacks (headers.py)."""
    found = [catalogued("column_lookalike_pair", header=cut(header), name=name)
             for header, name in lookalikes(mapping, available)]
    if found:
        one = len(found) == 1
        raise UserError.said("column_lookalike", label=label, key=key,
                             each="it looks" if one else "each looks", it="it" if one else "each",
                             pairs=in_a_row(pair[0] for pair in found),
                             pairs_zh="、".join(pair[1] for pair in found))


def _hint(name: str, available: list[str], language: str = "en") -> str:
    """' (did you mean 'x'?)', or '' when no column is close."""
    hint = did_you_mean(name, available, language).strip()
    if language == "zh":
        return f"（{hint}）" if hint else ""
    return f" ({hint[0].lower()}{hint[1:]})" if hint else ""


def _missing_columns(
    source: TableSource, reading: tuple[str, str], key: str, needed: list[str],
    missing: list[str], mapping: dict[str, str], available: list[str],
) -> UserError:
    """The error of required columns a table lacks, each with a close name the table has; a
    workbook's sheet is named, with the workbook's other sheets (`needed`: the source names
    of every required column, which one of them may hold), and the row (a CSV file's line)
    read as the header; `reading`: the table's label and encoding."""
    label, encoding = reading
    named = {language: ", ".join(_missing_name(name, mapping[name], available, language)
                                 for name in missing) for language in ("en", "zh")}
    message: str = "missing_columns"
    fields: dict[str, object] = {"key": key}
    kind = "" if source.path is None else _kind(Path(source.path), label)
    if kind == "excel":
        message, fields = missing_on_sheet(Path(str(source.path)), source.sheet, key, needed)
    elif kind == "csv":
        message, fields = missing_in_csv(Path(str(source.path)), encoding, key, needed)
    return UserError.said(message, label=label, columns=named["en"], columns_zh=named["zh"],
                          plural="s" if len(missing) > 1 else "",
                          found=in_a_row(cut(name) for name in available[:30]), **fields)


def _missing_name(name: str, source: str, available: list[str], language: str) -> str:
    """A missing column, its source column if mapped, and a close name, in `language`."""
    english, chinese = catalogued("mapped_to", source=source)
    mapped = "" if source == name else (chinese if language == "zh" else english)
    return f"'{name}'{mapped}{_hint(source, available, language)}"


def _header(source: TableSource, label: str, part: int | None,
            reading: tuple[str, list[str]], key: str) -> list[str]:
    """The column names of the table; `reading`: its encoding, and the source names of its
    required columns (a workbook's sheet may hold a title above the row that has them)."""
    encoding, needed = reading
    try:
        if source.path is None:
            return _query_header(source, label)
        path = _existing(source.path, label)
        kind = _kind(path, label)
        if kind == "parquet" and path.is_dir():
            _refuse_parts_that_differ(path, label, part)
            return list(_parquet_folder(path, part).schema.names)
        if kind == "parquet":
            return list(pq.read_schema(path).names)
        if kind == "excel":
            return sheet_header(path, source.sheet, label, key, needed)
        return csv_header(path, label, encoding, needed)
    except (UserError, InputOutputError):
        raise
    except Exception as exc:  # any reader's parse error is the user's file
        raise _read_error(exc, source, label, encoding) from None


def _read(source: TableSource, label: str, names: list[str], part: int | None,
          reading: tuple[str, set[str]]) -> tuple[pd.DataFrame, RowPlaces]:
    """The columns `names` of the table, and where its rows stand in the source; `reading`:
    its encoding, and the headers read as text (allocator.columns.TEXT: an id 000123 keeps its
    zeros, a region 1.001 its point)."""
    encoding, texts = reading
    text = {n: "string" for n in names if n in texts}
    try:
        if source.path is None:
            return _query_rows(source, label, names), DATA_ROWS
        path = Path(str(source.path))
        kind = _kind(path, label)
        if kind == "parquet":
            table = (_parquet_folder(path, part).to_table(columns=names) if path.is_dir()
                     else pq.read_table(path, columns=names))
            refuse_not_finite(table, label, DATA_ROWS)  # a NaN value, not a null
            # one block per column, each Arrow column freed once converted: a wide table (a
            # calendar's response and value columns per activity) is not held twice
            return table.to_pandas(split_blocks=True, self_destruct=True), DATA_ROWS
        if kind == "excel":
            return sheet_rows(path, source.sheet, names, text, label)
        return csv_rows(path, label, names, text, encoding, source.decimal)
    except UserError:
        raise
    except Exception as exc:
        raise _read_error(exc, source, label, encoding) from None


def _query_header(source: TableSource, label: str) -> list[str]:
    """The column names of the source's query (its result with no rows)."""
    if source.database is None:
        query = wrapped(checked_select(str(source.query), label), "SELECT *", "LIMIT 0")
        return read_query(source.url, source.password_env, query, label).schema.names
    with _connect(source, label) as con:
        query = checked_query(con, str(source.query), label)
        description = _run(con, wrapped(query, "SELECT *", "LIMIT 0"), label)
        return [str(d[0]) for d in description.description or []]


def _query_rows(source: TableSource, label: str, names: list[str]) -> pd.DataFrame:
    """The `names` columns of the source's query."""
    quoted = ", ".join('"' + n.replace('"', '""') + '"' for n in names)
    if source.database is None:
        query = wrapped(checked_select(str(source.query), label), f"SELECT {quoted}")
        return read_query(source.url, source.password_env, query, label).to_pandas()
    with _connect(source, label) as con:
        query = checked_query(con, str(source.query), label)
        return _run(con, wrapped(query, f"SELECT {quoted}"), label).df()


def _read_error(exc: Exception, source: TableSource, label: str, encoding: str
                ) -> AllocatorError:
    """What went wrong reading a source, and what to do: a path the system refuses is an I/O
    error; bytes that are not the encoding, or a damaged file, are the user's input."""
    if isinstance(exc, (PermissionError, FileNotFoundError, IsADirectoryError)):
        return _io_error(exc, label)
    if source.path is not None and _kind(Path(source.path), label) == "csv":
        if isinstance(exc, UnicodeDecodeError) or "UTF8" in str(exc) or "decode" in str(exc):
            problem = decoding_problem(Path(source.path), encoding)
            if problem is not None:
                return UserError.said("wrong_encoding", label=label, problem=problem)
        return library_error("not_csv", exc, label=label)
    if source.path is None:
        return library_error("database_query_failed", exc, label=label)
    return library_error("file_unreadable", exc, label=label)


def _io_error(exc: OSError, label: str) -> InputOutputError:
    reason, reason_zh = os_reason(exc)
    return InputOutputError.said("table_unreadable", label=label, reason=reason,
                                 reason_zh=reason_zh)


def _connect(source: TableSource, label: str) -> duckdb.DuckDBPyConnection:
    database = _existing(source.database, label)
    return open_database(database, source.password_env, label)


def _run(con: duckdb.DuckDBPyConnection, sql: str, label: str) -> duckdb.DuckDBPyConnection:
    try:
        return con.execute(sql)
    except duckdb.Error as exc:
        raise query_failure(exc, label) from None


def parquet_parts(folder: Path) -> list[Path]:
    """The Parquet files of a partitioned dataset, in path order (which fixes the row order);
    hidden and underscore files (_SUCCESS, .crc) are not data."""
    return sorted(p for p in folder.rglob("*") if p.is_file() and p.suffix.lower() in PARQUET
                  and not any(part.startswith(("_", ".")) for part in
                              p.relative_to(folder).parts))


def _refuse_parts_that_differ(path: Path, label: str, part: int | None) -> None:
    """Refuse a folder of Parquet parts whose columns differ (read as one table, a column one
    part lacks, or names in another case, would read as blank there: a flag lost unseen);
    read one part at a time (`part`), each is read as it stands."""
    files = parquet_parts(path)
    if part is not None or len(files) < 2:
        return
    first = set(pq.read_schema(files[0]).names)
    for file in files[1:]:
        names = set(pq.read_schema(file).names)
        if names != first:
            raise UserError.said("parts_differ", label=label, part=file.relative_to(path),
                                 first=files[0].relative_to(path),
                                 extra=in_a_row(sorted(names - first)) or "-",
                                 missing=in_a_row(sorted(first - names)) or "-")


def _parquet_folder(path: Path, part: int | None = None) -> pads.Dataset:
    files = parquet_parts(path)
    return pads.dataset([str(p) for p in (files if part is None else files[part:part + 1])],
                        format="parquet",
                        partitioning="hive", partition_base_dir=str(path))


def _existing(path: Path | None, label: str) -> Path:
    if path is not None and Path(path).is_dir():
        if not parquet_parts(Path(path)):
            raise UserError.said("no_parquet_files", label=label)
        return Path(path)
    if path is not None and Path(path).exists() and not Path(path).is_file():
        raise UserError.said("not_regular_table_file", label=label)
    if path is None or not Path(path).is_file():
        raise InputOutputError.said("no_table_file", label=label)
    return Path(path)


def _kind(path: Path, label: str) -> str:
    if path.is_dir():
        return "parquet"
    suffix = path.suffix.lower()
    if suffix in PARQUET:
        return "parquet"
    if suffix in (".xlsx", ".xlsm"):
        return "excel"
    if suffix in (".csv", ".txt", ".gz"):
        return "csv"
    raise UserError.said("unknown_file_type", label=label, suffix=suffix)

"""Read a table from CSV, Parquet (a file, or a folder of files: a partitioned dataset, hive-style
`key=value` folders included), Excel or a DuckDB query: only the columns asked for, renamed from
the source's names to allocator's by the scenario's column mapping."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import duckdb
import pandas as pd
import pyarrow as pa
import pyarrow.csv as pacsv
import pyarrow.dataset as pads
import pyarrow.parquet as pq

from allocator.book.duckdb_source import checked_query, open_database, query_failure, wrapped
from allocator.errors import UserError, did_you_mean
from allocator.scenario.schema import TableSource

TEXT_COLUMNS = ("customer_id", "rm_id", "offer_id", "incumbent_rm")
PARQUET = (".parquet", ".pq")


def source_label(source: TableSource) -> str:
    """How error messages name the source: the file, or the database and query."""
    if source.path is not None:
        return str(source.path)
    return f"{source.database} (query: {source.query})"


def read_table(
    source: TableSource, wanted: Sequence[str], required: Sequence[str], key: str,
    part: int | None = None,
) -> pd.DataFrame:
    """Read the `wanted` columns that exist (all `required` ones must) with canonical names.

    `key` is the scenario key of the source (data.customers) for messages; `part` picks one
    file of a partitioned folder (in path order), its folders' key=value columns included.
    """
    label = source_label(source)
    available = _header(source, label, part)
    mapping = {name: source.columns.get(name, name) for name in wanted}
    missing = [name for name in required if mapping[name] not in available]
    if missing:
        raise UserError(_missing_message(label, key, missing, mapping, available))
    present = {name: src for name, src in mapping.items() if src in available}
    frame = _read(source, label, list(dict.fromkeys(present.values())), part)
    return pd.DataFrame({name: frame[src] for name, src in present.items()})


def _missing_message(
    label: str, key: str, missing: list[str], mapping: dict[str, str], available: list[str]
) -> str:
    parts = []
    for name in missing:
        mapped = f" (mapped to '{mapping[name]}')" if mapping[name] != name else ""
        parts.append(f"'{name}'{mapped}.{did_you_mean(mapping[name], available)}")
    return (
        f"{label}: missing required column{'s' if len(missing) > 1 else ''} {' '.join(parts)} "
        f"Columns found: {', '.join(available[:30])}. Add the column, or map it under "
        f"{key}.columns (allocator name: source name)."
    )


def _header(source: TableSource, label: str, part: int | None) -> list[str]:
    try:
        if source.database is not None:
            with _connect(source, label) as con:
                query = checked_query(con, str(source.query), label)
                description = _run(con, wrapped(query, "SELECT *", "LIMIT 0"), label)
                return [str(d[0]) for d in description.description or []]
        path = _existing(source.path, label)
        kind = _kind(path, label)
        if kind == "parquet":
            return list(_parquet_folder(path, part).schema.names if path.is_dir()
                        else pq.read_schema(path).names)
        if kind == "excel":
            return [str(n) for n in pd.read_excel(path, sheet_name=source.sheet or 0, nrows=0)]
        return [str(n) for n in pd.read_csv(path, nrows=0).columns]
    except UserError:
        raise
    except Exception as exc:  # any reader's parse error is the user's file
        raise UserError(f"{label}: cannot read the table ({_first_line(exc)}).") from None


def _read(source: TableSource, label: str, names: list[str], part: int | None
          ) -> pd.DataFrame:
    text = {n: "string" for n in names if n in _text_sources(source)}
    try:
        if source.database is not None:
            quoted = ", ".join('"' + n.replace('"', '""') + '"' for n in names)
            with _connect(source, label) as con:
                query = checked_query(con, str(source.query), label)
                return _run(con, wrapped(query, f"SELECT {quoted}"), label).df()
        path = Path(str(source.path))
        kind = _kind(path, label)
        if kind == "parquet":
            table = (_parquet_folder(path, part).to_table(columns=names) if path.is_dir()
                     else pq.read_table(path, columns=names))
            return table.to_pandas()
        if kind == "excel":
            return pd.read_excel(path, sheet_name=source.sheet or 0, usecols=names, dtype=text)
        options = pacsv.ConvertOptions(include_columns=names,
                                       column_types={n: pa.string() for n in text})
        return pacsv.read_csv(path, convert_options=options).to_pandas()
    except UserError:
        raise
    except Exception as exc:
        raise UserError(f"{label}: cannot read the table ({_first_line(exc)}).") from None


def _text_sources(source: TableSource) -> set[str]:
    return {source.columns.get(name, name) for name in TEXT_COLUMNS}


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


def _parquet_folder(path: Path, part: int | None = None) -> pads.Dataset:
    files = parquet_parts(path)
    return pads.dataset([str(p) for p in (files if part is None else files[part:part + 1])],
                        format="parquet",
                        partitioning="hive", partition_base_dir=str(path))


def _existing(path: Path | None, label: str) -> Path:
    if path is not None and Path(path).is_dir():
        if not parquet_parts(Path(path)):
            raise UserError(f"{label}: the folder holds no Parquet files (*.parquet); a folder "
                            "is read as a partitioned Parquet dataset.")
        return Path(path)
    if path is None or not Path(path).is_file():
        raise UserError(f"{label}: no such file; check the path in the scenario (relative paths "
                        "are taken from the scenario file's folder).")
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
    raise UserError(f"{label}: unknown file type '{suffix}'; use .csv, .parquet, .xlsx, or a "
                    "DuckDB database with a query.")


def _first_line(exc: Exception) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__

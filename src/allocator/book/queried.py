"""What a database query read, for the run's manifest: a PostgreSQL server's table has no file to
hash, so its entry names the server, the database and the query (never a password: the
connection string holds none, the password comes from the environment), the count of rows and
a SHA-256 of the rows as read; a DuckDB query's entry adds the same beside its file's hash. A
run cannot read the server again, so `verify` checks the copy the run saved in its folder."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qs, unquote, urlsplit

import pandas as pd

from allocator.scenario.data_schema import TableSource

POSTGRESQL, DUCKDB = "postgresql", "duckdb"
SAVED_COPIES = {"customers": "inputs/customers.parquet", "rms": "inputs/rms.csv",
                "offers": "inputs/offers.json", "fit_scores": "inputs/fit_scores.csv"}
"""The copy of each table a run saves in its folder (allocator.report.run_files)."""


@dataclass(frozen=True)
class QueriedTable:
    """A table a query read: where from, the query, and a fingerprint of its rows."""

    source: str
    """POSTGRESQL or DUCKDB."""
    query: str
    rows: int
    rows_sha256: str
    server: str | None = None
    """host:port of a PostgreSQL server."""
    database: str | None = None
    """The PostgreSQL database's name."""

    def describe(self, role: str) -> dict[str, object]:
        """The manifest's entry for the table of `role` (customers, rms...)."""
        where = ({"server": self.server, "database": self.database}
                 if self.source == POSTGRESQL else {})
        return {"source": self.source, **where, "query": self.query, "rows": self.rows,
                "rows_sha256": self.rows_sha256, "copy": SAVED_COPIES[role]}


def queried(source: TableSource, frame: pd.DataFrame) -> QueriedTable | None:
    """The record of a table read by a query (None for a file)."""
    if source.query is None:
        return None
    if source.url is None:
        return QueriedTable(DUCKDB, source.query, len(frame), rows_sha256(frame))
    server, database = _server(source.url)
    return QueriedTable(POSTGRESQL, source.query, len(frame), rows_sha256(frame), server,
                        database)


def rows_sha256(frame: pd.DataFrame) -> str:
    """A SHA-256 of a table's column names, types and values, row by row: the same rows read
    again give the same hash, whatever batches the driver returned them in."""
    digest = hashlib.sha256()
    for name, kind in frame.dtypes.items():
        digest.update(f"{name}\t{kind}\n".encode())
    try:
        hashed = pd.util.hash_pandas_object(frame, index=False)
    except TypeError:  # cells of lists or records (a database's LIST or STRUCT): by their text
        texts = {name: frame[name].astype(str) for name in frame.columns
                 if frame[name].dtype == object}
        hashed = pd.util.hash_pandas_object(frame.assign(**texts), index=False)
    digest.update(hashed.to_numpy().tobytes())
    return digest.hexdigest()


def _server(url: str) -> tuple[str, str]:
    """host:port and the database of a connection string (its user and options left out)."""
    parts = urlsplit(url)
    try:
        port = parts.port or 5432
    except ValueError:
        port = 5432
    named = parse_qs(parts.query).get("dbname", [""])[0]
    return f"{parts.hostname or 'localhost'}:{port}", unquote(parts.path.lstrip("/")) or named


def shown_input(role: object, entry: object) -> tuple[str, str, str]:
    """A manifest's input as the reports list it: role, file name (a server's table: the
    server and database) and SHA-256 (of the file, else of the rows read)."""
    item = entry if isinstance(entry, dict) else {}
    if item.get("path") is None and item.get("source") == POSTGRESQL:
        return (str(role), f"{item.get('server')}/{item.get('database')}",
                str(item.get("rows_sha256")))
    return str(role), Path(str(item.get("path"))).name, str(item.get("sha256"))

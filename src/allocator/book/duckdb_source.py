"""A table read from a DuckDB database file by the scenario's query, with DuckDB's access to
anything else switched off: the database is attached read-only (with its encryption key, taken
from the environment variable the scenario names), the folder it lies in is the only one it may
read, external access is then disabled and the configuration locked. The query must be exactly
one SELECT: no COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA or a second statement."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from allocator.book.duckdb_query import rooted_query
from allocator.book.library_faults import library_error
from allocator.errors import UserError, resolved

ALIAS = "source"


def open_database(database: Path, key_variable: str | None, label: str
                  ) -> duckdb.DuckDBPyConnection:
    """The database, attached read-only and locked down; UserError naming what to fix."""
    key = _key(key_variable, label)
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    try:
        options = "READ_ONLY" if key is None else "READ_ONLY, ENCRYPTION_KEY $key"
        path = str(resolved(Path(database)))
        con.execute(f"ATTACH $path AS {ALIAS} ({options})",
                    {"path": path} | ({} if key is None else {"key": key}))
        con.execute(f"USE {ALIAS}")
        folder = str(Path(path).parent).rstrip(os.sep) + os.sep
        con.execute("SET allowed_directories = $folders", {"folders": [folder]})
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise library_error("database_unopened", exc, key, label=label) from None
    return con


def checked_query(con: duckdb.DuckDBPyConnection, query: str, label: str) -> str:
    """The query, if it is exactly one SELECT statement (its trailing ';' dropped) that reads
    none of DuckDB's metadata, its relative file names read from the database's folder."""
    text = query.strip().rstrip(";").strip()
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        raise library_error("not_sql", exc, label=label) from None
    if len(statements) != 1:
        raise UserError.said("one_statement", label=label, count=len(statements))
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        words = text.split(maxsplit=1)  # DuckDB files INSTALL under LOAD: name what was typed
        named = words[0].upper() if words and words[0].isalpha() else kind.name
        article = "an" if named[:1] in ("A", "E", "I", "O", "U") and not named.startswith(
            ("USE", "UNI")) else "a"  # a USE, an UPDATE
        raise UserError.said("read_only_select", label=label, article=article, kind=named)
    return rooted_query(con, text, _folder(con), label)


def _folder(con: duckdb.DuckDBPyConnection) -> str:
    """The folder of the attached database: the one folder its query may read."""
    found = con.execute("SELECT path FROM duckdb_databases() WHERE database_name = $alias",
                        {"alias": ALIAS}).fetchone()
    return str(Path(found[0]).parent) if found and found[0] else ""


def wrapped(query: str, head: str, tail: str = "") -> str:
    """`head FROM (query) AS q tail`, the query on lines of its own (a comment at its end
    cannot swallow the closing bracket)."""
    return f"{head} FROM (\n{query}\n) AS q {tail}"


def query_failure(exc: Exception, label: str) -> UserError:
    """The error of a query, as `wrapped` (one line before it), DuckDB refused or could not
    run."""
    if isinstance(exc, duckdb.PermissionException):
        return library_error("database_out_of_bounds", exc, lines_before=1, label=label)
    return library_error("table_query_failed", exc, lines_before=1, label=label)


def _key(variable: str | None, label: str) -> str | None:
    if variable is None:
        return None
    key = os.environ.get(variable)
    if not key:
        raise UserError.said("database_key_unset", label=label, variable=variable)
    return key

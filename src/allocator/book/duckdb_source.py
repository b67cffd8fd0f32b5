"""A table read from a DuckDB database file by the scenario's query, with DuckDB's access to
anything else switched off: the database is attached read-only (with its encryption key, taken
from the environment variable the scenario names), the folder it lies in is the only one it may
read, external access is then disabled and the configuration locked. The query must be exactly
one SELECT: no COPY, ATTACH, INSTALL, LOAD, SET, PRAGMA or a second statement."""

from __future__ import annotations

import os
from pathlib import Path

import duckdb

from allocator.errors import UserError

ALIAS = "source"
NOT_ALLOWED = ("the query may only read the database's tables (and files in its folder): "
               "DuckDB's access to other files, extensions and settings is off")


def open_database(database: Path, key_variable: str | None, label: str
                  ) -> duckdb.DuckDBPyConnection:
    """The database, attached read-only and locked down; UserError naming what to fix."""
    key = _key(key_variable, label)
    con = duckdb.connect(config={"autoinstall_known_extensions": False,
                                 "autoload_known_extensions": False})
    try:
        options = "READ_ONLY" if key is None else "READ_ONLY, ENCRYPTION_KEY $key"
        path = str(Path(database).resolve())
        con.execute(f"ATTACH $path AS {ALIAS} ({options})",
                    {"path": path} | ({} if key is None else {"key": key}))
        con.execute(f"USE {ALIAS}")
        folder = str(Path(path).parent).rstrip(os.sep) + os.sep
        con.execute("SET allowed_directories = $folders", {"folders": [folder]})
        con.execute("SET enable_external_access = false")
        con.execute("SET lock_configuration = true")
    except duckdb.Error as exc:
        con.close()
        raise UserError(f"{label}: cannot open the database ({_scrubbed(exc, key)}).") from None
    return con


def checked_query(con: duckdb.DuckDBPyConnection, query: str, label: str) -> str:
    """The query, if it is exactly one SELECT statement (its trailing ';' dropped)."""
    text = query.strip().rstrip(";").strip()
    try:
        statements = con.extract_statements(text)
    except duckdb.Error as exc:
        raise UserError(f"{label}: the query is not valid SQL ({_first_line(exc)}).") from None
    if len(statements) != 1:
        raise UserError(f"{label}: the query must be exactly one SELECT statement; it holds "
                        f"{len(statements)} statements.")
    kind = statements[0].type
    if kind != duckdb.StatementType.SELECT:
        words = text.split(maxsplit=1)  # DuckDB files INSTALL under LOAD: name what was typed
        named = words[0].upper() if words and words[0].isalpha() else kind.name
        article = "an" if named[:1] in ("A", "E", "I", "O", "U") else "a"
        raise UserError(f"{label}: the query must be one read-only SELECT; {article} {named} "
                        "statement is not allowed.")
    return text


def wrapped(query: str, head: str, tail: str = "") -> str:
    """`head FROM (query) AS q tail`, the query on lines of its own (a comment at its end
    cannot swallow the closing bracket)."""
    return f"{head} FROM (\n{query}\n) AS q {tail}"


def query_failure(exc: Exception, label: str) -> UserError:
    """The error of a query DuckDB refused or could not run."""
    if isinstance(exc, duckdb.PermissionException):
        return UserError(f"{label}: {NOT_ALLOWED} ({_first_line(exc)}).")
    return UserError(f"{label}: cannot read the table ({_first_line(exc)}).")


def _key(variable: str | None, label: str) -> str | None:
    if variable is None:
        return None
    key = os.environ.get(variable)
    if not key:
        raise UserError(f"{label}: the environment variable {variable} (password_env) is not "
                        "set; set it to the database's encryption key.")
    return key


def _scrubbed(exc: Exception, secret: str | None) -> str:
    text = _first_line(exc)
    return text.replace(secret, "***") if secret else text


def _first_line(exc: Exception) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__

"""A table read from a PostgreSQL server by the scenario's query, streamed as Arrow record
batches through ADBC's PostgreSQL driver. The query must be exactly one SELECT; it runs in a
READ ONLY transaction (the session's default is read only too) under a statement timeout, and
the transaction is rolled back after it. The password comes from the environment variable the
scenario names, never from the scenario, and no message shows it. So that a scenario file cannot
send any secret of the environment to a server it names, that variable's name must start with
ALLOCATOR_DB_ (data_schema), a password goes to a host other than this machine only over TLS
(sslmode require, verify-ca or verify-full in the connection string), and without TLS only to a
server that asks for it by SCRAM-SHA-256 (libpq's require_auth): a server asking for it in
clear text or as md5 gets nothing. Where the connection string may come from: database_address."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from ipaddress import ip_address
from typing import Any
from urllib.parse import parse_qs, parse_qsl, quote, unquote, urlencode, urlsplit, urlunsplit

import pyarrow as pa

from allocator.book.library_faults import server_fault_zh
from allocator.book.sql_text import reads_only, statements
from allocator.errors import AllocatorError, InputOutputError, Named, UserError, catalogued

STATEMENT_TIMEOUT_MS = 600_000
"""The longest a query may run on the server (ten minutes)."""
TLS_MODES = frozenset({"require", "verify-ca", "verify-full"})
LOOPBACK_NAMES = frozenset({"", "localhost"})
DIAL_OPTIONS = frozenset({"host", "hostaddr", "service", "servicefile"})
"""Query options of a connection string by which libpq would dial another server."""
READ_ONLY = ("the query may only read the database: writes, DDL and COPY are refused in its "
             "read-only transaction")


def checked_select(query: str, label: str) -> str:
    """The query, if it is exactly one SELECT statement (its trailing ';' dropped)."""
    found = statements(query)
    if len(found) != 1:
        raise UserError.said("one_statement", label=label, count=len(found))
    if not reads_only(found[0]):
        raise UserError.said("read_only_select", label=label, article="a", kind=found[0].kind)
    return found[0].text


def read_query(url: str | None, password_env: str | None, sql: str, label: str) -> pa.Table:
    """The rows of `sql`, read batch by batch in a read-only transaction; decimals as floats."""
    if url is None:
        raise UserError.said("no_db_url", label=label)
    with _connected(url, password_env, label) as (cursor, secret):
        try:
            cursor.execute("SET SESSION CHARACTERISTICS AS TRANSACTION READ ONLY")
            cursor.execute(f"SET statement_timeout = {int(STATEMENT_TIMEOUT_MS)}")
            cursor.execute("BEGIN TRANSACTION READ ONLY")
            cursor.execute(sql)
            reader = cursor.fetch_record_batch()
            table = pa.Table.from_batches(list(reader), schema=reader.schema)
            cursor.execute("ROLLBACK")
        except Exception as exc:  # the driver's errors: the server refused or failed
            raise _query_failure(exc, secret, label) from None
    return _decimals_as_floats(table)


@contextmanager
def _connected(url: str, password_env: str | None, label: str) -> Iterator[tuple[Any, str]]:
    import adbc_driver_postgresql.dbapi as postgresql  # only a PostgreSQL source needs it

    _check_one_server(url, label)
    secret = _password(password_env, label)
    if secret:
        _check_channel(url, label)
    try:
        connection = postgresql.connect(_with_password(url, secret), autocommit=True)
    except Exception as exc:
        raise _connect_failure(exc, url, secret, label) from None
    try:
        yield connection.cursor(), secret
    finally:
        connection.close()


def _connect_failure(exc: Exception, url: str, secret: str, label: str) -> AllocatorError:
    """A server that answered and refused (a FATAL: wrong password, user or database) is the
    scenario's to fix: UserError; one that never answered is the machine's or the network's:
    InputOutputError naming its address."""
    words = {"label": label, "reason": _said(exc, secret), "reason_zh": server_fault_zh(exc)}
    logged = _masked(str(exc), secret)
    if "authentication method requirement" in str(exc):
        return UserError.said("password_in_clear", address=_address(url),
                              **words).quoting(logged)
    if "FATAL:" in str(exc):
        return UserError.said("database_refused", **words).quoting(logged)
    return InputOutputError.said("server_unreachable", address=_address(url),
                                 **words).quoting(logged)


def _address(url: str) -> str:
    """host:port of a connection string, without its user or password."""
    try:
        parts = urlsplit(url)
        port = parts.port or 5432
    except ValueError:
        return Named(*catalogued("pg_address_unread"))
    return f"{parts.hostname or 'localhost'}:{port}"


def _password(variable: str | None, label: str) -> str:
    if variable is None:
        return ""
    password = os.environ.get(variable)
    if not password:
        raise UserError.said("password_unset", label=label, variable=variable)
    return password


def _check_one_server(url: str, label: str) -> None:
    """UserError when libpq would dial a server other than the URL's own host: a host,
    hostaddr or service in its query, or a list of hosts, so that every check and message
    judges the server the connection really goes to."""
    try:
        parts = urlsplit(url)
    except ValueError:
        return
    for option, value in parse_qsl(parts.query, keep_blank_values=True):
        if option.strip().lower() in DIAL_OPTIONS:
            raise UserError.said("pg_dial_elsewhere", label=label, option=option, value=value)
    hosts = parts.netloc.rpartition("@")[2]
    if "," in hosts:
        raise UserError.said("pg_dial_elsewhere", label=label, option="host", value=hosts)


def _check_channel(url: str, label: str) -> None:
    """UserError when a password would cross the network in clear text: a host other than
    this machine without sslmode require, verify-ca or verify-full."""
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
    except ValueError:
        host = "?"
    modes = parse_qs(parts.query).get("sslmode", []) if host != "?" else []
    if _loopback(host) or (modes and modes[-1] in TLS_MODES):
        return
    raise UserError.said("password_needs_tls", label=label, address=_address(url))


def _loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES or host.startswith("/"):
        return True
    try:
        return ip_address(host).is_loopback
    except ValueError:
        return False


def _with_password(url: str, password: str) -> str:
    """The connection string with the password; without TLS, also require_auth=scram-sha-256
    so that libpq sends the password to no server that asks for it in clear text or md5."""
    if not password:
        return url
    parts = urlsplit(url)
    user = parts.username or ""
    host = parts.netloc.rpartition("@")[2]
    netloc = f"{quote(unquote(user), safe='')}:{quote(password, safe='')}@{host}"
    return urlunsplit(parts._replace(netloc=netloc, query=_auth_query(parts.query)))


def _auth_query(query: str) -> str:
    """The query part of a connection string, its require_auth set to scram-sha-256 unless
    the connection is TLS."""
    pairs = [(k, v) for k, v in parse_qsl(query, keep_blank_values=True)
             if k.lower() != "require_auth"]
    modes = [v for k, v in pairs if k == "sslmode"]
    if not (modes and modes[-1] in TLS_MODES):
        pairs.append(("require_auth", "scram-sha-256"))
    return urlencode(pairs)


def _query_failure(exc: Exception, secret: str, label: str) -> UserError:
    """The error of a query, as sources.py wraps it (one line before the user's), that the
    server refused or could not run."""
    said = _said(exc, secret)
    key = "server_read_only" if "read-only transaction" in said else "server_query_failed"
    return UserError.said(key, label=label, reason=said, reason_zh=server_fault_zh(exc, 1)
                          ).quoting(_masked(str(exc), secret))


def _said(exc: Exception, secret: str) -> str:
    """The server's own words (after ERROR: or FATAL:), else the driver's first line; the
    password, plain or as written in a URL, replaced by ***."""
    text = str(exc)
    for mark in ("ERROR:", "FATAL:"):
        if mark in text:
            text = text.rsplit(mark, 1)[1]
            break
    lines = [line.strip() for line in text.strip().splitlines() if line.strip()]
    return _masked(lines[0] if lines else type(exc).__name__, secret)


def _masked(text: str, secret: str) -> str:
    """`text` with the password, plain or as written in a URL, replaced by ***."""
    for form in {secret, quote(secret, safe="")} - {""}:
        text = text.replace(form, "***")
    return text


def _decimals_as_floats(table: pa.Table) -> pa.Table:
    """numeric columns (Arrow decimals) as float64, as a CSV's numbers are read."""
    fields = [pa.field(f.name, pa.float64()) if pa.types.is_decimal(f.type) else f
              for f in table.schema]
    return table.cast(pa.schema(fields))

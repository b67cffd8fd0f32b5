"""A library's refusal (DuckDB, PostgreSQL, pandas, pyarrow, gzip) as a message can say it: its
first line in English, as the library wrote it; in Chinese, the kind of fault its exception (or
the server's SQLSTATE) names and the line of the query it points at, the library's full text
kept for the log (AllocatorError.quoting) rather than shown."""

from __future__ import annotations

import re
from typing import Any

from allocator.errors import UserError, catalogued
from allocator.report.source_error_words import (
    LIBRARY_FAULTS_ZH,
    SERVER_STATES_ZH,
    SERVER_WORDS_ZH,
)

_LINE = re.compile(r"\bLINE (\d+):")
_QUOTED = re.compile(r'"[^"]*"')


def library_error(key: str, exc: BaseException, secret: str | None = None,
                  lines_before: int = 0, **fields: Any) -> UserError:
    """The error of catalogue message `key`, `reason` the library's first line (English) and
    `reason_zh` the kind of fault in Chinese; a `secret` is never shown nor logged;
    `lines_before`: how many lines the text run stood before the user's query."""
    text = _masked(str(exc).strip() or type(exc).__name__, secret)
    first = text.splitlines()[0]
    return UserError.said(key, reason=first, reason_zh=fault_zh(exc, text, lines_before),
                          **fields).quoting(text)


def fault_zh(exc: BaseException, text: str, lines_before: int = 0) -> str:
    """The kind of fault `exc` is, in Chinese, by the first of its classes the catalogue
    names, with the line of the user's query the text points at (DuckDB's 'LINE 3:')."""
    kind = next((LIBRARY_FAULTS_ZH[cls.__name__] for cls in type(exc).__mro__
                 if cls.__name__ in LIBRARY_FAULTS_ZH), LIBRARY_FAULTS_ZH["Exception"])
    return _at_line(kind, text, lines_before)


def _at_line(kind: str, text: str, lines_before: int = 0) -> str:
    """`kind` with the line of the user's query `text` points at ('LINE 3:'), if any."""
    found = _LINE.search(text)
    line = int(found.group(1)) - lines_before if found else 0
    return catalogued("library_fault_line", kind_zh=kind, line=line)[1] if line > 0 else kind


def _masked(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text


def server_fault_zh(exc: BaseException, lines_before: int = 0) -> str:
    """The kind of fault a PostgreSQL driver's error is, in Chinese: by its SQLSTATE (the
    code, else its class) when the server gave one, else by libpq's or the server's words;
    with the line of the user's query the server points at (`lines_before` as in
    library_error)."""
    text = str(exc)
    state = str(getattr(exc, "sqlstate", None) or "")
    known = next((SERVER_STATES_ZH[code] for code in (state, state[:2])
                  if code and code in SERVER_STATES_ZH), None)
    if known is None:
        plain = _QUOTED.sub('""', text.lower())
        known = next(kind for phrase, kind in SERVER_WORDS_ZH.items() if phrase in plain)
    return _at_line(known, text, lines_before)

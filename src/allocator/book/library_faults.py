"""A library's refusal (DuckDB, pandas, pyarrow, gzip) as a message can say it: its first line
in English, as the library wrote it; in Chinese, the kind of fault its exception names and the
line of the query it points at, the library's full text kept for the log (AllocatorError.quoting)
rather than shown."""

from __future__ import annotations

import re
from typing import Any

from allocator.errors import UserError, catalogued
from allocator.report.source_error_words import LIBRARY_FAULTS_ZH

_LINE = re.compile(r"\bLINE (\d+):")


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
    found = _LINE.search(text)
    line = int(found.group(1)) - lines_before if found else 0
    return catalogued("library_fault_line", kind_zh=kind, line=line)[1] if line > 0 else kind


def _masked(text: str, secret: str | None) -> str:
    return text.replace(secret, "***") if secret else text

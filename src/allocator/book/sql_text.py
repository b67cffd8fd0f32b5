"""PostgreSQL query text split into statements, so a query that is not exactly one SELECT is
refused by name before it reaches the server: quoted strings ('…', E'…', $tag$…$tag$), quoted
names ("…") and comments (-- and nested /* */) are skipped, and `;` ends a statement.

The server is the last word (a prepared statement holds one command, the transaction is read
only); this reading only lets the refusal say what was wrong."""

from __future__ import annotations

import re
from dataclasses import dataclass

TOKEN = re.compile(r"""
    (?P<comment>--[^\n]*)
  | (?P<block>/\*)
  | (?P<string>[Ee]'(?:[^'\\]|\\.|'')*'?|'(?:[^']|'')*'?)
  | (?P<name>"(?:[^"]|"")*"?)
  | (?P<dollar>\$(?:[A-Za-z_][A-Za-z0-9_]*)?\$)
  | (?P<end>;)
  | (?P<word>\w+)
  | (?P<other>\s+|.)
""", re.VERBOSE | re.DOTALL)
READING = ("SELECT", "WITH", "VALUES", "TABLE")
"""The first word of a statement that reads (a WITH or VALUES query included)."""


@dataclass(frozen=True)
class Statement:
    kind: str
    """The statement's first word in capitals (SELECT, COPY, DELETE...)."""
    text: str


def statements(sql: str) -> list[Statement]:
    """The statements of `sql`, in order; blank ones (between two `;`) are dropped."""
    found: list[Statement] = []
    words: list[str] = []
    start = position = 0
    while position < len(sql):
        match = TOKEN.match(sql, position)
        assert match is not None  # `.` matches any character
        kind, position = match.lastgroup, match.end()
        if kind == "block":
            position = _block_end(sql, position)
        elif kind == "dollar":
            closing = sql.find(match.group(), position)
            position = len(sql) if closing < 0 else closing + len(match.group())
        elif kind == "word":
            words.append(match.group())
        elif kind == "end":
            found += _statement(words, sql[start:match.start()])
            words, start = [], position
    return [*found, *_statement(words, sql[start:])]


def _statement(words: list[str], text: str) -> list[Statement]:
    return [Statement(words[0].upper(), text.strip())] if words else []


def _block_end(sql: str, position: int) -> int:
    """Where a /* comment opened before `position` ends (comments nest)."""
    depth = 1
    while depth and position < len(sql):
        pair = sql[position:position + 2]
        if pair in ("/*", "*/"):
            depth += 1 if pair == "/*" else -1
            position += 2
        else:
            position += 1
    return position


def reads_only(statement: Statement) -> bool:
    """Whether the statement is a query (SELECT, WITH … SELECT, VALUES, TABLE)."""
    return statement.kind in READING

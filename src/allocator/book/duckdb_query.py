"""What a DuckDB query reads, read from DuckDB's own parse of it (json_serialize_sql): never
DuckDB's metadata (duckdb_settings() shows the home folder and every setting, duckdb_databases()
the files attached, pragma_* and current_setting() the same), and files named relative to the
database's folder: `read_csv('customers.csv')` reads the file beside the database, as an
absolute path to it does (DuckDB itself would resolve it against the process's folder, which
it may not read)."""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from typing import Any

import duckdb

from allocator.errors import UserError

METADATA_PREFIXES = ("duckdb_", "pragma_", "pg_")
METADATA_FUNCTIONS = frozenset({"current_setting", "which_secret", "pg_catalog",
                                "information_schema", "system", "temp"})
"""DuckDB's table functions, views, functions and schemas that show this machine's settings,
files or secrets rather than the database's rows (its PostgreSQL-style catalogue too:
pg_catalog.pg_settings holds every setting)."""


def rooted_query(con: duckdb.DuckDBPyConnection, text: str, folder: str, label: str) -> str:
    """The query, its relative file names read from `folder`; UserError when it reads
    DuckDB's metadata. The text as given when it names no relative file."""
    tree = _parsed(con, text)
    if tree is None:
        return text
    for name in _names(tree):
        if name.casefold().startswith(METADATA_PREFIXES) or name.casefold() in (
                METADATA_FUNCTIONS):
            raise UserError.said("duckdb_metadata", label=label, name=name)
    if not _rooted(tree, folder):
        return text
    return str(con.execute("SELECT json_deserialize_sql($tree)",
                           {"tree": json.dumps(tree)}).fetchone()[0])  # type: ignore[index]


def _parsed(con: duckdb.DuckDBPyConnection, text: str) -> dict[str, Any] | None:
    """DuckDB's parse of the query (None if it has none to give: the query's own run then
    names the fault)."""
    try:
        found = con.execute("SELECT json_serialize_sql($text)", {"text": text}).fetchone()
    except duckdb.Error:
        return None
    tree = json.loads(found[0]) if found else None
    return tree if isinstance(tree, dict) and not tree.get("error") else None


def _nodes(tree: Any) -> Iterator[dict[str, Any]]:
    """Every object of the parse, depth first."""
    if isinstance(tree, dict):
        yield tree
        for value in tree.values():
            yield from _nodes(value)
    elif isinstance(tree, list):
        for value in tree:
            yield from _nodes(value)


def _names(tree: dict[str, Any]) -> Iterator[str]:
    """Each function and table the query names."""
    for node in _nodes(tree):
        if isinstance(node.get("function_name"), str):
            yield node["function_name"]
        if node.get("type") == "BASE_TABLE":
            yield from (node[key] for key in ("table_name", "schema_name", "catalog_name")
                        if isinstance(node.get(key), str) and node[key])


def _rooted(tree: dict[str, Any], folder: str) -> bool:
    """Rewrite, in place, each relative file name (a table function's first argument, or a
    file named as a table) to one in `folder`; whether any was."""
    changed = False
    for node in _nodes(tree):
        if node.get("type") == "BASE_TABLE" and _file_scan(node):
            node["table_name"] = os.path.join(folder, node["table_name"])
            path = (node.get("qualified_name") or {}).get("path")
            if isinstance(path, list) and path:
                path[-1] = node["table_name"]
            changed = True
        if node.get("type") != "TABLE_FUNCTION":
            continue
        arguments = node.get("function", {}).get("arguments") or []
        first = next((a.get("expression") for a in arguments if not a.get("name")), None)
        for constant in _nodes(first):
            literal = constant.get("literal")
            if (constant.get("class") == "CONSTANT" and isinstance(literal, dict)
                    and literal.get("kind") == "STRING" and _relative(literal.get("text"))):
                literal["text"] = os.path.join(folder, literal["text"])
                changed = True
    return changed


FILE_SUFFIXES = (".csv", ".tsv", ".txt", ".parquet", ".json", ".jsonl", ".ndjson", ".gz",
                 ".zst")
"""What a table name ends with when DuckDB reads it as a file (`FROM 'customers.csv'`)."""


def _file_scan(node: dict[str, Any]) -> bool:
    """Whether a table the query names is a relative file DuckDB scans."""
    name = node.get("table_name")
    return (not node.get("schema_name") and not node.get("catalog_name")
            and isinstance(name, str) and _relative(name)
            and ("/" in name or name.lower().endswith(FILE_SUFFIXES)))


def _relative(name: object) -> bool:
    return isinstance(name, str) and bool(name) and not os.path.isabs(name) and (
        "://" not in name) and not name.startswith("~")

"""PostgreSQL query text splits into statements at the `;` outside strings, quoted names,
dollar quotes and comments, each named by its first word."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.book.sql_text import statements


@pytest.mark.parametrize(("sql", "kinds"), [
    ("SELECT 1;", ["SELECT"]),
    ("select ';' -- ;\n; ", ["SELECT"]),
    ("/* a /* nested ; */ ; */ SELECT 1; copy t to stdout", ["SELECT", "COPY"]),
    ("SELECT E'it\\'s;' , $q$;$q$, \"a;b\" FROM t; DELETE FROM t", ["SELECT", "DELETE"]),
    ("(SELECT 1) UNION (SELECT 2)", ["SELECT"]),
    ("with t as (select 1) select * from t", ["WITH"]),
    (" ; ;", []),
])
def test_statements_are_split_outside_strings_and_comments(sql: str, kinds: list[str]) -> None:
    assert [s.kind for s in statements(sql)] == kinds


TEXT = st.text(alphabet=";'\"$-/*\\\n ab", max_size=12)


@st.composite
def hidden(draw: st.DrawFn) -> str:
    """Text holding `;`, quotes and comment marks, made inert by one of SQL's ways to quote."""
    text = draw(TEXT)
    way = draw(st.sampled_from(["string", "name", "dollar", "line", "block"]))
    if way == "string":
        return "'" + text.replace("'", "''") + "'"
    if way == "name":
        return '"' + text.replace('"', '""') + '"'
    if way == "dollar":
        return "$x$" + text.replace("$x$", "") + "$x$"
    if way == "line":
        return "-- " + text.replace("\n", " ") + "\n"
    return "/* " + text.replace("*/", "").replace("/*", "").rstrip("/*") + " */"


@settings(max_examples=200, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["SELECT", "copy", "Delete", "WITH"]),
                          st.lists(hidden(), max_size=3)), max_size=4))
def test_any_quoted_text_leaves_the_statements_as_written(
        written: list[tuple[str, list[str]]]) -> None:
    sql = ";\n".join(f"{kind} {' '.join(parts)} x" for kind, parts in written)
    assert [s.kind for s in statements(sql)] == [kind.upper() for kind, _ in written]

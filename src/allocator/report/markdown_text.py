"""Text made inert in Markdown: what a scenario or a table holds (a description, an id's
`[click](http://evil.example)`) is shown as written in summary.md, never as a link, an image,
markup or a heading."""

from __future__ import annotations

import re

from allocator.report.formats import TableView

HTML_MARKS = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}
"""Marks that would open markup in a reader's viewer (a note's `<script>`), written as
entities."""
ALWAYS_ESCAPED = "`*"
"""Marks that make code or emphasis wherever they stand."""
LINK_ENDS = "([:"
"""What after a ']' makes a link, an image or a link's definition of the text before it."""
PUNCTUATION = frozenset("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~")
"""What a backslash escapes in Markdown: a backslash before one of these is doubled."""


def _inert(text: str, marks: str) -> str:
    """`text` with only what Markdown would misread escaped, so that the raw file reads
    cleanly and renders as written: code and emphasis marks, an underscore but inside a word
    (premier_rm), a ']' that would close a link's text (`[click](...)`; `[x]: url` at a line's
    start), a backslash before a mark, HTML's marks as entities, and `marks` (a cell's '|')."""
    out = []
    for index, mark in enumerate(text):
        before = text[index - 1] if index else ""
        after = text[index + 1] if index + 1 < len(text) else ""
        if mark in HTML_MARKS:
            out.append(HTML_MARKS[mark])
        elif (mark in ALWAYS_ESCAPED or mark in marks
              or (mark == "_" and not (before.isalnum() and after.isalnum()))
              or (mark == "]" and after in LINK_ENDS and after
                  and (after != ":" or _defines_link(text, index)))
              or (mark == "\\" and after in PUNCTUATION)):
            out.append(f"\\{mark}")
        else:
            out.append(mark)
    return "".join(out)


LINK_DEFINITION = re.compile(r" {0,3}\[[^\]]*")
"""A line's start that a ']:' would make a link's definition ('[x]: url')."""


def _defines_link(text: str, index: int) -> bool:
    """Whether the ']' at `index`, with a ':' after it, would end a link's definition: only
    where its line starts with the '[' (up to three spaces before it)."""
    line = text[text.rfind("\n", 0, index) + 1:index]
    return LINK_DEFINITION.fullmatch(line) is not None


def markdown_cell(text: str) -> str:
    """A table cell's text made inert: its own '|' would end the cell, and nothing in it makes
    a link, an image, code, emphasis or markup (an id's `[click](http://evil.example)`)."""
    return _inert(text, "|")


BLOCK_MARK = re.compile(r"^(#{1,6}|[-+=]+|\d+[.)])(?=\s|$)")
"""What at the start of a line would make it a heading, a list or a rule."""


def markdown_prose(text: str) -> str:
    """A sentence of summary.md that may hold scenario text (a description, a display name)
    shown as written: no link, image, markup, emphasis, heading or list comes of it."""
    escaped = _inert(text, "")
    block = BLOCK_MARK.match(escaped)
    if block is None:
        return escaped
    mark = block.group(0)
    inert = f"{mark[:-1]}\\{mark[-1]}" if mark[0].isdigit() else f"\\{mark}"
    return inert + escaped[len(mark):]


def markdown_table(table: TableView) -> str:
    """A table in Markdown, every cell made inert (markdown_cell), numbers right-aligned."""
    header = "| " + " | ".join(map(markdown_cell, table.headers)) + " |"
    rule = "|" + "|".join("---:" if cell.numeric else "---" for cell in
                          (table.rows[0].cells if table.rows else [])) + "|"
    if not table.rows:
        rule = "|" + "|".join("---" for _ in table.headers) + "|"
    rows = ["| " + " | ".join(markdown_cell(cell.text) for cell in row.cells) + " |"
            for row in table.rows]
    return "\n".join([header, rule, *rows])

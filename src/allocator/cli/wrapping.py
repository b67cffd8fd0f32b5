"""Lines of prose for the terminal: wrapped at its width with a hanging indent, Chinese broken
between any two characters (by their width, two cells each) but never before a closing mark
or after an opening one, a path kept whole on a line of its own so it can be pasted; on a
terminal, through a pipe or to a file alike (COLUMNS where set, else the terminal's width,
else 80)."""

from __future__ import annotations

import re
from collections.abc import Sequence

from rich.cells import cell_len
from rich.console import Console
from rich.markup import escape
from rich.text import Text

from allocator.cli.consoles import console, errors
from allocator.errors import visible
from allocator.report.language import Words

HANGING = 4
"""How far a wrapped line stands in under the first word of its paragraph."""
PARAGRAPHS = re.compile(r"[^\n]+")
WORDS = re.compile(r"\S+")
BULLET = re.compile(r" *(?:- )?")
"""A line's indentation and its bullet, if any."""
PATH = re.compile(r"[/\\]")
"""What makes a word (or a run of it: PATH_RUNS) a file or folder path, never broken."""
PATH_RUNS = re.compile(r"[^，。、：；！？（）「」『』《》【】“”‘’]+")
"""The runs of a word between Chinese punctuation, which no path holds: a path written
against Chinese text (/tmp/a.yaml：情景文件不存在) ends at its first mark."""
KEY_DOT = re.compile(r"(?<=\w)\.(?=[^\W\d])")
"""A dot between two parts of a scenario key (tiers.wealth), never a decimal point."""
NO_START = set("）)］]｝}〕〉》」』】〙〗〞’”｠»、。，．,.：:；;！!？?‥…％%〜～·・ー々")
"""Marks a line never starts with (kinsoku): closing brackets, quotes and punctuation."""
NO_END = set("（(［[｛{〔〈《「『【〘〖〝‘“｟«")
"""Marks a line never ends with: opening brackets and quotes."""

Span = tuple[int, int]
"""A line's text as the offsets of its first and past its last character."""


def wrapped_lines(text: str, width: int, first: str = "", hanging: str = " " * HANGING,
                  whole: Sequence[str] = ()) -> list[str]:
    """`text` in lines of at most `width` cells: the first after `first`, the others (and each
    line after a line break) after `hanging` (line_spans), each of `whole` kept on one line."""
    spans = line_spans(text, width, cell_len(first), cell_len(hanging), kept_spans(text, whole))
    return [(first if i == 0 else hanging) + text[start:end]
            for i, (start, end) in enumerate(spans)]


def line_spans(text: str, width: int, first: int, hanging: int, kept: Sequence[Span] = ()
               ) -> list[Span]:
    """Where `text` breaks into lines of at most `width` cells, the first indented by `first`
    cells, the others by `hanging`: at spaces, and in Chinese between two characters where
    neither a closing mark would start a line nor an opening one end it (units); a piece
    wider than any line is broken between any two characters, except a path, which stays
    whole on a line of its own (it may then stand past `width`), as does each of `kept` (a
    path with spaces in it)."""
    spans: list[Span] = []
    start = end = -1  # the current line's text; none yet
    for paragraph in PARAGRAPHS.finditer(text):
        if start >= 0:
            spans.append((start, end))
            start = -1
        for unit_start, unit_end in _joined(units(paragraph.group(), paragraph.start(), kept),
                                            kept):
            room = width - (hanging if spans else first)
            if start >= 0 and cell_len(text[start:unit_end]) <= room:
                end = unit_end
                continue
            if start >= 0:
                spans.append((start, end))
                room = width - hanging
            start, end = unit_start, unit_end
            if cell_len(text[start:end]) > room and not PATH.search(text[start:end]):
                *whole, (start, end) = _folded(text, (start, end), room, width - hanging)
                spans.extend(whole)
    if start >= 0:
        spans.append((start, end))
    return spans


def units(paragraph: str, offset: int = 0, kept: Sequence[Span] = ()) -> list[Span]:
    """The pieces of `paragraph` no line breaks (offsets from `offset`): its words, and a
    word holding Chinese split between two characters where either is wide, unless the
    second is a closing mark (NO_START) or the first an opening one (NO_END); a path whole,
    the Chinese around it split as the rest (/tmp/a.yaml：情景文件不存在). A word that is a path
    only by one of `kept` (输出目录：/tmp/run, the path given whole) is split as the others,
    before the path too (_joined keeps the path one piece)."""
    found: list[Span] = []
    for word in WORDS.finditer(paragraph):
        start = word.start()
        paths = _paths(word, offset, kept)
        for at in range(word.start() + 1, word.end()):
            before, after = paragraph[at - 1], paragraph[at]
            if (cell_len(before) > 1 or cell_len(after) > 1) and after not in NO_START \
                    and before not in NO_END and not any(a < at < b for a, b in paths):
                found.append((offset + start, offset + at))
                start = at
        found.append((offset + start, offset + word.end()))
    return found


def _paths(word: re.Match[str], offset: int, kept: Sequence[Span]) -> list[Span]:
    """Where in its paragraph each path of `word` stands (`offset` apart from the text's
    offsets): a run of it between Chinese punctuation (PATH_RUNS) with a slash outside
    `kept`."""
    return [(word.start() + run.start(), word.start() + run.end())
            for run in PATH_RUNS.finditer(word.group())
            if PATH.search(_outside(run, offset + word.start(), kept))]


def _outside(word: re.Match[str], offset: int, kept: Sequence[Span]) -> str:
    """The characters of `word` (at `offset`) that none of `kept` holds."""
    return "".join(char for at, char in enumerate(word.group(), offset + word.start())
                   if not any(start <= at < end for start, end in kept))


def kept_spans(text: str, whole: Sequence[str]) -> list[Span]:
    """Where each of `whole` (a path, spaces and all) stands in `text`."""
    return [(found.start(), found.end()) for item in whole if item
            for found in re.finditer(re.escape(item), text)]


def _joined(pieces: list[Span], kept: Sequence[Span]) -> list[Span]:
    """`pieces`, those that hold part of one of `kept` joined into one piece no line breaks."""
    joined: list[Span] = []
    for start, end in pieces:
        around = next(((a, b) for a, b in kept if start < b and a < end), None)
        if around is not None and joined and joined[-1][1] > around[0]:
            joined[-1] = (joined[-1][0], end)
        else:
            joined.append((start, end))
    return joined


def _folded(text: str, piece: Span, room: int, rest: int) -> list[Span]:
    """The piece of `text`, too wide for its line, broken after the last dot between a key's
    parts that leaves its line at most `room` cells (tiers.wealth.rm_grades. / private_banker),
    else between any two characters; `rest` cells on each other line."""
    spans: list[Span] = []
    start, end = piece
    while cell_len(text[start:end]) > (rest if spans else room):
        fits = start + 1
        while fits < end and cell_len(text[start:fits + 1]) <= (rest if spans else room):
            fits += 1
        dots = [dot.end() for dot in KEY_DOT.finditer(text, start + 1, fits + 1)
                if dot.end() <= fits]
        spans.append((start, dots[-1] if dots else fits))
        start = spans[-1][1]
    return [*spans, (start, end)]


def wrapped_text(text: Text, width: int, first: str = "", hanging: str = " " * HANGING,
                 whole: Sequence[str] = ()) -> list[Text]:
    """wrapped_lines of a styled text (a name in bold), each line keeping its styles."""
    spans = line_spans(text.plain, width, cell_len(first), cell_len(hanging),
                       kept_spans(text.plain, whole))
    return [Text.assemble(first if i == 0 else hanging, text[start:end])
            for i, (start, end) in enumerate(spans)]


def print_wrapped(text: str, first: str = "", hanging: str = " " * HANGING, style: str = "",
                  markup: bool = False, whole: Sequence[object] = ()) -> None:
    """Print `text` wrapped at the terminal's width (wrapped_lines), its characters a terminal
    cannot show written as their escapes; as Rich markup (a name in bold) where `markup`,
    else as plain text; in `style` (dim) where one is given; each of `whole` (a path with a
    space in it) on one line, to paste."""
    shown = visible(text, keep="\n")
    styled = Text.from_markup(shown) if markup else Text(shown)
    kept = [visible(str(item)) for item in whole]
    for line in wrapped_text(styled, console.width, first, hanging, kept):
        console.print(line, highlight=False, soft_wrap=True, style=style)


def print_notice(text: str, first: str = "", hanging: str = "  ", markup: bool = False,
                 whole: Sequence[object] = ()) -> None:
    """A paragraph on stderr, wrapped at its width as an error is, on a terminal, through a
    pipe or to a file alike (wrapped_lines: a path, with no space in it or given in `whole`,
    stays whole to paste)."""
    shown = visible(text, keep="\n")
    styled = Text.from_markup(shown) if markup else Text(shown)
    kept = [visible(str(item)) for item in whole]
    for line in wrapped_text(styled, errors.width, first, hanging, kept):
        errors.print(line, highlight=False, soft_wrap=True)


def print_warnings(warnings: list[str], words: Words) -> None:
    """What the input lacks that does not stop a plan, one paragraph each on stderr
    (print_notice), its wrapped lines standing in under its first word."""
    for warning in warnings:
        print_notice(f"[bold yellow]{escape(words('warning'))}[/]{escape(warning)}",
                     markup=True)


def print_paragraphs(text: str, lead: str = "", stream: Console | None = None,
                     whole: Sequence[object] = ()) -> None:
    """`text` wrapped at the width of `stream` (the error stream unless given), on a terminal,
    to a file or through a pipe alike (COLUMNS where set, else the terminal's, else 80):
    each of its lines a paragraph whose wrapped lines stand in under its first word, or under
    its text after its bullet ("  - "); `lead` (Rich markup: a red "error: ") before the first
    line's text; each of `whole` (a path with a space in it) on one line, to paste."""
    target = stream or errors
    kept = [visible(str(item)) for item in whole]
    for at, line in enumerate(visible(text, keep="\n").split("\n")):
        indent = _indent(line)
        hanging = " " * len(indent) + ("" if indent.endswith("- ") else "  ")
        styled = Text.from_markup(lead if at == 0 else "") + Text(line[len(indent):])
        for part in wrapped_text(styled, target.width, indent, hanging, kept) or [Text()]:
            target.print(part, highlight=False, soft_wrap=True)


def _indent(line: str) -> str:
    """The indentation and bullet a line starts with ("  - "; "" for none)."""
    found = BULLET.match(line)
    return found.group() if found else ""

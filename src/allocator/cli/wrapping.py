"""Lines of prose for the terminal: wrapped at its width with a hanging indent, Chinese broken
between any two characters, a path kept whole on a line of its own so it can be pasted."""

from __future__ import annotations

import re

from rich.cells import cell_len

from allocator.cli.common import console

HANGING = 4
"""How far a wrapped line stands in under the first word of its paragraph."""
WORDS = re.compile(r"\S+")
PATH = re.compile(r"[/\\]")
"""A word that is a file or folder path: never broken."""


def wrapped_lines(text: str, width: int, first: str = "", hanging: str = " " * HANGING
                  ) -> list[str]:
    """`text` in lines of at most `width` cells: the first after `first`, the others after
    `hanging`; words at spaces, a word wider than its line (Chinese, which has no spaces)
    between any two characters, except a path, which stays whole on a line of its own (it may
    then stand past `width`)."""
    lines: list[str] = []
    line, room = first, width - cell_len(first)
    for word in WORDS.findall(text):
        space = "" if line.strip() == "" else " "
        if cell_len(space + word) <= room:
            line, room = line + space + word, room - cell_len(space + word)
            continue
        if PATH.search(word) or cell_len(word) <= width - cell_len(hanging):
            if line.strip():  # the word goes whole onto the next line
                lines.append(line)
            line, room = hanging + word, width - cell_len(hanging + word)
            continue
        line, room = line + space, room - len(space)  # too wide for any line: broken
        for character in word:  # between characters, from where the line stands
            if cell_len(character) > room and line.strip():
                lines.append(line.rstrip())
                line, room = hanging, width - cell_len(hanging)
            line, room = line + character, room - cell_len(character)
    if line.strip():
        lines.append(line)
    return lines


def print_wrapped(text: str, first: str = "", hanging: str = " " * HANGING) -> None:
    """Print `text` wrapped at the terminal's width (wrapped_lines), as plain text."""
    for line in wrapped_lines(text, console.width, first, hanging):
        console.print(line, markup=False, highlight=False, soft_wrap=True)

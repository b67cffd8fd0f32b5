"""The two consoles every command prints to: the terminal (stdout) and the error stream."""

from __future__ import annotations

import os
import sys
from typing import Any, NoReturn

from rich.console import Console

from allocator.errors import CLOSED_OUTPUT_EXIT_CODE, visible


class Quiet(Console):
    """A console that ends the command quietly with CLOSED_OUTPUT_EXIT_CODE when its reader
    went away (rich's own default exits 1, which reads as a failed run)."""

    def on_broken_pipe(self) -> None:
        closed_output()

    def print(self, *objects: Any, **options: Any) -> None:
        """Print, every text with the control characters it echoes (an escape in a typed
        id or path, which would clear or recolour the terminal) written as their escapes."""
        super().print(*(visible(o, keep=LINE_BREAKS) if isinstance(o, str) else o
                        for o in objects), **options)

    def status(self, status: Any, **options: Any) -> Any:
        """A spinner's line, its echoed text shown as `print` shows it."""
        return super().status(visible(status, keep=LINE_BREAKS) if isinstance(status, str)
                              else status, **options)


def closed_output() -> NoReturn:
    """Further output goes nowhere; exit with CLOSED_OUTPUT_EXIT_CODE."""
    os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
    sys.exit(CLOSED_OUTPUT_EXIT_CODE)


LINE_BREAKS = "\n\t"
"""What a message's own text may hold besides printable characters."""
console = Quiet(highlight=False)
errors = Quiet(stderr=True, highlight=False)

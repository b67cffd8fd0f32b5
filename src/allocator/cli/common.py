"""What every command shares: the consoles, user-error handling, repeated options."""

from __future__ import annotations

import sys
import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Annotated, NoReturn, TypeVar

import typer
from rich.console import Console
from rich.markup import escape

from allocator.errors import AllocatorError

console = Console(highlight=False)
errors = Console(stderr=True, highlight=False)
T = TypeVar("T")

SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a scenario key, e.g. --set budget.total=9.5e6."),
]
UseOption = Annotated[
    list[str] | None,
    typer.Option("--use", help="Apply a named override from the scenario's 'overrides' section."),
]

DaskOption = Annotated[
    str | None,
    typer.Option("--dask", metavar="ADDRESS",
                 help="Run on the Dask cluster at ADDRESS (tcp://host:port); same as "
                      "execution.engine=dask with execution.address=ADDRESS."),
]


def with_dask(sets: list[str] | None, address: str | None) -> list[str]:
    """The --set list, plus the execution keys --dask stands for."""
    extra = [] if address is None else ["execution.engine=dask", f"execution.address={address}"]
    return [*(sets or []), *extra]


class State:
    debug = False


@contextmanager
def user_errors() -> Iterator[None]:
    """Print an AllocatorError as one paragraph and exit with its code (traceback with --debug)."""
    try:
        yield
    except AllocatorError as exc:
        fail(exc)


def fail(exc: AllocatorError) -> NoReturn:
    if State.debug:
        traceback.print_exc()
    errors.print(f"[bold red]error:[/] {escape(str(exc))}", markup=True, soft_wrap=True)
    sys.exit(exc.exit_code)


def guarded(func: Callable[[], T]) -> T:
    with user_errors():
        return func()
    raise AssertionError("unreachable")

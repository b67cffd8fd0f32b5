"""The `allocate` command. `allocate FILE.yaml` runs the scenario; sub-commands do the rest."""

from __future__ import annotations

import signal
import sys
import warnings
from typing import Annotated

import typer

from allocator import __version__
from allocator.cli.common import LastResort, State
from allocator.cli.compare import compare
from allocator.cli.explain import explain
from allocator.cli.fit import fit
from allocator.cli.generate import generate
from allocator.cli.imports import imports
from allocator.cli.report import report
from allocator.cli.run import run
from allocator.cli.runs import runs
from allocator.cli.stopping import exit_code, leave, stopped_late
from allocator.cli.sweep import sweep
from allocator.cli.validate import validate
from allocator.cli.verify import verify
from allocator.starting import UNTOUCHED, stopped_starting

app = typer.Typer(
    name="allocate",
    cls=LastResort,
    help="Tier a bank's customer book and allocate RMs, budget and offers by optimization.",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    add_completion=False,
    rich_markup_mode=None,  # plain help, wrapped to the terminal: no option's text cut short
)
app.command()(run)
app.command()(validate)
app.command()(verify)
app.command()(compare)
app.command()(sweep)
app.command()(runs)
app.command()(explain)
app.command()(generate)
app.command()(fit)
app.command()(report)
app.add_typer(imports, name="import")


def _version(asked: bool) -> None:
    """`--version`, alone or before a command: print the version and exit."""
    if asked:
        typer.echo(f"allocator {__version__}")
        raise typer.Exit()


@app.callback()
def _options(
    debug: Annotated[bool, typer.Option(help="Show tracebacks of errors.")] = False,
    version: Annotated[bool, typer.Option(help="Print the version and exit.", callback=_version,
                                          is_eager=True)] = False,
) -> None:
    State.debug = debug


def command_line(argv: list[str]) -> list[str]:
    """The arguments as the command group reads them: a scenario file as the first argument
    is `run FILE`."""
    args = list(argv)
    commands = {cmd.name or getattr(cmd.callback, "__name__", "")
                for cmd in app.registered_commands}
    commands |= {group.name or "" for group in app.registered_groups}
    first = next((i for i, a in enumerate(args) if not a.startswith("-")), None)
    if first is not None and args[first] not in commands and "run" in commands:
        args.insert(first, "run")
    return args


def main(argv: list[str] | None = None) -> None:
    """Console script: a scenario file as the first argument means `allocate run FILE`.
    SIGTERM and SIGINT print a stop line and exit with 143 or 130 until the process ends (a
    command's stoppable work handles them its own way meanwhile; see stopping.leave for the
    end); called from Python with `argv`, the signals' handling is given back when the
    command returns."""
    args = command_line(sys.argv[1:] if argv is None else argv)
    if argv is None:  # a file size limit makes a write fail (EFBIG, said), not the process
        signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    before = {signum: signal.getsignal(signum) for signum in UNTOUCHED}
    for signum, handler in before.items():
        if handler in (stopped_starting, UNTOUCHED[signum]):
            signal.signal(signum, stopped_late)
    try:
        _without_library_warnings(args)
    except SystemExit as done:
        if argv is None:  # the program: it ends here, the signals said to the last moment
            leave(exit_code(done))
        raise
    finally:
        if argv is not None:
            for signum, handler in before.items():
                signal.signal(signum, handler)
    if argv is None:
        leave(0)


def _without_library_warnings(args: list[str]) -> None:
    """The command of `args`, a library's warning (numpy's, pandas') not printed: allocator
    says what it finds in its own words (python -W or PYTHONWARNINGS shows them)."""
    with warnings.catch_warnings():
        if not sys.warnoptions:
            warnings.simplefilter("ignore")
        app(args=args, prog_name="allocate")

"""What every command shares: user-error handling and the options several commands take."""

from __future__ import annotations

import errno
import io
import os
import re
import stat
import sys
import tempfile
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Annotated, Any, NoReturn, TypeVar, get_args

import typer
from rich.markup import escape
from typer._click.exceptions import NoSuchOption, UsageError
from typer.core import TyperGroup

from allocator import __version__
from allocator.cli.consoles import closed_output
from allocator.cli.usage_words import usage_in_chinese, usage_language
from allocator.cli.wrapping import print_paragraphs
from allocator.connection_text import masked
from allocator.errors import (
    LANGUAGE,
    UNEXPECTED_EXIT_CODE,
    AllocatorError,
    UserError,
    catalogued,
    in_a_row,
    io_error,
    os_reason,
    speak,
    speak_afresh,
)
from allocator.output_options import output_option
from allocator.report.error_words import ERROR_MESSAGES
from allocator.report.language import Language

T = TypeVar("T")

SetOption = Annotated[
    list[str] | None,
    typer.Option("--set", help="Override a scenario key, e.g. --set budget.total=9.5e6."),
]
UseOption = Annotated[
    list[str] | None,
    typer.Option("--use", help="Apply a named override from the scenario's 'overrides' section."),
]

def _pinned(language: Language | None) -> Language | None:
    """--language: errors too speak it, whatever the run's language."""
    if language is not None:
        speak(language, pin=True)
    return language


LanguageOption = Annotated[
    Language | None,
    typer.Option("--language", callback=_pinned,
                 help="The language of the output: en or zh (default: the one the run was "
                      "written in, else English)."),
]

DaskOption = Annotated[
    str | None,
    typer.Option("--dask", metavar="ADDRESS",
                 help="Run on the Dask cluster at ADDRESS (tcp://host:port); same as "
                      "execution.engine=dask with execution.address=ADDRESS. A scenario with "
                      "engine: dask also takes the address from ALLOCATOR_DASK_ADDRESS."),
]
ScenarioAddressOption = Annotated[
    bool,
    typer.Option("--scenario-address",
                 help="Use the Dask scheduler address written in the scenario file (only for "
                      "files you trust: Dask runs the code its scheduler sends)."),
]

DbUrlOption = Annotated[
    str | None,
    typer.Option("--db-url", metavar="URL",
                 help="The PostgreSQL server of the scenario's queries "
                      "(postgresql://user@host:port/database, no password); also taken from "
                      "ALLOCATOR_DB_URL."),
]
ScenarioDbUrlOption = Annotated[
    bool,
    typer.Option("--scenario-db-url",
                 help="Use the PostgreSQL address (url) written in the scenario file (only for "
                      "files you trust: the database password is sent to that server)."),
]


def output_folder_option(ctx: typer.Context, param: typer.CallbackParam, value: Path | None
                  ) -> Path | None:
    """A folder the command writes into (run's --out, import's --out, generate's OUT_DIR):
    refused as the scenario's output.dir is, a folder's name in it starting or ending with
    whitespace (`--out " x"`, which no listing tells apart from x), naming the option or
    argument, in the language the command line names, as a blank one is (refuse_empty)."""
    if value is not None:
        option = param.param_type_name == "option"
        try:
            output_option(param.opts[0] if option else str(param.name), "dir", str(value),
                          argument=not option)
        except UserError:
            speak(usage_language(ctx.meta.get(ARGUMENTS, [])))
            raise
    return value


def with_dask(sets: list[str] | None, address: str | None) -> list[str]:
    """The --set list, plus the execution keys --dask stands for that it does not give already
    (`--dask X --set execution.engine=dask` sets the engine once, not twice)."""
    given = list(sets or [])
    extra = [] if address is None else ["execution.engine=dask", f"execution.address={address}"]
    said = {item.replace(" ", "") for item in given}
    return [*given, *(item for item in extra if item.replace(" ", "") not in said)]


class State:
    debug = False


@contextmanager
def user_errors() -> Iterator[None]:
    """Print an AllocatorError (fail) and exit with its code (traceback with --debug)."""
    try:
        yield
    except AllocatorError as exc:
        fail(exc)


def fail(exc: AllocatorError) -> NoReturn:
    """The error's message after a red "error: ", wrapped at the error stream's width
    (print_paragraphs), and its exit code."""
    if State.debug:
        traceback.print_exc()
    zh = LANGUAGE.get() == "zh"
    message = exc.shown() + (library_note(exc.library) if zh and exc.library else "")
    prefix = ERROR_MESSAGES["error_prefix"][zh]
    print_paragraphs(message, lead=f"[bold red]{escape(prefix)}[/]")
    sys.exit(exc.exit_code)


def library_note(library: str) -> str:
    """Where a Chinese message's untranslated library words were written: a private log
    (see private_folder), named in Chinese."""
    try:
        path = private_folder() / time.strftime("allocator-library-%Y%m%d-%H%M%S-"
                                                f"{os.getpid()}.log", time.gmtime())
        handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC | os.O_NOFOLLOW, 0o600)
        with os.fdopen(handle, "w", encoding="utf-8") as log:
            log.write(f"command: {command_line()}\n\n{masked(library)}\n")
    except OSError as failed:
        return catalogued("library_log_failed", reason_zh=os_reason(failed)[1])[1]
    return catalogued("library_log_written", log=path)[1]


def guarded(func: Callable[[], T]) -> T:
    with user_errors():
        return func()
    raise AssertionError("unreachable")


ARGUMENTS = "allocator.arguments"
"""The context's record of the command line's arguments."""


class LastResort(TyperGroup):
    """The command group. A file that cannot be read or written is named with the system's
    reason (exit code 4); an exception nobody raised on purpose (a fault in allocator, not in
    the input) is printed as one line naming the log that holds its traceback; exit code 3."""

    def parse_args(self, ctx: Any, args: list[str]) -> list[str]:
        ctx.meta[ARGUMENTS] = list(args)  # what the command line says, for a usage error
        return super().parse_args(ctx, args)

    def invoke(self, ctx: Any) -> Any:  # a click context, of the click typer bundles
        speak_afresh()
        try:
            args = ctx.meta.get(ARGUMENTS, [])
            refuse_empty(args, command_options(self, ctx, args))
            return super().invoke(ctx)
        except UsageError as exc:  # the parser's English, then (or only) the same in Chinese
            told_usage(exc, ctx.meta.get(ARGUMENTS, []))
        except (typer.exceptions.TyperException, typer.Exit, typer.Abort):  # usage, --help
            raise
        except AllocatorError as exc:
            fail(exc)
        except BrokenPipeError:  # the reader of the output went away (allocate ... | head)
            closed_output()
        except OSError as exc:  # a path that cannot be read or written: exit code 4
            fail(io_error(exc))
        except Exception as exc:
            crash(exc)


def refuse_empty(args: Sequence[str], options: dict[str, bool]) -> None:
    """Refuse an empty or blank argument (`--out "$FOLDER"` with FOLDER unset): as a path it
    reads as the current folder (or one named by a space), and the run would go there
    unasked. `options`: the command's options, each with whether it takes a value (a blank
    after a switch is an argument of its own; after an option the command does not have,
    the parser names that option). Told in the language the command line names
    (usage_language)."""
    for at, arg in enumerate(args):
        name, equals, value = arg.partition("=")
        before = args[at - 1] if at else "allocate"
        if arg.startswith("--") and equals and not value.strip() and options.get(name):
            refused = UserError.said("empty_argument", after=name)
        elif arg.strip() or (before.startswith("-") and before != "--"
                             and before not in options):
            continue
        elif options.get(before):
            refused = UserError.said("empty_argument", after=before)
        else:
            refused = UserError.said("empty_argument_alone", after=before)
        speak(usage_language(args))
        raise refused


def command_options(group: Any, ctx: Any, args: Sequence[str]) -> dict[str, bool]:
    """The options of the command (and of the groups above it) that `args` name, each with
    whether it takes a value: a click group, its context, the command line."""
    found: dict[str, bool] = {}
    command = group
    for arg in args:
        found |= {name: not param.is_flag for param in command.params
                  if param.param_type_name == "option"
                  for name in (*param.opts, *param.secondary_opts)}
        sub = command.get_command(ctx, arg) if hasattr(command, "get_command") and (
            not arg.startswith("-")) else None
        if sub is not None:
            command = sub
        elif not arg.startswith("-"):
            break
    return found


def told_usage(exc: UsageError, args: list[str]) -> NoReturn:
    """A usage error in the language the command line or the locale names
    (usage_words.usage_language): Chinese alone where it is zh, else English alone."""
    chinese = usage_in_chinese(exc.format_message())
    hint = _elsewhere_hint(exc, args) or _path_options_hint(exc)
    if chinese and usage_language(args) == "zh":
        command = exc.ctx.command_path if exc.ctx is not None else "allocate"
        print_paragraphs(f"{chinese}{hint[1]}\n{catalogued('usage_help', command=command)[1]}")
        sys.exit(exc.exit_code)
    exc.message += hint[0]
    shown = io.StringIO()
    exc.show(shown)  # the parser's usage, its help hint and its error, wrapped as the others
    print_paragraphs(shown.getvalue().removesuffix("\n"))
    sys.exit(exc.exit_code)


def _elsewhere_hint(exc: UsageError, args: Sequence[str]) -> tuple[str, str] | None:
    """After an option the command lacks whose work is done otherwise, in English and in
    Chinese: --vary given a command that plans one scenario (`allocate run s.yaml --vary
    budget.total=1,2`), that planning several values of a key is what allocate sweep does;
    --language given a command without it (`allocate run s.yaml --language zh`, `allocate
    report RUN --language zh`), what decides its language (_language_hint), pointing to
    `--set output.language=zh` (the language asked for, if one allocator speaks). None after
    any other error."""
    if not isinstance(exc, NoSuchOption):
        return None
    if exc.option_name == "--vary":
        return catalogued("usage_vary_in_sweep")
    command = exc.ctx.command if exc.ctx is not None else None
    if exc.option_name != "--language" or command is None or hasattr(command, "get_command"):
        return None
    asked = usage_language(args)
    return catalogued(_language_hint(command), language=asked if asked in get_args(Language)
                      else "zh")


def _language_hint(command: Any) -> str:
    """The catalogue's words on what decides the language of a command without --language:
    the scenario's, given by --set, where it reads a scenario (run, validate, sweep, fit);
    the run's, where it reads a run folder (report); else none, as it writes a book or a
    scenario (generate, import), whose plan's language is its scenario's."""
    names = {name for param in command.params for name in (param.name, *param.opts)}
    if "--set" in names:
        return "usage_language_by_set"
    return "usage_language_of_run" if "run_dir" in names else "usage_language_of_plan"


def _path_options_hint(exc: UsageError) -> tuple[str, str]:
    """After an argument a command without arguments was given (`allocate runs reports/`):
    the options that take a path, in English and in Chinese ("" where none)."""
    command = exc.ctx.command if exc.ctx is not None else None
    if command is None or not exc.format_message().startswith("Got unexpected extra") or any(
            param.param_type_name == "argument" for param in command.params):
        return "", ""
    paths = [param.opts[0] for param in command.params if param.param_type_name == "option"
             and _type_name(param) == "Path"]
    if not paths:
        return "", ""
    return catalogued("usage_path_options", options=in_a_row(paths))


def _type_name(param: Any) -> str:
    """The name of the type a typer option reads ("Path", "int"; "" for a plain click one)."""
    bare = getattr(param, "bare_type", None)
    return str(bare()) if callable(bare) else ""


def crash(exc: Exception) -> NoReturn:
    """Write the traceback to a private log (see crash_log) and print one line naming it."""
    if State.debug:
        traceback.print_exc()
    try:
        where = catalogued("crash_log_written", log=crash_log(exc))
    except OSError as failed:
        reason, reason_zh = os_reason(failed)
        where = catalogued("crash_log_failed", reason=reason, reason_zh=reason_zh)
    summary = re.sub(r"\s+", " ", masked(str(exc))).strip()[:300]
    zh = LANGUAGE.get() == "zh"
    said = catalogued("unexpected_fault", kind=type(exc).__name__, where=where[0],
                      where_zh=where[1], summary=f"{': ' + summary if summary else ''}")
    print_paragraphs(said[zh], lead=escape(ERROR_MESSAGES["error_prefix"][zh]))
    sys.exit(UNEXPECTED_EXIT_CODE)


def crash_log(exc: Exception) -> Path:
    """allocator-crash-<time>-<process>-<exception class>.log (command, versions, traceback:
    it may name customers) in this user's private folder of the temporary folder, mode 0600."""
    stamp = time.strftime("%Y%m%d-%H%M%S", time.gmtime())
    kind = re.sub(r"[^A-Za-z0-9_]", "", type(exc).__name__)[:60]
    path = private_folder() / f"allocator-crash-{stamp}-{os.getpid()}-{kind}.log"
    lines = [f"command: {command_line()}", f"allocator {__version__}, Python {sys.version}",
             "", *traceback.format_exception(exc)]
    handle = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW, 0o600)
    with os.fdopen(handle, "w", encoding="utf-8") as log:
        log.write(masked("\n".join(line.rstrip("\n") for line in lines)) + "\n")
    return path


def command_line() -> str:
    """The command as typed, for a log: any connection string without its password and
    parameters' values."""
    return masked(" ".join(sys.argv))


def private_folder() -> Path:
    """allocator-<user id> in the temporary folder, mode 0700, owned by this user (a folder
    of that name that another user made, or a link, is refused: PermissionError)."""
    folder = Path(tempfile.gettempdir()) / f"allocator-{os.getuid()}"
    with suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    found = os.lstat(folder)
    if not stat.S_ISDIR(found.st_mode) or found.st_uid != os.getuid():
        raise PermissionError(errno.EACCES, f"{folder} is not a folder of this user")
    if stat.S_IMODE(found.st_mode) != 0o700:
        os.chmod(folder, 0o700)
    return folder

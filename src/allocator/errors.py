"""Errors a user can act on. The CLI prints these as one paragraph and exits with their code."""

from __future__ import annotations

import errno
import os
from collections.abc import Iterable, Sequence
from contextvars import ContextVar
from difflib import get_close_matches
from pathlib import Path
from typing import Literal, Self

from allocator.report.chinese_spacing import filled
from allocator.report.error_words import ERROR_MESSAGES
from allocator.report.list_cut import shown_count
from allocator.report.singular_words import in_number

UNEXPECTED_EXIT_CODE = 3
"""Exit code of a fault nobody raised on purpose (the CLI logs its traceback)."""
CLOSED_OUTPUT_EXIT_CODE = 141
"""Exit code when the reader of the output went away (`allocate ... | head -1`): 128 + SIGPIPE,
as the shell's own commands end; what the command wrote to files is whole."""


LANGUAGE: ContextVar[Literal["en", "zh"]] = ContextVar("language", default="en")
"""The language of the run at hand, once its scenario or its run folder's manifest has been
read: the language an error is shown in (the locale's before that, see speak_afresh)."""


class Named(str):
    """A name a message shows (a source's label) that reads differently in Chinese: as text
    it is the English; `catalogued` fills a Chinese message with `chinese`."""

    chinese: str

    def __new__(cls, english: str, chinese: str) -> Self:
        named = super().__new__(cls, english)
        named.chinese = chinese
        return named

    def __reduce__(self) -> tuple[type[Named], tuple[str, str]]:  # pickled in both languages
        return type(self), (str(self), self.chinese)


def catalogued(key: str, /, **fields: object) -> tuple[str, str]:
    """Catalogue message `key` (report/error_words.py) in English, a count of one said of one
    (report/singular_words.py), and in Chinese (a Named field by its Chinese), spaced as
    Chinese writes it (report/chinese_spacing.py: 区域华东, 区域 R1)."""
    english, chinese = ERROR_MESSAGES[key]
    return in_number(key, english, fields).format(**fields), filled(chinese, {
        name: value.chinese if isinstance(value, Named) else value
        for name, value in fields.items()})


def told(key: str, /, **fields: object) -> str:
    """Catalogue message `key` in the language errors are shown in now (a finding or a
    warning, said once)."""
    return catalogued(key, **fields)[LANGUAGE.get() == "zh"]


PINNED: ContextVar[bool] = ContextVar("pinned", default=False)
"""Whether the command line chose the language (--language), which the run's does not change."""


def speak(language: str | None, pin: bool = False) -> None:
    """Show errors from here on in `language` (the run's output.language); `pin`: the user
    chose it, and no run's language changes it."""
    if PINNED.get() and not pin:
        return
    LANGUAGE.set("zh" if language == "zh" else "en")
    PINNED.set(pin)


def speak_afresh() -> None:
    """The locale's language (environment_language: Chinese under a zh locale, else English),
    until a command reads its scenario or run folder or is given --language."""
    PINNED.set(False)
    LANGUAGE.set("zh" if environment_language() == "zh" else "en")


def environment_language() -> str | None:
    """The language of an error told before any file names its own: Chinese where the locale
    (LC_ALL, else LC_MESSAGES, else LANG) starts with zh."""
    for variable in ("LC_ALL", "LC_MESSAGES", "LANG"):
        value = os.environ.get(variable, "")
        if value:
            return "zh" if value.lower().startswith("zh") else None
    return None


class AllocatorError(Exception):
    """Base of every error allocator raises on purpose. Its text is English; `chinese`, when
    given, is the same message for a Chinese run (see `said` and `shown`)."""

    exit_code = 2

    def __init__(self, message: str = "", chinese: str | None = None) -> None:
        super().__init__(message)
        self.chinese = chinese
        self.library = ""
        """A library's own words for what failed, which the Chinese message does not repeat:
        a Chinese run writes them to a log and names it (see `quoting`)."""
        self.key = ""
        """The dotted scenario key refused, where a check after loading names one (`at`):
        the message then names the file, override or --set that gave it."""
        self.every_value = False
        """Whether the key is refused whatever value it is given (an offer the book lacks,
        given in part): a sweep's --vary of it is wrong at every point, and named as written."""

    @classmethod
    def said(cls, key: str, /, **fields: object) -> Self:
        """The error of catalogue message `key` (report/error_words.py), in both languages."""
        return cls(*catalogued(key, **fields))

    def at(self, key: str, every_value: bool = False) -> Self:
        """This error, of the scenario key `key` (dotted); `every_value`: of the key itself,
        whatever value it is given."""
        self.key, self.every_value = key, every_value
        return self

    def quoting(self, library: str) -> Self:
        """This error, keeping `library` (a library's untranslated words) for the log."""
        self.library = library
        return self

    def shown(self, language: str | None = None) -> str:
        """The message in `language` (by default the run's; English where no Chinese)."""
        chosen = language or LANGUAGE.get()
        return self.chinese if chosen == "zh" and self.chinese else str(self)


class UserError(AllocatorError):
    """Bad input: a scenario, a data file or a command-line argument. Exit code 2."""

    exit_code = 2


class ScenarioValueError(ValueError):
    """A scenario check's refusal, in both languages: raised inside the scenario's models,
    it reaches the user through the scenario's error message."""

    def __init__(self, message: str, chinese: str) -> None:
        super().__init__(message)
        self.chinese = chinese
        self.key = ""
        """The dotted scenario key refused, when a check of the whole scenario names one: the
        message then names the file or override that gave it."""

    @classmethod
    def said(cls, key: str, /, **fields: object) -> ScenarioValueError:
        """The refusal of catalogue message `key` (report/error_words.py)."""
        return cls(*catalogued(key, **fields))

    def at(self, key: str) -> ScenarioValueError:
        """This refusal, of the scenario key `key` (dotted)."""
        self.key = key
        return self


class InputOutputError(AllocatorError):
    """A file or folder could not be read or written (missing, a folder where a file was
    expected, no permission, disk full). Exit code 4; the message names the path and what to
    do."""

    exit_code = 4


def io_error(exc: OSError, doing: str = "use") -> InputOutputError:
    """An InputOutputError for an OSError: the path, the system's reason, and what to do."""
    reason, reason_zh = os_reason(exc)
    remedy_en, remedy_zh = ERROR_MESSAGES[f"io_remedy_{_remedy(exc)}"]
    doing_en, doing_zh = ERROR_MESSAGES.get(f"io_doing_{doing}", (doing, doing))
    if exc.filename is None:
        return InputOutputError.said("io_no_file", doing=doing_en, doing_zh=doing_zh,
                                     reason=reason, reason_zh=reason_zh, remedy=remedy_en,
                                     remedy_zh=remedy_zh)
    return InputOutputError.said("io_file", path=exc.filename, doing=doing_en,
                                 doing_zh=doing_zh, reason=reason, reason_zh=reason_zh,
                                 remedy=remedy_en, remedy_zh=remedy_zh)


def os_reason(exc: OSError) -> tuple[str, str]:
    """The system's reason for `exc` in English (its own words) and in Chinese (the
    catalogue's words for its errno; its own words where the catalogue has none)."""
    english = exc.strerror or " ".join(str(exc).split())[:300] or type(exc).__name__
    name = errno.errorcode.get(exc.errno, "") if isinstance(exc.errno, int) else ""
    return english, ERROR_MESSAGES.get(f"os_{name}", (english, english))[1]


def _remedy(exc: OSError) -> str:
    """The catalogue's name of what to do about `exc`."""
    if isinstance(exc, FileNotFoundError):
        return "path"
    if isinstance(exc, PermissionError):
        return "permissions"
    if isinstance(exc, (FileExistsError, NotADirectoryError)):
        return "file_in_way"
    if isinstance(exc, IsADirectoryError):
        return "folder_in_way"
    return "any"


def resolved(path: Path) -> Path:
    """`path` made absolute, its links followed; UserError naming it when a link leads back
    to itself (Python says so with RuntimeError before 3.13, with OSError ELOOP after)."""
    try:
        return path.resolve()
    except RuntimeError:
        raise UserError.said("symlink_loop", path=path) from None
    except OSError as exc:
        if exc.errno != errno.ELOOP:
            raise
        raise UserError.said("symlink_loop", path=path) from None


class InfeasibleError(AllocatorError):
    """The constraints cannot all hold. Exit code 1; the message carries the diagnosis."""

    exit_code = 1


class NoPlanError(AllocatorError):
    """No plan was found in the time and search allowed, without a proof that none exists.
    Exit code 1; the message says what to loosen or raise."""

    exit_code = 1


def did_you_mean(word: str, choices: Iterable[str], language: str = "en") -> str:
    """A ' did you mean 'x'?' hint in `language`, or '' when nothing is close."""
    matches = get_close_matches(word, list(choices), n=1, cutoff=0.6)
    if not matches:
        return ""
    english, chinese = ERROR_MESSAGES["did_you_mean"]
    return (chinese if language == "zh" else english).format(match=matches[0])


SHOWN_CHARACTERS = 60
"""How much of a value an error message shows: an id of 100,000 characters is cut."""


def cut(value: object, limit: int = SHOWN_CHARACTERS) -> str:
    """`value` as text for an error message: whole when short, else its start, an ellipsis
    and its length."""
    text = str(value)
    if len(text) <= limit:
        return text
    return f"{text[:limit]}…({len(text):,})"


def visible(text: str, keep: str = "") -> str:
    """`text` with each character a terminal cannot show (a bell, an escape, a NUL) written
    as its escape (\\x07), so that a message shows what was typed; the characters of `keep`
    (a message's own line breaks) stay as they are."""
    return "".join(ch if ch.isprintable() or ch in keep else repr(ch)[1:-1] for ch in text)


EXAMPLES = 10
"""The most example ids an error message lists."""


def shown_id(value: object) -> Named:
    """An id as a message shows it, in English and Chinese: cut when long, "(blank id)" when
    empty or only spaces (which would show as nothing, "customer  on row 8")."""
    text = "" if value is None or value != value else str(value)
    if text.strip():
        return Named(cut(text), cut(text))
    return Named(*catalogued("blank_id"))


def said_id(value: object) -> str:
    """shown_id in the language errors are shown in now (for text built around it)."""
    named = shown_id(value)
    return named.chinese if LANGUAGE.get() == "zh" else str(named)


def examples(ids: Iterable[object], limit: int = EXAMPLES) -> Named:
    """Up to `limit` example ids for an error message, with a count of the rest, in English
    and in Chinese (an id that reads differently in Chinese, Named, by its Chinese); a long
    id is cut, a blank one said so (shown_id)."""
    items = [i if isinstance(i, Named) or str(i).strip() else shown_id(i) for i in ids]
    limit = shown_count(len(items), limit)
    english, chinese = (("、" if zh else ", ").join(
        cut(i.chinese if zh and isinstance(i, Named) else i) for i in items[:limit])
        for zh in (False, True))
    rest = and_more(len(items) - limit)
    return Named(english + rest, chinese + rest.chinese)


def in_a_row(items: Iterable[str]) -> Named:
    """Keys or ids in a row, all of them: in English by commas, in Chinese by 、
    (hours、rules.add_rms.x)."""
    items = list(items)
    return Named(", ".join(items), "、".join(items))


def and_more(more: int) -> Named:
    """What follows a list cut to its first items: how many more there are (" (and 3 more)"),
    in English and in Chinese; nothing where none was left out. A reader takes a list that
    does not say it is cut for the whole of it."""
    if more <= 0:
        return Named("", "")
    return Named(*catalogued("listed_more", more=f"{more:,}"))


def listed(shown: Sequence[str], count: int, joint: str) -> str:
    """`shown`, the first of `count` items (each worded in the language errors are shown in
    now), joined by `joint`, with how many more there are in that language (and_more)."""
    rest = and_more(count - len(shown))
    return joint.join(shown) + (rest.chinese if LANGUAGE.get() == "zh" else rest)

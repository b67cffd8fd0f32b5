"""The command line's usage errors (a missing argument, an unknown option) in Chinese too:
the parser words them in English before any command reads its scenario or run. Where the
command line says the language (`--language zh`, `--set output.language=zh`, a scenario file or
run folder written in Chinese), or else the locale does (LANG=zh_CN.UTF-8), the error is told in
it alone; with no word of Chinese anywhere, in English alone."""

from __future__ import annotations

import re
from collections.abc import Sequence
from pathlib import Path

from allocator.errors import catalogued, environment_language
from allocator.json_files import read_strict_json
from allocator.scenario.strict_yaml import named_language

USAGE_KEYS = ("usage_missing_argument", "usage_missing_option", "usage_no_such_option",
              "usage_no_such_command", "usage_extra_arguments", "usage_invalid_value")
"""The catalogue's usage messages, each matched against the parser's English."""


def _pattern(key: str) -> re.Pattern[str]:
    english = catalogued(key, name="\0name\0", reason="\0reason\0", plural="\0plural\0")[0]
    text = re.escape(english)
    for field, group in (("name", r"(?P<name>.+?)"), ("reason", r"(?P<reason>.*)"),
                         ("plural", r"(?:s|\(s\))?")):
        text = text.replace(re.escape(f"\0{field}\0"), group, 1)
    return re.compile(f"^{text}$", re.DOTALL)


PATTERNS = {key: _pattern(key) for key in USAGE_KEYS}


def usage_in_chinese(message: str) -> str | None:
    """The parser's English message in Chinese, with "错误：" before it; None if unknown."""
    for key, pattern in PATTERNS.items():
        found = pattern.match(message.strip())
        if found:
            fields = {"name": "", "reason": "", "plural": "", **found.groupdict()}
            fields["name"] = _choices_in_chinese(fields["name"])
            fields["reason"] = reason_in_chinese(fields["reason"])
            return catalogued("usage_prefix")[1] + catalogued(key, **fields)[1]
    return None


REASONS_ZH = (
    (r"Input should be greater than or equal to (\S+)", "应大于或等于 {0}"),
    (r"Input should be less than or equal to (\S+)", "应小于或等于 {0}"),
    (r"Input should be greater than (\S+)", "应大于 {0}"),
    (r"Input should be less than (\S+)", "应小于 {0}"),
    (r"Input should be a valid integer.*", "应为整数"),
    (r"Input should be a valid number.*", "应为数字"),
    (r"(?:Value error, )?(.+) is not one of (.+?)\.?", "{0} 不是可选值之一（{1}）"),
)
"""The parser's reasons for an invalid value (typer's, worded as pydantic's), in Chinese."""


def reason_in_chinese(reason: str) -> str:
    """An invalid value's reason in Chinese, where it is one of REASONS_ZH; else as given."""
    for pattern, chinese in REASONS_ZH:
        found = re.fullmatch(pattern, reason.strip())
        if found:
            return chinese.format(*found.groups())
    return reason


def _choices_in_chinese(name: str) -> str:
    """The parser's "(Possible options: ...)" and "Did you mean ...?" after a name, in
    Chinese."""
    name = re.sub(r"\s*\(Possible options: (.*)\)$",
                  lambda m: catalogued("usage_possible", options=m[1])[1], name)
    return re.sub(r"\s*Did you mean (\S+?)\?$",
                  lambda m: catalogued("usage_did_you_mean", option=m[1])[1], name)


def usage_language(args: Sequence[str]) -> str | None:
    """The language the command line names, if any: `--language`, `--set output.language=`,
    else that of the first scenario file or run folder among the arguments, else the
    locale's (zh, or None)."""
    for i, arg in enumerate(args):
        following = args[i + 1] if i + 1 < len(args) else ""
        if arg == "--language" or arg.startswith("--language="):
            return arg.partition("=")[2] or following
        given = following if arg == "--set" else arg.removeprefix("--set=") if arg.startswith(
            "--set=") else ""
        if given.replace(" ", "").startswith("output.language="):
            return given.partition("=")[2].strip()
    for arg in args:
        named = _written_language(Path(arg))
        if named is not None:
            return named
    return environment_language()


def _written_language(path: Path) -> str | None:
    """The language a scenario file names, or a run folder's manifest was written in."""
    try:
        if path.is_file() and path.suffix in (".yaml", ".yml"):
            return named_language(path.read_text(encoding="utf-8"))
        manifest = path / "manifest.json"
        if path.is_dir() and manifest.is_file():
            resolved = read_strict_json(manifest).get(
                "resolved_scenario") or {}
            return str((resolved.get("output") or {}).get("language") or "en")
    except (OSError, ValueError, AttributeError):
        return None
    return None

"""The command line's usage errors (a missing argument, an unknown option) in Chinese too:
the parser words them in English before any scenario or run says the language, so a Chinese
line follows the English one."""

from __future__ import annotations

import re

from allocator.errors import catalogued

USAGE_KEYS = ("usage_missing_argument", "usage_missing_option", "usage_no_such_option",
              "usage_no_such_command", "usage_extra_arguments", "usage_invalid_value")
"""The catalogue's usage messages, each matched against the parser's English."""


def _pattern(key: str) -> re.Pattern[str]:
    english = catalogued(key, name="\0name\0", reason="\0reason\0", plural="\0plural\0")[0]
    text = re.escape(english)
    for field, group in (("name", r"(?P<name>.+?)"), ("reason", r"(?P<reason>.*)"),
                         ("plural", "(?:s)?")):
        text = text.replace(re.escape(f"\0{field}\0"), group, 1)
    return re.compile(f"^{text}$", re.DOTALL)


PATTERNS = {key: _pattern(key) for key in USAGE_KEYS}


def usage_in_chinese(message: str) -> str | None:
    """The parser's English message in Chinese, with "错误：" before it; None if unknown."""
    for key, pattern in PATTERNS.items():
        found = pattern.match(message.strip())
        if found:
            fields = {"name": "", "reason": "", "plural": "", **found.groupdict()}
            return catalogued("usage_prefix")[1] + catalogued(key, **fields)[1]
    return None

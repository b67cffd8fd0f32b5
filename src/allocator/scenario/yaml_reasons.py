"""Why PyYAML refused a text, in English (PyYAML's own words) and in Chinese (its fixed phrases
read back through the catalogue, report/yaml_words.py, with the tokens and characters it names),
and where: the line and column of the fault, and the line where what it was reading began."""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass
from functools import cache

import yaml

from allocator.errors import catalogued, visible
from allocator.report.yaml_words import YAML_CHARACTERS_ZH, YAML_PHRASES_ZH, YAML_TOKENS_ZH


@dataclass(frozen=True)
class YamlReason:
    """PyYAML's reason in English, the same in Chinese (None where a phrase has no Chinese),
    and where (' line 3, column 7:' and its Chinese; blank where PyYAML names no place)."""

    english: str
    chinese: str | None
    where: tuple[str, str]


def yaml_reason(exc: yaml.YAMLError, text: str) -> YamlReason:
    """What PyYAML says of `text` in `exc`, in both languages, with its line and column."""
    if isinstance(exc, yaml.reader.ReaderError):
        line = text[:exc.position].count("\n") + 1
        column = exc.position - (text.rfind("\n", 0, exc.position) + 1) + 1
        code = f"#x{exc.character:04x}" if isinstance(exc.character, int) else ""
        said = phrase_zh(exc.reason)
        return YamlReason(f"{code}: {exc.reason}".lstrip(": "),
                          None if said is None else f"{said} {code}".strip(),
                          catalogued("yaml_where", line=line, column=column))
    mark = getattr(exc, "problem_mark", None)
    where = catalogued("yaml_where", line=mark.line + 1, column=mark.column + 1) if mark \
        else ("", "")
    problem = getattr(exc, "problem", None)
    if not problem:
        return YamlReason(str(exc), None, where)
    return YamlReason(problem, _with_context(exc, phrase_zh(problem)), where)


def _with_context(exc: yaml.YAMLError, problem_zh: str | None) -> str | None:
    """The Chinese problem after what PyYAML was reading when it met it, and the line that
    began on where it is another."""
    context = getattr(exc, "context", None)
    context_zh = phrase_zh(context) if context else None
    if problem_zh is None or context_zh is None:
        return problem_zh
    began = getattr(exc, "context_mark", None)
    ended = getattr(exc, "problem_mark", None)
    if began is not None and (ended is None or began.line != ended.line):
        context_zh = catalogued("yaml_context_began", context_zh=context_zh,
                                line=began.line + 1)[1]
    return f"{context_zh}，{problem_zh}"


def phrase_zh(phrase: str) -> str | None:
    """One of PyYAML's fixed phrases in Chinese, what it fills in named in Chinese; None for
    a phrase the catalogue does not know."""
    for template, pattern in _patterns():
        found = pattern.fullmatch(phrase)
        if found:
            return YAML_PHRASES_ZH[template].format(*(_filled_zh(part)
                                                       for part in found.groups()))
    return None


def _filled_zh(part: str) -> str:
    """What PyYAML filled into a phrase (a token, a node kind, a character written with
    repr, a count) as a Chinese message names it."""
    value = part
    if len(part) >= 2 and part[0] == part[-1] and part[0] in "'\"":
        try:
            value = str(ast.literal_eval(part))
        except (ValueError, SyntaxError):
            value = part[1:-1]
    if value in YAML_TOKENS_ZH:
        return YAML_TOKENS_ZH[value]
    if value in YAML_CHARACTERS_ZH:
        return YAML_CHARACTERS_ZH[value]
    return value if value.isdigit() else f"“{visible(value)}”"


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each phrase as a pattern, what PyYAML fills in (%r, %s, %d) as groups; the longest
    first, so that 'while parsing a %s node' is not read as 'while parsing a %s'."""
    return tuple((template, re.compile(re.sub(r"%[rsd]", "(.+?)", re.escape(template))))
                 for template in sorted(YAML_PHRASES_ZH, key=len, reverse=True))

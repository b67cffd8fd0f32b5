"""Where Chinese writes a space: between a Chinese character and a Latin letter, a digit or
a sign (不低于预算的 15.0%, 每 EUR 预算, 贵宾 → 大众), never between two Chinese characters
nor beside a Chinese mark (预算由无改为 0, 。未认定拐点, 间隙）（重新求解). A Chinese message
writes a space beside each field that may hold a number or an id; filled, the space stands or
goes by the characters it falls between, so that a field holding a Chinese name (a tier's, a
region's label) meets the message's words as Chinese writes them. A path, and a key or option
written as code (rules.add_rms.贵宾客户经理, budget.total=-10%), keeps its spaces: where it
ends is for the reader to see, as a Latin word's would be."""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from string import Formatter

CHINESE = re.compile("[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef\u2018\u2019\u201c\u201d]")
"""A Chinese character or mark: ideographs, the marks of CJK text (。、《》「」) and the
full-width forms (，：；（）), and the quotes Chinese text uses (“”)."""
MARK = re.compile("[\u3000-\u303f\uff00-\uffef\u2018\u2019\u201c\u201d]")
"""A Chinese mark, which takes no space on either side."""
PATH = re.compile(r"[/\\](?! )|(?<! )[/\\]")
"""What a path holds and a name does not: a slash or a backslash against a character, never
the spaced slash between the parts of a compound name (增强服务 / 贵宾)."""
CODE = re.compile(r"-*[A-Za-z_][\w-]*[.=]\S")
"""How a dotted key or an option written as code starts (a Latin name, then . or =), where a
name or a number does not."""
_FORMATTER = Formatter()


def closed_up(before: str, after: str) -> bool:
    """Whether Chinese writes the character `before` right against the character `after`:
    two Chinese characters, or a Chinese mark beside anything but a space."""
    if not before.strip() or not after.strip():
        return False
    return bool(MARK.fullmatch(before) or MARK.fullmatch(after)
                or (CHINESE.fullmatch(before) and CHINESE.fullmatch(after)))


def joined(phrases: list[str]) -> str:
    """Chinese phrases in a row, a space between two where Chinese writes one."""
    out = ""
    for phrase in (phrase for phrase in phrases if phrase):
        out += phrase if not out or closed_up(out[-1], phrase[0]) else " " + phrase
    return out


def filled(template: str, fields: Mapping[str, object]) -> str:
    """Chinese message `template` with its `fields` ("{key} 由 {before} 改为 {after}": 测算跃变由是
    改为否, but output.language 由 en 改为 zh), a space beside a field left out where the
    field's text meets a Chinese character or mark across it."""
    out, verbatim = "", True
    for literal, name, spec, conversion in _FORMATTER.parse(template):
        out = out + literal if verbatim else _met(out, literal)
        if name is None:
            continue
        value = _FORMATTER.convert_field(_FORMATTER.get_field(name, (), fields)[0], conversion)
        text = _FORMATTER.format_field(value, spec or "")
        verbatim = isinstance(value, os.PathLike) or bool(PATH.search(text) or CODE.match(text))
        out = out + text if verbatim else _met(out, text)
    return out


def _met(out: str, text: str) -> str:
    """`text` after `out`, the one space between them (ending `out` or starting `text`) left
    out where Chinese writes none."""
    if out.endswith(" ") and closed_up(out[-2:-1], text[:1]):
        return out[:-1] + text
    if text.startswith(" ") and closed_up(out[-1:], text[1:2]):
        return out + text[1:]
    return out + text

"""A scenario value as a person reads it where an override changed it (the overrides applied:
validate's lines, the assumptions box) and where two runs differ (compare's scenario
differences): a number as the reports write it (a rate as a percentage, an amount with its
currency), a flag as yes or no, one of the schema's choices by its words in the language
(客户经理覆盖要求由可选改为必选, 求解路径由自动选择改为精确), an id by its label; a list as the
language lists names (私人银行、财富管理; private, wealth), a mapping of ids as each id by its
label and its value (贵宾客户经理 1、财富客户经理 0.9), a section as each field by its name
(总预算：9,000,000 EUR), what either holds within it in brackets."""

from __future__ import annotations

from collections.abc import Mapping

from allocator.report.cell_texts import limit_text, percent_text
from allocator.report.key_names_zh import LANGUAGES
from allocator.report.key_words import field_name, fits, holds_ids
from allocator.report.language import Words
from allocator.scenario.errors import holds_rate

CHOICES_ZH: dict[str, dict[str, str]] = {
    "tiers.*.coverage": {"mandatory": "必选", "optional": "可选", "none": "不配备客户经理"},
    "solver.method": {"auto": "自动选择"},
    "execution.book": {"auto": "自动选择", "whole": "整体规划", "parts": "分部分规划"},
    "execution.engine": {"local": "本机"},
    "tiering.method": {"thresholds": "门槛", "score": "评分", "rfm": "RFM", "pareto": "帕累托"},
    "output.language": LANGUAGES,
    "data.*.decimal": {"auto": "自动识别"},
    "models.*.method": {},
    "offers.*.channel": {},
    "calendar.activities.*.channel": {},
    "calendar.activities.*.offer": {},
}
"""Keys whose text is one of the schema's choices or an id (a `*` for an id), with the Chinese
of the choices the report catalogue does not name (the others, a path's exact or
decomposition, a channel, an offer, are named as everywhere: Words.term)."""

MONEY_KEYS = ("budget.total", "risk.loss_cap", "risk.capital_cap", ".cost_per_year")
"""Keys (or their endings) that hold an amount of money: their values carry the currency."""


def value_text(key: str, value: object, words: Words, currency: str = "") -> str:
    """The value at scenario key `key` for a reader (an amount with the `currency`, where
    given); a key the file does not give, in words."""
    if value is None:
        return words("a_unset")
    if isinstance(value, bool):
        return words.term("yes" if value else "no")
    if isinstance(value, int | float):
        shown = percent_text(value) if holds_rate(tuple(key.split("."))) else limit_text(value)
        return shown + money_unit(key, currency)
    if isinstance(value, Mapping):
        return _entries(key, value, words, currency)
    if isinstance(value, list | tuple):
        return words.sep("items").join(words.term(item) if isinstance(item, str) else
                                       _within(key, item, words, currency)
                                       for item in value) or words("none")
    return _choice(key, str(value), words)


def money_unit(key: str, currency: str) -> str:
    """The currency after an amount at `key` (" EUR"), where the key holds money."""
    return f" {currency}" if currency and key.endswith(MONEY_KEYS) else ""


def _entries(key: str, mapping: Mapping[object, object], words: Words, currency: str) -> str:
    """A mapping's entries in a row: an id by its label and its value, a section's field by
    its name, a colon and its value."""
    ids = holds_ids(key)
    said = []
    for name, item in mapping.items():
        inner = f"{key}.{name}"
        text = _within(inner, item, words, currency)
        if ids:
            said.append(words.joined(words.term(name), text))
        else:
            named = field_name(inner, words.language) or str(name)
            said.append(f"{named}{words.sep('colon')}{text}")
    return words.sep("items").join(said) or words("none")


def _within(key: str, value: object, words: Words, currency: str) -> str:
    """A value within a list or a mapping: a list or mapping of its own in brackets."""
    text = value_text(key, value, words, currency)
    if isinstance(value, Mapping | list | tuple) and value:
        return f"{words.sep('open').strip()}{text}{words.sep('close')}"
    return text


def _choice(key: str, text: str, words: Words) -> str:
    """Text at `key`: a choice of the schema or an id by its words, anything else as it is."""
    for shape, said in CHOICES_ZH.items():
        if fits(key, shape):
            return said[text] if words.language == "zh" and text in said else words.term(text)
    return text

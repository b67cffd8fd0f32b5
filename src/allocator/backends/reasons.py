"""A solver's reason for ending without a proven plan (`SolveResult.message`): written in
English, as the manifest keeps it, from the error catalogue, and read back into both languages
for an error message."""

from __future__ import annotations

import re
from functools import cache

from allocator.backends.base import SolveResult
from allocator.errors import catalogued
from allocator.report.error_words import ERROR_MESSAGES, STATUS_ZH
from allocator.report.solve_error_words import (
    HIGHS_STATUS_WORDS,
    ORTOOLS_CODES_ZH,
    SOLVER_STATUSES_ZH,
)

REASONS = ("reason_time_limit", "reason_no_plan_in_time", "reason_stopped_in_time",
           "reason_within_bound", "reason_unbounded", "reason_failed", "reason_no_plan",
           "reason_code", "reason_process_ended")
"""The catalogue's reasons a backend gives; any other text is the solver's own."""

HIGHS_STATUSES_ZH = dict(HIGHS_STATUS_WORDS.values())
"""HiGHS's words for a model status -> the same in Chinese."""


UNTRANSLATED = "reason_untranslated"
"""The catalogue's Chinese for a solver's status or code it has no words for."""


def reason(key: str, /, **fields: object) -> str:
    """The reason `key` of the catalogue, in English (as SolveResult.message holds it)."""
    return ERROR_MESSAGES[key][0].format(**fields)


def reason_words(message: str) -> tuple[str, str]:
    """A SolveResult's message in English and in Chinese: a catalogue reason read back with
    its fields (a PuLP status or an OR-Tools code in Chinese), HiGHS's words for a model
    status, or the solver's own words, which the Chinese does not repeat (see untranslated)."""
    found = _reason_found(message)
    if found is not None:
        key, fields = found
        status = SOLVER_STATUSES_ZH.get(fields.get("status", ""), _untranslated())
        code = ORTOOLS_CODES_ZH.get(fields.get("code", ""), _untranslated())
        return catalogued(key, status_zh=status, code_zh=code, **fields)
    highs = HIGHS_STATUSES_ZH.get(message)
    if highs is not None:
        return message, highs
    return catalogued("reason_solver_says", reason=message)


def untranslated(message: str) -> str:
    """The solver's own words in `message` that its Chinese does not repeat ('' if none): the
    whole message when the catalogue has no words for it, else the failure or status it
    quotes."""
    found = _reason_found(message)
    if found is None:
        return "" if message in HIGHS_STATUSES_ZH or not message else message
    key, fields = found
    if key == "reason_failed":
        return fields["reason"]
    status = fields.get("status", "")
    return status if status and status not in SOLVER_STATUSES_ZH else ""


def _reason_found(message: str) -> tuple[str, dict[str, str]] | None:
    """The catalogue reason `message` is, with its fields; None for a solver's own words."""
    for key, pattern in _patterns():
        found = pattern.fullmatch(message)
        if found:
            return key, found.groupdict()
    return None


def _untranslated() -> str:
    return ERROR_MESSAGES[UNTRANSLATED][1]


def why_ended(result: SolveResult) -> tuple[str, str]:
    """Why a solve ended as it did, in English and in Chinese: its message, else its status."""
    if result.message:
        return reason_words(result.message)
    status = str(result.status)
    return status, STATUS_ZH.get(status, status)


@cache
def _patterns() -> tuple[tuple[str, re.Pattern[str]], ...]:
    """Each reason's English text as a pattern, its fields as named groups."""
    return tuple((key, re.compile(re.sub(r"\\\{(\w+)\\\}", r"(?P<\1>.*)",
                                         re.escape(ERROR_MESSAGES[key][0]))))
                 for key in REASONS)

"""A solver's reason for ending without a proven plan (`SolveResult.message`): written in
English, as the manifest keeps it, from the error catalogue, and read back into both languages
for an error message."""

from __future__ import annotations

import re
from functools import cache

from allocator.backends.base import SolveResult
from allocator.errors import catalogued
from allocator.report.error_words import ERROR_MESSAGES, STATUS_ZH
from allocator.report.solve_error_words import HIGHS_STATUS_WORDS

REASONS = ("reason_time_limit", "reason_no_plan_in_time", "reason_stopped_in_time",
           "reason_within_bound", "reason_unbounded", "reason_failed", "reason_no_plan",
           "reason_code", "reason_process_ended")
"""The catalogue's reasons a backend gives; any other text is the solver's own."""

HIGHS_STATUSES_ZH = dict(HIGHS_STATUS_WORDS.values())
"""HiGHS's words for a model status -> the same in Chinese."""


def reason(key: str, /, **fields: object) -> str:
    """The reason `key` of the catalogue, in English (as SolveResult.message holds it)."""
    return catalogued(key, **fields)[0]


def reason_words(message: str) -> tuple[str, str]:
    """A SolveResult's message in English and in Chinese: a catalogue reason read back with
    its fields, or the solver's own words, introduced as such in Chinese."""
    for key, pattern in _patterns():
        found = pattern.fullmatch(message)
        if found:
            return catalogued(key, **found.groupdict())
    highs = HIGHS_STATUSES_ZH.get(message)
    if highs is not None:
        return message, highs
    return catalogued("reason_solver_says", reason=message)


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

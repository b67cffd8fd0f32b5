"""A rule's violation said by a catalogue message, in the checker's English and, when shown, in
the run's language (report/violation_words.violation_detail)."""

from __future__ import annotations

from allocator.checks.ledger import NAMED, Violation
from allocator.errors import examples
from allocator.report.language import Words


def worded_violation(where: tuple[str, str, str], message: str,
                     fields: tuple[tuple[str, str], ...], named: list[str]) -> Violation:
    """A rule's violation said by a catalogue `message` with its `fields` (in either language
    when shown: violation_words), its rows named (`named`, the first NAMED as examples); `where`
    is its family, constraint and label."""
    english = Words("en")
    detail = english(message, **dict(fields)) + english(
        "breach_examples", ids=examples(named, NAMED))
    return Violation(*where, detail, float(len(named)), count=len(named),
                     examples=tuple(named[:NAMED]), message=message, fields=fields)

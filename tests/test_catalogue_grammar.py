"""Every message of the catalogues reads in plain grammar: no 'item(s)' left for the reader to
sort out; a count's noun agrees with it, or the count stands after the noun."""

from __future__ import annotations

from allocator.report.error_words import ERROR_MESSAGES
from allocator.report.language import MESSAGES


def test_no_message_leaves_a_plural_in_brackets() -> None:
    found = [key for catalogue in (MESSAGES, ERROR_MESSAGES)
             for key, (english, _) in catalogue.items() if "(s)" in english]
    assert found == []

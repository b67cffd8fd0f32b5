"""A count of one in the catalogue's English: "1 customer needs", never "1 customers need".

Where a message's English puts a count before a plural noun, ONE_EN names the field of the
count and the passages of the English that change when it is one, each with its words said of
one (1 written for the count). `in_number` says them so wherever that field is 1, in the
reports' messages (report/language.py) and the errors' (report/error_words.py) alike; any other
count, 0 included, keeps the message as written. Chinese has no plural: its message serves
every count.
"""

from __future__ import annotations

from collections.abc import Mapping

ONE_EN: dict[str, dict[str, dict[str, str]]] = {
    # what verify finds broken (violation_words.py)
    "tiers_recomputed": {"count": {
        "{count} customers' tiers in {where} are not those":
            "1 customer's tier in {where} is not the one"}},
    "tiers_not_in_raw_data": {"count": {"{count} customers in {where} are":
                                        "1 customer in {where} is"}},
    "tiers_missing": {"count": {"{count} customers of the raw data are":
                                "1 customer of the raw data is"}},
    # a sweep's result lines (result_words.py)
    "still_within": {"pairs": {
        "{pairs} changes between neighbouring points remain within tolerance: read them":
            "1 change between neighbouring points remains within tolerance: read it"}},
    "sweep_resumed_reused": {"reused": {"were finished and are": "was finished and is"}},
    # errors (error_words.py and the *_error_words.py it merges)
    "scenario_errors": {"count": {"{count} errors": "1 error"}},
    "want_more_items": {"limit": {"{limit} items": "1 item"}},
    "want_fewer_items": {"limit": {"{limit} items": "1 item"}},
}
"""Message key -> the field of a count -> {passage of the English: the passage said of one}."""


def in_number(key: str, english: str, fields: Mapping[str, object]) -> str:
    """The English `english` of message `key` with the passages of each count in `fields`
    that is 1 (a number, or the text a count is shown as) said of one (ONE_EN)."""
    for count, passages in ONE_EN.get(key, {}).items():
        if str(fields.get(count)) == "1":
            for passage, one in passages.items():
                english = english.replace(passage, one)
    return english

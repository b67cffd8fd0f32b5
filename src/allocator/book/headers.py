"""Which header of a table holds each column allocator reads.

A column is found by the name the scenario maps it to (`data.<table>.columns`), else by its
own name, else by the one header that reads the same but for case and the spaces around it
('Quota', 'do_not_contact '): a spreadsheet's headers are typed by hand, and a flag or a quota
lost to a capital letter would silently drop a rule. For the same reason these are refused
(allocator.book.sources names them): a header that is not read but looks like a rule-bearing
column the table lacks ('eligible_tierz': the offer would be open to every tier); two headers
that read as one column; and a column mapped to a header the table lacks.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping, Sequence
from difflib import get_close_matches

LOOKALIKE = 0.85
"""How alike (difflib's ratio) a header not read must be to a column the table lacks to be
taken for a misspelling of it: 'eligible_tierz' and 'eligible_tiers' are 0.93 alike."""
GUARDED = frozenset({"do_not_contact", "closed", "incumbent_rm", "previous_tier",
                     "eligible_tiers", "quota", "minimum", "needs_rm", "max_book",
                     "min_load_hours", "branch", "churn_probability"})
"""The optional columns whose loss drops a rule or a limit unseen (a customer contacted, a
closed account planned, an offer open to every tier, an RM's book unbounded): a look-alike
header of one is refused. A look-alike of another (a measure, 'frequency_24m' beside the
absent 'frequency_12m') may well be a column of its own, and is left unread as any other."""


def loose(name: str) -> str:
    """A header as read without case and the spaces around it."""
    return name.strip().casefold()


def headed(wanted: Sequence[str], given: Mapping[str, str], available: Sequence[str]
           ) -> dict[str, str]:
    """Each wanted column's header: the one the scenario maps it to (`given`), else its own
    name; where the table lacks that one, the one header equal to it but for case and
    surrounding spaces; the name itself where none is (absent)."""
    alike: dict[str, list[str]] = defaultdict(list)
    for header in available:
        alike[loose(header)].append(header)
    present = set(available)
    found: dict[str, str] = {}
    for name in wanted:
        header = given.get(name, name)
        candidates = alike.get(loose(header), [])
        found[name] = header if header in present or len(candidates) != 1 else candidates[0]
    return found


def repeated(wanted: Sequence[str], available: Sequence[str]) -> list[str]:
    """The headers that read as one wanted column but for case and spaces, where more than
    one does ('Do_Not_Contact' and 'do_not_contact '): which one holds it is unknown (one
    name written twice is refused as it is read: sources._refuse_repeated_names)."""
    names = {loose(name) for name in wanted}
    alike: dict[str, list[str]] = defaultdict(list)
    for header in available:
        if loose(header) in names:
            alike[loose(header)].append(header)
    return [header for group in alike.values() if len(set(group)) > 1 for header in group]


def mapped_absent(wanted: Sequence[str], given: Mapping[str, str], mapping: Mapping[str, str],
                  available: Sequence[str]) -> list[tuple[str, str]]:
    """The wanted columns the scenario maps (`given`) to a header the table lacks, even
    loosely (`mapping`, from `headed`): (column, header). Such a column would read as absent,
    its rule dropped, while the table's own column of that name goes unread."""
    present = set(available)
    return [(name, given[name]) for name in wanted
            if name in given and mapping[name] not in present]


def lookalikes(mapping: Mapping[str, str], available: Sequence[str]) -> list[tuple[str, str]]:
    """The headers not read that look like a GUARDED column the table lacks: (header,
    column)."""
    present = set(available)
    read = set(mapping.values()) & present
    absent = {loose(header): name for name, header in mapping.items()
              if header not in present and name in GUARDED}
    found = []
    for header in available:
        if header in read:
            continue
        close = get_close_matches(loose(header), list(absent), n=1, cutoff=LOOKALIKE)
        if close:
            found.append((header, absent[close[0]]))
    return found

"""Text columns are checked once per distinct text: the rows each check reports are those a
check of every row reports."""

from __future__ import annotations

import numpy as np
import pandas as pd
from hypothesis import given, settings
from hypothesis import strategies as st

from allocator.book.validation import (
    CONTROL,
    LONGEST_TEXT,
    ProblemList,
    as_text,
    check_texts,
    unique_ids,
)

TEXTS = st.sampled_from(["A1", " A1 ", "", "  ", "b\x00c", "x" * (LONGEST_TEXT + 1), "é",
                         "R\x1b2", "7", None])


def _each_repeated_id_with_its_rows(ids: pd.Series, mask: np.ndarray) -> list[object]:
    """A plain loop: each repeated id once, in the order of its first row, with its rows
    counted from 1 (the first five shown)."""
    named: list[object] = []
    for text in dict.fromkeys(ids[mask]):
        rows = [at + 1 for at in range(len(ids)) if mask[at] and ids.iloc[at] == text]
        shown = ", ".join(str(row) for row in rows[:5])
        more = f" and {len(rows) - 5} more" if len(rows) > 5 else ""
        named.append(f"{text} in rows {shown}{more} of the data")
    return named


@given(st.lists(TEXTS, min_size=1, max_size=30), st.lists(TEXTS, min_size=1, max_size=30))
@settings(max_examples=60, deadline=None)
def test_each_row_is_reported_as_a_check_of_every_row_reports_it(
        ids: list[str | None], regions: list[str | None]) -> None:
    n = min(len(ids), len(regions))
    frame = pd.DataFrame({"customer_id": ids[:n], "region": regions[:n]})
    texts = as_text(frame, ["customer_id", "region"])
    found = ProblemList("customers", frame["customer_id"], {})
    check_texts(texts, found)
    unique_ids(texts, "customer_id", found)
    expected = ProblemList("customers", frame["customer_id"], {})
    for name in ("customer_id", "region"):
        text = frame[name].astype("string")
        expected.add(name, text.str.contains(CONTROL, regex=True).fillna(False).to_numpy(bool),
                     "control_characters")
    for name in ("customer_id", "region"):
        text = frame[name].astype("string")
        expected.add(name, text.str.len().gt(LONGEST_TEXT).fillna(False).to_numpy(bool),
                     "too_long", limit=LONGEST_TEXT)
    expected.add("customer_id", frame["customer_id"].duplicated(keep=False).to_numpy(),
                 "repeated_id", naming=_each_repeated_id_with_its_rows)
    assert found.problems == expected.problems
    assert all(np.array_equal(found.reported[k], expected.reported[k]) for k in found.reported)

"""RMs for a public data set, and today's books, from the scenario's `staffing`.

No public set records RMs. Each region gets `per_region` RMs of each grade; today's books follow
the rule of thumb banks use: the region's customers by descending AUM fill the most senior
grade's books first (`legacy_book` customers per RM, round robin), then the next grade's.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.scenario.data_schema import StaffSpec


def staff(customers: pd.DataFrame, staffing: dict[str, StaffSpec]
          ) -> tuple[pd.DataFrame, np.ndarray]:
    """The RM table and each customer's incumbent RM (None when unassigned)."""
    rows, incumbents = [], np.full(len(customers), None, dtype=object)
    for region, members in customers.groupby(c.REGION, sort=True).groups.items():
        order = customers.loc[members, c.AUM].sort_values(ascending=False, kind="stable").index
        cursor = 0
        for grade, spec in staffing.items():
            ids = [f"{_code(str(region))}-{grade}-{k + 1:02d}" for k in range(spec.per_region)]
            rows += [(rm, grade, region, spec.capacity_hours, spec.max_book) for rm in ids]
            take = min(spec.legacy_book * len(ids), len(order) - cursor)
            if take > 0:
                book = order[cursor:cursor + take].to_numpy()
                incumbents[book] = np.array(ids, dtype=object)[np.arange(take) % len(ids)]
                cursor += take
    rms = pd.DataFrame(rows, columns=[c.RM_ID, c.GRADE, c.REGION, c.CAPACITY_HOURS, c.MAX_BOOK])
    return rms, incumbents


def _code(region: str) -> str:
    """A short, readable region code for RM ids: 'central Bohemia' -> 'CENTRALBOH'."""
    letters = "".join(ch for ch in region.upper() if ch.isalnum())
    return letters[:10] or "REGION"

"""The room a plan leaves in the rows it uses, and which candidate columns fit in it, taken in
rank order: what the repair fills RMs (restore.py) and spends offers (offers.py) by.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling

TOLERANCE = 1e-9


def within_limits(cols: np.ndarray, rank: np.ndarray, families: list[Coupling],
                  room: list[np.ndarray], n: int, kind: str = "x") -> np.ndarray:
    """Of the candidate columns of one kind, taken in rank order, those that fit every
    row's room."""
    keep = np.ones(len(cols), dtype=bool)
    order = np.argsort(rank[cols], kind="stable")
    for family, free in zip(families, room, strict=True):
        terms = getattr(family, f"on_{kind}")
        if family.sense != "le" or terms is None:
            continue
        at, r, w = terms.entries(cols[order])  # at: position in the ranked candidates
        sort = np.lexsort((at, r))
        fits = running_before(r[sort], w[sort]) + w[sort] <= free[r[sort]] + TOLERANCE
        allowed = np.ones(len(order), dtype=bool)
        allowed[at[sort][~fits]] = False
        keep[order] &= allowed
    return keep


def running_before(rows: np.ndarray, coefs: np.ndarray) -> np.ndarray:
    """For entries sorted by row: the sum of the coefficients before each one in its row."""
    if len(rows) == 0:
        return np.zeros(0)
    running = np.cumsum(coefs)
    starts = np.r_[0, np.flatnonzero(np.diff(rows)) + 1]
    lengths = np.diff(np.r_[starts, len(rows)])
    return running - coefs - np.repeat(running[starts] - coefs[starts], lengths)


def room_left(x: np.ndarray, families: list[Coupling], y: np.ndarray | None = None,
              s: np.ndarray | None = None) -> list[np.ndarray]:
    """Per family, each row's room: a cap's limit less its usage by the columns chosen (y and s
    none if not given), a floor's limit as it is."""
    none = np.zeros(0, dtype=bool)
    y = none if y is None else y
    s = none if s is None else s
    return [f.limits - f.usage(x, y, s) if f.sense == "le" else f.limits for f in families]

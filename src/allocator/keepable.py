"""Which incumbent pairs the continuity limit counts: an RM who could keep the customer.

An incumbent pair is keepable where the RM could keep the customer: an RM of a grade the
customer's tier allows, in the customer's region, who could hold the customer on their own,
with capacity hours at least the hours that customer alone needs from them, and a book
(where it has a size) of at least one customer. An RM keeps at most k of its keepable
incumbents: as many as fit together, smallest hours first while their sum fits its hours,
and no more than its max_book (`held`). The moves the limit counts are the sum of k over
RMs less the keepable incumbents kept; every other move from an incumbent RM is forced
(an RM with 0 hours or a max_book of 0 keeps none; one with hours for 2 of its 5 customers
forces 3 moves; an incumbent the RM table does not have, an RM who has left, has no pair and
keeps none). So giving an RM more hours or book never counts more moves against the
limit than a plan can avoid. One rule for the model's row, the decomposition, the checker,
the reports and the readiness warnings. `can_hold` says which RMs could hold any customer at
all: the reports price an RM hour only where it could be used.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator import columns as c

SLACK = 1e-9
"""Hours by which a customer's need may pass the RM's hours and still fit (rounding)."""


def keepable(hours: np.ndarray, capacity: np.ndarray, max_book: np.ndarray) -> np.ndarray:
    """Per pair, whether its RM could keep the customer alone: the hours the customer needs
    from the RM (`hours`) within the RM's `capacity` hours, and the RM's `max_book` (NaN: no
    size) at least 1."""
    book = np.asarray(max_book, dtype=float)
    return (np.asarray(hours, dtype=float) <= np.asarray(capacity, dtype=float) + SLACK) & ~(
        book < 1.0)


def held(rm: np.ndarray, hours: np.ndarray, capacity: np.ndarray,
         max_book: np.ndarray) -> np.ndarray:
    """Per keepable incumbent pair (its RM `rm`, the hours the customer needs of it, the
    RM's `capacity` hours and `max_book`, NaN: no size), whether it is among the most of its
    RM's keepable incumbents the RM could hold together: smallest hours first while their
    sum fits its hours, at most max_book of them. Its sum is the sum over RMs of k, the
    moves the continuity limit may count; per RM, the count is the most it can keep."""
    rm = np.asarray(rm)
    if len(rm) == 0:
        return np.zeros(0, dtype=bool)
    _, code = np.unique(rm, return_inverse=True)
    need = np.asarray(hours, dtype=float)
    order = np.lexsort((need, code))
    code, need = code[order], need[order]
    first = np.flatnonzero(np.r_[True, code[1:] != code[:-1]])
    start = np.repeat(first, np.diff(np.r_[first, len(code)]))
    total = np.cumsum(need)
    together = total - np.r_[0.0, total][start]
    book = np.asarray(max_book, dtype=float)[order]
    fits = (together <= np.asarray(capacity, dtype=float)[order] + SLACK) & ~(
        np.arange(len(code)) - start >= book)
    out = np.empty(len(code), dtype=bool)
    out[order] = fits
    return out


def can_hold(rms: pd.DataFrame) -> pd.Series:
    """Per RM of the RM table `rms` (indexed by its id), whether it could hold any customer
    today: capacity hours above 0 and a max_book (none or NaN: no size) of at least 1. An RM
    of 0 hours or a max_book of 0 (likely one who has left, or a blank filled as 0) holds no
    customer whatever its limit's marginal value says: one more hour does not give the hours
    of a single customer, so that price is never where an RM hour is worth most. One rule for
    every report of an RM hour's price and the checks of them."""
    ids = rms[c.RM_ID].astype(str).to_numpy()
    capacity = pd.to_numeric(rms[c.CAPACITY_HOURS]).to_numpy(dtype=float)
    book = (pd.to_numeric(rms[c.MAX_BOOK]).to_numpy(dtype=float, na_value=np.nan)
            if c.MAX_BOOK in rms else np.full(len(rms), np.nan))
    return pd.Series((capacity > SLACK) & ~(book < 1.0), index=ids, dtype=bool)

"""Which incumbent pairs the continuity limit counts: an RM who could keep the customer.

A customer leaving their incumbent RM is a reassignment only where the RM could have kept
them: an RM of a grade the customer's tier allows, in the customer's region, who could hold
the customer on their own, with capacity hours at least the hours that customer alone needs
from them, and a book (where it has a size) of at least one customer. Any other move is
forced (an RM with 0 hours or a max_book of 0 keeps none of their customers) and is not
counted. One rule for the model's row, the decomposition, the checker and the reports.
"""

from __future__ import annotations

import numpy as np

SLACK = 1e-9
"""Hours by which a customer's need may pass the RM's hours and still fit (rounding)."""


def keepable(hours: np.ndarray, capacity: np.ndarray, max_book: np.ndarray) -> np.ndarray:
    """Per pair, whether its RM could keep the customer alone: the hours the customer needs
    from the RM (`hours`) within the RM's `capacity` hours, and the RM's `max_book` (NaN: no
    size) at least 1."""
    book = np.asarray(max_book, dtype=float)
    return (np.asarray(hours, dtype=float) <= np.asarray(capacity, dtype=float) + SLACK) & ~(
        book < 1.0)

"""Hard floors still short once offers were added where customers had room: a tier's budget
floor, say, when the tier's customers are at their contact limit or the dearer offers' quota
is full. A customer's offer is then swapped for a missing one of the same customer that counts
more towards the short row (a cheap offer for a dearer one of the tier, an offer whose quota
is full for another): the swaps that lose least value per unit filled are taken, as long as no
row of any family ends more broken than before, until the row is filled or no swap is left.
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.problem import Decisions

TOLERANCE = 1e-9
ROUNDS = 8
"""Each short row is given at most this many rounds of swaps (a swap that would break another
row is set aside, and the next round ranks the others again)."""


MakeRoom = Callable[[np.ndarray, np.ndarray], None]
"""Drop offers (of a y mask, in place) from every over-used row, keeping those marked."""


def swap_for_floors(y: np.ndarray, chosen: tuple[np.ndarray, np.ndarray], d: Decisions,
                    y_families: list[Coupling], rules: tuple[np.ndarray, MakeRoom]) -> bool:
    """Swap offers (y, in place) towards the hard floors still short; `chosen` the RMs and
    packages (x, s); `rules`: per y column whether it may be offered (its customer's RM-channel
    rule), and how to make room in rows the swaps over-use (a full budget: the offers that
    do not count towards the floor give way). True if any offer changed."""
    swapped = False
    for family in (f for f in y_families if f.sense == "ge" and f.penalty is None):
        for row in np.flatnonzero(family.excess(chosen[0], y, chosen[1]) > TOLERANCE):
            swapped |= _fill_row(y, chosen, d, (family, int(row)), (y_families, *rules))
    return swapped


def _fill_row(y: np.ndarray, chosen: tuple[np.ndarray, np.ndarray], d: Decisions,
              target: tuple[Coupling, int],
              given: tuple[list[Coupling], np.ndarray, MakeRoom]) -> bool:
    family, row = target
    y_families, allowed, make_room = given
    x, s = chosen
    before = [f.excess(x, y, s) for f in y_families]
    count = _row_coefs(family, row, len(y))
    if _with_room(y, d, (count, allowed, make_room), (x, s, family, row),
                  (y_families, before)):
        return True
    set_aside = np.zeros(len(y), dtype=bool)
    swapped = False
    for _ in range(ROUNDS):
        short = float(family.excess(x, y, s)[row])
        if short <= TOLERANCE:
            break
        drop, add = _best_swaps(y, d, count, allowed & ~set_aside)
        gain = count[add] - count[drop]
        needed = np.cumsum(gain) - gain < short - TOLERANCE
        drop, add = drop[needed], add[needed]
        if len(add) == 0:
            break
        taken = _longest_kept(y, (drop, add), (x, s), (y_families, before))
        if taken < len(add):
            set_aside[add[taken]] = True
        y[drop[:taken]], y[add[:taken]] = False, True
        swapped |= taken > 0
    return swapped


def _with_room(y: np.ndarray, d: Decisions, towards: tuple[np.ndarray, np.ndarray, MakeRoom],
               at: tuple[np.ndarray, np.ndarray, Coupling, int],
               rows: tuple[list[Coupling], list[np.ndarray]]) -> bool:
    """Every swap the row needs at once, then room made in the rows they over-use by the
    offers that do not count towards it; taken if the row is filled and no row ends more
    broken than before."""
    count, allowed, make_room = towards
    x, s, family, row = at
    y_families, before = rows
    drop, add = _best_swaps(y, d, count, allowed)
    gain = count[add] - count[drop]
    short = float(family.excess(x, y, s)[row])
    needed = np.cumsum(gain) - gain < short - TOLERANCE
    trial = y.copy()
    trial[drop[needed]], trial[add[needed]] = False, True
    make_room(trial, trial & (count > 0))
    if family.excess(x, trial, s)[row] > TOLERANCE or not _no_worse(
            trial, (x, s), (y_families, before)):
        return False
    y[:] = trial
    return True


def _no_worse(y: np.ndarray, chosen: tuple[np.ndarray, np.ndarray],
              rows: tuple[list[Coupling], list[np.ndarray]]) -> bool:
    """Whether no row of any family is more broken than `before`."""
    x, s = chosen
    y_families, before = rows
    return all((f.excess(x, y, s) <= was + TOLERANCE * max(1.0, float(np.abs(
        f.limits).max(initial=1.0)))).all() for f, was in zip(y_families, before, strict=True))


def _row_coefs(family: Coupling, row: int, n: int) -> np.ndarray:
    """Per y column, its coefficient on the row."""
    terms = family.on_y
    assert terms is not None
    count = np.zeros(n)
    at = terms.rows == row
    np.add.at(count, terms.cols[at], terms.coefs[at])
    return count


def _best_swaps(y: np.ndarray, d: Decisions, count: np.ndarray, allowed: np.ndarray
                ) -> tuple[np.ndarray, np.ndarray]:
    """Per customer, the swap (an offer held for one missing) that counts more towards the row
    at the least value lost per unit; the customers' swaps in that order."""
    held = np.flatnonzero(y)
    missing = np.flatnonzero(~y & allowed & (count > 0))
    held = held[np.isin(d.y.customer[held], d.y.customer[missing])]
    if len(held) == 0:
        return held, held
    missing = missing[np.argsort(d.y.customer[missing], kind="stable")]
    first = np.searchsorted(d.y.customer[missing], d.y.customer[held], "left")
    last = np.searchsorted(d.y.customer[missing], d.y.customer[held], "right")
    pairs = last - first
    drop = np.repeat(held, pairs)
    add = missing[np.repeat(first - (np.cumsum(pairs) - pairs), pairs) + np.arange(pairs.sum())]
    gain = count[add] - count[drop]
    keep = gain > TOLERANCE
    drop, add, gain = drop[keep], add[keep], gain[keep]
    ratio = (d.y.value[drop] - d.y.value[add]) / gain
    order = np.lexsort((add, drop, ratio))
    drop, add = drop[order], add[order]
    _, once = np.unique(d.y.customer[drop], return_index=True)
    once = np.sort(once)
    return drop[once], add[once]


def _longest_kept(y: np.ndarray, swaps: tuple[np.ndarray, np.ndarray],
                  chosen: tuple[np.ndarray, np.ndarray],
                  rows: tuple[list[Coupling], list[np.ndarray]]) -> int:
    """The most leading swaps that leave no row of any family more broken than `before`
    (found by halving: a swap set aside then is the first one that breaks a row)."""
    drop, add = swaps

    def keeps(k: int) -> bool:
        trial = y.copy()
        trial[drop[:k]], trial[add[:k]] = False, True
        return _no_worse(trial, chosen, rows)

    low, high = 0, len(add)
    if keeps(high):
        return high
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if keeps(middle) else (low, middle)
    return low

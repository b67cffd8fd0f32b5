"""Rows below their minimum under a campaign calendar (channel minimums, sales targets): a
customer's contacts are a schedule, so a contact that counts towards a short row often fits
only in place of others (a full contact window, a conflict's lag). Each customer who could
count towards a short row is given its best schedule that counts most towards the floors
that need it (short or just at target), then its best by priced value; the customers whose
change loses least priced value per share of the shortage they fill are taken, until every
short row is filled or no one is left. Where those would break a hard limit (the budget
spent on the dearest contacts), the customers who fill the floors without its rows are
taken instead. A hard limit over-used by contacts that a floor keeps is mended the same
way: the customers holding them move to schedules that keep the floor and leave the rows
over their limit.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.schedules import Schedules, best_schedules

TOLERANCE = 1e-9


def fill_floors(y: np.ndarray, rows: tuple[list[Coupling], list[Coupling]],
                usage: list[np.ndarray], schedules: Schedules, py: np.ndarray,
                open_to: tuple[np.ndarray, np.ndarray, np.ndarray]) -> bool:
    """Change the schedules (y, in place) of the customers that fill the short floors, or
    free the hard limits over-used by contacts, at the least priced value (`py`) lost; if
    the customers taken would break a hard limit, those who fill it without using the rows
    they break are taken instead, where there are any. `rows`: the floors and the hard
    limits on the offers, their `usage` given in that order. `open_to`: per y column its
    customer, whether it is barred (an RM-channel contact of a customer without an RM), and
    per customer the contact limit. True if any schedule changed."""
    floors, caps = rows
    missing = [np.maximum(f.limits - used, 0.0)
               for f, used in zip(floors, usage[:len(floors)], strict=True)]
    missing += [np.maximum(used - f.limits, 0.0)
                for f, used in zip(caps, usage[len(floors):], strict=True)]
    if not any(gap.max(initial=0.0) > TOLERANCE for gap in missing):
        return False
    pull, touches = _pull(rows, usage, missing, y)
    found = _changed(y, ([*floors, *caps], missing), (pull, touches), schedules, py, open_to)
    if found is None:
        return False
    broken = _broken(caps, usage[len(floors):], y, found)
    if broken.any():
        found = _within_caps(y, (rows, usage, missing), (pull, touches, broken),
                             schedules, py, open_to) or found
    change, trial = found
    y[change] = trial[change]
    return True


Change = tuple[np.ndarray, np.ndarray]
"""The y columns whose customers' schedules change, and the new schedules (masks)."""


def _changed(y: np.ndarray, lacking: tuple[list[Coupling], list[np.ndarray]],
             pulled: tuple[np.ndarray, np.ndarray], schedules: Schedules, py: np.ndarray,
             open_to: tuple[np.ndarray, np.ndarray, np.ndarray]) -> Change | None:
    """The customers' new schedules (best by priced value plus their pull) and those taken:
    by least loss per share of what the rows lack; None if none is."""
    customer, barred, max_offers = open_to
    pull, touches = pulled
    candidates = np.unique(customer[touches & ~barred])
    if len(candidates) == 0:
        return None
    scale = 10.0 * (np.abs(py).max(initial=0.0) * max_offers.max(initial=1) + 1.0) / np.abs(
        pull[pull != 0]).min(initial=1.0)
    _, cols = best_schedules(schedules, py + scale * pull, max_offers, barred, candidates)
    trial = np.zeros(len(y), dtype=bool)
    trial[cols] = True
    where = np.full(len(max_offers), -1)
    where[candidates] = np.arange(len(candidates))
    mine = where[customer]
    inside = mine >= 0
    loss = (np.bincount(mine[inside], (py * (y.astype(float) - trial))[inside],
                        len(candidates)))
    taken = _taken(loss, _gains(*lacking, (y, trial), mine, len(candidates)))
    if not taken.any():
        return None
    return inside & taken[np.maximum(mine, 0)], trial


AVOIDANCE = (np.inf, 4.0, 1.0, 0.25, 1.0 / 16)
"""Weights of a column's share of the broken hard limits against its share of the floors:
from leaving the broken rows alone (inf) to using the least of them among the schedules that
fill the floors (three contacts at 2 where the budget of 6 has no room for three at 3)."""


def _within_caps(y: np.ndarray,
                 lacking: tuple[tuple[list[Coupling], list[Coupling]], list[np.ndarray],
                                list[np.ndarray]],
                 pulled: tuple[np.ndarray, np.ndarray, np.ndarray], schedules: Schedules,
                 py: np.ndarray, open_to: tuple[np.ndarray, np.ndarray, np.ndarray]
                 ) -> Change | None:
    """The change by schedules that avoid the broken hard limits' rows, each weighed by its
    share of them less and less (AVOIDANCE): the first that breaks no hard limit; else the
    first found, if any."""
    (floors, caps), usage, missing = lacking
    pull, touches, broken = pulled
    first: Change | None = None
    for weight in AVOIDANCE:
        weighed = pull - (np.where(broken > 0, 1.0 / TOLERANCE, 0.0) if np.isinf(weight)
                          else weight * broken)
        weighed[np.abs(weighed) < TOLERANCE * TOLERANCE] = 0.0  # a floor's share less its own
        found = _changed(y, ([*floors, *caps], missing), (weighed, touches), schedules, py,
                         open_to)
        if found is None:
            continue
        if not _broken(caps, usage[len(floors):], y, found).any():
            return found
        first = first or found
    return first


def _broken(caps: list[Coupling], usage: list[np.ndarray], y: np.ndarray, found: Change
            ) -> np.ndarray:
    """Per y column: its share of the hard limits' rows that the change takes over their
    limit (or further over): the sum of its use of each over its limit; 0 if it uses none."""
    change, trial = found
    after = np.where(change, trial, y).astype(float)
    broken = np.zeros(len(y))
    for family, used in zip(caps, usage, strict=True):
        terms = family.on_y
        assert terms is not None
        moved = np.bincount(terms.rows, terms.coefs * (after - y)[terms.cols],
                            len(family.limits))
        worse = (used + moved > family.limits + TOLERANCE) & (moved > TOLERANCE)
        over = worse[terms.rows] & (terms.coefs > 0)
        np.add.at(broken, terms.cols[over],
                  terms.coefs[over] / np.maximum(np.abs(family.limits), TOLERANCE)[
                      terms.rows[over]])
    return broken


def _pull(rows: tuple[list[Coupling], list[Coupling]], usage: list[np.ndarray],
          missing: list[np.ndarray], y: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per y column: its share of the floors that need it (short or at target), summed,
    less a weight far above any share for each row over its limit that it uses; and whether
    it is one whose change mends a row: it counts towards a short floor, or is chosen in an
    over-used limit (a floor's contacts are otherwise kept by it: a cheaper schedule that
    keeps the floor frees the limit)."""
    floors, caps = rows
    pull, touches = np.zeros(len(y)), np.zeros(len(y), dtype=bool)
    for index, (family, used, gap) in enumerate(zip([*floors, *caps], usage, missing,
                                                     strict=True)):
        terms = family.on_y
        assert terms is not None
        mends = (gap > TOLERANCE)[terms.rows] & (terms.coefs > 0)
        if index < len(floors):
            counted = (used <= family.limits + TOLERANCE)[terms.rows] & (terms.coefs > 0)
            share = terms.coefs / np.maximum(np.abs(family.limits), TOLERANCE)[terms.rows]
            np.add.at(pull, terms.cols[counted], share[counted])
            touches[terms.cols[mends]] = True
        else:
            np.add.at(pull, terms.cols[mends], -1.0 / TOLERANCE)
            touches[terms.cols[mends & y[terms.cols]]] = True
    return pull, touches


def _gains(rows: list[Coupling], missing: list[np.ndarray],
           schedules: tuple[np.ndarray, np.ndarray], mine: np.ndarray, n: int
           ) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Per row short of its floor or over its limit: how much each candidate's new schedule
    mends it, what it lacks, and what a unit lacking costs (a soft row's penalty; infinite
    for a hard one)."""
    y, trial = schedules
    out = []
    for family, gap in zip(rows, missing, strict=True):
        terms = family.on_y
        assert terms is not None
        sign = 1.0 if family.sense == "ge" else -1.0  # a limit is mended by less use
        for row in np.flatnonzero(gap > TOLERANCE):
            at = terms.rows == row
            cols, coefs = terms.cols[at], terms.coefs[at]
            who = mine[cols]
            keep = who >= 0
            change = sign * coefs * (trial[cols].astype(float) - y[cols])
            out.append((np.bincount(who[keep], change[keep], n), np.array(gap[row]),
                        np.inf if family.penalty is None else family.penalty))
    return out


def _taken(loss: np.ndarray, gains: list[tuple[np.ndarray, np.ndarray, float]]
           ) -> np.ndarray:
    """The candidates taken: by least loss per share of the shortages filled, each while a
    short row it adds to is still short (a soft row: while it loses less than the penalty of
    what it fills)."""
    filled = sum((np.maximum(g, 0.0) / max(float(gap), TOLERANCE) for g, gap, _ in gains),
                 np.zeros(len(loss)))
    helps = filled > TOLERANCE
    order = np.flatnonzero(helps)[np.argsort(loss[helps] / filled[helps], kind="stable")]
    taken = np.zeros(len(loss), dtype=bool)
    wanted = np.zeros(len(order), dtype=bool)
    for gain, gap, price in gains:
        added = gain[order]
        before = np.cumsum(added) - added
        worth = True if np.isinf(price) else loss[order] < price * added
        wanted |= (added > TOLERANCE) & (before < float(gap) - TOLERANCE) & worth
    taken[order[wanted]] = True
    return taken

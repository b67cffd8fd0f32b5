"""Rows below their minimum under a campaign calendar (channel minimums, sales targets): a
customer's contacts are a schedule, so a contact that counts towards a short row often fits
only in place of others (a full contact window, a conflict's lag). Each customer who could
count towards a short row is given its best schedule that counts most towards the floors
that need it (short or just at target), then its best by priced value; the customers whose
change loses least priced value per share of the shortage they fill are taken, until every
short row is filled or no one is left.
"""

from __future__ import annotations

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.schedules import Schedules, best_schedules

TOLERANCE = 1e-9


def fill_floors(y: np.ndarray, floors: list[Coupling], usage: list[np.ndarray],
                schedules: Schedules, py: np.ndarray, open_to: tuple[np.ndarray, np.ndarray,
                                                                     np.ndarray]) -> bool:
    """Change the schedules (y, in place) of the customers that fill the short `floors`
    (their rows' `usage` given) at the least priced value (`py`) lost. `open_to`: per y
    column its customer, whether it is barred (an RM-channel contact of a customer without
    an RM), and per customer the contact limit. True if any schedule changed."""
    customer, barred, max_offers = open_to
    short = [np.maximum(f.limits - used, 0.0) for f, used in zip(floors, usage, strict=True)]
    if not any(gap.max(initial=0.0) > TOLERANCE for gap in short):
        return False
    bonus, touches = _bonus(floors, usage, short, len(y))
    candidates = np.unique(customer[touches & ~barred])
    if len(candidates) == 0:
        return False
    scale = 10.0 * (np.abs(py).max(initial=0.0) * max_offers.max(initial=1) + 1.0) / bonus[
        bonus > 0].min()
    _, cols = best_schedules(schedules, py + scale * bonus, max_offers, barred, candidates)
    trial = np.zeros(len(y), dtype=bool)
    trial[cols] = True
    where = np.full(len(max_offers), -1)
    where[candidates] = np.arange(len(candidates))
    mine = where[customer]
    inside = mine >= 0
    loss = (np.bincount(mine[inside], (py * (y.astype(float) - trial))[inside],
                        len(candidates)))
    gains = _gains(floors, short, y, trial, mine, len(candidates))
    taken = _taken(loss, gains)
    if not taken.any():
        return False
    change = inside & taken[np.maximum(mine, 0)]
    y[change] = trial[change]
    return True


def _bonus(floors: list[Coupling], usage: list[np.ndarray], short: list[np.ndarray], n: int
           ) -> tuple[np.ndarray, np.ndarray]:
    """Per y column, its share of the floors that need it (short or at target), summed; and
    whether it counts towards a short row."""
    bonus, touches = np.zeros(n), np.zeros(n, dtype=bool)
    for family, used, gap in zip(floors, usage, short, strict=True):
        terms = family.on_y
        assert terms is not None
        needed = (used <= family.limits + TOLERANCE)[terms.rows] & (terms.coefs > 0)
        share = terms.coefs / np.maximum(np.abs(family.limits), TOLERANCE)[terms.rows]
        np.add.at(bonus, terms.cols[needed], share[needed])
        touches[terms.cols[(gap > TOLERANCE)[terms.rows] & (terms.coefs > 0)]] = True
    return bonus, touches


def _gains(floors: list[Coupling], short: list[np.ndarray], y: np.ndarray, trial: np.ndarray,
           mine: np.ndarray, n: int) -> list[tuple[np.ndarray, np.ndarray, float]]:
    """Per short row: how much each candidate's new schedule adds to it, its shortage, and
    what a unit short costs (a soft row's penalty; infinite for a hard one)."""
    out = []
    for family, gap in zip(floors, short, strict=True):
        terms = family.on_y
        assert terms is not None
        for row in np.flatnonzero(gap > TOLERANCE):
            at = terms.rows == row
            cols, coefs = terms.cols[at], terms.coefs[at]
            who = mine[cols]
            keep = who >= 0
            change = coefs * (trial[cols].astype(float) - y[cols])
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

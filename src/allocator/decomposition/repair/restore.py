"""Turn the priced subproblems' choice into a plan that keeps every constraint.

1. RMs: keep each RM's best customers (mandatory first, then value per hour) within its limits;
   move the others to RMs with room, round by round; restore continuity if too many moved
   (continuity.py);
   give the places of RMs' least valuable customers to more valuable ones turned away, and
   move customers to RMs worth more to them with room (places.py), and spend the room those
   moves freed; bring RMs below their minimum load up to it (loads.py).
2. Offers (offers.py): each customer's best priced offers (RM-channel only with an RM; under a
   calendar, its best schedule); then drop the least efficient offers from every over-used row,
   and add the best missing ones (that keep the customer's own calendar rows) to rows below
   their minimum, until every row holds; then spend the room left on the offers worth
   most per share of it.
Under a calendar with RM hours per month, the RM-months of the RMs chosen are rows on the
offers like any other (rm_months.py); held_hours holds them again after RMs move, then moves
customers whose RM contacts full RM-months left out to RMs with room (rm_month_moves.py).
All steps are vectorized over rows with sorts and cumulative sums (the room the rows leave, and
what fits in it: room.py). None if no plan is found.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import partial

import numpy as np

from allocator.decomposition.coupling import Coupling
from allocator.decomposition.repair.continuity import limit_moves, restore_continuity
from allocator.decomposition.repair.loads import raise_min_loads
from allocator.decomposition.repair.mandatory import cover_mandatory
from allocator.decomposition.repair.offers import (
    downgrade_packages,
    drop_over_used,
    raise_floors,
    refill_offers,
)
from allocator.decomposition.repair.places import give_places
from allocator.decomposition.repair.rm_month_moves import rm_month_moves
from allocator.decomposition.repair.room import TOLERANCE, room_left, within_limits
from allocator.decomposition.repair.swaps import swap_for_floors
from allocator.decomposition.rm_months import rm_month_rows, with_rm_month_rows
from allocator.decomposition.subproblems import (
    MANDATORY,
    Choice,
    Customers,
    offer_choices,
    priced_offers,
    priced_pairs,
)
from allocator.problem import Decisions


@dataclass(frozen=True)
class Repaired:
    x: np.ndarray
    y: np.ndarray
    s: np.ndarray
    objective: float


def repair(d: Decisions, cs: Customers, families: list[Coupling], choice: Choice,
           assigned: np.ndarray | None = None) -> Repaired | None:
    """The choice made into a plan; its RMs start from `assigned` if given (a mask over the
    x columns, e.g. the assignment LP's or the pairs the component LPs take whole), and from
    the choice's own if that finds none (or none is given)."""
    found = None if assigned is None else _repaired(d, cs, families, choice, assigned)
    return found if found is not None else _repaired(d, cs, families, choice, choice.x)


def _repaired(d: Decisions, cs: Customers, families: list[Coupling], choice: Choice,
              assigned: np.ndarray) -> Repaired | None:
    """The choice made into a plan, its RMs starting from `assigned`."""
    x_families = [f for f in families if f.on_x is not None]
    y_families = [f for f in families if f.on_y is not None]
    wanted = limit_moves(assigned, d, x_families,
                         partial(priced_pairs, d, cs, choice))
    x = _fit_rms(wanted, _pair_worth(d, choice), d, x_families, cs)
    if x is None:
        return None
    covered = np.zeros(len(cs.kind), dtype=bool)
    covered[d.x.customer[x]] = True
    hours = rm_month_rows(cs.rm_months, d, x)
    y_families, families = [*y_families, *hours], with_rm_month_rows(families, hours)
    py = priced_offers(d, cs, choice)
    _, with_rm, _, without = offer_choices(py, d.y, cs)
    y = np.where(covered[d.y.customer], with_rm, without)
    s = choice.s.copy()
    for _ in range(10):
        drop_over_used(y, s, x, d, y_families)
        added = raise_floors(y, s, x, d, y_families, cs, (covered, py))
        drop_over_used(y, s, x, d, y_families)  # offers give way before packages do
        changed = _downgrade_packages(s, x, y, d, families)
        if not (added or changed):
            break
    if cs.schedules is None:  # floors still short: swap offers towards them
        swap_for_floors(y, (x, s), d, y_families, (
            covered[d.y.customer] | ~cs.needs_rm[d.y.offer],
            lambda trial, keep: drop_over_used(trial, s, x, d, y_families, keep)))
    refill_offers(y, s, x, d, y_families, cs, covered)
    return kept(d, families, (x, y, s))


def held_hours(d: Decisions, cs: Customers, families: list[Coupling], plan: Repaired | None
               ) -> Repaired | None:
    """The plan with its RMs' hours per month held (rm_months.py), after moves of customers
    between RMs took their RM contacts along: the RM contacts worth least per hour dropped from
    every RM-month that is over, then the room left spent; None if a floor keeps one over.
    Then customers whose RM contacts were left out move to RMs with room for them
    (rm_month_moves.py), where the plan is then worth more."""
    if plan is None or cs.rm_months is None:
        return plan
    held = _offers_held(d, cs, families, (plan.x, plan.y.copy(), plan.s))
    if held is None:
        return None
    moved = rm_month_moves(d, cs, [f for f in families if f.on_x is not None], (held.x, held.y))
    if moved is None:
        return held
    better = _offers_held(d, cs, families, (*moved, held.s))
    return better if better is not None and better.objective > held.objective else held


def _offers_held(d: Decisions, cs: Customers, families: list[Coupling],
                 chosen: tuple[np.ndarray, np.ndarray, np.ndarray]) -> Repaired | None:
    """held_hours for given RMs: the offers (y, in place) held within every row and the
    RM-months of the RMs x, then the room left spent."""
    x, y, s = chosen
    hours = rm_month_rows(cs.rm_months, d, x)
    y_families = [f for f in families if f.on_y is not None] + hours
    drop_over_used(y, s, x, d, y_families)
    covered = np.zeros(len(cs.kind), dtype=bool)
    covered[d.x.customer[x]] = True
    refill_offers(y, s, x, d, y_families, cs, covered)
    return kept(d, with_rm_month_rows(families, hours), (x, y, s))


def kept(d: Decisions, families: list[Coupling], chosen: tuple[np.ndarray, np.ndarray,
                                                                np.ndarray]) -> Repaired | None:
    """The chosen columns (x, y, s masks) as a plan, if they keep every coupling row."""
    x, y, s = chosen
    if any(f.excess(x, y, s).max(initial=0.0) > TOLERANCE * max(1.0, float(np.abs(
            f.limits).max(initial=1.0))) for f in families if f.penalty is None):
        return None
    objective = float(d.x.value[x].sum() + d.y.value[y].sum() + d.s.value[s].sum()) - sum(
        f.penalised(x, y, s) for f in families)
    return Repaired(x, y, s, objective)


def given_plan(d: Decisions, families: list[Coupling], values: np.ndarray | None
               ) -> Repaired | None:
    """A plan given as values over the decisions (e.g. the run's own, for a re-run at a moved
    limit), if it keeps every coupling row; the rows within each customer (coverage, contacts)
    it keeps as the plan it was read from did."""
    layout = d.layout
    if values is None or len(values) != layout.s0 + layout.n_s:
        return None
    chosen = values > 0.5
    n_x, s0 = layout.n_x, layout.s0
    return kept(d, families, (chosen[:n_x], chosen[n_x:s0], chosen[s0:]))


def _pair_worth(d: Decisions, choice: Choice) -> np.ndarray:
    """Per x column: its coverage value and what coverage adds to the customer's offers."""
    gain = np.where(np.isfinite(choice.gain), choice.gain, 0.0)[d.x.customer]
    return d.x.value + np.maximum(gain, 0.0)


def _rm_rank(d: Decisions, cs: Customers, worth: np.ndarray) -> np.ndarray:
    """Order of the x columns for filling RMs: mandatory customers with the fewest eligible
    RMs first, then incumbent pairs the continuity limit counts, then worth per hour. The keys
    are built in place and in small types: on a large book each copy of a column is a tenth
    of a GB."""
    per_hour = np.maximum(d.x.hours, 1e-9)
    np.divide(worth, per_hour, out=per_hour)
    np.negative(per_hour, out=per_hour)
    options = np.bincount(d.x.customer, minlength=len(cs.kind)).astype(np.int32)
    options[cs.kind != MANDATORY] = 0
    order = np.lexsort((per_hour, ~d.x.keepable, options[d.x.customer]))
    del per_hour
    rank = np.empty(len(worth), dtype=np.int64)
    rank[order] = np.arange(len(worth))
    return rank




def _fit_rms(wanted: np.ndarray, worth: np.ndarray, d: Decisions, x_families: list[Coupling],
             cs: Customers) -> np.ndarray | None:
    """Mandatory customers first, then optional ones, each into the room left (in _rm_rank
    order); restore continuity; then settle. `worth`: each x column's (_pair_worth)."""
    rank = _rm_rank(d, cs, worth)
    x = np.zeros(len(wanted), dtype=bool)
    mandatory = cs.kind[d.x.customer] == MANDATORY

    def fill(group: np.ndarray, seeking: np.ndarray) -> None:
        first = np.flatnonzero(wanted & group)
        x[first[within_limits(first, rank, x_families, room_left(x, x_families), len(x))]] = True
        place(x, group, seeking, rank, d, x_families)

    fill(mandatory, mandatory)
    if not cover_mandatory(x, d, x_families, cs.kind):  # before optional customers take room
        return None
    fill(~mandatory, wanted & ~mandatory)
    restored = restore_continuity(x, rank, d, x_families, cs.kind != MANDATORY)
    if restored is not None:
        settle(restored, d, x_families, worth, rank, cs.kind != MANDATORY)
    return restored


def settle(x: np.ndarray, d: Decisions, x_families: list[Coupling], worth: np.ndarray,
           rank: np.ndarray, optional: np.ndarray) -> None:
    """Once RMs hold the customers sent to them (x, in place): spend the room left on any
    customer of an `optional` tier worth covering; give the places of RMs' least valuable
    customers to more valuable ones and move customers to RMs worth more to them (places.py);
    spend the room those moves freed (200,000 customers: 72,000 more value); bring RMs up to
    their minimum loads."""
    worthwhile = optional[d.x.customer] & (d.x.value > 0)
    place(x, worthwhile, worthwhile, rank, d, x_families)
    give_places(x, d, x_families, worth, optional)
    place(x, worthwhile, worthwhile, rank, d, x_families)
    raise_min_loads(x, d, x_families, optional)


def place(x: np.ndarray, group: np.ndarray, chosen: np.ndarray, rank: np.ndarray,
          d: Decisions, x_families: list[Coupling]) -> None:
    """Round by round, give the uncovered customers of `chosen` (x columns of the `group`
    mask) their best RM with room, best `rank` first. A
    pair that does not fit on its own is dropped for good (room only shrinks here): it
    neither holds up the pairs ranked after it nor is sorted again in later rounds."""
    customers = int(d.x.customer.max(initial=-1)) + 1
    seeking = np.zeros(customers, dtype=bool)
    seeking[d.x.customer[chosen]] = True
    open_ = group & ~x & seeking[d.x.customer]
    for _ in range(25):
        covered = np.zeros(customers, dtype=bool)
        covered[d.x.customer[x]] = True
        candidates = np.flatnonzero(open_ & ~covered[d.x.customer])
        room = room_left(x, x_families)
        alone = _fits_alone(candidates, x_families, room)
        open_[candidates[~alone]] = False
        candidates = candidates[alone]
        fits = candidates[within_limits(candidates, rank, x_families, room, len(x))]
        if len(fits) == 0:
            return
        best = fits[np.argsort(rank[fits], kind="stable")]
        _, first_of_customer = np.unique(d.x.customer[best], return_index=True)
        x[best[first_of_customer]] = True


def _fits_alone(cols: np.ndarray, x_families: list[Coupling], room: list[np.ndarray]
                ) -> np.ndarray:
    """Of these x columns, those that fit in every row's room on their own."""
    fits = np.ones(len(cols), dtype=bool)
    for family, free in zip(x_families, room, strict=True):
        if family.sense != "le" or family.on_x is None:
            continue
        rows, coefs = family.on_x.at(cols)
        fits &= (rows < 0) | (coefs <= free[np.maximum(rows, 0)] + TOLERANCE)
    return fits


def _downgrade_packages(s: np.ndarray, x: np.ndarray, y: np.ndarray, d: Decisions,
                        families: list[Coupling]) -> bool:
    """If rows with package costs are violated, change one tier's package: the change that
    loses the least value per unit of relative violation removed. True if changed."""
    priced = [f for f in families if f.on_s is not None]
    fixed = [f.usage(x, y, np.zeros(len(s), dtype=bool)) for f in priced]
    return downgrade_packages(s, fixed, d, priced)

"""The range of each multiplier: the limits of its row over which it stays the best multiplier.

The Lagrangian dual L(λ) = max over the subproblems' choices of [value − Σ_r λ_r·sign_r·(use_r −
limit_r)] is convex and piecewise linear in each multiplier. Holding the other multipliers, λ_r
stays a minimiser of L for a limit b exactly when its one-sided slopes at λ_r straddle zero:

- for a cap (le), b from the subproblems' use of the row at λ_r + ε to their use at λ_r − ε;
- for a floor (ge), b from the use at λ_r − ε to the use at λ_r + ε;

with the side below open (no bound) where λ_r is 0, and the side above where λ_r is a soft row's
penalty (its largest multiplier). Within that range the marginal value λ_r holds for the
Lagrangian dual, which is the LP over the convex hull of each customer's and each tier's choices:
it is the range of that dual, not of the plan's MIP (whose value follows it within the gap).

A row over the whole book (budget, caps, quotas...) takes the equal of one pass of every
subproblem per row side out of RANGE_WORK, as many as it allows, the headline totals first; a
family that does not fit whole is stated as not ranged (`Ranges.unranged`). A row over offers
alone is read on the customers it reaches, each read between two others on those whose use
differs there (offer_rows.py); another row by a pass of every subproblem. A row per RM
(hours, book size, minimum load) prices only the pairs with that RM: its multiplier moves only
the choices of the customers who can reach that RM (their offers and the packages do not
depend on it), so its passes are over those pairs alone, every RM's side by side (rm_rows.py),
at no count.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field, replace
from functools import partial

import numpy as np

from allocator.decomposition.coupling import Coupling, checker_key
from allocator.decomposition.offer_rows import OfferRows, over_offers
from allocator.decomposition.rm_rows import RmRows, RowsTogether
from allocator.decomposition.search.settle import settled, settled_together
from allocator.decomposition.subproblems import Customers, solve_subproblems
from allocator.problem import Decisions

EPSILON = 1e-7
"""The multiplier is moved by this share of max(1, |λ|) to read the one-sided uses."""
RANGE_WORK = 20_000_000
"""At most this many customers' subproblems solved range and settle the rows over the whole
book: a count, so the same book is ranged the same way on any machine. A row's two sides
count two passes over the book (2 x its customers), whatever they read (so the same families
are ranged in one piece as in parts); a settling counts the customers each of its reads
re-solves (offer_rows.py: at a million customers, a few full reads, then a few hundred
customers each), a pass of every subproblem for a row not over offers alone. A pass over
100,000 customers takes about 0.1-0.3 s on 2 cores: 200 passes; over 1,000,000, 20."""
FIRST = ("budget", "loss_cap", "capital_cap")
"""The headline totals, ranged first."""

Key = tuple[str, str]


SETTLE_EVALUATIONS = 64
"""Most uses of one row a settled multiplier (`settled`) may read: a search that stops short
of its gap leaves multipliers away from their best one by one, whose ranges miss today's
limit; the row's best multiplier is found by halving the bracket of its price (to EPSILON:
about 25 halvings of a bracket as wide as the price)."""


@dataclass(frozen=True)
class Ranges:
    ranges: dict[Key, tuple[float, float]]
    """(row block, label) -> (lowest, highest) limit over which its multiplier holds."""
    unranged: tuple[str, ...] = ()
    """The families over the whole book whose rows were too many to range within RANGE_WORK."""
    multipliers: list[np.ndarray] | None = None
    """Where settled (multiplier_ranges' `settle`): the multipliers the ranges are of, each
    row's the best for today's limit with the others held."""
    settled: int = 0
    """How many of them were moved from the run's."""


def multiplier_ranges(d: Decisions, cs: Customers, families: list[Coupling],
                      multipliers: list[np.ndarray], soft: dict[str, float],
                      settle: bool = False) -> Ranges:
    """Each coupling row's range (see the module's docstring) from the subproblems' uses of it
    on either side of its multiplier (side_uses); with `settle`, of each row's multiplier
    moved first, the others held, to where it is the best for today's limit (`settled`), so
    that every range holds today's limit, as RANGE_WORK allows."""
    sides = side_uses(d, cs, (families, multipliers, soft), len(cs.kind), settle)
    ranged = ranges_of(families, sides, float(d.x.held.sum()))
    if not settle:
        return ranged
    moved = [m.astype(float) for m in multipliers]
    for (index, row), price in sides.settled.items():
        moved[index][row] = price
    return replace(ranged, multipliers=moved, settled=len(sides.settled))


@dataclass(frozen=True)
class Sides:
    """Per row, the subproblems' use of it with its multiplier just above and just below the
    run's (inf, or -inf, on a side where the multiplier cannot move: its penalty, or 0); a
    book's is the sum of its parts'."""

    uses: dict[Key, tuple[float, float]]
    unranged: tuple[str, ...] = ()
    """The families over the whole book whose rows were too many to range within RANGE_WORK."""
    settled: dict[tuple[int, int], float] = field(default_factory=dict)
    """(family, row) -> the multiplier its uses were read at, where moved from the run's."""

    def plus(self, other: Sides) -> Sides:
        """The uses of two sets of customers together (the same rows, the same unranged)."""
        return Sides({k: (a + other.uses[k][0], b + other.uses[k][1])
                      for k, (a, b) in self.uses.items()}, self.unranged)


Prices = tuple[list[Coupling], list[np.ndarray], dict[str, float]]
"""The coupling rows, their multipliers and the soft families' penalties."""


@dataclass
class Work:
    """What RANGE_WORK leaves, in customers' subproblems solved; a settling's reads are
    charged as they are made (`counting`), the sides' as their family is taken."""

    left: int
    counting: bool = False

    def charge(self, customers: int) -> None:
        if self.counting:
            self.left -= customers

    def more(self) -> bool:
        return self.left > 0


UseReads = Callable[[int], Callable[[float], float]]
"""A family's row -> its use at a price of its multiplier, each price read once."""


def side_uses(d: Decisions, cs: Customers, prices: Prices, customers: int,
              settle: bool = False) -> Sides:
    """Each row's use on either side of its multiplier by these customers' (and tiers')
    subproblems: the rows per RM by their own customers' pairs, the rows over offers alone
    by the customers they reach (offer_rows.py); the others family by family, the headline
    totals first, each only if its rows' sides (two passes over the book each) fit in what
    RANGE_WORK leaves for a book of `customers` (the whole book's, where these are a part of
    it). With `settle`, each multiplier is first moved to the row's best for today's limit
    (`settled`; the rows over the whole book as far as what RANGE_WORK leaves allows, each
    customer's subproblem a settling solves counted)."""
    families, multipliers, soft = prices
    work = Work(RANGE_WORK)
    book = max(customers, 1)
    found = Sides({}, ())
    unranged: list[str] = []
    rm_rows: RmRows | None = None
    offers: OfferRows | None = None
    for index in _in_order(families):
        family = families[index]
        penalty = soft.get(family.family, np.inf)
        if per_rm(family):
            rm_rows = rm_rows or RmRows.at(d, cs, multipliers)
            together = rm_rows.together(family, multipliers[index])
            if together is not None:
                _together_sides(found, (index, family), multipliers[index],
                                (penalty, together), settle)
                del together  # a family's pairs at a time: on a large book, gigabytes
                continue
            reads: UseReads = _row_by_row(rm_rows.uses(family, multipliers[index]))
        elif 2 * len(family.limits) * book > work.left:
            unranged.append(family.name)
            continue
        else:
            work.left -= 2 * len(family.limits) * book
            if over_offers(family, cs):
                offers = offers or OfferRows.at(d, cs, multipliers)
                reads = partial(_offer_reads, offers, family, multipliers[index], work)
            else:
                reads = _row_by_row(_full_uses(d, cs, families, multipliers, index), work,
                                    len(cs.kind))
        rows_per_rm = per_rm(family)  # cheap: settled whatever is left
        _family_sides(found, (index, family), multipliers[index], (penalty, reads),
                      (work, settle and (rows_per_rm or work.more()), rows_per_rm))
    return replace(found, unranged=tuple(unranged))


def _offer_reads(offers: OfferRows, family: Coupling, prices: np.ndarray, work: Work,
                 row: int) -> Callable[[float], float]:
    return offers.row(family, row, float(prices[row]), work.charge).use


def _row_by_row(use: Callable[[int, float], float], work: Work | None = None,
                customers: int = 0) -> UseReads:
    """Each row's use read once at each price, a read charged as `customers` solved."""
    def reads(row: int) -> Callable[[float], float]:
        def read(price: float) -> float:
            if work is not None:
                work.charge(customers)
            return use(row, price)
        return _remembered(read)
    return reads


def _family_sides(found: Sides, at: tuple[int, Coupling], prices: np.ndarray,
                  priced: tuple[float, UseReads], settling: tuple[Work, bool, bool]) -> None:
    """Each of the family's rows' uses either side of its price, into `found`: read first
    at the run's price (what the family's place in RANGE_WORK paid for), then, `settling`
    (what is left, whether to settle, whether at no count), the price settled (`settled`: at
    most SETTLE_EVALUATIONS uses a row) and the sides read again where it moved."""
    index, family = at
    penalty, reads = priced
    work, settle, free = settling
    for row, label in enumerate(family.labels):
        price = float(prices[row])
        row_use = reads(row)
        sides = sides_at(price, penalty, row_use)
        if settle and (free or work.more()):
            excess = partial(excess_use, family.sign, float(family.limits[row]), row_use)
            work.counting = not free
            moved, _ = settled(price, (penalty, EPSILON), excess, SETTLE_EVALUATIONS,
                               None if free else work.more)
            work.counting = False
            if moved is not None and moved != price:
                found.settled[(index, row)] = moved
                sides = sides_at(moved, penalty, row_use)
        found.uses[(family.name, str(label))] = sides


def _together_sides(found: Sides, at: tuple[int, Coupling], prices: np.ndarray,
                    priced: tuple[float, RowsTogether], settle: bool) -> None:
    """_family_sides for a family of rows per RM read side by side (RowsTogether): every
    row settled at once (at most SETTLE_EVALUATIONS uses each), then its sides read."""
    index, family = at
    penalty, together = priced
    seen: dict[tuple[int, float], float] = {}

    def uses(asked: dict[int, float]) -> dict[int, float]:
        new = [(row, price) for row, price in asked.items() if (row, price) not in seen]
        if new:
            rows, moved = (np.array(side) for side in zip(*new, strict=True))
            seen.update(zip(new, together.uses(rows.astype(np.int64), moved.astype(float)),
                            strict=True))
        return {row: seen[(row, price)] for row, price in asked.items()}

    def excess(asked: dict[int, float]) -> dict[int, float]:
        return {row: family.sign * (use - float(family.limits[row]))
                for row, use in uses(asked).items()}

    now = {row: float(price) for row, price in enumerate(prices)}
    if settle:
        for row, (moved, _) in settled_together(dict(now), (penalty, EPSILON), excess,
                                                SETTLE_EVALUATIONS).items():
            if moved is not None and moved != now[row]:
                found.settled[(index, row)] = now[row] = moved
    sides = {row: side_prices(price, penalty) for row, price in now.items()}
    for side in (0, 1):  # every row's side above, then below, each read at once
        uses({row: read for row, at_side in sides.items()
              if (read := at_side[side]) is not None})
    for row, label in enumerate(family.labels):
        found.uses[(family.name, str(label))] = sides_at(
            now[row], penalty, partial(_seen_use, seen, row))


def _seen_use(seen: dict[tuple[int, float], float], row: int, price: float) -> float:
    return seen[(row, price)]


def _remembered(use: Callable[[float], float]) -> Callable[[float], float]:
    """A row's use, read once at each price (its settling and its sides read the same)."""
    seen: dict[float, float] = {}

    def remembered(price: float) -> float:
        if price not in seen:
            seen[price] = use(price)
        return seen[price]
    return remembered


def excess_use(sign: float, limit: float, use: Callable[[float], float], price: float) -> float:
    """The row's use past its limit at a price (signed: a floor's shortfall counts), which
    falls as the price rises."""
    return sign * (use(price) - limit)


RowRange = Callable[[Coupling, int], tuple[float, float] | None]
"""A row's range (a family and its row), or None where no range holds."""


def ranges_of(families: list[Coupling], sides: Sides, incumbents: float,
              row_range: RowRange | None = None) -> Ranges:
    """Each row's range from its uses on either side of its multiplier (or `row_range`, for
    the rows `sides` ranges), keyed as the checker names the row: the continuity row's (a
    floor on the incumbents kept) as the customers it lets move, `incumbents` (the sum over
    RMs of the incumbents each could keep together: allocator.keepable) less those kept."""
    ranges: dict[Key, tuple[float, float]] = {}
    for family in families:
        for row, label in enumerate(family.labels):
            key = (family.name, str(label))
            if key not in sides.uses:
                continue
            found = (side_range(family.sense, sides.uses[key]) if row_range is None
                     else row_range(family, row))
            if found is None:
                continue
            low, high = found
            if family.name == "continuity":
                low, high = incumbents - high, incumbents - low
            ranges[checker_key(family.name, label)] = (low, high)
    return Ranges(ranges, sides.unranged)


def _in_order(families: list[Coupling]) -> Iterator[int]:
    yield from (i for i, f in enumerate(families) if f.name in FIRST)
    yield from (i for i, f in enumerate(families) if f.name not in FIRST)


def per_rm(family: Coupling) -> bool:
    """A family whose rows are over customer-RM pairs alone (a row per RM)."""
    return family.on_x is not None and family.on_y is None and family.on_s is None


def sides_at(price: float, penalty: float, use: Callable[[float], float]
           ) -> tuple[float, float]:
    """The row's use just above and just below `price` (inf, -inf where the price cannot
    move: at the penalty, or at 0)."""
    above, below = side_prices(price, penalty)
    return (np.inf if above is None else use(above)), (-np.inf if below is None else use(below))


def side_prices(price: float, penalty: float) -> tuple[float | None, float | None]:
    """The prices just above and just below `price` at which its sides are read (None where
    the price cannot move: at the penalty, or at 0)."""
    epsilon = EPSILON * max(1.0, abs(price))
    return (None if price >= penalty * (1 - 1e-9) else price + epsilon,
            None if price - epsilon < 0 else price - epsilon)


def side_range(sense: str, sides: tuple[float, float]) -> tuple[float, float]:
    """The limits over which the price stays the row's best multiplier, from the row's use
    just above and just below it (an open side where the price cannot move)."""
    above, below = sides
    if sense == "le":  # a dearer row is used less
        return (-np.inf if np.isinf(above) else above, np.inf if np.isinf(below) else below)
    return (-np.inf if np.isinf(below) else below, np.inf if np.isinf(above) else above)


def _full_uses(d: Decisions, cs: Customers, families: list[Coupling],
               multipliers: list[np.ndarray], index: int) -> Callable[[int, float], float]:
    return lambda row, price: row_use(d, cs, families, multipliers, (index, row), price)


def row_use(d: Decisions, cs: Customers, families: list[Coupling],
            multipliers: list[np.ndarray], at: tuple[int, int], price: float) -> float:
    """The subproblems' use of one row with its multiplier at `price`, the others held."""
    index, row = at
    moved = [m.copy() for m in multipliers]
    moved[index][row] = price
    choice = solve_subproblems(d, cs, moved)
    return float(families[index].usage(choice.x, choice.y, choice.s)[row])

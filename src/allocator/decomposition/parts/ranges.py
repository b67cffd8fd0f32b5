"""The ranges of a book in parts: each multiplier's range over the whole book, worked out
part by part with the same map over the parts (here, or on the Dask workers that hold them)
as the parts search.

Every row is the whole book's, and the subproblems are each customer's and each tier's own,
so each part's use of a row with its multiplier just above or just below the run's
(ranging.side_uses on every part) gives that part's own range; the search shares the limit
out to the parts in proportion to their use, so the book's range is where every part's price
holds at once as its share moves from its share of today's limit (PartsSplit); parts/priced.py
then cuts it where a measured step contradicts the price (ranging.within_steps). A row per
RM is ranged by the pairs of each part's customers who can reach that RM (a part's RMs are
the whole book's: a part with none of an RM's customers adds nothing to its row). RANGE_WORK
counts the whole book's customers, so the same families are ranged, and the same left
unranged, as in one piece.

A multiplier the search left short of its best for today's limit (the parts' uses either
side of it, added up, do not hold today's limit) is first moved there, the others held
(search/settle.py, as a book in one piece does), each use of its row read over every part.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from functools import partial, reduce
from typing import Any

import numpy as np

from allocator.decomposition import ranging
from allocator.decomposition.coupling import Coupling
from allocator.decomposition.parts.book import PlannedInParts
from allocator.decomposition.parts.part import Part, packages_chosen
from allocator.decomposition.parts.search import Runner
from allocator.decomposition.ranging import (
    EPSILON,
    SETTLE_EVALUATIONS,
    Prices,
    Ranges,
    Sides,
    excess_use,
    per_rm,
    ranges_of,
    row_use,
    side_range,
    side_uses,
    sides_at,
)
from allocator.decomposition.search.settle import settled
from allocator.decomposition.steps import Dual
from allocator.decomposition.subproblems import solve_subproblems


@dataclass(frozen=True)
class BookInParts:
    """A book in parts as its ranges and steps read it: the runner, each part (as the runner
    holds it), the packages' part, and the run as its steps read it."""

    runner: Runner
    parts: list[Any]
    packages: Part
    planned: PlannedInParts
    dual: Dual

    def gathered(self, function: Any, *args: Any) -> list[Any]:
        """`function(part, *args)` on every part, where the runner holds it."""
        runner = self.runner
        return runner.gather([runner.submit(function, part, *args) for part in self.parts])

    def row_use(self, at: tuple[int, int], price: float) -> float:
        """The whole book's use of a row with its multiplier at `price`, the others held."""
        dual = self.dual
        mine = row_use(self.packages.d, self.packages.cs, dual.families, dual.multipliers,
                       at, price)
        return mine + float(sum(self.gathered(_part_row_use, dual.multipliers, at, price)))


def parts_ranges(book: BookInParts, soft: dict[str, float]) -> Ranges:
    """Each row's range over the whole book, as the parts share its limit (PartsSplit), for
    the rows the parts' uses either side of their multipliers range (added up: the same
    families as in one piece); a multiplier whose range over the whole book misses today's
    limit is first settled to the row's best for it (`settled_in_parts`), so that the
    ranges are read where each price holds today."""
    customers = int(book.planned.customers_per_tier.sum())
    found = _split_at(book, soft, book.dual.multipliers, customers)
    moved = settled_in_parts(book, soft, found, customers)
    multipliers = [m.copy() for m in book.dual.multipliers]
    for (index, row), price in moved.items():
        multipliers[index][row] = price
        found = found.with_row(book, (index, row), price, soft)
    incumbents = float(sum(book.gathered(_incumbents)))
    ranged = ranges_of(book.dual.families, found.whole, incumbents, found.range)
    return replace(ranged, multipliers=multipliers, settled=len(moved))


def _split_at(book: BookInParts, soft: dict[str, float], multipliers: list[np.ndarray],
              customers: int) -> PartsSplit:
    """The parts' and the packages' uses of every row either side of these multipliers."""
    dual, packages = book.dual, book.packages
    prices: Prices = (dual.families, multipliers, soft)
    sides: list[Sides] = book.gathered(_part_sides, multipliers, soft, customers)
    own = side_uses(packages.d, packages.cs, prices, customers)
    _, fixed = packages_chosen(packages, multipliers)
    offsets = np.cumsum([0] + [len(f.limits) for f in dual.families])
    used = np.vstack(book.gathered(_part_use, multipliers))
    return PartsSplit(sides, own, reduce(Sides.plus, sides, own), used, fixed,
                      {f.name: int(o) for f, o in zip(dual.families, offsets, strict=False)})


def settled_in_parts(book: BookInParts, soft: dict[str, float], found: PartsSplit,
                     customers: int) -> dict[tuple[int, int], float]:
    """(family, row) -> the row's best multiplier for today's limit, the others held
    (search/settle.py), for each row the parts range whose uses over the whole book either
    side of the run's multiplier do not hold today's limit: each use of the row read over
    every part (a pass over the whole book), as many as RANGE_WORK leaves after the sides."""
    dual = book.dual
    ranged = {name for name, _ in found.whole.uses}
    left = ranging.RANGE_WORK // max(customers, 1) - 2 * sum(  # the sides' (rows per RM: 0)
        len(f.limits) for f in dual.families if f.name in ranged and not per_rm(f))
    moved: dict[tuple[int, int], float] = {}
    for index, family in enumerate(dual.families):
        penalty = soft.get(family.family, np.inf)
        for row, label in enumerate(family.labels):
            key = (family.name, str(label))
            if key not in found.whole.uses or _holds(family, row, found.whole.uses[key]):
                continue
            if left < 1:
                return moved
            excess = partial(excess_use, family.sign, float(family.limits[row]),
                             partial(book.row_use, (index, row)))
            price = float(dual.multipliers[index][row])
            best, count = settled(price, (penalty, EPSILON), excess,
                                  int(min(SETTLE_EVALUATIONS, left)))
            left -= count
            if best is not None and best != price:
                moved[(index, row)] = best
    return moved


def _holds(family: Coupling, row: int, sides: tuple[float, float]) -> bool:
    """Whether the row's uses either side of its multiplier hold today's limit."""
    low, high = side_range(family.sense, sides)
    limit = float(family.limits[row])
    tolerance = 1e-9 * max(1.0, abs(limit))
    return bool(low - tolerance <= limit <= high + tolerance)


@dataclass(frozen=True)
class PartsSplit:
    """How the parts share a row's limit, and so its range over the whole book.

    The search shares a binding limit out as the parts' choices use it (parts.apportion:
    what the packages take first, the rest in proportion to each part's use), so a move of
    the book's limit moves every part's share in that proportion. Each part's price holds
    while its share stays within its own range (its use on either side of the multiplier);
    the book's range is where all of them hold at once, each share starting from its part's
    share of today's limit (`today_shares`) and moving in proportion to its use. Only there
    does one more unit of the book's limit buy what the multiplier says in every part; the
    sum of the parts' ranges would claim the price far beyond where a part with few ties has
    left its own. A row the parts use with mixed signs, or not at all, is not shared in
    proportion: its range is the sum of the parts'."""

    sides: list[Sides]
    packages: Sides
    """The packages' sides."""
    whole: Sides
    """The parts' and the packages' sides added up."""
    used: np.ndarray
    """Per part (rows), its choice's use of every stacked row at the multipliers."""
    fixed: np.ndarray
    """The packages' use of every stacked row at the multipliers."""
    first: dict[str, int]
    """Each family's first stacked row."""

    def with_row(self, book: BookInParts, at: tuple[int, int], price: float,
                 soft: dict[str, float]) -> PartsSplit:
        """The split with one row's uses read with its multiplier at `price`, the others
        held at the run's (as one piece reads a settled row's)."""
        index, row = at
        family = book.dual.families[index]
        key, stacked = (family.name, str(family.labels[row])), self.first[family.name] + row
        moved = [m.copy() for m in book.dual.multipliers]
        moved[index][row] = price
        penalty = soft.get(family.family, np.inf)
        read = book.gathered(_row_sides, moved, at, penalty)
        packages_sides, packages_use = _row_sides(book.packages, moved, at, penalty)
        used, fixed = self.used.copy(), self.fixed.copy()
        used[:, stacked], fixed[stacked] = [use for _, use in read], packages_use
        sides = [Sides({**part.uses, key: uses}, part.unranged)
                 for part, (uses, _) in zip(self.sides, read, strict=True)]
        total = np.sum([uses for uses, _ in read], axis=0) + np.asarray(packages_sides)
        return replace(self, sides=sides, used=used, fixed=fixed,
                       packages=Sides({**self.packages.uses, key: packages_sides}),
                       whole=Sides({**self.whole.uses, key: (float(total[0]),
                                                              float(total[1]))},
                                   self.whole.unranged))

    def range(self, family: Coupling, row: int) -> tuple[float, float] | None:
        key = (family.name, str(family.labels[row]))
        at = self.first[family.name] + row
        used = self.used[:, at]
        total = float(used.sum())
        if total <= 0 or (used < 0).any():
            return side_range(family.sense, self.whole.uses[key])
        spans = np.array([side_range(family.sense, part.uses[key])
                          for part in (*self.sides, self.packages)])
        uses = np.r_[used, self.fixed[at]]
        today = today_shares(float(family.limits[row]), spans, uses)
        moves = np.r_[used / total, 0.0]  # the packages take theirs first
        shares = uses if today is None else today
        moving = moves > 0
        room_down = (spans[moving, 0] - shares[moving]) / moves[moving]
        room_up = (spans[moving, 1] - shares[moving]) / moves[moving]
        held = float(family.limits[row]) if today is not None else float(uses.sum())
        return held + float(room_down.max()), held + float(room_up.min())


def today_shares(limit: float, spans: np.ndarray, uses: np.ndarray) -> np.ndarray | None:
    """Shares of today's limit, one within each span (rows: the lowest and highest share at
    which its part's price holds), from the parts' uses at the multipliers (each within its
    span), what they miss of the limit spread over the parts in proportion to the room each
    has that way (over those with no end that way alone, in proportion to their uses); None
    where the spans added up do not hold today's limit (a multiplier not settled for it)."""
    missing = limit - float(uses.sum())
    scale = 1e-9 * max(1.0, abs(limit))
    end = spans[:, 1] if missing > 0 else spans[:, 0]
    room = np.abs(end - uses)
    if abs(missing) <= scale:
        return uses.astype(float)
    if np.isfinite(room).all():
        if room.sum() < abs(missing) - scale:
            return None
        return uses + missing * room / room.sum()
    endless = ~np.isfinite(room)
    weights = np.where(endless, np.maximum(uses, 0.0), 0.0)
    if weights.sum() <= 0:
        weights = endless.astype(float)
    return uses + missing * weights / weights.sum()


def _row_sides(part: Part, multipliers: list[np.ndarray], at: tuple[int, int],
               penalty: float) -> tuple[tuple[float, float], float]:
    """The part's use of one row just above and just below its multiplier, and at it."""
    use = partial(row_use, part.d, part.cs, part.families, multipliers, at)
    price = float(multipliers[at[0]][at[1]])
    return sides_at(price, penalty, use), use(price)


def _incumbents(part: Part) -> int:
    return int(part.d.x.incumbent.sum())


def _part_use(part: Part, multipliers: list[np.ndarray]) -> np.ndarray:
    """The part's choice's use of every stacked row at these multipliers."""
    choice = solve_subproblems(part.d, part.cs, multipliers)
    return np.concatenate([f.usage(choice.x, choice.y, choice.s) for f in part.families]
                          or [np.zeros(0)])


def _part_sides(part: Part, multipliers: list[np.ndarray], soft: dict[str, float],
                customers: int) -> Sides:
    return side_uses(part.d, part.cs, (part.families, multipliers, soft), customers)


def _part_row_use(part: Part, multipliers: list[np.ndarray], at: tuple[int, int],
                  price: float) -> float:
    return row_use(part.d, part.cs, part.families, multipliers, at, price)



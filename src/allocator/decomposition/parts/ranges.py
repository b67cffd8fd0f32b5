"""The ranges of a book in parts: each multiplier's range over the whole book, worked out
part by part with the same map over the parts (here, or on the Dask workers that hold them)
as the parts search.

Every row is the whole book's, and the subproblems are each customer's and each tier's own,
so the whole book's use of a row with its multiplier just above or just below the run's is
the parts' uses there added up (ranging.side_uses on every part, and on the packages' part):
the book's range, as in one piece. The limit can move by the sum of what each part's use can
move at the multiplier: a part whose use does not move there (no tie of its choices at that
price) holds the price for the others, it does not end it. (Moving every part's share in
proportion to its use, as the search shares a limit out, ended the range wherever one part
had no tie: a budget of 22,500 ranged from 22,500 to 22,500.) parts/priced.py then cuts the
range where a measured step contradicts the price (sensitivity.within_steps). A row per RM is
ranged by the pairs of each part's customers who can reach that RM (a part's RMs are the
whole book's: a part with none of an RM's customers adds nothing to its row). RANGE_WORK
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
from allocator.decomposition.parts.part import Part
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
    """Each row's range over the whole book, from the parts' and the packages' uses either
    side of its multiplier added up, for the rows they range (the same families as in one
    piece); a multiplier whose range over the whole book misses today's limit is first
    settled to the row's best for it (`settled_in_parts`), so that the ranges are read where
    each price holds today."""
    customers = int(book.planned.customers_per_tier.sum())
    found = _sides_at(book, soft, book.dual.multipliers, customers)
    moved = settled_in_parts(book, soft, found, customers)
    multipliers = [m.copy() for m in book.dual.multipliers]
    for (index, row), price in moved.items():
        multipliers[index][row] = price
        family = book.dual.families[index]
        found.uses[(family.name, str(family.labels[row]))] = _whole_sides(
            book, (index, row), price, soft.get(family.family, np.inf))
    incumbents = float(sum(book.gathered(_incumbents)))
    ranged = ranges_of(book.dual.families, found, incumbents)
    return replace(ranged, multipliers=multipliers, settled=len(moved))


def _sides_at(book: BookInParts, soft: dict[str, float], multipliers: list[np.ndarray],
              customers: int) -> Sides:
    """The parts' and the packages' uses of every row either side of these multipliers,
    added up."""
    dual, packages = book.dual, book.packages
    prices: Prices = (dual.families, multipliers, soft)
    sides: list[Sides] = book.gathered(_part_sides, multipliers, soft, customers)
    own = side_uses(packages.d, packages.cs, prices, customers)
    return reduce(Sides.plus, sides, own)


def _whole_sides(book: BookInParts, at: tuple[int, int], price: float, penalty: float
                 ) -> tuple[float, float]:
    """The whole book's use of one row just above and just below `price` of its
    multiplier, the others held at the run's."""
    moved = [m.copy() for m in book.dual.multipliers]
    moved[at[0]][at[1]] = price
    read = [*book.gathered(_row_sides, moved, at, penalty),
            _row_sides(book.packages, moved, at, penalty)]
    return float(sum(above for above, _ in read)), float(sum(below for _, below in read))


def settled_in_parts(book: BookInParts, soft: dict[str, float], found: Sides,
                     customers: int) -> dict[tuple[int, int], float]:
    """(family, row) -> the row's best multiplier for today's limit, the others held
    (search/settle.py), for each row the parts range whose uses over the whole book either
    side of the run's multiplier do not hold today's limit: each use of the row read over
    every part (a pass over the whole book), as many as RANGE_WORK leaves after the sides."""
    dual = book.dual
    ranged = {name for name, _ in found.uses}
    left = ranging.RANGE_WORK // max(customers, 1) - 2 * sum(  # the sides' (rows per RM: 0)
        len(f.limits) for f in dual.families if f.name in ranged and not per_rm(f))
    moved: dict[tuple[int, int], float] = {}
    for index, family in enumerate(dual.families):
        penalty = soft.get(family.family, np.inf)
        for row, label in enumerate(family.labels):
            key = (family.name, str(label))
            if key not in found.uses or _holds(family, row, found.uses[key]):
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


def _row_sides(part: Part, multipliers: list[np.ndarray], at: tuple[int, int],
               penalty: float) -> tuple[float, float]:
    """The part's use of one row just above and just below its multiplier."""
    use = partial(row_use, part.d, part.cs, part.families, multipliers, at)
    return sides_at(float(multipliers[at[0]][at[1]]), penalty, use)


def _incumbents(part: Part) -> int:
    return int(part.d.x.held.sum())


def _part_sides(part: Part, multipliers: list[np.ndarray], soft: dict[str, float],
                customers: int) -> Sides:
    return side_uses(part.d, part.cs, (part.families, multipliers, soft), customers)


def _part_row_use(part: Part, multipliers: list[np.ndarray], at: tuple[int, int],
                  price: float) -> float:
    return row_use(part.d, part.cs, part.families, multipliers, at, price)



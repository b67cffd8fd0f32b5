"""A coupling row's best multiplier for today's limit, the others held.

The Lagrangian dual is convex and piecewise linear in each multiplier; holding the others, its
slope in one row's multiplier is the row's limit less the subproblems' use of it (signed by
sense), which falls as the price rises. A search stopped within its gap target can leave a
multiplier where that slope is not zero: the row's use at its price is not today's limit, and
the price's range (decomposition/ranging.py) misses it. The row's best multiplier is where its
excess use changes sign: bracketed by doubling the step above the price (or from 0 below it),
then halved to a share of the price, every use of the row counted, so the same book settles
the same way on any machine.

The search is written once, as a generator that asks for the excess use at each price it
reads (`settling`): `settled` reads one row's uses one at a time, `settled_together` many
rows' at once, each round's prices read in one call (the rows per RM: decomposition/rm_rows.py).
"""

from __future__ import annotations

from collections.abc import Callable, Generator

Settling = Generator[float, float, tuple[float | None, int]]
"""A row's settling: yields each price whose excess use it reads, is sent that excess, and
returns the best multiplier (or None) with the number of uses read."""
Read = Generator[float, float, float]


def settled(price: float, bounds: tuple[float, float], excess: Callable[[float], float],
            most: int, more: Callable[[], bool] | None = None) -> tuple[float | None, int]:
    """The row's best multiplier for today's limit, the others held (`settling`), its uses
    read one at a time by `excess`; with the number of uses read. None as well where `more`
    says no more may be read before it is found."""
    steps = settling(price, bounds, most)
    reads = 0
    try:
        asked = next(steps)
        while True:
            if more is not None and not more():
                return None, reads
            reads += 1
            asked = steps.send(excess(asked))
    except StopIteration as done:
        return done.value


def settled_together(prices: dict[int, float], bounds: tuple[float, float],
                     excess: Callable[[dict[int, float]], dict[int, float]], most: int
                     ) -> dict[int, tuple[float | None, int]]:
    """Each row's best multiplier (`settling`), the rows settled side by side: `excess` reads
    every row's next price at once (row -> price, to row -> excess use)."""
    steps = {row: settling(price, bounds, most) for row, price in prices.items()}
    asked = {row: next(step) for row, step in steps.items()}
    found: dict[int, tuple[float | None, int]] = {}
    while asked:
        read = excess(asked)
        asked = {}
        for row, value in read.items():
            try:
                asked[row] = steps[row].send(value)
            except StopIteration as done:
                found[row] = done.value
    return found


def settling(price: float, bounds: tuple[float, float], most: int) -> Settling:
    """The row's best multiplier for today's limit, the others held: where its excess use
    (falling as the price rises) changes sign, to `share` of the price; 0 where there is none
    at a price of 0, the penalty where some is left at the penalty (`bounds`: penalty,
    share); `price` itself where it is the best already. None if `most` uses of the row do
    not find it. With the number of uses read."""
    penalty, share = bounds
    count = [0]
    epsilon = share * max(1.0, abs(price))
    if (yield from _read(count, price + epsilon)) > 0:  # too cheap: bracket the best above
        found = yield from _dearer(price, penalty, count, most)
        if not isinstance(found, tuple):
            return found, count[0]
        low, high = found
    elif price - epsilon >= 0 and (yield from _read(count, price - epsilon)) < 0:  # too dear
        if (yield from _read(count, 0.0)) <= 0:
            return 0.0, count[0]
        low, high = 0.0, price
    else:
        return price, count[0]
    while high - low > share * max(1.0, high) / 2:
        if count[0] >= most:
            return None, count[0]
        middle = (low + high) / 2
        low, high = (middle, high) if (yield from _read(count, middle)) > 0 else (low, middle)
    return (low + high) / 2, count[0]


def _read(count: list[int], price: float) -> Read:
    """The excess use at `price`, asked for and counted."""
    count[0] += 1
    return (yield price)


def _dearer(price: float, penalty: float, count: list[int], most: int
            ) -> Generator[float, float, tuple[float, float] | float | None]:
    """Prices (low, high) either side of where the excess use changes sign, above `price`
    (the step doubled each time); the penalty if some is left there, None if `most` uses do
    not get there."""
    low, step = price, max(abs(price), 1.0)
    while count[0] < most:
        high = min(price + step, penalty)
        if (yield from _read(count, high)) <= 0:
            return low, high
        if high >= penalty:
            return penalty
        low, step = high, 2 * step
    return None

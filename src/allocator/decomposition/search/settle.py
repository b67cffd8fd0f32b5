"""A coupling row's best multiplier for today's limit, the others held.

The Lagrangian dual is convex and piecewise linear in each multiplier; holding the others, its
slope in one row's multiplier is the row's limit less the subproblems' use of it (signed by
sense), which falls as the price rises. A search stopped within its gap target can leave a
multiplier where that slope is not zero: the row's use at its price is not today's limit, and
the price's range (decomposition/ranging.py) misses it. The row's best multiplier is where its
excess use changes sign: bracketed by doubling the step above the price (or from 0 below it),
then halved to a share of the price, every use of the row counted, so the same book settles
the same way on any machine.
"""

from __future__ import annotations

from collections.abc import Callable


def settled(price: float, bounds: tuple[float, float], excess: Callable[[float], float],
            most: int) -> tuple[float | None, int]:
    """The row's best multiplier for today's limit, the others held: where its excess use
    (falling as the price rises) changes sign, to `share` of the price; 0 where there is none
    at a price of 0, the penalty where some is left at the penalty (`bounds`: penalty,
    share); `price` itself where it is the best already. None if `most` uses of the row do
    not find it. With the number of uses read."""
    penalty, share = bounds
    reads = _Reads(excess)
    epsilon = share * max(1.0, abs(price))
    if reads(price + epsilon) > 0:  # too cheap: bracket the best from above
        found = _dearer(price, penalty, reads, most)
        if not isinstance(found, tuple):
            return found, reads.count
        low, high = found
    elif price - epsilon >= 0 and reads(price - epsilon) < 0:  # too dear
        if reads(0.0) <= 0:
            return 0.0, reads.count
        low, high = 0.0, price
    else:
        return price, reads.count
    while high - low > share * max(1.0, high) / 2:
        if reads.count >= most:
            return None, reads.count
        middle = (low + high) / 2
        low, high = (middle, high) if reads(middle) > 0 else (low, middle)
    return (low + high) / 2, reads.count


class _Reads:
    """A row's excess use, counting how often it was read."""

    def __init__(self, excess: Callable[[float], float]) -> None:
        self.excess, self.count = excess, 0

    def __call__(self, price: float) -> float:
        self.count += 1
        return self.excess(price)


def _dearer(price: float, penalty: float, reads: _Reads, most: int
            ) -> tuple[float, float] | float | None:
    """Prices (low, high) either side of where the excess use changes sign, above `price`
    (the step doubled each time); the penalty if some is left there, None if `most` uses do
    not get there."""
    low, step = price, max(abs(price), 1.0)
    while reads.count < most:
        high = min(price + step, penalty)
        if reads(high) <= 0:
            return low, high
        if high >= penalty:
            return penalty
        low, step = high, 2 * step
    return None

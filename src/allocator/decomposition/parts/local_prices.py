"""The component-local rows' exact prices on a book in parts, as a whole book has them.

A part holds whole regions, so every connected component of the customer-RM graph, and with it
every component-local row (RM hours, book sizes, minimum loads), lies in one part. At the
book-wide prices of the book's sample, each part solves its components' LPs where it is
(search/components.py): their duals are those rows' best multipliers for these book-wide ones,
which the search over every part's multipliers approaches only slowly (the 1M-customer book in
8 parts, searched from the sample's prices alone for 60 s: a gap of 0.089%); the pairs they take
whole are where each part's first repair takes its RMs from. Only the rows' multipliers travel.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

import numpy as np

from allocator.decomposition.parts.part import Part
from allocator.decomposition.search.components import (
    component_local,
    components,
    freed,
    local_prices,
)


@dataclass(frozen=True)
class PricedPart:
    part: Part
    """The part, with the pairs its component LPs take whole."""
    multipliers: np.ndarray
    """Every stacked row's multiplier, its component-local rows' from its LPs' duals."""


def exact_local_start(runner: Any, parts: list[Any], lam: list[np.ndarray],
                      rows: tuple[list[bool], np.ndarray], reach: np.ndarray
                      ) -> tuple[list[Any], list[np.ndarray]]:
    """The parts with the pairs their component LPs take whole, and the multipliers `lam` with
    the component-local rows' exact (the parts' LPs' duals, each row from the one part that
    reaches it). `rows`: per family, whether the search moves it (components.moved_families),
    and per stacked row, whether it holds it at zero (components.held_rows); `reach`: per
    part, the most of each stacked row it could use. Where no family is component-local in
    every part, the parts and `lam` as they are."""
    moved, held = rows
    sizes = [len(m) for m in lam]
    flags = runner.gather([runner.submit(local_in_part, p, moved) for p in parts])
    local = _local_everywhere(flags, sizes, reach)
    if not any(local):
        return parts, lam
    priced = [runner.submit(priced_part, p, lam, (local, held)) for p in parts]
    found: list[np.ndarray] = runner.gather([runner.submit(multipliers_of, p) for p in priced])
    in_lps = np.repeat(np.array(local, dtype=bool), sizes)
    merged = np.concatenate(lam)
    for own, multipliers in zip(reach > 0, found, strict=True):
        mine = own & in_lps
        merged[mine] = multipliers[mine]
    return ([runner.submit(part_of, p) for p in priced],
            np.split(merged, np.cumsum(sizes)[:-1]))


def _local_everywhere(flags: list[list[bool]], sizes: list[int], reach: np.ndarray
                      ) -> list[bool]:
    """Per family: component-local in every part, and each of its rows reached by one part
    at most."""
    ends = np.cumsum(sizes)
    one_part = [bool(((reach[:, end - size:end] > 0).sum(axis=0) <= 1).all())
                for size, end in zip(sizes, ends, strict=True)]
    return [all(f[i] for f in flags) and one_part[i] for i in range(len(sizes))]


def local_in_part(part: Part, moved: list[bool]) -> list[bool]:
    """Per family: whether it is component-local in this part (components.component_local)."""
    return component_local(part.families, moved, part.d, components(part.d))


def priced_part(part: Part, lam: list[np.ndarray], rows: tuple[list[bool], np.ndarray]
                ) -> PricedPart:
    """The part's component LPs solved at `lam`'s book-wide multipliers (`rows`: per family,
    whether it is component-local; per stacked row, whether the search holds it at zero)."""
    local, held = rows
    found = local_prices(lam, freed(part.families, held), part.d, part.cs,
                         (components(part.d), local))
    return PricedPart(replace(part, whole=found.whole), np.concatenate(found.multipliers))


def multipliers_of(priced: PricedPart) -> np.ndarray:
    return priced.multipliers


def part_of(priced: PricedPart) -> Part:
    return priced.part

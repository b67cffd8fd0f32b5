"""Read, tier and value the book of a scenario: everything before the solve."""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

import pyarrow as pa

from allocator.book import Book, load_book
from allocator.checks import PlanInputs
from allocator.scenario import LoadedScenario, load_scenario
from allocator.tiering import TieringResult, assign_tiers
from allocator.valuation import ValuedBook, value_book


@dataclass(frozen=True)
class Prepared:
    """A scenario with its book read, tiered and valued: everything before the solve."""

    loaded: LoadedScenario
    book: Book
    tiering: TieringResult
    valued: ValuedBook
    timings: dict[str, float] = field(default_factory=dict)

    def check_inputs(self) -> PlanInputs:
        """What the independent checker needs: the raw tables, not the valued decisions."""
        book = self.book
        return PlanInputs(self.loaded.scenario, self.tiering.customers, book.rms, book.offers,
                          book.fit_scores)


def prepare(
    scenario: str | Path | LoadedScenario, sets: Sequence[str] = (), use: Sequence[str] = ()
) -> Prepared:
    """Load the scenario (unless given loaded), read the book, tier it and value it."""
    timings: dict[str, float] = {}
    start = time.perf_counter()
    loaded = (scenario if isinstance(scenario, LoadedScenario)
              else load_scenario(scenario, sets, use))
    spec = loaded.scenario
    timings["scenario"] = lap(start)
    start = time.perf_counter()
    book = load_book(spec)
    timings["read"] = lap(start)
    start = time.perf_counter()
    tiering = assign_tiers(book.customers, spec.tiering, list(spec.tiers))
    timings["tier"] = lap(start)
    start = time.perf_counter()
    valued = value_book(tiering.customers, book, spec)
    timings["value"] = lap(start)
    # Arrow's pool keeps the freed buffers of the read and of text columns' operations (a
    # tenth of a large book's memory); give them back before the solve needs the room
    pa.default_memory_pool().release_unused()
    return Prepared(loaded, book, tiering, valued, timings)


def lap(start: float) -> float:
    return round(time.perf_counter() - start, 4)

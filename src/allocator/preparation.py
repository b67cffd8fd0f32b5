"""Read, tier and value the book of a scenario: everything before the solve.

Each stage declares what it reads of the scenario (`READS` in book.book, tiering, valuation);
a `Preparer` reuses the last result of a stage while that part of the scenario, and every
stage before, is unchanged (a sweep's points).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field, replace
from functools import partial
from pathlib import Path
from typing import Any, TypeVar

import pandas as pd
import pyarrow as pa

from allocator import tiering as tiering_stage
from allocator import valuation as valuation_stage
from allocator.book import Book, load_book
from allocator.book import book as book_stage
from allocator.book.label_ids import OF_THE_BOOK, refuse_unclear_labels
from allocator.book.readiness import Readiness, check_readiness
from allocator.checks import PlanInputs
from allocator.errors import UserError
from allocator.forked_call import APART_ABOVE, ForkedCall, may_call_apart
from allocator.scenario import LoadedScenario, Scenario, load_scenario
from allocator.scenario.defaults import waits_for_book, with_book_offers
from allocator.scenario.errors import of_origin
from allocator.scenario.overrides import Setting
from allocator.scenario.reads import projection
from allocator.tiering import TieringResult, assign_tiers
from allocator.valuation import ValuedBook, value_book

STAGES = (("read", book_stage.READS), ("tier", tiering_stage.READS),
          ("value", valuation_stage.READS))
"""The stages of preparation, in order, each with what it reads of the scenario."""
READS = tuple(path for _, paths in STAGES for path in paths)
"""Everything preparation reads of a scenario: other keys change only the solve."""

T = TypeVar("T")


@dataclass(frozen=True)
class Prepared:
    """A scenario with its book read, tiered and valued: everything before the solve."""

    loaded: LoadedScenario
    book: Book
    tiering: TieringResult
    valued: ValuedBook
    timings: dict[str, float] = field(default_factory=dict)
    readiness: Readiness = field(default_factory=Readiness)
    """What the book cannot give that the scenario asks for (allocator.book.readiness)."""

    def check_inputs(self) -> PlanInputs:
        """What the independent checker needs: the raw tables, not the valued decisions."""
        book = self.book
        return PlanInputs(self.loaded.scenario, self.tiering.customers, book.rms, book.offers,
                          book.fit_scores)


class Preparer:
    """Prepares scenarios one after another, keeping the last result of each stage with the
    projection of the scenario it was made from (that stage's and the earlier stages' reads)."""

    def __init__(self) -> None:
        self._last: dict[str, tuple[str, Any, float]] = {}

    def prepare(self, loaded: LoadedScenario, timings: dict[str, float] | None = None
                ) -> Prepared:
        spec = loaded.scenario
        timings = dict(timings or {})
        keys = _keys(spec)
        book = self._stage("read", keys, lambda: loaded_book(loaded), timings)
        loaded = with_book_values(loaded, book)
        tiers = self._stage("tier", keys, lambda: assign_tiers(
            book.customers, spec.tiering, list(spec.tiers)), timings)
        ready = partial(_readiness, loaded, book, tiers)
        beside = (ForkedCall(ready) if len(tiers.customers) > APART_ABOVE and may_call_apart()
                  else None)  # a large book's: on the other core, beside the valuation
        try:
            valued = self._stage("value", keys, lambda: value_book(tiers.customers, book, spec),
                                 timings)
        except BaseException:
            if beside is not None:
                beside.stop()
            raise
        readiness = (beside.result() if beside is not None else None) or ready()
        # Arrow's pool keeps the freed buffers of the read and of text columns' operations (a
        # tenth of a large book's memory); give them back before the solve needs the room
        pa.default_memory_pool().release_unused()
        return Prepared(loaded, book, tiers, valued, timings, readiness)

    def read(self, loaded: LoadedScenario) -> Book:
        """Only read the scenario's book (kept for the next `prepare` that reads the same)."""
        spec = loaded.scenario
        return self._stage("read", _keys(spec), lambda: loaded_book(loaded), {})

    def book_values(self, loaded: LoadedScenario) -> LoadedScenario:
        """`loaded` with its overrides shown from the values they replaced, as `prepare` gives
        it back (with_book_values): its book is read (or taken as kept) only where an override
        of one of the book's offers waits for it, e.g. the scenario a sweep's points share."""
        if not any(waits_for_book(setting) for setting in loaded.settings):
            return loaded
        return with_book_values(loaded, self.read(loaded))

    def _stage(self, name: str, keys: dict[str, str], make: Callable[[], T],
               timings: dict[str, float]) -> T:
        last = self._last.get(name)
        if last is not None and last[0] == keys[name]:
            timings[name] = last[2]
            result: T = last[1]
            return result
        start = time.perf_counter()
        made = make()
        timings[name] = lap(start)
        self._last[name] = (keys[name], made, timings[name])
        return made


def _keys(spec: Scenario) -> dict[str, str]:
    """Each stage's key: what it and every stage before read of the scenario."""
    return dict(zip([name for name, _ in STAGES], _cumulative(
        [projection(spec, paths) for _, paths in STAGES]), strict=True))


def _cumulative(parts: list[str]) -> list[str]:
    return ["\n".join(parts[: i + 1]) for i in range(len(parts))]


def prepare(
    scenario: str | Path | LoadedScenario, sets: Sequence[str] = (), use: Sequence[str] = ()
) -> Prepared:
    """Load the scenario (unless given loaded), read the book, tier it and value it."""
    start = time.perf_counter()
    loaded = (scenario if isinstance(scenario, LoadedScenario)
              else load_scenario(scenario, sets, use))
    return Preparer().prepare(loaded, {"scenario": lap(start)})


def with_book_values(loaded: LoadedScenario, book: Book) -> LoadedScenario:
    """`loaded` with each override of an offer the book gives shown from the value the book's
    own offer has at its key (scenario.defaults.with_book_offers: `240 → 0`, not `(not set)
    → 0`)."""
    return replace(loaded, settings=with_book_offers(loaded.settings, book.given_offers))


def loaded_book(loaded: LoadedScenario, part: int | None = None) -> Book:
    """The scenario's book (load_book), its labels read against the ids it holds
    (refuse_unclear_labels); a refusal of one of its keys while reading it (a calendar
    activity's unknown offer, a label) names the file, override or --set that gave the key
    (one of a sweep point's keys itself, its --vary as written)."""
    try:
        book = load_book(loaded.scenario, part)
        refuse_unclear_labels(loaded.scenario, book, whole=part is None)
        return book
    except UserError as exc:
        if not exc.key:
            raise
        raise of_origin(exc, loaded.layers, loaded.of_keys) from None


def book_may_refuse(loaded: LoadedScenario) -> bool:
    """Whether reading the book may refuse one of `loaded`'s overrides whatever its value: an
    offer's key only the book can say it has (waits_for_book), RMs added to a grade or
    region (rules.add_rms) or a grade's hours scaled (rules.rm_capacity_scale.<grade>) only
    its RM table can say it has, or a label of a grade, region or offer (label_ids)."""
    return any(waits_for_book(setting) or _names_grades(setting) or _labels_book_ids(setting)
               for setting in loaded.settings)


def _labels_book_ids(setting: Setting) -> bool:
    """Whether an override labels ids the book may hold (label_ids.OF_THE_BOOK)."""
    path = setting.key.split(".")
    return path[0] == "labels" and (len(path) == 1 or path[1] in OF_THE_BOOK)


def _names_grades(setting: Setting) -> bool:
    """Whether an override names RM grades (or their regions) by its key or its value's."""
    path = setting.key.split(".")
    if path[:2] == ["rules", "add_rms"]:
        return True
    return path[:2] == ["rules", "rm_capacity_scale"] and (
        len(path) > 2 or isinstance(setting.after, dict))


def refused_before_base(loaded: LoadedScenario) -> None:
    """Before the plain run a what-if (`loaded`) keeps is planned for it: the what-if's
    refusal by its book (UserError), where the book may refuse one of its overrides
    (book_may_refuse), read here unless a cluster plans it; else nothing."""
    if loaded.scenario.execution.engine != "dask" and book_may_refuse(loaded):
        loaded_book(loaded)


def lap(start: float) -> float:
    return round(time.perf_counter() - start, 4)


def _readiness(loaded: LoadedScenario, book: Book, tiers: TieringResult) -> Readiness:
    """The book's readiness (check_readiness), each finding placed in the scenario's
    layers."""
    return check_readiness(loaded.scenario, tiers.customers, book.rms, book.encodings,
                           book.offers, pair_hours=_pair_hours(book.fit_scores)
                           ).placed(loaded.layers)


def _pair_hours(fit_scores: pd.DataFrame) -> bool:
    """Whether fit scores give some customer-RM pairs hours of their own."""
    return "hours" in fit_scores and bool(fit_scores["hours"].notna().any())

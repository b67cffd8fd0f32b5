"""Planning a partitioned book part by part: each file of the customer table is read, tiered,
valued and priced where its runner puts it (this process, or a Dask worker, which then keeps
it); the search runs here on what the parts send back (parts/search.py).

Tiering by thresholds on a metric is each customer's own affair, so parts tier alone. Methods
that rank customers against the whole book score the columns they read (one number per
customer each) here, as one table. Models fitted on the whole book are not made in parts.
"""

from __future__ import annotations

import itertools
import time
from dataclasses import dataclass, fields, replace
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.book import Book
from allocator.book.book import tiering_columns
from allocator.book.label_ids import book_regions, refuse_unknown_labels
from allocator.book.sources import parquet_parts
from allocator.checks import CheckReport, Measured, judge, measure_plan
from allocator.checks.ledger import merged
from allocator.decomposition.clock import Deadline
from allocator.decomposition.parts.part import Part, customer_part, package_part, skeleton
from allocator.decomposition.parts.search import InParts, Runner, solve_in_parts
from allocator.decomposition.repair.restore import Repaired
from allocator.decomposition.search.multipliers import Progress, Settings
from allocator.decomposition.search.sampling import sample_book, scaled_scenario
from allocator.decomposition.solve import sample_prices, sample_size
from allocator.decomposition.subproblems import BLOCK_RANGE
from allocator.errors import UserError, catalogued, in_a_row
from allocator.plan import Plan
from allocator.preparation import Prepared, lap, loaded_book
from allocator.scenario import LoadedScenario
from allocator.scenario.errors import of_origin
from allocator.scenario.schema import Scenario
from allocator.scenario.tier_schema import ThresholdTiering
from allocator.tiering import Scores, assign_tiers, scores
from allocator.valuation import (
    CoveragePairs,
    OfferPairs,
    PackageOptions,
    ValuedBook,
    packages_of,
    tier_totals,
    value_book,
)


@dataclass(frozen=True)
class BookPart:
    """One file of the book, read, tiered and valued, with its part of the decomposition."""

    prepared: Prepared
    part: Part
    totals: np.ndarray
    """Its tiers' totals (see valuation.tier_totals)."""

    @property
    def valued(self) -> ValuedBook:
        return self.prepared.valued


@dataclass(frozen=True)
class PlannedInParts:
    solved: InParts
    books: list[Any]
    """Each part's BookPart, as the runner holds it."""
    shape: ValuedBook
    """The book's RMs, offers and tiers (no customers)."""
    packages: PackageOptions
    customers_per_tier: np.ndarray
    """How many customers each tier has, over all parts."""


def part_count(scenario: Scenario) -> int:
    """How many parts the customer table has: its Parquet files, or one."""
    source = scenario.data.customers
    path = None if source is None else source.path
    return len(parquet_parts(Path(path))) if path is not None and Path(path).is_dir() else 1


def check_partitionable(scenario: Scenario) -> None:
    """A clear error for what cannot be made part by part."""
    if scenario.models:
        raise UserError.said("parts_no_models")


def read_book(loaded: LoadedScenario, index: int) -> tuple[Book, float]:
    """Part `index` of the book, read and checked, and the seconds that took."""
    start = time.perf_counter()
    return loaded_book(loaded, index), lap(start)


def id_hashes(read: tuple[Book, float]) -> np.ndarray:
    """A 64-bit hash of each customer id of a part."""
    return pd.util.hash_array(read[0].customers[c.CUSTOMER_ID].astype(str).to_numpy(dtype=object))


def ids_hashed(read: tuple[Book, float], hashes: np.ndarray) -> list[str]:
    """The part's customer ids with these hashes."""
    ids = read[0].customers[c.CUSTOMER_ID].astype(str)
    return sorted(set(ids[np.isin(id_hashes(read), hashes)]))


def check_ids_across_parts(runner: Runner, reads: list[Any], scenario: Scenario) -> None:
    """Each part checks its own ids; a customer id in two parts is found here, from 64-bit
    hashes of the ids (the ids themselves come here only for the repeated hashes)."""
    hashes = runner.gather([runner.submit(id_hashes, r) for r in reads])
    every = np.concatenate(hashes or [np.zeros(0, dtype=np.uint64)])
    values, counts = np.unique(every, return_counts=True)
    repeated = values[counts > 1][:5]
    if not len(repeated):
        return
    found = runner.gather([runner.submit(ids_hashed, r, repeated) for r in reads])
    names = _part_names(scenario, len(reads))
    where: dict[str, list[str]] = {}
    for name, ids in zip(names, found, strict=True):
        for customer in ids:
            where.setdefault(customer, []).append(name)
    shown = [catalogued("parts_repeated_id", customer=k, files=in_a_row(v), files_zh="、".join(v))
             for k, v in where.items() if len(v) > 1]
    if shown:
        raise UserError.said("parts_repeated_ids", repeats="; ".join(en for en, _ in shown),
                             repeats_zh="；".join(zh for _, zh in shown))


def part_regions(read: tuple[Book, float]) -> list[str]:
    """The regions of a part's customers and of the RMs."""
    return book_regions(read[0])


def check_labelled_regions(runner: Runner, reads: list[Any], loaded: LoadedScenario) -> None:
    """A label of a region none of the parts' customers nor the RMs are in is refused, as a
    whole book's is (label_ids), naming the file, override or --set that gave it."""
    labels = loaded.scenario.labels.regions
    if not labels:
        return
    held = runner.gather([runner.submit(part_regions, r) for r in reads])
    try:
        refuse_unknown_labels("regions", labels, {region for part in held for region in part})
    except UserError as exc:
        raise of_origin(exc, loaded.layers, loaded.of_keys) from None


def _part_names(scenario: Scenario, count: int) -> list[str]:
    """Each part's file, relative to the customer table's folder."""
    source = scenario.data.customers
    folder = None if source is None or source.path is None else Path(source.path)
    if folder is None or not folder.is_dir():
        return [f"part {i}" for i in range(count)]
    return [str(p.relative_to(folder)) for p in parquet_parts(folder)]


def ranked_columns(read: tuple[Book, float], columns: tuple[str, ...]) -> pd.DataFrame:
    """The columns a ranking tiering method reads, of a part's customers."""
    return read[0].customers[list(columns)]


def book_part(loaded: LoadedScenario, read: tuple[Book, float], scored: Scores | None,
              block_range: tuple[int, int] = BLOCK_RANGE) -> BookPart:
    """Tier and value a part read (with the whole book's scores, for a ranking method), and
    price it."""
    scenario = loaded.scenario
    book, seconds = read
    timings = {"read": seconds}
    start = time.perf_counter()
    tiering = assign_tiers(book.customers, scenario.tiering, list(scenario.tiers), scored)
    timings["tier"], start = lap(start), time.perf_counter()
    valued = value_book(tiering.customers, book, scenario)
    timings["value"] = lap(start)
    tiers = valued.customers[c.TIER].cat.codes.to_numpy()
    return BookPart(Prepared(loaded, book, tiering, valued, timings),
                    customer_part(valued, scenario, block_range),
                    tier_totals(valued.customers, tiers, len(scenario.tiers)))


def whole_book_scores(runner: Runner, reads: list[Any], scenario: Scenario
                      ) -> list[Scores | None]:
    """Per part, its customers' tier scores and the thresholds, where the method ranks
    customers against the whole book (score, RFM, value share): the columns it reads come
    here, one number per customer each, and are scored as one table in part order, as the
    whole book would be. None for thresholds on a metric, which each part applies alone."""
    tiering = scenario.tiering
    if isinstance(tiering, ThresholdTiering):
        return [None] * len(reads)
    frames = runner.gather([runner.submit(ranked_columns, r, tiering_columns(tiering))
                            for r in reads])
    whole = scores(pd.concat(frames, ignore_index=True), tiering, list(scenario.tiers))
    bounds = np.cumsum([0] + [len(f) for f in frames])
    return [Scores(whole.score[a:b], whole.thresholds, whole.name)
            for a, b in itertools.pairwise(bounds)]


def part_blocks(count: int, block_range: tuple[int, int]) -> tuple[int, int]:
    """Each of `count` parts' range of blocks, so the whole book's stays near `block_range`
    (a model with blocks for every part alike would grow with the number of files)."""
    low, high = block_range
    return max(1, -(-low // count)), max(1, -(-high // count))


def solver_part(book: BookPart) -> Part:
    return book.part


def totals_of(book: BookPart) -> np.ndarray:
    return book.totals


def skeleton_of(book: BookPart) -> ValuedBook:
    return skeleton(book.valued)


def plan_in_parts(runner: Runner, loaded: LoadedScenario, settings: Settings,
                  progress: Progress | None = None) -> PlannedInParts:
    """Read, tier, value and plan the book part by part."""
    return solve_parts(runner, read_parts(runner, loaded, settings), loaded.scenario, settings,
                       progress)


def read_parts(runner: Runner, loaded: LoadedScenario, settings: Settings) -> list[Any]:
    """Every part of the book read, tiered, valued and priced (as the runner holds it)."""
    check_partitionable(loaded.scenario)
    count = part_count(loaded.scenario)
    blocks = part_blocks(count, settings.blocks)
    reads = [runner.submit(read_book, loaded, i) for i in range(count)]
    check_ids_across_parts(runner, reads, loaded.scenario)
    check_labelled_regions(runner, reads, loaded)
    scored = whole_book_scores(runner, reads, loaded.scenario)
    books = [runner.submit(book_part, loaded, r, s, blocks)
             for r, s in zip(reads, scored, strict=True)]
    runner.gather([runner.submit(totals_of, b) for b in books])  # read, or fail, here
    return books


def solve_parts(runner: Runner, books: list[Any], scenario: Scenario, settings: Settings,
                progress: Progress | None = None) -> PlannedInParts:
    """The decomposition over the parts read (read_parts)."""
    totals = np.sum(runner.gather([runner.submit(totals_of, b) for b in books]), axis=0)
    [shape] = runner.gather([runner.submit(skeleton_of, books[0])])
    options = packages_of(totals, scenario)
    customers = int(totals[0].sum())
    deadline = Deadline(settings.time_limit)
    sampled = settings.start is None and customers > settings.warm_start_above
    if sampled:
        sample, scaled, _ = book_sample(runner, books, options, totals[0], scenario,
                                        sample_size(settings, customers, local=True))
        families = package_part(shape, scenario, options).families
        prices = sample_prices(sample, scaled, settings, families, deadline=deadline)
        settings = replace(settings, start=None if prices is None else tuple(prices))
    parts = [runner.submit(solver_part, b) for b in books]
    solved = solve_in_parts(runner, parts, shape, options, scenario, settings, progress,
                            deadline, exact_local=sampled and settings.start is not None)
    return PlannedInParts(solved, books, shape, options, totals[0])


def book_sample(runner: Runner, books: list[Any], packages: PackageOptions,
                customers_per_tier: np.ndarray, scenario: Scenario, size: int
                ) -> tuple[ValuedBook, Scenario, float]:
    """About `size` customers of the book in parts (the same share of every part, gathered
    here), the scenario with its limits scaled to them, and that share (as sample_book): a
    large book's search starts from this sample's prices, and a book with no plan is
    diagnosed on it. A book of up to `size` customers is gathered whole, its scenario as it
    is."""
    step = max(1, int(customers_per_tier.sum()) // size)
    samples = runner.gather([runner.submit(sample_of, b, scenario, step) for b in books])
    sample = joined_samples(samples, packages, customers_per_tier)
    return sample, scenario if step == 1 else scaled_scenario(scenario, 1.0 / step), 1.0 / step


def sample_of(book: BookPart, scenario: Scenario, step: int) -> ValuedBook:
    """Every `step`-th customer of each region and tier of the part (its RMs scaled)."""
    return sample_book(book.valued, scenario, 0, step)[0]


def part_plan(book: BookPart, plan: Repaired) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A part's plan by ids: its assignments (customer_id, rm_id) and offers (customer_id,
    offer_id)."""
    d, valued = book.part.d, book.valued
    ids = valued.customers[c.CUSTOMER_ID].to_numpy(dtype=object)
    rms = valued.rms[c.RM_ID].to_numpy(dtype=object)
    offers = np.array(valued.offer_ids, dtype=object)
    return (pd.DataFrame({c.CUSTOMER_ID: ids[d.x.customer[plan.x]], c.RM_ID: rms[d.x.rm[plan.x]]}),
            pd.DataFrame({c.CUSTOMER_ID: ids[d.y.customer[plan.y]],
                          c.OFFER_ID: offers[d.y.offer[plan.y]]}))


def packages_plan(valued: ValuedBook, options: PackageOptions, chosen: np.ndarray
                  ) -> pd.DataFrame:
    """The chosen package per tier: tier, package."""
    return pd.DataFrame({c.TIER: np.array(valued.tiers, dtype=object)[options.tier[chosen]],
                         "package": np.array(valued.package_ids, dtype=object)[
                             options.package[chosen]]})


def measure_part(book: BookPart, plan: Repaired, packages: pd.DataFrame) -> Measured:
    """The independent checker's measurement of a part's plan (with the book's packages)."""
    assignments, offers = part_plan(book, plan)
    return measure_plan(book.prepared.check_inputs(), Plan(assignments, offers, packages))


def check_in_parts(runner: Runner, planned: PlannedInParts) -> CheckReport:
    """The independent checker on a book in parts: each part's plan measured where it is,
    the measurements added up here and judged against the whole book's limits."""
    best = planned.solved.best
    if best is None:
        raise ValueError("a book in parts without a plan has nothing to check")
    packages = packages_plan(planned.shape, planned.packages, best.packages)
    measured = runner.gather([runner.submit(measure_part, book, plan, packages)
                              for book, plan in zip(planned.books, best.plans, strict=True)])
    return judge(merged_parts(measured), best.objective)


def merged_parts(parts: list[Measured]) -> Measured:
    """The measurement of a whole book from its parts'."""
    names = list(parts[0].components) if parts else []
    return Measured(merged([p.ledger for p in parts]),
                    {k: float(sum(p.components[k] for p in parts)) for k in names})


def joined_samples(samples: list[ValuedBook], packages: PackageOptions,
                   customers_per_tier: np.ndarray) -> ValuedBook:
    """Samples of the parts of a book (each with the same step) as one sample of the book;
    the packages scaled by the share of each tier's customers sampled."""
    offsets = np.cumsum([0] + [len(s.customers) for s in samples])
    joined = pd.concat([s.customers for s in samples], ignore_index=True)

    def stacked(kind: str, field: str) -> np.ndarray:
        arrays = [getattr(getattr(s, kind), field) for s in samples]
        if field == "customer":
            arrays = [a + o for a, o in zip(arrays, offsets, strict=False)]
        return np.concatenate(arrays)

    sampled = np.bincount(joined[c.TIER].cat.codes.to_numpy(), minlength=len(customers_per_tier))
    share = sampled / np.maximum(customers_per_tier, 1)
    return replace(
        samples[0], customers=joined,
        coverage=CoveragePairs(*(stacked("coverage", f.name) for f in fields(CoveragePairs))),
        offer_pairs=OfferPairs(*(stacked("offer_pairs", f.name) for f in fields(OfferPairs))),
        packages=PackageOptions(packages.tier, packages.package,
                                packages.value * share[packages.tier],
                                packages.cost * share[packages.tier]))

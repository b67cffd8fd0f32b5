"""The raw data a run folder was made from, read and tiered again, so that `verify` checks a
plan against the book itself rather than the tiered copy the run saved."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from allocator.book import Book, load_book
from allocator.checks import PlanInputs
from allocator.decomposition.parts.book import part_count, whole_book_scores
from allocator.decomposition.parts.search import InProcess
from allocator.errors import UserError, told
from allocator.json_files import read_strict_json
from allocator.runs import file_sha256
from allocator.scenario.schema import Scenario
from allocator.scenario.tier_schema import ThresholdTiering
from allocator.tiering import Scores, assign_tiers


@dataclass(frozen=True)
class RawBook:
    """The inputs recomputed from the raw data, or why they could not be."""

    inputs: PlanInputs | None
    note: str | None = None


@dataclass(frozen=True)
class RawParts:
    """A book in parts whose raw data can be read again part by part, with the whole book's
    tier scores where its tiering method ranks customers against the whole book; or why it
    cannot be."""

    scenario: Scenario
    scored: list[Scores | None] | None
    note: str | None = None

    def inputs(self, part: int) -> PlanInputs:
        """Part `part` of the raw data, read and tiered again (as the run tiered it)."""
        assert self.scored is not None
        book = load_book(self.scenario, part)
        return _tiered(self.scenario, book, self.scored[part])


def reread_book(folder: Path, scenario: Scenario) -> RawBook:
    """Read the run's raw data again (after checking it is the data the manifest's hashes
    name) and tier it with the run's resolved scenario."""
    changed = _not_pinned(folder, scenario)
    if changed:
        return RawBook(None, changed)
    try:
        book = load_book(scenario)
    except (UserError, OSError) as exc:
        return RawBook(None, _unread(exc))
    return RawBook(_tiered(scenario, book, None))


def reread_parts(folder: Path, scenario: Scenario, count: int) -> RawParts:
    """The raw data of a run of a book in parts, to be read again part by part (after
    checking it is the data the manifest's hashes name, in `count` files), with the whole
    book's tier scores for a ranking method (parts.book.whole_book_scores)."""
    changed = _not_pinned(folder, scenario)
    if changed:
        return RawParts(scenario, None, changed)
    if part_count(scenario) != count:
        return RawParts(scenario, None, told("raw_not_recomputed", why=told(
            "raw_part_count", count=count)))
    try:
        if isinstance(scenario.tiering, ThresholdTiering):
            return RawParts(scenario, [None] * count)
        reads = [(load_book(scenario, part), 0.0) for part in range(count)]
        return RawParts(scenario, whole_book_scores(InProcess(), reads, scenario))
    except (UserError, OSError) as exc:
        return RawParts(scenario, None, _unread(exc))


def _tiered(scenario: Scenario, book: Book, scored: Scores | None) -> PlanInputs:
    tiered = assign_tiers(book.customers, scenario.tiering, list(scenario.tiers), scored)
    return PlanInputs(scenario, tiered.customers, book.rms, book.offers, book.fit_scores)


def _unread(exc: Exception) -> str:
    return told("raw_unread", reason=exc)


def _not_pinned(folder: Path, scenario: Scenario) -> str | None:
    """Why the raw data may not be the run's (None if its hashes match the manifest's)."""
    recorded = read_strict_json(folder / "manifest.json").get("inputs")
    changed = _server_tables(scenario, recorded or {}) or _changed_inputs(recorded or {})
    if changed:
        return told("raw_not_recomputed", why=changed)
    return None


def _server_tables(scenario: Scenario, recorded: dict[str, dict[str, str]]) -> str | None:
    """A table read from a database server, which verify does not read again (it may have
    changed since): the copy the run saved, whose hash the manifest holds, stands for it."""
    for role in ("customers", "rms", "offers", "fit_scores"):
        source = getattr(scenario.data, role)
        if source is not None and source.url is not None:
            entry = recorded.get(role) if isinstance(recorded.get(role), dict) else {}
            if entry and "rows" in entry:
                return told("raw_server_rows", role=role, rows=entry.get("rows"),
                            server=entry.get("server"), database=entry.get("database"))
            return told("raw_server", role=role)
    return None


def _changed_inputs(recorded: dict[str, dict[str, str]]) -> str | None:
    """What no longer matches the manifest: an input file gone or with another hash."""
    for role, entry in recorded.items():
        if not isinstance(entry, dict) or not {"path", "sha256"} <= set(entry):
            return told("raw_not_recorded", role=role)
        path = Path(entry["path"])
        if not path.exists():
            return told("raw_gone", role=role, path=path)
        if file_sha256(path) != entry["sha256"]:
            return told("raw_changed", role=role, path=path)
    return None

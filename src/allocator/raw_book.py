"""The raw data a run folder was made from, read and tiered again, so that `verify` checks a
plan against the book itself rather than the tiered copy the run saved."""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path

from allocator.book import load_book
from allocator.checks import PlanInputs
from allocator.errors import UserError
from allocator.runs import file_sha256
from allocator.scenario.schema import Scenario
from allocator.tiering import assign_tiers


@dataclass(frozen=True)
class RawBook:
    """The inputs recomputed from the raw data, or why they could not be."""

    inputs: PlanInputs | None
    note: str | None = None


def reread_book(folder: Path, scenario: Scenario) -> RawBook:
    """Read the run's raw data again (after checking it is the data the manifest's hashes
    name) and tier it with the run's resolved scenario."""
    recorded = json.loads((folder / "manifest.json").read_text(encoding="utf-8")).get("inputs")
    changed = _server_tables(scenario) or _changed_inputs(recorded or {})
    if changed:
        return RawBook(None, f"tiers not recomputed: {changed}; the plan was checked against "
                             "the tiered book saved in the run folder")
    try:
        book = load_book(scenario)
    except (UserError, OSError) as exc:
        return RawBook(None, f"tiers not recomputed: the raw data could not be read again "
                             f"({exc})")
    tiered = assign_tiers(book.customers, scenario.tiering, list(scenario.tiers))
    return RawBook(PlanInputs(scenario, tiered.customers, book.rms, book.offers,
                              book.fit_scores))


def _server_tables(scenario: Scenario) -> str | None:
    """A table read from a database server, which no hash pins: it may have changed since."""
    for role in ("customers", "rms", "offers", "fit_scores"):
        source = getattr(scenario.data, role)
        if source is not None and source.url is not None:
            return (f"the {role} data comes from a PostgreSQL server, whose tables the "
                    "manifest cannot pin by hash")
    return None


def _changed_inputs(recorded: dict[str, dict[str, str]]) -> str | None:
    """What no longer matches the manifest: an input file gone or with another hash."""
    for role, entry in recorded.items():
        if not isinstance(entry, dict) or not {"path", "sha256"} <= set(entry):
            return f"manifest.json does not record the path and hash of the {role} data"
        path = Path(entry["path"])
        if not path.exists():
            return f"the {role} data {path} is no longer there"
        if file_sha256(path) != entry["sha256"]:
            return (f"the {role} data {path} has changed since the run (its SHA-256 is not "
                    "the one in manifest.json)")
    return None

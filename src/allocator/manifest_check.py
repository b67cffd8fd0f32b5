"""manifest.json's own fields, which no hash in the manifest can cover: against the saved
scenario they were written from, and against the digests the run registry kept of them.

The pages are written again from the saved scenario (`resolved_scenario`), so a field a reader
sees that repeats the scenario (the run's label and note on `allocate runs` and `compare`, the
scenario's name, the currency) is held to it: an edit of one without the other is named by its
field. The registry row of a run keeps a digest of each of its manifest's fields (but the
output hashes, which `report --pdf` extends) as first registered, kept when the manifest is
read again: an edit of any field (the overrides applied, the time it was made) is named by
its field while the registry beside the run holds the run's row."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import duckdb

from allocator.checks import Violation
from allocator.errors import cut, told

FAMILY = "files"
MANIFEST = "manifest.json"
REPEATED = {"scenario": ("name",), "label": ("output", "label"), "note": ("output", "note"),
            "currency": ("objective", "currency")}
"""Each manifest field that repeats a value of the saved scenario, and that value's keys."""
UNDIGESTED = "outputs"
"""The field the digests leave out: the output files' hashes, which `report --pdf` extends."""
REGISTRY = "registry.duckdb"


def manifest_edits(folder: Path, manifest: Mapping[str, Any]) -> list[Violation]:
    """The manifest's fields unlike the saved scenario or the registered digests."""
    return [*metadata_differences(manifest), *registered_differences(folder, manifest)]


def metadata_differences(manifest: Mapping[str, Any]) -> list[Violation]:
    """A violation for each field of REPEATED that differs from the saved scenario (none for
    a manifest without a saved scenario, whose own check names it)."""
    resolved = manifest.get("resolved_scenario")
    if not isinstance(resolved, Mapping):
        return []
    found = []
    for field, keys in REPEATED.items():
        want = _at(resolved, keys)
        have = manifest.get(field)
        if field in manifest and have != want and not (field == "currency" and want is None):
            said = told("manifest_field_differs", field=field, have=cut(repr(have)),
                        key=".".join(keys), want=cut(repr(want)))
            found.append(Violation(FAMILY, FAMILY, MANIFEST, said, 1.0))
    return found


def _at(tree: Mapping[str, Any], keys: tuple[str, ...]) -> Any:
    node: Any = tree
    for key in keys:
        node = node.get(key) if isinstance(node, Mapping) else None
    return node


def field_digests(manifest: Mapping[str, Any]) -> str:
    """The digest of each field of a manifest but UNDIGESTED, as JSON text (a registry
    cell)."""
    digests = {field: hashlib.sha256(json.dumps(value, sort_keys=True, default=str).encode()
                                     ).hexdigest()[:16]
               for field, value in manifest.items() if field != UNDIGESTED}
    return json.dumps(digests, sort_keys=True)


def registered_differences(folder: Path, manifest: Mapping[str, Any]) -> list[Violation]:
    """A violation naming the manifest's fields that differ from the digests the nearest
    registry above the run folder kept of them (none where no registry holds the run, or it
    cannot be read now)."""
    kept = _registered(folder)
    if kept is None:
        return []
    now = json.loads(field_digests(manifest))
    fields = sorted(f for f in set(kept) | set(now) if kept.get(f) != now.get(f))
    if not fields:
        return []
    said = told("manifest_fields_registered", fields=", ".join(fields), registry=REGISTRY)
    return [Violation(FAMILY, FAMILY, MANIFEST, said, 1.0)]


def _registered(folder: Path) -> dict[str, str] | None:
    """The field digests a registry above `folder` kept of its manifest."""
    for root in folder.resolve().parents:
        if not (root / REGISTRY).is_file():
            continue
        try:
            with duckdb.connect(str(root / REGISTRY), read_only=True) as con:
                found = con.execute("SELECT manifest_fields FROM runs WHERE folder = ?",
                                    [str(folder.resolve().relative_to(root))]).fetchone()
        except duckdb.Error:  # held by a run, damaged or older: the next sync heals it
            return None
        if found is None or not isinstance(found[0], str):
            return None
        kept = json.loads(found[0])
        return kept if isinstance(kept, dict) else None
    return None

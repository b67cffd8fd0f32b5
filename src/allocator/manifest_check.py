"""manifest.json's own fields: against the digest the manifest holds of them
(manifest_digest), against the saved scenario they were written from, and against the digests
the run registry kept of them.

The manifest's digest finds an edit of any field, a deleted one included, and names it from
the run folder alone; a manifest written before it (format 2 or older) is checked as before,
with a note that it holds none. A manifest's declared format must fit what it holds: one that
declares a format older than a field it holds (format 2 with the digest, or with the renderer's
fingerprint that only format 3 writes; format 1 with the files' hashes) was set back by an
edit, and fails.

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
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb

from allocator.checks import Violation
from allocator.errors import cut, in_a_row, told
from allocator.manifest_digest import MANIFEST_DIGEST, Edits, edits, recorded_digest
from allocator.report.renderer import RENDERER
from allocator.runs import DIGESTED_FORMAT, FORMAT_VERSION, OUTPUTS, stated_format

FAMILY = "files"
MANIFEST = "manifest.json"
REPEATED = {"scenario": ("name",), "label": ("output", "label"), "note": ("output", "note"),
            "currency": ("objective", "currency")}
"""Each manifest field that repeats a value of the saved scenario, and that value's keys."""
UNDIGESTED = ("outputs", MANIFEST_DIGEST)
"""The fields the registry's digests leave out: the output files' hashes, which `report --pdf`
extends, and the manifest's digest, which it computes again."""
REGISTRY = "registry.duckdb"
FIRST_WRITTEN = {OUTPUTS: 2, MANIFEST_DIGEST: DIGESTED_FORMAT, RENDERER: DIGESTED_FORMAT}
"""The format whose manifests first hold each field: no manifest of an older format has it."""


@dataclass(frozen=True)
class ManifestChecked:
    violations: list[Violation]
    notes: tuple[str, ...]


def manifest_edits(folder: Path, manifest: Mapping[str, Any]) -> ManifestChecked:
    """The manifest's fields unlike its own digest, the saved scenario or the registered
    digests (the registry's only where the manifest's digest named no field)."""
    own, named, notes = own_digest_edits(manifest)
    stated = stated_format(dict(manifest))
    if stated > FORMAT_VERSION:  # checked as this version's format: nothing is skipped
        notes = (*notes, told("manifest_newer_format", format=stated, known=FORMAT_VERSION))
    registered = [] if named else registered_differences(folder, manifest)
    return ManifestChecked([*metadata_differences(manifest), *own, *registered], notes)


def own_digest_edits(manifest: Mapping[str, Any]
                     ) -> tuple[list[Violation], bool, tuple[str, ...]]:
    """A violation where the manifest differs from its own digest (or lacks the digest its
    format holds), whether it names the fields, and the note of a manifest written without
    one."""
    mismatch = format_mismatch(manifest)
    if mismatch is not None:
        return [mismatch], False, ()
    recorded = recorded_digest(manifest)
    if recorded is None and MANIFEST_DIGEST not in manifest:
        if stated_format(dict(manifest)) < DIGESTED_FORMAT:
            return [], False, (told("manifest_undigested"),)
        said = told("manifest_digest_missing", key=MANIFEST_DIGEST,
                    format=stated_format(dict(manifest)))
        return [Violation(FAMILY, FAMILY, MANIFEST, said, 1.0)], False, ()
    found = None if recorded is None else edits(manifest, recorded)
    if recorded is not None and found is None:
        return [], False, ()
    fields = [] if found is None else _edited_fields(found)
    said = (told("manifest_fields_edited", fields=in_a_row(fields), key=MANIFEST_DIGEST)
            if fields else told("manifest_edited", key=MANIFEST_DIGEST))
    return [Violation(FAMILY, FAMILY, MANIFEST, said, 1.0)], bool(fields), ()


def format_mismatch(manifest: Mapping[str, Any]) -> Violation | None:
    """A violation where the manifest holds a field that no manifest of the format it declares
    holds (its format set back, e.g. to pass without its digest); None where it fits."""
    stated = stated_format(dict(manifest))
    newer = sorted(f for f, since in FIRST_WRITTEN.items() if f in manifest and since > stated)
    if not newer:
        return None
    said = told("manifest_format_mismatch", format=stated,
                fields=in_a_row(f"'{f}'" for f in newer),
                since=min(FIRST_WRITTEN[f] for f in newer))
    return Violation(FAMILY, FAMILY, MANIFEST, said, 1.0)


def _edited_fields(found: Edits) -> list[str]:
    return sorted([*found.changed,
                   *(told("manifest_field_removed", field=f) for f in found.removed),
                   *(told("manifest_field_added", field=f) for f in found.added)])


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
               for field, value in manifest.items() if field not in UNDIGESTED}
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
    said = told("manifest_fields_registered", fields=in_a_row(fields), registry=REGISTRY)
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

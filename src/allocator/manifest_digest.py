"""manifest.json's digest of its own content: the SHA-256 of every other field of the
manifest in one canonical JSON form (keys sorted, no spaces, text as written), and of each
field alone, so that an edit of any field (a deleted one included) is found and named from
the run folder alone. The digest is no signature: whoever rewrites the manifest can compute
it again (docs/security.md)."""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

MANIFEST_DIGEST = "manifest_sha256"
"""The manifest's key holding its digest: {CONTENT: ..., FIELDS: {field: ...}}."""
CONTENT, FIELDS = "content", "fields"


def canonical(value: Any) -> bytes:
    """The one JSON form of a value read from JSON: keys sorted, no spaces, UTF-8."""
    return json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False,
                      default=str).encode("utf-8")


def sha256(value: Any) -> str:
    return hashlib.sha256(canonical(value)).hexdigest()


def manifest_digest(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The digest of every field of the manifest but the digest itself: of them all, and of
    each."""
    fields = {field: value for field, value in manifest.items() if field != MANIFEST_DIGEST}
    return {CONTENT: sha256(fields),
            FIELDS: {field: sha256(value) for field, value in sorted(fields.items())}}


def sealed(manifest: Mapping[str, Any]) -> dict[str, Any]:
    """The manifest with its digest (read back from JSON: the digest is of what a reader
    parses)."""
    data = {field: value for field, value in manifest.items() if field != MANIFEST_DIGEST}
    return {**data, MANIFEST_DIGEST: manifest_digest(data)}


def recorded_digest(manifest: Mapping[str, Any]) -> Mapping[str, Any] | None:
    """The digest the manifest holds, where it holds one of the form written."""
    recorded = manifest.get(MANIFEST_DIGEST)
    if (isinstance(recorded, Mapping) and isinstance(recorded.get(CONTENT), str)
            and isinstance(recorded.get(FIELDS), Mapping)):
        return recorded
    return None


@dataclass(frozen=True)
class Edits:
    """The fields of a manifest unlike its digest: changed, removed and added (all empty
    where only the digest's own list of fields was edited)."""

    changed: list[str]
    removed: list[str]
    added: list[str]


def edits(manifest: Mapping[str, Any], recorded: Mapping[str, Any]) -> Edits | None:
    """How the manifest differs from its recorded digest; None where its content is as
    digested."""
    now = manifest_digest(manifest)
    if now[CONTENT] == recorded[CONTENT]:
        return None
    was, has = recorded[FIELDS], now[FIELDS]
    return Edits(sorted(f for f in has if f in was and has[f] != was[f]),
                 sorted(str(f) for f in was if f not in has),
                 sorted(f for f in has if f not in was))

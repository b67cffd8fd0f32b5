"""The fingerprint of the code that writes a run's pages: the SHA-256 of the report package's
source and templates (its catalogues of words among them). A run records it in its manifest
(`renderer`); `verify` writes summary.md and report.html again and compares them only where the
run was written by the same renderer, since any change of wording in a later version would
otherwise fail every older run folder. Elsewhere those two files are held by their SHA-256
alone, and every figure of the run (the plan, its tables, plan.xlsx's sheets, each limit) is
still checked against the plan."""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any

RENDERER = "renderer"
"""The manifest's key holding the fingerprint of the renderer that wrote the run's pages."""
PACKAGE = Path(__file__).parent
WRITTEN_FROM = ("*.py", "templates/*")
"""The report package's files the pages are written by."""


@cache
def renderer_fingerprint() -> str:
    """The SHA-256 of every file of WRITTEN_FROM, by relative path and content, in path
    order."""
    digest = hashlib.sha256()
    files = sorted({path for pattern in WRITTEN_FROM for path in PACKAGE.glob(pattern)
                    if path.is_file()})
    for path in files:
        digest.update(path.relative_to(PACKAGE).as_posix().encode() + b"\0")
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def same_renderer(manifest: Mapping[str, Any]) -> bool:
    """Whether the run's pages were written by this renderer (False where the manifest
    records none: a run of an earlier version)."""
    return manifest.get(RENDERER) == renderer_fingerprint()

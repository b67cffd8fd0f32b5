"""The run index: one row per run folder under a reports root, in an embedded DuckDB file.

The run folders are the truth; the registry is an index derived from their manifests. A run
adds its row after its folder is in place; `sync` adds rows for folders it has not seen and
drops rows whose folder is gone, so an interrupted run or a lost registry file heals itself.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import duckdb
import pandas as pd

FILE = "registry.duckdb"
COLUMNS = {
    "folder": "VARCHAR PRIMARY KEY", "scenario": "VARCHAR", "kind": "VARCHAR",
    "sweep": "VARCHAR", "resolved_hash": "VARCHAR", "created": "VARCHAR", "status": "VARCHAR",
    "method": "VARCHAR", "backend": "VARCHAR", "objective": "DOUBLE", "bound": "DOUBLE",
    "gap": "DOUBLE", "customers": "BIGINT", "covered": "BIGINT", "spend": "DOUBLE",
    "expected_loss": "DOUBLE", "applied": "VARCHAR",
}


def row_of(manifest_path: Path, root: Path) -> dict[str, Any]:
    """The registry row of one run folder, from its manifest."""
    manifest = json.loads(manifest_path.read_text(encoding="utf-8"))
    folder = manifest_path.parent.relative_to(root)
    solver, kpis = manifest.get("solver", {}), manifest.get("kpis") or {}
    sweep = next((p for p in folder.parts if p.startswith("sweep-")), None)
    return {
        "folder": str(folder), "scenario": manifest.get("scenario"),
        "kind": "sweep point" if sweep else "run", "sweep": sweep,
        "resolved_hash": folder.name.rsplit("-", 1)[-1], "created": manifest.get("created"),
        "status": solver.get("status"), "method": solver.get("method"),
        "backend": solver.get("backend"), "objective": solver.get("objective"),
        "bound": solver.get("bound"), "gap": solver.get("gap"),
        "customers": kpis.get("customers"), "covered": kpis.get("covered"),
        "spend": kpis.get("spend"), "expected_loss": kpis.get("expected_loss"),
        "applied": " ".join(manifest.get("applied", [])),
    }


def sync(root: Path) -> pd.DataFrame:
    """Bring the registry in line with the run folders under `root`; return every row."""
    root.mkdir(parents=True, exist_ok=True)
    folders = {str(p.parent.relative_to(root)): p for p in sorted(root.rglob("manifest.json"))
               if not any(part.startswith(".") for part in p.relative_to(root).parts)}
    with _connect(root) as con:
        known = {r[0] for r in con.execute("SELECT folder FROM runs").fetchall()}
        new = [row_of(folders[f], root) for f in sorted(set(folders) - known)]
        gone = sorted(known - set(folders))
        con.execute("BEGIN TRANSACTION")
        if gone:
            con.executemany("DELETE FROM runs WHERE folder = ?", [[f] for f in gone])
        if new:
            frame = pd.DataFrame(new, columns=list(COLUMNS))
            con.register("incoming", frame)
            con.execute("INSERT INTO runs SELECT * FROM incoming")
        con.execute("COMMIT")
        return con.execute("SELECT * FROM runs ORDER BY created, folder").df()


def _connect(root: Path) -> duckdb.DuckDBPyConnection:
    path = root / FILE
    try:
        con = duckdb.connect(str(path))
    except duckdb.Error as error:
        if "lock" in str(error).lower():
            raise  # another allocate has it open: not damage
        path.unlink(missing_ok=True)  # a damaged index: rebuild it from the folders
        con = duckdb.connect(str(path))
    columns = ", ".join(f'"{name}" {kind}' for name, kind in COLUMNS.items())
    con.execute(f"CREATE TABLE IF NOT EXISTS runs ({columns})")
    return con


def try_sync(root: Path) -> None:
    """Index new runs if the registry is free; a busy registry catches up on the next sync."""
    try:
        sync(root)
    except duckdb.Error:
        return

"""A run's label and note (`allocate SCENARIO --label ... --note ...`): the scenario keys
output.label and output.note, set on the command line like any `--set`, shown as the run's
name rather than among the overrides that changed it."""

from __future__ import annotations

import json

NAMING = ("output.label", "output.note")


def naming_sets(label: str | None, note: str | None) -> list[str]:
    """The `--set` items of a label and a note (quoted: any text stays text)."""
    return [f"{key}={json.dumps(value, ensure_ascii=False)}"
            for key, value in zip(NAMING, (label, note), strict=True) if value is not None]


def is_naming(applied: str) -> bool:
    """Whether an override of the manifest's `applied` list only names the run."""
    return applied.startswith(tuple(f"--set {key}=" for key in NAMING))


def minute_utc(created: object) -> str:
    """A run's creation time (ISO, in UTC) as a reader writes it: 2026-12-05 01:25 UTC."""
    text = "" if created is None or created != created else str(created)  # NaN: none
    return f"{text[:16].replace('T', ' ')} UTC" if len(text) >= 16 else text

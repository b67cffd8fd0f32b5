"""A run's label and note (`allocate SCENARIO --label ... --note ...`): the scenario keys
output.label and output.note, set on the command line like any `--set`, shown as the run's
name rather than among the overrides that changed it."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from typing import Any

from allocator.output_options import output_option

NAMING = ("output.label", "output.note")


def naming_sets(label: str | None, note: str | None) -> list[str]:
    """The `--set` items of a label and a note (quoted: any text stays text), each refused as
    its option (`--label`, `--note`) where the scenario's key would refuse it: too long, or
    holding control characters."""
    given = zip(NAMING, (label, note), strict=True)
    return [f"{key}={json.dumps(_named(key, value), ensure_ascii=False)}"
            for key, value in given if value is not None]


def _named(key: str, value: str) -> str:
    """`value` of the key `key` (output.label or output.note), refused as its option."""
    field = key.removeprefix("output.")
    return output_option(f"--{field}", field, value)


def is_naming(applied: str) -> bool:
    """Whether an override of the manifest's `applied` list only names the run."""
    return applied.startswith(tuple(f"--set {key}=" for key in NAMING))


def created_now() -> str:
    """The time a run is made, as its manifest records it: ISO, in UTC, to the microsecond
    (2026-12-05T01:25:07.123456+00:00), so runs made within one second are listed in the order
    they were made; a reader is shown it to the minute (minute_utc)."""
    return datetime.now(UTC).isoformat(timespec="microseconds")


EARLIEST = datetime.min.replace(tzinfo=UTC)
"""Where a run whose manifest gives no time it was made is listed: first."""


def created_order(created: object) -> datetime:
    """Where a run stands among runs in the order they were made: its manifest's `created`
    as a time, to the microsecond or to the second (a run written before kept whole seconds,
    and stands at the start of its second); EARLIEST where it gives none."""
    try:
        made = datetime.fromisoformat(str(created))
    except ValueError:
        return EARLIEST
    return made if made.tzinfo is not None else made.replace(tzinfo=UTC)


def minute_utc(created: object) -> str:
    """A run's creation time (ISO, in UTC) as a reader writes it: 2026-12-05 01:25 UTC."""
    text = "" if created is None or created != created else str(created)  # NaN: none
    return f"{text[:16].replace('T', ' ')} UTC" if len(text) >= 16 else text


def overrides_label(name: str, names: Mapping[str, Any], use: Sequence[str], language: str
                    ) -> str:
    """The label of a run made with the named overrides `use` and no label of its own: their
    display names in `language` (`names`: override id -> {en: ..., zh: ...}) joined,
    `Budget -10% + More premier RMs`; after the scenario's `name`, with the ids, where an
    override has no name in `language` (`demo + budget_cut`)."""
    shown = [display_name(names.get(used), language) for used in use]
    label = " + ".join(name_shown or use[i] for i, name_shown in enumerate(shown))
    return label if all(shown) else f"{name} + {label}"


def display_name(name: Any, language: str) -> str | None:
    """A label's name in `language` ({en: ..., zh: ...}); None where it gives none."""
    shown = name.get(language) if isinstance(name, Mapping) else None
    return shown if isinstance(shown, str) and shown.strip() else None

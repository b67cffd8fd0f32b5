"""What a stage reads of a scenario, written as dotted paths beside the code that reads it.

`tiers.*.retention` is every tier's retention; a path ending in `*` (`tiers.*`) is the names of
the mapping's entries, in order; any other path is everything under it (`data`). Two scenarios
with the same `projection` on a stage's paths are the same to that stage, so its result can be
reused (a sweep's points); `reads` tells whether varying a key can change a projection.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from typing import Any

from allocator.scenario.schema import Scenario

ANY = "*"


def projection(scenario: Scenario, paths: Sequence[str]) -> str:
    """What these paths read of the scenario, as canonical JSON."""
    tree = scenario.model_dump(mode="json")
    return json.dumps([_take(tree, path.split(".")) for path in paths], separators=(",", ":"))


def _take(node: Any, parts: list[str]) -> Any:
    if not parts:
        return node
    if not isinstance(node, dict):
        return None
    head, rest = parts[0], parts[1:]
    if head != ANY:
        return _take(node.get(head), rest)
    if not rest:
        return list(node)
    return {name: _take(entry, rest) for name, entry in node.items()}


def reads(key: str, paths: Sequence[str]) -> bool:
    """Whether setting the dotted `key` can change what these paths read: it lies on or under
    one of them, or above one (replacing a whole section). Names are changed only by replacing
    the whole mapping."""
    parts = key.split(".")
    for path in paths:
        steps = path.split(".")
        if steps[-1] == ANY:
            steps = steps[:-1]
            if len(parts) > len(steps):
                continue
        shared = min(len(parts), len(steps))
        if all(step in (ANY, part) for part, step in zip(parts[:shared], steps[:shared],
                                                         strict=True)):
            return True
    return False

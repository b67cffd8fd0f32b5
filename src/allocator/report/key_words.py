"""Scenario keys as a reader calls them: a swept key heads a sweep's table, labels a chart's
axis and names the knee, and a comparison names the keys whose values differ, so
`budget.total` reads total budget (总预算) and `rules.add_rms.premier_rm.east` RMs added
(premier RM / east), 新增客户经理（贵宾客户经理 / 华东）: the ids a key holds by their labels, in
brackets after its name. In Chinese every key of the scenario is named
(report/key_names_zh.py); in English the keys the catalogue does not name stay as typed (they
are what `--vary` and `--set` take)."""

from __future__ import annotations

from collections.abc import Callable, Mapping

from allocator.report.key_names_zh import KEY_NAMES_ZH

KEY_NAMES_EN: dict[str, str] = {
    "budget.total": "total budget",
    "risk.loss_cap": "loss cap",
    "risk.capital_cap": "capital cap",
    "objective.discount_rate": "discount rate",
    "objective.horizon_years": "horizon (years)",
    "rules.continuity.max_reassignments": "most customers reassigned",
    "data.generate.customers": "customers generated",
    "output.steps": "steps measured",
    "output.baselines": "rule-of-thumb plans",
    "solver.time_limit": "solver time limit (seconds)",
    "solver.gap": "gap target",
    "rules.add_rms.*": "RMs added",
    "rules.add_rms.*.*": "RMs added",
    "rm_grades.*.cost_per_year": "yearly cost of an RM",
}
"""Sweepable scenario keys (and keys a report names) by their English names (a `*` for an
id)."""

SHAPES = {language: [(tuple(key.split(".")), name) for key, name in names.items() if "*" in key]
          for language, names in (("en", KEY_NAMES_EN), ("zh", KEY_NAMES_ZH))}
"""Each language's keys that hold ids, by their parts."""
BRACKETS = {"en": (" (", " / ", ")"), "zh": ("（", " / ", "）")}


def key_name(key: str, language: str, term: Callable[[str], str]) -> str | None:
    """The key's name in `language` (en or zh), the ids it holds named by `term` in brackets
    after it; None for a key the catalogue does not name."""
    found = _found(key, language)
    if found is None:
        return None
    name, ids = found
    if not ids:
        return name
    opening, between, closing = BRACKETS["zh" if language == "zh" else "en"]
    return f"{name}{opening}{between.join(map(term, ids))}{closing}"


def field_name(key: str, language: str) -> str | None:
    """The key's name in `language` without the ids it holds, as a field within a section
    given whole reads: `tiers.premier.coverage` 客户经理覆盖要求; None where unnamed."""
    found = _found(key, language)
    return None if found is None else found[0]


def holds_ids(key: str) -> bool:
    """Whether the keys within `key` are ids the scenario chooses (`tiers.premier.rm_grades`
    holds grades, `rules.channel_capacity` channels), not the fields of a section (`budget`
    holds total)."""
    parts = [*key.split("."), ""]
    return any(shape[-1] == "*" and _fits(parts, shape) for shape, _ in SHAPES["zh"])


def fits(key: str, shape: str) -> bool:
    """Whether dotted `key` is of `shape` (a `*` for any id): `tiers.premier.coverage` is of
    `tiers.*.coverage`."""
    return _fits(key.split("."), tuple(shape.split(".")))


def _found(key: str, language: str) -> tuple[str, list[str]] | None:
    """The name of `key` in `language` and the ids it holds where its shape has them."""
    names: Mapping[str, str] = KEY_NAMES_ZH if language == "zh" else KEY_NAMES_EN
    if key in names:
        return names[key], []
    parts = key.split(".")
    for shape, name in SHAPES["zh" if language == "zh" else "en"]:
        if _fits(parts, shape):
            return name, [p for s, p in zip(shape, parts, strict=True) if s == "*"]
    return None


def _fits(parts: list[str], shape: tuple[str, ...]) -> bool:
    """Whether a key's `parts` are of `shape` (a `*` for any id)."""
    return len(shape) == len(parts) and all(s in ("*", p) for s, p in zip(shape, parts,
                                                                         strict=True))

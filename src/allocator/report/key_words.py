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
    language = "zh" if language == "zh" else "en"
    names: Mapping[str, str] = KEY_NAMES_ZH if language == "zh" else KEY_NAMES_EN
    if key in names:
        return names[key]
    parts = key.split(".")
    for shape, name in SHAPES[language]:
        if len(shape) == len(parts) and all(s in ("*", p) for s, p in zip(shape, parts,
                                                                         strict=True)):
            ids = [term(p) for s, p in zip(shape, parts, strict=True) if s == "*"]
            opening, between, closing = BRACKETS[language]
            return f"{name}{opening}{between.join(ids)}{closing}"
    return None

"""Scenario keys as a reader calls them: a swept key heads a sweep's table, labels a chart's
axis and names the knee, so `budget.total` reads total budget (总预算) and
`rules.add_rms.premier_rm.east` RMs added (premier RM / east), 新增客户经理（贵宾客户经理 /
华东）. Keys the catalogue does not name stay as typed (they are what `--vary` and `--set`
take)."""

from __future__ import annotations

from collections.abc import Callable

KEY_NAMES_ZH: dict[str, str] = {
    "budget.total": "总预算",
    "risk.loss_cap": "预期损失上限",
    "risk.capital_cap": "资本上限",
    "objective.discount_rate": "折现率",
    "objective.horizon_years": "期限（年）",
    "rules.continuity.max_reassignments": "最多重新分配客户数",
    "data.generate.customers": "生成的客户数",
    "output.steps": "测算跃变",
    "output.baselines": "经验法则方案",
    "solver.time_limit": "求解时间上限（秒）",
    "solver.gap": "间隙目标",
}
"""Sweepable scenario keys (and keys a report names) by their Chinese names."""
ADDED_RMS = "rules.add_rms."


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
}
"""Sweepable scenario keys (and keys a report names) by their English names."""


ADDED_NAMES = {"en": "RMs added ({})", "zh": "新增客户经理（{}）"}
"""A key adding RMs of a grade (and region), by its name in each language."""
GRADE_KEYS = {"cost_per_year": {"en": "yearly cost of an RM ({})", "zh": "客户经理年成本（{}）"}}
"""A grade's keys (rm_grades.<grade>.<key>), by their names in each language."""
RM_GRADES = "rm_grades."


def key_name(key: str, language: str, term: Callable[[str], str]) -> str | None:
    """The key's name in `language` (en or zh), its grade and region named by `term`; None for
    a key the catalogue does not name."""
    names = KEY_NAMES_ZH if language == "zh" else KEY_NAMES_EN
    if key in names:
        return names[key]
    if key.startswith(ADDED_RMS) and len(key) > len(ADDED_RMS):
        where = " / ".join(term(part) for part in key[len(ADDED_RMS):].split("."))
        return ADDED_NAMES["zh" if language == "zh" else "en"].format(where)
    grade, _, field = key.removeprefix(RM_GRADES).rpartition(".")
    if key.startswith(RM_GRADES) and grade and field in GRADE_KEYS:
        return GRADE_KEYS[field]["zh" if language == "zh" else "en"].format(term(grade))
    return None

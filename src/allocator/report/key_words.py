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
}
"""Sweepable scenario keys by their Chinese names."""
ADDED_RMS = "rules.add_rms."


def key_name_zh(key: str, term: Callable[[str], str]) -> str | None:
    """The key's Chinese name, its grade and region named by `term`; None for a key the
    catalogue does not name."""
    if key in KEY_NAMES_ZH:
        return KEY_NAMES_ZH[key]
    if key.startswith(ADDED_RMS) and len(key) > len(ADDED_RMS):
        where = " / ".join(term(part) for part in key[len(ADDED_RMS):].split("."))
        return f"新增客户经理（{where}）"
    return None


KEY_NAMES_EN: dict[str, str] = {
    "budget.total": "total budget",
    "risk.loss_cap": "loss cap",
    "risk.capital_cap": "capital cap",
    "objective.discount_rate": "discount rate",
    "objective.horizon_years": "horizon (years)",
    "rules.continuity.max_reassignments": "most customers reassigned",
    "data.generate.customers": "customers generated",
}
"""Sweepable scenario keys by their English names."""


def key_name_en(key: str, term: Callable[[str], str]) -> str | None:
    """The key's English name, its grade and region named by `term`; None for a key the
    catalogue does not name."""
    if key in KEY_NAMES_EN:
        return KEY_NAMES_EN[key]
    if key.startswith(ADDED_RMS) and len(key) > len(ADDED_RMS):
        where = " / ".join(term(part) for part in key[len(ADDED_RMS):].split("."))
        return f"RMs added ({where})"
    return None

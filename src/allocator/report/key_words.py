"""Scenario keys as a Chinese reader calls them: a swept key heads a sweep's table, labels a
chart's axis and names the knee, so `budget.total` reads 总预算 and
`rules.add_rms.premier_rm.east` 新增客户经理（贵宾客户经理 / 华东）. English keeps the keys as
typed (they are what `--vary` and `--set` take); keys the catalogue does not name stay too."""

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

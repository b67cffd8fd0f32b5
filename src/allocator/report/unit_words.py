"""What one unit of a limit is (an EUR of budget, an RM hour, an offer), so that a marginal value
and a worth of loosening are read with their units: "1.22 EUR per EUR of budget",
"20.75 EUR per RM hour", "4,660 EUR" (report.quantities.with_units)."""

from __future__ import annotations

UNIT_OF = {
    "budget": "unit_budget", "tier_budget_floor": "unit_budget", "tier_budget_cap": "unit_budget",
    "channel_budget": "unit_budget", "loss_cap": "unit_loss", "tier_loss": "unit_loss",
    "capital_cap": "unit_capital", "rm_capacity": "unit_hour", "rm_min_load": "unit_hour",
    "rm_month_hours": "unit_hour", "rm_book_size": "unit_customer",
    "coverage_mandatory": "unit_customer", "coverage_optional": "unit_customer",
    "continuity": "unit_reassignment", "contact": "unit_offer", "rm_offer_link": "unit_offer",
    "offer_quota": "unit_offer", "offer_minimum": "unit_offer",
    "channel_capacity": "unit_contact", "channel_window_min": "unit_contact",
    "channel_window_max": "unit_contact", "calendar_contact": "unit_contact",
    "calendar_conflict": "unit_contact", "product_sales_min": "unit_sale",
    "product_sales_max": "unit_sale", "package_choice": "unit_package",
}
"""A limit (constraint name) -> the catalogue key of its unit; any other is "a unit"."""

KEY_UNITS = (("budget.total", "unit_budget"), ("risk.loss_cap", "unit_loss"),
             ("risk.capital_cap", "unit_capital"), ("rules.add_rms.", "unit_added_rm"),
             ("rules.add_rms", "unit_added_rm"), ("rules.channel_capacity.", "unit_contact"),
             ("rules.continuity.max_reassignments", "unit_reassignment"))
"""A scenario key a sweep varies (or how it begins) -> the catalogue key of its unit, so that a
frontier's marginal value reads "820 EUR per added RM"; any other is "a unit"."""


def key_unit(key: str) -> str:
    """The catalogue key of the unit of the scenario key `key` (KEY_UNITS)."""
    return next((unit for start, unit in KEY_UNITS
                 if key == start or (start.endswith(".") and key.startswith(start))),
                "unit_other")


UNIT_MESSAGES: dict[str, tuple[str, str]] = {
    "per_limit_unit": ("{price} {currency} per {unit}", "每{unit} {price} {currency}"),
    "unit_header": ("{column} ({currency} per {unit})", "{column}（每{unit}，{currency}）"),
    "unit_budget": ("{currency} of budget", " {currency} 预算"),
    "unit_loss": ("{currency} of expected loss", " {currency} 预期损失"),
    "unit_capital": ("{currency} of capital", " {currency} 资本占用"),
    "unit_hour": ("RM hour", "客户经理工时"),
    "unit_customer": ("customer", "位客户"),
    "unit_reassignment": ("reassignment", "次重新分配"),
    "unit_offer": ("offer", "次推荐"),
    "unit_contact": ("contact", "次接触"),
    "unit_sale": ("expected sale", "笔预期销售"),
    "unit_package": ("package", "个服务包"),
    "unit_added_rm": ("added RM", "名新增客户经理"),
    "unit_other": ("unit", "单位"),
}
"""Message key -> (English, Chinese); merged into the catalogue (report/language.py)."""

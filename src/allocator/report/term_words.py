"""The engine's ids as an English reader calls them: constraint families and rule-of-thumb
plans (Words.term in English); part of the language catalogue (report.language). The files
keep the ids; every report and the terminal show these words."""

from __future__ import annotations

import re

TERMS_EN: dict[str, str] = {
    # a comparison's changes by cause (allocator.forced_changes): forced by the lever, free (B
    # could have kept A's choice at no cost), or an RM change to an RM only the compared run has
    "rm: forced": "RM changes forced by the lever", "rm: free": "RM changes the lever did not need",
    "rm: new rm": "RM changes to a new RM", "new rm": "to a new RM",
    "rm: own rm": "customers returned to their own RM", "own rm": "returned to their own RM",
    "offers: forced": "offer changes forced by the lever",
    "offers: free": "offer changes the lever did not need",
    "tier: forced": "tier changes forced by the lever",
    # why a limit used up is priced 0 (allocator.driver_ranking.price_notes)
    "another limit binds first": "0: another limit binds first",
    "through its tier shares": ("0 itself: a fifth more gains through its tier shares, which "
                                "move with it (the same gain as theirs, not another)"),
    "a minimum: loosened by lowering it": ("a minimum: its marginal value is what raising it "
                                           "costs; loosening it means lowering it, which "
                                           "gains value"),
    "whole decisions leave room": ("priced with room left below its largest single use; a "
                                   "smaller one may still fit (the LP's price, packages fixed)"),
    "held for fewer units only": ("not priced for one more unit: the value shown holds only "
                                  "for fewer units, up to today's limit (its range ends there)"),
    "missed: soft, at its penalty": "broken: a soft limit, at its penalty",
    "not priced": "not priced",
    "per customer: the most one more contact is worth": (
        "a limit per customer and window, counted as the contacts over them (none in this "
        "plan); its price is one more contact where it is worth most"),
    # why a step was not measured (allocator.sensitivity.UNMEASURED)
    "time spent": "not measured: the steps' time was spent before it began",
    "no plan in time": "not measured: no plan found before its time ran out",
    "no plan in iterations": "not measured: no plan found in its iterations",
    "short of gap": "not measured: the re-run stopped short of its gap target",
    "not proven": "not measured: the re-solve stopped before proving its gap",
    "solver failed": "not measured: the solver failed on the re-solve",
    "beyond its range": "not measured: its price holds up to today's limit only",
    # constraint families (allocator.families)
    "coverage_mandatory": "mandatory tier coverage", "coverage_optional": "one RM per customer",
    "rm_capacity": "RM hours", "rm_book_size": "RM book size", "rm_min_load": "RM minimum load",
    "channel_capacity": "channel capacity", "rm_offer_link": "RM offers need an RM",
    "tier_budget_floor": "tier budget floor", "tier_budget_cap": "tier budget cap",
    "tier_budget": "tier budget", "loss_cap": "loss cap", "tier_loss": "tier loss concentration",
    "capital_cap": "capital cap", "offer_quota": "offer quota", "offer_minimum": "sales target",
    "package_choice": "package choice", "customer_rows": "the customer plan's rows",
    # the campaign calendar's families (allocator.campaigns)
    "calendar_contact": "contacts over a window's cap",
    "calendar_conflict": "contacts within a conflict lag",
    "channel_window_min": "channel minimum", "channel_window_max": "channel maximum",
    "channel_budget": "channel budget", "product_sales_min": "expected sales minimum",
    "product_sales_max": "expected sales maximum", "product_sales": "expected sales",
    "channel_window": "channel limits per window", "rm_month_hours": "RM hours per month",
    # rule-of-thumb plans (allocator.baselines)
    "tier_greedy": "greedy fill by tier", "equal_split": "budget split equally by tier",
    "incumbent_books": "today's RM books kept",
    # a comparison's key figures (allocator.compare_kpis)
    "expected_loss": "expected loss", "coverage_share": "RM coverage share",
    "rms": "number of RMs", "rm_moves": "customers whose RM changed", "rm_cost": "RM cost",
    "net_value": "value net of RM cost",
    # a comparison's headline figures (allocator.compare)
    "objective": "expected value", "bound": "best bound",
    # solver statuses
    "no_solution": "no solution",
    # constraint senses
    "le": "≤", "ge": "≥", "eq": "=",
}
"""Id -> English words (an id not named here is shown as it is)."""

OF_WHICH = "of which: "
"""The label of a driver's region row shown under its grade's row ("of which: R2"): a part of
the grade's limit, not a limit beside it."""

SNAKE_ID = re.compile(r"[a-z][a-z0-9]*(?:_[a-z0-9]+)+|rm|sms")
"""An engine id in snake_case (call_centre, premier_rm) or the RM channel."""
ACRONYMS = {"rm": "RM", "sms": "SMS", "rms": "RMs", "roi": "ROI", "kpi": "KPI", "id": "id"}
"""Parts of an id that English writes in capitals."""


def humanized(text: str) -> str:
    """An id the catalogue does not name, as English words: call_centre reads call centre,
    premier_rm premier RM; any other text stays as it is."""
    if not SNAKE_ID.fullmatch(text):
        return text
    return " ".join(ACRONYMS.get(part, part) for part in text.split("_"))

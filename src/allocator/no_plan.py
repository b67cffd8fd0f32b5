"""Why the decomposition ended without a plan, in English and in Chinese: the search found
none in its time, or it proved none exists yet the elastic LP found nothing to give."""

from __future__ import annotations

from allocator.backends import SolveResult
from allocator.decomposition.coupling import priced_highest, tightest
from allocator.diagnosis import Basis
from allocator.errors import catalogued
from allocator.scenario.schema import Scenario


def no_plan_message(scenario: Scenario, result: SolveResult, basis: Basis | None,
                    prices: dict[tuple[str, str], float]) -> tuple[str, str]:
    """Why the decomposition has no plan, and the limits it priced highest."""
    fields = {"scenario": scenario.name, "prices": priced_highest(prices),
              "prices_zh": _priced_highest_zh(scenario, prices)}
    if basis is None:
        return catalogued("decomposition_no_plan", seconds=f"{result.seconds:.1f}",
                          limit=f"{scenario.solver.time_limit:g}", **fields)
    kind = "sample" if basis.sampled else "whole"
    return catalogued(f"decomposition_nothing_to_give_{kind}", why=result.message,
                      basis=basis.describe(), customers=f"{basis.customers:,}",
                      step=round(1 / basis.share), **fields)


def _priced_highest_zh(scenario: Scenario, prices: dict[tuple[str, str], float]) -> str:
    """The rows priced highest, each family and label by its Chinese name."""
    from allocator.report.language import Words  # the catalogue imports the search

    words = Words("zh", scenario.labels.names("zh"))
    return "、".join(f"{words.term(name)}［{words.term(label)}］"
                    for name, label in tightest(prices)) or "无"

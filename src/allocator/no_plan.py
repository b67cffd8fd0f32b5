"""Why the decomposition ended without a plan, in English and in Chinese: the search found
none in its time, or it proved none exists yet the elastic LP found nothing to give; and why
a plan the solver found was refused (the independent checker rejects it)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from allocator.backends import SolveResult
from allocator.decomposition.coupling import priced_highest, tightest
from allocator.diagnosis import Basis
from allocator.errors import catalogued
from allocator.report.figures import number_text
from allocator.scenario.schema import Scenario

if TYPE_CHECKING:
    from allocator.checks.ledger import Violation
    from allocator.report.language import Words


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


def rejected_plan(key: str, scenario: Scenario, violations: Sequence[Violation],
                  bullets: bool, /, **fields: object) -> tuple[str, str]:
    """Catalogue message `key` naming the rules a plan breaks (`lines`), in English and in
    Chinese: as a list of `bullets`, or on one line."""
    words = _chinese(scenario)
    english = [v.describe() for v in violations]
    chinese = [catalogued("violation_line", constraint=words.term(v.constraint),
                          label=words.term(v.label), amount=number_text(v.amount))[1]
               for v in violations]
    if bullets:
        lines = ("\n".join(f"  - {line}" for line in english),
                 "\n".join(f"  - {line}" for line in chinese))
    else:
        lines = ("; ".join(english), "；".join(chinese))
    said = catalogued(key, lines=lines[0], **fields)[0]
    return said, catalogued(key, lines=lines[1], **fields)[1]


def _chinese(scenario: Scenario) -> Words:
    """The Chinese words of the scenario's run, its labels included."""
    from allocator.report.language import Words  # the catalogue imports the search

    return Words("zh", scenario.labels.names("zh"))


def _priced_highest_zh(scenario: Scenario, prices: dict[tuple[str, str], float]) -> str:
    """The rows priced highest, each family and label by its Chinese name."""
    words = _chinese(scenario)
    return "、".join(words.limit(name, label) for name, label in tightest(prices)) or "无"

"""Before any solve: what the scenario asks of the RMs that the RM table cannot give.

A tier whose coverage is mandatory with customers in a region where no RM of an allowed grade
works makes every plan impossible: that is an infeasibility naming the tier, the regions and
example customers (`validate` stops on it; a run solves on, and its infeasible output names it
beside the diagnosis). A grade that no RM holds, customers in a region without RMs, or no
customers at all only take options away; they come back as warnings.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import pandas as pd

from allocator import columns as c
from allocator.errors import InfeasibleError, did_you_mean, examples
from allocator.scenario.schema import Scenario


@dataclass(frozen=True)
class Readiness:
    """What the book cannot give that the scenario asks for."""

    infeasible: tuple[str, ...] = ()
    """Causes that leave no plan possible (mandatory coverage no RM may give)."""
    warnings: tuple[str, ...] = ()
    """What only takes options away (a grade no RM holds, a region without RMs, no
    customers)."""

    def raise_if_infeasible(self) -> None:
        """InfeasibleError naming every cause, if there is one."""
        if self.infeasible:
            lines = "\n".join(f"  - {line}" for line in self.infeasible)
            raise InfeasibleError("no plan can exist: every customer of these tiers must have "
                                  f"an RM, and some have none who may serve them:\n{lines}")


def check_readiness(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame
                    ) -> Readiness:
    """The causes of certain infeasibility and the warnings, before any solve."""
    unserved = tuple(_unserved_mandatory(scenario, customers, rms))
    soft = "coverage" in scenario.objective.soft  # mandatory coverage may then give
    warnings = (*_no_customers(customers), *_unknown_grades(scenario, rms),
                *_regions_without_rms(customers, rms), *(unserved if soft else ()))
    return Readiness(() if soft else unserved, warnings)


def _no_customers(customers: pd.DataFrame) -> list[str]:
    return ["the customer table has no customers to plan (no rows, or only closed accounts); "
            "the plan will be empty."] if customers.empty else []


def _unserved_mandatory(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame
                        ) -> list[str]:
    lines = []
    for tier, spec in scenario.tiers.items():
        if spec.coverage != "mandatory":
            continue
        grades = sorted(spec.rm_grades)
        served = set(rms.loc[rms[c.GRADE].isin(grades), c.REGION])
        alone = (customers[c.TIER].astype(str) == tier) & ~customers[c.REGION].isin(served)
        if not alone.any():
            continue
        regions = sorted(customers.loc[alone, c.REGION].astype(str).unique())
        allowed = f"grade(s) {', '.join(grades)}" if grades else "any grade (rm_grades is empty)"
        lines.append(
            f"tiers.{tier}: coverage is mandatory, but {int(alone.sum())} customer(s) of the "
            f"tier (ids: {examples(customers.loc[alone, c.CUSTOMER_ID])}) are in region(s) "
            f"{examples(regions)} where no RM of {allowed} works; add such RMs to data.rms, "
            f"allow another grade under tiers.{tier}.rm_grades, or make the coverage optional.")
    return lines


def _unknown_grades(scenario: Scenario, rms: pd.DataFrame) -> list[str]:
    present = sorted(set(rms[c.GRADE].astype(str)))
    return [f"tiers.{tier}.rm_grades: no RM has grade '{grade}'.{did_you_mean(grade, present)} "
            f"The RM table's grades are: {_listed(present)}."
            for tier, spec in scenario.tiers.items() for grade in spec.rm_grades
            if grade not in present]


def _regions_without_rms(customers: pd.DataFrame, rms: pd.DataFrame) -> list[str]:
    alone = ~customers[c.REGION].isin(set(rms[c.REGION]))
    if not alone.any():
        return []
    counts = customers.loc[alone, c.REGION].astype(str).value_counts().sort_index()
    regions = [f"{region} ({count})" for region, count in counts.items()]
    return [f"{int(alone.sum())} customer(s) are in region(s) without any RM: "
            f"{examples(regions)}; they can get no RM and no offer that needs one."]


def _listed(names: Sequence[str]) -> str:
    return ", ".join(names) if names else "none (the RM table is empty)"

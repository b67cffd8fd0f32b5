"""Before any solve: what the scenario asks of the RMs that the RM table cannot give.

A tier whose coverage is mandatory with customers in a region where no RM of an allowed grade
works makes every plan impossible: that is an InfeasibleError naming the tier, the regions and
example customers. A grade that no RM holds, or customers in a region without RMs, only take
options away; they come back as warnings for `validate` and `run` to print.
"""

from __future__ import annotations

from collections.abc import Sequence

import pandas as pd

from allocator import columns as c
from allocator.errors import InfeasibleError, did_you_mean, examples
from allocator.scenario.schema import Scenario


def check_readiness(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame
                    ) -> tuple[str, ...]:
    """Raise InfeasibleError for mandatory coverage no RM can give; return the warnings."""
    soft_coverage = "coverage" in scenario.objective.soft
    unserved = [] if soft_coverage else _unserved_mandatory(scenario, customers, rms)
    if unserved:
        lines = "\n".join(f"  - {line}" for line in unserved)
        raise InfeasibleError("no plan can exist: every customer of these tiers must have "
                              f"an RM, and some have none who may serve them:\n{lines}")
    warnings = [*_unknown_grades(scenario, rms), *_regions_without_rms(customers, rms)]
    if soft_coverage:
        warnings.extend(_unserved_mandatory(scenario, customers, rms))
    return tuple(warnings)


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

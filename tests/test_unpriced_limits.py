"""A limit the run did not price (its time limit ended the solve before the LP with the packages
fixed gave marginal values) is shown as not priced, with why, in every output: never as a
marginal value or a worth of 0.00, which would say that loosening it gains nothing."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

import allocator.pricing
from allocator.backends import SolveOptions, SolveResult, Status, get_backend
from allocator.problem import AllocationProblem
from allocator.report.language import Words
from allocator.report.quantities import priced_per_unit
from tests.test_drivers import hours_before_budget
from tests.test_zh_everywhere import (
    allocate,
    folder_in,
    markdown_text,
    visible_text,
    workbook_text,
)


class OutOfTime:
    """A backend whose LP the run's time limit stopped before it began: no duals."""

    def solve(self, problem: AllocationProblem, options: SolveOptions) -> SolveResult:
        return SolveResult(Status.NO_SOLUTION, None, None, None, "highs", "", 0.0)


def solid(text: str) -> str:
    """`text` without its spaces and line breaks, as wrapped at any width."""
    return "".join(text.split())


def outputs(folder: Path, terminal: str) -> dict[str, str]:
    return {"terminal": terminal, "summary.md": markdown_text(folder / "summary.md"),
            "report.html": visible_text((folder / "report.html").read_text(encoding="utf-8")),
            "plan.xlsx": workbook_text(folder / "plan.xlsx")}


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_limit_without_a_marginal_value_is_never_shown_with_one(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str) -> None:
    """The budget binds, the RM's hours come near; with no prices and no steps measured,
    each output says "not priced" and why, and shows no price or worth of 0.00 (before: "0.00 EUR per RM hour", a worth
    of loosening of "0.00 EUR", and "range unknown" as the note on a price there was not);
    the heading over the limits with room claims no price."""
    monkeypatch.setattr(allocator.pricing, "get_backend",
                        lambda name: OutOfTime() if name == "highs" else get_backend(name))
    printed = allocate("run", str(hours_before_budget(tmp_path)), "--set",
                       "output.baselines=false", "--set", "output.steps=false", "--set",
                       f"output.language={language}")
    assert printed.exit_code == 0, printed.output
    folder = folder_in(printed.output)
    constraints = pd.read_csv(folder / "constraints.csv")
    limits = constraints[~constraints["identity"].astype(bool)]
    assert limits["marginal_value"].isna().all(), limits  # the run priced none
    words = Words(language)  # type: ignore[arg-type]
    zero_prices = {priced_per_unit(str(family), 0.0, "EUR", words)
                   for family in limits["constraint"]}
    for name, text in outputs(folder, printed.output).items():
        said = set(zero_prices) | {"0.00 EUR", words.term("range unknown")}  # 0.00: a worth
        assert not [shown for shown in said if solid(shown) in solid(text)], (name, text)
        if name != "plan.xlsx":  # the workbook's cells leave the price blank
            assert solid(words.term("not priced")) in solid(text), (name, text)
            assert solid(words("drivers_unpriced")) in solid(text), (name, text)
        assert words("with_room") == ("Limits with room: they do not shape this plan"
                                      if language == "en" else "尚有余量的限额：不影响本方案")
    assert np.isnan(constraints.loc[constraints["constraint"] == "rm_capacity",
                                    "marginal_value"]).all()

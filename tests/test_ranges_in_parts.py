"""The range of a price on a book in parts: the limit can move by what every part's use can
move at the multiplier, added up; a part with no tie there does not end the range."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
import yaml

from allocator import api
from allocator.report.drivers import headline_lines
from allocator.report.language import Words
from allocator.report.plan_tables import constraint_table
from allocator.report.price_words import price_text
from tests.builders import world


def two_customer_parts(folder: Path, budget: float) -> Path:
    """Customers A and B, each in a Parquet file of their own, each offered a call costing 10
    with a margin of 40: A accepts with a propensity of 0.75 (worth 20, 2 a unit of budget),
    B with 1 (worth 30, 3 a unit). A budget of 15 prices at A's 2 a unit: there A's offer is
    a tie and B's is taken whatever the price, so the book's budget can go from 10 (B's
    offer alone) to 20 (both) at that price; B's part alone has no tie at it."""
    path = world(folder, [{"customer_id": "A", "p": 0.75}, {"customer_id": "B", "p": 1.0}],
                 offers={"call": {"channel": "email", "margin": 40, "cost": 10,
                                  "propensity_column": "p"}},
                 tiers={"top": {"coverage": "none"}, "base": {"coverage": "none"}},
                 budget={"total": budget}, execution={"book": "parts"},
                 output={"dir": str(folder / "reports"), "steps": False,
                         "baselines": False})
    customers = pd.read_csv(folder / "customers.csv")
    (folder / "customers").mkdir()
    for at in range(len(customers)):
        customers.iloc[[at]].to_parquet(folder / "customers" / f"part-{at}.parquet",
                                        index=False)
    scenario = yaml.safe_load(path.read_text())
    scenario["data"]["customers"]["path"] = "customers"
    path.write_text(yaml.safe_dump(scenario, sort_keys=False))
    return path


def test_a_part_without_a_tie_does_not_end_the_books_range(tmp_path: Path) -> None:
    run = api.run(two_customer_parts(tmp_path, 15), output=tmp_path / "out")
    outcome = run.outcome
    assert outcome.parts is not None and outcome.sensitivity is not None
    assert outcome.prices[("budget", "total")] == pytest.approx(2.0)
    # moved in proportion to each part's use, B's share (no tie) could not move at all, and
    # the range was 15 to 15; the parts' room added up is the whole book's range
    low, high = outcome.sensitivity.ranges[("budget", "total")]
    assert (low, high) == (pytest.approx(10.0), pytest.approx(20.0))
    line = headline_lines(outcome, constraint_table(outcome), Words())[0]
    assert line.startswith("budget: 2.00 EUR per EUR of budget for a limit from 10.00 to 20.00 "
                           "(now 15.00)")
    table = pd.read_csv(run.folder / "constraints.csv").set_index(["constraint", "label"])
    budget = table.loc[("budget", "total")]
    assert (budget["range_low"], budget["range_high"]) == (pytest.approx(10.0),
                                                           pytest.approx(20.0))


@pytest.mark.parametrize("language", ["en", "zh"])
def test_a_range_of_one_point_says_the_price_holds_only_there(language: str) -> None:
    row = pd.Series({"marginal_value": 2.0, "range_low": 15.0, "range_high": 15.0,
                     "limit": 15.0})
    words = Words(language)  # type: ignore[arg-type]
    said = price_text(row, "budget", "EUR", words)
    assert "15.00" in said and "2.00" in said
    assert said == words("price_point", price=words("per_limit_unit", price="2.00",
                                                    currency="EUR",
                                                    unit=words("unit_budget", currency="EUR")),
                         limit="15.00")
    assert "from 15.00 to 15.00" not in said and "15.00 至 15.00" not in said

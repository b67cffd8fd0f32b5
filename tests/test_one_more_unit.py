"""What one more unit is worth states only a price that holds above today's limit: a price
whose range ends at the limit holds for fewer units only, and the row says one more is not
priced (report/plan_tables.unit_label), alike in the reports and plan.xlsx's summary sheet, on
both solve paths; and a limit priced with room left says why without claiming that nothing
fits the room."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator import api
from allocator.report import plan_tables as tables
from allocator.report.language import Words
from allocator.report.plan_tables import Priced, unit_prices
from allocator.workbook_check import sheet_rows
from tests.conftest import DEMO
from tests.test_decomposition import scaled

HOURS = ("rm_capacity", "R1")
BUDGET = ("budget", "total")
RMS = pd.DataFrame({"rm_id": ["R1", "R2"], "grade": ["rm", "rm"], "region": ["A", "A"],
                    "capacity_hours": [412.0, 412.0]})


def priced(high: float) -> Priced:
    """R1 full at 412 hours, priced 42.57 from 409 to `high`; R2 idle; the budget priced 1.22
    from 44,955 to 45,035 around its limit of 45,000."""
    return Priced({BUDGET: 1.22, HOURS: 42.57, ("rm_capacity", "R2"): 0.0},
                  {BUDGET: (44_955.0, 45_035.0), HOURS: (409.0, high),
                   ("rm_capacity", "R2"): (100.0, np.inf)}, (),
                  {BUDGET: 45_000.0, HOURS: 412.0, ("rm_capacity", "R2"): 400.0})


@pytest.mark.parametrize(("language", "said"), [
    ("en", "not priced; the value shown holds only for fewer units, from 409 up to today's "
           "limit of 412"),
    ("zh", "未定价；所示价值仅适用于更少的单位，即从 409 到当前限额 412")], ids=["en", "zh"])
def test_a_price_whose_range_ends_at_the_limit_says_one_more_unit_is_not_priced(
        language: str, said: str) -> None:
    words = Words(language)  # type: ignore[arg-type]
    table = unit_prices(priced(412.0), RMS, "EUR", words).set_index("constraint")
    assert table.loc["rm_capacity", "marginal"].endswith(said)
    assert table.loc["rm_capacity", "value"] == pytest.approx(42.57)
    assert said not in table.loc["budget", "marginal"]  # its range runs beyond 45,000
    above = unit_prices(priced(416.0), RMS, "EUR", words).set_index("constraint")
    assert above.loc["rm_capacity", "marginal"] == words("rm_hour", grade=words.term("rm"),
                                                         rm="R1")


def test_a_range_ends_at_the_limit_within_the_slack_tolerance() -> None:
    assert tables.held_below_only((409.0, 412.0 + 1e-7), 412.0)
    assert not tables.held_below_only((409.0, 413.0), 412.0)
    assert not tables.held_below_only((409.0, np.nan), 412.0)  # no range known: nothing said
    assert not tables.held_below_only((409.0, 412.0), None)


@pytest.fixture(scope="module")
def demo_decomposed(tmp_path_factory: pytest.TempPathFactory) -> api.Run:
    """The demo on a third of its book, its limits alike, planned on the decomposition path
    (priced by the same LP at this size): its premier hours are priced from 143 to 144, their
    limit, its budget and other RMs' hours beyond theirs."""
    return api.run(DEMO, sets=[*scaled(1000, 7), "solver.method=decomposition"],
                   output=tmp_path_factory.mktemp("demo_decomposed"))


def unit_rows(folder: Path) -> dict[str, tuple[float, float]]:
    """Each of plan.xlsx's summary rows of one more unit, by its label: the range of its price
    and today's limit, from constraints.csv (an RM hour: the RM it is worth most at)."""
    table = pd.read_csv(folder / "constraints.csv")
    keyed = table.set_index(["constraint", "label"])
    rows = sheet_rows(folder / "plan.xlsx", "summary")
    assert rows is not None
    found = {}
    for item, *_ in rows:
        text = str(item)
        if text.startswith("one more RM hour"):
            key = ("rm_capacity", text.partition("worth most at ")[2].partition(")")[0])
        elif text.startswith("one more unit of budget"):
            key = BUDGET
        else:
            continue
        row = keyed.loc[key]
        found[text] = (float(row["range_high"]), float(row["limit"]))
    return found


@pytest.mark.slow
@pytest.mark.parametrize("run", ["demo_run", "demo_decomposed"])
def test_no_line_prices_one_more_unit_beyond_its_range(
        run: str, request: pytest.FixtureRequest) -> None:
    # The demo's premier hours are priced 42.57 at RM00006 from 409 to 412, its limit: one
    # more hour lies beyond that range, so the row says it is not priced, in plan.xlsx as in
    # summary.md
    folder = request.getfixturevalue(run).folder
    rows = unit_rows(folder)
    ended = [label for label, (high, limit) in rows.items() if high <= limit + 1e-6 * limit]
    assert ended, rows  # the demo has such a price: the check below is not vacuous
    summary = (folder / "summary.md").read_text(encoding="utf-8")
    for label in rows:
        caveat = "not priced; the value shown holds only for fewer units" in label
        assert caveat == (label in ended), label
        assert f"| {label} |" in summary


@pytest.mark.slow
def test_a_limit_priced_with_room_left_does_not_claim_nothing_fits_it(
        demo_run: api.Run) -> None:
    # The mass tier's loss cap has 2.30 left, yet credit cards of smaller expected loss are
    # not taken: the note says the room is smaller than the largest single use, no more
    summary = (demo_run.folder / "summary.md").read_text(encoding="utf-8")
    assert "no whole customer or offer fits it" not in summary
    mass = [line for line in summary.splitlines()
            if line.startswith("| tier loss concentration | mass |")]
    assert any("priced with room left below its largest single use" in line
               for line in mass), mass
    words = Words("zh")
    said = words.term("whole decisions leave room")
    assert "放不下任何" not in said and said.startswith("尚有余量仍有边际价值：余量小于单项最大用量")

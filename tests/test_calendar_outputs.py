"""Under a campaign calendar the customer plan and plan.xlsx carry every contact's day and
channel: each customer's contacts and schedule, and a contacts sheet of one row per contact;
verify derives them again and names an edit of either."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from allocator import api
from allocator.runs import MANIFEST, OUTPUTS, output_hashes
from tests.builders import offer, world
from tests.test_calendar import calendar_run

__all__ = ["calendar_run"]  # the module's fixture, shared

SCHEDULES = {"A": (2, "day 10 email: dep (a1); day 20 call centre: loan (a3)"),
             "B": (2, "day 15 SMS: card (a5); day 20 call centre: loan (a3)"),
             "C": (0, None)}
"""Each customer's contacts and schedule in the calendar run (test_calendar's plan)."""


def _reseal(folder: Path) -> None:
    """The manifest's hashes made to match edited files: only the derived checks remain."""
    data = json.loads((folder / MANIFEST).read_text())
    data[OUTPUTS] = output_hashes(folder)
    (folder / MANIFEST).write_text(json.dumps(data))


def _copy(run: api.Run, tmp_path: Path) -> Path:
    return Path(shutil.copytree(run.folder, tmp_path / "run"))


def test_the_customer_plan_holds_each_customer_s_contacts_and_schedule(
        calendar_run: api.Run) -> None:
    plan = pd.read_csv(calendar_run.folder / "customer_plan.csv", dtype={"customer_id": str})
    assert list(plan.columns[6:9]) == ["offers", "contacts", "schedule"]
    shown = {row.customer_id: (row.contacts, None if pd.isna(row.schedule) else row.schedule)
             for row in plan.itertuples()}
    assert shown == SCHEDULES
    parquet = pd.read_parquet(calendar_run.folder / "customer_plan.parquet")
    assert parquet["schedule"].tolist()[:2] == [SCHEDULES["A"][1], SCHEDULES["B"][1]]


def test_each_schedule_is_the_offer_plan_s_rows_for_that_customer(calendar_run: api.Run
                                                                   ) -> None:
    offers = pd.read_csv(calendar_run.folder / "offer_plan.csv", dtype={"customer_id": str})
    plan = pd.read_csv(calendar_run.folder / "customer_plan.csv", dtype={"customer_id": str})
    for row in plan.itertuples():
        mine = offers[offers["customer_id"] == row.customer_id].sort_values(["day", "offer_id"])
        assert row.contacts == len(mine)
        said = [f"day {r.day} {r.channel.replace('_', ' ').replace('sms', 'SMS')}: "
                f"{r.offer} ({r.offer_id})" for r in mine.itertuples()]
        assert (row.schedule if isinstance(row.schedule, str) else "") == "; ".join(said)


def test_plan_xlsx_has_the_schedules_and_a_sheet_of_every_contact(calendar_run: api.Run
                                                                  ) -> None:
    book = load_workbook(calendar_run.folder / "plan.xlsx")
    assert book.sheetnames[-2:] == ["calendar", "contacts"]
    customers = [*book["customer plan"].iter_rows(values_only=True)]
    at = customers[0].index("schedule")
    assert customers[0][at - 1] == "contacts"
    assert {r[0]: (r[at - 1], r[at]) for r in customers[1:]} == SCHEDULES
    sheet = book["contacts"]
    assert sheet.freeze_panes == "A2" and sheet.auto_filter.ref == "A1:G5"
    rows = [*sheet.iter_rows(values_only=True)]
    assert rows == [("customer id", "day", "week", "month", "channel", "offer", "activity"),
                    ("A", 10, 2, 1, "email", "dep", "a1"),
                    ("A", 20, 3, 1, "call centre", "loan", "a3"),
                    ("B", 15, 3, 1, "SMS", "card", "a5"),
                    ("B", 20, 3, 1, "call centre", "loan", "a3")]


def test_an_edited_schedule_fails_verify_against_the_plan_sealed_or_not(
        calendar_run: api.Run, tmp_path: Path) -> None:
    """Named once, by what differs: its changed hash is not said besides."""
    folder = _copy(calendar_run, tmp_path)
    path = folder / "customer_plan.csv"
    path.write_text(path.read_text().replace("day 10 email", "day 11 email", 1))
    edited = [v.detail for v in api.verify_run(folder).violations
              if v.label == "customer_plan.csv"]
    assert len(edited) == 1 and "'schedule'" in edited[0] and "SHA-256" not in edited[0]
    _reseal(folder)
    broken = [v.detail for v in api.verify_run(folder).violations
              if v.label == "customer_plan.csv"]
    assert broken and "'schedule'" in broken[0] and "A" in broken[0]


@pytest.mark.parametrize(("column", "value"), [("schedule", "day 1 email: dep (a1)"),
                                               ("contacts", 5)])
def test_an_edited_parquet_schedule_fails_against_its_offers(
        calendar_run: api.Run, tmp_path: Path, column: str, value: object) -> None:
    folder = _copy(calendar_run, tmp_path)
    plan = pd.read_parquet(folder / "customer_plan.parquet")
    plan.loc[0, column] = value
    plan.to_parquet(folder / "customer_plan.parquet", index=False)
    plan.to_csv(folder / "customer_plan.csv", index=False)
    _reseal(folder)
    report = api.verify_run(folder)
    broken = [v.detail for v in report.violations if v.label == "customer_plan.parquet"]
    assert not report.ok and broken and f"column '{column}'" in broken[0], report.violations
    assert "the customer's offers and the calendar" in broken[0]


def test_an_edited_contacts_sheet_fails_verify(calendar_run: api.Run, tmp_path: Path) -> None:
    folder = _copy(calendar_run, tmp_path)
    book = load_workbook(folder / "plan.xlsx")
    book["contacts"]["B2"] = 11  # A's first contact on day 11, not 10
    book.save(folder / "plan.xlsx")
    _reseal(folder)
    report = api.verify_run(folder)
    broken = [v.detail for v in report.violations if v.label == "plan.xlsx"]
    assert not report.ok and any("'contacts': row 2 (customer_id A), column B 'day'" in d
                                 for d in broken), broken


def test_a_run_without_a_calendar_keeps_its_customer_plan_columns(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 offers={"o": offer(100, cost=1)})
    folder = api.run(path).folder
    assert (folder / "customer_plan.csv").read_text().splitlines()[0] == (
        "customer_id,tier,tier_reason,region,rm_id,incumbent_rm,offers,clv,coverage_value,"
        "offer_value,offer_cost,expected_loss,package")
    assert "contacts" not in load_workbook(folder / "plan.xlsx").sheetnames


"""Under a campaign calendar verify holds each contact's day in offer_plan.csv to the day its
activity runs: a day outside the horizon, not whole, blank or another day of the horizon is a
hard violation naming the line, customer, activity, the day found and the activity's day; so is
plan.xlsx's contacts sheet disagreeing with offer_plan.csv, even where the pages were written
by another version (and checked by hash)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pandas as pd
import pytest
from openpyxl import load_workbook

from allocator import api
from allocator.errors import speak
from allocator.runs import MANIFEST, OUTPUTS, output_hashes
from tests.test_calendar import calendar_run

__all__ = ["calendar_run"]  # the module's fixture, shared


def _reseal(folder: Path) -> None:
    """The manifest's hashes made to match edited files: only the derived checks remain."""
    data = json.loads((folder / MANIFEST).read_text())
    data[OUTPUTS] = output_hashes(folder)
    (folder / MANIFEST).write_text(json.dumps(data))


def _with_day(run: api.Run, tmp_path: Path, day: object) -> Path:
    """A copy of the run whose offer_plan.csv gives its first contact (A's a1, on day 10)
    `day`, resealed."""
    folder = Path(shutil.copytree(run.folder, tmp_path / "run"))
    plan = pd.read_csv(folder / "offer_plan.csv", dtype={"customer_id": str})
    plan["day"] = plan["day"].astype(object)
    plan.loc[0, "day"] = day
    plan.to_csv(folder / "offer_plan.csv", index=False)
    _reseal(folder)
    return folder


def _found(folder: Path, label: str) -> list[str]:
    report = api.verify_run(folder)
    assert not report.ok
    return [" ".join(v.detail.split()) for v in report.hard_violations if v.label == label]


@pytest.mark.parametrize(("day", "shown", "why"), [
    (400, "400", "is not a whole day from 1 to 120"),
    (-5, "-5", "is not a whole day from 1 to 120"),
    (10.5, "10.5", "is not a whole day from 1 to 120"),
    ("", "(blank)", "is not a whole day from 1 to 120"),
    (11, "11", "is not a day the activity runs")])
def test_a_contact_on_a_day_its_activity_does_not_run_fails_verify(
        calendar_run: api.Run, tmp_path: Path, day: object, shown: str, why: str) -> None:
    found = _found(_with_day(calendar_run, tmp_path, day), "offer_plan.csv")
    assert found and (f"line 2 (customer A, activity a1): day {shown} {why}; the activity "
                      "runs on day 10") in found[0], found


def test_a_wrong_contact_day_is_named_in_chinese(calendar_run: api.Run, tmp_path: Path
                                                 ) -> None:
    folder = _with_day(calendar_run, tmp_path, 400)
    speak("zh", pin=True)
    found = _found(folder, "offer_plan.csv")
    assert found and ("第 2 行（客户 A，活动 a1）：日期 400 不是 1 至 120 之间的整日；"
                      "该活动在第 10 天进行") in found[0], found


def test_a_contacts_sheet_day_other_than_the_offer_plan_s_fails_even_checked_by_hash(
        calendar_run: api.Run, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    folder = Path(shutil.copytree(calendar_run.folder, tmp_path / "run"))
    monkeypatch.setattr("allocator.folder_check.same_renderer", lambda manifest: False)
    book = load_workbook(folder / "plan.xlsx")
    book["contacts"]["B2"] = 11  # A's first contact on day 11, not 10
    book.save(folder / "plan.xlsx")
    _reseal(folder)
    found = _found(folder, "plan.xlsx")
    assert any("sheet 'contacts'" in d and "column B 'day'" in d for d in found), found

"""The campaign calendar's charts draw its limits: below the contacts per week, each channel
capacity and channel limit with the contacts it counts so far over its window (values, not
images: the limits are the scenario's, the contacts so far end at constraints.csv's use)."""

from __future__ import annotations

import pandas as pd

from allocator import api
from allocator.campaigns.charts import contact_limits
from tests.test_calendar import calendar_run

__all__ = ["calendar_run"]  # the module's fixture, shared


def test_the_weekly_chart_draws_each_limit_on_contacts_with_the_contacts_under_it(
        calendar_run: api.Run) -> None:
    folder = calendar_run.folder
    calendar = calendar_run.outcome.prepared.loaded.scenario.calendar
    assert calendar is not None
    limits = pd.read_csv(folder / "constraints.csv", dtype={"label": str})
    drawn = contact_limits(pd.read_csv(folder / "calendar.csv"), calendar, limits)
    assert [(x.name, x.channel, x.sense, x.limit, x.first, x.last) for x in drawn] == [
        ("email", "email", "le", 1.0, 1, 20), ("sms", "sms", "ge", 1.0, 1, 20)]  # the rules'
    used = limits.set_index("label").loc[["email", "sms"], "used"].tolist()
    assert [float(x.so_far[-1]) for x in drawn] == used == [1.0, 1.0]
    assert drawn[0].days.tolist() == [10]  # A's email on day 10; B's SMS on day 15
    html = (folder / "report.html").read_text()
    weeks = html[html.index('id="calendar-weeks"'):html.index('id="calendar-limits"')]
    assert "email capacity 1" in weeks and "SMS minimum 1" in weeks


def test_a_channel_capacity_is_drawn_over_the_whole_horizon(calendar_run: api.Run) -> None:
    calendar = calendar_run.outcome.prepared.loaded.scenario.calendar
    assert calendar is not None
    table = pd.read_csv(calendar_run.folder / "calendar.csv")
    capacity = pd.DataFrame([{"family": "channel_capacity", "constraint": "channel_capacity",
                              "label": "call_centre", "sense": "le", "limit": 120.0,
                              "used": 2.0}])
    drawn = contact_limits(table, calendar, capacity)
    assert [(x.limit, x.first, x.last, x.days.tolist(), x.so_far.tolist()) for x in drawn] == [
        (120.0, 1, 120, [20, 60], [2.0, 2.0])]  # a3 twice by day 20, a4 never

"""The scenario an instance's import writes (allocator.campaigns.bigler), checked as the
scenario's loading checks it before a file is written: a value the scenario refuses (an
activity on day 0, a negative bound, a lag of 0) is refused in the words the scenario's check
gives, named by the table, column and line that give it, and the scenario's key it would be."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from pydantic import ValidationError

from allocator.errors import UserError
from allocator.scenario.error_texts import value_texts
from allocator.scenario.schema import Scenario

ACTIVITY_COLUMNS = {"day": "Day", "products": "TargetProducts", "cost": "Cost",
                    "channel": "Channel"}
"""An activity's keys (calendar.activities.aN, offers.aN) -> table1.csv's columns."""
RULE_COLUMNS = {"start": "StartDay", "end": "EndDay", "channels": "Channels",
                "products": "TargetProducts", "min": "Bound", "max": "Bound", "limit": "Bound"}
"""A rule's keys (calendar.<section>.rule_N) -> table3.csv's columns."""
CONFLICT_COLUMNS = {("lag",): "Lag", ("first", "channels"): "Channel1",
                    ("first", "products"): "TargetProduct1",
                    ("second", "channels"): "Channel2", ("second", "products"): "TargetProduct2"}
"""A conflict's keys (calendar.conflicts.conflict_N) -> table4.csv's columns."""


def check_scenario(scenario: Mapping[str, Any], tables: Sequence[pd.DataFrame]) -> None:
    """UserError at the first value of `scenario` the scenario's model refuses, named where
    the instance's `tables` (activities, pairs, rules, conflicts, as read) give it."""
    try:
        Scenario.model_validate(scenario)
    except ValidationError as exc:
        error = exc.errors()[0]
        english, chinese = value_texts(error, table=True)
        key = ".".join(str(part) for part in error["loc"])
        source = _source(tuple(error["loc"]), tables)
        if source is None:
            raise UserError.said("instance_refused_key", key=key, problem=english,
                                 problem_zh=chinese) from None
        file, column, line = source
        raise UserError.said("instance_refused_line" if column is None else
                             "instance_refused_cell", file=file, column=column,
                             line=f"{line:,}", key=key, problem=english,
                             problem_zh=chinese) from None


def _source(loc: tuple[Any, ...], tables: Sequence[pd.DataFrame]
            ) -> tuple[str, str | None, int] | None:
    """The table, column (None: the line as a whole) and line that give the scenario's key
    `loc`; None for a key no one cell gives."""
    activities, _, rules, conflicts = tables
    match loc:
        case ("calendar", "activities", str(name), *rest) | ("offers", str(name), *rest):
            column = ACTIVITY_COLUMNS.get(rest[0]) if rest else None
            return "table1.csv", column, _line(activities["Activity"], name.removeprefix("a"))
        case ("calendar", "conflicts", str(name), *rest):
            return ("table4.csv", CONFLICT_COLUMNS.get(tuple(rest[:2]))
                    or CONFLICT_COLUMNS.get(tuple(rest[:1])),
                    _line(conflicts["Index"], name.removeprefix("conflict_")))
        case ("calendar", str(), str(name), *rest) if name.startswith("rule_"):
            column = RULE_COLUMNS.get(rest[0]) if rest else None
            return "table3.csv", column, _line(rules["Index"], name.removeprefix("rule_"))
        case ("calendar", "horizon"):
            return _latest_day(activities, rules)
    return None


def _line(ids: pd.Series, written: str) -> int:
    """The line of the table (its header line 1) whose id is `written`."""
    return int(np.flatnonzero(ids.astype(str).to_numpy() == written)[0]) + 2


def _latest_day(activities: pd.DataFrame, rules: pd.DataFrame) -> tuple[str, str, int]:
    """The cell giving the horizon: the latest day of an activity or a rule's end."""
    day, end = activities["Day"], rules["EndDay"]
    if len(end) and end.max() > day.max():
        return "table3.csv", "EndDay", int(np.argmax(end.to_numpy())) + 2
    return "table1.csv", "Day", int(np.argmax(day.to_numpy())) + 2

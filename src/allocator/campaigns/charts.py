"""The calendar's charts for report.html: contacts per week by channel, and each channel
limit, channel budget and sales target against its bound."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from allocator.campaigns.activities import Activities, covered
from allocator.campaigns.calendar_tables import rm_hours_table
from allocator.memo import remembered
from allocator.report.charts import GREY, TEXT, render, share_bars
from allocator.report.language import Words
from allocator.scenario.calendar import CalendarSection, Selection

FAMILIES = ("channel_capacity", "channel_window", "channel_budget", "product_sales")
"""The families whose rows total the whole plan's contacts under a calendar."""
CONTACT_FAMILIES = ("channel_capacity", "channel_window")
"""Those of them that count contacts in a window."""
PALETTE = ("#1F3864", "#2E75B6", "#ED7D31", "#70AD47", "#7F7F7F", "#FFC000", "#C00000")


@dataclass(frozen=True)
class ContactLimit:
    """A limit on the contacts of all customers in a window (a channel's capacity over the
    horizon, or a channel limit of the calendar), and the plan's contacts under it so far,
    by day."""

    name: str
    channel: str | None
    """The one channel it covers (None: several, or all)."""
    sense: str
    limit: float
    first: int
    last: int
    days: np.ndarray
    so_far: np.ndarray


def contact_limits(activities: pd.DataFrame, calendar: CalendarSection,
                   constraints: pd.DataFrame) -> list[ContactLimit]:
    """Each channel capacity (rules.channel_capacity, over the whole horizon) and channel
    limit (calendar.channel_limits) as constraints.csv holds it, with the contacts it counts
    added up day by day over its window (activities: the calendar table)."""
    acts = _activities(activities, calendar.horizon)
    found = []
    for row in constraints[constraints["family"].isin(CONTACT_FAMILIES)].itertuples():
        label = str(row.label)
        rule = (Selection.model_validate({"channels": [label]}) if row.family == "channel_capacity"
                else calendar.channel_limits.get(label))
        if rule is None:
            continue
        mine = covered(rule, acts)
        days = acts.day[mine]
        so_far = np.cumsum(activities["contacts"].to_numpy(dtype=float)[mine])
        channel = rule.channels[0] if rule.channels and len(rule.channels) == 1 else None
        found.append(ContactLimit(label, channel, str(row.sense), float(row.limit),
                                  rule.start, calendar.horizon if rule.end is None else rule.end,
                                  days, so_far))
    return found


def _activities(table: pd.DataFrame, horizon: int) -> Activities:
    """The calendar table's activities, as the rules' selections read them."""
    size = len(table)
    return Activities(tuple(table["activity"].astype(str)), table["day"].to_numpy(dtype=int),
                      table["channel"].to_numpy(dtype=object),
                      tuple(frozenset(str(p).split("|")) for p in table["products"]),
                      table["cost_per_contact"].to_numpy(dtype=float), horizon,
                      np.zeros(size))


def _week_x(day: np.ndarray | int) -> np.ndarray:
    """A day's place on the weeks' axis: week w's bar stands at w over days 7w-6 to 7w."""
    return (np.asarray(day, dtype=float) + 3.0) / 7.0


@remembered
def weekly_contacts(activities: pd.DataFrame, words: Words,
                    limits: Sequence[ContactLimit] = ()) -> str:
    """Contacts per week, stacked by channel (activities: the calendar table); below, each
    limit on contacts in a window: the contacts under it so far against its capacity (or
    minimum), a window's total being no weekly rate."""
    weeks = activities.pivot_table(index="week", columns="channel", values="contacts",
                                   aggfunc="sum", fill_value=0)
    colours = {str(ch): PALETTE[k % len(PALETTE)] for k, ch in enumerate(weeks.columns)}

    def draw(figure: Figure) -> None:
        if limits:
            axes, below = figure.subplots(2, 1, sharex=True, height_ratios=(3, 2))
            _so_far(below, limits, colours, words)
        else:
            axes = figure.subplots()
        bottom = np.zeros(len(weeks))
        for channel in weeks.columns:
            values = weeks[channel].to_numpy(dtype=float)
            axes.bar(weeks.index, values, bottom=bottom, color=colours[str(channel)],
                     label=words.term(str(channel)))
            bottom += values
        (below if limits else axes).set_xlabel(words.column("week"))
        axes.set_title(words("chart_calendar"))
        axes.legend(frameon=False, ncols=2)
        axes.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))

    return render(draw, height=5.6 if limits else 3.2)


def _so_far(axes: Axes, limits: Sequence[ContactLimit], colours: dict[str, str],
            words: Words) -> None:
    """Each limit's contacts so far over its window (a step per contact day) and its bound
    as a dashed line over the window, named at its end."""
    for limit in limits:
        colour = colours.get(str(limit.channel), GREY)
        days = np.r_[limit.first, limit.days, limit.last]
        used = np.r_[0.0, limit.so_far, limit.so_far[-1] if len(limit.so_far) else 0.0]
        name = words.term(limit.channel) if limit.channel else words.term(limit.name)
        axes.step(_week_x(days), used, where="post", color=colour, linewidth=1.8, label=name)
        ends = _week_x(np.array([limit.first, limit.last]))
        axes.hlines(limit.limit, ends[0] - 0.5 / 7, ends[1] + 0.5 / 7, colors=colour,
                    linestyles="--", linewidth=1.5)
        said = words("legend_capacity" if limit.sense == "le" else "legend_floor")
        axes.annotate(words.joined(name, said, f"{limit.limit:,.0f}"), (ends[0], limit.limit),
                      xytext=(2, 3), textcoords="offset points", ha="left", va="bottom",
                      size=TEXT - 1, color=colour)
    axes.set_ylabel(words("calendar_so_far"))
    axes.set_ylim(0, max(max(x.limit for x in limits), *(
        float(x.so_far.max(initial=0)) for x in limits)) * 1.2 or 1.0)
    axes.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))


@remembered
def calendar_limits(constraints: pd.DataFrame, words: Words) -> str:
    """Each channel limit, budget and sales target: the share of its bound the plan uses,
    the amounts written on the bar."""
    rows = constraints[constraints["family"].isin(FAMILIES)].reset_index(drop=True)

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        share_bars(axes, rows, [words.term(c) + words.sep("colon") + words.term(label)
                                for c, label in zip(rows["constraint"], rows["label"],
                                                    strict=True)], "{:,.1f}")
        figure.suptitle(words("chart_calendar_limits"), x=0.01, ha="left", weight="bold",
                        size=TEXT + 1)  # over the names too: a long title is never cut

    return render(draw, height=max(1.8, 0.45 * len(rows) + 1.0))


@remembered
def rm_month_hours(hours: pd.DataFrame, words: Words) -> str:
    """Per month and RM grade: the hours its RMs give RM contacts against their hours per
    month (hours: rm_hours_table)."""
    rows = hours.rename(columns={"rm_hours": "used", "hours_per_month": "limit"})

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        share_bars(axes, rows, [words("rm_hours_bar", first=first, last=last,
                                      grade=words.term(grade)) for first, last, grade in
                                zip(rows["first_day"], rows["last_day"], rows["grade"],
                                    strict=True)], "{:,.1f}")
        figure.suptitle(words("chart_rm_hours"), x=0.01, ha="left", weight="bold",
                        size=TEXT + 1)

    return render(draw, height=max(1.8, 0.45 * len(rows) + 1.0))


def calendar_figures(activities: pd.DataFrame, calendar: CalendarSection,
                     constraints: pd.DataFrame, words: Words) -> list[tuple[str, str]]:
    """The calendar's figures (id, svg): the weeks (with the limits on contacts), the limits
    when there are any, and the RM hours per month when RMs have them."""
    limits = contact_limits(activities, calendar, constraints)
    figures = [("calendar-weeks", weekly_contacts(activities, words, limits))]
    if constraints["family"].isin(FAMILIES).any():
        figures.append(("calendar-limits", calendar_limits(constraints, words)))
    hours = rm_hours_table(constraints)
    if len(hours):
        figures.append(("calendar-rm-hours", rm_month_hours(hours, words)))
    return figures

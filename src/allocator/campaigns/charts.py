"""The calendar's charts for report.html: contacts per week by channel, and each channel
limit, channel budget and sales target against its bound."""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.figure import Figure

from allocator.campaigns.tables import rm_hours_table
from allocator.report.charts import render, share_bars
from allocator.report.language import Words

FAMILIES = ("channel_window", "channel_budget", "product_sales")
"""The calendar's families whose rows total the whole plan."""
PALETTE = ("#1F3864", "#2E75B6", "#ED7D31", "#70AD47", "#7F7F7F", "#FFC000", "#C00000")


def weekly_contacts(activities: pd.DataFrame, words: Words) -> str:
    """Contacts per week, stacked by channel (activities: the calendar table)."""
    weeks = activities.pivot_table(index="week", columns="channel", values="contacts",
                                   aggfunc="sum", fill_value=0)

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        bottom = np.zeros(len(weeks))
        for k, channel in enumerate(weeks.columns):
            values = weeks[channel].to_numpy(dtype=float)
            axes.bar(weeks.index, values, bottom=bottom, color=PALETTE[k % len(PALETTE)],
                     label=words.term(str(channel)))
            bottom += values
        axes.set_xlabel(words.column("week"))
        axes.set_title(words("chart_calendar"))
        axes.legend(frameon=False)
        axes.yaxis.set_major_formatter(matplotlib.ticker.StrMethodFormatter("{x:,.0f}"))

    return render(draw)


def calendar_limits(constraints: pd.DataFrame, words: Words) -> str:
    """Each channel limit, budget and sales target: the share of its bound the plan uses,
    the amounts written on the bar."""
    rows = constraints[constraints["family"].isin(FAMILIES)].reset_index(drop=True)

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        share_bars(axes, rows, [f"{words.term(c)}: {words.term(label)}" for c, label in
                                zip(rows["constraint"], rows["label"], strict=True)], "{:,.1f}")
        axes.set_title(words("chart_calendar_limits"))

    return render(draw, height=max(1.8, 0.45 * len(rows) + 1.0))


def rm_month_hours(hours: pd.DataFrame, words: Words) -> str:
    """Per month and RM grade: the hours its RMs give RM contacts against their hours per
    month (hours: rm_hours_table)."""
    rows = hours.rename(columns={"rm_hours": "used", "hours_per_month": "limit"})

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        share_bars(axes, rows, [f"{words('rm_hours_month', first=first, last=last)} "
                                f"{words.term(grade)}" for first, last, grade in
                                zip(rows["first_day"], rows["last_day"], rows["grade"],
                                    strict=True)], "{:,.1f}")
        axes.set_title(words("chart_rm_hours"))

    return render(draw, height=max(1.8, 0.45 * len(rows) + 1.0))


def calendar_figures(activities: pd.DataFrame, constraints: pd.DataFrame, words: Words
                     ) -> list[tuple[str, str]]:
    """The calendar's figures (id, svg): the weeks, the limits when there are any, and the
    RM hours per month when RMs have them."""
    figures = [("calendar-weeks", weekly_contacts(activities, words))]
    if constraints["family"].isin(FAMILIES).any():
        figures.append(("calendar-limits", calendar_limits(constraints, words)))
    hours = rm_hours_table(constraints)
    if len(hours):
        figures.append(("calendar-rm-hours", rm_month_hours(hours, words)))
    return figures

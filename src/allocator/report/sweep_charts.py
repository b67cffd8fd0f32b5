"""The sweep's chart as inline SVG: the efficient frontier, expected value against the varied
key, drawn in the plan charts' style (allocator.report.charts)."""

from __future__ import annotations

import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from allocator.memo import remembered
from allocator.report.axis_numbers import Grouped, axis_start, compact, thousands
from allocator.report.charts import BLUE, NAVY, RED, TEXT, in_currency, render
from allocator.report.language import Words


@remembered
def frontier(curve: pd.DataFrame, key: str, words: Words, currency: str = "") -> str:
    """Expected value against the varied key, shaded up to each point's bound (its gap: the
    band within which differences are noise), the knee marked when one is claimed. With RM
    costs, value net of them above and value before them below, two charts on one scale of
    the key, never two value axes on one plot. Each value axis, labelled with its
    `currency`, starts where its differences show, said below the plot; the legend stands
    below it, clear of the lines."""
    net = "net_value" in curve and bool(curve["net_value"].notna().any())
    value, bound = ("net_value", "net_bound") if net else ("objective", "bound")

    def draw(figure: Figure) -> None:
        if net:
            axes, gross = figure.subplots(2, 1, sharex=True)
        else:
            axes, gross = figure.subplots(), None
        _frontier_line(axes, curve, key, (value, bound), words, currency)
        axes.set_title(words("chart_frontier_net" if net else "chart_frontier",
                             key=words.column(key)))
        cuts = [(value, "axis_upper" if net else "axis_left",
                 _start_axis(axes, curve, [value, bound]))]
        lowest = axes
        if gross is not None:  # value before RM cost, a chart of its own: its steps show
            _frontier_line(gross, curve, key, ("objective", "bound"), words, currency)
            gross.set_title(words("chart_frontier", key=words.column(key)))
            cuts.append(("objective", "axis_lower",
                         _start_axis(gross, curve, ["objective", "bound"])))
            axes.set_xlabel("")
            lowest = gross
        lowest.legend(loc="upper center", bbox_to_anchor=(0.5, -0.25), ncol=2,
                      frameon=False)  # below the axis' name: clear of every line
        if any(start > 0 for *_, start in cuts):  # said below, each axis by its name
            figure.supxlabel("\n".join(
                words("axis_cut_named", axis=words.column(name), side=words(side),
                      start=compact(start, words.language))
                for name, side, start in cuts if start > 0), x=0.01, ha="left", size=TEXT,
                wrap=True)  # within the figure's width, never cut at its edge

    return render(draw, height=7.0 if net else 4.2)


def _frontier_line(axes: Axes, curve: pd.DataFrame, key: str, columns: tuple[str, str],
                   words: Words, currency: str) -> None:
    """One value of the sweep's points against the key, shaded up to each point's bound,
    the knee marked when one is claimed; its axis in `currency`."""
    value, bound = columns
    x, y = curve[key].to_numpy(float), curve[value].to_numpy(float)
    axes.fill_between(x, y, curve[bound].to_numpy(float), color=BLUE, alpha=0.25,
                      linewidth=0, label=words("gap_band"))
    axes.errorbar(x, y, yerr=[np.zeros(len(y)), np.clip(np.nan_to_num(
        curve[bound].to_numpy(float) - y), 0, None)], fmt="none", ecolor=BLUE, capsize=3,
        linewidth=1)
    axes.plot(x, y, marker="o", color=NAVY)
    knee = curve[curve["knee"].astype(bool)]
    if len(knee):  # the knee is marked, and named in the legend, only when claimed
        axes.scatter(knee[key], knee[value], s=140, facecolors="none", edgecolors=RED,
                     linewidths=2, label=words("knee"), zorder=3)
    if np.all(np.mod(x, 1) == 0):  # a count (RMs added): whole ticks only
        axes.xaxis.set_major_locator(matplotlib.ticker.MaxNLocator(integer=True))
    axes.xaxis.set_major_formatter(Grouped())  # the key's values as the tables write them
    axes.set_xlabel(words.column(key))
    axes.set_ylabel(in_currency(words.column(value), currency, words))
    thousands(axes, "y", words.language)


def frontier_start(curve: pd.DataFrame, columns: list[str]) -> float:
    """Where a value axis of the frontier starts (axis_start) over the `columns` it draws."""
    values = pd.concat([pd.to_numeric(curve[name], errors="coerce") for name in columns
                        if name in curve]).to_numpy(float)
    return axis_start(values[np.isfinite(values)])


def _start_axis(axes: Axes, curve: pd.DataFrame, columns: list[str]) -> float:
    start = frontier_start(curve, columns)
    if start > 0:
        axes.set_ylim(bottom=start)
    return start

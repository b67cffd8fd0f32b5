"""The plan's charts as inline SVG (matplotlib, no pyplot state). Pure: tables in, SVG text out.
The sweep's frontier is in sweep_charts.py, the calendar's in allocator.campaigns.charts, the
value axes' numbers in axis_numbers.py.

Text stays text in the SVG (`svg.fonttype: none`), so labels are searchable, small, and drawn by
the browser in the reader's language; ids are salted with a constant so the same plan gives the
same bytes.
"""

from __future__ import annotations

import io
import logging
import warnings
from collections.abc import Callable
from typing import Any, cast

import matplotlib
import matplotlib.ticker
import numpy as np
import pandas as pd
from matplotlib.axes import Axes
from matplotlib.figure import Figure

from allocator.memo import remembered
from allocator.report.axis_numbers import axis_start, compact, thousands
from allocator.report.cell_texts import percent_text, use_text
from allocator.report.language import Language, Words

NAVY, BLUE, ORANGE, RED, GREY = "#1F3864", "#2E75B6", "#ED7D31", "#C00000", "#7F7F7F"
WHITE = "#FFFFFF"
TEXT = 11
"""Points: every chart's text, shown at 7 inches wide in a half-page column (or a whole A4
column in print), stays at 11 px or more on screen and on paper."""
STYLE: dict[str, Any] = {
    "svg.fonttype": "none", "svg.hashsalt": "allocator", "font.size": TEXT,
    "font.family": ["sans-serif"],
    "font.sans-serif": ["Noto Sans CJK SC", "WenQuanYi Micro Hei", "Microsoft YaHei",
                        "PingFang SC", "DejaVu Sans"],
    "axes.spines.top": False, "axes.spines.right": False, "axes.titlesize": TEXT + 1,
    "axes.titleweight": "bold", "axes.titlelocation": "left",
}
Draw = Callable[[Figure], None]
MAX_LABELLED_CELLS = 120
"""A heatmap with more cells (hundreds of regions) is read by colour; its numbers are in the
tables."""
MAX_TICKS = 40
logging.getLogger("matplotlib.font_manager").setLevel(logging.ERROR)  # a missing bold weight
# of a CJK font is drawn in its regular weight: not worth a line in the terminal


def render(draw: Draw, width: float = 7.0, height: float = 3.2) -> str:
    """Draw on a fresh figure and return it as an <svg> element."""
    with matplotlib.rc_context(cast(Any, STYLE)), warnings.catch_warnings():
        warnings.simplefilter("ignore", UserWarning)  # glyphs missing from fallback fonts
        figure = Figure(figsize=(width, height), layout="constrained")
        draw(figure)
        buffer = io.StringIO()
        figure.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None})
    text = buffer.getvalue()
    return text[text.index("<svg"):]


@remembered
def tier_pyramid(tiers: pd.DataFrame, words: Words, currency: str = "") -> str:
    """Customers and value (in `currency`) per tier, the top tier on top."""
    def draw(figure: Figure) -> None:
        left, right = figure.subplots(1, 2, sharey=True)
        y = np.arange(len(tiers))[::-1]
        _barh(left, y, tiers["customers"], NAVY, words("legend_customers"), "right",
              words.language)
        left.invert_xaxis()
        left.tick_params(axis="y", length=0, pad=40)
        left.set_yticks(y, [words.term(t) for t in tiers["tier"]])
        _barh(right, y, tiers["value"], BLUE,
              in_currency(words("legend_value"), currency, words), "left", words.language)
        right.tick_params(axis="y", length=0)  # no tick beside a label: never read as a minus
        figure.suptitle(words("chart_pyramid"), x=0.01, ha="left", weight="bold", size=TEXT + 1)

    return render(draw)


@remembered
def budget_by_tier(tiers: pd.DataFrame, words: Words) -> str:
    """Package and offer spend per tier, the package named on its bar."""
    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        y = np.arange(len(tiers))[::-1]
        package = tiers["package_cost"].to_numpy(float)
        axes.barh(y, package, color=NAVY, label=words("legend_package_cost"))
        axes.barh(y, tiers["offer_cost"], left=package, color=ORANGE,
                  label=words("legend_offer_cost"))
        for yi, name, cost in zip(y, tiers["package"], package, strict=True):
            if name is not None and cost > 0:
                axes.text(cost / 2, yi, words.term(name), ha="center", va="center", color="white",
                          size=TEXT)
        axes.set_yticks(y, [words.term(t) for t in tiers["tier"]])
        axes.set_title(words("chart_budget"))
        axes.legend(frameon=False, loc="lower right")
        thousands(axes, "x", words.language)

    return render(draw)


@remembered
def rm_utilization(books: pd.DataFrame, words: Words) -> str:
    """Booked hours over capacity, per RM grade (rows) and region (columns)."""
    totals = books.groupby(["grade", "region"])[["hours", "capacity_hours"]].sum()
    share = (totals["hours"] / totals["capacity_hours"].where(totals["capacity_hours"] > 0)
             ).unstack("region")
    return _heatmap(share.rename(index=words.term, columns=words.term), words("chart_rm"),
                    use_text, vmax=1.0, size=(7.0, max(1.6, 0.45 * len(share) + 1.0)))


@remembered
def offer_volumes(offers: pd.DataFrame, words: Words) -> str:
    """Offers made, with each offer's quota and minimum marked."""
    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        x = np.arange(len(offers))
        axes.bar(x, offers["made"], color=BLUE, label=words("legend_made"))
        axes.scatter(x, offers["quota"], marker="_", s=600, color=RED, linewidths=2,
                     label=words("legend_quota"), zorder=3)
        minimum = offers["minimum"].where(offers["minimum"] > 0)
        axes.scatter(x, minimum, marker="_", s=600, color=ORANGE, linewidths=2,
                     label=words("legend_minimum"), zorder=3)
        axes.set_xticks(x, [words.term(o) for o in offers["offer_id"]], rotation=30, ha="right")
        axes.set_title(words("chart_offers"))
        axes.legend(frameon=False)
        thousands(axes, "y", words.language)

    return render(draw)


@remembered
def risk_against_caps(caps: pd.DataFrame, words: Words) -> str:
    """Each portfolio cap (expected loss, capital): the share of it the plan uses, with the
    amounts written on the bar (caps have different units, so shares share one axis)."""
    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        share_bars(axes, caps, [words.term(n) for n in caps["constraint"]], "{:,.0f}",
                   words("cap"))
        axes.set_title(words("chart_risk"))
        axes.legend(frameon=False, loc="lower right")

    return render(draw, height=max(1.8, 0.7 * len(caps) + 1.0))


def share_bars(axes: Axes, rows: pd.DataFrame, names: list[str], amount: str,
               line: str | None = None) -> None:
    """One bar per row: the share of its limit it uses (red when full; a minimum, `sense`
    ge, red when short of it), a line at 100% and `used / limit` written on the bar in the
    `amount` format."""
    y = np.arange(len(rows))[::-1]
    used, limit = rows["used"].to_numpy(float), rows["limit"].to_numpy(float)
    share = np.divide(used, limit, out=np.zeros(len(rows)), where=limit > 0)
    floor = (rows["sense"] == "ge").to_numpy() if "sense" in rows else np.zeros(len(rows), bool)
    alarm = np.where(floor, share < 1 - 1e-6, share >= 1 - 1e-6)
    axes.barh(y, share, color=[RED if a else BLUE for a in alarm], height=0.5)
    axes.axvline(1.0, color=NAVY, linewidth=2, label=line)
    for yi, u, lim, s in zip(y, used, limit, share, strict=True):
        axes.text(min(s, 1.0) + 0.01, yi, f"{amount.format(u)} / {amount.format(lim)}",
                  va="center", size=TEXT)
    axes.set_yticks(y, names)
    axes.set_xlim(0, max(1.35, float(share.max(initial=0)) + 0.1))
    axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))


@remembered
def value_components(components: dict[str, float], words: Words, currency: str = "") -> str:
    """Coverage, offers, packages and penalties: what the expected value is made of, in
    `currency`."""
    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        names = list(components)[::-1]
        values = np.array([components[n] for n in names], dtype=float)
        axes.barh(np.arange(len(names)), values, color=[BLUE if v >= 0 else RED for v in values])
        for i, v in enumerate(values):
            bar_label(axes, v, i, "right" if round(v) < 0 else "left")
        axes.set_yticks(np.arange(len(names)), [words.term(n) for n in names])
        axes.tick_params(axis="y", length=0)  # no tick beside a label: never read as a minus
        axes.axvline(0, color=GREY, linewidth=0.8)
        axes.set_title(words("chart_components"))
        axes.set_xlabel(currency)
        thousands(axes, "x", words.language)

    return render(draw, height=2.4)


@remembered
def tier_migration(matrix: pd.DataFrame, words: Words) -> str:
    """Customers by previous tier (rows) and new tier (columns)."""
    return _heatmap(matrix.rename(index=words.term, columns=words.term),
                    words("chart_migration"), "{:,.0f}".format, vmax=None,
                    size=(7.0, max(2.0, 0.45 * len(matrix) + 1.2)))


@remembered
def baselines(optimized: float, table: pd.DataFrame, names: list[str], words: Words) -> str:
    """The optimized plan's value beside each rule-of-thumb plan's (`names`), the difference
    written on each; the value axis starts where the differences show, and says so."""
    values = np.r_[optimized, table["value"].to_numpy(float)]
    start = axis_start(values)
    breaks = ~table["meets_every_limit"].to_numpy(bool)

    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        y = np.arange(len(values))[::-1]
        bars = axes.barh(y, values - start, left=start, color=[NAVY, *([GREY] * len(table))])
        for bar, broken in zip(bars.patches[1:], breaks, strict=True):
            if broken:  # a plan that breaks a limit: hatched, and said on its bar
                bar.set_hatch("//")
                bar.set_edgecolor(WHITE)
        for yi, v, up, broken in zip(y[1:], values[1:], table["uplift"], breaks, strict=True):
            mark = f" — {words('breaks_mark')}" if broken else ""
            axes.text(v, yi, f" {percent_text(up, '+')} ({optimized - v:+,.0f}){mark}",
                      va="center", ha="left", size=TEXT)
        axes.set_yticks(y, [words("optimized"), *names])
        top = float(values.max())
        axes.set_xlim(start, top + max(top - start, 1.0) * 0.45)
        axes.set_title(words("chart_baselines"))
        if start > 0:
            figure.supxlabel(words("axis_cut", start=compact(start, words.language)), x=0.01,
                             ha="left", size=TEXT)
        thousands(axes, "x", words.language)

    return render(draw, height=max(2.2, 0.5 * (len(table) + 1) + 1.4))


@remembered
def calibration(column: str, table: pd.DataFrame, words: Words) -> str:
    """Observed rate against mean predicted probability by decile, on held-out customers."""
    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        top = float(max(table["predicted"].max(), table["observed"].max(), 0.01)) * 1.05
        axes.plot([0, top], [0, top], color=GREY, linewidth=1, linestyle="--")
        axes.plot(table["predicted"], table["observed"], marker="o", color=NAVY)
        axes.set_xlabel(words.column("predicted"))
        axes.set_ylabel(words.column("observed"))
        axes.set_title(words("chart_calibration", column=words.term(column)))
        for axis in (axes.xaxis, axes.yaxis):
            axis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))

    return render(draw, width=5.0, height=3.2)


def in_currency(label: str, currency: str, words: Words) -> str:
    """An axis label with its currency: "Expected value (EUR)"."""
    return f"{label}{words.sep('open')}{currency}{words.sep('close')}" if currency else label


def _heatmap(table: pd.DataFrame, title: str, label: Callable[[float], str],
             vmax: float | None, size: tuple[float, float]) -> str:
    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        values = table.to_numpy(dtype=float)
        top = vmax if vmax is not None else max(float(np.nanmax(values, initial=0.0)), 1.0)
        axes.imshow(np.nan_to_num(values), cmap="Blues", vmin=0, vmax=top, aspect="auto")
        labelled = values if values.size <= MAX_LABELLED_CELLS else np.zeros((0, 0))
        for (i, j), v in np.ndenumerate(labelled):
            if not np.isnan(v):
                axes.text(j, i, label(v), ha="center", va="center", size=TEXT,
                          color="white" if v > 0.6 * top else "black")
        for ticks, names in ((axes.set_xticks, table.columns), (axes.set_yticks, table.index)):
            shown = np.arange(0, len(names), max(1, -(-len(names) // MAX_TICKS)))
            ticks(shown, [str(names[k]) for k in shown])
        axes.tick_params(length=0)
        axes.spines[:].set_visible(False)
        axes.set_title(title)

    return render(draw, *size)


def _barh(axes: Axes, y: np.ndarray, values: pd.Series, color: str, title: str,
          align: str, language: Language) -> None:
    """Bars labelled at their ends (`align` right when the axis grows leftwards)."""
    axes.barh(y, values, color=color)
    for yi, v in zip(y, values, strict=True):
        bar_label(axes, float(v), float(yi), align)
    axes.set_xlim(0, max(float(values.max()), 1.0) * 1.3)  # room for the labels
    axes.set_title(title, loc="center", weight="normal")
    thousands(axes, "x", language)


LABEL_GAP = 4
"""Points between a bar's end (or the axis line) and its value."""


def bar_label(axes: Axes, value: float, y: float, align: str) -> None:
    """A horizontal bar's value at its end, LABEL_GAP points clear of it (and of the axis
    line, for a bar too short to see), rounded without a sign for zero: never "-0"."""
    shown = round(value) + 0.0
    gap = LABEL_GAP if align == "left" else -LABEL_GAP
    axes.annotate(f"{shown:,.0f}", (value, y), xytext=(gap, 0), textcoords="offset points",
                  va="center", ha=align, size=TEXT)

"""The report's charts as inline SVG (matplotlib, no pyplot state). Pure: tables in, SVG text out.

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

from allocator.report.formats import percent_text
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
              _in_currency(words("legend_value"), currency, words), "left", words.language)
        right.tick_params(axis="y", length=0)  # no tick beside a label: never read as a minus
        figure.suptitle(words("chart_pyramid"), x=0.01, ha="left", weight="bold", size=TEXT + 1)

    return render(draw)


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
        _thousands(axes, "x", words.language)

    return render(draw)


def rm_utilization(books: pd.DataFrame, words: Words) -> str:
    """Booked hours over capacity, per RM grade (rows) and region (columns)."""
    totals = books.groupby(["grade", "region"])[["hours", "capacity_hours"]].sum()
    share = (totals["hours"] / totals["capacity_hours"].where(totals["capacity_hours"] > 0)
             ).unstack("region")
    return _heatmap(share.rename(index=words.term, columns=words.term), words("chart_rm"),
                    "{:.0%}", vmax=1.0, size=(7.0, max(1.6, 0.45 * len(share) + 1.0)))


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
        _thousands(axes, "y", words.language)

    return render(draw)


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
    """One bar per row: the share of its limit it uses (red when full), a line at 100% and
    `used / limit` written on the bar in the `amount` format."""
    y = np.arange(len(rows))[::-1]
    used, limit = rows["used"].to_numpy(float), rows["limit"].to_numpy(float)
    share = np.divide(used, limit, out=np.zeros(len(rows)), where=limit > 0)
    axes.barh(y, share, color=[RED if s >= 1 - 1e-6 else BLUE for s in share], height=0.5)
    axes.axvline(1.0, color=NAVY, linewidth=2, label=line)
    for yi, u, lim, s in zip(y, used, limit, share, strict=True):
        axes.text(min(s, 1.0) + 0.01, yi, f"{amount.format(u)} / {amount.format(lim)}",
                  va="center", size=TEXT)
    axes.set_yticks(y, names)
    axes.set_xlim(0, max(1.35, float(share.max(initial=0)) + 0.1))
    axes.xaxis.set_major_formatter(matplotlib.ticker.PercentFormatter(1.0))


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
        _thousands(axes, "x", words.language)

    return render(draw, height=2.4)


def tier_migration(matrix: pd.DataFrame, words: Words) -> str:
    """Customers by previous tier (rows) and new tier (columns)."""
    return _heatmap(matrix.rename(index=words.term, columns=words.term),
                    words("chart_migration"), "{:,.0f}", vmax=None,
                    size=(7.0, max(2.0, 0.45 * len(matrix) + 1.2)))


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
        _thousands(axes, "x", words.language)

    return render(draw, height=max(2.2, 0.5 * (len(table) + 1) + 1.4))


def axis_start(values: np.ndarray) -> float:
    """Where a value axis starts so that differences show: zero when they are large beside the
    values, else a little below the smallest value (at a round number)."""
    if not len(values):
        return 0.0
    low, high = float(values.min()), float(values.max())
    if low <= 0 or high - low > 0.25 * high:
        return 0.0
    spread = max(high - low, 1e-3 * high)
    step = 10 ** np.floor(np.log10(spread))
    return float(max(np.floor((low - 0.6 * spread) / step) * step, 0.0))


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
                for name, side, start in cuts if start > 0), x=0.01, ha="left", size=TEXT)

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
    axes.set_ylabel(_in_currency(words.column(value), currency, words))
    _thousands(axes, "y", words.language)


def _in_currency(label: str, currency: str, words: Words) -> str:
    """An axis label with its currency: "Expected value (EUR)"."""
    return f"{label}{words.sep('open')}{currency}{words.sep('close')}" if currency else label


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


def _heatmap(table: pd.DataFrame, title: str, label: str, vmax: float | None,
             size: tuple[float, float]) -> str:
    def draw(figure: Figure) -> None:
        axes = figure.subplots()
        values = table.to_numpy(dtype=float)
        top = vmax if vmax is not None else max(float(np.nanmax(values, initial=0.0)), 1.0)
        axes.imshow(np.nan_to_num(values), cmap="Blues", vmin=0, vmax=top, aspect="auto")
        labelled = values if values.size <= MAX_LABELLED_CELLS else np.zeros((0, 0))
        for (i, j), v in np.ndenumerate(labelled):
            if not np.isnan(v):
                axes.text(j, i, label.format(v), ha="center", va="center", size=TEXT,
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
    _thousands(axes, "x", language)


LABEL_GAP = 4
"""Points between a bar's end (or the axis line) and its value."""


def bar_label(axes: Axes, value: float, y: float, align: str) -> None:
    """A horizontal bar's value at its end, LABEL_GAP points clear of it (and of the axis
    line, for a bar too short to see), rounded without a sign for zero: never "-0"."""
    shown = round(value) + 0.0
    gap = LABEL_GAP if align == "left" else -LABEL_GAP
    axes.annotate(f"{shown:,.0f}", (value, y), xytext=(gap, 0), textcoords="offset points",
                  va="center", ha=align, size=TEXT)


def _thousands(axes: Axes, axis: str = "x", language: Language = "en") -> None:
    target = axes.xaxis if axis == "x" else axes.yaxis
    target.set_major_formatter(Compact(language))


class Compact(matplotlib.ticker.Formatter):
    """Axis numbers in short units, with as many decimals as make every tick differ from its
    neighbours: 5.415M, 5.420M, 5.425M rather than 5.42M twice."""

    def __init__(self, language: Language = "en") -> None:
        self.language: Language = language

    def __call__(self, x: float, pos: int | None = None) -> str:
        return compact(x, self.language)

    def format_ticks(self, values: Any) -> list[str]:
        return compact_ticks(np.asarray(values, dtype=float), self.language)


class Grouped(matplotlib.ticker.Formatter):
    """Axis numbers in full with thousands separators, as the tables write them (32,000,
    never 32000), with the fewest decimals (up to six) that show every tick as it is."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Any) -> list[str]:
        ticks = np.asarray(values, dtype=float)
        decimals = next((d for d in range(7) if np.allclose(ticks, np.round(ticks, d),
                                                            rtol=0, atol=1e-9)), 6)
        return [f"{v + 0.0:,.{decimals}f}" for v in ticks]


UNITS: dict[str, tuple[tuple[float, str], ...]] = {
    "en": ((1e6, "M"), (1e4, "k")),
    "zh": ((1e8, "亿"), (1e4, "万")),
}
"""Short units by language, largest first, each used from its threshold (k from 10,000: 5,000
stays 5,000); Chinese counts in 万 (ten thousand) and 亿 (a hundred million)."""


def _unit(size: float, language: Language) -> tuple[float, str]:
    for threshold, name in UNITS[language]:
        if size >= threshold:
            return (1e3 if name == "k" else threshold), name
    return 1.0, ""


def compact(value: float, language: Language = "en") -> str:
    """One axis number: 2.5M, 40k, 750 (250万, 1.2亿 in Chinese), three significant digits."""
    scale, name = _unit(abs(value), language)
    return f"{value:,.0f}" if not name else f"{value / scale:,.3g}{name}"


def compact_ticks(values: np.ndarray, language: Language = "en") -> list[str]:
    """Tick labels in the unit of the largest tick, each with the same number of decimals, the
    fewest (up to six) that tell every tick from the others."""
    if not len(values):
        return []
    scale, name = _unit(float(np.abs(values).max()), language)
    for decimals in range(7):
        labels = [f"{v / scale + 0.0:,.{decimals}f}{name}" if v else "0" for v in values]
        if len(set(labels)) == len(labels):
            return labels
    return labels

"""What a sweep's reader sees: the frontier with changes within tolerance labelled, the knee
said in words, and what tightening did. Pure: sweep tables in, tables and sentences out."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import numpy as np
import pandas as pd

from allocator import tolerance
from allocator.report.cell_texts import format_cell, number_text, percent_text, status_text
from allocator.report.language import Words
from allocator.report.quantities import priced_per_key_unit
from allocator.report.summary import base_words
from allocator.sweep_chains import same_value
from allocator.tolerance import WITHIN

FRONTIER_SHOWN = ["objective", "change", "noise_band", "within_gap", "marginal_value_per_unit",
                  "knee"]
NET_SHOWN = ["net_value", "net_change", "net_within_gap", "net_marginal_value_per_unit"]
"""The frontier of value net of RM cost, when the scenario gives RM costs."""
PER_UNIT = ("marginal_value_per_unit", "net_marginal_value_per_unit")
"""The frontier's marginal values between neighbouring points, per unit of the key varied."""
SWEEP_SHOWN = {"point", "status", "objective", "gap", "change", "within_gap", "tightened",
               "spend", "expected_loss", "rm_utilization", "rms", "rm_cost", "net_value"}
TIGHT_SHOWN = ("tight_gap_reached",)
"""Shown beside `tightened` where a point was re-solved: the tolerance lines name it."""
REPORT_EXTRA = ("bound", "noise_band", "gap_target", "tight_gap_reached", "diagnosis")
"""The sweep report shows these too; coverage by tier, run folders and warm starts stay in
sweep.csv."""
FIGURES_A_PART = 6
"""A sweep table shows this many figures beside the points' names at most; the rest go on in
the next part, so that a screen 1,400 px wide and an A4 page hold each part."""


def frontier_shown(curve: pd.DataFrame, words: Words, full: bool = False, currency: str = ""
                   ) -> pd.DataFrame:
    """The frontier for reading: a marginal value within tolerance is replaced by those words
    (it is not a measured effect), the others, given the `currency`, read per unit of the
    key varied ("9.40 EUR per EUR of budget", "820 EUR per added RM"); `full` keeps the bound
    and the chord columns."""
    key = str(curve.columns[0])
    net = [name for name in NET_SHOWN if name in curve]
    shown = curve if full else curve[[key, *net, *FRONTIER_SHOWN]]
    if full and net:  # value net of RM cost first: it is what the knee is measured on
        shown = curve[[key, *net, *(name for name in curve.columns[1:] if name not in net)]]
    if currency:
        shown = shown.assign(**{column: [
            priced_per_key_unit(key, float(value), currency, words)
            if isinstance(value, int | float | np.number) and np.isfinite(value) else value
            for value in shown[column]] for column in PER_UNIT if column in shown})
    shown = _said_within(shown, "marginal_value_per_unit", curve["within_gap"], words)
    if "net_within_gap" in curve:
        shown = _said_within(shown, "net_marginal_value_per_unit", curve["net_within_gap"],
                             words)
    return shown


def _said_within(frame: pd.DataFrame, column: str, verdict: pd.Series, words: Words
                 ) -> pd.DataFrame:
    """The column with each value whose change is within tolerance replaced by those words."""
    within = (verdict == WITHIN).to_numpy()
    return frame.assign(**{column: frame[column].astype(object).where(
        ~within, words("within_tolerance"))})


def sweep_shown(table: pd.DataFrame, words: Words, extra: tuple[str, ...] = ()
                ) -> pd.DataFrame:
    """The sweep's columns to read (sweep.csv has them all): the varied keys, the headline
    figures and the `extra` columns named; where a point was re-solved tighter, whether it
    reached the tighter gap target (the column tolerance_lines points to). Each point's
    status as people read it (statuses_said)."""
    table = statuses_said(table, words)
    told = TIGHT_SHOWN if tightened_points(table) else ()
    shown = [c for c in table.columns if c in SWEEP_SHOWN or "." in c or c in (*extra, *told)]
    if "net_value" in table and table["net_value"].notna().any():  # net of RM cost first
        first = [c for c in shown if "." in c or c in ("point", "status")]
        priced = [c for c in ("net_value", "rm_cost") if c in shown]
        shown = first + priced + [c for c in shown if c not in first and c not in priced]
    return table[shown]


def statuses_said(table: pd.DataFrame, words: Words) -> pd.DataFrame:
    """The table with each point's status as its own run's pages say it (cell_texts.status_text:
    "optimal" alone only at a zero gap, else within the point's gap target); sweep.csv keeps
    the solver's status."""
    if "status" not in table:
        return table
    nothing = pd.Series(np.nan, index=table.index)
    gaps, targets = table.get("gap", nothing), table.get("gap_target", nothing)
    return table.assign(status=[
        status if not isinstance(status, str) else status_text(
            status, _finite_or_none(gap), _finite_or_none(target) or 0.0, words)
        for status, gap, target in zip(table["status"], gaps, targets, strict=True)])


def _finite_or_none(value: object) -> float | None:
    """A number of a sweep table's cell, or None where it holds none (a point without a
    plan)."""
    number = pd.to_numeric(value, errors="coerce")
    return float(number) if pd.notna(number) and np.isfinite(number) else None


def in_parts(frame: pd.DataFrame, most: int = FIGURES_A_PART) -> list[pd.DataFrame]:
    """The table in parts of at most `most` figures each, as even as can be, each part with
    the columns that name a point (its number and the varied keys) first."""
    names = [c for c in frame.columns if c == "point" or "." in c] or list(frame.columns[:1])
    figures = [c for c in frame.columns if c not in names]
    count = max(1, -(-len(figures) // most))
    size = -(-len(figures) // count) if figures else 0
    return [frame[[*names, *figures[i:i + size]]] for i in range(0, len(figures), size)
            ] if figures else [frame]


def knee_line(curve: pd.DataFrame, words: Words) -> str | None:
    """The knee in words, or why none is claimed, and where value net of RM cost is highest
    when the scenario gives RM costs (a knee in value before cost does not say a hire pays);
    None for fewer than three points without RM costs."""
    knee = _knee_said(curve, words)
    net = net_best_line(curve, words)
    return words.sep("sentence").join(line for line in (net, knee) if line) or None


def net_best_line(curve: pd.DataFrame, words: Words) -> str | None:
    """Where value net of RM cost is highest; None without RM costs. No point is named best
    where another's net value is below it by less than the two points' gaps added (their
    noise band): those points are said to be equal within it (tied_points), the one of least
    RM cost named where their RM costs differ."""
    if "net_value" not in curve or curve["net_value"].isna().all():
        return None
    key = str(curve.columns[0])
    best = int(curve["net_value"].to_numpy(float).argmax())
    tied = tied_points(curve, best)
    if len(tied) == 0:
        row = curve.iloc[best]
        return words("net_best", key=words.column(key), value=number_text(float(row[key])),
                     net=format_cell(float(row["net_value"])))
    net, gaps = _net_and_gaps(curve)
    others = words.sep("list").join(words(
        "net_tied_point", value=number_text(float(curve[key].iat[i])),
        difference=format_cell(float(net[best] - net[i])),
        band=format_cell(float(gaps[best] + gaps[i]))) for i in tied)
    line = words("net_tied", key=words.column(key),
                 value=number_text(float(curve[key].iat[best])),
                 net=format_cell(float(net[best])), others=others)
    together = np.sort(np.r_[best, tied])
    cost = rm_costs(curve)[together]
    if differ(cost):
        cheapest = int(together[int(cost.argmin())])
        line += words.sep("sentence") + words(
            "net_tied_cheapest", key=words.column(key),
            value=number_text(float(curve[key].iat[cheapest])), cost=format_cell(float(cost.min())))
    return line


def rm_costs(curve: pd.DataFrame) -> np.ndarray:
    """Each point's RM cost: its value less its value net of that cost."""
    return (curve["objective"] - curve["net_value"]).to_numpy(float)


def differ(costs: np.ndarray) -> bool:
    """Whether the known `costs` differ beyond the rounding of a subtraction (a millionth):
    the points hire or price RMs differently, as a sweep of RMs added does; a lever that
    leaves them be (a budget, a tier's share) gives every point the same cost."""
    known = costs[np.isfinite(costs)]
    return len(known) > 1 and bool(np.ptp(known) > 1e-6 * max(1.0, float(np.abs(known).max())))


def tied_points(curve: pd.DataFrame, best: int) -> np.ndarray:
    """The frontier's points (positions, in key order) other than `best` whose value net of RM
    cost is below its by less than the two points' gaps added: not certified worse than it."""
    net, gaps = _net_and_gaps(curve)
    below = net[best] - net
    tied = below < gaps[best] + gaps  # False where a bound is missing (NaN)
    tied[best] = False
    return np.flatnonzero(tied)


def _net_and_gaps(curve: pd.DataFrame) -> tuple[np.ndarray, np.ndarray]:
    net = curve["net_value"].to_numpy(float)
    return net, tolerance.gaps_of(net, curve["net_bound"].to_numpy(float))


def _knee_said(curve: pd.DataFrame, words: Words) -> str | None:
    distance = curve["distance_from_chord"].to_numpy(float)
    if np.isnan(distance).all():
        return None
    index = int(np.nanargmax(distance))
    key = str(curve.columns[0])
    row = curve.iloc[index]
    fields = {"key": words.column(key), "value": number_text(float(row[key])),
              "distance": format_cell(float(abs(distance[index]))),
              "band": format_cell(float(row["chord_noise_band"]))}
    if bool(row["knee"]):
        return words("knee_claimed", **fields)
    if distance[index] <= 0:
        return words("knee_straight")
    if "net_value" in curve and distance[index] > row["chord_noise_band"]:
        if differ(rm_costs(curve)):  # beyond noise, but the added RMs do not pay
            return words("knee_unpaid", **fields)
        return words("knee_no_gain", first=number_text(float(curve[key].iat[0])), **fields)
    if pd.isna(row["chord_noise_band"]):
        return words("knee_uncertified", **fields)
    return words("knee_within", **fields)


def tolerance_lines(table: pd.DataFrame, words: Words, factor: int, rounds: int) -> list[str]:
    """What tightening did and which changes remain within tolerance."""
    lines = []
    tightened = tightened_points(table)
    if tightened:
        lines.append(words("tightened_note", points=tightened, factor=factor, rounds=rounds))
        lines.append(_reached_line(table, words, tightened))
    pairs = int((table.get("within_gap", pd.Series(dtype=object)) == WITHIN).sum())
    if pairs:
        lines.append(words("still_within", pairs=pairs))
    return lines


def tightened_points(table: pd.DataFrame) -> int:
    """How many of the sweep's points were re-solved with a tighter gap target."""
    return int((table.get("tightened", pd.Series(dtype=float)).fillna(0) > 0).sum())


def _reached_line(table: pd.DataFrame, words: Words, tightened: int) -> str:
    """How many re-solved points reached the tighter target, and that each point's status is
    judged against the scenario's own gap target, as the point run alone."""
    reached = int(table.get("tight_gap_reached", pd.Series(dtype=object)).eq(True).sum())
    targets = table.get("gap_target", pd.Series(dtype=float)).dropna()
    target = ", ".join(percent_text(float(t)) for t in sorted(set(targets)))
    return words("tight_reached_note", reached=reached, points=tightened, target=target)


def own_point(table: pd.DataFrame, values: dict[str, Any]) -> int | None:
    """The row of the point at the scenario's own `values` (varied key -> its value in the
    scenario file); None where no point holds them."""
    keys = [key for key in values if key in table.columns]
    if not keys or "point" not in table.columns:
        return None
    same = np.ones(len(table), dtype=bool)
    for key in keys:
        same &= [same_value(got, values[key]) for got in table[key]]
    return int(np.flatnonzero(same)[0]) if same.any() else None


def base_point_lines(table: pd.DataFrame, values: dict[str, Any], words: Words,
                     kept: Mapping[str, Any] | None = None) -> list[str]:
    """That the point at the scenario's own `values` (own_point) is the plan of a plain run
    of the scenario (planned first, keeping the most of the base it names: `kept`, its
    manifest's kept_base); nothing where no point holds those values."""
    first = own_point(table, values)
    if first is None:
        return []
    gap = table["gap"].iloc[first] if "gap" in table.columns else None
    shown = percent_text(float(gap)) if gap is not None and pd.notna(gap) else "—"
    point = format_cell(table["point"].iloc[first])
    if not kept or not kept.get("base"):
        return [words("base_point_note", point=point, gap=shown)]
    base = base_words(str(kept["base"]), int(kept.get("reference") or 0), words)
    return [words("base_point_note_kept", point=point, gap=shown, base=base)]

"""What-if sweeps: expand `--vary` into points, plan each, tabulate them, find the frontier.

`--vary budget.total=6e6:12e6:1e6` (start:stop:step, stop included; 6m:12m:1m too) or
`--vary a.b=1,2,5`; several `--vary` make a grid, or pair up with `zip`. A point sits between
named overrides and `--set` in the precedence. A key changes only the solve when no stage of
preparation reads it (what each stage reads is declared beside it: preparation.READS); points
then reuse one read, tiered and valued book, and a point reuses every stage whose reads it
leaves unchanged.
"""

from __future__ import annotations

import itertools
import re
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import pandas as pd

from allocator import tolerance
from allocator.book import book as book_stage
from allocator.errors import UserError, cut, in_a_row
from allocator.plain_run import NEUTRAL
from allocator.preparation import READS
from allocator.scenario.amounts import FORMS, Change, Unsigned, read_value, tidy
from allocator.scenario.errors import holds_rate, takes_text
from allocator.scenario.overrides import value_at
from allocator.scenario.reads import reads
from allocator.scenario.strict_yaml import parse_yaml

KeyReader = Callable[[str], str]
"""How a dotted key as written is read (label_keys.key_with_ids: a grade or region by its
id); as written by default."""
MAX_POINTS = 10_000
"""Most values one --vary range may give."""


NAMES_ONLY = frozenset({"name", *NEUTRAL} - {"execution"})
"""Sections of a scenario that change no plan (its name, description, labels and reports:
plain_run.NEUTRAL but where it is solved, whose points a sweep may compare): a sweep does not
vary them."""


def parse_vary(text: str) -> tuple[str, list[Any]]:
    """`key=start:stop:step` or `key=v1,v2,...` (`v1;v2;...` when a value is written with
    thousands separators, 45,000) -> (key, values). A number takes every form `--set` takes
    (45k, 1.2m, 4.5e4, 45,000, -10%): a signed percentage is a change (amounts.Change) of the
    scenario file's value."""
    key, sep, spec = text.partition("=")
    key = key.strip()
    if not sep or not key or not spec.strip():
        raise UserError.said("vary_form", text=text)
    path = tuple(key.split("."))
    if path[0] in NAMES_ONLY:  # its points would be one plan, filed apart
        raise UserError.said("vary_names_only", key=key, section=path[0])
    if ":" in spec and not takes_text(path):
        return key, _range(spec, key, text, holds_rate(path))
    parts = spec.split(";" if ";" in spec else ",")
    if all(not part.strip() for part in parts):
        raise UserError.said("vary_no_values", text=text)
    blank = next((at for at, part in enumerate(parts, 1) if not part.strip()), None)
    if blank is not None:  # `--vary budget.total=$LOW,$MID,$HIGH` with MID unset
        raise UserError.said("vary_blank_value", text=text, position=blank)
    values = [_value(part, key, text, path) for part in parts]
    _refuse_repeated(text, [part.strip() for part in parts if part.strip()], values)
    return key, values


def varied_as_written(varies: Sequence[str], read_key: KeyReader = str) -> dict[str, str]:
    """Each --vary as written (budget.totl=1,2), by the key it varies as `read_key` reads it."""
    return {read_key(text.partition("=")[0].strip()): text for text in varies}


def _refuse_repeated(text: str, parts: list[str], values: list[Any]) -> None:
    """UserError where two of a --vary's values are one (the same point planned twice): the
    value listed twice, or both ways it was written (40k and 40000)."""
    first: dict[str, str] = {}
    for part, value in zip(parts, values, strict=True):
        earlier = first.get(repr(value))
        if earlier == part:
            raise UserError.said("vary_repeated", text=text, value=part)
        if earlier is not None:
            raise UserError.said("vary_same_value", text=text, value=earlier, again=part)
        first[repr(value)] = part


def _range(spec: str, key: str, text: str, rate: bool) -> list[Any]:
    """The values of `start:stop:step`, stop included: numbers, or changes (-10%:10%:5%). A
    part with a leading + and no % (+10:+30:10) is the one value, refused once the key's
    value is known (amounts.Unsigned: changes_taken)."""
    parts = spec.split(":")
    if len(parts) != 3:
        raise UserError.said("vary_numbers", text=text, key=key, forms=FORMS)
    read = [_number(part, key, text, rate) for part in parts]
    unsigned = [value for value in read if isinstance(value, Unsigned)]
    if unsigned:
        return unsigned[:1]
    changes = [isinstance(value, Change) for value in read]
    if any(changes[:2]) and not all(changes[:2]):
        raise UserError.said("vary_numbers", text=text, key=key, forms=FORMS)
    start, stop, step = (value.share if isinstance(value, Change) else float(value)
                         for value in read if not isinstance(value, Unsigned))
    if not all(np.isfinite([start, stop, step])) or step <= 0 or stop < start:
        raise UserError.said("vary_range", text=text)
    count = (stop - start) / step + 1e-9
    if count >= MAX_POINTS:
        raise UserError.said("vary_too_many", text=text, count=f"{count:,.3g}",
                             most=f"{MAX_POINTS:,}")
    values = [tidy(start + i * step) for i in range(int(np.floor(count)) + 1)]
    return [Change(v) for v in values] if changes[0] else values


def _number(part: str, key: str, text: str, rate: bool) -> Change | Unsigned | float | int:
    """A range's start, stop or step: an amount (45k, 1.2m, 4.5e4, 45,000) or a change of the
    scenario's value (-10%; a step may be written 5%)."""
    body = part.strip()
    signed = body.endswith("%") and not rate and body[:1] not in "+-"
    value = read_value(f"+{body}" if signed else body, key, f"--vary {text}", rate)
    if value is None:
        raise UserError.said("vary_numbers", text=text, key=key, forms=FORMS)
    return value


def _value(part: str, key: str, text: str, path: tuple[str, ...]) -> Any:
    """One listed value: an amount (45k, 1.2m, 4.5e4) or a change (-10%) where the key takes
    a number, else typed as YAML would type it (text when it is not YAML)."""
    if not takes_text(path):
        rate = holds_rate(path)
        unchanged = not rate and re.fullmatch(r"\s*0*\.?0*\s*%\s*", part)  # 0%: no change
        amount = read_value("+0%" if unchanged else part, key, f"--vary {text}", rate)
        if amount is not None:
            return amount
    try:
        return parse_yaml(part, f"--vary {text}")
    except UserError:
        return part.strip()


def expand(varies: Sequence[str], zipped: bool = False, read_key: KeyReader = str
           ) -> list[dict[str, Any]]:
    """The sweep's points, in order, each key as `read_key` reads it (a grade or region by its
    id where the key names it by its name, as a --set's key is read)."""
    if not varies:
        raise UserError.said("vary_none")
    parsed = [parse_vary(text) for text in varies]
    keys = [read_key(key) for key, _ in parsed]
    if len(set(keys)) != len(keys):
        raise UserError.said("vary_twice", keys=in_a_row(key for key, _ in parsed))
    lists = [values for _, values in parsed]
    if zipped:
        if len({len(v) for v in lists}) != 1:
            raise UserError.said("vary_zip", counts=in_a_row(f"{k}: {len(v)}" for k, v in parsed))
        combos: list[tuple[Any, ...]] = list(zip(*lists, strict=True))
    else:
        combos = list(itertools.product(*lists))
    return [dict(zip(keys, combo, strict=True)) for combo in combos]


def refuse_set_and_varied(keys: Sequence[str], sets: Sequence[str], read_key: KeyReader = str
                          ) -> None:
    """UserError when a --set gives a key the sweep varies (or one within it, or the section
    holding it), its key as `read_key` reads it: a --set wins over every point, so each point
    would plan the same value."""
    for item in sets:
        written = item.partition("=")[0].strip()
        given = read_key(written)
        for key in keys:
            if _within(given, key) or _within(key, given):
                raise UserError.said("vary_and_set", key=key, given=written)


def refuse_used_and_varied(layers: Sequence[tuple[str, Any]], keys: Sequence[str]) -> None:
    """UserError when a named override (--use) sets a key the sweep varies (or the section
    holding it): each point's value would replace the override's, so the override's change
    of that key would never be planned."""
    for origin, tree in layers:
        if not origin.startswith("override '"):
            continue
        for key in keys:
            value = value_at(tree, tuple(key.split(".")))
            if value is not None:
                raise UserError.said("vary_and_use", key=key, value=cut(value),
                                     name=origin.removeprefix("override '")[:-1])


def _within(key: str, section: str) -> bool:
    """Whether the dotted `key` is `section` or lies within it."""
    return key == section or key.startswith(f"{section}.")


def solve_only(keys: Sequence[str]) -> bool:
    """Whether these keys leave the book, tiering and valuation unchanged."""
    return not any(reads(key, READS) for key in keys)


def book_kept(keys: Sequence[str]) -> bool:
    """Whether these keys leave the book as read unchanged (tiering or valuation may not be)."""
    return not any(reads(key, book_stage.READS) for key in keys)


def neighbours(table: pd.DataFrame, keys: Sequence[str], zipped: bool = False) -> pd.DataFrame:
    """Each point against the one before it when the two are neighbours (one key changed, or
    the next pair of a zipped sweep): the change in expected value, the noise band (both
    points' gaps added) and whether the change is within it."""
    rows: list[tuple[float | None, float, str]] = []
    for i in range(len(table)):
        neighbour = i > 0 and (zipped or sum(
            table[k].iloc[i] != table[k].iloc[i - 1] for k in keys) == 1)
        if not neighbour or _failed(table, i) or _failed(table, i - 1):
            rows.append((np.nan, np.nan, ""))
            continue
        change, band, said = tolerance.pair(
            (table["objective"].iloc[i - 1], table["objective"].iloc[i]),
            (table["bound"].iloc[i - 1], table["bound"].iloc[i]))
        rows.append((change, np.nan if band is None else band, said))
    return pd.DataFrame(rows, columns=["change", "noise_band", "within_gap"], index=table.index)


def to_tighten(table: pd.DataFrame, factor: float) -> list[int]:
    """Rows of a flagged table in a neighbouring pair within tolerance whose gap is above a
    target `factor` times tighter than their own (re-solving the others would change
    nothing), and whose solve did not stop on its time limit (a re-solve would stop there
    too)."""
    within = (table["within_gap"] == tolerance.WITHIN).to_numpy()
    pairs = within | np.r_[within[1:], False]
    open_gap = table["gap"].to_numpy(float) > asked_targets(table) / factor
    stopped = table.get("stopped_on", pd.Series("", index=table.index))
    timed_out = (stopped == "time_limit").to_numpy()
    return [int(i) for i in np.flatnonzero(pairs & open_gap & ~timed_out)]


def asked_targets(table: pd.DataFrame) -> np.ndarray:
    """Each point's gap target of its last solve: a re-solve's tighter one, else its own."""
    own = table["gap_target"].to_numpy(float)
    if "tight_gap_target" not in table:
        return own
    tight = pd.to_numeric(table["tight_gap_target"], errors="coerce").to_numpy(float)
    return np.where(np.isnan(tight), own, tight)


def judged(row: dict[str, Any], own: float) -> dict[str, Any]:
    """A point re-solved to a tighter gap target, judged as the point run alone: its status
    against the scenario's own target `own` (a plan within it is optimal there); the target
    asked of the re-solve and whether it was reached recorded apart."""
    if "gap_target" not in row:  # the re-solve failed: its row says why
        return row
    asked, status, gap = float(row["gap_target"]), row.get("status"), row.get("gap")
    reached = status == "optimal"
    if status == "feasible" and gap is not None and not np.isnan(gap) and gap <= own:
        status = "optimal"
    return row | {"status": status, "gap_target": own, "tight_gap_target": asked,
                  "tight_gap_reached": reached}


def _failed(table: pd.DataFrame, row: int) -> bool:
    return bool(pd.isna(table["objective"].iloc[row]))


def frontier(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Expected value against one numeric varied key, in key order: the change and marginal
    value per unit between neighbouring points, each judged against the two points' noise
    band (`within_gap`), and the knee.

    The knee is the inner point farthest above the straight line (the chord) joining the first
    and last points, measured in expected value (net of RM cost when the scenario prices RMs);
    it is claimed only when that distance exceeds the point's own gap plus the chord's there
    (the end points' gaps, weighted by position), and, with RM costs, only where value net of
    them is above the first point's (the RMs added up to it pay for themselves).
    """
    net = "net_value" in table and bool(table["net_value"].notna().any())
    kept = [key, "objective", "bound", *(["net_value", "net_bound"] if net else [])]
    points = table.loc[table["objective"].notna(), kept].copy()
    points[key] = pd.to_numeric(points[key])
    points = points.sort_values(key, kind="stable").reset_index(drop=True)
    x, y = points[key].to_numpy(float), points["objective"].to_numpy(float)
    points = pd.concat([points, neighbours(points, [key])], axis=1)
    points["marginal_value_per_unit"] = _per_unit(x, y)
    if net:
        points = pd.concat([points, _net_columns(points, key)], axis=1)
    if net:  # the knee of value net of RM cost: where an added RM stops paying for itself
        y, bound = points["net_value"].to_numpy(float), points["net_bound"].to_numpy(float)
    else:
        bound = points["bound"].to_numpy(float)
    points["distance_from_chord"], points["chord_noise_band"] = chord(
        x, y, tolerance.gaps_of(y, bound))
    points["knee"] = False
    index = knee(points["distance_from_chord"].to_numpy(float),
                 points["chord_noise_band"].to_numpy(float))
    if index is not None and net and not pays(points, index):
        index = None  # a bend in a net value that only falls is no place to hire up to
    if index is not None:
        points.loc[index, "knee"] = True
    return points


def pays(points: pd.DataFrame, index: int) -> bool:
    """Whether value net of RM cost at point `index` is above the first point's by more than
    the two points' gaps: the added RMs up to it pay for themselves."""
    net = points["net_value"].to_numpy(float)
    gaps = tolerance.gaps_of(net, points["net_bound"].to_numpy(float))
    return bool(net[index] - net[0] > np.nan_to_num(gaps[index]) + np.nan_to_num(gaps[0]))


def _per_unit(x: np.ndarray, y: np.ndarray) -> np.ndarray:
    """The change of y per unit of x between neighbouring points (NaN first)."""
    return np.r_[np.nan, np.diff(y) / np.where(np.diff(x) == 0, np.nan, np.diff(x))]


def _net_columns(points: pd.DataFrame, key: str) -> pd.DataFrame:
    """The frontier of value net of RM cost (allocator.headcount): its change between
    neighbours, judged against the same noise band, and per unit of the key (per added RM
    for rules.add_rms), which answers whether a step is worth its cost."""
    net = points[[key, "net_value", "net_bound"]].rename(
        columns={"net_value": "objective", "net_bound": "bound"})
    flags = neighbours(net, [key])
    return pd.DataFrame({
        "net_change": flags["change"], "net_within_gap": flags["within_gap"],
        "net_marginal_value_per_unit": _per_unit(points[key].to_numpy(float),
                                                 points["net_value"].to_numpy(float))},
        index=points.index)


def chord(x: np.ndarray, y: np.ndarray, gaps: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Each point's height above the chord joining the ends (negative below it) and the noise
    band of that height; NaN at the ends and for fewer than three points."""
    nothing = np.full(len(x), np.nan)
    if len(x) < 3 or x[-1] == x[0]:
        return nothing, nothing.copy()
    weight = (x - x[0]) / (x[-1] - x[0])
    distance = y - (y[0] + weight * (y[-1] - y[0]))
    band = gaps + (1 - weight) * gaps[0] + weight * gaps[-1]
    distance[[0, -1]], band[[0, -1]] = np.nan, np.nan
    return distance, band


def knee(distance: np.ndarray, band: np.ndarray) -> int | None:
    """The point farthest above the chord (where returns start to fall), when its distance is
    beyond its noise band; a point below the chord is where returns rise, not a knee."""
    if np.isnan(distance).all():
        return None
    index = int(np.nanargmax(distance))
    return index if bool(distance[index] > band[index]) else None

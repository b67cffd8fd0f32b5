"""How the plan depends on its limits: which limits bind, what one more unit of each is worth and
over what range of the limit that holds, and the steps of lumpy decisions (a tier's package) that
prices of the LP with the packages fixed cannot see.

Pure: the checker's table of limits, the prices, their ranges and the measured steps in; tables
out. The LP and the re-solves behind them are in allocator.pricing.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from allocator.families import COUNTED
from allocator.problem import AllocationProblem

Key = tuple[str, str]
"""(constraint, label), as in the checker's table."""

NOT_LIMITS = frozenset({"package_choice", "coverage_mandatory", "coverage_optional", "contact",
                        "rm_offer_link"})
"""Choices and rules every plan keeps by construction (one package per tier; the per-customer
rules, counted): not limits anyone can move, so never binding and never a driver."""

SLACK_TOLERANCE = 1e-6
"""A limit is met exactly when its slack is within this share of max(1, |limit|)."""
PRICE_TOLERANCE = 1e-6
"""A marginal value (per unit of the limit) beyond this is non-zero."""
STEP_SHARE = 0.2
"""Limits are moved by this share of themselves: the steps measured, and a driver's effect."""
FULL_USE = 0.98
"""Limits used to at least this share are listed among the drivers whatever their price."""
RM_FAMILIES = ("rm_capacity", "rm_book_size", "rm_min_load")
BOOK_WIDE = "total"
"""The label of a limit on the whole book (the budget, the loss and capital caps)."""
"""Limits with a row per RM: the drivers show them by grade and region."""


@dataclass(frozen=True)
class Step:
    """The plan with one limit moved: re-solved, bounded by an LP, or found to have no plan."""

    constraint: str
    label: str
    limit: float
    moved_to: float
    how: str
    """"re-solved" (the MIP at the moved limit), "bounded" (the LP relaxation at the moved limit
    shows the change is at most `change`) or "no plan" (no plan meets the moved limit)."""
    change: float | None
    """Expected value at the moved limit minus now (for "bounded": at most this)."""
    packages: tuple[tuple[str, str, str], ...] = ()
    """(tier, package now, package at the moved limit) for every tier whose package changes."""
    proven: bool = True
    """The re-solve proved its plan optimal within the scenario's gap (on the decomposition
    path: its re-run stopped on a count, not on the clock; its gap is in `spread`)."""
    spread: float = 0.0
    """How far the true change can be from `change`: the two solves' gaps added up."""
    sense: str = "le"
    """The limit's sense: a cap (le) is loosened by raising it, a floor (ge) by lowering it."""
    packages_from: float | None = None
    """The limit from which the bound with whole packages picks the changed packages: where
    the lumpy step begins (to 1/256 of the move)."""
    package_use: float = 0.0
    """How much more of the limit the package changes take (negative: free) at the moved
    limit: the size of the lumpy step within the move."""
    short_of_gap: bool = False
    """On the decomposition path: the re-run stopped without proving its gap target, so its
    change, per unit and package changes are not read from it (its gap is in `spread`)."""
    cause: str = ""
    """For "no plan": the requirement that fails at the moved limit, if one alone does (a
    mandatory tier's coverage, the incumbents to keep, ...: allocator.pricing.REQUIREMENTS)."""
    unmeasured: str = ""
    """Why a re-solved step has no change where the clock is not the reason (one of
    UNMEASURED: the steps' time was spent before it began, or the re-run found no plan in
    its iterations); see `unmeasured_reason`."""

    @property
    def loosens(self) -> bool:
        """Whether the move gives the plan more room."""
        return (self.moved_to > self.limit) == (self.sense != "ge")

    @property
    def per_unit(self) -> float | None:
        move = self.moved_to - self.limit
        return None if self.change is None or move == 0 else self.change / move


UNMEASURED = ("time spent", "no plan in time", "no plan in iterations", "short of gap")
"""Why a step was not measured, as constraints.csv says it (words in the catalogue): the
steps' share of the time limit was spent before it began; its re-solve found no plan before
its time ran out, or in its iterations; its re-run stopped short of its gap target."""


def unmeasured_reason(step: Step) -> str:
    """Why a re-solved step measured no change (one of UNMEASURED), or "" where it did."""
    if step.how != "re-solved" or step.change is not None:
        return ""
    if step.short_of_gap:
        return "short of gap"
    return step.unmeasured or "no plan in time"


@dataclass(frozen=True)
class Sensitivity:
    """What a run knows of its limits beyond their prices."""

    ranges: dict[Key, tuple[float, float]] = field(default_factory=dict)
    """The limit's range over which its marginal value holds (LP with the packages fixed)."""
    steps: tuple[Step, ...] = ()
    reachable: frozenset[Key] = frozenset()
    """Limits with terms that can reach them (the others are identities)."""
    modelled: frozenset[str] = frozenset()
    """The constraints the problem has rows for (a limit of these outside `reachable` has no
    terms, or terms that can never reach it)."""
    skipped: str = ""
    """Why no steps were measured (a message key of the language catalogue), if none were."""
    priced_by: str = "lp"
    """"lp" (the LP with the packages fixed) or "multipliers" (the decomposition's, their
    ranges those of the Lagrangian dual: allocator.decomposition.ranging)."""
    unranged: tuple[str, ...] = ()
    """Families whose multipliers' ranges were not computed (too many rows to range)."""
    steps_time_limit: float | None = None
    """The time the steps were given in all, where a share of the run's (decomposition)."""
    steps_seconds: float | None = None
    """The time the steps took in all, where they re-ran the decomposition: a reading of the
    clock for the manifest, never a figure of the steps."""
    settled: int = 0
    """Multipliers moved to the best for today's limit, the others held, where the search
    stopped short of it (decomposition/search/settle.py)."""
    lumps: dict[Key, float] = field(default_factory=dict)
    """Per limit, the largest use of it by one customer decision (an RM's customer, an offer):
    slack short of that leaves no room for every decision, so the limit may still be what holds
    the plan back (as_held); none known: 0."""
    raises: dict[Key, float] = field(default_factory=dict)
    """Per priced limit whose range ends at today's limit, what the LP with the packages fixed
    gains with it loosened by the drivers' move (allocator.range_ends)."""


def unreachable_rows(problem: AllocationProblem) -> np.ndarray:
    """Rows no choice of the columns within their bounds can make tight: a `le` row whose
    largest possible activity is within its limit, a `ge` row whose smallest is."""
    matrix = problem.matrix
    lower = np.nan_to_num(problem.col_lower, neginf=-1e300)
    upper = np.nan_to_num(problem.col_upper, posinf=1e300)
    positive, negative = matrix.maximum(0), matrix.minimum(0)
    highest = positive @ upper + negative @ lower
    lowest = positive @ lower + negative @ upper
    scale = SLACK_TOLERANCE * np.maximum(1.0, np.abs(np.where(
        np.isfinite(problem.row_upper), problem.row_upper, problem.row_lower)))
    never_above = np.isfinite(problem.row_upper) & (highest <= problem.row_upper + scale)
    never_below = np.isfinite(problem.row_lower) & (lowest >= problem.row_lower - scale)
    one_sided = ~(np.isfinite(problem.row_upper) & np.isfinite(problem.row_lower))
    return one_sided & (never_above | never_below)


def as_held(prices: dict[Key, float], sensitivity: Sensitivity | None, table: pd.DataFrame
            ) -> tuple[dict[Key, float], Sensitivity | None]:
    """The prices and ranges as the plan holds them (the checker's `table`). A limit with
    slack, room for any one customer decision on it (its lump) and beyond SLACK_TOLERANCE, is
    not what holds the plan back: it is worth 0 at the margin (complementary slackness),
    whatever a relaxation's solution or a multiplier left short of its best said. A limit worth
    0 is so over the limits that keep the plan within it (a cap from what it uses up, a floor
    up to it), not down to what a relaxation's choice would use. A range that misses today's
    limit is not a range of today's price, and is left unknown."""
    held, ranges = dict(prices), dict(sensitivity.ranges) if sensitivity else {}
    lumps = sensitivity.lumps if sensitivity else {}
    scale = SLACK_TOLERANCE * np.maximum(1.0, table["limit"].abs())
    for row, slack, tolerance in zip(table.itertuples(index=False), table["slack"], scale,
                                     strict=True):
        key = (str(row.constraint), str(row.label))
        if key not in held:
            continue
        if slack > tolerance and slack >= lumps.get(key, 0.0) - tolerance:
            held[key] = 0.0
        if key not in ranges:
            continue
        if abs(held[key]) <= PRICE_TOLERANCE and row.sense in ("le", "ge"):
            used = float(row.used)
            ranges[key] = (used, np.inf) if row.sense == "le" else (-np.inf, used)
        elif not _within(ranges[key], float(row.limit), tolerance):
            del ranges[key]
    if sensitivity is None:
        return held, None
    return held, replace(sensitivity, ranges=ranges)


def _within(span: tuple[float, float], limit: float, tolerance: float) -> bool:
    low, high = span
    return bool(low - tolerance <= limit <= high + tolerance)


def assessed(table: pd.DataFrame, prices: dict[Key, float],
             sensitivity: Sensitivity | None) -> pd.DataFrame:
    """The checker's table with each limit's marginal value, the range over which it holds,
    the step measured beyond it, and whether the limit binds: its slack is zero or its marginal
    value is not, and it is a limit (not an identity)."""
    keys = list(zip(table["constraint"], table["label"], strict=True))
    known = sensitivity or Sensitivity()
    out = table.copy()
    out["marginal_value"] = [prices.get(key, np.nan) for key in keys]
    ranges = [known.ranges.get(key, (np.nan, np.nan)) for key in keys]
    out["range_low"] = [low for low, _ in ranges]
    out["range_high"] = [high for _, high in ranges]
    out["identity"] = [_identity(key, known) for key in keys]
    out["range_end_change"] = [known.raises.get(key, np.nan) if abs(prices.get(key, 0.0))
                               > PRICE_TOLERANCE else np.nan for key in keys]  # as held
    scale = np.maximum(1.0, out["limit"].abs())
    tight = out["slack"].abs() <= SLACK_TOLERANCE * scale
    priced = out["marginal_value"].abs().fillna(0.0) > PRICE_TOLERANCE
    out["binding"] = (tight | priced) & ~out["identity"]
    for prefix, loosens in (("step", True), ("cut", False)):
        _add_step(out, keys, known.steps, prefix, loosens)
    return out


def _add_step(out: pd.DataFrame, keys: list[Key], known: tuple[Step, ...], prefix: str,
              loosens: bool) -> None:
    """The re-solved step that loosens (`step_*`: the raise of a cap) or tightens (`cut_*`)
    each limit: where it moved to, the change, per unit, the gaps and its package changes."""
    steps = {(s.constraint, s.label): s for s in known
             if s.loosens == loosens and s.how == "re-solved"}
    out[f"{prefix}_to"] = [steps[k].moved_to if k in steps else np.nan for k in keys]
    out[f"{prefix}_change"] = [_number(steps[k].change) if k in steps else np.nan for k in keys]
    out[f"{prefix}_per_unit"] = [_number(steps[k].per_unit) if k in steps else np.nan
                                 for k in keys]
    out[f"{prefix}_gap"] = [steps[k].spread if k in steps else np.nan for k in keys]
    out[f"{prefix}_packages"] = ["; ".join(f"{t}: {a} -> {b}" for t, a, b in steps[k].packages)
                                 if k in steps else "" for k in keys]
    out[f"{prefix}_note"] = [unmeasured_reason(steps[k]) if k in steps else "" for k in keys]


def _identity(key: Key, known: Sensitivity) -> bool:
    return key[0] in NOT_LIMITS or (key[0] in known.modelled and key not in known.reachable)


def _number(value: float | None) -> float:
    return np.nan if value is None else float(value)


def use_share(frame: pd.DataFrame) -> pd.Series:
    """How much of each limit is used: used / limit for a cap; for a floor, the floor as a share
    of what is used (1 when the floor is met exactly)."""
    cap = frame["used"] / frame["limit"].where(frame["limit"] != 0)
    floor = frame["limit"] / frame["used"].where(frame["used"] != 0)
    return cap.where(frame["sense"] == "le", floor).fillna(0.0)


def loosening_move(frame: pd.DataFrame) -> pd.Series:
    """How far a driver's limit is loosened: STEP_SHARE of itself (a whole one at least, for a
    limit that counts), or as far as its re-solved step moved it where one was measured."""
    move = STEP_SHARE * frame["limit"].abs()
    move = move.where(~frame["constraint"].isin(COUNTED), np.maximum(move, 1.0))
    if "step_to" in frame:
        moved = (frame["step_to"] - frame["limit"]).abs()
        move = moved.where(np.isfinite(moved), move)
    return move


def priced_room(frame: pd.DataFrame) -> pd.Series:
    """How far the limit may move the way its marginal value gains (up for a positive one,
    down for a negative one) while that value holds: to the end of its range; a limit without
    a range, one unit."""
    if "range_low" not in frame or "range_high" not in frame:
        return pd.Series(1.0, index=frame.index)
    up = frame["range_high"] - frame["limit"]
    down = frame["limit"] - frame["range_low"]
    room = up.where(frame["marginal_value"].fillna(0.0) >= 0, down).clip(lower=0.0)
    return room.where(room.notna(), 1.0)


def measured_change(frame: pd.DataFrame) -> pd.Series:
    """The change the re-solved loosening step measured (NaN where none was)."""
    if "step_change" not in frame:
        return pd.Series(np.nan, index=frame.index)
    return frame["step_change"].abs()


def range_end_change(frame: pd.DataFrame) -> pd.Series:
    """What the LP with the packages fixed gains with a priced limit whose range ends at
    today's limit loosened by the drivers' move (Sensitivity.raises; NaN where none was, or
    where the plan holds the limit at a price of 0)."""
    if "range_end_change" not in frame:
        return pd.Series(np.nan, index=frame.index)
    priced = frame["marginal_value"].abs().fillna(0.0) > PRICE_TOLERANCE
    return frame["range_end_change"].where(priced)


def loosening_worth(frame: pd.DataFrame) -> pd.Series:
    """What loosening each limit (`loosening_move`) is worth: the re-solve's change where that
    step was measured; else, for a limit whose range ends at today's limit, the LP's change
    re-solved at the moved limit; else the marginal value times the part of the move within
    its range (a limit without a range: one unit), never a price stretched beyond where it
    holds."""
    inside = np.minimum(loosening_move(frame), priced_room(frame))
    estimate = frame["marginal_value"].abs().fillna(0.0) * inside
    lp_change = range_end_change(frame)
    estimate = estimate.where(~np.isfinite(lp_change), lp_change)
    measured = measured_change(frame)
    return estimate.where(~np.isfinite(measured), measured)


def worth_beyond_range(frame: pd.DataFrame) -> pd.Series:
    """Whether a priced worth is only "at least": the move goes beyond the price's range (or
    one unit, without a range) and no step or LP re-solve measured it."""
    priced = frame["marginal_value"].abs().fillna(0.0) > PRICE_TOLERANCE
    beyond = loosening_move(frame) > priced_room(frame) + SLACK_TOLERANCE
    measured = np.isfinite(measured_change(frame)) | np.isfinite(range_end_change(frame))
    return priced & beyond & ~measured


def price_notes(frame: pd.DataFrame) -> pd.Series:
    """Why a limit used to FULL_USE or more is priced 0: "another limit binds first" where its
    range says so (0 holds from what it uses up), "range unknown" where no range is known; why
    a limit with room left is priced all the same: "whole decisions leave room" (the LP with
    the packages fixed prices it; no whole customer or offer fits the room: as_held)."""
    zero = frame["marginal_value"].abs().fillna(0.0) <= PRICE_TOLERANCE
    full = zero & (frame["use_share"] >= FULL_USE)
    unknown = frame["range_low"].isna() | frame["range_high"].isna()
    notes = pd.Series("", index=frame.index, dtype=object)
    notes[full & ~unknown] = "another limit binds first"
    notes[full & unknown] = "range unknown"
    room = (frame["limit"] - frame["used"]).abs() > SLACK_TOLERANCE * np.maximum(
        1.0, frame["limit"].abs())
    single = frame["rms"].isin(["", 1]) if "rms" in frame else True  # not a sum of RMs
    notes[~zero & room & single] = "whole decisions leave room"
    return notes


def drivers(table: pd.DataFrame, rm_groups: dict[str, str],
            grade_steps: tuple[Step, ...] = (), rm_grades: dict[str, str] | None = None
            ) -> pd.DataFrame:
    """The limits that shape the plan, largest effect first: every binding limit, every limit
    used to FULL_USE or more, and every limit whose raise was re-solved to a gain beyond the
    solves' gaps; the rows per RM added up by group (`rm_groups`: RM id -> group), and a row
    per grade whose RMs' limits were raised together (`grade_steps`, `rm_grades`: RM id ->
    grade), worth what that step measured.
    Effect is `loosening_worth`: a measured step's change, else the marginal value only
    within its range (`worth_at_least` where the move goes on)."""
    frame = table[~table["identity"]].copy()
    frame["use_share"] = use_share(frame)
    frame["loosening_worth"] = loosening_worth(frame)
    frame["worth_at_least"] = worth_beyond_range(frame)
    frame["rms"] = ""
    stepped = (frame["step_change"] - frame["step_gap"]).fillna(0.0) > 0
    shaping = frame["binding"] | (frame["use_share"] >= FULL_USE) | stepped
    frame = frame[shaping]
    per_rm = frame["constraint"].isin(RM_FAMILIES)
    grouped = _by_group(frame[per_rm], rm_groups)
    columns = ["constraint", "label", "rms", "limit", "used", "use_share", "marginal_value",
               "range_low", "range_high", "loosening_worth", "worth_at_least"]
    graded = _grade_rows(table[table["constraint"].isin(RM_FAMILIES)], grade_steps,
                         rm_grades or {})
    parts = [part[columns] for part in (frame[~per_rm], grouped, graded) if len(part)]
    if not parts:
        return pd.DataFrame(columns=[*columns, "price_note"])
    merged = pd.concat(parts, ignore_index=True)
    merged = merged.sort_values(["loosening_worth", "use_share"], ascending=False, kind="stable")
    merged["price_note"] = price_notes(merged)
    return merged[[*columns, "price_note"]].reset_index(drop=True)


def first_drivers(ranked: pd.DataFrame, count: int) -> pd.DataFrame:
    """The first `count` of the `ranked` drivers, largest effect first, never leaving out a
    limit on the whole book (label "total")."""
    book_wide = ranked["label"] == BOOK_WIDE
    others = (~book_wide).cumsum().where(~book_wide, 0)
    return ranked[book_wide | (others <= count - int(book_wide.sum()))]


def _grade_rows(per_rm: pd.DataFrame, steps: tuple[Step, ...], rm_grades: dict[str, str]
                ) -> pd.DataFrame:
    """A row per grade whose RMs' limits a loosening step re-solved together with a gain
    beyond the solves' gaps: the grade's limits and use summed, the marginal value averaged,
    worth the step's change (no range: the rows per RM carry theirs)."""
    rows = []
    for step in steps:
        gain = (step.change or 0.0) - step.spread
        if (step.constraint not in RM_FAMILIES or not step.loosens or step.how != "re-solved"
                or step.short_of_gap or gain <= 0):
            continue
        mine = per_rm[(per_rm["constraint"] == step.constraint)
                      & (per_rm["label"].astype(str).map(rm_grades) == step.label)]
        if mine.empty:
            continue
        rows.append({"constraint": step.constraint, "label": step.label, "rms": len(mine),
                     "sense": step.sense, "limit": float(mine["limit"].sum()),
                     "used": float(mine["used"].sum()),
                     "marginal_value": float(mine["marginal_value"].mean()),
                     "range_low": np.nan, "range_high": np.nan,
                     "loosening_worth": float(step.change or 0.0), "worth_at_least": False})
    graded = pd.DataFrame(rows)
    if len(graded):
        graded["use_share"] = use_share(graded)
    return graded


def _by_group(frame: pd.DataFrame, rm_groups: dict[str, str]) -> pd.DataFrame:
    """Rows per RM added up by (constraint, group): limits, use and effect summed, the marginal
    value averaged over the group's priced RMs; a group of one RM shows that RM's range, a
    larger group none (each RM's is in constraints.csv)."""
    if frame.empty:
        return frame
    group = frame["label"].map(rm_groups).fillna(frame["label"])
    summed = frame.groupby([frame["constraint"], group], sort=True).agg(
        rms=("label", "size"), limit=("limit", "sum"), used=("used", "sum"),
        marginal_value=("marginal_value", "mean"),
        loosening_worth=("loosening_worth", "sum"),
        worth_at_least=("worth_at_least", "any"),
        sense=("sense", "first"), range_low=("range_low", "first"),
        range_high=("range_high", "first"))
    summed = summed.reset_index(names=["constraint", "label"])
    summed["use_share"] = use_share(summed)
    several = summed["rms"] > 1  # a group of one RM keeps its range
    summed[["range_low", "range_high"]] = summed[["range_low", "range_high"]].mask(several)
    return summed

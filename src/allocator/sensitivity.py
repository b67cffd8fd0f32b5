"""How the plan depends on its limits: which limits bind, what one more unit of each is worth and
over what range of the limit that holds, and the steps of lumpy decisions (a tier's package) that
prices of the LP with the packages fixed cannot see.

Pure: the checker's table of limits, the prices, their ranges and the measured steps in; tables
out. The LP and the re-solves behind them are in allocator.pricing; the limits that shape the
plan, ranked by what loosening each is worth, in allocator.driver_ranking.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

import numpy as np
import pandas as pd

from allocator.problem import AllocationProblem

Key = tuple[str, str]
"""(constraint, label), as in the checker's table."""

NOT_LIMITS = frozenset({"package_choice", "coverage_mandatory", "coverage_optional", "contact",
                        "rm_offer_link"})
"""Choices and rules every plan keeps by construction (one package per tier; the per-customer
rules, counted): not limits anyone can move, so never binding and never a driver."""

BREACHES = {"calendar_contact": "", "calendar_conflict": "conflicting contacts"}
"""Families the checker reports as breaches summed over customers (contacts over a window's
cap, conflicting pairs: at most 0), each a row per customer and window (or clique) in the
model: their slack is always 0, so they bind only where priced, and their price is the
strongest of their rows' (one more contact where it is worth most). -> the checker's label of
all a family's rows ("": the contact rule's name, read from the row label
"customer/rule days first-last")."""

SLACK_TOLERANCE = 1e-6
"""A limit is met exactly when its slack is within this share of max(1, |limit|)."""
PRICE_TOLERANCE = 1e-6
"""A marginal value (per unit of the limit) beyond this is non-zero."""
STEP_SHARE = 0.2
"""Limits are moved by this share of themselves: the steps measured, and a driver's effect."""


def loosening_step(limit: np.ndarray, whole: np.ndarray) -> np.ndarray:
    """How far the drivers move each limit: STEP_SHARE of itself; in whole units, one at
    least, where the limit counts (`whole`: offers, customers, moves; a share of an offer
    is no move, and the LP with the packages fixed would gain one all the same), and one unit
    for a limit of 0."""
    move = STEP_SHARE * np.abs(np.asarray(limit, dtype=float))
    counted = np.maximum(np.floor(move + SLACK_TOLERANCE), 1.0)
    return np.where(whole, counted, np.where(move == 0, 1.0, move))
FULL_USE = 0.98
"""Limits used to at least this share are listed among the drivers whatever their price."""
RM_FAMILIES = ("rm_capacity", "rm_book_size", "rm_min_load")
"""Limits with a row per RM: the drivers show them by grade and region."""


def held_below_only(span: tuple[float, float], limit: float | None) -> bool:
    """Whether a cap's price holds only for fewer units than today's: its range ends at
    today's limit (within SLACK_TOLERANCE of it), so one more unit lies beyond the range, where
    the price may be lower (the LP's value is concave in its limit) and is not known."""
    high = span[1]
    if limit is None or not np.isfinite(high) or not np.isfinite(limit):
        return False
    return bool(high <= limit + SLACK_TOLERANCE * max(1.0, abs(limit)))


def fewer_units_only(frame: pd.DataFrame) -> pd.Series:
    """Whether each limit is a cap priced above 0 whose range ends at today's limit
    (held_below_only): its price holds only for fewer units, one more is not priced."""
    ends = [held_below_only((low, high), limit) for low, high, limit in zip(
        frame["range_low"], frame["range_high"], frame["limit"], strict=True)]
    return (frame["marginal_value"].fillna(0.0) > PRICE_TOLERANCE) & pd.Series(
        ends, index=frame.index, dtype=bool)


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
    mandatory tier's coverage, the incumbents to keep, ...: allocator.limit_steps.REQUIREMENTS)."""
    unmeasured: str = ""
    """Why a re-solved step has no change where the clock is not the reason (one of
    UNMEASURED: the steps' time was spent before it began, or the re-run found no plan in
    its iterations); see `unmeasured_reason`."""

    @property
    def loosens(self) -> bool:
        """Whether the move gives the plan more room."""
        return (self.moved_to > self.limit) == (self.sense != "ge")

    @property
    def change_known(self) -> bool:
        """Whether the change is measured: its band (`spread`) is finite, and the re-solve
        proved its gap or the change lies beyond that band (a re-solve stopped before proving
        its gap, or with no bound, tells no change apart from none)."""
        if self.change is None or not np.isfinite(self.spread):
            return False
        return self.proven or abs(self.change) > self.spread

    @property
    def per_unit(self) -> float | None:
        move = self.moved_to - self.limit
        return None if self.change is None or move == 0 else self.change / move


UNMEASURED = ("time spent", "no plan in time", "no plan in iterations", "short of gap",
              "not proven", "solver failed")
"""Why a step was not measured, as constraints.csv says it (words in the catalogue): the
steps' share of the time limit was spent before it began; its re-solve found no plan before
its time ran out, or in its iterations; its re-run stopped short of its gap target; its
re-solve stopped before proving its gap (Step.change_known); the solver refused or failed
its re-solve (a status that is neither a plan, nor none, nor the clock)."""


def unmeasured_reason(step: Step) -> str:
    """Why a re-solved step measured no change (one of UNMEASURED), or "" where it did."""
    if step.how != "re-solved":
        return ""
    if step.change is not None:
        return "" if step.change_known else "not proven"
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
    """The run's time limit (solver.time_limit), within which the steps re-ran the
    decomposition (decomposition: steps.steps_seconds)."""
    steps_given: float | None = None
    """The time they were given: what the run's time limit had left once the plan was priced,
    less its closing share (a reading of the clock, for the manifest)."""
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
    unpriced: str = ""
    """Why no limit has a marginal value, where none has: "time limit" (the run's time limit
    ended before the LP with the packages fixed was solved); "" where the limits are priced."""
    raises: dict[Key, float] = field(default_factory=dict)
    """Per priced limit whose range ends short of the drivers' move, what the LP with the
    packages fixed gains with it loosened by that move (allocator.range_ends)."""


def within_steps(ranges: dict[Key, tuple[float, float]], prices: dict[Key, float],
                 steps: tuple[Step, ...], chord: bool = True
                 ) -> dict[Key, tuple[float, float]]:
    """The ranges cut where a re-solved step inside one contradicts its price: the change the
    price predicts for the step (price x move) and the measured change differ by more than
    the two solves' gaps (`Step.spread`). Where the step's packages change and the limit from
    which they do is known (`Step.packages_from`), the range ends there: up to it the
    packages are the plan's and the price holds, beyond it the step's packages take over.

    Otherwise, with `chord` (multipliers' ranges), the range is cut by the step's chord: the
    multipliers are held one at a time, so a range read from them can run past where the
    others move (another limit starts to bind as this one grows); the step re-runs the whole
    search and sees it. The Lagrangian value is concave in the limit, so below the step it
    stays above the chord from the limit to the step: the price can hold only over moves
    where its prediction and that chord stay within the gaps. The LP with the packages fixed
    has no such blind spot (it prices the whole book at once), and a MIP's step beyond its
    price with the packages held is the lumpiness of whole customer decisions, which the LP's
    range is not about: there only the packages cut a range."""
    out = dict(ranges)
    for step in steps:
        key = (step.constraint, step.label)
        if key in out and key in prices and step.how == "re-solved" and step.change is not None:
            out[key] = _cut_at(out[key], prices[key], step, chord)
    return out


def _cut_at(span: tuple[float, float], price: float, step: Step, chord: bool
            ) -> tuple[float, float]:
    """`span` cut where the step's packages begin to change or, with `chord`, to the moves
    over which `price` and the step's chord stay within its gaps."""
    low, high = span
    move = step.moved_to - step.limit
    missed = abs(price * move - (step.change or 0.0))
    if move == 0 or missed <= step.spread:
        return span
    begins = step.packages_from if step.packages else None
    if begins is not None and low <= begins <= high and (begins - step.limit) * move > 0:
        return (low, begins) if move > 0 else (begins, high)
    if not chord or not low <= step.moved_to <= high:
        return span
    holds = step.spread * abs(move) / missed
    if move > 0:
        return low, max(min(high, step.limit + holds), low)
    return min(max(low, step.limit - holds), high), high


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
    up to it), not down to what a relaxation's choice would use, and only up to where a
    measured step shows the packages change (within_steps). A range that misses today's limit is
    not a range of today's price, and is left unknown."""
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
    return held, replace(sensitivity, ranges=within_steps(ranges, held, sensitivity.steps,
                                                          chord=False))


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
    tight = (out["slack"].abs() <= SLACK_TOLERANCE * scale) & ~out["constraint"].isin(BREACHES)
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
    known_steps = {k: s for k, s in steps.items() if s.change_known}
    out[f"{prefix}_to"] = [steps[k].moved_to if k in steps else np.nan for k in keys]
    out[f"{prefix}_change"] = [_number(known_steps[k].change) if k in known_steps else np.nan
                               for k in keys]
    out[f"{prefix}_per_unit"] = [_number(known_steps[k].per_unit) if k in known_steps
                                 else np.nan for k in keys]
    out[f"{prefix}_gap"] = [steps[k].spread if k in steps else np.nan for k in keys]
    out[f"{prefix}_packages"] = ["; ".join(f"{t}: {a} -> {b}" for t, a, b in steps[k].packages)
                                 if k in steps else "" for k in keys]
    out[f"{prefix}_note"] = [unmeasured_reason(steps[k]) if k in steps else "" for k in keys]


def _identity(key: Key, known: Sensitivity) -> bool:
    return key[0] in NOT_LIMITS or (key[0] in known.modelled and key not in known.reachable)


def _number(value: float | None) -> float:
    return np.nan if value is None else float(value)


def shown_use(frame: pd.DataFrame) -> pd.Series:
    """The share of each limit a reader sees: used / limit for a cap and a minimum alike, so
    a minimum met reads 100% or more (60.06 of a minimum of 60: 100.1%, never the 99.9% of
    `use_share`) and one missed less. A limit of 0 has no share: NaN, shown blank."""
    return frame["used"] / frame["limit"].where(frame["limit"] != 0)


def use_share(frame: pd.DataFrame) -> pd.Series:
    """How close each limit is to holding the plan, for ranking (FULL_USE): used / limit for a
    cap; for a floor, the floor as a share of what is used (1 when the floor is met exactly,
    less the more it is exceeded). A cap of 0 (no contact over a window's cap, no conflicting
    pair) has no share: NaN. What a reader sees is `shown_use`."""
    cap = frame["used"] / frame["limit"].where(frame["limit"] != 0)
    floor = (frame["limit"] / frame["used"].where(frame["used"] != 0)).fillna(0.0)
    return cap.where(frame["sense"] == "le", floor)

"""The limits that shape the plan, ranked by what loosening each is worth: a measured step's
change, else the LP's gain past a range end, else the marginal value within its range; the rows
per RM added up by group and by grade (an RM that can hold no customer in none: rm_rows); why a
limit used up is priced 0 (`price_notes`).

Pure: the assessed table of limits (allocator.sensitivity.assessed) in, the drivers' table out.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from allocator.families import COUNTED
from allocator.memo import remembered
from allocator.report.term_words import OF_WHICH
from allocator.rm_rows import PER_RM_FAMILIES, of_holding, row_groups
from allocator.sensitivity import (
    BREACHES,
    FULL_USE,
    PRICE_TOLERANCE,
    RM_FAMILIES,
    SLACK_TOLERANCE,
    Step,
    fewer_units_only,
    loosening_step,
    shown_use,
    use_share,
)

BOOK_WIDE = "total"
"""The label of a limit on the whole book (the budget, the loss and capital caps)."""


def loosening_move(frame: pd.DataFrame) -> pd.Series:
    """How far a driver's limit is loosened (loosening_step: STEP_SHARE of itself, whole
    units of a limit that counts), or as far as its re-solved step moved it where one was
    measured."""
    whole = frame["constraint"].isin(COUNTED) | frame["constraint"].isin(BREACHES)
    move = pd.Series(loosening_step(frame["limit"].to_numpy(dtype=float), whole.to_numpy()),
                     index=frame.index)
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
    """The change the re-solved loosening step measured (NaN where none was, or where its
    re-solve stopped before telling a change apart from none: Step.change_known)."""
    if "step_change" not in frame:
        return pd.Series(np.nan, index=frame.index)
    return frame["step_change"].abs()


def range_end_change(frame: pd.DataFrame) -> pd.Series:
    """What the LP with the packages fixed gains with a priced limit whose range ends short
    of the drivers' move loosened by that move (Sensitivity.raises; NaN where none was, or
    where the plan holds the limit at a price of 0)."""
    if "range_end_change" not in frame:
        return pd.Series(np.nan, index=frame.index)
    priced = frame["marginal_value"].abs().fillna(0.0) > PRICE_TOLERANCE
    return frame["range_end_change"].where(priced)


def loosening_worth(frame: pd.DataFrame) -> pd.Series:
    """What loosening each limit (`loosening_move`) is worth: the re-solve's change where that
    step was measured; else, for a limit whose range ends short of the move, the LP's change
    re-solved at the moved limit; else the marginal value times the part of the move within
    its range (a limit without a range: one unit), never a price stretched beyond where it
    holds; a limit not priced and not measured is worth nothing known (NaN), never 0."""
    inside = np.minimum(loosening_move(frame), priced_room(frame))
    estimate = frame["marginal_value"].abs() * inside  # a limit not priced: no worth
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
    the packages fixed prices it; its room is smaller than its largest single use, one customer
    or offer, which as_held keeps priced: whether a smaller one fits is not checked); why a
    limit is priced below 0: a minimum, which loosening lowers (MINIMUM_NOTE); why one more
    unit of a cap is not priced: its range ends at today's limit (FEWER_UNITS_NOTE). A group
    of RMs has room where the RM whose price it shows has (PRICED_ROOM), never where only its
    idle RMs do."""
    size = frame["marginal_value"].abs()  # a limit not priced (NaN) is neither 0 nor priced
    zero, priced = size <= PRICE_TOLERANCE, size > PRICE_TOLERANCE
    full = zero & (frame["use_share"] >= FULL_USE)
    unknown = frame["range_low"].isna() | frame["range_high"].isna()
    notes = pd.Series("", index=frame.index, dtype=object)
    notes[full & ~unknown] = "another limit binds first"
    notes[full & unknown] = "range unknown"
    room = has_room(frame)
    if PRICED_ROOM in frame:  # a group of RMs: the room of the RM whose price it shows
        room = frame[PRICED_ROOM].where(frame[PRICED_ROOM].notna(), room).astype(bool)
    notes[priced & room] = "whole decisions leave room"
    notes[fewer_units_only(frame)] = FEWER_UNITS_NOTE
    minimum = frame["marginal_value"].fillna(0.0) < -PRICE_TOLERANCE  # raising it costs
    notes[minimum & (notes == "")] = MINIMUM_NOTE
    notes[priced & frame["constraint"].isin(BREACHES)] = PER_CUSTOMER_NOTE
    if THROUGH_SHARES in frame:
        notes[frame[THROUGH_SHARES].eq(True)] = SHARES_NOTE
    notes[missed(frame)] = MISSED_NOTE
    return notes


NOT_PRICED = "not priced"
"""What a driver without a marginal value shows for its price and worth (the run priced no
limit, or not this one): never a 0 it does not have."""

FEWER_UNITS_NOTE = "held for fewer units only"
"""Why a cap's price is not that of one more unit: its range ends at today's limit, so the
price holds only for fewer units (the headline prices say the same: report.plan_tables)."""


def missed(frame: pd.DataFrame) -> pd.Series:
    """Whether each limit is broken (a soft one, at its penalty): a minimum missed, a cap
    exceeded, beyond the slack tolerance; none where the table has no senses."""
    if "sense" not in frame:
        return pd.Series(False, index=frame.index)
    beyond = SLACK_TOLERANCE * np.maximum(1.0, frame["limit"].abs())
    floor = frame["sense"] == "ge"
    cap = frame["sense"] == "le"
    return (floor & (frame["used"] < frame["limit"] - beyond)) | (
        cap & (frame["used"] > frame["limit"] + beyond))


MISSED_NOTE = "missed: soft, at its penalty"
"""Why a limit's use is not shown as a share: it is soft and the plan breaks it (a minimum
missed, a cap exceeded), paying its penalty; the report says by how much
(report.drivers.shown_drivers)."""


def has_room(frame: pd.DataFrame) -> pd.Series:
    """Whether each limit has room left (its use short of it beyond the slack tolerance)."""
    return (frame["limit"] - frame["used"]).abs() > SLACK_TOLERANCE * np.maximum(
        1.0, frame["limit"].abs())


PRICED_ROOM = "priced_room"
"""A group of RMs' column: whether the RM whose marginal value the group shows (its strongest,
`strongest`) has room left; NaN for a row that is no group."""


THROUGH_SHARES = "through_shares"
"""A driver's column: whether it is a book-wide limit that shapes the plan only through its
tier shares, which its step moved with it (TIER_SHARES)."""
TIER_SHARES = {"budget": ("tier_budget_floor", "tier_budget_cap"), "loss_cap": ("tier_loss",)}
"""Book-wide limits whose tiers' shares move with them in their steps (the tier budget floors
and caps, the tier loss caps)."""
SHARES_NOTE = "through its tier shares"
"""Why a limit priced 0 and used below FULL_USE is a driver all the same: its step moved its
tier shares with it, and the gain is theirs (they are ranked apart: not two effects)."""

INTERNAL = (PRICED_ROOM, "sense", THROUGH_SHARES)
"""The drivers' columns their notes are worked out from, not shown."""


def priced_rooms(rows: pd.DataFrame, keys: list[pd.Series]) -> pd.Series:
    """Per group of `rows` (rows per RM grouped by `keys`): whether the RM of the strongest
    marginal value has room left (PRICED_ROOM)."""
    size = rows["marginal_value"].abs().fillna(-1.0)
    order = np.argsort(-size.to_numpy(), kind="stable")
    ordered = rows.iloc[order].assign(**{PRICED_ROOM: has_room(rows).iloc[order]})
    return ordered.groupby([key.iloc[order] for key in keys], sort=True)[PRICED_ROOM].first()


PER_CUSTOMER_NOTE = "per customer: the most one more contact is worth"
"""Why a contact rule over each customer's windows (BREACHES) shows a limit and a use of 0 with
a price: it is a limit per customer and window, summed as the contacts over them (0 in any
plan that keeps it); its price is the strongest of theirs, one more contact where it is worth
most."""

MINIMUM_NOTE = "a minimum: loosened by lowering it"
"""Why a limit's marginal value is negative while loosening it is worth something: it is a
minimum (a sales target), whose value per unit raised is a cost."""


BEYOND_RANGE = "beyond its range"
"""Why a priced limit's worth is not shown: its price holds over none of the move (its range
ends at today's limit) and no re-solve measured it: never a bare 0.00 beside its price."""


@remembered
def drivers(table: pd.DataFrame, rm_groups: dict[str, str],
            grade_steps: tuple[Step, ...] = (), rm_grades: dict[str, str] | None = None,
            holding_none: tuple[str, ...] = ()) -> pd.DataFrame:
    """The limits that shape the plan, largest effect first: every binding limit, every limit
    used to FULL_USE or more, and every limit whose raise was re-solved to a gain beyond the
    solves' gaps; the rows per RM added up by group (`rm_groups`: RM id -> group), and a row
    per grade whose RMs' limits were raised together (`grade_steps`, `rm_grades`: RM id ->
    grade), worth what that step measured. The rows of the RMs that can hold no customer
    (`holding_none`: rm_rows.holding_none) are in no group's or grade's row (rm_rows.of_holding).
    Effect is `loosening_worth`: a measured step's change, else the marginal value only
    within its range (`worth_at_least` where the move goes on); a limit whose step was tried
    and not measured is ranked by that estimate, its worth left blank beside why
    (`step_note`), never shown as a change of 0."""
    table = of_holding(table, holding_none)
    frame = table[~table["identity"]].copy()
    notes = frame.get("step_note", pd.Series("", index=frame.index)).astype(object)
    frame["step_note"] = notes.where(notes.notna(), "")  # read back: NaN
    frame["use_share"] = use_share(frame)
    frame["loosening_worth"] = loosening_worth(frame)
    frame["worth_at_least"] = worth_beyond_range(frame)
    frame["rms"] = ""
    stepped = (frame["step_change"] - frame["step_gap"]).fillna(0.0) > 0
    shaping = frame["binding"] | (frame["use_share"] >= FULL_USE) | stepped
    frame[THROUGH_SHARES] = stepped & ~(frame["binding"] | (frame["use_share"] >= FULL_USE)) & (
        through_shares(table, frame))
    frame = frame[shaping]
    per_rm = frame["constraint"].isin(PER_RM_FAMILIES)
    every = table[~table["identity"] & table["constraint"].isin(PER_RM_FAMILIES)]
    grouped = _by_group(frame[per_rm], rm_groups, every.assign(use_share=use_share(every)))
    columns = ["constraint", "label", "rms", "limit", "used", "use_share", "marginal_value",
               "range_low", "range_high", "loosening_worth", "worth_at_least", "step_note",
               *GROUP_PARTS, *INTERNAL]
    graded = _grade_rows(table[table["constraint"].isin(RM_FAMILIES)], grade_steps,
                         rm_grades or {})
    parts = [part.reindex(columns=columns) for part in (frame[~per_rm], grouped, graded)
             if len(part)]
    if not parts:
        return pd.DataFrame(columns=[*columns[:-len(INTERNAL)], "price_note"])
    merged = pd.concat(parts, ignore_index=True)
    merged = merged.sort_values(["loosening_worth", "use_share"], ascending=False, kind="stable")
    merged["price_note"] = price_notes(merged)
    merged["use_share"] = shown_use(merged).mask(missed(merged))  # a broken limit: no share
    notes = merged["step_note"].astype(object)  # read back, notes all blank are numbers (NaN)
    merged["step_note"] = notes.fillna("").astype(str)
    nothing_inside = merged["worth_at_least"].astype(bool) & (
        merged["loosening_worth"].abs() <= PRICE_TOLERANCE)
    merged.loc[nothing_inside & (merged["step_note"] == ""), "step_note"] = BEYOND_RANGE
    unmeasured = merged["step_note"] != ""
    merged["loosening_worth"] = merged["loosening_worth"].mask(unmeasured)
    merged["worth_at_least"] = merged["worth_at_least"] & ~unmeasured
    shown = [name for name in columns if name not in INTERNAL]
    return merged[[*shown, "price_note"]].reset_index(drop=True)


def through_shares(table: pd.DataFrame, frame: pd.DataFrame) -> pd.Series:
    """Whether each of `frame`'s limits is a book-wide one (TIER_SHARES) some of whose tier
    shares bind in `table` (the whole constraint table), and whose step changed no package:
    what its step gains, its binding shares gain, moved with it."""
    binding = table[table["binding"].astype(bool)]["constraint"]
    bound = {name for name, shares in TIER_SHARES.items() if binding.isin(shares).any()}
    packages = frame.get("step_packages", pd.Series("", index=frame.index))
    return frame["constraint"].isin(bound) & packages.fillna("").astype(str).eq("")


def strongest(prices: pd.Series) -> float:
    """The marginal value of largest size among RMs' (NaN where none is priced: no price,
    never 0): what an hour is worth where it is worth most, never an average of RMs worth 0
    and RMs that bind."""
    known = prices.dropna()
    return float(known.iloc[int(np.argmax(known.abs().to_numpy()))]) if len(known) else np.nan


def total(values: pd.Series) -> float:
    """The sum of the known `values`, NaN where none is known (pandas' sum reads none as 0)."""
    return float(values.sum(min_count=1))


def first_drivers(ranked: pd.DataFrame, count: int) -> pd.DataFrame:
    """The first `count` of the `ranked` drivers, largest effect first, never leaving out a
    limit on the whole book (label "total"). A region's row of a grade that has a row of its
    own is a part of it, not a driver beside it: it takes no place of the `count` and is shown
    (under its grade's) only where its grade's row is."""
    labels = ranked["label"].astype(str)
    keys = set(zip(ranked["constraint"], labels, strict=True))
    grade_of = [(family, label.partition(" / ")[0]) if " / " in label else None
                for family, label in zip(ranked["constraint"], labels, strict=True)]
    part = pd.Series([key is not None and key in keys for key in grade_of], index=ranked.index)
    book_wide = labels == BOOK_WIDE
    counted = ~book_wide & ~part
    places = counted.cumsum().where(counted, 0)
    whole = book_wide | (counted & (places <= count - int(book_wide.sum())))
    shown = set(zip(ranked["constraint"][whole], labels[whole], strict=True))
    parts = pd.Series([key is not None and key in shown and is_part
                       for key, is_part in zip(grade_of, part, strict=True)], index=ranked.index)
    return regions_under_grades(ranked[whole | parts])


def regions_under_grades(shown: pd.DataFrame) -> pd.DataFrame:
    """The drivers with each grade / region row right under its grade's row where that is
    shown, labelled "of which: region" (OF_WHICH): a region's RM hours are part of its grade's,
    never to be added to them."""
    labels = shown["label"].astype(str)
    keys = set(zip(shown["constraint"], labels, strict=True))
    parts: dict[tuple[str, str], list[int]] = {}
    for position, (family, label) in enumerate(zip(shown["constraint"], labels, strict=True)):
        grade, between, _ = label.partition(" / ")
        if between and (family, grade) in keys:
            parts.setdefault((family, grade), []).append(position)
    if not parts:
        return shown
    moved = {position for positions in parts.values() for position in positions}
    order = [position for kept, key in enumerate(zip(shown["constraint"], labels, strict=True))
             if kept not in moved for position in [kept, *parts.get(key, [])]]
    out = shown.iloc[order].copy()
    out.loc[out.index[[order.index(p) for p in sorted(moved)]], "label"] = [
        OF_WHICH + labels.iloc[p].partition(" / ")[2] for p in sorted(moved)]
    return out


def _grade_rows(per_rm: pd.DataFrame, steps: tuple[Step, ...], rm_grades: dict[str, str]
                ) -> pd.DataFrame:
    """A row per grade whose RMs' limits a loosening step re-solved together with a gain
    beyond the solves' gaps: the grade's limits and use summed, the marginal value its RMs'
    strongest, worth the step's change (no range: the rows per RM carry theirs)."""
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
                     "marginal_value": strongest(mine["marginal_value"]),
                     "range_low": np.nan, "range_high": np.nan,
                     "loosening_worth": float(step.change or 0.0), "worth_at_least": False,
                     "step_note": "",
                     PRICED_ROOM: bool(priced_rooms(mine, [mine["constraint"]]).iloc[0])})
    graded = pd.DataFrame(rows)
    if len(graded):
        graded["use_share"] = use_share(graded)
    return graded


GROUP_PARTS = ("shaping_rms", "shaping_low", "shaping_high", "others_low", "others_high")
"""A group's RMs that shape the plan (binding or used to FULL_USE or more) where some of its
RMs do not, with the lowest and highest use of each part ("2 of 5 RMs at 99.7-100.0%, 3 at
16.0-20.0%"); NaN where every RM of the group shapes it."""


def _by_group(frame: pd.DataFrame, rm_groups: dict[str, str], every: pd.DataFrame
              ) -> pd.DataFrame:
    """Rows per RM that shape the plan (`frame`) added up by (constraint, group): the effect
    summed (the binding RMs'), the marginal value the group's strongest; the limits and use
    those of every RM of the group (`every`: all rows per RM, with their use_share), so a
    group whose added RMs stand idle never reads as full, and where some of its RMs do not
    shape the plan, how many do and each part's use (GROUP_PARTS). A group of one RM shows
    that RM's range, a larger group none (each RM's is in constraints.csv)."""
    if frame.empty:
        return frame
    keys = [frame["constraint"], row_groups(frame, rm_groups)]
    summed = frame.groupby(keys, sort=True).agg(
        shaping_rms=("label", "size"), marginal_value=("marginal_value", strongest),
        loosening_worth=("loosening_worth", total),
        worth_at_least=("worth_at_least", "any"), step_note=("step_note", "max"),
        sense=("sense", "first"), range_low=("range_low", "first"),
        range_high=("range_high", "first"), shaping_low=("use_share", "min"),
        shaping_high=("use_share", "max"))
    every_keys = [every["constraint"], row_groups(every, rm_groups)]
    whole = every.groupby(every_keys, sort=True).agg(
        rms=("label", "size"), limit=("limit", "sum"), used=("used", "sum"))
    others = every[~every.index.isin(frame.index)]
    idle = others.groupby([others["constraint"], row_groups(others, rm_groups)], sort=True
                          ).agg(others_low=("use_share", "min"), others_high=("use_share", "max"))
    summed = summed.join(whole).join(idle).join(priced_rooms(frame, keys)).reset_index(
        names=["constraint", "label"])
    summed["use_share"] = use_share(summed)
    several = summed["rms"] > 1  # a group of one RM keeps its range
    summed[["range_low", "range_high"]] = summed[["range_low", "range_high"]].mask(several)
    partial = summed["shaping_rms"] < summed["rms"]
    summed[list(GROUP_PARTS)] = summed[list(GROUP_PARTS)].where(partial)
    return summed

"""What drives this plan: the opening of report.html's details and of a run's terminal output,
and the section after the decision and assumptions in summary.md; a limit's price and its
steps are said by allocator.report.price_words.
Pure: outcome and constraint table in, a table and sentences out."""

from __future__ import annotations

from typing import Any

import pandas as pd

from allocator import columns as c
from allocator.attempts import CLOSING_SHARE
from allocator.decomposition.steps import STEP_ITERATIONS
from allocator.driver_ranking import (
    GROUP_PARTS,
    MISSED_NOTE,
    NOT_PRICED,
    drivers,
    first_drivers,
)
from allocator.families import COUNTED
from allocator.headcount import plans_rms as plans_rms  # the reports' own
from allocator.limit_steps import HEADLINES
from allocator.optimize import Outcome
from allocator.report.cell_texts import format_cell, use_text
from allocator.report.key_words import key_name
from allocator.report.language import Words
from allocator.report.price_words import grade_price_text, price_text, step_text
from allocator.report.quantities import priced_per_unit, with_units
from allocator.report.term_words import OF_WHICH
from allocator.rm_rows import holding_none
from allocator.sensitivity import STEP_SHARE, Sensitivity, Step

DRIVERS_SHOWN = 25
"""The rows of the drivers' table; the headline lines count the others (all are in
constraints.csv)."""


def driver_table(outcome: Outcome, constraints: pd.DataFrame) -> pd.DataFrame:
    """The limits that shape the plan, largest effect first (allocator.driver_ranking.drivers),
    up to DRIVERS_SHOWN rows, every limit on the whole book among them."""
    return first_drivers(ranked_drivers(outcome, constraints), DRIVERS_SHOWN)


def ranked_drivers(outcome: Outcome, constraints: pd.DataFrame) -> pd.DataFrame:
    """Every driver, largest effect first: the rows per RM by grade and region, and each
    grade whose hours were raised together by the step it measured."""
    return ranked_of(constraints, outcome.prepared.valued.rms, steps_of(outcome.sensitivity))


def ranked_of(constraints: pd.DataFrame, rms: pd.DataFrame, steps: tuple[Step, ...]
              ) -> pd.DataFrame:
    """ranked_drivers of the constraint table, the RMs and the steps measured; an RM that can
    hold no customer in no row (rm_rows.holding_none)."""
    return drivers(constraints, groups_of(rms), steps, grades_of(rms), holding_none(rms))


def steps_of(known: Sensitivity | None) -> tuple[Step, ...]:
    return known.steps if known is not None else ()


def shown_drivers(table: pd.DataFrame, currency: str, words: Words, in_count: bool = False
                  ) -> pd.DataFrame:
    """The drivers for a reader: prices per unit of their limits and worths in `currency`
    (with_units), and a group of RMs some of which do not shape the plan said with how many
    do and each part's use ("2 of 5 RMs at 99.7-100.0%, 3 at 16.0-20.0%"), so idle RMs
    beside full ones are never read as full: in its label ("of which R1: 2 of 5 ..."), or
    with `in_count` in the RMs column, for a table that has one. A soft limit the plan breaks
    says by how much and at which penalty (missed_note)."""
    shown = with_units(table.assign(price_note=_notes(table, currency, words)), currency, words,
                       words.term(NOT_PRICED))
    if "shaping_rms" not in shown:
        return shown
    parts = [_parts(row, words) for row in shown.itertuples(index=False)]
    if in_count:
        counts = [part or ("" if pd.isna(pd.to_numeric(rms, errors="coerce")) else
                           f"{int(rms):,}") for part, rms in zip(parts, shown["rms"], strict=True)]
        shown = shown.assign(rms=counts)
    else:
        shown = shown.assign(label=[_labelled(str(label), part, words) for label, part
                                    in zip(shown["label"], parts, strict=True)])
    return shown.drop(columns=list(GROUP_PARTS))


def _notes(table: pd.DataFrame, currency: str, words: Words) -> pd.Series:
    """The drivers' notes on their prices, a broken soft limit's said in full (missed_note)."""
    notes = table.get("price_note", pd.Series("", index=table.index)).astype(object)
    return pd.Series([missed_note(row, currency, words) if note == MISSED_NOTE else note
                      for note, row in zip(notes, table.itertuples(index=False), strict=True)],
                     index=table.index, dtype=object)


def missed_note(row: Any, currency: str, words: Words) -> str:
    """A soft limit the plan breaks, plainly: "missed by 2 (soft, penalty 100 EUR per offer)"
    for a minimum, "exceeded by ..." for a cap; the penalty per unit is the limit's marginal
    value (what one unit more of the break costs)."""
    short = float(row.limit) - float(row.used)
    amount = f"{abs(short):,.0f}" if row.constraint in COUNTED else format_cell(abs(short))
    penalty = priced_per_unit(str(row.constraint), abs(float(row.marginal_value)), currency,
                              words)
    return words("soft_missed" if short > 0 else "soft_exceeded", amount=amount,
                 penalty=penalty)


def _parts(row: Any, words: Words) -> str:
    """How many of a group's RMs shape the plan and each part's use, where only some do;
    "" where every RM does (or the row is no group)."""
    if pd.isna(row.shaping_rms):
        return ""
    rms, shaping = int(row.rms), int(row.shaping_rms)
    return words("rm_parts", shaping=shaping, rms=rms,
                 use=_use_range(row.shaping_low, row.shaping_high), others=rms - shaping,
                 others_use=_use_range(row.others_low, row.others_high))


def _labelled(label: str, parts: str, words: Words) -> str:
    """A driver's label with its RMs' `parts` after it, where there are any."""
    if not parts:
        return label
    if label.startswith(OF_WHICH):
        return OF_WHICH + words.term(label.removeprefix(OF_WHICH)) + words.sep("colon") + parts
    return words.term(label) + words.sep("colon") + parts


def _use_range(low: float, high: float) -> str:
    """Shares of use as "99.7%", or "16.0-20.0%" where they differ once shown."""
    first, last = use_text(low), use_text(high)
    return first if first == last else f"{first.removesuffix('%')}–{last}"


def drivers_left_out(ranked: pd.DataFrame, words: Words) -> list[str]:
    """"... N more are in constraints.csv" when the table leaves some of the `ranked` drivers
    out, else nothing."""
    more = len(ranked) - DRIVERS_SHOWN
    return [words("drivers_more", count=more, shown=DRIVERS_SHOWN)] if more > 0 else []


def rm_groups(outcome: Outcome) -> dict[str, str]:
    """RM id -> "grade / region": how the drivers add up the rows per RM."""
    return groups_of(outcome.prepared.valued.rms)


def groups_of(rms: pd.DataFrame) -> dict[str, str]:
    return {str(r): f"{g} / {region}" for r, g, region in
            zip(rms[c.RM_ID], rms[c.GRADE], rms[c.REGION], strict=True)}


def driver_note(outcome: Outcome, words: Words) -> str:
    """How the table was made, and what is known of the prices on this path."""
    return note_of(outcome.sensitivity, outcome.method, words,
                   plans_rms(outcome.prepared.valued.rms, outcome.prepared.loaded.scenario))


def note_of(known: Sensitivity | None, method: str, words: Words, with_rms: bool = True
            ) -> str:
    """driver_note of what a run knows of its limits and the path it took; no word of rows
    per RM or RM hours for a book without RMs (`with_rms` False)."""
    rms = "" if with_rms else "_no_rms"
    note = words(f"drivers_note{rms}", share=STEP_SHARE)
    if known is not None and known.unpriced:
        note = words.sep("sentence").join([note, words("drivers_unpriced")])
    if known is not None and method == "decomposition":
        return words.sep("sentence").join([note, *_decomposition_notes(known, words, rms)])
    source = f"drivers_lp{rms}" if known is not None and known.priced_by == "lp" else (
        "drivers_multipliers")
    notes = [note, words(source), *([skipped(known, words)] if known is not None
                                     and known.skipped else [])]
    return words.sep("sentence").join(notes)  # Chinese sentences stand without a space


def skipped(known: Sensitivity, words: Words) -> str:
    """Why no steps were measured, the scenario key that turned them off by its name."""
    key = key_name("output.steps", words.language, words.term) or "output.steps"
    return words(known.skipped, key=key)


def _decomposition_notes(known: Sensitivity, words: Words, rms: str = "") -> list[str]:
    """The decomposition's prices (the LP's or its multipliers with their ranges), the families
    left unranged, and its steps, each a re-run of the decomposition (`rms`: "_no_rms" for
    the words of a book without RMs)."""
    notes = [words("drivers_lp_prices" if known.priced_by == "lp" else "drivers_lagrangian")]
    if known.settled:
        notes.append(words("multipliers_settled", count=known.settled))
    if known.unranged:
        notes.append(words("ranges_not_computed", families=words.sep("list").join(
            words.term(name) for name in known.unranged)))
    if known.steps_time_limit is not None:
        notes.append(words(f"steps_rerun{rms}", iterations=STEP_ITERATIONS,
                           seconds=f"{known.steps_time_limit:g}",
                           share=f"{CLOSING_SHARE:.0%}"))
    elif known.skipped:
        notes.append(skipped(known, words))
    return notes


def headline_lines(outcome: Outcome, constraints: pd.DataFrame, words: Words) -> list[str]:
    """Per headline limit and per other limit (or grade's RM hours) with a step measured, in
    the order of the drivers' table (those it leaves out last): its marginal value per unit of
    the limit and range, then each step measured beyond it, amounts in the currency."""
    return headlines_of(constraints, outcome.prepared.valued.rms, steps_of(outcome.sensitivity),
                        outcome.prepared.loaded.scenario.objective.currency, words)


def headlines_of(constraints: pd.DataFrame, rms: pd.DataFrame, steps: tuple[Step, ...],
                 currency: str, words: Words, shaping: bool = True) -> list[str]:
    """headline_lines of the constraint table, the RMs and the steps measured, amounts in
    `currency`: of the limits that shape the plan (in the drivers' ranking), or with
    `shaping` False of the others (priced, with room: `with_room_lines`)."""
    table = constraints.set_index(["constraint", "label"])
    grades = grades_of(rms)
    ranked = ranked_of(constraints, rms, steps)
    keys = in_ranking([*HEADLINES, *((s.constraint, s.label) for s in steps)], ranked)
    drives = set(zip(ranked["constraint"].astype(str), ranked["label"].astype(str),
                     strict=True))
    drives |= {(family, label.partition(" / ")[0]) for family, label in drives
               if " / " in label}  # a grade whose RMs in a region shape the plan shapes it
    lines = []
    for key in (key for key in keys if (key in drives) == shaping):
        measured = [step_text(s, currency, words) for s in steps
                    if (s.constraint, s.label) == key]
        if key in table.index:
            row = table.loc[key]
            if bool(row.get("identity", False)) and not measured:
                continue  # no plan can reach it: it drives nothing
            price = price_text(row, key[0], currency, words)
        elif key[0] == "rm_capacity" and measured:
            mine = constraints[(constraints["constraint"] == key[0])
                               & (constraints["label"].map(grades) == key[1])]
            price = grade_price_text(mine, rms, currency, words)
        else:
            continue
        name = words.term(key[0]) if key in HEADLINES else words.limit(*key)
        lines.append(name + words.sep("colon") + words.sep("list").join([price, *measured]))
    return lines + drivers_left_out(ranked, words) if shaping else lines


def with_room_lines(constraints: pd.DataFrame, rms: pd.DataFrame, steps: tuple[Step, ...],
                    currency: str, words: Words) -> list[str]:
    """The headline limits and limits stepped that do not shape the plan (room left, priced 0,
    no step gaining beyond the gaps), each price with its range and steps: under their own
    heading (`with_room`), never among the drivers."""
    lines = headlines_of(constraints, rms, steps, currency, words, shaping=False)
    return [words("with_room"), *lines] if lines else []


DECISION_DRIVERS = 6
"""The decision shows the limits of largest effect; the details show them all."""
DECISION_DRIVER_COLUMNS = ["constraint", "label", "use_share", "marginal_value",
                           "loosening_worth", "step_note"]


def top_drivers(ranked: pd.DataFrame, currency: str, words: Words) -> pd.DataFrame:
    """The decision's drivers: the first DECISION_DRIVERS of the `ranked` ones (first_drivers
    already) by their largest effect, a grade's regions left to the details, for a reader."""
    whole = ranked[~ranked["label"].astype(str).str.startswith(OF_WHICH)]
    return shown_drivers(whole.head(DECISION_DRIVERS), currency,
                         words)[DECISION_DRIVER_COLUMNS]


def in_ranking(keys: list[tuple[str, str]], ranked: pd.DataFrame) -> list[tuple[str, str]]:
    """The (constraint, label) `keys` once each, in the order of the `ranked` drivers (largest
    effect first), the keys the ranking leaves out after them in their own order."""
    order = {key: place for place, key in enumerate(
        zip(ranked["constraint"].astype(str), ranked["label"].astype(str), strict=True))}
    unique = list(dict.fromkeys(keys))
    return sorted(unique, key=lambda key: order.get(key, len(order)))


def rm_grades(outcome: Outcome) -> dict[str, str]:
    return grades_of(outcome.prepared.valued.rms)


def grades_of(rms: pd.DataFrame) -> dict[str, str]:
    return dict(zip(rms[c.RM_ID].astype(str), rms[c.GRADE].astype(str), strict=True))

"""What only takes options away, found before any solve: a grade that no RM holds, RMs of a
grade no tier names, customers in a region without RMs, an optional tier no grade serves, RMs
who can keep none of their customers, or no customers or offers at all; a CSV table whose
encoding was found (encoding: auto) and is not UTF-8 or UTF-16 (which a byte-order mark names);
customers whose incumbent RM the RM table does not have (an RM who has left: their moves are
forced); and a region or an RM id the two tables write as the same number in two ways (04 and
4), which, read as written, do not match.
"""

from __future__ import annotations

from collections.abc import Mapping
from difflib import get_close_matches

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.book.findings import Finding
from allocator.encodings import AUTO, is_marked
from allocator.keepable import keepable
from allocator.scenario.label_keys import key_names
from allocator.scenario.schema import OfferSpec, Scenario


def guessed_encodings(scenario: Scenario, encodings: Mapping[str, tuple[str, str]]
                      ) -> list[Finding]:
    """A table whose encoding was found, not declared, and not named by the file itself (UTF-8,
    or UTF-16 by its byte-order mark): a guess to confirm."""
    return [Finding("encoding_guessed", {"file": path, "encoding": codec,
                                         "key": f"data.{role}.encoding"})
            for role, (path, codec) in encodings.items()
            if not is_marked(codec) and getattr(scenario.data, role).encoding == AUTO]


def no_customers(customers: pd.DataFrame) -> list[Finding]:
    return [Finding("ready_no_customers")] if customers.empty else []


def no_offers(scenario: Scenario, offers: Mapping[str, OfferSpec] | None) -> list[Finding]:
    """An offer table (data.offers) that gave no offer (a header only), where the scenario
    lists none either: no offer will be planned, which a table was named to prevent."""
    named = scenario.data.offers is not None and offers is not None
    return [Finding("ready_no_offers", {"key": "data.offers"})] if named and not offers else []


def optional_without_grades(scenario: Scenario, customers: pd.DataFrame) -> list[Finding]:
    """An optional tier, with customers, that no RM grade serves with any effect (rm_grades
    empty or all 0): its customers can get no RM (a mandatory one is infeasible instead)."""
    held = {str(tier) for tier in customers[c.TIER].unique()}
    return [Finding("ready_optional_no_grade", {"tier": tier})
            for tier, spec in scenario.tiers.items()
            if spec.coverage == "optional" and tier in held
            and not any(effect > 0 for effect in spec.rm_grades.values())]


def unknown_grades(scenario: Scenario, rms: pd.DataFrame) -> list[Finding]:
    """A grade a tier lists (tiers.*.rm_grades) that no RM has, with the closest the RM table
    has, by id or by its name in the scenario's language as the key may name it: the tier
    may not have the RMs it was meant to (a misspelt grade)."""
    present = sorted(set(rms[c.GRADE].astype(str)))
    findings = []
    for tier, spec in scenario.tiers.items():
        for grade in (g for g in spec.rm_grades if g not in present):
            names = key_names(present, scenario.labels.grades, scenario.output.language,
                              "grades")
            close = get_close_matches(grade, names, n=1, cutoff=0.6)
            fields: dict[str, object] = {"tier": tier, "grade": grade,
                                         "present": tuple(present)}
            key = f"tiers.{tier}.rm_grades.{grade}"
            findings.append(Finding("ready_close_grade", {**fields, "close": close[0]}, key)
                            if close else Finding("ready_unknown_grade", fields, key))
    return findings


def idle_grades(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame
                ) -> list[Finding]:
    """RMs of a grade no tier names (tiers.*.rm_grades): they take no customer, and their
    customers today move to other RMs or to none (a grade misspelt in the RM table, or one
    the scenario forgot). Not where no tier covers its customers with RMs (a campaign book)."""
    if all(spec.coverage == "none" for spec in scenario.tiers.values()):
        return []
    named = {grade for spec in scenario.tiers.values() for grade in spec.rm_grades}
    covered = next(tier for tier, spec in scenario.tiers.items() if spec.coverage != "none")
    grades = rms[c.GRADE].astype(str)
    findings = []
    for grade in sorted(set(grades) - named):
        ids = rms.loc[grades == grade, c.RM_ID]
        kept = int(customers[c.INCUMBENT_RM].isin(set(ids)).sum())
        findings.append(Finding("ready_idle_grade", {  # the table's grade as written
            "written": grade, "ids": tuple(ids), "customers": kept,
            "named": tuple(sorted(named)), "example": f"tiers.{covered}.rm_grades"}))
    return findings


def rms_without_room(scenario: Scenario, customers: pd.DataFrame, rms: pd.DataFrame,
                     pair_hours: bool) -> list[Finding]:
    """RMs who can keep none of the customers they serve today and could serve by tier and
    region (allocator.keepable): a max_book of 0, or too few capacity hours for each customer
    alone (hours: the tiers' hours_per_customer; not told where fit scores give pairs hours of
    their own), likely an RM who has left or a blank filled as 0. Those customers' moves are
    forced, and the continuity limit does not count them. An RM who can keep some but not all
    (a book over its hours today, as planning often starts from) is not warned of: the
    report counts those forced moves."""
    rm = rms.drop_duplicates(c.RM_ID).set_index(c.RM_ID)
    own = customers[c.INCUMBENT_RM]
    own = own[own.notna() & own.isin(rm.index)]
    tier = customers.loc[own.index, c.TIER].astype(str)
    specs = {t: s for t, s in scenario.tiers.items() if s.coverage != "none"}
    grades = [(t, g) for t, spec in specs.items() for g in spec.rm_grades]
    could = pd.MultiIndex.from_arrays([tier.to_numpy(), own.map(rm[c.GRADE]).to_numpy()]).isin(
        grades) if grades else np.zeros(len(own), dtype=bool)
    serve = could & (
        own.map(rm[c.REGION]) == customers.loc[own.index, c.REGION]).to_numpy()
    own, tier = own[serve], tier[serve]
    book = own.map(rm[c.MAX_BOOK]).to_numpy(dtype=float, na_value=np.nan)
    hours = tier.map({t: s.hours_per_customer for t, s in specs.items()}).to_numpy(float)
    hours = np.zeros(len(own)) if pair_hours else hours
    capacity = own.map(rm[c.CAPACITY_HOURS]).to_numpy(dtype=float)
    frame = pd.DataFrame({"rm": own.to_numpy(), "alone": keepable(hours, capacity, book)})
    per_rm = frame.groupby("rm", sort=True).agg(customers=("alone", "size"),
                                                kept=("alone", "sum"))
    return [_no_room(str(rm_id), row, rm.loc[rm_id], scenario.rules.rm_capacity_scale)
            for rm_id, row in per_rm[per_rm.kept == 0].iterrows()]


def departed_rms(customers: pd.DataFrame, rms: pd.DataFrame) -> list[Finding]:
    """Incumbent RMs (incumbent_rm) that the RM table does not have: RMs who have left the
    bank, their customers' history kept. Such a customer has no incumbent to keep: its move
    is forced (a new RM where its tier needs one, else none), and the continuity limit does
    not count it, as for an RM of 0 hours."""
    own = customers[c.INCUMBENT_RM]
    gone = own[own.notna() & ~own.isin(set(rms[c.RM_ID]))].astype(str)
    if gone.empty:
        return []
    ids = tuple(sorted(gone.unique()))
    return [Finding("ready_departed_rms", {"customers": f"{len(gone):,}", "rms": len(ids),
                                           "ids": ids})]


PLAIN_NUMBER = r"^[-+]?\d+(?:\.\d+)?$"
"""Text that reads as a number (04, 4.0, 12.5): written otherwise, the same number."""


def written_otherwise(customers: pd.DataFrame, rms: pd.DataFrame) -> list[Finding]:
    """A customer's region or incumbent RM the RM table lacks but writes as the same number
    in another way (04 and 4, 7 and 7.0): text is read as written, so the two do not match,
    and the customers are said to be in a region without RMs, or their RM to have left."""
    findings = []
    for column, known in ((c.REGION, rms[c.REGION]), (c.INCUMBENT_RM, rms[c.RM_ID])):
        pairs = _same_numbers(customers[column], known)
        if pairs:
            findings.append(Finding("ready_written_otherwise", {"column": column,
                                                                 "ids": pairs}))
    return findings


def _same_numbers(values: pd.Series, known: pd.Series) -> tuple[str, ...]:
    """Each of `values` that `known` lacks and writes as the same number otherwise, with how
    `known` writes it ("04 / 4"), in text order."""
    written = {number: text for text, number in reversed(_numbers(known).items())}
    lacking = _numbers(values[~values.isin(set(known))])
    return tuple(f"{text} / {written[number]}" for text, number in sorted(lacking.items())
                 if number in written)


def _numbers(texts: pd.Series) -> dict[str, float]:
    """The distinct texts that read as plain numbers, each with its number."""
    distinct = pd.Series(texts.dropna().astype(str).unique(), dtype=object)
    plain = distinct[distinct.str.match(PLAIN_NUMBER)]
    return dict(zip(plain, plain.astype(float), strict=True))


def _no_room(rm_id: str, row: pd.Series, rm: pd.Series, scale: float | dict[str, float]
             ) -> Finding:
    """The warning for an RM who can keep none of its `row.customers` customers; of the RM
    table's hours or book size as `scale` (rules.rm_capacity_scale) leaves them, where it
    scales the RM's, the warning of that key (placed after where it was set)."""
    fields: dict[str, object] = {"rm": rm_id, "customers": int(row.customers)}
    message = "ready_rm_no_book"
    if pd.isna(rm[c.MAX_BOOK]) or float(rm[c.MAX_BOOK]) >= 1:
        message, fields["hours"] = "ready_rm_no_hours", f"{float(rm[c.CAPACITY_HOURS]):,.4g}"
    grade = str(rm[c.GRADE])
    factor = scale.get(grade, 1.0) if isinstance(scale, dict) else scale
    if factor == 1:
        return Finding(message, fields)
    key = f"rules.rm_capacity_scale.{grade}" if isinstance(scale, dict) else \
        "rules.rm_capacity_scale"
    return Finding(f"{message}_scaled", {**fields, "scale": f"{factor:g}"}, key)


def regions_without_rms(customers: pd.DataFrame, rms: pd.DataFrame) -> list[Finding]:
    alone = ~customers[c.REGION].isin(set(rms[c.REGION]))
    if not alone.any():
        return []
    counts = customers.loc[alone, c.REGION].astype(str).value_counts().sort_index()
    regions = tuple((region, count) for region, count in counts.items())
    return [Finding("ready_lonely", {"count": int(alone.sum()), "regions": regions})]

"""The customer plan's rows against the book: every customer of the book on exactly one row,
no row of a customer the book does not hold. A plan file that repeats a customer (or leaves one
out) would otherwise be measured as a plan of other customers, its rows counted in the tier
tables but never named. Where the rows name such a customer, the checker's and the tier check's
findings that say it again are left out (said_once): each defect is said once, by its rows."""

from __future__ import annotations

import pandas as pd

from allocator import columns as c
from allocator.checks.ledger import NAMED, Violation
from allocator.errors import examples, shown_id
from allocator.report.violation_words import said_both

CONSTRAINT, LABEL = "customer_rows", "one row per customer"
"""The rule a plan breaks that holds a customer on more than one row (checks/rules.py names
a repeated assignment so)."""
SAID_AGAIN = {"plan_rows_missing": "tiers_missing", "plan_rows_unknown": "tiers_not_in_raw_data"}
"""By the rows' finding of a plan file, the tier check's finding of the same file that names the
same customers: those of the book on no row, the rows of customers the book does not hold."""


def customer_rows(plan_customers: pd.DataFrame, book: pd.DataFrame,
                  where: str) -> list[Violation]:
    """Customers the plan file `where` holds on more than one row (each with its rows,
    numbered from 1), customers of the book it holds on none, and its rows of customers the
    book does not hold: one violation per kind, naming the first of them."""
    ids = plan_customers[c.CUSTOMER_ID].astype(str).reset_index(drop=True)
    known = set(book[c.CUSTOMER_ID].astype(str))
    rows = pd.Series(ids.index + 1, index=ids.index)
    repeated = rows[ids.duplicated(keep=False)].groupby(ids, sort=False).agg(list)
    found = [_found("plan_rows_repeated", where, [
        said_both("plan_rows_repeated_one", id=i, count=f"{len(at):,}",
                  rows=", ".join(map(str, at)), rows_zh="、".join(map(str, at)))
        for i, at in repeated.items()])]
    held = set(ids)
    found.append(_found("plan_rows_missing", where, [
        i for i in book[c.CUSTOMER_ID].astype(str) if i not in held]))
    strangers = rows[~ids.isin(known)]
    found.append(_found("plan_rows_unknown", where, [
        said_both("plan_rows_unknown_one", id=(shown := shown_id(ids[r - 1])),
                  id_zh=shown.chinese, row=str(r)) for r in strangers]))
    return [v for v in found if v is not None]


def _found(message: str, where: str, named: list[str]) -> Violation | None:
    """The violation catalogue `message` says of the plan file `where`, naming the first of
    `named` (with how many more there are); None where there is none."""
    if not named:
        return None
    shown = examples(named, NAMED)
    fields = (("where", where), ("count", f"{len(named):,}"), ("found", str(shown)),
              ("found_zh", shown.chinese))
    return Violation("coverage", CONSTRAINT, LABEL, str(said_both(message, **dict(fields))),
                     float(len(named)), count=len(named), message=message, fields=fields)


def said_once(found: list[Violation]) -> list[Violation]:
    """`found` (a run folder's findings, the rows' of its plan files among them) less what
    the rows' findings already say: the checker's rule on an assignment on more than one row
    where the rows name the customers on more than one row (each with its rows), and the tier
    check's customers of a plan file missing from it or not in the raw data where the rows
    name them for the same file (with what to do)."""
    said = {(v.message, _where(v)) for v in found if v.constraint == CONSTRAINT}
    again = {(SAID_AGAIN[message], where) for message, where in said if message in SAID_AGAIN}
    repeated = any(message == "plan_rows_repeated" for message, _ in said)
    return [v for v in found
            if not (repeated and v.constraint == CONSTRAINT and not v.message)
            and (v.message.removesuffix("_one"), _where(v)) not in again]


def _where(violation: Violation) -> str:
    """The file a catalogued finding is of (its `where` field), else ''."""
    return dict(violation.fields).get("where", "")

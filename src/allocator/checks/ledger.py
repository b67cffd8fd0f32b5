"""The checker's ledger: every limit it measured and every rule a plan broke."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from allocator.errors import Named, and_more, examples
from allocator.report.figures import number_text
from allocator.report.violation_words import rule_what

TOLERANCE = 1e-6
NAMED = 5
"""How many of the customers or offers behind a broken limit its message names (with how
many more there are)."""


@dataclass(frozen=True)
class Violation:
    """A limit or rule a plan breaks. `detail` says it in English; the numbers behind it are
    kept so that a report words it in its own language: a limit's `used`, `sense` and
    `limit` (`amount` the excess), a rule's `count` of rows and what they do (`what`), and
    the ids of the first rows concerned (`examples`, of `count` in all: a limit's customers
    or offers); or a catalogue `message` with its `fields`."""

    family: str
    constraint: str
    label: str
    detail: str
    amount: float
    soft: bool = False
    used: float | None = None
    sense: str = ""
    limit: float | None = None
    count: int = 0
    what: str = ""
    examples: tuple[str, ...] = ()
    message: str = ""
    fields: tuple[tuple[str, str], ...] = ()

    def describe(self) -> str:
        kind = "soft, penalized" if self.soft else "violated"
        return f"{self.constraint} [{self.label}] {kind}: {self.detail}"


Row = tuple[str, str, str, str, float, float, str]
"""family, constraint, label, sense, limit, used, and how the row adds up over parts."""
USED, BOTH, NEITHER = "used", "both", "neither"
"""How a row adds up over parts of a book: its use against the whole book's limit; its use and
its limit (a count of the part's own customers); or neither (the same in every part)."""


@dataclass
class Ledger:
    soft: dict[str, float]
    rows: list[Row] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)
    """The rules broken (limits are judged from the rows, see breaches)."""
    concerned: dict[tuple[str, str], list[str]] = field(default_factory=dict)
    """Of a row that adds up many customers or offers (by constraint and label): the ids of
    the first NAMED of those that make its use, named when the row is broken."""
    counted: dict[tuple[str, str], int] = field(default_factory=dict)
    """How many customers or offers make the use of each row of `concerned`."""

    def limit(self, family: str, constraint: str, label: object, sense: str, limit: float,
              used: float, adds: str = USED, who: Iterable[object] = ()) -> None:
        """Record `used` against `limit` (sense le, ge or eq); `who` names the customers or
        offers whose use it is, for the message if the limit is broken (or says, Named in
        English and Chinese, what of each breaks it: a customer's contacts in a window)."""
        self.rows.append((family, constraint, str(label), sense, float(limit), float(used),
                          adds))
        ids = list(who)
        if ids:
            row = (constraint, str(label))
            known = self.concerned.setdefault(row, [])
            known.extend(i if isinstance(i, Named) else str(i) for i in ids[:NAMED - len(known)])
            self.counted[row] = self.counted.get(row, 0) + len(ids)

    def limits(self, family: str, constraint: str, labels: Iterable[object], sense: str,
               limits: Iterable[float], used: Iterable[float]) -> None:
        for label, limit, value in zip(labels, limits, used, strict=True):
            self.limit(family, constraint, label, sense, limit, value)

    def rule(self, family: str, constraint: str, broken: pd.Series | np.ndarray,
             ids: pd.Series, what: str) -> None:
        """A rule every row must keep (eligibility); `broken` marks the rows that do not."""
        mask = np.asarray(broken, dtype=bool)
        if mask.any():
            count = int(mask.sum())
            shown = [i if isinstance(i, Named) else str(i) for i in ids[mask].tolist()[:NAMED]]
            said = ("; ".join(shown) + and_more(count - len(shown))  # findings, not ids
                    if any(isinstance(i, Named) for i in shown) else examples(shown, NAMED))
            detail = f"{count:,} {rule_what(what, count)} (e.g. {said})"
            self.violations.append(Violation(family, constraint, "rule", detail, float(count),
                                             count=count, what=what,
                                             examples=tuple(shown[:NAMED])))

    def breaches(self) -> list[Violation]:
        """Every limit the recorded use breaks."""
        found = []
        for family, constraint, label, sense, limit, used, _ in self.rows:
            excess = _excess(sense, limit, used)
            if excess > TOLERANCE * max(1.0, abs(limit)):
                sign = {"le": "<=", "ge": ">=", "eq": "="}[sense]
                detail = (f"used {number_text(used)}, must be {sign} {number_text(limit)} "
                          f"(off by {number_text(excess)})")
                who = self.concerned.get((constraint, label)) or []
                count = self.counted.get((constraint, label), len(who))
                joint = "; " if any(isinstance(i, Named) for i in who) else ", "
                detail += f" (e.g. {joint.join(who)}{and_more(count - len(who))})" if who else ""
                found.append(Violation(family, constraint, label, detail, excess,
                                       family in self.soft, used=used, sense=sense,
                                       limit=limit, count=count, examples=tuple(who)))
        return found

    def penalty(self) -> float:
        return sum(self.soft[v.family] * v.amount for v in self.breaches() if v.soft)

    def table(self) -> pd.DataFrame:
        frame = pd.DataFrame([r[:6] for r in self.rows], columns=[
            "family", "constraint", "label", "sense", "limit", "used"])
        frame["slack"] = np.where(frame["sense"] == "ge", frame["used"] - frame["limit"],
                                  frame["limit"] - frame["used"])
        frame.loc[frame["sense"] == "eq", "slack"] = -(frame["used"] - frame["limit"]).abs()
        scale = np.maximum(1.0, frame["limit"].abs())
        frame["binding"] = frame["slack"].abs() <= 1e-6 * scale
        return frame


def merged(parts: list[Ledger]) -> Ledger:
    """The ledger of a whole book from its parts' ledgers: each row's use (and limit, where
    it is the part's own) added up, in the first part's row order; every rule broken in any
    part, once."""
    totals: dict[tuple[str, str, str, str], list[float]] = {}
    kinds: dict[tuple[str, str, str, str], str] = {}
    for ledger in parts:
        for family, constraint, label, sense, limit, used, adds in ledger.rows:
            key = (family, constraint, label, sense)
            if key not in totals:
                totals[key], kinds[key] = [limit, used], adds
            elif adds != NEITHER:
                totals[key][1] += used
                totals[key][0] += limit if adds == BOTH else 0.0
    rows = [(*key, limit, used, kinds[key]) for key, (limit, used) in totals.items()]
    broken = list(dict.fromkeys(v for ledger in parts for v in ledger.violations))
    concerned: dict[tuple[str, str], list[str]] = {}
    counted: dict[tuple[str, str], int] = {}
    for ledger in parts:
        for row, ids in ledger.concerned.items():
            named = concerned.setdefault(row, [])
            named.extend(ids[:NAMED - len(named)])
            counted[row] = counted.get(row, 0) + ledger.counted.get(row, len(ids))
    return Ledger(parts[0].soft if parts else {}, rows, broken, concerned, counted)


def _excess(sense: str, limit: float, used: float) -> float:
    if sense == "le":
        return max(used - limit, 0.0)
    if sense == "ge":
        return max(limit - used, 0.0)
    return abs(used - limit)

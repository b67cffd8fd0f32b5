"""The checker's ledger: every limit it measured and every rule a plan broke."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from allocator.errors import examples

TOLERANCE = 1e-6


@dataclass(frozen=True)
class Violation:
    family: str
    constraint: str
    label: str
    detail: str
    amount: float
    soft: bool = False

    def describe(self) -> str:
        kind = "soft, penalized" if self.soft else "violated"
        return f"{self.constraint} [{self.label}] {kind}: {self.detail}"


@dataclass
class Ledger:
    soft: dict[str, float]
    rows: list[tuple[str, str, str, str, float, float]] = field(default_factory=list)
    violations: list[Violation] = field(default_factory=list)

    def limit(self, family: str, constraint: str, label: object, sense: str, limit: float,
              used: float) -> None:
        """Record `used` against `limit` (sense le, ge or eq); note a breach."""
        self.rows.append((family, constraint, str(label), sense, float(limit), float(used)))
        excess = _excess(sense, float(limit), float(used))
        if excess > TOLERANCE * max(1.0, abs(limit)):
            sign = {"le": "<=", "ge": ">=", "eq": "="}[sense]
            detail = f"used {used:,.6g}, must be {sign} {limit:,.6g} (off by {excess:,.6g})"
            self.violations.append(Violation(family, constraint, str(label), detail, excess,
                                             family in self.soft))

    def limits(self, family: str, constraint: str, labels: Iterable[object], sense: str,
               limits: Iterable[float], used: Iterable[float]) -> None:
        for label, limit, value in zip(labels, limits, used, strict=True):
            self.limit(family, constraint, label, sense, limit, value)

    def rule(self, family: str, constraint: str, broken: pd.Series | np.ndarray,
             ids: pd.Series, what: str) -> None:
        """A rule every row must keep (eligibility); `broken` marks the rows that do not."""
        mask = np.asarray(broken, dtype=bool)
        if mask.any():
            detail = f"{int(mask.sum())} {what} (e.g. {examples(ids[mask].tolist(), 5)})"
            self.violations.append(Violation(family, constraint, "rule", detail,
                                             float(mask.sum())))

    def penalty(self) -> float:
        return sum(self.soft[v.family] * v.amount for v in self.violations if v.soft)

    def table(self) -> pd.DataFrame:
        frame = pd.DataFrame(self.rows, columns=["family", "constraint", "label", "sense",
                                                 "limit", "used"])
        frame["slack"] = np.where(frame["sense"] == "ge", frame["used"] - frame["limit"],
                                  frame["limit"] - frame["used"])
        frame.loc[frame["sense"] == "eq", "slack"] = -(frame["used"] - frame["limit"]).abs()
        scale = np.maximum(1.0, frame["limit"].abs())
        frame["binding"] = frame["slack"].abs() <= 1e-6 * scale
        return frame


def _excess(sense: str, limit: float, used: float) -> float:
    if sense == "le":
        return max(used - limit, 0.0)
    if sense == "ge":
        return max(limit - used, 0.0)
    return abs(used - limit)

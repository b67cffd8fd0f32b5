"""Differences the solver's gap cannot tell from zero.

A plan solved to a gap is within `bound - objective` of the best plan there is. Two plans whose
values differ by no more than both their gaps added (the *noise band*) may come from problems
with the same optimum: such a difference is *within tolerance*, not a measured effect (a change
of 0 is within any band, that of two plans proven optimal too). Without a
bound on either side the difference is *not certified*. Pure: numbers in, verdicts out.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np

WITHIN, BEYOND, NOT_CERTIFIED, SHIFTED = "yes", "no", "not certified", "shifted"
"""Verdicts written in the `within_gap` columns."""

ZERO_GAP = 1e-9
"""A gap below this share of the objective is a proof of optimality: zero."""


def absolute_gap(objective: float | None, bound: float | None) -> float | None:
    """`bound - objective` (never negative), or None without both."""
    if _missing(objective) or _missing(bound):
        return None
    assert objective is not None and bound is not None
    slack = float(bound) - float(objective)
    return slack if slack > ZERO_GAP * max(abs(float(objective)), 1.0) else 0.0


def noise_band(gaps: Sequence[float | None]) -> float | None:
    """The gaps added, or None when any is unknown."""
    return None if any(_missing(g) for g in gaps) else float(sum(g for g in gaps if g))


def verdict(difference: float | None, band: float | None) -> str:
    """Whether a difference is within the band of the gaps behind it (at most as large)."""
    if band is None or _missing(difference):
        return NOT_CERTIFIED
    assert difference is not None
    return WITHIN if abs(difference) <= band else BEYOND


def part_verdict(difference: float | None, band: float | None, whole: str) -> str:
    """A part's change in value (a tier's, an offer's, an RM's) against the two runs' band.
    When the whole plan's change is within tolerance, the two plans are equally good as far
    as the gaps can tell, and a larger change of a part is value *shifted* between parts, not
    an effect the runs can attribute to what differs between them."""
    said = verdict(difference, band)
    return SHIFTED if said == BEYOND and whole == WITHIN else said


def pair(objectives: tuple[float | None, float | None], bounds: tuple[float | None, float | None]
         ) -> tuple[float | None, float | None, str]:
    """Two runs' difference (second - first), its noise band and its verdict."""
    first, second = objectives
    difference = (None if first is None or second is None or _missing(first) or _missing(second)
                  else float(second) - float(first))
    band = noise_band([absolute_gap(o, b) for o, b in zip(objectives, bounds, strict=True)])
    return difference, band, verdict(difference, band)


def gaps_of(objective: np.ndarray, bound: np.ndarray) -> np.ndarray:
    """Each row's absolute gap; NaN where the bound or the objective is missing."""
    return np.array([np.nan if g is None else g for g in map(absolute_gap, objective, bound)],
                    dtype=float)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float | np.floating) and math.isnan(value))

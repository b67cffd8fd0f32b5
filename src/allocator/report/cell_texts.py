"""A value as the reports write it, in a table's cell or a sentence: amounts in full, a limit
with the decimals it has, a multiple with ×, a share as a percentage (the share of a limit used
cut towards a full 100.0%, never rounded onto it), numbers written apart where they differ, and
a run's solver status read against its gap target. Shared by the terminal, summary.md,
report.html and plan.xlsx."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import TypeGuard

import numpy as np
import pandas as pd

from allocator.report.figures import infinity_text
from allocator.report.figures import number_text as number_text  # the reports' own
from allocator.report.language import Words
from allocator.tolerance import ZERO_GAP


def multiple_text(value: float) -> str:
    """A multiple with three significant digits (no fewer than the whole number): 685×,
    62.0×, 2.55×."""
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value + 0.0:,.{digits}f}×"


def limit_text(value: float) -> str:
    """A limit, or a value a scenario gives, as number_text writes it but with the decimals
    it has where it is not whole: a budget of 45,000.5 reads 45,000.5, never 45,000 (another
    budget, and one an override of 45,000 would seem to leave unchanged)."""
    if math.isfinite(value):
        value = float(f"{value:.12g}")  # a product's float noise (3150.0000000000005) aside
    if not math.isfinite(value) or value.is_integer() or abs(value) < 1000:
        return number_text(value)
    digits = next((digits for digits in range(1, MOST_DECIMALS)
                   if round(value, digits) == value), MOST_DECIMALS)
    return f"{value + 0.0:,.{digits}f}"


FULL_TOLERANCE = 1e-9
"""A share this close to 1 is full: hours summed in floating point."""


def use_text(share: float) -> str:
    """The share of a limit used, as percent_text writes it but cut towards a full 100.0%,
    never rounded onto it: a reader takes 100% for full, so a limit not reached never reads
    full, nor one exceeded (580 of 582 hours, 99.66%, reads 99.6%; 44,999 of 45,000 reads
    99.9%; 100.04% reads 100.1%). The one rule of every share used the run shows: the
    terminal, summary.md, report.html's tables and charts."""
    return _percent_written(*_used(share))


def _used(share: float) -> tuple[float, int]:
    """The percentage use_text writes for `share`, and its decimals."""
    if not math.isfinite(share) or abs(share - 1.0) <= FULL_TOLERANCE:
        shown = share * 100 + 0.0
        return shown, _percent_digits(shown)
    digits = _percent_digits(share * 100)
    scaled = round(share * 10 ** (digits + 2), 6)  # 0.29 * 1000 is 290.00000000000006
    cut = math.floor(scaled) if share < 1.0 else math.ceil(scaled)
    return cut / 10 ** digits + 0.0, digits


def used_shown(share: float) -> float:
    """The share of a limit used as use_text writes it, still a fraction (0.99660 reads 99.6%:
    0.996), so a workbook's percentage format shows the digits the reports do, not Excel's
    own rounding of the share (99.7%)."""
    shown, digits = _used(share)
    return round(shown, digits) / 100 if math.isfinite(shown) else share


def percent_shown(share: float) -> float:
    """A share as percent_text writes it, still a fraction (0.996049 reads 99.6%: 0.996)."""
    shown = share * 100 + 0.0
    if not math.isfinite(shown):
        return share
    return round(shown, _percent_digits(shown)) / 100


def _percent_digits(shown: float) -> int:
    """The decimals percent_text gives a percentage: one, or below 0.095% those its first two
    significant digits need (up to six)."""
    if shown == 0 or abs(shown) >= 0.095 or not math.isfinite(shown):
        return 1
    return min(6, 1 - math.floor(math.log10(abs(shown))))


def status_text(status: str, gap: float | None, target: float, words: Words) -> str:
    """A run's solver status as people read it: "optimal" alone only where the gap is zero
    (to the solver's tolerance, tolerance.ZERO_GAP), else "optimal within the 0.01% gap
    target" (`target`: solver.gap); the manifest keeps the solver's status as it is."""
    if status == "optimal" and gap is not None and gap > ZERO_GAP:
        return words("optimal_within", target=percent_text(target))
    return words.term(status)


def percent_text(share: float, sign: str = "") -> str:
    """A share as a percentage with one decimal, or, where one decimal would show less than
    its first digit (below 0.095%), with the decimals (up to six) its first two significant
    digits need: a gap of 0.01% reads 0.01%, never 0.0%. `sign` "+" signs it."""
    shown = share * 100 + 0.0
    return _percent_written(shown, _percent_digits(shown), sign)


def _percent_written(shown: float, digits: int, sign: str = "") -> str:
    """A percentage with `digits` decimals; beyond one, without its trailing zeros (0.01%)."""
    if digits == 1:
        return f"{shown:{sign},.1f}%"
    text = f"{shown:{sign}.{digits}f}".rstrip("0")
    return f"{text}0%" if text.endswith(".") else f"{text}%"


MOST_DECIMALS = 10
"""The most decimals texts_apart gives numbers to tell them apart."""


def texts_apart(values: Sequence[object], percent: bool = False) -> list[object]:
    """The numbers among `values` written so that those that differ read differently: as
    percent_text (`percent`: a rate or a share) or number_text, with as many more decimals
    (up to MOST_DECIMALS) as two of them need not to read alike: gap targets of 0.0001 and 0
    read 0.01% and 0.0%, budgets of 45,000 and 45,000.5 read 45,000.0 and 45,000.5. Anything
    else (text, flags) stays as it is."""
    numbers = {float(value) for value in values if _is_number(value)}
    texts: dict[float, str] = {}
    for digits in (None, *range(1, MOST_DECIMALS + 1)):
        texts = {number: _number_at(number, percent, digits) for number in numbers}
        if len(set(texts.values())) == len(numbers):
            break
    return [texts[float(value)] if _is_number(value) else value for value in values]


def _is_number(value: object) -> TypeGuard[float]:
    """A number (never a flag, which Python counts among them)."""
    return isinstance(value, int | float | np.integer | np.floating) and not isinstance(
        value, bool | np.bool_)


def _number_at(number: float, percent: bool, digits: int | None) -> str:
    """A number as the reports write it (`digits` None), or with `digits` decimals."""
    if digits is None:
        return percent_text(number) if percent else number_text(number)
    return f"{number * 100 + 0.0:,.{digits}f}%" if percent else f"{number + 0.0:,.{digits}f}"


def format_cell(value: object, percent: bool = False, words: Words | None = None,
                whole: bool = False, used: bool = False) -> str:
    """A cell as text; `whole`: the column holds whole numbers only (counts, quotas), shown
    without decimals; `used`: it holds the share of a limit used (use_text). Large amounts
    are shown in full, never as 17.7M beside 4,319,005."""
    if value is None or value is pd.NA or value is pd.NaT:  # no value: a blank cell
        return ""
    if isinstance(value, bool | np.bool_):
        return (words or Words()).term("yes" if value else "no")
    if isinstance(value, float | np.floating):
        value = float(value)
        if np.isnan(value):
            return ""
        if np.isinf(value):
            return infinity_text(value)
        if used:
            return use_text(value)
        if percent:
            return percent_text(value)
        digits = 2 if abs(value) < 100 and not whole else 0
        return f"{round(value, digits) + 0.0:,.{digits}f}"  # + 0.0: never -0.00
    if isinstance(value, int | np.integer):
        return f"{value:,}"
    return str(value)

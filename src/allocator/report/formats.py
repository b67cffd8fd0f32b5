"""How report columns are shown, shared by the terminal tables and the workbook."""

from __future__ import annotations

import math
import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TypeGuard

import numpy as np
import pandas as pd

from allocator.families import COUNTED
from allocator.report.figures import infinity_text
from allocator.report.figures import number_text as number_text  # the reports' own
from allocator.report.language import Words
from allocator.report.unit_words import UNIT_OF, key_unit
from allocator.tolerance import ZERO_GAP

PERCENT_WORDS = ("share", "utilization", "gap", "uplift", "base_rate", "predicted", "observed")


MULTIPLE_COLUMNS = ("roi",)
"""Columns holding a multiple (value per unit spent), shown with ×: 685×, 2.55×."""


def multiple_text(value: float) -> str:
    """A multiple with three significant digits (no fewer than the whole number): 685×,
    62.0×, 2.55×."""
    digits = 0 if abs(value) >= 100 else 1 if abs(value) >= 10 else 2
    return f"{value + 0.0:,.{digits}f}×"


LIMIT_COLUMNS = ("limit",)
"""Columns holding a limit as the scenario gives it: shown with the decimals it has
(limit_text)."""


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


COUNTED_ROWS: dict[str, tuple[frozenset[str], tuple[str, ...]]] = {
    "constraint": (COUNTED | {"coverage_mandatory", "coverage_optional", "contact",
                              "package_choice"}, ("limit", "used", "slack")),
    "kpi": (frozenset({"customers", "covered", "reassignments", "rms", "rm_moves"}), ()),
}
"""Rows that count (offers against a quota, customers, RMs) in tables whose columns also hold
amounts: column naming the row -> (the counting rows, the columns they count in; () for every
numeric column). Their counts are shown whole: 90 of a quota of 90, never 90.00. The constraints
that count are the counted families' (allocator.families) and those counting customers covered,
offers per customer and packages chosen."""


PERCENT_ROWS: dict[str, frozenset[str]] = {"kpi": frozenset({"coverage_share", "gap"})}
"""Rows that hold shares in tables whose columns also hold amounts: column naming the row ->
the rows. Their numbers are shown as percentages (99.0%, never 0.99)."""
QUANTITY_COLUMNS = ("marginal_value",)
"""Columns of prices written with their units ("1.22 EUR per EUR of budget", with_units):
aligned as numbers, in a column wide enough for a price and a short unit on one line
(report.html's `qty` cells)."""
PARTS_COLUMNS = ("rms",)
"""Columns whose text cells say a group's parts ("1 of 3 RMs at 99.7%, 2 at 16.2-19.8%"):
report.html's `parts` cells, wide enough to read in a few lines."""
AMOUNT_COLUMNS = ("loosening_worth",)
"""Columns of amounts written with their currency ("4,660 EUR"): set as numbers."""
NUMBER_TEXT = re.compile(r"^[-+−]?[\d,]*\.?\d+(%|×)?$")
"""A cell's text that is a number (4,097, -0.001%, 2.55×): aligned right like one."""


def percent_cells(frame: pd.DataFrame) -> np.ndarray:
    """Rows x columns: the numeric cells of rows that hold shares (PERCENT_ROWS)."""
    cells = np.zeros(frame.shape, dtype=bool)
    numeric = np.array([pd.api.types.is_numeric_dtype(frame[name])
                        and not pd.api.types.is_bool_dtype(frame[name])
                        for name in frame.columns], dtype=bool)
    for column, rows in PERCENT_ROWS.items():
        if column in frame.columns:
            cells |= np.outer(frame[column].astype(str).isin(rows).to_numpy(), numeric)
    return cells


def counted_cells(frame: pd.DataFrame) -> np.ndarray:
    """Rows x columns: the cells of rows that count (COUNTED_ROWS), shown whole."""
    cells = np.zeros(frame.shape, dtype=bool)
    for column, (rows, columns) in COUNTED_ROWS.items():
        if column in frame.columns:
            counting = frame[column].astype(str).isin(rows).to_numpy()
            where = np.array([not columns or name in columns for name in frame.columns])
            cells |= np.outer(counting, where)
    return cells


def is_percent(column: object) -> bool:
    """Columns holding fractions shown as percentages (shares, utilization, gaps)."""
    return any(word in str(column) for word in PERCENT_WORDS)


ID_COLUMNS = ("tier", "previous_tier", "package", "offer_id", "grade", "region", "channel",
              "offers", "activity", "offer", "products")
"""Columns of ids that the scenario's labels name (offers: a customer's offers, '|' between;
a calendar's activity, its offer and the products it promotes)."""
TERM_COLUMNS = ("status", "sense", "family", "constraint", "binding", "reason", "effect", "item",
                "label", "knee", "warm_started", "baseline", "meets_every_limit",
                "method", "within_gap", "value_within_gap", "coverage_value_within_gap",
                "falls_short", "kpi", "change", "net_within_gap", "identity", "rm_group",
                "price_note", "step_note", "cut_note", "column", "target", *ID_COLUMNS)
"""Columns whose values are the engine's own words, translated in reports, or ids, shown by
their labels."""


USE_COLUMNS = ("use_share", "max_use_share", "utilization", "rm_utilization")
"""Columns holding the share of a limit used (a comparison's also as utilization_a, _b):
written by use_text."""
FULL_TOLERANCE = 1e-9
"""A share this close to 1 is full: hours summed in floating point."""


def is_use(column: object) -> bool:
    """Columns holding the share of a limit used (USE_COLUMNS), a run's of two compared too."""
    name = str(column)
    return any(name.removesuffix(side) in USE_COLUMNS for side in ("", "_a", "_b"))


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


def shares_shown(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` with each share of a column of shares (is_use, is_percent) as the reports write
    it (used_shown, percent_shown), still a number: what plan.xlsx holds, so a share reads
    the same digits in the workbook as in summary.md and report.html."""
    shown = frame.copy(deep=False)
    for index, name in enumerate(frame.columns):
        column = frame.iloc[:, index]
        if not pd.api.types.is_float_dtype(column) or not is_percent(name):
            continue
        written = used_shown if is_use(name) else percent_shown
        shown.isetitem(index, column.map(written, na_action="ignore"))
    return shown


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


@dataclass(frozen=True)
class Cell:
    text: str
    numeric: bool
    kind: str = ""
    """What report.html sets it as beyond a number or a text: "qty", a price with its unit
    (QUANTITY_COLUMNS); "parts", a group's parts (PARTS_COLUMNS)."""


@dataclass(frozen=True)
class Row:
    cells: list[Cell]
    highlight: bool = False


@dataclass(frozen=True)
class TableView:
    headers: list[str]
    rows: list[Row]


def whole_columns(frame: pd.DataFrame) -> list[bool]:
    """Which float columns hold whole numbers only (counts, quotas): shown without decimals."""
    return [pd.api.types.is_float_dtype(frame[name]) and bool(
        (frame[name].dropna() % 1 == 0).all()) for name in frame.columns]


def shown_cell(value: object, percent: bool, whole: bool, style: str, used: bool,
               words: Words) -> str:
    """A cell of a view: a multiple with × (`style` "multiple"), a limit that is not whole
    with its decimals ("limit"), anything else by format_cell."""
    if style and isinstance(value, float | np.floating) and np.isfinite(value):
        if style == "multiple":
            return multiple_text(float(value))
        if not percent and not float(value).is_integer():
            return limit_text(float(value))
    return format_cell(value, percent, words, whole, used)


def view(frame: pd.DataFrame, words: Words, highlight: str | None = None) -> TableView:
    """A table as display text: translated headers and terms, numbers formatted by column."""
    percent = [is_percent(name) for name in frame.columns]
    numeric = [pd.api.types.is_numeric_dtype(frame[name])
               and not pd.api.types.is_bool_dtype(frame[name]) for name in frame.columns]
    flags = (frame[highlight].to_numpy(dtype=bool) if highlight in frame.columns
             else np.zeros(len(frame), dtype=bool))
    whole = whole_columns(frame)
    styles = ["multiple" if name in MULTIPLE_COLUMNS else "limit" if name in LIMIT_COLUMNS
              else "" for name in frame.columns]
    used = [is_use(name) for name in frame.columns]
    kinds = ["" if n else "qty" if name in QUANTITY_COLUMNS else "parts"
             if name in PARTS_COLUMNS else "" for n, name in zip(numeric, frame.columns,
                                                                 strict=True)]
    numeric = [n or name in AMOUNT_COLUMNS for n, name in zip(numeric, frame.columns,
                                                               strict=True)]
    rows = [Row([_view_cell(shown_cell(v, p or share, w or counted, m, u, words), n, q)
                 for v, p, n, q, w, m, u, counted, share in zip(
                     row, percent, numeric, kinds, whole, styles, used, counts, shares,
                     strict=True)],
                bool(flag))
            for row, flag, counts, shares in zip(
                words.localized(frame, TERM_COLUMNS).itertuples(index=False), flags,
                counted_cells(frame), percent_cells(frame), strict=True)]
    return TableView(words.headers(frame), rows)


def _view_cell(text: str, numeric: bool, kind: str = "") -> Cell:
    """A cell, aligned as a number when its column is numeric or its text reads as one (a
    column of figures already written as text, such as gaps in percent) or is a price with
    its unit (`kind` "qty"); a group's parts (`kind` "parts") only where it is no number."""
    number = numeric or bool(NUMBER_TEXT.match(text.replace(" ", "")))
    if kind == "parts" and (number or not text):
        kind = ""
    return Cell(text, number or kind == "qty", kind)


def without_blank_columns(frame: pd.DataFrame) -> pd.DataFrame:
    """`frame` without the columns that say nothing: none of whose cells holds anything
    (missing or blank text), or a yes/no column that is no in every row (says_nothing). A
    column of notes that no row needs is not shown, nor a drivers' "at least" column where no
    worth is a lower bound."""
    if frame.empty:
        return frame
    return frame.drop(columns=[column for column in frame.columns
                               if says_nothing(frame[column])])


def says_nothing(column: pd.Series) -> bool:
    """Whether every cell of `column` is missing, blank text or a no (False); numbers, a 0
    among them, say something."""
    return all(not value.strip() if isinstance(value, str) else
               value is False or value is np.False_ or bool(pd.isna(value)) for value in column)


def priced_per_unit(constraint: str, price: float, currency: str, words: Words) -> str:
    """A marginal value with its unit: "1.22 EUR per EUR of budget"."""
    return per_unit(constraint, format_cell(price), currency, words)


def per_unit(constraint: str, amount: str, currency: str, words: Words) -> str:
    """An amount already written (a price, "0.00 to 13.90") per unit of the limit
    `constraint`, in `currency`: "0.00 to 13.90 EUR per RM hour"."""
    return _per(UNIT_OF.get(constraint, "unit_other"), amount, currency, words)


def priced_per_key_unit(key: str, price: float, currency: str, words: Words) -> str:
    """A sweep's marginal value per unit of the key it varies: "820 EUR per added RM"."""
    return _per(key_unit(key), format_cell(price), currency, words)


def _per(unit_key: str, amount: str, currency: str, words: Words) -> str:
    unit = words(unit_key, currency=currency)
    return words("per_limit_unit", price=amount, currency=currency, unit=unit)


def with_units(table: pd.DataFrame, currency: str, words: Words) -> pd.DataFrame:
    """The drivers' marginal values per unit of their limits and worths of loosening in
    `currency`, as text (blank where unknown); the other columns as they are."""
    shown = table.copy()
    if "marginal_value" in shown:
        shown["marginal_value"] = [
            "" if pd.isna(price) else priced_per_unit(str(constraint), float(price), currency,
                                                       words)
            for constraint, price in zip(shown["constraint"], shown["marginal_value"],
                                         strict=True)]
    if "loosening_worth" in shown:
        shown["loosening_worth"] = [
            "" if pd.isna(worth) else f"{format_cell(float(worth))} {currency}"
            for worth in shown["loosening_worth"]]
    return shown


def joined_per_owner(labels: np.ndarray, owner: np.ndarray, n: int, sep: str) -> np.ndarray:
    """Per owner 0..n-1: its labels joined by `sep` in their order (NaN where it has none),
    one vectorized pass per label rank instead of a join per owner."""
    order = np.argsort(owner, kind="stable")
    owner, labels = owner[order], labels[order]
    rank = np.arange(len(owner)) - np.searchsorted(owner, owner)
    out = np.full(n, np.nan, dtype=object)
    for k in range(int(rank.max(initial=-1)) + 1):
        at = rank == k
        out[owner[at]] = labels[at] if k == 0 else out[owner[at]] + sep + labels[at]
    return out

"""Check customer and RM tables. Every problem names the source, the column and example ids;
all problems of a table are reported together so one fix-and-rerun clears them."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from itertools import islice

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.book.csv_decimals import DECIMAL_COMMA, SPACED_THOUSANDS
from allocator.book.ranges import AMOUNT, COLUMN_RANGES, PROBABILITY, SIGNED_AMOUNT, Span, shown
from allocator.book.row_places import DATA_ROWS, RowPlaces
from allocator.errors import EXAMPLES, Named, UserError, catalogued, cut, examples
from allocator.scenario.schema import LARGEST

LONGEST_TEXT = 200
"""The most characters an id, a region, a branch or a grade may hold: a workbook cell holds
32,767, and a longer value is a column read by mistake (a free-text note, a document)."""
TRUE_WORDS = {"true", "t", "yes", "y", "1", "1.0"}
FALSE_WORDS = {"false", "f", "no", "n", "0", "0.0", ""}
CELLS = 3
"""The most wrong cells a problem shows as they are written."""


@dataclass(frozen=True)
class Problem:
    column: str
    what: tuple[str, str]
    """How many rows and what is wrong with them, in English and in Chinese."""
    ids: Sequence[object]
    """The rows' names: their ids, or for a repeated id, the id with its rows."""
    fix: tuple[str, str]
    """What to do, in English and in Chinese."""

    def lines(self, mapping: dict[str, str]) -> tuple[str, str]:
        """The problem in English and in Chinese."""
        source = mapping.get(self.column, self.column)
        named = (catalogued("data_source_column", column=self.column, source=source)
                 if source != self.column else (f"'{self.column}'",) * 2)
        return catalogued("data_problem", named=named[0], named_zh=named[1], what=self.what[0],
                          what_zh=self.what[1], ids=examples(self.ids), fix=self.fix[0],
                          fix_zh=self.fix[1])


class ProblemList:
    """Problems found in one table; `raise_if_any` turns them into one UserError. A cell is
    reported once: its first problem (a value that is not a number is not also missing). A
    row is named by its id, a row without one by where it stands in the source (`places`:
    the CSV file's line, the sheet's row, else its place among the table's rows)."""

    def __init__(self, label: str, ids: pd.Series, mapping: dict[str, str],
                 places: RowPlaces = DATA_ROWS) -> None:
        self.label, self.ids, self.mapping, self.places = label, ids, mapping, places
        self.problems: list[Problem] = []
        self.reported: dict[str, np.ndarray] = {}

    def add(self, column: str, mask: pd.Series | np.ndarray, key: str,
            naming: Callable[[pd.Series, np.ndarray], list[object]] | None = None,
            **fields: object) -> None:
        """Report the rows of `mask` with catalogue problem `key` (data_<key> says what is
        wrong, data_<key>_fix what to do), named by `naming` (by default, each row by its
        id, a row without one where it stands: _named_rows)."""
        mask = np.asarray(mask, dtype=bool)
        before = self.reported.get(column)
        if before is not None and len(before) == len(mask):
            mask = mask & ~before
            self.reported[column] = before | mask
        else:
            self.reported[column] = mask
        if mask.any():
            rows = int(mask.sum())
            self.problems.append(Problem(column, catalogued(f"data_{key}", rows=f"{rows:,}",
                                                            **fields),
                                         (naming or self._named)(self.ids, mask),
                                         catalogued(f"data_{key}_fix", **fields)))

    def raise_if_any(self) -> None:
        if self.problems:
            lines = [p.lines(self.mapping) for p in self.problems]
            english, chinese = ("\n".join(f"  - {line[i]}" for line in lines) for i in (0, 1))
            head = catalogued("data_problems", label=self.label, count=len(self.problems))
            raise UserError(f"{head[0]}\n{english}", f"{head[1]}\n{chinese}")

    def _named(self, ids: pd.Series, mask: np.ndarray) -> list[object]:
        return _named_rows(ids, mask, self.places)


def _named_rows(ids: pd.Series, mask: np.ndarray, places: RowPlaces) -> list[object]:
    """The ids of the rows of `mask`; of the first EXAMPLES of them without an id, where the
    row stands in the source (`places`), in English and in Chinese."""
    found = ids[mask].tolist()
    rows = places.numbers(np.flatnonzero(mask))
    for at in range(min(len(found), EXAMPLES)):
        if pd.isna(found[at]):
            found[at] = Named(*catalogued(places.said("data_blank_id"), row=f"{rows[at]:,}"))
    return found


def to_numbers(frame: pd.DataFrame, names: Iterable[str], problems: ProblemList) -> None:
    """Convert columns to floats in place; report values that are not numbers, and numbers
    that are infinite, or beyond ±LARGEST in a column without a range of its own
    (COLUMN_RANGES: within_ranges says more of those)."""
    for name in names:
        if name not in frame:
            continue
        if _refuse_dates(frame, name, problems):
            continue
        if pd.api.types.is_bool_dtype(frame[name]):
            frame[name] = frame[name].astype(float)
        elif _blank(frame[name]):  # an optional column the source lacks: nothing to parse
            frame[name] = np.full(len(frame), np.nan)
        elif not pd.api.types.is_numeric_dtype(frame[name]):
            _parse_numbers(frame, name, problems)
        values = frame[name].to_numpy(dtype=float, na_value=np.nan)
        largest = np.inf if name in COLUMN_RANGES else LARGEST
        huge = ~np.isnan(values) & (np.isinf(values) | ~(np.abs(values) <= largest))
        problems.add(name, huge, "huge", largest=f"{LARGEST:g}", least=f"{-LARGEST:g}",
                     examples=_cells(f"{value:g}" for value in values[huge]))


def _cells(cells: Iterable[object]) -> Named:
    """The first CELLS of a column's wrong cells as written, each quoted, in English and in
    Chinese: '12,44', '0,005' (“12,44”、“0,005”)."""
    shown = [cut(cell) for cell in islice(cells, CELLS)]
    return Named(", ".join(f"'{cell}'" for cell in shown), "、".join(f"“{cell}”" for cell in shown))


def _blank(column: pd.Series) -> bool:
    """A column of objects, every one missing: an optional column the source lacks, filled
    with its blank default (at a million customers, parsing it as text took seconds)."""
    return column.dtype == object and bool(column.isna().all())


def _refuse_dates(frame: pd.DataFrame, name: str, problems: ProblemList) -> bool:
    """Report a column of dates or times where a number is expected (as nanoseconds since
    1970 they would read as huge numbers); True when it was one."""
    kind = frame[name].dtype
    if not (pd.api.types.is_datetime64_any_dtype(kind) or pd.api.types.is_timedelta64_dtype(kind)):
        return False
    dated = frame[name].notna().to_numpy()
    problems.add(name, dated, "dates", examples=_cells(frame[name][dated]))
    frame[name] = np.full(len(frame), np.nan)
    return True


def _parse_numbers(frame: pd.DataFrame, name: str, problems: ProblemList) -> None:
    raw = frame[name]
    parsed = pd.to_numeric(raw, errors="coerce")
    blank = raw.isna() | (raw.astype("string").str.strip() == "")
    bad = parsed.isna() & ~blank
    # a decimal comma (12,44; 0,00625; 1.234,5), as a spreadsheet in many locales writes it,
    # is told so in every column: the usual advice (drop the thousands separators) would make
    # 12,44 read as 1244
    # bad rows only; spaces between thousands (1 234,56, as French Excel writes) are said so
    cells = raw[bad].astype("string")
    commas = cells.str.match(DECIMAL_COMMA).fillna(False)
    spaced = cells.str.match(SPACED_THOUSANDS).fillna(False)
    key = ("spaced_thousands" if bool(spaced.any())
           else "decimal_commas" if bool(commas.any()) and bool(commas.sum() * 2 >= bad.sum())
           else "not_numbers")
    problems.add(name, bad.to_numpy(), key, examples=_cells(raw[bad]))
    frame[name] = parsed.astype(float)


def to_flags(frame: pd.DataFrame, names: Iterable[str], problems: ProblemList) -> None:
    """Convert yes/no columns to booleans in place; blank is no."""
    for name in names:
        if name not in frame or pd.api.types.is_bool_dtype(frame[name]):
            continue
        words = frame[name].astype("string").str.strip().str.lower().fillna("")
        bad = ~words.isin(TRUE_WORDS | FALSE_WORDS)
        problems.add(name, bad.to_numpy(), "not_flags")
        frame[name] = words.isin(TRUE_WORDS).to_numpy()


def require_values(frame: pd.DataFrame, names: Iterable[str], problems: ProblemList) -> None:
    for name in names:
        problems.add(name, frame[name].isna().to_numpy(), "no_value")


def unique_ids(texts: Texts, name: str, problems: ProblemList) -> None:
    """Ids held by more than one row (blank ones too), from the column's codes (as_text),
    each repeated id named once with the rows that hold it."""
    codes = texts[name][0] + 1  # blank: 0
    problems.add(name, np.bincount(codes)[codes] > 1, "repeated_id",
                 naming=lambda ids, mask: _repeated_ids(ids, codes, mask, problems.places))


ROWS_SHOWN = 5
"""The most rows a repeated id is shown with."""


def _repeated_ids(ids: pd.Series, codes: np.ndarray, mask: np.ndarray, places: RowPlaces
                  ) -> list[object]:
    """Each id repeated in the rows of `mask`, in the order of its first row: the first
    EXAMPLES with their rows where `places` says they stand (as _named_rows names them), the
    others by their code (counted, not shown)."""
    rows = np.flatnonzero(mask)
    distinct = pd.unique(codes[rows])
    named: list[object] = []
    for code in distinct[:EXAMPLES]:
        held = places.numbers(rows[codes[rows] == code])
        shown_rows = [f"{row:,}" for row in held[:ROWS_SHOWN]]
        more = len(held) - len(shown_rows)
        listed = Named(*(separator.join(shown_rows) for separator in (", ", "、")))
        key = places.said("data_repeated_rows_more" if more > 0 else "data_repeated_rows")
        id_text = ids.iloc[rows[codes[rows] == code][0]]
        named.append(Named(*catalogued(key, id=cut(id_text), rows=listed, more=more,
                                       count=len(held))))
    return named + list(distinct[EXAMPLES:])


CONTROL = r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]"
"""Control characters no report, workbook or terminal can show (tab and newlines aside)."""


def check_texts(texts: Texts, problems: ProblemList) -> None:
    """Text columns (as_text) hold no control characters (a NUL or an escape in an id), then
    at most LONGEST_TEXT characters. Each distinct text is read once: a region, a branch or
    an RM id repeats over millions of rows."""
    distinct = {name: pd.Series(found, dtype=object).astype("string")
                for name, (_, found) in texts.items()}
    for name, found in distinct.items():
        problems.add(name, _per_row(found.str.contains(CONTROL, regex=True), texts[name][0]),
                     "control_characters")
    for name, found in distinct.items():
        problems.add(name, _per_row(found.str.len().gt(LONGEST_TEXT), texts[name][0]),
                     "too_long", limit=LONGEST_TEXT)


def _per_row(found: pd.Series, codes: np.ndarray) -> np.ndarray:
    """A test of the distinct texts, for each row (false where blank)."""
    return np.append(found.fillna(False).to_numpy(dtype=bool), False)[codes]


def within_ranges(frame: pd.DataFrame, spans: dict[str, Span], problems: ProblemList) -> None:
    """Report values outside each column's range (allocator.book.ranges), naming the range and
    what the column holds; a negative amount or count is said to be negative."""
    for name, span in spans.items():
        if name not in frame:
            continue
        values = frame[name]
        if span.low == 0 and not span.whole and span is not PROBABILITY:
            problems.add(name, (values < 0).to_numpy(), "negative",
                         meaning=Named(*catalogued(span.meaning)))
        bad = values.notna() & ((values < span.low) | (values > span.high))
        if span.whole:
            bad |= values.notna() & (values != np.floor(values))
        problems.add(name, bad.to_numpy(), "outside_whole" if span.whole else "outside",
                     low=shown(span.low), high=shown(span.high),
                     meaning=Named(*catalogued(span.meaning)))


def fill_optional(frame: pd.DataFrame, defaults: dict[str, object]) -> pd.DataFrame:
    """Add optional columns the source lacks, with their defaults."""
    for name, default in defaults.items():
        if name not in frame:
            frame[name] = default
    return frame


Texts = dict[str, tuple[np.ndarray, np.ndarray]]
"""Per text column: each row's code (-1 where blank) and the distinct texts."""


def as_text(frame: pd.DataFrame, names: Iterable[str]) -> Texts:
    """Text columns as Python strings with None for blanks (ids read as numbers included, a
    whole number by its integer text: see written); returns each one's codes and distinct
    texts."""
    texts: Texts = {}
    for name in names:
        if name in frame and _blank(frame[name]):  # an optional column the source lacks
            texts[name] = np.full(len(frame), -1, dtype=np.intp), np.empty(0, dtype=object)
            frame[name] = pd.Series(np.full(len(frame), None, dtype=object), index=frame.index)
        elif name in frame:
            text = written(frame[name]).str.strip()
            values = text.mask(text == "").to_numpy(dtype=object, na_value=None)
            codes, uniques = pd.factorize(values)
            texts[name] = codes, uniques
            frame[name] = pd.Series(_shared(values, codes, uniques), index=frame.index,
                                    dtype=object)
    return texts


def written(column: pd.Series) -> pd.Series:
    """A column as text; one read as floats holds each whole number as its integer text (5.0
    reads "5"), so that an id matches whatever type stored it: a Parquet column of floats (a
    column with blanks, once through pandas) against an RM table's integers or text. A number
    that is not whole stays as written."""
    text = column.astype("string")
    if not pd.api.types.is_float_dtype(column):
        return text
    values = column.to_numpy(dtype=float, na_value=np.nan)
    whole = np.isfinite(values) & (values == np.floor(values))
    small = whole & (np.abs(values) < 2.0**63)  # within int64: converted at once
    text[small] = values[small].astype(np.int64).astype(str)
    text[whole & ~small] = [str(int(v)) for v in values[whole & ~small]]
    return text


def _shared(values: np.ndarray, codes: np.ndarray, uniques: np.ndarray) -> np.ndarray:
    """The same texts, each distinct one held once: regions, branches and RM ids repeat over
    millions of rows, and one string object per row would cost more than the rest of the row."""
    if 2 * len(uniques) > len(values):
        return values
    distinct = np.empty(len(uniques) + 1, dtype=object)
    distinct[:-1] = uniques  # the last slot stays None: code -1 (blank) reads it
    return distinct[codes]


def check_customers(
    frame: pd.DataFrame, label: str, mapping: dict[str, str],
    extra_numeric: Sequence[str], tiering: Sequence[str] = (), values: Sequence[str] = (),
    tiers: Sequence[str] = (), calendar: bool = False, places: RowPlaces = DATA_ROWS,
) -> pd.DataFrame:
    """Validate and normalize the customer table; raise one UserError listing every problem.
    `extra_numeric` are propensity columns (0..1, a number for every customer: a blank would
    silently take the offer's default); `tiering` the columns the tiering reads,
    which every customer must have as a number; `values` offers' value columns (numbers or
    blank); `tiers` the scenario's tiers, which a previous tier must name (or be blank). Under a
    `calendar` a blank propensity is a customer the activity does not reach (not refused).
    `places`: where the rows stand in the source, for a message that names one."""
    frame = fill_optional(frame.copy(deep=False), c.CUSTOMER_OPTIONAL)  # copy-on-write
    texts = as_text(frame, c.CUSTOMER_TEXT)
    problems = ProblemList(label, frame[c.CUSTOMER_ID], mapping, places)
    to_numbers(frame, list(dict.fromkeys([*c.CUSTOMER_NUMERIC, *extra_numeric, *tiering,
                                          *values])),
               problems)
    to_flags(frame, c.CUSTOMER_FLAGS, problems)
    check_texts(texts, problems)
    filled = () if calendar else extra_numeric
    require_values(frame, list(dict.fromkeys([*c.CUSTOMER_REQUIRED, *tiering, *filled])),
                   problems)
    unique_ids(texts, c.CUSTOMER_ID, problems)
    within_ranges(frame, {**{name: COLUMN_RANGES[name] for name in c.CUSTOMER_NUMERIC},
                          **dict.fromkeys(values, SIGNED_AMOUNT),
                          **dict.fromkeys(extra_numeric, PROBABILITY)}, problems)
    if tiers:
        _check_previous_tiers(frame, tiers, problems)
    problems.raise_if_any()
    frame[c.BRANCH] = frame[c.BRANCH].where(frame[c.BRANCH].notna(), frame[c.REGION])
    return frame.reset_index(drop=True)


def _check_previous_tiers(frame: pd.DataFrame, tiers: Sequence[str], problems: ProblemList
                          ) -> None:
    """A previous tier the scenario does not know would silently make its customers new to
    the book (no band keeps them in their tier): report it with the unknown values."""
    previous = frame[c.PREVIOUS_TIER]
    unknown = previous.notna() & (previous.astype(str).str.strip() != "") & ~previous.isin(tiers)
    if unknown.any():
        values = ", ".join(sorted(map(str, previous[unknown].unique()))[:8])
        problems.add(c.PREVIOUS_TIER, unknown.to_numpy(), "unknown_previous_tier",
                     values=values, tiers=", ".join(tiers))


def check_rms(frame: pd.DataFrame, label: str, mapping: dict[str, str],
              places: RowPlaces = DATA_ROWS) -> pd.DataFrame:
    """Validate and normalize the RM table (`places`: where its rows stand in the source)."""
    frame = fill_optional(frame.copy(), c.RM_OPTIONAL)
    texts = as_text(frame, c.RM_TEXT)
    problems = ProblemList(label, frame[c.RM_ID], mapping, places)
    numeric = (*c.RM_NUMERIC, *((c.RM_COST,) if c.RM_COST in frame else ()))
    to_numbers(frame, numeric, problems)
    check_texts(texts, problems)
    require_values(frame, c.RM_REQUIRED, problems)
    unique_ids(texts, c.RM_ID, problems)
    within_ranges(frame, {name: COLUMN_RANGES.get(name, AMOUNT) for name in numeric}, problems)
    problems.raise_if_any()
    frame[c.MIN_LOAD_HOURS] = frame[c.MIN_LOAD_HOURS].fillna(0.0)
    return frame.reset_index(drop=True)

"""The building blocks of the scenario's schema: the strict configuration, bounded numbers and
the channels (shared by the scenario schema: scenario/schema.py, data_schema.py and calendar.py)."""

from __future__ import annotations

import math
import re
from typing import Annotated, Any, Literal

from pydantic import AfterValidator, BeforeValidator, ConfigDict, Field

from allocator.errors import ScenarioValueError, cut


def _number_only(value: Any) -> Any:
    if isinstance(value, bool):
        raise ScenarioValueError.said("want_number", got=str(value).lower())
    if isinstance(value, str) and _reads_as_number(value):
        raise ScenarioValueError.said("number_quoted", got=cut(repr(value)))
    return value


def _reads_as_number(text: str) -> bool:
    """Whether `text` is a finite number (a quoted 'nan' is left to the finite check)."""
    try:
        return math.isfinite(float(text))
    except ValueError:
        return False


def _flag_only(value: Any) -> Any:
    if isinstance(value, str):
        raise ScenarioValueError.said("flag_quoted", got=cut(repr(value)))
    return value


Flag = Annotated[bool, BeforeValidator(_flag_only), Field(strict=True)]
"""A yes/no setting, written true or false without quotes: a quoted "no" or "false" would be
read as false by pydantic (while a quoted number is refused), and 1 or 0 as true and false;
both are refused, naming the key and what to write."""


NUMBER_ONLY = BeforeValidator(_number_only)
"""Refuses true/false where a number is expected (pydantic would read them as 1 and 0), and a
number written as quoted text ("1e3"), which pydantic would read as the number (other text
is left to the field's own refusal): a scenario's
numbers are written without quotes (the command line's 45k and -10% are read before the
schema sees them: allocator.scenario.amounts)."""

def _printable(value: Any) -> Any:
    if isinstance(value, str) and not value.isprintable():
        raise ScenarioValueError.said("run_text_not_printable")
    return value


PRINTABLE = BeforeValidator(_printable)
"""A text a report shows (a description, a display name, a run's label or note) reaches
workbook cells, Markdown, web pages and terminals: it holds no control characters (an escape,
a bell, a line break). Before any other check, so a text refused is refused once."""

PrintableText = Annotated[str, PRINTABLE]

def hidden_folder_name(name: str) -> bool:
    """Whether `name` cannot be one visible folder inside the output folder: empty, '.' or
    '..', hidden (starting with '.'), or a path of several parts."""
    return name in ("", ".", "..") or name.startswith(".") or "/" in name or "\\" in name


def _folder_name(value: Any) -> Any:
    if isinstance(value, str) and hidden_folder_name(value):
        raise ScenarioValueError.said("name_not_folder", name=value)
    return value


FOLDER_NAME = AfterValidator(_folder_name)
"""A name that is one visible folder inside the output folder (a name such as '..' would
write runs where the registry never looks); after the name's pattern, which says more of a
name with other characters."""

EDGED_PART = re.compile(r"(^|/)\s|\s($|/)")
"""Whitespace at either end of a path or of a folder's name in it."""


def output_folder_fault(text: str) -> str | None:
    """What is wrong with `text` as the folder of the run folders (its catalogue key), if
    anything: blank (as a path it reads as the scenario's own folder, and a run would write
    there unasked, as `--out ""` is refused), or a folder's name in it with whitespace at
    either end (a folder no listing tells apart from the one named without it)."""
    if not text.strip():
        return "output_dir_blank"
    return "output_dir_edged" if EDGED_PART.search(text) else None


def _output_folder(value: Any) -> Any:
    fault = output_folder_fault(value) if isinstance(value, str) else None
    if fault is not None:
        raise ScenarioValueError.said(fault, got=cut(repr(value)))
    return value


OUTPUT_FOLDER = BeforeValidator(_output_folder)
"""The folder of the run folders, refused as output_folder_fault says; as written: a scenario
file's relative path is resolved against its folder only where it is neither
(allocator.scenario.loading)."""

def _given_path(value: Any) -> Any:
    if isinstance(value, str) and not value.strip():
        raise ScenarioValueError.said("data_path_blank", got=cut(repr(value)))
    return value


DATA_PATH = BeforeValidator(_given_path)
"""A file or folder of the data, refused blank: as a path it reads as the scenario's own folder
(the current one, from --set), which the reading of a table then fails on far from the key;
as written: a scenario file's blank path is left unresolved (allocator.scenario.loading)."""

MOST_ADDED_RMS = 100_000
"""The most RMs a headcount what-if may add to one grade or region."""


def rm_counts(value: Any) -> Any:
    """`rules.add_rms` as given, each count refused in one sentence unless it is a whole number
    of RMs (0 to 100,000), for a grade or for a grade's region."""
    if not isinstance(value, dict):
        return value
    for grade, count in value.items():
        counts = count.items() if isinstance(count, dict) else [(None, count)]
        for region, number in counts:
            if not _whole_count(number):
                key = ".".join(str(part) for part in (grade, region) if part is not None)
                got = str(number).lower() if isinstance(number, bool) else cut(repr(number))
                raise ScenarioValueError.said("rm_count", key=key, got=got,
                                              most=f"{MOST_ADDED_RMS:,}")
    return value


def _whole_count(number: Any) -> bool:
    whole = isinstance(number, int) or (isinstance(number, float) and number.is_integer())
    return whole and not isinstance(number, bool) and 0 <= number <= MOST_ADDED_RMS


LARGEST = 1e15
"""The largest magnitude a number of a scenario may have (amounts, hours, weights): a thousand
trillion; beyond it sums and products lose the cents and overflow."""
MOST = 10**12
"""The largest count (customers, offers, quotas) a scenario may give."""
MOST_AMOUNT = 1e12
"""The largest amount of one customer, RM or offer (a balance, a margin, a cost per contact,
a yearly cost): a million million in the book's currency; the book's tables are held to it
(allocator.book.ranges) as are an offer's amounts."""



class Rate:
    """Marks a number of the schema that is a rate or a share (0.08 is 8%): there an unsigned
    percentage on the command line is the number itself (`objective.discount_rate=8%` is
    0.08), where on an amount it is refused (allocator.scenario.amounts)."""

    def __repr__(self) -> str:
        return "RATE"


RATE = Rate()
"""The one mark of a rate or share key; allocator.scenario.errors.holds_rate reads it."""

MOST_UPLIFT = 10.0
"""The largest share of a customer's value a service may add: ten times the value (1,000%)."""
MOST_EFFECT = 10.0
"""The largest weight of a kind of RM's effect (a grade's effectiveness, the fit scores'
weight, a headcount scale): ten times the standard."""
HOURS_IN_YEAR, HOURS_IN_MONTH = 8784.0, 744.0
"""The hours of a leap year and of a 31-day month: no one works more."""

Share = Annotated[float, NUMBER_ONLY, RATE, Field(ge=0.0, le=1.0)]
Uplift = Annotated[float, NUMBER_ONLY, RATE, Field(ge=0.0, le=MOST_UPLIFT)]
"""A share of a customer's value added (may exceed one, up to ten times the value)."""
Effect = Annotated[float, NUMBER_ONLY, Field(ge=0.0, le=MOST_EFFECT)]
"""A weight of an RM's effect against the standard of 1.0."""
Scale = Annotated[float, NUMBER_ONLY, Field(gt=0.0, le=MOST_EFFECT)]
"""A factor on RMs' hours and book sizes (1.0: as they are)."""
YearlyHours = Annotated[float, NUMBER_ONLY, Field(ge=0.0, le=HOURS_IN_YEAR)]
"""Hours in a year (of a person's work)."""
MonthlyHours = Annotated[float, NUMBER_ONLY, Field(ge=0.0, le=HOURS_IN_MONTH)]
"""Hours in a month (of a person's work)."""
Weight = Annotated[float, NUMBER_ONLY, Field(ge=-1000.0, le=1000.0)]
"""A relative weight of a score's feature."""
Number = Annotated[float, NUMBER_ONLY, Field(ge=-LARGEST, le=LARGEST)]
NonNegative = Annotated[float, NUMBER_ONLY, Field(ge=0.0, le=LARGEST)]
Positive = Annotated[float, NUMBER_ONLY, Field(gt=0.0, le=LARGEST)]
Amount = Annotated[float, NUMBER_ONLY, Field(ge=-MOST_AMOUNT, le=MOST_AMOUNT)]
"""An amount of one customer or contact (an offer's margin)."""
NonNegativeAmount = Annotated[float, NUMBER_ONLY, Field(ge=0.0, le=MOST_AMOUNT)]
"""A cost or an exposure of one customer or contact."""
Count = Annotated[int, NUMBER_ONLY, Field(ge=0, le=MOST)]
Seed = Annotated[int, NUMBER_ONLY, Field(ge=0, le=2**31 - 1)]
Name = Annotated[str, Field(min_length=1)]
Channel = Literal["rm", "call_centre", "email", "sms", "app", "branch", "mail"]
STRICT = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True,
                    allow_inf_nan=False)
"""Every section's configuration: unknown keys are errors, values frozen, fields documented."""

"""The scenario's data section: where the book's tables come from (files, a database query,
a generated book, a public data set) and how they are read.

Unknown keys are errors; every field is documented by the docstring under it.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import BaseModel, Field, field_validator, model_validator

from allocator.connection_text import (
    ADDRESS_VARIABLE,
    SECRET_PREFIX,
    file_options,
    holds_secret,
)
from allocator.errors import ScenarioValueError as Refusal
from allocator.errors import in_a_row
from allocator.scenario.fields import (
    DATA_PATH,
    MOST,
    NUMBER_ONLY,
    RATE,
    STRICT,
    Count,
    Name,
    Seed,
    YearlyHours,
)

ENCODINGS = ("auto", "utf-8", "utf-8-sig", "utf-16", "gbk", "gb18030", "latin-1")
ACCEPTED_ENCODINGS = frozenset({*ENCODINGS, "utf8", "utf16", "cp936", "latin1", "iso-8859-1"})
"""The encodings a table may declare, in any case and with _ or -: the documented ones and
their usual spellings (utf8, utf16, cp936 for GBK, latin1 and iso-8859-1). UTF-16 is the one
with a byte-order mark, as Excel writes it ("Unicode text"), which tells its byte order."""


class Strict(BaseModel):
    model_config = STRICT


class TableSource(Strict):
    """A table read from a file (CSV, Parquet, .xlsx), or a SQL query on a DuckDB database file
    or a PostgreSQL server."""

    path: Annotated[Path, DATA_PATH] | None = None
    """CSV, Parquet or Excel file, relative to the scenario file that names it."""
    sheet: str | None = None
    """Worksheet of an Excel file (default: the first)."""
    database: Annotated[Path, DATA_PATH] | None = None
    """DuckDB database file queried with `query`."""
    url: str | None = None
    """PostgreSQL connection string (postgresql://user@host:port/database, no password) queried
    with `query`. Taken from the scenario file only with --scenario-db-url; otherwise from
    --db-url or ALLOCATOR_DB_URL (a `query` alone is a PostgreSQL query on that server)."""
    query: str | None = None
    """SQL query whose result is the table (with `database` or `url`): one SELECT over its
    tables."""
    password_env: str | None = None
    """Environment variable holding the encryption key of `database`, or the password of the
    user of `url` (never the key or password itself); its name starts with ALLOCATOR_DB_ and
    is not ALLOCATOR_DB_URL (the server's address)."""
    columns: dict[str, str] = {}
    """Column mapping: allocator's column name -> the name in the source."""
    encoding: str = "auto"
    """Text encoding of a CSV file: auto (the one its byte-order mark names, UTF-8 or UTF-16,
    else the first of UTF-8, GBK/GB18030 and latin-1 that reads the whole file), or one of
    utf-8, utf-8-sig, utf-16, gbk, gb18030, latin-1 (in any case; also spelled utf8, utf16,
    cp936, latin1 or iso-8859-1). Its columns may be separated by commas, tabs, semicolons or
    bars: the header shows which."""
    decimal: Literal["auto", ".", ","] = "auto"
    """Decimal mark of a CSV file's numbers: "." (12.44), "," (12,44, points between
    thousands read too: 1.234,56), or auto: a comma where the file is separated by anything
    but commas (semicolons, tabs, bars) and its numbers show decimal commas and no decimal
    points (allocator.book.csv_decimals), else a point."""

    @field_validator("encoding")
    @classmethod
    def _known_encoding(cls, value: str) -> str:
        if value.strip().lower().replace("_", "-") not in ACCEPTED_ENCODINGS:
            raise Refusal.said("unknown_encoding", got=repr(value), choices=in_a_row(ENCODINGS))
        return value.strip()

    @field_validator("password_env")
    @classmethod
    def _allocator_variable(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith(SECRET_PREFIX):
            raise Refusal.said("password_variable_prefix", variable=value, prefix=SECRET_PREFIX)
        if value == ADDRESS_VARIABLE:
            raise Refusal.said("password_variable_address", variable=value, prefix=SECRET_PREFIX)
        return value

    @model_validator(mode="after")
    def _one_source(self) -> TableSource:
        given = [self.path, self.database, self.url]
        if sum(value is not None for value in given) > 1 or not (any(given) or self.query):
            raise Refusal.said("one_table_source")
        if self.path is not None and self.query:
            raise Refusal.said("query_with_path", path=self.path.name)
        if self.path is None and not self.query:
            raise Refusal.said("needs_query", key="url" if self.url else "database")
        if self.password_env is not None and self.path is not None:
            raise Refusal.said("password_env_alone")
        if self.decimal != "auto" and (self.path is None or self.path.suffix.lower() not in
                                       (".csv", ".txt", ".gz")):
            raise Refusal.said("decimal_csv_only", decimal=self.decimal)
        if self.url is not None:
            _check_postgres_url(self.url)
        return self


def _check_postgres_url(url: str) -> None:
    if "#" in url:  # the address would end there, the rest (a password's end) cut off
        raise Refusal.said("url_hash")
    parts = urlsplit(url)
    if parts.scheme not in ("postgresql", "postgres") or not (parts.netloc or parts.path):
        raise Refusal.said("url_form")
    if holds_secret(url):
        raise Refusal.said("url_password")
    for option in file_options(url):
        raise Refusal.said("url_file_option", option=option)


class GenerateSource(Strict):
    """A synthetic book generated deterministically instead of read from files."""

    customers: Annotated[int, NUMBER_ONLY, Field(gt=0, le=100_000_000)]
    """Number of customers."""
    seed: Seed = 0
    """Random seed: the same seed gives the same book."""
    customers_per_rm: Annotated[float, NUMBER_ONLY, Field(gt=0, le=100_000_000)] | None = None
    """One RM per this many customers of each region (default: full-time RMs, as many as the
    hours need)."""


class StaffSpec(Strict):
    """The RMs of one grade in every region of a public data set (which has no RM table)."""

    per_region: Annotated[int, NUMBER_ONLY, Field(ge=0, le=100_000)]
    """RMs of this grade in each region."""
    capacity_hours: Annotated[YearlyHours, Field(gt=0.0)]
    """Yearly hours of each RM."""
    max_book: Annotated[int, NUMBER_ONLY, Field(gt=0, le=MOST)] | None = None
    """Most customers in one RM's book."""
    legacy_book: Count = 0
    """Customers each RM holds today. The data sets have no RM field, so today's books are
    simulated by the rule banks use: each region's customers by descending AUM fill the most
    senior grade's books first (grades in the order listed)."""


Adapter = Literal["bank_marketing", "bank_churn", "credit_default", "berka", "cdnow"]


class DatasetSource(Strict):
    """A public data set read through its adapter (allocator.adapters), which maps it to the
    customer table; the RMs come from `staffing`."""

    adapter: Adapter
    path: Annotated[Path, DATA_PATH]
    """The data set's folder, relative to the scenario file."""
    staffing: Annotated[dict[str, StaffSpec], Field(min_length=1)]
    """RM grade -> RMs per region, from the most senior grade."""
    sample: Annotated[int, NUMBER_ONLY, Field(gt=0, le=MOST)] | None = None
    """Plan a seeded random sample of this many customers instead of the whole set."""
    seed: Seed = 0


class ModelSpec(Strict):
    """A calibrated classifier trained on a historical outcome; its predicted probability becomes
    the customer column named by the model's key (e.g. `pd`, `churn_probability`, or a
    propensity column an offer names)."""

    target: Name
    """Outcome column (1/0, yes/no, true/false); rows without an outcome are only scored."""
    features: Annotated[list[str], Field(min_length=1)]
    """Customer columns the model reads (text columns are one-hot encoded)."""
    method: Literal["logistic", "gradient_boosting"] = "gradient_boosting"
    test_share: Annotated[float, NUMBER_ONLY, RATE, Field(gt=0.0, lt=1.0)] = 0.3
    """Share of the labelled rows held out to measure AUC and calibration."""
    seed: Seed = 0


class DataSection(Strict):
    customers: TableSource | None = None
    rms: TableSource | None = None
    offers: TableSource | None = None
    """Offers as a table; or list them under the scenario's `offers` section."""
    fit_scores: TableSource | None = None
    """Optional customer-RM fit scores (customer_id, rm_id, score) added to coverage value."""
    generate: GenerateSource | None = None
    dataset: DatasetSource | None = None

    @model_validator(mode="after")
    def _book_source(self) -> DataSection:
        files = self.customers is not None or self.rms is not None
        given = [files, self.generate is not None, self.dataset is not None]
        if sum(given) > 1:
            raise Refusal.said("one_book_source")
        if files and (self.customers is None or self.rms is None):
            raise Refusal.said("both_tables")
        if not any(given):
            raise Refusal.said("no_book_source")
        return self

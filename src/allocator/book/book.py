"""The customer book: validated customers, RMs, offers and fit scores, ready for tiering.

Rows that a rule leaves out are counted by reason in `exclusions`, never dropped silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator import headcount
from allocator.adapters import read_dataset
from allocator.book.generator import generate_book
from allocator.book.offer_rows import check_offer_tiers, merge_offers, offers_from_frame, overlaid
from allocator.book.queried import QueriedTable, queried
from allocator.book.ranges import COLUMN_RANGES, FIT_HOURS, FIT_SCORE
from allocator.book.row_places import DATA_ROWS, RowPlaces
from allocator.book.sources import read_table_rows, source_label, table_encodings
from allocator.book.validation import (
    ProblemList,
    as_text,
    check_customers,
    check_rms,
    to_numbers,
    within_ranges,
)
from allocator.campaigns import scheduled_offers
from allocator.classifiers import FitReport, fit_models
from allocator.errors import Named, UserError, catalogued, in_a_row
from allocator.headcount import Labelled, add_rms
from allocator.scenario.data_schema import TableSource
from allocator.scenario.schema import OfferSpec, RmGradeSpec, Scenario, Tiering

OFFER_FIELDS = tuple(OfferSpec.model_fields)

READS = ("data", "offers", "models", "tiering", "tiers.*", "rules.rm_capacity_scale",
         *headcount.READS, "rm_grades.*.hours_per_month", "calendar")
"""What `load_book` reads of a scenario (allocator.scenario.reads): the sources, the offers
(kept in the book), the models it fits, the columns the tiering needs, the tier names offers
are checked against, and the headcount of the RMs (added RMs, scale)."""


@dataclass(frozen=True)
class Book:
    customers: pd.DataFrame
    rms: pd.DataFrame
    offers: dict[str, OfferSpec]
    fit_scores: pd.DataFrame
    exclusions: pd.DataFrame
    inputs: dict[str, Path] = field(default_factory=dict)
    """Input files by role, for the manifest's hashes."""
    fits: tuple[FitReport, ...] = ()
    """The scenario's models, as measured on held-out rows."""
    encodings: dict[str, tuple[str, str]] = field(default_factory=dict)
    """The CSV tables by role (customers, rms...): path and the codec each was read with."""
    queried: dict[str, QueriedTable] = field(default_factory=dict)
    """The tables read by a database query, by role: where from and what came back."""
    given_offers: dict[str, OfferSpec] = field(default_factory=dict)
    """The offers as the offer table or the generated book gives them, before the scenario's
    fields (none where the scenario gives every offer): what an override of one changed."""


def load_book(scenario: Scenario, part: int | None = None) -> Book:
    """Read and validate every table the scenario names (or generate the synthetic book);
    with `part`, only that file of a partitioned customer table (and its customers' fit
    scores)."""
    data = scenario.data
    offers = dict(scenario.offers)
    read: dict[str, QueriedTable] = {}
    given: dict[str, OfferSpec] = {}
    if data.offers is not None:
        given = _offers_from_table(data.offers, list(scenario.tiers), read)
        offers = merge_offers(offers, given, source_label(data.offers))
    extra = tuple(sorted({col for o in offers.values() for col in o.customer_columns}))
    source = _read_source(scenario, offers, extra, read, part)
    raw, rms, label, mapping, inputs = (source.customers, source.rms, source.label,
                                        source.mapping, source.inputs)
    offers, given = source.offers, source.given_offers or given
    if scenario.calendar is not None:
        offers = scheduled_offers(offers, scenario.calendar)
    _check_tiering_columns(raw, scenario.tiering, label)
    raw, fits = fit_models(raw, scenario.models, label)
    _check_propensity_columns(raw, offers, label)
    values = {o.value_column for o in offers.values() if o.value_column}
    customers = check_customers(raw, label, mapping,
                                [e for e in extra if e not in values],
                                tiering_columns(scenario.tiering), sorted(values),
                                list(scenario.tiers), scenario.calendar is not None,
                                source.places)
    labelled = _labels_of(scenario)
    rms = add_rms(rms, scenario.rules.add_rms, scenario.rm_grades, labelled)
    headcount.refuse_unknown_scaled(rms, scenario.rules.rm_capacity_scale, labelled)
    rms = monthly_hours(rms, scenario.rm_grades)
    rms = scale_capacity(rms, scenario.rules.rm_capacity_scale)
    fit = _read_fit_scores(data.fit_scores, customers, rms, read)
    customers, exclusions = _apply_exclusion_rules(customers)
    if part is None:
        _refuse_no_customers(customers, exclusions, label, mapping)
    fit = fit[fit[c.CUSTOMER_ID].isin(customers[c.CUSTOMER_ID])].reset_index(drop=True)
    return Book(customers, rms, offers, fit, exclusions, inputs, fits,
                table_encodings(scenario.data), read, given)


def _labels_of(scenario: Scenario) -> Callable[[], Labelled]:
    """The scenario's labels and language, read only where an error names a grade or a region
    by them (the stage reads neither otherwise)."""
    return lambda: Labelled(scenario.labels, scenario.output.language)


@dataclass(frozen=True)
class _Source:
    """The raw customer table and the checked RMs, from whichever source the scenario names."""

    customers: pd.DataFrame
    rms: pd.DataFrame
    label: str
    mapping: dict[str, str]
    inputs: dict[str, Path]
    offers: dict[str, OfferSpec]
    given_offers: dict[str, OfferSpec] = field(default_factory=dict)
    """The generated book's own offers, where the scenario's are laid over them."""
    places: RowPlaces = DATA_ROWS
    """Where the customers' rows stand in their source (a CSV file's lines, a sheet's rows)."""


def _read_source(scenario: Scenario, offers: dict[str, OfferSpec], extra: tuple[str, ...],
                 read: dict[str, QueriedTable], part: int | None = None) -> _Source:
    data = scenario.data
    if data.dataset is not None:
        customers, rms, inputs = read_dataset(data.dataset)
        label = Named(*catalogued("dataset_source", path=data.dataset.path,
                                  adapter=data.dataset.adapter))
        return _Source(customers, check_rms(rms, label, {}), label, {}, inputs, offers)
    if data.generate is not None:
        synthetic = generate_book(data.generate.customers, data.generate.seed,
                                   data.generate.customers_per_rm, tuple(scenario.tiers))
        labels = catalogued("generated_book", customers=data.generate.customers,
                            seed=data.generate.seed)
        label = Named(*labels)
        given: dict[str, OfferSpec] = {}
        if data.offers is None:  # the generated offers, with the scenario's fields over them
            given = offers_from_frame(synthetic.offers, label, None)
            offers = overlaid(given, scenario.offers, label)
            check_offer_tiers(offers, labels, list(scenario.tiers))
        return _Source(synthetic.customers, check_rms(synthetic.rms, label, {}), label, {}, {},
                       offers, given)
    assert data.customers is not None and data.rms is not None
    rms = _read_rms(data.rms, read)
    if rms.empty:
        _refuse_no_rms(data.rms, scenario)
    required = [name for name in c.CUSTOMER_REQUIRED if name not in scenario.models]
    customers, places = _read_table(data.customers, _customer_columns(scenario, extra),
                                    required, "customers", read, part)
    if customers.empty and part is None:
        raise UserError.said("no_customer_rows", file=source_label(data.customers))
    return _Source(customers, rms, source_label(data.customers), dict(data.customers.columns),
                   _input_files(scenario), offers, places=places)


def _refuse_no_rms(source: TableSource, scenario: Scenario) -> None:
    """An RM table of its header only is a book without RMs (no customer gets one), but
    refused where the scenario names a grade of its RMs (`rm_grades`, `rules.add_rms`, which
    adds RMs where the grade's RMs work, `rules.rm_capacity_scale`): a file without its rows,
    which an unknown grade or region would misname."""
    scaled = scenario.rules.rm_capacity_scale
    keys = [*(f"rm_grades.{grade}" for grade in scenario.rm_grades),
            *(f"rules.add_rms.{grade}" for grade in scenario.rules.add_rms),
            *(f"rules.rm_capacity_scale.{grade}" for grade in
              (scaled if isinstance(scaled, dict) else ()))]
    if keys:
        raise UserError.said("no_rm_rows", file=source_label(source), keys=in_a_row(keys))


def tiering_columns(tiering: Tiering) -> tuple[str, ...]:
    """Customer columns the tiering method reads."""
    if tiering.method == "score":
        return tuple(tiering.features)
    if tiering.method == "rfm":
        return (c.RECENCY, c.FREQUENCY, tiering.monetary)
    return (tiering.metric,)


def _customer_columns(scenario: Scenario, extra: tuple[str, ...]) -> list[str]:
    """Only these columns are read: the canonical ones, the tiering's, the offers' propensity
    columns and what the models read."""
    modelled = [name for m in scenario.models.values() for name in (m.target, *m.features)]
    names = [*c.CUSTOMER_REQUIRED, *c.CUSTOMER_OPTIONAL, *tiering_columns(scenario.tiering),
             *extra, *modelled]
    return list(dict.fromkeys(names))


def _check_tiering_columns(frame: pd.DataFrame, tiering: Tiering, label: str) -> None:
    missing = [name for name in tiering_columns(tiering) if name not in frame]
    if missing:
        raise UserError.said("tiering_columns", label=label, columns=in_a_row(missing))
    if tiering.method != "rfm":
        return
    blank = frame[[c.RECENCY, c.FREQUENCY]].isna().any(axis=1)
    if blank.any():
        raise UserError.said("rfm_columns", label=label, rows=int(blank.sum()))


def _check_propensity_columns(frame: pd.DataFrame, offers: dict[str, OfferSpec], label: str
                              ) -> None:
    missing = [f"offers.{name}.{key} '{column}'" for name, offer in offers.items()
               for key, column in (("propensity_column", offer.propensity_column),
                                   ("value_column", offer.value_column))
               if column and column not in frame]
    if missing:
        raise UserError.said("no_customer_column", label=label, keys="; ".join(missing))


def _read_table(source: TableSource, wanted: list[str], required: list[str], role: str,
                read: dict[str, QueriedTable], part: int | None = None
                ) -> tuple[pd.DataFrame, RowPlaces]:
    """read_table_rows for the table of `role`; one a query read is recorded in `read`."""
    frame, places = read_table_rows(source, wanted, required, f"data.{role}", part)
    found = queried(source, frame)
    if found is not None:
        read[role] = found
    return frame, places


def _read_rms(source: TableSource, read: dict[str, QueriedTable]) -> pd.DataFrame:
    wanted = [*c.RM_REQUIRED, *c.RM_OPTIONAL, c.RM_COST]
    frame, places = _read_table(source, wanted, list(c.RM_REQUIRED), "rms", read)
    return check_rms(frame, source_label(source), dict(source.columns), places)


def _offers_from_table(source: TableSource, tiers: list[str], read: dict[str, QueriedTable]
                       ) -> dict[str, OfferSpec]:
    frame, places = _read_table(source, [c.OFFER_ID, *OFFER_FIELDS], [c.OFFER_ID], "offers",
                                read)
    return offers_from_frame(frame, source_label(source), tiers, places)


def _apply_exclusion_rules(customers: pd.DataFrame) -> tuple[pd.DataFrame, pd.DataFrame]:
    closed = customers[c.CLOSED].to_numpy(dtype=bool)
    kept = customers.loc[~closed].reset_index(drop=True)
    rows = [
        ("closed account", "left out of the plan", int(closed.sum())),
        ("do not contact", "kept for RM coverage, no offers",
         int(kept[c.DO_NOT_CONTACT].sum())),
    ]
    return kept, pd.DataFrame(rows, columns=["reason", "effect", "customers"])


def _refuse_no_customers(customers: pd.DataFrame, exclusions: pd.DataFrame, label: str,
                         mapping: Mapping[str, str]) -> None:
    """A plan needs a customer: a table all of whose rows a rule leaves out is bad input,
    named with the count and the rule (a table of no rows is refused as it is read)."""
    excluded = int(exclusions["customers"].iloc[0])
    if customers.empty and excluded:
        raise UserError.said("no_customer_left", label=label, excluded=excluded,
                             column=mapping.get(c.CLOSED, c.CLOSED))


def _read_fit_scores(
    source: TableSource | None, customers: pd.DataFrame, rms: pd.DataFrame,
    read: dict[str, QueriedTable],
) -> pd.DataFrame:
    empty = pd.DataFrame({c.CUSTOMER_ID: pd.Series(dtype=object),
                          c.RM_ID: pd.Series(dtype=object), "score": pd.Series(dtype=float),
                          "hours": pd.Series(dtype=float)})
    if source is None:
        return empty
    names = [c.CUSTOMER_ID, c.RM_ID, "score"]
    frame, places = _read_table(source, [*names, "hours"], names, "fit_scores", read)
    if "hours" not in frame:
        frame["hours"] = np.nan
    label = source_label(source)
    as_text(frame, [c.CUSTOMER_ID, c.RM_ID])  # ids stripped as the customer and RM tables'
    frame[[c.CUSTOMER_ID, c.RM_ID]] = frame[[c.CUSTOMER_ID, c.RM_ID]].fillna("").astype(str)
    ids = frame[c.CUSTOMER_ID] + "/" + frame[c.RM_ID]
    problems = ProblemList(label, ids, dict(source.columns), places)
    to_numbers(frame, [FIT_SCORE, FIT_HOURS], problems)
    problems.add(FIT_HOURS, (frame[FIT_HOURS] < 0).to_numpy(), "negative_hours")
    within_ranges(frame, {name: COLUMN_RANGES[name] for name in (FIT_SCORE, FIT_HOURS)},
                  problems)
    problems.add(c.CUSTOMER_ID, ~frame[c.CUSTOMER_ID].isin(customers[c.CUSTOMER_ID]),
                 "unknown_customer")
    problems.add(c.RM_ID, ~frame[c.RM_ID].isin(rms[c.RM_ID]), "unknown_rm")
    problems.add("score", ids.duplicated(keep=False), "repeated_pair")
    problems.raise_if_any()
    return frame.fillna({"score": 0.0})


def _input_files(scenario: Scenario) -> dict[str, Path]:
    files: dict[str, Path] = {}
    for role in ("customers", "rms", "offers", "fit_scores"):
        source = getattr(scenario.data, role)
        file = None if source is None else (source.path or source.database)
        if file is not None:  # a server's table is no file
            files[role] = Path(str(file))
    return files


def scale_capacity(rms: pd.DataFrame, scale: float | dict[str, float]) -> pd.DataFrame:
    """RM hours and book sizes scaled for a headcount what-if (1.0 leaves them as they are)."""
    factor = (rms[c.GRADE].map(scale).fillna(1.0) if isinstance(scale, dict)
              else pd.Series(float(scale), index=rms.index))
    if (factor == 1.0).all():
        return rms
    scaled = rms.copy()
    scaled[c.CAPACITY_HOURS] = scaled[c.CAPACITY_HOURS] * factor
    scaled[c.MAX_BOOK] = np.floor(scaled[c.MAX_BOOK] * factor)
    scaled[c.HOURS_PER_MONTH] = scaled[c.HOURS_PER_MONTH] * factor
    return scaled


def monthly_hours(rms: pd.DataFrame, grades: dict[str, RmGradeSpec]) -> pd.DataFrame:
    """Each RM's hours per month of the calendar: its own, else its grade's (blank: none)."""
    by_grade = {g: spec.hours_per_month for g, spec in grades.items()
                if spec.hours_per_month is not None}
    if not by_grade:
        return rms
    out = rms.copy()
    out[c.HOURS_PER_MONTH] = out[c.HOURS_PER_MONTH].astype(float).fillna(
        out[c.GRADE].map(by_grade).astype(float))
    return out

"""Prices and amounts with their units: a marginal value per unit of its limit ("1.22 EUR per
EUR of budget"), a sweep's per unit of the key it varies ("820 EUR per added RM"), and the
drivers' table with its prices and worths of loosening so written."""

from __future__ import annotations

import pandas as pd

from allocator.report.cell_texts import format_cell
from allocator.report.language import Words
from allocator.report.unit_words import UNIT_OF, key_unit


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


def with_units(table: pd.DataFrame, currency: str, words: Words, unpriced: str = ""
               ) -> pd.DataFrame:
    """The drivers' marginal values per unit of their limits and worths of loosening in
    `currency`, as text; a limit without a marginal value says `unpriced` ("not priced") in
    both, its worth blank where a step note says why it was not measured (other unknowns
    blank); the other columns as they are."""
    shown = table.copy()
    prices = shown.get("marginal_value", pd.Series(0.0, index=shown.index))
    if "marginal_value" in shown:
        shown["marginal_value"] = [
            unpriced if pd.isna(price) else priced_per_unit(str(constraint), float(price),
                                                             currency, words)
            for constraint, price in zip(shown["constraint"], prices, strict=True)]
    if "loosening_worth" in shown:
        notes = shown.get("step_note", pd.Series("", index=shown.index)).fillna("")
        shown["loosening_worth"] = [
            f"{format_cell(float(worth))} {currency}" if pd.notna(worth)
            else unpriced if pd.isna(price) and not note else ""
            for worth, price, note in zip(shown["loosening_worth"], prices, notes, strict=True)]
    return shown

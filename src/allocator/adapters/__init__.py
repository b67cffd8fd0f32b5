"""Adapters: each maps one public data set to allocator's customer table.

An adapter reads the set's own files as published (see its SOURCE.md), derives the canonical
columns (customer_id, region, aum, revenue_12m, risk_tolerance, pd, ...) and keeps the features
and historical outcomes a scenario's `models` train on. Where a set lacks something a plan needs
(RMs, a bank margin, a suitability score), the adapter's docstring says which rule stands in.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import numpy as np
import pandas as pd

from allocator.adapters import bank_churn, bank_marketing, berka, cdnow, credit_default
from allocator.adapters.common import Adapted
from allocator.adapters.staffing import staff
from allocator.errors import InputOutputError
from allocator.scenario.data_schema import DatasetSource

ADAPTERS: dict[str, Callable[[Path], Adapted]] = {
    "bank_marketing": bank_marketing.load,
    "bank_churn": bank_churn.load,
    "credit_default": credit_default.load,
    "berka": berka.load,
    "cdnow": cdnow.load,
}

__all__ = ["ADAPTERS", "Adapted", "read_dataset"]


def read_dataset(source: DatasetSource) -> tuple[pd.DataFrame, pd.DataFrame, dict[str, Path]]:
    """Customers (with today's simulated RM books), RMs, and the files read (for hashes)."""
    folder = source.path
    if not folder.is_dir():
        raise InputOutputError.said(  # missing, or a file in its place: 4
            "dataset_not_folder", folder=folder, adapter=source.adapter)
    adapted = ADAPTERS[source.adapter](folder)
    customers = adapted.customers
    if source.sample is not None and source.sample < len(customers):
        chosen = np.random.default_rng(source.seed).choice(len(customers), source.sample,
                                                           replace=False)
        customers = customers.iloc[np.sort(chosen)].reset_index(drop=True)
    rms, incumbents = staff(customers, source.staffing)
    return customers.assign(incumbent_rm=incumbents), rms, adapted.files

"""The plan: who is served by which RM, which offers go to whom, which package each tier gets.

Held by ids, not by solver column numbers, so it can be saved, read back and checked alone.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

from allocator import columns as c
from allocator.problem import Decisions
from allocator.valuation import ValuedBook


@dataclass(frozen=True)
class Plan:
    assignments: pd.DataFrame
    """customer_id, rm_id: one row per covered customer."""
    offers: pd.DataFrame
    """customer_id, offer_id: one row per offer made."""
    packages: pd.DataFrame
    """tier, package: one row per tier (empty without packages)."""


def read_plan(problem: Decisions, valued: ValuedBook, values: np.ndarray) -> Plan:
    """Turn a solution vector into a plan (binaries rounded at 0.5), sorted by id."""
    chosen = values > 0.5
    customer_ids = valued.customers[c.CUSTOMER_ID].to_numpy(dtype=object)
    x = chosen[problem.col_block("x")]
    y = chosen[problem.col_block("y")]
    s = chosen[problem.col_block("s")]
    assignments = pd.DataFrame({
        c.CUSTOMER_ID: customer_ids[problem.x.customer[x]],
        c.RM_ID: valued.rms[c.RM_ID].to_numpy(dtype=object)[problem.x.rm[x]],
    })
    offers = pd.DataFrame({
        c.CUSTOMER_ID: customer_ids[problem.y.customer[y]],
        c.OFFER_ID: np.array(valued.offer_ids, dtype=object)[problem.y.offer[y]],
    })
    packages = pd.DataFrame({
        c.TIER: np.array(valued.tiers, dtype=object)[problem.s.tier[s]],
        "package": np.array(valued.package_ids, dtype=object)[problem.s.package[s]],
    })
    return Plan(_sorted(assignments, [c.CUSTOMER_ID]),
                _sorted(offers, [c.CUSTOMER_ID, c.OFFER_ID]),
                packages.set_index(c.TIER).reindex([t for t in valued.tiers if t in
                                                    set(packages[c.TIER])]).reset_index())


def _sorted(frame: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    return frame.sort_values(by, kind="stable").reset_index(drop=True)

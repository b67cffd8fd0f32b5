"""RM hours per month of RM-channel calendar activities (family rm_month_hours) on the
decomposition path.

A row of the family is used by a customer's RM contact a only through the RM the customer is
assigned: h[a] x[i,r] y[i,a] on the row of RM r and a's month. The search leaves the rows
unpriced (a multiplier of 0: dropping rows from the maximisation keeps its bound certified);
the repair holds them. Once the RMs are chosen, each row is linear in the offers:
`RmMonths.given` states it as a coupling row on the y columns, which the repair of offers
holds as any other (it drops the RM contacts worth least per hour from an RM-month that is
over, and adds none where there is no room).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allocator import columns as c
from allocator.campaigns.activities import activities_of
from allocator.campaigns.rows import limits_rm_months
from allocator.decomposition.coupling import Coupling, Terms
from allocator.formulation import Context
from allocator.problem import Decisions
from allocator.scenario.schema import Scenario
from allocator.valuation import ValuedBook

FAMILY = "rm_month_hours"


@dataclass(frozen=True)
class RmMonths:
    """What the rows need: per y column its RM hours (0 for a contact that takes none) and
    month; per RM its row index among the limited RMs (-1 if unlimited)."""

    hours: np.ndarray
    month: np.ndarray
    months: int
    limited: np.ndarray
    limits: np.ndarray
    """Per limited RM, its hours per month."""

    def given(self, d: Decisions, x: np.ndarray) -> Coupling:
        """The rows as a coupling on the y columns, for the RMs chosen in x (a mask over the
        x columns): each RM contact of a customer weighs its hours in its RM's month."""
        n = max(int(d.x.customer.max(initial=-1)), int(d.y.customer.max(initial=-1))) + 1
        rm_of = np.full(n, -1, dtype=np.int64)
        rm_of[d.x.customer[x]] = np.asarray(d.x.rm)[x]
        rm = np.where(rm_of[d.y.customer] >= 0, rm_of[d.y.customer], 0)
        slot = np.where(rm_of[d.y.customer] >= 0, self.limited[rm], -1)
        cols = np.flatnonzero((self.hours > 0) & (slot >= 0))
        rows = slot[cols] * self.months + self.month[cols]
        count = len(self.limits) * self.months
        return Coupling(FAMILY, FAMILY, "le", np.arange(count).astype(object),
                        np.repeat(self.limits, self.months),
                        on_y=Terms(cols, rows, self.hours[cols]))


def rm_months_of(valued: ValuedBook, scenario: Scenario, d: Decisions) -> RmMonths | None:
    """The scenario's RM hours per month, if it limits them (campaigns.rows.limits_rm_months)."""
    calendar = scenario.calendar
    if calendar is None or not limits_rm_months(valued, scenario):
        return None
    acts = activities_of(calendar, dict(zip(valued.offer_ids, valued.offers, strict=True)))
    offer = Context(valued, scenario, d).y_offer
    limit = valued.rms[c.HOURS_PER_MONTH].to_numpy(dtype=float, na_value=np.nan)
    has = ~np.isnan(limit)
    limited = np.where(has, np.cumsum(has) - 1, -1)
    return RmMonths(acts.rm_hours[offer].astype(float), acts.month[offer],
                    int(acts.month.max()) + 1, limited, limit[has])


def rm_month_rows(rm_months: RmMonths | None, d: Decisions, x: np.ndarray) -> list[Coupling]:
    """The rows for the RMs chosen in x, as a list (empty without RM hours per month)."""
    return [] if rm_months is None else [rm_months.given(d, x)]

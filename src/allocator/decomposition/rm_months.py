"""RM hours per month of RM-channel calendar activities (family rm_month_hours) on the
decomposition path.

A row of the family is used by a customer's RM contact a only through the RM the customer is
assigned: h[a] x[i,r] y[i,a] on the row of RM r and a's month (through_rm.py). The search
prices the rows: with a multiplier lambda[r,m] >= 0 on each, a customer served by RM r pays
lambda[r,m] h[a] for each RM contact a in month m, so its choice of an RM and its choice of a
schedule are made together (`charged`): for each candidate RM, the best schedule at the
offers' values less that RM's month prices (schedules.charged_schedules), and the best RM with
its schedule kept. That is each customer's exact optimum of the priced rows, every RM and
every schedule its own rows allow considered, so the Lagrangian value stays an upper bound on
every plan's for any multipliers >= 0 (a plan within the rows pays at most its own slack's
worth of prices: sum lambda (use - limit) <= 0); and the rows' use by the choice is the
subgradient the search moves their multipliers by, as for any other row.

The repair holds the rows. Once the RMs are chosen, each row is linear in the offers:
`RmMonths.given` states it as a coupling row on the y columns, which the repair of offers
holds as any other (it drops the RM contacts worth least per hour from an RM-month that is
over, and adds none where there is no room). Where the scenario makes the rows soft, they
carry its penalty per hour over: the repair then drops only contacts worth less than the
penalty of their hours, and the plan's value pays for the hours over, as on the exact path.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from allocator import columns as c
from allocator.campaigns.activities import activities_of, month_label
from allocator.campaigns.rows import limits_rm_months
from allocator.decomposition.coupling import Coupling, Terms
from allocator.decomposition.schedules import Schedules, charged_schedules
from allocator.decomposition.through_rm import ThroughRm
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
    through: ThroughRm
    """The rows' terms: per limited RM, one row per month, in order."""
    penalty: float | None = None
    """The penalty per hour over, where the scenario makes the rows soft (None: hard)."""

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
                        on_y=Terms(cols, rows, self.hours[cols]), penalty=self.penalty)


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
    hours, month = acts.rm_hours[offer].astype(float), acts.month[offer]
    months = int(acts.month.max()) + 1
    cols = np.flatnonzero(hours > 0)
    slot = limited[np.asarray(d.x.rm)]
    customers = max(int(d.x.customer.max(initial=-1)), int(d.y.customer.max(initial=-1))) + 1
    through = ThroughRm(cols, hours[cols], month[cols], months,
                        np.where(slot >= 0, slot * months, -1), d.x.customer,
                        d.y.customer[cols], customers)
    soft = {str(k): v for k, v in scenario.objective.soft.items()}
    return RmMonths(hours, month, months, limited, limit[has], through, soft.get(FAMILY))


def rm_month_family(valued: ValuedBook, scenario: Scenario, d: Decisions) -> Coupling | None:
    """The rows as the search prices them: per limited RM and month (labelled as the checker
    labels them, campaigns.activities.month_label), the RM's hours per month."""
    months = rm_months_of(valued, scenario, d)
    calendar = scenario.calendar
    if months is None or calendar is None:
        return None
    acts = activities_of(calendar, dict(zip(valued.offer_ids, valued.offers, strict=True)))
    rms = valued.rms[~np.isnan(valued.rms[c.HOURS_PER_MONTH].to_numpy(
        dtype=float, na_value=np.nan))]
    labels = [month_label(grade, rm, *acts.month_span(m))
              for rm, grade in zip(rms[c.RM_ID], rms[c.GRADE], strict=True)
              for m in range(months.months)]
    return Coupling(FAMILY, FAMILY, "le", np.array(labels, dtype=object),
                    np.repeat(months.limits, months.months), through_rm=months.through)


def rm_month_rows(rm_months: RmMonths | None, d: Decisions, x: np.ndarray) -> list[Coupling]:
    """The rows for the RMs chosen in x, as a list (empty without RM hours per month)."""
    return [] if rm_months is None else [rm_months.given(d, x)]


def with_rm_month_rows(families: list[Coupling], rows: list[Coupling]) -> list[Coupling]:
    """The families with the RM-months stated on the offers (`rows`, rm_month_rows) in place
    of the priced ones on a product of columns: the same rows, counted (and a soft row's
    hours over paid for) once."""
    if not rows:
        return families
    return [*(f for f in families if f.through_rm is None), *rows]


@dataclass(frozen=True)
class Charged:
    """Each x column's value with the best schedule its customer can have from its RM at
    that RM's month prices; the schedules of the columns whose RM has prices (`pairs`,
    ascending): their y columns and, per y column, its pair's position in `pairs`."""

    value: np.ndarray
    pairs: np.ndarray
    cols: np.ndarray
    owner: np.ndarray


def charged(months: RmMonths, schedules: Schedules, priced: tuple[np.ndarray, np.ndarray],
            prices: np.ndarray, best: tuple[np.ndarray, np.ndarray]) -> Charged | None:
    """The customers' RM and schedule chosen together at the rows' multipliers `prices`
    (None where all are 0: then the RM and the schedule are chosen apart). `priced`: the x
    and y columns' priced values; `best`: per customer the value of its best schedule with
    an RM at no month prices, and its contact limit. A pair worth no more than another of
    its customer's at that best schedule (which no month price raises) cannot be the
    customer's best: only the others' schedules are worked out."""
    through = months.through
    if not prices.any():
        return None
    px, py = priced
    with_rm, max_offers = best
    value = px + with_rm[through.x_customer]
    has_rm = through.first >= 0
    charging = np.zeros(len(px), dtype=bool)
    priced_rm = np.asarray((prices.reshape(-1, months.months) > 0).any(axis=1))
    charging[has_rm] = priced_rm[through.first[has_rm] // months.months]
    owns = np.zeros(through.customers, dtype=bool)
    owns[through.y_customer] = True
    charging &= owns[through.x_customer]
    plain = np.full(through.customers, -np.inf)
    np.maximum.at(plain, through.x_customer[~charging], value[~charging])
    worth = value > plain[through.x_customer]
    pairs = np.flatnonzero(charging & worth)
    value[charging & ~worth] = -np.inf  # never the best: another pair is worth as much
    hours = np.append(months.hours, 0.0)  # the y column of a hosted pattern's absent ones
    month = np.append(months.month, 0)
    first = through.first[pairs]

    def charge(entries: np.ndarray, cols: np.ndarray) -> np.ndarray:
        return prices[first[entries][:, None] + month[cols]] * hours[cols]

    got, cols, owner = charged_schedules(schedules, py, max_offers,
                                         through.x_customer[pairs], charge)
    value[pairs] = px[pairs] + got
    return Charged(value, pairs, cols, owner)

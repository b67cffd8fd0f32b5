"""Seeded campaign calendars of any size, by the recipe of the public customer-assignment
instances (Bigler, Kammermann and Baumann 2023; allocator.campaigns.bigler imports them), its
distributions fitted to GS1:

- activities: days uniform over a horizon of 117 days (four months of 28-31 days); channels
  direct mail 44%, call center 20%, email 20%, text message 16%, at GS1's cost per contact
  (1.4, 9.1, 0, 0.035); each promotes one of ten products, and 30% of them one of two
  cross-selling products (11, 12) as well;
- eligibility: `patterns` patterns ("few": 50 on books up to 20,000 customers, else 300), each
  Binomial(activities, eligibility) activities (at least one) drawn uniformly; customers
  spread uniformly over the patterns (GS1: 50 patterns of 1-8 activities, 200 +- 14
  customers each);
- each eligible pair: response probability lognormal (log mean -3.46, sd 0.43, within
  0.005-0.85), expected profit = response x worth - cost, worth a product's margin (one of
  GS1's levels 328, 459, 546, 633, 721) for 75% of pairs and a uniform share of it otherwise;
- rules: GS1's nine (assignment minimums and maximums in a month on a channel, two budgets,
  a sales minimum and maximum on the cross-selling products, three contacts a customer),
  each bound the share GS1 gives it of the total its rule covers; GS1's eight conflict lags.

Everything is drawn with numpy in a few vectorised steps: a million customers and 150
activities (7.5 million pairs) take seconds. `write_calendar` writes the instance in the
instances' own four tables (the pairs as table2.parquet), which `allocate import bigler`
reads.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from allocator.campaigns.activities import Activities, conflicts, maximal_cliques
from allocator.campaigns.bigler import CHANNELS as ENGINE_CHANNELS
from allocator.scenario.calendar import ConflictRule

CHANNELS = ("direct mail", "call center", "email", "text message")
CHANNEL_SHARES = (0.44, 0.20, 0.20, 0.16)
COSTS = np.array([1.4, 9.1, 0.0, 0.035])
"""Cost per contact of each channel (GS1's)."""
MARGINS = np.array([328.0, 459.0, 546.0, 633.0, 721.0])
PRODUCTS, CROSS_PRODUCTS, CROSS_SHARE = 10, (11, 12), 0.3
RESPONSE_LOG_MEAN, RESPONSE_LOG_SD, RESPONSE_RANGE = -3.46, 0.43, (0.005, 0.85)
WHOLE_WORTH_SHARE = 0.75
MONTHS = ((1, 28), (29, 56), (57, 87), (88, 117))
"""GS1's windows: the horizon's four months."""
HORIZON = MONTHS[-1][1]
SMALL_BOOK, FEW_SMALL, FEW_LARGE = 20_000, 50, 300
"""Patterns of the "few" instances: 50 up to 20,000 customers, 300 above."""
RULES = (
    ("Minimum assignment", MONTHS[1], "direct mail", "ALL", 0.3097),
    ("Minimum assignment", MONTHS[0], "email", "ALL", 0.5536),
    ("Maximum assignment", MONTHS[2], "call center", "ALL", 0.0473),
    ("Maximum assignment", MONTHS[3], "text message", "ALL", 0.7889),
    ("Budget", (1, HORIZON), "call center", "ALL", 0.1441),
    ("Budget", (1, HORIZON), "direct mail; email; text message", "ALL", 0.2099),
    ("Minimum sales", (1, HORIZON), "ALL", "11", 0.4872),
    ("Maximum sales", (1, HORIZON), "ALL", "12", 0.1841),
)
"""GS1's business rules: type, window, channels, products and the share of the total the rule
covers (pairs, their cost or their response probabilities) that is its bound."""
MOST_CONTACTS = 3.0
CONFLICTS = (("call center", "call center", 90), ("direct mail", "direct mail", 80),
             ("text message", "text message", 90), ("email", "email", 90),
             ("call center", "direct mail", 70), ("direct mail", "call center", 80),
             ("email", "text message", 70), ("text message", "email", 70))
"""GS1's conflict rules: first channel, second channel, lag in days (all products)."""


@dataclass(frozen=True)
class CalendarBook:
    """A calendar instance in the public instances' four tables."""

    activities: pd.DataFrame
    """Activity, Day, Channel, TargetProducts, Cost."""
    pairs: pd.DataFrame
    """Customer, Activity, ExpectedProfit, ResponseProbability: the eligible pairs."""
    rules: pd.DataFrame
    """Index, Type, StartDay, EndDay, Channels, TargetProducts, Bound."""
    conflicts: pd.DataFrame
    """Index, Channel1, TargetProduct1, Channel2, TargetProduct2, Lag."""
    pattern_activities: tuple[np.ndarray, ...]
    """Per eligibility pattern, its activities (indices from 0, ascending)."""
    pattern_customers: np.ndarray
    """Per eligibility pattern, how many customers have it."""


def generate_calendar(customers: int, activities: int, seed: int,
                      eligibility: float = 0.05, patterns: int | None = None) -> CalendarBook:
    """A seeded instance of `customers` x `activities` by the recipe above (the same
    arguments give the same tables)."""
    rng = np.random.default_rng(seed)
    count = patterns or (FEW_SMALL if customers <= SMALL_BOOK else FEW_LARGE)
    day = rng.integers(1, HORIZON + 1, activities)
    channel = rng.choice(len(CHANNELS), activities, p=CHANNEL_SHARES)
    product = rng.integers(1, PRODUCTS + 1, activities)
    cross = np.where(rng.random(activities) < CROSS_SHARE,
                     rng.choice(np.array(CROSS_PRODUCTS), activities), 0)
    members, starts, sizes = _patterns(rng, count, activities, eligibility)
    pattern = rng.integers(0, count, customers)
    per = sizes[pattern]
    ramp = np.arange(per.sum()) - np.repeat(np.cumsum(per) - per, per)
    activity = members[np.repeat(starts[pattern], per) + ramp]
    response = np.clip(np.exp(rng.normal(RESPONSE_LOG_MEAN, RESPONSE_LOG_SD, len(activity))),
                       *RESPONSE_RANGE)
    margin = rng.choice(MARGINS, PRODUCTS + 1)[product[activity]]
    worth = margin * np.where(rng.random(len(activity)) < WHOLE_WORTH_SHARE, 1.0,
                              rng.random(len(activity)))
    cost = COSTS[channel]
    pairs = pd.DataFrame({"Customer": np.repeat(np.arange(1, customers + 1), per),
                          "Activity": activity + 1,
                          "ExpectedProfit": response * worth - cost[activity],
                          "ResponseProbability": response}, copy=False)  # no 0.1 GB copies
    targets = np.where(cross > 0, np.char.add(np.char.add(product.astype(str), ";"),
                                              cross.astype(str)), product.astype(str))
    table1 = pd.DataFrame({"Activity": np.arange(1, activities + 1), "Day": day,
                           "Channel": np.array(CHANNELS)[channel], "TargetProducts": targets,
                           "Cost": cost})
    return CalendarBook(table1, pairs, _rules(table1, pairs), _conflicts(),
                        tuple(np.split(members, starts[1:])),
                        np.bincount(pattern, minlength=count))


def _patterns(rng: np.random.Generator, count: int, activities: int, eligibility: float
              ) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Each pattern's activities (ascending), flattened, with each pattern's start and size."""
    sizes = np.maximum(1, rng.binomial(activities, eligibility, count))
    order = np.argsort(rng.random((count, activities)), axis=1)
    chosen = np.sort(np.where(np.arange(activities)[None, :] < sizes[:, None], order,
                              activities), axis=1)
    members = chosen[chosen < activities]
    return members, np.cumsum(sizes) - sizes, sizes


def _covered(activities: pd.DataFrame, window: tuple[int, int], channels: str, product: str
             ) -> np.ndarray:
    """Per activity, whether a rule of this window, channels and product covers it."""
    day = activities["Day"].to_numpy()
    mine = (day >= window[0]) & (day <= window[1])
    if channels != "ALL":
        mine &= activities["Channel"].isin([c.strip() for c in channels.split(";")]).to_numpy()
    if product != "ALL":
        mine &= np.array([product in p.split(";") for p in activities["TargetProducts"]])
    return mine


def _contacts(activities: pd.DataFrame, pairs: pd.DataFrame) -> np.ndarray:
    """Per activity, its eligible customers."""
    return np.bincount(pairs["Activity"] - 1, minlength=len(activities))


def _rules(activities: pd.DataFrame, pairs: pd.DataFrame) -> pd.DataFrame:
    """GS1's rules, each bound its share of what the rule covers in this instance (a rule
    that covers no eligible pair is left out)."""
    contacts = _contacts(activities, pairs)
    response = np.bincount(pairs["Activity"] - 1, weights=pairs["ResponseProbability"],
                           minlength=len(activities))
    cost = activities["Cost"].to_numpy()
    rows: list[tuple[int, str, int, int, str, str, float]] = []
    for kind, (first, last), channels, product, share in RULES:
        mine = _covered(activities, (first, last), channels, product)
        if contacts[mine].sum() == 0:
            continue
        total = {"Budget": (contacts * cost)[mine].sum(),
                 "Minimum sales": response[mine].sum(),
                 "Maximum sales": response[mine].sum()}.get(kind, contacts[mine].sum())
        rows.append((len(rows) + 1, kind, first, last, channels, product, float(share * total)))
    rows.append((len(rows) + 1, "Maximum contact", 1, HORIZON, "ALL", "ALL", MOST_CONTACTS))
    return pd.DataFrame(rows, columns=["Index", "Type", "StartDay", "EndDay", "Channels",
                                       "TargetProducts", "Bound"])


def _conflicts() -> pd.DataFrame:
    return pd.DataFrame([(k, first, "ALL", second, "ALL", lag)
                         for k, (first, second, lag) in enumerate(CONFLICTS, start=1)],
                        columns=["Index", "Channel1", "TargetProduct1", "Channel2",
                                 "TargetProduct2", "Lag"])


def exact_size(book: CalendarBook) -> tuple[int, int, int]:
    """Rows, columns and nonzeros of the instance's exact model as allocator.campaigns.rows
    builds it before pairs of no value are left out (an upper bound on the model solved),
    counted per pattern without building it: per customer, a contact row when its
    pattern has more than three activities and a row per maximal clique of conflicting
    activities; a row per business rule that covers a pair; a column per eligible pair."""
    acts = _engine_activities(book.activities)
    rules = {str(k): ConflictRule.model_validate({
        "first": {"channels": [ENGINE_CHANNELS[first]]},
        "second": {"channels": [ENGINE_CHANNELS[second]]}, "lag": lag})
        for k, (first, second, lag) in enumerate(CONFLICTS)}
    clash = conflicts(rules, acts)
    rows = nonzeros = 0
    for members, customers in zip(book.pattern_activities, book.pattern_customers,
                                  strict=True):
        cliques = maximal_cliques(clash, members)
        contact = len(members) > MOST_CONTACTS
        rows += int(customers) * (len(cliques) + contact)
        nonzeros += int(customers) * (sum(map(len, cliques)) + contact * len(members))
    contacts = _contacts(book.activities, book.pairs)
    for _, window, channels, product, _ in RULES:
        covered = int(contacts[_covered(book.activities, window, channels, product)].sum())
        rows += covered > 0
        nonzeros += covered
    return rows, len(book.pairs), nonzeros


def _engine_activities(table: pd.DataFrame) -> Activities:
    channel = np.array([ENGINE_CHANNELS[c] for c in table["Channel"]], dtype=object)
    return Activities(tuple(str(a) for a in table["Activity"]), table["Day"].to_numpy(),
                      channel, tuple(frozenset(p.split(";")) for p in table["TargetProducts"]),
                      table["Cost"].to_numpy(dtype=float), HORIZON, np.zeros(len(table)))


def write_calendar(book: CalendarBook, folder: Path) -> Path:
    """The instance's tables in `folder` (table2 as Parquet); returns the folder."""
    folder.mkdir(parents=True, exist_ok=True)
    book.activities.to_csv(folder / "table1.csv", index=False)
    book.pairs.to_parquet(folder / "table2.parquet", index=False)
    book.rules.to_csv(folder / "table3.csv", index=False)
    book.conflicts.to_csv(folder / "table4.csv", index=False)
    return folder

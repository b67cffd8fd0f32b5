"""A realistic synthetic customer book: customers, RMs and offers, the same for the same seed.

Assets follow a heavy-tailed band structure giving a tier pyramid of about 1% / 5% / 20% / 74%
under the default thresholds (private >= 5M, wealth >= 500k, premier >= 50k). Revenue, products,
transactions and incumbent RMs grow with the band. RM headcount per region follows the hours the
region's customers need: private and wealth are staffed with some slack, premier tightly, so the
plan has real trade-offs to make.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

from allocator import columns as c

BANDS = ("private", "wealth", "premier", "mass")
BAND_SHARES = np.array([0.01, 0.05, 0.20, 0.74])
BAND_FLOORS = np.array([5e6, 5e5, 5e4, 0.0])
GRADE_OF_BAND = {"private": "private_banker", "wealth": "wealth_rm", "premier": "premier_rm"}
HOURS_OF_BAND = {"private": 24.0, "wealth": 10.0, "premier": 4.0}
STAFFING = {"private": 1.15, "wealth": 1.1, "premier": 0.75}
HEADROOM = {"private": 2, "wealth": 2, "premier": 0}
"""Extra customers' worth of hours, for customers that hysteresis keeps in a tier."""
MAX_BOOK = {"private_banker": 70, "wealth_rm": 170, "premier_rm": 420}
PROPENSITY_OFFERS = ("investment_fund", "personal_loan", "credit_card")
CUSTOMERS_PER_REGION = 3600


@dataclass(frozen=True)
class SyntheticBook:
    customers: pd.DataFrame
    rms: pd.DataFrame
    offers: pd.DataFrame


def generate_book(n_customers: int, seed: int = 0, customers_per_rm: float | None = None,
                  tiers: tuple[str, ...] = ()) -> SyntheticBook:
    """Generate a book of `n_customers` customers deterministically from `seed`. RMs are
    full-time (up to 1,700 hours) and as many as each region's customers need; with
    `customers_per_rm`, each region has one RM per that many of its customers instead (at
    least one per grade), sharing the same hours. With `tiers` (highest first), the previous
    tiers and the offers' eligible tiers are named after them by position (the lowest bands
    share the last tier), so that a scenario with any tier ids reads the book."""
    rng = np.random.default_rng(seed)
    n_regions = max(4, round(n_customers / CUSTOMERS_PER_REGION))
    customers = _customers(rng, n_customers, n_regions)
    rms = _rms(rng, customers, customers_per_rm)
    customers[c.INCUMBENT_RM] = _incumbents(rng, customers, rms)
    names = {band: tiers[min(i, len(tiers) - 1)] for i, band in enumerate(BANDS)} if tiers \
        else {band: band for band in BANDS}
    customers[c.PREVIOUS_TIER] = customers[c.PREVIOUS_TIER].map(names)
    offers = _offers(n_customers)
    offers["eligible_tiers"] = [_renamed(text, names) for text in offers["eligible_tiers"]]
    return SyntheticBook(customers, rms, offers)


def _renamed(eligible: str, names: dict[str, str]) -> str:
    """An offer's eligible bands (private|wealth) named as the scenario's tiers, each once."""
    if not eligible:
        return eligible
    return "|".join(dict.fromkeys(names[band] for band in eligible.split("|")))


def write_book(book: SyntheticBook, folder: Path) -> list[Path]:
    """Write customers.parquet, rms.csv and offers.csv into `folder`; return the paths."""
    folder.mkdir(parents=True, exist_ok=True)
    paths = [folder / "customers.parquet", folder / "rms.csv", folder / "offers.csv"]
    table = pa.Table.from_pandas(book.customers, preserve_index=False)
    pq.write_table(table, paths[0], compression="zstd", row_group_size=1 << 20)
    book.rms.to_csv(paths[1], index=False)
    book.offers.to_csv(paths[2], index=False)
    return paths


def _customers(rng: np.random.Generator, n: int, n_regions: int) -> pd.DataFrame:
    band = rng.choice(len(BANDS), size=n, p=BAND_SHARES)
    aum = _assets(rng, band)
    region_weights = 1.0 / np.arange(1, n_regions + 1) ** 0.4
    region = rng.choice(n_regions, size=n, p=region_weights / region_weights.sum())
    branch = rng.integers(1, 5, size=n)
    has_loan = rng.random(n) < np.array([0.45, 0.4, 0.35, 0.22])[band]
    loans = np.where(has_loan, np.maximum(aum, 20_000) * rng.uniform(0.1, 1.2, n), 0.0)
    revenue = aum * rng.uniform(0.004, 0.012, n) + loans * 0.018 + rng.gamma(2.0, 40.0, n) - 30
    previous_aum = aum * rng.lognormal(0.0, 0.18, n)
    ids = pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(len(str(n)) + 1)
    frame = pd.DataFrame({
        c.CUSTOMER_ID: "C" + ids,
        c.REGION: _labels("R", region, n_regions),
        c.BRANCH: _labels("R", region, n_regions) + "-B" + pd.Series(branch).astype(str),
        c.AUM: np.round(aum, 2),
        c.DEPOSITS: np.round(aum * rng.uniform(0.15, 0.85, n), 2),
        c.LOANS: np.round(loans, 2),
        c.REVENUE: np.round(revenue, 2),
        c.PRODUCTS: 1 + rng.poisson(np.array([5.0, 3.5, 2.2, 0.9])[band]),
        c.TENURE: np.round(rng.uniform(0.0, 35.0, n), 1),
        c.RECENCY: np.minimum(rng.exponential(np.array([12, 15, 25, 45])[band]), 365).astype(int),
        c.FREQUENCY: rng.poisson(np.array([90, 70, 45, 20])[band]),
        c.AGE: np.minimum(18 + rng.gamma(np.array([12, 10, 8, 6])[band], 4.0), 95).astype(int),
        c.RISK_TOLERANCE: rng.choice(5, size=n, p=[0.15, 0.3, 0.3, 0.17, 0.08]) + 1,
        c.PD: np.round(np.clip(rng.beta(1.2, 60.0, n), 0.0005, 0.5), 5),
        c.PREVIOUS_TIER: np.array(BANDS)[_band_of(previous_aum)],
        c.DO_NOT_CONTACT: rng.random(n) < 0.06,
        c.CLOSED: rng.random(n) < 0.005,
    })
    for offer in PROPENSITY_OFFERS:
        base = np.array({"investment_fund": [0.12, 0.09, 0.05, 0.01],
                         "personal_loan": [0.01, 0.02, 0.04, 0.05],
                         "credit_card": [0.02, 0.03, 0.05, 0.06]}[offer])[band]
        frame[f"propensity_{offer}"] = np.round(np.clip(base * rng.lognormal(0, 0.5, n), 0, 1), 5)
    return frame


def _assets(rng: np.random.Generator, band: np.ndarray) -> np.ndarray:
    """Heavy-tailed assets: Pareto above 5M, log-uniform in the middle bands, skewed below 50k."""
    u = rng.random(band.size)
    private = np.minimum(5e6 * (1.0 - u) ** (-1.0 / 1.6), 4e8)
    wealth = 5e5 * 10.0 ** u
    premier = 5e4 * 10.0 ** u
    mass = 5e4 * rng.beta(0.7, 3.0, band.size)
    return np.select([band == 0, band == 1, band == 2], [private, wealth, premier], mass)


def _band_of(aum: np.ndarray) -> np.ndarray:
    return np.searchsorted(-BAND_FLOORS, -aum, side="left")


def _labels(prefix: str, index: np.ndarray, count: int) -> pd.Series:
    width = len(str(count))
    return prefix + pd.Series(index + 1).astype(str).str.zfill(width)


def _rms(rng: np.random.Generator, customers: pd.DataFrame, customers_per_rm: float | None
         ) -> pd.DataFrame:
    """Per region and grade: RMs sharing the hours the staffing ratio needs, at most 1,700
    each (or one per `customers_per_rm` customers of the region, split by hours)."""
    band = _band_of(customers[c.AUM].to_numpy())
    previous = pd.Series(customers[c.PREVIOUS_TIER]).map({b: i for i, b in enumerate(BANDS)})
    # hysteresis may keep a customer in its previous tier: staff for either
    top = pd.Series(np.minimum(band, previous.to_numpy()), index=customers.index)
    rows: list[tuple[str, str, float]] = []
    for region, members in top.groupby(customers[c.REGION]):
        hours = np.array([((members == index).sum() * STAFFING[name] + HEADROOM[name])
                          * HOURS_OF_BAND[name] for index, name in enumerate(BANDS[:3])])
        counts = (np.maximum(1, np.ceil(hours / 1600.0)).astype(int) if customers_per_rm is None
                  else _shares(hours, max(3, round(len(members) / customers_per_rm))))
        for name, need, count in zip(BANDS[:3], hours, counts, strict=True):
            each = max(need / count, HOURS_OF_BAND[name])
            rows.extend((str(region), GRADE_OF_BAND[name], each) for _ in range(count))
    frame = pd.DataFrame(rows, columns=[c.REGION, c.GRADE, c.CAPACITY_HOURS])
    n = len(frame)
    frame.insert(0, c.RM_ID, "RM" + pd.Series(np.arange(1, n + 1)).astype(str).str.zfill(5))
    jitter = rng.uniform(0.95, 1.05, n)
    frame[c.CAPACITY_HOURS] = np.minimum(np.round(frame[c.CAPACITY_HOURS] * jitter), 1700.0)
    frame[c.MAX_BOOK] = frame[c.GRADE].map(MAX_BOOK)
    frame[c.BRANCH] = frame[c.REGION] + "-B" + pd.Series(rng.integers(1, 5, n)).astype(str)
    return frame


def _shares(weights: np.ndarray, total: int) -> np.ndarray:
    """`total` split in proportion to `weights`, at least one each (largest remainders)."""
    spare = total - len(weights)
    exact = spare * weights / weights.sum()
    counts = np.floor(exact).astype(int)
    counts[np.argsort(counts - exact, kind="stable")[:spare - counts.sum()]] += 1
    return counts + 1


def _incumbents(rng: np.random.Generator, customers: pd.DataFrame, rms: pd.DataFrame) -> pd.Series:
    """85% of previously covered customers have an RM of the right grade in their region."""
    incumbent = pd.Series(None, index=customers.index, dtype="object")
    pools = {key: group[c.RM_ID].to_numpy() for key, group in rms.groupby([c.REGION, c.GRADE])}
    groups = customers.groupby([c.REGION, c.PREVIOUS_TIER]).groups
    for key, members in groups.items():
        region, tier = key
        pool = pools.get((region, GRADE_OF_BAND.get(str(tier), "")))
        if pool is None:
            continue
        chosen = members[rng.random(len(members)) < 0.85]
        incumbent.loc[chosen] = pool[rng.integers(0, len(pool), len(chosen))]
    return incumbent


def _offers(n: int) -> pd.DataFrame:
    """Eight offers across channels; quotas and sales targets scale with the book."""
    rows = [
        ("wealth_mandate", "discretionary mandate", "rm", 300, 6000, 0.08, "", 3, 0, 0, 0,
         0.004, 0.0005, "private|wealth"),
        ("investment_fund", "mutual fund", "rm", 80, 900, 0.05, "propensity_investment_fund", 3,
         0, 0, 0, 0.02, 0.002, "private|wealth|premier"),
        ("structured_note", "structured note", "rm", 120, 2500, 0.04, "", 5, 0, 0, 0, 0.003, 0,
         "private|wealth"),
        ("mortgage", "mortgage", "branch", 150, 4000, 0.02, "", 1, 0.25, 250000, 0.35, 0.01, 0,
         "wealth|premier|mass"),
        ("personal_loan", "personal loan", "call_centre", 25, 600, 0.03,
         "propensity_personal_loan", 1, 0.6, 15000, 0.75, 0.03, 0, "premier|mass"),
        ("credit_card", "credit card", "email", 3, 150, 0.03, "propensity_credit_card", 1, 0.8,
         3000, 1.0, 0.08, 0, ""),
        ("term_deposit", "term deposit", "sms", 1, 120, 0.03, "", 1, 0, 0, 0, 0.1, 0, ""),
        ("insurance", "life insurance", "app", 2, 250, 0.015, "", 2, 0, 0, 0, 0.05, 0, ""),
    ]
    frame = pd.DataFrame(rows, columns=[
        c.OFFER_ID, "product", "channel", "cost", "margin", "propensity", "propensity_column",
        "risk_level", "lgd", "ead", "capital_weight", "quota", "minimum", "eligible_tiers"])
    frame["quota"] = np.maximum(1, np.round(frame["quota"] * n)).astype(int)
    frame["minimum"] = np.round(frame["minimum"] * n).astype(int)
    return frame

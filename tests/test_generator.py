"""The synthetic book: deterministic, a realistic pyramid, consistent references."""

from __future__ import annotations

import hashlib
from pathlib import Path

import numpy as np

from allocator.book import generate_book, write_book
from allocator.book.generator import BAND_FLOORS


def digest(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_same_seed_gives_byte_identical_files(tmp_path: Path) -> None:
    write_book(generate_book(5000, seed=3), tmp_path / "a")
    write_book(generate_book(5000, seed=3), tmp_path / "b")
    write_book(generate_book(5000, seed=4), tmp_path / "c")
    assert digest(tmp_path / "a") == digest(tmp_path / "b")
    assert digest(tmp_path / "a")["customers.parquet"] != digest(tmp_path / "c")["customers.parquet"]
    assert set(digest(tmp_path / "a")) == {"customers.parquet", "rms.csv", "offers.csv"}


def test_pyramid_and_columns() -> None:
    book = generate_book(100_000, seed=1)
    customers = book.customers
    aum = customers["aum"].to_numpy()
    shares = [np.mean(aum >= BAND_FLOORS[0]), np.mean((aum >= BAND_FLOORS[1]) & (aum < BAND_FLOORS[0])),
              np.mean((aum >= BAND_FLOORS[2]) & (aum < BAND_FLOORS[1])), np.mean(aum < BAND_FLOORS[2])]
    assert np.allclose(shares, [0.01, 0.05, 0.20, 0.74], atol=0.005)
    assert aum.min() >= 0 and aum.max() > 5e7  # heavy tail
    assert customers["customer_id"].is_unique
    assert customers["risk_tolerance"].between(1, 5).all()
    assert customers["pd"].between(0, 1).all()
    assert 0.03 < customers["do_not_contact"].mean() < 0.09
    for column in ("region", "branch", "recency_days", "frequency_12m", "previous_tier",
                   "revenue_12m", "closed", "propensity_investment_fund"):
        assert column in customers
    incumbents = customers["incumbent_rm"].dropna()
    assert incumbents.isin(book.rms["rm_id"]).all()
    assert len(incumbents) > 0.15 * len(customers)
    rm_region = book.rms.set_index("rm_id")["region"]
    assert (rm_region[incumbents].to_numpy() == customers.loc[incumbents.index, "region"]).all()
    assert len(book.offers) == 8
    assert set(book.rms["grade"]) == {"private_banker", "wealth_rm", "premier_rm"}


def test_rms_per_customers_share_the_same_hours() -> None:
    """One RM per 300 customers of each region (about N/300), the hours each grade needs split
    among them: the same staffing as full-time RMs, in more and smaller books."""
    full_time = generate_book(20_000, seed=2)
    book = generate_book(20_000, seed=2, customers_per_rm=300)
    assert book.customers.drop(columns="incumbent_rm").equals(
        full_time.customers.drop(columns="incumbent_rm"))
    assert len(full_time.rms) < 30 and abs(len(book.rms) - 20_000 / 300) <= 4
    per_region = book.rms.groupby("region").size()
    customers = book.customers.groupby("region").size()
    assert (per_region == np.maximum(3, (customers / 300).round()).astype(int)).all()
    hours = [b.rms.groupby(["region", "grade"])["capacity_hours"].sum() for b in (full_time, book)]
    assert np.allclose(hours[1], hours[0], rtol=0.11)  # either side jitters by up to 5%
    assert (book.rms.groupby(["region", "grade"]).size() >= 1).all()
    assert book.rms["capacity_hours"].max() < 1000

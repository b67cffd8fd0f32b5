"""The public data sets through their adapters: row counts, outcome rates and value ranges as
each set's SOURCE.md states them; staffing and today's books; the real-data scenarios load."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from allocator.adapters import ADAPTERS, read_dataset
from allocator.errors import InputOutputError
from allocator.scenario import load_scenario
from allocator.scenario.data_schema import DatasetSource, StaffSpec
from tests.conftest import SHARED
from tests.test_cli import ROOT

FOLDERS = {"bank_marketing": "uci-bank-marketing", "bank_churn": "bank-churn-modelling",
           "credit_default": "uci-default-credit-card-taiwan", "berka": "berka-pkdd99",
           "cdnow": "cdnow-rfm"}

pytestmark = pytest.mark.skipif(not SHARED.exists(), reason="no shared data beside the project")


@pytest.fixture(scope="module")
def books() -> dict[str, pd.DataFrame]:
    return {name: ADAPTERS[name](SHARED / folder).customers for name, folder in FOLDERS.items()}


def test_row_counts_and_outcome_rates_match_the_sources(books: dict[str, pd.DataFrame]) -> None:
    # SOURCE.md: bank-full 45,211 rows, 5,289 y=yes; churn 10,000 rows, 2,037 exited;
    # Taiwan 30,000 rows, 6,636 defaults; Berka 4,500 accounts, 682 loans; CDNOW 23,570 customers.
    assert len(books["bank_marketing"]) == 45_211
    assert books["bank_marketing"]["subscribed"].sum() == 5_289
    assert len(books["bank_churn"]) == 10_000 and books["bank_churn"]["exited"].sum() == 2_037
    assert len(books["credit_default"]) == 30_000
    assert books["credit_default"]["defaulted"].sum() == 6_636
    assert len(books["berka"]) == 4_500 and books["berka"]["loan_bad"].notna().sum() == 682
    assert len(books["cdnow"]) == 23_570
    for name, book in books.items():
        assert book["customer_id"].is_unique, name


def test_values_lie_in_their_ranges(books: dict[str, pd.DataFrame]) -> None:
    for name, book in books.items():
        assert (book["aum"] >= 0).all() and (book["revenue_12m"] >= 0).all(), name
        assert book["risk_tolerance"].between(1, 5).all(), name
        known = book["pd"].dropna()
        assert known.between(0, 1).all(), name
    churn = books["bank_churn"]
    assert set(churn["region"]) == {"France", "Germany", "Spain"}
    assert churn["aum"].max() == pytest.approx(250_898.09)  # the largest Balance
    assert (churn["aum"] == 0).sum() == 3_617  # SOURCE.md: 3,617 with Balance = 0
    berka = books["berka"]
    assert berka["region"].nunique() == 77 and berka["area"].nunique() == 8
    assert berka["age"].between(10, 90).all()
    assert set(berka["gender"]) == {"F", "M"}
    cdnow = books["cdnow"]
    assert cdnow["recency_days"].between(0, 546).all()
    assert cdnow["tenure_years"].between(1.2, 1.5).all()  # first purchases in Q1 1997
    assert (cdnow["frequency_12m"] >= 0).all() and cdnow["frequency_12m"].max() > 50
    marketing = books["bank_marketing"]
    assert "duration" not in marketing.columns  # known only after the call
    assert marketing["pd"].isin([0.02, 0.20]).all()


def test_staffing_gives_today_books_to_the_largest_customers_first() -> None:
    source = DatasetSource(adapter="bank_churn", path=SHARED / FOLDERS["bank_churn"], staffing={
        "private_banker": StaffSpec(per_region=2, capacity_hours=1500, legacy_book=10),
        "wealth_rm": StaffSpec(per_region=1, capacity_hours=1500, legacy_book=5)})
    customers, rms, files = read_dataset(source)
    assert len(rms) == 3 * 3 and set(rms["region"]) == {"France", "Germany", "Spain"}
    assert files["customers"].name == "Churn_Modelling.csv"
    france = customers[customers["region"] == "France"].sort_values("aum", ascending=False)
    top = france.head(25)
    assert top["incumbent_rm"].head(20).str.contains("private_banker").all()
    assert top["incumbent_rm"].iloc[20:25].str.contains("wealth_rm").all()
    assert france["incumbent_rm"].iloc[25:].isna().all()
    assert customers["incumbent_rm"].notna().sum() == 3 * 25


def test_a_sample_is_seeded_and_a_missing_folder_is_a_clear_error(tmp_path: Path) -> None:
    staffing = {"premier_rm": StaffSpec(per_region=1, capacity_hours=100)}
    source = DatasetSource(adapter="cdnow", path=SHARED / FOLDERS["cdnow"], staffing=staffing,
                           sample=500, seed=3)
    first, _, _ = read_dataset(source)
    second, _, _ = read_dataset(source)
    assert len(first) == 500 and first["customer_id"].tolist() == second["customer_id"].tolist()
    missing = source.model_copy(update={"path": tmp_path / "nowhere"})
    with pytest.raises(InputOutputError, match="not a folder.*shared/data"):
        read_dataset(missing)  # exit code 4, as a file the data set lacks
    with pytest.raises(InputOutputError, match="CDNOW_master.txt: missing"):
        read_dataset(source.model_copy(update={"path": tmp_path}))


@pytest.mark.parametrize("name", sorted(FOLDERS))
def test_real_scenarios_load(name: str) -> None:
    loaded = load_scenario(ROOT / "scenarios" / "real" / f"{name}.yaml")
    dataset = loaded.scenario.data.dataset
    assert dataset is not None and dataset.adapter == name
    assert dataset.path.resolve() == (SHARED / FOLDERS[name]).resolve()


def test_berka_birth_numbers_decode_women_by_month_plus_fifty(
        books: dict[str, pd.DataFrame]) -> None:
    clients = pd.read_csv(SHARED / FOLDERS["berka"] / "client.csv", sep=";")
    women = int((clients["birth_number"].astype(int) // 100 % 100 > 50).sum())
    owners = pd.read_csv(SHARED / FOLDERS["berka"] / "disp.csv", sep=";").query("type == 'OWNER'")
    assert 0 < (books["berka"]["gender"] == "F").sum() <= women
    assert len(owners) == len(books["berka"])
    assert np.isfinite(books["berka"]["tenure_years"]).all()

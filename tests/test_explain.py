"""`allocate explain`: tier, RM and offers of one customer, from a run folder."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.errors import UserError
from allocator.explain import explain
from tests.test_cli import ROOT, allocate


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return api.run(ROOT / "scenarios" / "demo.yaml",
                   output=tmp_path_factory.mktemp("reports")).folder


def test_explains_tier_rm_and_offers(run: Path) -> None:
    plan = pd.read_csv(run / "customer_plan.csv")
    covered = plan[(plan["tier"] == "wealth") & plan["rm_id"].notna()].iloc[0]
    found = explain(run, covered["customer_id"])
    assert found.tier[0].startswith("tier wealth: ")
    chosen = found.rm[found.rm["chosen"]]
    assert chosen["rm_id"].tolist() == [covered["rm_id"]]
    assert set(found.rm["grade"]) <= {"wealth_rm", "private_banker"}
    made = set(found.offers.loc[found.offers["made"], "offer_id"])
    expected = set(pd.read_csv(run / "offer_plan.csv").query(
        f"customer_id == '{covered['customer_id']}'")["offer_id"])
    assert made == expected
    assert (found.offers.loc[found.offers["made"], "why"].str.startswith("made")).all()


def test_do_not_contact_and_ineligible_offers_say_why(run: Path) -> None:
    customers = pd.read_parquet(run / "inputs" / "customers.parquet")
    silent = customers[customers["do_not_contact"] & (customers["tier"] == "mass")].iloc[0]
    found = explain(run, silent["customer_id"])
    why = found.offers.set_index("offer_id")["why"]
    assert why["wealth_mandate"] == "not open to tier mass"
    assert why["credit_card"] == "customer is do-not-contact"
    assert found.rm.empty


def test_unknown_customer_and_cli(run: Path) -> None:
    with pytest.raises(UserError, match="no customer 'NOPE'"):
        explain(run, "NOPE")
    result = allocate("explain", str(run), "C00002")
    assert result.returncode == 0 and "Offers" in result.stdout
    assert "offered" in result.stdout  # a yes/no column, not the count of offers made

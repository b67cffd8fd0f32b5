"""`allocate compare` on two small runs whose deltas are worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.compare import classified, compare_runs, load_run_tables
from allocator.errors import UserError
from tests.builders import assigned, offer, offered, world
from tests.test_cli import allocate
from tests.test_closeness import twins


@pytest.fixture
def two_runs(tmp_path: Path) -> tuple[Path, Path]:
    # One customer, two offers: big is worth 100 - 60 = 40, small 50 - 30 = 20.
    # A budget of 60 buys big alone (binding); 100 buys both (90 spent, not binding).
    path = world(tmp_path, [{"customer_id": "A"}],
                 offers={"big": offer(100, cost=60), "small": offer(50, cost=30)},
                 tiers={"top": {"coverage": "none"}, "base": {"coverage": "none",
                                                              "max_offers": 2}},
                 budget={"total": 60})
    first = api.run(path, output=tmp_path / "reports")
    second = api.run(path, sets=["budget.total=100"], output=tmp_path / "reports")
    return first.folder, second.folder


def test_deltas_by_hand(two_runs: tuple[Path, Path]) -> None:
    a, b = (load_run_tables(folder) for folder in two_runs)
    result = compare_runs(a, b)
    headline = result.headline.set_index("kpi")
    assert headline.loc["objective", "delta"] == pytest.approx(20.0)
    offers = result.deltas["offers"].set_index("offer_id")
    assert offers.loc["big", "made_delta"] == 0 and offers.loc["small", "made_delta"] == 1
    assert offers.loc["small", "cost_delta"] == pytest.approx(30.0)
    assert offers.loc["small", "value_delta"] == pytest.approx(20.0)
    tiers = result.deltas["tiers"].set_index("tier")
    assert tiers.loc["base", "budget_delta"] == pytest.approx(30.0)
    assert tiers.loc["base", "value_delta"] == pytest.approx(20.0)
    assert tiers.loc["top", "value_delta"] == 0
    counts = result.changes.set_index("change")["customers"].to_dict()
    assert counts == {"tier": 0, "rm": 0, "offers": 1, "any": 1}
    changed = result.customers.iloc[0]
    assert (changed["customer_id"], changed["offers_a"], changed["offers_b"]) == (
        "A", "big", "big|small")
    binding = result.binding.set_index(["constraint", "label"])["change"].to_dict()
    assert binding == {("budget", "total"): "stopped binding"}


def test_cli_compare_writes_files(two_runs: tuple[Path, Path], tmp_path: Path) -> None:
    result = allocate("compare", str(two_runs[0]), str(two_runs[1]), "--out", str(tmp_path / "c"))
    assert result.returncode == 0, result.stderr
    assert "stopped binding" in result.stdout
    folder = next((tmp_path / "c" / "compare").iterdir())
    counts = pd.read_csv(folder / "change_counts.csv").set_index("change")["customers"]
    assert counts["offers"] == 1
    assert {"headline.csv", "tiers_deltas.csv", "offers_deltas.csv", "rms_deltas.csv",
            "changed_customers.csv", "binding_changes.csv"} <= {p.name for p in folder.iterdir()}


def test_compare_needs_run_folders(tmp_path: Path) -> None:
    with pytest.raises(UserError, match="is this a run folder"):
        load_run_tables(tmp_path)


def test_changes_the_lever_forced_and_the_free_ones(tmp_path: Path) -> None:
    # Two customers, two RMs with room for one each, every pair worth the same; a call worth
    # 20 costs 10. A (budget 10): A with R1, B with R2, one call. B (budget 20) keeps the
    # swapped books of a third run: both RM changes are free (undone together, at no cost),
    # the second call is forced (undoing it loses 10).
    calls = {"call": offer(30, cost=10)}
    a = api.run(twins(tmp_path / "a", "R1", calls), sets=["budget.total=10"],
                output=tmp_path / "reports")
    swapped = api.run(twins(tmp_path / "c", "R2", calls), output=tmp_path / "reports")
    b = api.run(twins(tmp_path / "b", offers=calls), sets=["budget.total=20"],
                output=tmp_path / "reports", base=swapped.folder)
    assert assigned(b.outcome) == {"A": "R2", "B": "R1"}
    result = classified(a.folder, b.folder, compare_runs(load_run_tables(a.folder),
                                                         load_run_tables(b.folder)))
    customers = result.customers.set_index("customer_id")
    assert customers["rm_change"].tolist() == ["free", "free"]
    gained = next(i for i in "AB" if (i, "call") not in offered(a.outcome))
    assert customers.loc[gained, "offers_change"] == "forced"
    counts = result.changes.set_index("change")["customers"]
    assert counts["rm: free"] == 2 and counts["rm: forced"] == 0
    assert counts["offers: forced"] == 1 and counts["offers: free"] == 0

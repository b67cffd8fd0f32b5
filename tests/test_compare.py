"""`allocate compare` on two small runs whose deltas are worked out by hand."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.compare import compare_runs, load_run_tables
from allocator.errors import UserError
from tests.builders import offer, world
from tests.test_cli import allocate


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

"""OR-Library GAP gap1-gap12 (60 problems) through the engine, to their published optima."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

from allocator.backends import Status
from allocator.instances import read_gap, write_gap_book
from allocator.optimize import optimize
from allocator.preparation import prepare
from tests.conftest import SHARED

GAP = SHARED / "gap-orlib"
NAMES = [f"cattrysse1994/gap{k}-{i}" for k in range(1, 13) for i in range(5)]
QUICK = ["output.steps=false", "output.baselines=false"]
"""The optimum alone is read: no marginal-value steps, no rule-of-thumb plans."""
pytestmark = pytest.mark.skipif(not GAP.exists(), reason="../shared/data is not beside the repo")


@pytest.fixture(scope="module")
def published() -> pd.Series:
    table = pd.read_csv(GAP / "gap_reference_values.csv").set_index("instance")
    return table["max_optimum_if_proven"]


@pytest.mark.parametrize("name", NAMES)
def test_gap_reaches_the_published_optimum(name: str, published: pd.Series,
                                           tmp_path: Path) -> None:
    instance = read_gap(GAP / "instances" / name)
    outcome = optimize(prepare(write_gap_book(instance, tmp_path), QUICK))
    assert outcome.result.status == Status.OPTIMAL
    assert outcome.check is not None and outcome.check.ok
    assert outcome.objective == pytest.approx(published[name], abs=1e-6)
    assert outcome.result.bound == pytest.approx(published[name], abs=1e-6)

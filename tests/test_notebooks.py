"""Every notebook in notebooks/ runs top to bottom on a fresh kernel, so none can go stale."""

from __future__ import annotations

from pathlib import Path

import nbformat
import pytest
from nbclient import NotebookClient

from tests.conftest import SHARED

NOTEBOOKS = sorted((Path(__file__).resolve().parents[1] / "notebooks").glob("*.ipynb"))


SAYS = {"real_data_walkthrough": ("optimal: expected value", "AUC"),
        "budget_season": ("optimal: expected value", "value net of RM cost",
                          "per RM net of cost", "budget.total", "<svg")}
"""What each notebook's outputs must say (a notebook not named here: that it planned)."""
NEVER_SAYS = {"budget_season": ("objective", "expected_loss", "coverage_share", "rm_cost",
                                 "2,978.00", "12.00", "0.00%")}
"""What a notebook's outputs must not show: KPIs by their ids, counts with decimals, a small gap
rounded to nothing."""
NEEDS_SHARED = {"real_data_walkthrough"}
"""Notebooks that read ../shared/data."""


@pytest.mark.parametrize("path", [
    pytest.param(p, marks=pytest.mark.long) if p.stem in NEEDS_SHARED else p
    for p in NOTEBOOKS], ids=[p.stem for p in NOTEBOOKS])
def test_notebook_runs(path: Path) -> None:
    if path.stem in NEEDS_SHARED and not SHARED.exists():
        pytest.skip("the notebook reads ../shared/data")
    notebook = nbformat.read(path, as_version=4)
    NotebookClient(notebook, timeout=600, kernel_name="python3",
                   resources={"metadata": {"path": str(path.parent)}}).execute()
    outputs = [o for cell in notebook.cells if cell.cell_type == "code" for o in cell.outputs]
    assert not [o for o in outputs if o.output_type == "error"]
    text = "".join(str(o.get("text", "")) + str(o.get("data", {}).get("text/plain", ""))
                   + str(o.get("data", {}).get("image/svg+xml", "")) for o in outputs)
    for said in SAYS.get(path.stem, ("optimal: expected value",)):
        assert said in text, (path.stem, said)
    shown = "".join(str(o.get("data", {}).get("text/plain", "")) for o in outputs)
    for unsaid in NEVER_SAYS.get(path.stem, ()):
        assert unsaid not in shown, (path.stem, unsaid)


def test_there_is_a_notebook() -> None:
    assert {"real_data_walkthrough", "budget_season"} <= {p.stem for p in NOTEBOOKS}

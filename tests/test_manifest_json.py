"""A manifest is strict JSON: a number that is not finite is written as null."""

from __future__ import annotations

import math
from pathlib import Path

import pytest

from allocator.runs import json_writer
from tests.builders import world
from tests.conftest import strict_json
from tests.faults.cli import answer


def test_numbers_that_are_not_finite_become_null(tmp_path: Path) -> None:
    path = tmp_path / "manifest.json"
    json_writer({"gap": math.nan, "bound": math.inf, "steps": [1.0, -math.inf, (2, math.nan)],
                 "nested": {"x": 0.5}})(path)
    assert strict_json(path) == {"gap": None, "bound": None, "steps": [1.0, None, [2, None]],
                                 "nested": {"x": 0.5}}


def test_the_strict_parser_refuses_nan(tmp_path: Path) -> None:
    path = tmp_path / "written-by-hand.json"
    path.write_text('{"gap": NaN}')
    with pytest.raises(ValueError, match="NaN is not JSON"):
        strict_json(path)


@pytest.mark.parametrize("sets", [[], ["--set=budget.total=0"],
                                  ["--set=tiers.top.coverage=mandatory",
                                   "--set=rules.rm_capacity_scale=0.001"]])
def test_run_manifests_parse_strictly(tmp_path: Path, sets: list[str]) -> None:
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0, "revenue_12m": 10.0},
                            {"customer_id": "B", "revenue_12m": 5.0}],
                 [{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 1000}],
                 tiers={"top": {"rm_grades": {"rm": 1.0}, "hours_per_customer": 10.0},
                        "base": {"rm_grades": {"rm": 1.0}, "hours_per_customer": 10.0}},
                 output={"dir": str(tmp_path / "reports"), "baselines": False})
    answer("run", path, *sets)
    manifests = list((tmp_path / "reports").rglob("manifest.json"))
    assert manifests
    for manifest in manifests:
        assert isinstance(strict_json(manifest), dict)

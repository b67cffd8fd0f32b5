"""Random scenario fragments: any value at any key, repeated keys, aliases, odd bytes."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

import yaml
from hypothesis import example, given
from hypothesis import strategies as st

from tests.builders import offer, world
from tests.faults.cli import answer
from tests.faults.conftest import PROFILE

CUSTOMERS = [{"customer_id": "A", "tier_key": 2.0, "revenue_12m": 100.0},
             {"customer_id": "B", "tier_key": 0.0, "revenue_12m": 50.0}]
KEYS = (
    "budget.total", "risk.loss_cap", "risk.capital_cap", "tiers.top.coverage_uplift",
    "tiers.top.hours_per_customer", "tiers.top.max_offers", "tiers.top.retention",
    "tiers.top.budget_floor_share", "tiers.top.rm_grades", "tiers.top.rm_grades.rm",
    "tiers.base.coverage", "tiering.thresholds.top", "tiering.thresholds", "tiering.metric",
    "tiering.hysteresis", "offers.mail.margin", "offers.mail.cost", "offers.mail.propensity",
    "offers.mail.propensity_column", "offers.mail.quota", "offers.mail.minimum",
    "offers.mail.eligible_tiers", "packages.basic.uplift", "rules.rm_capacity_scale",
    "rules.add_rms", "rules.add_rms.rm", "rules.add_rms.rm.R", "rm_grades.rm.cost_per_year",
    "rm_grades.rm.hours", "rm_grades",
    "rules.continuity.max_reassignments", "objective.horizon_years", "objective.soft",
    "solver.time_limit", "solver.gap", "solver.seed", "solver.threads", "solver.backend",
    "data.customers.encoding", "data.customers.columns", "data.customers.path",
    "data.rms.path", "execution.address", "output.language", "name",
)
NUMBERS = st.one_of(
    st.floats(allow_nan=True, allow_infinity=True), st.integers(-(10**30), 10**30),
    st.sampled_from([0, -1, 1e308, -1e308, 1e15, 1e16, 0.5, 2**63, math.nan, math.inf]))
VALUES = st.one_of(
    NUMBERS, st.none(), st.booleans(), st.text(max_size=12),
    st.sampled_from(["", "auto", "gbk", "mandatory", "tcp://h:1", "nope", "../nowhere.csv",
                     "1e308", ".nan", "top", "base"]),
    st.lists(st.one_of(NUMBERS, st.text(max_size=4)), max_size=3),
    st.dictionaries(st.sampled_from(["top", "base", "rm", "x", "coverage"]), NUMBERS,
                    max_size=3),
)


def scenario(folder: Path) -> Path:
    return world(folder, CUSTOMERS, offers={"mail": offer(10.0, 1.0)},
                 packages={"basic": {"cost_per_customer": 1.0, "uplift": 0.01}},
                 output={"dir": str(folder / "reports"), "baselines": False, "steps": False})


def put(tree: dict[str, Any], dotted: str, value: Any) -> None:
    *parents, last = dotted.split(".")
    node: Any = tree
    for part in parents:
        if not isinstance(node.get(part), dict):
            node[part] = {}
        node = node[part]
    node[last] = value


@given(st.lists(st.tuples(st.sampled_from(KEYS), VALUES), min_size=1, max_size=3))
@example([("budget.total", math.inf)])
@example([("tiers.top.coverage_uplift", math.inf), ("offers.mail.margin", math.nan)])
@example([("tiering.thresholds.top", math.nan)])
@example([("offers.mail.propensity_column", "")])
@PROFILE
def test_any_value_at_any_key(tmp_path_factory: Any, changes: list[tuple[str, Any]]) -> None:
    folder = tmp_path_factory.mktemp("fragment")
    path = scenario(folder)
    raw = yaml.safe_load(path.read_text())
    for key, value in changes:
        put(raw, key, value)
    path.write_text(yaml.safe_dump(raw, sort_keys=False, allow_unicode=True))
    code, output = answer("validate", path)
    if not_finite(raw):
        assert code == 2, output


def not_finite(tree: Any) -> bool:
    """Whether a NaN or an infinity is anywhere in the tree."""
    if isinstance(tree, float):
        return not math.isfinite(tree)
    if isinstance(tree, dict):
        return any(not_finite(v) for v in tree.values())
    if isinstance(tree, list):
        return any(not_finite(v) for v in tree)
    return False


LINES = st.sampled_from([
    "name: again", "budget: {total: 5, total: 6}", "x: &a [1, *a]", "\tname: tab",
    "budget: {total: .inf}", "tiers: &t {}", "b: &b [1,1,1,1,1,1,1,1]\nc: [*b,*b,*b,*b,*b,*b]",
    "extends: scenario.yaml", "extends: nowhere.yaml", "solver: {time_limit: .nan}", "- 1",
    "objective: {soft: {coverage: .inf}}", "name: &n world\nalias: *n",
])


@given(LINES, st.integers(0, 40), st.sampled_from(["utf-8", "utf-16", "gbk", "latin-1"]),
       st.binary(max_size=4))
@PROFILE
def test_odd_lines_and_bytes(tmp_path_factory: Any, line: str, at: int, encoding: str,
                             noise: bytes) -> None:
    folder = tmp_path_factory.mktemp("text")
    path = scenario(folder)
    lines = path.read_text().splitlines()
    lines.insert(min(at, len(lines)), line)
    text = "\n".join(lines).replace("world", "wörld银行", 1) + "\n"
    path.write_bytes(text.encode(encoding, errors="replace") + noise)
    answer("validate", path)


@given(st.lists(st.tuples(st.sampled_from(KEYS[:24]), NUMBERS), min_size=1, max_size=2))
@PROFILE
def test_a_run_with_odd_numbers_plans_or_says_why(tmp_path_factory: Any,
                                                   changes: list[tuple[str, Any]]) -> None:
    folder = tmp_path_factory.mktemp("run")
    path = scenario(folder)
    sets = [f"--set={key}={as_yaml(value)}" for key, value in changes]
    answer("run", path, *sets)


def as_yaml(value: Any) -> str:
    return yaml.safe_dump(value, default_flow_style=True).strip().removesuffix("...").strip()

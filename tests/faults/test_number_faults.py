"""Numbers written with thousands of digits, wherever a number is read from text (a scenario
file at any depth, a named override, `--set`, `--vary`, the environment), and keys given twice
on one line: refused with exit code 2 naming the key, the line and what is accepted."""

from __future__ import annotations

import os
from pathlib import Path
from unittest import mock

import pytest

from tests.faults.cli import answer

HUGE = "9" * 5000


def _plain(said: str) -> str:
    return " ".join(said.split())


def _with(scenario: Path, lines: str) -> Path:
    """The scenario with `lines` (top-level YAML) put before its `objective:` section."""
    text = scenario.read_text().replace("objective:", f"{lines}\nobjective:", 1)
    path = scenario.with_name("edited.yaml")
    path.write_text(text)
    return path


def _line_of(path: Path, text: str) -> int:
    return next(n for n, line in enumerate(path.read_text().splitlines(), 1) if text in line)


@pytest.mark.parametrize(("lines", "key"), [
    (f"budget:\n  total: {HUGE}", "budget.total"),
    (f"budget: {{total: {HUGE}}}", "budget.total"),
    (f"rules:\n  add_rms:\n    rm: {HUGE}", "rules.add_rms.rm"),
    (f"overrides:\n  big:\n    budget.total: {HUGE}", "overrides.big.budget.total"),
    (f"labels:\n  ids:\n    - {HUGE}", "labels.ids.0"),
    (f"budget:\n  total: {HUGE}.5", "budget.total"),
])
def test_a_number_of_thousands_of_digits_in_a_scenario_names_key_line_and_range(
        scenario: Path, lines: str, key: str) -> None:
    path = _with(scenario, lines)
    code, said = answer("validate", path)
    assert code == 2, said
    said = _plain(said)
    assert f"{path}: line {_line_of(path, HUGE[:50])}, column" in said
    assert f"{key}: the number 9999" in said and "…(5,0" in said
    assert "from -1e+15 to 1e+15" in said and HUGE not in said


@pytest.mark.parametrize("item", [f"budget.total={HUGE}", f"solver.seed={HUGE}",
                                  f"budget.total=+{HUGE}%", "budget.total=1e400"])
def test_a_set_value_beyond_any_number_names_the_key_and_range(scenario: Path,
                                                               item: str) -> None:
    code, said = answer("validate", scenario, "--set", item)
    assert code == 2, said
    said = _plain(said)
    key = item.partition("=")[0]
    assert f"--set: {key}: the number" in said and "from -1e+15 to 1e+15" in said, said
    assert HUGE not in said


def test_a_set_count_of_thousands_of_digits_is_refused_without_echoing_it(
        scenario: Path) -> None:
    code, said = answer("validate", scenario, "--set", f"rules.add_rms.rm={HUGE}")
    assert code == 2 and "whole number of RMs" in _plain(said), said
    assert HUGE not in said


@pytest.mark.parametrize("grid", [f"1:{HUGE}:1", f"1,{HUGE}"])
def test_a_vary_grid_of_thousands_of_digits_names_the_key_and_range(scenario: Path,
                                                                    grid: str) -> None:
    code, said = answer("sweep", scenario, "--vary", f"budget.total={grid}")
    assert code == 2, said
    said = _plain(said)
    assert "budget.total: the number" in said and "from -1e+15 to 1e+15" in said
    assert HUGE not in said


def test_a_connect_wait_of_thousands_of_digits_is_refused_in_one_short_line(
        scenario: Path) -> None:
    with mock.patch.dict(os.environ, {"ALLOCATOR_DASK_CONNECT_SECONDS": HUGE}):
        code, said = answer("run", scenario, "--dask", "tcp://127.0.0.1:9")
    assert code == 2 and "ALLOCATOR_DASK_CONNECT_SECONDS=" in said, said
    assert "from 0 to 86400" in _plain(said) and HUGE not in said


def test_a_key_twice_in_a_flow_mapping_names_both_columns(scenario: Path) -> None:
    path = _with(scenario, "budget: {total: 5000, total: 7000}")
    code, said = answer("validate", path)
    line = _line_of(path, "total: 7000")
    assert code == 2, said
    assert (f"line {line}: key 'total' is given twice in one mapping (columns 10 and 23)"
            in _plain(said)), said


def test_a_key_twice_on_two_lines_still_names_both_lines(scenario: Path) -> None:
    path = _with(scenario, "budget:\n  total: 5000\n  total: 7000")
    code, said = answer("validate", path)
    first = _line_of(path, "total: 5000")
    assert code == 2, said
    assert f"(lines {first} and {first + 1})" in _plain(said), said

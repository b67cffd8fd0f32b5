"""Where the Dask scheduler's address may come from. Dask exchanges pickles, so the scheduler
a run connects to can run code on this machine: its address comes from the command line
(--dask, --set execution.address=...) or the environment (ALLOCATOR_DASK_ADDRESS), and from a
scenario file only when the user vouches for the file (--scenario-address)."""

from __future__ import annotations

import os
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from allocator.errors import UserError
from allocator.scenario import LoadedScenario, load_scenario

ENVIRONMENT = "ALLOCATOR_DASK_ADDRESS"
KEY = "execution.address"
COMMAND_LINE = "--set "
"""How the scenario loader names the layers the command line gave."""


def trusted_sets(scenario: str | Path | LoadedScenario, sets: Sequence[str], use: Sequence[str],
                 scenario_address: bool = False) -> list[str]:
    """The --set list a run loads its scenario with: the given one, plus the address in
    ALLOCATOR_DASK_ADDRESS when the run is on Dask and the command line gives none. UserError
    when the address would come from a scenario file and `scenario_address` is off."""
    sets = list(sets)
    env = os.environ.get(ENVIRONMENT, "").strip()
    if env and not isinstance(scenario, LoadedScenario) and not any(
            _sets_address(s) for s in sets):
        try:
            loaded: LoadedScenario | None = load_scenario(scenario, sets, use)
        except UserError:  # engine: dask without an address in the file, say
            loaded = None
        if loaded is None or loaded.scenario.execution.engine == "dask":
            return [*sets, f"{KEY}={env}"]
        return sets
    loaded = scenario if isinstance(scenario, LoadedScenario) else load_scenario(
        scenario, sets, use)
    check_address(loaded, scenario_address)
    return sets


def check_address(loaded: LoadedScenario, scenario_address: bool = False) -> None:
    """UserError when a Dask run would take its scheduler's address from a scenario file (or a
    sweep point) and `scenario_address` is off."""
    execution = loaded.scenario.execution
    if execution.engine != "dask" or scenario_address:
        return
    origin = _origin(loaded.layers)
    if origin is not None and not origin.startswith(COMMAND_LINE):
        raise UserError.said("dask_address_from_file", origin=origin, key=KEY,
                             variable=ENVIRONMENT)


def _origin(layers: Sequence[tuple[str, dict[str, Any]]]) -> str | None:
    """Where the address in force came from: the last layer that gives one."""
    found = None
    for origin, layer in layers:
        section = layer.get("execution")
        if isinstance(section, dict) and "address" in section:
            found = origin
    return found


def _sets_address(text: str) -> bool:
    return text.partition("=")[0].strip() == KEY

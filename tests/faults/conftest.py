"""Fault tests: hypothesis throws bad input at the command line, which must answer with a
documented exit code and one message, never a traceback.

The default run tries a few examples per test (besides each test's @example cases);
`HYPOTHESIS_PROFILE=fuzz pytest tests/faults` tries hundreds, and stops runs and sweeps with
every signal at every stage (test_interrupts).
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from tests.builders import offer, world

CHECKS = [HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
          HealthCheck.data_too_large]
settings.register_profile("faults", max_examples=4, deadline=None,
                          suppress_health_check=CHECKS)
settings.register_profile("fuzz", max_examples=400, deadline=None,
                          suppress_health_check=CHECKS)
PROFILE = settings.get_profile(
    "fuzz" if os.environ.get("HYPOTHESIS_PROFILE") == "fuzz" else "faults")


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    """A two-customer book with one mailed offer, written without baselines or steps (a test
    file that needs another book defines its own `scenario`)."""
    return world(tmp_path / "book", [{"customer_id": "A", "tier_key": 2.0},
                                     {"customer_id": "B"}],
                 offers={"mail": offer(10.0, 1.0)},
                 output={"dir": str(tmp_path / "book" / "reports"), "baselines": False,
                         "steps": False})

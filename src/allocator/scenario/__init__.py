"""Scenario files: schema, loading with extends and overrides, readable errors."""

from allocator.scenario.loading import LoadedScenario, deep_merge, load_scenario
from allocator.scenario.schema import Scenario

__all__ = ["LoadedScenario", "Scenario", "deep_merge", "load_scenario"]

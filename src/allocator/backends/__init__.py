"""Solver backends behind one interface, chosen by name from the scenario's `solver.backend`:
each name maps to its backend, which declares what it supports (warm start, duals, soft rows)."""

from __future__ import annotations

from collections.abc import Callable

from allocator.backends.base import (
    Backend,
    Capabilities,
    SolveOptions,
    SolveResult,
    Status,
)
from allocator.backends.highs import HighsBackend
from allocator.backends.ortools import OrToolsBackend
from allocator.backends.pulp import PulpBackend
from allocator.errors import UserError, did_you_mean

BACKENDS: dict[str, Callable[[], Backend]] = {
    "highs": HighsBackend,
    "cbc": PulpBackend,
    "scip": lambda: OrToolsBackend("SCIP"),
    "cp-sat": lambda: OrToolsBackend("CP-SAT"),
}
"""The built-in backends by name; `pulp:NAME` names any other solver PuLP knows."""
NAMES = tuple(BACKENDS)
PULP = "pulp:"

__all__ = ["BACKENDS", "NAMES", "Backend", "Capabilities", "SolveOptions", "SolveResult",
           "Status", "get_backend", "installed_backends"]


def get_backend(name: str) -> Backend:
    """The backend for a `solver.backend` value; a clear error if unknown or not installed."""
    backend = _made(name)
    if not backend.available():
        raise UserError(f"solver.backend: '{name}' is not installed or not licensed here; "
                        "choose another backend (highs is always installed).")
    return backend


def _made(name: str) -> Backend:
    if name in BACKENDS:
        return BACKENDS[name]()
    if name.startswith(PULP) and len(name) > len(PULP):
        return PulpBackend(name[len(PULP):])
    raise UserError(f"solver.backend: {unknown_backend(name)}")


def unknown_backend(name: str) -> str | None:
    """Why `name` names no backend (the known names, and a close one), or None if it does."""
    if name in BACKENDS or (name.startswith(PULP) and len(name) > len(PULP)):
        return None
    return (f"unknown backend '{name}'.{did_you_mean(name, NAMES)} "
            f"Use one of {', '.join(NAMES)}, or pulp:NAME for a solver PuLP knows.")


def installed_backends() -> list[str]:
    """The built-in backends that can run on this machine."""
    return [name for name in NAMES if get_backend_quietly(name) is not None]


def get_backend_quietly(name: str) -> Backend | None:
    try:
        return get_backend(name)
    except UserError:
        return None

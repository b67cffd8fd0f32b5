"""Solver backends behind one interface, chosen by name from the scenario's `solver.backend`."""

from __future__ import annotations

from allocator.backends.base import Backend, SolveOptions, SolveResult, Status
from allocator.backends.highs import HighsBackend
from allocator.backends.ortools import OrToolsBackend
from allocator.backends.pulp import PulpBackend
from allocator.errors import UserError, did_you_mean

NAMES = ("highs", "cbc", "scip", "cp-sat")

__all__ = ["NAMES", "Backend", "SolveOptions", "SolveResult", "Status", "get_backend",
           "installed_backends"]


def get_backend(name: str) -> Backend:
    """The backend for a `solver.backend` value; a clear error if unknown or not installed."""
    backend: Backend
    if name == "highs":
        backend = HighsBackend()
    elif name == "cbc":
        backend = PulpBackend()
    elif name in ("scip", "cp-sat"):
        backend = OrToolsBackend(name.upper())
    elif name.startswith("pulp:") and len(name) > 5:
        backend = PulpBackend(name[5:])
    else:
        raise UserError(f"solver.backend: unknown backend '{name}'.{did_you_mean(name, NAMES)} "
                        f"Use one of {', '.join(NAMES)}, or pulp:NAME for a solver PuLP knows.")
    if not backend.available():
        raise UserError(f"solver.backend: '{name}' is not installed or not licensed here; "
                        "choose another backend (highs is always installed).")
    return backend


def installed_backends() -> list[str]:
    """The built-in backends that can run on this machine."""
    return [name for name in NAMES if get_backend_quietly(name) is not None]


def get_backend_quietly(name: str) -> Backend | None:
    try:
        return get_backend(name)
    except UserError:
        return None

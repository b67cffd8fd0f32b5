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
from allocator.errors import UserError, catalogued, did_you_mean, in_a_row

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
        raise UserError.said("backend_not_installed", name=name)
    return backend


def _made(name: str) -> Backend:
    if name in BACKENDS:
        return BACKENDS[name]()
    if name.startswith(PULP) and len(name) > len(PULP):
        return PulpBackend(name[len(PULP):])
    english, chinese = _unknown(name)
    raise UserError.said("backend_refused", reason=english, reason_zh=chinese)


def unknown_backend(name: str) -> str | None:
    """Why `name` names no backend (the known names, and a close one), or None if it does."""
    words = unknown_backend_words(name)
    return None if words is None else words[0]


def unknown_backend_words(name: str) -> tuple[str, str] | None:
    """Why `name` names no backend, in English and in Chinese, or None if it does."""
    if name in BACKENDS or (name.startswith(PULP) and len(name) > len(PULP)):
        return None
    return _unknown(name)


def _unknown(name: str) -> tuple[str, str]:
    """That no backend answers to `name`: the known names, and a close one."""
    return catalogued("backend_unknown", name=name, hint=did_you_mean(name, NAMES),
                      hint_zh=did_you_mean(name, NAMES, "zh"), names=in_a_row(NAMES))


def installed_backends() -> list[str]:
    """The built-in backends that can run on this machine."""
    return [name for name in NAMES if get_backend_quietly(name) is not None]


def get_backend_quietly(name: str) -> Backend | None:
    try:
        return get_backend(name)
    except UserError:
        return None

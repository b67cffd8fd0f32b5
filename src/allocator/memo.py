"""Pure functions computed once per process for the same arguments (`remembered`).

Some pure steps run several times on the same data within one command: each chart is drawn
again when `verify` renders report.html afresh to compare it, and the drivers of a plan are
ranked for the page, its sections and summary.md alike. Their results are kept by the digest of
their arguments: the same arguments (the same tables, column by column with their types and
index, the same words, numbers and steps) give the same result; any change to them is a new key
and a new computation. Arguments that cannot be pickled are computed every time. A table kept
is handed out as a copy, so a caller that changes it changes no one else's.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable
from typing import ParamSpec, TypeVar

import pandas as pd

P = ParamSpec("P")
R = TypeVar("R")
KEPT = 64
"""Results kept per function at most (the oldest computed first to go): a few runs' worth."""
_MEMORIES: list[OrderedDict[bytes, object]] = []
_MISSING = object()


def remembered(function: Callable[P, R]) -> Callable[P, R]:
    """`function`, its result kept for the same arguments."""
    memory: OrderedDict[bytes, object] = OrderedDict()
    _MEMORIES.append(memory)

    held = threading.Lock()  # a run's pages are drawn on two threads at once

    @functools.wraps(function)
    def kept(*args: P.args, **kwargs: P.kwargs) -> R:
        key = _digest(function, args, kwargs)
        if key is None:
            return function(*args, **kwargs)
        with held:
            found = memory.get(key, _MISSING)
            if found is not _MISSING:
                memory.move_to_end(key)
        if found is _MISSING:
            found = _handed(function(*args, **kwargs))
            with held:
                memory[key] = found
                if len(memory) > KEPT:
                    memory.popitem(last=False)
        return _handed(found)  # type: ignore[return-value]

    return kept


def forget_all() -> None:
    """Compute every remembered function afresh from now on."""
    for memory in _MEMORIES:
        memory.clear()


def _handed(result: R) -> R:
    return result.copy() if isinstance(result, pd.DataFrame | pd.Series) else result


def _digest(function: Callable[..., object], args: tuple[object, ...],
            kwargs: dict[str, object]) -> bytes | None:
    try:
        data = pickle.dumps((function.__module__, function.__qualname__, _canonical(args),
                             _canonical(sorted(kwargs.items()))), protocol=pickle.HIGHEST_PROTOCOL)
    except (pickle.PicklingError, TypeError, AttributeError):
        return None
    return hashlib.blake2b(data, digest_size=32).digest()


def _canonical(value: object) -> object:
    """`value` with its tables as plain lists, so equal tables read back from files give the
    key of the tables that were written (pickled frames of equal data may differ in bytes)."""
    if isinstance(value, pd.DataFrame):
        return ("frame", _canonical(value.index), _canonical(value.columns),
                [_canonical(value.iloc[:, k]) for k in range(value.shape[1])], value.attrs)
    if isinstance(value, pd.Series):
        return ("series", value.name, repr(value.dtype), _canonical(value.index), value.tolist())
    if isinstance(value, pd.Index):
        return ("index", type(value).__name__, repr(value.dtype), value.names, value.tolist())
    if isinstance(value, list | tuple):
        return (type(value).__name__, [_canonical(item) for item in value])
    if isinstance(value, dict):
        return ("dict", [(key, _canonical(item)) for key, item in value.items()])
    return value

"""Charts drawn once per process: a chart function's SVG kept by the digest of its arguments.

Drawing a chart with matplotlib is the slowest part of writing a small run's report, and
`verify` draws the whole page again to compare it with report.html. A chart is a pure function
of its arguments, so the same arguments (the same tables, column by column with their types
and index, the same words and numbers) give the same SVG; any change to them is a new key and
a new drawing. Arguments that cannot be pickled are drawn every time.
"""

from __future__ import annotations

import functools
import hashlib
import pickle
from collections import OrderedDict
from collections.abc import Callable
from typing import ParamSpec

import pandas as pd

P = ParamSpec("P")
KEPT = 64
"""Charts kept at most (the oldest drawn first to go): a few runs' pages."""
_DRAWN: OrderedDict[bytes, str] = OrderedDict()


def drawn_once(chart: Callable[P, str]) -> Callable[P, str]:
    """`chart`, its SVG kept for the same arguments."""
    @functools.wraps(chart)
    def drawn(*args: P.args, **kwargs: P.kwargs) -> str:
        key = _digest(chart, args, kwargs)
        if key is None:
            return chart(*args, **kwargs)
        if key in _DRAWN:
            _DRAWN.move_to_end(key)
            return _DRAWN[key]
        svg = chart(*args, **kwargs)
        _DRAWN[key] = svg
        if len(_DRAWN) > KEPT:
            _DRAWN.popitem(last=False)
        return svg

    return drawn


def forget_drawn() -> None:
    """Draw every chart afresh from now on."""
    _DRAWN.clear()


def _digest(chart: Callable[..., str], args: tuple[object, ...], kwargs: dict[str, object]
            ) -> bytes | None:
    try:
        data = pickle.dumps((chart.__module__, chart.__qualname__, _canonical(args),
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

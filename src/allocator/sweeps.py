"""What-if sweeps: expand `--vary` into points, plan each, tabulate them, find the frontier.

`--vary budget.total=6e6:12e6:1e6` (start:stop:step, stop included) or `--vary a.b=1,2,5`;
several `--vary` make a grid, or pair up with `zip`. A point sits between named overrides and
`--set` in the precedence. A key changes only the solve when no stage of preparation reads it
(what each stage reads is declared beside it: preparation.READS); points then reuse one read,
tiered and valued book, and a point reuses every stage whose reads it leaves unchanged.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd
import yaml

from allocator.book import book as book_stage
from allocator.errors import UserError
from allocator.preparation import READS
from allocator.scenario.reads import reads


def parse_vary(text: str) -> tuple[str, list[Any]]:
    """`key=start:stop:step` or `key=v1,v2,...` -> (key, values)."""
    key, sep, spec = text.partition("=")
    key = key.strip()
    if not sep or not key or not spec.strip():
        raise UserError(f"--vary {text}: write key=start:stop:step or key=v1,v2,... "
                        "(e.g. budget.total=6e6:12e6:1e6).")
    if spec.count(":") == 2:
        try:
            start, stop, step = (float(part) for part in spec.split(":"))
        except ValueError:
            raise UserError(f"--vary {text}: start, stop and step must be numbers.") from None
        if step <= 0 or stop < start:
            raise UserError(f"--vary {text}: needs start <= stop and a positive step.")
        count = int(np.floor((stop - start) / step + 1e-9)) + 1
        return key, [_tidy(start + i * step) for i in range(count)]
    values = [yaml.safe_load(part) for part in spec.split(",") if part.strip()]
    if not values:
        raise UserError(f"--vary {text}: no values.")
    return key, values


def _tidy(value: float) -> float | int:
    rounded = round(value, 10)
    return int(rounded) if float(rounded).is_integer() and abs(rounded) < 2**53 else rounded


def expand(varies: Sequence[str], zipped: bool = False) -> list[dict[str, Any]]:
    """The sweep's points, in order."""
    if not varies:
        raise UserError("sweep: give at least one --vary key=values.")
    parsed = [parse_vary(text) for text in varies]
    keys = [key for key, _ in parsed]
    if len(set(keys)) != len(keys):
        raise UserError(f"sweep: a key is varied twice ({', '.join(keys)}); vary each once.")
    lists = [values for _, values in parsed]
    if zipped:
        if len({len(v) for v in lists}) != 1:
            raise UserError("sweep --zip: every --vary needs the same number of values "
                            f"({', '.join(f'{k}: {len(v)}' for k, v in parsed)}).")
        combos: list[tuple[Any, ...]] = list(zip(*lists, strict=True))
    else:
        combos = list(itertools.product(*lists))
    return [dict(zip(keys, combo, strict=True)) for combo in combos]


def solve_only(keys: Sequence[str]) -> bool:
    """Whether these keys leave the book, tiering and valuation unchanged."""
    return not any(reads(key, READS) for key in keys)


def book_kept(keys: Sequence[str]) -> bool:
    """Whether these keys leave the book as read unchanged (tiering or valuation may not be)."""
    return not any(reads(key, book_stage.READS) for key in keys)


def frontier(table: pd.DataFrame, key: str) -> pd.DataFrame:
    """Objective against one numeric varied key: marginal value per unit between neighbouring
    points, and the knee (the point farthest from the chord joining the ends)."""
    points = table.loc[table["objective"].notna(), [key, "objective"]].copy()
    points[key] = pd.to_numeric(points[key])
    points = points.sort_values(key).reset_index(drop=True)
    x, y = points[key].to_numpy(float), points["objective"].to_numpy(float)
    points["marginal_value_per_unit"] = np.r_[np.nan, np.diff(y) / np.where(
        np.diff(x) == 0, np.nan, np.diff(x))]
    points["knee"] = False
    if len(points) >= 3 and x[-1] != x[0]:
        span_x, span_y = x[-1] - x[0], (y[-1] - y[0]) or 1.0
        nx, ny = (x - x[0]) / span_x, (y - y[0]) / span_y
        distance = np.abs(ny - nx)
        points.loc[int(np.argmax(distance)), "knee"] = True
    return points

"""The numbers on the charts' value axes: where an axis starts so that differences show, and
its ticks in short units by language (5.42M, 40k; 542万, 1.2亿), each tick told from its
neighbours."""

from __future__ import annotations

from typing import Any

import matplotlib.ticker
import numpy as np
from matplotlib.axes import Axes

from allocator.report.language import Language


def axis_start(values: np.ndarray) -> float:
    """Where a value axis starts so that differences show: zero when they are large beside the
    values, else a little below the smallest value (at a round number)."""
    if not len(values):
        return 0.0
    low, high = float(values.min()), float(values.max())
    if low <= 0 or high - low > 0.25 * high:
        return 0.0
    spread = max(high - low, 1e-3 * high)
    step = 10 ** np.floor(np.log10(spread))
    return float(max(np.floor((low - 0.6 * spread) / step) * step, 0.0))


def thousands(axes: Axes, axis: str = "x", language: Language = "en") -> None:
    target = axes.xaxis if axis == "x" else axes.yaxis
    target.set_major_formatter(Compact(language))


class Compact(matplotlib.ticker.Formatter):
    """Axis numbers in short units, with as many decimals as make every tick differ from its
    neighbours: 5.415M, 5.420M, 5.425M rather than 5.42M twice."""

    def __init__(self, language: Language = "en") -> None:
        self.language: Language = language

    def __call__(self, x: float, pos: int | None = None) -> str:
        return compact(x, self.language)

    def format_ticks(self, values: Any) -> list[str]:
        return compact_ticks(np.asarray(values, dtype=float), self.language)


class Grouped(matplotlib.ticker.Formatter):
    """Axis numbers in full with thousands separators, as the tables write them (32,000,
    never 32000), with the fewest decimals (up to six) that show every tick as it is."""

    def __call__(self, x: float, pos: int | None = None) -> str:
        return self.format_ticks([x])[0]

    def format_ticks(self, values: Any) -> list[str]:
        ticks = np.asarray(values, dtype=float)
        decimals = next((d for d in range(7) if np.allclose(ticks, np.round(ticks, d),
                                                            rtol=0, atol=1e-9)), 6)
        return [f"{v + 0.0:,.{decimals}f}" for v in ticks]


UNITS: dict[str, tuple[tuple[float, str], ...]] = {
    "en": ((1e6, "M"), (1e4, "k")),
    "zh": ((1e8, "亿"), (1e4, "万")),
}
"""Short units by language, largest first, each used from its threshold (k from 10,000: 5,000
stays 5,000); Chinese counts in 万 (ten thousand) and 亿 (a hundred million)."""


def _unit(size: float, language: Language) -> tuple[float, str]:
    for threshold, name in UNITS[language]:
        if size >= threshold:
            return (1e3 if name == "k" else threshold), name
    return 1.0, ""


def compact(value: float, language: Language = "en") -> str:
    """One axis number: 2.5M, 40k, 750 (250万, 1.2亿 in Chinese), three significant digits."""
    scale, name = _unit(abs(value), language)
    return f"{value:,.0f}" if not name else f"{value / scale:,.3g}{name}"


def compact_ticks(values: np.ndarray, language: Language = "en") -> list[str]:
    """Tick labels in the unit of the largest tick, each with the same number of decimals, the
    fewest (up to six) that tell every tick from the others."""
    if not len(values):
        return []
    scale, name = _unit(float(np.abs(values).max()), language)
    for decimals in range(7):
        labels = [f"{v / scale + 0.0:,.{decimals}f}{name}" if v else "0" for v in values]
        if len(set(labels)) == len(labels):
            return labels
    return labels

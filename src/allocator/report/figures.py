"""Numbers as a reader writes them, in every language: a module of its own, free of the rest of
the engine, so that diagnoses and error messages show figures as the reports do."""

from __future__ import annotations


def number_text(value: float) -> str:
    """A number in full, as a reader writes it: 45,000 or 1,250,000 (never 1.25e+06), a
    fraction with up to six significant digits (0.5, 0.125)."""
    if float(value).is_integer() or abs(value) >= 1000:
        return f"{value + 0.0:,.0f}"
    return f"{value:,.6g}"


INFINITY = "∞"
"""How a limit or range end that has none shows, in every language (its negative "-∞")."""


def infinity_text(value: float) -> str:
    """An infinite value as the reports show it: "∞", or "-∞" below every number."""
    return f"-{INFINITY}" if value < 0 else INFINITY

"""The building blocks of the scenario's schema: the strict configuration, bounded numbers and
the channels (shared by scenario/schema.py and the calendar's schema, scenario/calendar.py)."""

from __future__ import annotations

from typing import Annotated, Literal

from pydantic import ConfigDict, Field

LARGEST = 1e15
"""The largest magnitude a number of a scenario may have (amounts, hours, weights): a thousand
trillion; beyond it sums and products lose the cents and overflow."""
MOST = 10**12
"""The largest count (customers, offers, quotas) a scenario may give."""

Share = Annotated[float, Field(ge=0.0, le=1.0)]
Number = Annotated[float, Field(ge=-LARGEST, le=LARGEST)]
NonNegative = Annotated[float, Field(ge=0.0, le=LARGEST)]
Positive = Annotated[float, Field(gt=0.0, le=LARGEST)]
Count = Annotated[int, Field(ge=0, le=MOST)]
Seed = Annotated[int, Field(ge=0, le=2**31 - 1)]
Name = Annotated[str, Field(min_length=1)]
Channel = Literal["rm", "call_centre", "email", "sms", "app", "branch", "mail"]
STRICT = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True,
                    allow_inf_nan=False)
"""Every section's configuration: unknown keys are errors, values frozen, fields documented."""

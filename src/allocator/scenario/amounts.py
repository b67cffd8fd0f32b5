"""Numbers as people write them on the command line: `45k`, `1.2m`, `2bn`, `4.5e4`, and a
change relative to the scenario's value, `-10%` or `+5%`.

A suffix multiplies (k a thousand, m a million, bn a billion; any case). A signed percentage is a
change of the value the key has in the scenario file (after `extends`, before any named override,
sweep point or `--set`): `budget.total=-10%` on a budget of 45,000 gives 40,500, with or without
`--use budget_cut` beside it. An unsigned percentage is the value itself on a key the schema
marks as a rate or a share (`objective.discount_rate=8%` is 0.08) and is refused on an amount,
since it could mean a share or a change. A number with a leading + and no % (`+10`) is refused
where its key's value is known (Unsigned): the sign reads as a change, so it is most likely a
missed %. Thousands separators are read: `1,000` is 1000.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any, NoReturn

from allocator.errors import UserError, cut
from allocator.scenario.fields import LARGEST

FORMS = "a number (45000, 45k, 1.2m, 2bn, 4.5e4) or a change of the scenario's value (-10%, +5%)"
"""The accepted forms of a number, as error messages name them."""

_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d[\d_]*(?:\.\d*)?|\.\d+)(?:e[+-]?\d+)?"
_AMOUNT = re.compile(rf"^\s*({_NUMBER})\s*(k|m|bn)?\s*$", re.IGNORECASE)
_PERCENT = re.compile(rf"^\s*({_NUMBER})\s*%\s*$")
SCALE = {"": 1.0, "k": 1e3, "m": 1e6, "bn": 1e9}


@dataclass(frozen=True)
class Change:
    """A change relative to the scenario's value: `-10%` is Change(-0.10)."""

    share: float

    def of(self, value: Any, key: str, origin: str) -> float | int:
        """The value after the change; UserError naming where it was asked and the key when
        there is no number to change."""
        if isinstance(value, bool) or not isinstance(value, int | float):
            had = ("no value", "没有取值") if value is None else (
                f"the value {value!r}, not a number", f"取值 {value!r}，不是数字")
            raise UserError.said("change_of_nothing", origin=origin, key=key,
                                 **_asked(key, str(self), origin), had=had[0], had_zh=had[1])
        return tidy(value * (1.0 + self.share))

    def __str__(self) -> str:
        return f"{self.share * 100:+g}%"


@dataclass(frozen=True)
class Unsigned:
    """A number written with a leading + and no % (`+10`): the sign reads as a change, which
    is written as a percentage (+10%), so it is most likely a missed %, and taken as the value
    itself it would cut a cap of 1,500 to 10. Never a value: `of` refuses it, saying what
    `+10%` and `10` would each give."""

    amount: float | int
    written: str

    def of(self, value: Any, key: str, origin: str) -> NoReturn:
        """UserError naming where it was asked and the key, with `value` (the key's value in
        the scenario file) changed by the percentage and set to the number, where it is one."""
        change, plain = Change(self.amount / 100.0), _grouped(self.amount)
        asked = _asked(key, self.written, origin)
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise UserError.said("plus_without_percent_unset", origin=origin, key=key,
                                 change=change, plain=plain, **asked)
        raise UserError.said("plus_without_percent", origin=origin, key=key, change=change,
                             plain=plain, before=_grouped(value),
                             changed=_grouped(change.of(value, key, origin)), **asked)

    def __str__(self) -> str:
        return self.written


RELATIVE = (Change, Unsigned)
"""What a key's value is read of, where it is known: taken (Change.of) or refused
(Unsigned.of)."""


def _grouped(value: float | int) -> str:
    """A number as a message shows it: 1,500, 0.085."""
    return f"{value:,}" if isinstance(value, int) else f"{value:,.10g}"


def _asked(key: str, text: str, origin: str) -> dict[str, str]:
    """The key and what was written, for a message whose `origin` does not already say them
    (a `--set key=...` does)."""
    told = not origin.startswith(f"--set {key}=")
    return {"asked": f"{key}={text}: " if told else "",
            "asked_zh": f"{key}={text}：" if told else ""}


MOST_DIGITS = 300
"""Most digits a number may be written with (as in a scenario file: scenario.strict_yaml)."""


def read_amount(text: str, key: str, origin: str) -> float | int | None:
    """`45k` -> 45000, `1.2m` -> 1200000, `4.5e4` -> 45000; None when the text is no amount;
    UserError naming `origin` and `key` when it is beyond any float (1e400, 5,000 digits)."""
    match = _AMOUNT.match(text)
    if match is None or not re.search(r"\d", match.group(1)):
        return None
    number = match.group(1).replace("_", "").replace(",", "")  # 1,000 or 1_000
    return tidy(_finite(number, text, key, origin) * SCALE[(match.group(2) or "").lower()])


def _finite(number: str, text: str, key: str, origin: str) -> float:
    """The number written, refused with the range a scenario's numbers lie in when it has more
    than MOST_DIGITS digits or is too large for a float."""
    value = float(number) if sum(ch.isdigit() for ch in number) <= MOST_DIGITS else math.inf
    if math.isinf(value):
        raise UserError.said("number_beyond", origin=cut(origin), key=key,
                             shown=cut(text.strip()), least=f"{-LARGEST:g}",
                             largest=f"{LARGEST:g}")
    return value


def read_value(text: str, key: str, origin: str, rate: bool = False
               ) -> Change | Unsigned | float | int | None:
    """An amount or a signed percentage change; None when the text is neither (it is then read
    as YAML: text, true/false, a list). `rate`: the key holds a rate or a share, where an
    unsigned percentage is the value itself. An amount with a leading + is Unsigned, refused
    once the key's value is known."""
    percent = _PERCENT.match(text)
    if percent is not None:
        number = percent.group(1).replace(",", "")
        share = _finite(number.replace("_", ""), text, key, origin) / 100.0
        if number[0] not in "+-" and rate:  # a rate or a share: 8% is 0.08
            return tidy(share)
        if number[0] not in "+-":
            raise UserError.said("percent_needs_sign", origin=origin, key=key,
                                 text=cut(text.strip()), forms=FORMS)
        return Change(share)
    amount = read_amount(text, key, origin)
    if amount is not None and text.strip()[:1] == "+":
        return Unsigned(amount, cut(text.strip()))
    return amount


def tidy(value: float) -> float | int:
    """A whole number as an int (45000, not 45000.0), anything else rounded to 10 places."""
    if not math.isfinite(value):
        return value
    rounded = round(value, 10)
    return int(rounded) if float(rounded).is_integer() and abs(rounded) < 2**53 else rounded

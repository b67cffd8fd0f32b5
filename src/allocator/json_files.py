"""JSON read back as the standard has it. Python's json reads NaN, Infinity and -Infinity,
which JSON does not have and the tool never writes (runs.json_writer writes null): every JSON
file the tool reads again (a run's manifest, its offers, a sweep's records and options) is
parsed here, such a constant refused as a JSONDecodeError naming its line, so a damaged or
edited file is named where it is read, never carried on as a number."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

CONSTANT = re.compile(r"[\[:,]\s*(-?Infinity|NaN)")
"""Where a non-JSON constant stands as a value: after a bracket, a colon or a comma."""


def strict_loads(text: str) -> Any:
    """The JSON text's data; json.JSONDecodeError for NaN, Infinity or -Infinity, a number
    of more digits than Python reads, or nesting deeper than it parses."""
    def refuse(constant: str) -> None:
        found = CONSTANT.search(text)
        raise json.JSONDecodeError(f"{constant} is not a JSON number", text,
                                   found.start(1) if found else 0)

    try:
        return json.loads(text, parse_constant=refuse)
    except json.JSONDecodeError:
        raise
    except (ValueError, RecursionError) as error:  # a number of thousands of digits, or
        # brackets nested past the parser's depth: no file the tool writes holds either
        raise json.JSONDecodeError(f"not a file the tool writes ({type(error).__name__})",
                                   text, 0) from None


def read_strict_json(path: Path) -> Any:
    """The JSON file's data (UTF-8); json.JSONDecodeError for a constant JSON does not have,
    OSError and UnicodeDecodeError as reading raises them."""
    return strict_loads(path.read_text(encoding="utf-8"))

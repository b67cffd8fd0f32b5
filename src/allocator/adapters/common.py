"""What every adapter returns, and the stand-in rules they share."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from allocator.encodings import AUTO, csv_encoding
from allocator.errors import InputOutputError, UserError


@dataclass(frozen=True)
class Adapted:
    customers: pd.DataFrame
    """Canonical customer columns plus the set's features and outcomes."""
    files: dict[str, Path]
    """The files read, by role (their hashes go into the manifest)."""


def read_source(folder: Path, name: str, **options: object) -> pd.DataFrame:
    """One file of a data set, or a clear error naming it."""
    path = folder / name
    if not path.is_file():
        raise InputOutputError.said("dataset_file_missing", path=path, name=name)
    try:
        return pd.read_csv(path, encoding=csv_encoding(path, AUTO), **options)
    except OSError as exc:
        raise InputOutputError.said("dataset_file_unreadable", path=path,
                                    reason=exc.strerror or exc) from None
    except (ValueError, pd.errors.ParserError) as exc:
        reason = str(exc).strip().splitlines()[0] if str(exc).strip() else repr(exc)
        raise UserError.said("dataset_file_damaged", path=path, reason=reason) from None


def risk_by_age(age: pd.Series) -> np.ndarray:
    """Suitability stand-in (no set carries a risk questionnaire): 4 under 35, 3 to 54,
    2 to 69, 1 from 70, the usual shape of risk capacity over a life cycle."""
    return np.select([age < 35, age < 55, age < 70], [4, 3, 2], default=1)


def as_flag(column: pd.Series) -> pd.Series:
    """yes/no, 1/0 or true/false as 1/0."""
    text = column.astype(str).str.strip().str.lower()
    return text.isin(["yes", "1", "true", "y"]).astype(int)

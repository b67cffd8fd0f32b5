"""A table read from a source, in the types a plain column of its values has. A Parquet file
written from pandas keeps its columns' pandas types (nullable Int64, Float64 or boolean, text
of pd.NA, a pyarrow type, a category), and a DuckDB query gives a whole-number or yes/no
column with a blank as one: their blank, pd.NA, is neither true nor false, and a check that
compares it fails where a plain column's NaN or None reads as blank. Each such column is read
as a plain Parquet column of its values is: whole numbers with a blank as floats of NaN, yes/no
with a blank as objects of None, text as str, a category as its values; the checks after it
see one kind of blank whatever wrote the file. A narrower number (float16 or float32, int8 to
int32, unsigned) is read as float64 or int64, as a CSV file's is: a sum of half-precision
amounts would overflow past 65,504, and one of small whole numbers wrap around."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pyarrow as pa

WIDE = {"f": np.dtype("float64"), "i": np.dtype("int64")}
"""The type a narrower number of each kind (float, signed whole) is read as; an unsigned whole
number is read as int64 but for uint64, which it would not hold."""


def plain_types(frame: pd.DataFrame) -> pd.DataFrame:
    """The table with its columns of a pandas type (see the module) in plain types, and its
    narrower numbers widened; the others as they are."""
    typed = [name for name in frame if _typed(frame[name].dtype)]
    plain = frame.copy(deep=False) if typed else frame
    for name in typed:
        plain[name] = _plain(frame[name])
    narrow = {name: _wide(plain[name].dtype) for name in plain
              if _wide(plain[name].dtype) != plain[name].dtype}
    return plain.astype(narrow) if narrow else plain


def _wide(dtype: object) -> object:
    """The type a column of `dtype` is read as: a narrower number's wide one (WIDE)."""
    if not isinstance(dtype, np.dtype) or dtype == np.dtype("uint64"):
        return dtype
    return WIDE.get("i" if dtype.kind == "u" else dtype.kind, dtype)


def _typed(dtype: object) -> bool:
    """Whether a column of `dtype` holds pd.NA as its blank, or is a category."""
    return isinstance(dtype, pd.CategoricalDtype) or getattr(dtype, "na_value", None) is pd.NA


def _plain(column: pd.Series) -> pd.Series:
    """The column's values as a plain Parquet column of them reads (pyarrow's own types)."""
    values = pa.array(column, from_pandas=True)
    if pa.types.is_dictionary(values.type):
        values = values.dictionary_decode()
    return values.to_pandas().set_axis(column.index).rename(column.name)

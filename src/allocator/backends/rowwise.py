"""For backends that build a model row by row: the problem's rows as (lower, upper, cols, coefs)."""

from __future__ import annotations

from collections.abc import Iterator

import numpy as np

from allocator.problem import AllocationProblem


def iter_rows(problem: AllocationProblem) -> Iterator[tuple[float, float, np.ndarray, np.ndarray]]:
    matrix = problem.matrix
    for row in range(problem.n_rows):
        start, stop = matrix.indptr[row], matrix.indptr[row + 1]
        yield (float(problem.row_lower[row]), float(problem.row_upper[row]),
               matrix.indices[start:stop], matrix.data[start:stop])


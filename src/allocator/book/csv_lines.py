"""The line of a CSV file each row of its table starts on, as an editor numbers the file's lines.

The reader skips a blank line among the rows, and a quoted text may run over several lines:
below either, a row's line is not the header's line plus its index. So the lines are counted
by reading the file again, blank lines and a text's line breaks counted, the blank ones not
taken as rows (as the reader skips them). They are counted only when a message first names a
row (a table without a fault is never read twice), and once."""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from functools import cached_property
from itertools import islice
from pathlib import Path

import numpy as np

from allocator.encodings import open_bytes


@dataclass(frozen=True)
class CsvLines:
    """Where the rows of a CSV file's table start: the file, read in `encoding`, its header on
    line `header` (1-based; title lines above it), its cells split by `mark`."""

    path: Path
    encoding: str
    header: int
    mark: str

    @cached_property
    def starts(self) -> np.ndarray:
        """The line each row starts on, in the order the rows are read (as far as the file can
        be split: a line the csv module refuses ends the count)."""
        found: list[int] = []
        with open_bytes(self.path) as raw, \
                io.TextIOWrapper(raw, encoding=self.encoding, newline="") as text:
            lines = islice(text, self.header, None)  # the rows below the header line
            reader = csv.reader(lines, delimiter=self.mark)
            try:
                start = reader.line_num + 1
                for row in reader:
                    if row:  # a blank line is no row
                        found.append(self.header + start)
                    start = reader.line_num + 1
            except csv.Error:
                pass  # the rows below are numbered from the last one counted
        return np.asarray(found, dtype=np.int64)

    def numbers(self, indexes: np.ndarray) -> np.ndarray:
        """The line of each row at `indexes` (0: the first under the header); a row past those
        counted, one line further per row than the last counted."""
        starts, known = self.starts, np.asarray(indexes, dtype=np.int64)
        if not len(starts):
            return self.header + 1 + known
        past = starts[-1] + known - (len(starts) - 1)
        return np.where(known < len(starts), starts[np.minimum(known, len(starts) - 1)], past)

"""Work in a forked process of its own: its answer, its error, or none if it died; and a large
book's prices computed there equal the ones computed on a thread."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime
from pathlib import Path

import numpy as np
import pytest

from allocator import decomposition_path, outcome
from allocator.forked_call import ForkedCall, may_call_apart
from allocator.optimize import optimize
from allocator.preparation import prepare
from allocator.report.run_files import plan_files
from allocator.runs import Drawn, rendered_writer, text_writer, write_run
from allocator.storage import OutputError
from tests.test_decomposition import DEMO

NOW = datetime(2026, 1, 2, 3, 4, 5, tzinfo=UTC)

pytestmark = pytest.mark.skipif(not may_call_apart(), reason="this system does not fork")


def test_the_answer_comes_back() -> None:
    book = np.arange(10)  # read in the fork without a copy
    assert ForkedCall(lambda: int(book.sum())).result() == 45


def test_an_error_is_raised_here() -> None:
    def broken() -> None:
        raise ValueError("no prices")

    with pytest.raises(ValueError, match="no prices"):
        ForkedCall(broken).result()


def test_a_process_that_dies_gives_no_answer() -> None:
    assert ForkedCall(lambda: os._exit(3)).result() is None


def test_a_call_not_wanted_is_ended_though_its_answer_is_not_read() -> None:
    """An answer larger than the pipe holds waits to be read: stop() ends its process at
    once (a run stopped by Ctrl-C or a rejected plan exited only when the prices were read)."""
    started = time.perf_counter()
    call = ForkedCall(lambda: np.zeros(1_000_000))
    time.sleep(0.5)  # the answer is computed and waiting in the pipe
    call.stop()
    assert call.child.exitcode is not None
    assert time.perf_counter() - started < 5


def test_prices_made_apart_equal_those_made_beside(monkeypatch: pytest.MonkeyPatch) -> None:
    """The demo priced in a forked process (as a large book is) has the same prices, ranges
    and plan as priced on the second thread."""
    sets = ["solver.method=decomposition", "output.steps=false", "output.baselines=false"]
    beside = optimize(prepare(DEMO, sets))
    monkeypatch.setattr(decomposition_path, "APART_ABOVE", 0)
    answered: list[bool] = []

    class Counted(ForkedCall[object]):
        def result(self) -> object | None:
            found = super().result()
            answered.append(found is not None)
            return found

    monkeypatch.setattr(outcome, "ForkedCall", Counted)
    apart = optimize(prepare(DEMO, sets))
    assert answered == [True]  # priced in the fork, not again here
    assert beside.values is not None and apart.values is not None
    assert np.array_equal(beside.values, apart.values)
    assert beside.prices is not None and apart.prices is not None
    assert beside.prices == apart.prices
    assert beside.sensitivity == apart.sensitivity


def test_pages_drawn_apart_are_the_pages_drawn_here(tmp_path: Path) -> None:
    """A large run draws its pages in a forked process: the folder is byte for byte the one
    drawn in this process (the manifest's hashes of every file included)."""
    files = plan_files(optimize(prepare(DEMO, ["output.steps=false"])))
    assert any(isinstance(writer, Drawn) for writer in files.values())
    here = write_run(tmp_path / "here", "demo", "x", files, NOW)
    apart = write_run(tmp_path / "apart", "demo", "x", files, NOW, draw_apart=True)
    names = sorted(p.relative_to(here).as_posix() for p in here.rglob("*") if p.is_file())
    assert names == sorted(p.relative_to(apart).as_posix() for p in apart.rglob("*")
                           if p.is_file())
    for name in names:
        assert (here / name).read_bytes() == (apart / name).read_bytes(), name


def test_a_page_whose_process_dies_is_drawn_here(tmp_path: Path) -> None:
    parent = os.getpid()

    def page() -> str:
        if os.getpid() != parent:
            os._exit(3)  # the forked process dies drawing it
        return "drawn here"

    folder = write_run(tmp_path, "demo", "x", {"a.txt": text_writer("first"),
                                                "page.md": rendered_writer(page)},
                       NOW, draw_apart=True)
    assert (folder / "page.md").read_text(encoding="utf-8") == "drawn here"


def test_a_page_that_fails_apart_leaves_no_folder(tmp_path: Path) -> None:
    def page() -> str:
        raise OSError(28, "No space left on device")

    with pytest.raises(OutputError, match="the disk is full"):
        write_run(tmp_path, "demo", "x", {"a.txt": text_writer("first"),
                                          "b.txt": text_writer("second"),
                                          "page.md": rendered_writer(page)},
                  NOW, draw_apart=True)
    assert not any(tmp_path.rglob("*.md")) and not any(tmp_path.rglob("*.txt"))

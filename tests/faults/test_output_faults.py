"""Writing what a run leaves besides its folder: a registry that cannot be written is said,
and the complete folder is listed later."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from allocator import run_index
from tests.builders import offer, world
from tests.faults.cli import answer
from tests.faults.test_interrupts import every_folder_verifies


def test_a_registry_that_cannot_be_written_is_said_and_the_run_is_listed_later(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario = world(tmp_path / "book", [{"customer_id": "A"}],
                     offers={"o": offer(100, cost=20)}, budget={"total": 100})
    out = tmp_path / "out"

    def too_large(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EFBIG, "File too large", str(out / run_index.FILE))

    with monkeypatch.context() as patched:
        patched.setattr(run_index, "_synced", too_large)
        code, said = answer("run", scenario, "--out", out)
    [folder] = [p for p in out.glob("world/*") if p.is_dir()]
    text = " ".join(said.split())
    assert code == 0 and (f"{out / run_index.FILE}: the run registry could not be written "
                          f"(File too large), so this run is not listed yet; its folder "
                          f"{folder} is complete, and the next `allocate runs` lists it."
                          ) in text, said
    every_folder_verifies(out, 1)

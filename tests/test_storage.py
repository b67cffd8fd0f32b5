"""The output folder is checked before the solve; a write that fails says where and what to
do, exits 4 and leaves nothing half-written."""

from __future__ import annotations

import errno
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest

from allocator import api, runs
from allocator.storage import OutputError
from tests.builders import offer, world
from tests.test_zh_everywhere import allocate


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=1)})


def no_solve(monkeypatch: pytest.MonkeyPatch) -> None:
    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("solved before checking the output folder")

    monkeypatch.setattr(api, "optimize", refuse)


def test_out_pointing_at_a_file_exits_4_before_the_solve(scenario: Path, tmp_path: Path) -> None:
    target = tmp_path / "a-file"
    target.write_text("not a folder")
    result = allocate("run", str(scenario), "--out", str(target))
    assert result.exit_code == 4, result.stderr
    assert "Traceback" not in result.stderr
    said = " ".join(result.stderr.split())
    assert f"{target}: is a file, not a folder" in said and "--out" in said


def test_a_full_disk_is_refused_before_the_solve(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_solve(monkeypatch)
    usage = shutil.disk_usage(tmp_path)
    monkeypatch.setattr(shutil, "disk_usage", lambda _: usage._replace(free=2**20))
    with pytest.raises(OutputError, match="only 1 MB free") as refused:
        api.run(scenario, output=tmp_path / "out")
    assert refused.value.exit_code == 4


def test_a_folder_that_cannot_be_made_is_refused_before_the_solve(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    no_solve(monkeypatch)
    blocked = tmp_path / "file"
    blocked.write_text("")
    with pytest.raises(OutputError, match=f"{blocked}: is a file, not a folder"):
        api.run(scenario, output=blocked / "reports")


def test_a_write_that_fails_names_the_file_and_leaves_nothing(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    def full(path: Path) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(path))

    original = runs.rendered_writer

    def failing_page(render: Callable[[], str]) -> runs.Writer:
        def write(path: Path) -> None:
            text = render()  # drawn when written, as a run draws it
            (full if "<html" in text[:200].lower() else original(lambda: text))(path)

        return write

    monkeypatch.setattr("allocator.report.run_files.rendered_writer", failing_page)
    out = tmp_path / "out"
    with pytest.raises(OutputError, match=r"report.html: cannot write the run .* disk is full"):
        api.run(scenario, output=out)
    assert [p for p in out.rglob("*") if p.is_dir() and p.name.startswith(".")] == []

"""Temporary folders name their process and machine: only this machine's folders whose process
is gone are removed; a stopped sweep with finished points is kept for --resume."""

from __future__ import annotations

import os
import subprocess
from pathlib import Path

from allocator.staging import ROWS, clean_stale, machine


def ended_process() -> int:
    process = subprocess.Popen(["true"])
    process.wait()
    return process.pid


def test_only_this_machine_s_folders_of_ended_processes_are_removed(tmp_path: Path) -> None:
    gone, here = ended_process(), machine()
    other = "0" * 8 if here != "0" * 8 else "1" * 8
    folders = {
        "killed": tmp_path / "s" / f".20990101T000000Z-deadbeef-p{gone}.{here}-abc",
        "running": tmp_path / "s" / f".20990101T000000Z-deadbeef-p{os.getpid()}.{here}-abc",
        "elsewhere": tmp_path / "s" / f".20990101T000000Z-deadbeef-p{gone}.{other}-abc",
        "unnamed": tmp_path / "s" / ".20990101T000000Z-deadbeef-x",
        "empty sweep": tmp_path / "s" / f".sweep-12345678-p{gone}.{here}-abc",
        "sweep": tmp_path / "s" / f".sweep-87654321-p{gone}.{here}-abc",
    }
    for folder in folders.values():
        folder.mkdir(parents=True)
    (folders["sweep"] / ROWS).mkdir()
    (folders["sweep"] / ROWS / "000.json").write_text("{}")
    lines: list[str] = []
    clean_stale(tmp_path, lines.append)
    assert {name for name, folder in folders.items() if folder.exists()} == {
        "running", "elsewhere", "unnamed", "sweep"}
    assert len(lines) == 3
    assert sum(line.startswith("Removed") for line in lines) == 2
    [kept] = [line for line in lines if "--resume" in line]
    assert kept.startswith(str(folders["sweep"]))

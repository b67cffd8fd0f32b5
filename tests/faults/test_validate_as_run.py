"""`validate` refuses everything a run refuses on the scenario alone (its name, its output
folder, a scheduler address from the file), with the same code and message, and writes
nothing."""

from __future__ import annotations

import errno
import os
from pathlib import Path
from types import SimpleNamespace

import pytest
import yaml

from allocator import storage
from tests.faults.cli import answer

SYSTEM_FOLDER = Path("/proc/sys/kernel")


def _edited(scenario: Path, **sections: object) -> Path:
    raw = yaml.safe_load(scenario.read_text())
    raw.update(sections)
    scenario.write_text(yaml.safe_dump(raw, sort_keys=False))
    return scenario


def _same_refusal(scenario: Path, code: int, prefix: str = "error:") -> str:
    """validate's and run's answers, which must be the same refusal; validate's text."""
    checked, said = answer("validate", scenario, prefix=prefix)
    ran, run_said = answer("run", scenario, prefix=prefix)
    assert checked == ran == code, (said, run_said)
    assert " ".join(said.split()) == " ".join(run_said.split())
    return " ".join(said.split())


@pytest.mark.parametrize("name", ["..", ".", ".hidden"])
def test_a_name_that_is_no_visible_folder_is_refused_by_validate(scenario: Path,
                                                                 name: str) -> None:
    said = _same_refusal(_edited(scenario, name=name), 2)
    assert f"name: '{name}' cannot name a folder of runs inside the output folder" in said
    assert not (scenario.parent / "reports").exists()


def test_an_output_folder_that_is_a_file_is_refused_by_validate(scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    blocker = scenario.parent / "customers.csv"
    said = _same_refusal(_edited(scenario, output={**raw["output"], "dir": str(blocker)}), 4)
    assert f"{blocker}: is a file, not a folder" in said


def test_an_output_folder_under_a_file_is_refused_by_validate(scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    blocker = scenario.parent / "customers.csv"
    inside = blocker / "reports"
    said = _same_refusal(_edited(scenario, output={**raw["output"], "dir": str(inside)}), 4)
    assert f"{blocker}: is a file, not a folder" in said


def test_a_file_where_the_scenario_s_runs_belong_is_refused_before_the_solve(
        scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    reports = Path(raw["output"]["dir"])
    reports.mkdir()
    (reports / raw["name"]).write_text("not a folder")
    said = _same_refusal(scenario, 4)
    assert f"{reports / raw['name']}: is a file, not a folder" in said


@pytest.mark.parametrize("where", ["runs", "output"])
def test_a_symbolic_link_to_nothing_is_refused_by_validate(scenario: Path, where: str) -> None:
    # where the scenario's runs belong, or as the output folder itself
    raw = yaml.safe_load(scenario.read_text())
    reports = Path(raw["output"]["dir"])
    if where == "runs":
        reports.mkdir()
    link = reports / raw["name"] if where == "runs" else reports
    link.symlink_to(scenario.parent / "nowhere")
    said = _same_refusal(scenario, 4)
    assert f"{link}: a symbolic link to {scenario.parent / 'nowhere'}, which does not" in said


def test_a_scenario_folder_linked_outside_the_output_folder_is_refused(scenario: Path,
                                                                        tmp_path: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    reports = Path(raw["output"]["dir"])
    reports.mkdir()
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    link = reports / raw["name"]
    link.symlink_to(elsewhere)
    said = _same_refusal(scenario, 4)
    assert (f"{link}: a symbolic link to {elsewhere}, outside the output folder {reports}; "
            "runs are written only inside the output folder") in said
    assert list(elsewhere.iterdir()) == []
    code, said = answer("validate", scenario, "--set", "output.language=zh", prefix="错误：")
    assert code == 4 and "位于输出目录" in "".join(said.split()), said


def test_a_scenario_folder_linked_inside_the_output_folder_is_written_through(
        scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    reports = Path(raw["output"]["dir"])
    (reports / "kept").mkdir(parents=True)
    (reports / raw["name"]).symlink_to(reports / "kept")
    code, said = answer("run", scenario)
    assert code == 0, said
    assert len(list((reports / "kept").glob("*/manifest.json"))) == 1


@pytest.mark.skipif(not SYSTEM_FOLDER.is_dir(), reason="no /proc file system here")
def test_a_system_output_folder_is_refused_by_validate(scenario: Path) -> None:
    raw = yaml.safe_load(scenario.read_text())
    out = SYSTEM_FOLDER / "runs"
    said = _same_refusal(_edited(scenario, output={**raw["output"], "dir": str(out)}), 4)
    assert f"{out}: this folder cannot be written (it is a system folder" in said


@pytest.mark.parametrize(("language", "cause"), [
    ("en", "(it is on a read-only file system)"), ("zh", "（它位于只读文件系统上）")])
def test_a_read_only_output_folder_is_said_so_by_validate_as_by_run(
        scenario: Path, monkeypatch: pytest.MonkeyPatch, language: str, cause: str) -> None:
    """A file system mounted read-only, as the system reports it: validate reads its mount
    flags, run meets EROFS creating a file; both name the same cause."""
    mount = scenario.parent / "mounted"
    mount.mkdir()
    real_access, real_statvfs = os.access, os.statvfs

    def access(path: object, mode: int, **kwargs: object) -> bool:
        return False if Path(str(path)) == mount else real_access(path, mode, **kwargs)

    def statvfs(path: object) -> object:
        found = real_statvfs(path)  # type: ignore[arg-type]
        if Path(str(path)) != mount:
            return found
        return SimpleNamespace(f_flag=found.f_flag | os.ST_RDONLY, f_blocks=found.f_blocks)

    def create(*args: object, dir: object = None, **kwargs: object) -> object:
        if dir is not None and Path(str(dir)).parent == mount:
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(Path(str(dir)) / "probe"))
        return real_temporary(*args, dir=dir, **kwargs)

    real_temporary = storage.tempfile.TemporaryFile
    monkeypatch.setattr(storage.os, "access", access)
    monkeypatch.setattr(storage.os, "statvfs", statvfs)
    monkeypatch.setattr(storage.tempfile, "TemporaryFile", create)
    monkeypatch.setattr(storage, "_make", lambda folder, made: None)
    raw = yaml.safe_load(scenario.read_text())
    out = mount / "reports"
    said = _same_refusal(_edited(scenario, output={**raw["output"], "dir": str(out),
                                                   "language": language}), 4,
                         "error:" if language == "en" else "错误：")
    assert (f"{out}: this folder cannot be written {cause}" if language == "en"
            else f"{out}：无法写入该目录{cause}") in said


def test_a_scheduler_address_from_the_file_is_refused_by_validate(scenario: Path) -> None:
    path = _edited(scenario, execution={"engine": "dask", "address": "tcp://127.0.0.1:9"})
    said = _same_refusal(path, 2)
    assert "execution.address is not taken from a scenario file" in said
    code, said = answer("validate", path, "--scenario-address")
    assert code == 0, said

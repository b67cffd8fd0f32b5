"""An output folder that cannot be written is refused before the solve with its real cause,
in both languages: a system folder (/proc, /sys), no permission, a read-only file system, a
full disk, a missing folder on its path, a file on its path, an operation not permitted."""

from __future__ import annotations

import errno
from pathlib import Path

import pytest

from allocator import storage
from allocator.storage import OutputError, unwritable
from tests.faults.cli import answer, answer_in_chinese

SYSTEM_FOLDER = Path("/proc/sys/kernel")


@pytest.mark.skipif(not SYSTEM_FOLDER.is_dir(), reason="no /proc file system here")
@pytest.mark.parametrize("out", [SYSTEM_FOLDER, SYSTEM_FOLDER / "runs"])
def test_a_system_folder_is_said_to_be_one(scenario: Path, out: Path) -> None:
    code, said = answer("run", scenario, "--out", out)
    said = " ".join(said.split())
    assert code == 4, said
    assert (f"{out}: this folder cannot be written (it is a system folder, not on a regular "
            "file system, as /proc and /sys are)") in said
    assert "No such file or directory" not in said


@pytest.mark.skipif(not SYSTEM_FOLDER.is_dir(), reason="no /proc file system here")
def test_a_system_folder_is_said_to_be_one_in_chinese(scenario: Path) -> None:
    code, said = answer_in_chinese("run", scenario, "--out", SYSTEM_FOLDER,
                                   "--set", "output.language=zh")
    assert code == 4 and "这是系统目录，不在普通文件系统上" in "".join(said.split()), said


CAUSES = {
    errno.EACCES: ("you have no permission to create files in it", "您无权在其中创建文件"),
    errno.EROFS: ("it is on a read-only file system", "它位于只读文件系统上"),
    errno.ENOSPC: ("its disk is full", "其所在磁盘已满"),
    errno.ENOTDIR: ("a part of its path is a file, not a folder", "其路径中的某一部分是文件"),
    errno.EPERM: ("the system does not permit creating files in it", "系统不允许在其中创建文件"),
}


@pytest.mark.parametrize("code", sorted(CAUSES))
def test_each_common_cause_is_worded_in_both_languages(tmp_path: Path, code: int) -> None:
    error = unwritable(tmp_path, OSError(code, "system words", str(tmp_path / "probe")))
    english, chinese = CAUSES[code]
    assert isinstance(error, OutputError) and error.exit_code == 4
    assert f"{tmp_path}: this folder cannot be written ({english}" in str(error)
    assert chinese in error.shown("zh") and "system words" not in str(error)


def test_a_folder_missing_on_the_path_is_said_so(tmp_path: Path) -> None:
    gone = tmp_path / "gone" / "runs"
    error = unwritable(gone, OSError(errno.ENOENT, "No such file", str(gone)))
    assert "(a folder on its path does not exist)" in str(error)


def test_a_cause_without_words_keeps_the_system_s_own(tmp_path: Path,
                                                      monkeypatch: pytest.MonkeyPatch) -> None:
    def busy(*args: object, **kwargs: object) -> None:
        raise OSError(errno.EBUSY, "Device or resource busy", str(tmp_path / "probe"))

    monkeypatch.setattr(storage.tempfile, "TemporaryFile", busy)
    with pytest.raises(OutputError, match=r"cannot be written \(Device or resource busy\)"):
        storage.check_writable(tmp_path)

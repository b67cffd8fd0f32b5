"""`allocate report RUN_DIR`: the run's report files, each said for what it is, in the run's
language."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from allocator import api
from tests.builders import two_customers
from tests.test_cli import allocate as program
from tests.test_zh_everywhere import allocate


@pytest.mark.parametrize(("language", "said"), [
    ("en", ["The run's report files:", "  the report, for a browser: ",
            "  the summary in Markdown: ", "  the plan as a workbook: "]),
    ("zh", ["本次运行的报告文件：", "  报告（浏览器阅读）：", "  摘要（Markdown）：", "  方案工作簿："])])
def test_report_says_what_each_file_is(tmp_path: Path, language: str, said: list[str]) -> None:
    run = api.run(two_customers(tmp_path), [f"output.language={language}"],
                  output=tmp_path / "reports")
    result = allocate("report", str(run.folder))
    assert result.exit_code == 0, result.stderr
    lines = re.sub(r"(?<=(\S))\n {4}(?=\S)", lambda found: " " if found[1].isascii() else "",
                   result.stdout).splitlines()  # a path too long to follow its words: below
    assert [line[:len(start)] for line, start in zip(lines, said, strict=True)] == said
    assert lines[1].endswith(str(run.folder / "report.html"))
    assert any(line.strip() == str(run.folder / "report.html")
               or line.endswith(f" {run.folder / 'report.html'}")
               for line in result.stdout.splitlines())  # whole on its line, to paste


def test_report_refuses_a_folder_whose_files_changed(tmp_path: Path) -> None:
    # its report files would be shown as the run's though its plan no longer is
    run = api.run(two_customers(tmp_path), output=tmp_path / "reports")
    (run.folder / "customer_plan.parquet").write_bytes(b"")
    result = program("report", str(run.folder))
    assert result.returncode == 2, result.stdout
    said = " ".join(result.stderr.split())
    assert "customer_plan.parquet" in said and "allocate verify" in said
    assert "report.html" not in result.stdout and "Traceback" not in result.stderr

"""Run the command line in this process and hold it to its promise on bad input."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from allocator.cli.app import app
from tests.conftest import strict_json, unwrapped

DOCUMENTED = {0, 1, 2, 4}
"""Success, infeasible, bad input, I/O; 3 (an unexpected fault) must never come of input."""


def answer(*args: str | Path, prefix: str = "error:") -> tuple[int, str]:
    """The exit code and everything printed (each paragraph on one line: unwrapped), after
    checking both."""
    result = CliRunner().invoke(app, [str(a) for a in args])
    output = unwrapped(result.output)
    assert result.exception is None or isinstance(result.exception, SystemExit), output
    assert "Traceback" not in output, output
    assert result.exit_code in DOCUMENTED, f"exit code {result.exit_code}: {output}"
    if result.exit_code in (2, 4):
        assert prefix in output, output
    for arg in args:
        folder = Path(arg).parent / "reports"
        for manifest in sorted(folder.rglob("manifest.json")) if folder.is_dir() else []:
            strict_json(manifest)
    return result.exit_code, output


def answer_in_chinese(*args: str | Path) -> tuple[int, str]:
    """`answer` of a run whose messages are in Chinese."""
    return answer(*args, prefix="错误：")

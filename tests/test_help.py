"""Every command's help reads whole at 80 columns: wrapped, never cut short with an ellipsis."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from allocator.cli.app import app

COMMANDS = ("run", "sweep", "compare")


@pytest.mark.parametrize("command", COMMANDS)
def test_help_wraps_at_80_columns(command: str) -> None:
    result = CliRunner().invoke(app, [command, "--help"], env={"COLUMNS": "80"})
    assert result.exit_code == 0, result.output
    assert "…" not in result.output
    said = " ".join(result.output.split())
    if command == "sweep":
        assert "key=start:stop:step or key=v1,v2,..." in said and "budget.total=9.5e6" in said
    if command == "run":
        assert "(postgresql://user@host:port/database, no password)" in said

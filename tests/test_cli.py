"""The command line: validate, generate, exit codes, no tracebacks for user errors."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest

from tests.test_zh_everywhere import allocate as in_process

ROOT = Path(__file__).resolve().parents[1]


def allocate(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    """`allocate ARGS` as the program runs them, in a process of its own: its start-up, exit
    code and output streams as a shell sees them."""
    command = [sys.executable, "-c", "from allocator.cli.app import main; main()", *args]
    return subprocess.run(command, cwd=cwd, capture_output=True, text=True, timeout=300)


def test_validate_demo_prints_tier_summary() -> None:
    result = allocate("validate", "scenarios/demo.yaml")
    assert result.returncode == 0, result.stderr
    for word in ("private", "wealth", "premier", "mass", "closed account", "migration"):
        assert word in result.stdout


def test_validate_prints_each_override_with_the_value_it_gave() -> None:
    result = in_process("validate", str(ROOT / "scenarios" / "demo.yaml"), "--set",
                        "budget.total=-10%", "--set", "data.generate.customers=300")
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert "Overrides applied: --set: total budget 45,000 EUR → 40,500 EUR" in lines
    assert "Overrides applied: --set: customers generated 3,000 → 300" in lines


@pytest.mark.parametrize(("language", "error"), [
    ("en", "error: --set rules.add_rms.premier_rmx=2: rules.add_rms.premier_rmx: "),
    ("zh", "错误：--set rules.add_rms.premier_rmx=2：rules.add_rms.premier_rmx：")])
def test_validate_refuses_a_misspelt_grade_before_printing_any_override(
        language: str, error: str) -> None:
    result = allocate("validate", "scenarios/demo.yaml", "--set", "rules.add_rms.premier_rmx=2",
                      "--set", "data.generate.customers=300", "--set",
                      f"output.language={language}")
    assert result.returncode == 2
    assert result.stdout == "" and result.stderr.startswith(error)


def test_validate_show_prints_the_resolved_scenario() -> None:
    result = in_process("validate", str(ROOT / "scenarios" / "demo_tight.yaml"), "--show",
                        "--set", "solver.seed=5")
    assert result.exit_code == 0, result.stderr
    assert "name: demo_tight" in result.stdout
    assert "total: 40500.0" in result.stdout  # from demo_tight.yaml over demo.yaml
    assert "seed: 5" in result.stdout
    assert "hours_per_customer: 24.0" in result.stdout  # inherited


def test_user_error_exits_2_without_traceback(tmp_path: Path) -> None:
    scenario = tmp_path / "s.yaml"
    text = (ROOT / "scenarios" / "demo.yaml").read_text().replace("budget:", "budegt:")
    scenario.write_text(text)
    result = allocate("validate", str(scenario))
    assert result.returncode == 2
    assert "Did you mean 'budget'?" in result.stderr
    assert "Traceback" not in result.stderr + result.stdout
    debug = allocate("--debug", "validate", str(scenario))
    assert debug.returncode == 2 and "Traceback" in debug.stderr


def test_generate_writes_and_refuses_to_overwrite(tmp_path: Path) -> None:
    out = tmp_path / "book"
    first = in_process("generate", "--customers", "2000", "--seed", "1", str(out))
    assert first.exit_code == 0, first.stderr
    assert sorted(p.name for p in out.iterdir()) == ["customers.parquet", "offers.csv", "rms.csv"]
    again = in_process("generate", "--customers", "2000", str(out))
    assert again.exit_code == 2 and "--overwrite" in again.stderr
    assert len(pd.read_csv(out / "rms.csv")) == 12  # full-time: one per grade and region
    denser = in_process("generate", "--customers", "2000", "--seed", "1", "--customers-per-rm",
                        "50", "--overwrite", str(out))
    assert denser.exit_code == 0, denser.stderr
    assert len(pd.read_csv(out / "rms.csv")) == 2000 / 50  # four regions of 500


def test_messages_and_tables_print_bracketed_labels_as_they_are(
        capsys: pytest.CaptureFixture[str]) -> None:
    """Labels like [premier] are text, not terminal markup that would swallow them."""
    from allocator.cli.common import fail
    from allocator.cli.rich_tables import print_frame
    from allocator.errors import AllocatorError

    print_frame(pd.DataFrame({"limit": ["rm_min_load [RM00010]"], "value": [1.0]}), "[t]")
    with pytest.raises(SystemExit) as exited:
        fail(AllocatorError("the limits priced highest: offer_minimum [wealth_mandate]"))
    assert exited.value.code == AllocatorError.exit_code
    out, err = capsys.readouterr()
    assert "rm_min_load [RM00010]" in out and "[t]" in out
    assert "offer_minimum [wealth_mandate]" in err


def test_an_unexpected_fault_prints_one_paragraph_and_logs_its_traceback(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A fault nobody raised on purpose: one paragraph naming the log (whole on its line),
    exit code 3, no traceback on screen; the log holds the traceback. Errors raised on purpose
    keep their own codes."""
    import tempfile

    from typer.testing import CliRunner

    from allocator import api
    from allocator.cli.app import app
    from allocator.errors import NoPlanError

    def fault(*args: object, **kwargs: object) -> None:
        raise KeyError("tier\nmissing")

    monkeypatch.setattr(tempfile, "tempdir", str(tmp_path))
    monkeypatch.setattr(api, "run", fault)
    scenario = str(ROOT / "tests" / "data" / "tiny" / "scenario.yaml")
    result = CliRunner().invoke(app, ["run", scenario], catch_exceptions=False)
    assert result.exit_code == 3
    assert "Traceback" not in result.output
    lines = result.stderr.strip().splitlines()
    line = " ".join(" ".join(lines).split())
    [log] = tmp_path.glob("allocator-*/allocator-crash-*.log")
    assert line.startswith("error: unexpected KeyError: 'tier\\nmissing'") and str(log) in line
    assert any(str(log) in shown for shown in lines), lines
    assert "Traceback" in log.read_text() and "raise KeyError" in log.read_text()
    assert log.parent.name == f"allocator-{os.getuid()}" and "readable only by you" in line
    assert (log.stat().st_mode & 0o777, log.parent.stat().st_mode & 0o777) == (0o600, 0o700)

    def no_plan(*args: object, **kwargs: object) -> None:
        raise NoPlanError("tiny: no plan; raise solver.time_limit.")

    monkeypatch.setattr(api, "run", no_plan)
    result = CliRunner().invoke(app, ["run", scenario], catch_exceptions=False)
    assert result.exit_code == NoPlanError.exit_code == 1
    assert "no plan; raise solver.time_limit." in result.stderr


def test_generate_refuses_a_book_too_large_to_make(tmp_path: Path) -> None:
    result = allocate("generate", "--customers", "100000000000000", str(tmp_path / "g"))
    assert result.returncode == 2 and "Traceback" not in result.stderr
    assert "100000000" in result.stderr and not (tmp_path / "g").exists()


def test_a_closed_output_ends_the_run_quietly_with_its_folder_whole(tmp_path: Path) -> None:
    """`allocate scenario.yaml | head -1`: the reader goes away before the run prints; the run
    folder is written, registered and verifies; the exit code is 141, without an error."""
    from allocator import api
    from allocator.errors import CLOSED_OUTPUT_EXIT_CODE
    from allocator.run_index import sync
    from tests.builders import offer, world

    scenario = world(tmp_path / "book", [{"customer_id": "A", "tier_key": 2.0}],
                     offers={"o": offer(100, cost=20)}, budget={"total": 100})
    out = tmp_path / "out"
    read, write = os.pipe()
    os.close(read)  # the reader is gone before the first line
    command = [sys.executable, "-c", "from allocator.cli.app import main; main()",
               str(scenario), "--out", str(out)]
    done = subprocess.run(command, cwd=ROOT, stdout=write, stderr=subprocess.PIPE, text=True,
                          timeout=300)
    os.close(write)
    assert done.returncode == CLOSED_OUTPUT_EXIT_CODE == 141
    assert "Traceback" not in done.stderr and "rror" not in done.stderr, done.stderr
    import duckdb

    with duckdb.connect(str(out / "registry.duckdb"), read_only=True) as con:
        [(folder,)] = con.execute("SELECT folder FROM runs").fetchall()
    assert list(sync(out)["folder"]) == [folder] and api.verify_run(out / folder).ok


def test_version_alone_prints_the_version() -> None:
    for args in (("--version",), ("--version", "run", "no-such.yaml")):
        done = allocate(*args)
        assert done.returncode == 0 and done.stdout.startswith("allocator "), args

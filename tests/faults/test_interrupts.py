"""A run or a sweep killed (SIGKILL), terminated (SIGTERM) or interrupted (SIGINT) at each
stage (read, solve, write, registry; a sweep's finished point): the signals stop it cleanly, a later run removes what a killed one left, a sweep
resumes from its finished points, and afterwards `runs` lists every folder and each verifies."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

from allocator import api
from allocator.run_index import sync
from allocator.staging import PAUSE
from allocator.sweep_run import run_sweep
from tests.builders import offer, world
from tests.faults.cli import answer
from tests.faults.conftest import PROFILE
from tests.test_cli import ROOT

VARY = "budget.total=50,100,150"


@pytest.fixture
def scenario(tmp_path: Path) -> Path:
    return world(tmp_path / "book", [{"customer_id": "A"}, {"customer_id": "B", "tier_key": 2.0}],
                 offers={"o": offer(100, cost=20)}, budget={"total": 100})


def paused(args: list[str], stage: str, folder: Path) -> subprocess.Popen[str]:
    """allocate with `args`, waiting at `stage` (the process is there when this returns)."""
    marker = folder / f"at-{stage}"
    command = [sys.executable, "-c", "from allocator.cli.app import main; main()", *args]
    env = {**os.environ, PAUSE: f"{stage}:{marker}", "ALLOCATOR_PAUSE_SECONDS": "120"}
    process = subprocess.Popen(command, cwd=ROOT, env=env, stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, preexec_fn=_interruptible)
    deadline = time.monotonic() + 120
    while not marker.exists():
        if process.poll() is not None or time.monotonic() > deadline:
            process.kill()
            raise AssertionError(f"never reached {stage}: {process.communicate()[1]}")
        time.sleep(0.1)
    return process


def _interruptible() -> None:
    """Ctrl-C reaches the run as in a terminal, also where these tests run in the background
    (a shell without job control starts its background commands with SIGINT ignored)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)


def stopped(process: subprocess.Popen[str], signum: signal.Signals) -> tuple[int, str]:
    process.send_signal(signum)
    _, err = process.communicate(timeout=60)
    return process.returncode, " ".join(err.split())


def hidden(out: Path) -> list[Path]:
    return [p for p in out.rglob(".*") if p.is_dir()]


def every_folder_verifies(out: Path, count: int) -> None:
    table = sync(out)
    assert len(table) == count
    for folder in table["folder"]:
        assert api.verify_run(out / folder).ok, folder


SIGNALS = (signal.SIGINT, signal.SIGKILL, signal.SIGTERM)
FULL = PROFILE.max_examples > 100
"""The fuzz profile (see conftest) stops runs and sweeps with every signal at every stage;
the default run with a few (each stage, each signal), to keep the suite quick."""


def _stages(stages: tuple[str, ...]) -> list[tuple[signal.Signals, str]]:
    """Every signal at every stage (FULL), or each stage once, the signals taking turns."""
    if FULL:
        return [(signum, stage) for stage in stages for signum in SIGNALS]
    return [(SIGNALS[i % len(SIGNALS)], stage) for i, stage in enumerate(stages)]


@pytest.mark.parametrize(("signum", "stage"), [
    (signal.SIGKILL, "solve"), (signal.SIGKILL, "write"), (signal.SIGKILL, "rename"),
    (signal.SIGTERM, "write"), (signal.SIGTERM, "rename"), (signal.SIGINT, "solve"),
    (signal.SIGINT, "write")] if FULL else [
    (signal.SIGINT, "solve"), (signal.SIGTERM, "write"), (signal.SIGKILL, "rename")])
def test_a_stopped_run_leaves_nothing_a_rerun_cannot_clean(
        scenario: Path, tmp_path: Path, signum: signal.Signals, stage: str) -> None:
    out = tmp_path / "out"
    code, said = stopped(paused(["run", str(scenario), "--out", str(out)], stage, tmp_path),
                         signum)
    if signum == signal.SIGKILL:
        assert code == -signal.SIGKILL
        assert len(hidden(out)) == (0 if stage == "solve" else 1)
    else:
        assert code == {signal.SIGTERM: 143, signal.SIGINT: 130}[signum], said
        assert f"Stopped by {signum.name}" in said and "Traceback" not in said
        assert hidden(out) == []
    left = hidden(out)
    lines: list[str] = []
    made = api.run(scenario, output=out, notify=lines.append)
    assert made.feasible and hidden(out) == []
    assert [line.split(":")[0] for line in lines] == [f"Removed {p}" for p in left]
    every_folder_verifies(out, 1)


@pytest.mark.parametrize("stage", ["renamed", "registry"])
def test_a_what_if_stopped_after_its_base_is_planned_says_it_was_not_written(
        scenario: Path, tmp_path: Path, stage: str) -> None:
    # with no plain run yet, a what-if plans it first: a stop once that run is in place named
    # it as "the run folder", though the what-if was never written
    out = tmp_path / "out"
    code, said = stopped(paused(["run", str(scenario), "--out", str(out), "--set",
                                 "budget.total=90"], stage, tmp_path), signal.SIGTERM)
    [folder] = [p for p in out.glob("world/*") if p.is_dir()]
    _ended(code, said, signal.SIGTERM, "the what-if was not written (nothing half-written is "
                                       "left); its scenario without overrides, planned first "
                                       f"as its base, is complete at {folder}")
    assert "budget" not in json.loads((folder / "manifest.json").read_text())["applied"]
    every_folder_verifies(out, 1)


@pytest.mark.parametrize(("signum", "stage"), _stages(("registry", "read")))
def test_a_run_stopped_reading_or_registering_ends_cleanly(
        scenario: Path, tmp_path: Path, signum: signal.Signals, stage: str) -> None:
    out = tmp_path / "out"
    code, said = stopped(paused(["run", str(scenario), "--out", str(out)], stage, tmp_path),
                         signum)
    written = 1 if stage == "registry" else 0  # registering comes after the folder is whole
    _ended(code, said, signum, "the next `allocate runs` lists it" if written else
           "no run folder was written")
    assert hidden(out) == []
    assert len([p for p in out.glob("world/*") if p.is_dir()]) == written
    assert api.run(scenario, output=out).feasible
    every_folder_verifies(out, written + 1)


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT] if FULL else [signal.SIGTERM])
def test_a_run_stopped_after_its_folder_is_in_place_says_where_it_is(
        scenario: Path, tmp_path: Path, signum: signal.Signals) -> None:
    """Between the rename and the registry the folder is complete: the message says so."""
    out = tmp_path / "out"
    code, said = stopped(paused(["run", str(scenario), "--out", str(out)], "renamed", tmp_path),
                         signum)
    [folder] = [p for p in out.glob("world/*") if p.is_dir()]
    _ended(code, said, signum, f"the run folder is complete at {folder}; the next `allocate "
                               "runs` lists it")
    assert "no run folder was written" not in said
    every_folder_verifies(out, 1)


@pytest.mark.parametrize(("signum", "stage"), _stages(("read", "solve", "write", "registry"))
                         if FULL else [(signal.SIGKILL, "solve"), (signal.SIGTERM, "registry")])
def test_a_sweep_stopped_at_any_stage_ends_cleanly(
        scenario: Path, tmp_path: Path, signum: signal.Signals, stage: str) -> None:
    out, two = tmp_path / "out", "budget.total=50,100"
    args = ["sweep", str(scenario), "--vary", two, "--tighten", "0", "--out", str(out)]
    code, said = stopped(paused(args, stage, tmp_path), signum)
    _ended(code, said, signum, "the next `allocate runs` lists it" if stage == "registry"
           else "--resume")
    swept = run_sweep(scenario, [two], tighten=0, output=out)  # cleans what a kill left
    assert set(swept.table["status"]) == {"optimal"} and hidden(out) == []
    every_folder_verifies(out, 2 * len(list(out.glob("world/sweep-*"))))


def _ended(code: int, said: str, signum: signal.Signals, words: str) -> None:
    if signum == signal.SIGKILL:
        assert code == -signal.SIGKILL
        return
    assert code == {signal.SIGTERM: 143, signal.SIGINT: 130}[signum], said
    assert f"Stopped by {signum.name}" in said and words in said and "Traceback" not in said


@pytest.mark.parametrize("signum", SIGNALS if FULL else (signal.SIGKILL,))
def test_a_stopped_sweep_keeps_its_finished_points_and_resumes(
        scenario: Path, tmp_path: Path, signum: signal.Signals) -> None:
    out = tmp_path / "out"
    args = ["sweep", str(scenario), "--vary", VARY, "--tighten", "0", "--out", str(out)]
    code, said = stopped(paused(args, "point", tmp_path), signum)
    if signum != signal.SIGKILL:
        assert code == {signal.SIGTERM: 143, signal.SIGINT: 130}[signum], said
        assert "--resume" in said and "Traceback" not in said
    [kept] = [p for p in hidden(out) if p.name.startswith(".sweep-")]
    [point] = [p for p in kept.iterdir() if p.name.startswith("point-")]  # the middle one
    [first] = [p.name for p in point.iterdir()]
    lines: list[str] = []
    api.run(scenario, output=out, notify=lines.append)  # another run keeps the sweep
    assert kept.exists() and (signum != signal.SIGKILL or "--resume" in " ".join(lines))
    code, said = answer(*args, "--resume")
    assert code == 0, said
    assert ("Resuming the interrupted sweep: 1 of its 3 points was finished and is reused; "
            "2 are planned now.") in " ".join(said.split()), said
    [swept] = (out / "world").glob("sweep-*")
    assert len(pd.read_csv(swept / "sweep.csv")) == 3
    assert (swept / point.name / first).is_dir()  # the finished point, not re-planned
    assert hidden(out) == []
    every_folder_verifies(out, 4)


@pytest.mark.parametrize(("language", "words"), [
    ("en", "Stopped by SIGTERM before any point of the sweep had finished: nothing was kept"),
    ("zh", "已由 SIGTERM 停止：参数扫描尚无任何点完成，未保留任何内容")])
def test_a_sweep_stopped_before_any_point_finished_says_nothing_was_kept(
        scenario: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, language: str,
        words: str) -> None:
    """The message and what is left agree: no folder, and --resume finds none."""
    from typer.testing import CliRunner

    from allocator import sweep_points
    from allocator.cli.app import app
    from allocator.interrupts import Terminated

    def terminated(stage: str) -> None:
        if stage == "read":
            raise Terminated(signal.SIGTERM)

    monkeypatch.setattr(sweep_points, "reached", terminated)
    out = tmp_path / "out"
    done = CliRunner().invoke(app, ["sweep", str(scenario), "--vary", VARY, "--tighten", "0",
                                    "--out", str(out), "--set", f"output.language={language}"])
    said = " ".join(done.output.split())
    assert done.exit_code == 143, said
    assert words in said and "--resume 运行即可" not in said, said
    assert "finished points are kept" not in said, said
    assert hidden(out) == []
    with pytest.raises(Exception, match="no interrupted sweep"):
        run_sweep(scenario, [VARY], tighten=0, output=out, resume=True)


def test_resume_without_an_interrupted_sweep_says_so(scenario: Path, tmp_path: Path) -> None:
    with pytest.raises(Exception, match="no interrupted sweep"):
        run_sweep(scenario, [VARY], tighten=0, output=tmp_path / "out", resume=True)


def test_a_chinese_run_says_it_stopped_in_chinese(scenario: Path, tmp_path: Path) -> None:
    out = tmp_path / "out"
    args = ["run", str(scenario), "--out", str(out), "--set", "output.language=zh"]
    code, said = stopped(paused(args, "write", tmp_path), signal.SIGTERM)
    assert code == 143 and "已由 SIGTERM 停止" in said and "Stopped" not in said


def sigterm_while_starting(argv: list[str], **locale: str) -> subprocess.CompletedProcess[str]:
    """A process that starts `allocate` with `argv` and is sent SIGTERM once its modules are
    loaded, before any scenario is read (its `locale` variables, LC_ALL=..., over ours)."""
    code = (f"import sys; sys.argv[:] = {argv!r}; import allocator.cli, os, signal, time; "
            "os.kill(os.getpid(), signal.SIGTERM); time.sleep(30)")
    return subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **locale})


def test_a_sigterm_while_the_program_starts_says_it_stopped() -> None:
    """SIGTERM while `allocate` loads its modules, before any scenario is read: the stop
    message and exit code 143 (not a silent death)."""
    done = sigterm_while_starting(["allocate"])
    assert done.returncode == 143
    assert "Stopped by SIGTERM while starting" in done.stderr


def test_a_sigterm_while_the_program_starts_says_it_stopped_in_the_locale_s_language(
        ) -> None:
    """No scenario is read yet: a Chinese locale's (before: English whatever the locale)."""
    done = sigterm_while_starting(["allocate"], LC_ALL="zh_CN.UTF-8")
    assert done.returncode == 143
    assert done.stderr == "因 SIGTERM 在启动时停止：尚未读取或写入任何内容。\n", done.stderr


def test_a_sigint_while_the_program_starts_says_it_stopped() -> None:
    """Ctrl-C while `allocate` loads its modules: the stop message and exit code 130 (not a
    KeyboardInterrupt traceback from the import machinery)."""
    code = ("import sys; sys.argv[0] = 'allocate'; import allocator.cli, os, signal, time; "
            "os.kill(os.getpid(), signal.SIGINT); time.sleep(30)")
    done = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True,
                          text=True, timeout=60, preexec_fn=_interruptible,
                          env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    assert done.returncode == 130, done.stderr
    assert "Stopped by SIGINT while starting" in done.stderr


@pytest.mark.parametrize("after", [0.1, 0.2, 0.6, 1.5] if FULL else [0.3])
def test_ctrl_c_a_moment_after_start_says_it_stopped(scenario: Path, tmp_path: Path,
                                                     after: float) -> None:
    """Ctrl-C a fraction of a second after `allocate` starts, wherever it comes (loading the
    modules, reading the scenario): a stop line and 130, no traceback."""
    code = "import sys; sys.argv[0] = 'allocate'; from allocator.cli.app import main; main()"
    process = subprocess.Popen(
        [sys.executable, "-c", code, "run", str(scenario), "--out", str(tmp_path / "out")],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        preexec_fn=_interruptible, env={**os.environ, "PYTHONPATH": str(ROOT / "src")})
    time.sleep(after)
    code_, said = stopped(process, signal.SIGINT)
    assert code_ == 130 and "Stopped by SIGINT" in said and "Traceback" not in said, said


@pytest.mark.parametrize(("command", "signum"), [
    (command, signum) for command in ("run", "sweep")
    for signum in (signal.SIGTERM, signal.SIGINT)] if FULL else [("run", signal.SIGTERM)])
def test_a_signal_after_the_last_line_still_says_it_stopped(
        scenario: Path, tmp_path: Path, command: str, signum: signal.Signals) -> None:
    """The folder is written and said: a signal then still prints the stop line naming the
    complete folder, with the signal's exit code (not a silent death by the signal)."""
    out = tmp_path / "out"
    args = [command, str(scenario), "--out", str(out)] + (
        ["--vary", "budget.total=50,100", "--tighten", "0"] if command == "sweep" else [])
    code, said = stopped(paused(args, "done", tmp_path), signum)
    [folder] = [p for p in out.glob("world/*") if p.is_dir()]
    kind = "sweep" if command == "sweep" else "run"
    _ended(code, said, signum, f"the {kind} folder is complete at {folder}")
    every_folder_verifies(out, 2 if command == "sweep" else 1)


def _program(args: list[str], env: dict[str, str] | None = None) -> subprocess.Popen[str]:
    code = "import sys; sys.argv[0] = 'allocate'; from allocator.cli.app import main; main()"
    return subprocess.Popen([sys.executable, "-c", code, *args], cwd=ROOT, text=True,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            preexec_fn=_interruptible,
                            env={**os.environ, "PYTHONPATH": str(ROOT / "src"), **(env or {})})


@pytest.mark.skipif(not FULL, reason="the fuzz profile's: the last moment is tested below")
@pytest.mark.parametrize("after", [0.0, 0.05, 0.1, 0.2, 0.4, 0.6])
def test_a_sigterm_in_the_moments_after_written_to_is_said_or_finds_the_program_ended(
        scenario: Path, tmp_path: Path, after: float) -> None:
    """SIGTERM some moments after "Written to": the program has either ended (exit 0) or
    says it stopped (143); it never dies of the signal while the interpreter shuts down."""
    process = _program(["run", str(scenario), "--out", str(tmp_path / "out")])
    assert process.stdout is not None
    for line in process.stdout:
        if "Written to" in line:
            break
    time.sleep(after)
    code, said = stopped(process, signal.SIGTERM)
    assert code in (0, 143), (code, said)
    assert code == 0 or "Stopped by SIGTERM: the run folder is complete at" in said, said


@pytest.mark.parametrize("signum", [signal.SIGTERM, signal.SIGINT] if FULL else [signal.SIGTERM])
def test_a_signal_while_the_program_ends_is_said_with_its_code(
        scenario: Path, tmp_path: Path, signum: signal.Signals) -> None:
    """The last moment: the command is done and its output flushed, the process about to
    end; a signal there still prints the stop line and exits with the signal's code."""
    marker = tmp_path / "at-leave"
    process = _program(["run", str(scenario), "--out", str(tmp_path / "out")],
                       {PAUSE: f"leave:{marker}", "ALLOCATOR_PAUSE_SECONDS": "1"})
    deadline = time.monotonic() + 120
    while not marker.exists():
        assert process.poll() is None and time.monotonic() < deadline, process.communicate()
        time.sleep(0.05)
    code, said = stopped(process, signum)
    [folder] = [p for p in (tmp_path / "out").glob("world/*") if p.is_dir()]
    _ended(code, said, signum, f"the run folder is complete at {folder}")

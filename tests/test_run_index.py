"""The run registry: rows per run, rebuilt from the folders, consistent after interruptions."""

from __future__ import annotations

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import duckdb
import pandas as pd
import pytest

from allocator import api
from allocator.cli.runs import run_kinds
from allocator.errors import UserError
from allocator.report.language import Words
from allocator.run_index import COLUMNS, FILE, sync
from allocator.run_label import created_order, minute_utc
from allocator.storage import OutputError
from tests.builders import offer, world
from tests.test_cli import allocate as program
from tests.test_zh_everywhere import allocate


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A book of one customer, its plain run and a budget what-if in its reports folder
    (planned once per module)."""
    folder = tmp_path_factory.mktemp("planned")
    path = world(folder, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)},
                 budget={"total": 100})
    root = folder / "reports"
    api.run(path, output=root)
    api.run(path, sets=["budget.total=10"], output=root)
    return folder


@pytest.fixture
def reports(planned: Path, tmp_path: Path) -> Path:
    """A fresh copy of the module's book and reports folder in tmp_path; the reports folder."""
    shutil.copytree(planned, tmp_path, dirs_exist_ok=True)
    return tmp_path / "reports"


def test_each_run_has_a_row(reports: Path) -> None:
    table = sync(reports)
    assert len(table) == 2 and set(table["status"]) == {"optimal"}
    assert sorted(table["objective"]) == pytest.approx([0.0, 50.0])
    assert set(table["applied"]) == {"", "--set budget.total=10"}
    assert (reports / FILE).exists()


def test_a_folder_that_cannot_be_written_is_listed_from_its_runs(
        reports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    # an archive on read-only storage: `runs` refused to list it (exit 4), as the registry
    # could not be written; it lists the runs from their folders and says the registry is stale
    before = sync(reports)
    (reports / FILE).unlink()
    monkeypatch.setattr("allocator.run_index.writable", lambda folder: folder != reports)
    said: list[str] = []
    listed = sync(reports, said.append)
    pd.testing.assert_frame_equal(listed, before)
    assert said == [f"{reports} cannot be written: its run registry is not updated, and the "
                    "runs are listed from their folders."]
    assert not (reports / FILE).exists()


def test_rebuilt_and_kept_consistent(reports: Path) -> None:
    before = sync(reports)
    (reports / FILE).unlink()
    assert sync(reports)["folder"].tolist() == before["folder"].tolist()
    (reports / "world" / ".20990101T000000Z-deadbeef-x").mkdir()  # an interrupted run
    shutil.rmtree(reports / before["folder"].iloc[0])
    after = sync(reports)
    assert after["folder"].tolist() == before["folder"].tolist()[1:]
    (reports / FILE).write_bytes(b"not a database")
    assert len(sync(reports)) == 1


def test_cli_runs_filters(reports: Path) -> None:
    result = program("runs", "--reports", str(reports), "--status", "optimal")
    assert result.returncode == 0 and "(2 matching)" in " ".join(result.stdout.split())
    result = program("runs", "--reports", str(reports), "--scenario", "nothing")
    assert result.returncode == 0, result.stderr  # the line alone, no table of no rows
    assert result.stdout == "No runs of scenario 'nothing'. Scenarios with runs: world.\n"
    result = program("runs", "--reports", str(reports), "--status", "infeasible")
    assert result.returncode == 0, result.stderr  # before: 'No runs yet', under two tables
    assert result.stdout == "No runs with --status infeasible. The runs' statuses: optimal.\n"
    result = program("runs", "--reports", str(reports), "--scenario", "world", "--status",
                     "infeasible", "--language", "zh")
    assert result.stdout == "没有符合 --status infeasible 的运行。已有运行的状态：optimal。\n"


def test_a_list_cut_by_last_says_so_and_how_to_list_them_all(reports: Path) -> None:
    result = allocate("runs", "--reports", str(reports), "--last", "1")
    said = " ".join(result.stdout.split())
    assert result.exit_code == 0 and "(the last 1 of 2 matching; --last 2 lists them all)" in said
    result = allocate("runs", "--reports", str(reports), "--last", "1", "--language", "zh")
    assert "（符合条件2个，列出最近1个；--last2可列出全部）" in "".join(result.stdout.split())


def test_runs_says_what_a_run_without_a_label_is(reports: Path) -> None:
    # the plain run and the budget what-if of the fixture, then a labelled run, a sweep's
    # point and a run that only sets its language (no what-if)
    table = pd.DataFrame({"label": [None, "", "cut10", None, None],
                          "kind": ["run", "run", "run", "sweep point", "run"],
                          "applied": ["", "--set budget.total=10 --use tight", "--use tight",
                                      "--set budget.total=10", "--set output.language=zh"]})
    assert run_kinds(table, Words("en")) == ["plan", "what-if", "cut10", "sweep point", "plan"]
    assert run_kinds(table, Words("zh"))[:2] == ["方案", "假设分析"]
    listed = allocate("runs", "--reports", str(reports))
    rows = [line.split("│")[2].strip() for line in listed.stdout.splitlines()
            if line.startswith(("│ 1 ", "│ 2 "))]
    assert rows[:2] == ["plan", "what-if"], listed.stdout  # in the order they were made


def made_at(reports: Path, folder: str, created: str) -> None:
    """Give the run `folder`'s manifest the time it was made, `created`."""
    path = reports / folder / "manifest.json"
    path.write_text(json.dumps(json.loads(path.read_text()) | {"created": created}))


@pytest.mark.parametrize(("first", "second", "order"), [
    ("2026-12-05T01:25:07.900000+00:00", "2026-12-05T01:25:07.100000+00:00", [1, 0]),
    ("2026-12-05T01:25:07.100000+00:00", "2026-12-05T01:25:07.900000+00:00", [0, 1]),
    # a run written before kept whole seconds: it stands at the start of its second
    ("2026-12-05T01:25:07+00:00", "2026-12-05T01:25:07.500000+00:00", [0, 1]),
    ("2026-12-05T01:25:07+00:00", "2026-12-05T01:25:06.999999+00:00", [1, 0]),
    ("2026-12-05T01:25:07+00:00", "2026-12-05T01:25:07+00:00", [0, 1]),  # by folder
    # a time is read as one, not as text: 02:25:07.1 at UTC+1 is before 01:25:07.5 UTC
    ("2026-12-05T01:25:07.500000+00:00", "2026-12-05T02:25:07.100000+01:00", [1, 0]),
])
def test_runs_made_within_one_second_are_listed_in_the_order_they_were_made(
        reports: Path, first: str, second: str, order: list[int]) -> None:
    folders = sync(reports)["folder"].sort_values().tolist()  # by folder name
    made_at(reports, folders[0], first)
    made_at(reports, folders[1], second)
    assert sync(reports)["folder"].tolist() == [folders[at] for at in order]
    keys = [created_order(made) for made in (first, second)]
    assert sorted(range(2), key=lambda at: (keys[at], folders[at])) == order  # plain_run's


def test_a_run_records_the_time_it_was_made_to_the_microsecond_and_shows_the_minute(
        reports: Path) -> None:
    for folder in sync(reports)["folder"]:
        created = json.loads((reports / folder / "manifest.json").read_text())["created"]
        assert re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{6}\+00:00", created), created
        assert minute_utc(created) == created[:16].replace("T", " ") + " UTC"


def test_cli_runs_refuses_a_reports_folder_that_is_not_there(tmp_path: Path) -> None:
    result = allocate("runs", "--reports", str(tmp_path / "nonexist"))
    assert result.exit_code == 4 and "Traceback" not in result.stderr  # as --out's
    assert f"{tmp_path / 'nonexist'}: no such folder" in " ".join(result.stderr.split())
    assert not (tmp_path / "nonexist").exists()
    (tmp_path / "afile").write_text("")
    result = allocate("runs", "--reports", str(tmp_path / "afile"))
    assert result.exit_code == 4 and "is a file, not a folder" in " ".join(
        result.stderr.split())  # wrapped at 80 columns where the path falls


def test_a_label_reaches_runs_from_a_registry_written_before_labels(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)})
    root = tmp_path / "reports"
    done = allocate("run", str(path), "--out", str(root), "--label", "cut10", "--note", "why")
    assert done.exit_code == 0, done.stderr
    with duckdb.connect(str(root / FILE)) as con:  # the registry as allocator wrote it before
        con.execute("DROP TABLE runs")
        con.execute("CREATE TABLE runs (" + ", ".join(
            f'"{name}" {kind}' for name, kind in COLUMNS.items() if name != "label") + ")")
    listed = allocate("runs", "--reports", str(root))
    assert listed.exit_code == 0, listed.stderr
    assert "cut10" in listed.stdout and "(1 matching)" in " ".join(listed.stdout.split())
    assert "why" in listed.stdout  # the note, its scenario and when it was made
    assert re.search(r"world .*\d{4}-\d\d-\d\d \d\d:\d\d", listed.stdout)
    assert "UTC" in listed.stdout and not re.search(r"\d{4}-\d\d-\d\dT", listed.stdout)
    [row] = sync(root).to_dict(orient="records")
    assert (row["label"], row["applied"], row["note"]) == ("cut10", "", "why")


@pytest.mark.parametrize("text", [b'{"solver": {"status": "opti', b'{"name": "a package"}',
                                  b"[1, 2]", b"\xff\xfe\x00binary"])
@pytest.mark.damages_manifests
def test_a_damaged_manifest_is_skipped_with_a_warning(reports: Path, text: bytes) -> None:
    stray = reports / "world" / "elsewhere" / "manifest.json"
    stray.parent.mkdir(parents=True)
    stray.write_bytes(text)
    warned: list[str] = []
    assert len(sync(reports, warned.append)) == 2
    assert len(warned) == 1 and str(stray) in warned[0]


@pytest.mark.damages_manifests
def test_runs_and_a_run_go_on_past_a_damaged_manifest(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)})
    root = tmp_path / "reports"
    stray = root / "world" / "x" / "manifest.json"
    stray.parent.mkdir(parents=True)
    stray.write_text('{"scenario": "w", "solv')
    result = allocate("run", str(path), "--out", str(root))
    assert result.exit_code == 0, result.stderr
    listed = allocate("runs", "--reports", str(root))
    assert listed.exit_code == 0 and "(1 matching)" in " ".join(listed.stdout.split())
    assert str(stray) in " ".join(listed.stderr.split())


@pytest.mark.parametrize("damage", ["truncated", "zeroed tail", "empty"])
def test_a_damaged_registry_is_rebuilt(reports: Path, damage: str) -> None:
    before = sync(reports)["folder"].tolist()
    data = (reports / FILE).read_bytes()
    half = len(data) // 2
    damaged = {"truncated": data[:half], "zeroed tail": data[:4096] + bytes(len(data) - 4096),
               "empty": b""}[damage]
    (reports / FILE).write_bytes(damaged)
    warned: list[str] = []
    assert sync(reports, warned.append)["folder"].tolist() == before
    rebuilt = [w for w in warned if "has been rebuilt from the run folders" in w]
    assert len(rebuilt) == 1, warned
    assert str(reports / FILE) in rebuilt[0] and "runs found: 2." in rebuilt[0], rebuilt


def test_runs_says_in_one_line_that_it_rebuilt_a_damaged_registry(reports: Path) -> None:
    data = (reports / FILE).read_bytes()
    (reports / FILE).write_bytes(data[:len(data) // 2])
    listed = allocate("runs", "--reports", str(reports))
    assert listed.exit_code == 0, listed.stderr
    said = " ".join(listed.stderr.split())
    assert said.count("has been rebuilt from the run folders") == 1, said
    assert f"{reports / FILE} was damaged" in said and "runs found: 2." in said, said


@pytest.mark.damages_manifests
def test_a_manifest_that_is_a_pipe_is_skipped_never_opened(reports: Path) -> None:
    import contextlib
    import os
    import threading

    pipe = reports / "world" / "piped" / "manifest.json"
    pipe.parent.mkdir(parents=True)
    os.mkfifo(pipe)
    warned: list[str] = []
    rows: list[int] = []
    worker = threading.Thread(target=lambda: rows.append(len(sync(reports, warned.append))),
                              daemon=True)
    worker.start()
    worker.join(20)
    try:
        assert rows == [2], "sync hung on the pipe"
        assert len(warned) == 1 and str(pipe) in warned[0] and "not a regular file" in warned[0]
    finally:
        if worker.is_alive():  # let the blocked reader go
            with contextlib.suppress(OSError):
                os.close(os.open(pipe, os.O_WRONLY | os.O_NONBLOCK))


def _hold_registry(root: Path, seconds: float) -> subprocess.Popen[str]:
    code = (f"import duckdb, time; con = duckdb.connect({str(root / FILE)!r}); "
            f"print('held', flush=True); time.sleep({seconds})")
    holder = subprocess.Popen([sys.executable, "-c", code], stdout=subprocess.PIPE, text=True)
    assert holder.stdout is not None and holder.stdout.readline().strip() == "held"
    return holder


def test_a_locked_registry_is_waited_for_then_refused_clearly(reports: Path) -> None:
    holder = _hold_registry(reports, 1.5)
    try:
        assert len(sync(reports, wait=20)) == 2  # waited until the holder ended
    finally:
        holder.wait(timeout=20)
    holder = _hold_registry(reports, 30)
    try:
        with pytest.raises(OutputError, match="another allocate process holds the run registry"):
            sync(reports, wait=0.5)
        result = allocate("runs", "--reports", str(reports), "--wait", "0.5")
        assert result.exit_code == 4 and "Traceback" not in result.stderr
        assert "another allocate process" in " ".join(result.stderr.split())
    finally:
        holder.kill()
        holder.wait(timeout=20)
    assert (reports / FILE).exists() and len(sync(reports)) == 2


def test_a_run_past_a_held_registry_says_so_and_is_listed_later(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A"}], offers={"o": offer(100, cost=50)},
                 budget={"total": 100})
    root = tmp_path / "reports"
    root.mkdir()
    holder = _hold_registry(root, 30)
    lines: list[str] = []
    try:
        made = api.run(path, output=root, notify=lines.append)
    finally:
        holder.kill()
        holder.wait(timeout=20)
    [line] = lines
    assert str(root / FILE) in line and "held the run registry" in line
    assert "allocate runs" in line
    assert list(sync(root)["folder"]) == [str(made.folder.relative_to(root))]


def test_an_error_it_does_not_understand_keeps_the_registry(
        reports: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    sync(reports)

    def refuse(*_: object, **__: object) -> None:
        raise duckdb.IOException(f'IO Error: Cannot open file "{reports / FILE}": '
                                 "Permission denied")

    monkeypatch.setattr(duckdb, "connect", refuse)
    with pytest.raises(OutputError, match="Permission denied"):
        sync(reports)
    assert (reports / FILE).stat().st_size > 0


@pytest.mark.parametrize("name", ["..", ".", ".hidden"])
def test_a_scenario_name_cannot_leave_or_hide_in_the_output_folder(
        tmp_path: Path, name: str) -> None:
    path = world(tmp_path / "w", [{"customer_id": "A"}], name=name)
    root = tmp_path / "w" / "reports"
    with pytest.raises(UserError, match="inside the output folder"):
        api.run(path, output=root)
    assert not root.exists() or not any(root.rglob("manifest.json"))
    assert sorted(p.name for p in tmp_path.iterdir()) == ["w"]


@pytest.mark.damages_manifests
def test_manifests_changed_or_gone_since_registered_are_noticed(reports: Path, planned: Path
                                                                ) -> None:
    """The registry is no cache to trust blindly: a manifest damaged after its row was
    written is left out with a warning, one deleted drops its row, as on a rebuild; runs
    none of which can be read are said to be so, never 'No runs yet', and the list ends with
    the exit code of an input that could not be read (4)."""
    path = planned / "scenario.yaml"  # the book the plain run read: this what-if's base
    api.run(path, sets=["budget.total=20"], output=reports)
    assert len(sync(reports)) == 3
    first, second, third = sorted(reports.rglob("manifest.json"))
    first.write_text('{"scenario": "w", "solv')
    second.write_bytes(b"\xff\xfe\x00binary")
    third.unlink()
    warned: list[str] = []
    assert sync(reports, warned.append).empty
    assert len(warned) == 2 and str(first) in warned[0] and str(second) in warned[1]
    listed = allocate("runs", "--reports", str(reports))
    assert listed.exit_code == 4, listed.stderr
    assert " ".join(listed.stdout.split()) == (
        f"{reports} holds 2 runs, none of which could be read (see the warnings above).")
    assert str(first) in " ".join(listed.stderr.split())
    listed = allocate("runs", "--reports", str(reports), "--scenario", "world", "--language",
                      "zh")
    assert "".join(listed.stdout.split()) == f"{reports}中的2个运行都无法读取（原因见上方的警告）。"
    assert listed.exit_code == 4
    first.unlink()
    listed = allocate("runs", "--reports", str(reports))
    assert listed.exit_code == 4
    assert " ".join(listed.stdout.split()) == (
        f"{reports} holds 1 run, which could not be read (see the warnings above).")


def test_runs_name_each_runs_currency(reports: Path, tmp_path: Path) -> None:
    # a run in CZK beside the two in the default (EUR): amounts in one column, each row's
    # currency beside them
    api.run(tmp_path / "scenario.yaml", sets=["objective.currency=CZK"], output=reports)
    table = sync(reports)
    assert sorted(table["currency"]) == ["CZK", "EUR", "EUR"]
    for language, header in (("en", "currency"), ("zh", "币种")):
        result = allocate("runs", "--reports", str(reports), "--language", language)
        said = " ".join(result.stdout.split())
        assert result.exit_code == 0 and header in said and "CZK" in said, said


def test_an_unknown_status_is_refused_naming_the_statuses(reports: Path) -> None:
    result = allocate("runs", "--reports", str(reports), "--status", "bogus")
    assert result.exit_code == 2 and "Traceback" not in result.stderr
    assert "--status bogus: no run has this status; give one of optimal, feasible" in (
        " ".join(result.stderr.split()))


def test_a_scenario_s_runs_in_both_languages_are_listed_in_english(reports: Path) -> None:
    # the listing followed its latest run's language: one run in Chinese turned the list of
    # English runs Chinese
    api.run(reports.parent / "scenario.yaml", sets=["output.language=zh"], output=reports)
    scenario = str(sync(reports)["scenario"].iloc[0])
    mixed = allocate("runs", "--reports", str(reports), "--scenario", scenario)
    assert mixed.exit_code == 0 and mixed.stdout.startswith("Runs in"), mixed.stdout
    assert "运行" not in mixed.stdout
    only_zh = allocate("runs", "--reports", str(reports), "--scenario", scenario, "--last", "1")
    assert only_zh.exit_code == 0 and "中的运行" in only_zh.stdout, only_zh.stdout

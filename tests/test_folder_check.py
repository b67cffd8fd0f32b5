"""verify checks every file of a run folder against its manifest's hashes, and the plan's
CSV copies against its Parquet plan; a damaged folder is named, never a traceback."""

from __future__ import annotations

import json
from pathlib import Path
from shutil import copytree

import pandas as pd
import pytest

from allocator import api
from allocator.errors import UserError
from allocator.folder_check import UNHASHED
from allocator.manifest_digest import MANIFEST_DIGEST, sealed
from allocator.report.renderer import RENDERER
from allocator.runs import FORMAT, FORMAT_VERSION, MANIFEST, OUTPUTS, file_sha256
from tests.builders import offer, reseal, world
from tests.test_zh_everywhere import allocate


@pytest.fixture(scope="module")
def planned(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The module's run of two customers (planned once; tests edit copies)."""
    path = world(tmp_path_factory.mktemp("book"),
                 [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 rms=[{"rm_id": "R1", "grade": "rm", "region": "R", "capacity_hours": 100},
                      {"rm_id": "R2", "grade": "rm", "region": "R", "capacity_hours": 100}],
                 fit=[("A", "R1", 5.0), ("B", "R2", 3.0)], offers={"o": offer(100, cost=1)})
    return api.run(path).folder


@pytest.fixture
def folder(planned: Path, tmp_path: Path) -> Path:
    """A fresh copy of the module's reports folder (the run and its registry); the run
    folder in it. Its raw data stays where the run read it."""
    reports = planned.parents[1]
    copytree(reports, tmp_path / reports.name)
    return tmp_path / planned.relative_to(reports.parent)


def _manifest(folder: Path) -> dict[str, object]:
    data: dict[str, object] = json.loads((folder / MANIFEST).read_text())
    return data


def test_the_manifest_holds_the_hash_of_every_other_file(folder: Path) -> None:
    recorded = _manifest(folder)[OUTPUTS]
    assert isinstance(recorded, dict)
    files = sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*")
                   if p.is_file() and p.name != MANIFEST)
    assert sorted(recorded) == files and "customer_plan.csv" in files
    assert all(recorded[name] == file_sha256(folder / name) for name in files)
    report = api.verify_run(folder)
    assert report.ok and not report.notes and not report.file_notes
    result = allocate("verify", str(folder))
    assert result.exit_code == 0, result.stderr
    assert "every file the run wrote matching its hash" in " ".join(result.stdout.split())


def test_a_manifest_of_this_version_without_hashes_fails(folder: Path) -> None:
    data = _manifest(folder)
    assert data[FORMAT] == FORMAT_VERSION == 3
    del data[OUTPUTS]
    (folder / MANIFEST).write_text(json.dumps(data))
    report = api.verify_run(folder)
    assert not report.ok and not report.file_notes
    [broken, edited] = report.hard_violations
    assert broken.label == MANIFEST and f"'{OUTPUTS}'" in broken.detail
    assert edited.label == MANIFEST and f"{OUTPUTS} (removed)" in edited.detail
    from typer.testing import CliRunner

    from allocator.cli.app import app

    result = CliRunner().invoke(app, ["verify", str(folder)])
    assert result.exit_code == 1 and "manifest.json" in result.output


def test_an_older_manifest_without_hashes_is_said_and_its_copies_still_checked(
        folder: Path) -> None:
    data = _manifest(folder)  # as the first allocator wrote it: none of the later fields
    del data[OUTPUTS], data[FORMAT], data[MANIFEST_DIGEST], data[RENDERER]
    (folder / MANIFEST).write_text(json.dumps(data))
    (folder.parents[1] / "registry.duckdb").unlink()  # an older run's registry: rebuilt
    report = api.verify_run(folder)
    assert report.ok and not report.notes
    assert [n.split(":")[0] for n in report.file_notes] == [
        UNHASHED[0], "manifest.json holds no digest of its own (written by an older allocator)",
        "summary.md and report.html were written by another version of allocator"]
    books = folder / "rm_books.csv"
    books.write_text(books.read_text().replace("R1,rm,R,1", "R1,rm,R,0", 1))
    assert [v.label for v in api.verify_run(folder).hard_violations] == ["rm_books.csv"]


@pytest.mark.parametrize(("name", "old", "new"), [
    ("customer_plan.csv", "A,top", "A,base"), ("rm_books.csv", "R1,rm,R,1", "R1,rm,R,2"),
    ("offer_plan.csv", "\nA,o", "\nB,o"), ("tier_summary.csv", "top,1,1", "top,1,0")])
def test_an_edited_copy_fails_against_the_parquet_plan_once_its_hash_resealed_or_not(
        folder: Path, name: str, old: str, new: str) -> None:
    """What changed is said, once: its hash's finding would say the same file again."""
    text = (folder / name).read_text()
    assert old in text
    (folder / name).write_text(text.replace(old, new, 1))
    for resealed in (False, True):
        report = api.verify_run(folder)
        said = [v.detail for v in report.violations if v.label == name]
        assert not report.ok and said, resealed
        assert any("customer_plan.parquet" in d for d in said), said
        assert not any("SHA-256" in d for d in said), said
        reseal(folder)


def test_a_garbage_plan_or_a_file_is_named_clearly(folder: Path) -> None:
    (folder / "customer_plan.parquet").write_bytes(b"PAR1 garbage")
    report = api.verify_run(folder)
    assert [v.label for v in report.hard_violations] == ["customer_plan.parquet"]
    reseal(folder)
    with pytest.raises(UserError, match=r"customer_plan.parquet: cannot be read .* damaged"):
        api.verify_run(folder)
    result = allocate("verify", str(folder / "summary.md"))  # a file where a folder belongs
    assert result.exit_code == 4 and "Traceback" not in result.stderr
    assert "summary.md: not a folder; give a run folder written by `allocate run`." in " ".join(
        result.stderr.split())
    missing = allocate("verify", str(folder / "gone"))
    assert missing.exit_code == 4 and "no such folder" in missing.output


@pytest.mark.parametrize("column", ["offer_cost", "expected_loss", "offers"])
def test_a_tier_summarys_sums_are_checked_against_the_plan(folder: Path, column: str) -> None:
    path = folder / "tier_summary.csv"
    tiers = pd.read_csv(path)
    tiers[column] = tiers[column] + 1
    tiers.to_csv(path, index=False)
    reseal(folder)
    broken = [v for v in api.verify_run(folder).violations if v.label == "tier_summary.csv"]
    assert broken and f"line 2 (tier top), column '{column}'" in broken[0].detail


@pytest.mark.damages_manifests
def test_a_claimed_objective_of_nan_is_refused_as_not_json(folder: Path) -> None:
    data = _manifest(folder)
    solver = data["solver"]
    assert isinstance(solver, dict)
    solver["objective"] = float("nan")
    (folder / MANIFEST).write_text(json.dumps(data))
    [damaged] = api.verify_run(folder).hard_violations  # a damaged file: the folder fails
    assert damaged.label == MANIFEST and "NaN is not a JSON number" in damaged.detail


@pytest.mark.damages_manifests
def test_verify_of_a_sweep_folder_verifies_every_point(tmp_path: Path) -> None:
    from typer.testing import CliRunner

    from allocator.cli.app import app
    from allocator.sweep_run import run_sweep

    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0}],
                 offers={"o": offer(100, cost=20)}, budget={"total": 100})
    swept = run_sweep(path, ["budget.total=50,100"], tighten=0)
    points = api.sweep_points(swept.folder)
    assert points is not None and len(points) == 2 and api.sweep_points(points[0]) is None
    result = CliRunner().invoke(app, ["verify", str(swept.folder)])
    said = " ".join(result.output.split())
    assert result.exit_code == 0 and "every planned point of the sweep (2 of 2)" in said, said
    assert all(point.parent.name in said for point in points)
    books = points[1] / "rm_books.csv"
    books.write_text(books.read_text().replace("R1,rm,R,1", "R1,rm,R,0", 1))
    result = CliRunner().invoke(app, ["verify", str(swept.folder)])
    said = " ".join(result.output.split())
    assert result.exit_code == 1 and "1 of 2 points" in said and "rm_books.csv" in said
    for damaged in (points[0] / MANIFEST, swept.folder / "sweep.json"):  # cut short: fails
        damaged.write_text(damaged.read_text()[:90])
        result = CliRunner().invoke(app, ["verify", str(swept.folder)])
        said = " ".join(result.output.split())
        assert result.exit_code == 1, said
        assert f"- {damaged.name}: damaged (" in said, said


def test_a_run_file_dropped_from_the_manifest_is_named(folder: Path) -> None:
    data = _manifest(folder)
    outputs = data[OUTPUTS]
    assert isinstance(outputs, dict)
    del outputs["report.html"], outputs["summary.md"]
    (folder / MANIFEST).write_text(json.dumps(sealed(data)))
    (folder / "report.html").write_text("<p>edited</p>")
    (folder / "notes.txt").write_text("a file of the user's")
    report = api.verify_run(folder)
    assert not report.ok
    assert sorted({v.label for v in report.hard_violations}) == [
        "notes.txt", "report.html", "summary.md"]
    assert "not listed" in report.hard_violations[0].detail
    assert any(v.label == "notes.txt" and "no run writes" in v.detail
               for v in report.hard_violations)


def test_every_file_of_a_run_is_a_known_run_file(folder: Path) -> None:
    from allocator.runs import is_run_file

    outputs = _manifest(folder)[OUTPUTS]
    assert isinstance(outputs, dict) and all(is_run_file(name) for name in outputs)


@pytest.mark.damages_manifests
@pytest.mark.parametrize(("manifest", "said", "verified"), [
    ('{"format": 2, "solver": {"status": "opt', "not valid JSON", 1),
    ('{"format": 2, "solver": "x", "resolved_scenario": {}}', "'solver' entry is text", 1),
    ('{"name": "Web app", "icons": []}', "not an allocator run folder", 2)])
def test_a_damaged_or_foreign_manifest_is_a_user_error_naming_it(
        folder: Path, tmp_path: Path, manifest: str, said: str, verified: int) -> None:
    """A damaged manifest fails verify (exit 1), as any damaged file of the folder does; a
    foreign one is no run folder (exit 2), and every other command refuses both (exit 2)."""
    from typer.testing import CliRunner

    from allocator.cli.app import app

    other = copytree(folder, tmp_path / "other")
    (other / MANIFEST).write_text(manifest)
    for command in (["verify", str(other)], ["compare", str(other), str(folder)],
                    ["compare", str(folder), str(other)]):
        result = CliRunner().invoke(app, command)
        code = verified if command[0] == "verify" else 2
        assert result.exit_code == code, (command, result.output)
        output = " ".join(result.output.split())
        assert said in output and MANIFEST in output, output


@pytest.mark.parametrize("column", ["value", "uplift"])
def test_an_edited_baselines_csv_fails_naming_the_file_and_the_row(folder: Path,
                                                                   column: str) -> None:
    """Its rows against the manifest's record and each uplift against the checker's value of
    the plan, its hash resealed or not (its hash's finding would name the file again)."""
    path = folder / "baselines.csv"
    table = pd.read_csv(path)
    assert api.verify_run(folder).ok and len(table) == 3
    table.loc[1, column] = table.loc[1, column] + 7
    table.to_csv(path, index=False)
    for _ in ("edited", "resealed"):
        broken = [v for v in api.verify_run(folder).violations if v.label == "baselines.csv"]
        assert broken and f"line 3 (baseline {table.loc[1, 'baseline']}), column '{column}'" \
            in broken[0].detail
        assert not any("SHA-256" in v.detail for v in broken), broken
        reseal(folder)


def test_a_manifest_that_is_a_pipe_is_refused_without_waiting(tmp_path: Path) -> None:
    """A FIFO named manifest.json would block a reader forever: verify names it (exit 2)."""
    import os

    from typer.testing import CliRunner

    from allocator.cli.app import app

    folder = tmp_path / "run"
    folder.mkdir()
    os.mkfifo(folder / MANIFEST)
    result = CliRunner().invoke(app, ["verify", str(folder)])
    assert result.exit_code == 2, result.output
    assert "manifest.json: not a regular file" in " ".join(result.output.split())


def test_an_output_replaced_by_a_pipe_is_named_as_not_a_regular_file(folder: Path) -> None:
    import os

    (folder / "rm_books.csv").unlink()
    os.mkfifo(folder / "rm_books.csv")
    broken = {v.label: v.detail for v in api.verify_run(folder).hard_violations}
    assert broken["rm_books.csv"].startswith("not a regular file")



EDITS = [
    (lambda t: t.rename(columns={"customer_id": "cust_id"}),
     "it lacks the columns 'customer_id' of customer_plan.parquet; it has columns "
     "customer_plan.parquet lacks: 'cust_id'"),
    (lambda t: t.assign(note="x"), "it has columns customer_plan.parquet lacks: 'note'"),
    (lambda t: t[[*t.columns[1:], t.columns[0]]], "its columns are in another order"),
    (lambda t: t.iloc[1:], "it holds 1 row where customer_plan.parquet holds 2; the first "
                           "that differs is line 2 (customer B, where the plan has A)"),
]


def test_an_edited_csv_copy_names_its_columns_and_rows(folder: Path) -> None:
    path = folder / "customer_plan.csv"
    original = pd.read_csv(path, dtype=str, keep_default_na=False)
    for edit, said in EDITS:
        edit(original).to_csv(path, index=False)
        reseal(folder)
        broken = [v.detail for v in api.verify_run(folder).violations
                  if v.label == "customer_plan.csv"]
        assert len(broken) == 1 and said in broken[0], broken


def _summary_broken(folder: Path, old: str, new: str) -> list[str]:
    """verify's findings on summary.md with its first `old` made `new`, the hashes resealed
    (summary.md put back after)."""
    path = folder / "summary.md"
    text = path.read_text(encoding="utf-8")
    assert old in text, old
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    reseal(folder)
    try:
        return [v.detail for v in api.verify_run(folder).violations if v.label == "summary.md"]
    finally:
        path.write_text(text, encoding="utf-8")
        reseal(folder)


def test_every_figure_summary_md_quotes_is_checked_against_the_manifest(folder: Path) -> None:
    """Each line of summary.md quoting the manifest's figures, in the decision and in the
    result, fails verify when edited and resealed."""
    text = (folder / "summary.md").read_text(encoding="utf-8")
    value = next(line for line in text.splitlines() if line.startswith("- Expected value "))
    figure = value.split()[3]
    assert api.verify_run(folder).ok
    for old, new in [(f"- Expected value {figure} EUR", "- Expected value 5,000 EUR"),
                     ("Gap 0.0% (target", "Gap 1.0% (target"),
                     ("- Status: **optimal** (exact", "- Status: **optimal** (decomposition"),
                     ("- Made of: coverage ", "- Made of: coverage 1"),
                     ("- Value by component: coverage ", "- Value by component: coverage 1"),
                     ("- RM coverage: 2 of 2", "- RM coverage: 1 of 2"),
                     ("- Left out by rule: 0 closed", "- Left out by rule: 1 closed")]:
        broken = _summary_broken(folder, old, new)
        assert len(broken) == 1 and "differs from the manifest's" in broken[0], (old, broken)
    broken = _summary_broken(folder, "- Made of:", "Made of:")
    assert broken and "lacks its line 'Made of:'" in broken[0]
    lines = text.splitlines()
    for section, name in (("## Tiers", "tier_summary.csv"), ("## Offers", "offer_summary.csv")):
        row = lines[lines.index(section) + 4]
        broken = _summary_broken(folder, row, row[:-2] + "9 |")
        assert len(broken) == 1 and f"differs from {name} as the plan gives it" in broken[0], broken


def test_a_chinese_summary_md_is_checked_in_chinese(tmp_path: Path) -> None:
    path = world(tmp_path, [{"customer_id": "A", "tier_key": 2.0}, {"customer_id": "B"}],
                 fit=[("A", "R1", 5.0)], output={"language": "zh"})
    folder = api.run(path).folder
    assert api.verify_run(folder).ok
    broken = _summary_broken(folder, "- 预期价值 5 EUR", "- 预期价值 5,000 EUR")
    assert len(broken) == 1 and "与 manifest 中的 objective, bound, gap, status 不符" in broken[0]


@pytest.mark.parametrize("command", [["verify"], ["report"], ["explain"], ["compare"]])
def test_a_file_given_as_a_run_folder_ends_with_code_4_as_a_missing_one(
        folder: Path, tmp_path: Path, command: list[str]) -> None:
    """docs/commands.md: a file where a folder belongs is code 4, as a missing folder is."""
    plain = tmp_path / "afile"
    plain.write_text("x\n")
    extra = {"explain": ["C00001"], "compare": [str(folder)]}.get(command[0], [])
    for given, said in ((plain, "not a folder"), (tmp_path / "gone", "no such folder")):
        result = allocate(*command, str(given), *extra)
        assert result.exit_code == 4, result.stderr
        assert said in result.stderr and "Traceback" not in result.stderr

"""verify of a sweep folder checks the sweep's own files: sweep.csv, frontier.csv and
report.html against the SHA-256 sweep.json recorded, and sweep.csv's figures of each point
against that point's own manifest, so that an edit resealed in sweep.json, the way an insider
would, is named."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from allocator import api
from allocator.cli.app import app
from allocator.report.renderer import RENDERER, renderer_fingerprint
from allocator.runs import OUTPUTS, file_sha256
from allocator.sweep_run import run_sweep
from tests.builders import offer, world


@pytest.fixture(scope="module")
def swept(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = world(tmp_path_factory.mktemp("book"), [{"customer_id": "A", "tier_key": 2.0}],
                 offers={"o": offer(100, cost=20)}, budget={"total": 100})
    return run_sweep(path, ["budget.total=50,100"], tighten=0).folder


@pytest.fixture()
def copy(swept: Path, tmp_path: Path) -> Path:
    return Path(shutil.copytree(swept, tmp_path / swept.name))


def _reseal(folder: Path) -> None:
    """sweep.json's hashes made to match the edited files, as an insider would."""
    described = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    described[OUTPUTS] = {name: file_sha256(folder / name) for name in described[OUTPUTS]
                          if (folder / name).is_file()}
    (folder / "sweep.json").write_text(json.dumps(described), encoding="utf-8")


def _verify(folder: Path) -> tuple[int, str]:
    result = CliRunner().invoke(app, ["verify", str(folder)])
    return result.exit_code, " ".join(result.output.split())


def test_the_sweep_records_its_files_hashes_and_passes(swept: Path) -> None:
    described = json.loads((swept / "sweep.json").read_text(encoding="utf-8"))
    assert set(described[OUTPUTS]) == {"sweep.csv", "frontier.csv", "report.html"}
    assert api.verify_sweep(swept) == []
    code, said = _verify(swept)
    assert code == 0, said


def test_an_edited_file_is_named(copy: Path) -> None:
    table = copy / "frontier.csv"
    table.write_text(table.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert [(v.label, v.detail.split(" (")[0]) for v in api.verify_sweep(copy)] == [
        ("frontier.csv", "changed since the run wrote it")]


def _objective_edited(folder: Path) -> None:
    """sweep.csv's objective of its second point 1,000 higher."""
    table = folder / "sweep.csv"
    lines = table.read_text(encoding="utf-8").splitlines()
    header = lines[0].split(",")
    cells = lines[2].split(",")
    column = header.index("objective")
    cells[column] = str(float(cells[column]) + 1000)
    lines[2] = ",".join(cells)
    table.write_text("\n".join(lines) + "\n", encoding="utf-8")


def test_an_edited_objective_is_named_once_by_its_point(copy: Path) -> None:
    """Its hash differs too: the row that differs from its point's manifest says what
    changed, and sweep.csv is named once."""
    _objective_edited(copy)
    found = api.verify_sweep(copy)
    assert [v.label for v in found] == ["sweep.csv"], found
    assert "point 1: 'objective'" in found[0].detail


def test_an_objective_edited_and_resealed_is_named(copy: Path) -> None:
    _objective_edited(copy)
    _reseal(copy)
    found = api.verify_sweep(copy)
    assert [v.label for v in found] == ["sweep.csv"]
    assert "point 1: 'objective'" in found[0].detail
    code, said = _verify(copy)
    assert code == 1 and "sweep.csv" in said, said


@pytest.mark.parametrize("name", ["sweep.csv", "report.html"])
def test_a_file_deleted_with_its_hash_is_named(copy: Path, name: str) -> None:
    (copy / name).unlink()
    _reseal(copy)
    assert (name, "missing: the run wrote it, it is gone") in [
        (v.label, v.detail) for v in api.verify_sweep(copy)]


def test_an_added_file_is_named(copy: Path) -> None:
    (copy / "notes.csv").write_text("=HYPERLINK(\"http://x\")\n", encoding="utf-8")
    assert [v.label for v in api.verify_sweep(copy)] == ["notes.csv"]


def test_the_files_an_editor_or_the_os_leaves_are_no_change_to_the_sweep(copy: Path) -> None:
    points = api.sweep_points(copy)
    assert points
    for folder in (copy, points[0]):
        for name in ("~$report.html", ".~lock.sweep.csv#", ".DS_Store", "Thumbs.db",
                     "desktop.ini", "._sweep.csv"):
            (folder / name).write_bytes(b"\x00owner")
    assert api.verify_sweep(copy) == []
    code, said = _verify(copy)
    assert code == 0, said


def _worded_as_before(folder: Path, renderer: str | None) -> None:
    """The sweep's page with a heading as an earlier version might have worded it, sweep.json
    recording `renderer` (None: none), its hashes resealed."""
    page = folder / "report.html"
    page.write_text(page.read_text(encoding="utf-8").replace("<title>", "<title>Sweep: ", 1),
                    encoding="utf-8")
    described = json.loads((folder / "sweep.json").read_text(encoding="utf-8"))
    described.pop(RENDERER)
    if renderer is not None:
        described[RENDERER] = renderer
    (folder / "sweep.json").write_text(json.dumps(described), encoding="utf-8")
    _reseal(folder)


@pytest.mark.parametrize("renderer", ["0" * 64, None])
def test_a_page_of_another_renderer_is_checked_by_hash_only(copy: Path,
                                                            renderer: str | None) -> None:
    _worded_as_before(copy, renderer)
    assert api.verify_sweep(copy) == []
    assert api.verify_sweep_notes(copy) == (
        "the sweep's report.html was written by another version of allocator: checked by hash "
        "only",)
    code, said = _verify(copy)
    assert code == 0 and "written by another version of allocator" in said, said


def test_a_page_of_this_renderer_is_written_again_and_compared(copy: Path) -> None:
    _worded_as_before(copy, renderer_fingerprint())
    assert [v.label for v in api.verify_sweep(copy)] == ["report.html"]
    assert api.verify_sweep_notes(copy) == ()


def test_a_sweep_folder_given_for_a_run_names_its_points_run_folders(swept: Path) -> None:
    """explain, compare, report and --base want a run folder: a sweep's folder is told apart
    (before: 'no manifest.json; is this a run folder?'), its first point's run named."""
    first = sorted(swept.glob("point-000/*/manifest.json"))[0].parent
    told = (f"{swept}: a sweep's folder, not a run folder; each point of the sweep is a run "
            f"folder of its own, point-NNN/<run> in it (such as {first}): give one of those.")
    for args in (["explain", str(swept), "A"], ["compare", str(first), str(swept)],
                 ["report", str(swept)]):
        result = CliRunner().invoke(app, args)
        assert result.exit_code == 2, result.output
        assert " ".join(result.output.split()) == f"error: {told}", result.output
    result = CliRunner().invoke(app, ["explain", str(swept), "A", "--language", "zh"])
    assert "".join(result.output.split()) == "".join(
        f"错误：{swept}：这是情景分析的目录，不是运行结果目录；情景分析的每个情景点各有其运行结果"
        f"目录，即其中的 point-NNN/<运行>（如 {first}）：请给出其中之一。".split())
    scenario = swept.parents[2] / "scenario.yaml"
    result = CliRunner().invoke(app, ["run", str(scenario), "--base", str(swept)])
    assert result.exit_code == 2, result.output
    assert " ".join(result.output.split()) == f"error: --base {told}", result.output

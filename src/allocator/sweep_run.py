"""Run a sweep: every point planned (in parallel processes when asked), each into its own run
folder inside one sweep folder, which is renamed into place when all points are done.

The centre point (the one at the scenario's own values where the grid holds it, so its plan is a
plain run's, else the middle one) keeps the most of the sweep's base (a run folder; by default
the latest plain run of the scenario and data, allocator.plain_run; else today's books); every
other point keeps the most of its neighbour towards the centre, so two chains run outward from
the centre, in parallel with `--jobs 2` or more, and the plans are the same for any number of
jobs. Each chain prepares its points through one `Preparer`: a point reuses the book read,
tiered or valued for the point before whenever what that stage reads of the scenario is
unchanged, and starts from the point before's plan only on the same valued book.

The base is found by sweep_base.py, near points re-solved tighter by sweep_tightening.py and
the points' rows made the sweep's table by sweep_table.py; here the sweep folder is opened,
the points planned, and the sweep's own files written.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Sequence
from contextlib import suppress
from dataclasses import dataclass, field
from datetime import UTC, datetime
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from allocator import api_arguments as arguments
from allocator.csv_cells import write_people_csv
from allocator.database_address import (
    check_db_urls,
    refuse_varied_urls,
    trusted_db_sets,
    unused_db_url,
)
from allocator.errors import AllocatorError
from allocator.folder_check import unchanged_base
from allocator.interrupts import INTERRUPTS
from allocator.plain_run import TODAY
from allocator.preparation import Preparer
from allocator.report.assumptions import base_record
from allocator.report.language import Language, Words
from allocator.report.naming import scenario_words
from allocator.run_index import try_sync
from allocator.run_label import created_now
from allocator.runs import run_parent
from allocator.scenario import LoadedScenario, Scenario, load_scenario
from allocator.scenario.loading import changes_taken
from allocator.scenario.overrides import value_at
from allocator.scheduler_address import check_address, trusted_sets
from allocator.staging import (
    Notify,
    clean_stale,
    finished_points,
    kept_on_stop,
)
from allocator.storage import output_folder, writing
from allocator.sweep_base import centre_base, planned_plain
from allocator.sweep_chains import Chained, middle, own_point
from allocator.sweep_check import sweep_hashes
from allocator.sweep_folder import (
    SweepOptions,
    completed,
    open_sweep,
    resumable,
    saved_rows,
    say_damaged,
    say_resumed,
)
from allocator.sweep_page import RECORD, page_record, sweep_page
from allocator.sweep_points import FAILURE, plan_here, plan_on_dask, read_first, share
from allocator.sweep_table import flagged, frontier_of, points_table
from allocator.sweep_tightening import (
    GAP_KEY,
    TIGHTEN_FACTOR,
    TIGHTEN_ROUNDS,
    tightened,
    with_gap,
)
from allocator.sweeps import (
    expand,
    refuse_set_and_varied,
    refuse_used_and_varied,
    varied_as_written,
)


@dataclass(frozen=True)
class SweepRun:
    folder: Path
    table: pd.DataFrame
    frontier: pd.DataFrame | None
    language: Language = "en"
    labels: dict[str, str] = field(default_factory=dict)
    """The scenario's ids by their names in the language, for the terminal's tables."""
    currency: str = ""
    """The currency of the amounts in the tables."""


def run_sweep(scenario: str | Path, varies: Sequence[str], zipped: bool = False, jobs: int = 1,
              sets: Sequence[str] = (), use: Sequence[str] = (), output: Path | None = None,
              tighten: int = TIGHTEN_ROUNDS, base: Path | str | None = None,
              scenario_address: bool = False, resume: bool = False,
              notify: Notify | None = None, db_url: str | None = None,
              scenario_db_url: bool = False) -> SweepRun:
    """Plan every point of the sweep; a failing point is recorded, the others still run.
    Neighbouring points whose values differ by less than their gaps are re-solved with a gap
    target `TIGHTEN_FACTOR` times tighter, up to `tighten` times. The point at the scenario's
    own values (else the middle point) is planned first and keeps the most of the plan of the
    run folder `base` (`today`: today's books; default: the latest plain run of the scenario and
    data, allocator.plain_run, else today's books); the point at the scenario's own values is
    never re-solved tighter, so it is the plan of a plain run. An interrupted sweep keeps its
    finished points; `resume` plans only the missing ones (see sweep_folder). A PostgreSQL
    server's address: as api.run."""
    output = arguments.output(output)
    read_key = load_scenario(scenario, sets, use).key_by_id  # as its --set are read
    written = expand(varies, zipped, read_key)
    points = changes_taken(scenario, written)
    refuse_varied_urls(list(points[0]))
    refuse_set_and_varied(list(points[0]), sets, read_key)
    sets = trusted_sets(scenario, sets, use, scenario_address)
    sets = trusted_db_sets(scenario, sets, use, db_url, scenario_db_url)
    if base is not None and str(base) != TODAY:
        unchanged_base(Path(base))  # refused before any point runs: no plan, or changed
    varied = varied_as_written(varies, read_key)
    loaded = [load_scenario(scenario, sets, use, point=point, written=given, varied=varied)
              for point, given in zip(points, written, strict=True)]
    refuse_used_and_varied(loaded[0].layers, list(points[0]))
    for each in loaded:
        check_address(each, scenario_address)
        check_db_urls(each, scenario_db_url)
    spec = loaded[0].scenario
    unused = unused_db_url(loaded[0], db_url)
    if notify is not None and unused is not None:
        notify(unused)
    root = run_parent(Path(output if output is not None else spec.output.dir), spec.name)
    options = SweepOptions(str(scenario), tuple(varies), zipped, tuple(sets), tuple(use))
    with output_folder(root):  # left only with a sweep folder, or finished points, in it
        clean_stale(root.parent, notify, spec.output.language, say_kept=not resume)
        if resume:  # nothing to resume is refused before the base is said or the book read
            resumable(root, options.identity(), options)
        keys = list(points[0])
        base_scenario = load_scenario(scenario, sets, use)
        today = own_point([own_values(each, keys) for each in loaded],
                          own_values(base_scenario, keys))
        centre = middle(len(loaded)) if today is None else today
        local = spec.execution.engine != "dask"
        shared = read_first(loaded[centre], keys, jobs) if local else None
        kept = centre_base(base, root.parent, loaded[centre], notify)  # a changed one refused
        with writing(root):
            opened = open_sweep(root, options.identity(), resume, options)
        staging = opened.folder
        try:
            tasks = [(i, point, scenario_i, staging) for i, (point, scenario_i)
                     in enumerate(zip(points, loaded, strict=True))]
            if not local:
                plan = partial(plan_on_dask, address=str(spec.execution.address))
            else:
                share(shared)
                plan = partial(plan_here, jobs=jobs)
            rounds = 0 if GAP_KEY in keys else tighten
            first = kept or (
                None if today is not None or base is not None else planned_plain(
                    root.parent, loaded[centre], notify, (scenario_address, db_url,
                                                          scenario_db_url), jobs > 1))
            sweep = Chained(tasks, plan, first, centre)
            finished = saved_rows(staging)
            if resume:
                say_resumed(len(finished), len(tasks), notify, Words(spec.output.language))
            sweep.rows = [finished.get(i, {}) for i in range(len(tasks))]
            sweep.plan([i for i, row in enumerate(sweep.rows) if not row])
            _refuse_all_failed(sweep.rows)
            rows = tightened(sweep, rounds, keys, zipped, partial(with_gap, scenario, sets, use),
                             today)
            table = flagged(points_table(rows), keys, zipped)
            curve = frontier_of(table, keys)
            with writing(staging):
                _write_up(staging, spec, table, curve, tighten, own_values(base_scenario, keys),
                          _with_book_values(base_scenario, shared), {
                              "scenario": str(scenario), "vary": list(varies), "zip": zipped,
                              "set": list(sets), "use": list(use), "points": len(points),
                              "engine": spec.execution.engine})
                folder = _rename(staging, root, varies)
            completed(folder)
            say_damaged(opened.damaged, points, folder, notify, Words(spec.output.language))
            try_sync(root.parent, notify=notify, language=spec.output.language, folder=folder)
        except INTERRUPTS:
            if not finished_points(staging):
                shutil.rmtree(staging, ignore_errors=True)
            else:
                kept_on_stop(staging)
            raise
        except BaseException:
            _keep_finished(staging, notify, spec.output.language)
            raise
        finally:
            share(None)
        return SweepRun(folder, table, curve, spec.output.language,
                        dict(scenario_words(spec).labels), spec.objective.currency)


def _keep_finished(staging: Path, notify: Notify | None, language: Language) -> None:
    """After an error: a sweep folder with finished points is kept for --resume (said
    through `notify`); one without is removed."""
    points = finished_points(staging)
    if not points:
        shutil.rmtree(staging, ignore_errors=True)
    elif notify is not None:
        notify(Words(language)("sweep_kept_on_error", folder=staging, points=points))


def _with_book_values(base: LoadedScenario, shared: Preparer | None) -> LoadedScenario:
    """The scenario the points share (`base`) with its overrides shown from the values they
    replaced, an offer of its book's from the book, as a plain run's reports show them: the
    book every point read (`shared`), else read here. One that cannot be read leaves the value
    unknown (a point that read it has said why)."""
    with suppress(AllocatorError):
        return (shared or Preparer()).book_values(base)
    return base


class SweepFailed(AllocatorError):
    """Every point of a sweep failed: the first point's error, with its exit code."""


def _refuse_all_failed(rows: list[dict[str, Any]]) -> None:
    """Raise the first point's error when no point could be planned at all."""
    failures = [row[FAILURE] for row in rows if FAILURE in row]
    if rows and len(failures) == len(rows):
        code, english, chinese = failures[0]
        error = SweepFailed(english, chinese)
        error.exit_code = code
        raise error


def own_values(loaded: LoadedScenario, keys: list[str]) -> dict[str, Any]:
    """The value each varied key has in the scenario itself (without any point), where set."""
    resolved = loaded.resolved()
    values = {key: value_at(resolved, tuple(key.split("."))) for key in keys}
    return {key: value for key, value in values.items() if value is not None}


def _write_up(staging: Path, spec: Scenario, table: pd.DataFrame, curve: pd.DataFrame | None,
              tighten: int, own: dict[str, Any], base: LoadedScenario,
              described: dict[str, Any]) -> None:
    """The sweep's own files: its table, frontier, report and description; `own`: the varied
    keys' values in the scenario itself (the point that holds them is said to agree with a
    plain run within the gap); `base`: the scenario without any point, whose settings the
    page's assumptions box lists."""
    write_people_csv(table, staging / "sweep.csv")
    if curve is not None:
        write_people_csv(curve, staging / "frontier.csv")
    created = created_now()
    record = page_record(spec, tighten, TIGHTEN_FACTOR, own, base_record(base, created))
    (staging / "report.html").write_text(sweep_page(staging, record), encoding="utf-8")
    (staging / "sweep.json").write_text(
        json.dumps(described | {RECORD: record} | sweep_hashes(staging), indent=2) + "\n")


def _rename(staging: Path, root: Path, varies: Sequence[str]) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    digest = hashlib.sha256("|".join(varies).encode()).hexdigest()[:8]
    for attempt in range(1, 1000):
        final = root / f"sweep-{stamp}-{digest}" if attempt == 1 else (
            root / f"sweep-{stamp}-{digest}-{attempt}")
        if not final.exists():
            staging.rename(final)
            return final
    raise RuntimeError(f"{root}: no free sweep folder name")

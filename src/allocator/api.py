"""The Python entry point that notebooks and the CLI use.

    from allocator import api
    run = api.run("scenarios/demo.yaml", sets=["budget.total=4e4"])
    run.folder, run.outcome.objective, run.outcome.plan.assignments

Each function holds its arguments to what it takes (allocator.api_arguments): a list of texts
given as one text, a blank folder, a table that is none are refused as UserError.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

import pandas as pd

from allocator import api_arguments as arguments
from allocator.book import Book
from allocator.checks import CheckReport, Violation, judge, measure_plan, verify_plan
from allocator.checks.packages import package_holders
from allocator.checks.plan_rows import customer_rows, said_once
from allocator.checks.tiers import tier_differences
from allocator.classifiers import METHODS, FitReport, fit_one
from allocator.closeness import BasePlan, base_of_run
from allocator.cluster import OnCluster, connected, map_on_cluster
from allocator.database_address import trusted_db_sets, unused_db_url
from allocator.decomposition.parts.book import merged_parts
from allocator.decomposition.parts.run import planned_in_parts, run_in_parts
from allocator.decomposition.parts.search import InProcess
from allocator.decomposition.search.multipliers import Progress
from allocator.errors import UserError
from allocator.folder_check import (
    changed_once,
    check_files,
    check_tables,
    damaged_manifest,
    refuse_changed_base,
    unchanged_base,
)
from allocator.forked_call import APART_ABOVE
from allocator.manifest_check import manifest_edits
from allocator.method_choice import refuse_what_the_path_cannot_hold
from allocator.optimize import Outcome, optimize
from allocator.plain_run import (
    LATEST_PLAIN_RUN,
    NO_PLAIN_RUN,
    PLAIN_HAS_NO_PLAN,
    PLAIN_WITHOUT_PLAN,
    PLANNED_FIRST,
    TODAY,
    keeps_plain_run,
    latest_plain_run,
    plain_scenario,
    plans_plain_run_first,
)
from allocator.preparation import Prepared, loaded_book, prepare, refused_before_base
from allocator.raw_book import reread_book, reread_parts
from allocator.report.compare_report import shown_headline
from allocator.report.formats import view
from allocator.report.language import Language, Words
from allocator.report.run_files import digest_of, infeasible_files, plan_files
from allocator.run_folder import (
    DamagedFile,
    has_plan,
    load_run,
    part_count,
    read_manifest,
    saved_packages,
    saved_tiers,
)
from allocator.run_index import try_sync
from allocator.runs import (
    PART_FILE,
    csv_writer,
    data_csv_writer,
    file_sha256,
    json_writer,
    parquet_writer,
    run_digest,
    run_parent,
    write_run,
)
from allocator.scenario import LoadedScenario, Scenario, load_scenario
from allocator.scheduler_address import trusted_sets
from allocator.staging import Notify, clean_stale, planning_base, reached
from allocator.storage import output_folder
from allocator.sweep_check import check_sweep, sweep_notes
from allocator.sweep_folder import point_runs

__all__ = ["Fitted", "Prepared", "Run", "fit", "prepare", "run", "sweep_points", "verify_run"]


@dataclass(frozen=True)
class Run:
    outcome: Outcome
    folder: Path
    seconds: float | None = None
    """Wall time from reading the book to its folder written (the time limit's clock); None
    for a book in parts."""

    @property
    def feasible(self) -> bool:
        return self.outcome.plan is not None


def run(
    scenario: str | Path | LoadedScenario, sets: Sequence[str] = (), use: Sequence[str] = (),
    output: Path | None = None, progress: Progress | None = None, base: Path | str | None = None,
    scenario_address: bool = False, notify: Notify | None = None,
    db_url: str | None = None, scenario_db_url: bool = False,
) -> Run:
    """Tier, value, optimize, check, and write a run folder (also for an infeasible scenario,
    whose folder holds the diagnosis). With `execution.engine: dask` the plan is made on one
    worker of the cluster, which writes the folder (workers share the file system); a book
    in parts (execution.book) is read and planned part by part on the workers. Among plans
    within the gap, the one closest to a base plan is chosen: the plan of the run folder
    `base`, today's books with `base="today"`, and by default today's books for a plain run
    and, for a what-if, the latest plain run of its scenario and data (allocator.plain_run).
    A Dask scheduler's address is taken from a scenario file only with
    `scenario_address` (see scheduler_address), a PostgreSQL server's from `db_url` or
    ALLOCATOR_DB_URL, from the file only with `scenario_db_url` (see database_address).
    Temporary folders left by killed runs are removed first, each said through `notify`."""
    if not isinstance(scenario, LoadedScenario):
        scenario = arguments.path("scenario", scenario)
    sets, use = arguments.texts("sets", sets), arguments.texts("use", use)
    output = arguments.output(output)
    arguments.maybe_path("base", base)
    sets = trusted_sets(scenario, sets, use, scenario_address)
    sets = trusted_db_sets(scenario, sets, use, db_url, scenario_db_url)
    loaded = scenario if isinstance(scenario, LoadedScenario) else load_scenario(
        scenario, sets, use)
    spec = loaded.scenario
    refuse_what_the_path_cannot_hold(spec)
    unused = unused_db_url(loaded, db_url)
    if unused is not None and notify is not None:
        notify(unused)
    root = Path(output if output is not None else spec.output.dir)
    given = unchanged_base(Path(base)) if base is not None and str(base) != TODAY else None
    if given is not None and planned_in_parts(spec):
        raise UserError.said("base_with_parts")
    with output_folder(root, run_parent(root, spec.name)):  # left only with a run in it
        clean_stale(root, notify, spec.output.language)
        if planned_in_parts(spec):
            made = _run_parts(loaded, root, progress)
        else:
            def plain_first(plain: LoadedScenario) -> Run:
                if notify is not None:
                    notify(Words(spec.output.language)("plain_run_first"))
                with planning_base():  # a stop once it is in place has written no what-if
                    return run(plain, output=root, progress=progress,
                               scenario_address=scenario_address, notify=notify,
                               db_url=db_url, scenario_db_url=scenario_db_url)

            kept = (given, "") if base is not None else _by_default(root, loaded, plain_first)
            if spec.execution.engine == "dask":
                with connected(str(spec.execution.address)) as client:
                    [made] = map_on_cluster(client, _run_here, [(loaded, root, kept)],
                                            f"planning {spec.name}")
            else:
                made = _run_here((loaded, root, kept), progress)
        try_sync(root, notify=notify, language=spec.output.language, folder=made.folder)
    return made


def _run_parts(loaded: LoadedScenario, root: Path, progress: Progress | None) -> Run:
    """A book in parts: each Parquet file on a worker of the cluster (engine: dask), or
    all of them here."""
    execution = loaded.scenario.execution
    if execution.engine != "dask":
        return Run(*run_in_parts(loaded, root, InProcess(), progress))
    with connected(str(execution.address)) as client:
        runner = OnCluster(client, f"planning {loaded.scenario.name} in parts")
        return Run(*run_in_parts(loaded, root, runner, progress))


def _by_default(root: Path, loaded: LoadedScenario, plain_first: Callable[[LoadedScenario], Run]
                ) -> tuple[BasePlan | None, str]:
    """The base a run keeps the most of when none is given, and why (closeness.Kept.why):
    for a what-if, the latest plain run of its scenario and data under the reports root
    `root` (allocator.plain_run), else that plain run planned first by `plain_first` (a run of
    its own, which the next what-if keeps too); otherwise, or where the plain scenario has no
    plan, today's books (None)."""
    if not keeps_plain_run(loaded):
        return None, ""
    folder, why = latest_plain_run(root, loaded), LATEST_PLAIN_RUN
    if folder is not None and not has_plan(folder, speaks=False):  # on record, in vain
        return None, PLAIN_WITHOUT_PLAN
    plain = plain_scenario(loaded) if folder is None and plans_plain_run_first(loaded) else None
    if plain is not None:
        refused_before_base(loaded)
        made = plain_first(plain)
        if not made.feasible:
            return None, PLAIN_HAS_NO_PLAN
        folder, why = made.folder, PLANNED_FIRST
    if folder is None:
        return None, NO_PLAIN_RUN
    try:
        base = base_of_run(folder)
    except (UserError, OSError, ValueError):  # no plan to read since it was indexed
        return None, NO_PLAIN_RUN
    refuse_changed_base(folder, "default_base_changed")
    return base, why


def _run_here(job: tuple[LoadedScenario, Path, tuple[BasePlan | None, str]],
              progress: Progress | None = None) -> Run:
    loaded, root, (base, why) = job
    start = time.perf_counter()
    reached("read")
    prepared = prepare(loaded)
    reached("solve")
    outcome = optimize(prepared, progress, base=base)
    if outcome.kept is not None and why:
        outcome = replace(outcome, kept=replace(outcome.kept, why=why))
    files = plan_files(outcome) if outcome.plan is not None else infeasible_files(outcome)
    folder = write_run(root, loaded.scenario.name, digest_of(outcome), files,
                       draw_apart=len(prepared.valued.customers) > APART_ABOVE)
    return Run(outcome, folder, time.perf_counter() - start)


def verify_run(folder: str | Path) -> CheckReport:
    """Re-check a saved run: each of its files against the hash its manifest recorded, the
    manifest's own fields against its own digest, the saved scenario and the digests the
    registry kept, the plan's CSV copies against its Parquet plan, and the plan from its own
    files against every constraint and its objective (a run of a book in parts one part at a
    time, its measurements added up). A run without a plan: its files against their hashes.
    A file changed since its run wrote it is named once (folder_check.changed_once)."""
    folder = arguments.path("folder", folder)
    try:
        manifest = read_manifest(folder)
    except DamagedFile as exc:  # the file that holds every other's hash: the folder fails
        return CheckReport([damaged_manifest(exc, folder)], pd.DataFrame(), float("nan"), {})
    files = check_files(folder, manifest)
    edits = manifest_edits(folder, manifest)
    notes = (*files.notes, *edits.notes)
    if not has_plan(folder):  # an infeasible run: its diagnosis and reports, by their hashes
        return CheckReport([*files.violations, *edits.violations], pd.DataFrame(),
                           float("nan"), {}, file_notes=notes)
    try:
        report = _verify_plan(folder)  # a saved scenario that is no scenario is said first
    except UserError:
        if not files.violations and not edits.violations:
            raise
        return CheckReport(changed_once([*files.violations, *edits.violations]), pd.DataFrame(),
                           float("nan"), {}, file_notes=notes)
    tables = check_tables(folder, read_manifest(folder), report)
    return replace(report, violations=changed_once([
        *files.violations, *edits.violations, *tables.violations, *report.violations]),
                   file_notes=(*notes, *tables.notes))


def sweep_points(folder: str | Path) -> list[Path] | None:
    """The run folders of a sweep folder's points, in order (None for a folder that is not a
    sweep folder: it has a manifest, or no sweep.json)."""
    return point_runs(arguments.path("folder", folder))


def verify_sweep_notes(folder: str | Path) -> tuple[str, ...]:
    """What verify_sweep could not check in full: a page another version wrote."""
    return sweep_notes(arguments.path("folder", folder))


def verify_sweep(folder: str | Path) -> list[Violation]:
    """A sweep folder's own files against the hashes sweep.json recorded, and sweep.csv's
    figures against each point's manifest (its points are verified one by one: verify_run);
    an edited file named once (folder_check.changed_once)."""
    return changed_once(check_sweep(arguments.path("folder", folder)))


def to_verify(folder: Path) -> bool:
    """Whether `verify` checks a sweep's point: it holds a plan, or its manifest is damaged
    (which fails it, as verify_run says)."""
    try:
        return has_plan(folder)
    except DamagedFile:
        return True


def _verify_plan(folder: Path) -> CheckReport:
    parts = part_count(folder)
    return _verify_parts(folder, parts) if parts else _verify_whole(folder)


def _verify_parts(folder: Path, parts: int) -> CheckReport:
    """A run of a book in parts, checked one part at a time against its raw data tiered
    again (the whole book's scores for a ranking method), its measurements added up, and
    each part's saved tiers against those; against its saved inputs if the raw data is gone
    or changed."""
    raw = reread_parts(folder, load_run(folder, 0)[0].scenario, parts)
    measured, tiers = [], []
    for part in range(parts):
        saved, plan, claimed = load_run(folder, part)
        inputs = saved if raw.scored is None else raw.inputs(part)
        measured.append(measure_plan(inputs, plan))
        rows = saved_packages(folder, part)
        tiers += customer_rows(rows, inputs.customers, f"customer_plan/{PART_FILE.format(part)}")
        tiers += package_holders(rows, inputs.customers, plan.packages, saved.scenario,
                                 f"customer_plan part {part}")
        if raw.scored is not None:
            tiers += [v for where, frame in saved_tiers(folder, part).items()
                      for v in tier_differences(frame, inputs.customers, where)]
    report = judge(merged_parts(measured), claimed)
    return replace(report, violations=said_once([*tiers, *report.violations]),
                   notes=() if raw.note is None else (raw.note,))


def _verify_whole(folder: Path) -> CheckReport:
    """A run of a whole book, checked against its raw data tiered again (and its saved tiers
    against those), or against its saved inputs if the raw data is gone or changed."""
    saved, plan, claimed = load_run(folder)
    raw = reread_book(folder, saved.scenario)
    inputs = saved if raw.inputs is None else raw.inputs
    rows = saved_packages(folder)
    held = [*customer_rows(rows, inputs.customers, "customer_plan.parquet"),
            *package_holders(rows, inputs.customers, plan.packages, saved.scenario,
                             "customer_plan.parquet")]
    if raw.inputs is None:
        report = verify_plan(saved, plan, claimed)
        return replace(report, violations=said_once([*held, *report.violations]),
                       notes=(str(raw.note),))
    report = verify_plan(raw.inputs, plan, claimed)
    tiers = [v for where, frame in saved_tiers(folder).items()
             for v in tier_differences(frame, raw.inputs.customers, where)]
    return replace(report, violations=said_once([*tiers, *held, *report.violations]))


@dataclass(frozen=True)
class Fitted:
    book: Book
    folder: Path
    scenario: Scenario

    @property
    def reports(self) -> tuple[FitReport, ...]:
        return self.book.fits


def compare_methods(fitted: Fitted, scenario: Scenario, methods: Sequence[str] = METHODS
                    ) -> pd.DataFrame:
    """Each model of `scenario` (fitted.scenario: the one fitted) refitted on the book
    `fitted` with each of `methods` (by default logistic regression and gradient boosting),
    side by side on the same held-out customers."""
    fitted = arguments.of_kind("fitted", fitted, Fitted, "api_not_fitted")
    scenario = arguments.of_kind("scenario", scenario, Scenario, "api_not_scenario")
    chosen = arguments.methods(methods, METHODS)
    if not scenario.models:
        raise UserError.said("api_no_models")
    rows = []
    for column, spec in scenario.models.items():
        for method in chosen:
            _, report = fit_one(fitted.book.customers, column,
                                spec.model_copy(update={"method": method}), column)
            rows.append({"column": column, "method": method, "auc": report.auc,
                         "brier": report.brier, "chosen": method == spec.method})
    return pd.DataFrame(rows)


def fit(scenario: str | Path, sets: Sequence[str] = (), use: Sequence[str] = (),
        output: Path | None = None) -> Fitted:
    """Train the scenario's models and write the scored book: customers.parquet (every column,
    the predictions included), rms.csv, fit.json (AUC, Brier, calibration) and calibration.csv,
    into <output>/<scenario>/fits/<time>-<hash>/."""
    output = arguments.output(output)
    loaded = load_scenario(scenario, sets, use)
    spec = loaded.scenario
    if not spec.models:
        raise UserError.said("no_models_section", path=loaded.path)
    reports = Path(output if output is not None else spec.output.dir)
    root = run_parent(reports, spec.name)
    with output_folder(reports, root):  # left only with the scored book in it
        book = loaded_book(loaded)
        hashes = {role: file_sha256(path) for role, path in book.inputs.items()}
        calibration = pd.concat([f.calibration.assign(column=f.column) for f in book.fits])
        files = {"customers.parquet": parquet_writer(book.customers),
                 "rms.csv": data_csv_writer(book.rms),
                 "fit.json": json_writer([f.describe() for f in book.fits]),
                 "calibration.csv": csv_writer(calibration)}
        folder = write_run(root, "fits", run_digest(loaded.resolved(), hashes), files)
    return Fitted(book, folder, spec)


def shown_table(frame: pd.DataFrame, language: Language = "en") -> pd.DataFrame:
    """A table as the reports show it, for reading in a notebook: columns and the engine's
    words (a comparison's KPIs among them) by their display names, counts whole, shares and
    gaps as percentages with the digits a small gap needs; ids by their names."""
    frame, language = arguments.table(frame), arguments.language(language)
    if "kpi" in frame.columns and frame["kpi"].eq("gap").any() and len(frame.columns) >= 4:
        frame = shown_headline(frame)
    table = view(frame, Words(language))
    return pd.DataFrame([[cell.text for cell in row.cells] for row in table.rows],
                        columns=table.headers)

"""`allocate report RUN_DIR --pdf`: print a run folder's report to report.pdf (A4)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any

import typer

from allocator.cli.common import user_errors
from allocator.cli.consoles import console
from allocator.cli.wrapping import print_wrapped
from allocator.folder_check import refuse_changed
from allocator.report.language import Language, Words
from allocator.report.pdf import CHROMIUM, add_pdf
from allocator.run_folder import read_manifest


def report(
    run_dir: Annotated[Path, typer.Argument(help="A run folder written by `allocate run`.")],
    pdf: Annotated[bool, typer.Option(help="Print report.html to report.pdf (A4) beside it "
                                           "and record its hash in the manifest.")] = False,
    chromium: Annotated[Path, typer.Option(help="The Chromium that prints (default: "
                                                "ALLOCATOR_CHROMIUM or /usr/bin/chromium).")
                        ] = CHROMIUM,
) -> None:
    """The report files of a run folder (refused where its files changed since its run wrote
    them); with --pdf, also its report printed to A4."""
    with user_errors():
        manifest = read_manifest(run_dir)
        if not pdf:  # --pdf refuses a changed folder in its own words
            refuse_changed(run_dir, manifest, "report_folder_changed")
        written = add_pdf(run_dir, chromium) if pdf else None
    words = Words(_language(manifest))
    if written is not None:  # each path whole, spaces and all, to paste
        print_wrapped(words("pdf_written", path=written), hanging="  ", whole=[written])
    console.print(words("report_files"), markup=False)
    for name in ("report.html", "report.pdf", "summary.md", "plan.xlsx"):
        if (run_dir / name).is_file():
            print_wrapped(f"{words('file_' + name.replace('.', '_'))}{words.sep('colon')}"
                          f"{run_dir / name}", first="  ", whole=[run_dir / name])


def _language(manifest: dict[str, Any]) -> Language:
    resolved = manifest.get("resolved_scenario")
    output = resolved.get("output") if isinstance(resolved, dict) else None
    return "zh" if isinstance(output, dict) and output.get("language") == "zh" else "en"

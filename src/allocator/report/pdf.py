"""report.pdf: a run folder's report.html printed to A4 by headless Chromium (its print
stylesheet: whole table rows, whole charts, no heading last on a page, the details going on
where the decision and assumptions end, so that no page but the last is left mostly empty).

A run's files are never overwritten silently: the folder is first checked against the hashes
its manifest recorded and the manifest against its own digest, report.pdf is written beside
report.html under a temporary name and renamed into place, and the manifest then records its
hash and its digest computed again (rewritten the same way), so `allocate verify` checks the
PDF like every other file of the run.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from functools import partial
from pathlib import Path

from allocator.errors import UserError
from allocator.folder_check import refuse_changed
from allocator.manifest_digest import MANIFEST_DIGEST, sealed
from allocator.run_folder import read_manifest
from allocator.runs import MANIFEST, OUTPUTS, file_sha256

CHROMIUM = Path(os.environ.get("ALLOCATOR_CHROMIUM", "/usr/bin/chromium"))
"""The browser that prints (Debian's chromium; `make browser` installs it)."""
FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--no-first-run",
         "--disable-component-update", "--disable-sync"]
PDF = "report.pdf"
Printer = Callable[[Path, Path], None]


def print_pdf(html: Path, pdf: Path, chromium: Path = CHROMIUM) -> None:
    """Print an HTML file to an A4 PDF (the page's own @page size and margins)."""
    try:
        from playwright.sync_api import Error, sync_playwright
    except ImportError:
        raise UserError.said("pdf_needs_playwright") from None
    if not chromium.is_file():
        raise UserError.said("pdf_no_chromium", chromium=chromium)
    try:
        with sync_playwright() as driver:
            browser = driver.chromium.launch(executable_path=str(chromium), args=FLAGS)
            page = browser.new_page()
            page.goto(html.resolve().as_uri(), wait_until="load")
            page.pdf(path=str(pdf), format="A4", print_background=True,
                     prefer_css_page_size=True)
            browser.close()
    except Error as error:
        first = str(error).strip().splitlines()
        raise UserError.said("pdf_not_printed", chromium=chromium, html=html,
                             reason=first[0] if first else type(error).__name__) from None


def add_pdf(folder: Path, chromium: Path = CHROMIUM, printer: Printer | None = None) -> Path:
    """Write report.pdf into a run folder and record its hash in the manifest; UserError if
    the folder's files differ from what its run wrote. `printer(html, pdf)` prints (default:
    print_pdf with `chromium`)."""
    manifest = read_manifest(folder)
    if not (folder / "report.html").is_file():
        raise UserError.said("pdf_no_report", folder=folder)
    recorded = manifest.get(OUTPUTS)
    if not isinstance(recorded, dict):
        raise UserError.said("pdf_no_hashes", folder=folder)
    recorded = {k: v for k, v in recorded.items() if k != PDF}  # a PDF printed before
    refuse_changed(folder, manifest, "pdf_folder_changed", recorded)
    staged = folder / f".{PDF}.partial"
    try:
        (printer or partial(print_pdf, chromium=chromium))(folder / "report.html", staged)
        os.replace(staged, folder / PDF)
    finally:
        staged.unlink(missing_ok=True)
    _record(folder, manifest, {**recorded, PDF: file_sha256(folder / PDF)})
    return folder / PDF


def _record(folder: Path, manifest: dict[str, object], outputs: dict[str, str]) -> None:
    """The manifest with the hashes of `outputs` (and its digest computed again, where it
    holds one), replaced in one rename."""
    staged = folder / f".{MANIFEST}.partial"
    data = {**manifest, OUTPUTS: outputs}
    written = sealed(data) if MANIFEST_DIGEST in manifest else data
    staged.write_text(json.dumps(written, indent=2, default=str) + "\n", encoding="utf-8")
    os.replace(staged, folder / MANIFEST)

"""`allocate generate`: write a realistic synthetic book."""

from __future__ import annotations

import math
from pathlib import Path
from typing import Annotated

import typer

from allocator.book import generate_book, write_book
from allocator.cli.common import output_folder_option, user_errors
from allocator.cli.consoles import console
from allocator.cli.wrapping import print_wrapped
from allocator.errors import LANGUAGE, InputOutputError, UserError, in_a_row
from allocator.report.language import Words
from allocator.storage import staged_files

NAMES = ("customers.parquet", "rms.csv", "offers.csv")
LARGEST_SEED = 2**31 - 1
"""The largest seed a scenario's data.generate.seed takes, so the two agree."""
LARGEST_CUSTOMERS = 100_000_000


def generate(
    out_dir: Annotated[Path, typer.Argument(callback=output_folder_option,
                                            help="Folder for the book's three files.")],
    customers: Annotated[int, typer.Option(min=1, max=LARGEST_CUSTOMERS, help="Number of customers "
                                           "(at most 100,000,000).")] = 10_000,
    seed: Annotated[int, typer.Option(help="Random seed: same seed, same files (0 to "
                                      f"{LARGEST_SEED:,}).")] = 0,
    customers_per_rm: Annotated[float | None, typer.Option(
        help="One RM per this many customers of each region, sharing the hours its "
        "customers need (1 to 100,000,000; default: full-time RMs, as many as the hours "
        "need).")] = None,
    overwrite: Annotated[bool, typer.Option(help="Replace files already in OUT_DIR.")] = False,
) -> None:
    """Generate a synthetic customer book (heavy-tailed assets, regions, RMs, eight offers)."""
    with user_errors():
        _within("--seed", seed, 0, LARGEST_SEED)
        if customers_per_rm is not None:
            _within("--customers-per-rm", customers_per_rm, 1, LARGEST_CUSTOMERS)
        if out_dir.exists() and not out_dir.is_dir():
            raise InputOutputError.said("book_folder_is_file", folder=out_dir)
        existing = [n for n in NAMES if (out_dir / n).exists()]
        if existing and not overwrite:
            raise UserError.said("book_files_exist", folder=out_dir, files=in_a_row(existing))
        words = Words(LANGUAGE.get())  # the locale's: what it writes has no language
        with console.status(words("status_generating", customers=customers)):
            book = generate_book(customers, seed, customers_per_rm)
            with staged_files(out_dir) as staging:
                write_book(book, staging)
        print_wrapped(words("generate_wrote", customers=customers, rms=len(book.rms),
                            offers=len(book.offers), folder=out_dir), hanging="  ",
                      whole=[out_dir])  # the folder whole, to paste


def _within(option: str, value: float, low: int, high: int) -> None:
    """Refuse an option outside [low, high], infinity and NaN included (exit code 2)."""
    if not (math.isfinite(value) and low <= value <= high):
        raise UserError.said("option_out_of_range", option=option, low=f"{low:,}",
                             high=f"{high:,}", got=value)

"""The text encoding of a CSV file: declared in the scenario, or found by decoding the file.

Banks export CSV from many systems: UTF-8, UTF-8 with a byte-order mark (Excel), GBK or
GB18030 (Chinese Windows), latin-1 (older European systems). `auto` takes the first of these
that decodes the whole file strictly. Latin-1 decodes any bytes, so it comes last; a latin-1
file whose accented letters happen to pair up as GBK characters is read as GBK, and its
scenario should say `encoding: latin-1`.
"""

from __future__ import annotations

import codecs
import gzip
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO

AUTO = "auto"
CANDIDATES = ("utf-8", "gbk", "gb18030", "latin-1")
"""Tried in this order (after a UTF-8 byte-order mark); the first that decodes every byte
wins."""
CHUNK = 1 << 22
NEWLINE = b"\n"


def open_bytes(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip (.gz)."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def csv_encoding(path: Path, declared: str) -> str:
    """The codec to read the CSV at `path` with: `declared`, or the detected one for auto."""
    if declared != AUTO:
        return declared
    with open_bytes(path) as handle:
        if handle.read(3) == codecs.BOM_UTF8:
            return "utf-8-sig"
    for candidate in CANDIDATES:
        if _decodes(path, candidate):
            return candidate
    return CANDIDATES[-1]


def _decodes(path: Path, encoding: str) -> bool:
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    try:
        for chunk in _chunks(path):
            decoder.decode(chunk)
        decoder.decode(b"", final=True)
    except UnicodeDecodeError:
        return False
    return True


def _chunks(path: Path) -> Iterator[bytes]:
    with open_bytes(path) as handle:
        while chunk := handle.read(CHUNK):
            yield chunk


def decoding_problem(path: Path, encoding: str) -> str | None:
    """Where the file stops being `encoding` (line and byte), or None when it decodes."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    line, offset = 1, 0
    for chunk in _chunks(path):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            seen = bytes(exc.object[:exc.start])
            at = offset + exc.start - (len(exc.object) - len(chunk))
            return (f"line {line + seen.count(NEWLINE)}: byte 0x{exc.object[exc.start]:02x} "
                    f"at offset {at} is not {encoding}")
        line += chunk.count(NEWLINE)
        offset += len(chunk)
    return None

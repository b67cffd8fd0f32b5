"""The text encoding of a CSV file: declared in the scenario, or found by decoding the file.

Banks export CSV from many systems: UTF-8, UTF-8 with a byte-order mark (Excel), UTF-16 with
its byte-order mark (Excel's "Unicode text"), GBK or GB18030 (Chinese Windows), latin-1 (older
European systems). A byte-order mark names its encoding, as a NUL byte in the first character
names UTF-16 written without one; else `auto` takes the first of these
that decodes the whole file strictly; a file mostly in UTF-8 with a few bytes that are not is
refused (MixedEncodingError), as reading it whole in another encoding would garble every UTF-8
character. Latin-1 decodes any bytes, so it comes last; a file that
decodes as GBK but reads mostly as characters outside GB2312 (latin-1 accented letters pair up
as such rare characters) is read as latin-1. A scenario may always say `encoding:`.
"""

from __future__ import annotations

import codecs
import gzip
from collections.abc import Iterator
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

from allocator.errors import resolved

AUTO = "auto"
CANDIDATES = ("utf-8", "gbk", "gb18030", "latin-1")
"""Tried in this order (after a UTF-8 byte-order mark); the first that decodes every byte
wins."""
UTF16 = ("utf-16", "utf-16-le", "utf-16-be")
CHUNK = 1 << 22
NEWLINE = b"\n"


def open_bytes(path: Path) -> BinaryIO:
    """The file's bytes, decompressed when it is gzip (.gz)."""
    if path.suffix.lower() == ".gz":
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def csv_encoding(path: Path, declared: str) -> str:
    """The codec to read the CSV at `path` with: `declared`, or the detected one for auto
    (found once per file and version: the manifest and the warnings ask again)."""
    if declared != AUTO and codecs.lookup(declared).name == "utf-16":
        return _utf16_order(path)
    if declared != AUTO:
        return declared
    stat = path.stat()
    return _detected(resolved(path), stat.st_mtime_ns, stat.st_size)


def is_utf8(encoding: str) -> bool:
    return codecs.lookup(encoding).name in ("utf-8", "utf-8-sig")


def is_marked(encoding: str) -> bool:
    """Whether a file `auto` reads in `encoding` says so itself: UTF-8, or UTF-16 (which
    `auto` takes from the file's byte-order mark, or the NUL byte of its first character);
    any other is a guess to confirm."""
    return is_utf8(encoding) or codecs.lookup(encoding).name in UTF16


@lru_cache(maxsize=64)
def _detected(path: Path, modified: int, size: int) -> str:
    """The first candidate that decodes the file (`modified` and `size` tell its versions
    apart)."""
    with open_bytes(path) as handle:
        start = handle.read(4)
    if start[:3] == codecs.BOM_UTF8:
        return "utf-8-sig"
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    unmarked = _utf16_unmarked(start)
    if unmarked is not None and _decodes(path, unmarked):
        return unmarked
    return _candidate(path)


def _utf16_order(path: Path) -> str:
    """The codec of a file declared UTF-16: `utf-16` where a byte-order mark says its order,
    else the order its first characters' NUL bytes tell (Python's utf-16 takes a file without
    a mark as little-endian, pyarrow refuses it)."""
    with open_bytes(path) as handle:
        start = handle.read(4)
    if start[:2] in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE):
        return "utf-16"
    return _utf16_unmarked(start) or "utf-16"


def unmarked_utf16(path: Path, encoding: str) -> bool:
    """Whether a file read in `encoding` (csv_encoding's codec) is taken for UTF-16 with no
    sign of being it: no byte-order mark, nor a NUL byte beside each of its first letters (a
    UTF-8 or GBK file declared utf-16). Python's and pyarrow's UTF-16 readers refuse it outright,
    naming no line or byte."""
    if codecs.lookup(encoding).name != "utf-16":
        return False
    with open_bytes(path) as handle:
        start = handle.read(2)
    return len(start) == 2 and start not in (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)


def _utf16_unmarked(start: bytes) -> str | None:
    """UTF-16 without a byte-order mark, told by its first two characters: a header's first
    letters are ASCII, each a NUL byte and a letter in UTF-16 (the NUL first in big-endian
    order, second in little-endian), and never NUL in the other candidates' text."""
    nuls = tuple(byte == 0 for byte in start)
    if nuls == (True, False, True, False):
        return "utf-16-be"
    return "utf-16-le" if nuls == (False, True, False, True) else None


def _candidate(path: Path) -> str:
    """The first candidate that decodes the whole file (see the module's docstring)."""
    for candidate in CANDIDATES:
        if candidate == "utf-8" and not _decodes(path, candidate) and _mostly_utf8(path):
            raise MixedEncodingError(path)
        if _decodes(path, candidate):
            return "latin-1" if candidate == "gbk" and _rare_as_gbk(path) else candidate
    return CANDIDATES[-1]


class MixedEncodingError(ValueError):
    """A file mostly in UTF-8 with bytes that are not: no single encoding reads it right."""

    def __init__(self, path: Path) -> None:
        super().__init__(str(path))
        self.path = path


def _mostly_utf8(path: Path) -> bool:
    """Whether the file's valid multi-byte UTF-8 characters outnumber its bytes that are not
    UTF-8: then it is UTF-8 with a few stray bytes (another encoding would turn every UTF-8
    character into two or three wrong ones), not a latin-1 or GBK file."""
    decoder = codecs.getincrementaldecoder("utf-8")(errors="surrogateescape")
    valid = invalid = 0
    for chunk in _chunks(path):
        text = decoder.decode(chunk)
        wide = [ord(ch) for ch in text if ord(ch) > 0x7F]
        stray = sum(1 for code in wide if 0xDC80 <= code <= 0xDCFF)
        valid, invalid = valid + len(wide) - stray, invalid + stray
    return valid > invalid


def _rare_as_gbk(path: Path) -> bool:
    """Whether most of the Chinese characters the file's first chunk reads as under GBK are
    outside GB2312 (the common characters): latin-1 accented letters pair up as such rare
    characters, Chinese text mostly does not."""
    with open_bytes(path) as handle:
        text = handle.read(CHUNK).decode("gbk", errors="ignore")
    wide = [ch for ch in text if ord(ch) > 0x7F]
    rare = sum(1 for ch in wide if not _in_gb2312(ch))
    return bool(wide) and rare * 2 > len(wide)


def _in_gb2312(character: str) -> bool:
    try:
        character.encode("gb2312")
    except UnicodeEncodeError:
        return False
    return True


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
    found = first_undecodable(path, encoding)
    if found is None:
        return None
    line, byte, at = found
    return f"line {line}: byte 0x{byte:02x} at offset {at} is not {encoding}"


def first_undecodable(path: Path, encoding: str) -> tuple[int, int, int] | None:
    """The line, the byte and its offset where the file stops being `encoding`, or None."""
    decoder = codecs.getincrementaldecoder(encoding)(errors="strict")
    line, offset = 1, 0
    for chunk in _chunks(path):
        try:
            decoder.decode(chunk)
        except UnicodeDecodeError as exc:
            seen = bytes(exc.object[:exc.start])
            at = offset + exc.start - (len(exc.object) - len(chunk))
            return line + seen.count(NEWLINE), exc.object[exc.start], at
        line += chunk.count(NEWLINE)
        offset += len(chunk)
    return None


def declared_mismatch(path: Path, encoding: str) -> tuple[int, int, int] | None:
    """Where the file at `path` stops being its declared `encoding`: the line, the byte's
    column in it (from 1) and the byte; None when every byte decodes. The whole file is
    decoded once per version, so that a wrong declaration is named even where the bytes that
    break it sit in a column allocator does not read."""
    stat = path.stat()
    return _mismatch(path.resolve(), encoding, stat.st_mtime_ns, stat.st_size)


@lru_cache(maxsize=64)
def _mismatch(path: Path, encoding: str, modified: int, size: int
              ) -> tuple[int, int, int] | None:
    found = first_undecodable(path, encoding)
    if found is None:
        return None
    line, byte, at = found
    return line, at - _last_newline(path, at), byte


def _last_newline(path: Path, end: int) -> int:
    """The offset of the file's last newline before offset `end` (-1: none), read a chunk at
    a time."""
    last, offset = -1, 0
    for chunk in _chunks(path):
        part = chunk[:max(end - offset, 0)]
        found = part.rfind(NEWLINE)
        last = offset + found if found >= 0 else last
        offset += len(chunk)
        if offset >= end:
            break
    return last

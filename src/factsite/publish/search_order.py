"""Make Pagefind's output the same for the same site: its filter files in a fixed order.

Pagefind 1.5 writes the values of each filter, and the list of filters in its metadata file,
in hash-map order, which changes from run to run (Pagefind/pagefind#638: fragments became
stable in 1.3, "filter/metadata indexes" did not). Then two builds of one site differ, and a
build could never equal a clean one (tests/test_incremental.py). This rewrites those files with
values, page numbers and filters sorted, and names them after their new content, as Pagefind
names its files. Nothing else changes: the page numbers, fragments and word index are
already stable.

The files are gzip over b"pagefind_dcd" and CBOR. The small CBOR codec here reads exactly the
subset Pagefind writes and refuses anything else: a file it cannot re-encode to the very
bytes it read is a problem (the build fails), never a guess.
"""

from __future__ import annotations

import gzip
import hashlib
import struct
from pathlib import Path
from typing import Any

SIGNATURE = b"pagefind_dcd"


class _Unknown(ValueError):
    """CBOR outside the subset Pagefind writes."""


def _head(major: int, n: int) -> bytes:
    if n < 24:
        return bytes([major << 5 | n])
    for extra, fmt in ((24, ">B"), (25, ">H"), (26, ">I"), (27, ">Q")):
        if n < 1 << (8 * struct.calcsize(fmt)):
            return bytes([major << 5 | extra]) + struct.pack(fmt, n)
    raise _Unknown(f"integer too large: {n}")


def encode(value: Any) -> bytes:
    """Shortest-form CBOR of ints, strings, bytes and lists, as Pagefind (serde) writes it."""
    if isinstance(value, bool) or value is None:
        raise _Unknown(f"unexpected {value!r}")
    if isinstance(value, int):
        return _head(0, value) if value >= 0 else _head(1, -1 - value)
    if isinstance(value, bytes):
        return _head(2, len(value)) + value
    if isinstance(value, str):
        raw = value.encode("utf-8")
        return _head(3, len(raw)) + raw
    if isinstance(value, list):
        return _head(4, len(value)) + b"".join(map(encode, value))
    raise _Unknown(f"unexpected {type(value).__name__}")


def decode(data: bytes) -> Any:
    value, end = _item(data, 0)
    if end != len(data):
        raise _Unknown("trailing bytes")
    return value


def _item(data: bytes, at: int) -> tuple[Any, int]:
    major, info = data[at] >> 5, data[at] & 31
    at += 1
    if info < 24:
        n = info
    elif info <= 27:
        size = 1 << (info - 24)
        n = int.from_bytes(data[at : at + size], "big")
        at += size
    else:
        raise _Unknown(f"CBOR item {data[at - 1]:#x}")
    if major == 0:
        return n, at
    if major == 1:
        return -1 - n, at
    if major in (2, 3):
        raw = data[at : at + n]
        return (raw if major == 2 else raw.decode("utf-8")), at + n
    if major == 4:
        items = []
        for _ in range(n):
            item, at = _item(data, at)
            items.append(item)
        return items, at
    raise _Unknown(f"CBOR major type {major}")


def _read(path: Path) -> Any:
    raw = gzip.decompress(path.read_bytes())
    if not raw.startswith(SIGNATURE):
        raise _Unknown(f"{path.name}: no Pagefind signature")
    body = raw[len(SIGNATURE) :]
    value = decode(body)
    if encode(value) != body:  # the codec must give back what Pagefind wrote, byte for byte
        raise _Unknown(f"{path.name}: does not re-encode to the same bytes")
    return value


def _write(folder: Path, stem: str, suffix: str, value: Any, digits: int) -> str:
    """Write value under a name made of its content's hash; return the name's hash part."""
    body = SIGNATURE + encode(value)
    name = f"{stem}_{hashlib.sha256(body).hexdigest()[:digits]}"
    data = gzip.compress(body, compresslevel=9, mtime=0)
    (folder / f"{name}{suffix}").write_bytes(data)
    return name


def fix_order(bundle: Path) -> str | None:
    """Rewrite the filter and metadata files of every language in `bundle` (the pagefind/
    folder) in a fixed order. None when done, else the problem."""
    entry_path = bundle / "pagefind-entry.json"
    try:
        entry = entry_path.read_text("utf-8")
        for meta_path in sorted(bundle.glob("pagefind.*.pf_meta")):
            old = meta_path.name.removeprefix("pagefind.").removesuffix(".pf_meta")
            new = _fix_language(bundle, meta_path, old.split("_", 1)[0])
            if f'"{old}"' not in entry:
                return f"search: {entry_path.name} does not name {meta_path.name}"
            entry = entry.replace(f'"{old}"', f'"{new}"')
            if new != old:
                meta_path.unlink()
        entry_path.write_text(entry, "utf-8")
    except (OSError, ValueError, IndexError, KeyError, TypeError) as e:
        return f"search: cannot put Pagefind's files in order: {e}"
    return None


def _fix_language(bundle: Path, meta_path: Path, lang: str) -> str:
    meta = _read(meta_path)
    # [version, pages, index chunks, filters [[name, file], ...], sorts, metadata fields]
    if not (isinstance(meta, list) and len(meta) == 6 and isinstance(meta[3], list)):
        raise _Unknown(f"{meta_path.name}: unexpected layout")
    filters = []
    for name, stem in meta[3]:
        path = bundle / "filter" / f"{stem}.pf_filter"
        key, values = _read(path)  # [filter name, [[value, [page numbers]], ...]]
        ordered = sorted([value, sorted(pages)] for value, pages in values)
        new = _write(path.parent, lang, ".pf_filter", [key, ordered], 7)
        if new != stem:
            path.unlink()
        filters.append([name, new])
    meta[3] = sorted(filters)
    written = _write(bundle, f"pagefind.{lang}", ".pf_meta", meta, 10)
    return written.removeprefix("pagefind.")

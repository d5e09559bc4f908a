"""Digests that name content: of a file's bytes, and of plain values (JSON, with sets sorted
and the dataclasses of load/ by their repr). Equal digests, equal content; what a key of the
caches, the Drawn pages and the build record is made of."""

from __future__ import annotations

import hashlib
import json
import os
import stat
from pathlib import Path
from typing import Any

SIZE = 16  # bytes: 128 bits, far from any collision at millions of files


def file_digest(path: str | Path) -> str:
    """The digest of the file's bytes (OSError if it cannot be read)."""
    with open(path, "rb") as fh:
        return hashlib.file_digest(fh, lambda: hashlib.blake2b(digest_size=SIZE)).hexdigest()


def regular_file_digest(path: str | Path) -> str | None:
    """The digest of a regular file's bytes; None for anything else, or a file that cannot be
    read (the loader's to judge)."""
    try:
        return file_digest(path) if stat.S_ISREG(os.lstat(path).st_mode) else None
    except OSError:
        return None


def value_digest(value: Any) -> str:
    """The digest of `value`: JSON values, sets (sorted, never in a process's own order)
    and objects whose repr says all they hold (the frozen dataclasses of load/)."""
    blob = json.dumps(value, ensure_ascii=False, sort_keys=True, default=_plain)
    return hashlib.blake2b(blob.encode(), digest_size=SIZE).hexdigest()


def _plain(value: Any) -> Any:
    if isinstance(value, set | frozenset):
        return sorted(value)
    return repr(value)

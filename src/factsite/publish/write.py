"""Write generated files into docs/: atomically, only when changed, never touching others.

The generator owns exactly the files listed in its manifest (docs/.factsite-generated.json)
and only inside OWNED folders and files. A file it wrote before and no longer generates is
removed; a hand-written file is never touched, even if it sits in a generated folder.
"""

from __future__ import annotations

import json
import os
import stat
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsite.publish import cache

MANIFEST = ".factsite-generated.json"
OWNED_DIRS = (
    "claims",
    "articles",
    "verdicts",
    "topics",
    "claimants",
    "data",
    "feeds",
    "_generated",
)
OWNED_FILES = ("assets/verdicts.css",)


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def owned(rel: str) -> bool:
    parts = Path(rel).parts
    if not parts or ".." in parts or Path(rel).is_absolute():
        return False
    return rel in OWNED_FILES or (len(parts) > 1 and parts[0] in OWNED_DIRS)


def _atomic_write(path: Path, data: bytes) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=".tmp-", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


def _previous(docs: Path) -> set[str]:
    try:
        listed = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
        return {p for p in listed if isinstance(p, str) and owned(p)}
    except (OSError, ValueError, TypeError):
        return set()


RENDER_CACHE = "render.bin"


def write_pages(docs: Path, pages: Mapping[str, str]) -> WriteReport:
    """Bring docs/ in line with `pages`; return what was written and removed.

    Pages that name their inputs (render.Pages.key) are not even rendered when the last write
    was of the same inputs and left every file as it is now (same size and mtime).
    """
    key = getattr(pages, "key", None)
    if key is not None:
        written = cache.load(docs.parent, RENDER_CACHE, key)
        if _intact(docs, written):
            return WriteReport(unchanged=written["pages"])
        cache.forget(docs.parent, RENDER_CACHE)  # until the new pages are all written
    report = _write_pages(docs, pages)
    if key is not None:
        _remember(docs, key, pages)
    return report


def _intact(docs: Path, written: Any) -> bool:
    """Whether docs/ holds exactly the files recorded after the last write."""
    try:
        if written["docs"] != str(docs.resolve()):
            return False
        for rel, (size, mtime) in written["files"].items():
            st = os.lstat(docs / rel)
            if not stat.S_ISREG(st.st_mode) or (st.st_size, st.st_mtime_ns) != (size, mtime):
                return False
        return isinstance(written["pages"], int)
    except (OSError, KeyError, TypeError, ValueError):
        return False


def _remember(docs: Path, key: str, pages: Mapping[str, str]) -> None:
    files = {}
    try:
        for rel in [*pages, MANIFEST]:
            st = os.lstat(docs / rel)
            files[rel] = [st.st_size, st.st_mtime_ns]
    except OSError:
        return
    value = {"docs": str(docs.resolve()), "pages": len(pages), "files": files}
    cache.save(docs.parent, RENDER_CACHE, key, value)


def _write_pages(docs: Path, pages: Mapping[str, str]) -> WriteReport:
    report = WriteReport()
    for rel in pages:
        if not owned(rel):
            raise ValueError(f"the renderer may not write {rel}")
    for rel, text in sorted(pages.items()):
        path = docs / rel
        data = text.encode("utf-8")
        try:
            if path.read_bytes() == data:
                report.unchanged += 1
                continue
        except OSError:
            pass
        _atomic_write(path, data)
        report.written.append(rel)
    for rel in sorted(_previous(docs) - set(pages)):
        path = docs / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
            report.removed.append(rel)
            _prune(path.parent, docs)
    manifest = (json.dumps(sorted(pages), indent=0) + "\n").encode("utf-8")
    try:
        same = (docs / MANIFEST).read_bytes() == manifest
    except OSError:
        same = False
    if not same:
        _atomic_write(docs / MANIFEST, manifest)
    return report


def _prune(folder: Path, docs: Path) -> None:
    """Remove folders left empty by removals, up to docs/."""
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent

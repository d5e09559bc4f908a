"""Write generated files into docs/: atomically, only when changed, never touching others.

The generator owns exactly the files listed in its manifest (docs/.factsite-generated.json)
and only inside OWNED folders and files. A file it wrote before and no longer generates is
removed; a hand-written file is never touched, even if it sits in a generated folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

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


def atomic_write(path: Path, data: bytes) -> None:
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


def write_pages(docs: Path, pages: Mapping[str, str]) -> WriteReport:
    """Bring docs/ in line with `pages`; return what was written and removed."""
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
        atomic_write(path, data)
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
        atomic_write(docs / MANIFEST, manifest)
    return report


def _prune(folder: Path, docs: Path) -> None:
    """Remove folders left empty by removals, up to docs/."""
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def remove_generated(docs: Path) -> list[str]:
    """Remove every file the manifest lists (and the manifest); hand-written files stay."""
    removed = []
    for rel in sorted(_previous(docs)):
        path = docs / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(rel)
            _prune(path.parent, docs)
    (docs / MANIFEST).unlink(missing_ok=True)
    return removed

"""Write generated files into docs/: atomically, only when changed, never touching others.

The generator owns exactly the files listed in its manifest (docs/.factsite-generated.json)
and only inside OWNED folders and files. A file it wrote before and no longer generates is
removed; a hand-written file is never touched, even if it sits in a generated folder.
"""

from __future__ import annotations

import json
import os
import tempfile
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsite.load.files import MANIFEST, OWNED_DIRS, OWNED_FILES
from factsite.render.pages import Drawn, Page


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0


def inside(rel: str) -> bool:
    """A relative path that stays inside its folder: all a generated folder may hold."""
    parts = Path(rel).parts
    return bool(parts) and ".." not in parts and not Path(rel).is_absolute()


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


def _manifest(docs: Path, owns: Callable[[str], bool] = owned) -> tuple[set[str], dict[str, Any]]:
    """The files the last write generated, and what it knows of the drawn ones."""
    try:
        listed = json.loads((docs / MANIFEST).read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return set(), {}
    if isinstance(listed, list):  # the first format: the paths only
        listed = {"files": listed}
    if not isinstance(listed, dict):
        return set(), {}
    files = {p for p in listed.get("files") or [] if isinstance(p, str) and owns(p)}
    drawn = listed.get("drawn") if isinstance(listed.get("drawn"), dict) else {}
    return files, drawn


def _previous(docs: Path, owns: Callable[[str], bool] = owned) -> set[str]:
    return _manifest(docs, owns)[0]


def _still_drawn(path: Path, record: Any, key: str) -> bool:
    """Whether `path` is still the file drawn for `key` (same key, size and mtime)."""
    try:
        st = os.lstat(path)
        recorded_key, size, mtime = record
    except (OSError, TypeError, ValueError):
        return False
    return recorded_key == key and (st.st_size, st.st_mtime_ns) == (size, mtime)


def write_pages(
    docs: Path,
    pages: Mapping[str, Page],
    *,
    trust_drawn: bool = True,
    owns: Callable[[str], bool] = owned,
    jobs: int = 1,
) -> WriteReport:
    """Bring docs/ in line with `pages`; return what was written and removed.

    A Drawn file whose key is the one the manifest recorded for the file on disk is not drawn
    again (unless trust_drawn is False); every other file is compared byte for byte.
    """
    report = WriteReport()
    for rel in pages:
        if not owns(rel):
            raise ValueError(f"the renderer may not write {rel}")
    before, drawn_before = _manifest(docs, owns)
    drawn: dict[str, Any] = {}
    kept = {
        rel
        for rel, page in pages.items()
        if isinstance(page, Drawn)
        and trust_drawn
        and _still_drawn(docs / rel, drawn_before.get(rel), page.key)
    }
    fresh = _draw_all(
        {r: p for r, p in pages.items() if isinstance(p, Drawn) and r not in kept}, jobs
    )
    for rel, page in sorted(pages.items()):
        path = docs / rel
        if isinstance(page, Drawn):
            if rel in kept:
                drawn[rel] = drawn_before[rel]
                report.unchanged += 1
                continue
            data = fresh[rel]
        else:
            data = page.encode("utf-8") if isinstance(page, str) else page
        if _same(path, data):
            report.unchanged += 1
        else:
            atomic_write(path, data)
            report.written.append(rel)
        if isinstance(page, Drawn):
            st = os.lstat(path)
            drawn[rel] = [page.key, st.st_size, st.st_mtime_ns]
    for rel in sorted(before - set(pages)):
        path = docs / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
            report.removed.append(rel)
            _prune(path.parent, docs)
    listing: dict[str, Any] = {"files": sorted(pages)}
    if drawn:
        listing["drawn"] = drawn
    manifest = (json.dumps(listing, indent=0, sort_keys=True) + "\n").encode("utf-8")
    if not _same(docs / MANIFEST, manifest):
        atomic_write(docs / MANIFEST, manifest)
    return report


MIN_PARALLEL_DRAWS = 64  # below this, starting processes costs more than drawing


def _draw_all(todo: dict[str, Drawn], jobs: int) -> dict[str, bytes]:
    """Draw every Drawn page, on `jobs` processes when there are many (a card: ~15 ms)."""
    if jobs <= 1 or len(todo) < MIN_PARALLEL_DRAWS:
        return {rel: page.draw() for rel, page in todo.items()}
    from concurrent.futures import ProcessPoolExecutor

    rels = sorted(todo)
    with ProcessPoolExecutor(max_workers=jobs) as pool:
        drawn = pool.map(_draw, [todo[r].draw for r in rels], chunksize=32)
        return dict(zip(rels, drawn, strict=True))


def _draw(draw: Callable[[], bytes]) -> bytes:
    return draw()


def _same(path: Path, data: bytes) -> bool:
    try:
        return path.read_bytes() == data
    except OSError:
        return False


def _prune(folder: Path, docs: Path) -> None:
    """Remove folders left empty by removals, up to docs/."""
    while folder != docs and folder.is_dir() and not any(folder.iterdir()):
        folder.rmdir()
        folder = folder.parent


def remove_generated(docs: Path, owns: Callable[[str], bool] = owned) -> list[str]:
    """Remove every file the manifest lists (and the manifest); hand-written files stay."""
    removed = []
    for rel in sorted(_previous(docs, owns)):
        path = docs / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(rel)
            _prune(path.parent, docs)
    (docs / MANIFEST).unlink(missing_ok=True)
    return removed

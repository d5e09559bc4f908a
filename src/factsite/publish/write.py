"""Write generated files into docs/: atomically, only when changed, never touching others.

The generator owns exactly the files listed in its manifest (docs/.factsite-generated.json)
and only inside OWNED folders and files. A file it wrote before and no longer generates is
removed; a hand-written file is never touched, even if it sits in a generated folder.
"""

from __future__ import annotations

import json
import os
import re
import tempfile
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsite.load.files import MANIFEST, OWNED_DIRS, OWNED_FILES
from factsite.problems import Problem
from factsite.publish.errors import write_problem
from factsite.publish.pause import pause
from factsite.render.pages import Drawn, Page

TMP_PREFIX = ".tmp-"
_TMP_NAME = re.compile(r"\.tmp-[a-z0-9_]{8}")  # tempfile.mkstemp's names with that prefix


@dataclass
class WriteReport:
    written: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: int = 0
    failed: Problem | None = None  # the file that could not be written: docs/ is as it was
    # each Drawn file the folder now holds: [its key, size, mtime], as the manifest records
    # them (taken when it was written, or checked against the file by this write)
    drawn: dict[str, Any] = field(default_factory=dict)


def inside(rel: str) -> bool:
    """A relative path that stays inside its folder: all a generated folder may hold."""
    parts = Path(rel).parts
    return bool(parts) and ".." not in parts and not Path(rel).is_absolute()


def owned(rel: str) -> bool:
    parts = rel.split("/")  # a plain relative path, as the writer makes them: no pathlib
    if "" in parts or "." in parts:  # "a//b", "./a", "/a", "a/": pathlib's reading of it
        parts = list(Path(rel).parts)
        if not parts or Path(rel).is_absolute():
            return False
    if ".." in parts:
        return False
    return rel in OWNED_FILES or (len(parts) > 1 and parts[0] in OWNED_DIRS)


def atomic_write(path: Path, data: bytes) -> None:
    """Write `data` to `path` so that a reader (or a killed run) sees the old or the new file.

    Raises OSError; write_pages turns it into a problem."""
    tmp = _stage(path, data)
    try:
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise


@dataclass
class Written:
    """What the last write_pages left in a folder, kept in memory by `factsite serve` between
    its rounds: the files the manifest lists, its drawn files' records, each text page as
    written, and the manifest's stat then. While the manifest is still that very file (no
    other run wrote since), the next write takes this for what the folder holds: it reads no
    manifest, no unchanged page and no stat of a drawn file."""

    files: set[str] = field(default_factory=set)
    drawn: dict[str, Any] = field(default_factory=dict)
    texts: dict[str, Page] = field(default_factory=dict)
    manifest: tuple[int, int, int] | None = None  # size, mtime, inode
    entries: dict[str, tuple[Any, str]] = field(default_factory=dict)  # drawn, as JSON
    body: bytes | None = None  # the manifest last written (it is 11 MB at 10,000 claims)

    def holds(self, docs: Path) -> bool:
        return self.manifest is not None and self.manifest == _stat(docs / MANIFEST)


def _stat(path: Path) -> tuple[int, int, int] | None:
    try:
        st = os.lstat(path)
    except OSError:
        return None
    return st.st_size, st.st_mtime_ns, st.st_ino


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
    kept: Written | None = None,
    settle: bool = True,
) -> WriteReport:
    """Bring docs/ in line with `pages`; return what was written and removed, or what failed.

    A Drawn file whose key the manifest recorded for the file on disk is not drawn again
    (unless trust_drawn is False); every other file is compared byte for byte. Changed files
    are written beside their place (`.tmp-*`) and renamed in only once all were written: a
    file that cannot be written leaves docs/ as it was, and report.failed says which and why.
    `kept`: what the last write left here (Written), trusted while it holds, and updated.
    `settle` False (a preview's round, which writes the folder again at once with `kept`):
    the manifest is brought up to date only where this write adds files, before they are
    put in place, and the next write records the rest (the manifest is 11 MB at 10,000
    claims). A run killed in between leaves a manifest that lists every file it generated,
    and records of drawn files that no longer match them, which are then drawn again.
    """
    report = WriteReport()
    trusted = kept is not None and trust_drawn and kept.holds(docs)
    if kept is not None and trusted:
        before, drawn_before, texts = kept.files, kept.drawn, kept.texts
    else:
        (before, drawn_before), texts = _manifest(docs, owns), {}
    for rel in pages.keys() - before:  # those the folder holds were owned when written
        if not owns(rel):
            raise ValueError(f"the renderer may not write {rel}")
    drawn: dict[str, Any] = {}
    todo = _to_draw(docs, pages, drawn_before if trust_drawn else {}, trusted)
    staged: dict[str, Path] = {}
    now: dict[str, Page] = {}  # the text pages, as written: the next write's `texts`
    current = MANIFEST  # the file being written, for the problem if it fails
    try:
        # each file drawn now is staged as it comes: 40,000 of them (450 MB at 10,000
        # claims) are never all held at once
        for rel, data in _drawings(todo, jobs):
            current = rel
            if _same(docs / rel, data):
                report.unchanged += 1
            else:
                staged[rel] = _stage(docs / rel, data)
        for rel, page in pages.items():  # not sorted: 50,000 pages, of which few change
            current = rel
            if isinstance(page, Drawn):
                if rel not in todo:  # still drawn for its key
                    drawn[rel] = drawn_before[rel]
                    report.unchanged += 1
                continue
            now[rel] = page
            if rel in texts:  # as the last write left it
                if texts[rel] == page:
                    report.unchanged += 1
                else:  # the file holds the last text: no need to read it to compare
                    staged[rel] = _stage(docs / rel, _bytes(page))
            elif _same(docs / rel, data := _bytes(page)):
                report.unchanged += 1
            else:
                staged[rel] = _stage(docs / rel, data)
        # Before any page is replaced, the manifest lists every file this write may leave:
        # a run killed half-way still knows the pages it wrote as its own (when it adds none,
        # the last manifest already does: it is written once, after the pages).
        staged = dict(sorted(staged.items()))  # written in the order of their names
        current = MANIFEST
        added = not pages.keys() <= before
        if added:
            _write_manifest(docs, before | pages.keys(), drawn, kept)
        pause("stage")
        for i, (rel, tmp) in enumerate(staged.items()):
            if i == len(staged) // 2:
                pause("write")
            current = rel
            os.replace(tmp, docs / rel)
            report.written.append(rel)
        _record_drawn(docs, todo, drawn)
        for rel in sorted(before - pages.keys()):
            current, path = rel, docs / rel
            if path.is_file() and not path.is_symlink():
                path.unlink()
                report.removed.append(rel)
                _prune(path.parent, docs)
        current = MANIFEST
        if settle or kept is None:
            _write_manifest(docs, set(pages), drawn, kept)
        elif added:  # the manifest lists the files, and the drawn files' old records
            kept.manifest = _stat(docs / MANIFEST)
    except (OSError, _DrawFailed) as exc:
        for tmp in staged.values():
            tmp.unlink(missing_ok=True)  # those already renamed into place are gone
            _prune(tmp.parent, docs)
        if isinstance(exc, _DrawFailed):  # not a write's failure: raised as it was
            raise exc.__cause__ from None  # type: ignore[misc]
        report.failed = write_problem(f"{docs.name}/{current}", exc)
        if kept is not None:
            kept.manifest = None  # read the folder again next time
        return report
    if kept is not None:
        kept.files, kept.drawn, kept.texts = set(pages), drawn, now
        if settle:
            kept.manifest = _stat(docs / MANIFEST)
    report.drawn = drawn
    return report


MIN_PARALLEL_DRAWS = 64  # below this, starting processes costs more than drawing


def _to_draw(
    docs: Path,
    pages: Mapping[str, Page],
    drawn_before: dict[str, Any],
    trusted: bool = False,
) -> dict[str, Drawn]:
    """Every Drawn page that is not on disk for its key. `trusted`: the records are those of
    the files the last write left (Written.holds), each checked when it was taken, so a
    record's key is enough, without a stat."""
    if trusted:
        return {
            rel: page
            for rel, page in pages.items()
            if isinstance(page, Drawn)
            and ((record := drawn_before.get(rel)) is None or record[0] != page.key)
        }
    return {
        rel: page
        for rel, page in pages.items()
        if isinstance(page, Drawn)
        and not (_still_drawn(docs / rel, drawn_before.get(rel), page.key))
    }


class _DrawFailed(Exception):
    """A drawing raised (its exception is the cause): write_pages removes what it staged."""


def _drawings(todo: dict[str, Drawn], jobs: int) -> Iterator[tuple[str, bytes]]:
    """Each of `todo` drawn, as (path, bytes), one at a time; on `jobs` processes when there
    are many (a share card costs about 15 ms), in the order of their paths."""
    try:
        if jobs <= 1 or len(todo) < MIN_PARALLEL_DRAWS:
            for rel, page in todo.items():
                yield rel, page.draw()
            return
        from concurrent.futures import ProcessPoolExecutor

        rels = sorted(todo)
        pool = ProcessPoolExecutor(max_workers=jobs)
        try:
            drawings = pool.map(_draw, [todo[r].draw for r in rels], chunksize=32)
            yield from zip(rels, drawings, strict=True)
        finally:
            pool.shutdown(cancel_futures=True)
    except Exception as exc:  # not GeneratorExit (a BaseException): closed early, no failure
        raise _DrawFailed from exc


def _draw(draw: Callable[[], bytes]) -> bytes:
    return draw()


def _bytes(page: str | bytes) -> bytes:
    return page.encode("utf-8") if isinstance(page, str) else page


def _record_drawn(docs: Path, todo: dict[str, Drawn], drawn: dict[str, Any]) -> None:
    """What the manifest keeps of each file this write drew, now in place: its key, size and
    mtime (the others' records are the last write's)."""
    for rel, page in todo.items():
        st = os.lstat(docs / rel)
        drawn[rel] = [page.key, st.st_size, st.st_mtime_ns]


def _stage(path: Path, data: bytes) -> Path:
    """`data` written into a temporary file beside `path`; the caller renames it into place."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=TMP_PREFIX, dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o644)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    return Path(tmp)


def _write_manifest(
    docs: Path, files: set[str], drawn: dict[str, Any], kept: Written | None = None
) -> None:
    """{"drawn": {path: [key, size, mtime]}, "files": [path, ...]}, compact and sorted: as
    json.dumps(..., sort_keys=True) writes it, with each drawn file's entry serialised once
    and kept (Written.entries) while its record stays the same."""
    entries = kept.entries if kept is not None else {}
    parts, now = [], {}
    for rel in sorted(drawn):
        record = drawn[rel]
        hit = entries.get(rel)
        if hit is None or hit[0] != record:
            hit = (record, _compact(rel) + ":" + _compact(record))
        now[rel] = hit
        parts.append(hit[1])
    if kept is not None:
        kept.entries = now
    head = '{"drawn":{' + ",".join(parts) + "}," if drawn else "{"
    manifest = (head + '"files":' + _compact(sorted(files)) + "}\n").encode("utf-8")
    last = kept.body if kept is not None and kept.holds(docs) else None
    if manifest != last and (last is not None or not _same(docs / MANIFEST, manifest)):
        atomic_write(docs / MANIFEST, manifest)
    if kept is not None:
        kept.body = manifest


def _compact(value: Any) -> str:
    # json's encoder in C (an indented one is Python's, 5 times slower at 40,000 files)
    return json.dumps(value, separators=(",", ":"))


def remove_partial(docs: Path) -> list[str]:
    """Remove the temporary files a killed write left in docs/ (its own, by their names):
    beside the manifest and verdicts.css, and anywhere in the generated folders.

    Only under the project's lock (publish/lock.py): a running write's files look the same.
    """
    found = [*_files(docs), *_files(docs / "assets")]
    for name in OWNED_DIRS:
        for dirpath, _, filenames in os.walk(docs / name):  # symlinked folders not followed
            found += [Path(dirpath) / f for f in filenames if _TMP_NAME.fullmatch(f)]
    removed = []
    for path in found:
        if _TMP_NAME.fullmatch(path.name) and path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(path.relative_to(docs).as_posix())
    return removed


def _files(folder: Path) -> list[Path]:
    try:
        return [Path(e.path) for e in os.scandir(folder) if e.is_file(follow_symlinks=False)]
    except OSError:
        return []


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
    folders = set()
    for rel in sorted(_previous(docs, owns)):
        path = docs / rel
        if path.is_file() and not path.is_symlink():
            path.unlink()
            removed.append(rel)
            folders.add(path.parent)
    # once every file is gone, deepest first: a folder's emptiness asked once, not once a file
    # removed from it (50,000 times over folders of 10,000 files at 10,000 claims: minutes)
    for folder in sorted(folders, key=lambda f: len(f.parts), reverse=True):
        _prune(folder, docs)
    (docs / MANIFEST).unlink(missing_ok=True)
    return removed

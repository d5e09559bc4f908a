"""Build the site with the engine and index it: from nothing into a fresh folder swapped into
place; after a change, only what the change can alter, moved into site/.

A failed build or search index (search.py) leaves the previous site/ as it was. The engine
builds in this process, through its public API (pages.py): after a change only what the change
can alter (incremental.py), built aside and moved into site/ file by file through a journal
(swap.Journal: a failure undoes the moves, and so does the next run after a kill), so that the
cost follows the change and not the site (no 60,000 links, walks and deletes at 10,000 claims);
from nothing, with its pages shared between `jobs` processes forked from this one, into a
fresh folder swapped in. A site whose pages could see each other other than through the nav
(incremental.applies says which) is built by the engine's command line instead (engine.py).
The forked processes and the engine's inherit the project's lock (lock.py), so a build's every
process holds it.
"""

from __future__ import annotations

import errno
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factsite.load.files import OWNED_DIRS
from factsite.load.site_config import CONFIG_FILE
from factsite.problems import Problem
from factsite.publish import incremental, lock, pages
from factsite.publish import search as search_index
from factsite.publish.engine import build_argv
from factsite.publish.engine_log import relay
from factsite.publish.errors import placed, site_write_problem, write_problem
from factsite.publish.pause import pause
from factsite.publish.swap import Journal, Remover, build_folder, swap

FULL_BYTES = 1 << 20  # less free space than this, and a failed write is put down to it


@dataclass(frozen=True)
class Built:
    """Whether the new site is in place; if not, a file that could not be written, if that was
    why (otherwise the engine said why). Truthy when built."""

    ok: bool
    problem: Problem | None = None
    record: incremental.Record | None = None  # what the next build can start from

    def __bool__(self) -> bool:
        return self.ok


def build_site(
    root: Path,
    site_dir: Path,
    *,
    config: dict[str, Any] | None = None,
    engine: str = "mkdocs",
    jobs: int = 1,
    search: bool = True,
    loaded: pages.Loaded | None = None,
    remover: Remover | None = None,
) -> Built:
    """Build with `engine` into site_dir; not ok (and site_dir untouched) if the build failed.

    `config` is mkdocs.yml as loaded (load.site_config); without it, the engine's command
    line builds the site (a slower path, for sites pages.py does not apply to). With
    search=False (the preview), a build that reuses the previous site keeps its search index
    as it was instead of indexing again; `factsite build` always indexes. `loaded` keeps the
    site as the engine loads it between builds of one process (the preview's rebuilds), and
    `remover` removes the previous site meanwhile rather than before returning.
    """
    root = root.resolve()  # the engine runs inside root: every path handed to it is absolute
    site_dir, site = placed(root, site_dir)
    try:
        tmp = build_folder(site_dir)
    except OSError as exc:
        return Built(False, write_problem(site, exc))
    urls = directory_urls(config)
    # what the changes since the previous site can alter (incremental.py), or everything
    key, reuse = _previous(root, site_dir, config, engine)
    if reuse is not None and key is not None:
        return _in_place(root, (site_dir, site), tmp, (key, reuse), engine, loaded, search, urls)
    ok, problem = _from_nothing(root, tmp, site, (key, config), engine, (jobs, loaded))
    # the build record reads docs/ and the new site while Pagefind, on one core, indexes it
    record = _record(root, tmp) if ok and key is not None else None
    if ok and (message := search_index.index_site(tmp, directory_urls=urls)):
        print(message, file=sys.stderr)
        ok, problem = False, _no_space(tmp, f"{site}/{search_index.BUNDLE}")
    recorded = _recorded(record)  # waited for before tmp may go
    if not ok:
        shutil.rmtree(tmp, ignore_errors=True)
        return Built(False, problem)
    pause("engine")
    try:
        swap(tmp, site_dir, remover)
    except OSError as exc:
        shutil.rmtree(tmp, ignore_errors=True)
        return Built(False, write_problem(site, exc))
    record = None
    if recorded is not None and key is not None:
        record = incremental.remember(root, key, recorded[0], site_dir, recorded[1])
    elif key is not None:  # docs/ or the new site could not be read: no record
        incremental.forget(root)
    return Built(True, record=record)


def _in_place(
    root: Path,
    sited: tuple[Path, str],
    tmp: Path,
    keyed: tuple[str, incremental.Reuse],
    engine: str,
    loaded: pages.Loaded | None,
    search: bool,
    urls: bool,
) -> Built:
    """A build after a change: the outputs it can alter built in tmp, then moved into site_dir
    through a journal (swap.Journal) with the search index made again over the site they
    make; a failure at any step undoes the steps before it. The files left as they were keep
    their inodes, so the record of them holds. With search=False (the preview) the previous
    index stays."""
    site_dir, site = sited
    key, reuse = keyed
    try:
        ok, problem = in_process(
            root,
            tmp,
            site,
            (engine, key, frozenset(reuse.sources)),
            lambda built: built.build(tmp, reuse.forced, missing=False),
            loaded,
        )
        if not ok:
            return Built(False, problem)
        made = incremental.names(tmp)
        moved = [rel for rel in made if not _same_file(tmp / rel, site_dir / rel)]
        made_set = set(made)
        removed = [rel for rel in reuse.forced if rel not in made_set and rel in reuse.outputs]
        pause("engine")
        incremental.forget(root)  # until the record says what site/ holds again
        try:
            journal = Journal(site_dir)
        except OSError as exc:
            return Built(False, write_problem(site, exc))
        try:
            journal.put_all(tmp, moved)
            for rel in removed:
                journal.remove(rel)
            pause("commit")
            bundle_moved: list[str] = []
            if search:
                bundle = tmp / search_index.BUNDLE
                if message := _index(site_dir, tmp, reuse, {*moved, *removed}, urls):
                    print(message, file=sys.stderr)
                    journal.undo()
                    return Built(False, _no_space(tmp, f"{site}/{search_index.BUNDLE}"))
                bundle_moved, bundle_removed = _bundle_changes(bundle, site_dir, reuse.outputs)
                journal.put_all(tmp, bundle_moved)
                for rel in bundle_removed:
                    journal.remove(rel)
                removed += bundle_removed
            journal.close()
        except OSError as exc:
            journal.undo()
            return Built(False, site_write_problem(site_dir, site, exc))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return Built(True, record=_kept_record(root, site_dir, keyed, moved + bundle_moved, removed))


def _same_file(new: Path, old: Path) -> bool:
    """Whether the file just built equals the one in the site (then it stays, inode and all)."""
    try:
        a, b = new.stat(), old.stat()
        if (a.st_dev, a.st_ino) == (b.st_dev, b.st_ino):
            return True  # a search bundle kept: linked from the site
        if a.st_size != b.st_size:
            return False
        return new.read_bytes() == old.read_bytes()
    except OSError:
        return False


def _bundle_changes(bundle: Path, site_dir: Path, outputs: incremental.Stats) -> _Changes:
    """(the files of the new search index, as paths in the site, that differ from the site's,
    the site's index files the new one has not)."""
    prefix = f"{search_index.BUNDLE}/"
    made = [prefix + rel for rel in incremental.names(bundle)]
    old = {rel for rel in outputs if rel.startswith(prefix)}
    tmp = bundle.parent
    moved = [rel for rel in made if rel not in old or not _same_file(tmp / rel, site_dir / rel)]
    return moved, sorted(old - set(made))


def _kept_record(
    root: Path,
    site_dir: Path,
    keyed: tuple[str, incremental.Reuse],
    moved: list[str],
    removed: list[str],
) -> incremental.Record | None:
    """The build record after a build in place: the previous record's outputs, less those
    removed, with those moved stat'd again (no folder walked)."""
    key, reuse = keyed
    gone = set(removed)
    outputs = {rel: sig for rel, sig in reuse.outputs.items() if rel not in gone}
    try:
        now, _ = incremental.restat(site_dir, moved, {})
        st = os.stat(site_dir)
    except OSError:
        return None
    record = incremental.Record(key, reuse.sources, {**outputs, **now}, (st.st_dev, st.st_ino))
    record.save(root)
    return record


_Changes = tuple[list[str], list[str]]


def directory_urls(config: dict[str, Any] | None) -> bool:
    """Whether the site has directory URLs, which tells the search index its pages (search.py)."""
    return (config or {}).get("use_directory_urls") is not False


# GitHub Pages, the host the generated workflows deploy to, publishes sites up to 1 GB.
HOST_LIMIT = 1_000_000_000
HOST_WARN = 0.8  # tell the newsroom from this share of it on


def site_size(site_dir: Path) -> tuple[int, int]:
    """(bytes, files) of the built site, every file counted as the upload to the host counts it."""
    total = files = 0
    for dirpath, _, names in os.walk(site_dir):
        for name in names:
            try:
                st = os.lstat(os.path.join(dirpath, name))
            except OSError:
                continue
            total += st.st_size
            files += 1
    return total, files


def size_note(size: int, files: int) -> str:
    """One line on the site's size, and a warning as it nears what its host accepts."""
    line = f"build: the site is {size / 1e6:,.1f} MB in {files:,} files"
    share = size / HOST_LIMIT
    if share >= 1:
        return f"{line}: over GitHub Pages' limit of 1 GB, which refuses to deploy it"
    if share >= HOST_WARN:
        return f"{line}: {share:.0%} of GitHub Pages' limit of 1 GB; plan for a larger host"
    return line


def _from_nothing(
    root: Path,
    tmp: Path,
    site: str,
    keyed: tuple[str | None, dict[str, Any] | None],
    engine: str,
    run: tuple[int, pages.Loaded | None],
) -> tuple[bool, Problem | None]:
    """A whole build into tmp. Where a build can reuse the previous site (key not None: the
    pages cannot see each other but through the nav), through the engine's public API in
    this process and `jobs` forked ones (pages.py); otherwise the engine's command line."""
    key, config = keyed
    jobs, loaded = run
    if key is None or config is None:
        return _engine(build_argv(root / CONFIG_FILE, tmp, engine=engine), root, tmp, site)
    names = frozenset(incremental.names(root / "docs"))

    def build(built: pages.Site) -> list[str]:
        return pages.build_all(built, tmp, jobs, linked=OWNED_DIRS)

    return in_process(root, tmp, site, (engine, key, names), build, loaded)


def in_process(
    root: Path,
    tmp: Path,
    site: str,
    token: tuple[str, str, frozenset[str]],
    build: Callable[[pages.Site], list[str]],
    loaded: pages.Loaded | None,
) -> tuple[bool, Problem | None]:
    """The site as the engine loads it (kept in `loaded` while `token` holds: the engine,
    the world's key, the files under docs/), built by `build`; any warning of the engine fails
    the build, as --strict does, and is said as the engine says it."""
    engine, key, names = token
    try:
        built = (loaded or pages.Loaded()).site(root, engine, key, names)
        warnings = [*built.load_warnings, *build(built)]
    except OSError as exc:
        if exc.filename and Path(exc.filename).is_relative_to(tmp):
            return False, write_problem(f"{site}/{Path(exc.filename).relative_to(tmp)}", exc)
        print(f"build: {exc}", file=sys.stderr)
        return False, None
    except Exception as exc:  # the engine's own errors (a template, a snippet), said as it does
        print(f"ERROR   -  {type(exc).__name__}: {exc}", file=sys.stderr)
        return False, None
    pages.print_warnings(warnings)
    if warnings:
        print(f"Aborted with {len(warnings)} warnings in strict mode!", file=sys.stderr)
    return not warnings, None


def _index(
    site_dir: Path, tmp: Path, reuse: incremental.Reuse, changed: set[str], urls: bool
) -> str | None:
    """The search index of site_dir, whose pages `changed` were just moved in, made in
    tmp/pagefind (search.py): the bundles whose pages are as they were linked from site_dir,
    the digests of the pages left as they were the record's."""
    previous = search_index.Previous(site_dir, reuse.outputs.keys())
    known = {rel: sig[3] for rel, sig in reuse.outputs.items() if rel not in changed}
    return search_index.index_site(
        site_dir, directory_urls=urls, previous=previous, known=known, into=tmp
    )


def _no_space(folder: Path, name: str) -> Problem | None:
    """A write-failed problem for `name` if the disk of `folder` is full: what a failed
    Pagefind run then means (it says so in its own words, or leaves files cut short)."""
    try:
        st = os.statvfs(folder)
    except OSError:
        return None
    if st.f_bavail * st.f_frsize >= FULL_BYTES:
        return None
    return write_problem(name, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC)))


def _previous(
    root: Path, site_dir: Path, config: dict[str, Any] | None, engine: str
) -> tuple[str | None, incremental.Reuse | None]:
    """(the world's key, what can be kept of site_dir); the first is None when a build of
    this site is never incremental, the second when not this time."""
    if config is None or not incremental.applies(config, engine):
        incremental.forget(root)
        return None, None
    try:
        key = incremental.world(root, config, engine)
        return key, incremental.previous(root, root / "docs", site_dir, key, config)
    except OSError:
        incremental.forget(root)
        return None, None


_Record = tuple[incremental.Stats, incremental.Stats]  # (docs/, the new site but its search)


def _record(root: Path, tmp: Path) -> Future[_Record]:
    """Read what the build record needs in a thread. For a build from nothing that is every
    file of docs/ (0.7 GB at 10,000 claims, all but the static folders read for their digest):
    the project's lock keeps docs/ as it is until the build ends."""

    def read() -> _Record:
        sources = incremental.stats(root / "docs")
        return sources, incremental.built(root, tmp, sources)

    pool = ThreadPoolExecutor(max_workers=1)
    try:
        return pool.submit(read)
    finally:
        pool.shutdown(wait=False)  # the thread goes on; its result is awaited after Pagefind


def _recorded(record: Future[_Record] | None) -> _Record | None:
    if record is None:
        return None
    try:
        return record.result()
    except OSError:
        return None


def _engine(argv: list[str], root: Path, building: Path, site: str) -> tuple[bool, Problem | None]:
    """Run one engine build, its stderr relayed (engine_log.py): (succeeded, a failed write)."""
    with subprocess.Popen(
        argv,
        cwd=root,
        stderr=subprocess.PIPE,
        text=True,
        errors="replace",
        pass_fds=lock.inherited(),
    ) as proc:
        problem = relay(proc.stderr or (), sys.stderr, building=building, site=site)
    return proc.returncode == 0, problem

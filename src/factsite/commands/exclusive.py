"""What render, build, serve and clean do first: take the project's lock, then repair what a
killed run left behind (publish/lock.py, publish/swap.py, publish/write.py)."""

from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from factsite.commands.options import DOCS_DIR, SITE_DIR, Options
from factsite.edit import archive_links
from factsite.load.files import CLAIMS_DIR
from factsite.problems import emit
from factsite.publish.cache import CACHE_DIR
from factsite.publish.lock import project_lock
from factsite.publish.swap import recover
from factsite.publish.write import remove_partial


@contextmanager
def exclusive(opts: Options, *, repair: bool = True) -> Iterator[bool]:
    """Hold the lock for the block: True, or False once the reason was printed (exit 1)."""
    with project_lock(opts.root) as refused:
        if refused is not None:
            emit([refused], opts.format)
            yield False
            return
        if repair:
            try:
                repair_leftovers(opts)
            except OSError as exc:  # the run's own writes will say what is wrong, and where
                print(f"factsite: cannot tidy up after an interrupted run: {exc}", file=sys.stderr)
        yield True


def repair_leftovers(opts: Options) -> None:
    """Put back a site/ a killed swap left missing, and remove the temporary folders and files
    of killed runs. Only under the lock: a running run's files look the same."""
    site_dir = opts.site_dir or SITE_DIR
    site_dir = site_dir if site_dir.is_absolute() else opts.root / site_dir
    done = recover(site_dir, opts.root)
    removed = done.removed + [f"{DOCS_DIR}/{p}" for p in remove_partial(opts.root / DOCS_DIR)]
    removed += [f"{CACHE_DIR}/{p.name}" for p in _partial_cache_files(opts.root)]
    claims = archive_links.remove_partial(opts.root / CLAIMS_DIR)
    removed += [f"{CLAIMS_DIR}/{p}" for p in claims]
    if done.undone:
        print(
            f"factsite: {done.undone}/ was half changed by an interrupted build: "
            "the previous site is back in place",
            file=sys.stderr,
        )
    if done.restored:
        print(
            f"factsite: {done.restored}/ was missing after an interrupted build: "
            "the previous site is back in place",
            file=sys.stderr,
        )
    if removed:
        shown = ", ".join(removed[:3]) + (
            f" and {len(removed) - 3} more" if len(removed) > 3 else ""
        )
        print(f"factsite: removed what an interrupted run left: {shown}", file=sys.stderr)


def _partial_cache_files(root: Path) -> list[Path]:
    folder = root / CACHE_DIR
    if not folder.is_dir() or folder.is_symlink():
        return []
    found = [p for p in folder.glob(".tmp-*") if p.is_file() and not p.is_symlink()]
    for path in found:
        path.unlink()
    return found

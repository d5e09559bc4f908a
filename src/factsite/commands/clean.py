"""`factsite clean`: remove what render and build made: generated pages, the theme (overrides/),
site/, the caches."""

from __future__ import annotations

import shutil

from factsite.commands.exclusive import exclusive
from factsite.commands.guard import not_a_site
from factsite.commands.options import DOCS_DIR, SITE_DIR, Options
from factsite.load.files import Layout
from factsite.problems import emit
from factsite.publish.cache import CACHE_DIR
from factsite.publish.errors import write_problem
from factsite.publish.lock import LOCK_FILE
from factsite.publish.write import inside, remove_generated
from factsite.render.theme import THEME_DIR


def clean(opts: Options) -> int:
    """0 cleaned, 1 something could not be removed or another run busy, 2 not a site.

    Hand-written pages under docs/ are never touched. The lock file stays: a run waiting for
    this one holds it open, and must find the same file when it gets its turn.
    """
    layout = Layout(opts.root)
    if not_a_site(layout):
        return 2
    # one run at a time; repairing first puts back a site/ a killed build left missing and
    # removes its temporary folders (commands/exclusive.py)
    with exclusive(opts) as mine:
        if not mine:
            return 1
        cache = layout.root / CACHE_DIR
        site = layout.root / (opts.site_dir or SITE_DIR)
        current = DOCS_DIR
        try:
            removed = remove_generated(layout.root / DOCS_DIR)
            theme = layout.root / THEME_DIR
            removed += remove_generated(theme, inside)
            if theme.is_dir() and not theme.is_symlink() and not any(theme.iterdir()):
                theme.rmdir()  # all of it was factsite's; a newsroom's own overrides stay
            stale = [site] if site.is_dir() and not site.is_symlink() else []
            if cache.is_dir() and not cache.is_symlink():
                stale += [p for p in cache.iterdir() if p.name not in (LOCK_FILE, ".gitignore")]
            for path in stale:
                current = layout.rel(path)
                shutil.rmtree(path) if path.is_dir() and not path.is_symlink() else path.unlink()
        except OSError as exc:
            emit([write_problem(current, exc)], opts.format)
            return 1
    if not opts.quiet:
        print(f"clean: {len(removed)} generated file(s) removed, and site/ and the caches")
    return 0

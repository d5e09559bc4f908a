"""`factsite clean`: remove what render and build made: generated pages, site/, the caches."""

from __future__ import annotations

import shutil

from factsite.commands.build import SITE_DIR
from factsite.commands.guard import not_a_site
from factsite.commands.options import Options
from factsite.commands.render import DOCS_DIR
from factsite.load.files import Layout
from factsite.publish.cache import CACHE_DIR
from factsite.publish.write import inside, remove_generated
from factsite.render.theme import THEME_DIR


def clean(opts: Options) -> int:
    """0 cleaned, 2 not a site. Hand-written pages under docs/ are never touched."""
    layout = Layout(opts.root)
    if not_a_site(layout):
        return 2
    removed = remove_generated(layout.root / DOCS_DIR)
    removed += remove_generated(layout.root / THEME_DIR, inside)
    folders = [layout.root / CACHE_DIR, layout.root / (opts.site_dir or SITE_DIR)]
    folders += sorted(layout.root.glob(".site-*"))  # what an interrupted build left behind
    for folder in folders:
        if folder.is_dir() and not folder.is_symlink():
            shutil.rmtree(folder)
    if not opts.quiet:
        print(f"clean: {len(removed)} generated file(s) removed, and site/ and the caches")
    return 0

"""`factsite build`: render, then build the site with mkdocs --strict into site/."""

from __future__ import annotations

import sys
from pathlib import Path

from factsite.commands.guard import not_a_site
from factsite.commands.options import Options
from factsite.commands.render import render_project, say
from factsite.load.files import Layout
from factsite.publish.build import build_site

SITE_DIR = Path("site")


def build(opts: Options) -> int:
    """0 built, 1 problems or a failed build (site/ unchanged), 2 not a site."""
    if not_a_site(Layout(opts.root)):
        return 2

    # load → check → render → write docs/, as `factsite render`
    out = render_project(opts)
    status = say(out, opts)
    if status or out.config is None:
        return status

    # publish: the engine builds into a fresh folder, swapped into site/ on success
    if not build_site(opts.root, opts.site_dir or SITE_DIR, config=out.config.raw, jobs=opts.jobs):
        print("build: failed (see above); the previous site/ is unchanged", file=sys.stderr)
        return 1
    return 0

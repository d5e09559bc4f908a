"""`factsite merge DIR...`: the parts of a split build (`factsite build --shard I/N`) into site/."""

from __future__ import annotations

import sys

from factsite.check.site_config import load_config
from factsite.commands.exclusive import exclusive
from factsite.commands.guard import not_a_site
from factsite.commands.options import SITE_DIR, Options
from factsite.load.files import Layout
from factsite.problems import emit
from factsite.publish.build import site_size, size_note
from factsite.publish.split import merge as merge_parts


def merge(opts: Options) -> int:
    """0 merged, 1 the parts do not make one site (site/ unchanged) or another run busy,
    2 not a site."""
    layout = Layout(opts.root)
    if not_a_site(layout):
        return 2
    with exclusive(opts) as mine:
        if not mine:
            return 1
        # the site's settings: where search reads (merge runs in the site's checkout)
        config, problems = load_config(layout)
        if config is None:
            emit(problems, opts.format)
            return 1
        site_dir = opts.site_dir or SITE_DIR
        merged = merge_parts(opts.root, site_dir, opts.paths, config=config.raw)
        if not merged:
            emit(merged.problems, opts.format)
            if merged.said:
                print(merged.said, file=sys.stderr)
            print("merge: nothing merged; the previous site/ is unchanged", file=sys.stderr)
            return 1
        site_dir = site_dir if site_dir.is_absolute() else opts.root / site_dir
        if not opts.quiet:
            print(f"merge: {len(opts.paths)} parts merged", file=sys.stderr)
            print(size_note(*site_size(site_dir)), file=sys.stderr)
        return 0

"""`factsite build`: render, then build the site with mkdocs --strict into site/."""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Collection
from dataclasses import dataclass, field
from pathlib import Path

from factsite.commands.exclusive import exclusive
from factsite.commands.guard import not_a_site
from factsite.commands.options import SITE_DIR, Options
from factsite.commands.render import Between, render_project, say
from factsite.load.files import Layout
from factsite.load.site_config import SiteConfig
from factsite.problems import emit
from factsite.publish import incremental, split
from factsite.publish.build import build_site, site_size, size_note
from factsite.publish.in_place import update_site
from factsite.publish.incremental import Record
from factsite.publish.pages import Loaded
from factsite.publish.split import Part
from factsite.publish.swap import Remover


@dataclass
class Kept:
    """What `factsite serve` keeps from one build to the next."""

    loaded: Loaded = field(default_factory=Loaded)
    remover: Remover = field(default_factory=Remover)
    record: Record | None = None  # what the last build published, for a round in place
    memo: Between = field(default_factory=Between)  # what the last render made, checked, wrote
    # docs/ paths a round wrote and left for the next one to build: a change came first
    late: set[str] = field(default_factory=set)


def build(opts: Options) -> int:
    """0 built, 1 problems, a failed build or another run busy (site/ unchanged), 2 not a site."""
    if not_a_site(Layout(opts.root)):
        return 2
    if importlib.util.find_spec(opts.engine) is None:
        print(
            f"build: the engine {opts.engine} is not installed (pip install {opts.engine})",
            file=sys.stderr,
        )
        return 1
    # one run at a time; first undo what a killed run left (commands/exclusive.py)
    with exclusive(opts) as mine:
        if not mine:
            return 1

        if opts.shard is not None:
            return build_shard(opts, opts.shard)

        # load → check → render → write docs/, as `factsite render`
        out = render_project(opts)
        status = say(out, opts)
        if status or out.config is None:
            return status

        # publish: the engine builds what changed (or everything) aside, then into site/ on success
        if not publish(opts, out.config, search=True):
            return 1
        site_dir = opts.site_dir or SITE_DIR
        site_dir = site_dir if site_dir.is_absolute() else opts.root / site_dir
        if not opts.quiet:
            print(size_note(*site_size(site_dir)), file=sys.stderr)
        return 0


def publish(
    opts: Options,
    config: SiteConfig,
    *,
    search: bool,
    kept: Kept | None = None,
    changed: Collection[str] | None = None,
    site_wide: bool = True,
) -> bool:
    """Build the rendered docs/ into site/ (publish/build.py); a failure said, site/ kept.
    `kept`: what the preview keeps between its rebuilds (the site as the engine loaded it,
    the removal of previous sites in the background, the record of the last build); with
    `changed` (the docs/ files changed since that build), site/ is updated in place where
    it can be (publish/in_place.py), and without `site_wide` the sitemap and the 404 page
    are left to the caller's next call (in_place.update_site)."""
    site_dir = opts.site_dir or SITE_DIR
    built = None
    if kept is not None and changed is not None:
        built = update_site(
            opts.root,
            site_dir,
            changed,
            config=config.raw,
            record=kept.record,
            loaded=kept.loaded,
            engine=opts.engine,
            site_wide=site_wide,
        )
    if built is None:
        built = build_site(
            opts.root,
            site_dir,
            config=config.raw,
            engine=opts.engine,
            jobs=opts.jobs,
            search=search,
            loaded=kept.loaded if kept else None,
            remover=kept.remover if kept else None,
        )
    if kept is not None:
        kept.record = built.record
    if not built:
        if built.problem is not None:
            emit([built.problem], opts.format)
        why = "the new site cannot be written" if built.problem else "failed (see above)"
        print(f"build: {why}; the previous site/ is unchanged", file=sys.stderr)
    return bool(built)


def build_shard(opts: Options, part: Part) -> int:
    """One part of a split build (publish/split.py) into its folder: --site-dir, or
    site-shard-I beside site/. The caller holds the project's lock."""
    out = render_project(opts, part=part)
    status = say(out, opts)
    if status or out.config is None or out.names is None:
        return status
    config = out.config.raw
    if not incremental.applies(config, opts.engine):
        emit([split.unsupported()], opts.format)
        return 1
    folder = opts.site_dir or Path(f"site-shard-{part.number}")
    inputs = split.inputs_digest(opts.root, config, out.names, opts.engine)
    built = split.build_part(
        opts.root,
        folder,
        config=config,
        part=part,
        inputs=inputs,
        engine=opts.engine,
        jobs=opts.jobs,
    )
    if not built:
        if built.problem is not None:
            emit([built.problem], opts.format)
        print(f"build: part {part} failed; its folder {folder} is unchanged", file=sys.stderr)
        return 1
    if not opts.quiet:
        print(f"build: part {part} of the site is in {folder}", file=sys.stderr)
    return 0

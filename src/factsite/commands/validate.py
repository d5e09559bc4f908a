"""`factsite validate`: check every file of the site and report every problem."""

from __future__ import annotations

import sys
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from factsite.check.memo import Listing
from factsite.check.model import Project
from factsite.check.pages import check_pages, links_outside
from factsite.check.project import check_project
from factsite.check.site_config import load_config
from factsite.check.transparency import check_transparency
from factsite.commands.guard import not_a_site
from factsite.commands.options import Options
from factsite.load.files import Layout
from factsite.load.history import unavailable
from factsite.problems import emit
from factsite.publish import cache
from factsite.render import i18n


def validate(opts: Options) -> int:
    """0 when every file is valid, 1 when there are problems, 2 when this is not a site."""
    layout = Layout(opts.root)
    if not_a_site(layout):
        return 2
    paths = [p if p.is_absolute() else layout.root / p for p in opts.paths] or None
    root = layout.root.resolve() if paths is None else layout.root

    # load: the site settings (mkdocs.yml), which render and build will need
    config, problems = load_config(layout)

    # load → check: every reference file and claim file, and the rules across files
    project = checked_project(root, paths, jobs=opts.jobs)

    # check: the site's own pages may not go live with a TODO (render and build show them)
    if paths is None:
        problems += check_pages(layout)
        problems += links_outside(layout, config.raw if config else None)
        # and the transparency items of the codes it names: a TODO in one of them is
        # reported once, with the standard that asks for it
        if config is not None and config.site.standards:
            say = i18n.for_site(config.site).gettext  # the headings in the site's language
            found = check_transparency(layout, config.site.standards, say)
            at = {(p.path, p.line) for p in found}
            problems = [
                p for p in problems if not (p.code == "todo-left" and (p.path, p.line) in at)
            ]
            problems += found

    # report
    problems = sorted(set(problems + project.problems))
    emit(problems, opts.format)
    if project.claims:
        _warn_without_history(layout, opts.format)
    if opts.format == "text":
        print(f"{len(project.claims)} claim(s) valid, {len(problems)} problem(s)", file=sys.stderr)
    return 1 if problems else 0


def _warn_without_history(layout: Layout, format: str) -> None:
    """One line when the rule against backdating could not run: a pass is not a check."""
    why = unavailable(layout.root)
    if why is None:
        return
    text = f"the backdating rule did not run: {why}; claim dates were not checked against it"
    if format == "github":
        print(f"::warning title=backdating::{text}")
    else:
        print(f"factsite validate: warning: {text}", file=sys.stderr)


def checked_project(
    root: Path,
    paths: Sequence[Path] | None = None,
    *,
    jobs: int = 1,
    digest: str | None = None,
    kept: dict[str, Any] | None = None,
    files: Listing | None = None,
) -> Project:
    """`check_project`, read back instead when these very inputs were checked clean before.

    The cache is consulted here, before the check, and recorded here, after it; only a
    whole-project check is cached whole, and every check keeps its per-file memo. `digest`
    saves computing it again (render has it). `kept`: the memo `factsite serve` keeps in
    memory between its rounds (empty at first), read and replaced here instead of the one on
    disk, which only its first round saves: a later run finds the files saved since by their
    bytes, and checks them again. `files`: the claim files as they are now (check/memo.py's
    listing), when the caller has them.
    """
    # cache: consulted before the work
    if paths is None and digest is None:
        digest = cache.project_digest(root)
    project = cache.load_project(root, digest) if paths is None else None
    if project is not None:
        return project
    # load → check, each claim file read back from the memo when its bytes and context are
    # those of the last check (check/memo.py)
    memo = kept or cache.load(root, cache.MEMO_CACHE, cache.code_digest())
    project = check_project(root, paths, jobs=jobs, memo=memo, files=files)
    # cache: recorded after it
    if not kept:
        cache.save(root, cache.MEMO_CACHE, cache.code_digest(), project.memo)
    if kept is not None:
        kept.clear()
        kept.update(project.memo)
    if paths is None:
        cache.save_project(root, digest, project)
    return project

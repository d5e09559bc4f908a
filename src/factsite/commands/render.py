"""`factsite render`: validate, then write the generated pages under docs/."""

from __future__ import annotations

import functools
import sys
from collections.abc import Callable, Collection
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from factsite.check.memo import Listing, listing
from factsite.check.pages import check_pages, links_outside
from factsite.check.site_config import load_config
from factsite.commands.exclusive import exclusive
from factsite.commands.guard import not_a_site
from factsite.commands.options import DOCS_DIR, Options
from factsite.commands.validate import checked_project
from factsite.load.files import Layout
from factsite.load.site_config import SiteConfig
from factsite.problems import Problem, emit
from factsite.publish import cache
from factsite.publish.split import Part, rendered_names
from factsite.publish.write import MANIFEST, WriteReport, Written, inside, write_pages
from factsite.render import Memo, crawlers, render_site, theme
from factsite.render.pages import Page
from factsite.render.preview import preview_pages


@dataclass
class Between:
    """What `factsite serve` keeps from one render to the next, so that a round after a save
    costs what the save changed: what render_site made of each claim and article
    (render.Memo), each claim file's check and the claim files with their stats
    (check/memo.py), and what the last writes left in docs/ and the theme's folder
    (publish/write.py's Written)."""

    render: Memo = field(default_factory=Memo)
    check: dict[str, Any] = field(default_factory=dict)
    docs: Written = field(default_factory=Written)
    theme: Written = field(default_factory=Written)
    files: Listing | None = None


@dataclass
class Rendered:
    report: WriteReport | None  # None: nothing was written because of the problems
    problems: list[Problem] = field(default_factory=list)  # a preview's are written beside
    config: SiteConfig | None = None
    # a part of a split build: every generated file by what it is (split.rendered_names)
    names: dict[str, str] | None = None
    # a preview's round with `later`: makes and writes the pages that list the claims and
    # the feeds and exports it deferred, and says what it wrote (docs/ paths) or what failed;
    # given a `stop` that says yes once they are made, it writes nothing and returns None
    finish: Callable[..., WriteReport | None] | None = None


def render_project(
    opts: Options,
    *,
    preview: bool = False,
    kept: Between | None = None,
    changes: Collection[str] | None = None,
    later: bool = False,
    part: Part | None = None,
) -> Rendered:
    """load → check → render → write docs/; a project with problems writes nothing, and
    neither does a write that fails (report None, the write-failed problem). The caller holds
    the project's lock (commands/exclusive.py).

    `preview` (`factsite serve` only): claim files that cannot be published, drafts and files
    with problems, do not stop the render; each gets a page showing its problems
    (render/preview.py), the rest of the site is rendered as always, and the problems come
    back with the report. Such a render is never remembered as a clean one. `kept`: what the
    preview's last render made, checked and wrote (Between); `changes`: the paths (relative
    to the root) changed since it, when the preview knows them (its watcher's); `later`:
    the pages that list the claims (articles, listings, fragments) and the feeds and exports
    are made and written by `finish` (the preview calls it once the claims' own pages are
    shown), not before them (render_site). `part`:
    a part of a split build (publish/split.py), which draws only its own share cards and
    embeds, says what every generated file is (Rendered.names), and is never remembered."""
    layout = Layout(opts.root)
    root, docs = layout.root, layout.root / DOCS_DIR

    # load: the site settings (mkdocs.yml); a preview's claim files, looked at again where its
    # watcher saw a change (every round, whatever it does next: the listing stays current)
    config, problems = load_config(layout)
    if kept is not None:
        kept.files = listing(layout, kept.files, changes)

    # check: nothing the engine publishes may lead outside the project (symbolic links under
    # docs/), whatever the caches say: a link is no input they record
    outside = links_outside(layout, config.raw if config else None, changes)
    if outside:
        return Rendered(None, sorted(set(problems + outside)), config)

    # cache: docs/ may still hold exactly what the last render wrote for these very inputs
    # (the files and the site settings)
    digest = cache.project_digest(root)
    key = cache.render_key(digest, config.site) if config else None
    unchanged = cache.rendered_pages(root, key) if part is None else None
    if unchanged is not None:  # only a clean render is remembered: nothing to preview
        return Rendered(WriteReport(unchanged=unchanged), [], config)

    # load → check (read back from the cache when these inputs were checked clean before)
    project = checked_project(
        root,
        jobs=opts.jobs,
        digest=digest,
        kept=kept.check if kept else None,
        files=kept.files if kept else None,
    )
    problems = sorted(set(problems + project.problems))
    if (problems and not preview) or config is None:
        return Rendered(None, problems, config)

    # render: pure, {docs path: page}; the theme comes with the package
    # (what the last render made, reused for equal inputs: this process's or the disk's)
    memo = kept.render if kept else cache.load_memo(root)
    pages = render_site(project, config.site, code=cache.code_digest(), memo=memo, later=later)
    if problems:  # a preview: the files that cannot be published, with their problems
        pages |= preview_pages(project, config.site)
    overrides = theme.overrides() | theme.messages(config.site)
    overrides[crawlers.SITEMAP_DATES] = crawlers.sitemap_dates(project.claims)
    names = None
    if part is not None:  # what the whole render is, then only what this part needs
        names = rendered_names(pages, f"{DOCS_DIR}/") | rendered_names(
            overrides, f"{theme.THEME_DIR}/"
        )
        pages = {rel: page for rel, page in pages.items() if part.renders(rel, page)}

    # publish: write what changed, then record what docs/ and overrides/ now hold
    cache.forget(root, cache.RENDER_CACHE)  # until every new page is written
    docs_kept, theme_kept = (kept.docs, kept.theme) if kept else (None, None)
    # (a round that writes again after the claims' pages are shown settles the manifest then)
    report = write_pages(
        docs,
        pages,
        trust_drawn=cache.enabled(),
        jobs=opts.jobs,
        kept=docs_kept,
        settle=memo.pending is None,
    )
    if report.failed is not None:  # a full disk, a read-only folder: docs/ is as it was
        return Rendered(None, [report.failed], config)
    themed = write_pages(root / theme.THEME_DIR, overrides, owns=inside, kept=theme_kept)
    if themed.failed is not None:
        return Rendered(None, [themed.failed], config)
    report.written += [f"{theme.THEME_DIR}/{rel}" for rel in themed.written]
    report.removed += [f"{theme.THEME_DIR}/{rel}" for rel in themed.removed]
    report.unchanged += themed.unchanged
    if kept is None and part is None:  # recorded once the pages it made are written
        cache.save_memo(root, memo)
    if memo.pending is not None:  # a round: the listings and exports come after
        make, memo.pending = memo.pending, None
        finish = functools.partial(_finish, docs, pages, make, memo, opts.jobs, docs_kept)
        return Rendered(report, problems, config, finish=finish)
    if not problems and part is None:
        written = [f"{DOCS_DIR}/{rel}" for rel in [*pages, MANIFEST]]
        written += [f"{theme.THEME_DIR}/{rel}" for rel in [*overrides, MANIFEST]]
        known = {f"{DOCS_DIR}/{rel}": (r[1], r[2]) for rel, r in report.drawn.items()}
        cache.remember_pages(root, key, written, report.unchanged + len(report.written), known)
    return Rendered(report, problems, config, names)


def _finish(
    docs: Path,
    pages: dict[str, Page],
    make: Callable[[], dict[str, Page]],
    memo: Memo,
    jobs: int,
    kept: Written | None,
    stop: Callable[[], bool] | None = None,
) -> WriteReport | None:
    """The listings, feeds and exports a round deferred, made and written into docs/ in
    place of their last ones (nothing else has changed there: the round holds the project's
    lock); None, with nothing written and the last ones kept, if `stop()` says so once they
    are made (a change came: the next round makes them again)."""
    made = make()
    if stop is not None and stop():
        return None
    memo.deferred = made
    return write_pages(docs, pages | made, trust_drawn=cache.enabled(), jobs=jobs, kept=kept)


def say(out: Rendered, opts: Options) -> int:
    """Print what a render did (or its problems); the exit code."""
    if out.report is not None and out.problems:  # a preview of what cannot be published
        emit(out.problems, opts.format)
        print(
            f"render: {len(out.problems)} problem(s), shown on the preview's pages; validate "
            "and build refuse them",
            file=sys.stderr,
        )
    if out.report is None:
        emit(out.problems, opts.format)
        unwritable = any(p.code == "write-failed" for p in out.problems)
        why = "docs/ is as it was" if unwritable else "fix the problems above"
        print(f"render: nothing written, {why}", file=sys.stderr)
        return 1
    todos = len(check_pages(Layout(opts.root)))
    if todos:
        print(
            f"render: {todos} TODO(s) left in the site's pages and mkdocs.yml, shown as they "
            "are; `factsite validate` lists them and refuses the site until they are replaced",
            file=sys.stderr,
        )
    if not opts.quiet:
        r = out.report
        print(
            f"render: {len(r.written)} written, {len(r.removed)} removed, {r.unchanged} unchanged",
            file=sys.stderr,
        )
    return 0


def render(opts: Options) -> int:
    """0 rendered, 1 problems (nothing written) or another run busy, 2 not a site."""
    if not_a_site(Layout(opts.root)):
        return 2
    with exclusive(opts) as mine:
        return say(render_project(opts), opts) if mine else 1

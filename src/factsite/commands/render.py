"""`factsite render`: validate, then write the generated pages under docs/."""

from __future__ import annotations

import sys
from dataclasses import dataclass, field

from factsite.commands.exclusive import exclusive
from factsite.commands.guard import not_a_site
from factsite.commands.options import DOCS_DIR, Options
from factsite.commands.validate import checked_project
from factsite.load.files import Layout
from factsite.load.site_config import SiteConfig, load_config
from factsite.problems import Problem, emit
from factsite.publish import cache
from factsite.publish.write import MANIFEST, WriteReport, write_pages
from factsite.render import render_site


@dataclass
class Rendered:
    report: WriteReport | None  # None: nothing was written because of the problems
    problems: list[Problem] = field(default_factory=list)
    config: SiteConfig | None = None


def render_project(opts: Options) -> Rendered:
    """load → check → render → write docs/; a project with problems writes nothing, and
    neither does a write that fails (report None, the write-failed problem). The caller holds
    the project's lock (commands/exclusive.py)."""
    layout = Layout(opts.root)
    root, docs = layout.root, layout.root / DOCS_DIR

    # load: the site settings (mkdocs.yml)
    config, problems = load_config(layout)

    # cache: docs/ may still hold exactly what the last render wrote for these very inputs
    digest = cache.project_digest(root)
    key = cache.render_key(digest, config.site) if config else None
    unchanged = cache.rendered_pages(docs, key)
    if unchanged is not None:
        return Rendered(WriteReport(unchanged=unchanged), [], config)

    # load → check (read back from the cache when these inputs were checked clean before)
    project = checked_project(root, jobs=opts.jobs, digest=digest)
    problems = sorted(set(problems + project.problems))
    if problems or config is None:
        return Rendered(None, problems, config)

    # render: pure, {docs path: text}
    pages = render_site(project, config.site)

    # publish: write what changed, then record what docs/ now holds
    cache.forget(root, cache.RENDER_CACHE)  # until every new page is written
    report = write_pages(docs, pages, trust_drawn=cache.enabled())
    if report.failed is not None:  # a full disk, a read-only folder: docs/ is as it was
        return Rendered(None, [report.failed], config)
    cache.remember_pages(docs, key, [*pages, MANIFEST])
    return Rendered(report, [], config)


def say(out: Rendered, opts: Options) -> int:
    """Print what a render did (or its problems); the exit code."""
    if out.report is None:
        emit(out.problems, opts.format)
        unwritable = any(p.code == "write-failed" for p in out.problems)
        why = "docs/ is as it was" if unwritable else "fix the problems above"
        print(f"render: nothing written, {why}", file=sys.stderr)
        return 1
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

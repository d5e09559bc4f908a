"""`factsite serve`: build the site, serve it with live reload, and build again on a change.

First, as `factsite build`: render, then build with the search index (publish/build.py). The
preview server (publish/preview.py) then serves the built site/ and reloads the open pages
after each rebuild. The watcher (commands/watch.py) reports changes to the files render reads
(claims/, articles/, the scale, the topics, the schema, mkdocs.yml) and to the hand-written
pages under docs/. Each batch of changes is rendered again (what the last round made for each
claim and article kept and reused where its inputs are equal: render.Memo), then only the
outputs the changed files can alter are built, by the engine's own page build in this process
with the site as the engine loaded it kept between rounds, and moved into site/ in place
(publish/in_place.py; a round after another run's build, a change of mkdocs.yml or a file gone
from docs/ builds as `factsite build` does: publish/incremental.py), all without running
Pagefind: the previous search index is kept, so search does not find the edits until
`factsite build` (or a rebuild that cannot reuse the previous site, such as after a change to
mkdocs.yml, which indexes anew). A claim file that cannot be published, a draft or a file
with problems, does not stop the preview: it gets a page showing its problems, every page
shows them in a banner, and the rest of the site updates (commands/render.py's preview;
validate and build still refuse them). A failed build changes nothing: the preview keeps the
last good site.

Each round holds the project's lock (publish/lock.py) and the preview in between does not, so
a `factsite build` can run beside it: a round waits for it, and a round that cannot have the
lock at all keeps its changes for the next.
"""

from __future__ import annotations

import dataclasses
import gc
import signal
import sys
import time
from collections.abc import Callable, Collection

from factsite.check.names import reserved
from factsite.commands.build import Kept, publish
from factsite.commands.exclusive import exclusive
from factsite.commands.guard import not_a_site
from factsite.commands.options import DOCS_DIR, SITE_DIR, Options
from factsite.commands.render import Rendered, render_project, say
from factsite.commands.watch import Watcher
from factsite.load.files import Layout
from factsite.publish.preview import Preview, parse_addr
from factsite.render import i18n, theme
from factsite.render import preview as preview_page
from factsite.render.common import CLAIMS

WAIT_S = 1.0  # how long the loop waits for a change at a time (Ctrl-C is seen at once anyway)


def serve(opts: Options) -> int:
    """Serve until interrupted (0); 1 if the first build fails or the address cannot be
    listened on, 2 if this is not a site or the address is not HOST:PORT."""
    if not_a_site(Layout(opts.root)):
        return 2
    addr = parse_addr(opts.dev_addr)
    if isinstance(addr, str):
        print(f"serve: {addr}", file=sys.stderr)
        return 2
    site_dir = opts.site_dir or SITE_DIR
    site_dir = site_dir if site_dir.is_absolute() else opts.root.resolve() / site_dir
    try:  # listen before the first build: a taken port is said at once
        server = Preview(site_dir, *addr)
    except OSError as exc:
        print(f"serve: cannot listen on {opts.dev_addr}: {exc.strerror or exc}", file=sys.stderr)
        return 1
    watcher = Watcher(opts.root)  # before the first render: an edit during it is not lost
    kept = Kept()  # the site as the engine loaded it; previous sites removed meanwhile
    # SIGTERM (a service manager, `kill`) stops it as Ctrl-C does: cleanly, exit 0
    previous = signal.signal(signal.SIGTERM, _interrupt)
    try:
        if (why := watcher.start()) is not None:
            print(f"serve: {why}", file=sys.stderr)
            return 1
        with exclusive(opts) as mine:
            if not mine or rebuild(opts, server, search=True, kept=kept) is None:
                return 1
        server.start()
        print(
            f"Serving on {server.url} (the site is rebuilt when a claim, an article, the scale, "
            "the topics, the schema, mkdocs.yml or a page under docs/ changes; the search "
            "index is not made again on each rebuild: run factsite build to refresh it)",
            file=sys.stderr,
        )
        _watch(opts, watcher, server, kept)
    except KeyboardInterrupt:
        pass
    finally:
        watcher.close()
        server.close()
        signal.signal(signal.SIGTERM, previous)
    return 0


def _interrupt(signum: int, frame: object) -> None:
    raise KeyboardInterrupt


def _watch(opts: Options, watcher: Watcher, server: Preview, kept: Kept) -> None:
    """Rebuild after each batch of changes, until interrupted. Python's full collection of
    reference cycles runs when a round has left things to collect and no change came for
    WAIT_S (among the millions of objects the preview keeps at 10,000 claims it takes half
    a second: not in a round, nor right before one)."""
    quiet = dataclasses.replace(opts, quiet=True)  # one line per rebuild, its own
    pending: set[str] = set()
    collect = False
    while True:
        pending |= watcher.wait(WAIT_S)
        if not pending:
            if collect:
                gc.collect()
                collect = False
            continue
        # the lock only while rebuilding: a build may run beside the preview
        with exclusive(opts, repair=False) as mine:
            if not mine:
                continue  # another run kept it too long (said): the changes wait for the next
            started = time.perf_counter()
            pages = rebuild(
                quiet,
                server,
                search=False,
                changes=pending,
                kept=kept,
                shown=server.reload,
                more=watcher.waiting,
            )
        pending, collect = set(), True
        if pages is not None:
            took = time.perf_counter() - started
            print(f"rebuilt in {took:.1f} s: {_count(len(pages), 'page')} changed", file=sys.stderr)


def rebuild(
    opts: Options,
    server: Preview,
    *,
    search: bool,
    changes: Collection[str] = (),
    kept: Kept | None = None,
    shown: Callable[[], None] | None = None,
    more: Callable[[], bool] | None = None,
) -> set[str] | None:
    """Render as a preview, then build into site/: the pages that changed (docs/ paths), or
    None if the render could not write or the build failed (both said; site/ is as it was).
    Claim files that cannot be published (drafts, files with problems) are previewed on their
    own pages and their problems shown in every page's banner; the rest of the site updates.
    `shown` (the preview's reload) is called once the built pages are in site/; in a round
    that builds in place, once the checks' own pages are (the saved one is what its writer
    looks at), and again after the pages that list them and the feeds and exports, made,
    written and built after the first call (an open page reloads when its own file changed:
    publish/preview.py). `more` (the watcher's): whether another change came; then a round
    that has shown the checks' own pages leaves the rest to the next round, which makes it
    for both (the pages written and not built wait in `kept.late`), rather than keep the
    next save waiting for it. A round after a save holds Python's collection of reference
    cycles (_CyclesHeld)."""
    with _CyclesHeld(bool(changes)) as cycles:
        site_dir = opts.site_dir or SITE_DIR
        site_dir = site_dir if site_dir.is_absolute() else opts.root.resolve() / site_dir
        # site/ and docs/ as the last round left them (no other run's render or build since):
        # then what changed is the render's report and the watcher's events, and only that
        # is built (publish/in_place.py)
        record = kept.record if kept else None
        fresh = record is not None and record.holds(opts.root / DOCS_DIR, site_dir)
        if not fresh:
            cycles.release()  # a whole build: its collections as usual
        # the watcher's paths are all that changed since the last round's render (fresh)
        out = render_project(
            opts,
            preview=True,
            kept=kept.memo if kept else None,
            changes=changes if fresh else None,
            later=fresh and shown is not None,
        )
        if say(out, opts) or out.config is None or out.report is None:
            return None
        words = i18n.for_site(out.config.site)
        server.set_problems(out.problems, preview_page.banner(len(out.problems), words))
        r = out.report
        changed = None
        carried = kept.late if kept else set()
        if kept:
            kept.late = set()
        if fresh and not r.removed:  # a page gone: its output too, and every link checked again
            docs = f"{DOCS_DIR}/"
            changed = {p for p in r.written if not p.startswith(f"{theme.THEME_DIR}/")}
            changed |= {p.removeprefix(docs) for p in changes if p.startswith(docs)}
            changed |= carried  # what the last round wrote and left to this one
        # the checks' own pages first (the saved one is what its writer looks at), shown; then
        # the listings and articles that list them, and the feeds and exports the round deferred
        # (and the sitemap and the 404 page, made of every page, after when there is an after)
        first, after = _first(changed)
        second = out.finish is not None or (first is not None and bool(after))
        if not publish(
            opts, out.config, search=search, kept=kept, changed=first, site_wide=not second
        ):
            return None
        if shown is not None:
            shown()
        # a round in place that can leave the rest to the next: once a change is waiting
        leave = kept is not None and more is not None and first is not None
        if out.finish is not None and not (leave and more()):
            late = out.finish(more if leave else None)
            if late is not None and late.failed is not None:
                say(Rendered(None, [late.failed], out.config), opts)
                if kept is not None:  # what the round wrote and did not build: the next one
                    kept.late = after
                return None
            if late is not None:
                after |= {*late.written, *late.removed}  # a page gone: built as a build would
        if second and leave and more() and kept is not None:
            kept.late = after
            if kept.record is not None:  # the round in place: the next one goes on from it
                try:
                    kept.record.left(opts.root / DOCS_DIR)
                except OSError:
                    kept.record = None  # the next round builds as a build does
        elif second and not publish(opts, out.config, search=False, kept=kept, changed=after):
            return None
        elif shown is not None and after:  # each open page reloads if its own file changed
            shown()
        pages = {f"{DOCS_DIR}/{p}" for p in (*r.written, *r.removed, *after) if p.endswith(".md")}
        return pages | {p for p in changes if p.startswith(f"{DOCS_DIR}/") and p.endswith(".md")}


class _CyclesHeld:
    """Python's collection of reference cycles held while a round after a save runs (the
    caller collects once it is done: _watch, when no change is waiting): the preview keeps
    every claim, page and the loaded site between rounds (millions of objects at 10,000
    claims), and a full collection among them (0.4 s there) came in the middle of a round,
    before the page was shown. `release` lets it run as usual again (a round that builds
    the whole site)."""

    def __init__(self, hold: bool) -> None:
        self.held = hold and gc.isenabled()

    def __enter__(self) -> _CyclesHeld:
        if self.held:
            gc.disable()
        return self

    def release(self) -> None:
        if self.held:
            gc.enable()

    def __exit__(self, *exc: object) -> None:
        self.release()


def _first(changed: set[str] | None) -> tuple[set[str] | None, set[str]]:
    """What a round builds before it shows the pages (None: everything), and after: the
    checks' own pages and files (under claims/, but the pages of their listing: index.md,
    index-2.md, ...), then the rest."""
    if changed is None:
        return None, set()
    mine = {p for p in changed if _own(p)}
    return (mine, changed - mine) if mine else (changed, set())


def _own(path: str) -> bool:
    """Whether a docs/ path is a check's own page or file."""
    top, _, rest = path.partition("/")
    return top == CLAIMS and not reserved(rest.split("/", 1)[0].removesuffix(".md"))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"

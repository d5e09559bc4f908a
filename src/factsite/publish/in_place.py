"""A preview round's build: the outputs a change alters, made aside and moved into site/.

`factsite serve` builds again after every save. A build after a change (build.py,
incremental.py) links the whole previous site into a fresh folder, walks docs/ and that folder
to compare them with the build record, and swaps the two folders, then deletes the old one:
each step touches every file of the site (60,000 at 10,000 claims), seconds each on a busy
disk. A round knows what changed instead: the render's report and the watcher's events. So it
builds just the outputs those files alter (incremental.must_build, the rule every incremental
build follows), with the site as the engine loaded it for the previous round (pages.Loaded),
into a small folder beside site/ (a build's name: swap.recover removes it if the run is
killed), and moves each file into site/ by a rename, so that a request to the preview sees a
page whole, old or new, through a journal (swap.Journal), as a build after a change does: a
failed move undoes the others, and a round killed half-way is undone by the next run. A failed
build moves nothing.

The build record stays in memory between rounds (incremental.Record): no round reads it or
walks a folder to check it. It is forgotten on disk while files move and saved after, so a
`factsite build` that follows starts from this site, and a round killed half-way leaves no
record that lies (that build then starts from nothing).

Not in place (None: the caller builds as `factsite build` does): no record of this process's
last build, site/ or docs/ touched by another run since (Record.holds, asked before the
render), another world (mkdocs.yml, the theme, the code), or a file gone from docs/ (every
page's links checked again, and its output to remove: a whole build's work).
"""

from __future__ import annotations

import shutil
from collections.abc import Collection
from pathlib import Path
from typing import Any

from factsite.load.files import DOCS_DIR, MANIFEST
from factsite.publish import incremental, pages
from factsite.publish.build import Built, in_process
from factsite.publish.errors import placed, site_write_problem, write_problem
from factsite.publish.swap import Journal, build_folder


def update_site(
    root: Path,
    site_dir: Path,
    changed: Collection[str],
    *,
    config: dict[str, Any],
    record: incremental.Record | None,
    loaded: pages.Loaded,
    engine: str = "mkdocs",
    site_wide: bool = True,
) -> Built | None:
    """Bring site_dir in line with the docs/ files `changed` (paths under docs/) since the
    build `record` describes; None if this cannot be done in place (the module's
    docstring). The Built's record describes the site now (None after a failure: the next
    build compares the folders again). Without `site_wide`, the files made of every page
    (incremental.ALWAYS_BUILT: the sitemap, the 404 page) are left to the next call, which
    the caller makes (a preview's round, which shows the saved check's page first)."""
    root = root.resolve()
    site_dir, site = placed(root, site_dir)
    if record is None or not incremental.applies(config, engine):
        return None
    docs = root / DOCS_DIR
    try:
        if incremental.world(root, config, engine) != record.key:
            return None
        now, gone = incremental.restat(docs, {*changed, MANIFEST}, record.sources)
        if gone:
            return None
        sources = {**record.sources, **now}
        new = {p for p, sig in now.items() if p not in record.sources or record.sources[p] != sig}
        snippets = _snippets(docs, record, sources, new)
    except OSError:
        return None
    edited = {p for p in new if p not in record.sources or record.sources[p][3] != now[p][3]}
    forced = incremental.must_build(
        docs, (edited, ()), (record.sources, sources), config, lambda ps: snippets & set(ps)
    )
    if forced is None:
        return None
    if not site_wide:
        forced = [p for p in forced if p not in incremental.ALWAYS_BUILT]
    try:
        tmp = build_folder(site_dir)
    except OSError as exc:
        return Built(False, write_problem(site, exc))
    try:
        token = (engine, record.key, frozenset(sources))
        ok, problem = in_process(
            root, tmp, site, token, lambda b: b.build(tmp, forced, missing=False), loaded
        )
        if not ok:
            return Built(False, problem)
        incremental.forget(root)  # until the record says what site/ holds again
        try:
            moved = _move(tmp, site_dir)
            outputs, _ = incremental.restat(site_dir, moved, {})
        except OSError as exc:
            return Built(False, site_write_problem(site_dir, site, exc))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    record.sources, record.snippets = sources, snippets
    record.outputs.update(outputs)
    record.save(root)
    return Built(True, record=record)


def _snippets(
    docs: Path, record: incremental.Record, sources: incremental.Stats, new: set[str]
) -> set[str]:
    """The pages that include a snippet: read once for the first round, then only those whose
    file is new or changed. Raises OSError."""
    if record.snippets is None:
        return incremental.including(docs, incremental.other_pages(sources))
    pages = incremental.other_pages(new)
    return (record.snippets - set(pages)) | incremental.including(docs, pages)


def _move(tmp: Path, site_dir: Path) -> list[str]:
    """Every file built in tmp renamed into its place in site_dir, through a journal
    (swap.Journal: a failure undoes the renames, and so does the next run after a kill): the
    paths moved. Raises OSError."""
    moved = sorted(incremental.names(tmp))
    journal = Journal(site_dir)
    try:
        journal.put_all(tmp, moved)
    except OSError:
        journal.undo()
        raise
    journal.close()
    return moved

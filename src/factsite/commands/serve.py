"""`factsite serve`: render, serve with live reload, and render again when an input changes.

Only changes to the files render reads trigger a render (claims/, articles/, the scale, the
topics, the schema, mkdocs.yml), and a render rewrites only changed pages: the engine reloads
once and nothing loops. Each render holds the project's lock (publish/lock.py) and the preview
in between does not, so a `factsite build` can run beside it. The preview has no search
index (Pagefind indexes built sites only: publish/search.py), and its search dialog says that
search works on the built site.
"""

from __future__ import annotations

import subprocess
import time
from pathlib import Path

from factsite.commands.exclusive import exclusive
from factsite.commands.guard import not_a_site
from factsite.commands.options import Options
from factsite.commands.render import render_project, say
from factsite.load.files import INPUT_DIRS, INPUT_FILES, Layout
from factsite.load.site_config import CONFIG_FILE
from factsite.publish.engine import serve_argv

WATCHED = (*INPUT_DIRS, *INPUT_FILES, CONFIG_FILE)  # every file render reads
POLL_SECONDS = 0.5


def serve(opts: Options) -> int:
    """Serve until interrupted; 1 if the first render fails, 2 if this is not a site."""
    layout = Layout(opts.root)
    if not_a_site(layout):
        return 2

    # load → check → render → write docs/, as `factsite render`, under the project's lock
    with exclusive(opts) as mine:
        if not mine or say(render_project(opts), opts):
            return 1

    # publish: the engine serves docs/ and reloads the browser when a page changes
    argv = serve_argv(layout.root.resolve() / CONFIG_FILE, opts.dev_addr)
    server = subprocess.Popen(argv, cwd=layout.root)  # noqa: S603 - fixed argv of our own
    stamp = _stamp(layout.root)
    try:
        while server.poll() is None:
            time.sleep(POLL_SECONDS)
            now = _stamp(layout.root)
            if now != stamp:
                stamp = now
                # the lock only while rendering: a build may run beside the preview
                with exclusive(opts, repair=False) as mine:
                    if mine:
                        say(render_project(opts), opts)  # problems printed; the preview stays
    except KeyboardInterrupt:
        pass
    finally:
        if server.poll() is None:
            server.terminate()
            server.wait(timeout=10)
    return 0


def _stamp(root: Path) -> tuple[tuple[str, int, int], ...]:
    seen = []
    for name in WATCHED:
        base = root / name
        paths = [base] if base.is_file() else sorted(base.rglob("*")) if base.is_dir() else []
        for p in paths:
            try:
                st = p.stat()
            except OSError:
                continue
            seen.append((str(p), st.st_mtime_ns, st.st_size))
    return tuple(seen)

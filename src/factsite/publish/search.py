"""The site's search index: Pagefind run over the built HTML, before the build is swapped in.

Why Pagefind rather than Material's search (issue 12, measured in BENCHMARKS.md): Material
fetches its whole index (47 MB at 10,000 claims) on every page view; Pagefind splits the index
into chunks and per-page fragments that the browser fetches only for the words searched, and
only once the reader opens search (theme/assets/factsite-search.js).

What is indexed is set in the HTML, not here: the theme marks each page's content with
`data-pagefind-body` (so Material's chrome, the navigation and the embed pages stay out), and
the claim pages carry their filters and metadata (render/claim_page.py). Pagefind reads built
HTML only, so it works the same whatever engine built the site (ENGINES.md).

Every page of a site has the one `<html lang>` of `theme.language`, so there is one index, and
words in other scripts (Hebrew, Azerbaijani) are indexed as they are written.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from factsite.publish.search_order import fix_order

BUNDLE = "pagefind"  # the folder Pagefind writes into the site, which the theme's script loads
ENTRY = "pagefind-entry.json"  # written last: its presence says the index is whole
TIMEOUT_S = 600  # 16 s at 10,000 claims on 2 cores: this only stops a hung binary


PAGES = "**/index.html"  # with directory URLs, every page; not the embeds (claims/<id>/embed.html)


def index_argv(site_dir: Path, glob: str | None = None, output: Path | None = None) -> list[str]:
    """Pagefind over site_dir (absolute), writing site_dir/pagefind/ (or `output`, absolute);
    over the files `glob` matches (Pagefind's default: every .html). The binary comes with
    the `pagefind[bin]` package; `python -m pagefind` finds it beside this interpreter."""
    argv = [sys.executable, "-m", "pagefind", "--site", str(site_dir), "--quiet"]
    argv += ["--output-path", str(output)] if output is not None else []
    return argv + (["--glob", glob] if glob else [])


def index_site(
    site_dir: Path, glob: str | None = None, *, output: Path | None = None
) -> str | None:
    """Index the built site, into its pagefind/ folder or `output`: None when done, else
    what went wrong (for the reader of the build log). `glob`: PAGES when the site has
    directory URLs, which spares reading the 10,000 embed pages of a 10,000-claim site
    (they carry no data-pagefind-body: the index is the same, a third faster). The caller
    fails the build on a problem, so no site goes out with a search that cannot find
    anything."""
    try:
        done = subprocess.run(  # noqa: S603 - a fixed argv of our own
            index_argv(site_dir, glob, output),
            capture_output=True,
            text=True,
            check=False,
            timeout=TIMEOUT_S,
        )
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"search: pagefind did not run: {e}"
    if done.returncode != 0:
        said = (done.stderr + done.stdout).strip() or f"exit code {done.returncode}"
        return f"search: pagefind failed: {said}"
    bundle = site_dir / BUNDLE if output is None else output
    if not (bundle / ENTRY).is_file():
        return f"search: pagefind wrote no {BUNDLE}/{ENTRY}"
    if problem := fix_order(bundle):  # the same site gives the same files
        return problem
    if done.stderr.strip():  # warnings (e.g. a page without a language): shown, not fatal
        print(done.stderr.rstrip(), file=sys.stderr)
    return None

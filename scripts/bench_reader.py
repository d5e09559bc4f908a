"""What a reader's browser fetches: a claim page view, then a first search (issue 12).

    .venv/bin/python scripts/bench_reader.py SITE_DIR CLAIM_PATH WORD [--material]

Serves a built site on 127.0.0.1 and drives headless Chromium (Debian's, as the browser tests
do) in a fresh profile, so nothing is cached: the bytes of every response body of the page
view (until the network is idle), then of opening search and typing WORD (until the first
result shows and the network is idle again), and the time from the typed word to the first
result. Works for factsite's search dialog (Pagefind) and, with --material, for Material's
own search (whose index the page view itself fetches). scripts/bench.py calls `reader_bytes`.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import os
import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

CHROMIUM = os.environ.get("FACTSITE_CHROMIUM", "/usr/bin/chromium")
SEARCH_DATA = ("/pagefind/", "/search/search_index.json")  # what counts as search data


class _Counting(http.server.SimpleHTTPRequestHandler):
    """Serves files and records (path, body bytes sent) of each: what went over the wire,
    including what the browser's workers fetched (which Playwright may not report)."""

    sent: list[tuple[str, int]]

    def log_message(self, format: str, *args: Any) -> None:
        pass

    def copyfile(self, source: Any, outputfile: Any) -> None:
        start = source.tell()
        super().copyfile(source, outputfile)
        self.sent.append((urlsplit(self.path).path, source.tell() - start))


@contextmanager
def served(site: Path, sent: list[tuple[str, int]]) -> Iterator[str]:
    """The site over HTTP on a free port of 127.0.0.1 (its base URL); `sent` fills up."""
    with serve_folder(site, type("Handler", (_Counting,), {"sent": sent})) as url:
        yield url


@contextmanager
def serve_folder(
    folder: Path, handler: type[http.server.SimpleHTTPRequestHandler]
) -> Iterator[str]:
    """`folder` over HTTP on a free port of 127.0.0.1, served by `handler`; yields its base
    URL. The tests serve built sites with it too (tests/conftest.py)."""
    server = http.server.ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(handler, directory=str(folder))
    )
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()
        thread.join(timeout=5)


def _summary(sent: list[tuple[str, int]], asked: list[str]) -> dict[str, Any]:
    search = [(u, n) for u, n in sent if any(s in u for s in SEARCH_DATA)]
    return {
        "bytes": sum(n for _, n in sent),
        "requests": len(sent),
        "search_bytes": sum(n for _, n in search),
        "search_requests": len(search),
        "outside": sorted({u for u in asked if urlsplit(u).hostname != "127.0.0.1"}),
        "files": [f"{n} {u}" for u, n in sent],
    }


def _search(page: Any, word: str, material: bool) -> None:
    if material:  # Material reads keyup, and ignores queries typed before its index is built
        meta = page.locator(".md-search-result__meta")
        page.wait_for_function(
            "m => m.textContent !== 'Initializing search'", arg=meta.element_handle()
        )
        page.locator("input.md-search__input").press_sequentially(word)
        page.locator(".md-search-result__item").first.wait_for(state="visible")
    else:
        page.locator("#fs-search-open").click()
        page.locator("#fs-search-q").fill(word)
        page.locator(".fs-search__result").first.wait_for(state="visible")


def reader_bytes(site: Path, claim_path: str, word: str, *, material: bool = False) -> dict:
    """{"page_view": traffic, "first_search": traffic, "results_s": seconds} for one claim page
    of the built `site`, searching `word` (a word of that claim)."""
    from playwright.sync_api import sync_playwright  # the test extra: only the bench needs it

    sent: list[tuple[str, int]] = []
    asked: list[str] = []  # every URL the page asked for, to catch another origin
    with served(site, sent) as base, sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, headless=True)
        try:
            context = browser.new_context(viewport={"width": 1280, "height": 900})
            page = context.new_page()
            page.set_default_timeout(60_000)
            page.on("request", lambda r: asked.append(r.url))
            page.goto(base + claim_path, wait_until="load")
            page.wait_for_load_state("networkidle")
            mark, seen = len(sent), len(asked)
            t0 = time.perf_counter()
            _search(page, word, material)
            results_s = time.perf_counter() - t0
            page.wait_for_load_state("networkidle")
            return {
                "page_view": _summary(sent[:mark], asked[:seen]),
                "first_search": _summary(sent[mark:], asked[seen:]),
                "results_s": results_s,
            }
        finally:
            browser.close()


def material_index_bytes(site: Path) -> dict[str, int] | None:
    """The size of Material's search index in a site built with its search plugin, raw and
    gzipped, and of the same index trimmed to one entry per page (no section entries)."""
    path = site / "search" / "search_index.json"
    if not path.is_file():
        return None
    raw = path.read_bytes()
    data = json.loads(raw)
    pages = [d for d in data["docs"] if "#" not in d["location"]]
    trimmed = json.dumps({"config": data["config"], "docs": pages}, separators=(",", ":"))
    return {
        "bytes": len(raw),
        "gzip_bytes": len(gzip.compress(raw, 9, mtime=0)),
        "page_entries_bytes": len(trimmed.encode()),
        "page_entries_gzip_bytes": len(gzip.compress(trimmed.encode(), 9, mtime=0)),
    }


def main(argv: list[str] | None = None) -> int:
    p = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    p.add_argument("site", type=Path)
    p.add_argument("claim_path", help="e.g. claims/some-claim/")
    p.add_argument("word")
    p.add_argument("--material", action="store_true", help="the site uses Material's search")
    args = p.parse_args(argv)
    found: dict[str, Any] = reader_bytes(
        args.site, args.claim_path, args.word, material=args.material
    )
    found["material_index"] = material_index_bytes(args.site)
    json.dump(found, sys.stdout, indent=2)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())

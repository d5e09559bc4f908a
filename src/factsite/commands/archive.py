"""`factsite archive`: a Wayback Machine capture for every source that has no archive copy.

For each source URL without `archive_url` (every claim file, or the PATHs given), ask Save Page
Now for a capture (edit/wayback.py, paced to the API's published limits) and write the
capture's address into every claim file that cites the URL (edit/archive_links.py), one
inserted line each, the rest of the file untouched. `--dry-run` lists what would be asked for;
`--limit N` asks for at most N captures. Keys: FACTSITE_WAYBACK_ACCESS_KEY and
FACTSITE_WAYBACK_SECRET_KEY (an archive.org account's S3 keys); FACTSITE_WAYBACK_API points
at another server (the tests' stand-in).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TextIO

from factsite.commands.exclusive import exclusive
from factsite.commands.guard import not_a_site
from factsite.commands.options import Options
from factsite.edit import wayback
from factsite.edit.archive_links import Pending, located, pending, write_archive_url
from factsite.load.files import Layout
from factsite.problems import Problem, emit


def archive(opts: Options) -> int:
    """0 all done, 1 some source failed or could not be written, 2 usage or not a site."""
    layout = Layout(opts.root)
    if not_a_site(layout):
        return 2
    if opts.limit is not None and opts.limit < 1:
        print("factsite archive: error: --limit must be 1 or more", file=sys.stderr)
        return 2
    client = None
    if not opts.dry_run:
        client = client_from_env(os.environ)
        if isinstance(client, str):
            print(f"factsite archive: error: {client}", file=sys.stderr)
            return 2
    # first remove what a killed archive (or render) left, under the project's lock; the
    # captures themselves take minutes and do not hold it
    with exclusive(opts) as mine:
        if not mine:
            return 1
    paths = [p if p.is_absolute() else layout.root / p for p in opts.paths]
    return archive_sources(layout, paths, client=client, limit=opts.limit, fmt=opts.format)


def client_from_env(env: dict[str, str] | os._Environ[str]) -> wayback.Client | str:
    """The API client from the environment, or what is missing."""
    key, secret = env.get(wayback.KEY_ENV), env.get(wayback.SECRET_ENV)
    if not key or not secret:
        return (
            f"set {wayback.KEY_ENV} and {wayback.SECRET_ENV} to the S3 keys of an archive.org "
            "account (https://archive.org/account/s3.php); --dry-run needs none"
        )
    base = wayback.api_base(env.get(wayback.API_ENV))
    if base is None:
        return f"{wayback.API_ENV} must be an http(s) URL"
    return wayback.Client(base, key, secret)


def archive_sources(
    layout: Layout,
    paths: Sequence[Path],
    *,
    client: wayback.Client | None,
    limit: int | None = None,
    fmt: str = "text",
    out: TextIO | None = None,
) -> int:
    """Capture and record; `client` None is a dry run. Returns the exit code."""
    out = out or sys.stdout
    items, problems = pending(layout, paths)
    by_url: dict[str, list[Pending]] = {}
    for item in items:
        by_url.setdefault(item.url, []).append(item)
    urls = list(by_url)[:limit] if limit is not None else list(by_url)
    written = asked = 0
    for url in urls:
        where = ", ".join(f"{layout.rel(i.path)} $.sources[{i.index}]" for i in by_url[url])
        if client is None:
            print(f"would capture {url} ({where})", file=out)
            continue
        asked += 1
        result = client.capture(url)
        if result.archive_url is None:
            why = f"$.sources[{{}}].url: no capture of {url}: {result.error}"
            problems += [
                located(layout, i, "archive-failed", why.format(i.index)) for i in by_url[url]
            ]
            if result.stop:
                break
            continue
        for item in by_url[url]:
            problem = write_archive_url(layout, item, result.archive_url)
            if problem is None:
                written += 1
                print(f"archived {url} -> {result.archive_url} ({where})", file=out)
            else:
                problems.append(problem)
    if client is None:
        summary = f"{len(urls)} of {len(by_url)} source URL(s) without an archive copy listed"
    else:
        summary = (
            f"{asked} capture(s) asked for, {written} archive_url line(s) written, "
            f"{len(set(problems))} problem(s), {len(by_url) - asked} URL(s) left for a later run"
        )
    return _report(problems, fmt, summary)


def _report(problems: list[Problem], fmt: str, summary: str) -> int:
    problems = sorted(set(problems))
    emit(problems, fmt)
    print(f"archive: {summary}", file=sys.stderr)
    return 1 if problems else 0

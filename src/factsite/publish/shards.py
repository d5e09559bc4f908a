"""`mkdocs build --strict` split between processes and merged into the site one build makes.

MkDocs renders pages one after the other on one core. Each of N shards builds every page but
the other shards' claim pages (`exclude_docs` in a config that INHERITs mkdocs.yml). The merge
takes shard 0's output, moves in the claim pages of shards 1..N-1, and rebuilds the search index
and the sitemap in the order of a plain build. Why that equals a plain build:
- Claim pages are not in the nav, so no page's HTML depends on which claims a shard builds; a
  link to an excluded page keeps its URL (MkDocs logs it at INFO only).
- Each strict check is made by some shard: all of them build every other page, and claim pages
  cannot link to other claim pages (contributor Markdown links only to http(s) URLs or its own
  anchors: rules.markdown_problems; the rest of a claim page is raw HTML, which MkDocs skips).
- MkDocs orders a folder's pages by file name, and shards own contiguous runs of the sorted
  claim file names, so the merge knows where each shard's pages go.
Where a project steps outside this reasoning, plan() returns None: build without shards.
"""

from __future__ import annotations

import gzip
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import Any, TypeVar

import pathspec  # what MkDocs matches exclude_docs with (a dependency of it)
import yaml

from factsite.problems import Problem
from factsite.publish import lock
from factsite.publish.engine import build_argv
from factsite.publish.engine_log import relay
from factsite.publish.errors import write_problem
from factsite.publish.swap import SHARDS_PREFIX, temp_prefix

SHARD_MIN = 1000  # at 1,000 claims on 2 cores 9.4 s -> 5.9 s; at 100 1.5 s -> 1.3 s: noise
_CLAIM_FILE = re.compile(r"[a-z0-9-]+\.md")  # claim ids: ^[a-z0-9]+(?:-[a-z0-9]+)*$
_LISTING = re.compile(r"index(-[0-9]+)?\.md")  # claims/index.md, claims/index-2.md, ...
_NAME = re.compile(r"[A-Za-z0-9._-]+")  # names that need no escaping in a gitignore pattern
_MKDOCS_DEFAULT_EXCLUDE = [".*", "/templates/"]  # mkdocs.structure.files._default_exclude
_EXCLUDED_NOTE = "which is excluded from the built site."  # INFO lines every shard logs
T = TypeVar("T")


class MergeError(RuntimeError):
    """The shards' outputs do not fit together as expected: the build fails, nothing is lost."""


def plan(root: Path, cfg: dict[str, Any], shards: int) -> list[list[str]] | None:
    """The sorted claim file names of each shard, or None if sharding does not apply.

    `cfg` is mkdocs.yml as loaded (load.site_config).
    """
    # Settings that change which pages exist, where they go or how: leave those to MkDocs.
    if {"INHERIT", "hooks", "draft_docs"} & set(cfg) or cfg.get("use_directory_urls") is False:
        return None
    if not isinstance(cfg.get("exclude_docs") or "", str) or not cfg.get("nav"):
        return None  # without a nav, MkDocs would make one of the pages each shard has
    try:
        entries = list(os.scandir(root / (cfg.get("docs_dir") or "docs") / "claims"))
    except OSError:
        return None
    # Patterns below exclude by file name: a subfolder could be caught whole, so none allowed.
    if any(not e.is_file() or not _NAME.fullmatch(e.name) for e in entries):
        return None
    lines = [*_MKDOCS_DEFAULT_EXCLUDE, *(cfg.get("exclude_docs") or "").splitlines()]
    original = pathspec.gitignore.GitIgnoreSpec.from_lines(lines=lines)
    if any(original.match_file(f"claims/{e.name}") for e in entries):
        return None  # then shard patterns and the project's own would interact
    listed = [e.name for e in entries if _CLAIM_FILE.fullmatch(e.name)]
    names = sorted(n for n in listed if not _LISTING.fullmatch(n))
    nav, shards = json.dumps(cfg["nav"], default=str), min(shards, len(names))
    if shards < 2 or any(f"claims/{n}" in nav for n in names):
        return None  # a claim in the nav would change every page's nav with the shard
    cuts = [len(names) * k // shards for k in range(shards + 1)]
    return [names[cuts[k] : cuts[k + 1]] for k in range(shards)]


def _boundary(before: str, after: str) -> str:
    """The shortest prefix of `after` that sorts above `before`: what splits two shards."""
    return after[: len(os.path.commonprefix([before, after])) + 1]  # noqa: RUF071 - chars


def _globs(prefix: str, alphabet: str, above: bool) -> list[str]:
    """Patterns for the names (over `alphabet`) sorting at or above / strictly below `prefix`.

    One pattern per character of the prefix rather than one per file: MkDocs matches every
    file against every pattern, and 5,000 file patterns cost ~8 s a shard at 10,000 claims.
    No claim name is a proper prefix of another's prefix (all end in .md, ids have no dot).
    """
    out = [f"/claims/{prefix}*"] if above else []
    for i, ch in enumerate(prefix):
        chars = "".join(c for c in alphabet if (c > ch if above else c < ch))
        if chars:  # "-" first in a bracket is a literal
            out.append(f"/claims/{prefix[:i]}[{chars}]*")
    return out


def shard_configs(root: Path, cfg: dict[str, Any], groups: list[list[str]]) -> list[str]:
    """The YAML text of each shard's config."""
    names = [n for g in groups for n in g]
    alphabet = "".join(sorted(set("".join(names))))
    cuts = [_boundary(groups[k - 1][-1], groups[k][0]) for k in range(1, len(groups))]
    docs, claims = root / (cfg.get("docs_dir") or "docs"), set(names)  # absolute stays so
    others = sorted(p.name for p in (docs / "claims").iterdir() if p.name not in claims)
    # MkDocs resolves docs_dir and custom_dir against the file that INHERITs, not the parent
    # (checked by experiment), so they are written absolute. pymdownx.snippets' base_path is
    # relative to the working directory: the root, as for a plain build.
    base: dict[str, Any] = {"INHERIT": str(root / "mkdocs.yml"), "docs_dir": str(docs)}
    theme = cfg.get("theme")
    if isinstance(theme, dict) and theme.get("custom_dir"):
        base["theme"] = {"custom_dir": str(root / theme["custom_dir"])}
    texts = []
    for k in range(len(groups)):
        lines = (cfg.get("exclude_docs") or "").splitlines()  # INHERIT replaces strings
        lines += _globs(cuts[k - 1], alphabet, above=False) if k > 0 else []
        lines += _globs(cuts[k], alphabet, above=True) if k < len(cuts) else []
        lines += [f"!/claims/{n}" for n in others]  # listing pages and files among the claims
        texts.append(yaml.safe_dump({**base, "exclude_docs": "\n".join(lines) + "\n"}))
    return texts


def merge_ordered(lists: list[list[T]], page: Callable[[T], str]) -> list[T]:
    """The shards' entries (search records, sitemap URLs) in the order of a plain build.

    Pages every shard has are anchors, taken from shard 0. A shard's own pages go after the
    anchor they follow, shard by shard: in the claims folder, shard k's names sort first.
    """
    runs = [[(p, list(run)) for p, run in groupby(items, key=page)] for items in lists]
    counts = Counter(p for r in runs for p in {p for p, _ in r})
    if any(c not in (1, len(lists)) for c in counts.values()):
        raise MergeError("a page was built by some shards but not all")
    common = {p for p, c in counts.items() if c == len(lists)}
    if len({tuple(p for p, _ in r if p in common) for r in runs}) != 1:
        raise MergeError("the shards list the shared pages in different orders")
    after: list[dict[str | None, list[T]]] = []  # per shard: anchor -> own entries after it
    for shard in runs[1:]:
        after.append({})
        anchor: str | None = None
        for p, items in shard:
            anchor = p if p in common else anchor
            after[-1].setdefault(anchor, []).extend([] if p in common else items)
    out: list[T] = []
    anchor = None
    for p, items in runs[0] + [("", [])]:  # a sentinel anchor flushes the last gap
        if p in common or not items:
            for own in after:
                out.extend(own.get(anchor, []))
            anchor = p
        out.extend(items)
    return out


def _merge_search(outs: list[Path], final: Path) -> None:
    parts = [json.loads((o / "search" / "search_index.json").read_bytes()) for o in outs]
    if any(p["config"] != parts[0]["config"] for p in parts):
        raise MergeError("the shards' search configs differ")
    docs = merge_ordered([p["docs"] for p in parts], lambda d: d["location"].split("#")[0])
    data = {"config": parts[0]["config"], "docs": docs}
    # As Material's search plugin writes it, so the file is byte for byte the same.
    text = json.dumps(data, separators=(",", ":"), default=str)
    (final / "search" / "search_index.json").write_bytes(text.encode("utf-8"))


def _merge_sitemap(outs: list[Path], final: Path) -> None:
    heads, lists = set(), []
    for o in outs:
        text = (o / "sitemap.xml").read_bytes().decode("utf-8")
        urls = re.findall(r"\s*<url>.*?</url>", text, re.S)
        head = text[: text.index(urls[0])] if urls else text
        tail = text[len(head) + sum(map(len, urls)) :]
        if head + "".join(urls) + tail != text:
            raise MergeError("unexpected sitemap.xml layout")
        heads.add((head, tail))
        lists.append(urls)
    if len(heads) != 1:
        raise MergeError("the shards' sitemaps differ outside their URLs")
    (head, tail), loc = heads.pop(), re.compile(r"<loc>(.*?)</loc>", re.S)
    urls = merge_ordered(lists, lambda u: m.group(1) if (m := loc.search(u)) else u)
    data = (head + "".join(urls) + tail).encode("utf-8")
    (final / "sitemap.xml").write_bytes(data)
    # MkDocs gzips with the build day as mtime; reuse shard 0's so the .gz matches too.
    gz = final / "sitemap.xml.gz"
    mtime = int.from_bytes(gz.read_bytes()[4:8], "little")
    with gz.open("wb") as fh, gzip.GzipFile(fileobj=fh, filename=gz, mode="wb", mtime=mtime) as z:
        z.write(data)


def merge(outs: list[Path], groups: list[list[str]]) -> None:
    """Merge shards 1..N-1 into shard 0's output, outs[0]."""
    final = outs[0]
    for out, names in zip(outs[1:], groups[1:], strict=True):
        for name in names:
            src, dest = out / "claims" / name[:-3], final / "claims" / name[:-3]
            if not (src / "index.html").is_file() or dest.exists():
                raise MergeError(f"claims/{name} was not built by its shard alone")
            src.rename(dest)
    if (final / "search" / "search_index.json").is_file():  # unless search is disabled
        _merge_search(outs, final)
    if (final / "sitemap.xml").is_file():  # unless a theme has no sitemap
        _merge_sitemap(outs, final)


def build(
    root: Path, final: Path, cfg: dict[str, Any], groups: list[list[str]], *, site: str = "site"
) -> tuple[bool, Problem | None]:
    """Build the shards in parallel and merge them into `final`: (False, and the problem of a
    file that could not be written if that was why) when anything failed. `site` is what the
    problem calls the site folder."""
    root, final = root.resolve(), final.resolve()  # the shards run in root: paths are absolute
    try:
        work = Path(tempfile.mkdtemp(prefix=temp_prefix(SHARDS_PREFIX), dir=final.parent))
    except OSError as exc:
        return False, write_problem(site, exc)
    outs = [final] + [work / f"site-{k}" for k in range(1, len(groups))]
    # One build day for every shard (sitemap lastmod, the .gz mtime), as one build has.
    env = {"SOURCE_DATE_EPOCH": str(int(time.time())), **os.environ}
    procs: list[subprocess.Popen[bytes]] = []
    logs = [work / f"shard-{k}.log" for k in range(len(groups))]
    try:
        for k, text in enumerate(shard_configs(root, cfg, groups)):
            config = work / f"mkdocs-{k}.yml"
            config.write_text(text, encoding="utf-8")
            cmd = build_argv(config, outs[k])
            with logs[k].open("wb") as log:
                proc = subprocess.Popen(  # noqa: S603 - the engine's fixed argv
                    cmd, cwd=root, env=env, stdout=log, stderr=log, pass_fds=lock.inherited()
                )
                procs.append(proc)
        while True:  # until all succeed or one fails: then the others are stopped (finally)
            codes = [p.poll() for p in procs]
            failed = [k for k, c in enumerate(codes) if c not in (None, 0)]
            if failed or None not in codes:
                break
            time.sleep(0.1)
        problem = None
        for k in failed or [0]:  # shard 0 speaks for a good build, each failed shard for itself
            lines = logs[k].read_text("utf-8", "replace").splitlines(keepends=True)
            kept = [x for x in lines if _EXCLUDED_NOTE not in x]
            problem = relay(kept, sys.stderr, building=outs[k], site=site) or problem
        if failed:
            return False, problem
        try:
            merge(outs, groups)
        except (MergeError, OSError, ValueError, KeyError, IndexError) as e:
            print(f"build: cannot merge the shards: {e}", file=sys.stderr)
            return False, None
        return True, None
    except OSError as exc:  # the shards' configurations or logs cannot be written
        return False, write_problem(f"{site} (its shards' folder)", exc)
    finally:
        for p in procs:  # after a failure, or an interrupt, stop the shards still running
            if p.poll() is None:
                p.terminate()
                p.wait()
        shutil.rmtree(work, ignore_errors=True)

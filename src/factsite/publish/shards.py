"""`mkdocs build --strict` split between processes and merged into the site one build makes.

MkDocs renders pages one after the other on one core. The pages factsite generates outside the
nav (claims, and the pages of each topic, verdict, claimant and article: SPLIT_DIRS) are split
into N runs of about equal cost; each of N shards builds its run and every other page
(`exclude_docs` in a config that INHERITs mkdocs.yml). The merge (shard_merge.py) takes shard
0's output, moves in the other shards' runs, and rebuilds the search index and the sitemap in
the order of a plain build. Why that equals a plain build:
- The split pages are not in the nav, so no page's HTML depends on which of them a shard
  builds; a link to an excluded page keeps its URL (MkDocs logs it at INFO only).
- Each strict check is made by some shard. Every page is built by one. The split pages link to
  each other by raw HTML links, which MkDocs does not check; their folder's index.md, which
  every shard builds, links to them in Markdown, and the shard that builds the target finds
  it. Contributor Markdown in a claim links only to http(s) URLs or its own anchors
  (check/markup.py).
- MkDocs orders pages folder by folder, index.md first, then by file name, and each shard owns
  one contiguous run of that order, so the merge knows where each shard's pages go.
- The folders of static files that factsite generates (share cards, embeds, oEmbed, feeds,
  open data: static_dirs) are left out of every shard and hard-linked from docs/ into the
  merged site, where MkDocs would copy each into every shard (0.5 GB twice at 10,000 claims).
  MkDocs copies a static file unchanged, and a link to a page left out is logged at INFO.
  factsite replaces a generated file rather than writing into it (publish/write.py), so a
  later render never changes a published file through its link.
Each shard is MkDocs run by shard_engine.py, which reads the ids in a page's raw HTML only when
a link asks for an anchor its headings lack: the same site and messages, in about a sixth
less time at 10,000 claims.
Where a project steps outside this reasoning, plan() returns None: build without shards.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import pathspec  # what MkDocs matches exclude_docs with (a dependency of it)
import yaml

from factsite.check.schemas import SLUG  # the pattern of ids and page names
from factsite.load.files import OWNED_DIRS
from factsite.problems import Problem
from factsite.publish import lock
from factsite.publish.engine import shard_argv
from factsite.publish.engine_log import relay
from factsite.publish.errors import write_problem
from factsite.publish.incremental import MARKDOWN
from factsite.publish.shard_merge import MergeError, link_static, merge
from factsite.publish.swap import SHARDS_PREFIX, temp_prefix

SHARD_MIN = 1000  # split pages; at 1,000 claims on 2 cores 9.4 s -> 5.9 s; at 100: noise
# The folders of pages factsite generates, none of them linked to from another but by raw
# HTML links (which MkDocs does not check) or from their folder's index.md
SPLIT_DIRS = ("articles", "claimants", "claims", "topics", "verdicts")
PAGE_COST = 16_384  # a page's fixed cost, in bytes of Markdown (MkDocs: ~10 ms a claim page)
_NAME = re.compile(r"[A-Za-z0-9._-]+")  # names that need no escaping in a gitignore pattern
_MKDOCS_DEFAULT_EXCLUDE = [".*", "/templates/"]  # mkdocs.structure.files._default_exclude
_EXCLUDED_NOTE = "which is excluded from the built site."  # INFO lines every shard logs


def plan(root: Path, cfg: dict[str, Any], shards: int) -> list[list[str]] | None:
    """The pages each shard builds alone (docs/-relative paths, in MkDocs' order), or None if
    sharding does not apply. Every other page is built by every shard.

    `cfg` is mkdocs.yml as loaded (load.site_config).
    """
    # Settings that change which pages exist, where they go or how: leave those to MkDocs.
    if {"INHERIT", "hooks", "draft_docs"} & set(cfg) or cfg.get("use_directory_urls") is False:
        return None
    if not isinstance(cfg.get("exclude_docs") or "", str) or not cfg.get("nav"):
        return None  # without a nav, MkDocs would make one of the pages each shard has
    docs, spec = root / (cfg.get("docs_dir") or "docs"), _project_spec(cfg)
    nav = json.dumps(cfg["nav"], default=str)
    pages: list[tuple[str, int]] = []  # (path, cost) in MkDocs' order: folders by name
    for folder in sorted(SPLIT_DIRS):
        pages += _own_pages(docs, folder, nav, spec)
    shards = min(shards, len(pages))
    if shards < 2:
        return None
    total, groups, done = sum(c for _, c in pages), [[] for _ in range(shards)], 0
    for path, cost in pages:  # contiguous runs of about equal cost
        groups[min(shards - 1, done * shards // total)].append(path)
        done += cost
    return groups if all(groups) else None


def _own_pages(
    docs: Path, folder: str, nav: str, spec: pathspec.gitignore.GitIgnoreSpec
) -> list[tuple[str, int]]:
    """The pages of a folder of generated pages that shards may split, with a cost (MkDocs'
    time grows with the page's size): none if the folder is not plain (_plain_files)."""
    return [
        (f"{folder}/{name}", size + PAGE_COST)
        for name, size in _plain_files(docs, folder, spec) or []
        if name.endswith(".md")
        and re.fullmatch(SLUG, name[:-3])
        and name != "index.md"
        and f"{folder}/{name}" not in nav
    ]  # index.md, which MkDocs puts first in its folder, and nav pages: in every shard


def _plain_files(
    docs: Path, folder: str, spec: pathspec.gitignore.GitIgnoreSpec
) -> list[tuple[str, int]] | None:
    """(name, size) of each file of docs/folder, sorted; None if it is not there or not plain
    enough for shard_configs' name patterns and for linking: a subfolder (a pattern would catch
    it whole), a name that needs escaping, or a file the project itself excludes."""
    try:
        with os.scandir(docs / folder) as it:
            entries = [(e.name, e.is_file(follow_symlinks=False), e.stat().st_size) for e in it]
    except OSError:
        return None
    if any(not is_file or not _NAME.fullmatch(name) for name, is_file, _ in entries):
        return None
    if any(spec.match_file(f"{folder}/{name}") for name, _, _ in entries):
        return None  # then shard patterns and the project's own would interact
    return sorted((name, size) for name, _, size in entries)


def _project_spec(cfg: dict[str, Any]) -> pathspec.gitignore.GitIgnoreSpec:
    """What MkDocs leaves out of a plain build of this project."""
    lines = [*_MKDOCS_DEFAULT_EXCLUDE, *(cfg.get("exclude_docs") or "").splitlines()]
    return pathspec.gitignore.GitIgnoreSpec.from_lines(lines=lines)


def static_dirs(root: Path, cfg: dict[str, Any]) -> list[str]:
    """The folders factsite generates under docs/ that hold static files only, all of which a
    plain build copies: plain (_plain_files), not empty, and none of their files a page."""
    docs, spec = root / (cfg.get("docs_dir") or "docs"), _project_spec(cfg)
    found = [(name, _plain_files(docs, name, spec)) for name in OWNED_DIRS]
    return [n for n, files in found if files and not any(f.endswith(MARKDOWN) for f, _ in files)]


def _boundary(before: str, after: str) -> str:
    """The shortest prefix of `after` that sorts above `before`: what splits two shards."""
    return after[: len(os.path.commonprefix([before, after])) + 1]  # noqa: RUF071 - chars


def _globs(folder: str, prefix: str, alphabet: str, above: bool) -> list[str]:
    """Patterns for the names (over `alphabet`) in `folder` sorting at or above / strictly
    below `prefix`.

    One pattern per character of the prefix rather than one per file: MkDocs matches every
    file against every pattern, and 5,000 file patterns cost ~8 s a shard at 10,000 claims.
    No page name is a proper prefix of another's prefix (all end in .md, names have no dot).
    """
    out = [f"/{folder}/{prefix}*"] if above else []
    for i, ch in enumerate(prefix):
        chars = "".join(c for c in alphabet if (c > ch if above else c < ch))
        if chars:  # "-" first in a bracket is a literal
            out.append(f"/{folder}/{prefix[:i]}[{chars}]*")
    return out


def _folder_lines(docs: Path, folder: str, groups: list[list[str]], k: int) -> list[str]:
    """The patterns that leave the other shards' pages of `folder` out of shard k."""
    own = [[p.split("/", 1)[1] for p in g if p.startswith(f"{folder}/")] for g in groups]
    names = [n for g in own for n in g]
    if not names:
        return []
    alphabet = "".join(sorted(set("".join(names))))
    mine, split = set(own[k]), set(names)
    lines = [f"/{folder}/*"] if not mine else []
    first, last = (names.index(own[k][0]), names.index(own[k][-1])) if mine else (0, -1)
    if mine and first > 0:
        lines += _globs(folder, _boundary(names[first - 1], names[first]), alphabet, False)
    if mine and last + 1 < len(names):
        lines += _globs(folder, _boundary(names[last], names[last + 1]), alphabet, True)
    others = sorted(p.name for p in (docs / folder).iterdir() if p.name not in split)
    return lines + [f"!/{folder}/{n}" for n in others]  # index.md, nav pages, other files


def shard_configs(
    root: Path, cfg: dict[str, Any], groups: list[list[str]], static: list[str] | None = None
) -> list[str]:
    """The YAML text of each shard's config; every shard leaves out the folders `static`."""
    docs = root / (cfg.get("docs_dir") or "docs")  # absolute stays so
    folders = sorted({p.split("/", 1)[0] for g in groups for p in g})
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
        for folder in folders:
            lines += _folder_lines(docs, folder, groups, k)
        lines += [f"/{name}/" for name in static or ()]  # linked in after the merge
        texts.append(yaml.safe_dump({**base, "exclude_docs": "\n".join(lines) + "\n"}))
    return texts


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
    static = static_dirs(root, cfg)
    # One build day for every shard (sitemap lastmod, the .gz mtime), as one build has.
    env = {"SOURCE_DATE_EPOCH": str(int(time.time())), **os.environ}
    procs: list[subprocess.Popen[bytes]] = []
    logs = [work / f"shard-{k}.log" for k in range(len(groups))]
    try:
        for k, text in enumerate(shard_configs(root, cfg, groups, static)):
            config = work / f"mkdocs-{k}.yml"
            config.write_text(text, encoding="utf-8")
            cmd = shard_argv(config, outs[k])
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
        try:
            link_static(root / (cfg.get("docs_dir") or "docs"), final, static)
        except OSError as exc:  # a copy where links are refused, on a full disk
            return False, write_problem(site, exc)
        return True, None
    except OSError as exc:  # the shards' configurations or logs cannot be written
        return False, write_problem(f"{site} (its shards' folder)", exc)
    finally:
        for p in procs:  # after a failure, or an interrupt, stop the shards still running
            if p.poll() is None:
                p.terminate()
                p.wait()
        shutil.rmtree(work, ignore_errors=True)

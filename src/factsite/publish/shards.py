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
- The folders of static files that factsite generates (share cards, embeds, oEmbed, feeds,
  open data: static_dirs) are left out of every shard and hard-linked from docs/ into the
  merged site, where MkDocs would copy each into every shard (0.5 GB twice at 10,000 claims).
  MkDocs copies a static file unchanged, and a link to a page left out is logged at INFO.
  factsite replaces a generated file rather than writing into it (publish/write.py), so a
  later render never changes a published file through its link.
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

from factsite.load.files import OWNED_DIRS
from factsite.problems import Problem
from factsite.publish import lock
from factsite.publish.engine import build_argv
from factsite.publish.engine_log import relay
from factsite.publish.errors import write_problem
from factsite.publish.incremental import MARKDOWN
from factsite.publish.shard_merge import MergeError, link_static, merge
from factsite.publish.swap import SHARDS_PREFIX, temp_prefix

SHARD_MIN = 1000  # at 1,000 claims on 2 cores 9.4 s -> 5.9 s; at 100 1.5 s -> 1.3 s: noise
_CLAIM_FILE = re.compile(r"[a-z0-9-]+\.md")  # claim ids: ^[a-z0-9]+(?:-[a-z0-9]+)*$
_LISTING = re.compile(r"index(-[0-9]+)?\.md")  # claims/index.md, claims/index-2.md, ...
_NAME = re.compile(r"[A-Za-z0-9._-]+")  # names that need no escaping in a gitignore pattern
_MKDOCS_DEFAULT_EXCLUDE = [".*", "/templates/"]  # mkdocs.structure.files._default_exclude
_EXCLUDED_NOTE = "which is excluded from the built site."  # INFO lines every shard logs


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
    original = _project_spec(cfg)
    if any(original.match_file(f"claims/{e.name}") for e in entries):
        return None  # then shard patterns and the project's own would interact
    listed = [e.name for e in entries if _CLAIM_FILE.fullmatch(e.name)]
    names = sorted(n for n in listed if not _LISTING.fullmatch(n))
    nav, shards = json.dumps(cfg["nav"], default=str), min(shards, len(names))
    if shards < 2 or any(f"claims/{n}" in nav for n in names):
        return None  # a claim in the nav would change every page's nav with the shard
    cuts = [len(names) * k // shards for k in range(shards + 1)]
    return [names[cuts[k] : cuts[k + 1]] for k in range(shards)]


def _project_spec(cfg: dict[str, Any]) -> pathspec.gitignore.GitIgnoreSpec:
    """What MkDocs leaves out of a plain build of this project."""
    lines = [*_MKDOCS_DEFAULT_EXCLUDE, *(cfg.get("exclude_docs") or "").splitlines()]
    return pathspec.gitignore.GitIgnoreSpec.from_lines(lines=lines)


def static_dirs(root: Path, cfg: dict[str, Any]) -> list[str]:
    """The folders factsite generates under docs/ that hold static files only, all of which a
    plain build copies: none of them a page, a subfolder or a file the project excludes."""
    docs, spec, found = root / (cfg.get("docs_dir") or "docs"), _project_spec(cfg), []
    for name in OWNED_DIRS:
        try:
            entries = list(os.scandir(docs / name))
        except OSError:
            continue  # not there (or not a folder): nothing to link
        if entries and all(
            e.is_file(follow_symlinks=False)
            and _NAME.fullmatch(e.name)
            and not e.name.endswith(MARKDOWN)
            and not spec.match_file(f"{name}/{e.name}")
            for e in entries
        ):
            found.append(name)
    return found


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


def shard_configs(
    root: Path, cfg: dict[str, Any], groups: list[list[str]], static: list[str] | None = None
) -> list[str]:
    """The YAML text of each shard's config; every shard leaves out the folders `static`."""
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

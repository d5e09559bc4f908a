"""Merging the shards' outputs (shards.py) into the site one `mkdocs build --strict` makes.

The merge takes shard 0's output, moves in the pages each of shards 1..N-1 built alone, rebuilds the
search index and the sitemap in the order of a plain build, and links in the static folders
every shard left out.
"""

from __future__ import annotations

import errno
import gzip
import json
import os
import re
import shutil
from collections import Counter
from collections.abc import Callable
from itertools import groupby
from pathlib import Path
from typing import TypeVar

T = TypeVar("T")


class MergeError(RuntimeError):
    """The shards' outputs do not fit together as expected: the build fails, nothing is lost."""


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
    for out, pages in zip(outs[1:], groups[1:], strict=True):
        for page in pages:  # "claims/x.md" is at claims/x/index.html (directory URLs)
            src, dest = out / page[:-3], final / page[:-3]
            if not (src / "index.html").is_file() or dest.exists():
                raise MergeError(f"{page} was not built by its shard alone")
            src.rename(dest)
    if (final / "search" / "search_index.json").is_file():  # unless search is disabled
        _merge_search(outs, final)
    if (final / "sitemap.xml").is_file():  # unless a theme has no sitemap
        _merge_sitemap(outs, final)


def link_static(docs: Path, final: Path, names: list[str]) -> None:
    """The files of the folders `names` of docs/ in the site `final`, as hard links (copies
    where the file system refuses a link): what MkDocs would have copied there."""
    for name in names:
        (final / name).mkdir(parents=True, exist_ok=True)
        with os.scandir(docs / name) as entries:
            files = [entry.path for entry in entries]
        for path in files:
            dest = final / name / os.path.basename(path)
            try:
                os.link(path, dest)
            except OSError as e:
                if e.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                    raise
                shutil.copyfile(path, dest)

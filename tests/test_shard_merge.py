"""Merging the shards' outputs (publish/shard_merge.py): page order, and the static folders
every shard leaves out, linked in from docs/."""

from __future__ import annotations

import errno
import os
import random
from pathlib import Path

import pytest
import yaml

from factsite.publish import shard_merge
from factsite.publish.shards import shard_configs, static_dirs


def test_merge_puts_each_shards_pages_where_one_build_has_them() -> None:
    rng = random.Random(5)  # noqa: S311 - reproducible test data
    for _ in range(200):
        claims = sorted(rng.sample(range(1000), rng.randint(2, 30)))
        shards = rng.randint(2, min(4, len(claims)))
        cuts = [len(claims) * k // shards for k in range(shards + 1)]
        owner = {c: k for k in range(shards) for c in claims[cuts[k] : cuts[k + 1]]}
        shared = rng.sample(range(1000), rng.randint(0, 8))  # listing pages between claims
        pages = ["", "about/"] + [f"claims/{n:03}/" for n in sorted({*claims, *shared})]
        pages.append("verdicts/")
        entries = [f"{p}#{i}" for p in pages for i in range(rng.randint(1, 3))]
        # the shard that owns an entry's page, None for the pages every shard builds
        owners = {e: owner.get(int(e[7:10])) if e.startswith("claims/") else None for e in entries}
        lists = [[e for e in entries if owners[e] in (None, k)] for k in range(shards)]
        assert shard_merge.merge_ordered(lists, lambda e: e.split("#")[0]) == entries


def _docs(root: Path) -> Path:
    docs = root / "docs"
    for folder, names in {
        "cards": ["a.png", "b.png"],
        "embed": ["a.html"],
        "claims": ["a.md"],
        "data": ["claims.json", ".hidden"],
    }.items():
        (docs / folder).mkdir(parents=True)
        for name in names:
            (docs / folder / name).write_text(f"{folder}/{name}")
    return docs


def test_only_folders_of_static_files_a_plain_build_copies_are_linked(tmp_path: Path) -> None:
    docs = _docs(tmp_path)
    # claims/ holds pages; data/ a file MkDocs leaves out (a dotfile); feeds/ is not there
    assert static_dirs(tmp_path, {}) == ["cards", "embed"]
    (docs / "embed" / "page.md").write_text("# a page among the embeds")
    (docs / "cards" / "sub").mkdir()
    assert static_dirs(tmp_path, {}) == []
    (docs / "embed" / "page.md").unlink()
    (docs / "cards" / "sub").rmdir()
    assert static_dirs(tmp_path, {"exclude_docs": "/embed/a.html\n"}) == ["cards"]
    text = shard_configs(tmp_path, {}, [["a.md"]], ["cards", "embed"])[0]
    assert yaml.safe_load(text)["exclude_docs"].splitlines()[-2:] == ["/cards/", "/embed/"]


def test_static_files_are_linked_or_copied_where_links_are_refused(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    docs, site = _docs(tmp_path), tmp_path / "site"
    shard_merge.link_static(docs, site, ["cards"])
    assert (site / "cards" / "a.png").stat().st_ino == (docs / "cards" / "a.png").stat().st_ino

    def refuse(src: str, dst: str) -> None:
        raise OSError(errno.EXDEV, os.strerror(errno.EXDEV))

    monkeypatch.setattr(os, "link", refuse)
    shard_merge.link_static(docs, site, ["embed"])
    copy = site / "embed" / "a.html"
    assert copy.read_text() == "embed/a.html"
    assert copy.stat().st_ino != (docs / "embed" / "a.html").stat().st_ino

    def fail(src: str, dst: str) -> None:
        raise OSError(errno.EACCES, os.strerror(errno.EACCES))

    monkeypatch.setattr(os, "link", fail)
    with pytest.raises(PermissionError):  # said as a write-failed problem by shards.build
        shard_merge.link_static(docs, site, ["data"])

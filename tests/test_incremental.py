"""A build after changes (publish/incremental.py) makes the very site a clean build makes."""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

import pytest
import yaml
from hypothesis import HealthCheck, Phase, example, given, settings
from hypothesis import strategies as st

from conftest import copy_project
from factsite.cli import main
from factsite.publish import incremental, search
from factsite.publish.cache import CACHE_DIR

ARTICLE = "ynet-2026-01-azerbaijan-gaza"


def _build(root: Path, *, cache: bool = True) -> None:
    before = os.environ.get("FACTSITE_CACHE")
    os.environ["FACTSITE_CACHE"] = "1" if cache else "0"
    try:
        assert main(["--root", str(root), "build"]) == 0
    finally:
        if before is None:
            del os.environ["FACTSITE_CACHE"]
        else:
            os.environ["FACTSITE_CACHE"] = before


def _files(site: Path) -> dict[str, bytes]:
    return {p.relative_to(site).as_posix(): p.read_bytes() for p in site.rglob("*") if p.is_file()}


def _inodes(site: Path) -> dict[str, int]:
    """The pages' inodes: a page kept from the previous site keeps its inode. (Static files
    under docs/ are hard-linked into every build, from nothing too: publish/pages.py.)"""
    return {p.relative_to(site).as_posix(): p.stat().st_ino for p in site.rglob("index.html")}


def _clean_build(root: Path, dest: Path) -> dict[str, bytes]:
    """The same inputs copied without site/, the cache or any generated page, built afresh."""
    shutil.rmtree(dest, ignore_errors=True)
    shutil.copytree(root, dest, ignore=shutil.ignore_patterns("site", CACHE_DIR, ".site-*"))
    assert main(["--root", str(dest), "clean", "--quiet"]) == 0
    _build(dest, cache=False)
    return _files(dest / "site")


def _claims(root: Path) -> list[Path]:
    return sorted((root / "claims").rglob("*.yaml"))


def _set_id(path: Path, new_id: str, dest: Path) -> None:
    text = re.sub(r"(?m)^id: .*$", f"id: {new_id}", path.read_text("utf-8"), count=1)
    dest.write_text(text, "utf-8")


def edit_claim(root: Path, k: int) -> None:
    path = _claims(root)[k % len(_claims(root))]
    text = path.read_text("utf-8")
    claim = yaml.safe_load(text)["claim"][:50] + f" (edit {k})"
    line = "claim: " + json.dumps(claim, ensure_ascii=False)
    text, n = re.subn(r"(?m)^claim: .*$", lambda _: line, text, count=1)
    assert n == 1
    path.write_text(text, "utf-8")


def add_claim(root: Path, k: int) -> None:
    src = _claims(root)[k % len(_claims(root))]
    new_id = f"{src.stem[:40].rstrip('-')}-copy-{k}"
    _set_id(src, new_id, src.with_name(f"{new_id}.yaml"))


def rename_claim(root: Path, k: int) -> None:
    src = _claims(root)[k % len(_claims(root))]
    new_id = f"renamed-{k}-{src.stem[:40].rstrip('-')}"
    _set_id(src, new_id, src.with_name(f"{new_id}.yaml"))
    src.unlink()


def delete_claim(root: Path, k: int) -> None:
    files = _claims(root)
    if len(files) > 2:
        files[k % len(files)].unlink()


def edit_topic(root: Path, k: int) -> None:
    path = root / "topics.yaml"
    topics = yaml.safe_load(path.read_text("utf-8"))
    slug = sorted(topics)[k % len(topics)]
    text = path.read_text("utf-8").replace(f"{slug}: ", f"{slug}: Edited {k} ", 1)
    path.write_text(text, "utf-8")


def edit_verdict(root: Path, k: int) -> None:
    path = root / "verdicts.yaml"
    labels = re.findall(r"(?m)^  label: (.*)$", path.read_text("utf-8"))
    old = labels[k % len(labels)]
    new = f'"{old.strip(chr(34))} ({k})"'
    text = path.read_text("utf-8").replace(f"  label: {old}\n", f"  label: {new}\n", 1)
    path.write_text(text, "utf-8")
    assert main(["--root", str(root), "schema"]) == 0


def edit_article(root: Path, k: int) -> None:
    path = root / "articles" / f"{ARTICLE}.yaml"
    text = re.sub(r'(?m)^title: "(.*)"$', rf'title: "\1 ({k})"', path.read_text("utf-8"), count=1)
    path.write_text(text, "utf-8")


def edit_config(root: Path, k: int) -> None:
    path = root / "mkdocs.yml"
    text = path.read_text("utf-8")
    text = re.sub(r"(?m)^copyright: (.*)$", rf"copyright: \1 ({k})", text, count=1)
    path.write_text(text, "utf-8")


EDITS = [edit_claim, add_claim, rename_claim, delete_claim, edit_topic, edit_verdict]
EDITS += [edit_article, edit_config]


@pytest.mark.slow
@settings(
    max_examples=3,
    deadline=None,
    derandomize=True,  # the same sequences on every run, so CI is deterministic
    phases=(Phase.explicit, Phase.generate),  # no shrinking: each step is two builds
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    steps=st.lists(st.tuples(st.sampled_from(EDITS), st.integers(0, 40)), min_size=3, max_size=4)
)
@example(steps=[(edit, k) for k, edit in enumerate(EDITS, start=3)])  # every kind, in turn
def test_any_sequence_of_changes_builds_the_site_a_clean_build_makes(
    tmp_path_factory: pytest.TempPathFactory, steps: list[tuple[object, int]]
) -> None:
    base = tmp_path_factory.mktemp("incremental")
    root = copy_project(base / "project")
    _build(root)
    for edit, k in steps:
        before = _inodes(root / "site")
        edit(root, k)  # type: ignore[operator]
        _build(root)
        assert incremental.RECORD in os.listdir(root / CACHE_DIR)
        kept = before.items() & _inodes(root / "site").items()
        # the previous site was reused (hard links), except after mkdocs.yml changed
        assert (edit is edit_config) == (not kept), f"{len(kept)} files kept after {edit}"
        built, clean = _files(root / "site"), _clean_build(root, base / "clean")
        assert sorted(built) == sorted(clean), f"after {edit.__name__}"  # type: ignore[attr-defined]
        differ = [p for p in built if built[p] != clean[p]]
        assert not differ, f"after {edit.__name__}({k}): {differ[:5]}"  # type: ignore[attr-defined]


def test_dest_follows_mkdocs_directory_urls() -> None:
    assert incremental.dest("index.md") == "index.html"
    assert incremental.dest("claims/index-2.md") == "claims/index-2/index.html"
    assert incremental.dest("claims/a-b.md") == "claims/a-b/index.html"
    assert incremental.dest("topics/README.md") == "topics/index.html"
    assert incremental.dest("cards/a-b.png") == "cards/a-b.png"


def test_only_a_site_whose_pages_cannot_see_each_other_is_built_incrementally() -> None:
    cfg = {"plugins": [], "nav": [{"Home": "index.md"}, {"All": "claims/index.md"}]}
    assert incremental.applies(cfg, "mkdocs")
    assert incremental.applies(cfg, "properdocs")  # the same fast path (publish/pages.py)
    assert not incremental.applies(cfg, "zensical")
    assert not incremental.applies({**cfg, "plugins": ["search"]}, "mkdocs")
    assert not incremental.applies({k: v for k, v in cfg.items() if k != "plugins"}, "mkdocs")
    assert not incremental.applies({**cfg, "hooks": ["x.py"]}, "mkdocs")
    assert not incremental.applies({**cfg, "nav": [{"A": "claims/a-claim.md"}]}, "mkdocs")


@pytest.mark.slow
def test_a_site_touched_by_hand_or_a_corrupt_record_means_a_build_from_nothing(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path / "project")
    _build(root)
    page = next((root / "site" / "claims").glob("*/index.html"))
    page.write_text("tampered", "utf-8")  # in place: same inode, new mtime
    edit_topic(root, 1)
    _build(root)
    assert "tampered" not in page.read_text("utf-8")
    assert _files(root / "site") == _clean_build(root, tmp_path / "clean")

    (root / CACHE_DIR / incremental.RECORD).write_bytes(b"factsite-cache garbage\n\x00")
    edit_claim(root, 2)
    _build(root)  # an unreadable record: everything is built again, and recorded
    assert _files(root / "site") == _clean_build(root, tmp_path / "clean")
    before = _inodes(root / "site")
    edit_claim(root, 3)
    _build(root)
    assert before.items() & _inodes(root / "site").items()  # the new record is used


def test_the_nav_pages_and_whether_one_lacks_a_title() -> None:
    titled = [{"Home": "index.md"}, {"Claims": [{"All": "claims/index.md"}]}]
    assert incremental._nav_pages(titled) == {"index.md", "claims/index.md"}
    assert None in incremental._nav_pages([*titled, "about.md"])
    assert None in incremental._nav_pages([{None: "about.md"}])


@pytest.mark.slow
def test_a_change_indexes_again_only_the_search_parts_it_alters(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the claims cut into parts (6 a part: 4 parts), a claim edited makes again the
    bundles holding a page whose bytes changed (of which only the files that differ replace
    the site's: a page may change where the index does not look), keeps the others as the
    previous build's files (the same inodes), and the site, its search bundles included,
    equals a clean build."""
    monkeypatch.setenv(search.PART_SIZE_ENV, "6")
    base = tmp_path_factory.mktemp("parts")
    root = copy_project(base / "project")
    _build(root)
    site = root / "site"

    def pages() -> dict[str, bytes]:
        return {p: (site / p).read_bytes() for p in search.site_pages(site)}

    def bundle_inodes() -> dict[str, int]:
        bundle = site / search.BUNDLE
        return {p.relative_to(site).as_posix(): p.stat().st_ino for p in bundle.rglob("*.pf_*")}

    old_pages, old_inodes = pages(), bundle_inodes()
    edit_claim(root, 5)
    _build(root)
    new_pages, new_inodes = pages(), bundle_inodes()
    plan = search.layout(new_pages, 6)
    assert plan.parts == 4
    altered = {
        p for p in old_pages.keys() | new_pages.keys() if old_pages.get(p) != new_pages.get(p)
    }
    kept_bundles = remade = 0
    for bundle, its_pages in plan.bundles.items():
        files = {
            f for f in new_inodes if f.startswith(f"{bundle}/") and "/part-" not in f[len(bundle) :]
        }
        kept = {f for f in files if old_inodes.get(f) == new_inodes[f]}
        if altered & set(its_pages):  # made again: what differs moved in, the rest left
            remade += kept != files
        else:
            assert kept == files, bundle
            kept_bundles += 1
    assert 0 < kept_bundles < len(plan.bundles), kept_bundles
    assert remade  # the edited claim's own part at least
    built, clean = _files(site), _clean_build(root, base / "clean")
    assert sorted(built) == sorted(clean)
    assert [p for p in built if built[p] != clean[p]] == []

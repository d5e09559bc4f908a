"""Staying movable: the rendered site also builds with ProperDocs (see ENGINES.md).

Material for MkDocs reaches end of life on 2027-05-05. factsite keeps its MkDocs surface small
so that the site can move; this smoke build proves that ProperDocs, the maintained continuation
of MkDocs 1.x, builds the same pages today, structured data included.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from conftest import REPO, copy_project, engine_build, run_factsite, site_of

JSON_LD = re.compile(r'<script type="application/ld\+json">(.*?)</script>', re.S)


@pytest.mark.slow
def test_properdocs_builds_the_rendered_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    rendered = run_factsite(root, "render")
    assert rendered.returncode == 0, rendered.stdout + rendered.stderr

    assert engine_build(root, Path("site-properdocs"), engine="properdocs") == 0
    site = root / "site-properdocs"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'name="generator" content="[^"]*ProperDocs', home)

    claim_ids = sorted(p.stem for p in (root / "claims").rglob("*.yaml"))
    pages = sorted((site / "claims").glob("*/index.html"))
    assert [p.parent.name for p in pages] == claim_ids
    site_url = site_of(root).url
    media = {p.stem for p in (root / "claims").rglob("*.yaml") if "\nmedia:" in p.read_text()}
    assert media  # the photo check carries a MediaReview beside its ClaimReview
    for page in pages:
        html = page.read_text(encoding="utf-8")
        blocks = [json.loads(b) for b in JSON_LD.findall(html)]
        types = ["ClaimReview"] + ["MediaReview"] * (page.parent.name in media)
        assert [b["@type"] for b in blocks] == types, page
        data = blocks[0]
        assert data["claimReviewed"]
        assert data["url"] == f"{site_url}claims/{page.parent.name}/"
        assert data["reviewRating"]["alternateName"]
        assert 'property="og:title"' in html

    # The snippet includes (pymdownx.snippets) were expanded, not copied through.
    methodology = (site / "methodology" / "index.html").read_text(encoding="utf-8")
    assert "--8&lt;--" not in methodology and "--8<--" not in methodology
    assert "Mostly true" in methodology
    assert not (site / "_generated").exists()  # exclude_docs honoured
    assert (site / "pagefind" / "pagefind-entry.json").is_file()  # indexed from its HTML


def test_engines_notes_cover_the_migration() -> None:
    text = (REPO / "ENGINES.md").read_text(encoding="utf-8")
    for needle in ("ProperDocs", "Zensical", "2027-05-05", "0.0.73", "0.1.3", "not_in_nav"):
        assert needle in text


@pytest.mark.slow
def test_properdocs_takes_the_same_path_after_a_change(tmp_path: Path) -> None:
    """A build after a change keeps the previous pages and builds the changed one through
    ProperDocs' own API (publish/pages.py), as with MkDocs: the site equals a clean build."""
    root = copy_project(tmp_path / "project")
    assert run_factsite(root, "render").returncode == 0
    assert engine_build(root, Path("site"), engine="properdocs") == 0
    pages = {p: p.stat().st_ino for p in (root / "site").rglob("index.html")}
    claim = sorted((root / "docs" / "claims").glob("[!i]*.md"))[2]
    claim.write_text(claim.read_text("utf-8") + "\nEdited (properdocs).\n", "utf-8")
    assert engine_build(root, Path("site"), engine="properdocs") == 0
    kept = [p for p, ino in pages.items() if p.exists() and p.stat().st_ino == ino]
    assert len(kept) > len(pages) // 2  # the previous site reused, not built from nothing
    edited = root / "site" / "claims" / claim.stem / "index.html"
    assert edited not in kept and "Edited (properdocs)." in edited.read_text("utf-8")
    assert engine_build(root, tmp_path / "clean", engine="properdocs") == 0  # no record there
    site, clean = root / "site", tmp_path / "clean"
    files = sorted(p.relative_to(site) for p in site.rglob("*") if p.is_file())
    assert files == sorted(p.relative_to(clean) for p in clean.rglob("*") if p.is_file())
    differ = [f for f in files if (site / f).read_bytes() != (clean / f).read_bytes()]
    assert differ == []


@pytest.mark.slow
def test_factsite_build_with_properdocs_takes_the_same_path_after_a_change(tmp_path: Path) -> None:
    """`factsite build --engine properdocs` builds through ProperDocs' public API as MkDocs'
    builds do: after one claim changed, only what it alters is made and moved into site/;
    every other page keeps its file (its inode)."""
    root = copy_project(tmp_path / "project")
    built = run_factsite(root, "build", "--engine", "properdocs")
    assert built.returncode == 0, built.stderr
    site = root / "site"
    home = (site / "index.html").read_text(encoding="utf-8")
    assert re.search(r'name="generator" content="[^"]*ProperDocs', home)
    inodes = {p: p.stat().st_ino for p in site.rglob("*.html")}
    claim = root / "claims" / "ynet-2026-01-azerbaijan-gaza" / "embassy-tel-aviv-march-2023.yaml"
    text = claim.read_text(encoding="utf-8")
    claim.write_text(text.replace("ruling: >-\n  ", "ruling: >-\n  Edited. ", 1), "utf-8")
    again = run_factsite(root, "build", "--engine", "properdocs")
    assert again.returncode == 0, again.stderr
    page = site / "claims" / "embassy-tel-aviv-march-2023" / "index.html"
    assert "Edited." in page.read_text(encoding="utf-8")
    kept = [p for p, ino in inodes.items() if p.exists() and p.stat().st_ino == ino]
    assert page not in kept
    assert len(kept) > len(inodes) * 0.8  # in place: most pages untouched, not a new site


def test_an_engine_not_installed_is_said(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    env_site = run_factsite(root, "build", "--engine", "zensical")
    assert env_site.returncode == 2  # not an engine factsite knows: a usage error
    assert "invalid choice: 'zensical'" in env_site.stderr

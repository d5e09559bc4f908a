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

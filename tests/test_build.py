"""A real `mkdocs build --strict` of the repository's content, checked in the output."""

from __future__ import annotations

import html as html_lib
import json
import re
from pathlib import Path

from conftest import REPO, copy_project, run_factsite
from factsite.check.project import check_project


def test_every_claim_has_a_page_with_one_claimreview(built_site: Path) -> None:
    project = check_project(REPO)
    for claim in project.claims:
        html = (built_site / "claims" / claim["id"] / "index.html").read_text()
        blocks = re.findall(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
        assert len(blocks) == 1, claim["id"]
        review = json.loads(blocks[0])
        assert review["@type"] == "ClaimReview"
        assert review["claimReviewed"] == claim["claim"]


def test_site_has_the_expected_pages(built_site: Path) -> None:
    for page in (
        "index.html",
        "methodology/index.html",
        "corrections/index.html",
        "about/index.html",
        "suggest/index.html",
        "data/index.html",
        "articles/ynet-2026-01-azerbaijan-gaza/index.html",
        "claims/index.html",
        "verdicts/index.html",
        "topics/index.html",
        "claimants/index.html",
        "feeds/atom.xml",
        "feeds/feed.json",
        "data/claims.json",
        "data/claims.csv",
        "data/claimreview.json",
        "data/claim.schema.json",
        "search/search_index.json",
    ):
        assert (built_site / page).is_file(), page


def test_claim_pages_are_not_in_the_navigation(built_site: Path) -> None:
    """Every page carries the whole nav: a claim in it would grow every page with the site."""
    about = (built_site / "about" / "index.html").read_text()
    assert "../methodology/" in about  # the nav is there
    assert "claims/embassy-tel-aviv-march-2023" not in about


def test_no_request_to_another_origin_in_the_html(built_site: Path) -> None:
    for page in built_site.rglob("*.html"):
        html = page.read_text()
        for attr in re.findall(r'(?:src|href)="(https?://[^"]+)"', html):
            assert not re.search(r"\.(css|js|woff2?|png|svg|jpg)(\?|$)", attr), (page, attr)
        assert "fonts.googleapis" not in html and "fonts.gstatic" not in html


def test_failed_build_keeps_previous_site(tmp_path: Path) -> None:
    root = copy_project(tmp_path / "project")
    assert run_factsite(root, "build").returncode == 0
    before = (root / "site" / "index.html").read_bytes()
    config = root / "mkdocs.yml"
    config.write_text(
        config.read_text().replace("  - About us: about.md", "  - About us: missing-page.md")
    )
    result = run_factsite(root, "build")
    assert result.returncode == 1
    assert "previous site/ is unchanged" in result.stderr
    assert (root / "site" / "index.html").read_bytes() == before
    assert not list(root.glob(".site-build-*"))


def _local(site_url: str, url: str, built_site: Path) -> Path:
    assert url.startswith(site_url), url
    return built_site / url.removeprefix(site_url)


def test_every_claim_page_shares_its_card_and_its_oembed_document(built_site: Path) -> None:
    from conftest import site_of

    site_url = site_of(REPO).url
    for claim in check_project(REPO).claims:
        html = (built_site / "claims" / claim["id"] / "index.html").read_text()
        metas = dict(re.findall(r'<meta (?:property|name)="([^"]+)" content="([^"]*)"', html))
        card = _local(site_url, metas["og:image"], built_site)
        assert card.read_bytes().startswith(b"\x89PNG"), card
        assert (metas["og:image:width"], metas["og:image:height"]) == ("1200", "630")
        assert metas["og:image:alt"] and metas["twitter:card"] == "summary_large_image"
        [link] = re.findall(
            r'<link rel="alternate oembed" type="application/json\+oembed" '
            r'href="([^"]+)"',
            html,
        )
        oembed = json.loads(_local(site_url, link, built_site).read_text())
        assert oembed["type"] == "rich" and oembed["version"] == "1.0"
        embed = _local(site_url, oembed["html"].split('src="')[1].split('"')[0], built_site)
        page = embed.read_text()
        assert "<script" not in page
        assert html_lib.escape(claim["ruling"]) in page

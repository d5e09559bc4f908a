"""Rendering: golden pages, determinism, and a render that writes only what changed.

What the writer owns and removes is tested in test_write.py."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import frontmatter

from conftest import example_project, render_root, rendered, site_of
from factsite.check.project import check_project
from factsite.render import Memo, render_site
from factsite.render.pages import Drawn, contents

GOLDEN = Path(__file__).parent / "golden"
ARTICLE_DIR = "claims/ynet-2026-01-azerbaijan-gaza"


def _golden(name: str, text: str, update: bool) -> None:
    path = GOLDEN / name
    if update:
        path.write_text(text, encoding="utf-8")
    assert text == path.read_text(encoding="utf-8"), f"{name} differs; --update-goldens"


def test_claim_page_golden(tmp_path: Path, update_goldens: bool) -> None:
    root = example_project(tmp_path)
    pages = rendered(render_site(check_project(root), site_of(root)))
    _golden("claim-full.md", pages["claims/full.md"], update_goldens)
    review = frontmatter.loads(pages["claims/full.md"]).metadata["claim_review"]
    _golden("claim-full.claimreview.json", json.dumps(review, indent=2) + "\n", update_goldens)
    _golden(
        "article-annotated.md", pages["articles/ynet-2026-01-azerbaijan-gaza.md"], update_goldens
    )


def test_claim_page_front_matter(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    pages = rendered(render_site(check_project(root), site_of(root)))
    meta = frontmatter.loads(pages["claims/full.md"]).metadata
    assert meta["generated_by"] == "factsite"
    assert meta["title"] == "Azerbaijan is a longtime ally of both Israel and Turkey"
    review = meta["claim_review"]
    assert review["reviewRating"] == {
        "@type": "Rating",
        "alternateName": "Mostly true",
        "ratingExplanation": review["reviewRating"]["ratingExplanation"],
        "ratingValue": 4,
        "bestRating": 5,
        "worstRating": 1,
    }
    assert review["url"].endswith("/claims/full/")
    assert review["itemReviewed"]["datePublished"] == "2026-01-06"  # text, never a date object


def test_render_is_deterministic(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    first = rendered(render_site(check_project(root), site_of(root)))
    second = rendered(render_site(check_project(root), site_of(root)))
    assert first.keys() == second.keys()
    assert all(contents(first[k]) == contents(second[k]) for k in first)  # cards: same bytes


def test_second_render_writes_nothing(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    report, problems = render_root(root)
    assert problems == "" and report is not None and report.written
    before = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*") if p.is_file()}
    again, _ = render_root(root)
    assert again is not None
    assert again.written == [] and again.removed == []
    after = {p: p.stat().st_mtime_ns for p in (root / "docs").rglob("*") if p.is_file()}
    assert before == after


def test_one_change_rewrites_only_pages_that_show_it(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    render_root(root)
    path = root / ARTICLE_DIR / "minimal.yaml"
    path.write_text(path.read_text().replace("about 65% to 85%", "about 65 to 85 percent"))
    report, _ = render_root(root)
    assert report is not None
    assert "claims/minimal.md" in report.written
    assert "claims/full.md" not in report.written


def test_invalid_project_writes_nothing(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    render_root(root)
    snapshot = {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()}
    path = root / ARTICLE_DIR / "minimal.yaml"
    path.write_text(path.read_text().replace('verdict: "true"', "verdict: maybe"))
    report, problems = render_root(root)
    assert report is None and "unknown-verdict" in problems
    assert {p: p.read_bytes() for p in (root / "docs").rglob("*") if p.is_file()} == snapshot


def test_cards_can_be_turned_off(tmp_path: Path) -> None:
    """extra.factsite.cards: false (about 15 ms of CPU a card): no card, no image to share."""
    import dataclasses

    root = example_project(tmp_path)
    pages = rendered(
        render_site(check_project(root), dataclasses.replace(site_of(root), cards=False))
    )
    assert not [p for p in pages if p.startswith("cards/")]
    page = next(str(v) for k, v in pages.items() if k.startswith("claims/") and "index" not in k)
    assert "image:" not in page.split("\n---\n")[0] and "oembed:" in page
    oembed = next(str(v) for k, v in pages.items() if k.startswith("oembed/"))
    assert "thumbnail_url" not in oembed


def _made(pages: dict[str, Any]) -> dict[str, Any]:
    """Every page as the writer would write it: text made, a share card by its key."""
    out = rendered(pages)
    return {p: ("card", v.key) if isinstance(v, Drawn) else v for p, v in out.items()}


def test_a_memo_remakes_only_the_changed_claim_and_renders_what_a_fresh_render_does(
    project: Path,
) -> None:
    """`factsite serve` keeps a Memo between its rounds: after a save, the other claims' and
    articles' files are the very ones made before, and the pages equal a render without it."""
    import dataclasses

    memo, site = Memo(), site_of(project)
    first = render_site(check_project(project), site, memo=memo)
    path = project / ARTICLE_DIR / "embassy-tel-aviv-march-2023.yaml"
    text = path.read_text("utf-8")
    path.write_text(text.replace("\nclaim: ", "\nclaim: Reportedly, ", 1), "utf-8")
    changed = check_project(project)

    again = render_site(changed, site, memo=memo)

    assert _made(again) == _made(render_site(changed, site))
    same = [p for p in again if p.startswith("claims/") and again[p] is first[p]]
    assert "claims/embassy-tel-aviv-march-2023.md" not in same
    assert len(same) == len([p for p in again if p.startswith("claims/")]) - 1
    assert (
        again["articles/ynet-2026-01-azerbaijan-gaza.md"]
        != first["articles/ynet-2026-01-azerbaijan-gaza.md"]
    )
    # other site settings: nothing is reused
    other = dataclasses.replace(site, cards=False)
    assert _made(render_site(changed, other, memo=memo)) == _made(render_site(changed, other))

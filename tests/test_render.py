"""Rendering: golden pages, determinism, and a render that writes only what changed.

What the writer owns and removes is tested in test_write.py."""

from __future__ import annotations

import html
import json
from pathlib import Path
from typing import Any

import frontmatter

from conftest import copy_project, example_project, render_root, rendered, site_of
from factsite.check.project import check_project
from factsite.render import Memo, front, render_site
from factsite.render.claim_page import quote_in_context, scale_meter, share_links
from factsite.render.i18n import english
from factsite.render.pages import Drawn, contents
from factsite.render.related import Related

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
    assert meta["title"] == "Azerbaijan is a longtime ally of both Israel and Turkey — Mostly true"
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
    assert review["datePublished"] == "2026-01-08"  # text, never a date object
    # the claim's date is the article's estimated one: not given as known (tests/test_dates.py)
    assert "datePublished" not in review["itemReviewed"]


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
    """extra.factsite.cards: false (about 15 ms of CPU a card): no card of a check; its page
    shares the site's card (overrides/main.html), drawn once whatever the setting."""
    import dataclasses

    root = example_project(tmp_path)
    pages = rendered(
        render_site(check_project(root), dataclasses.replace(site_of(root), cards=False))
    )
    assert [p for p in pages if p.startswith("cards/")] == ["cards/_site.png"]
    page = next(str(v) for k, v in pages.items() if k.startswith("claims/") and "index" not in k)
    assert "image:" not in page.split("\n---\n")[0] and "oembed:" in page
    oembed = next(str(v) for k, v in pages.items() if k.startswith("oembed/"))
    assert "thumbnail_url" not in oembed


# --- a claim page's anatomy (issue 30) ---------------------------------------------------


def test_every_claim_page_states_its_verdict_in_title_og_title_and_headline(
    tmp_path: Path,
) -> None:
    root = copy_project(tmp_path / "project")
    project = check_project(root)
    pages = rendered(render_site(project, site_of(root)))
    assert len(project.claims) > 10
    for claim in project.claims:
        label = project.scale.of(claim).label
        post = frontmatter.loads(pages[f"claims/{claim['id']}.md"])
        assert post["title"].endswith(f" — {label}"), claim["id"]
        assert post["og"]["title"] == html.unescape(post["title"])  # front matter: escaped
        heading = post.content.split("\n", 1)[0]
        assert heading.startswith("# ") and heading.endswith(f" — {label}"), heading
        # who checked it and when, above the claim
        top = post.content.split('<div class="fs-card"', 1)[0]
        assert 'class="fs-byline"' in top and "Published <time" in top, claim["id"]


def test_an_editors_headline_leads_and_the_claim_follows(tmp_path: Path) -> None:
    root = example_project(tmp_path)
    path = root / ARTICLE_DIR / "full.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "claim: ",
        "headline: 'Allied with Turkey since 2021, close to Israel for 30 years'\nclaim: ",
        1,
    )
    path.write_text(text, encoding="utf-8")
    project = check_project(root)
    assert project.problems == []
    post = frontmatter.loads(rendered(render_site(project, site_of(root)))["claims/full.md"])
    assert post.content.startswith(
        "# Allied with Turkey since 2021, close to Israel for 30 years\n"
    )
    assert (
        post["title"] == "Allied with Turkey since 2021, close to Israel for 30 years — Mostly true"
    )
    assert 'The claim:</span> <span dir="auto">Azerbaijan is a longtime ally' in post.content


def test_a_fragment_is_shown_in_its_sentence_and_escaped() -> None:
    snapshot = (
        "Intro line.\nFirst one. Baku <b>kept</b> deliveries going to cover half. Last one.\n"
    )
    shown = quote_in_context("to cover half", snapshot, None, "en")
    assert shown == "Baku &lt;b&gt;kept&lt;/b&gt; deliveries going <mark>to cover half</mark>."
    # a whole sentence, or a quote the snapshot does not hold, is shown as it is
    assert quote_in_context("Last one.", snapshot, None, "en") == "Last one."
    assert quote_in_context("nowhere", snapshot, None, "en") == "nowhere"
    assert quote_in_context("to cover half", "", None, "en") == "to cover half"


def test_the_meter_places_the_verdict_on_the_scale(tmp_path: Path) -> None:
    scale = check_project(example_project(tmp_path)).scale
    meter = scale_meter(scale["half-true"], scale, english())
    assert 'aria-label="Half true: 3 of 5 on our scale, from False to True"' in meter
    assert meter.count("fs-meter__step--on") == 1 and "fs-v-half-true fs-meter__step--on" in meter
    assert scale_meter(scale["unverifiable"], scale, english()) == ""  # off the scale


def test_share_links_are_plain_addresses_with_the_title_encoded() -> None:
    url, title = "https://example.org/claims/x/", 'A "claim" <b> — False'
    links = share_links(url, title, english())
    assert "<script" not in links and "<img" not in links and "<b>" not in links
    assert 'href="https://wa.me/?text=A+%22claim%22+%3Cb%3E+%E2%80%94+False+https%3A%2F%2F' in links
    assert 'href="https://www.facebook.com/sharer/sharer.php?u=https%3A%2F%2Fexample.org' in links
    assert 'href="mailto:?subject=A%20%22claim%22%20%3Cb%3E' in links
    assert 'data-url="https://example.org/claims/x/"' in links and " hidden>Copy link<" in links


def test_the_front_page_leads_with_the_newest_check_by_its_own_dates(tmp_path: Path) -> None:
    project = check_project(example_project(tmp_path))
    full, minimal = sorted(project.claims, key=lambda c: c["id"])
    # a claim made long ago but checked (updated) last comes first, whatever its claim date
    older = dict(minimal, id="zz-older", claim_date="2020-03-01", updated="2026-12-06")
    words = english()
    pages = front.front_fragments([full, minimal, older], project.scale, {}, words)
    assert 'href="claims/zz-older/"' in pages["_generated/featured.md"]
    assert 'Updated <time datetime="2026-12-06">' in pages["_generated/featured.md"]
    assert "claims/full/" in pages["_generated/latest-checks.md"]
    # a retracted check is neither featured nor listed
    gone = dict(older, updates=[{"date": "2026-12-07", "type": "retraction", "note": "x"}])
    pages = front.front_fragments([full, gone], project.scale, {}, words)
    assert "zz-older" not in pages["_generated/featured.md"] + pages["_generated/latest-checks.md"]


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
    path.write_text(text.replace("\nclaim: Aliyev oversaw", "\nclaim: Aliyev led", 1), "utf-8")
    changed = check_project(project)
    assert changed.problems == []

    again = render_site(changed, site, memo=memo)

    assert _made(again) == _made(render_site(changed, site))
    # made again: the edited claim's page, and the pages that suggest it (they show its text)
    edited = "embassy-tel-aviv-march-2023"
    suggest = Related(changed.claims)
    showing = {c["id"] for c in changed.claims if edited in {o["id"] for o in suggest.of(c)}}
    remade = {p for p in again if p.endswith(".md") and again[p] is not first.get(p)}
    claim_pages = remade & {f"claims/{c['id']}.md" for c in changed.claims}
    assert claim_pages == {f"claims/{i}.md" for i in {edited} | showing}
    assert len(claim_pages) < len(changed.claims) // 2
    assert (
        again["articles/ynet-2026-01-azerbaijan-gaza.md"]
        != first["articles/ynet-2026-01-azerbaijan-gaza.md"]
    )
    # other site settings: nothing is reused
    other = dataclasses.replace(site, cards=False)
    assert _made(render_site(changed, other, memo=memo)) == _made(render_site(changed, other))


def test_related_checks_kept_between_renders_are_those_of_a_fresh_ranking(project: Path) -> None:
    """A preview's render keeps the last rankings of related checks while what they read of
    the claims (claimant, topics, dates, retraction) is the same: they suggest this render's
    claims, and a change of what they read ranks anew."""
    claims = check_project(project).claims
    last = Related(claims)
    for c in claims:
        last.of(c)
    ruled = [dict(c, ruling="Ruled again.") if i == 0 else c for i, c in enumerate(claims)]
    kept = Related(ruled, last)
    assert kept._ranks is last._ranks  # nothing ranked again
    assert any(claims[0]["id"] in {o["id"] for o in kept.of(c)} for c in ruled)
    for c in ruled:
        assert kept.of(c) == Related(ruled).of(c)
        assert all(o is next(r for r in ruled if r["id"] == o["id"]) for o in kept.of(c))
    moved = [
        dict(c, topics=["energy"], claimant={"name": "Someone else"}) if i == 1 else c
        for i, c in enumerate(claims)
    ]
    retracted = [
        dict(c, updates=[{"date": "2026-12-07", "type": "retraction", "note": "x"}])
        if i == 2
        else c
        for i, c in enumerate(claims)
    ]
    for changed in (moved, retracted):
        anew = Related(changed, kept)
        assert anew._ranks is not last._ranks
        assert [anew.of(c) for c in changed] == [Related(changed).of(c) for c in changed]


def test_a_memo_shows_the_related_checks_as_a_fresh_render_after_an_article_changed(
    project: Path,
) -> None:
    """What a claim's page shows of its related checks is taken from the last render only
    while those checks and the articles are as they were: an article whose date is no
    longer an estimate changes how every related check of it is dated."""
    import dataclasses

    memo, site = Memo(), site_of(project)
    checked = check_project(project)
    render_site(checked, site, memo=memo)
    render_site(checked, site, memo=memo)  # the same claims and articles: taken again
    before = {cid: shown for cid, (_, shown) in memo.shown.items() if shown}
    assert before and all(memo.shown[cid][1] is shown for cid, shown in before.items())
    # the same claims (the very objects, as a preview's check reads them back), the article's
    # date no longer an estimate
    checked.articles = {
        aid: dataclasses.replace(art, data=dict(art.data, published_estimated=False))
        for aid, art in checked.articles.items()
    }
    assert _made(render_site(checked, site, memo=memo)) == _made(render_site(checked, site))
    assert not any(memo.shown[cid][1] is shown for cid, shown in before.items())

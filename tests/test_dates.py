"""Honest dates (issue 30, item 5): an article's estimated date, and a claim's date taken from
it, are marked as estimates wherever the site shows them, and left out of ClaimReview; a known
date is shown as it is. Listings sort and label by the check's own date."""

from __future__ import annotations

from typing import Any

import pytest

from factsite.render import card, common, embed, i18n, listings, structured_data
from factsite.render.article_page import render_article_page
from factsite.render.claim_page import render_claim_page

ESTIMATED = "6 January 2026 (estimated)"


def _known(article: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in article.items() if k != "published_estimated"}


def _first(real: Any) -> tuple[dict[str, Any], dict[str, Any]]:
    """A claim dated by its article, and that article (the repository's own: an estimate)."""
    for claim in real.claims:
        article = real.articles[claim["article"]]
        if claim["claim_date"] == article["published"]:
            return claim, article
    raise AssertionError("no claim takes its article's date")


def test_the_repository_article_date_is_an_estimate(real: Any) -> None:
    claim, article = _first(real)
    assert article["published_estimated"] is True
    assert common.claim_date_estimated(claim, article)
    assert not common.claim_date_estimated(claim, _known(article))
    # a claim with a date of its own (a speech the day before) keeps it as known
    assert not common.claim_date_estimated(dict(claim, claim_date="2026-01-05"), article)


@pytest.mark.parametrize(
    ("language", "marked"),
    [("en", "6 January 2026 (estimated)"), ("de", "6. Januar 2026 (geschätzt)")],
)
def test_an_estimated_date_is_said_in_the_site_language(language: str, marked: str) -> None:
    words = i18n.words(language)
    assert words.date("2026-01-06", estimated=True) == marked
    assert words.time_tag("2026-01-06", estimated=True).endswith(marked.split(" ")[-1])
    assert "(" not in words.date("2026-01-06")


def test_claimreview_gives_only_known_dates(real: Any) -> None:
    claim, article = _first(real)
    review = structured_data.claim_review(claim, article, real.scale, real.site)
    assert "datePublished" not in review["itemReviewed"]
    assert "datePublished" not in review["itemReviewed"]["firstAppearance"]
    assert review["datePublished"] == claim["published"]  # the check's own date is known
    known = structured_data.claim_review(claim, _known(article), real.scale, real.site)
    assert known["itemReviewed"]["datePublished"] == claim["claim_date"]
    assert known["itemReviewed"]["firstAppearance"]["datePublished"] == article["published"]
    own = dict(claim, claim_date="2026-01-05")
    dated = structured_data.claim_review(own, article, real.scale, real.site)
    assert dated["itemReviewed"]["datePublished"] == "2026-01-05"
    assert "datePublished" not in dated["itemReviewed"]["firstAppearance"]


def test_the_claim_page_marks_the_estimate(real: Any) -> None:
    claim, article = _first(real)
    review = structured_data.claim_review(claim, article, real.scale, real.site)
    args = (claim, article, real.scale, real.site, "claims/x.yaml", {}, review)
    _, page = render_claim_page(*args)
    assert '<time datetime="2026-01-06">6 January 2026</time> (estimated), in' in page
    assert f'data-date="{ESTIMATED}"' in page  # what a search result shows
    assert f"on {ESTIMATED}. Verdict" in page  # the card's alt text
    _, known = render_claim_page(claim, _known(article), *args[2:])
    assert "(estimated)" not in known


def test_the_card_and_the_embed_mark_the_estimate(real: Any) -> None:
    claim, article = _first(real)
    layout = card.layout_card(claim, real.scale, real.site, estimated=True)
    assert ESTIMATED in layout.texts[0].text
    assert "(estimated)" not in card.layout_card(claim, real.scale, real.site).texts[0].text
    key = card.card_key(claim, real.scale, real.site)
    assert card.card_key(claim, real.scale, real.site, estimated=True) != key  # redrawn
    drawn = card.render_card(claim, article, real.scale, real.site)
    assert drawn != card.render_card(claim, _known(article), real.scale, real.site)
    _, page = embed.render_embed(claim, article, real.scale, real.site)
    assert '<time datetime="2026-01-06">6 January 2026</time> (estimated)</p>' in page
    _, known = embed.render_embed(claim, _known(article), real.scale, real.site)
    assert "(estimated)" not in known


def test_the_annotated_article_marks_its_estimated_date(real: Any) -> None:
    _claim, article = _first(real)
    words = i18n.english()
    _, page = render_article_page(article, "", [], real.scale, words)
    assert '<time datetime="2026-01-06">6 January 2026</time> (estimated).' in page
    _, known = render_article_page(_known(article), "", [], real.scale, words)
    assert "(estimated)" not in known


def test_listings_sort_and_label_by_the_check_date(real: Any) -> None:
    words = i18n.english()
    first, _article = _first(real)
    # an older claim checked later comes first: the order is the check's, newest first
    older = dict(first, id="zz-older", claim_date="2025-03-01", published="2026-12-06")
    claims = [*real.claims, older]
    pages = listings.render_indexes(claims, real.articles, real.scale, {}, words)
    page = pages["claims/index.md"]
    rows = [line for line in page.splitlines() if line.startswith('<li class="fs-row">')]
    assert "zz-older" in rows[0]
    assert "claimed 1 March 2025</span> · " in rows[0] and "checked 6 December 2026" in rows[0]
    published = [c["published"] for c in listings.newest_first(claims)]
    assert published == sorted(published, reverse=True)
    shown = [r for r in rows if "zz-older" not in r]
    assert all(f"claimed {ESTIMATED}" in r for r in shown if "claimed 6 January" in r)
    assert any(f"claimed {ESTIMATED}" in r for r in shown)
    assert f"Ynet News</bdi>, {ESTIMATED}" in pages["articles/index.md"]
    home = listings.home_fragments(claims, real.articles, real.scale, words)
    assert "</time> (estimated): read it annotated" in home["_generated/articles.md"]


def test_open_data_says_which_dates_are_estimates(real: Any) -> None:
    from factsite.render import open_data

    claim, article = _first(real)
    record = open_data.claim_record(claim, article, real.scale, real.site)
    assert record["claim_date_estimated"] is True
    assert record["article"]["published_estimated"] is True
    own = open_data.claim_record(
        dict(claim, claim_date="2026-01-05"), article, real.scale, real.site
    )
    assert own["claim_date_estimated"] is False
    rows = open_data.claims_csv_of([open_data.csv_row(r) for r in (record, own)]).splitlines()
    assert rows[0].endswith(",claim_date_estimated")
    assert rows[1].endswith(",true") and rows[2].endswith(",false")

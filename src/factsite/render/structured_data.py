"""schema.org structured data: a ClaimReview per claim, and the DataFeed of all of them.

Built as data structures and serialised by json, which does the escaping.
"""

from __future__ import annotations

import json
from typing import Any

from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render import common, i18n, retraction
from factsite.render.people import author_data


def claim_review(
    claim: dict[str, Any],
    article: dict[str, Any],
    scale: Scale,
    site: Site,
    people: dict[str, dict[str, Any]] | None = None,
) -> dict[str, Any]:
    """schema.org ClaimReview with Google's required and recommended fields; its author is the
    check's authors within the site's organisation (people.yaml), or the organisation."""
    verdict = scale.of(claim)
    rating: dict[str, Any] = {
        "@type": "Rating",
        "alternateName": verdict.label,
        "ratingExplanation": claim["ruling"],
    }
    if verdict.rating is not None:
        rating |= {
            "ratingValue": verdict.rating,
            "bestRating": scale.best,
            "worstRating": scale.worst,
        }
    claimant = claim["claimant"]
    author: dict[str, Any] = {"@type": claimant["type"], "name": claimant["name"]}
    if claimant.get("url"):
        author["sameAs"] = claimant["url"]
    appearance: dict[str, Any] = {
        "@type": "NewsArticle",
        "url": article["url"],
        "headline": article["title"],
        "datePublished": article["published"],
        "publisher": {"@type": "Organization", "name": article["outlet"]},
    }
    # An estimated date is not given as a known one: schema.org has no way to say "about",
    # so a date the team estimated is left out (the page states it, marked as an estimate).
    if common.article_date_estimated(article):
        del appearance["datePublished"]
    item: dict[str, Any] = {
        "@type": "Claim",
        "author": author,
        "datePublished": claim["claim_date"],
        "appearance": [appearance],
        "firstAppearance": appearance,
    }
    if common.claim_date_estimated(claim, article):
        del item["datePublished"]
    review = {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site.page_url(common.claim_url(claim["id"])),
        "claimReviewed": claim["claim"],
        "inLanguage": site.language,  # the review's language: the site's (issue 28)
        "datePublished": claim["published"],
        "dateModified": common.updated(claim),
        "author": author_data(claim, people or {}, site),
        "reviewRating": rating,
        "itemReviewed": item,
    }
    retraction.mark_review(review, claim, verdict, i18n.for_site(site))
    return review


def feed_item(review: dict[str, Any]) -> str:
    """A ClaimReview as data/claimreview.json lists it (compact, as data/claims.json:
    open_data.compact says why, and why an item is serialised once)."""
    item = {k: v for k, v in review.items() if k != "@context"}
    return json.dumps(item, ensure_ascii=False, separators=(",", ":"))


def claimreview_feed_of(items: list[str]) -> str:
    """data/claimreview.json from each ClaimReview as feed_item wrote it."""
    head = '{"@context":"https://schema.org","@type":"DataFeed","dataFeedElement":['
    return head + ",".join(items) + "]}\n"

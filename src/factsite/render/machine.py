"""Machine-readable output: ClaimReview, feeds, open data, the badge stylesheet.

Everything here is built from data structures and serialised by json, csv and ElementTree,
which do the escaping; no string is pasted into markup by hand.
"""

from __future__ import annotations

import csv
import io
import json
import xml.etree.ElementTree as ET
from typing import Any

from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render import common

FEED_SIZE = 50
DATA_VERSION = 1


def claim_review(
    claim: dict[str, Any], article: dict[str, Any], scale: Scale, site: Site
) -> dict[str, Any]:
    """schema.org ClaimReview with Google's required and recommended fields."""
    verdict = scale[claim["verdict"]]
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
    return {
        "@context": "https://schema.org",
        "@type": "ClaimReview",
        "url": site.page_url(common.claim_url(claim["id"])),
        "claimReviewed": claim["claim"],
        "datePublished": claim["published"],
        "dateModified": common.updated(claim),
        "author": {"@type": "Organization", "name": site.publisher, "url": site.publisher_url},
        "reviewRating": rating,
        "itemReviewed": {
            "@type": "Claim",
            "author": author,
            "datePublished": claim["claim_date"],
            "appearance": [appearance],
            "firstAppearance": appearance,
        },
    }


def _latest(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(claims, key=lambda c: (common.updated(c), c["published"], c["id"]), reverse=True)[
        :FEED_SIZE
    ]


def atom_feed(claims: list[dict[str, Any]], scale: Scale, site: Site) -> str:
    ns = "http://www.w3.org/2005/Atom"
    feed = ET.Element("feed", xmlns=ns)
    ET.SubElement(feed, "title").text = f"{site.name}: fact-checks"
    ET.SubElement(feed, "id").text = site.url
    ET.SubElement(feed, "link", rel="alternate", href=site.url)
    ET.SubElement(feed, "link", rel="self", href=site.url + "feeds/atom.xml")
    latest = _latest(claims)
    newest = common.updated(latest[0]) if latest else "1970-01-01"
    ET.SubElement(feed, "updated").text = common.iso_day(newest)
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = site.publisher
    for c in latest:
        verdict = scale[c["verdict"]]
        url = site.page_url(common.claim_url(c["id"]))
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = f"{verdict.label}: {c['claim']}"
        ET.SubElement(entry, "id").text = url
        ET.SubElement(entry, "link", rel="alternate", href=url)
        ET.SubElement(entry, "published").text = common.iso_day(c["published"])
        ET.SubElement(entry, "updated").text = common.iso_day(common.updated(c))
        summary = c["ruling"]
        if c.get("updates"):
            summary += f" (Updated: {c['updates'][-1]['note']})"
        ET.SubElement(entry, "summary").text = summary
        for t in c["topics"]:
            ET.SubElement(entry, "category", term=t)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def json_feed(claims: list[dict[str, Any]], scale: Scale, site: Site) -> str:
    items = []
    for c in _latest(claims):
        url = site.page_url(common.claim_url(c["id"]))
        items.append(
            {
                "id": url,
                "url": url,
                "title": f"{scale[c['verdict']].label}: {c['claim']}",
                "content_text": c["ruling"],
                "date_published": common.iso_day(c["published"]),
                "date_modified": common.iso_day(common.updated(c)),
                "tags": c["topics"],
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": f"{site.name}: fact-checks",
        "home_page_url": site.url,
        "feed_url": site.url + "feeds/feed.json",
        "language": site.language,
        "items": items,
    }
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def claim_record(
    claim: dict[str, Any], article: dict[str, Any], scale: Scale, site: Site
) -> dict[str, Any]:
    """One claim in data/claims.json (shape documented in docs/data.md)."""
    verdict = scale[claim["verdict"]]
    return {
        "id": claim["id"],
        "url": site.page_url(common.claim_url(claim["id"])),
        "article": {k: article.get(k) for k in ("id", "title", "outlet", "url", "published")},
        "claim": claim["claim"],
        "quote": claim["quote"],
        "claimant": claim["claimant"],
        "claim_date": claim["claim_date"],
        "verdict": {"id": verdict.id, "label": verdict.label, "rating": verdict.rating},
        "ruling": claim["ruling"],
        "analysis": claim["analysis"],
        "sources": claim["sources"],
        "topics": claim["topics"],
        "published": claim["published"],
        "updated": common.updated(claim),
        "updates": claim.get("updates") or [],
    }


def claims_json(records: list[dict[str, Any]], scale: Scale) -> str:
    data = {
        "version": DATA_VERSION,
        "scale": [
            {"id": v.id, "label": v.label, "rating": v.rating, "definition": v.definition}
            for v in scale.verdicts
        ],
        "claims": records,
    }
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


CSV_COLUMNS = (
    "id",
    "url",
    "claim",
    "claimant",
    "claim_date",
    "verdict",
    "verdict_label",
    "rating",
    "ruling",
    "published",
    "updated",
    "topics",
    "sources",
    "article_url",
)


def _cell(value: Any) -> str:
    s = "" if value is None else str(value)
    # A cell starting with = + - @ is a formula in spreadsheets: keep it text.
    return "'" + s if s[:1] in ("=", "+", "-", "@", "\t", "\r") else s


def claims_csv(records: list[dict[str, Any]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for r in records:
        writer.writerow(
            [
                _cell(v)
                for v in (
                    r["id"],
                    r["url"],
                    r["claim"],
                    r["claimant"]["name"],
                    r["claim_date"],
                    r["verdict"]["id"],
                    r["verdict"]["label"],
                    r["verdict"]["rating"],
                    r["ruling"],
                    r["published"],
                    r["updated"],
                    ";".join(r["topics"]),
                    len(r["sources"]),
                    r["article"]["url"],
                )
            ]
        )
    return buf.getvalue()


def claimreview_feed(reviews: list[dict[str, Any]]) -> str:
    items = [{k: v for k, v in r.items() if k != "@context"} for r in reviews]
    feed = {"@context": "https://schema.org", "@type": "DataFeed", "dataFeedElement": items}
    return json.dumps(feed, ensure_ascii=False, indent=2) + "\n"


def verdict_css(scale: Scale) -> str:
    """Badge and highlight colours, generated from verdicts.yaml."""
    rules = ["/* Generated by factsite from verdicts.yaml. Do not edit. */"]
    for v in scale.verdicts:
        rules.append(f".fs-v-{v.id} {{ --fs-verdict: {v.colour}; }}")
    return "\n".join(rules) + "\n"

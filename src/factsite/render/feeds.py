"""Feeds of the latest checks: Atom and JSON Feed, serialised by ElementTree and json.

A feed reader knows an entry by its id, so the ids must not change when the site does. Each is
a tag: URI (RFC 4151) minted from the repository (`repo_url`), which stays when the site moves
to another domain, the day the check was first published and the id it was first published
under (the first of its `redirect_from`, or its id): `tag:github.com,2026-11-28:factsite/
factsite/claims/<id>`. A site without a repository falls back to its own address.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any
from urllib.parse import urlsplit

from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render import common, i18n
from factsite.render.retraction import retraction

FEED_SIZE = 50
_XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"  # xml:lang, the feed's language


def _feed_title(site: Site) -> str:
    return i18n.for_site(site).gettext("%(site)s: fact-checks", site=site.name)


def _title(claim: dict[str, Any], scale: Scale, words: i18n.Words) -> str:
    """An entry's title: the verdict and the claim, or the retraction and the last verdict."""
    label = scale.of(claim).label
    if retraction(claim) is not None:
        return words.gettext(
            "Retracted: %(claim)s (last verdict: %(verdict)s)", claim=claim["claim"], verdict=label
        )
    return f"{label}: {claim['claim']}"


def _text(claim: dict[str, Any], words: i18n.Words) -> str:
    """An entry's text: the ruling, after the retraction's notice if there is one (its date as
    written in the claim file: a feed's dates are RFC 3339's)."""
    entry = retraction(claim)
    if entry is None:
        return str(claim["ruling"])
    return words.gettext(
        "Retracted on %(date)s: %(note)s Last ruling: %(ruling)s",
        date=entry["date"],
        note=entry["note"],
        ruling=claim["ruling"],
    )


def _tagging(site: Site) -> tuple[str, str]:
    """(authority, path) of the tag URIs: the repository's host and path, with a slash."""
    parts = urlsplit(site.repo_url or site.url)
    path = parts.path.strip("/")
    return (parts.hostname or "localhost").lower(), f"{path}/" if path else ""


def entry_id(claim: dict[str, Any], site: Site) -> str:
    """A check's id in both feeds, the same whatever the domain and after a rename."""
    authority, path = _tagging(site)
    first = (claim.get("redirect_from") or [claim["id"]])[0]
    return f"tag:{authority},{claim['published']}:{path}claims/{first}"


def feed_id(claims: list[dict[str, Any]], site: Site) -> str:
    """The feed's own id: minted like its entries', on the day of the first check (a published
    check is never deleted, so that day stays); the site's address while it has none."""
    if not claims:
        return site.url
    authority, path = _tagging(site)
    return f"tag:{authority},{min(c['published'] for c in claims)}:{path}feed"


def _latest(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(claims, key=lambda c: (common.updated(c), c["published"], c["id"]), reverse=True)[
        :FEED_SIZE
    ]


def atom_feed(claims: list[dict[str, Any]], scale: Scale, site: Site) -> str:
    ns = "http://www.w3.org/2005/Atom"
    words = i18n.for_site(site)
    feed = ET.Element("feed", {"xmlns": ns, _XML_LANG: site.language})
    ET.SubElement(feed, "title").text = _feed_title(site)
    ET.SubElement(feed, "id").text = feed_id(claims, site)
    ET.SubElement(feed, "link", rel="alternate", href=site.url)
    ET.SubElement(feed, "link", rel="self", href=site.url + "feeds/atom.xml")
    latest = _latest(claims)
    newest = common.updated(latest[0]) if latest else "1970-01-01"
    ET.SubElement(feed, "updated").text = common.iso_day(newest)
    ET.SubElement(ET.SubElement(feed, "author"), "name").text = site.publisher
    for c in latest:
        url = site.page_url(common.claim_url(c["id"]))
        entry = ET.SubElement(feed, "entry")
        ET.SubElement(entry, "title").text = _title(c, scale, words)
        ET.SubElement(entry, "id").text = entry_id(c, site)
        ET.SubElement(entry, "link", rel="alternate", href=url)
        ET.SubElement(entry, "published").text = common.iso_day(c["published"])
        ET.SubElement(entry, "updated").text = common.iso_day(common.updated(c))
        summary = _text(c, words)
        if c.get("updates") and retraction(c) is None:
            summary += " (" + words.gettext("Updated: %(note)s", note=c["updates"][-1]["note"])
            summary += ")"
        ET.SubElement(entry, "summary").text = summary
        for t in c["topics"]:
            ET.SubElement(entry, "category", term=t)
    ET.indent(feed)
    return '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(feed, "unicode") + "\n"


def json_feed(claims: list[dict[str, Any]], scale: Scale, site: Site) -> str:
    words = i18n.for_site(site)
    items = []
    for c in _latest(claims):
        url = site.page_url(common.claim_url(c["id"]))
        items.append(
            {
                "id": entry_id(c, site),
                "url": url,
                "title": _title(c, scale, words),
                "content_text": _text(c, words),
                "date_published": common.iso_day(c["published"]),
                "date_modified": common.iso_day(common.updated(c)),
                "tags": c["topics"],
            }
        )
    feed = {
        "version": "https://jsonfeed.org/version/1.1",
        "title": _feed_title(site),
        "home_page_url": site.url,
        "feed_url": site.url + "feeds/feed.json",
        "language": site.language,
        "items": items,
    }
    # Compact, as data/claims.json (open_data.py says why)
    return json.dumps(feed, ensure_ascii=False, separators=(",", ":")) + "\n"

"""render/feeds.py: Atom and JSON Feed of the latest checks, well-formed whatever the text.
(The same feeds carrying hostile payloads through a full build: test_injection.py.)"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from typing import Any

import pytest

from conftest import REPO, site_of
from factsite.check.reference import load_scale
from factsite.load.files import Layout
from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render.feeds import FEED_SIZE, atom_feed, json_feed

A = "{http://www.w3.org/2005/Atom}"


@pytest.fixture(scope="module")
def scale() -> Scale:
    return load_scale(Layout(REPO))[0]


@pytest.fixture(scope="module")
def site() -> Site:
    return site_of(REPO)


def _atom(text: str) -> ET.Element:
    """The feed factsite just rendered, parsed (after its XML declaration)."""
    return ET.fromstring(text.split("\n", 1)[1])  # noqa: S314 - our own output, not a download


def _claim(n: int, published: str, **more: Any) -> dict[str, Any]:
    return {
        "id": f"c{n:02}",
        "claim": f"Claim {n} <b>&</b> “quoted”",
        "verdict": "mostly-true",
        "ruling": f"Ruling {n} ]]> </summary>",
        "published": published,
        "topics": ["diplomacy", "gaza"],
        **more,
    }


def test_the_atom_feed(scale: Scale, site: Site) -> None:
    claims = [
        _claim(1, "2026-01-08"),
        _claim(2, "2026-01-09"),
        _claim(3, "2026-01-02", updated="2026-02-01", updates=[{"note": "Fixed <i>a</i>."}]),
    ]
    root = _atom(atom_feed(claims, scale, site))
    assert root.tag == f"{A}feed"
    assert root.findtext(f"{A}id") == site.url
    assert root.findtext(f"{A}updated") == "2026-02-01T00:00:00Z"  # the newest entry's
    assert [link.get("href") for link in root.iter(f"{A}link")][:2] == [
        site.url,
        site.url + "feeds/atom.xml",
    ]
    entries = root.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == [
        f"{site.url}claims/c03/",  # the latest change first: updated, then published
        f"{site.url}claims/c02/",
        f"{site.url}claims/c01/",
    ]
    first = entries[0]
    assert first.findtext(f"{A}title") == "Mostly true: Claim 3 <b>&</b> “quoted”"  # text, exactly
    assert first.findtext(f"{A}summary") == "Ruling 3 ]]> </summary> (Updated: Fixed <i>a</i>.)"
    assert first.findtext(f"{A}published") == "2026-01-02T00:00:00Z"
    assert [c.get("term") for c in first.findall(f"{A}category")] == ["diplomacy", "gaza"]


def test_the_json_feed_lists_the_same_entries(scale: Scale, site: Site) -> None:
    claims = [_claim(1, "2026-01-08"), _claim(2, "2026-01-09")]
    feed = json.loads(json_feed(claims, scale, site))
    assert feed["version"] == "https://jsonfeed.org/version/1.1"
    assert feed["feed_url"] == site.url + "feeds/feed.json"
    assert feed["language"] == site.language
    atom = _atom(atom_feed(claims, scale, site))
    assert [i["id"] for i in feed["items"]] == [
        e.findtext(f"{A}id") for e in atom.iter(f"{A}entry")
    ]
    assert feed["items"][0] == {
        "id": f"{site.url}claims/c02/",
        "url": f"{site.url}claims/c02/",
        "title": "Mostly true: Claim 2 <b>&</b> “quoted”",
        "content_text": "Ruling 2 ]]> </summary>",
        "date_published": "2026-01-09T00:00:00Z",
        "date_modified": "2026-01-09T00:00:00Z",
        "tags": ["diplomacy", "gaza"],
    }


def test_only_the_latest_checks(scale: Scale, site: Site) -> None:
    claims = [_claim(n, f"2026-01-{n % 28 + 1:02}") for n in range(FEED_SIZE + 10)]
    items = json.loads(json_feed(claims, scale, site))["items"]
    assert len(items) == FEED_SIZE
    dates = [i["date_modified"] for i in items]
    assert dates == sorted(dates, reverse=True)
    atom = _atom(atom_feed(claims, scale, site))
    assert len(atom.findall(f"{A}entry")) == FEED_SIZE


def test_an_empty_site_has_valid_feeds(scale: Scale, site: Site) -> None:
    atom = _atom(atom_feed([], scale, site))
    assert atom.findtext(f"{A}updated") == "1970-01-01T00:00:00Z" and not atom.findall(f"{A}entry")
    assert json.loads(json_feed([], scale, site))["items"] == []

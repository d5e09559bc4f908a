"""render/feeds.py: Atom and JSON Feed of the latest checks, well-formed whatever the text.
(The same feeds carrying hostile payloads through a full build: test_injection.py.)"""

from __future__ import annotations

import dataclasses
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
    assert root.findtext(f"{A}id") == "tag:github.com,2026-01-02:factsite/factsite/feed"
    assert root.findtext(f"{A}updated") == "2026-02-01T00:00:00Z"  # the newest entry's
    assert [link.get("href") for link in root.iter(f"{A}link")][:2] == [
        site.url,
        site.url + "feeds/atom.xml",
    ]
    entries = root.findall(f"{A}entry")
    assert [e.findtext(f"{A}id") for e in entries] == [
        "tag:github.com,2026-01-02:factsite/factsite/claims/c03",  # latest change first
        "tag:github.com,2026-01-09:factsite/factsite/claims/c02",
        "tag:github.com,2026-01-08:factsite/factsite/claims/c01",
    ]
    links = [link.get("href") for e in entries for link in e.iter(f"{A}link")]
    assert links[0] == f"{site.url}claims/c03/"  # the link follows the domain; the id does not
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
        "id": "tag:github.com,2026-01-09:factsite/factsite/claims/c02",
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


def test_entry_ids_do_not_change_with_the_domain_or_a_rename(scale: Scale, site: Site) -> None:
    claims = [_claim(1, "2026-01-08"), _claim(2, "2026-01-09")]
    moved = dataclasses.replace(site, url="https://checks.example.org/")
    for render in (atom_feed, json_feed):
        assert _ids(render(claims, scale, moved)) == _ids(render(claims, scale, site))
        assert all("checks.example.org" not in i for i in _ids(render(claims, scale, moved)))
    renamed = [
        _claim(1, "2026-01-08"),
        _claim(2, "2026-01-09", id="c02-new", redirect_from=["c02"]),
    ]
    assert _ids(atom_feed(renamed, scale, site)) == _ids(atom_feed(claims, scale, site))
    # without a repository, the site's own address is the authority
    alone = dataclasses.replace(site, repo_url="")
    assert _ids(json_feed(claims, scale, alone))[0] == (
        "tag:factsite.github.io,2026-01-09:factsite/claims/c02"
    )


def _ids(text: str) -> list[str]:
    """The feed's id and its entries' ids, Atom or JSON Feed."""
    if text.startswith("<?xml"):
        root = _atom(text)
        return [root.findtext(f"{A}id") or ""] + [
            e.findtext(f"{A}id") or "" for e in root.iter(f"{A}entry")
        ]
    return [i["id"] for i in json.loads(text)["items"]]


def test_two_builds_with_another_site_url_give_the_same_ids(
    scale: Scale, monkeypatch: pytest.MonkeyPatch
) -> None:
    """SITE_URL, as the deploy workflow sets it, read from mkdocs.yml's !ENV both times."""
    claims = [_claim(1, "2026-01-08"), _claim(2, "2026-01-09")]
    feeds = []
    for url in ("https://factsite.github.io/factsite/", "https://checks.example.org/"):
        monkeypatch.setenv("SITE_URL", url)
        site = site_of(REPO)
        assert site.url == url
        feeds.append((atom_feed(claims, scale, site), json_feed(claims, scale, site)))
    assert feeds[0][0] != feeds[1][0]  # the links moved
    assert _ids(feeds[0][0]) == _ids(feeds[1][0]) and _ids(feeds[0][1]) == _ids(feeds[1][1])

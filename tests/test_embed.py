"""The embeddable check and its oEmbed document: self-contained, escaped, small, accessible."""

from __future__ import annotations

import copy
import dataclasses
import json
import re
from html.parser import HTMLParser
from typing import Any

import pytest

from conftest import REPO
from factsite.render import embed, i18n
from factsite.render.card import card_url
from factsite.render.colour import AA, contrast

PAGE_TAGS = [
    "html",
    "head",
    "meta",
    "title",
    "link",
    "style",
    "body",
    "main",
    "p",
    "h1",
    "h2",
    "section",
    "span",
    "time",
    "a",
    "bdi",  # a name or title of the other direction, isolated (issue 28)
]
HOSTILE = "<script>alert(\"x\")</script> 'q' & <img src=x onerror=alert(1)>"


class _Page(HTMLParser):
    """Tags with their attributes, the text of each element by tag, and the inline CSS."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: dict[str, str] = {}
        self.css = ""
        self._open: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))
        self._open.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in self._open:
            while self._open.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        for tag in self._open:
            self.text[tag] = self.text.get(tag, "") + data
        if self._open and self._open[-1] == "style":
            self.css += data


def _parse(page: str) -> _Page:
    parsed = _Page()
    parsed.feed(page)
    parsed.close()
    return parsed


def _render(real: Any, claim: dict[str, Any], site: Any = None) -> str:
    site = site or real.site
    path, page = embed.render_embed(
        claim, real.articles.get(claim["article"], {}), real.scale, site
    )
    assert path == embed.embed_path(claim["id"]) == f"claims/{claim['id']}/embed.html"
    return page


ICON = "../../assets/images/favicon.png"  # the site's (Material's default), from claims/<id>/


def _check_url(real: Any, claim: dict[str, Any]) -> str:
    return real.site.url + f"claims/{claim['id']}/"


def test_every_embed_page_is_small_self_contained_and_complete(real: Any) -> None:
    for claim in real.claims:
        page = _render(real, claim)
        assert len(page.encode()) < 15_000, claim["id"]
        assert "<script" not in page.lower()
        parsed = _parse(page)
        tags = dict(parsed.tags)  # the last of each tag name is enough for these checks
        assert tags["html"]["lang"] == real.site.language
        assert parsed.text["title"].strip()
        assert "main" in tags and "h1" in tags
        assert parsed.text["h1"] == " ".join(claim["claim"].split())
        assert "In brief" in parsed.text["h2"]
        assert " ".join(claim["ruling"].split()) in parsed.text["body"]
        assert real.scale[claim["verdict"]].label in parsed.text["body"]
        # the one way out: the full check, in a new tab, without handing it the opener
        links = [a for t, a in parsed.tags if t == "a"]
        assert links == [{"href": _check_url(real, claim), "target": "_blank", "rel": "noopener"}]


def test_embed_page_loads_nothing_from_anywhere(real: Any) -> None:
    for claim in real.claims:
        page = _render(real, claim)
        parsed = _parse(page)
        for tag, attrs in parsed.tags:
            assert not {"src", "srcset", "poster", "data", "action"} & attrs.keys(), tag
            assert tag not in ("img", "iframe", "object", "embed", "video", "audio", "form")
            if tag == "link":  # the canonical link, which browsers do not fetch, and the icon:
                # the one request, to the embed page's own site (else the browser asks the
                # host's root for /favicon.ico, and gets a 404)
                assert attrs in (
                    {"rel": "canonical", "href": _check_url(real, claim)},
                    {"rel": "icon", "href": ICON},
                )
        assert "url(" not in parsed.css and "@import" not in parsed.css
        assert "@font-face" not in parsed.css
        # every absolute URL written anywhere in the page is the check's own
        assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {_check_url(real, claim)}


def test_hostile_text_is_escaped_everywhere(real: Any) -> None:
    claim = copy.deepcopy(real.claims[0])
    claim["claim"] = HOSTILE
    claim["ruling"] = HOSTILE + " ruling"
    claim["claimant"] = {"name": HOSTILE, "type": "Person", "role": '" onmouseover="x'}
    scale = type(real.scale)(
        tuple(
            dataclasses.replace(v, label=HOSTILE) if v.id == claim["verdict"] else v
            for v in real.scale.verdicts
        )
    )
    site = dataclasses.replace(real.site, name=HOSTILE)
    _, page = embed.render_embed(claim, {}, scale, site)
    assert "<script" not in page.lower() and "<img" not in page.lower()
    assert 'onmouseover="' not in page
    parsed = _parse(page)
    assert parsed.text["h1"] == HOSTILE  # shown as text, exactly as written
    assert {t for t, _ in parsed.tags} <= set(PAGE_TAGS)  # no element smuggled in
    for html_text in (embed.embed_snippet(claim, site),):
        tags = _parse(html_text).tags
        assert len(tags) == 1, html_text  # one element, nothing smuggled in beside it
        assert HOSTILE in tags[0][1]["title"]
    _, doc = embed.oembed_json(claim, {}, scale, site)
    assert json.loads(doc)["title"].startswith(HOSTILE)


def test_oembed_is_a_complete_rich_response(real: Any) -> None:
    for claim in real.claims:
        path, text = embed.oembed_json(
            claim, real.articles[claim["article"]], real.scale, real.site
        )
        assert path == embed.oembed_path(claim["id"]) == f"oembed/{claim['id']}.json"
        doc = json.loads(text)
        assert doc["version"] == "1.0" and doc["type"] == "rich"
        for field in ("html", "width", "height", "title", "provider_name", "provider_url"):
            assert doc[field], field
        assert isinstance(doc["width"], int) and isinstance(doc["height"], int)
        assert doc["width"] == embed.WIDTH and doc["height"] == embed.embed_height(claim)
        assert doc["html"] == embed.embed_snippet(claim, real.site)
        assert doc["provider_name"] == real.site.name and doc["provider_url"] == real.site.url
        # the thumbnail fields come together (oEmbed 2.3.4) and name the share card
        assert doc["thumbnail_url"] == card_url(claim["id"], real.site)
        assert (doc["thumbnail_width"], doc["thumbnail_height"]) == (1200, 630)
        iframe = _parse(doc["html"]).tags
        assert [t for t, _ in iframe] == ["iframe"]
        attrs = iframe[0][1]
        assert attrs["src"] == real.site.url + embed.embed_path(claim["id"])
        assert attrs["title"] and attrs["width"] == str(doc["width"])
        assert attrs["height"] == str(doc["height"])
        assert "allow-scripts" not in (attrs["sandbox"] or "")


def test_text_colours_reach_aa_contrast(real: Any) -> None:
    for claim in real.claims:
        css = _parse(_render(real, claim)).css
        badge = re.search(r"\.badge\s*\{(.*?)\}", css, re.S)
        assert badge
        bg = re.search(r"background:\s*(#[0-9a-f]{6})", badge.group(1), re.I)
        fg = re.search(r"[^-]color:\s*(#[0-9a-f]{6})", badge.group(1), re.I)
        assert bg and fg and contrast(fg.group(1), bg.group(1)) >= AA, claim["id"]
        rest = css.replace(badge.group(0), "")
        for colour in re.findall(r"(?<![-\w])color:\s*(#[0-9a-f]{6})", rest, re.I):
            assert contrast(colour, "#ffffff") >= AA, colour  # text on the white page


def test_embed_box_offers_the_snippet_as_text(real: Any) -> None:
    claim = real.claims[0]
    box = embed.embed_box(claim, real.site)
    parsed = _parse(box)
    assert parsed.text["textarea"] == embed.embed_snippet(claim, real.site)
    assert "<iframe" not in box  # shown to copy, not embedded in the claim page


@pytest.mark.parametrize("language", ["de", "ar"])
def test_the_frame_is_named_in_the_site_language(real: Any, language: str) -> None:
    """The iframe's title is its accessible name: in the language of the site that offers it."""
    claim = real.claims[0]
    site = dataclasses.replace(real.site, language=language)
    [(_, attrs)] = _parse(embed.embed_snippet(claim, site)).tags
    said = i18n.words(language).gettext("Fact-check: %(claim)s", claim=claim["claim"])
    assert attrs["title"] == said and not attrs["title"].startswith("Fact-check:")


def test_the_embed_lives_in_its_claim_folder_and_its_old_address_keeps_the_page(
    real: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Snippets pasted before the move point at embed/<id>.html: it serves the same page, not
    a redirect, which the snippet's sandbox would not follow (embed.py says why)."""
    from factsite.check.project import check_project
    from factsite.render import render_site
    from factsite.render.pages import contents

    monkeypatch.setenv("FACTSITE_CACHE", "0")  # leave no check cache in the repository
    pages = render_site(check_project(REPO), real.site)
    for claim in real.claims[:2]:
        new, old = f"claims/{claim['id']}/embed.html", f"embed/{claim['id']}.html"
        there, here = str(contents(pages[old])), str(contents(pages[new]))
        assert there == here.replace(f'href="{ICON}"', 'href="../assets/images/favicon.png"')
        icons = [a for t, a in _parse(here).tags if t == "link" and a.get("rel") == "icon"]
        assert icons == [{"rel": "icon", "href": ICON}]
        snippet = embed.embed_snippet(claim, real.site, estimated=True)
        assert f'src="{real.site.url}{new}"' in snippet
        oembed = json.loads(str(contents(pages[f"oembed/{claim['id']}.json"])))
        assert f'src="{real.site.url}{new}"' in oembed["html"]

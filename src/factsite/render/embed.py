"""The embeddable check: a small static page per claim for an <iframe>, and its oEmbed document.

The embed page is complete HTML, not Markdown: MkDocs copies an .html file under docs/ to the
site as it is, so the page carries none of the theme's scripts, fonts or styles. It loads
nothing at all (its CSS is inline, its fonts are the reader's own) and runs no JavaScript, so
a host page that embeds it tells no third party about its readers. Everything a contributor
wrote is HTML-escaped here; the oEmbed document is serialised by json.

oEmbed (oembed.com, 1.0): a consumer that finds the discovery link on a claim page fetches
`oembed/<id>.json` and gets a `rich` response whose `html` is the iframe snippet. A static
file cannot honour maxwidth or maxheight; the snippet is fluid up to its width instead.

The page lives in its claim's folder (claims/<id>/embed.html). Snippets pasted before that
point at embed/<id>.html, which keeps the same page: not a redirect, because the snippet's
sandbox (no allow-scripts) blocks a <meta http-equiv="refresh"> in the frame, so a redirect
page would leave every older embed showing the redirect instead of the check.
"""

from __future__ import annotations

import functools
import html
import json
import re
from typing import Any

from factsite.load.scale import Scale, Verdict
from factsite.load.site_config import Site
from factsite.render import text_layout as tl
from factsite.render.card import HEIGHT as CARD_HEIGHT
from factsite.render.card import RAQM, card_url, claimant, font
from factsite.render.card import WIDTH as CARD_WIDTH
from factsite.render.colour import text_on
from factsite.render.common import claim_date_estimated, claim_url
from factsite.render.escape import text
from factsite.render.i18n import Words, for_site
from factsite.render.i18n import words as words_of
from factsite.render.retraction import retraction

EMBED, OEMBED = "embed", "oembed"
EMBED_PAGE = "embed.html"  # in the claim's own folder
WIDTH = 560  # the iframe's width; its height is the claim's own (embed_height)
PAD_X, PAD_Y, BORDER_LEFT = 18, 14, 6
MIN_HEIGHT = 240
_HEX = re.compile(r"#[0-9a-fA-F]{6}")


def embed_path(claim_id: str) -> str:
    """Docs path of the embed page, in the claim's folder beside its page (claims/<id>/,
    served from claims/<id>.md); served at the same path, a file rather than a directory."""
    return f"{claim_url(claim_id)}{EMBED_PAGE}"


def old_embed_path(claim_id: str) -> str:
    """Where the embed page was before it moved into the claim's folder: the same page."""
    return f"{EMBED}/{claim_id}.html"


def oembed_path(claim_id: str) -> str:
    return f"{OEMBED}/{claim_id}.json"


def _h(value: str) -> str:
    """Contributor text for HTML text or attribute values: one line, every special escaped."""
    return html.escape(" ".join(str(value).split()), quote=True)


def _title(claim: dict[str, Any], verdict: Verdict, site: Site, words: Words) -> str:
    label = verdict.label
    if retraction(claim) is not None:
        label = words.gettext("Retracted (%(verdict)s)", verdict=label)
    return f"{label}: {' '.join(claim['claim'].split())} – {site.name}"


def _brief(claim: dict[str, Any], words: Words) -> str:
    """The embed's brief: the ruling, after the notice of a retraction (render/retraction.py),
    so that a page that embedded the check says it no longer stands."""
    entry = retraction(claim)
    if entry is None:
        return str(claim["ruling"])
    return words.gettext(
        "Retracted on %(date)s: %(note)s Last ruling: %(ruling)s",
        date=words.date(entry["date"]),
        note=entry["note"],
        ruling=claim["ruling"],
    )


def _css(verdict: Verdict) -> str:
    # The colour goes into CSS, so it must be a colour: verdicts.yaml's schema says so, and
    # anything else falls back to the scale's neutral grey rather than reach the stylesheet.
    bg = verdict.colour if _HEX.fullmatch(verdict.colour) else "#5c5f66"
    # One rule a line, no indentation or comments: the page is written twice for every claim
    # (at its two addresses), so each byte here is two per claim.
    # main: the frame's height is fixed by the host page. When the page is taller (a phone's
    # narrow column), the brief scrolls in its own box, so that the claim, the verdict and
    # the link to the full check stay in view.
    return f"""
:root{{color-scheme:light}}
*{{box-sizing:border-box}}
html,body{{margin:0;height:100%;background:#ffffff}}
body{{color:#1b1c1f;overflow-wrap:anywhere;\
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans","DejaVu Sans",sans-serif}}
main{{display:flex;flex-direction:column;height:100%;overflow:auto;margin:0;\
padding:{PAD_Y}px {PAD_X}px;border:1px solid #d0d4dc;border-left:{BORDER_LEFT}px solid {bg};\
border-radius:6px}}
.kicker,.who{{margin:0;color:#4a4d55;font-size:14px}}
h1{{margin:4px 0 6px;font-size:20px;line-height:1.3}}
.verdict{{margin:8px 0}}
.badge{{display:inline-block;max-width:100%;padding:2px 10px;border-radius:5px;\
background:{bg};color:{text_on(bg)};font-weight:700;font-size:17px;direction:ltr;\
unicode-bidi:isolate}}
main>*{{flex:none}}
main>.brief{{flex:0 1 auto;min-height:4.5em;overflow:auto;margin:10px 0}}
h2{{margin:0 0 2px;font-size:16px}}
.brief p{{margin:0}}
a{{color:#3f51b5;text-decoration:underline;text-underline-offset:0.15em}}
a:focus-visible,.brief:focus-visible{{outline:2px solid #3f51b5;outline-offset:2px}}
.more{{margin:0;font-weight:600}}
.sr{{position:absolute;width:1px;height:1px;padding:0;margin:-1px;overflow:hidden;\
clip:rect(0,0,0,0);white-space:nowrap;border:0}}
@media (max-width:360px){{main{{padding:10px 12px}}h1{{font-size:18px}}}}
""".strip()


def render_embed(
    claim: dict[str, Any], article: dict[str, Any], scale: Scale, site: Site, *, old: bool = False
) -> tuple[str, str]:
    """(docs path, HTML) of the claim's embed page; `article` says whether its date is an
    estimate. `old`: the same page at its former address (old_embed_path)."""
    path = old_embed_path(claim["id"]) if old else embed_path(claim["id"])
    verdict = scale.of(claim)
    words = for_site(site)
    _ = words.gettext
    date = claim["claim_date"]
    check = site.page_url(claim_url(claim["id"]))
    name = f"<bdi>{_h(site.name)}</bdi>"
    when = words.time_tag(date, estimated=claim_date_estimated(claim, article))
    who = _("Claimed by %(claimant)s on %(date)s", claimant=_bdi(claimant(claim)), date=when)
    more = _(
        'Read the full fact-check<span class="sr">: %(claim)s</span> on %(site)s',
        claim=_h(claim["claim"]),
        site=name,
    )
    kicker = _("Fact-check by %(site)s", site=name)
    ours, brief = _("Our verdict:"), _("In brief")
    page = f"""<!doctype html>
<html lang="{_h(site.language)}" dir="{words.direction}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex">
<meta name="referrer" content="no-referrer">
<title>{_h(_title(claim, verdict, site, words))}</title>
<link rel="canonical" href="{_h(check)}">
<link rel="icon" href="{_h(favicon_href(site, path))}">
<style>
{_css(verdict)}
</style>
</head>
<body>
<main>
<p class="kicker">{kicker}</p>
<h1 dir="auto">{_h(claim["claim"])}</h1>
<p class="who">{who}</p>
<p class="verdict"><span class="sr">{ours} </span><span class="badge">\
<span aria-hidden="true">{_h(verdict.icon)}</span> {_h(verdict.label)}</span></p>
<section class="brief" aria-labelledby="brief" tabindex="0">
<h2 id="brief">{brief}</h2>
<p dir="auto">{_h(_brief(claim, words))}</p>
</section>
<p class="more"><a href="{_h(check)}" target="_blank" rel="noopener">{more}</a></p>
</main>
</body>
</html>
"""
    return path, page


# (font size, bold, line height) of each text block, and the fixed height around them: the
# CSS above, added up (padding, borders, margins, the kicker, the badge, the heading).
_BLOCKS = {"claim": (20, True, 26), "who": (14, False, 21), "brief": (16, False, 24)}
_FIXED = 2 * PAD_Y + 2 + 21 + 10 + (8 + 8 + 30) + (10 + 2 + 24) + 10 + 24


def favicon_href(site: Site, path: str) -> str:
    """The site's favicon (mkdocs.yml's theme.favicon) from the page at docs path `path`:
    without a link the browser asks the host's root for /favicon.ico, which a site under a
    path (user.github.io/checks/) does not have."""
    if "://" in site.favicon or site.favicon.startswith("/"):
        return site.favicon
    return "../" * path.count("/") + site.favicon


def _bdi(value: str) -> str:
    return f"<bdi>{_h(value)}</bdi>"


def embed_height(claim: dict[str, Any], *, estimated: bool = False) -> int:
    """The iframe's height at WIDTH: the page's text wrapped with DejaVu Sans, the widest
    font a reader's system-ui is likely to be, so that the page fits without scrolling.

    In a narrower frame (a phone column) the page reflows down to 320px and, when it is then
    taller than the frame, the brief scrolls in its own box (see the CSS).
    """
    # Measured on the English line: the snippet's height does not depend on the site's
    # language, and a translated line wraps within a few pixels of it (the brief scrolls in
    # its own box if not).
    en = words_of("en")
    who = f"Claimed by {claimant(claim)} on {en.date(claim['claim_date'], estimated=estimated)}"
    return _height(claim["claim"], who, _brief(claim, en))


@functools.lru_cache(maxsize=1024)  # the snippet, the oEmbed JSON and the box ask in turn
def _height(claim: str, who: str, brief: str) -> int:
    width = WIDTH - 2 * PAD_X - BORDER_LEFT - 1
    height = _FIXED
    for value, (size, bold, line) in zip((claim, who, brief), _BLOCKS.values(), strict=True):
        measure = tl.measurer(font(size, bold), tl.direction(value), RAQM)
        height += line * len(tl.wrap(value, measure, width))
    return max(MIN_HEIGHT, height + 8)  # a little slack for the browser's own line breaking


def embed_snippet(claim: dict[str, Any], site: Site, *, estimated: bool = False) -> str:
    """The <iframe> that a claim page offers to copy, and that oEmbed hands to consumers.

    The sandbox lets the embedded page do nothing but open the full check in a new tab (its
    link's target="_blank"), unsandboxed; the page needs nothing more.
    """
    src = site.page_url(embed_path(claim["id"]))
    # the frame's accessible name, in the site's language (the page around it may be any)
    title = for_site(site).gettext("Fact-check: %(claim)s", claim=claim["claim"])
    return (
        f'<iframe src="{_h(src)}" title="{_h(title)}" width="{WIDTH}" '
        f'height="{embed_height(claim, estimated=estimated)}" '
        f'style="border:0;max-width:100%" loading="lazy" '
        f'sandbox="allow-popups allow-popups-to-escape-sandbox"></iframe>'
    )


def oembed_json(
    claim: dict[str, Any], article: dict[str, Any], scale: Scale, site: Site
) -> tuple[str, str]:
    """(docs path, JSON text) of the claim's oEmbed 1.0 `rich` response."""
    verdict = scale.of(claim)
    estimated = claim_date_estimated(claim, article)
    doc = {
        "version": "1.0",
        "type": "rich",
        "title": " ".join(_title(claim, verdict, site, for_site(site)).split()),
        "author_name": site.publisher,
        "author_url": site.publisher_url,
        "provider_name": site.name,
        "provider_url": site.url,
        "html": embed_snippet(claim, site, estimated=estimated),
        "width": WIDTH,
        "height": embed_height(claim, estimated=estimated),
    }
    if site.cards:  # the three thumbnail fields come together, or not at all (oEmbed 2.3.4)
        doc["thumbnail_url"] = card_url(claim["id"], site)
        doc["thumbnail_width"] = CARD_WIDTH
        doc["thumbnail_height"] = CARD_HEIGHT
    return oembed_path(claim["id"]), json.dumps(doc, ensure_ascii=False, indent=2) + "\n"


def embed_box(claim: dict[str, Any], site: Site, *, estimated: bool = False) -> str:
    """For the claim page (Markdown with raw HTML): the snippet in a box, ready to copy.
    `estimated`: the claim's date is an estimate (the embed's height counts the words)."""
    _ = for_site(site).gettext
    summary, label = _("Embed this fact-check"), _("Paste this code into your page:")
    snippet = embed_snippet(claim, site, estimated=estimated)
    return (
        '<details class="fs-embed" data-pagefind-ignore>'  # not searchable: the page's copy
        f"<summary>{summary}</summary>\n"
        f'<p><label for="fs-embed-code">{label}</label></p>\n'
        f'<textarea id="fs-embed-code" readonly rows="3">{text(snippet)}'
        "</textarea>\n</details>\n"
    )

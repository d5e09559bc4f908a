"""The page of one claim: claim, verdict, in brief, analysis, sources, updates, dates."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from factsite.load.history import Change
from factsite.load.scale import Scale, Verdict
from factsite.load.site_config import Site
from factsite.render import common
from factsite.render.card import HEIGHT as CARD_HEIGHT
from factsite.render.card import WIDTH as CARD_WIDTH
from factsite.render.card import card_alt, card_url
from factsite.render.common import badge, human_date, rel, time_tag
from factsite.render.embed import embed_box, oembed_path
from factsite.render.escape import attr, meta, text
from factsite.render.history import history_html
from factsite.render.media_review import media_heading, media_html
from factsite.render.people import byline_html
from factsite.render.retraction import notice_html
from factsite.render.sources import analysis_markdown, sources_html

UPDATE_TYPES = {
    "correction": "Correction",
    "update": "Update",
    "clarification": "Clarification",
    "retraction": "Retraction",
}


def _updates_html(claim: dict[str, Any], scale: Scale) -> str:
    updates = claim.get("updates") or []
    if not updates:
        return "<p>No corrections or updates since publication.</p>\n"
    items = []
    for u in updates:
        kind = UPDATE_TYPES.get(u.get("type", "update"), "Update")
        prev = ""
        if u.get("previous_verdict"):
            prev = f" Previous verdict: {text(scale[u['previous_verdict']].label)}."
        items.append(
            f"<li>{time_tag(u['date'])}: <strong>{kind}.</strong> {text(u['note'])}{prev}</li>"
        )
    return '<ul class="fs-updates">\n' + "\n".join(items) + "\n</ul>\n"


def report_url(site: Site, claim: dict[str, Any]) -> str:
    query = urlencode(
        {
            "template": "correction.yml",
            "title": f"Correction: {claim['id']}",
            "claim": claim["id"],
        }
    )
    return f"{site.repo_url}/issues/new?{query}"


def render_claim_page(
    claim: dict[str, Any],
    article: dict[str, Any],
    scale: Scale,
    site: Site,
    path: str,
    topics: dict[str, str],
    review: dict[str, Any],
    *,
    media_review: dict[str, Any] | None = None,
    history: Sequence[Change] | None = None,
    people: dict[str, dict[str, Any]] | None = None,
) -> tuple[str, str]:
    """(docs path, page text) of the claim's page. `path`: the claim file; `review`: its
    ClaimReview; `media_review`: its MediaReview (a photo or video); `history`: its commits."""
    here = f"{common.CLAIMS}/{claim['id']}.md"
    verdict = scale.of(claim)
    claimant = claim["claimant"]
    role = f", {text(claimant['role'])}" if claimant.get("role") else ""
    front = _front_matter(claim, verdict.label, review, site, card_alt(claim, scale))
    if media_review is not None:
        front["media_review"] = media_review
    media = f"## {media_heading(claim)}\n\n{media_html(claim)}\n" if claim.get("media") else ""
    changes = _section("History of this fact-check", history_html(history or (), site, path))
    footer = _footer(here, claim, site, path, topics)
    claimant_link = rel(here, f"claimants/{common.slug(claimant['name'])}/")
    article_link = rel(here, f"articles/{article['id']}/")
    body = f"""# {text(claim["claim"])}

{notice_html(claim, verdict)}<div class="fs-card" {_search_data(verdict, claim)}>
<p class="fs-card__who">Claimed by <a href="{claimant_link}" data-pagefind-meta="claimant">\
{text(claimant["name"])}</a>{role}, on {time_tag(claim["claim_date"])}, in \
<a href="{article_link}" data-pagefind-filter="article">{text(article["title"])}</a> \
(<a href="{attr(article["url"])}">{text(article["outlet"])}</a>):</p>
<blockquote class="fs-quote"><p dir="auto">{text(claim["quote"])}</p></blockquote>
{_translation(claim)}<p class="fs-card__verdict" data-pagefind-ignore>\
<span class="fs-sr">Our verdict: </span>\
{badge(verdict)}</p>
<p class="fs-card__definition" data-pagefind-ignore>\
<a href="{rel(here, "verdicts/" + verdict.id + "/")}">\
{text(verdict.label)}</a>: {text(verdict.definition)}</p>
</div>
{byline_html(claim, people or {}, here)}
<section class="fs-brief" aria-labelledby="in-brief">
<h2 id="in-brief">In brief</h2>
<p>{text(claim["ruling"])}</p>
<p class="fs-brief__sources" data-pagefind-ignore><a href="#sources">See the \
{len(claim["sources"])} sources for this fact-check</a></p>
</section>

{media}## Analysis

{analysis_markdown(claim["analysis"], claim["sources"])}
{_reply_html(claim)}## Sources

{sources_html(claim["sources"])}
## Updates and corrections

{_updates_html(claim, scale)}
{changes}{embed_box(claim, site)}
{footer}"""
    return here, common.page(front, body)


def _reply_html(claim: dict[str, Any]) -> str:
    """The claimant's right of reply: when and how we asked, and what they answered."""
    reply = claim.get("reply")
    if not reply:
        return ""
    name = text(claim["claimant"]["name"])
    out = (
        f"## Right of reply\n\n<p>We contacted {name} on {time_tag(reply['contacted'])} "
        f"({text(reply['channel'])}) with the claim, our draft verdict and the main evidence.</p>\n"
    )
    answer = reply.get("answer")
    if not answer:
        return out + "<p>We have received no answer.</p>\n\n"
    link = (
        f' <a href="{attr(answer["url"])}">Their answer as published</a>.'
        if answer.get("url")
        else ""
    )
    return (
        out + f"<p>They answered on {time_tag(answer['date'])}:{link}</p>\n"
        f'<blockquote class="fs-reply"><p dir="auto">{text(answer["text"])}</p></blockquote>\n\n'
    )


def _translation(claim: dict[str, Any]) -> str:
    """The quote in the site's language, beside the original words, saying whose rendering it is."""
    tr = claim.get("quote_translation")
    if not tr:
        return ""
    by = tr["by"][:1].upper() + tr["by"][1:]
    return (
        f'<p class="fs-quote__translation"><span class="fs-quote__by">{text(by)}:</span> '
        f"“{text(tr['text'])}”</p>\n"
    )


def _search_data(verdict: Verdict, claim: dict[str, Any]) -> str:
    """The card's attributes for the search index (publish/search.py): the verdict as a filter,
    and what a result shows (its badge, the claim's date as the page writes it) as metadata.
    Read from attributes, so that no label needs escaping for Pagefind's comma syntax."""
    return (
        'data-pagefind-filter="verdict[data-verdict]" data-pagefind-meta="verdict[data-verdict], '
        'verdict_id[data-verdict-id], verdict_icon[data-verdict-icon], date[data-date]" '
        f'data-verdict="{attr(verdict.label)}" data-verdict-id="{attr(verdict.id)}" '
        f'data-verdict-icon="{attr(verdict.icon)}" data-date="{human_date(claim["claim_date"])}"'
    )


def _front_matter(
    claim: dict[str, Any], label: str, review: dict[str, Any], site: Site, alt: str
) -> dict[str, Any]:
    og: dict[str, Any] = {
        "title": claim["claim"],
        "description": f"{label}: {claim['ruling']}",
        "url": review["url"],
        "type": "article",
    }
    if site.cards:
        og |= {
            "image": card_url(claim["id"], site),
            "image_alt": alt,
            "image_width": CARD_WIDTH,
            "image_height": CARD_HEIGHT,
        }
    og["oembed"] = site.page_url(oembed_path(claim["id"]))
    return {
        "title": meta(claim["claim"]),
        "description": meta(f"{label}: {claim['ruling']}"),
        "claim_review": review,
        "og": og,
        "hide": ["navigation"],
    }


def _section(heading: str, html: str) -> str:
    return f"## {heading}\n\n{html}\n" if html else ""


def _footer(here: str, claim: dict[str, Any], site: Site, path: str, topics: dict[str, str]) -> str:
    """Dates, topics, and the links to report an error or edit the claim file."""
    links = " ".join(
        f'<a class="fs-topic" href="{rel(here, "topics/" + t + "/")}" data-pagefind-filter="topic">'
        f"{text(topics.get(t, t))}</a>"
        for t in claim["topics"]
    )
    dates = f"Published {time_tag(claim['published'])}"
    if common.updated(claim) != claim["published"]:
        dates += f" · Updated {time_tag(common.updated(claim))}"
    # Not searched (dates, links): its topic links still give the page its topic filter.
    return f"""<div class="fs-meta" data-pagefind-ignore>
<p>{dates}. Topics: {links}</p>
<p><a href="{attr(report_url(site, claim))}">Report an error in this fact-check</a> · \
<a href="{attr(site.edit_url(path))}">Edit the claim file on GitHub</a> · \
<a href="{rel(here, "corrections/")}">Corrections policy</a></p>
</div>
"""


def claim_row(claim: dict[str, Any], scale: Scale, here: str) -> str:
    """One claim in a listing: badge, linked claim, claimant and date."""
    verdict = scale.of(claim)
    link = rel(here, common.claim_url(claim["id"]))
    return (
        f'<li class="fs-row">{badge(verdict, small=True)} '
        f'<a href="{link}">{text(claim["claim"])}</a> '
        f'<span class="fs-row__meta">{text(claim["claimant"]["name"])}, '
        f'<span class="fs-nowrap">{human_date(claim["claim_date"])}</span></span></li>'
    )

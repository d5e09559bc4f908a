"""The page of one claim: claim, verdict, in brief, analysis, sources, updates, dates."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any
from urllib.parse import urlencode

from markupsafe import Markup

from factsite.load.history import Change
from factsite.load.scale import Scale, Verdict
from factsite.load.site_config import Site
from factsite.render import common
from factsite.render.card import HEIGHT as CARD_HEIGHT
from factsite.render.card import WIDTH as CARD_WIDTH
from factsite.render.card import card_alt, card_url
from factsite.render.common import badge, rel
from factsite.render.embed import embed_box, oembed_path
from factsite.render.escape import attr, meta, text
from factsite.render.history import history_html
from factsite.render.i18n import N_, Words, english, for_site, html, typed_forms
from factsite.render.media_review import media_heading, media_html
from factsite.render.people import byline_html
from factsite.render.retraction import notice_html
from factsite.render.sources import analysis_markdown, sources_html

# The schema's update types in words for readers, marked for extraction (N_); the page's
# Words translate them.
UPDATE_TYPES = {
    "correction": N_("Correction"),
    "update": N_("Update"),
    "clarification": N_("Clarification"),
    "retraction": N_("Retraction"),
}


def update_kind(u: dict[str, Any], words: Words) -> str:
    return words.gettext(UPDATE_TYPES.get(u.get("type", "update"), "Update"))


def _updates_html(claim: dict[str, Any], scale: Scale, words: Words) -> str:
    updates = claim.get("updates") or []
    _ = words.gettext
    if not updates:
        return "<p>" + _("No corrections or updates since publication.") + "</p>\n"
    items = []
    for u in updates:
        prev = ""
        if u.get("previous_verdict"):
            label = f"<bdi>{text(scale[u['previous_verdict']].label)}</bdi>"
            prev = " " + _("Previous verdict: %(verdict)s.", verdict=label)
        items.append(
            f"<li>{words.time_tag(u['date'])}: <strong>{update_kind(u, words)}.</strong> "
            f"{text(u['note'])}{prev}</li>"
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
    words = for_site(site)
    verdict = scale.of(claim)
    claimant = claim["claimant"]
    estimated = common.claim_date_estimated(claim, article)
    alt = card_alt(claim, scale, words, estimated=estimated)
    front = _front_matter(claim, verdict.label, review, site, alt)
    if media_review is not None:
        front["media_review"] = media_review
    media = f"## {media_heading(claim)}\n\n{media_html(claim)}\n" if claim.get("media") else ""
    # The quote is the article's words, in the article's language: screen readers switch voice.
    lang = article.get("language") or ""
    body = words.render(
        "claim_page.md.j2",
        claim=claim["claim"],
        search_data=html(_search_data(verdict, claim, words, estimated) + _typed(claim, article)),
        claimant_link=html(rel(here, f"claimants/{common.slug(claimant['name'])}/")),
        claimant_name=html(text(claimant["name"])),
        # escaped here: a translated message escapes its values as HTML only (markupsafe)
        role=html(text(claimant["role"])) if claimant.get("role") else "",
        date=words.time_tag(claim["claim_date"], estimated=estimated),
        article_link=html(rel(here, f"articles/{article['id']}/")),
        article_title=html(text(article["title"])),
        article_url=html(attr(article["url"])),
        outlet_name=html(text(article["outlet"])),
        quote=claim["quote"],
        quote_lang=html(f' lang="{attr(lang)}"' if lang and lang != site.language else ""),
        badge=html(badge(verdict)),
        verdict_link=html(rel(here, "verdicts/" + verdict.id + "/")),
        verdict_label=verdict.label,
        verdict_definition=verdict.definition,
        ruling=claim["ruling"],
        notice=html(notice_html(claim, verdict, words)),
        translation=html(_translation(claim, words)),
        byline=html(byline_html(claim, people or {}, here, words)),
        reply=html(_reply_html(claim, words)),
        sources_count=len(claim["sources"]),
        media=html(media),
        analysis=html(analysis_markdown(claim["analysis"], claim["sources"], words)),
        sources=html(sources_html(claim["sources"], words)),
        updates=html(_updates_html(claim, scale, words)),
        history=html(history_html(history or (), site, path, words)),
        embed=html(embed_box(claim, site, estimated=estimated)),
        footer=html(_footer(here, claim, site, path, topics, words)),
    )
    return here, common.page(front, body)


def _typed(claim: dict[str, Any], article: dict[str, Any]) -> str:
    """The page's words as readers type them without their letters ("Azerbaycan" for
    "Azərbaycan"), indexed from an attribute (Pagefind's data-pagefind-index-attrs)."""
    texts = [claim["claim"], claim["quote"], claim["ruling"], claim["analysis"]]
    texts += [claim["claimant"]["name"], str(claim["claimant"].get("role") or "")]
    texts += [article["title"]]
    texts += [str(s.get(k) or "") for s in claim["sources"] for k in ("title", "publisher", "note")]
    forms = typed_forms(*texts)
    if not forms:
        return ""
    return f' data-pagefind-index-attrs="data-typed" data-typed="{attr(" ".join(forms))}"'


def _reply_html(claim: dict[str, Any], words: Words) -> str:
    """The claimant's right of reply: when and how we asked, and what they answered."""
    reply = claim.get("reply")
    if not reply:
        return ""
    _ = words.gettext
    name = f"<bdi>{text(claim['claimant']['name'])}</bdi>"
    asked = _(
        "We contacted %(name)s on %(date)s (%(channel)s) with the claim, our draft verdict and "
        "the main evidence.",
        name=name,
        date=words.time_tag(reply["contacted"]),
        channel=text(reply["channel"]),
    )
    heading = _("Right of reply")
    out = f"## {heading}\n\n<p>{asked}</p>\n"
    answer = reply.get("answer")
    if not answer:
        none = _("We have received no answer.")
        return out + f"<p>{none}</p>\n\n"
    published = _("Their answer as published")
    link = f' <a href="{attr(answer["url"])}">{published}</a>.' if answer.get("url") else ""
    answered = _("They answered on %(date)s:", date=words.time_tag(answer["date"]))
    return (
        out + f"<p>{answered}{link}</p>\n"
        f'<blockquote class="fs-reply"><p dir="auto">{text(answer["text"])}</p></blockquote>\n\n'
    )


def _translation(claim: dict[str, Any], words: Words) -> str:
    """The quote in the site's language, beside the original words, saying whose rendering it
    is (`by` is the contributor's words, in the site's language: shown as written)."""
    tr = claim.get("quote_translation")
    if not tr:
        return ""
    by = tr["by"][:1].upper() + tr["by"][1:]
    quoted = words.gettext("“%(text)s”", text=text(tr["text"]))
    return (
        '<p class="fs-quote__translation" dir="auto">'
        f'<span class="fs-quote__by">{text(by)}:</span> {quoted}</p>\n'
    )


def _search_data(verdict: Verdict, claim: dict[str, Any], words: Words, estimated: bool) -> str:
    """The card's attributes for the search index (publish/search.py): the verdict as a filter,
    and what a result shows (its badge, the claim's date as the page writes it) as metadata.
    Read from attributes, so that no label needs escaping for Pagefind's comma syntax."""
    return (
        'data-pagefind-filter="verdict[data-verdict]" data-pagefind-meta="verdict[data-verdict], '
        'verdict_id[data-verdict-id], verdict_icon[data-verdict-icon], date[data-date]" '
        f'data-verdict="{attr(verdict.label)}" data-verdict-id="{attr(verdict.id)}" '
        f'data-verdict-icon="{attr(verdict.icon)}" '
        f'data-date="{attr(words.date(claim["claim_date"], estimated=estimated))}"'
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


def _footer(
    here: str, claim: dict[str, Any], site: Site, path: str, topics: dict[str, str], words: Words
) -> str:
    """Dates, topics, and the links to report an error or edit the claim file."""
    links = " ".join(
        f'<a class="fs-topic" href="{rel(here, "topics/" + t + "/")}" data-pagefind-filter="topic">'
        f"{text(topics.get(t, t))}</a>"
        for t in claim["topics"]
    )
    _ = words.gettext
    dates = _("Published %(date)s", date=words.time_tag(claim["published"]))
    if common.updated(claim) != claim["published"]:
        dates += " · " + _("Updated %(date)s", date=words.time_tag(common.updated(claim)))
    topics_, report = _("Topics:"), _("Report an error in this fact-check")
    edit, policy = _("Edit the claim file on GitHub"), _("Corrections policy")
    # Not searched (dates, links): its topic links still give the page its topic filter.
    return f"""<div class="fs-meta" data-pagefind-ignore>
<p>{dates}. {topics_} {links}</p>
<p><a href="{attr(report_url(site, claim))}">{report}</a> · \
<a href="{attr(site.edit_url(path))}">{edit}</a> · \
<a href="{rel(here, "corrections/")}">{policy}</a></p>
</div>
"""


def row_values(
    claim: dict[str, Any], scale: Scale, here: str, words: Words, *, estimated: bool = False
) -> tuple[Any, ...]:
    """What claim_rows.html.j2 shows of a claim in a listing at `here`: badge, link, claim,
    claimant, when the claim was made (`estimated`: marked as an estimate) and when it was
    checked, the date listings sort by (a tuple: the template unpacks it, 40,000 times at
    10,000 claims)."""
    return (
        _small_badge(scale.of(claim)),
        html(rel(here, common.claim_url(claim["id"]))),
        claim["claim"],
        claim["claimant"]["name"],
        html(
            words.gettext(
                "claimed %(date)s", date=words.date(claim["claim_date"], estimated=estimated)
            )
        ),
        html(words.gettext("checked %(date)s", date=words.date(claim["published"]))),
    )


@functools.lru_cache(maxsize=64)
def _small_badge(verdict: Verdict) -> Markup:
    return html(badge(verdict, small=True))


def claim_rows(
    claims: list[dict[str, Any]],
    scale: Scale,
    here: str,
    words: Words | None = None,
    articles: dict[str, dict[str, Any]] | None = None,
) -> str:
    """Claims in a listing, one row a line: badge, linked claim, claimant and dates.
    `articles` (id -> article) tell which claims' dates are estimates."""
    words = words or english()
    articles = articles or {}
    rows = [
        row_values(
            c,
            scale,
            here,
            words,
            estimated=common.claim_date_estimated(c, articles.get(c["article"], {})),
        )
        for c in claims
    ]
    return words.render("claim_rows.html.j2", rows=rows).rstrip("\n")


def claim_row(
    claim: dict[str, Any],
    scale: Scale,
    here: str,
    words: Words | None = None,
    articles: dict[str, dict[str, Any]] | None = None,
) -> str:
    """One claim in a listing (claim_rows.html.j2)."""
    return claim_rows([claim], scale, here, words, articles)

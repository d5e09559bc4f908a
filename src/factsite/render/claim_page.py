"""The page of one claim: claim, verdict, in brief, analysis, sources, updates, dates."""

from __future__ import annotations

import functools
from collections.abc import Sequence
from typing import Any
from urllib.parse import quote, urlencode

from markupsafe import Markup

from factsite.load.scale import Scale, Verdict
from factsite.load.site_config import Site
from factsite.render import common
from factsite.render.article_page import quote_span
from factsite.render.card import HEIGHT as CARD_HEIGHT
from factsite.render.card import WIDTH as CARD_WIDTH
from factsite.render.card import card_alt, card_url
from factsite.render.common import badge, rel
from factsite.render.embed import embed_box, oembed_path
from factsite.render.escape import attr, meta, text
from factsite.render.i18n import N_, Words, english, for_site, html, typed_forms
from factsite.render.media_review import media_heading, media_html
from factsite.render.people import byline_html
from factsite.render.retraction import notice_html
from factsite.render.sentences import split_sentences
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


def headline(claim: dict[str, Any], verdict: Verdict, words: Words) -> str:
    """The page's headline as plain text: the editor's `headline`, or the claim and its
    verdict ("Claim — Verdict"), so that no title states a claim as if it were true."""
    if claim.get("headline"):
        return str(claim["headline"])
    return words.gettext("%(claim)s — %(verdict)s", claim=claim["claim"], verdict=verdict.label)


def page_title(claim: dict[str, Any], verdict: Verdict, words: Words) -> str:
    """<title>, og:title and the feeds' title: the headline, with the verdict after an editor's
    headline too (a shared link always carries it)."""
    if claim.get("headline"):
        return words.gettext(
            "%(claim)s — %(verdict)s", claim=claim["headline"], verdict=verdict.label
        )
    return headline(claim, verdict, words)


def render_claim_page(
    claim: dict[str, Any],
    article: dict[str, Any],
    scale: Scale,
    site: Site,
    path: str,
    topics: dict[str, str],
    review: dict[str, Any],
    *,
    paragraph: tuple[str, tuple[int, int]] | None = None,
    related: Sequence[dict[str, Any]] = (),
    articles: dict[str, dict[str, Any]] | None = None,
    media_review: dict[str, Any] | None = None,
    people: dict[str, dict[str, Any]] | None = None,
) -> tuple[str, str]:
    """(docs path, page text) of the claim's page. `path`: the claim file; `review`: its
    ClaimReview; `paragraph`: the article's paragraph that holds the quote and where in it
    (the quote is shown in its sentence);
    `related`: other checks to suggest, `articles` theirs (id -> article: whose dates are
    estimates); `media_review`: its MediaReview (a photo or video)."""
    here = f"{common.CLAIMS}/{claim['id']}.md"
    words = for_site(site)
    verdict = scale.of(claim)
    claimant = claim["claimant"]
    title = page_title(claim, verdict, words)
    estimated = common.claim_date_estimated(claim, article)
    alt = card_alt(claim, scale, words, estimated=estimated)
    front = _front_matter(claim, title, verdict.label, review, site, alt)
    if media_review is not None:
        front["media_review"] = media_review
    media = f"## {media_heading(claim)}\n\n{media_html(claim)}\n" if claim.get("media") else ""
    # The quote is the article's words, in the article's language: screen readers switch voice.
    lang = article.get("language") or ""
    body = words.render(
        "claim_page.md.j2",
        heading=headline(claim, verdict, words),
        claim=claim["claim"] if claim.get("headline") else "",
        dates=html(_dates(claim, words)),
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
        quote=html(quote_in_context(claim["quote"], *(paragraph or ("", None)), lang)),
        quote_lang=html(f' lang="{attr(lang)}"' if lang and lang != site.language else ""),
        badge=html(badge(verdict)),
        meter=html(scale_meter(verdict, scale, words)),
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
        updates=html(_updates_html(claim, scale, words) + history_link(site, path, words)),
        related=html(claim_rows(list(related), scale, here, words, articles)) if related else "",
        share=html(share_links(review["url"], title, words)),
        embed=html(embed_box(claim, site, estimated=estimated)),
        footer=html(_footer(here, claim, site, topics, words)),
    )
    return here, common.page(front, body)


def _dates(claim: dict[str, Any], words: Words) -> str:
    """The check's own dates, for the top of its page."""
    _ = words.gettext
    dates = _("Published %(date)s", date=words.time_tag(claim["published"]))
    if common.updated(claim) != claim["published"]:
        dates += " · " + _("Updated %(date)s", date=words.time_tag(common.updated(claim)))
    return dates


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
    claim: dict[str, Any], title: str, label: str, review: dict[str, Any], site: Site, alt: str
) -> dict[str, Any]:
    og: dict[str, Any] = {
        "title": title,
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
        "title": meta(title),
        "description": meta(f"{label}: {claim['ruling']}"),
        "claim_review": review,
        "og": og,
        "hide": ["navigation"],
    }


def _footer(
    here: str, claim: dict[str, Any], site: Site, topics: dict[str, str], words: Words
) -> str:
    """The check's topics, and the links to report an error and to the corrections policy."""
    links = " ".join(
        f'<a class="fs-topic" href="{rel(here, "topics/" + t + "/")}" data-pagefind-filter="topic">'
        f"{text(topics.get(t, t))}</a>"
        for t in claim["topics"]
    )
    _ = words.gettext
    topics_, report = _("Topics:"), _("Report an error in this fact-check")
    policy = _("Corrections policy")
    report_link = (
        f'<a href="{attr(report_url(site, claim))}">{report}</a> · ' if site.repo_url else ""
    )
    # Not searched (links): its topic links still give the page its topic filter.
    return f"""<div class="fs-meta" data-pagefind-ignore>
<p>{topics_} {links}</p>
<p>{report_link}<a href="{rel(here, "corrections/")}">{policy}</a></p>
</div>
"""


def history_link(site: Site, path: str, words: Words) -> str:
    """Where a reader finds every change to the check's file, beyond the dated notes above:
    the repository's history of the file (commit messages are the desk's, not the page's)."""
    if not site.repo_url:
        return ""
    link = f'<a href="{attr(site.history_url(path))}">' + words.gettext("the public repository")
    return (
        '<p class="fs-history-link" data-pagefind-ignore>'
        + words.gettext(
            "Every change to this check, however small, is recorded in %(link)s.",
            link=link + "</a>",
        )
        + "</p>\n"
    )


def quote_in_context(quote: str, snapshot: str, span: tuple[int, int] | None, language: str) -> str:
    """The quote as HTML, inside the sentence(s) of the article it comes from, marked
    (<mark>), so that a reader sees the words around a fragment; the quote alone when the
    snapshot (the article's text, or the paragraph of it that holds the quote) has no more to
    show, or does not hold it. `span`: where the quote is in `snapshot`, when the caller found
    it already (article_page.quote_paragraphs, once an article)."""
    if span is None and snapshot:
        span = quote_span(snapshot, quote)
    if span is None:
        return text(quote)
    start, end = span
    line_start = snapshot.rfind("\n", 0, start) + 1
    line_end = snapshot.find("\n", end)
    line_end = len(snapshot) if line_end < 0 else line_end
    if "\n" in snapshot[start:end]:
        return text(quote)
    lo, hi = _sentence_bounds(
        snapshot[line_start:line_end], start - line_start, end - line_start, language
    )
    before = snapshot[line_start + lo : start].lstrip()
    after = snapshot[end : line_start + hi].rstrip()
    if not before.strip() and not after.strip():
        return text(quote)
    # text() trims its value: the spaces between the parts are put back around them
    gap_before = " " if before[-1:].isspace() else ""
    gap_after = " " if after[:1].isspace() else ""
    return (
        f"{text(before)}{gap_before}<mark>{text(snapshot[start:end])}</mark>"
        f"{gap_after}{text(after)}"
    )


def _sentence_bounds(line: str, start: int, end: int, language: str) -> tuple[int, int]:
    """The span of the sentences of `line` that [start, end) touches."""
    lo, hi, cursor = 0, len(line), 0
    spans = []
    for sentence in split_sentences(line, language or "en"):
        first = sentence.split()[0] if sentence.split() else sentence
        at = line.find(first, cursor)
        if at < 0:
            return 0, len(line)
        spans.append(at)
        cursor = at + len(first)
    spans.append(len(line))
    for i in range(len(spans) - 1):
        if spans[i] <= start < spans[i + 1]:
            lo = spans[i]
        if spans[i] < end <= spans[i + 1]:
            hi = spans[i + 1]
    return lo, hi


def scale_meter(verdict: Verdict, scale: Scale, words: Words) -> str:
    """The verdict's place on the scale, from its worst rating to its best: one segment each,
    the verdict's own drawn full. Nothing for a verdict off the scale (no rating)."""
    rated = sorted((v for v in scale.verdicts if v.rating is not None), key=lambda v: v.rating)
    if verdict.rating is None or len(rated) < 2:
        return ""
    position = [v.id for v in rated].index(verdict.id) + 1
    label = words.gettext(
        "%(verdict)s: %(position)s of %(count)s on our scale, from %(worst)s to %(best)s",
        verdict=verdict.label,
        position=words.number(position),
        count=words.number(len(rated)),
        worst=rated[0].label,
        best=rated[-1].label,
    )
    cells = "".join(
        f'<span class="fs-meter__step fs-v-{v.id}'
        + (' fs-meter__step--on"' if v.id == verdict.id else '"')
        + "></span>"
        for v in rated
    )
    ends = (
        f'<span class="fs-meter__end">{text(rated[0].label)}</span>'
        f'<span class="fs-meter__end">{text(rated[-1].label)}</span>'
    )
    return (
        f'<div class="fs-meter" role="img" aria-label="{attr(label)}">'
        f'<div class="fs-meter__steps">{cells}</div>'
        f'<div class="fs-meter__ends" aria-hidden="true">{ends}</div></div>\n'
    )


# Share links: plain addresses of each service's own share page, opened only when a reader
# follows one; the page loads nothing from them (no script, no button image, no count).
_SHARE = (
    ("WhatsApp", "https://wa.me/?{}", lambda u, t: {"text": f"{t} {u}"}),
    ("Telegram", "https://t.me/share/url?{}", lambda u, t: {"url": u, "text": t}),
    ("X", "https://x.com/intent/post?{}", lambda u, t: {"text": t, "url": u}),
    ("Facebook", "https://www.facebook.com/sharer/sharer.php?{}", lambda u, t: {"u": u}),
)


def share_links(url: str, title: str, words: Words) -> str:
    """Links that share the check: the services' share pages, e-mail, and a copy button that
    factsite-search.js shows where the browser can copy (the address stays selectable)."""
    _ = words.gettext
    items = [
        f'<li><a href="{attr(base.format(urlencode(query(url, title))))}">{name}</a></li>'
        for name, base, query in _SHARE
    ]
    mail = "mailto:?" + urlencode({"subject": title, "body": url}, quote_via=quote)
    email, copy, copied = _("E-mail"), _("Copy link"), _("Link copied")
    items.append(f'<li><a href="{attr(mail)}">{email}</a></li>')
    items.append(
        f'<li><button type="button" class="fs-share__copy" data-url="{attr(url)}" '
        f'data-done="{attr(copied)}" hidden>{copy}</button></li>'
    )
    return (
        '<nav class="fs-share" aria-label="' + attr(_("Share this fact-check")) + '" '
        'data-pagefind-ignore>\n<p class="fs-share__title">'
        + _("Share this fact-check")
        + '</p>\n<ul class="fs-share__links">'
        + "".join(items)
        + "</ul>\n</nav>\n"
    )


def row_values(
    claim: dict[str, Any], scale: Scale, here: str, words: Words, *, estimated: bool = False
) -> tuple[Any, ...]:
    """What claim_rows.html.j2 shows of a claim in a listing at `here`: badge, link, claim,
    claimant, when the claim was made (`estimated`: marked as an estimate) and when it was
    checked, the date listings sort by (a tuple: the template unpacks it, 40,000 times at
    10,000 claims). Made once for a claim in the listings of one folder (_row)."""
    return _row(
        claim["id"],
        claim["claim"],
        claim["claimant"]["name"],
        claim["claim_date"],
        claim["published"],
        scale.of(claim),
        here.count("/"),
        words,
        estimated,
    )


@functools.lru_cache(maxsize=1 << 16)
def _row(
    claim_id: str,
    claim: str,
    claimant: str,
    claim_date: str,
    published: str,
    verdict: Verdict,
    depth: int,
    words: Words,
    estimated: bool,
) -> tuple[Any, ...]:
    """A claim appears in four listings or more (all, its verdict, its topics, its claimant),
    all at one depth: its row is made once, from exactly what it shows, escaped once."""
    here = "x/" * depth + "x.md"  # a page `depth` folders down: the links are relative
    return (
        _small_badge(verdict),
        html(rel(here, common.claim_url(claim_id))),
        html(text(claim)),
        html(text(claimant)),
        html(words.gettext("claimed %(date)s", date=words.date(claim_date, estimated=estimated))),
        html(words.gettext("checked %(date)s", date=words.date(published))),
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

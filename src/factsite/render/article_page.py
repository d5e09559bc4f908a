"""The annotated article: its checked sentences in reading order, each highlighted in its
verdict's colour and linked to its claim page, with the unchecked stretches elided.

It quotes only what was checked: everything between the quotes is replaced by an ellipsis.
"""

from __future__ import annotations

import itertools
import unicodedata
from typing import Any

from factsite.check.quotes import normalise, normalise_with_map
from factsite.load.scale import Scale
from factsite.render import common
from factsite.render.common import badge, rel
from factsite.render.escape import attr, meta, text
from factsite.render.i18n import Words, english


def find_spans(snapshot: str, claims: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """(start, end, claim id) of each claim's quote in the NFC snapshot, in reading order."""
    norm, where = normalise_with_map(snapshot)
    spans = []
    for c in claims:
        span = _span(norm, where, c["quote"])
        if span is not None:  # the validator guarantees it is there; be safe anyway
            spans.append((*span, c["id"]))
    return sorted(spans)


def quote_paragraphs(
    snapshot: str, claims: list[dict[str, Any]]
) -> dict[str, tuple[str, tuple[int, int]]]:
    """claim id -> the paragraph (line) of the NFC snapshot that holds its quote, and where in
    it: what a claim's page shows of the article (claim_page.quote_in_context), without the
    whole text. A quote over two paragraphs gets none."""
    found = {}
    for start, end, cid in find_spans(snapshot, claims):
        first = snapshot.rfind("\n", 0, start) + 1
        last = snapshot.find("\n", end)
        last = len(snapshot) if last < 0 else last
        if "\n" not in snapshot[start:end]:
            found[cid] = (snapshot[first:last], (start - first, end - first))
    return found


def quote_span(snapshot: str, quote: str) -> tuple[int, int] | None:
    """(start, end) of one quote in the snapshot, or None (find_spans for many quotes)."""
    norm, where = normalise_with_map(snapshot)
    return _span(norm, where, quote)


def _span(norm: str, where: tuple[int, ...], quote: str) -> tuple[int, int] | None:
    needle = normalise(quote)
    at = norm.find(needle) if needle else -1
    if at < 0:
        return None
    return where[at], where[at + len(needle) - 1] + 1


def render_article_page(
    article: dict[str, Any],
    snapshot: str,
    claims: list[dict[str, Any]],
    scale: Scale,
    words: Words | None = None,
) -> tuple[str, str]:
    words = words or english()
    _ = words.gettext
    here = f"articles/{article['id']}.md"
    text_ = unicodedata.normalize("NFC", snapshot)
    paragraphs = _annotated(here, text_, claims, scale, words, article.get("language", ""))
    body_parts = "\n".join(
        f'<p class="fs-annotated" dir="auto">{"".join(p)}</p>' for p in paragraphs
    )
    counts: dict[str, int] = {}
    for c in claims:
        counts[c["verdict"]] = counts.get(c["verdict"], 0) + 1
    legend = " ".join(
        f'<span class="fs-count">{badge(v, small=True)} × {counts[v.id]}</span>'
        for v in scale.verdicts
        if v.id in counts
    )
    front = {
        "title": meta(_("Annotated: %(title)s", title=article["title"])),
        "description": meta(
            _(
                'The checked sentences of %(outlet)s\'s article "%(title)s", highlighted by '
                "verdict.",
                outlet=article["outlet"],
                title=article["title"],
            )
        ),
        # a section of its own in the tabs: a menu beside it would list only itself
        "hide": ["navigation"],
    }
    outlet = text(article["outlet"])
    isolated_outlet = f"<bdi>{outlet}</bdi>"
    read = _("Read the original article on %(outlet)s", outlet=isolated_outlet)
    below = words.ngettext(
        "Below is the %(num)s sentence we checked, in the order the article makes them.\n"
        "Each highlighted passage links to its fact-check; its badge gives the verdict. Text we "
        "did not\ncheck is left out and marked […].",
        "Below are the %(num)s sentences we checked, in the order the article makes them.\n"
        "Each highlighted passage links to its fact-check; its badge gives the verdict. Text we "
        "did not\ncheck is left out and marked […].",
        len(claims),
    )
    estimated = common.article_date_estimated(article)
    published = words.time_tag(article["published"], estimated=estimated)
    heading = _("The article, annotated")
    body = f"""# {heading}

<div class="fs-card">
<p><strong dir="auto">{text(article["title"])}</strong><br>
<bdi>{outlet}</bdi>, {published}.
<a href="{attr(article["url"])}">{read}</a>.</p>
<p>{below}</p>
<p class="fs-legend">{legend}</p>
</div>

<div class="fs-article" lang="{attr(article["language"])}">
{body_parts}
</div>
"""
    return here, common.page(front, body)


def _annotated(
    here: str,
    snapshot: str,
    claims: list[dict[str, Any]],
    scale: Scale,
    words: Words,
    language: str,
) -> list[list[str]]:
    """The HTML pieces of each paragraph: the checked passages, […] for what lies between."""
    by_id = {c["id"]: c for c in claims}
    spans = find_spans(snapshot, claims)
    # Cut the text at every span boundary; each piece is covered by zero or more claims.
    cuts = sorted({0, len(snapshot), *[s for s, _, _ in spans], *[e for _, e, _ in spans]})
    # The claims covering each piece, in the order of `spans`: each span marks its own run of
    # pieces (a claim over every piece of the text against each other claim would be
    # quadratic: 7 s at 10,000 claims).
    at = {cut: i for i, cut in enumerate(cuts)}
    covers: list[list[str]] = [[] for _ in cuts]
    ending: dict[int, list[str]] = {}  # the claims whose passage ends at a cut
    for s, e, cid in spans:
        ending.setdefault(e, []).append(cid)
        for k in range(at[s], at[e]):
            covers[k].append(cid)
    paragraphs: list[list[str]] = []
    current: list[str] = []
    gap = False  # unchecked text skipped since the last piece shown
    for (a, b), covering in zip(itertools.pairwise(cuts), covers, strict=False):
        piece = snapshot[a:b]
        if not covering:
            if piece.strip():
                gap = True
            if "\n" in piece and current:
                paragraphs.append(current)
                current = []
            continue
        if gap and (current or paragraphs):
            # dir: the paragraph's dir="auto" must take its direction from the article's
            # words, not from this English note for screen readers.
            # lang: the note is in the site's language, inside the article's.
            lang = f' lang="{attr(words.language)}"' if words.language != language else ""
            omitted = words.gettext("(text omitted)")
            current.append(
                f' <span class="fs-elided" dir="{words.direction}"{lang}>'
                '<span aria-hidden="true">[…]</span>'
                f'<span class="fs-sr">{omitted}</span></span> '
            )
        gap = False
        # The innermost (shortest) quote decides the colour and the link of the piece.
        inner = min(covering, key=lambda cid: len(by_id[cid]["quote"]))
        verdict = scale.of(by_id[inner])
        link = rel(here, common.claim_url(inner))
        current.append(f'<a class="fs-hl fs-v-{verdict.id}" href="{link}">{text(piece)}</a>')
        for cid in ending.get(b, ()):
            v = scale.of(by_id[cid])
            current.append(
                f' <a class="fs-hl-badge" href="{rel(here, common.claim_url(cid))}"'
                f' title="{attr(by_id[cid]["claim"])}">{badge(v, small=True)}'
                '<span class="fs-sr"> '
                + words.gettext("verdict on: %(claim)s", claim=text(by_id[cid]["claim"]))
                + "</span></a>"
            )
    if current:
        paragraphs.append(current)
    return paragraphs

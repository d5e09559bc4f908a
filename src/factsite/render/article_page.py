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
from factsite.render.common import badge, rel, time_tag
from factsite.render.escape import attr, meta, text


def find_spans(snapshot: str, claims: list[dict[str, Any]]) -> list[tuple[int, int, str]]:
    """(start, end, claim id) of each claim's quote in the NFC snapshot, in reading order."""
    norm, where = normalise_with_map(snapshot)
    spans = []
    for c in claims:
        needle = normalise(c["quote"])
        at = norm.find(needle)
        if at < 0 or not needle:
            continue  # the validator guarantees it is there; be safe anyway
        spans.append((where[at], where[at + len(needle) - 1] + 1, c["id"]))
    return sorted(spans)


def render_article_page(
    article: dict[str, Any], snapshot: str, claims: list[dict[str, Any]], scale: Scale
) -> tuple[str, str]:
    here = f"articles/{article['id']}.md"
    paragraphs = _annotated(here, unicodedata.normalize("NFC", snapshot), claims, scale)
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
        "title": meta(f"Annotated: {article['title']}"),
        "description": meta(
            f"The checked sentences of {article['outlet']}'s article "
            f'"{article["title"]}", highlighted by verdict.'
        ),
    }
    body = f"""# The article, annotated

<div class="fs-card">
<p><strong>{text(article["title"])}</strong><br>
{text(article["outlet"])}, {time_tag(article["published"])}.
<a href="{attr(article["url"])}">Read the original article on {text(article["outlet"])}</a>.</p>
<p>Below are the {len(claims)} sentences we checked, in the order the article makes them.
Each highlighted passage links to its fact-check; its badge gives the verdict. Text we did not
check is left out and marked […].</p>
<p class="fs-legend">{legend}</p>
</div>

<div class="fs-article" lang="{attr(article["language"])}">
{body_parts}
</div>
"""
    return here, common.page(front, body)


def _annotated(
    here: str, snapshot: str, claims: list[dict[str, Any]], scale: Scale
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
            current.append(
                ' <span class="fs-elided" dir="ltr"><span aria-hidden="true">[…]</span>'
                '<span class="fs-sr">(text omitted)</span></span> '
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
                f'<span class="fs-sr"> verdict on: '
                f"{text(by_id[cid]['claim'])}</span></a>"
            )
    if current:
        paragraphs.append(current)
    return paragraphs

"""The front page's fragments (docs/index.md includes them): a featured check, the latest
checks as tiles, and the ways to browse (by verdict, topic and claimant).

A front page reads like a fact-check publication's: the newest checks first by the date we
published or last updated them (not the date of the claim), each with its verdict in colour
and its headline. The featured check is the newest. A retracted check is never featured or
listed here.
"""

from __future__ import annotations

from typing import Any

from factsite.load.scale import Scale
from factsite.render import common
from factsite.render.claim_page import headline
from factsite.render.common import badge, slug
from factsite.render.escape import text
from factsite.render.i18n import Words, html
from factsite.render.retraction import retraction

LATEST = 9
CLAIMANTS = 8  # the claimants with the most checks, on the front page
TOPICS = 12
Pages = dict[str, str]


def newest_checks(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Published checks, the most recently published or updated first."""
    live = [c for c in claims if retraction(c) is None]
    return sorted(live, key=lambda c: (common.updated(c), c["published"], c["id"]), reverse=True)


def front_fragments(
    claims: list[dict[str, Any]], scale: Scale, topics: dict[str, str], words: Words
) -> Pages:
    """{docs path: fragment} of the front page's generated parts."""
    newest = newest_checks(claims)
    chosen, rest = newest[:1], newest[1 : 1 + LATEST]
    return {
        "_generated/featured.md": _tiles(chosen, scale, words, featured=True),
        "_generated/latest-checks.md": _tiles(rest, scale, words),
        "_generated/browse.md": _browse(claims, topics, words),
    }


def _tiles(
    claims: list[dict[str, Any]], scale: Scale, words: Words, *, featured: bool = False
) -> str:
    if not claims:
        return ""
    tiles = []
    for c in claims:
        verdict = scale.of(c)
        tiles.append(
            (
                verdict.id,
                html(badge(verdict, small=not featured)),
                html(common.claim_url(c["id"])),
                headline(c, verdict, words) if c.get("headline") else c["claim"],
                c["claimant"]["name"],
                html(_when(c, words)),
            )
        )
    return words.render("front_tiles.html.j2", tiles=tiles, featured=featured)


def _when(claim: dict[str, Any], words: Words) -> str:
    """When the check was last updated, or published if never since."""
    if common.updated(claim) != claim["published"]:
        return words.gettext("Updated %(date)s", date=words.time_tag(common.updated(claim)))
    return words.gettext("Published %(date)s", date=words.time_tag(claim["published"]))


def _browse(claims: list[dict[str, Any]], topics: dict[str, str], words: Words) -> str:
    """Links to the topics and the busiest claimants, each with its count (the verdicts have
    their chart: listings.home_fragments)."""
    _ = words.gettext
    by_topic: dict[str, int] = {}
    by_claimant: dict[str, tuple[str, int]] = {}
    for c in claims:
        for t in c["topics"]:
            by_topic[t] = by_topic.get(t, 0) + 1
        key = slug(c["claimant"]["name"])
        name, n = by_claimant.get(key, (c["claimant"]["name"], 0))  # the name first seen
        by_claimant[key] = (name, n + 1)
    topic_items = [
        f'<li><a class="fs-topic" href="topics/{t}/">{text(topics.get(t, t))}</a> '
        f'<span class="fs-browse__n">{words.number(n)}</span></li>'
        for t, n in sorted(by_topic.items(), key=lambda kv: (-kv[1], kv[0]))[:TOPICS]
    ]
    busiest = sorted(by_claimant.items(), key=lambda kv: (-kv[1][1], kv[0]))[:CLAIMANTS]
    claimant_items = [
        f'<li><a href="claimants/{key}/"><bdi>{text(name)}</bdi></a> '
        f'<span class="fs-browse__n">{words.number(n)}</span></li>'
        for key, (name, n) in busiest
    ]
    sections = (
        (_("By topic"), "topics/", topic_items),
        (_("By claimant"), "claimants/", claimant_items),
    )
    out = ['<div class="fs-browse" data-pagefind-ignore>']
    for title, index, items in sections:
        out.append(
            f'<section><h3><a href="{index}">{title}</a></h3>\n'
            f'<ul class="fs-browse__list">{"".join(items)}</ul></section>'
        )
    out.append("</div>\n")
    return "\n".join(out)

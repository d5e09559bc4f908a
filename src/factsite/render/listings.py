"""Index pages (all claims, by verdict, topic, claimant, article) and the fragments that the
hand-written pages include (home chart, latest checks, the scale, the corrections log).

Listings are paginated so that no page grows without bound as the number of claims grows.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from factsite.load.scale import Scale
from factsite.render import common
from factsite.render.claim_page import UPDATE_TYPES, claim_row
from factsite.render.common import badge, human_date, slug, time_tag
from factsite.render.escape import meta, text

PAGE_SIZE = 200
LATEST = 10
Pages = dict[str, str]


def paginate(
    base: str,
    title: str,
    intro: str,
    claims: list[dict[str, Any]],
    scale: Scale,
    extra_meta: dict[str, Any] | None = None,
) -> Pages:
    """`base`.md (the first page) and `base`-2.md, ... listing `claims`."""
    chunks = [claims[i : i + PAGE_SIZE] for i in range(0, len(claims), PAGE_SIZE)] or [[]]
    name = base.rsplit("/", 1)[-1]
    pages: Pages = {}
    for n, chunk in enumerate(chunks, start=1):
        here = base + (f"-{n}" if n > 1 else "") + ".md"
        nav = []
        if n > 1:
            nav.append(f'<a href="../{name}{"-" + str(n - 1) if n > 2 else ""}/">Previous page</a>')
        if n < len(chunks):
            nav.append(f'<a href="../{name}-{n + 1}/">Next page</a>')
        pager = (
            (
                f'<nav class="fs-pager" aria-label="Pages">{" · ".join(nav)} '
                f"(page {n} of {len(chunks)})</nav>"
            )
            if len(chunks) > 1
            else ""
        )
        rows = "\n".join(claim_row(c, scale, here) for c in chunk)
        # data-pagefind-ignore: a search for a claim's words finds its page, not the listings
        listing = (
            f'<ul class="fs-list" data-pagefind-ignore>\n{rows}\n</ul>'
            if chunk
            else "<p>No claims yet.</p>"
        )
        suffix = f" (page {n})" if n > 1 else ""
        body = f"# {text(title)}{suffix}\n\n{intro}\n\n{listing}\n\n{pager}\n"
        pages[here] = common.page({"title": meta(title + suffix), **(extra_meta or {})}, body)
    return pages


def _grouped(
    claims: list[dict[str, Any]], key: Callable[[dict[str, Any]], list[str]]
) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        for k in key(c):
            groups.setdefault(k, []).append(c)
    return dict(sorted(groups.items()))


def _newest_first(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(claims, key=lambda c: (c["published"], c["id"]), reverse=True)


def render_indexes(
    claims: list[dict[str, Any]],
    articles: dict[str, dict[str, Any]],
    scale: Scale,
    topics: dict[str, str],
) -> Pages:
    """Every listing: all claims, by verdict, by topic, by claimant, and the articles."""
    return (
        _all_claims(claims, scale)
        | _by_verdict(claims, scale)
        | _by_topic(claims, scale, topics)
        | _by_claimant(claims, scale)
        | _by_article(claims, articles)
    )


def _all_claims(claims: list[dict[str, Any]], scale: Scale) -> Pages:
    pages: Pages = {}
    newest = _newest_first(claims)
    pages |= paginate(
        "claims/index",
        "All fact-checks",
        f"{len(claims)} claims checked, newest first.",
        newest,
        scale,
    )

    return pages


def _by_verdict(claims: list[dict[str, Any]], scale: Scale) -> Pages:
    """An overview, then one listing per verdict with its definition."""
    pages: Pages = {}
    by_verdict = _grouped(claims, lambda c: [c["verdict"]])
    rows = []
    for v in scale.verdicts:
        n = len(by_verdict.get(v.id, []))
        rows.append(
            f"| {badge(v)} | [{n} claim{'s' if n != 1 else ''}]({v.id}.md) | {text(v.definition)} |"
        )
    pages["verdicts/index.md"] = common.page(
        {"title": "Fact-checks by verdict"},
        "# Fact-checks by verdict\n\n| Verdict | Claims | Meaning |\n|---|---|---|\n"
        + "\n".join(rows)
        + "\n",
    )
    for v in scale.verdicts:
        pages |= paginate(
            f"verdicts/{v.id}",
            f"Verdict: {v.label}",
            f"{badge(v)} {text(v.definition)}",
            _newest_first(by_verdict.get(v.id, [])),
            scale,
        )

    return pages


def _by_topic(claims: list[dict[str, Any]], scale: Scale, topics: dict[str, str]) -> Pages:
    pages: Pages = {}
    by_topic = _grouped(claims, lambda c: c["topics"])
    pages["topics/index.md"] = common.page(
        {"title": "Fact-checks by topic"},
        "# Fact-checks by topic\n\n"
        + "\n".join(
            f"- [{text(topics.get(t, t))}]({t}.md) ({len(cs)})" for t, cs in by_topic.items()
        )
        + "\n",
    )
    for t, cs in by_topic.items():
        pages |= paginate(
            f"topics/{t}",
            f"Topic: {topics.get(t, t)}",
            f"{len(cs)} claims on this topic.",
            _newest_first(cs),
            scale,
        )

    return pages


def _by_claimant(claims: list[dict[str, Any]], scale: Scale) -> Pages:
    pages: Pages = {}
    by_claimant = _grouped(claims, lambda c: [slug(c["claimant"]["name"])])
    names = {slug(c["claimant"]["name"]): c["claimant"] for c in claims}
    pages["claimants/index.md"] = common.page(
        {"title": "Fact-checks by claimant"},
        "# Fact-checks by claimant\n\nWho made the claims we checked: the outlet itself, or the "
        "people it quotes.\n\n"
        + "\n".join(
            f"- [{text(names[s]['name'])}]({s}.md) ({len(cs)})" for s, cs in by_claimant.items()
        )
        + "\n",
    )
    for s, cs in by_claimant.items():
        who = names[s]
        role = f", {text(who['role'])}" if who.get("role") else ""
        counts = _grouped(cs, lambda c: [c["verdict"]])
        record = ", ".join(
            f'<span class="fs-count">{badge(v, small=True)} × {len(counts[v.id])}</span>'
            for v in scale.verdicts
            if v.id in counts
        )
        pages |= paginate(
            f"claimants/{s}",
            f"Claims by {who['name']}",
            f"{text(who['name'])}{role}. Record: {record}",
            _newest_first(cs),
            scale,
        )

    return pages


def _by_article(claims: list[dict[str, Any]], articles: dict[str, dict[str, Any]]) -> Pages:
    pages: Pages = {}
    by_article = _grouped(claims, lambda c: [c["article"]])
    lines = []
    for aid, art in sorted(articles.items()):
        n = len(by_article.get(aid, []))
        lines.append(
            f"- [{text(art['title'])}]({aid}.md): {text(art['outlet'])}, "
            f"{human_date(art['published'])}, {n} claims checked"
        )
    pages["articles/index.md"] = common.page(
        {"title": "Articles checked"}, "# Articles checked\n\n" + "\n".join(lines) + "\n"
    )
    return pages


def home_fragments(
    claims: list[dict[str, Any]], articles: dict[str, dict[str, Any]], scale: Scale
) -> Pages:
    """Snippets included by docs/index.md (pymdownx.snippets), relative to docs/."""
    here = "index.md"
    total = len(claims) or 1
    counts = _grouped(claims, lambda c: [c["verdict"]])
    rows = []
    for v in scale.verdicts:
        n = len(counts.get(v.id, []))
        pct = round(100 * n / total)
        rows.append(
            f'<tr><th scope="row"><a href="verdicts/{v.id}/">{badge(v, small=True)}</a></th>'
            f'<td class="fs-chart__n">{n}</td><td class="fs-chart__bar" aria-hidden="true">'
            + (f'<span class="fs-v-{v.id}" style="width: {pct}%"></span>' if n else "")
            + "</td></tr>"
        )
    chart = (
        '<table class="fs-chart" data-pagefind-ignore>\n'
        f"<caption>Verdicts of the {len(claims)} claims checked"
        f'</caption>\n<thead><tr><th scope="col">Verdict</th><th scope="col">Claims</th>'
        f'<th scope="col"><span class="fs-sr">Share</span></th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
    )
    latest = "\n".join(claim_row(c, scale, here) for c in _newest_first(claims)[:LATEST])
    article_lines = []
    for aid, art in sorted(articles.items()):
        article_lines.append(
            f'<li><a href="articles/{aid}/">{text(art["title"])}</a>, {text(art["outlet"])}, '
            f"{time_tag(art['published'])}: read it annotated, sentence by sentence.</li>"
        )
    return {
        "_generated/verdict-chart.md": chart,
        "_generated/latest.md": f'<ul class="fs-list" data-pagefind-ignore>\n{latest}\n</ul>\n',
        "_generated/articles.md": '<ul class="fs-articles" data-pagefind-ignore>\n'
        + "\n".join(article_lines)
        + "\n</ul>\n",
    }


def scale_fragment(scale: Scale) -> str:
    rows = []
    for v in scale.verdicts:
        rating = str(v.rating) if v.rating is not None else "none (not on the scale)"
        rows.append(f"| {badge(v)} | {rating} | {text(v.definition)} |")
    return (
        "| Verdict | Rating in ClaimReview | Definition |\n|---|---|---|\n" + "\n".join(rows) + "\n"
    )


def corrections_fragment(claims: list[dict[str, Any]], scale: Scale) -> str:
    entries = []
    for c in claims:
        for u in c.get("updates") or []:
            entries.append((u["date"], c["id"], u, c))
    if not entries:
        return "No corrections or updates have been made so far.\n"
    lines = []
    for date, cid, u, c in sorted(entries, key=lambda e: (e[0], e[1]), reverse=True):
        kind = UPDATE_TYPES.get(u.get("type", "update"), "Update")
        lines.append(
            f"<li>{time_tag(date)}: <strong>{kind}</strong> "
            f"{'of' if u.get('type') == 'retraction' else 'to'} "
            f'<a href="../{common.claim_url(cid)}">{text(c["claim"])}</a>. '
            f"{text(u['note'])}</li>"
        )
    return '<ul class="fs-log">\n' + "\n".join(lines) + "\n</ul>\n"

"""Index pages (all claims, by verdict, topic, claimant, article) and the fragments that the
hand-written pages include (home chart, latest checks, the scale, the corrections log).

Listings are paginated so that no page grows without bound as the number of claims grows.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any

from factsite.load.scale import Scale
from factsite.render import common
from factsite.render.claim_page import row_values, update_kind
from factsite.render.common import badge, slug
from factsite.render.escape import meta, text
from factsite.render.i18n import Words, english, html
from factsite.render.retraction import retraction
from factsite.render.sentences import split_sentences

PAGE_SIZE = 200
Pages = dict[str, str]
# (page, its inputs, how to make it) -> the page: made now, or what was made for equal inputs
# (render.Memo keeps a listing's pages between the rounds of `factsite serve`)
Recall = Callable[[str, Any, Callable[[], str]], str]


def _now(name: str, inputs: Any, make: Callable[[], str]) -> str:
    return make()


def paginate(
    base: str,
    title: str,
    intro: str,
    claims: list[dict[str, Any]],
    scale: Scale,
    words: Words,
    articles: dict[str, dict[str, Any]],
    extra_meta: dict[str, Any] | None = None,
    recall: Recall = _now,
) -> Pages:
    """`base`.md (the first page) and `base`-2.md, ... listing `claims`, each page from the
    template listing.md.j2 (`intro` is markup the caller made; `articles` tell which claims'
    dates are estimates). `recall`: a page is what was made before for equal inputs (its
    claims, with the articles, the scale and the words of the whole memo: render.Memo)."""
    chunks = [claims[i : i + PAGE_SIZE] for i in range(0, len(claims), PAGE_SIZE)] or [[]]
    name = base.rsplit("/", 1)[-1]
    pages: Pages = {}
    for n, chunk in enumerate(chunks, start=1):
        here = base + (f"-{n}" if n > 1 else "") + ".md"
        count = len(chunks)
        make = functools.partial(
            _page, here, name, title, intro, chunk, scale, words, articles, extra_meta, n, count
        )
        pages[here] = recall(here, (title, intro, chunk, extra_meta, n, count), make)
    return pages


def _page(
    here: str,
    name: str,
    title: str,
    intro: str,
    chunk: list[dict[str, Any]],
    scale: Scale,
    words: Words,
    articles: dict[str, dict[str, Any]],
    extra_meta: dict[str, Any] | None,
    n: int,
    count: int,
) -> str:
    body = words.render(
        "listing.md.j2",
        title=title,
        intro=html(intro),
        rows=[row_values(c, scale, here, words, estimated=_estimated(c, articles)) for c in chunk],
        number=n,
        count=count,
        name=name,
    )
    suffix = " (" + words.gettext("page %(num)s", num=n) + ")" if n > 1 else ""
    return common.page({"title": meta(title + suffix), **(extra_meta or {})}, body)


def _grouped(
    claims: list[dict[str, Any]], key: Callable[[dict[str, Any]], list[str]]
) -> dict[str, list[dict[str, Any]]]:
    groups: dict[str, list[dict[str, Any]]] = {}
    for c in claims:
        for k in key(c):
            groups.setdefault(k, []).append(c)
    return dict(sorted(groups.items()))


def _estimated(claim: dict[str, Any], articles: dict[str, dict[str, Any]]) -> bool:
    return common.claim_date_estimated(claim, articles.get(claim["article"], {}))


def newest_first(claims: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Newest check first: by the day the check was published (each row shows it), not the
    day the claim was made."""
    return sorted(claims, key=lambda c: (c["published"], c["id"]), reverse=True)


def render_indexes(
    claims: list[dict[str, Any]],
    articles: dict[str, dict[str, Any]],
    scale: Scale,
    topics: dict[str, str],
    words: Words,
    recall: Recall = _now,
) -> Pages:
    """Every listing: all claims, by verdict, by topic, by claimant, and the articles.
    `recall`: each listing page made before from equal inputs is that page (paginate)."""
    return (
        _all_claims(claims, scale, words, articles, recall)
        | _by_verdict(claims, scale, words, articles, recall)
        | _by_topic(claims, scale, topics, words, articles, recall)
        | _by_claimant(claims, scale, words, articles, recall)
        | _by_article(claims, articles, words)
    )


def _all_claims(
    claims: list[dict[str, Any]],
    scale: Scale,
    words: Words,
    articles: dict[str, dict[str, Any]],
    recall: Recall,
) -> Pages:
    pages: Pages = {}
    newest = newest_first(claims)
    pages |= paginate(
        "claims/index",
        words.gettext("All fact-checks"),
        words.ngettext(
            "%(num)s claim checked, newest first.",
            "%(num)s claims checked, newest first.",
            len(claims),
        ),
        newest,
        scale,
        words,
        articles,
        recall=recall,
    )

    return pages


def _by_verdict(
    claims: list[dict[str, Any]],
    scale: Scale,
    words: Words,
    articles: dict[str, dict[str, Any]],
    recall: Recall,
) -> Pages:
    """An overview, then one listing per verdict with its definition."""
    _ = words.gettext
    pages: Pages = {}
    by_verdict = _grouped(claims, lambda c: [c["verdict"]])
    verdict_, claims_, meaning = _("Verdict"), _("Claims"), _("Meaning")

    def count(n: int) -> str:
        return words.ngettext("%(num)s claim", "%(num)s claims", n)

    rows = []
    for v in scale.verdicts:
        n = len(by_verdict.get(v.id, []))
        rows.append(f"| {badge(v)} | [{count(n)}]({v.id}.md) | {text(v.definition)} |")
    title = _("Fact-checks by verdict")
    pages["verdicts/index.md"] = common.page(
        {"title": meta(title)},
        f"# {text(title)}\n\n| {verdict_} | {claims_} | {meaning} |\n|---|---|---|\n"
        + "\n".join(rows)
        + "\n",
    )
    for v in scale.verdicts:
        pages |= paginate(
            f"verdicts/{v.id}",
            _("Verdict: %(verdict)s", verdict=v.label),
            f"{badge(v)} {text(v.definition)}",
            newest_first(by_verdict.get(v.id, [])),
            scale,
            words,
            articles,
            recall=recall,
        )

    return pages


def _by_topic(
    claims: list[dict[str, Any]],
    scale: Scale,
    topics: dict[str, str],
    words: Words,
    articles: dict[str, dict[str, Any]],
    recall: Recall,
) -> Pages:
    _ = words.gettext
    pages: Pages = {}
    by_topic = _grouped(claims, lambda c: c["topics"])
    title = _("Fact-checks by topic")
    pages["topics/index.md"] = common.page(
        {"title": meta(title)},
        f"# {text(title)}\n\n"
        + "\n".join(
            f"- [{text(topics.get(t, t))}]({t}.md) ({len(cs)})" for t, cs in by_topic.items()
        )
        + "\n",
    )
    for t, cs in by_topic.items():
        pages |= paginate(
            f"topics/{t}",
            _("Topic: %(topic)s", topic=topics.get(t, t)),
            words.ngettext(
                "%(num)s claim on this topic.", "%(num)s claims on this topic.", len(cs)
            ),
            newest_first(cs),
            scale,
            words,
            articles,
            recall=recall,
        )

    return pages


def _by_claimant(
    claims: list[dict[str, Any]],
    scale: Scale,
    words: Words,
    articles: dict[str, dict[str, Any]],
    recall: Recall,
) -> Pages:
    _ = words.gettext
    pages: Pages = {}
    by_claimant = _grouped(claims, lambda c: [slug(c["claimant"]["name"])])
    names = {slug(c["claimant"]["name"]): c["claimant"] for c in claims}
    title = _("Fact-checks by claimant")
    intro = _("Who made the claims we checked: the outlet itself, or the people it quotes.")
    pages["claimants/index.md"] = common.page(
        {"title": meta(title)},
        f"# {text(title)}\n\n{intro}\n\n"
        + "\n".join(
            f"- [{text(names[s]['name'])}]({s}.md) ({len(cs)})" for s, cs in by_claimant.items()
        )
        + "\n",
    )
    for s, cs in by_claimant.items():
        who = names[s]
        role = f", {text(who['role'])}" if who.get("role") else ""
        counts = _grouped(cs, lambda c: [c["verdict"]])
        record = words.join(
            [
                f'<span class="fs-count">{badge(v, small=True)} × {len(counts[v.id])}</span>'
                for v in scale.verdicts
                if v.id in counts
            ]
        )
        pages |= paginate(
            f"claimants/{s}",
            _("Claims by %(claimant)s", claimant=who["name"]),
            f"<bdi>{text(who['name'])}</bdi>{role}. " + _("Record: %(record)s", record=record),
            newest_first(cs),
            scale,
            words,
            articles,
            recall=recall,
        )

    return pages


def _by_article(
    claims: list[dict[str, Any]], articles: dict[str, dict[str, Any]], words: Words
) -> Pages:
    _ = words.gettext
    pages: Pages = {}
    by_article = _grouped(claims, lambda c: [c["article"]])
    lines = []
    for aid, art in sorted(articles.items()):
        n = len(by_article.get(aid, []))
        lines.append(
            f"- [<bdi>{text(art['title'])}</bdi>]({aid}.md): <bdi>{text(art['outlet'])}</bdi>, "
            f"{words.date(art['published'], estimated=common.article_date_estimated(art))}, "
            + words.ngettext("%(num)s claim checked", "%(num)s claims checked", n)
        )
    title = _("Articles checked")
    pages["articles/index.md"] = common.page(
        {"title": meta(title)}, f"# {text(title)}\n\n" + "\n".join(lines) + "\n"
    )
    return pages


def home_fragments(
    claims: list[dict[str, Any]], articles: dict[str, dict[str, Any]], scale: Scale, words: Words
) -> Pages:
    """Snippets included by docs/index.md (pymdownx.snippets), relative to docs/."""
    _ = words.gettext
    verdict_, claims_, share = _("Verdict"), _("Claims"), _("Share")
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
        "<caption>"
        + words.ngettext(
            "Verdicts of the %(num)s claim checked",
            "Verdicts of the %(num)s claims checked",
            len(claims),
        )
        + f'</caption>\n<thead><tr><th scope="col">{verdict_}</th>'
        f'<th scope="col">{claims_}</th>'
        f'<th scope="col"><span class="fs-sr">{share}</span></th></tr></thead>\n<tbody>\n'
        + "\n".join(rows)
        + "\n</tbody>\n</table>\n"
    )
    article_lines = []
    for aid, art in sorted(articles.items()):
        article_lines.append(
            f'<li><a href="articles/{aid}/" dir="auto">{text(art["title"])}</a>, '
            f"<bdi>{text(art['outlet'])}</bdi>, "
            f"{words.time_tag(art['published'], estimated=common.article_date_estimated(art))}: "
            + _("read it annotated, sentence by sentence.")
            + "</li>"
        )
    return {
        "_generated/verdict-chart.md": chart,
        "_generated/articles.md": '<ul class="fs-articles" data-pagefind-ignore>\n'
        + "\n".join(article_lines)
        + "\n</ul>\n",
    }


def scale_fragment(scale: Scale, words: Words | None = None) -> str:
    words = words or english()
    _ = words.gettext
    rows = []
    for v in scale.verdicts:
        rating = str(v.rating) if v.rating is not None else _("none (not on the scale)")
        rows.append(f"| {badge(v)} | {rating} | {text(v.definition)} |")
    head = "| " + " | ".join([_("Verdict"), _("Rating in ClaimReview"), _("Definition")]) + " |"
    return head + "\n|---|---|---|\n" + "\n".join(rows) + "\n"


def corrections_fragment(claims: list[dict[str, Any]], scale: Scale, words: Words) -> str:
    """The corrections log: the checks with a change, the most recently changed first, each
    with one line per change (its date, kind, and the note's first sentence; the whole note is
    on the check's page)."""
    _ = words.gettext
    changed = [c for c in claims if c.get("updates")]
    if not changed:
        return _("No corrections or updates have been made so far.") + "\n"
    changed.sort(key=lambda c: (max(u["date"] for u in c["updates"]), c["id"]), reverse=True)
    out = ['<ul class="fs-log">']
    for c in changed:
        url = f"../{common.claim_url(c['id'])}"
        lines = []
        for u in sorted(c["updates"], key=lambda u: u["date"], reverse=True):
            prev = ""
            if u.get("previous_verdict") and u["previous_verdict"] in scale.ids:
                prev = " " + _(
                    "Verdict before: %(verdict)s.",
                    verdict=f"<bdi>{text(scale[u['previous_verdict']].label)}</bdi>",
                )
            lines.append(
                f"<li>{words.time_tag(u['date'])} · <strong>{update_kind(u, words)}.</strong>"
                f'{prev} <span dir="auto">{text(_first_sentence(u["note"], words))}</span></li>'
            )
        shown = badge(scale.of(c), small=True)
        if retraction(c) is not None:  # its last verdict no longer stands: said in words
            shown = _("Retracted (%(verdict)s)", verdict=shown)
        out.append(
            f'<li class="fs-log__check">{shown} '
            f'<a href="{url}" dir="auto">{text(c["claim"])}</a> '
            f'<a class="fs-log__more" href="{url}#updates">'
            + _("(every note in full)")
            + "</a>\n"
            + '<ul class="fs-log__changes">\n'
            + "\n".join(lines)
            + "\n</ul></li>"
        )
    out.append("</ul>\n")
    return "\n".join(out)


def _first_sentence(note: str, words: Words) -> str:
    return _first_of(note, words.language)


@functools.lru_cache(maxsize=1 << 14)  # a note, once, not once a render
def _first_of(note: str, language: str) -> str:
    sentences = split_sentences(note, language)
    first = sentences[0] if sentences else note
    return first if len(sentences) <= 1 else first + " …"

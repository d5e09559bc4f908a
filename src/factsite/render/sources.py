"""The sources of a claim page, and the analysis with its citations linked to them. Pure.

Sources are listed by stance (supports, contradicts, context) and numbered in that order
across the lists; entry N has the id `source-N`. Each shows its kind and, when it has one, its
relation to the claimant, in words for readers, and its archived copy; once for the list, how many
have none yet.
A citation `[^n]` of the analysis (check/citations.py) becomes a superscript link to the
entry of the source its definition names; the definition lines are dropped. The page never
relies on a Markdown footnotes extension for them.
"""

from __future__ import annotations

from typing import Any

from factsite.check import citations
from factsite.render.escape import attr, markdown, text
from factsite.render.i18n import N_, Words, english

STANCES = (
    ("supports", N_("Evidence that supports the claim")),
    ("contradicts", N_("Evidence that contradicts the claim")),
    ("context", N_("Context")),
)
# The schema's `kind` and `relation` values in plain words (tests/test_render.py holds these
# to the schema's enums).
KINDS = {
    "primary-document": N_("Primary document"),
    "news-report": N_("News report"),
    "state-affiliated-media": N_("State-affiliated media"),
    "analysis": N_("Analysis"),
    "reference": N_("Reference work"),
    "mirror": N_("Mirror: a copy of another page, not evidence"),
    "aggregator": N_("Aggregator: republishes other outlets' stories, not evidence"),
}
RELATIONS = {
    "claimant-itself": N_("Not independent: from the claimant itself"),
    "same-owner-as-claimant": N_(
        "Not independent: same owner as the claimant, or media of a government it heads"
    ),
    "repeats-claimant": N_("Not independent: repeats the claimant's own text"),
    "unclear": N_("Not counted as independent: its ties to the claimant are unclear"),
}


def ordered(sources: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """The sources in the order the page lists them: by stance, then as in the file."""
    return [s for stance, _ in STANCES for s in sources if s["stance"] == stance]


def numbers(sources: list[dict[str, Any]]) -> dict[str, int]:
    """url -> the number of its entry in the page's sources list."""
    return {s["url"]: n for n, s in enumerate(ordered(sources), start=1)}


def _entry(s: dict[str, Any], n: int, words: Words) -> str:
    _ = words.gettext
    # A source in another language than the site's names it, so that screen readers switch
    # voice; its title keeps its own direction (dir="auto") in a page of the other one.
    lang = f' lang="{attr(s["language"])}"' if s.get("language") else ""
    bits = [
        f'<a href="{attr(s["url"])}" dir="auto"{lang}>{text(s["title"])}</a>',
        f'<span class="fs-source__publisher"><bdi>{text(s["publisher"])}</bdi></span>',
    ]
    if s.get("date"):
        bits.append(words.time_tag(s["date"]))
    kind = f'<span class="fs-source__kind">{text(_(KINDS.get(s["kind"], s["kind"])))}</span>'
    if s.get("relation"):
        said = text(_(RELATIONS.get(s["relation"], s["relation"])))
        kind += f' · <span class="fs-source__relation">{said}</span>'
    archive = ""
    if s.get("archive_url"):  # said once for the list when a source has none (sources_html)
        of = _('Archived copy<span class="fs-sr"> of %(title)s</span>', title=text(s["title"]))
        archive = f' <a class="fs-source__archive" href="{attr(s["archive_url"])}">{of}</a>'
    return (
        f'<li class="fs-source" id="source-{n}">{", ".join(bits)}.{archive}'
        f'<br><span class="fs-source__meta">{kind}</span>'
        f'<br><span class="fs-source__note">{text(s["note"])}</span></li>'
    )


def sources_html(sources: list[dict[str, Any]], words: Words | None = None) -> str:
    words = words or english()
    out, n = [], 1
    for stance, heading in STANCES:
        group = [s for s in sources if s["stance"] == stance]
        if not group:
            continue
        out.append(f"### {words.gettext(heading)} ({len(group)})\n")
        items = [_entry(s, n + i, words) for i, s in enumerate(group)]
        out.append(f'<ol class="fs-sources" start="{n}">\n' + "\n".join(items) + "\n</ol>\n")
        n += len(group)
    missing = sum(1 for s in sources if not s.get("archive_url"))
    if missing:
        said = (
            words.gettext("We have not yet saved copies of these sources in a web archive.")
            if missing == len(sources)
            else words.ngettext(
                "%(num)s of these sources has no copy in a web archive yet.",
                "%(num)s of these sources have no copy in a web archive yet.",
                missing,
            )
        )
        out.append(f'<p class="fs-sources__archive">{said}</p>\n')
    return "\n".join(out)


def analysis_markdown(
    analysis: str, sources: list[dict[str, Any]], words: Words | None = None
) -> str:
    """The analysis as page Markdown: escaped (escape.markdown), its definitions dropped and
    each citation a superscript link to its source's entry."""
    words = words or english()
    markers, definitions = citations.parse(analysis)
    if not definitions and not markers:
        return markdown(analysis)
    by_url = numbers(sources)
    publisher = {s["url"]: s["publisher"] for s in sources}
    targets = citations.targets(analysis)
    kept, at = [], 0
    for d in definitions:
        kept.append(analysis[at : d.start])
        at = d.end
    kept.append(analysis[at:])

    def link(match: Any) -> str:
        url = targets.get(match.group(1))
        if url not in by_url:
            return match.group(0)  # the validator refuses it; never a link to nowhere
        n = by_url[url]
        # Markdown still runs inside a paragraph's inline HTML: the label gets text()'s
        # escaping, not only attr()'s, and the brackets are references, so that no link syntax
        # in a publisher's name, or a `[2]: ...` reference of the analysis, can act here.
        label = text(
            words.gettext("Source %(num)s: %(publisher)s", num=n, publisher=publisher[url])
        )
        return (
            f'<sup class="fs-cite"><a href="#source-{n}" aria-label="{label}">'
            f"&#91;{n}&#93;</a></sup>"
        )

    return citations.MARKER.sub(link, markdown("".join(kept)))

"""Render: a pure function from a checked project to the files it generates under docs/.

No site-engine import and no disk access here: `render_site` returns {docs path: text}, and
publish/write.py writes it. The same project and history always give byte-identical files.

    claim_page.py    a claim's page            article_page.py  the annotated article
    listings.py      indexes by verdict, topic, claimant, and the pages' fragments
    structured_data  ClaimReview               feeds.py         Atom and JSON Feed
    media_review.py  MediaReview, for a check of a photo or a video
    retraction.py    a retracted check's notice   redirects.py  a renamed check's old addresses
    people.py, people_pages.py  bylines, a page per person   policy.py  the desk's rules in words
    i18n.py          factsite's words in the site's language (catalogues, templates/, CLDR)
    open_data.py     claims.json and .csv      styles.py        the verdict stylesheet
    card.py          a claim's share card      embed.py         its embed page and oEmbed
    history.py       a claim file's history, from git (read by load/history.py)
    common.py, escape.py  URLs, badges, dates; escaping of everything a contributor writes
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar, cast

from factsite.check.model import Project
from factsite.check.schemas import schema_json
from factsite.load.history import History
from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render import (
    card,
    embed,
    feeds,
    i18n,
    listings,
    media_review,
    open_data,
    people_pages,
    policy,
    redirects,
    structured_data,
    styles,
    theme,
)
from factsite.render.article_page import render_article_page
from factsite.render.claim_page import render_claim_page
from factsite.render.common import CLAIMS
from factsite.render.pages import Drawn, Page, encoded, page_key


def render_site(
    project: Project,
    site: Site,
    history: History | None = None,
    *,
    code: str = "",
    memo: Memo | None = None,
) -> dict[str, Page]:
    """{docs path: page} of every generated file: text, or a Drawn file (a share card, a
    claim's page, embed and oEmbed). `history` is each claim file's history from git
    (load/history.py), None outside a checkout; `code` names the code that renders (the
    Drawn pages' keys include it: publish/cache.code_digest). `memo`: what the last call made
    for each claim and article, reused where their inputs are equal (Memo)."""
    scale = project.scale
    claims = project.claims
    articles = {aid: art.data for aid, art in project.articles.items()}
    pages: dict[str, Page] = {}
    people = project.people
    shared = page_key(code, repr(scale), repr(site), project.topics, people)  # every claim's
    memo = memo.under(shared) if memo is not None else Memo()

    words = i18n.for_site(site)
    records, reviews = [], []
    made = functools.partial(_claim, project, site, shared)
    for claim in claims:
        article = articles[claim["article"]]
        claim_path = project.claim_paths[claim["id"]]
        changes = (history or {}).get(claim_path)
        inputs = (claim, article, claim_path, changes)
        own, record, review = memo.recall(memo.claims, claim["id"], inputs, made)
        pages |= own
        records.append(record)
        reviews.append(review)

    def annotated(inputs: tuple[Any, ...]) -> tuple[str, str]:
        return render_article_page(*inputs, scale, words)

    for aid, art in sorted(project.articles.items()):
        mine = [c for c in claims if c["article"] == aid]
        path, text = memo.recall(memo.articles, aid, (art.data, art.snapshot, mine), annotated)
        pages[path] = text
    memo.keep({c["id"] for c in claims}, set(project.articles))

    pages |= listings.render_indexes(claims, articles, scale, project.topics, words)
    pages |= listings.home_fragments(claims, articles, scale, words)
    if people:
        pages |= people_pages.person_pages(claims, people, scale, words)
    pages |= policy.rule_fragments(site, scale, words)
    pages["_generated/scale.md"] = listings.scale_fragment(scale, words)
    pages["_generated/corrections-log.md"] = listings.corrections_fragment(claims, scale, words)

    pages["assets/verdicts.css"] = styles.verdict_css(scale)
    pages[theme.STYLESHEET] = theme.stylesheet()
    pages[theme.SCRIPT] = theme.script()
    pages["feeds/atom.xml"] = feeds.atom_feed(claims, scale, site)
    pages["feeds/feed.json"] = feeds.json_feed(claims, scale, site)
    pages["data/claims.json"] = open_data.claims_json(records, scale)
    pages["data/claims.csv"] = open_data.claims_csv(records)
    pages["data/claimreview.json"] = structured_data.claimreview_feed(reviews)
    pages["data/datapackage.json"] = open_data.datapackage(site, scale)
    pages["data/claim.schema.json"] = schema_json(scale)
    return pages


T = TypeVar("T")


class Memo:
    """What render_site made for each claim (its pages, ClaimReview and open-data record) and
    each article (the annotated page), with the inputs it made them from: `factsite serve`
    keeps one between its rounds, where a save changes one claim, so that the others are not
    made again. Reused only for equal inputs, under the same shared ones (the code, the scale,
    the site settings, the topics, the people: `under`), so its output is the same."""

    def __init__(self) -> None:
        self.shared = ""
        self.claims: dict[str, tuple[Any, Any]] = {}
        self.articles: dict[str, tuple[Any, Any]] = {}

    def under(self, shared: str) -> Memo:
        """This memo, emptied if it was filled under other shared inputs."""
        if shared != self.shared:
            self.shared, self.claims, self.articles = shared, {}, {}
        return self

    def keep(self, claims: set[str], articles: set[str]) -> None:
        """Forget what was made for claims and articles no longer there."""
        self.claims = {k: v for k, v in self.claims.items() if k in claims}
        self.articles = {k: v for k, v in self.articles.items() if k in articles}

    @staticmethod
    def recall(
        kind: dict[str, tuple[Any, Any]], name: str, inputs: Any, make: Callable[[Any], T]
    ) -> T:
        """What was made for `name` from equal inputs, or `make(inputs)` now (and kept)."""
        hit = kind.get(name)
        if hit is not None and hit[0] == inputs:
            return cast(T, hit[1])
        made = make(inputs)
        kind[name] = (inputs, made)
        return made


def _claim(
    project: Project, site: Site, shared: str, inputs: tuple[Any, ...]
) -> tuple[dict[str, Page], dict[str, Any], dict[str, Any]]:
    """A claim's own files (its page, card, embed and oEmbed, its old addresses), its
    open-data record and its ClaimReview."""
    claim, article, claim_path, changes = inputs
    scale, people = project.scale, project.people
    review = structured_data.claim_review(claim, article, scale, site, people)
    media = media_review.media_review(claim, article, site) if claim.get("media") else None
    key = page_key(shared, claim, article, claim_path, changes)
    own = (claim, article, scale, site)
    pages: dict[str, Page] = {}
    pages[f"{CLAIMS}/{claim['id']}.md"] = _text(
        key,
        render_claim_page,
        *own,
        claim_path,
        project.topics,
        review,
        media_review=media,
        history=changes,
        people=people,
    )
    if site.cards:
        pages[card.card_path(claim["id"])] = _card(claim, article, scale, site)
    pages[embed.embed_path(claim["id"])] = _text(key, embed.render_embed, *own)
    pages[embed.oembed_path(claim["id"])] = _text(key, embed.oembed_json, *own)
    for old in claim.get("redirect_from") or ():  # a renamed check's old addresses
        path, html = redirects.redirect_page(old, claim, site)
        pages[path] = html
        if site.cards:
            pages[card.card_path(old)] = pages[card.card_path(claim["id"])]
        pages[embed.embed_path(old)] = pages[embed.embed_path(claim["id"])]
        pages[embed.oembed_path(old)] = pages[embed.oembed_path(claim["id"])]
    return pages, open_data.claim_record(claim, article, scale, site), review


def _text(key: str, render: Callable[..., tuple[str, str]], *args: Any, **kwargs: Any) -> Drawn:
    """A claim's text page, rendered only if the file on disk was not made for `key`."""
    draw = functools.partial(encoded, render, *args, **kwargs)
    return Drawn(f"{render.__name__}:{key}", draw, binary=False)


def _card(claim: dict[str, Any], article: dict[str, Any], scale: Scale, site: Site) -> Drawn:
    # A partial, not a lambda: picklable, so that the writer can draw cards on all cores.
    draw = functools.partial(card.render_card, claim, article, scale, site)
    return Drawn(card.card_key(claim, scale, site), draw)

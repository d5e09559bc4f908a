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
    crawlers.py      robots.txt, and the sitemap's dates (written into the theme's folder)
    related.py       the checks a claim's page suggests next
    common.py, escape.py  URLs, badges, dates; escaping of everything a contributor writes
"""

from __future__ import annotations

import functools
import unicodedata
from collections.abc import Callable
from operator import is_
from typing import Any, TypeVar, cast

from factsite.check.model import Project
from factsite.check.schemas import schema_json
from factsite.digest import value_digest
from factsite.load.scale import Scale
from factsite.load.site_config import Site
from factsite.render import (
    card,
    common,
    contact,
    crawlers,
    embed,
    feeds,
    front,
    i18n,
    listings,
    media_review,
    open_data,
    people_pages,
    policy,
    redirects,
    related,
    structured_data,
    styles,
    theme,
)
from factsite.render.article_page import quote_paragraphs, render_article_page
from factsite.render.claim_page import render_claim_page
from factsite.render.common import CLAIMS
from factsite.render.pages import Drawn, Page, encoded, page_key


def render_site(
    project: Project,
    site: Site,
    *,
    code: str = "",
    memo: Memo | None = None,
    later: bool = False,
) -> dict[str, Page]:
    """{docs path: page} of every generated file: text, or a Drawn file (a share card, a
    claim's page, embed and oEmbed). `code` names the code that renders (the Drawn pages'
    keys include it: publish/cache.code_digest). `memo`: what the last call made for each
    claim and article, reused where their inputs are equal (Memo). `later` (a preview's
    round, with a memo that made them before): the pages that list the claims, and the feeds
    and exports, are the memo's last ones, and `memo.pending` makes this project's, once the
    claims' own pages are shown."""
    scale = project.scale
    claims = project.claims
    articles = {aid: art.data for aid, art in project.articles.items()}
    pages: dict[str, Page] = {}
    people = project.people
    shared = page_key(code, repr(scale), repr(site), project.topics, people)  # every claim's
    memo = memo.under(shared) if memo is not None else Memo()
    memo.name_claims(claims)

    words = i18n.for_site(site)
    records: list[tuple[str, str]] = []
    reviews: list[str] = []
    suggest = memo.suggest = related.Related(claims, memo.suggest)
    # each snapshot's digest, not its text, in a page's key: thousands of claims share one
    texts = {aid: page_key(art.snapshot) for aid, art in project.articles.items()}
    by_article: dict[str, list[dict[str, Any]]] = {aid: [] for aid in project.articles}
    for claim in claims:
        by_article[claim["article"]].append(claim)
    # the paragraph of each quote: the article's text searched once, not once a claim
    quoted: dict[str, tuple[str, tuple[int, int]]] = {}
    for aid, art in project.articles.items():
        quotes = [(c["id"], c["quote"]) for c in by_article[aid]]
        find = functools.partial(_quoted, art.snapshot, by_article[aid])
        quoted |= memo.recall("quotes", aid, (art.snapshot, quotes), find)
    # what a claim's page shows of its related checks, taken again from the last render while
    # they are the very claims (a claim file unchanged is read back as the same object) and
    # the articles, whose dates they show, are as they were
    last = memo.shown if articles == memo.shown_of else {}
    memo.shown, memo.shown_of = {}, articles
    for claim in claims:
        article = articles[claim["article"]]
        claim_path = project.claim_paths[claim["id"]]
        others = suggest.of(claim)
        was = last.get(claim["id"])
        if was is not None and len(was[0]) == len(others) and all(map(is_, was[0], others)):
            shown = was[1]
        else:
            shown = [
                (
                    c["id"],
                    c["claim"],
                    c["claimant"]["name"],
                    c["claim_date"],
                    common.claim_date_estimated(c, articles[c["article"]]),
                    c["published"],
                    c["verdict"],
                    c.get("conclusion"),
                )
                for c in others
            ]
        memo.shown[claim["id"]] = (others, shown)
        inputs = (claim, article, claim_path, shown, texts[claim["article"]])  # its page's key
        make = functools.partial(
            _claim, project, site, shared, inputs, others, quoted.get(claim["id"])
        )
        own, record, review = memo.recall("claims", claim["id"], inputs, make)
        pages |= own
        records.append(record)  # (its JSON, its CSV line)
        reviews.append(review)  # its JSON

    memo.keep({c["id"] for c in claims}, set(project.articles))

    def listing() -> dict[str, Page]:
        """The pages that list the claims (the annotated articles, the listings, the home
        and front page's fragments, the people's pages, the corrections log), and the feeds
        and exports: what a preview's round makes after the claims' own pages."""
        made: dict[str, Page] = {}
        for aid, art in sorted(project.articles.items()):
            mine = by_article[aid]
            make_page = functools.partial(
                render_article_page, art.data, art.snapshot, mine, scale, words
            )
            path, text = memo.recall("articles", aid, (art.data, art.snapshot, mine), make_page)
            made[path] = text
        memo.listings_of(articles)
        listed = functools.partial(memo.recall, "listings")
        made |= listings.render_indexes(claims, articles, scale, project.topics, words, listed)
        made |= listings.home_fragments(claims, articles, scale, words)
        made |= front.front_fragments(claims, scale, project.topics, words)
        if people:
            made |= people_pages.person_pages(claims, people, scale, words, articles)
        made["_generated/corrections-log.md"] = listings.corrections_fragment(claims, scale, words)
        return made | _exports(claims, records, reviews, scale, site)

    if later and memo.deferred:  # a round: the last ones, until the claims' pages are shown
        memo.pending = listing
    else:
        memo.pending, memo.deferred = None, listing()
    pages |= memo.deferred

    pages |= policy.rule_fragments(site, scale, words)
    pages[contact.CONTACT] = contact.contact_fragment(site, words)
    pages["_generated/scale.md"] = listings.scale_fragment(scale, words)

    pages["assets/verdicts.css"] = styles.verdict_css(scale)
    pages[theme.STYLESHEET] = theme.stylesheet()
    pages[theme.SCRIPT] = theme.script()
    pages[crawlers.ROBOTS] = crawlers.robots_txt(site)
    # the share image of every page but a check's (overrides/main.html), drawn once a build
    pages[card.SITE_CARD] = Drawn(
        card.site_card_key(site), functools.partial(card.render_site_card, site)
    )
    pages["data/datapackage.json"] = open_data.datapackage(site, scale)
    pages["data/claim.schema.json"] = schema_json(scale)
    return pages


def _exports(
    claims: list[dict[str, Any]],
    records: list[tuple[str, str]],
    reviews: list[str],
    scale: Scale,
    site: Site,
) -> dict[str, Page]:
    """The feeds and the exports, from each claim's record and ClaimReview as render_site
    serialised them."""
    made: dict[str, Page] = {
        "feeds/atom.xml": feeds.atom_feed(claims, scale, site),
        "feeds/feed.json": feeds.json_feed(claims, scale, site),
        "data/claims.json": open_data.claims_json_of([r[0] for r in records], scale),
        "data/claims.csv": open_data.claims_csv_of([r[1] for r in records]),
        "data/claimreview.json": structured_data.claimreview_feed_of(reviews),
    }
    return made


T = TypeVar("T")


class Memo:
    """What render_site made for each claim (its pages, its ClaimReview and open-data record
    as the exports write them) and each article (the annotated page, its quoted paragraphs),
    each listing page and the exports, with the inputs it made them from: `factsite serve`
    keeps one between its rounds, where a save changes one claim, so that the others are not
    made again. Reused only for equal inputs (a claim's: those of its page's key), under the
    same shared ones (the code, the scale, the site settings, the topics, the people:
    `under`), so its output is the same.

    A render in another process reuses what a memo made with `disk` (`plain`, `restored`:
    commands/render.py keeps it with publish/cache.py): the articles' pages, their quoted
    paragraphs and the listing pages (DISK), each with the digest of its inputs rather than
    the inputs (thousands of claims), compared with the digest of the inputs now. A claim's
    own pages are not kept: making them (their keys, the records of the exports) costs about
    what reading them back would, and their text is drawn only when it changed."""

    DISK = ("articles", "quotes", "listings")

    def __init__(self, disk: bool = False) -> None:
        self.shared = ""
        self.claims: dict[str, tuple[Any, Any]] = {}
        self.articles: dict[str, tuple[Any, Any]] = {}
        self.quotes: dict[str, tuple[Any, Any]] = {}  # each article's quoted paragraphs
        self.listings: dict[str, tuple[Any, Any]] = {}  # each listing page
        self._listed: dict[str, dict[str, Any]] | None = None  # the articles they were of
        # what a round makes after the claims' own pages (render_site's listing()), as last
        # made, and the next ones, deferred
        self.deferred: dict[str, Page] = {}
        self.pending: Callable[[], dict[str, Page]] | None = None
        self.disk = disk  # keep the digests of DISK's inputs, for `plain`
        self.digests: dict[str, dict[str, str]] = {kind: {} for kind in self.DISK}
        self.read: dict[str, dict[str, tuple[str, Any]]] = {kind: {} for kind in self.DISK}
        self.changed = False  # made something of DISK that `plain` did not hold
        self.suggest: related.Related | None = None  # the last render's related checks
        # each claim's related checks and what its page shows of them, and the articles then
        self.shown: dict[str, tuple[list[dict[str, Any]], list[tuple[Any, ...]]]] = {}
        self.shown_of: dict[str, dict[str, Any]] | None = None
        self._claims: set[int] = set()  # the ids of this render's claims
        self._names: dict[int, str] = {}  # the digest of each of them, once asked

    def under(self, shared: str) -> Memo:
        """This memo, emptied if it was filled under other shared inputs."""
        if shared != self.shared:
            self.shared, self.claims, self.articles = shared, {}, {}
            self.quotes, self.listings, self._listed = {}, {}, None
            self.deferred, self.pending = {}, None
            self.digests = {kind: {} for kind in self.DISK}
            self.read = {kind: {} for kind in self.DISK}
            self.changed = True
        return self

    def listings_of(self, articles: dict[str, dict[str, Any]]) -> None:
        """Empty the listing pages if they were made for other articles (their rows mark the
        claims' dates the articles leave estimated)."""
        if articles != self._listed:
            self.listings, self._listed = {}, articles
            self.digests["listings"], self.read["listings"] = {}, {}

    def keep(self, claims: set[str], articles: set[str]) -> None:
        """Forget what was made for claims and articles no longer there."""
        self.claims = {k: v for k, v in self.claims.items() if k in claims}
        self.articles = {k: v for k, v in self.articles.items() if k in articles}
        self.quotes = {k: v for k, v in self.quotes.items() if k in articles}

    def name_claims(self, claims: list[dict[str, Any]]) -> None:
        """With `disk`: each claim's digest, taken once for this render when a digest of
        DISK's inputs first needs it, stands for the claim in them (a listing page lists 50
        claims, an article thousands; each claim is in five or more of them)."""
        self._claims = {id(c) for c in claims} if self.disk else set()
        self._names = {}

    def _name(self, value: dict[str, Any]) -> dict[str, Any] | str:
        """A claim of this render by its digest; any other dict as it is."""
        if id(value) not in self._claims:
            return value
        name = self._names.get(id(value))
        if name is None:
            name = self._names[id(value)] = "claim " + value_digest(value)
        return name

    def _digest(self, inputs: Any) -> str:
        return value_digest(_named(inputs, self._name))

    def recall(self, kind: str, name: str, inputs: Any, make: Callable[[], T]) -> T:
        """What was made of `kind` for `name` from equal inputs (in this process, or in
        another one that kept it: `restored`), or `make()` now (and kept)."""
        made: dict[str, tuple[Any, Any]] = getattr(self, kind)
        hit = made.get(name)
        if hit is not None and hit[0] == inputs:
            return cast(T, hit[1])
        digest = self._digest(inputs) if self.disk and kind in self.DISK else None
        old = self.read[kind].pop(name, None) if digest is not None else None
        if old is not None and old[0] == digest:
            value = cast(T, old[1])
        else:
            value = make()
            self.changed |= digest is not None
        made[name] = (inputs, value)
        if digest is not None:
            self.digests[kind][name] = digest
        return value

    def plain(self) -> dict[str, Any]:
        """What of DISK this memo holds, in plain values (marshal): each page made with the
        digest of its inputs, and the shared inputs they were made under."""
        kept: dict[str, Any] = {"shared": self.shared, "listed": self._listed}
        for kind in self.DISK:
            made: dict[str, tuple[Any, Any]] = getattr(self, kind)
            digests = self.digests[kind]
            kept[kind] = {n: (digests[n], v[1]) for n, v in made.items() if n in digests}
        return kept

    @classmethod
    def restored(cls, value: Any) -> Memo:
        """A memo (with `disk`) holding what `plain` gave, read back from disk; empty if it
        is not that."""
        memo = cls(disk=True)
        try:
            shared, listed = value["shared"], value["listed"]
            read = {kind: value[kind] for kind in cls.DISK}
        except (KeyError, TypeError):
            return memo
        if not isinstance(shared, str) or not all(_entries(kept) for kept in read.values()):
            return memo
        memo.shared, memo.read = shared, read
        memo._listed = listed if isinstance(listed, dict) else None
        return memo


def _named(value: Any, name: Callable[[dict[str, Any]], Any]) -> Any:
    """`value` with each dict in it (in lists and tuples) as `name` gives it."""
    if isinstance(value, dict):
        return name(value)
    if isinstance(value, list | tuple):
        return [_named(v, name) for v in value]
    return value


def _entries(kept: Any) -> bool:
    return isinstance(kept, dict) and all(
        isinstance(k, str) and isinstance(v, tuple) and len(v) == 2 and isinstance(v[0], str)
        for k, v in kept.items()
    )


def _quoted(snapshot: str, claims: list[dict[str, Any]]) -> dict[str, tuple[str, tuple[int, int]]]:
    return quote_paragraphs(unicodedata.normalize("NFC", snapshot), claims)


def _claim(
    project: Project,
    site: Site,
    shared: str,
    inputs: tuple[Any, ...],
    others: list[dict[str, Any]],
    quoted: tuple[str, tuple[int, int]] | None,
) -> tuple[dict[str, Page], tuple[str, str], str]:
    """A claim's own files (its page, card, embeds and oEmbed, its old addresses), its
    open-data record (as claims.json and claims.csv write it) and its ClaimReview (as
    claimreview.json writes it); `others`: the checks its page suggests; `quoted`:
    the paragraph of the article that holds its quote, and where (quote_paragraphs)."""
    claim, article, claim_path, shown, text = inputs
    scale, people = project.scale, project.people
    review = structured_data.claim_review(claim, article, scale, site, people)
    media = media_review.media_review(claim, article, site) if claim.get("media") else None
    key = page_key(shared, claim, article, claim_path, shown, text)
    own = (claim, article, scale, site)
    pages: dict[str, Page] = {}
    pages[f"{CLAIMS}/{claim['id']}.md"] = _text(
        key,
        render_claim_page,
        *own,
        claim_path,
        project.topics,
        review,
        paragraph=quoted,
        related=others,
        articles={c["article"]: project.articles[c["article"]].data for c in others},
        media_review=media,
        people=people,
    )
    if site.cards:
        pages[card.card_path(claim["id"])] = _card(claim, article, scale, site)
    pages[embed.embed_path(claim["id"])] = _text(key, embed.render_embed, *own)
    old_key = f"{key}:old-address"  # the same page, its links from one folder up
    pages[embed.old_embed_path(claim["id"])] = _text(old_key, embed.render_embed, *own, old=True)
    pages[embed.oembed_path(claim["id"])] = _text(key, embed.oembed_json, *own)
    for old in claim.get("redirect_from") or ():  # a renamed check's old addresses
        path, html = redirects.redirect_page(old, claim, site)
        pages[path] = html
        if site.cards:
            pages[card.card_path(old)] = pages[card.card_path(claim["id"])]
        pages[embed.embed_path(old)] = pages[embed.embed_path(claim["id"])]
        pages[embed.old_embed_path(old)] = pages[embed.old_embed_path(claim["id"])]
        pages[embed.oembed_path(old)] = pages[embed.oembed_path(claim["id"])]
    record = open_data.claim_record(claim, article, scale, site)
    exported = (open_data.compact(record), open_data.csv_row(record))
    return pages, exported, structured_data.feed_item(review)


def _text(key: str, render: Callable[..., tuple[str, str]], *args: Any, **kwargs: Any) -> Drawn:
    """A claim's text page, rendered only if the file on disk was not made for `key`."""
    draw = functools.partial(encoded, render, *args, **kwargs)
    return Drawn(f"{render.__name__}:{key}", draw, binary=False)


def _card(claim: dict[str, Any], article: dict[str, Any], scale: Scale, site: Site) -> Drawn:
    # A partial, not a lambda: picklable, so that the writer can draw cards on all cores.
    draw = functools.partial(card.render_card, claim, article, scale, site)
    estimated = common.claim_date_estimated(claim, article)
    return Drawn(card.card_key(claim, scale, site, estimated=estimated), draw)

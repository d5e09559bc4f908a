"""Render: a pure function from a checked project to the files it generates under docs/.

No site-engine import and no disk access here: `render_site` returns {docs path: text}, and
output.py writes it. The same project always gives byte-identical files.

The pages are rendered when first used. They carry a key naming their inputs (the checked
project's digest and the site settings), so that output.py can skip rendering them altogether
when docs/ already holds the pages of those very inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterator, MutableMapping

from factsite.check.project import Project
from factsite.check.schemas import schema_json
from factsite.load.site_config import Site
from factsite.render import listings, machine
from factsite.render.article_page import render_article_page
from factsite.render.claim_page import render_claim_page


class Pages(MutableMapping[str, str]):
    """{docs path: text} of every generated file, rendered on first use.

    `key` names the inputs the pages are rendered from; None if unknown, and after any change
    made to the pages by hand.
    """

    def __init__(self, make: Callable[[], dict[str, str]], key: str | None = None) -> None:
        self._make: Callable[[], dict[str, str]] | None = make
        self._pages: dict[str, str] = {}
        self.key = key

    def rendered(self) -> dict[str, str]:
        if self._make is not None:
            self._pages, self._make = self._make(), None
        return self._pages

    def __getitem__(self, path: str) -> str:
        return self.rendered()[path]

    def __setitem__(self, path: str, text: str) -> None:
        self.rendered()[path] = text
        self.key = None

    def __delitem__(self, path: str) -> None:
        del self.rendered()[path]
        self.key = None

    def __iter__(self) -> Iterator[str]:
        return iter(self.rendered())

    def __len__(self) -> int:
        return len(self.rendered())

    def __repr__(self) -> str:
        state = "not rendered yet" if self._make is not None else f"{len(self._pages)} pages"
        return f"<Pages {state}, key={self.key}>"


def render_site(project: Project, site: Site) -> Pages:
    key = None
    if project.digest is not None:
        key = hashlib.blake2b(f"{project.digest}\0{site!r}".encode(), digest_size=20).hexdigest()
    return Pages(lambda: _render_site(project, site), key)


def _render_site(project: Project, site: Site) -> dict[str, str]:
    scale = project.scale
    claims = project.claims
    articles = {aid: art.data for aid, art in project.articles.items()}
    pages: dict[str, str] = {}

    records, reviews = [], []
    for claim in claims:
        article = articles[claim["article"]]
        path, text = render_claim_page(
            claim, article, scale, site, project.claim_paths[claim["id"]], project.topics
        )
        pages[path] = text
        records.append(machine.claim_record(claim, article, scale, site))
        reviews.append(machine.claim_review(claim, article, scale, site))

    for aid, art in sorted(project.articles.items()):
        mine = [c for c in claims if c["article"] == aid]
        path, text = render_article_page(art.data, art.snapshot, mine, scale)
        pages[path] = text

    pages |= listings.render_indexes(claims, articles, scale, project.topics)
    pages |= listings.home_fragments(claims, articles, scale)
    pages["_generated/scale.md"] = listings.scale_fragment(scale)
    pages["_generated/corrections-log.md"] = listings.corrections_fragment(claims, scale)

    pages["assets/verdicts.css"] = machine.verdict_css(scale)
    pages["feeds/atom.xml"] = machine.atom_feed(claims, scale, site)
    pages["feeds/feed.json"] = machine.json_feed(claims, scale, site)
    pages["data/claims.json"] = machine.claims_json(records, scale)
    pages["data/claims.csv"] = machine.claims_csv(records)
    pages["data/claimreview.json"] = machine.claimreview_feed(reviews)
    pages["data/claim.schema.json"] = schema_json(scale)
    return pages

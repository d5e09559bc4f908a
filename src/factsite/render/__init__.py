"""Render: a pure function from a checked project to the files it generates under docs/.

No site-engine import and no disk access here: `render_site` returns {docs path: text}, and
output.py writes it. The same project always gives byte-identical files.
"""

from __future__ import annotations

from factsite.project import Project
from factsite.render import listings, machine
from factsite.render.article_page import render_article_page
from factsite.render.claim_page import render_claim_page
from factsite.schema import schema_json
from factsite.siteconfig import Site

Pages = dict[str, str]


def render_site(project: Project, site: Site) -> Pages:
    scale = project.scale
    claims = project.claims
    articles = {aid: art.data for aid, art in project.articles.items()}
    pages: Pages = {}

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

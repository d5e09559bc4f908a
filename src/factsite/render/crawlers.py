"""What search engines read besides the pages: robots.txt, and the sitemap's dates.

MkDocs renders sitemap.xml from a theme template, with the build day as every page's
`lastmod`. The theme's own sitemap.xml (theme/overrides/) gives a check's page its check's
date instead (`updated`, else `published`) and other pages none, which the sitemap protocol
allows. The dates come from one generated template beside it, `overrides/` SITEMAP_DATES,
rather than from each page's front matter: a build after a change (publish/pages.py) renders
the sitemap without reading every page, and the file is the same for `mkdocs build`.
"""

from __future__ import annotations

from typing import Any

from factsite.load.site_config import Site
from factsite.render.common import CLAIMS, updated

ROBOTS = "robots.txt"  # under docs/, served at the site's root
SITEMAP_DATES = "factsite-sitemap-dates.html"  # under overrides/, read by sitemap.xml


def robots_txt(site: Site) -> str:
    """Every page may be crawled (the embeds and previews say noindex themselves, which a
    crawler must be allowed to read), and where the sitemap is. Without a site_url in
    mkdocs.yml the sitemap has no absolute address, so the file says so instead of naming one.
    A crawler reads robots.txt only at a host's root: a site served under a path
    (user.github.io/checks/) gets the file, but only its own domain would make it count."""
    lines = [f"# {ROBOTS} of {' '.join(site.name.split())}, written by factsite render", ""]
    lines += ["User-agent: *", "Disallow:", ""]
    if site.url_set:
        lines.append(f"Sitemap: {site.url}sitemap.xml")
    else:
        lines.append("# No Sitemap line: mkdocs.yml sets no site_url, so no absolute address.")
    return "\n".join(lines) + "\n"


def sitemap_dates(claims: list[dict[str, Any]]) -> str:
    """The template that sitemap.xml imports: each check page's docs path and its date, a
    pair a line in one string, which sitemap.xml turns into a mapping (a Jinja dict literal of
    10,000 entries takes 1.4 s to compile, the string 0.05 s to read). Claim ids and dates are
    checked ([a-z0-9-], YYYY-MM-DD): nothing in them needs escaping."""
    pairs = [f"{CLAIMS}/{c['id']}.md {updated(c)}" for c in sorted(claims, key=lambda c: c["id"])]
    return (
        "{#- factsite render: each check page's date for sitemap.xml (render/crawlers.py). -#}\n"
        '{%- set lastmod_pairs = "\n' + "\n".join(pairs) + '\n" -%}\n'
    )

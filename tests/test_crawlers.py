"""render/crawlers.py: robots.txt, and the dates sitemap.xml gives each check's page (the
sitemap itself, built by both build paths: tests/test_pages.py)."""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import jinja2

from factsite.render import crawlers, theme


def test_robots_txt_names_the_sitemap_when_the_site_has_an_address(real: Any) -> None:
    text = crawlers.robots_txt(real.site)
    assert f"\nSitemap: {real.site.url}sitemap.xml\n" in text
    assert "User-agent: *\nDisallow:\n" in text  # nothing kept from crawlers: noindex is read


def test_robots_txt_without_a_site_url_names_no_sitemap(real: Any) -> None:
    text = crawlers.robots_txt(dataclasses.replace(real.site, url_set=False))
    assert "Sitemap:" not in text.replace("No Sitemap line", "")
    assert "no site_url" in text


def test_the_site_url_is_known_to_be_given_or_not() -> None:
    from factsite.load.site_config import site_settings

    assert site_settings({"site_url": "https://checks.example.org"}).url_set
    unset = site_settings({})
    assert not unset.url_set and unset.url == "http://127.0.0.1:8000/"


def test_the_sitemap_template_gives_each_check_its_date(real: Any) -> None:
    """The theme's sitemap.xml with the dates render writes, rendered as the engine does."""
    files = {
        "sitemap.xml": theme.overrides()["sitemap.xml"].decode(),
        crawlers.SITEMAP_DATES: crawlers.sitemap_dates(real.claims),
    }
    # as MkDocs renders a theme template: no autoescape (the template escapes with |e)
    env = jinja2.Environment(loader=jinja2.DictLoader(files))  # noqa: S701
    claim = real.claims[0]

    def page(src: str, url: str) -> Any:
        return type("F", (), {"src_uri": src, "page": _Page(url)})()

    pages = [page("index.md", "https://x.example/"), page(f"claims/{claim['id']}.md", "c")]
    out = env.get_template("sitemap.xml").render(pages=pages)
    assert out.startswith('<?xml version="1.0" encoding="UTF-8"?>\n<urlset')
    assert re.findall(r"<lastmod>([^<]*)</lastmod>", out) == [
        str(claim.get("updated") or claim["published"])
    ]
    assert out.count("<url>") == 2


@dataclasses.dataclass
class _Page:
    canonical_url: str
    is_link: bool = False
    abs_url: str = ""

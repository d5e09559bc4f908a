"""A renamed check's old addresses: a page that redirects to the new one, and the old share
card, embed and oEmbed, which keep working (they are the new check's).

The old page is plain HTML written beside the generated Markdown, which MkDocs copies as it is
(no plugin): `<meta http-equiv="refresh">` sends browsers on, the canonical link tells search
engines where the check lives now, and a link serves whoever has refreshes turned off. The
ids come from the claim's `redirect_from`, which check/continuity.py requires of a published
check renamed to another id.
"""

from __future__ import annotations

from typing import Any

from factsite.load.site_config import Site
from factsite.render.common import CLAIMS, claim_url
from factsite.render.escape import attr, text
from factsite.render.i18n import for_site


def redirect_path(old_id: str) -> str:
    """Docs path of the page at a former id's address (claims/<old>/, as a directory URL)."""
    return f"{CLAIMS}/{old_id}/index.html"


def redirect_page(old_id: str, claim: dict[str, Any], site: Site) -> tuple[str, str]:
    """(docs path, HTML) of the page at `old_id`'s address, sending readers to `claim`."""
    target = site.page_url(claim_url(claim["id"]))
    words = for_site(site)
    title = words.gettext("Moved: %(claim)s", claim=text(claim["claim"]))
    link = f'<a href="{attr(target)}" dir="auto">{text(claim["claim"])}</a>'
    moved = words.gettext("This fact-check has moved to %(link)s.", link=link)
    page = f"""<!doctype html>
<html lang="{attr(site.language)}" dir="{words.direction}">
<head>
<meta charset="utf-8">
<title>{title}</title>
<link rel="canonical" href="{attr(target)}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={attr(target)}">
</head>
<body>
<p>{moved}</p>
</body>
</html>
"""
    return redirect_path(old_id), page

"""How readers reach the newsroom, for the about, suggest and corrections pages (issue 30, item
7): the repository's two issue forms, and the address of mkdocs.yml's extra.factsite.contact.

One fragment, `_generated/contact.md`, which a hand-written page includes with
`--8<-- "_generated/contact.md"`: the address is set once, in the configuration, and every page
that gives the route says the same. The words are the site's language's (render/i18n.py).
"""

from __future__ import annotations

from urllib.parse import quote

from factsite.load.site_config import Site
from factsite.render.escape import text
from factsite.render.i18n import Words, for_site

CONTACT = "_generated/contact.md"
# the issue forms `factsite init` writes into .github/ISSUE_TEMPLATE/
SUGGEST_FORM = "suggest-claim.yml"
CORRECTION_FORM = "correction.yml"


def form_url(repo_url: str, form: str) -> str:
    """The address that opens a new issue with one of the repository's forms."""
    return f"{repo_url.rstrip('/')}/issues/new?template={form}"


def contact_fragment(site: Site, words: Words | None = None) -> str:
    """A Markdown list: the forms (when the site names its repository) and the address."""
    words = words or for_site(site)
    _ = words.gettext
    lines = []
    if site.repo_url:
        suggest = _link(form_url(site.repo_url, SUGGEST_FORM))
        correct = _link(form_url(site.repo_url, CORRECTION_FORM))
        lines += [
            _(
                "To suggest a claim we should check: [our form “Suggest a claim”](%(url)s).",
                url=suggest,
            ),
            _(
                "To report a mistake in a published check: [our form “Report an error”](%(url)s).",
                url=correct,
            ),
        ]
    if site.contact:
        lines.append(_("To write to us: %(address)s", address=_address(site.contact)))
    if not lines:
        return ""
    out = "\n".join(f"- {line}" for line in lines) + "\n"
    if site.repo_url:
        out += "\n" + _("The forms are on GitHub, where sending one needs a free account.") + "\n"
    return out


def _address(contact: str) -> str:
    """The configured address as a link: mailto: for an e-mail address. The schema admits only
    an http(s) URL or an address without spaces, brackets or quotes; the link text is escaped
    all the same, and the target percent-encoded where Markdown would end it."""
    target = contact if contact.startswith(("http://", "https://")) else f"mailto:{contact}"
    return f"[{text(contact)}]({_link(target)})"


def _link(url: str) -> str:
    return quote(url, safe=":/?&=#@%+~.,;-_!$*'")

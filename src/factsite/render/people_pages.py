"""A page per person of people.yaml, listing the checks they wrote, edited or reviewed, and
an index of them all (people/), in the site's language."""

from __future__ import annotations

from typing import Any

from factsite.load.scale import Scale
from factsite.render import common
from factsite.render.escape import attr, meta, text
from factsite.render.i18n import Words, english
from factsite.render.listings import Pages, newest_first, paginate
from factsite.render.people import PEOPLE, ROLES, person_url


def _counts(words: Words, wrote: int, edited: int, reviewed: int) -> str:
    """ "Checks they wrote: 2, edited: 1." for the roles a person has had; "" for none. Each
    part is a message of its own, so that a language can order and inflect them."""
    parts = []
    if wrote:
        parts.append(words.gettext("wrote: %(num)s", num=words.number(wrote)))
    if edited:
        parts.append(words.gettext("edited: %(num)s", num=words.number(edited)))
    if reviewed:
        parts.append(words.gettext("reviewed: %(num)s", num=words.number(reviewed)))
    if not parts:
        return ""
    return words.gettext("Checks they %(counts)s.", counts=", ".join(parts))


def person_pages(
    claims: list[dict[str, Any]],
    people: dict[str, dict[str, Any]],
    scale: Scale,
    words: Words | None = None,
    articles: dict[str, dict[str, Any]] | None = None,
) -> Pages:
    """people/index.md, and people/<id>.md for each person, listing their checks (`articles`:
    id -> article, which tell whose dates are estimates)."""
    words = words or english()
    _ = words.gettext
    pages: Pages = {}
    rows = []
    for pid, person in sorted(people.items(), key=lambda p: p[1]["name"].casefold()):
        mine = [c for c in claims if any(pid in (c.get(f) or []) for f, _m in ROLES)]
        n = len(mine)
        checks = words.ngettext("%(num)s check", "%(num)s checks", n)
        name = f'<a href="../{person_url(pid)}"><bdi>{text(person["name"])}</bdi></a>'
        row = _(
            "%(name)s, %(role)s (%(checks)s)", name=name, role=text(person["role"]), checks=checks
        )
        rows.append(f"<li>{row}</li>")
        links = [
            f'<a href="{attr(person[k])}" rel="me">{label}</a>'
            for k, label in (("page", _("Their page")), ("profile", _("Public profile")))
            if person.get(k)
        ]
        # The role is the site's data, in its own direction: isolated with its full stop, so
        # that an English role on a right-to-left site keeps the stop at its end.
        role = f'<span dir="auto">{text(person["role"])}.</span>'
        intro = role + (f" {' · '.join(links)}" if links else "")
        wrote, edited, reviewed = (
            sum(1 for c in mine if pid in (c.get(field) or [])) for field, _m in ROLES
        )
        counts = _counts(words, wrote, edited, reviewed)
        if counts:
            intro += f"<br>{counts}"
        newest = newest_first(mine)
        pages |= paginate(
            f"{PEOPLE}/{pid}", person["name"], intro, newest, scale, words, articles or {}
        )
    title = _("Who writes our checks")
    body = f"# {title}\n\n" + (
        '<ul class="fs-list">\n' + "\n".join(rows) + "\n</ul>\n"
        if rows
        else _("No one yet.") + "\n"
    )
    pages[f"{PEOPLE}/index.md"] = common.page({"title": meta(title)}, body)
    return pages

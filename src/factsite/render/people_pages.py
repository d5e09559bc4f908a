"""A page per person of people.yaml, listing the checks they wrote, edited or reviewed, and
an index of them all (people/)."""

from __future__ import annotations

from typing import Any

from factsite.load.scale import Scale
from factsite.render import common
from factsite.render.escape import attr, meta, text
from factsite.render.listings import Pages, paginate
from factsite.render.people import PEOPLE, ROLES, person_url

COUNTS = (("authors", "wrote:"), ("editors", "edited:"), ("reviewed_by", "reviewed:"))


def person_pages(
    claims: list[dict[str, Any]], people: dict[str, dict[str, Any]], scale: Scale
) -> Pages:
    """people/index.md, and people/<id>.md for each person, listing their checks."""
    pages: Pages = {}
    rows = []
    for pid, person in sorted(people.items(), key=lambda p: p[1]["name"].casefold()):
        mine = [c for c in claims if any(pid in (c.get(f) or []) for f, _ in ROLES)]
        n = len(mine)
        rows.append(
            f'<li><a href="../{person_url(pid)}">{text(person["name"])}</a>, '
            f"{text(person['role'])} ({n} check{'s' if n != 1 else ''})</li>"
        )
        links = [
            f'<a href="{attr(person[k])}" rel="me">{label}</a>'
            for k, label in (("page", "Their page"), ("profile", "Public profile"))
            if person.get(k)
        ]
        intro = text(person["role"]) + (f". {' · '.join(links)}" if links else ".")
        counts = [
            f"{verb} {n}"
            for field, verb in COUNTS
            if (n := sum(1 for c in mine if pid in (c.get(field) or [])))
        ]
        if counts:
            intro += f"<br>Checks they {', '.join(counts)}."
        newest = sorted(mine, key=lambda c: (c["published"], c["id"]), reverse=True)
        pages |= paginate(f"{PEOPLE}/{pid}", person["name"], intro, newest, scale)
    body = "# Who writes our checks\n\n" + (
        '<ul class="fs-list">\n' + "\n".join(rows) + "\n</ul>\n" if rows else "No one yet.\n"
    )
    pages[f"{PEOPLE}/index.md"] = common.page({"title": meta("Who writes our checks")}, body)
    return pages

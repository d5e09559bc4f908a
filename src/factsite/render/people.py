"""Who wrote, edited and reviewed a check: its byline and ClaimReview's author.

The people come from people.yaml (check/reference.load_people); a claim names them by id in
`authors`, `editors` and `reviewed_by` (check/people.py holds it to the file). Each person's
page, listing their checks, is people_pages.py's.
"""

from __future__ import annotations

from typing import Any

from factsite.load.site_config import Site
from factsite.render import common
from factsite.render.escape import text
from factsite.render.i18n import N_, Words, english

PEOPLE = "people"
# Each role's sentence in the byline, marked for the catalogue (N_): `names` is the people's
# linked names joined as the language joins a list ("A, B and C").
ROLES = (
    ("authors", N_("By %(names)s.")),
    ("editors", N_("Edited by %(names)s.")),
    ("reviewed_by", N_("Reviewed by %(names)s.")),
)


def person_url(person_id: str) -> str:
    return f"{PEOPLE}/{person_id}/"


def _names(ids: list[str], people: dict[str, dict[str, Any]], here: str, words: Words) -> str:
    links = [
        f'<a href="{common.rel(here, person_url(p))}"><bdi>{text(people[p]["name"])}</bdi></a>'
        for p in ids
        if p in people
    ]
    return words.join(links) if links else ""


def byline_html(
    claim: dict[str, Any],
    people: dict[str, dict[str, Any]],
    here: str,
    words: Words | None = None,
) -> str:
    """ "By A. Edited by B. Reviewed by C." for the roles the claim names, in the site's
    language (names isolated: a Hebrew name keeps its direction in an English byline); ""
    for none."""
    words = words or english()
    parts = [
        words.gettext(sentence, names=_names(claim[field], people, here, words))
        for field, sentence in ROLES
        if claim.get(field)
    ]
    return f'<p class="fs-byline">{" ".join(parts)}</p>\n' if parts else ""


def author_data(
    claim: dict[str, Any], people: dict[str, dict[str, Any]], site: Site
) -> dict[str, Any] | list[dict[str, Any]]:
    """ClaimReview's `author`: the site's organisation, or each author within it (a Person
    who works for it, a team that is part of it)."""
    organisation = {"@type": "Organization", "name": site.publisher, "url": site.publisher_url}
    found = []
    for pid in claim.get("authors") or []:
        person = people.get(pid)
        if person is None:
            continue
        kind = person.get("type", "Person")
        one: dict[str, Any] = {
            "@type": kind,
            "name": person["name"],
            "url": site.page_url(person_url(pid)),
        }
        same = [u for u in (person.get("page"), person.get("profile")) if u]
        if same:
            one["sameAs"] = same
        one["worksFor" if kind == "Person" else "parentOrganization"] = organisation
        found.append(one)
    if not found:
        return organisation
    return found[0] if len(found) == 1 else found

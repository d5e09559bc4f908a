"""The names that become URLs: an id or a slug may not take a page the site itself uses, nor
another's page.

Each listing folder holds its index (`claims/index.md`, `topics/index.md`, ...) and pages of
50 (`claims/index-2.md`, `topics/gaza-2.md`): a claim, article, topic or verdict id, or a
claimant's slug, named `index` or `index-N` would replace a listing, and `x-N` beside `x` would
replace the second page of x's listing. Two claimants whose names make one slug (`Ynet News`
and `Ynet news`, or two names that transliterate alike) would share one page. Each is a located
problem: the site never silently loses a page.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from factsite.load.document import Document, Path, path_text
from factsite.problems import Problem
from factsite.render.common import slug

RESERVED = re.compile(r"index(?:-[0-9]+)?")
_PAGE = re.compile(r"(.+)-([0-9]+)")


def reserved(name: str) -> bool:
    """True if `name` is a page of a listing folder: index, index-2, ..."""
    return bool(RESERVED.fullmatch(name))


def _reserved_problem(doc: Document, path: Path, name: str, what: str) -> Problem:
    message = (
        f"{path_text(path)}: {what} {name!r} is the name of a page the site makes (a listing): "
        "choose another"
    )
    return doc.problem(path, "reserved-name", message)


def check_reserved_id(doc: Document, what: str) -> list[Problem]:
    """The file's own id (a claim's or an article's) may not name a listing page."""
    value = doc.data.get("id") if isinstance(doc.data, dict) else None
    if isinstance(value, str) and reserved(value):
        return [_reserved_problem(doc, ("id",), value, f"the {what} id")]
    return []


def check_listing_names(
    doc: Document, named: Iterable[tuple[Path, str]], what: str
) -> list[Problem]:
    """Names of one listing folder (topics.yaml's keys, verdicts.yaml's ids): none reserved,
    none the second page of another."""
    named = list(named)
    names = {name for _, name in named}
    problems = []
    for path, name in named:
        if reserved(name):
            problems.append(_reserved_problem(doc, path, name, what))
        elif (m := _PAGE.fullmatch(name)) and m.group(1) in names:
            message = (
                f"{what} {name!r} would replace page {m.group(2)} of the listing of "
                f"{m.group(1)!r}: choose another"
            )
            problems.append(doc.problem(path, "reserved-name", message, key=path[-1] == name))
    return problems


def check_claimant_slugs(docs: list[Document]) -> list[Problem]:
    """Every claimant's page: its slug reserved by no listing, and shared by no other name."""
    first: dict[str, tuple[str, str]] = {}  # slug -> (name, the file that named it first)
    located: list[tuple[Document, str, str]] = []
    for doc in docs:
        claimant = doc.data.get("claimant") if isinstance(doc.data, dict) else None
        name = claimant.get("name") if isinstance(claimant, dict) else None
        if isinstance(name, str):
            s = slug(name)
            first.setdefault(s, (name, doc.path))
            located.append((doc, name, s))
    problems = []
    where = ("claimant", "name")
    for doc, name, s in located:
        other, path = first[s]
        if reserved(s):
            message = (
                f"$.claimant.name: {name!r} makes the page name {s!r}, which a listing of the "
                "site uses: write the name out in full"
            )
            problems.append(doc.problem(where, "reserved-name", message))
        elif other != name:
            message = (
                f"$.claimant.name: {name!r} and {other!r} ({path}) make one claimant page "
                f"({s!r}): write the same name exactly as there, or tell the two apart"
            )
            problems.append(doc.problem(where, "claimant-collision", message))
        elif (m := _PAGE.fullmatch(s)) and m.group(1) in first:
            message = (
                f"$.claimant.name: {name!r} makes the page name {s!r}, page {m.group(2)} of the "
                f"listing of {first[m.group(1)][0]!r}: tell the two apart"
            )
            problems.append(doc.problem(where, "reserved-name", message))
    return problems

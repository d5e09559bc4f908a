"""Who a check names: its `authors`, `editors` and `reviewed_by` are people of people.yaml.

A cross-file rule, run once over the checked claims (check/project.py): a claim names only
people the site lists, so every byline leads to a person's page, and a reviewer is someone
other than the check's authors (a review by oneself is no review).
"""

from __future__ import annotations

from typing import Any

from factsite.check.pool import read_back
from factsite.load.document import Document
from factsite.load.files import PEOPLE_FILE, Layout
from factsite.problems import Problem

FIELDS = ("authors", "editors", "reviewed_by")


def named(data: Any, field: str) -> list[str]:
    """The ids a claim lists under `field`, as far as they are text."""
    found = data.get(field) if isinstance(data, dict) else None
    return [x for x in found if isinstance(x, str)] if isinstance(found, list) else []


def check_people(
    layout: Layout, docs: list[Document], people: dict[str, dict[str, Any]], broken: bool
) -> list[Problem]:
    """Unknown people and self-reviews in every claim of `docs`. `broken`: people.yaml has
    problems of its own, reported there; no name is then called unknown."""
    problems = []
    for doc in docs:
        found = []
        authors = set(named(doc.data, "authors"))
        for field in FIELDS:
            for i, pid in enumerate(named(doc.data, field)):
                if pid not in people and not broken:
                    known = ", ".join(sorted(people)) or f"none: there is no {PEOPLE_FILE}"
                    message = f"$.{field}[{i}]: {pid!r} is not in {PEOPLE_FILE} (known: {known})"
                    found.append(((field, i), "unknown-person", message))
                elif field == "reviewed_by" and pid in authors:
                    message = (
                        f"$.reviewed_by[{i}]: {pid!r} is an author of this check; a reviewer is "
                        "someone else"
                    )
                    found.append(((field, i), "self-review", message))
        if found and not doc.text:  # checked by a worker, which sent back no text
            doc.text = read_back(layout, doc.path)
        problems += [doc.problem(path, code, message) for path, code, message in found]
    return problems

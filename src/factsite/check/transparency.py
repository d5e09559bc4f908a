"""The transparency pages against the codes a site names (extra.factsite.standards).

transparency.yaml lists what the IFCN Code of Principles and the EFCSN ask a fact-checker's
pages to say (who is responsible, legal status, funding, contact, how claims are chosen, the
corrections policy, the route to escalate a complaint), each as a `## ` section of a page
under docs/. A section that is missing, empty or still TODO is a located problem that names
the standard asking for it. A site that names no standard is not checked (this repository's
own site does not: its pages were written before this check).

A section is found by its heading in the site's language: `init` writes the pages in that
language from factsite's catalogue (render/site_words.py), and the check looks for the same
message (`say`, the site's gettext), so "## Rechtsform" is the German site's "Legal status".
The English heading is found too (a site whose pages were written before it changed
language), and a problem names the heading in the site's language.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from dataclasses import dataclass
from importlib.resources import files

import yaml

from factsite.check.pages import MAX_PAGE_BYTES, TODO
from factsite.load.files import DOCS_DIR, Layout, read_text
from factsite.problems import Problem

CODE = "transparency-missing"
_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")


@dataclass(frozen=True)
class Item:
    page: str  # under docs/
    section: str  # the text of its `## ` heading
    standard: str  # ifcn, efcsn
    asks: str  # which standard asks for it, and what, in a sentence


@functools.cache
def items() -> tuple[Item, ...]:
    data = yaml.safe_load(files("factsite").joinpath("transparency.yaml").read_text("utf-8"))
    return tuple(Item(**entry) for entry in data)


def check_transparency(
    layout: Layout, standards: tuple[str, ...], say: Callable[[str], str] = str
) -> list[Problem]:
    """A problem for every required section missing, empty or still TODO; `say` gives a
    heading in the site's language."""
    problems: list[Problem] = []
    wanted = [item for item in items() if item.standard in standards]
    for page in dict.fromkeys(item.page for item in wanted):
        rel = f"{DOCS_DIR}/{page}"
        path = layout.root / DOCS_DIR / page
        if not path.is_file():
            for item in (i for i in wanted if i.page == page):
                why = f"no page {rel} with a section '## {say(item.section)}': {item.asks}"
                problems.append(Problem(rel, 1, 1, CODE, why))
            continue
        text, _ = read_text(layout, path, MAX_PAGE_BYTES)
        if text is None:
            continue  # unreadable: check_pages reports it
        sections = _sections(text)
        for item in (i for i in wanted if i.page == page):
            heading = say(item.section)
            found = sections.get(heading.casefold()) or sections.get(item.section.casefold())
            problems += _check(rel, item, heading, found)
    return problems


def _sections(text: str) -> dict[str, tuple[int, list[tuple[int, str]]]]:
    """{heading, casefolded: (its line, [(line, text) of its body])} of the `## ` sections."""
    found: dict[str, tuple[int, list[tuple[int, str]]]] = {}
    current: list[tuple[int, str]] | None = None
    for number, line in enumerate(text.splitlines(), 1):
        heading = _HEADING.match(line)
        if heading and len(heading.group(1)) <= 2:
            current = None
            if len(heading.group(1)) == 2:
                current = []
                found.setdefault(heading.group(2).casefold(), (number, current))
            continue
        if current is not None:
            current.append((number, line))
    return found


def _check(
    rel: str, item: Item, heading: str, section: tuple[int, list[tuple[int, str]]] | None
) -> list[Problem]:
    if section is None:
        why = f"no section '## {heading}': {item.asks}; add it, with your own facts"
        return [Problem(rel, 1, 1, CODE, why)]
    line, body = section
    todos = [(n, TODO.search(text)) for n, text in body if TODO.search(text)]
    if todos:
        number, found = todos[0]
        why = f"'## {heading}' is still TODO: {item.asks}; say it in your own words"
        return [Problem(rel, number, found.start() + 1 if found else 1, CODE, why)]
    if not any(text.strip() for _, text in body):
        why = f"'## {heading}' is empty: {item.asks}"
        return [Problem(rel, line, 1, CODE, why)]
    return []

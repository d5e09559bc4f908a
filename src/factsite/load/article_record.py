"""The record an article import produces (`Extracted`), and the values a user gives.

An import from a page fills what the page says and records where each value was found; the
user's options win over it (`with_given`), and the plain-text route takes them all
(`from_text`). What is required but neither found nor given is one problem that names the
options to give (`missing_metadata`). `summary` shows the user what was found, and where.
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from factsite.load import page_dates, page_meta
from factsite.load.schema_data import schema_data
from factsite.problems import Problem

LANGUAGE = re.compile(schema_data("article")["properties"]["language"]["pattern"])
GIVEN = "given"  # found_in for a value the user gave
# What is missing -> how to give it: the command's options.
_NEEDED = {
    "outlet": ("no outlet name", "--outlet NAME"),
    "published": ("no publication date", "--published YYYY-MM-DD"),
    "language": ("no language", "--language CODE (a BCP 47 tag such as en, he or az)"),
}


@dataclass(frozen=True)
class Extracted:
    """An article's metadata and text, before it is written. The text has one paragraph a line."""

    title: str
    url: str
    text: str
    outlet: str | None = None
    outlet_url: str | None = None
    published: str | None = None  # YYYY-MM-DD
    language: str | None = None  # BCP 47
    authors: tuple[str, ...] = ()
    found_in: Mapping[str, str] = field(default_factory=dict)  # field -> where it was found
    notes: tuple[str, ...] = ()  # what the user should check before relying on it
    unconfirmed: tuple[str, ...] = ()  # fields whose value is a guess a person must confirm


def missing_metadata(extracted: Extracted, source: str) -> Problem | None:
    """The required fields that were neither found nor given, as one problem."""
    missing = [name for name in _NEEDED if getattr(extracted, name) is None]
    if not missing:
        return None
    what = " and ".join(_NEEDED[name][0] for name in missing)
    how = ", ".join(_NEEDED[name][1] for name in missing)
    return Problem(source, 1, 1, "missing-metadata", f"{what} found: give it with {how}")


def given_problem(values: Mapping[str, str], source: str) -> Problem | None:
    """A value given as an option that the article file could not hold."""
    url, date, lang = values.get("url"), values.get("published"), values.get("language")
    if url is not None and not page_meta.http_url(url):
        return Problem(source, 1, 1, "bad-url", f"--url {url!r}: give an absolute http(s) address")
    if date is not None and page_dates.iso_date(date) != date:
        why = "write a real date as YYYY-MM-DD"
        return Problem(source, 1, 1, "bad-date", f"--published {date!r}: {why}")
    if lang is not None and not LANGUAGE.fullmatch(lang):
        why = "give a BCP 47 tag such as en, he or az"
        return Problem(source, 1, 1, "invalid-value", f"--language {lang!r}: {why}")
    return None


def split_authors(names: str | None) -> tuple[str, ...]:
    """Names joined by ";", as in "Dana Levi; Rashad Mammadov" (trafilatura joins them so)."""
    return tuple(n for n in (page_meta.clean(a) for a in (names or "").split(";")) if n)


def with_given(extracted: Extracted, source: str, **given: str | None) -> Extracted | Problem:
    """`extracted` with the values the user gave (title, outlet, published, language, author):
    they win over what the page says, so a wrong extraction is corrected on the command line."""
    values: dict[str, Any] = {}
    for key, value in given.items():
        text = page_meta.clean(value)
        if text is not None:
            values[key] = text
    problem = given_problem(values, source)
    if problem is not None:
        return problem
    if "author" in values:
        values["authors"] = split_authors(values.pop("author"))
    found = dict(extracted.found_in) | dict.fromkeys(values, GIVEN)
    doubted = tuple(f for f in extracted.unconfirmed if f not in values)  # given is confirmed
    return dataclasses.replace(extracted, **values, found_in=found, unconfirmed=doubted)


def from_text(
    text: str,
    *,
    title: str | None,
    url: str | None,
    outlet: str | None,
    published: str | None,
    language: str | None,
    author: str | None = None,
    source: str = "<text>",
) -> Extracted | Problem:
    """The plain-text route: the text as given (one paragraph a line), metadata as options."""
    raw = {"title": title, "url": url, "outlet": outlet, "published": published}
    values = {k: page_meta.clean(v) for k, v in (raw | {"language": language}).items()}
    missing = [f"--{k}" for k, v in values.items() if v is None]
    if missing:
        why = f"the text route needs the article's metadata: give {', '.join(missing)}"
        return Problem(source, 1, 1, "missing-metadata", why)
    given = {k: v for k, v in values.items() if v is not None}
    problem = given_problem(given, source)
    if problem is not None:
        return problem
    lines = snapshot_lines(text)
    if not lines:
        return Problem(source, 1, 1, "no-article-text", "the file holds no text")
    return Extracted(
        title=given["title"],
        url=given["url"],
        text="\n".join(lines),
        outlet=given["outlet"],
        published=given["published"],
        language=given["language"],
        authors=split_authors(author),
        found_in=dict.fromkeys([*given, *(["authors"] if author else [])], GIVEN),
    )


def snapshot_lines(text: str) -> list[str]:
    """One paragraph a line, whitespace collapsed, unprintable characters dropped."""
    return [line for line in map(page_meta.clean, text.splitlines()) if line]


def _clip(text: str, limit: int = 72) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def summary(extracted: Extracted) -> str:
    """What the import found and where, for the user to check before committing the files."""
    e = extracted
    rows = [
        ("title", e.title),
        ("outlet", e.outlet),
        ("published", e.published),
        ("language", e.language),
        ("authors", "; ".join(e.authors) or None),
        ("url", e.url),
    ]
    out = ["Found:"]
    for name, value in rows:
        where = e.found_in.get(name)
        shown = f"{_clip(value)}  ({where})" if value and where else value or "not found"
        shown += "  UNCONFIRMED: a guess, check it" if name in e.unconfirmed else ""
        out.append(f"  {name:<10} {shown}")
    paragraphs = e.text.splitlines()
    out.append(f"  {'text':<10} {len(paragraphs)} paragraphs, {len(e.text):,} characters")
    out += [f"  {'':<10} {_clip(line)}" for line in paragraphs[:3]]
    out += [f"  check: {note}" for note in e.notes]
    return "\n".join(out) + "\n"

"""Rules that JSON Schema cannot express: real dates, safe URLs, snippet markers, known topics.

Each rule takes a Document whose data may still be malformed (the schema check reports that), so
every rule guards its types and never raises.
"""

from __future__ import annotations

import datetime as dt
import os
import re
import unicodedata
from pathlib import PurePosixPath
from typing import Any
from urllib.parse import urlsplit

from anyascii import anyascii

from factsite.check.quotes import normalise
from factsite.load.document import Document, Path, path_text
from factsite.problems import Problem


def today() -> dt.date:
    """Today, or FACTSITE_TODAY (YYYY-MM-DD) so that tests and rebuilds are reproducible."""
    fixed = os.environ.get("FACTSITE_TODAY")
    if fixed:
        return dt.date.fromisoformat(fixed)
    return dt.date.today()


def parse_date(value: str) -> dt.date | None:
    """A YYYY, YYYY-MM or YYYY-MM-DD string as the first day it can mean; None if not real."""
    try:
        if len(value) == 4:
            return dt.date(int(value), 1, 1)
        if len(value) == 7:
            return dt.date(int(value[:4]), int(value[5:7]), 1)
        return dt.date.fromisoformat(value)
    except ValueError:
        return None


def _get(data: Any, key: str) -> Any:
    return data.get(key) if isinstance(data, dict) else None


def _dates(data: dict[str, Any]) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for key in ("claim_date", "published", "updated"):
        if isinstance(data.get(key), str):
            found.append(((key,), data[key]))
    for group in ("sources", "updates"):
        items = data.get(group)
        if isinstance(items, list):
            for i, item in enumerate(items):
                if isinstance(_get(item, "date"), str):
                    found.append(((group, i, "date"), item["date"]))
    return found


def check_dates(doc: Document, on: dt.date) -> list[Problem]:
    data = doc.data
    if not isinstance(data, dict):
        return []
    problems: list[Problem] = []
    real: dict[Path, dt.date] = {}
    for path, value in _dates(data):
        if not re.fullmatch(r"[0-9]{4}(-[0-9]{2}(-[0-9]{2})?)?", value):
            continue  # the schema reports the shape
        when = parse_date(value)
        where = path_text(path)
        if when is None:
            problems.append(doc.problem(path, "bad-date", f"{where}: {value!r} is not a real date"))
        elif when > on:
            problems.append(
                doc.problem(
                    path, "future-date", f"{where}: {value} is in the future (today is {on})"
                )
            )
        else:
            real[path] = when
    published = real.get(("published",))
    claimed, updated = real.get(("claim_date",)), real.get(("updated",))
    if published and claimed and claimed > published:
        problems.append(
            doc.problem(
                ("claim_date",),
                "date-order",
                f"$.claim_date: the claim ({claimed}) was made after its "
                f"check was published ({published})",
            )
        )
    if published and updated and updated < published:
        problems.append(
            doc.problem(
                ("updated",),
                "date-order",
                f"$.updated: {updated} is before $.published ({published})",
            )
        )
    for path, when in real.items():
        if path[0] == "updates" and published and when < published:
            problems.append(
                doc.problem(
                    path,
                    "date-order",
                    f"$.updates[{path[1]}].date: {when} is before the check "
                    f"was published ({published})",
                )
            )
        if path[0] == "updates" and updated and when > updated:
            problems.append(
                doc.problem(
                    ("updated",),
                    "date-order",
                    f"$.updated: {updated} is before the update of {when}; "
                    "set it to the latest update's date",
                )
            )
    return problems


_SPACE = re.compile(r"\s")  # str.isspace's characters (both are Py_UNICODE_ISSPACE)


def url_problem(value: str) -> str | None:
    """Why `value` is not a safe absolute http(s) URL, or None."""
    if _SPACE.search(value) or not value.isprintable():
        return "contains spaces or control characters"
    try:
        parts = urlsplit(value)
        host = parts.hostname
    except ValueError:
        return "cannot be parsed"
    if parts.scheme not in ("http", "https"):
        return f"uses the scheme {parts.scheme + ':' if parts.scheme else '(none)'}; only http(s)"
    if not host or "." not in host.strip("."):
        return "has no host name"
    if parts.username or parts.password:
        return "carries a user name or password"
    return None


def _urls(data: dict[str, Any]) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    for key in ("url", "outlet_url", "archive_url"):
        if isinstance(data.get(key), str):
            found.append(((key,), data[key]))
    if isinstance(_get(data.get("claimant"), "url"), str):
        found.append((("claimant", "url"), data["claimant"]["url"]))
    if isinstance(_get(data.get("media"), "url"), str):
        found.append((("media", "url"), data["media"]["url"]))
    sources = data.get("sources")
    if isinstance(sources, list):
        for i, src in enumerate(sources):
            for key in ("url", "archive_url"):
                if isinstance(_get(src, key), str):
                    found.append((("sources", i, key), src[key]))
    return found


def check_urls(doc: Document) -> list[Problem]:
    data = doc.data
    if not isinstance(data, dict):
        return []
    problems = []
    for path, value in _urls(data):
        why = url_problem(value)
        if why:
            where = path_text(path)
            problems.append(doc.problem(path, "bad-url", f"{where}: {value[:80]!r} {why}"))
    seen: dict[str, int] = {}
    sources = data.get("sources")
    for i, src in enumerate(sources if isinstance(sources, list) else []):
        url = _get(src, "url")
        if isinstance(url, str):
            if url in seen:
                problems.append(
                    doc.problem(
                        ("sources", i, "url"),
                        "duplicate-source",
                        f"$.sources[{i}].url: already listed as $.sources[{seen[url]}]",
                    )
                )
            seen.setdefault(url, i)
    return problems


def markdown_problems(text: str) -> list[tuple[int, str]]:
    """(offset, why) for each snippet marker: pymdownx.snippets would read a file there. Every
    link, image and attribute is judged on the HTML the text makes (check/markup.py)."""
    return [
        (m.start(), "the snippet marker --8<-- is not allowed")
        for m in re.finditer(r"--8<--", text)
    ]


def check_markdown(doc: Document, field: str = "analysis") -> list[Problem]:
    value = _get(doc.data, field)
    if not isinstance(value, str):
        return []
    return [
        doc.problem_at((field,), offset, "unsafe-markdown", f"$.{field}: {why}")
        for offset, why in markdown_problems(value)
    ]


def skeleton(value: str) -> str:
    """What `value` looks like, for matching words however they were disguised: compatibility
    forms folded (NFKC), invisible format characters dropped (zero-width space, soft hyphen,
    bidi controls), every script transliterated (Cyrillic look-alikes read as Latin), lower
    case."""
    value = unicodedata.normalize("NFKC", value)
    visible = "".join(c for c in value if unicodedata.category(c) != "Cf")
    return " ".join(anyascii(visible).lower().split())


def check_claim_words(doc: Document, labels: list[str]) -> list[Problem]:
    claim = _get(doc.data, "claim")
    if not isinstance(claim, str):
        return []
    low = f" {normalise(claim).lower()} "
    seen = f" {skeleton(claim)} "
    for label in sorted(labels, key=len, reverse=True):
        found = re.search(rf"(?<![\w-]){re.escape(label.lower())}(?![\w-])", low)
        if found or re.search(rf"(?<![\w-]){re.escape(skeleton(label))}(?![\w-])", seen):
            return [
                doc.problem(
                    ("claim",),
                    "verdict-in-claim",
                    f"$.claim: contains the verdict word {label!r}; state the claim "
                    "itself, the verdict goes in $.verdict",
                )
            ]
    return []


def expected_modeline(claim_path: str, schema_path: str) -> str:
    depth = claim_path.count("/")
    return f"# yaml-language-server: $schema={'../' * depth}{schema_path}"


def check_modeline(doc: Document, schema_path: str) -> list[Problem]:
    want = expected_modeline(doc.path, schema_path)
    first = doc.text.lstrip("\ufeff").split("\n", 1)[0].rstrip("\r")
    if first.strip() == want:
        return []
    return [Problem(doc.path, 1, 1, "schema-modeline", f"the first line must be: {want}")]


def check_topics(doc: Document, known: set[str]) -> list[Problem]:
    topics = _get(doc.data, "topics")
    if not isinstance(topics, list):
        return []
    return [
        doc.problem(
            ("topics", i),
            "unknown-topic",
            f"$.topics[{i}]: {t!r} is not in topics.yaml (known: {', '.join(sorted(known))})",
        )
        for i, t in enumerate(topics)
        if isinstance(t, str) and t not in known
    ]


def check_id_is_file_name(doc: Document) -> list[Problem]:
    """A claim's or an article's id is its file name, so that links and files agree."""
    cid = _get(doc.data, "id")
    stem = PurePosixPath(doc.path).stem
    if not isinstance(cid, str) or cid == stem:
        return []
    message = f"$.id: {cid!r} differs from the file name {stem!r}: rename one of them"
    return [doc.problem(("id",), "id-mismatch", message)]


def check_conclusion(doc: Document, conclusion_ids: frozenset[str]) -> list[Problem]:
    """A verdict of a scale without ratings needs the claim's own conclusion; any other
    verdict has a label of its own, and a conclusion beside it would never be shown."""
    verdict, conclusion = _get(doc.data, "verdict"), _get(doc.data, "conclusion")
    if not isinstance(verdict, str):
        return []
    if verdict in conclusion_ids and conclusion is None:
        message = (
            f"$.verdict: {verdict!r} shows the claim's own conclusion: add `conclusion:` with "
            "what the evidence shows, in a few words"
        )
        return [doc.problem(("verdict",), "conclusion-field", message)]
    if verdict not in conclusion_ids and conclusion is not None:
        message = (
            f"$.conclusion: the verdict {verdict!r} has its own label; remove the conclusion "
            "(it is only for scales without ratings)"
        )
        return [doc.problem(("conclusion",), "conclusion-field", message, key=True)]
    return []

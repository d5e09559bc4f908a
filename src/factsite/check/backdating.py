"""The rule against backdating, across the project: dates against the claims' git history.

load/history.py reads the history, substance.py finds each file's last change of substance,
and this module turns them into problems. It runs once, in this
process, after every file has been checked (a whole-project check only), so worker processes
pay nothing for it.
"""

from __future__ import annotations

import re
from typing import Any

from factsite.check.pool import read_back
from factsite.check.substance import Substantive, last_substantive
from factsite.load.document import Document, Path
from factsite.load.files import Layout
from factsite.load.history import Change, History, added
from factsite.problems import Problem

_DAY = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _day(data: dict[str, Any], key: str) -> str | None:
    value = data.get(key)
    return value if isinstance(value, str) and _DAY.fullmatch(value) else None


def _last_update(data: dict[str, Any]) -> str | None:
    updates = data.get("updates")
    days = [
        u["date"]
        for u in (updates if isinstance(updates, list) else [])
        if isinstance(u, dict) and isinstance(u.get("date"), str) and _DAY.fullmatch(u["date"])
    ]
    return max(days) if days else None


def _shown(data: dict[str, Any], published: str) -> str:
    """The date the page shows as updated (render/common.updated): `updated`, else
    `published`."""
    return _day(data, "updated") or published


def _covered(data: dict[str, Any]) -> str | None:
    """The day up to which a change of substance is accounted for by the file's dates: before
    publication, or on or before both the date shown as updated and the last `updates`
    entry. None without a publication date (the schema reports that)."""
    published = _day(data, "published")
    if published is None:
        return None
    return max(published, min(_shown(data, published), _last_update(data) or ""))


def check_backdating(
    layout: Layout, docs: list[Document], histories: History | None
) -> list[Problem]:
    """The backdating problems of every committed claim file in `docs`; `histories` is
    read_history's, read once for every rule that compares with git."""
    if not histories:
        return []
    docs = [d for d in docs if isinstance(d.data, dict) and d.path in histories]
    covered = {d.path: _covered(d.data) for d in docs}
    changed = last_substantive(
        layout.root,
        {d.path: histories[d.path] for d in docs if covered[d.path]},
        {path: day for path, day in covered.items() if day},
    )
    problems = []
    for doc in docs:
        found = _problems(doc.data, histories[doc.path], changed.get(doc.path))
        if found and not doc.text:  # checked by a worker, which sent back no text
            doc.text = read_back(layout, doc.path)
        problems += [doc.problem(path, "backdated", message) for path, message in found]
    return problems


def _problems(
    data: dict[str, Any], history: tuple[Change, ...], change: Substantive | None
) -> list[tuple[Path, str]]:
    found: list[tuple[Path, str]] = []
    published, first = _day(data, "published"), added(history)
    if published and first and published < first.date:
        found.append(
            (
                ("published",),
                f"$.published: {published} is before the day this file entered the history "
                f"({first.date}, commit {first.sha[:7]}): a check is published when it first "
                f"appears; set it to {first.date} or later",
            )
        )
    if not published or change is None or change.day <= (_covered(data) or ""):
        return found
    shown = _shown(data, published)
    where: Path = ("updated",) if "updated" in data else ("published",)
    changed = f"on {change.day} ({', '.join(change.fields)}; commit {change.commit[:7]})"
    if shown >= change.day:
        message = (
            f"$.updated: the check changed in substance {changed}, but no `updates` entry "
            f"dated {change.day} or later says what changed: add one"
        )
    else:
        message = (
            f"$.{where[0]}: the page says {shown}, but the check changed in substance "
            f"{changed}: add an `updates` entry dated {change.day} or later that says what "
            "changed, and set `updated` to its date (a check not yet published moves "
            "`published` to the day it goes live instead)"
        )
    found.append((where, message))
    return found

"""What a change of substance is, and the newest one of each claim file (for backdating.py).

A change of substance is a commit whose version of the file differs from the version before it
in the claimant, the verdict, the ruling or the analysis (whitespace aside: re-wrapping a
paragraph is not a change), or in its sources' urls and stances (a source added, removed,
replaced, or now read the other way). Titles, publishers, notes, kinds, relations, dates and
archive links of sources, topics and the dates themselves are not: fixing them needs no entry.

The history comes from load/history.py, the one reader of git. Versions are read (one `git
cat-file --batch` for all of them) only for commits dated after the day up to which a file's
dates already account for changes; when every date is right, none is.
"""

from __future__ import annotations

import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from factsite.load.history import History, Versions
from factsite.load.strict_yaml import parse


@dataclass(frozen=True)
class Substantive:
    commit: str
    day: str
    fields: tuple[str, ...]  # what changed: claimant, verdict, ruling, analysis, sources


def substance(data: Any) -> dict[str, Any] | None:
    """What a change of substance changes, from a file's parsed data (None: unreadable)."""
    if not isinstance(data, dict):
        return None

    def words(value: Any) -> Any:
        return " ".join(value.split()) if isinstance(value, str) else value

    sources = data.get("sources")
    return {
        "claimant": data.get("claimant"),
        "verdict": data.get("verdict"),
        "ruling": words(data.get("ruling")),
        "analysis": words(data.get("analysis")),
        "sources": [
            (s.get("url"), s.get("stance")) if isinstance(s, dict) else s
            for s in (sources if isinstance(sources, list) else [])
        ],
    }


class _Substances:
    """Each version's substance, parsed once, its text read through one Versions."""

    def __init__(self, root: Path) -> None:
        self.versions = Versions(root)
        self.seen: dict[str, dict[str, Any] | None] = {}

    def of(self, blob: str | None) -> dict[str, Any] | None:
        if blob is None:
            return None
        if blob not in self.seen:
            text = self.versions.text(blob)
            self.seen[blob] = None if text is None else substance(parse("", text).data)
        return self.seen[blob]

    def close(self) -> None:
        self.versions.close()


def last_substantive(
    root: Path, histories: History, after: dict[str, str]
) -> dict[str, Substantive]:
    """For each file, its newest change of substance dated after `after[path]`, if any.

    A change on or before that day cannot make the file's dates wrong (backdating.py gives
    the day), so it is never read: a project whose dates are right reads no version at all,
    and a file with a single commit (its add) never does.
    """
    found: dict[str, Substantive] = {}
    versions = _Substances(root)
    try:
        for path, changes in histories.items():
            since = after.get(path, "")
            for change in changes:
                if change.before is None:
                    break  # the add: no change of substance before it
                if change.date <= since:
                    continue
                old, new = versions.of(change.before), versions.of(change.after)
                if old != new:
                    before, now = old or {}, new or {}
                    keys = sorted(before.keys() | now.keys())
                    what = tuple(k for k in keys if before.get(k) != now.get(k))
                    found[path] = Substantive(change.sha, change.date, what)
                    break
    except (OSError, ValueError, subprocess.SubprocessError):
        pass  # git went away mid-way: what was found stands
    finally:
        versions.close()
    return found

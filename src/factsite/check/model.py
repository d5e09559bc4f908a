"""What the check stage hands to the renderer: a checked Project and its Articles."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from factsite.load.files import Layout
from factsite.load.scale import Scale
from factsite.problems import Problem


@dataclass
class Article:
    data: dict[str, Any]
    snapshot: str  # the article's text
    normalised: str  # the same, folded by quotes.normalise for quote checks

    @property
    def id(self) -> str:
        return str(self.data["id"])


@dataclass
class Project:
    layout: Layout
    scale: Scale
    articles: dict[str, Article] = field(default_factory=dict)
    claims: list[dict[str, Any]] = field(default_factory=list)  # valid claims, sorted by id
    claim_paths: dict[str, str] = field(default_factory=dict)  # id -> file path
    topics: dict[str, str] = field(default_factory=dict)  # slug -> label
    people: dict[str, dict[str, Any]] = field(default_factory=dict)  # id -> people.yaml entry
    # claim files that cannot be published (drafts, files with problems): (path, data as far as
    # it could be read, its problems), for the preview of `factsite serve` (drafts: check/policy.py)
    unpublished: list[tuple[str, Any, list[Problem]]] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    # each claim file's own check, for the next check to reuse (check/memo.py)
    memo: dict[str, Any] = field(default_factory=dict, repr=False, compare=False)

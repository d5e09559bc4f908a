"""The checks a claim's page suggests next: the same claimant first, then the most topics in
common, the most recently published first among equals. A retracted check is never suggested.

Built once for the whole site (an index by claimant and by topic), so that a site of 10,000
checks pays for the few candidates at the head of each list, not for every pair.
"""

from __future__ import annotations

from typing import Any

from factsite.render.common import slug
from factsite.render.front import newest_checks

SHOWN = 4
_LOOK = 12  # candidates read from the head of each list


class Related:
    def __init__(self, claims: list[dict[str, Any]]) -> None:
        live = newest_checks(claims)  # the front page's order, retracted checks left out
        self._by_claimant: dict[str, list[dict[str, Any]]] = {}
        self._by_topic: dict[str, list[dict[str, Any]]] = {}
        # what ranking a candidate reads of it: its claimant's slug, its topics, its place
        self._of = {
            c["id"]: (slug(c["claimant"]["name"]), frozenset(c["topics"]), n)
            for n, c in enumerate(live)
        }
        self._ranks: dict[tuple[str, frozenset[str]], list[dict[str, Any]]] = {}
        for c in live:
            self._by_claimant.setdefault(self._of[c["id"]][0], []).append(c)
            for t in c["topics"]:
                self._by_topic.setdefault(t, []).append(c)

    def of(self, claim: dict[str, Any]) -> list[dict[str, Any]]:
        """Up to SHOWN other checks, best first."""
        ranked = self._ranked(slug(claim["claimant"]["name"]), frozenset(claim["topics"]))
        return [c for c in ranked[: SHOWN + 1] if c["id"] != claim["id"]][:SHOWN]

    def _ranked(self, same: str, topics: frozenset[str]) -> list[dict[str, Any]]:
        """The candidates of a claimant and topics, best first: the same for every claim
        that has them, so ranked once for them (in any order: each candidate's place in the
        newest-first order breaks every tie)."""
        key = (same, topics)
        ranked = self._ranks.get(key)
        if ranked is None:
            found: dict[str, dict[str, Any]] = {}
            for c in self._by_claimant.get(same, [])[:_LOOK]:
                found[c["id"]] = c
            for t in topics:
                for c in self._by_topic.get(t, [])[:_LOOK]:
                    found[c["id"]] = c

            def rank(c: dict[str, Any]) -> tuple[bool, int, int]:
                theirs, their_topics, place = self._of[c["id"]]
                return (theirs != same, -len(topics & their_topics), place)

            ranked = self._ranks[key] = sorted(found.values(), key=rank)
        return ranked

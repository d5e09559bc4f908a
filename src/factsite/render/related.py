"""The checks a claim's page suggests next: the same claimant first, then the most topics in
common, the most recently published first among equals. A retracted check is never suggested.

Built once for the whole site (an index by claimant and by topic), so that a site of 10,000
checks pays for the few candidates at the head of each list, not for every pair.
"""

from __future__ import annotations

from typing import Any

from factsite.render.common import slug, updated
from factsite.render.front import newest_checks
from factsite.render.retraction import retraction

SHOWN = 4
_LOOK = 12  # candidates read from the head of each list


class Related:
    """`last`: the Related of the previous render (a preview's round), whose rankings are
    kept when what ranking reads of the claims is the same (a save that changed a ruling
    or a verdict, not a claimant, topics, dates or a retraction): a site of 10,000 checks
    then ranks nothing again. A ranking holds ids: what it suggests is this render's claims."""

    def __init__(self, claims: list[dict[str, Any]], last: Related | None = None) -> None:
        self._claims = {c["id"]: c for c in claims}
        self.basis = [
            (
                c["id"],
                c["claimant"]["name"],
                c["topics"],
                updated(c),
                c["published"],
                retraction(c) is None,
            )
            for c in claims
        ]
        if last is not None and last.basis == self.basis:
            self._by_claimant, self._by_topic = last._by_claimant, last._by_topic
            self._of, self._ranks = last._of, last._ranks
            return
        live = newest_checks(claims)  # the front page's order, retracted checks left out
        self._by_claimant: dict[str, list[str]] = {}
        self._by_topic: dict[str, list[str]] = {}
        # what ranking a candidate reads of it: its claimant's slug, its topics, its place
        self._of = {
            c["id"]: (slug(c["claimant"]["name"]), frozenset(c["topics"]), n)
            for n, c in enumerate(live)
        }
        self._ranks: dict[tuple[str, frozenset[str]], list[str]] = {}
        for c in live:
            self._by_claimant.setdefault(self._of[c["id"]][0], []).append(c["id"])
            for t in c["topics"]:
                self._by_topic.setdefault(t, []).append(c["id"])

    def of(self, claim: dict[str, Any]) -> list[dict[str, Any]]:
        """Up to SHOWN other checks, best first."""
        known = self._of.get(claim["id"])  # a live check's, already made
        same, topics = known[:2] if known else (slug(claim["claimant"]["name"]), None)
        ranked = self._ranked(same, topics or frozenset(claim["topics"]))
        return [self._claims[c] for c in ranked[: SHOWN + 1] if c != claim["id"]][:SHOWN]

    def _ranked(self, same: str, topics: frozenset[str]) -> list[str]:
        """The candidates of a claimant and topics, best first: the same for every claim
        that has them, so ranked once for them (in any order: each candidate's place in the
        newest-first order breaks every tie)."""
        key = (same, topics)
        ranked = self._ranks.get(key)
        if ranked is None:
            found: dict[str, None] = {}
            for c in self._by_claimant.get(same, [])[:_LOOK]:
                found[c] = None
            for t in topics:
                for c in self._by_topic.get(t, [])[:_LOOK]:
                    found[c] = None

            def rank(c: str) -> tuple[bool, int, int]:
                theirs, their_topics, place = self._of[c]
                return (theirs != same, -len(topics & their_topics), place)

            ranked = self._ranks[key] = sorted(found, key=rank)
        return ranked

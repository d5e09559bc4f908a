"""Rules on a claim's sources that JSON Schema cannot express: independence and pointers.

A source is *independent* when it is neither a pointer (a mirror or an aggregator, which copy
someone else's page) nor related to the claimant (its `relation` field). The methodology asks
for at least two independent sources for every rated check, and allows pointers only as
context: they lead to evidence, they are not evidence.
"""

from __future__ import annotations

from typing import Any

from factsite.load.document import Document
from factsite.problems import Problem

POINTER_KINDS = ("mirror", "aggregator")
MIN_INDEPENDENT = 2
_A = {"mirror": "a mirror", "aggregator": "an aggregator"}


def is_independent(source: dict[str, Any]) -> bool:
    return source.get("kind") not in POINTER_KINDS and not source.get("relation")


def _sources(doc: Document) -> list[dict[str, Any]] | None:
    """The sources, or None while any of them lacks a kind (the schema reports that first)."""
    data = doc.data
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(sources, list):
        return None
    if not all(isinstance(s, dict) and isinstance(s.get("kind"), str) for s in sources):
        return None
    return sources


def check_independence(doc: Document, rated: frozenset[str]) -> list[Problem]:
    """A rated verdict (one with a rating in verdicts.yaml) rests on at least two independent
    sources; Unverifiable, which records the lack of evidence, may have fewer."""
    verdict = doc.data.get("verdict") if isinstance(doc.data, dict) else None
    sources = _sources(doc)
    if sources is None or not isinstance(verdict, str) or verdict not in rated:
        return []
    found = [i for i, s in enumerate(sources) if is_independent(s)]
    if len(found) >= MIN_INDEPENDENT:
        return []
    which = ", ".join(f"$.sources[{i}]" for i in found) or "none"
    return [
        doc.problem(
            ("sources",),
            "too-few-independent-sources",
            f"$.sources: the verdict {verdict!r} needs at least {MIN_INDEPENDENT} independent "
            f"sources, found {len(found)} ({which}); mirrors, aggregators and sources with a "
            "`relation` to the claimant do not count",
        )
    ]


def check_pointer_stance(doc: Document) -> list[Problem]:
    """A mirror or an aggregator is listed as context only, never as evidence for or
    against the claim."""
    problems = []
    for i, source in enumerate(_sources(doc) or []):
        kind, stance = source["kind"], source.get("stance")
        if kind in POINTER_KINDS and stance in ("supports", "contradicts"):
            problems.append(
                doc.problem(
                    ("sources", i, "stance"),
                    "pointer-as-evidence",
                    f"$.sources[{i}].stance: {stance!r}, but {_A[kind]} is a pointer, not "
                    'evidence: make it `context` (its note begins "A pointer only, not '
                    'evidence.") and cite the page it copies, if you can find it',
                )
            )
    return problems

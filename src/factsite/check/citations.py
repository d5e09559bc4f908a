"""Footnote-style citations in an analysis: `[^n]` markers and `[^n]: URL` definitions.

A statement of an analysis is sourced by a marker right after it (`... in 2014.[^1]`) and a
definition line anywhere in the analysis (`[^1]: https://...`) whose URL is one of the claim's
sources. The claim page renders each marker as a superscript link to the numbered entry of its
sources list (render/sources.py) and drops the definitions, so the page never depends on a
Markdown footnotes extension. `parse` is shared by the rule below and the renderer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from factsite.load.document import Document
from factsite.problems import Problem

LABEL = r"[A-Za-z0-9_-]{1,40}"
# A definition is a line of its own, as in Markdown's footnotes: `[^1]: https://...`.
DEFINITION = re.compile(rf"^[ ]{{0,3}}\[\^({LABEL})\]:[ \t]*(.*?)[ \t]*(?:\n|$)", re.M)
MARKER = re.compile(rf"\[\^({LABEL})\]")


@dataclass(frozen=True)
class Definition:
    label: str
    target: str  # the URL, without angle brackets
    start: int  # offset of the line in the analysis
    end: int  # offset after the line (its newline included)
    target_at: int  # offset of the URL


@dataclass(frozen=True)
class Marker:
    label: str
    at: int


def parse(text: str) -> tuple[list[Marker], list[Definition]]:
    """The markers and the definitions of `text`, in order."""
    definitions = []
    for m in DEFINITION.finditer(text):
        target, at = m.group(2), m.start(2)
        if target.startswith("<") and target.endswith(">"):
            target, at = target[1:-1], at + 1
        definitions.append(Definition(m.group(1), target, m.start(), m.end(), at))
    taken = [(d.start, d.end) for d in definitions]
    markers = [
        Marker(m.group(1), m.start())
        for m in MARKER.finditer(text)
        if not any(start <= m.start() < end for start, end in taken)
    ]
    return markers, definitions


def targets(text: str) -> dict[str, str]:
    """label -> URL of each definition (the first one, when a label is defined twice)."""
    found: dict[str, str] = {}
    for d in parse(text)[1]:
        found.setdefault(d.label, d.target)
    return found


def check_citations(doc: Document) -> list[Problem]:
    """Every marker has a definition, every definition is cited and names a listed source."""
    data: Any = doc.data
    text = data.get("analysis") if isinstance(data, dict) else None
    sources = data.get("sources") if isinstance(data, dict) else None
    if not isinstance(text, str):
        return []
    listed = sources if isinstance(sources, list) else []
    urls = {s["url"] for s in listed if isinstance(s, dict) and isinstance(s.get("url"), str)}
    markers, definitions = parse(text)
    defined: dict[str, Definition] = {}
    found: list[tuple[int, str]] = []
    for d in definitions:
        if d.label in defined:
            found.append((d.start, f"[^{d.label}] is defined twice: keep one definition"))
            continue
        defined[d.label] = d
        if d.target not in urls:
            shown = d.target[:80] or "(nothing)"
            found.append(
                (
                    d.target_at,
                    f"[^{d.label}] points at {shown!r}, which is not the url of a source in "
                    "$.sources: copy the url of the source that gives the fact",
                )
            )
    cited = {m.label for m in markers}
    for m in markers:
        if m.label not in defined:
            found.append(
                (
                    m.at,
                    f"[^{m.label}] has no definition: add a line `[^{m.label}]: URL` with "
                    "the url of a listed source",
                )
            )
    for d in defined.values():
        if d.label not in cited:
            found.append(
                (d.start, f"[^{d.label}] is defined but never cited: cite it or remove it")
            )
    return [
        doc.problem_at(("analysis",), offset, "bad-citation", f"$.analysis: {why}")
        for offset, why in sorted(found)
    ]

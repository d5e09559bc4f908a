"""Verbatim quotes: fold typography and whitespace, then find a claim's quote in its article.

A quote must appear word for word in the article's text snapshot; only whitespace, typographic
quotes and dashes are normalised (`normalise`). The annotated article uses the same folding,
with a map back to the original characters (`normalise_with_map`).
"""

from __future__ import annotations

import functools
import re
import unicodedata

from factsite.load.document import Document
from factsite.problems import Problem

_QUOTES = str.maketrans(
    {c: "'" for c in "‘’‚‛′´`"} | {c: '"' for c in "“”„‟″«»"} | {c: "-" for c in "‐‑‒–—―−"}
)
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Fold typographic quotes, dashes and whitespace so that a verbatim quote is found."""
    text = unicodedata.normalize("NFC", text).translate(_QUOTES)
    return _SPACE.sub(" ", text).strip()


def normalised_text(text: str) -> str:
    """`normalise` of an article's text, once for each text (`factsite serve` loads the
    articles again on each round; normalising one of 180 kB takes 15 ms)."""
    return _normalised_text(text)


@functools.lru_cache(maxsize=64)
def _normalised_text(text: str) -> str:
    return normalise(text)


@functools.lru_cache(maxsize=8)  # an annotated article's text, once, not once a round
def normalise_with_map(raw: str) -> tuple[str, tuple[int, ...]]:
    """`normalise` of an NFC text, plus for each output character its index in `raw`
    (the annotated article finds quotes in the normalised text and cuts the original)."""
    out: list[str] = []
    where: list[int] = []
    space = False
    for i, ch in enumerate(raw):
        if ch.isspace():
            space = bool(out)
            continue
        if space:
            out.append(" ")
            where.append(i - 1)
            space = False
        out.append(ch.translate(_QUOTES))
        where.append(i)
    return "".join(out), tuple(where)  # kept by the cache: not to be changed


def check_quote(doc: Document, snapshot_normalised: str | None) -> list[Problem]:
    quote = doc.data.get("quote") if isinstance(doc.data, dict) else None
    if not isinstance(quote, str) or snapshot_normalised is None:
        return []
    needle = normalise(quote)
    if needle and found_whole(needle, snapshot_normalised):
        return []
    # Say how much of it matches, so the contributor sees where it diverges.
    words = needle.split(" ")
    good = 0
    for n in range(1, len(words) + 1):
        if " ".join(words[:n]) in snapshot_normalised:
            good = n
        else:
            break
    hint = (
        f"; the article has the first {good} word(s), then differs at {words[good]!r}"
        if 0 < good < len(words)
        else ""
    )
    return [
        doc.problem(
            ("quote",),
            "quote-not-found",
            f"$.quote: not found verbatim in the article's text{hint}",
        )
    ]


def found_whole(needle: str, haystack: str) -> bool:
    """`needle` in `haystack`, not starting or ending inside a word ("ersaw the" is not a
    quote of "oversaw the")."""
    start = haystack.find(needle)
    while start >= 0:
        end = start + len(needle)
        cut_before = start > 0 and haystack[start - 1].isalnum() and needle[0].isalnum()
        cut_after = end < len(haystack) and haystack[end].isalnum() and needle[-1].isalnum()
        if not (cut_before or cut_after):
            return True
        start = haystack.find(needle, start + 1)
    return False

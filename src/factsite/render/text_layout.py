"""Fitting text into a width: wrapping, shortening with an ellipsis, paragraph direction.

Widths come from a `measure` function (text -> advance in pixels) so that these helpers know
nothing of fonts and can be tested with any measure; card.py passes one built on Pillow.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from typing import Any

from PIL import ImageFont

Measure = Callable[[str], float]
ELLIPSIS = "…"


def normalise(value: str) -> str:
    """Runs of whitespace (newlines of folded YAML included) become one space."""
    return " ".join(value.split())


def direction(value: str) -> str:
    """'rtl' or 'ltr': the direction of the first strong character (Unicode's rule P2)."""
    for ch in value:
        kind = unicodedata.bidirectional(ch)
        if kind == "L":
            return "ltr"
        if kind in ("R", "AL"):
            return "rtl"
    return "ltr"


def args(dir_: str, raqm: bool) -> dict[str, Any]:
    """Keyword arguments for Pillow's text calls in that direction.

    Without raqm Pillow can neither take a direction nor reorder right-to-left text, and the
    card would show Hebrew backwards: refuse rather than publish that.
    """
    if raqm:
        return {"direction": dir_}
    if dir_ == "rtl":
        raise RuntimeError(
            "right-to-left text on a share card needs Pillow's raqm layout, which needs the "
            "FriBiDi library: apt-get install libfribidi0"
        )
    return {}


def measurer(font: ImageFont.FreeTypeFont, dir_: str, raqm: bool) -> Measure:
    extra = args(dir_, raqm)
    return lambda value: font.getlength(value, **extra)


def _cut(word: str, measure: Measure, width: float) -> int:
    """Length of the longest prefix of `word` that fits, at least one character."""
    cut = len(word)
    while cut > 1 and measure(word[:cut]) > width:
        cut -= 1
    # never separate a combining mark (a Hebrew point, an accent) from its letter
    while 1 < cut < len(word) and unicodedata.combining(word[cut]):
        cut -= 1
    # the first letter with its marks is wider than the line: keep it whole all the same
    while cut < len(word) and unicodedata.combining(word[cut]):
        cut += 1
    return cut


def wrap(value: str, measure: Measure, width: float) -> list[str]:
    """Greedy wrapping at spaces; a word wider than the line is broken where it must be.

    Every line is a slice of `normalise(value)`, in logical order, so the first line is
    always its prefix.
    """
    lines: list[str] = []
    line = ""
    for word in normalise(value).split(" "):
        trial = f"{line} {word}" if line else word
        if measure(trial) <= width:
            line = trial
            continue
        if line:
            lines.append(line)
        while measure(word) > width:
            cut = _cut(word, measure, width)
            lines.append(word[:cut])
            word = word[cut:]
        line = word
    if line:
        lines.append(line)
    return lines


def balance(value: str, lines: list[str], measure: Measure) -> list[str]:
    """Two wrapped lines re-split at the space that makes the longer of them shortest.

    Greedy wrapping can leave one word on the second line; a headline reads better when
    its two lines are of similar length. The longer line only gets shorter, so the pair
    still fits. Lines broken inside a word are left as they are.
    """
    if len(lines) != 2 or " ".join(lines) != normalise(value):
        return lines
    words = normalise(value).split(" ")
    best = lines
    best_width = max(measure(line) for line in lines)
    for i in range(1, len(words)):
        pair = [" ".join(words[:i]), " ".join(words[i:])]
        longest = max(measure(line) for line in pair)
        if longest < best_width:
            best, best_width = pair, longest
    return best


def ellipsize(value: str, measure: Measure, width: float) -> str:
    """`value` if it fits, else its longest start that fits with an ellipsis after it.

    Whole words are dropped first; a single word too long for the line loses characters.
    """
    value = normalise(value)
    if measure(value) <= width:
        return value
    words = value.split(" ")
    while len(words) > 1 and measure(" ".join(words) + ELLIPSIS) > width:
        words.pop()
    head = " ".join(words).rstrip(" ,;:.-–—")
    if measure(head + ELLIPSIS) <= width:
        return head + ELLIPSIS
    cut = _cut(head, measure, width - measure(ELLIPSIS))
    return head[:cut] + ELLIPSIS
